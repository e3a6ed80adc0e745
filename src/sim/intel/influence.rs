//! Favours: the currency of winning men over. A side earns them monthly from the offices
//! its men hold (patronage: jobs, flats, dachas to hand out); a figure who took one owes
//! the side and votes with it at a plenum; one the side threatened votes with it too,
//! but would join a plot against it.

use super::Intel;
use crate::model::FactionId;
use crate::scenario::ScenarioData;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::people::Standing;
use crate::sim::politics::institutions::Office;
use crate::sim::politics::ruler::Ruler;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;

/// The most favours a side can hold.
pub const MAX_FAVOURS: u32 = 12;
/// Loyalty a debt adds to a figure's vote, per favour owed (at most two counted).
pub const DEBT_WEIGHT: f32 = 20.0;
/// Loyalty fear adds to the vote of a man the side has threatened.
pub const THREAT_WEIGHT: f32 = 10.0;

/// Favours a side earns in a month: one, one more per three offices of weight its free
/// men hold, and one more while it rules.
pub fn monthly_income(faction: &str, offices: &[(&Office, Vec<&Standing>)], rules: bool) -> u32 {
    let weighty = offices
        .iter()
        .filter(|(o, _)| o.power >= 3.0)
        .map(|(_, holders)| {
            holders
                .iter()
                .filter(|s| {
                    s.status.can_act() && s.faction.as_ref().map(FactionId::as_str) == Some(faction)
                })
                .count()
        })
        .sum::<usize>() as u32;
    1 + weighty / 3 + u32::from(rules)
}

/// On the first of each month, each side's favours.
pub fn monthly_favours(
    calendar: Res<Calendar>,
    data: Option<Res<LoadedScenario>>,
    ruler: Res<Ruler>,
    ids: Res<Ids>,
    offices: Query<&Office>,
    standings: Query<&Standing>,
    mut intel: ResMut<Intel>,
) {
    if calendar.date.day != 1 || calendar.hour != 0 {
        return;
    }
    let Some(data) = data else { return };
    let held: Vec<(&Office, Vec<&Standing>)> = offices
        .iter()
        .map(|o| {
            let holders = o
                .holders
                .iter()
                .filter_map(|h| ids.figures.get(h).and_then(|e| standings.get(*e).ok()))
                .collect();
            (o, holders)
        })
        .collect();
    for side in &data.0.scenario.sides {
        let rules = ruler.faction.as_ref().map(FactionId::as_str) == Some(side.faction.as_str());
        let income = monthly_income(side.faction.as_str(), &held, rules);
        let s = intel.side_mut(side.id.as_str());
        s.favours = (s.favours + income).min(MAX_FAVOURS);
    }
}

/// What a figure's debts and fears add to his loyalty to `faction` when he votes: the
/// favours he owes its sides, and their threats.
pub fn vote_lean(intel: &Intel, data: &ScenarioData, figure: &str, faction: &str) -> f32 {
    data.scenario
        .sides
        .iter()
        .filter(|s| s.faction == faction)
        .filter_map(|s| intel.side(s.id.as_str()))
        .map(|s| {
            let owed = s.owed.get(figure).copied().unwrap_or(0).min(2) as f32;
            owed * DEBT_WEIGHT
                + if s.threatened.contains(figure) {
                    THREAT_WEIGHT
                } else {
                    0.0
                }
        })
        .sum()
}

/// Whether a side of `faction` has threatened `figure`: he would gladly see it fall.
pub fn holds_grudge(intel: &Intel, data: &ScenarioData, figure: &str, faction: &str) -> bool {
    data.scenario
        .sides
        .iter()
        .filter(|s| s.faction == faction)
        .filter_map(|s| intel.side(s.id.as_str()))
        .any(|s| s.threatened.contains(figure))
}
