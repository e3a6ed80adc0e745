//! Fuzzing of saves and replays on the stable toolchain: seeded random damage to real
//! files, at the byte level (flips, cuts, insertions) and at the level of their values
//! (numbers, ids and lists changed, with the save's checksum made to match, as a
//! crafted file would). Every input must give an error or a world that runs on; none
//! may panic. `COV_FUZZ_SECONDS=N` runs each target for N seconds instead of a fixed
//! number of inputs.
//! The files damaged are real saves and replays of the shipped flagship: crafted input
//! is most telling when it starts from what players actually write.

use congress_of_victors::save::{self, replay};
use congress_of_victors::sim::advance_days;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long to go on: a budget in seconds from the environment, or `inputs` inputs.
fn budget(inputs: u32) -> impl FnMut(u32) -> bool {
    let limit = std::env::var("COV_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    move |done| match limit {
        Some(l) => start.elapsed() < l,
        None => done < inputs,
    }
}

fn damage_bytes(rng: &mut ChaCha8Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    match rng.random_range(0..4) {
        0 => {
            for _ in 0..rng.random_range(1..8) {
                let i = rng.random_range(0..b.len());
                b[i] ^= 1 << rng.random_range(0..8);
            }
        }
        1 => b.truncate(rng.random_range(0..b.len())),
        2 => {
            let i = rng.random_range(0..b.len());
            let junk: Vec<u8> = (0..rng.random_range(1..32)).map(|_| rng.random()).collect();
            b.splice(i..i, junk);
        }
        _ => {
            let i = rng.random_range(0..b.len());
            let j = (i + rng.random_range(1..64)).min(b.len());
            b.drain(i..j);
        }
    }
    b
}

/// Changes one value somewhere in the tree: a number made odd, a string made an
/// unknown id, a list emptied or an entry removed.
fn damage_value(rng: &mut ChaCha8Rng, v: &mut Value, depth: u32) {
    let stop = depth > 0 && rng.random_bool(0.3);
    match v {
        Value::Object(map) if !map.is_empty() && !stop => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = &keys[rng.random_range(0..keys.len())];
            if rng.random_bool(0.1) {
                map.remove(k);
            } else if let Some(x) = map.get_mut(k) {
                damage_value(rng, x, depth + 1);
            }
        }
        Value::Array(a) if !a.is_empty() && !stop => {
            if rng.random_bool(0.15) {
                a.clear();
            } else {
                let i = rng.random_range(0..a.len());
                damage_value(rng, &mut a[i], depth + 1);
            }
        }
        Value::Number(_) => {
            *v = match rng.random_range(0..5) {
                0 => Value::from(-1),
                1 => Value::from(u64::MAX),
                2 => Value::from(0),
                3 => Value::from(1e30),
                _ => Value::from(rng.random_range(0..100_000)),
            };
        }
        Value::String(_) => {
            *v = Value::from(match rng.random_range(0..3) {
                0 => "no_such_id".to_string(),
                1 => String::new(),
                _ => "1934-02-30".to_string(),
            });
        }
        _ => *v = Value::Null,
    }
}

#[test]
fn damaged_and_crafted_saves_never_panic() {
    let data = crate::flagship();
    let mut app = congress_of_victors::headless_run(&data, 11);
    advance_days(app.world_mut(), 40);
    let good = save::capture(app.world_mut());
    let bytes = save::to_bytes(&good);
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut go_on = budget(300);
    let (mut n, mut refused, mut loaded) = (0u32, 0u32, 0u32);
    while go_on(n) {
        n += 1;
        let input = if rng.random_bool(0.5) {
            damage_bytes(&mut rng, &bytes)
        } else {
            // A crafted save: a value changed and the checksum recomputed to match.
            let mut v: Value = serde_json::to_value(&good).unwrap();
            if let Some(state) = v.get_mut("state") {
                damage_value(&mut rng, state, 0);
            }
            match serde_json::from_value::<save::SaveGame>(v.clone()) {
                Ok(mut s) => {
                    s.checksum = format!("{:016x}", s.state.hash());
                    save::to_bytes(&s)
                }
                Err(_) => serde_json::to_vec(&v).unwrap(),
            }
        };
        match save::parse(Path::new("fuzz.json"), &input) {
            Err(e) => {
                assert!(!e.is_empty());
                refused += 1;
            }
            Ok(s) => {
                let mut world = congress_of_victors::headless_app();
                if save::load(world.world_mut(), &data, &s).is_ok() {
                    loaded += 1;
                    advance_days(world.world_mut(), 8);
                }
            }
        }
    }
    eprintln!("saves: {n} inputs, {refused} refused with a reason, {loaded} loaded and ran on");
    assert!(
        refused > 0 && loaded > 0,
        "{refused} refused, {loaded} loaded"
    );
}

#[test]
fn damaged_and_crafted_replays_never_panic() {
    use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
    let data = crate::flagship();
    let mut app = congress_of_victors::headless_app();
    congress_of_victors::sim::spawn::start_run(
        app.world_mut(),
        &data,
        12,
        Some("stalinists".into()),
    );
    app.world_mut().resource_mut::<CommandQueue>().push(
        "stalinists",
        SimCommand::Arrest {
            figure: "bukharin".into(),
        },
    );
    advance_days(app.world_mut(), 35);
    let good = replay::capture(app.world_mut());
    let bytes = serde_json::to_vec(&good).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let mut go_on = budget(60);
    let (mut n, mut refused, mut verified) = (0u32, 0u32, 0u32);
    while go_on(n) {
        n += 1;
        let input = if rng.random_bool(0.5) {
            damage_bytes(&mut rng, &bytes)
        } else {
            let mut v: Value = serde_json::to_value(&good).unwrap();
            damage_value(&mut rng, &mut v, 0);
            serde_json::to_vec(&v).unwrap()
        };
        match replay::parse(Path::new("fuzz.json"), &input) {
            Err(e) => {
                assert!(!e.is_empty());
                refused += 1;
            }
            Ok(r) => {
                // A replay that asks for years is cut short: it is its checks that
                // matter here, not a long campaign.
                let mut r = r;
                if r.until > data.scenario.start.add_days(60) {
                    r.until = data.scenario.start.add_days(60);
                }
                let mut world = congress_of_victors::headless_app();
                if replay::verify(world.world_mut(), &data, &r).is_ok() {
                    verified += 1;
                }
            }
        }
    }
    eprintln!("replays: {n} inputs, {refused} refused, {verified} verified");
    assert!(refused > 0, "nothing was refused in {n} inputs");
}
