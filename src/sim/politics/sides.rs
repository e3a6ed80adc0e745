//! Which sides are still in the game: a side whose faction has nobody left free to act
//! (all dead, in the cells, in the camps or abroad) can decide nothing more. The window
//! tells its player, and the measure of a side's long game stops there.

use crate::model::Date;
use crate::model::FactionId;
use crate::model::SideId;
use crate::sim::calendar::{Calendar, on_new_day};
use crate::sim::people::Standing;
use crate::sim::spawn::{LoadedScenario, RunResource};
use crate::sim::{SimSet, SimTick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<SideFates>().add_systems(
        SimTick,
        record_broken_sides
            .in_set(SimSet::Factions)
            .run_if(on_new_day),
    );
}

/// The sides broken now, with the day each was broken. A side whose man is freed again
/// is back in the game.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SideFates {
    pub broken: BTreeMap<SideId, Date>,
}

impl SideFates {
    pub fn broken_since(&self, side: &str) -> Option<Date> {
        self.broken.get(side).copied()
    }
}

fn record_broken_sides(
    data: Option<Res<LoadedScenario>>,
    calendar: Res<Calendar>,
    figures: Query<&Standing>,
    changed: Query<(), Changed<Standing>>,
    mut started: Local<bool>,
    mut fates: ResMut<SideFates>,
) {
    let Some(data) = data else {
        return;
    };
    // Who is free changes only with a standing: most days there is nothing to look at.
    // (A new run resets the fates and spawns new standings, which count as changed.)
    if *started && changed.is_empty() {
        return;
    }
    *started = true;
    let free: BTreeSet<&str> = figures
        .iter()
        .filter(|s| s.status.can_act())
        .filter_map(|s| s.faction.as_ref().map(FactionId::as_str))
        .collect();
    for side in &data.0.scenario.sides {
        if free.contains(side.faction.as_str()) {
            if fates.broken.contains_key(&side.id) {
                fates.broken.remove(&side.id);
            }
        } else if !fates.broken.contains_key(&side.id) {
            fates.broken.insert(side.id.clone(), calendar.date);
        }
    }
}
