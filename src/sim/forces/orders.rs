//! The orders the forces own: marching a unit and standing it down, for the faction it
//! follows. Carried out after the plots' orders of the tick, where they always were.

use super::units::{Unit, UnitState, follows};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::InstitutionId;
use crate::model::UnitId;
use crate::scenario::schema::ScenarioData;
use crate::sim::commands::{Order, Side, take_orders};
use crate::sim::people::Standing;
use crate::sim::politics::institutions::Institution;
use crate::sim::spawn::LoadedScenario;
use crate::sim::{Ids, SimTick};
use bevy::ecs::message::Messages;
use bevy::prelude::*;
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        carry_out_unit_orders
            .in_set(crate::sim::commands::OrderStep::CarryOut)
            .after(crate::sim::intrigue::orders::apply_plot_orders),
    );
}

/// An order to a unit.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitOrder {
    /// March to a region or site.
    March { unit: UnitId, to: String },
    /// Halt and go back to barracks.
    StandDown { unit: UnitId },
    /// Take a site of the capital from those holding it: a battle.
    Seize { site: String },
}

/// A stood-down unit's morale, at most: back in barracks, out of the fight.
pub const STOOD_DOWN_MORALE: f32 = 0.5;

/// Carries out the tick's unit orders, or says why not. Exclusive: a march is planned
/// over the travel graph with the world in hand (`order_march`).
pub fn carry_out_unit_orders(world: &mut World) {
    let orders = take_orders(&mut world.resource_mut::<Messages<Order<UnitOrder>>>());
    for order in orders {
        let faction = world
            .get_resource::<LoadedScenario>()
            .and_then(|d| side_faction(&d.0, &order.side));
        let result = match &order.order {
            UnitOrder::March { unit, to } => unit_follows(world, unit.as_str(), faction.as_deref())
                .and_then(|()| super::movement::order_march(world, unit.as_str(), to).map(|_| ())),
            UnitOrder::StandDown { unit } => unit_follows(world, unit.as_str(), faction.as_deref())
                .map(|()| stand_down(world, unit.as_str())),
            UnitOrder::Seize { site } => seize(world, faction.as_deref(), site),
        };
        world.write_message(order.outcome(result));
    }
}

/// The faction a side plays.
fn side_faction(data: &ScenarioData, side: &Side) -> Option<String> {
    data.side(side.as_str()).map(|s| s.faction.to_string())
}

fn stand_down(world: &mut World, unit: &str) {
    let mut q = world.query::<(&Unit, &mut UnitState)>();
    for (u, mut s) in q.iter_mut(world) {
        if u.id == unit {
            s.march = None;
            s.morale = s.morale.min(STOOD_DOWN_MORALE);
        }
    }
}

/// Whether `unit` follows `faction` now (its commander's faction, or its institution's).
pub fn unit_follows(world: &mut World, unit: &str, faction: Option<&str>) -> Result<(), String> {
    let Some(faction) = faction else {
        return Err("no faction to give orders".into());
    };
    let controllers: BTreeMap<InstitutionId, Option<FactionId>> = world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect();
    let mut q = world.query::<(&Unit, &UnitState)>();
    let (u, s) = q
        .iter(world)
        .find(|(u, _)| u.id == unit)
        .ok_or_else(|| format!("no unit `{unit}`"))?;
    let ids = world.resource::<Ids>();
    let followed = follows(
        s,
        u,
        |c| {
            ids.figures
                .get(c)
                .and_then(|e| world.get::<Standing>(*e))
                .filter(|st| st.status.can_act())
                .and_then(|st| st.faction.clone())
        },
        |i| controllers.get(i).cloned().flatten(),
    );
    if followed.as_ref().map(FactionId::as_str) == Some(faction) {
        Ok(())
    } else {
        Err(format!("`{unit}` does not follow your faction"))
    }
}

/// Why the rules would refuse to storm a site; the unit card asks the same question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SeizeRefusal {
    /// The player plays no faction.
    NoFaction,
    /// The place is not one of the capital's.
    NotInCapital,
    /// The place is a region of the capital, not a site.
    NotASite,
    /// Nobody but the side's own men stands there.
    NobodyHolds,
    /// The side has no units in the capital to storm it with.
    NoUnits,
}

impl SeizeRefusal {
    /// The refusal in words, naming the place as `place` (an id in quotes for the
    /// order's log, a name for the window).
    pub fn reason(&self, place: &str) -> String {
        match self {
            Self::NoFaction => "no faction to give orders".into(),
            Self::NotInCapital => format!("{place} is not a place of the capital"),
            Self::NotASite => format!("{place} is a region, not a site to seize"),
            Self::NobodyHolds => format!("nobody else holds {place}: march there instead"),
            Self::NoUnits => "your side has no units in the capital".into(),
        }
    }
}

/// The rule a seizure meets: the side plays a faction, the place is a site of the
/// capital, others hold it with men (`others_men`) and the side has units in the
/// capital (`own_units`). Asked in this order, so the first reason that holds is told.
pub fn seize_refusal(
    data: &ScenarioData,
    faction: Option<&str>,
    site: &str,
    others_men: u32,
    own_units: usize,
) -> Option<SeizeRefusal> {
    if faction.is_none() {
        Some(SeizeRefusal::NoFaction)
    } else if !data.scenario.capital.iter().any(|c| c == site) {
        Some(SeizeRefusal::NotInCapital)
    } else if !data.common.sites.iter().any(|s| s.id == site) {
        Some(SeizeRefusal::NotASite)
    } else if others_men == 0 {
        Some(SeizeRefusal::NobodyHolds)
    } else if own_units == 0 {
        Some(SeizeRefusal::NoUnits)
    } else {
        None
    }
}

/// The side's units in the capital storm `site` against the units of whichever other
/// faction holds it with the most men: a battle fought hour by hour, whose end is
/// chronicled like an event's (its flags `seize_SITE_won` and `_lost`).
fn seize(world: &mut World, faction: Option<&str>, site: &str) -> Result<(), String> {
    let data = world.resource::<LoadedScenario>().0.clone();
    let def = data.common.sites.iter().find(|s| s.id == site);
    let (Some(faction), Some(def)) = (faction, def) else {
        let r = seize_refusal(&data, faction, site, 1, 1).unwrap_or(SeizeRefusal::NotASite);
        return Err(r.reason(&format!("`{site}`")));
    };
    let snapshot = world.resource::<Ids>().clone();
    let standings: BTreeMap<String, Standing> = snapshot
        .figures
        .iter()
        .filter_map(|(id, e)| {
            world
                .get::<Standing>(*e)
                .map(|s| (id.to_string(), s.clone()))
        })
        .collect();
    let faction_of = |c: &str| {
        standings
            .get(c)
            .filter(|s| s.status.can_act())
            .and_then(|s| s.faction.as_ref().map(FactionId::to_string))
    };
    let here = [site.to_string()];
    // Whoever else holds the site with the most men defends it.
    let mut holders: BTreeMap<String, u32> = BTreeMap::new();
    for f in &data.common.factions {
        if f.id != faction {
            let men = super::staging::forces_at(world, f.id.as_str(), &here, faction_of)
                .iter()
                .map(|c| c.men)
                .sum::<u32>();
            if men > 0 {
                holders.insert(f.id.to_string(), men);
            }
        }
    }
    let attackers = super::staging::forces_at(world, faction, &data.scenario.capital, faction_of);
    let others_men = holders.values().sum();
    if let Some(r) = seize_refusal(&data, Some(faction), site, others_men, attackers.len()) {
        // A site outside the capital is named by its id, as the order gave it.
        let place = match r {
            SeizeRefusal::NotInCapital => format!("`{site}`"),
            _ => def.name.clone(),
        };
        return Err(r.reason(&place));
    }
    let Some(defender) = holders
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(f, _)| f.clone())
    else {
        return Err(SeizeRefusal::NobodyHolds.reason(&def.name));
    };
    let defenders = super::staging::forces_at(world, &defender, &here, faction_of);
    let side = |f: &str, units: Vec<super::battles::Combatant>, world: &mut World| {
        let commanders = unit_commanders(world, &units);
        super::battles::BattleSide {
            name: data.faction(f).map_or(f.to_string(), |x| x.name.clone()),
            faction: f.to_string(),
            commanders,
            units,
        }
    };
    let attacker = side(faction, attackers, world);
    let defender = side(&defender, defenders, world);
    let id = format!("seize_{site}");
    let figures = attacker
        .commanders
        .iter()
        .chain(&defender.commanders)
        .map(|c| c.to_string())
        .collect();
    let plan = super::staging::BattlePlan {
        id: id.clone(),
        name: def.battle.clone().unwrap_or_else(|| def.name.clone()),
        site: site.to_string(),
        encircled: false,
        start_hour: world.resource::<crate::sim::calendar::Calendar>().hour,
        attacker,
        defender,
    };
    let cause = super::under_way::BattleCause::Event {
        id,
        on_win: None,
        on_loss: None,
        figures,
    };
    super::staging::stage_battle(world, plan, cause);
    Ok(())
}

/// The commanders of the units that fight, in the units' order, each once.
fn unit_commanders(world: &mut World, units: &[super::battles::Combatant]) -> Vec<FigureId> {
    let mut q = world.query::<(&Unit, &UnitState)>();
    let mut out: Vec<FigureId> = Vec::new();
    for c in units {
        if let Some(cmd) = q
            .iter(world)
            .find(|(u, _)| u.id == c.id)
            .and_then(|(_, s)| s.commander.clone())
            && !out.contains(&cmd)
        {
            out.push(cmd);
        }
    }
    out
}
