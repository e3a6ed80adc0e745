//! The AI: for every side no player takes (all of them in observer mode), it reads the
//! same numbers a player sees and acts only through commands.

use super::commands::{CommandQueue, SimCommand};
use super::congress::{PendingDecisions, accept_chance};
use super::people::Standing;
use super::rng::RngStreams;
use super::{Ids, RunInfo, SimSet, SimTick};
use crate::scenario::spawn::LoadedScenario;
use bevy::prelude::*;
use rand::RngExt;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(SimTick, answer_decisions.in_set(SimSet::Ai));
}

/// Answers every pending decision that belongs to a side the AI plays.
pub fn answer_decisions(
    info: Res<RunInfo>,
    ids: Res<Ids>,
    scenario: Res<LoadedScenario>,
    pending: Res<PendingDecisions>,
    figures: Query<&Standing>,
    mut rng: ResMut<RngStreams>,
    mut queue: ResMut<CommandQueue>,
) {
    let leader_faction = ids
        .figures
        .get(&scenario.0.scenario.leader)
        .and_then(|e| figures.get(*e).ok())
        .and_then(|s| s.faction.clone())
        .unwrap_or_default();
    for d in &pending.items {
        if info.player_side.as_deref() == Some(d.side.as_str()) {
            continue;
        }
        let Some(standing) = ids
            .figures
            .get(&d.figure)
            .and_then(|e| figures.get(*e).ok())
        else {
            continue;
        };
        let offering = scenario
            .0
            .scenario
            .sides
            .iter()
            .find(|s| s.id == d.side)
            .map_or(d.side.as_str(), |s| s.faction.as_str());
        let p = accept_chance(standing, offering, &leader_faction);
        let option = if rng.stream("ai").random_bool(p) {
            "accept"
        } else {
            "refuse"
        };
        queue.push(
            "ai",
            SimCommand::Decide {
                decision: d.id.clone(),
                option: option.into(),
            },
        );
    }
}
