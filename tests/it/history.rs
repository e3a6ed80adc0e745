//! Distance from real history, the chronicle's causes, and branch-and-compare.
//! On the shipped scenarios: distance from real history is a measure of the shipped
//! content and its milestones, and the causes named are those of its events.

use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::load_scenario;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::chronicle::ChronicleKind;
use congress_of_victors::sim::compare::{Fork, apply_fork, run_both};
use congress_of_victors::sim::snapshot::Summary;

fn mean_divergence(scenario: &str, seeds: std::ops::Range<u64>, until: Date) -> f32 {
    let data = load_scenario(scenario).unwrap_or_else(|_| panic!("{scenario} loads"));
    let n = seeds.end - seeds.start;
    let mut sum = 0.0;
    for seed in seeds {
        let mut app = headless_run(&data, seed);
        advance_until(app.world_mut(), until);
        let s = Summary::take(app.world_mut());
        sum += s.divergence.expect("milestones are due");
        assert!(
            s.diverged_from
                .iter()
                .all(|id| data.common.history.iter().any(|m| &m.id == id))
        );
    }
    sum / n as f32
}

#[test]
fn the_historical_path_stays_closer_to_real_history_than_the_congress_revolt() {
    let until: Date = "1938-01-01".parse().unwrap();
    let smolny = mean_divergence("smolny_1934", 0..12, until);
    let congress = mean_divergence("congress_1934", 0..12, until);
    println!(
        "distance from real history by 1938: Smolny path {smolny:.1}%, Congress {congress:.1}%"
    );
    assert!(
        smolny + 10.0 < congress,
        "the historical scenario should stay nearer history: {smolny} vs {congress}"
    );
    // The monthly record carries it for the chart.
    let data = load_scenario("smolny_1934").unwrap();
    let mut app = headless_run(&data, 1);
    advance_until(app.world_mut(), "1935-06-01".parse().unwrap());
    let trends = app
        .world()
        .resource::<congress_of_victors::sim::politics::factions::Trends>();
    assert!(
        trends
            .months
            .iter()
            .filter(|m| m.divergence.is_some())
            .count()
            >= 6
    );
}

#[test]
fn chronicle_entries_name_the_event_that_caused_them() {
    let data = load_scenario("smolny_1934").unwrap();
    let mut found = false;
    for seed in 0..6 {
        let mut app = headless_run(&data, seed);
        advance_until(app.world_mut(), "1935-03-01".parse().unwrap());
        let c = app.world().resource::<Chronicle>();
        let Some(murder) = c
            .entries
            .iter()
            .find(|e| e.event.as_deref() == Some("smolny_kirov_murder"))
        else {
            continue;
        };
        assert_eq!(murder.kind, ChronicleKind::Event);
        // What the murder set going names it as its cause, and a follow-up of it too.
        let caused: Vec<_> = c
            .entries
            .iter()
            .filter(|e| e.cause.as_deref() == Some("smolny_kirov_murder"))
            .collect();
        assert!(
            !caused.is_empty(),
            "seed {seed}: nothing caused by the murder"
        );
        found = true;
        // Every cause is an event of the data.
        for e in &c.entries {
            if let Some(cause) = &e.cause {
                assert!(data.common.events.iter().any(|x| &x.id == cause), "{cause}");
            }
        }
    }
    assert!(found, "the murder fired in none of 6 seeds");
}

#[test]
fn two_timelines_part_only_when_forked_differently() {
    let data = load_scenario("smolny_1934").unwrap();
    let until: Date = "1935-06-01".parse().unwrap();
    let mut a = headless_run(&data, 3);
    let mut b = headless_run(&data, 3);
    advance_until(a.world_mut(), "1934-11-01".parse().unwrap());
    advance_until(b.world_mut(), "1934-11-01".parse().unwrap());
    // Same moment, same seed, no other choice: the same history.
    apply_fork(b.world_mut(), &Fork::default());
    let same = run_both(a.world_mut(), b.world_mut(), until);
    assert_eq!(same.parted, None);
    assert!(same.fates.is_empty() && same.first_a.is_empty());

    // The same moment with the murder foiled: history parts on the day of the shot.
    let mut a = headless_run(&data, 3);
    let mut b = headless_run(&data, 3);
    advance_until(a.world_mut(), "1934-11-01".parse().unwrap());
    advance_until(b.world_mut(), "1934-11-01".parse().unwrap());
    let fork = Fork {
        seed: None,
        choices: [("smolny_kirov_murder".to_string(), "foiled".to_string())].into(),
    };
    apply_fork(b.world_mut(), &fork);
    let c = run_both(a.world_mut(), b.world_mut(), until);
    let parted = c.parted.expect("the timelines part");
    assert!(parted > "1934-11-01".parse().unwrap() && parted <= until);
    assert!(
        c.first_b.iter().any(|l| l.contains("Smolny")),
        "B's first entries: {:?}",
        c.first_b
    );
}
