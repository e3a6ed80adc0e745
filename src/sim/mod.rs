//! The rules of the game. Nothing here knows of windows, meshes or egui: the same
//! plugins run under `MinimalPlugins` in tests and on the command line as in the window.

pub mod ai;
pub mod batch;
pub mod calendar;
pub mod chronicle;
pub mod clock;
pub mod commands;
pub mod compare;
pub mod country;
pub mod events;
pub mod forces;
pub mod foreign;
pub mod front_odds;
pub mod history;
pub mod intel;
pub mod intrigue;
pub mod people;
pub mod politics;
pub mod reckoning;
pub mod record;
pub mod rng;
pub mod shard;
pub mod snapshot;
pub mod spawn;
pub mod timings;

use crate::model::{Date, FactionId, FigureId, InstitutionId, OfficeId, SideId};
use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use calendar::Calendar;
use std::collections::BTreeMap;

/// One tick of the simulation: a day, or an hour during a crisis. Run only by the
/// clock (in the window) or by `advance_*` (headless), never by the frame loop itself.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct SimTick;

/// The explicit order of a tick. Within a set, systems that touch the same data are chained.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// The AI decides for every side no player takes, and queues its commands.
    Ai,
    /// Player and AI commands, applied before the rules so they act on the state they saw.
    Commands,
    Calendar,
    People,
    /// Votes, congresses, decisions.
    Politics,
    Institutions,
    Factions,
    Chronicle,
}

/// Which entity carries each stable id. Built at spawn; ids never change.
#[derive(Resource, Clone, Debug, Default)]
pub struct Ids {
    pub figures: BTreeMap<FigureId, Entity>,
    pub factions: BTreeMap<FactionId, Entity>,
    pub institutions: BTreeMap<InstitutionId, Entity>,
    pub offices: BTreeMap<OfficeId, Entity>,
}

/// What this run is: the scenario, the seed, the dates it spans.
#[derive(Resource, Clone, Debug)]
pub struct RunInfo {
    pub scenario: String,
    pub seed: u64,
    pub start: Date,
    pub end: Date,
    /// The side the player takes; `None` in observer mode.
    pub player_side: Option<SideId>,
    /// The office whose holder rules.
    pub leader_office: Option<OfficeId>,
}

impl RunInfo {
    pub fn is_over(&self, calendar: &Calendar) -> bool {
        calendar.date >= self.end
    }
}

pub struct SimPlugin;

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let mut tick = Schedule::new(SimTick);
        // A tick of a small world costs microseconds; the multi-threaded executor's
        // fixed overhead would dwarf it, and one thread keeps the order obvious.
        tick.set_executor(SingleThreadedExecutor::new());
        app.add_schedule(tick);
        app.configure_sets(
            SimTick,
            (
                SimSet::Ai,
                SimSet::Commands,
                SimSet::Calendar,
                SimSet::People,
                SimSet::Politics,
                SimSet::Institutions,
                SimSet::Factions,
                SimSet::Chronicle,
            )
                .chain(),
        );
        app.add_systems(SimTick, advance_calendar.in_set(SimSet::Calendar));
        app.add_plugins((
            commands::plugin,
            forces::orders::plugin,
            people::plugin,
            politics::plugin,
            clock::plugin,
            country::plugin,
            reckoning::plugin,
            foreign::plugin,
            intrigue::plugin,
            intel::plugin,
            events::plugin,
            forces::plugin,
            ai::plugin,
            record::plugin,
        ));
    }
}

fn advance_calendar(mut calendar: ResMut<Calendar>) {
    calendar.advance();
}

/// Runs one tick now, whatever the clock says.
pub fn run_tick(world: &mut World) {
    world.run_schedule(SimTick);
}

/// Runs ticks until the calendar reaches `date` (or the run's end, if earlier... never later).
pub fn advance_until(world: &mut World, date: Date) {
    while world.resource::<Calendar>().date < date {
        run_tick(world);
    }
}

pub fn advance_days(world: &mut World, days: u32) {
    let target = world.resource::<Calendar>().date.add_days(i64::from(days));
    advance_until(world, target);
}

/// The headless app (`simulation_app` in other Bevy games): the same simulation
/// plugins as the window, on `MinimalPlugins`.
pub fn headless_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, SimPlugin));
    app
}

/// A headless app with a run of `data` spawned and ready to tick.
pub fn headless_run(data: &crate::scenario::ScenarioData, seed: u64) -> App {
    let mut app = headless_app();
    spawn::start_run(app.world_mut(), data, seed, None);
    app
}
