//! The game screen: a run starts when it opens and is put away when the game is over.

use crate::gui::{PendingStart, Screen, Selection};
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::clock::{DAYS_PER_SECOND, GameClock};
use crate::sim::spawn::{despawn_run, start_run};
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Selection>()
        .add_systems(OnEnter(Screen::InGame), begin_run)
        .add_systems(OnExit(Screen::GameOver), end_run)
        .add_systems(Update, detect_end.run_if(in_state(Screen::InGame)))
        .add_systems(Update, replay_end.run_if(in_state(Screen::InGame)));
}

fn begin_run(world: &mut World) {
    let Some(start) = world.remove_resource::<PendingStart>() else {
        return;
    };
    start_run(world, &start.data, start.seed, start.side);
    // A replay feeds its orders in on their ticks; any other run takes none.
    match world.remove_resource::<crate::gui::PendingReplay>() {
        Some(crate::gui::PendingReplay(r)) => {
            world.insert_resource(crate::save::replay::ReplayFeed(r.commands));
            world.insert_resource(crate::gui::Watching {
                until: r.until,
                ended: false,
            });
        }
        None => {
            world.remove_resource::<crate::save::replay::ReplayFeed>();
            world.remove_resource::<crate::gui::Watching>();
        }
    }
    if let Some(crate::gui::PendingLoad(save)) = world.remove_resource::<crate::gui::PendingLoad>()
    {
        let msg = match crate::save::load(world, &start.data, &save) {
            Ok(()) => format!("Loaded: {}", save.header.date.long()),
            Err(e) => format!("Nothing loaded: {e}"),
        };
        world.resource_mut::<crate::gui::panels::saves::Toast>().0 = Some((msg, 4.0));
    }
    world.insert_resource(Selection::None);
    if let Some(mut view) = world.get_resource_mut::<crate::gui::panels::ChronicleView>() {
        view.forget_news();
    }
    // A run that opens with the Congress sitting starts paused for a player: its days
    // are few, and his men may speak to it before the ballot.
    let sitting = world.get_resource::<RunInfo>().is_some_and(|i| i.player_side.is_some())
        && world.get_resource::<crate::gui::Watching>().is_none()
        && start
            .data
            .scenario
            .congress
            .as_ref()
            .filter(|c| start.data.scenario.start < c.vote_date)
            .map(|c| {
                let msg = format!(
                    "The Congress sits until its ballot on {}. Your faction's men may speak to it: open a figure's card. Space to start the clock.",
                    c.vote_date.long()
                );
                world.resource_mut::<crate::gui::panels::saves::Toast>().0 = Some((msg, 12.0));
            })
            .is_some();
    let mut clock = world.resource_mut::<GameClock>();
    clock.running = true;
    let speed = clock.speed;
    let mut time = world.resource_mut::<Time<Virtual>>();
    if sitting {
        time.pause();
    } else {
        time.unpause();
    }
    time.set_relative_speed_f64(DAYS_PER_SECOND[usize::from(speed.clamp(1, 5) - 1)]);
}

/// A watched replay stops where its recording ends, and says so.
fn replay_end(
    watching: Option<ResMut<crate::gui::Watching>>,
    calendar: Option<Res<Calendar>>,
    mut time: ResMut<Time<Virtual>>,
    mut toast: ResMut<crate::gui::panels::saves::Toast>,
) {
    let (Some(mut w), Some(cal)) = (watching, calendar) else {
        return;
    };
    if !w.ended && cal.date >= w.until {
        w.ended = true;
        time.pause();
        toast.0 = Some((
            format!(
                "The recording ends on {}. Resume to let the AI play on from here.",
                w.until.long()
            ),
            10.0,
        ));
    }
}

fn end_run(world: &mut World) {
    // Keep the run as a replay anyone can verify with `congress-of-victors replay` (a
    // replay being watched is not a game of the player's: it keeps his last one).
    if world.get_resource::<RunInfo>().is_some()
        && world.get_resource::<crate::gui::Watching>().is_none()
    {
        let r = crate::save::replay::capture(world);
        let path = crate::save::saves_dir().join("last.replay");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = crate::save::replay::write(&path, &r) {
            warn!("the replay was not written: {e}");
        }
    }
    despawn_run(world);
    world.resource_mut::<GameClock>().running = false;
}

fn detect_end(
    info: Option<Res<RunInfo>>,
    cal: Option<Res<Calendar>>,
    mut clock: ResMut<GameClock>,
    mut next: ResMut<NextState<Screen>>,
) {
    if let (Some(info), Some(cal)) = (info, cal)
        && info.is_over(&cal)
    {
        clock.running = false;
        next.set(Screen::GameOver);
    }
}
