//! The orders the forces own: marching a unit and standing it down, for the faction it
//! follows. Carried out after the plots' orders of the tick, where they always were.

use super::units::{Unit, UnitState, follows};
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
    March { unit: String, to: String },
    /// Halt and go back to barracks.
    StandDown { unit: String },
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
            UnitOrder::March { unit, to } => unit_follows(world, unit, faction.as_deref())
                .and_then(|()| super::movement::order_march(world, unit, to).map(|_| ())),
            UnitOrder::StandDown { unit } => {
                unit_follows(world, unit, faction.as_deref()).map(|()| stand_down(world, unit))
            }
        };
        world.write_message(order.outcome(result));
    }
}

/// The faction a side plays.
fn side_faction(data: &ScenarioData, side: &Side) -> Option<String> {
    data.scenario
        .sides
        .iter()
        .find(|s| s.id == side.as_str())
        .map(|s| s.faction.clone())
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
    let controllers: BTreeMap<String, Option<String>> = world
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
    if followed.as_deref() == Some(faction) {
        Ok(())
    } else {
        Err(format!("`{unit}` does not follow your faction"))
    }
}
