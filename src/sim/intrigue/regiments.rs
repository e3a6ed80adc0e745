//! The regiments a coup calls out: each marches behind its commander, stays in its
//! barracks, or turns out for the government, by odds the plotters can reckon too.

use super::week::Day;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::sim::forces::battles::Combatant;
use bevy::prelude::*;
use rand::RngExt;

/// The least and the most a unit's odds of marching on the leader's house can be: men
/// follow an able and known commander, hold back against a popular leader, and a unit
/// with no commander of its own follows a coup least of all.
pub const FOLLOW_RANGE: (f32, f32) = (0.15, 0.95);

/// The odds that a unit follows its commander into a coup: `commander` is his popularity
/// and military skill (none for a unit without one), `in_plot` whether he is one of the
/// plotters, `leader_popularity` the popularity of the leader it is sent against.
pub fn follow_chance(commander: Option<(f32, f32)>, in_plot: bool, leader_popularity: f32) -> f32 {
    let Some((popularity, military)) = commander else {
        return FOLLOW_RANGE.0;
    };
    let sworn = if in_plot { 0.2 } else { 0.0 };
    (0.45 + (popularity - leader_popularity) / 200.0 + military * 0.03 + sworn)
        .clamp(FOLLOW_RANGE.0, FOLLOW_RANGE.1)
}

/// The chance that a unit which will not march for the plotters turns out for the
/// government instead, when its commander is not one of them (a plotter's own unit only
/// stays in its barracks).
pub const TURN_CHANCE: f32 = 0.5;

/// Each unit called to the coup marches, by `follow_chance`, or does not; one that does
/// not stays in its barracks or, its commander no plotter, turns out for the government
/// (`TURN_CHANCE`). Returns those marching, those turned and the ids of those that
/// stayed; the chronicle names each that did not march.
pub(super) fn march_or_stay(
    world: &mut World,
    day: &mut Day,
    conspirators: &[String],
    rng: &mut rand_chacha::ChaCha8Rng,
    called: Vec<Combatant>,
) -> (Vec<Combatant>, Vec<Combatant>, Vec<crate::model::UnitId>) {
    let commanders: std::collections::BTreeMap<crate::model::UnitId, Option<FigureId>> = world
        .query::<(
            &crate::sim::forces::units::Unit,
            &crate::sim::forces::units::UnitState,
        )>()
        .iter(world)
        .map(|(u, s)| (u.id.clone(), s.commander.clone()))
        .collect();
    let leader_popularity = day.get(&day.leader).map_or(50.0, |p| p.s.popularity);
    let (mut marching, mut turned, mut stayed) = (Vec::new(), Vec::new(), Vec::new());
    for unit in called {
        let commander = commanders.get(&unit.id).cloned().flatten();
        let known = commander
            .as_ref()
            .and_then(|c| day.get(c.as_str()))
            .map(|p| (p.s.popularity, p.military));
        let in_plot = commander
            .as_ref()
            .is_some_and(|c| conspirators.iter().any(|m| c == m.as_str()));
        let p = follow_chance(known, in_plot, leader_popularity);
        if rng.random_bool(f64::from(p)) {
            marching.push(unit);
        } else if !in_plot && rng.random_bool(f64::from(TURN_CHANCE)) {
            day.note(Line::TurnsOnPlotters, &[("unit", &unit.name)], vec![]);
            turned.push(unit);
        } else {
            day.note(Line::StaysInBarracks, &[("unit", &unit.name)], vec![]);
            stayed.push(unit.id);
        }
    }
    (marching, turned, stayed)
}
