//! The chronicle's sentences come from content: the rules fill the templates of
//! common/chronicle.ron, a mod may reword a line, and a bad template is an error at
//! its place.

use congress_of_victors::headless_run;
use congress_of_victors::scenario::load::load_dir_with_mods;
use congress_of_victors::sim::chronicle::{Chronicle, ChronicleKind};
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture")
}

fn a_mod(name: &str, chronicle: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cov-chronicle-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("common")).unwrap();
    std::fs::write(
        d.join("mod.ron"),
        format!("(id: \"{name}\", name: \"A test\", version: \"1.0.0\", description: \"\")"),
    )
    .unwrap();
    std::fs::write(d.join("common/chronicle.ron"), chronicle).unwrap();
    d
}

#[test]
fn the_rules_write_the_templates_and_a_mod_rewords_one_line() {
    let plain = crate::fixture();
    let app = headless_run(&plain, 1);
    let first = &app.world().resource::<Chronicle>().entries[0];
    assert_eq!(first.kind, ChronicleKind::Start);
    assert_eq!(first.text, "The Fixture begins.");

    let m = a_mod(
        "reworded",
        "{ start: { \"begins\": \"So opens {scenario}, and nobody is ready.\" } }",
    );
    let content = load_dir_with_mods(&fixture_dir(), std::slice::from_ref(&m));
    assert!(content.diagnostics.is_empty(), "{:?}", content.diagnostics);
    // The mod's line replaces the shipped one; the others stay.
    let t = &content.common.chronicle;
    assert_eq!(t.0[&ChronicleKind::Start].len(), 1);
    assert_eq!(
        t.0[&ChronicleKind::Trial],
        plain.common.chronicle.0[&ChronicleKind::Trial]
    );
    let data = content.scenario("fixture").unwrap();
    let app = headless_run(&data, 1);
    let first = &app.world().resource::<Chronicle>().entries[0];
    assert_eq!(first.text, "So opens The Fixture, and nobody is ready.");
}

#[test]
fn a_mods_unknown_line_kind_or_placeholder_is_an_error_in_its_file() {
    let m = a_mod(
        "bad_lines",
        "{\n    trial: {\n        \"shot\": \"{figure} is shot.\",\n        \"executed\": \"{figure} is shot by {whom}.\",\n    },\n}\n",
    );
    let content = load_dir_with_mods(&fixture_dir(), std::slice::from_ref(&m));
    let file = m.join("common/chronicle.ron");
    let found: Vec<(usize, usize, &str)> = content
        .diagnostics
        .iter()
        .filter(|d| d.file.to_string_lossy().contains("bad_lines"))
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                4,
                42,
                "chronicle line `trial.executed` has no placeholder `{whom}`"
            ),
            (3, 9, "unknown chronicle line `trial.shot`"),
        ],
        "{file:?}: {:?}",
        content.diagnostics
    );

    let m = a_mod(
        "bad_kind",
        "{\n    triall: {\n        \"executed\": \"x\",\n    },\n}\n",
    );
    let content = load_dir_with_mods(&fixture_dir(), std::slice::from_ref(&m));
    let d = content
        .diagnostics
        .iter()
        .find(|d| d.file.to_string_lossy().contains("bad_kind"))
        .expect("an error in the mod's file");
    assert_eq!(d.line, 2, "{d:?}");
    assert!(d.message.contains("triall"), "{d:?}");
}

#[test]
fn a_folder_without_a_sentence_for_a_line_says_which() {
    let dir = std::env::temp_dir().join(format!("cov-chronicle-{}-gap", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture_dir(), &dir);
    let path = dir.join("common/chronicle.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.contains("\"pardoned\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    let content = congress_of_victors::scenario::load_dir(&dir);
    let messages: Vec<&str> = content
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec!["the chronicle has no template for `release.pardoned`"]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}
