//! The world outside: a power's relation moves with its terms, a fact comes to pass only
//! if its condition holds on its day, and a bad foreign.ron is reported at its place.
//! The rules run on the fixture with a small made-up world outside of the tests' own.

use bevy::prelude::*;
use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::scenario::foreign::ForeignDef;
use congress_of_victors::scenario::load::parse;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::foreign::Foreign;
use std::path::{Path, PathBuf};

const WORLD: &str = r#"(
    powers: [
        (
            id: "north",
            name: "The Northern Kingdom",
            relation: -20.0,
            terms: [
                (cause: "The border incident", when: Flag("border_incident"), by: -30.0),
                (cause: "The trade treaty", after: "1950-06-01", by: 10.0),
            ],
        ),
        (id: "south", name: "The Southern Republic", relation: 10.0),
    ],
    facts: [
        (date: "1950-04-10", power: "north", text: "The King opens the frontier."),
        (date: "1950-04-10", power: "north", text: "The King's army crosses the frontier.", when: Flag("border_incident")),
    ],
)"#;

const OPENS: &str = "The King opens the frontier.";
const CROSSES: &str = "The King's army crosses the frontier.";

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn with_world() -> ScenarioData {
    let mut data = crate::fixture();
    let world = parse::<ForeignDef>(Path::new("foreign.ron"), WORLD).unwrap();
    data.common.foreign = Some(world);
    data
}

fn set_flag(app: &mut App, flag: &str, on: bool) {
    let mut events = app.world_mut().resource_mut::<EventState>();
    if on {
        events.flags.insert(flag.to_string());
    } else {
        events.flags.remove(flag);
    }
}

fn relation(app: &App, power: &str) -> (f32, Vec<String>) {
    let s = &app.world().resource::<Foreign>().powers[power];
    (
        s.relation,
        s.causes.iter().map(|(c, _)| c.clone()).collect(),
    )
}

fn facts(app: &App) -> Vec<String> {
    let foreign = app.world().resource::<Foreign>();
    foreign.facts.iter().map(|f| f.text.clone()).collect()
}

#[test]
fn a_term_moves_the_relation_in_the_months_its_condition_holds() {
    let mut app = headless_run(&with_world(), 1);
    advance_until(app.world_mut(), date("1950-04-01"));
    let (base, causes) = relation(&app, "north");
    assert!(causes.is_empty(), "{causes:?}");
    // Mid-month the flag is set: the relation moves on the first of the next month, and
    // names its cause.
    set_flag(&mut app, "border_incident", true);
    advance_until(app.world_mut(), date("1950-04-20"));
    assert_eq!(relation(&app, "north").0, base);
    advance_until(app.world_mut(), date("1950-05-01"));
    let (worse, causes) = relation(&app, "north");
    assert_eq!(worse, base - 30.0);
    assert_eq!(causes, vec!["The border incident".to_string()]);
    // Once it no longer holds the term lapses; the treaty's term begins on its day.
    set_flag(&mut app, "border_incident", false);
    advance_until(app.world_mut(), date("1950-06-01"));
    let (now, causes) = relation(&app, "north");
    assert_eq!(now, base + 10.0);
    assert_eq!(causes, vec!["The trade treaty".to_string()]);
    // A power with no terms keeps its relation.
    assert_eq!(relation(&app, "south"), (10.0, Vec::new()));
}

#[test]
fn a_fact_whose_condition_fails_on_its_day_never_comes_to_pass() {
    let mut app = headless_run(&with_world(), 1);
    advance_until(app.world_mut(), date("1950-04-09"));
    assert!(facts(&app).is_empty(), "{:?}", facts(&app));
    advance_until(app.world_mut(), date("1950-04-10"));
    assert_eq!(facts(&app), vec![OPENS.to_string()]);
    // The condition comes to hold after the day: too late.
    set_flag(&mut app, "border_incident", true);
    advance_until(app.world_mut(), date("1950-07-01"));
    assert_eq!(facts(&app), vec![OPENS.to_string()]);

    // The same fact, its condition holding on the day, comes to pass, once.
    let mut app = headless_run(&with_world(), 1);
    advance_until(app.world_mut(), date("1950-04-05"));
    set_flag(&mut app, "border_incident", true);
    advance_until(app.world_mut(), date("1950-07-01"));
    assert_eq!(facts(&app), vec![OPENS.to_string(), CROSSES.to_string()]);
}

#[test]
fn the_summary_carries_the_world_outside_only_where_there_is_one() {
    use congress_of_victors::sim::snapshot::Summary;
    let mut app = headless_run(&with_world(), 1);
    advance_until(app.world_mut(), date("1950-05-01"));
    let json = serde_json::to_value(Summary::take(app.world_mut())).unwrap();
    let north = &json["foreign"]["powers"]["north"];
    assert_eq!(north["relation"].as_f64(), Some(-20.0), "{json:#}");
    assert_eq!(json["foreign"]["facts"][0]["text"].as_str(), Some(OPENS));
    let mut app = headless_run(&crate::fixture(), 1);
    advance_until(app.world_mut(), date("1950-05-01"));
    let json = serde_json::to_value(Summary::take(app.world_mut())).unwrap();
    assert!(
        json.get("foreign").is_none(),
        "no foreign.ron, yet: {json:#}"
    );
}

/// The fixture copied to a fresh folder, with `foreign` as its common/foreign.ron.
fn fixture_with(name: &str, foreign: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &dest);
            } else {
                std::fs::copy(&p, &dest).unwrap();
            }
        }
    }
    let d = std::env::temp_dir().join(format!("cov-foreign-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture"),
        &d,
    );
    std::fs::write(d.join("common/foreign.ron"), foreign).unwrap();
    d
}

/// 1-based line and column of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn a_fact_naming_no_power_and_a_condition_naming_nobody_are_reported_at_their_place() {
    let good = congress_of_victors::scenario::load_dir(&fixture_with("good", WORLD));
    assert!(good.diagnostics.is_empty(), "{:?}", good.diagnostics);
    let bad = WORLD
        .replace(
            r#"power: "north", text: "The King's army"#,
            r#"power: "nrth", text: "The King's army"#,
        )
        .replace(r#"Flag("border_incident")"#, r#"Free("nobody")"#);
    let dir = fixture_with("bad", &bad);
    let content = congress_of_victors::scenario::load_dir(&dir);
    let file = dir.join("common/foreign.ron");
    let found = |what: &str| {
        content
            .diagnostics
            .iter()
            .find(|d| d.file == file && d.message.contains(what))
            .unwrap_or_else(|| panic!("no diagnostic for {what}: {:?}", content.diagnostics))
    };
    let d = found("no power `nrth`");
    assert_eq!((d.line, d.column), place(&bad, "\"nrth\""));
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `north`?"));
    let d = found("no figure `nobody`");
    assert_eq!((d.line, d.column), place(&bad, "\"nobody\""));
}
