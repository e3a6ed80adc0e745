//! Policies by date: a scenario starts under its own line, and an option is proposed
//! only between its dates. The rules run on the fixture; that heirs_1924 opens under
//! the NEP and keeps it until collectivisation is on the table only the shipped content
//! can show.

use bevy::prelude::*;
use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::load_scenario;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, SimCommand};
use congress_of_victors::sim::politics::Politics;
use congress_of_victors::sim::politics::council::{Chamber, Motion};

fn run_as(data: &congress_of_victors::scenario::ScenarioData, seed: u64, side: &str) -> App {
    let mut app = congress_of_victors::headless_app();
    congress_of_victors::sim::spawn::start_run(app.world_mut(), data, seed, Some(side.into()));
    app
}

/// The orator proposes `policy.option` today; the reason it was refused, if it was.
fn propose(app: &mut App, policy: &str, option: &str) -> Option<String> {
    app.world_mut().resource_mut::<CommandQueue>().push(
        "moderates",
        SimCommand::Propose {
            by: "orator".into(),
            motion: Motion::Policy {
                policy: policy.into(),
                option: option.into(),
            },
        },
    );
    congress_of_victors::sim::run_tick(app.world_mut());
    let log = app.world().resource::<CommandLog>();
    let last = log.entries.iter().rev().find(|c| c.side == "moderates");
    last.expect("the order was logged").rejected.clone()
}

#[test]
fn a_scenario_starts_under_its_own_line_and_the_odds_weigh_change_from_it() {
    let plain = crate::fixture();
    let mut data = plain.clone();
    data.scenario
        .policies
        .insert("rations".into(), "relaxed".into());
    let mut app = run_as(&data, 3, "moderates");
    let politics = app.world().resource::<Politics>().clone();
    assert_eq!(politics.policy(&data, "rations"), Some("relaxed"));
    assert_eq!(politics.policy(&data, "budget"), Some("factories"));
    // The Chairman's men want strict rations (0.8 against -0.4 for relaxed): from the
    // relaxed start, strict rations are a change they vote for; where strict rations
    // are already in force, the same motion changes nothing they care about.
    let strict = Motion::Policy {
        policy: "rations".into(),
        option: "strict".into(),
    };
    let from_relaxed = Chamber::from_world(app.world_mut())
        .unwrap()
        .odds("orator", &strict);
    let mut plain_app = run_as(&plain, 3, "moderates");
    let from_strict = Chamber::from_world(plain_app.world_mut())
        .unwrap()
        .odds("orator", &strict);
    assert!(
        from_relaxed.pass > from_strict.pass + 0.2,
        "strict from relaxed {:.2}, strict from strict {:.2}",
        from_relaxed.pass,
        from_strict.pass
    );
    // The line in force cannot be proposed again.
    let why = propose(&mut app, "rations", "relaxed").expect("refused");
    assert!(why.contains("already the policy"), "{why}");
}

#[test]
fn an_option_is_not_proposed_before_its_date_nor_after_its_end() {
    let start = crate::fixture().scenario.start;
    let with_dates = |from: Option<Date>, until: Option<Date>| {
        let mut data = crate::fixture();
        for p in &mut data.common.policies {
            for o in p.options.iter_mut().filter(|o| o.id == "barracks") {
                o.from = from;
                o.until = until;
            }
        }
        data
    };
    // Offered from the second day: refused on the first, taken on the second.
    let data = with_dates(Some(start.add_days(1)), None);
    let mut app = run_as(&data, 2, "moderates");
    let why = propose(&mut app, "budget", "barracks").expect("refused before its date");
    assert!(why.contains("not on offer"), "{why}");
    assert_eq!(app.world().resource::<Calendar>().date, start.add_days(1));
    assert_eq!(propose(&mut app, "budget", "barracks"), None);
    // Offered until the day before the start: refused.
    let data = with_dates(None, Some(start.add_days(-1)));
    let mut app = run_as(&data, 2, "moderates");
    let why = propose(&mut app, "budget", "barracks").expect("refused after its end");
    assert!(why.contains("not on offer"), "{why}");
}

/// The dates of the AI's adopted or rejected votes on `policy.option` in a run to `until`.
fn votes_on(
    data: &congress_of_victors::scenario::ScenarioData,
    seed: u64,
    until: Date,
    policy: &str,
    option: &str,
) -> Vec<Date> {
    let mut app = headless_run(data, seed);
    advance_until(app.world_mut(), until);
    app.world()
        .resource::<Politics>()
        .votes
        .iter()
        .filter(|v| {
            matches!(&v.motion, Motion::Policy { policy: p, option: o } if p == policy && o == option)
        })
        .map(|v| v.date)
        .collect()
}

#[test]
fn the_ai_waits_for_an_options_date() {
    // From a relaxed start, the Chairman's men move strict rations back (0.8 against
    // -0.4) in some run; with strict rations dated past the runs' span, nobody does.
    let mut data = crate::fixture();
    data.scenario
        .policies
        .insert("rations".into(), "relaxed".into());
    let until = data.scenario.start.add_days(300);
    let moved: usize = (0..4)
        .map(|s| votes_on(&data, s, until, "rations", "strict").len())
        .sum();
    assert!(
        moved > 0,
        "no run put strict rations to the vote when offered"
    );
    let opens = until.add_days(1);
    for p in &mut data.common.policies {
        for o in p.options.iter_mut().filter(|o| o.id == "strict") {
            o.from = Some(opens);
        }
    }
    for s in 0..4 {
        let v = votes_on(&data, s, until, "rations", "strict");
        assert!(
            v.is_empty(),
            "seed {s}: strict voted on {v:?} before {opens}"
        );
    }
}

#[test]
fn heirs_1924_opens_under_the_nep_and_collectivises_only_once_it_is_on_the_table() {
    let data = load_scenario("heirs_1924").expect("heirs_1924 loads");
    let mut app = headless_run(&data, 1);
    let politics = app.world().resource::<Politics>().clone();
    assert_eq!(
        politics.policy(&data, "countryside"),
        Some("nep_relaxation")
    );
    assert_eq!(politics.policy(&data, "grain"), Some("market_purchase"));
    let collectivisation = data
        .common
        .policies
        .iter()
        .flat_map(|p| &p.options)
        .find(|o| o.id == "collectivisation")
        .and_then(|o| o.from)
        .expect("collectivisation has a date");
    assert!(collectivisation > data.scenario.start);
    advance_until(app.world_mut(), collectivisation.add_days(-1));
    assert!(app.world().resource::<Calendar>().date < collectivisation);
    let early: Vec<Date> = app
        .world()
        .resource::<Politics>()
        .votes
        .iter()
        .filter(
            |v| matches!(&v.motion, Motion::Policy { option, .. } if option == "collectivisation"),
        )
        .map(|v| v.date)
        .collect();
    assert!(early.is_empty(), "collectivisation voted on {early:?}");
}
