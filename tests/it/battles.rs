//! The battle rules fight the shipped sandbox battle (scenarios/battles/kuntsevo_1934.ron):
//! a battle file reads the shipped unit types, and its calibration test shows that
//! battle's result against its infobox.

use congress_of_victors::sim::forces::battle_file::load_battle;
use congress_of_victors::sim::forces::battle_stats::{fight_many, run_rng};
use congress_of_victors::sim::forces::battles::{BattleReport, BattleSetup, Fight, Winner, fight};
use std::path::Path;

fn kuntsevo() -> BattleSetup {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/battles/kuntsevo_1934.ron");
    match load_battle(&p) {
        Ok(s) => s,
        Err((diags, sources)) => {
            for d in &diags {
                eprint!("{}", sources.render(d));
            }
            panic!("kuntsevo_1934 did not load");
        }
    }
}

fn conserved(r: &BattleReport) {
    for side in [&r.attacker, &r.defender] {
        for u in &side.units {
            let l = u.losses;
            assert_eq!(
                l.killed + l.wounded + l.captured + u.survivors,
                u.men,
                "{} in {}",
                u.id,
                r.id
            );
            assert!(l.tanks_destroyed + l.tanks_captured <= u.tanks, "{}", u.id);
        }
        let lost = side.losses.killed + side.losses.wounded + side.losses.captured;
        assert!(
            lost <= side.men,
            "{} lost {lost} of {}",
            side.name,
            side.men
        );
    }
}

#[test]
fn men_are_conserved_and_no_side_loses_more_than_it_has() {
    let setup = kuntsevo();
    let mut weak = setup.clone();
    weak.attacker.units.truncate(1);
    for s in [&setup, &weak] {
        let (_, reports) = fight_many(s, 200, 9);
        for r in &reports {
            conserved(r);
        }
    }
}

#[test]
fn an_encircled_broken_force_surrenders() {
    let setup = kuntsevo();
    let r = fight(&setup, &mut run_rng(1, 0));
    assert_eq!(r.winner, Winner::Attacker);
    assert!(r.defender.broken && r.defender.surrendered);
    for u in &r.defender.units {
        assert_eq!(u.survivors, 0, "{} still stands after surrender", u.id);
        assert_eq!(u.losses.tanks_destroyed + u.losses.tanks_captured, u.tanks);
    }
    // Not encircled, the same defeat is a retreat: most of the survivors get away.
    let mut open = setup.clone();
    open.encircled = false;
    let r = fight(&open, &mut run_rng(1, 0));
    assert!(!r.defender.surrendered);
    assert!(r.defender.units.iter().map(|u| u.survivors).sum::<u32>() > 0);
}

#[test]
fn same_seed_same_report() {
    let setup = kuntsevo();
    assert_eq!(
        fight(&setup, &mut run_rng(5, 3)),
        fight(&setup, &mut run_rng(5, 3))
    );
    assert_ne!(
        fight(&setup, &mut run_rng(5, 3)),
        fight(&setup, &mut run_rng(5, 4))
    );
}

#[test]
fn kuntsevo_is_a_decisive_congress_victory_of_the_infobox_order() {
    let (stats, _) = fight_many(&kuntsevo(), 300, 1);
    assert!(stats.outcomes.attacker >= 270, "{:?}", stats.outcomes);
    // The infobox: 896 dead and 6,162 wounded on the Congress side; 12,211 dead on
    // Stalin's. Same order of magnitude: within a factor of three.
    let within = |got: f64, want: f64| got >= want / 3.0 && got <= want * 3.0;
    assert!(
        within(stats.attacker.killed.median, 896.0),
        "{:?}",
        stats.attacker
    );
    assert!(
        within(stats.attacker.wounded.median, 6162.0),
        "{:?}",
        stats.attacker
    );
    assert!(
        within(stats.defender.killed.median, 12211.0),
        "{:?}",
        stats.defender
    );
    assert_eq!(
        stats.defender.tanks_captured.median + stats.defender.tanks_destroyed.median,
        10.0
    );
}

#[test]
fn a_weak_attacker_fails_and_equal_forces_are_uncertain() {
    let setup = kuntsevo();
    let mut weak = setup.clone();
    weak.attacker.units.retain(|u| u.id == "congress_militia");
    let (stats, _) = fight_many(&weak, 200, 2);
    assert!(stats.outcomes.defender > 150, "{:?}", stats.outcomes);

    // Two copies of the same force, in the open, neither side encircled.
    let mut even = setup.clone();
    even.attacker = even.defender.clone();
    even.defences = 1.0;
    even.encircled = false;
    // In the open a fight between equals can go on for days.
    even.max_hours = 96;
    let (stats, _) = fight_many(&even, 400, 3);
    let (a, d) = (
        stats.outcomes.attacker,
        stats.outcomes.defender + stats.outcomes.draw,
    );
    assert!(a > 60 && d > 60, "even forces gave {:?}", stats.outcomes);
}

#[test]
fn a_battle_fought_hour_by_hour_equals_one_fought_whole() {
    let setup = kuntsevo();
    for i in 0..20 {
        let whole = fight(&setup, &mut run_rng(7, i));
        let mut rng = run_rng(7, i);
        let mut stepped = Fight::new(&setup);
        let mut hours = 0;
        while stepped.step(&mut rng) {
            hours += 1;
            // The report so far grows by an hour of strength each step.
            let so_far = stepped.report_so_far();
            assert_eq!(so_far.hours, hours);
            assert_eq!(so_far.strength_by_hour.len() as u32, hours + 1);
            assert_eq!(so_far.winner, Winner::Draw);
        }
        assert!(stepped.is_over());
        assert_eq!(stepped.finish(), whole, "run {i}");
    }
}
