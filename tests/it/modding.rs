//! Mods, the bad-input corpus and the modding guide's examples.
//! Mods are laid over the shipped content, as players install them.

use congress_of_victors::scenario::load::{check_paths, check_paths_with_mods, parse};
use congress_of_victors::scenario::{self, Severity};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cov-mod-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_mod_adds_a_figure_and_patches_a_loyalty() {
    let m = root().join("tests/data/mods/kirov_loyalist");
    let content = check_paths_with_mods(&[scenario::scenarios_dir()], std::slice::from_ref(&m));
    let shown: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| content.sources.render(d))
        .collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert_eq!(content.mods, vec!["kirov_loyalist".to_string()]);
    let origin = &content.origins[&("figure".to_string(), "ivan_petrov_aide".to_string())];
    assert!(origin.ends_with("kirov_loyalist/common/figures.ron"));

    let out = Command::new(env!("CARGO_BIN_EXE_congress-of-victors"))
        .current_dir(root())
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--until",
            "1934-02-05",
            "--json",
            "--mod",
        ])
        .arg(&m)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["mods"][0], "kirov_loyalist");
    assert_eq!(v["figure_loyalty"]["kirov"]["stalinists"], 95.0);
    assert_eq!(v["figure_status"]["ivan_petrov_aide"], "free");
    // Without the mod, neither change is there.
    let plain = Command::new(env!("CARGO_BIN_EXE_congress-of-victors"))
        .current_dir(root())
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--until",
            "1934-02-05",
            "--json",
        ])
        .output()
        .unwrap();
    let p: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_ne!(p["figure_loyalty"]["kirov"]["stalinists"], 95.0);
    assert!(p["figure_status"].get("ivan_petrov_aide").is_none());
}

#[test]
fn bad_mods_are_reported_in_their_own_files() {
    let m = temp_dir("bad");
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"bad\", name: \"Bad\", version: \"0\", load_after: [\"missing_mod\"])",
    )
    .unwrap();
    std::fs::write(
        m.join("patches.ron"),
        "[\n  (target: \"figure\", id: \"kirof\", set: { \"popularity\": 1.0 }),\n  (target: \"planet\", id: \"kirov\", set: {}),\n]",
    )
    .unwrap();
    std::fs::create_dir_all(m.join("common")).unwrap();
    // A link out of the mod's folder is refused.
    #[cfg(unix)]
    std::os::unix::fs::symlink(root().join("Cargo.toml"), m.join("common/figures.ron")).unwrap();
    let content = check_paths_with_mods(&[scenario::scenarios_dir()], std::slice::from_ref(&m));
    let msgs: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file.display(), d.line, d.message))
        .collect();
    let all = msgs.join("\n");
    assert!(
        msgs.iter()
            .any(|x| x.contains("patches.ron:2:") && x.contains("no figure `kirof`")),
        "{all}"
    );
    assert!(
        msgs.iter()
            .any(|x| x.contains("unknown patch target `planet`")),
        "{all}"
    );
    assert!(msgs.iter().any(|x| x.contains("missing_mod")), "{all}");
    #[cfg(unix)]
    assert!(
        msgs.iter().any(|x| x.contains("outside the mod folder")),
        "{all}"
    );
}

#[test]
fn every_bad_file_gives_a_positioned_error_and_none_panics() {
    let dir = root().join("tests/data/bad");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    // The oversized file is made here rather than kept in the repository.
    let big = temp_dir("big").join("too_big_10mb.ron");
    let mut text = String::from("(\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("    // padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&big, text).unwrap();
    files.push(big);
    assert!(files.len() >= 31, "only {} bad files", files.len());
    for f in &files {
        let content = std::panic::catch_unwind(|| check_paths(std::slice::from_ref(f)))
            .unwrap_or_else(|_| panic!("{} panicked", f.display()));
        let errors: Vec<_> = content
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.line > 0 && d.column > 0)
            .collect();
        assert!(
            !errors.is_empty(),
            "{}: no positioned error; got {:?}",
            f.display(),
            content.diagnostics
        );
        assert!(
            errors.iter().any(|d| d.file == *f),
            "{}: errors name other files: {errors:?}",
            f.display()
        );
    }
}

/// Every ```ron <kind> block of docs/modding.md parses as its type.
#[test]
fn the_modding_guide_examples_parse() {
    use congress_of_victors::scenario::battle_file::BattleFile;
    use congress_of_victors::scenario::schema::*;
    use congress_of_victors::sim::forces::battles::UnitType;
    let path = root().join("docs/modding.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut count = 0;
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(kind) = line.strip_prefix("```ron ") else {
            continue;
        };
        let mut block = String::new();
        for (_, l) in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            block.push_str(l);
            block.push('\n');
        }
        let at = Path::new("docs/modding.md");
        let result = match kind.trim() {
            "figure" => parse::<FigureDef>(at, &block).map(|_| ()),
            "faction" => parse::<FactionDef>(at, &block).map(|_| ()),
            "institution" => parse::<InstitutionDef>(at, &block).map(|_| ()),
            "renaming" => {
                parse::<congress_of_victors::scenario::schema::Renaming>(at, &block).map(|_| ())
            }
            "unit_type" => parse::<UnitType>(at, &block).map(|_| ()),
            "region" => parse::<RegionDef>(at, &block).map(|_| ()),
            "site" => parse::<SiteDef>(at, &block).map(|_| ()),
            "unit" => parse::<UnitDef>(at, &block).map(|_| ()),
            "article" => {
                parse::<congress_of_victors::report::article::ArticleTemplates>(at, &block)
                    .map(|_| ())
            }
            "battle" => parse::<BattleFile>(at, &block).map(|_| ()),
            "chronicle" => {
                use congress_of_victors::scenario::chronicle::{ChronicleTemplates, check};
                // A chronicle example must also name only lines and placeholders that exist.
                parse::<ChronicleTemplates>(at, &block).map(|t| {
                    let found = check(at, &block, &t);
                    assert!(found.is_empty(), "docs/modding.md:{}: {found:?}", n + 1);
                })
            }
            "relations" => parse::<Vec<RelationDef>>(at, &block).map(|_| ()),
            "history" => parse::<Vec<MilestoneDef>>(at, &block).map(|_| ()),
            "policies" => parse::<Vec<PolicyDef>>(at, &block).map(|_| ()),
            "traits" => parse::<Vec<congress_of_victors::scenario::schema::TraitDef>>(at, &block)
                .map(|_| ()),
            "country" => {
                parse::<Vec<congress_of_victors::scenario::country::QuantityDef>>(at, &block)
                    .map(|_| ())
            }
            "foreign" => {
                use congress_of_victors::scenario::foreign::{ForeignDef, validate};
                // A foreign example must also pass the file's own checks.
                parse::<ForeignDef>(at, &block).map(|f| {
                    let mut found = Vec::new();
                    validate(&f, at, &block, &mut found);
                    assert!(found.is_empty(), "docs/modding.md:{}: {found:?}", n + 1);
                })
            }
            "event" => {
                // An event example must also pass validation against the shipped content.
                let ev = parse::<congress_of_victors::scenario::events::EventDef>(at, &block);
                if let Ok(ev) = &ev {
                    let mut content =
                        congress_of_victors::scenario::load_dir(&root().join("scenarios"));
                    content.diagnostics.clear();
                    content.common.events.push(ev.clone());
                    congress_of_victors::scenario::validate::validate(&mut content);
                    let shown: Vec<String> = content
                        .diagnostics
                        .iter()
                        .map(|x| content.sources.render(x))
                        .collect();
                    assert!(
                        shown.is_empty(),
                        "docs/modding.md:{}: {}",
                        n + 1,
                        shown.join("\n")
                    );
                }
                ev.map(|_| ())
            }
            "manifest" => {
                parse::<congress_of_victors::scenario::mods::ModManifest>(at, &block).map(|_| ())
            }
            "patches" => {
                parse::<Vec<congress_of_victors::scenario::mods::Patch>>(at, &block).map(|_| ())
            }
            "scenario" => {
                // A scenario example must also pass validation against the shipped database.
                let d = temp_dir("doc-scenario");
                let f = d.join("example.ron");
                std::fs::write(&f, &block).unwrap();
                let content = check_paths(std::slice::from_ref(&f));
                let shown: Vec<String> = content
                    .diagnostics
                    .iter()
                    .map(|x| content.sources.render(x))
                    .collect();
                assert!(
                    shown.is_empty(),
                    "scenario example at line {}:\n{}",
                    n + 1,
                    shown.join("\n")
                );
                Ok(())
            }
            other => panic!("docs/modding.md:{}: unknown example kind `{other}`", n + 1),
        };
        if let Err(e) = result {
            panic!(
                "docs/modding.md example at line {} ({kind}): {}",
                n + 1,
                e.message
            );
        }
        count += 1;
    }
    assert!(count >= 6, "only {count} examples found");
}

/// A mod's relations, policies and milestones are checked like the rest, and their
/// errors point into the mod's own files.
#[test]
fn a_mods_bad_relations_policies_and_history_are_placed_in_its_files() {
    let m = temp_dir("bad-politics");
    std::fs::create_dir_all(m.join("common")).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"bad_politics\", name: \"Bad politics\", version: \"1\")\n",
    )
    .unwrap();
    std::fs::write(
        m.join("common/relations.ron"),
        "[\n    (a: \"kirov\", b: \"zhdanof\", kind: Friendship),\n]\n",
    )
    .unwrap();
    std::fs::write(
        m.join("common/policies.ron"),
        "[\n    (\n        id: \"tariffs\",\n        name: \"Tariffs\",\n        current: \"hihg\",\n        options: [\n            (id: \"high\", name: \"High\", support: {\"stalinsts\": 0.5}),\n            (id: \"low\", name: \"Low\"),\n        ],\n    ),\n]\n",
    )
    .unwrap();
    std::fs::write(
        m.join("common/history.ron"),
        "[\n    (id: \"x\", date: \"1935-01-01\", text: \"X.\", holds: Dead(\"kirof\")),\n]\n",
    )
    .unwrap();
    let content = check_paths_with_mods(&[scenario::scenarios_dir()], std::slice::from_ref(&m));
    let shown: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| content.sources.render(d))
        .collect();
    let all = shown.join("\n");
    for (file, what) in [
        ("relations.ron:2:", "zhdanof"),
        ("policies.ron:5:", "hihg"),
        ("policies.ron:7:", "stalinsts"),
        ("history.ron:2:", "kirof"),
    ] {
        assert!(
            shown
                .iter()
                .any(|s| s.contains(file) && s.contains(what) && s.contains("bad-politics")),
            "no error at {file} about {what}:\n{all}"
        );
    }
}

/// A figure's trait must be one the traits table names (the window shows its name, not
/// its id); a mod may add the trait it needs.
#[test]
fn an_unknown_trait_is_placed_and_a_mod_may_add_it() {
    let m = temp_dir("traits");
    std::fs::create_dir_all(m.join("common")).unwrap();
    std::fs::write(
        m.join("mod.ron"),
        "(id: \"trait_test\", name: \"Trait test\", version: \"1.0.0\")\n",
    )
    .unwrap();
    let figures = "[\n    (\n        id: \"ivan_trait_test\",\n        name: \"Ivan Test\",\n        born: 1890,\n        traits: [\"orator\", \"old_bolshevk\"],\n    ),\n]\n";
    std::fs::write(m.join("common/figures.ron"), figures).unwrap();
    let content = check_paths_with_mods(&[scenario::scenarios_dir()], std::slice::from_ref(&m));
    let d = content
        .diagnostics
        .iter()
        .find(|d| d.message.contains("unknown trait `old_bolshevk`"))
        .unwrap_or_else(|| panic!("not reported: {:?}", content.diagnostics));
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.file.ends_with("common/figures.ron"),
        "{}",
        d.file.display()
    );
    // Placed at the trait itself: its line, at its opening quote.
    let line = figures.lines().nth(5).unwrap();
    assert_eq!(
        (d.line, d.column),
        (6, line.find("\"old_bolshevk\"").unwrap() + 1),
        "{d:?}"
    );
    assert_eq!(
        d.suggestion.as_deref(),
        Some("did you mean `old_bolshevik`?")
    );
    assert!(
        !content
            .diagnostics
            .iter()
            .any(|d| d.message.contains("`orator`")),
        "a known trait was refused"
    );
    // The mod's own traits table makes it known.
    std::fs::write(
        m.join("common/traits.ron"),
        "[(id: \"old_bolshevk\", name: \"Old Bolshevik (misspelt)\")]\n",
    )
    .unwrap();
    let content = check_paths_with_mods(&[scenario::scenarios_dir()], std::slice::from_ref(&m));
    let shown: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| content.sources.render(d))
        .collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}
