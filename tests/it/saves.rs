//! Saves: continuity, damage, versions, and atomic writing.
//! On the shipped flagship, whose format-1 sample save must still load and play on.

use congress_of_victors::model::Date;
use congress_of_victors::save::{self, SAVE_FORMAT};
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::snapshot::{Snapshot, state_hash};
use congress_of_victors::{headless_app, headless_run};
use std::path::{Path, PathBuf};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cov-saves-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn save_load_and_continue_is_the_same_history() {
    let data = crate::flagship();
    let end = d("1935-09-01");
    let mut straight = headless_run(&data, 5);
    advance_until(straight.world_mut(), end);
    let want = state_hash(straight.world_mut());
    for at in ["1934-02-05", "1934-02-10", "1934-11-15"] {
        let mut first = headless_run(&data, 5);
        advance_until(first.world_mut(), d(at));
        let saved = save::capture(first.world_mut());
        let bytes = save::to_bytes(&saved);
        let read = save::parse(Path::new("mem"), &bytes).unwrap();
        let mut second = headless_app();
        save::load(second.world_mut(), &data, &read).unwrap();
        // The loaded world is the saved world, exactly.
        assert_eq!(
            Snapshot::take(second.world_mut()),
            saved.state,
            "restore at {at}"
        );
        advance_until(second.world_mut(), end);
        assert_eq!(
            state_hash(second.world_mut()),
            want,
            "continuing from a save made on {at}"
        );
    }
}

#[test]
fn damaged_and_foreign_saves_are_refused_with_a_reason() {
    let data = crate::flagship();
    let mut app = headless_run(&data, 2);
    advance_until(app.world_mut(), d("1934-03-01"));
    let good = save::to_bytes(&save::capture(app.world_mut()));
    let p = Path::new("test.save");
    assert!(save::parse(p, &good).is_ok());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "empty"),
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            "damaged or incomplete",
        ),
        ("junk", b"\x00\x9f\x92\x96 not json".to_vec(), "damaged"),
        (
            "not a save",
            b"{\"hello\": 1}".to_vec(),
            "not a Congress of Victors save",
        ),
    ];
    for (what, bytes, expect) in cases {
        let err = save::parse(p, &bytes).expect_err(what);
        assert!(err.contains(expect), "{what}: {err}");
    }
    // A flipped digit deep in the state is caught by the checksum.
    let text = String::from_utf8(good.clone()).unwrap();
    let at = text.find("\"popularity\":").unwrap() + 14;
    let mut flipped = good.clone();
    flipped[at] = if flipped[at] == b'1' { b'2' } else { b'1' };
    let err = save::parse(p, &flipped).expect_err("bit flip");
    assert!(err.contains("damaged"), "{err}");
    // A save from a newer game.
    let newer = text.replacen(&format!("\"format\":{SAVE_FORMAT}"), "\"format\":99", 1);
    let err = save::parse(p, newer.as_bytes()).expect_err("future");
    assert!(err.contains("newer version"), "{err}");
    // A save that needs a mod this game lacks.
    let mut needs_mod = save::parse(p, &good).unwrap();
    needs_mod.header.mods.push("missing_mod".into());
    let mut fresh = headless_app();
    let err = save::load(fresh.world_mut(), &data, &needs_mod).expect_err("mod");
    assert!(err.contains("missing_mod"), "{err}");
}

#[test]
fn a_save_killed_before_its_rename_leaves_the_old_one_whole() {
    let data = crate::flagship();
    let path = temp("quick.save");
    let mut app = headless_run(&data, 3);
    advance_until(app.world_mut(), d("1934-03-01"));
    let first = save::capture(app.world_mut());
    save::write(&path, &first).unwrap();
    // The next save dies between writing its temporary file and the rename.
    let tmp = path.with_file_name(".quick.save.tmp");
    std::fs::write(&tmp, &save::to_bytes(&first)[..100]).unwrap();
    let back = save::read(&path).unwrap();
    assert_eq!(back, first);
    // And a completed save replaces it.
    advance_until(app.world_mut(), d("1934-04-01"));
    let second = save::capture(app.world_mut());
    save::write(&path, &second).unwrap();
    assert_eq!(save::read(&path).unwrap().header.date, d("1934-04-01"));
}

#[test]
fn the_format_1_sample_loads_and_plays_on() {
    let data = crate::flagship();
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/saves/format1_congress_1934.json");
    let s = save::read(&sample).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.header.format, 1);
    let mut app = headless_app();
    save::load(app.world_mut(), &data, &s).unwrap();
    advance_until(app.world_mut(), d("1934-06-01"));
}
