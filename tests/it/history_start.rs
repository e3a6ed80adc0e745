//! Each scenario opens with the offices of docs/history.md's start-date table, and the
//! 17th Congress seats the leadership it elected on the historical path.
//! On the shipped scenarios by nature: this is the content checked against the record.

use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::load_scenario;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::politics::institutions::Office;
use std::collections::{BTreeMap, BTreeSet};

type Table = BTreeMap<String, BTreeSet<String>>;

/// The tables of docs/history.md, by section heading: `(heading, office -> holders)`.
fn tables() -> Vec<(String, Table)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/history.md");
    let text = std::fs::read_to_string(&path).expect("docs/history.md is readable");
    let mut out: Vec<(String, Table)> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push((h.trim().to_string(), Table::new()));
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // `| `office` | holders | source |` splits into ["", office, holders, source, ""].
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let office = cells[1].trim_matches('`').to_string();
        let holders: BTreeSet<String> = if cells[2] == "none" {
            BTreeSet::new()
        } else {
            cells[2].split(',').map(|s| s.trim().to_string()).collect()
        };
        if let Some((_, t)) = out.last_mut() {
            t.insert(office, holders);
        }
    }
    out
}

/// The start-date table of a scenario, from the heading `<id> — <date>`.
fn start_table(id: &str) -> (Date, Table) {
    let (heading, table) = tables()
        .into_iter()
        .find(|(h, _)| h.split_whitespace().next() == Some(id))
        .unwrap_or_else(|| panic!("docs/history.md has no table for {id}"));
    let date = heading
        .rsplit(' ')
        .next()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("the heading `{heading}` ends with its date"));
    (date, table)
}

fn holders(world: &mut bevy::prelude::World) -> Table {
    let mut q = world.query::<&Office>();
    q.iter(world)
        .map(|o| {
            (
                o.key.to_string(),
                o.holders.iter().map(ToString::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn each_scenario_opens_with_the_offices_of_its_start_date_table() {
    for id in ["congress_1934", "smolny_1934", "heirs_1924", "ryutin_1932"] {
        let (date, table) = start_table(id);
        let data = load_scenario(id).unwrap_or_else(|_| panic!("{id} loads"));
        assert_eq!(
            data.scenario.start, date,
            "{id}: the table's date is the start"
        );
        // The scenario file holds exactly the table's lists.
        let file: Table = data
            .scenario
            .offices
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.iter().map(ToString::to_string).collect()))
            .collect();
        let wanted: Table = table
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(
            file, wanted,
            "{id}: scenario offices differ from docs/history.md"
        );
        // And on the day after the start every one of them still sits.
        let mut app = headless_run(&data, 1);
        advance_until(app.world_mut(), date.add_days(1));
        let seated = holders(app.world_mut());
        for (office, who) in &wanted {
            let now = seated.get(office).cloned().unwrap_or_default();
            let missing: Vec<_> = who.difference(&now).collect();
            assert!(
                missing.is_empty(),
                "{id}: {missing:?} no longer hold {office} on the day after the start"
            );
        }
    }
}

/// The Politburo and Secretariat that the table says the 17th Congress elected.
fn elected() -> Table {
    let (_, t) = tables()
        .into_iter()
        .find(|(h, _)| h.starts_with("What the 17th Congress elects"))
        .expect("docs/history.md lists what the Congress elected");
    t.into_iter()
        .filter(|(k, _)| k.starts_with("politburo.") || k == "secretariat.secretary")
        .map(|(k, v)| {
            // "kaganovich, kirov, zhdanov (and Stalin ...)": the ids before any remark.
            let ids = v
                .iter()
                .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                .collect();
            (k, ids)
        })
        .collect()
}

/// Whether Kirov refused the offer, and the offices that differ from the elected table.
fn leadership_after_the_congress(scenario: &str, seed: u64) -> (bool, Vec<String>) {
    let data = load_scenario(scenario).unwrap();
    let mut app = headless_run(&data, seed);
    advance_until(app.world_mut(), "1934-02-12".parse().unwrap());
    assert!(app.world().resource::<Calendar>().date >= "1934-02-12".parse().unwrap());
    let refused = app
        .world()
        .resource::<EventState>()
        .fired
        .contains_key("congress_kirov_refuses");
    let seated = holders(app.world_mut());
    let differ = elected()
        .into_iter()
        .filter(|(office, who)| seated.get(office) != Some(who))
        .map(|(office, _)| format!("{office}: {:?}", seated.get(&office)))
        .collect();
    (refused, differ)
}

#[test]
fn the_seventeenth_congress_elects_the_historical_leadership() {
    let table = elected();
    assert_eq!(table.get("politburo.member").map(BTreeSet::len), Some(10));
    assert_eq!(table.get("politburo.candidate").map(BTreeSet::len), Some(5));
    // The historical scenario: every run.
    for seed in 0..4 {
        let (_, differ) = leadership_after_the_congress("smolny_1934", seed);
        assert!(differ.is_empty(), "smolny_1934 seed {seed}: {differ:?}");
    }
    // The flagship on its historical branch (Kirov refused the offer): most runs.
    let (mut refused, mut matching) = (0, 0);
    for seed in 0..30 {
        let (r, differ) = leadership_after_the_congress("congress_1934", seed);
        if r {
            refused += 1;
            matching += usize::from(differ.is_empty());
        }
    }
    println!("congress_1934: {matching} of {refused} runs where Kirov refused match");
    assert!(refused > 0, "no run took the historical branch");
    assert!(
        matching * 10 >= refused * 8,
        "only {matching} of {refused} historical runs seat the elected leadership"
    );
}
