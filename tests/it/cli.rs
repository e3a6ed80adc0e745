//! The command-line contract, run through the real binary.
//! It runs the shipped scenarios by id, as a player types them: the binary reads the
//! shipped content.

use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_congress-of-victors"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn simulate_prints_one_json_object() {
    let out = bin()
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--seed",
            "1",
            "--until",
            "1934-03-01",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["scenario"], "congress_1934");
    assert_eq!(v["seed"], 1);
    assert_eq!(v["start"], "1934-02-01");
    assert_eq!(v["date"], "1934-03-01");
    assert_eq!(v["state_hash"].as_str().map(str::len), Some(16));
    let gs = &v["office_holders"]["secretariat.general_secretary"][0];
    let expected = if v["congress_vote"]["offer"] == "accepted" {
        "kirov"
    } else {
        "stalin"
    };
    assert_eq!(gs, expected, "{}", v["congress_vote"]);
    assert!(
        v["congress_vote"]["votes_against"]["stalin"]
            .as_u64()
            .is_some()
    );

    let again = bin()
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--seed",
            "1",
            "--until",
            "1934-03-01",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout, String::from_utf8(again.stdout).unwrap());
}

#[test]
fn simulate_rejects_bad_arguments_without_panicking() {
    for args in [
        vec!["simulate", "--scenario", "no_such_scenario"],
        vec![
            "simulate",
            "--scenario",
            "congress_1934",
            "--until",
            "1934-13-01",
        ],
        vec![
            "simulate",
            "--scenario",
            "congress_1934",
            "--until",
            "1900-01-01",
        ],
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.contains("error"), "{args:?}: {err}");
    }
}

#[test]
fn check_passes_shipped_content_and_fails_bad_files() {
    let out = bin().args(["check", "scenarios/"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let dir = std::env::temp_dir().join(format!("cov-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "(id: \"x\", name: 5)").unwrap();
    let out = bin().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:1:", bad.display())), "{err}");
}

#[test]
fn the_article_is_the_same_twice_and_has_its_parts() {
    let dir = std::env::temp_dir().join(format!("cov-article-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str| {
        let path = dir.join(name);
        let out = bin()
            .args([
                "simulate",
                "--scenario",
                "congress_1934",
                "--seed",
                "1",
                "--until",
                "1934-12-31",
                "--article",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(path).unwrap()
    };
    let a = write("a.md");
    assert_eq!(a, write("b.md"));
    assert!(a.starts_with("# The Congress of Victors"));
    assert!(a.contains("## The Congress"));
    assert!(a.contains("crossed out by"));
    // The summer's arrests make a purge wave, with an infobox in the shape of a battle's:
    // as many names as it says were arrested, and as many fates.
    let wave = a
        .split("### Purge wave ")
        .nth(1)
        .expect("a purge wave with its infobox");
    let arrested: usize = wave
        .lines()
        .find_map(|l| {
            l.strip_prefix("| Result | ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .expect("a result row");
    let names = wave
        .lines()
        .find(|l| l.starts_with("| Commanders |"))
        .map_or(0, |l| l.split("<br>").count());
    assert!(arrested >= 3 && names == arrested, "{wave}");
    let fates: u32 = wave
        .lines()
        .find_map(|l| l.strip_prefix("| Casualties and losses | | "))
        .map(|cell| {
            cell.trim_end_matches(" |")
                .split("<br>")
                .filter_map(|f| f.split(' ').next()?.parse::<u32>().ok())
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(fates as usize, arrested, "{wave}");
    let html = write("a.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h2>The Congress</h2>"));
    assert!(html.contains("<table class=\"infobox\">"));
}

#[test]
fn batch_gives_the_same_odds_whatever_the_thread_count() {
    let run = |jobs: &str| {
        let out = bin()
            .args([
                "batch",
                "--scenario",
                "congress_1934",
                "--runs",
                "4",
                "--until",
                "1934-06-01",
                "--json",
                "--jobs",
                jobs,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["runs"], 4);
    let offers: u64 = v["congress_offer"]
        .as_object()
        .unwrap()
        .values()
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    assert_eq!(offers, 4);
}

#[test]
fn a_share_code_starts_the_same_history() {
    let by_seed = bin()
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--seed",
            "7",
            "--until",
            "1934-04-01",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&by_seed.stdout).unwrap();
    let code = v["share_code"].as_str().unwrap().to_string();
    assert_eq!(code, "congress_1934-7-00000000");
    let by_code = bin()
        .args([
            "simulate",
            "--code",
            &code,
            "--until",
            "1934-04-01",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        by_code.status.success(),
        "{}",
        String::from_utf8_lossy(&by_code.stderr)
    );
    assert_eq!(by_seed.stdout, by_code.stdout);
    let wrong_mods = bin()
        .args(["simulate", "--code", "congress_1934-7-deadbeef"])
        .output()
        .unwrap();
    assert_eq!(wrong_mods.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong_mods.stderr).contains("other mods"));
}

#[test]
fn simulate_timings_lists_every_stage_of_the_tick() {
    let out = bin()
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--until",
            "1934-04-01",
            "--timings",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for stage in congress_of_victors::sim::timings::STAGES
        .iter()
        .map(|s| s.0)
    {
        assert!(
            err.lines()
                .any(|l| l.starts_with(stage) && l.contains(" ms ")),
            "no line for {stage} in:\n{err}"
        );
    }
    assert!(err.contains("ticks in"), "{err}");
}

#[test]
fn batch_writes_a_line_per_run_to_csv() {
    let path = std::env::temp_dir().join(format!("cov-batch-{}.csv", std::process::id()));
    let out = bin()
        .args([
            "batch",
            "--scenario",
            "congress_1934",
            "--runs",
            "5",
            "--until",
            "1934-04-01",
            "--csv",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 6, "{csv}");
    assert!(lines[0].starts_with("seed,ruler,offer"));
    let columns = lines[0].split(',').count();
    for (i, l) in lines[1..].iter().enumerate() {
        assert_eq!(l.split(',').count(), columns, "{l}");
        assert!(l.starts_with(&format!("{},", i + 1)), "{l}");
    }
}

/// A run that reaches the invasion tells the war in its article: an infobox and the
/// places that fell, each with its day, as the run's own reckoning has them.
#[test]
fn the_article_tells_the_war_of_1941() {
    let dir = std::env::temp_dir().join(format!("cov-war-article-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let md = dir.join("war.md");
    let json = bin()
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--seed",
            "2",
            "--json",
            "--article",
        ])
        .arg(&md)
        .output()
        .unwrap();
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let article = std::fs::read_to_string(&md).unwrap();
    let war = article
        .split("## The war of 1941")
        .nth(1)
        .expect("a section on the war");
    assert!(war.contains("### The invasion of 22 June 1941"), "{war}");
    assert!(war.contains("| Casualties and losses |"), "{war}");
    let places = summary["reckoning"]["places"].as_array().unwrap();
    for p in places {
        let name = p["name"].as_str().unwrap();
        if !p["fell"].is_null() {
            assert!(
                war.contains(&format!("{name} (")),
                "{name} fell, untold: {war}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
