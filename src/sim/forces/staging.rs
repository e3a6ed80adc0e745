//! Battles staged in the world: the forces a faction has at a place, the losses a
//! battle leaves, and the record of battles fought.

use super::battles::{BattleReport, Combatant};
use super::units::{Unit, UnitState, follows};
use crate::model::Date;
use crate::sim::institutions::Institution;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Battles fought, in order.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Battles(pub Vec<(Date, BattleReport)>);

/// The units at `places` that follow `faction`: their commander's faction (as
/// `commander_faction` tells it) or, with none, their institution's controller.
pub(crate) fn forces_at(
    world: &mut World,
    faction: &str,
    places: &[String],
    commander_faction: impl Fn(&str) -> Option<String>,
) -> Vec<Combatant> {
    let data = world.resource::<LoadedScenario>().0.clone();
    let controllers: BTreeMap<String, Option<String>> = world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect();
    let mut units: Vec<(Unit, UnitState)> = world
        .query::<(&Unit, &UnitState)>()
        .iter(world)
        .map(|(u, s)| (u.clone(), s.clone()))
        .collect();
    units.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    units
        .into_iter()
        .filter(|(_, s)| places.contains(&s.location) && s.men > 0)
        .filter(|(u, s)| {
            follows(s, u, &commander_faction, |i| {
                controllers.get(i).cloned().flatten()
            })
            .as_deref()
                == Some(faction)
        })
        .filter_map(|(u, s)| {
            let kind = data
                .common
                .unit_types
                .iter()
                .find(|t| t.id == u.kind)?
                .clone();
            Some(Combatant {
                id: u.id,
                name: u.name,
                kind,
                men: s.men,
                tanks: s.tanks,
                supply: s.supply,
                quality: Some(s.quality),
                morale: Some(s.morale),
            })
        })
        .collect()
}

/// Takes a battle's losses off the units that fought it.
pub(crate) fn apply_losses(world: &mut World, report: &BattleReport) {
    let outcomes: BTreeMap<String, u32> = report
        .attacker
        .units
        .iter()
        .chain(report.defender.units.iter())
        .map(|u| (u.id.clone(), u.survivors))
        .collect();
    let tanks: BTreeMap<String, u32> = report
        .attacker
        .units
        .iter()
        .chain(report.defender.units.iter())
        .map(|u| {
            (
                u.id.clone(),
                u.tanks - u.losses.tanks_destroyed - u.losses.tanks_captured,
            )
        })
        .collect();
    let mut q = world.query::<(&Unit, &mut UnitState)>();
    for (u, mut s) in q.iter_mut(world) {
        if let (Some(men), Some(t)) = (outcomes.get(&u.id), tanks.get(&u.id)) {
            s.men = *men;
            s.tanks = *t;
        }
    }
}
