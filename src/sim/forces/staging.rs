//! Battles staged in the world: the forces a faction has at a place, the losses a
//! battle leaves, and the record of battles fought.

use super::battles::{BattleReport, BattleSetup, BattleSide, Combatant, Fight};
use super::under_way::{BattleCause, begin};
use super::units::{Unit, UnitState, follows};
use crate::model::Date;
use crate::model::{FactionId, InstitutionId, UnitId};
use crate::sim::politics::institutions::Institution;
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
    let controllers: BTreeMap<InstitutionId, Option<FactionId>> = world
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
                controllers
                    .get(i)
                    .cloned()
                    .flatten()
                    .map(FactionId::into_string)
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
    let outcomes: BTreeMap<UnitId, u32> = report
        .attacker
        .units
        .iter()
        .chain(report.defender.units.iter())
        .map(|u| (u.id.clone(), u.survivors))
        .collect();
    let tanks: BTreeMap<UnitId, u32> = report
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

/// The ground of a battle at a place the data does not describe: the coups' rule, for
/// every battle staged in the world.
const NO_SITE_DEFENCES: f32 = 1.5;
const NO_SITE_FRONTAGE_MEN: u32 = 20_000;
const NO_SITE_FRONTAGE_TANKS: u32 = 400;
/// The longest a battle staged in the world lasts: one day's fighting.
const STAGED_MAX_HOURS: u32 = 24;

/// A battle to fight in the world: who, where, and when it begins.
pub struct BattlePlan {
    pub id: String,
    pub name: String,
    /// A site id; its defences and frontage come from the data.
    pub site: String,
    pub encircled: bool,
    pub start_hour: u8,
    pub attacker: BattleSide,
    pub defender: BattleSide,
}

/// What came of a battle staged in the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Staged {
    /// No unit answered the call to attack: nothing fought, the attack fails.
    NoAttack,
    /// Nobody defends the place: it falls without a fight.
    Undefended,
    /// The battle is under way; its cause hears of the end through `BattleEnded`.
    Begun,
}

/// Stages a battle, the one way for coups and events alike: the ground from the site's
/// data (or the defaults above), then the battle under way, fought hour by hour in the
/// world's time (see `under_way`), its losses taken off the units and recorded when it
/// ends.
pub fn stage_battle(world: &mut World, plan: BattlePlan, cause: BattleCause) -> Staged {
    if plan.attacker.units.is_empty() {
        return Staged::NoAttack;
    }
    if plan.defender.units.is_empty() {
        return Staged::Undefended;
    }
    let data = world.resource::<LoadedScenario>().0.clone();
    let site = data.common.sites.iter().find(|s| s.id == plan.site);
    let setup = BattleSetup {
        id: plan.id,
        name: plan.name,
        defences: site.map_or(NO_SITE_DEFENCES, |s| s.defences),
        frontage_men: site.map_or(NO_SITE_FRONTAGE_MEN, |s| s.frontage_men),
        frontage_tanks: site.map_or(NO_SITE_FRONTAGE_TANKS, |s| s.frontage_tanks),
        site: plan.site,
        encircled: plan.encircled,
        start_hour: plan.start_hour.min(23),
        max_hours: STAGED_MAX_HOURS,
        attacker: plan.attacker,
        defender: plan.defender,
    };
    begin(world, Fight::new(&setup), cause);
    Staged::Begun
}
