//! The headless world: days pass, the clock runs on virtual time, orders are checked,
//! and a second run starts clean, all on the fixture world.

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::sim::calendar::{Calendar, TickMode};
use congress_of_victors::sim::clock::GameClock;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, SimCommand};
use congress_of_victors::sim::politics::institutions::{Institution, Office};
use congress_of_victors::sim::snapshot::state_hash;
use congress_of_victors::sim::{advance_days, advance_until};
use std::time::Duration;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn thirty_days_pass_headless() {
    let mut app = headless_run(&crate::fixture(), 1);
    advance_days(app.world_mut(), 30);
    let cal = app.world().resource::<Calendar>();
    assert_eq!(cal.date, date("1950-03-31"));
    assert_eq!(cal.ticks, 30);
    // Seed 1 storms the dacha in that month: the battle's hours are ticks too.
    let mut app = headless_run(&crate::flagship(), 1);
    advance_days(app.world_mut(), 30);
    let cal = app.world().resource::<Calendar>();
    assert_eq!(cal.date, date("1934-03-03"));
    assert_eq!(cal.mode, TickMode::Daily);
    assert!(cal.ticks > 30, "{} ticks", cal.ticks);
}

#[test]
fn same_seed_same_hash_and_seeds_differ() {
    let data = crate::fixture();
    let run = |seed| {
        let mut app = headless_run(&data, seed);
        advance_until(app.world_mut(), date("1950-06-01"));
        state_hash(app.world_mut())
    };
    let a = run(1);
    assert_eq!(a, run(1));
    assert_eq!(a.len(), 16);
    // Different seeds may in principle agree; over several they must not all agree.
    let others: Vec<String> = (2..6).map(run).collect();
    assert!(others.iter().any(|h| *h != a), "every seed gave {a}");
}

#[test]
fn clock_runs_on_virtual_time_and_pause_stops_it() {
    let mut app = headless_run(&crate::fixture(), 3);
    // Frames of 100 ms; at speed 5 (15 days a second) a frame is 1.5 days.
    app.insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
        100,
    )));
    {
        let world = app.world_mut();
        world.resource_mut::<GameClock>().running = true;
        let mut clock = world.resource::<GameClock>().clone();
        let mut time = world.resource_mut::<Time<Virtual>>();
        clock.set_speed(5, &mut time);
        world.insert_resource(clock);
    }
    app.update(); // the first update only starts the clock
    let start = app.world().resource::<Calendar>().date;
    for _ in 0..20 {
        app.update();
    }
    let ran = start.days_until(app.world().resource::<Calendar>().date);
    assert!(
        (25..=35).contains(&ran),
        "20 frames of 0.1 s at 15 days/s ran {ran} days"
    );

    app.world_mut().resource_mut::<Time<Virtual>>().pause();
    let paused_at = app.world().resource::<Calendar>().clone();
    for _ in 0..20 {
        app.update();
    }
    let after = app.world().resource::<Calendar>();
    assert_eq!(after.date, paused_at.date);
    assert_eq!(after.ticks, paused_at.ticks);
}

#[test]
fn appointment_moves_control_and_bad_commands_are_refused() {
    let mut app = headless_run(&crate::fixture(), 1);
    let controller = |app: &mut App| {
        let world = app.world_mut();
        world
            .query::<&Institution>()
            .iter(world)
            .find(|i| i.id == "police")
            .and_then(|i| i.controller.clone())
    };
    assert_eq!(
        controller(&mut app).as_ref().map(|c| c.as_str()),
        Some("chair")
    );
    {
        let mut q = app.world_mut().resource_mut::<CommandQueue>();
        q.push(
            "moderates",
            SimCommand::Dismiss {
                office: "police.chief".into(),
                figure: "warden".into(),
            },
        );
        q.push(
            "moderates",
            SimCommand::Appoint {
                office: "police.chief".into(),
                figure: "orator".into(),
            },
        );
        q.push(
            "moderates",
            SimCommand::Appoint {
                office: "police.chief".into(),
                figure: "deputy".into(),
            },
        );
        q.push(
            "moderates",
            SimCommand::Appoint {
                office: "police.chief".into(),
                figure: "nobody".into(),
            },
        );
    }
    advance_days(app.world_mut(), 1);
    assert_eq!(
        controller(&mut app).as_ref().map(|c| c.as_str()),
        Some("moderates")
    );
    let world = app.world_mut();
    let holders = world
        .query::<&Office>()
        .iter(world)
        .find(|o| o.key == "police.chief")
        .unwrap()
        .holders
        .clone();
    assert_eq!(holders, vec!["orator".to_string()]);
    let log = world.resource::<CommandLog>();
    let ours: Vec<_> = log
        .entries
        .iter()
        .filter(|c| c.side == "moderates")
        .collect();
    assert_eq!(ours.len(), 4);
    assert_eq!(
        ours.iter().filter(|c| c.rejected.is_some()).count(),
        2,
        "{ours:?}"
    );
    // The AI's own moves that day were all within the rules.
    assert!(
        log.entries
            .iter()
            .filter(|c| c.side != "moderates")
            .all(|c| c.rejected.is_none()),
        "{:?}",
        log.entries
    );
}

#[test]
fn an_imprisoned_figure_cannot_be_appointed() {
    let mut app = headless_run(&crate::fixture(), 1);
    // The Chief Secretary's seat is full, so the refusal can only be for the man.
    app.world_mut().resource_mut::<CommandQueue>().push(
        "moderates",
        SimCommand::Dismiss {
            office: "secretariat.secretary".into(),
            figure: "clerk".into(),
        },
    );
    app.world_mut().resource_mut::<CommandQueue>().push(
        "moderates",
        SimCommand::Appoint {
            office: "secretariat.secretary".into(),
            figure: "convict".into(),
        },
    );
    advance_days(app.world_mut(), 1);
    let log = app.world().resource::<CommandLog>();
    let mine = log
        .entries
        .iter()
        .filter(|c| c.side == "moderates")
        .nth(1)
        .expect("the command was logged");
    let why = mine.rejected.as_deref().unwrap_or("");
    assert!(why.contains("imprisoned"), "{why}");
}

#[test]
fn a_second_run_in_the_same_app_starts_as_fresh_as_a_new_app() {
    use congress_of_victors::sim::snapshot::Summary;
    use congress_of_victors::sim::spawn::start_run;
    let data = crate::fixture();
    // A first run long enough for the Congress, votes, patronage, plots and purges to
    // pile up.
    let mut app = headless_run(&data, 7);
    advance_until(app.world_mut(), date("1951-01-01"));
    start_run(app.world_mut(), &data, 2, None);
    let mut fresh = headless_run(&data, 2);
    assert_eq!(state_hash(app.world_mut()), state_hash(fresh.world_mut()));
    for until in ["1950-03-21", "1950-06-01", "1951-01-01"] {
        advance_until(app.world_mut(), date(until));
        advance_until(fresh.world_mut(), date(until));
        let (a, b) = (
            Summary::take(app.world_mut()),
            Summary::take(fresh.world_mut()),
        );
        assert_eq!(a.state_hash, b.state_hash, "the runs part by {until}");
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "the summaries part by {until}"
        );
    }
}
