//! No silent failures in content: what a careless modder's files used to get past
//! `check`. Each test is numbered by the item of the report that found it.
//! Mods over the shipped content, as a modder writes them.

use congress_of_victors::scenario::load::{check_paths, check_paths_with_mods};
use congress_of_victors::scenario::{self, Content};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cov-silent-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, file: &str, text: &str) {
    let p = dir.join(file);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A mod folder with a manifest of this id.
fn a_mod(name: &str, id: &str) -> PathBuf {
    let m = temp_dir(name);
    write(
        &m,
        "mod.ron",
        &format!("(id: \"{id}\", name: \"A mod\", version: \"1\")"),
    );
    m
}

/// Every diagnostic as `file:line:col: message`.
fn messages(c: &Content) -> Vec<String> {
    c.diagnostics
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
        .collect()
}

fn with_mods(mods: &[PathBuf]) -> Vec<String> {
    messages(&check_paths_with_mods(&[scenario::scenarios_dir()], mods))
}

fn has(msgs: &[String], pieces: &[&str]) -> bool {
    msgs.iter().any(|m| pieces.iter().all(|p| m.contains(p)))
}

const FIGURE: &str = "(id: \"dup_aide\", name: \"An Aide\", born: 1900, bio: \"An aide.\")";

fn event(id: &str, effects: &str) -> String {
    format!(
        "(id: \"{id}\", scenarios: [\"congress_1934\"], title: \"T\", text: \"T\", kind: \"personal\", \
         trigger: (mean_days: 5.0), options: [(id: \"go\", text: \"Go\", effects: [{effects}])])"
    )
}

#[test]
fn item3_a_duplicate_id_inside_a_mod_is_an_error() {
    let m = a_mod("item3", "dupes");
    write(
        &m,
        "common/figures.ron",
        &format!("[\n{FIGURE},\n{FIGURE},\n]"),
    );
    write(&m, "events/a.ron", &format!("[{}]", event("dup_event", "")));
    write(
        &m,
        "events/b.ron",
        &format!("[\n\n{}]", event("dup_event", "")),
    );
    let msgs = with_mods(std::slice::from_ref(&m));
    let all = msgs.join("\n");
    assert!(
        has(&msgs, &["figures.ron:3:", "duplicate figure id `dup_aide`"]),
        "{all}"
    );
    assert!(
        has(
            &msgs,
            &["events/b.ron:3:", "duplicate event id `dup_event`", "a.ron"]
        ),
        "{all}"
    );
}

#[test]
fn item4_files_a_mod_may_not_have_are_named() {
    let m = a_mod("item4", "misnamed");
    write(&m, "event/a.ron", &format!("[{}]", event("lost_event", "")));
    write(&m, "figures.ron", &format!("[{FIGURE}]"));
    write(&m, "common/regions.ron", "[]");
    // What a mod may hold besides content is left alone.
    write(&m, "README.md", "A mod.");
    let msgs = with_mods(std::slice::from_ref(&m));
    let all = msgs.join("\n");
    assert!(has(&msgs, &["event", "not read", "events/"]), "{all}");
    assert!(
        has(&msgs, &["figures.ron", "not read", "common/figures.ron"]),
        "{all}"
    );
    assert!(has(&msgs, &["regions.ron", "not read"]), "{all}");
    assert!(!has(&msgs, &["README"]), "{all}");
}

#[test]
fn item5_a_number_that_is_not_a_number_is_refused() {
    let m = a_mod("item5", "nan");
    write(
        &m,
        "events/a.ron",
        &format!(
            "[\n{}]",
            event("nan_event", "Popularity(figure: \"kirov\", by: NaN)")
        ),
    );
    let msgs = with_mods(std::slice::from_ref(&m));
    assert!(has(&msgs, &["a.ron:2:", "NaN"]), "{}", msgs.join("\n"));
}

#[test]
fn item6_a_mod_id_must_be_snake_case() {
    let m = a_mod("item6", "../../etc");
    let msgs = with_mods(std::slice::from_ref(&m));
    assert!(
        has(&msgs, &["mod.ron:1:", "`../../etc`", "snake_case"]),
        "{}",
        msgs.join("\n")
    );
}

#[test]
fn item7_a_follow_up_waits_a_day_and_stays_in_its_scenario() {
    let m = a_mod("item7", "follow_ups");
    let abroad = "(id: \"abroad\", scenarios: [\"heirs_1924\"], title: \"T\", text: \"T\", kind: \"personal\", \
                  trigger: (follow_up_only: true), options: [(id: \"go\", text: \"Go\")])";
    write(
        &m,
        "events/a.ron",
        &format!(
            "[\n{},\n{},\n{abroad}]",
            event("at_once", "FireEvent(event: \"abroad\", days: 0)"),
            event("later", "FireEvent(event: \"abroad\", days: 3)"),
        ),
    );
    let msgs = with_mods(std::slice::from_ref(&m));
    let all = msgs.join("\n");
    assert!(has(&msgs, &["event `at_once`", "days 0"]), "{all}");
    assert!(
        has(&msgs, &["event `later`", "`abroad`", "heirs_1924"]),
        "{all}"
    );
}

#[test]
fn item8_a_byte_order_mark_is_read_past() {
    let dir = temp_dir("item8");
    let text = std::fs::read_to_string(root().join("scenarios/congress_1934.ron")).unwrap();
    let file = dir.join("congress_1934.ron");
    std::fs::write(&file, format!("\u{feff}{text}")).unwrap();
    let msgs = messages(&check_paths(&[file]));
    assert!(msgs.is_empty(), "{}", msgs.join("\n"));
}

#[test]
fn item9_a_bad_date_says_which_part_is_wrong() {
    let msgs = messages(&check_paths(&[
        root().join("tests/data/bad/date_month_13.ron")
    ]));
    assert!(has(&msgs, &["month 13"]), "{}", msgs.join("\n"));
    let msgs = messages(&check_paths(&[
        root().join("tests/data/bad/date_invalid_feb30.ron")
    ]));
    assert!(has(&msgs, &["day 30"]), "{}", msgs.join("\n"));
}

#[test]
fn item10_a_deep_expression_speaks_to_a_modder() {
    let dir = temp_dir("item10");
    let file = dir.join("deep.ron");
    std::fs::write(&file, "(".repeat(100_000)).unwrap();
    let msgs = messages(&check_paths(&[file]));
    assert!(has(&msgs, &["deep.ron:1:"]), "{}", msgs.join("\n"));
    // An event's condition nested 100,000 deep.
    let m = a_mod("item10m", "deep");
    let deep = format!(
        "{}Flag(\"x\"){}",
        "Not(".repeat(100_000),
        ")".repeat(100_000)
    );
    write(
        &m,
        "events/deep.ron",
        &format!("[(id: \"deep\", trigger: (conditions: [{deep}]))]"),
    );
    let msgs = with_mods(std::slice::from_ref(&m));
    let all = msgs.join("\n");
    assert!(has(&msgs, &["deep.ron:1:", "nested"]), "{all}");
    assert!(
        !all.contains("recursion_limit") && !all.contains("serde_stacker"),
        "{all}"
    );
}

#[test]
fn item12_a_mods_battle_uses_the_shipped_unit_types() {
    let m = a_mod("item12", "battles");
    write(&m, "common/figures.ron", "[]");
    let battle =
        std::fs::read_to_string(root().join("scenarios/battles/kuntsevo_1934.ron")).unwrap();
    write(&m, "battles/night_raid.ron", &battle);
    let by_path = congress_of_victors::sim::forces::battle_file::load_battle(
        &m.join("battles/night_raid.ron"),
    );
    assert!(by_path.is_ok(), "{:?}", by_path.err().map(|e| e.0));
    let out = Command::new(env!("CARGO_BIN_EXE_congress-of-victors"))
        .current_dir(root())
        .args(["battle", "night_raid", "--runs", "2", "--json", "--mod"])
        .arg(&m)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn item13_a_mod_given_twice_applies_once() {
    let m = a_mod("item13", "twice");
    write(&m, "common/figures.ron", &format!("[{FIGURE}]"));
    let c = check_paths_with_mods(&[scenario::scenarios_dir()], &[m.clone(), m.clone()]);
    assert_eq!(c.mods, vec!["twice".to_string()]);
    assert!(messages(&c).is_empty(), "{}", messages(&c).join("\n"));
    // Two folders with one id: which one is meant cannot be known.
    let other = a_mod("item13b", "twice");
    let msgs = with_mods(&[m, other]);
    assert!(has(&msgs, &["two mods", "`twice`"]), "{}", msgs.join("\n"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn item11_one_syntax_error_is_one_error() {
    let dir = temp_dir("item11a");
    copy_dir(&scenario::scenarios_dir(), &dir);
    let figures = dir.join("common/figures.ron");
    let text = std::fs::read_to_string(&figures).unwrap();
    // A comma lost after the first record.
    let broken = text.replacen("),\n", ")\n", 1);
    assert_ne!(broken, text);
    std::fs::write(&figures, broken).unwrap();
    let msgs = messages(&check_paths(&[dir]));
    let all = msgs.join("\n");
    assert!(has(&msgs, &["figures.ron:"]), "{all}");
    assert!(
        !has(&msgs, &["unknown figure"]) && !has(&msgs, &["no figure"]),
        "{all}"
    );
    let mut unique = msgs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), msgs.len(), "{all}");
}

#[test]
fn item11_a_cast_patch_error_is_placed_at_the_patch() {
    let m = a_mod("item11b", "cast_patch");
    write(
        &m,
        "patches.ron",
        "[\n  (target: \"cast\", scenario: \"congress_1934\", id: \"kirov\", set: { \"faction\": \"no_such_faction\" }),\n]",
    );
    let msgs = with_mods(std::slice::from_ref(&m));
    assert!(
        has(
            &msgs,
            &["patches.ron:2:", "unknown faction `no_such_faction`"]
        ),
        "{}",
        msgs.join("\n")
    );
}

#[test]
fn item11_a_victory_error_is_placed_at_its_own_side() {
    let dir = temp_dir("item11c");
    let text = std::fs::read_to_string(root().join("scenarios/ryutin_1932.ron")).unwrap();
    let text = text
        .replace(
            "victory: [Not(Dead(\"ryutin\")), Free(\"kirov\")]",
            "victory: [Not(Dead(\"ryutin\")), Free(\"ghost\")]",
        )
        .replace(
            "victory: [Rules(\"stalin\"), Not(Free(\"ryutin\"))]",
            "victory: [Rules(\"stalin\"), Not(Free(\"ghost\"))]",
        );
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"ghost\""))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 2);
    let file = dir.join("ryutin_1932.ron");
    std::fs::write(&file, text).unwrap();
    let msgs = messages(&check_paths(&[file]));
    for (side, line) in [("moderates", lines[0]), ("leader", lines[1])] {
        assert!(
            has(
                &msgs,
                &[
                    &format!("ryutin_1932.ron:{line}:"),
                    &format!("side `{side}`"),
                    "`ghost`"
                ]
            ),
            "{}",
            msgs.join("\n")
        );
    }
}
