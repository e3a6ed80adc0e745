//! What an event's text says holds when it fires: `says` lists the facts of the run a
//! text states, the run records each event that fired without them, and every shipped
//! scenario is run over several seeds to its end with none recorded.

use congress_of_victors::headless_run;
use congress_of_victors::scenario::events::Condition;
use congress_of_victors::scenario::load_scenario;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::events::{EventState, Unsaid};

#[test]
fn an_event_that_fires_against_its_says_is_recorded() {
    let end: congress_of_victors::model::Date = "1950-04-01".parse().unwrap();
    let with_says = |says: Vec<Condition>| {
        let mut data = crate::fixture();
        for ev in &mut data.common.events {
            if ev.id == "fixture_warning" {
                ev.says = says.clone();
            }
        }
        data
    };
    // The warning fires only while the orator is free: saying so holds, saying he is
    // dead does not.
    let mut fired = 0;
    for seed in 0..3 {
        let mut app = headless_run(&with_says(vec![Condition::Free("orator".into())]), seed);
        advance_until(app.world_mut(), end);
        fired += app
            .world()
            .resource::<EventState>()
            .fired
            .get("fixture_warning")
            .copied()
            .unwrap_or(0);
        assert!(app.world().resource::<Unsaid>().0.is_empty(), "seed {seed}");
        let mut app = headless_run(&with_says(vec![Condition::Dead("orator".into())]), seed);
        advance_until(app.world_mut(), end);
        let warned = app
            .world()
            .resource::<EventState>()
            .fired
            .contains_key("fixture_warning");
        let unsaid = &app.world().resource::<Unsaid>().0;
        assert_eq!(
            warned,
            unsaid.iter().any(|(_, e, _)| e == "fixture_warning"),
            "seed {seed}: {unsaid:?}"
        );
    }
    assert!(fired > 0, "the warning never fired");
}

/// Seeds per scenario in `cargo test`; `simulate` prints the same warnings, for runs of
/// hundreds of seeds by hand.
const SEEDS: u64 = 6;

#[test]
fn every_shipped_event_fires_only_when_its_says_hold() {
    let mut failures = Vec::new();
    for id in ["congress_1934", "smolny_1934", "heirs_1924", "ryutin_1932"] {
        let data = load_scenario(id).unwrap_or_else(|_| panic!("{id} loads"));
        let annotated: Vec<&str> = data
            .common
            .events
            .iter()
            .filter(|e| !e.says.is_empty())
            .map(|e| e.id.as_str())
            .collect();
        let mut checked = 0;
        let mut by_event: std::collections::BTreeMap<&str, u32> = Default::default();
        for seed in 0..SEEDS {
            let mut app = headless_run(&data, seed);
            advance_until(app.world_mut(), data.scenario.end);
            let fired = &app.world().resource::<EventState>().fired;
            for e in annotated.iter().filter(|e| fired.contains_key(**e)) {
                checked += 1;
                *by_event.entry(e).or_default() += 1;
            }
            for (date, event, fact) in &app.world().resource::<Unsaid>().0 {
                failures.push(format!(
                    "{id} seed {seed}: `{event}` on {date} without {fact}"
                ));
            }
        }
        println!(
            "{id}: {checked} firings of events with `says` checked over {SEEDS} seeds: {by_event:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
