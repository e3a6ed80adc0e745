//! The odds of the invasion over a batch: each axis's front when the campaign ends, the
//! places' fates, the purged armies against the spared; merged shards count the same.

use congress_of_victors::sim::batch::{main_figures, odds, run_many, shard, shard_odds};
use congress_of_victors::sim::front_odds::{Quantiles, army_purged};
use congress_of_victors::sim::shard::Shard;

fn ordered(q: &Quantiles) -> bool {
    let v = [q.min, q.p10, q.p25, q.median, q.p75, q.p90, q.max];
    v.windows(2).all(|w| w[0] <= w[1])
}

#[test]
fn quantiles_are_ordered_and_span_the_values() {
    let values: Vec<f32> = (0..37).map(|i| ((i * 7919) % 101) as f32 * 11.5).collect();
    let q = Quantiles::of(values.clone()).unwrap();
    assert!(ordered(&q), "{q:?}");
    let (lo, hi) = values
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    assert_eq!((q.min, q.max), (lo, hi));
    let below = values.iter().filter(|v| **v < q.median).count();
    assert!(below <= values.len() / 2 && values.len() - below > values.len() / 2);
    assert!(Quantiles::of(Vec::new()).is_none());
}

#[test]
fn the_odds_of_a_batch_carry_the_front_and_shards_merge_into_them() {
    let data = crate::flagship();
    let def = data
        .common
        .reckoning
        .clone()
        .expect("the flagship has a reckoning");
    let until = data.scenario.end;
    let runs = run_many(&data, 1, 4, until, 2, &|_| {});
    let watched = main_figures(&data);
    let whole = odds(&data, &runs, 1, until, &watched);
    let r = whole
        .reckoning
        .as_ref()
        .expect("the runs reach the invasion");
    assert_eq!(r.runs, 4);
    assert_eq!(r.date, def.date);
    assert_eq!(r.purged.count + r.spared.count, r.runs);
    let purged = runs
        .iter()
        .filter(|s| army_purged(s.reckoning.as_ref().unwrap().army.commanders_free))
        .count();
    assert_eq!(r.purged.count, purged as u64);
    assert_eq!(r.axes.len(), def.axes.len());
    for (a, d) in r.axes.iter().zip(&def.axes) {
        assert_eq!((&a.id, a.places.len()), (&d.id, d.places.len()));
        assert!(ordered(&a.front), "{}: {:?}", a.id, a.front);
        for split in [a.purged, a.spared].into_iter().flatten() {
            assert!(ordered(&split), "{}: {split:?}", a.id);
            assert!(split.min >= a.front.min && split.max <= a.front.max);
        }
        // The quantiles are of the runs' last week.
        let last: Vec<f32> = runs
            .iter()
            .map(|s| *s.reckoning.as_ref().unwrap().front[&a.id].last().unwrap())
            .collect();
        assert!(last.contains(&a.front.median), "{last:?} {:?}", a.front);
    }
    let places: usize = def.axes.iter().map(|a| a.places.len()).sum();
    assert_eq!(r.places.len(), places);
    for p in &r.places {
        for s in [p.fell, p.besieged, p.fell_purged, p.fell_spared] {
            assert!((0.0..=1.0).contains(&s.share), "{}: {s:?}", p.id);
        }
        assert_eq!(p.median_fell.is_some(), p.fell.count > 0, "{}", p.id);
        assert!(p.median_fell.is_none_or(|d| d > r.date && d <= r.end));
    }
    let verdicts: u64 = r.verdicts.values().map(|s| s.count).sum();
    assert_eq!(verdicts, r.runs);

    // Two shards written to files and read back merge into the same odds, byte for byte.
    let through_file =
        |s: Shard| -> Shard { serde_json::from_slice(&serde_json::to_vec(&s).unwrap()).unwrap() };
    let a = through_file(shard(&data, &runs[2..], until, &watched));
    let b = through_file(shard(&data, &runs[..2], until, &watched));
    let merged = Shard::merge(vec![("a".into(), a), ("b".into(), b)]).unwrap();
    assert_eq!(
        serde_json::to_string(&shard_odds(&merged)).unwrap(),
        serde_json::to_string(&whole).unwrap()
    );

    // A shard written before the reckoning was counted still reads, without it.
    let mut old = serde_json::to_value(shard(&data, &runs[..1], until, &watched)).unwrap();
    old.as_object_mut().unwrap().remove("front");
    for run in old["runs"].as_array_mut().unwrap() {
        run.as_object_mut().unwrap().remove("reckoning");
    }
    let old: Shard = serde_json::from_value(old).expect("an older shard reads");
    assert!(shard_odds(&old).reckoning.is_none());
    // And one that has it cannot be merged with one that lacks it.
    let new = shard(&data, &runs[1..2], until, &watched);
    assert!(Shard::merge(vec![("old".into(), old), ("new".into(), new)]).is_err());
}
