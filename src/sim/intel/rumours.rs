//! Rumours: now and then a side is told of a threat that is not there. It cannot tell
//! them from the truth; their sources are the weak ones.

use super::IntelAlert;
use super::ThreatKind;
use super::watch::{Seen, guess_days, left_words};
use crate::model::FactionId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::sim::intrigue::plots::PlotState;
use crate::sim::people::{Figure, Standing};
use rand::RngExt;
use rand::seq::IndexedRandom;

/// Now and then a side hears of a threat that is not there: a plot that does not exist
/// against its leader, or a list its man is not on. The blinder the side, the likelier.
pub(super) fn rumour(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    rules: bool,
    i: f32,
    counter: &mut u32,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Option<IntelAlert> {
    if !rng.random_bool(f64::from(0.005 + 0.03 * (1.0 - i))) {
        return None;
    }
    let date = w.calendar.date;
    let c = &data.common.chronicle;
    let mut people: Vec<(&Figure, &Standing)> = w
        .figures
        .iter()
        .filter(|(_, s)| s.status.can_act() && s.faction.is_some())
        .collect();
    people.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let src = if rng.random_bool(0.5) {
        c.sentence(Line::SourceGossip, &[])
    } else {
        c.sentence(Line::SourceApparatus, &[])
    };
    if rules {
        let plotting: Vec<&str> = w
            .plots
            .iter()
            .filter(|p| p.state == PlotState::Active)
            .flat_map(|p| {
                std::iter::once(p.organiser.as_str()).chain(p.members.iter().map(|m| m.as_str()))
            })
            .collect();
        let pool: Vec<&(&Figure, &Standing)> = people
            .iter()
            .filter(|(f, s)| {
                s.faction.as_ref().map(FactionId::as_str) != Some(faction)
                    && !plotting.contains(&f.id.as_str())
                    && data
                        .figure(f.id.as_str())
                        .is_some_and(|d| d.skills.political >= 5)
            })
            .collect();
        let (f, _) = pool.choose(rng)?;
        *counter += 1;
        let days = rng.random_range(30.0..200.0_f32);
        let guess = guess_days(days, i, rng.random::<f32>());
        let leader = w.ruler.figure.clone().unwrap_or_default();
        let members = format!("{}", rng.random_range(2..7));
        let text = c.sentence(
            Line::IntelPlot,
            &[
                ("source", &src),
                ("organiser", &f.name),
                ("leader", &w.name(leader.as_str())),
                ("members", &members),
                ("left", &left_words(data, guess)),
            ],
        );
        Some(IntelAlert {
            date,
            kind: ThreatKind::Plot,
            subject: f.id.to_string(),
            plot: Some(format!("rumour_{counter}")),
            also: Vec::new(),
            truth: false,
            firm: false,
            source: src,
            days_left: Some(guess),
            text,
        })
    } else {
        let pool: Vec<&(&Figure, &Standing)> = people
            .iter()
            .filter(|(f, s)| {
                s.faction.as_ref().map(FactionId::as_str) == Some(faction)
                    && w.suspicion.0.get(f.id.as_str()).copied().unwrap_or(0.0) < 25.0
            })
            .collect();
        let (f, _) = pool.choose(rng)?;
        *counter += 1;
        let guess = guess_days(rng.random_range(20.0..90.0_f32), i, rng.random::<f32>());
        let text = c.sentence(
            Line::IntelArrestList,
            &[
                ("source", &src),
                ("figure", &f.name),
                ("left", &left_words(data, guess)),
            ],
        );
        Some(IntelAlert {
            date,
            kind: ThreatKind::ArrestList,
            subject: f.id.to_string(),
            plot: None,
            also: Vec::new(),
            truth: false,
            firm: false,
            source: src,
            days_left: Some(guess),
            text,
        })
    }
}
