//! The security police: who controls it, who heads it, how far it sees, whether it obeys.

use super::week::Day;
use crate::model::FactionId;
use crate::sim::Ids;
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;

/// The faction controlling the police institution.
pub fn police_controller(world: &mut World) -> Option<String> {
    let police = world
        .get_resource::<LoadedScenario>()?
        .0
        .scenario
        .police
        .clone()?;
    let e = *world.get_resource::<Ids>()?.institutions.get(&police)?;
    world
        .get::<Institution>(e)
        .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
}

/// Everyone holding an office of the scenario's police institution.
pub fn police_chiefs(world: &mut World) -> Vec<String> {
    let police = world
        .get_resource::<LoadedScenario>()
        .and_then(|s| s.0.scenario.police.clone());
    let Some(police) = police else {
        return Vec::new();
    };
    let mut chiefs: Vec<(String, String)> = world
        .query::<&Office>()
        .iter(world)
        .filter(|o| o.institution == police)
        .flat_map(|o| {
            o.holders
                .iter()
                .map(move |h| (o.key.to_string(), h.to_string()))
        })
        .collect();
    chiefs.sort();
    chiefs.into_iter().map(|(_, h)| h).collect()
}

/// The security police's reach, 0..=1: its chief's skill and loyalty to the leader.
pub(super) fn police_reach(world: &mut World, day: &Day) -> f32 {
    let chiefs = police_chiefs(world);
    let best = chiefs
        .iter()
        .filter_map(|c| day.get(c))
        .filter(|p| p.s.status.can_act())
        .map(|p| {
            let loyal = if p.s.faction.as_ref().map(FactionId::as_str)
                == Some(day.leader_faction.as_str())
            {
                1.0
            } else {
                0.3
            };
            p.security / 10.0 * loyal
        })
        .fold(0.0, f32::max);
    // A police force purged of its own officers sees less.
    let police = world
        .get_resource::<LoadedScenario>()
        .and_then(|d| d.0.scenario.police.clone());
    let competence = police
        .and_then(|p| world.get_resource::<Ids>()?.institutions.get(&p).copied())
        .and_then(|e| world.get::<Institution>(e))
        .map_or(1.0, |i| i.competence);
    (best * competence).clamp(0.05, 1.0)
}

/// Whether the police will arrest on the leader's word: their chief is his man.
pub(super) fn police_obey(world: &mut World, day: &Day) -> bool {
    police_chiefs(world)
        .iter()
        .filter_map(|c| day.get(c))
        .any(|p| {
            // His own man, or an ally who owes him more than anyone else.
            p.s.status.can_act()
                && (p.s.faction.as_ref().map(FactionId::as_str)
                    == Some(day.leader_faction.as_str())
                    || day.loyalty(&p.id, &day.leader_faction) >= ALLIED_CHIEF_LOYALTY)
        })
}

/// Loyalty to the ruler's faction at which a police chief of another faction obeys him.
pub(super) const ALLIED_CHIEF_LOYALTY: f32 = 60.0;
