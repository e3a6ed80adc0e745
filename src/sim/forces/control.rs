//! Which faction holds each region, month by month: the faction most of the armed men
//! standing there follow (as the map's control mode shows it). Kept beside the run, out
//! of its snapshot and its hash, and only read from the world: it draws nothing from the
//! RNG and changes no history. The article's maps are drawn from it; a save carries it,
//! so a loaded run's maps start where the run did.

use crate::model::Date;
use crate::sim::calendar::Calendar;
use crate::sim::forces::units::{Unit, UnitState, unit_faction};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use crate::sim::spawn::RunResource;
use crate::sim::{Ids, SimSet, SimTick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Records the control of the regions on the first of each month of a run.
pub fn plugin(app: &mut App) {
    app.init_run_resource::<ControlRecord>()
        .add_systems(SimTick, record_control.after(SimSet::Chronicle));
}

/// Region id → the faction holding it; regions where nobody stands are left out.
pub type ControlMap = BTreeMap<String, String>;

/// The control of the regions, each time it changed from the month before.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ControlRecord {
    pub moments: Vec<(Date, ControlMap)>,
}

impl ControlRecord {
    pub fn is_empty(&self) -> bool {
        self.moments.is_empty()
    }

    /// The control as it stood on `date` (the latest record on or before it).
    pub fn at(&self, date: Date) -> Option<&ControlMap> {
        self.moments
            .iter()
            .rev()
            .find(|(d, _)| *d <= date)
            .map(|(_, m)| m)
    }
}

fn record_control(
    calendar: Res<Calendar>,
    ids: Option<Res<Ids>>,
    units: Query<(&Unit, &UnitState)>,
    figures: Query<(&Figure, &Standing)>,
    institutions: Query<&Institution>,
    mut record: ResMut<ControlRecord>,
) {
    if calendar.date.day != 1 && !record.moments.is_empty() {
        return;
    }
    if record
        .moments
        .last()
        .is_some_and(|(d, _)| *d == calendar.date)
    {
        return;
    }
    let Some(ids) = ids else {
        return;
    };
    let map = crate::scenario::map::shared_map();
    let region_of = |location: &str| {
        map.as_ref()
            .and_then(|m| m.sites.iter().find(|s| s.id == location))
            .map_or_else(|| location.to_string(), |s| s.region.clone())
    };
    let controller = |inst: &str| {
        institutions
            .iter()
            .find(|i| i.id == inst)
            .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
    };
    let mut men: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut sorted: Vec<(&Unit, &UnitState)> = units.iter().collect();
    sorted.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (u, s) in sorted {
        if let Some(f) = unit_faction(s, u, &ids, &figures, controller) {
            *men.entry(region_of(&s.location))
                .or_default()
                .entry(f)
                .or_default() += s.men;
        }
    }
    let now: ControlMap = men
        .into_iter()
        .filter_map(|(region, by)| {
            // The most men; on a tie, the first faction by id, so the map is stable.
            let top = by
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(f, _)| f.clone())?;
            Some((region, top))
        })
        .collect();
    if record.moments.last().is_none_or(|(_, m)| *m != now) {
        record.moments.push((calendar.date, now));
    }
}
