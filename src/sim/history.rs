//! Distance from real history: the milestones of scenarios/common/history.ron, each a
//! dated fact and the condition that holds while a run follows it. On the first of each
//! month the share of due milestones that no longer hold is the run's divergence.

use super::calendar::Calendar;
use super::politics::factions::Trends;
use crate::model::Date;
use crate::scenario::schema::{MilestoneDef, ScenarioData};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use std::sync::Arc;

/// The milestones due on `date` in this scenario: dated inside its span, on or before
/// `date`, and not yet past their `until`.
pub fn due(data: &ScenarioData, date: Date) -> impl Iterator<Item = &MilestoneDef> {
    let s = &data.scenario;
    data.common.history.iter().filter(move |m| {
        m.date >= s.start && m.date <= s.end && m.date <= date && m.until.is_none_or(|u| date <= u)
    })
}

/// Each due milestone and whether the run still follows it.
pub fn check(world: &mut World) -> Vec<(Arc<ScenarioData>, String, bool)> {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return Vec::new();
    };
    let date = world.resource::<Calendar>().date;
    let list: Vec<MilestoneDef> = due(&data, date).cloned().collect();
    list.into_iter()
        .map(|m| {
            let kept = super::events::conditions::holds(world, &m.holds);
            (data.clone(), m.id, kept)
        })
        .collect()
}

/// The divergence now, 0..=100, with the ids of the milestones the run has left; `None`
/// while none is due.
pub fn divergence(world: &mut World) -> Option<(f32, Vec<String>)> {
    let checked = check(world);
    if checked.is_empty() {
        return None;
    }
    let left: Vec<String> = checked
        .iter()
        .filter(|(_, _, kept)| !kept)
        .map(|(_, id, _)| id.clone())
        .collect();
    let share = left.len() as f32 / checked.len() as f32 * 100.0;
    Some(((share * 10.0).round() / 10.0, left))
}

/// Adds the divergence to the month's trend point, when one was just recorded.
pub fn record_divergence(world: &mut World) {
    let date = world.resource::<Calendar>().date;
    let due_today = world
        .resource::<Trends>()
        .months
        .last()
        .is_some_and(|m| m.date == date && m.divergence.is_none());
    if !due_today {
        return;
    }
    if let Some((d, _)) = divergence(world)
        && let Some(m) = world.resource_mut::<Trends>().months.last_mut()
    {
        m.divergence = Some(d);
    }
}
