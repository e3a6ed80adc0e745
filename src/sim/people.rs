//! Figures: the people of the game, their standing and what happens to them.

use super::calendar::on_new_day;
use super::rng::RngStreams;
use super::{SimSet, SimTick};
pub use crate::model::status::FigureStatus;
use crate::model::{FactionId, FigureId};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        SimTick,
        drift_popularity
            .in_set(SimSet::People)
            .run_if(on_new_day.and_then(super::intrigue::on_plot_day)),
    );
}

/// Who a figure is: fixed for the whole game.
#[derive(Component, Clone, Debug)]
pub struct Figure {
    pub id: FigureId,
    pub name: String,
}

/// What a figure is now: everything about them that the rules change.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Standing {
    pub status: FigureStatus,
    pub faction: Option<FactionId>,
    /// 0..=100.
    pub popularity: f32,
    /// 0..=100.
    pub ambition: f32,
    /// 0..=100.
    pub fear: f32,
    /// Loyalty to factions, -100..=100.
    pub loyalty: BTreeMap<FactionId, f32>,
}

/// Public standing wanders a little each week (as far as seven days' wandering would
/// take it); how far depends on the seed. Weekly, so that on most days nobody's standing
/// changes and the systems that recompute control and power can sleep.
/// A placeholder for the politics of speeches and events, which move it for reasons.
pub fn drift_popularity(
    ids: Res<super::Ids>,
    mut rng: ResMut<RngStreams>,
    mut figures: Query<&mut Standing, With<Figure>>,
) {
    let rng = rng.stream("people");
    // Stable order: by id (the Ids map is sorted), never by entity or archetype order.
    for e in ids.figures.values() {
        let Ok(mut standing) = figures.get_mut(*e) else {
            continue;
        };
        if !standing.status.can_act() {
            continue;
        }
        let step: f32 = rng.random_range(-1.6..=1.6);
        standing.popularity = (standing.popularity + step).clamp(0.0, 100.0);
    }
}

/// The figures, looked up by id through `Ids`.
#[derive(SystemParam)]
pub struct Cast<'w, 's> {
    pub ids: Res<'w, super::Ids>,
    pub figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
}

impl Cast<'_, '_> {
    pub fn standing(&self, id: &str) -> Option<&Standing> {
        self.ids
            .figures
            .get(id)
            .and_then(|e| self.figures.get(*e).ok())
            .map(|(_, s)| s)
    }
}
