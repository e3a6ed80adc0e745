//! Battles in the world's time. A staged battle is under way until it ends: while any
//! is, the calendar ticks by the hour, and each tick past a battle's start fights one
//! hour of it on the battles' own stream. What follows a battle (a coup's fall or
//! failure, an event's outcome) waits for the tick it ends, told by `BattleEnded`.

use super::battles::{BattleReport, Fight};
use super::staging::{Battles, apply_losses};
use crate::model::Date;
use crate::sim::calendar::{Calendar, TickMode};
use crate::sim::rng::RngStreams;
use crate::sim::spawn::RunResource;
use crate::sim::{SimSet, SimTick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<BattlesUnderWay>()
        .add_message::<BattleEnded>()
        .add_systems(
            SimTick,
            fight_hour
                .in_set(SimSet::Calendar)
                .after(crate::sim::advance_calendar),
        );
}

/// Why a battle is fought, so that the rule that staged it can act on its end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BattleCause {
    /// A plot's coup storming the leader's seat.
    Coup {
        plot: String,
        organiser: String,
        faction: String,
        conspirators: Vec<String>,
    },
    /// An event's battle effect.
    Event {
        /// The effect's id: its flags are `<id>_won` and `<id>_lost`.
        id: String,
        on_win: Option<String>,
        on_loss: Option<String>,
        figures: Vec<String>,
    },
}

/// One battle being fought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BattleUnderWay {
    pub fight: Fight,
    pub cause: BattleCause,
    /// The day it was staged; its first hour begins at the setup's start hour.
    pub date: Date,
}

impl BattleUnderWay {
    /// The hour stamp (as `Calendar::stamp`) at which the fighting begins.
    pub fn begins(&self) -> i64 {
        self.date.to_days() * 24 + i64::from(self.fight.setup().start_hour)
    }

    /// The battle as it stands, for the panels: hours fought, men and losses so far.
    pub fn report_so_far(&self) -> BattleReport {
        self.fight.report_so_far()
    }
}

/// The battles under way, in the order they were staged. Saved with the game, so a
/// save taken mid-battle continues as the battle would have.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BattlesUnderWay(pub Vec<BattleUnderWay>);

impl BattlesUnderWay {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A battle has ended this tick: its cause and its full report. Read on the same tick
/// by the rule that staged it.
#[derive(Message, Clone, Debug)]
pub struct BattleEnded {
    pub cause: BattleCause,
    pub report: BattleReport,
}

/// Begins a battle: it joins those under way and the calendar drops to hours.
pub(crate) fn begin(world: &mut World, fight: Fight, cause: BattleCause) {
    let mut calendar = world.resource_mut::<Calendar>();
    calendar.mode = TickMode::Hourly;
    let date = calendar.date;
    world
        .resource_mut::<BattlesUnderWay>()
        .0
        .push(BattleUnderWay { fight, cause, date });
}

/// Fights one hour of every battle whose start has passed; a battle that is over leaves
/// its losses on the units, joins the record and is announced; with none left, the
/// calendar returns to days. Exclusive: the losses fall on the units' components.
pub(crate) fn fight_hour(world: &mut World) {
    // The messages of the tick before are read by now: each tick starts a fresh buffer
    // (a headless run never runs the frame's message update).
    world.resource_mut::<Messages<BattleEnded>>().update();
    if world.resource::<BattlesUnderWay>().is_empty() {
        return;
    }
    let now = world.resource::<Calendar>().stamp();
    let mut under_way = std::mem::take(&mut *world.resource_mut::<BattlesUnderWay>());
    {
        let mut streams = world.resource_mut::<RngStreams>();
        let rng = streams.stream("battles");
        for b in under_way.0.iter_mut().filter(|b| now > b.begins()) {
            b.fight.step(rng);
        }
    }
    let (ended, going_on): (Vec<_>, Vec<_>) =
        under_way.0.into_iter().partition(|b| b.fight.is_over());
    for b in ended {
        let report = b.fight.finish();
        apply_losses(world, &report);
        world
            .resource_mut::<Battles>()
            .0
            .push((b.date, report.clone()));
        world.write_message(BattleEnded {
            cause: b.cause,
            report,
        });
    }
    if going_on.is_empty() {
        world.resource_mut::<Calendar>().mode = TickMode::Daily;
    }
    *world.resource_mut::<BattlesUnderWay>() = BattlesUnderWay(going_on);
}

/// The battles that ended on this tick, for the rules that act on their ends.
pub fn ended_this_tick(world: &World) -> Vec<BattleEnded> {
    world
        .get_resource::<Messages<BattleEnded>>()
        .map(|m| m.iter_current_update_messages().cloned().collect())
        .unwrap_or_default()
}
