//! The conditions an event, a victory or a milestone asks of the world.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::SideId;
use crate::scenario::events::Condition;
use crate::sim::forces::units::{Region, Unit, UnitState};
use crate::sim::intrigue::paranoia::Paranoia;
use crate::sim::intrigue::plots::Plot;
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::congress::CongressVote;
use crate::sim::politics::factions::{Faction, FactionPower};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::{Ids, RunInfo};
use bevy::prelude::*;
use std::collections::BTreeMap;

use super::*;
use crate::sim::politics::ruler::Ruler;

pub(super) fn standing<'w>(world: &'w World, id: &str) -> Option<&'w Standing> {
    let e = world.resource::<Ids>().figures.get(id)?;
    world.get::<Standing>(*e)
}

fn holders(world: &World, office: &str) -> Vec<FigureId> {
    world
        .resource::<Ids>()
        .offices
        .get(office)
        .and_then(|e| world.get::<Office>(*e))
        .map(|o| o.holders.clone())
        .unwrap_or_default()
}

/// The faction of whoever rules, as it stands now (an event may just have moved him).
pub(super) fn ruling_faction(world: &World) -> Option<String> {
    let ruler = world.resource::<Ruler>().figure.clone()?;
    standing(world, ruler.as_str())?
        .faction
        .as_ref()
        .map(FactionId::to_string)
}

/// The side whose faction rules: a scenario's side ids need not be its factions' ids
/// (ryutin_1932's `leader` plays the stalinists). With no side of that faction, the
/// faction's own id, which no side answers to.
pub(super) fn ruling_side(world: &World) -> Option<SideId> {
    let faction = ruling_faction(world)?;
    let side = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()
        .and_then(|d| {
            d.0.scenario
                .sides
                .iter()
                .find(|s| s.faction == faction)
                .map(|s| s.id.clone())
        });
    Some(side.unwrap_or_else(|| SideId::from(faction)))
}

/// The side whose faction controls the scenario's army institution, if a side's does.
pub(super) fn army_side(world: &World) -> Option<SideId> {
    let data = &world.get_resource::<crate::sim::spawn::LoadedScenario>()?.0;
    let army = data.scenario.army.as_ref()?;
    let e = world.resource::<Ids>().institutions.get(army)?;
    let faction = world.get::<Institution>(*e)?.controller.as_ref()?;
    data.scenario
        .sides
        .iter()
        .find(|s| &s.faction == faction)
        .map(|s| s.id.clone())
}

/// Whether a condition holds now.
pub fn holds(world: &mut World, c: &Condition) -> bool {
    use Condition::*;
    match c {
        All(v) => v.iter().all(|c| holds(world, c)),
        Any(v) => v.iter().any(|c| holds(world, c)),
        Not(c) => !holds(world, c),
        Flag(f) => world.resource::<EventState>().flags.contains(f),
        Fired(e) => world.resource::<EventState>().fired.contains_key(e),
        Free(f) => standing(world, f).is_some_and(|s| s.status.can_act()),
        Status { figure, status } => standing(world, figure).is_some_and(|s| s.status == *status),
        Dead(f) => standing(world, f).is_some_and(|s| s.status.is_dead()),
        HoldsOffice { figure, office } => holders(world, office).iter().any(|h| h == figure),
        Rules(f) => world.resource::<Ruler>().is(f),
        // Who rules from the Ruler; his faction as it stands now, for an event may just
        // have moved him.
        RulerFaction(faction) => ruling_faction(world).as_deref() == Some(faction),
        InFaction { figure, faction } => standing(world, figure)
            .is_some_and(|s| s.faction.as_ref().map(FactionId::as_str) == Some(faction)),
        Controls {
            faction,
            institution,
        } => world
            .resource::<Ids>()
            .institutions
            .get(institution)
            .and_then(|e| world.get::<Institution>(*e))
            .is_some_and(|i| i.controller.as_ref().is_some_and(|c| c == faction)),
        LoyaltyAbove {
            figure,
            faction,
            value,
        } => standing(world, figure)
            .is_some_and(|s| s.loyalty.get(faction).copied().unwrap_or(0.0) > *value),
        PopularityAbove { figure, value } => {
            standing(world, figure).is_some_and(|s| s.popularity > *value)
        }
        ParanoiaAbove(v) => world.resource::<Paranoia>().value > *v,
        PowerAbove { faction, share } => {
            let powers: Vec<(String, f32)> = world
                .query::<(&Faction, &FactionPower)>()
                .iter(world)
                .map(|(f, p)| (f.id.to_string(), p.0.total.max(0.0)))
                .collect();
            let total: f32 = powers.iter().map(|p| p.1).sum();
            let mine = powers.iter().find(|p| &p.0 == faction).map_or(0.0, |p| p.1);
            total > 0.0 && mine / total > *share
        }
        UnrestAbove { region, value } => world
            .query::<&Region>()
            .iter(world)
            .any(|r| &r.id == region && r.unrest > *value),
        PlayerSide(s) => world
            .resource::<RunInfo>()
            .player_side
            .as_ref()
            .is_some_and(|p| p == s),
        MostRejected(f) => world.resource::<CongressVote>().most_against.as_deref() == Some(f),
        FewestRejected(f) => world.resource::<CongressVote>().fewest_against.as_deref() == Some(f),
        Offer(state) => world.resource::<CongressVote>().offer.as_deref() == Some(state),
        ArrestsAtLeast(n) => world.resource::<PurgeRecord>().arrests >= *n,
        ExecutionsAtLeast(n) => world.resource::<PurgeRecord>().executions >= *n,
        UnitAt { unit, place } => world
            .query::<(&Unit, &UnitState)>()
            .iter(world)
            .any(|(u, s)| &u.id == unit && &s.location == place),
        UnitBound { unit, place } => {
            world
                .query::<(&Unit, &UnitState)>()
                .iter(world)
                .any(|(u, s)| {
                    &u.id == unit
                        && match &s.march {
                            Some(m) => &m.to == place,
                            None => &s.location == place,
                        }
                })
        }
        MenAt {
            faction,
            places,
            men,
        } => {
            let factions = free_factions(world);
            let have: u32 = crate::sim::forces::staging::forces_at(world, faction, places, |c| {
                factions.get(c).cloned()
            })
            .iter()
            .map(|c| c.men)
            .sum();
            have >= *men
        }
        Month(months) => months.contains(&world.resource::<Calendar>().date.month),
        QuantityAbove { quantity, value } => world
            .get_resource::<crate::sim::country::Country>()
            .and_then(|c| c.value(quantity))
            .is_some_and(|v| v > *value),
        Front { axis, km } => world
            .get_resource::<crate::sim::reckoning::War>()
            .and_then(|w| w.0.as_ref())
            .and_then(|r| {
                r.front
                    .get(axis)
                    .map(|line| line.last().copied().unwrap_or(0.0))
            })
            .is_some_and(|at| at >= *km),
        Fallen(place) => world
            .get_resource::<crate::sim::reckoning::War>()
            .and_then(|w| w.0.as_ref())
            .is_some_and(|r| r.places.iter().any(|p| p.id == *place && p.fell.is_some())),
        FreeMembers { faction, at_least } => {
            let free = free_factions(world);
            free.values().filter(|f| *f == faction).count() >= *at_least as usize
        }
        PlotBy(faction) => {
            let organisers: Vec<String> = world
                .query::<&Plot>()
                .iter(world)
                .filter(|p| p.state == crate::sim::intrigue::plots::PlotState::Active)
                .map(|p| p.organiser.to_string())
                .collect();
            organisers.iter().any(|o| {
                standing(world, o)
                    .is_some_and(|s| s.faction.as_ref().map(FactionId::as_str) == Some(faction))
            })
        }
    }
}

/// The faction of every figure who can act, by id.
pub(super) fn free_factions(world: &mut World) -> BTreeMap<String, String> {
    world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .filter(|(_, s)| s.status.can_act())
        .filter_map(|(f, s)| Some((f.id.to_string(), s.faction.as_ref()?.to_string())))
        .collect()
}
