//! Institutions and their offices: who sits where, and which faction that gives control.

use super::people::{Figure, Standing};
use super::{Ids, SimSet, SimTick};
use bevy::prelude::*;
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        (
            vacate_offices_of_the_fallen,
            relieve_fallen_commanders,
            update_control,
        )
            .chain()
            .in_set(SimSet::Institutions),
    );
}

/// A commander who is arrested, imprisoned or dead commands nothing.
pub fn relieve_fallen_commanders(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    mut units: Query<&mut super::forces::UnitState>,
) {
    for mut u in &mut units {
        let fallen = u.commander.as_ref().is_some_and(|c| {
            !ids.figures
                .get(c)
                .and_then(|e| figures.get(*e).ok())
                .is_some_and(|s| s.status.can_act())
        });
        if fallen {
            u.commander = None;
        }
    }
}

#[derive(Component, Clone, Debug)]
pub struct Institution {
    pub id: String,
    pub name: String,
    /// The faction holding the head office, or the most seats when none is headed.
    pub controller: Option<String>,
}

/// One office with its holders, by figure id (stable across saves).
#[derive(Component, Clone, Debug)]
pub struct Office {
    /// `institution.office`.
    pub key: String,
    pub institution: String,
    pub name: String,
    pub seats: u32,
    pub power: f32,
    pub head: bool,
    pub holders: Vec<String>,
}

/// Nobody arrested, imprisoned or dead keeps an office.
pub fn vacate_offices_of_the_fallen(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    mut offices: Query<&mut Office>,
) {
    let can_act = |h: &String| {
        ids.figures
            .get(h)
            .and_then(|e| figures.get(*e).ok())
            .is_some_and(|s| s.status.can_act())
    };
    for mut office in &mut offices {
        // Look before touching: most days nobody falls, and nothing is allocated.
        if office.holders.iter().all(can_act) {
            continue;
        }
        office.holders.retain(|h| can_act(h));
    }
}

pub fn update_control(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    offices: Query<&Office>,
    mut institutions: Query<&mut Institution>,
) {
    // Borrowed ids throughout: this runs every tick and must not allocate per seat.
    let faction_of = |fig: &str| -> Option<&str> {
        ids.figures
            .get(fig)
            .and_then(|e| figures.get(*e).ok())
            .and_then(|s| s.faction.as_deref())
    };
    let mut heads: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seats: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for o in &offices {
        for h in &o.holders {
            if let Some(f) = faction_of(h) {
                *seats
                    .entry(o.institution.as_str())
                    .or_default()
                    .entry(f)
                    .or_default() += 1;
                if o.head {
                    heads.insert(o.institution.as_str(), f);
                }
            }
        }
    }
    for mut inst in &mut institutions {
        let by_head = heads.get(inst.id.as_str()).copied();
        let by_seats = seats.get(inst.id.as_str()).and_then(|m| {
            // Most seats; ties go to the alphabetically first id, for determinism.
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(f, _)| *f)
        });
        let controller = by_head.or(by_seats);
        if inst.controller.as_deref() != controller {
            inst.controller = controller.map(str::to_string);
        }
    }
}
