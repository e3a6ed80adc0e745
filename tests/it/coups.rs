//! A coup as it strikes: not every regiment called out marches, and each coup's end is
//! recorded. On the fixture world: the officers' plot strikes at once against the
//! Chairman's police and bodyguard.

use bevy::prelude::*;
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
use congress_of_victors::sim::forces::staging::Battles;
use congress_of_victors::sim::intrigue::plots::Plot;
use congress_of_victors::sim::intrigue::purges::PurgeRecord;
use congress_of_victors::sim::intrigue::regiments::{FOLLOW_RANGE, follow_chance};
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::spawn::start_run;

#[test]
fn a_known_able_commander_is_followed_more_than_a_stranger_against_a_popular_leader() {
    let able = follow_chance(Some((60.0, 9.0)), false, 50.0);
    let obscure = follow_chance(Some((20.0, 4.0)), false, 50.0);
    assert!(able > obscure, "{able} {obscure}");
    // Sworn to the plot, he brings his men more surely.
    assert!(follow_chance(Some((20.0, 4.0)), true, 50.0) > obscure);
    // Against a popular leader the men hold back.
    assert!(follow_chance(Some((60.0, 9.0)), false, 90.0) < able);
    // A unit with no commander of its own follows a coup least of all.
    assert_eq!(follow_chance(None, false, 50.0), FOLLOW_RANGE.0);
    for c in [Some((100.0, 10.0)), Some((0.0, 0.0)), None] {
        for leader in [0.0, 100.0] {
            let p = follow_chance(c, true, leader);
            assert!((FOLLOW_RANGE.0..=FOLLOW_RANGE.1).contains(&p), "{p}");
        }
    }
}

/// The officers' coup struck at once on `seed`; returns the world a week later.
fn coup(seed: u64) -> App {
    let data = crate::fixture();
    let mut app = congress_of_victors::headless_app();
    // The record of who held each region, which the article's maps read.
    app.add_plugins(congress_of_victors::sim::forces::control::plugin);
    start_run(app.world_mut(), &data, seed, Some("officers".into()));
    marshal_strikes(&mut app);
    app
}

/// On the fixture played by the officers: the marshal organises a coup and strikes at
/// once; a week of days and the battle's hours follow.
pub(crate) fn marshal_strikes(app: &mut App) {
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
        .push("officers", SimCommand::StrikePlot { plot: id });
    congress_of_victors::sim::advance_days(app.world_mut(), 8);
}

#[test]
fn regiments_called_to_a_coup_may_stay_in_their_barracks_and_the_coup_may_fail() {
    // The capital's garrison and tank brigade follow the officers: 24,000 men against
    // the police's 12,500 if all march.
    let (mut struck, mut stayed, mut won, mut beaten) = (0, 0, 0, 0);
    for seed in 1..=24 {
        let app = coup(seed);
        let w = app.world();
        let record = w.resource::<PurgeRecord>();
        if record.coups == 0 {
            // The Chairman's police took the marshal before the plot could strike.
            continue;
        }
        struck += 1;
        let result = record
            .coup_results
            .values()
            .next()
            .cloned()
            .unwrap_or_else(|| panic!("seed {seed}: the coup's end is recorded"));
        let staying = w
            .resource::<Chronicle>()
            .entries
            .iter()
            .filter(|e| {
                e.text.contains("stays in its barracks") || e.text.contains("turns out for")
            })
            .count();
        stayed += usize::from(staying > 0);
        // The record keeps each unit that did not march, for the reports.
        assert_eq!(
            result.stayed.len() + result.turned.len(),
            staying,
            "seed {seed}"
        );
        // Those who marched are those who fought.
        if let Some((_, battle)) = w.resource::<Battles>().0.first() {
            let called = 24_000;
            assert!(battle.attacker.men <= called, "seed {seed}");
            assert_eq!(battle.attacker.men < called, staying > 0, "seed {seed}");
        } else {
            assert!(staying > 0 && !result.took_power, "seed {seed}: no battle");
        }
        if result.took_power {
            won += 1;
        } else {
            beaten += 1;
        }
    }
    assert!(struck >= 6, "only {struck} coups struck in 24 histories");
    assert!(stayed > 0, "every regiment marched in {struck} coups");
    assert!(won > 0 && beaten > 0, "won {won}, beaten {beaten}");
}

#[test]
fn the_article_leads_with_a_beaten_coup_and_names_the_regiments_that_did_not_march() {
    let data = crate::fixture();
    let beaten = (1..=24).find_map(|seed| {
        let mut app = coup(seed);
        let result = app
            .world()
            .resource::<PurgeRecord>()
            .coup_results
            .values()
            .next()
            .cloned()?;
        let some_held_back = !(result.stayed.is_empty() && result.turned.is_empty());
        (!result.took_power && some_held_back)
            .then(|| (crate::article::markdown_of(&mut app, &data), result))
    });
    let (md, result) = beaten.expect("a coup beaten with regiments that did not march");
    let lead = md
        .lines()
        .find(|l| l.starts_with("This article"))
        .expect("the lead");
    assert!(
        lead.contains("Ilya Marshal tried to take power by force, and failed"),
        "{lead}"
    );
    assert!(
        md.contains("stayed in barracks") || md.contains("turned out for the government"),
        "{md}"
    );
    assert!(
        md.contains("it was beaten"),
        "the plots section tells the end: {md}"
    );
    assert!(!result.took_power);
}
