//! Replays: the seed, the player's commands with the ticks they were applied at, and
//! the state hash every 30 days. Re-running them must give the same hashes; the first
//! checkpoint that differs is where the histories part.

use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandLog, CommandQueue};
use crate::sim::snapshot::state_hash;
use crate::sim::spawn::start_run;
use crate::sim::{RunInfo, run_tick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub const REPLAY_FORMAT: u32 = 1;
pub use crate::sim::record::{
    CHECK_EVERY_DAYS, Checkpoints, PlayerCommand, RecordCheckpoints, ReplayFeed,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replay {
    pub format: u32,
    pub scenario: String,
    pub mods: Vec<String>,
    pub seed: u64,
    pub side: Option<crate::model::SideId>,
    pub until: Date,
    pub commands: Vec<PlayerCommand>,
    /// `(date, state hash)` at the start and every 30 days, and at the end.
    pub checkpoints: Vec<(Date, String)>,
}

/// The replay of the run in `world` so far: the player's commands and the checkpoints.
pub fn capture(world: &mut World) -> Replay {
    let info = world.resource::<RunInfo>().clone();
    let mods = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()
        .map(|s| s.0.mods.clone())
        .unwrap_or_default();
    let commands = world
        .resource::<CommandLog>()
        .entries
        .iter()
        .filter(|c| info.player_side.as_ref().map(|s| s.as_str()) == Some(c.side.as_str()))
        .map(|c| PlayerCommand {
            tick: c.tick,
            side: c.side.clone(),
            command: c.command.clone(),
        })
        .collect();
    let date = world.resource::<Calendar>().date;
    let mut checkpoints = world
        .get_resource::<Checkpoints>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let end_hash = state_hash(world);
    if checkpoints.last().map(|(d, _)| *d) != Some(date) {
        checkpoints.push((date, end_hash));
    }
    Replay {
        format: REPLAY_FORMAT,
        scenario: info.scenario,
        mods,
        seed: info.seed,
        side: info.player_side,
        until: date,
        commands,
        checkpoints,
    }
}

/// Where a replay stopped agreeing with its record.
#[derive(Clone, Debug, PartialEq)]
pub struct Divergence {
    pub date: Date,
    pub expected: String,
    pub got: String,
}

/// Re-runs the replay; `Ok(checkpoints verified)` or the first divergence.
pub fn verify(
    world: &mut World,
    data: &ScenarioData,
    replay: &Replay,
) -> Result<usize, Result<Divergence, String>> {
    if replay.format > REPLAY_FORMAT {
        return Err(Err(format!(
            "replay format {} is newer than this game's {REPLAY_FORMAT}",
            replay.format
        )));
    }
    if replay.scenario != data.scenario.id {
        return Err(Err(format!(
            "the replay is of `{}`, not `{}`",
            replay.scenario, data.scenario.id
        )));
    }
    start_run(world, data, replay.seed, replay.side.clone());
    let mut verified = 0;
    let mut next = 0;
    let check =
        |world: &mut World, next: &mut usize, verified: &mut usize| -> Result<(), Divergence> {
            let date = world.resource::<Calendar>().date;
            while *next < replay.checkpoints.len() && replay.checkpoints[*next].0 <= date {
                let (d, expected) = &replay.checkpoints[*next];
                if *d == date {
                    let got = state_hash(world);
                    if &got != expected {
                        return Err(Divergence {
                            date,
                            expected: expected.clone(),
                            got,
                        });
                    }
                    *verified += 1;
                }
                *next += 1;
            }
            Ok(())
        };
    check(world, &mut next, &mut verified).map_err(Ok)?;
    while world.resource::<Calendar>().date < replay.until {
        let tick = world.resource::<Calendar>().ticks;
        let due: Vec<&PlayerCommand> = replay.commands.iter().filter(|c| c.tick == tick).collect();
        for c in due {
            world
                .resource_mut::<CommandQueue>()
                .push(c.side.clone(), c.command.clone());
        }
        run_tick(world);
        check(world, &mut next, &mut verified).map_err(Ok)?;
    }
    if next < replay.checkpoints.len() {
        return Err(Err(format!(
            "{} checkpoint(s) lie after the replay's end",
            replay.checkpoints.len() - next
        )));
    }
    Ok(verified)
}

pub fn write(path: &std::path::Path, replay: &Replay) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(replay).unwrap_or_default();
    crate::model::fs::write_atomically(path, &bytes)
}

pub fn read(path: &std::path::Path) -> Result<Replay, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(path, &bytes)
}

/// A replay from its bytes; `path` only names it in errors.
pub fn parse(path: &std::path::Path, bytes: &[u8]) -> Result<Replay, String> {
    serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "{}:{}:{}: not a replay: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}
