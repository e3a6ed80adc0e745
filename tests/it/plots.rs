//! Plots and purges over whole campaigns, with the invariants checked as they run.
//! The campaigns use the shipped scenarios: only a whole shipped history is long and
//! crowded enough to bring every rule into play together (the invariants must hold on
//! the content players get). The player's orders are tested on the fixture world.

use bevy::prelude::*;
use congress_of_victors::headless_run;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::CommandLog;
use congress_of_victors::sim::forces::staging::Battles;
use congress_of_victors::sim::forces::units::UnitState;
use congress_of_victors::sim::intrigue::purges::PurgeRecord;
use congress_of_victors::sim::people::{Figure, Standing};
use congress_of_victors::sim::politics::institutions::Office;
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::snapshot::state_hash;
use std::collections::BTreeMap;

/// Runs a campaign to its end, checking every `every` days that no fallen figure holds
/// an office or commands a unit and that dates only move forward.
fn campaign(seed: u64, every: u32) -> App {
    let data = crate::flagship();
    let end = data.scenario.end;
    let mut app = headless_run(&data, seed);
    let mut last = app.world().resource::<Calendar>().stamp();
    let mut n = 0;
    while app.world().resource::<Calendar>().date < end {
        run_tick(app.world_mut());
        let now = app.world().resource::<Calendar>().stamp();
        assert!(
            now > last,
            "seed {seed}: the calendar went from {last} to {now}"
        );
        last = now;
        n += 1;
        if n % every == 0 {
            check_invariants(&mut app, seed);
        }
    }
    check_invariants(&mut app, seed);
    app
}

fn check_invariants(app: &mut App, seed: u64) {
    let world = app.world_mut();
    let status: BTreeMap<String, bool> = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .map(|(f, s)| (f.id.to_string(), s.status.can_act()))
        .collect();
    let date = world.resource::<Calendar>().date;
    for o in world.query::<&Office>().iter(world) {
        for h in &o.holders {
            assert!(
                status.get(h.as_str()).copied().unwrap_or(false),
                "seed {seed} {date}: `{h}` holds `{}` but cannot act",
                o.key
            );
        }
    }
    for u in world.query::<&UnitState>().iter(world) {
        if let Some(c) = &u.commander {
            assert!(
                status.get(c.as_str()).copied().unwrap_or(false),
                "seed {seed} {date}: `{c}` commands a unit but cannot act"
            );
        }
    }
}

#[test]
fn campaigns_keep_their_invariants_and_the_ai_stays_within_the_rules() {
    let mut coups = 0;
    let mut purges = 0;
    for seed in 0..6 {
        let mut app = campaign(seed, 7);
        let log = app.world().resource::<CommandLog>();
        assert_eq!(
            log.rejected().count(),
            0,
            "seed {seed}: {:?}",
            log.rejected().collect::<Vec<_>>()
        );
        let record = app.world().resource::<PurgeRecord>().clone();
        coups += record.coups;
        if record.arrests > 5 {
            purges += 1;
        }
        // Every battle conserves men.
        for (_, r) in &app.world_mut().resource::<Battles>().0 {
            for side in [&r.attacker, &r.defender] {
                for u in &side.units {
                    let l = u.losses;
                    assert_eq!(l.killed + l.wounded + l.captured + u.survivors, u.men);
                }
            }
        }
    }
    // The same rules give both histories.
    println!("6 campaigns: {coups} coups, {purges} with purges");
    assert!(coups > 0 || purges > 0);
}

#[test]
fn a_whole_campaign_is_deterministic() {
    let a = state_hash(campaign(11, 90).world_mut());
    let b = state_hash(campaign(11, 90).world_mut());
    assert_eq!(a, b);
}

/// Two worlds of the same scenario and seed, run in lockstep through the whole campaign,
/// compared after every tick; a failure names the first part of the state that differs.
#[test]
fn lockstep_worlds_agree_on_every_tick_of_the_campaign() {
    use congress_of_victors::sim::snapshot::Snapshot;
    let data = crate::flagship();
    let end = data.scenario.end;
    let mut a = headless_run(&data, 21);
    let mut b = headless_run(&data, 21);
    while a.world().resource::<Calendar>().date < end {
        run_tick(a.world_mut());
        run_tick(b.world_mut());
        let (sa, sb) = (Snapshot::take(a.world_mut()), Snapshot::take(b.world_mut()));
        if sa != sb {
            let (ja, jb) = (
                serde_json::to_value(&sa).unwrap(),
                serde_json::to_value(&sb).unwrap(),
            );
            let first = ja
                .as_object()
                .unwrap()
                .iter()
                .find(|(k, v)| jb.get(k.as_str()) != Some(v))
                .map(|(k, _)| k.clone());
            panic!(
                "the worlds part on {}: first difference in `{}`",
                sa.calendar.date,
                first.unwrap_or_default()
            );
        }
    }
}

/// A reduced soak: every shipped scenario to its end over a few seeds, AI only, with the
/// invariants checked weekly. (`batch` runs the full soak on demand.)
#[test]
fn every_scenario_runs_to_its_end_with_its_invariants() {
    let content =
        congress_of_victors::scenario::load_dir(&congress_of_victors::scenario::scenarios_dir());
    assert!(
        content.scenarios.len() >= 4,
        "{} scenarios",
        content.scenarios.len()
    );
    for (_, s) in &content.scenarios {
        let data = content.scenario(&s.id).unwrap();
        for seed in 0..2 {
            let mut app = headless_run(&data, seed);
            let mut n = 0u32;
            while app.world().resource::<Calendar>().date < s.end {
                run_tick(app.world_mut());
                n += 1;
                if n.is_multiple_of(7) {
                    check_invariants(&mut app, seed);
                }
            }
            let log = app.world().resource::<CommandLog>();
            assert_eq!(
                log.rejected().count(),
                0,
                "{} seed {seed}: {:?}",
                s.id,
                log.rejected().collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn the_player_arrests_organises_and_strikes_through_commands() {
    use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
    use congress_of_victors::sim::intrigue::plots::Plot;
    use congress_of_victors::sim::people::FigureStatus;
    use congress_of_victors::sim::spawn::start_run;
    let data = crate::fixture();
    let status = |app: &mut App, id: &str| {
        let w = app.world_mut();
        w.query::<(&Figure, &Standing)>()
            .iter(w)
            .find(|(f, _)| f.id == id)
            .map(|(_, s)| s.status)
            .unwrap()
    };
    // The leader's circle controls the police: its arrest goes through.
    let mut app = congress_of_victors::headless_app();
    start_run(app.world_mut(), &data, 4, Some("chair".into()));
    app.world_mut().resource_mut::<CommandQueue>().push(
        "chair",
        SimCommand::Arrest {
            figure: "orator".into(),
        },
    );
    run_tick(app.world_mut());
    assert_eq!(status(&mut app, "orator"), FigureStatus::Arrested);
    // The moderates do not: theirs is refused, with the reason.
    let mut app = congress_of_victors::headless_app();
    start_run(app.world_mut(), &data, 4, Some("moderates".into()));
    app.world_mut().resource_mut::<CommandQueue>().push(
        "moderates",
        SimCommand::Arrest {
            figure: "warden".into(),
        },
    );
    run_tick(app.world_mut());
    assert_eq!(status(&mut app, "warden"), FigureStatus::Free);
    let log = app.world().resource::<CommandLog>();
    let why = log
        .entries
        .iter()
        .find(|c| c.side == "moderates")
        .and_then(|c| c.rejected.clone())
        .unwrap_or_default();
    assert!(why.contains("security police"), "{why}");
    // The officers organise a coup and strike at once: it is fought within a week.
    let mut app = congress_of_victors::headless_app();
    start_run(app.world_mut(), &data, 4, Some("officers".into()));
    app.world_mut().resource_mut::<CommandQueue>().push(
        "officers",
        SimCommand::StartPlot {
            organiser: "marshal".into(),
            goal: "coup".into(),
        },
    );
    run_tick(app.world_mut());
    let id = {
        let w = app.world_mut();
        w.query::<&Plot>()
            .iter(w)
            .find(|p| p.organiser == "marshal")
            .map(|p| p.id.clone())
            .expect("the plot exists")
    };
    app.world_mut()
        .resource_mut::<CommandQueue>()
        .push("officers", SimCommand::StrikePlot { plot: id.clone() });
    // A week of days, and the battle's hours besides.
    congress_of_victors::sim::advance_days(app.world_mut(), 8);
    let w = app.world_mut();
    let state = w
        .query::<&Plot>()
        .iter(w)
        .find(|p| p.id == id)
        .map(|p| p.state)
        .unwrap();
    assert_eq!(
        state,
        congress_of_victors::sim::intrigue::plots::PlotState::Struck
    );
    assert_eq!(w.resource::<PurgeRecord>().coups, 1);
    // Fought out, or called off when no regiment marched: either way it has ended.
    assert_eq!(w.resource::<PurgeRecord>().coup_results.len(), 1);
    assert!(w.resource::<Battles>().0.len() <= 1);
}
