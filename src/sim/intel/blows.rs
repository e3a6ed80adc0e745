//! The blows struck against each side, each with the warning it had: a plot that struck
//! its leader, one of its men arrested, exiled or killed.

use super::{Blow, BlowKind, Intel, WARNING_DAYS};
use crate::model::FactionId;
use crate::model::FigureStatus;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::intrigue::plots::{Plot, PlotGoal, PlotState};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::ruler::Ruler;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;

/// Plots that struck this tick, against the side that ruled when they did (run before
/// the ruler is derived anew).
pub fn note_strikes(
    plots: Query<&Plot, Changed<Plot>>,
    ruler: Res<Ruler>,
    calendar: Res<Calendar>,
    (data, chronicle): (Option<Res<LoadedScenario>>, Res<Chronicle>),
    mut intel: ResMut<Intel>,
) {
    let Some(data) = data else { return };
    let mut struck: Vec<&Plot> = plots
        .iter()
        .filter(|p| p.state == PlotState::Struck && !intel.struck.contains(&p.id))
        .collect();
    if struck.is_empty() {
        return;
    }
    struck.sort_by(|a, b| a.id.cmp(&b.id));
    let date = calendar.date;
    for p in struck {
        intel.struck.insert(p.id.clone());
        let kind = match p.goal {
            PlotGoal::RemoveLeader => BlowKind::Plenum,
            PlotGoal::Coup => BlowKind::Coup,
        };
        for side in &data.0.scenario.sides {
            if ruler.faction.as_ref().map(FactionId::as_str) != Some(side.faction.as_str()) {
                continue;
            }
            let s = intel.side_mut(side.id.as_str());
            let warned = s.warned(&p.id, date, WARNING_DAYS);
            let intelligence = s.intelligence;
            s.blows.push(Blow {
                date,
                kind,
                subject: p.id.clone(),
                warned,
                what: said(&chronicle, date, p.organiser.as_str()),
                intelligence,
            });
        }
    }
}

/// A falls that is a blow: arrest, the camps, exile, a bullet. Not a natural death.
fn is_fall(s: FigureStatus) -> bool {
    matches!(
        s,
        FigureStatus::Arrested
            | FigureStatus::Imprisoned
            | FigureStatus::Exiled
            | FigureStatus::Abroad
            | FigureStatus::Executed
            | FigureStatus::Killed
            | FigureStatus::Suicide
    )
}

/// The side's men who fell since the last look; on the run's first look, those already
/// down are no blow of this run's.
pub fn note_falls(
    figures: Query<(&Figure, &Standing), Changed<Standing>>,
    all: Query<(&Figure, &Standing)>,
    calendar: Res<Calendar>,
    (data, chronicle): (Option<Res<LoadedScenario>>, Res<Chronicle>),
    mut intel: ResMut<Intel>,
) {
    let Some(data) = data else { return };
    if !intel.opened {
        intel.opened = true;
        let down: Vec<String> = all
            .iter()
            .filter(|(_, s)| !s.status.can_act())
            .map(|(f, _)| f.id.to_string())
            .collect();
        intel.fallen.extend(down);
        return;
    }
    let mut changed: Vec<(&Figure, &Standing)> = figures.iter().collect();
    if changed.is_empty() {
        return;
    }
    changed.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let date = calendar.date;
    for (f, s) in changed {
        if s.status.can_act() {
            intel.fallen.remove(f.id.as_str());
            continue;
        }
        if intel.fallen.contains(f.id.as_str()) {
            continue;
        }
        intel.fallen.insert(f.id.to_string());
        if !is_fall(s.status) {
            continue;
        }
        for side in &data.0.scenario.sides {
            if s.faction.as_ref().map(FactionId::as_str) != Some(side.faction.as_str()) {
                continue;
            }
            let side = intel.side_mut(side.id.as_str());
            // The arrests that follow a plot's strike are its aftermath: warned if the
            // strike was.
            let aftermath = side
                .blows
                .iter()
                .rev()
                .find(|b| b.kind != BlowKind::Arrest && b.date.days_until(date) <= 3)
                .and_then(|b| b.warned);
            let warned = side.warned(f.id.as_str(), date, WARNING_DAYS).or(aftermath);
            let intelligence = side.intelligence;
            side.blows.push(Blow {
                date,
                kind: BlowKind::Arrest,
                subject: f.id.to_string(),
                warned,
                what: said(&chronicle, date, f.id.as_str()),
                intelligence,
            });
        }
    }
}

/// The chronicle's latest line of `date` about `who`.
fn said(chronicle: &Chronicle, date: crate::model::Date, who: &str) -> String {
    chronicle
        .entries
        .iter()
        .rev()
        .take_while(|e| e.date >= date)
        .find(|e| e.actors.iter().any(|a| a == who))
        .map(|e| e.text.clone())
        .unwrap_or_default()
}

/// A side's blows and the share that came after a true warning at least a week before.
pub fn warned_share(blows: &[Blow]) -> (usize, usize) {
    (
        blows.iter().filter(|b| b.warned.is_some()).count(),
        blows.len(),
    )
}
