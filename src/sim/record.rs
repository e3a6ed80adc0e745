//! What a run records of itself as it goes, for replays: the player's commands on their
//! ticks (in the command log), the state hash every 30 days, and, when a replay is
//! watched, the recorded commands fed back on their ticks.

use super::RunInfo;
use super::calendar::Calendar;
use super::commands::{CommandQueue, SimCommand};
use super::snapshot::state_hash;
use super::spawn::RunResource;
use crate::model::Date;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// Days between checkpoints.
pub const CHECK_EVERY_DAYS: i64 = 30;

/// A command the player gave, with the tick it was applied at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlayerCommand {
    pub tick: u64,
    pub side: super::commands::Side,
    pub command: SimCommand,
}

/// The state hash every 30 days, recorded as the world runs (in the window too).
#[derive(Resource, Clone, Debug, Default)]
pub struct Checkpoints(pub Vec<(Date, String)>);

/// Whether checkpoints are recorded: hashing the whole state costs time that a batch of
/// thousands of histories, which writes no replays, does not need to spend.
#[derive(Resource, Clone, Copy, Debug)]
pub struct RecordCheckpoints(pub bool);

impl Default for RecordCheckpoints {
    fn default() -> Self {
        Self(true)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_run_resource::<Checkpoints>()
        .add_systems(
            super::SimTick,
            record_checkpoint
                .in_set(super::SimSet::Chronicle)
                .run_if(super::calendar::on_new_day),
        )
        .add_systems(
            super::SimTick,
            feed_replay
                .run_if(resource_exists::<ReplayFeed>)
                .before(super::SimSet::Ai),
        );
}

/// A replay being watched: the recorded player's commands, each given again on its
/// tick, ahead of the AI's, as when they were first given.
#[derive(Resource, Clone, Debug, Default)]
pub struct ReplayFeed(pub Vec<PlayerCommand>);

fn feed_replay(feed: Res<ReplayFeed>, calendar: Res<Calendar>, mut queue: ResMut<CommandQueue>) {
    for c in feed.0.iter().filter(|c| c.tick == calendar.ticks) {
        queue.push(c.side.clone(), c.command.clone());
    }
}

fn is_checkpoint(world: &World) -> Option<Date> {
    let start = world.get_resource::<RunInfo>()?.start;
    let date = world.get_resource::<Calendar>()?.date;
    (start.days_until(date) % CHECK_EVERY_DAYS == 0).then_some(date)
}

pub fn record_checkpoint(world: &mut World) {
    if !world
        .get_resource::<RecordCheckpoints>()
        .is_none_or(|r| r.0)
    {
        return;
    }
    if let Some(date) = is_checkpoint(world) {
        let hash = state_hash(world);
        world.resource_mut::<Checkpoints>().0.push((date, hash));
    }
}
