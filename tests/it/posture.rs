//! The army's posture before the war and the war's moments for every side: decisions
//! about the army go to the side that holds it, its answers move the reckoning the way
//! docs/reckoning.md says, and a side out of power has its own moments in the war.

use bevy::prelude::*;
use congress_of_victors::headless_app;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::scenario::events::{Condition, EventDef};
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::events::conditions::holds;
use congress_of_victors::sim::politics::congress::PendingDecisions;
use congress_of_victors::sim::reckoning::{Reckoning, if_war_came_today};
use congress_of_victors::sim::spawn::start_run;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

const STORES: &str = r#"[(
    id: "test_stores",
    title: "The stores",
    text: "Where do the stores go?",
    kind: "war",
    army_side: true,
    trigger: (conditions: [Month([4])], mean_days: 3.0),
    options: [(id: "depth", text: "In depth", effects: [SetFlag("stores_in_depth")])],
)]"#;

/// The fixture with an army-side event; `army_held` false leaves every army office empty.
fn fixture_with_stores(army_held: bool) -> ScenarioData {
    let mut data = crate::fixture();
    let added: Vec<EventDef> =
        congress_of_victors::scenario::load::parse(std::path::Path::new("test.ron"), STORES)
            .unwrap_or_else(|e| panic!("the test's events: {}", e.message));
    data.common.events.extend(added);
    if !army_held {
        for (office, holders) in data.scenario.offices.iter_mut() {
            if office.institution() == "army" {
                holders.clear();
            }
        }
    }
    data
}

fn run(data: &ScenarioData, seed: u64, side: Option<&str>) -> App {
    let mut app = headless_app();
    start_run(app.world_mut(), data, seed, side.map(Into::into));
    app
}

fn deciders(app: &App, id: &str) -> Vec<Option<String>> {
    app.world()
        .resource::<EventState>()
        .history
        .iter()
        .filter(|r| r.event == id)
        .map(|r| r.side.as_ref().map(|s| s.to_string()))
        .collect()
}

fn asked(app: &App, title: &str) -> Vec<String> {
    app.world()
        .resource::<PendingDecisions>()
        .items
        .iter()
        .filter(|d| d.title == title)
        .map(|d| d.side.to_string())
        .collect()
}

#[test]
fn the_armys_posture_goes_to_the_side_that_holds_the_army() {
    // The officers' general is the commissar: the officers decide, though the
    // Chairman's men rule.
    let data = fixture_with_stores(true);
    let mut app = run(&data, 1, Some("officers"));
    advance_until(app.world_mut(), date("1950-04-30"));
    assert_eq!(asked(&app, "The stores"), ["officers"]);
    let mut app = run(&data, 1, Some("chair"));
    advance_until(app.world_mut(), date("1950-04-30"));
    assert!(asked(&app, "The stores").is_empty());
    assert_eq!(
        deciders(&app, "test_stores"),
        [Some("officers".to_string())]
    );
    // Nobody holds the army: the side in power decides.
    let data = fixture_with_stores(false);
    let mut app = run(&data, 1, Some("chair"));
    advance_until(app.world_mut(), date("1950-04-30"));
    assert_eq!(asked(&app, "The stores"), ["chair"]);
}

const POSTURE: [&str; 9] = [
    "forward_deployment",
    "old_line_held",
    "depots_forward",
    "depots_in_depth",
    "quiet_readiness",
    "night_alert",
    "no_night_alert",
    "warnings_heeded",
    "anti_nazi_pact",
];

/// The campaign if the invasion came on the eve, with these posture flags and no others.
fn outlook_with(app: &mut App, flags: &[&str]) -> Reckoning {
    let mut state = app.world_mut().resource_mut::<EventState>();
    for f in POSTURE {
        state.flags.remove(f);
    }
    for f in flags {
        state.flags.insert((*f).into());
    }
    if_war_came_today(app.world_mut()).expect("the flagship runs to the invasion")
}

/// A history whose army stands near the record's on the eve (strength about 1.06,
/// surprise 0.9): its pace is not held at the bounds of `pace_range`.
const ARMY_SEED: u64 = 87;

fn centre_km(r: &Reckoning) -> f32 {
    r.front_km("centre")
}

#[test]
fn the_armys_posture_moves_the_reckoning_in_its_documented_direction() {
    let data = crate::flagship();
    let mut app = run(&data, ARMY_SEED, None);
    advance_until(app.world_mut(), date("1941-06-01"));
    let record = outlook_with(&mut app, &["forward_deployment", "depots_forward"]);
    // Depots in depth: fewer men caught in the first weeks, the front slower.
    let depth = outlook_with(&mut app, &["forward_deployment", "depots_in_depth"]);
    assert!(depth.captured < record.captured, "{depth:?} {record:?}");
    assert!(depth.strength > record.strength && depth.surprise < record.surprise);
    assert!(centre_km(&depth) <= centre_km(&record));
    assert!(
        depth.causes.iter().any(|c| c.contains("in depth")),
        "{:?}",
        depth.causes
    );
    // The record's answers are the calibrated pace: named, they change nothing.
    let unnamed = outlook_with(&mut app, &[]);
    assert!(record.causes.iter().any(|c| c.contains("Depots pressed")));
    assert_eq!(unnamed.strength, record.strength);
    assert_eq!(
        unnamed.front, record.front,
        "the record's answers carry no term"
    );
    assert_eq!(unnamed.captured, record.captured);
    // The stores kept in depth count again from the week after Minsk falls: the same
    // campaign until then, slower after.
    let def = data.common.reckoning.clone().expect("a reckoning");
    let with_causes = |causes: Vec<String>| {
        congress_of_victors::sim::reckoning::campaign(
            &def,
            depth.army.clone(),
            depth.strength,
            depth.surprise,
            causes,
        )
    };
    let outlives = |c: &String| c.contains("outlive Minsk");
    assert!(depth.causes.iter().any(outlives), "{:?}", depth.causes);
    let without: Vec<String> = depth
        .causes
        .iter()
        .filter(|c| !outlives(c))
        .cloned()
        .collect();
    let (with, without) = (with_causes(depth.causes.clone()), with_causes(without));
    let minsk = week_fallen(&with, "minsk").expect("Minsk falls");
    assert_eq!(week_fallen(&without, "minsk"), Some(minsk));
    let (w, wo) = (&with.front["centre"], &without.front["centre"]);
    assert_eq!(w[..=minsk], wo[..=minsk], "the same until Minsk falls");
    assert!(w[minsk + 1] < wo[minsk + 1], "{w:?} {wo:?}");
    assert!(with.losses < without.losses);
    // The old line manned against the army forward.
    let old_line = outlook_with(&mut app, &["old_line_held", "depots_forward"]);
    assert!(old_line.strength > record.strength);
    assert!(centre_km(&old_line) < centre_km(&record));
    // Readiness raised quietly, the night's alert in plain words: less surprise, fewer
    // captured; no alert at all: more.
    let quiet = outlook_with(
        &mut app,
        &["forward_deployment", "depots_forward", "quiet_readiness"],
    );
    let plain = outlook_with(
        &mut app,
        &["forward_deployment", "depots_forward", "night_alert"],
    );
    let asleep = outlook_with(
        &mut app,
        &["forward_deployment", "depots_forward", "no_night_alert"],
    );
    for (name, r) in [
        ("the record's posture", &record),
        ("depots in depth", &depth),
        ("the old line manned", &old_line),
        ("readied quietly", &quiet),
        ("the night's alert in plain words", &plain),
        ("no alert on the night", &asleep),
    ] {
        let fell: Vec<String> = r
            .places
            .iter()
            .filter_map(|p| Some(format!("{} {}", p.name, p.fell.or(p.besieged)?)))
            .collect();
        eprintln!(
            "{name}: strength {:.3}, surprise {:.2}, {} lost, {} captured, centre {:.0} km; {}",
            r.strength,
            r.surprise,
            r.losses,
            r.captured,
            centre_km(r),
            fell.join(", ")
        );
    }
    assert!(quiet.captured < plain.captured && plain.captured < record.captured);
    assert!(asleep.captured > record.captured);
    assert!(asleep.losses > record.losses);
    // Readiness on the night: fewer aircraft caught on their fields the first day.
    assert!(record.aircraft_lost > 0);
    assert!(plain.aircraft_lost < record.aircraft_lost);
    assert!(quiet.aircraft_lost < record.aircraft_lost);
    assert!(asleep.aircraft_lost > record.aircraft_lost);
}

/// The week (0-based) a place fell in.
fn week_fallen(r: &Reckoning, place: &str) -> Option<usize> {
    let fell = r.places.iter().find(|p| p.id == place)?.fell?;
    Some((r.date.days_until(fell) / 7 - 1) as usize)
}

#[test]
fn the_old_line_manned_gives_up_the_first_days_and_saves_men_from_encirclement() {
    let data = crate::flagship();
    let mut app = run(&data, ARMY_SEED, None);
    advance_until(app.world_mut(), date("1941-06-01"));
    let forward = outlook_with(&mut app, &["forward_deployment"]);
    let old_line = outlook_with(&mut app, &["old_line_held"]);
    assert!(
        old_line
            .causes
            .iter()
            .any(|c| c.contains("old fortified line"))
    );
    let share = |r: &Reckoning| f64::from(r.captured) / f64::from(r.losses);
    assert!(
        share(&old_line) + 0.02 < share(&forward),
        "{} {}",
        share(&old_line),
        share(&forward)
    );
    // The same army on the day, on the old line or forward (the old line's guns aside):
    // the first weeks go faster without the border battles, the week after them at the
    // same pace (later, the front further on nears a culmination sooner).
    let def = data.common.reckoning.clone().expect("a reckoning");
    let same_army = |causes: Vec<String>| {
        congress_of_victors::sim::reckoning::campaign(
            &def,
            forward.army.clone(),
            forward.strength,
            forward.surprise,
            causes,
        )
    };
    let (o, f) = (
        same_army(old_line.causes.clone()),
        same_army(forward.causes.clone()),
    );
    for axis in ["north", "centre", "south"] {
        let (o, f) = (&o.front[axis], &f.front[axis]);
        // At the end of the surprise weeks (the first week may be held at `max_week_km`).
        assert!(o[3] > f[3], "{axis}: {o:?} {f:?}");
        let late = |v: &[f32]| v[4] - v[3];
        assert!((late(o) - late(f)).abs() < 0.2, "{axis}: {o:?} {f:?}");
    }
}

/// The sides of the flagship whose faction does not rule and still has members free.
fn out_of_power(app: &mut App, data: &ScenarioData) -> Vec<String> {
    data.scenario
        .sides
        .iter()
        .filter(|s| {
            let ruling = holds(
                app.world_mut(),
                &Condition::RulerFaction(s.faction.to_string()),
            );
            let free = holds(
                app.world_mut(),
                &Condition::FreeMembers {
                    faction: s.faction.to_string(),
                    at_least: 1,
                },
            );
            !ruling && free
        })
        .map(|s| s.id.to_string())
        .collect()
}

#[test]
fn a_side_out_of_power_is_offered_a_war_decision() {
    let data = crate::flagship();
    let mut shown = 0;
    for seed in 1..=4 {
        let mut app = run(&data, seed, None);
        advance_until(app.world_mut(), date("1941-06-21"));
        let before = out_of_power(&mut app, &data);
        advance_until(app.world_mut(), date("1941-09-01"));
        if !holds(app.world_mut(), &Condition::Fallen("minsk".into())) {
            continue;
        }
        // Sides out of power on the eve and still so: each was asked when Minsk fell.
        let after = out_of_power(&mut app, &data);
        for side in before.iter().filter(|s| after.contains(s)) {
            let id = format!("war_sides_dacha_{side}");
            assert_eq!(
                deciders(&app, &id).len(),
                1,
                "seed {seed}: {side} out of power, Minsk fallen, {id} not decided"
            );
            shown += 1;
        }
    }
    assert!(shown > 0, "no seed had a side out of power when Minsk fell");
}

/// A modifier that waits for a place no axis has, or whose factor is not a factor, is
/// named at its line and column, with the nearest place.
#[test]
fn a_modifier_waiting_for_a_place_not_on_any_axis_is_named_where_it_stands() {
    use congress_of_victors::scenario::reckoning::{ReckoningModifier, validate};
    let mut def = crate::flagship().common.reckoning.expect("a reckoning");
    let path = std::path::Path::new("reckoning.ron");
    let text = r#"(modifiers: [
    (cause: "Stores lost", when: Flag("x"), once_fallen: "minks", strength: 0.9),
    (cause: "Aircraft", when: Flag("y"), aircraft: 0.0),
])"#;
    let modifier = |cause: &str, place: Option<&str>, aircraft: f32| ReckoningModifier {
        cause: cause.into(),
        when: Condition::Flag("x".into()),
        strength: 0.9,
        surprise: 0.0,
        once_fallen: place.map(String::from),
        early_pace: 1.0,
        captured: 1.0,
        aircraft,
    };
    def.modifiers = vec![
        modifier("Stores lost", Some("minks"), 1.0),
        modifier("Aircraft", None, 0.0),
        modifier("Fine", Some("minsk"), 0.5),
    ];
    let mut diags = Vec::new();
    validate(&def, &[], path, text, &mut diags);
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.message.starts_with("modifier"))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].message.contains("no place `minks`"), "{found:?}");
    assert_eq!(
        found[0].suggestion.as_deref(),
        Some("did you mean `minsk`?")
    );
    let line = text.lines().nth(1).unwrap_or_default();
    let column = line.find("\"minks\"").map(|c| c + 1);
    assert_eq!((found[0].line, Some(found[0].column)), (2, column));
    assert!(found[1].message.contains("`Aircraft`"), "{found:?}");
    assert_eq!(found[1].line, 3);
}
