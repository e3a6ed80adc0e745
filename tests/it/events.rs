//! Events: they fire on their conditions, chain, branch by seed, wait for a player's
//! answer, and are checked like any other content. Units march over the map.
//! A player's answer and a march run on the fixture world; the Congress story and the
//! soak of every scenario are about the shipped content itself, so they use it.

use bevy::prelude::*;
use congress_of_victors::model::Date;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::forces::movement::{TravelGraph, order_march};
use congress_of_victors::sim::forces::units::{Unit, UnitState};
use congress_of_victors::sim::politics::congress::PendingDecisions;
use congress_of_victors::sim::snapshot::Summary;
use congress_of_victors::sim::spawn::start_run;
use congress_of_victors::sim::{advance_until, run_tick};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn fired(s: &Summary, id: &str) -> bool {
    s.events.iter().any(|e| e.event == id)
}

#[test]
fn the_congress_story_branches_by_seed_and_follows_its_rules() {
    let data = crate::flagship();
    let runs =
        congress_of_victors::sim::batch::run_many(&data, 0, 40, date("1934-06-01"), 2, &|_| {});
    let (mut refused, mut stormed, mut fallen) = (0, 0, 0);
    for s in &runs {
        let offer = s.congress_vote.as_ref().and_then(|v| v.offer.clone());
        // Kirov's refusal is an event of its own exactly when he refused.
        assert_eq!(
            fired(s, "congress_kirov_refuses"),
            offer.as_deref() == Some("refused"),
            "seed {}: offer {offer:?}",
            s.seed
        );
        // The speech, and everything after it, only follows an acceptance.
        if fired(s, "congress_kirov_speech") {
            assert_eq!(offer.as_deref(), Some("accepted"), "seed {}", s.seed);
        } else {
            assert!(!fired(s, "congress_storm_dacha"), "seed {}", s.seed);
        }
        if offer.as_deref() == Some("refused") {
            refused += 1;
        }
        let assault = s
            .events
            .iter()
            .any(|e| e.event == "congress_storm_dacha" && e.option == "assault");
        if assault {
            stormed += 1;
            // An assault is a battle at the dacha, in the report list (a siege is not).
            assert!(
                s.battles.iter().any(|b| b.site == "kuntsevo_dacha"),
                "seed {}",
                s.seed
            );
        }
        if fired(s, "congress_stalins_end") {
            fallen += 1;
            assert_ne!(s.figure_status["stalin"], "free", "seed {}", s.seed);
            assert!(s.flags.iter().any(|f| f == "stalin_fallen"));
        }
    }
    assert!(refused > 0, "Kirov never refused in 40 seeds");
    assert!(stormed > 0, "the dacha was never stormed in 40 seeds");
    assert!(fallen > 0, "Stalin never fell at the dacha in 40 seeds");
    assert!(refused < 40, "Kirov always refused");
}

/// Seed 000's dates: when the delegates go to Kirov before the count and he accepts, he
/// speaks on 7 February, the bomb goes off the next day, the 8th, and the dacha falls by
/// noon that day; the count of the 9th does not make the offer again, and a refusal is
/// told with the count.
#[test]
fn the_offer_before_the_count_runs_the_chain_on_seed_000s_dates() {
    let data = crate::flagship();
    let runs =
        congress_of_victors::sim::batch::run_many(&data, 0, 60, date("1934-02-12"), 2, &|_| {});
    let on = |s: &Summary, id: &str| {
        s.events
            .iter()
            .find(|e| e.event == id)
            .map(|e| (e.date, e.option.clone()))
    };
    let (mut asked, mut on_the_seeds_dates) = (0, 0);
    for s in &runs {
        let Some((asked_on, answer)) = on(s, "congress_offer_before_count") else {
            continue;
        };
        assert!(asked_on < date("1934-02-09"), "seed {}", s.seed);
        if answer != "go_tonight" {
            continue;
        }
        asked += 1;
        let vote = s.congress_vote.as_ref().expect("the ballot is counted");
        match vote.offer.as_deref() {
            Some("refused") => {
                let (told, _) = on(s, "congress_kirov_refuses").expect("the refusal");
                assert!(told >= date("1934-02-09"), "seed {}: {told}", s.seed);
            }
            Some("accepted") => {
                let (speech, _) = on(s, "congress_kirov_speech").expect("the speech");
                assert!(
                    speech >= date("1934-02-07")
                        && speech <= asked_on.add_days(1).max(date("1934-02-07")),
                    "seed {}: asked {asked_on}, speech {speech}",
                    s.seed
                );
                let bomb = on(s, "congress_bombing_evacuated")
                    .or_else(|| on(s, "congress_bombing_massacre"))
                    .map(|(d, _)| d);
                if let Some(bomb) = bomb {
                    assert_eq!(bomb, speech.add_days(1), "seed {}", s.seed);
                    // The army's order is given in the night of the bomb and the ring
                    // closes before dawn: the dacha is stormed the same day.
                    let storm = s.battles.iter().find(|b| b.site == "kuntsevo_dacha");
                    if let Some(storm) = storm {
                        assert!(
                            storm.start.starts_with(&bomb.to_string()),
                            "seed {}: bomb {bomb}, storm {}",
                            s.seed,
                            storm.start
                        );
                    }
                    let by_noon = storm.is_some_and(|b| {
                        b.end.as_str() <= "1934-02-08T12:00"
                            && b.result
                                == congress_of_victors::sim::forces::battles::Winner::Attacker
                    });
                    on_the_seeds_dates += usize::from(bomb == date("1934-02-08") && by_noon);
                }
            }
            other => panic!(
                "seed {}: the offer made before the count is {other:?}",
                s.seed
            ),
        }
    }
    assert!(
        asked > 0,
        "the delegates never went to Kirov before the count"
    );
    assert!(
        on_the_seeds_dates > 0,
        "no run of 60 put the speech on 7 February, the bomb on the 8th and the dacha's fall by noon that day"
    );
}

/// Runs the fixture for the Chairman's player until the warning waits on him.
fn until_the_warning() -> App {
    let data = crate::fixture();
    for seed in 0..30 {
        let mut app = congress_of_victors::headless_app();
        start_run(app.world_mut(), &data, seed, Some("chair".into()));
        while app.world().resource::<Calendar>().date < date("1950-04-01") {
            run_tick(app.world_mut());
            let waiting = app
                .world()
                .resource::<PendingDecisions>()
                .items
                .iter()
                .any(|d| d.id == "event:fixture_warning");
            if waiting {
                return app;
            }
        }
    }
    panic!("the warning never reached the player in 30 seeds");
}

fn watched(app: &App) -> bool {
    app.world()
        .resource::<EventState>()
        .flags
        .contains("orator_watched")
}

#[test]
fn a_player_answers_an_event_and_its_option_takes_effect() {
    let mut app = until_the_warning();
    let d = app
        .world()
        .resource::<PendingDecisions>()
        .items
        .iter()
        .find(|d| d.id == "event:fixture_warning")
        .cloned()
        .unwrap();
    // The pop-up has what it needs: figures, and a tooltip per option.
    assert_eq!(d.options.len(), d.details.len());
    assert!(
        d.figures.iter().any(|f| f.contains("Orator")),
        "{:?}",
        d.figures
    );
    assert!(d.details[1].contains("popularity"), "{}", d.details[1]);
    assert!(!watched(&app), "the flag is set before the answer");
    app.world_mut().resource_mut::<CommandQueue>().push(
        "chair",
        SimCommand::Decide {
            decision: d.id.clone(),
            option: "watch".into(),
        },
    );
    run_tick(app.world_mut());
    assert!(watched(&app), "the answer's flag is not set");
    let state = app.world().resource::<EventState>();
    let rec = state
        .history
        .iter()
        .find(|r| r.event == "fixture_warning")
        .unwrap();
    assert_eq!(
        (rec.option.as_str(), rec.chosen_by.as_str()),
        ("watch", "player")
    );
    assert!(
        !app.world()
            .resource::<PendingDecisions>()
            .items
            .iter()
            .any(|d| d.id == "event:fixture_warning")
    );
}

#[test]
fn an_unanswered_event_takes_its_first_option_after_its_deadline() {
    let mut app = until_the_warning();
    let fired_on = app.world().resource::<Calendar>().date;
    let deadline = fired_on.add_days(congress_of_victors::sim::events::DECISION_DAYS + 2);
    advance_until(app.world_mut(), deadline);
    let state = app.world().resource::<EventState>();
    let rec = state
        .history
        .iter()
        .find(|r| r.event == "fixture_warning")
        .expect("the event was settled");
    assert_eq!(rec.chosen_by, "timeout");
    assert_eq!(rec.option, "watch", "the first option is the default");
    assert!(watched(&app));
}

#[test]
fn a_mod_event_naming_an_unknown_figure_is_reported_at_its_line() {
    let dir = std::env::temp_dir().join(format!("cov-bad-event-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        r#"(id: "bad_event", name: "Bad event", version: "1")"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("events/bad.ron"),
        r#"[
    (
        id: "bad_arrest",
        title: "A bad arrest",
        text: "Nobody of that name.",
        options: [(id: "go", text: "Go", effects: [Arrest("kirof")])],
    ),
]
"#,
    )
    .unwrap();
    let content = congress_of_victors::scenario::load::load_dir_with_mods(
        &congress_of_victors::scenario::scenarios_dir(),
        std::slice::from_ref(&dir),
    );
    let d = content
        .diagnostics
        .iter()
        .find(|d| d.message.contains("kirof"))
        .unwrap_or_else(|| panic!("no diagnostic about kirof: {:?}", content.diagnostics));
    assert!(d.file.ends_with("events/bad.ron"), "{}", d.file.display());
    assert_eq!(d.line, 6, "{}", content.sources.render(d));
    assert!(
        content.sources.render(d).contains("kirov"),
        "no suggestion: {}",
        content.sources.render(d)
    );
}

#[test]
fn travel_takes_hours_inside_moscow_and_days_between_regions() {
    let graph = TravelGraph::shared();
    let inside: u32 = graph
        .route("kremlin", "kuntsevo_dacha", 10.0)
        .expect("a road from the Kremlin to Kuntsevo")
        .iter()
        .map(|l| l.1)
        .sum();
    let across: u32 = graph
        .route("leningrad_oblast", "moscow_oblast", 4.0)
        .expect("a railway from Leningrad to Moscow")
        .iter()
        .map(|l| l.1)
        .sum();
    assert!((1..=6).contains(&inside), "Kremlin to Kuntsevo: {inside} h");
    assert!(
        (20..=72).contains(&across),
        "Leningrad to Moscow: {across} h"
    );
    // Slower units take longer over the same road.
    let on_foot: u32 = graph
        .route("kremlin", "kuntsevo_dacha", 4.0)
        .unwrap()
        .iter()
        .map(|l| l.1)
        .sum();
    assert!(on_foot > inside, "{on_foot} h on foot, {inside} h by lorry");

    // A marching unit arrives when its hours are up, and not before.
    let data = crate::fixture();
    let mut app = congress_of_victors::headless_run(&data, 1);
    let hours = order_march(app.world_mut(), "frontier_corps", "moscow_oblast").unwrap();
    let days = hours.div_ceil(24);
    let location = |app: &mut App| {
        let w = app.world_mut();
        w.query::<(&Unit, &UnitState)>()
            .iter(w)
            .find(|(u, _)| u.id == "frontier_corps")
            .map(|(_, s)| s.location.clone())
            .unwrap()
    };
    for _ in 1..days {
        run_tick(app.world_mut());
    }
    assert_ne!(location(&mut app), "moscow_oblast", "arrived early");
    run_tick(app.world_mut());
    assert_eq!(
        location(&mut app),
        "moscow_oblast",
        "not there after {hours} h"
    );
    assert!(order_march(app.world_mut(), "frontier_corps", "atlantis").is_err());
}

/// Issue #8's soak: every shipped scenario to its end date over 50 seeds, AI only,
/// with no panic and no command the rules refuse.
#[test]
fn every_scenario_runs_to_its_end_over_fifty_seeds() {
    let content =
        congress_of_victors::scenario::load_dir(&congress_of_victors::scenario::scenarios_dir());
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    for (_, s) in &content.scenarios {
        let data = content.scenario(&s.id).unwrap();
        let runs = congress_of_victors::sim::batch::run_many(&data, 0, 50, s.end, jobs, &|_| {});
        assert_eq!(runs.len(), 50, "{}", s.id);
        for r in &runs {
            assert_eq!(r.date, s.end, "{} seed {} stopped early", s.id, r.seed);
            assert_eq!(r.commands_rejected, 0, "{} seed {}", s.id, r.seed);
        }
    }
}

#[test]
fn an_event_chain_that_loops_is_reported() {
    let dir = std::env::temp_dir().join(format!("cov-loop-event-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("events")).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        r#"(id: "looping", name: "Looping", version: "1")"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("events/loop.ron"),
        r#"[
    (id: "ping", title: "Ping", text: "…", options: [(id: "go", text: "Go", effects: [FireEvent(event: "pong")])]),
    (id: "pong", title: "Pong", text: "…", trigger: (follow_up_only: true), options: [(id: "go", text: "Go", effects: [FireEvent(event: "ping", days: 3)])]),
]
"#,
    )
    .unwrap();
    let content = congress_of_victors::scenario::load::load_dir_with_mods(
        &congress_of_victors::scenario::scenarios_dir(),
        std::slice::from_ref(&dir),
    );
    let loops: Vec<_> = content
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("loops"))
        .collect();
    assert_eq!(loops.len(), 1, "{:?}", content.diagnostics);
    assert!(loops[0].file.ends_with("events/loop.ron"));
    assert!(loops[0].line >= 2, "{}", content.sources.render(loops[0]));
}
