//! The long game's machinery: the country's recurring business put to whoever rules,
//! decisions that move the country's quantities, sides broken when nobody of theirs is
//! free; and, on the flagship, that every side has something to decide all the way.

use bevy::prelude::*;
use congress_of_victors::headless_app;
use congress_of_victors::model::{Date, FigureStatus};
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::scenario::events::EventDef;
use congress_of_victors::sim::Ids;
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::country::Country;
use congress_of_victors::sim::events::EventState;
use congress_of_victors::sim::intrigue::paranoia::Suspicion;
use congress_of_victors::sim::people::Standing;
use congress_of_victors::sim::politics::congress::PendingDecisions;
use congress_of_victors::sim::politics::sides::SideFates;
use congress_of_victors::sim::spawn::start_run;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The fixture with these events added (RON, a list of events).
fn fixture_with(events: &str) -> ScenarioData {
    let mut data = crate::fixture();
    let added: Vec<EventDef> =
        congress_of_victors::scenario::load::parse(std::path::Path::new("test.ron"), events)
            .unwrap_or_else(|e| panic!("the test's events: {}", e.message));
    data.common.events.extend(added);
    data
}

fn run(data: &ScenarioData, seed: u64, side: Option<&str>) -> App {
    let mut app = headless_app();
    start_run(app.world_mut(), data, seed, side.map(Into::into));
    app
}

fn fired(app: &App, id: &str) -> Vec<(Date, Option<String>)> {
    app.world()
        .resource::<EventState>()
        .history
        .iter()
        .filter(|r| r.event == id)
        .map(|r| (r.date, r.side.as_ref().map(|s| s.to_string())))
        .collect()
}

fn set_status(app: &mut App, figure: &str, status: FigureStatus) {
    let e = app.world().resource::<Ids>().figures[figure];
    app.world_mut().get_mut::<Standing>(e).unwrap().status = status;
}

const YEARLY: &str = r#"[(
    id: "test_yearly",
    title: "The spring accounts",
    text: "The accounts are in.",
    ruling_side: true,
    trigger: (conditions: [Month([4])], mean_days: 3.0, repeat: true),
    options: [(id: "file", text: "File them", effects: [Country(quantity: "stock", by: 7.0)])],
)]"#;

#[test]
fn a_recurring_event_comes_back_once_in_its_month_every_year() {
    let data = fixture_with(YEARLY);
    for seed in 1..=4 {
        let mut app = run(&data, seed, None);
        advance_until(app.world_mut(), date("1952-03-01"));
        let dates: Vec<Date> = fired(&app, "test_yearly").iter().map(|f| f.0).collect();
        assert_eq!(
            dates.len(),
            2,
            "seed {seed}: once each April, got {dates:?}"
        );
        assert!(
            dates.iter().all(|d| d.month == 4) && dates[0].year == 1950 && dates[1].year == 1951,
            "seed {seed}: {dates:?}"
        );
    }
}

#[test]
fn the_countrys_business_goes_to_the_side_that_rules() {
    let data = fixture_with(YEARLY);
    // The Chairman's men rule: a player on their side is asked...
    assert_the_player_is_asked_the_spring_accounts(&data, "chair");
    // ...a player on another side is not: the AI decides for the rulers, and the record
    // names the side that decided.
    let mut app = run(&data, 1, Some("moderates"));
    advance_until(app.world_mut(), date("1950-04-30"));
    assert!(
        !app.world()
            .resource::<PendingDecisions>()
            .items
            .iter()
            .any(|d| d.title == "The spring accounts")
    );
    let f = fired(&app, "test_yearly");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].1.as_deref(), Some("chair"));
}

/// A side's id need not be its faction's: the ruling side is the side of the ruling
/// faction, whatever it is called.
#[test]
fn the_countrys_business_goes_to_the_ruling_side_by_its_faction_not_its_name() {
    let mut data = fixture_with(YEARLY);
    let chair = data
        .scenario
        .sides
        .iter_mut()
        .find(|s| s.faction == "chair")
        .expect("the Chairman's side");
    chair.id = "presidium".into();
    assert_the_player_is_asked_the_spring_accounts(&data, "presidium");
}

/// Plays `side` to the end of April 1950 and asserts that it was asked the country's
/// spring accounts.
fn assert_the_player_is_asked_the_spring_accounts(data: &ScenarioData, side: &str) {
    let mut app = run(data, 1, Some(side));
    advance_until(app.world_mut(), date("1950-04-30"));
    let pending = &app.world().resource::<PendingDecisions>().items;
    let asked: Vec<&str> = pending.iter().map(|d| d.side.as_str()).collect();
    assert!(
        pending
            .iter()
            .any(|d| d.title == "The spring accounts" && d.side == side),
        "{asked:?}"
    );
}

#[test]
fn a_decision_on_the_country_moves_it_next_month_under_its_title() {
    let plain = crate::fixture();
    let data = fixture_with(YEARLY);
    let mut with = run(&data, 3, None);
    let mut without = run(&plain, 3, None);
    advance_until(with.world_mut(), date("1950-04-30"));
    advance_until(without.world_mut(), date("1950-04-30"));
    let before = with.world().resource::<Country>().value("stock").unwrap();
    assert_eq!(fired(&with, "test_yearly").len(), 1);
    assert_eq!(
        before,
        without
            .world()
            .resource::<Country>()
            .value("stock")
            .unwrap(),
        "nothing moves before the month's turn"
    );
    advance_until(with.world_mut(), date("1950-05-01"));
    advance_until(without.world_mut(), date("1950-05-01"));
    let country = with.world().resource::<Country>();
    let got = country.value("stock").unwrap();
    let other = without
        .world()
        .resource::<Country>()
        .value("stock")
        .unwrap();
    assert!((got - other - 7.0).abs() < 1e-4, "{got} against {other}");
    assert!(
        country.causes["stock"].contains(&("The spring accounts".to_string(), 7.0)),
        "{:?}",
        country.causes["stock"]
    );
    // Counted once: the next month has no such cause.
    advance_until(with.world_mut(), date("1950-06-01"));
    let causes = &with.world().resource::<Country>().causes["stock"];
    assert!(
        !causes.iter().any(|(c, _)| c == "The spring accounts"),
        "{causes:?}"
    );
}

#[test]
fn a_side_with_nobody_free_is_broken_until_one_of_its_men_is_free_again() {
    let data = crate::fixture();
    let mut app = run(&data, 1, None);
    advance_until(app.world_mut(), date("1950-03-10"));
    assert_eq!(
        app.world().resource::<SideFates>().broken_since("officers"),
        None
    );
    set_status(&mut app, "marshal", FigureStatus::Imprisoned);
    set_status(&mut app, "colonel", FigureStatus::Executed);
    advance_until(app.world_mut(), date("1950-03-12"));
    assert_eq!(
        app.world().resource::<SideFates>().broken_since("officers"),
        None,
        "the general is free"
    );
    set_status(&mut app, "general", FigureStatus::Exiled);
    advance_until(app.world_mut(), date("1950-03-14"));
    let since = app.world().resource::<SideFates>().broken_since("officers");
    assert!(
        since.is_some_and(|d| d <= date("1950-03-14") && d > date("1950-03-12")),
        "{since:?}"
    );
    assert_eq!(
        app.world().resource::<SideFates>().broken_since("chair"),
        None
    );
    set_status(&mut app, "marshal", FigureStatus::Free);
    advance_until(app.world_mut(), date("1950-03-16"));
    assert_eq!(
        app.world().resource::<SideFates>().broken_since("officers"),
        None
    );
}

#[test]
fn a_factions_members_are_touched_only_while_free() {
    let data = fixture_with(
        r#"[(
        id: "test_watch_officers",
        title: "The officers are watched",
        text: "Someone is writing names down.",
        trigger: (after: "1950-03-05", mean_days: 0.0),
        options: [(id: "ok", text: "So be it", effects: [MembersSuspicion(faction: "officers", by: 10.0), MembersPopularity(faction: "officers", by: -5.0)])],
    )]"#,
    );
    let mut app = run(&data, 2, None);
    advance_until(app.world_mut(), date("1950-03-04"));
    set_status(&mut app, "colonel", FigureStatus::Imprisoned);
    let suspicion = |app: &App, f: &str| {
        app.world()
            .resource::<Suspicion>()
            .0
            .get(f)
            .copied()
            .unwrap_or(0.0)
    };
    let popularity = |app: &mut App, f: &str| {
        let e = app.world().resource::<Ids>().figures[f];
        app.world().get::<Standing>(e).unwrap().popularity
    };
    let (marshal, colonel) = (suspicion(&app, "marshal"), suspicion(&app, "colonel"));
    let (marshal_pop, colonel_pop) = (
        popularity(&mut app, "marshal"),
        popularity(&mut app, "colonel"),
    );
    // Run only the day the event fires, so that the weekly drift does not blur it.
    advance_until(app.world_mut(), date("1950-03-05"));
    assert_eq!(fired(&app, "test_watch_officers").len(), 1);
    assert!(
        suspicion(&app, "marshal") >= marshal + 9.0,
        "{marshal} -> {}",
        suspicion(&app, "marshal")
    );
    assert!(
        suspicion(&app, "colonel") < colonel + 1.0,
        "the colonel is in the cells"
    );
    assert!(popularity(&mut app, "marshal") <= marshal_pop - 4.0);
    assert!(popularity(&mut app, "colonel") > colonel_pop - 1.0);
}

/// The flagship gives each side something to decide at least every four months until it
/// is broken (what only the shipped events can show; scripts/decision-gaps measures
/// the median over many runs).
#[test]
fn on_the_flagship_every_side_decides_all_the_way_to_1941() {
    let data = crate::flagship();
    let start = date("1934-03-01");
    for seed in [1, 2] {
        let mut app = run(&data, seed, None);
        advance_until(app.world_mut(), date("1941-06-22"));
        let fates = app.world().resource::<SideFates>().clone();
        let history = app.world().resource::<EventState>().history.clone();
        for side in &data.scenario.sides {
            let stop = fates
                .broken_since(side.id.as_str())
                .unwrap_or(date("1941-06-22"))
                .max(start);
            let mut days: Vec<Date> = history
                .iter()
                .filter(|r| {
                    let named = data
                        .common
                        .events
                        .iter()
                        .find(|e| e.id == r.event)
                        .and_then(|e| e.side.clone());
                    r.side.clone().or(named).as_ref() == Some(&side.id)
                })
                .map(|r| r.date)
                .filter(|d| *d >= start && *d <= stop)
                .collect();
            days.insert(0, start);
            days.push(stop);
            let longest = days
                .windows(2)
                .map(|w| w[0].days_until(w[1]))
                .max()
                .unwrap();
            assert!(
                longest <= 125,
                "seed {seed}: side {} went {longest} days without a decision (broken: {:?})",
                side.id,
                fates.broken_since(side.id.as_str())
            );
        }
    }
}

/// A mod in a fresh folder with one events file, and the shipped content checked with
/// it: the folder (to remove) and the loaded content with its diagnostics.
fn check_with_mod(
    name: &str,
    events: &str,
) -> (
    std::path::PathBuf,
    congress_of_victors::scenario::load::Content,
) {
    let m = std::env::temp_dir().join(format!("cov-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&m);
    std::fs::create_dir_all(m.join("events")).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        format!("(id: \"{name}\", name: \"{name}\", version: \"0\")"),
    )
    .unwrap();
    std::fs::write(m.join(format!("events/{name}.ron")), events).unwrap();
    let content = congress_of_victors::scenario::load::check_paths_with_mods(
        &[congress_of_victors::scenario::scenarios_dir()],
        std::slice::from_ref(&m),
    );
    (m, content)
}

#[test]
fn bad_recurring_events_are_refused_at_their_place() {
    let (m, content) = check_with_mod(
        "bad",
        r#"[
    (
        id: "bad_month",
        title: "T",
        text: "T",
        ruling_side: true,
        trigger: (conditions: [Any([Month([13])])], repeat: true),
        options: [(id: "a", text: "A", effects: [Country(quantity: "grian_reserve", by: 1.0)])],
    ),
    (
        id: "bad_chooser",
        scenarios: ["congress_1934"],
        title: "T",
        text: "T",
        side: "reformers",
        ruling_side: true,
        options: [(id: "a", text: "A", effects: [MembersSuspicion(faction: "reformrs", by: 1.0)])],
    ),
]"#,
    );
    let msgs: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file.display(),
                d.line,
                d.column,
                d.message
            )
        })
        .collect();
    let all = msgs.join("\n");
    let at = |line: usize, text: &str| {
        msgs.iter()
            .any(|x| x.contains(&format!("bad.ron:{line}:")) && x.contains(text))
    };
    assert!(at(3, "month 13 is outside 1..=12"), "{all}");
    assert!(at(8, "no quantity `grian_reserve`"), "{all}");
    assert!(at(11, "one chooser only"), "{all}");
    assert!(at(17, "no faction `reformrs`"), "{all}");
    let _ = std::fs::remove_dir_all(&m);
}

#[test]
fn a_flag_set_and_read_by_nothing_is_warned_at_its_place() {
    let (m, content) = check_with_mod(
        "flags",
        r#"[
    (
        id: "sets_two_flags",
        title: "T",
        text: "T",
        options: [(id: "a", text: "A", effects: [SetFlag("deep_operations"), SetFlag("nobody_asks")])],
    ),
]"#,
    );
    let flags: Vec<String> = content
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("read by nothing"))
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                d.file.display(),
                d.line,
                d.column,
                d.message
            )
        })
        .collect();
    // The reckoning reads the first; nothing reads the second; the shipped content has
    // no such flag.
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert!(
        flags[0].contains("flags.ron:6:") && flags[0].contains("`nobody_asks`"),
        "{flags:?}"
    );
    assert!(
        content
            .diagnostics
            .iter()
            .all(|d| d.severity != congress_of_victors::scenario::Severity::Error),
        "a warning, not an error"
    );
    let _ = std::fs::remove_dir_all(&m);
}

#[test]
fn the_outlook_of_1941_is_taken_each_month_where_the_scenario_reaches_it() {
    use congress_of_victors::sim::reckoning::{ArmyOutlook, if_war_came_today};
    let mut app = run(&crate::flagship(), 1, None);
    advance_until(app.world_mut(), date("1935-01-15"));
    let outlook = app.world().resource::<ArmyOutlook>().0.clone();
    let r = outlook.expect("the flagship runs to the invasion");
    assert!(r.strength > 0.0 && r.weeks > 0, "{r:?}");
    // Taken on the first of the month: the same as the rules' own answer then.
    let mut again = run(&crate::flagship(), 1, None);
    advance_until(again.world_mut(), date("1935-01-01"));
    let then = if_war_came_today(again.world_mut()).unwrap();
    assert_eq!(then.strength, r.strength);
    // The fixture has no reckoning: nothing to foresee.
    let mut fixture = run(&crate::fixture(), 1, None);
    advance_until(fixture.world_mut(), date("1950-05-02"));
    assert!(fixture.world().resource::<ArmyOutlook>().0.is_none());
}
