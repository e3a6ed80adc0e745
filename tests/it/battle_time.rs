//! Battles in the world's time: a staged battle is fought an hour a tick, its report
//! grows, what follows it comes on the tick it ends, and the calendar returns to days.

use bevy::prelude::*;
use congress_of_victors::save;
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::sim::calendar::{Calendar, TickMode};
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::forces::battle_file::load_battle;
use congress_of_victors::sim::forces::battle_stats::run_rng;
use congress_of_victors::sim::forces::battles::{Fight, Winner, fight};
use congress_of_victors::sim::forces::staging::Battles;
use congress_of_victors::sim::forces::under_way::{BattleCause, BattlesUnderWay};
use congress_of_victors::sim::intrigue::plots::Plot;
use congress_of_victors::sim::people::{Figure, FigureStatus, Standing};
use congress_of_victors::sim::snapshot::state_hash;
use congress_of_victors::sim::spawn::start_run;
use congress_of_victors::sim::{advance_days, run_tick};
use congress_of_victors::{headless_app, headless_run};
use std::path::Path;

fn status(app: &mut App, id: &str) -> FigureStatus {
    let w = app.world_mut();
    w.query::<(&Figure, &Standing)>()
        .iter(w)
        .find(|(f, _)| f.id == id)
        .map(|(_, s)| s.status)
        .unwrap()
}

fn under_way(app: &App) -> &BattlesUnderWay {
    app.world().resource::<BattlesUnderWay>()
}

fn battle_lines(app: &App) -> usize {
    app.world()
        .resource::<Chronicle>()
        .entries
        .iter()
        .filter(|e| e.kind == congress_of_victors::sim::chronicle::ChronicleKind::Battle)
        .count()
}

/// The fixture's officers plot a coup and strike: ticks until their battle is staged.
fn coup_staged(data: &ScenarioData, seed: u64) -> App {
    let mut app = headless_app();
    start_run(app.world_mut(), data, seed, Some("officers".into()));
    app.world_mut().resource_mut::<CommandQueue>().push(
        "officers",
        SimCommand::StartPlot {
            organiser: "marshal".into(),
            goal: "coup".into(),
        },
    );
    run_tick(app.world_mut());
    let plot = {
        let w = app.world_mut();
        w.query::<&Plot>()
            .iter(w)
            .find(|p| p.organiser == "marshal")
            .map(|p| p.id.clone())
            .expect("the plot exists")
    };
    app.world_mut()
        .resource_mut::<CommandQueue>()
        .push("officers", SimCommand::StrikePlot { plot });
    // The plot strikes on the week's plot day.
    for _ in 0..8 {
        run_tick(app.world_mut());
        if !under_way(&app).is_empty() {
            return app;
        }
    }
    panic!("seed {seed}: no battle was staged within a week");
}

#[test]
fn a_coup_is_fought_hour_by_hour_and_decided_on_the_tick_it_ends() {
    let data = crate::fixture();
    let mut app = coup_staged(&data, 3);
    let cal = app.world().resource::<Calendar>().clone();
    assert_eq!(cal.mode, TickMode::Hourly);
    assert!(matches!(
        under_way(&app).0[0].cause,
        BattleCause::Coup { .. }
    ));
    let begins = under_way(&app).0[0].begins();
    let lines = battle_lines(&app);
    let mut last_hours = 0;
    let mut hourly_ticks = 0;
    loop {
        let before = app.world().resource::<Calendar>().stamp();
        run_tick(app.world_mut());
        let cal = app.world().resource::<Calendar>().clone();
        // Each tick of a battle is one hour of the world.
        assert_eq!(cal.stamp(), before + 1);
        hourly_ticks += 1;
        let Some(b) = under_way(&app).0.first().cloned() else {
            break;
        };
        let so_far = b.report_so_far();
        // Waiting for the start hour, then one hour fought per tick.
        let want = u32::try_from((cal.stamp() - begins).max(0)).unwrap();
        assert_eq!(so_far.hours, want, "at {}", cal.label());
        assert!(so_far.hours == last_hours + 1 || so_far.hours == 0);
        assert_eq!(so_far.strength_by_hour.len() as u32, so_far.hours + 1);
        last_hours = so_far.hours;
        // Nothing follows the battle until it ends.
        assert_eq!(status(&mut app, "chairman"), FigureStatus::Free);
        assert_eq!(status(&mut app, "marshal"), FigureStatus::Free);
        assert_eq!(battle_lines(&app), lines);
        assert!(app.world().resource::<Battles>().0.is_empty());
        assert_eq!(cal.mode, TickMode::Hourly);
    }
    assert!(last_hours >= 2, "the battle lasted {last_hours} hours");
    assert!(hourly_ticks > 2);
    // The tick it ended: recorded, in the chronicle, and the coup decided.
    let battles = app.world().resource::<Battles>().0.clone();
    assert_eq!(battles.len(), 1);
    let report = &battles[0].1;
    assert_eq!(report.hours, last_hours + 1);
    assert_eq!(battle_lines(&app), lines + 1);
    if report.winner == Winner::Attacker {
        assert_ne!(status(&mut app, "chairman"), FigureStatus::Free);
    } else {
        assert_eq!(status(&mut app, "marshal"), FigureStatus::Arrested);
    }
    // The calendar is back to days: the next tick is the next day.
    let cal = app.world().resource::<Calendar>().clone();
    assert_eq!(cal.mode, TickMode::Daily);
    run_tick(app.world_mut());
    let next = app.world().resource::<Calendar>().clone();
    assert_eq!(next.date, cal.date.add_days(1));
    assert_eq!(next.hour, 0);
}

#[test]
fn an_event_battle_is_decided_when_it_ends() {
    let data = crate::fixture();
    let mut app = headless_run(&data, 2);
    app.world_mut()
        .resource_mut::<EventState>()
        .flags
        .insert("storm_the_dacha".into());
    let mut staged = false;
    for _ in 0..400 {
        run_tick(app.world_mut());
        let flags = &app.world().resource::<EventState>().flags;
        let decided = flags.contains("fixture_dacha_won") || flags.contains("fixture_dacha_lost");
        match under_way(&app).0.first() {
            Some(b) => {
                staged = true;
                assert!(matches!(b.cause, BattleCause::Event { .. }));
                assert!(!decided, "decided while the battle is under way");
            }
            None if staged => {
                assert!(decided, "not decided on the tick the battle ended");
                assert_eq!(app.world().resource::<Battles>().0.len(), 1);
                return;
            }
            None => {}
        }
    }
    panic!("the event's battle was never fought to its end");
}

#[test]
fn the_same_seed_fights_the_same_battle_twice() {
    let data = crate::fixture();
    let run = |seed| {
        let mut app = coup_staged(&data, seed);
        advance_days(app.world_mut(), 10);
        let battles = app.world().resource::<Battles>().0.clone();
        (state_hash(app.world_mut()), battles)
    };
    let (a, ba) = run(3);
    let (b, bb) = run(3);
    assert_eq!(ba.len(), 1);
    assert_eq!(ba, bb);
    assert_eq!(a, b);
}

#[test]
fn a_save_taken_mid_battle_continues_as_the_battle_would_have() {
    let data = crate::fixture();
    let mut straight = coup_staged(&data, 3);
    for _ in 0..9 {
        run_tick(straight.world_mut());
    }
    assert!(!under_way(&straight).is_empty(), "the battle is still on");
    let saved = save::capture(straight.world_mut());
    let bytes = save::to_bytes(&saved);
    let read = save::parse(Path::new("mem"), &bytes).unwrap();
    let mut loaded = headless_app();
    save::load(loaded.world_mut(), &data, &read).unwrap();
    assert_eq!(under_way(&loaded), under_way(&straight));
    advance_days(straight.world_mut(), 5);
    advance_days(loaded.world_mut(), 5);
    assert_eq!(
        app_battles(&loaded),
        app_battles(&straight),
        "the battle fought on from the save"
    );
    assert_eq!(
        state_hash(loaded.world_mut()),
        state_hash(straight.world_mut())
    );
}

fn app_battles(app: &App) -> Battles {
    app.world().resource::<Battles>().clone()
}

#[test]
fn every_daily_rule_runs_once_a_day_and_the_campaign_ends_on_its_date() {
    let data = crate::fixture();
    let mut app = coup_staged(&data, 3);
    let (mut days, mut new_days) = (0, 0);
    let end = data.scenario.end;
    while app.world().resource::<Calendar>().date < end {
        let before = app.world().resource::<Calendar>().date;
        run_tick(app.world_mut());
        let cal = app.world().resource::<Calendar>();
        days += before.days_until(cal.date);
        new_days += i64::from(cal.new_day);
    }
    assert_eq!(days, new_days);
    assert_eq!(app.world().resource::<Calendar>().date, end);
    assert_eq!(app.world().resource::<Battles>().0.len(), 1);
}

#[test]
fn every_shipped_battle_fought_whole_equals_it_fought_by_the_hour() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/battles");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let Ok(setup) = load_battle(&path) else {
            panic!("{} does not load", path.display());
        };
        for i in 0..5 {
            let whole = fight(&setup, &mut run_rng(11, i));
            let mut rng = run_rng(11, i);
            let mut f = Fight::new(&setup);
            while f.step(&mut rng) {}
            assert_eq!(f.finish(), whole, "{} run {i}", path.display());
        }
    }
}
