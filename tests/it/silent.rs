//! No silent failures: what a careless modder and a shell pipe used to break. Each test
//! is numbered by the item of the report that found it.
//! The cases replay what broke on the shipped content and binary, so they use them.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_congress-of-victors"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("cov-silent-{}-{name}", std::process::id()))
}

fn stdout_of(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(stdout_of(args).trim()).unwrap()
}

/// Runs the binary with stdout (and, if `both`, stderr) into a pipe whose reader has
/// already gone: the first line written meets a broken pipe.
fn into_closed_pipe(args: &[&str], both: bool) -> (Option<i32>, String) {
    let mut c = bin();
    c.args(args).stdout(Stdio::piped());
    c.stderr(if both { Stdio::piped() } else { Stdio::null() });
    let mut child = c.spawn().unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    (status.code(), format!("{status:?}"))
}

#[test]
fn item1_a_reader_that_closes_early_ends_every_command_quietly() {
    let cases: [(&[&str], bool); 4] = [
        (
            &[
                "simulate",
                "--scenario",
                "congress_1934",
                "--until",
                "1934-02-05",
            ],
            false,
        ),
        (
            &[
                "batch",
                "--scenario",
                "congress_1934",
                "--runs",
                "2",
                "--until",
                "1934-02-05",
            ],
            false,
        ),
        // Errors on stderr into the same closed pipe (`2>&1 | head`).
        (&["check", "tests/data/bad/syntax_missing_comma.ron"], true),
        (&["battle", "scenarios/battles/no_such_battle.ron"], true),
    ];
    for (args, both) in cases {
        let (code, status) = into_closed_pipe(args, both);
        // 141 is what a shell reports for a command stopped by a closed pipe; 101 is a panic.
        assert_eq!(code, Some(141), "{args:?}: {status}");
    }
}

#[test]
fn item1_the_command_line_writes_only_through_the_pipe_safe_writer() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "output.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for mac in ["println!(", "print!(", "eprintln!(", "eprint!("] {
            let raw = text
                .match_indices(mac)
                .filter(|(i, _)| !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                .count();
            assert_eq!(raw, 0, "{} uses {mac}", path.display());
        }
    }
}

#[test]
fn item2_simulate_takes_a_scenario_file_path() {
    let args = |s: &'static str| {
        [
            "simulate",
            "--scenario",
            s,
            "--seed",
            "3",
            "--until",
            "1934-03-01",
            "--json",
        ]
    };
    let by_id = json_of(&args("congress_1934"));
    let by_path = json_of(&args("scenarios/congress_1934.ron"));
    assert_eq!(by_path["scenario"], "congress_1934");
    assert_eq!(by_path["state_hash"], by_id["state_hash"]);
}

#[test]
fn item14_a_battle_outside_a_coup_is_no_coup_won() {
    use congress_of_victors::sim::forces::battles::{Losses, Winner};
    use congress_of_victors::sim::snapshot::{BattleSideSummary, BattleSummary, Summary};
    let data = crate::flagship();
    let until = "1934-02-12"
        .parse::<congress_of_victors::model::Date>()
        .unwrap();
    let mut runs = congress_of_victors::sim::batch::run_many(&data, 1, 3, until, 1, &|_| {});
    let side = |faction: &str| BattleSideSummary {
        faction: faction.into(),
        commanders: Vec::new(),
        men: 1000,
        tanks: 0,
        losses: Losses::default(),
    };
    // An event's battle, won by its attacker, in a run where no coup was attempted.
    let quiet: &mut Summary = runs
        .iter_mut()
        .find(|s| s.purges.coups == 0)
        .expect("a run without a coup");
    quiet.battles.push(BattleSummary {
        id: "an_events_battle".into(),
        site: "a_site".into(),
        start: "1934-02-10T06:00".into(),
        end: "1934-02-10T18:00".into(),
        result: Winner::Attacker,
        attacker: side("attackers"),
        defender: side("defenders"),
    });
    let watched = congress_of_victors::sim::batch::main_figures(&data);
    let odds = congress_of_victors::sim::batch::odds(&data, &runs, 1, until, &watched);
    assert!(
        odds.coup_won.count <= odds.coup.count,
        "coups won {} of {} attempted",
        odds.coup_won.count,
        odds.coup.count
    );
}

#[test]
fn item15_a_save_names_its_own_scenario() {
    let save = temp("item15.json");
    let save_s = save.to_str().unwrap();
    stdout_of(&[
        "simulate",
        "--scenario",
        "congress_1934",
        "--seed",
        "5",
        "--until",
        "1934-02-05",
        "--save",
        save_s,
    ]);
    let named = json_of(&[
        "simulate",
        "--scenario",
        "congress_1934",
        "--load",
        save_s,
        "--until",
        "1934-02-20",
        "--json",
    ]);
    let alone = json_of(&[
        "simulate",
        "--load",
        save_s,
        "--until",
        "1934-02-20",
        "--json",
    ]);
    let _ = std::fs::remove_file(&save);
    assert_eq!(alone["scenario"], "congress_1934");
    assert_eq!(alone["state_hash"], named["state_hash"]);
}

#[test]
fn item16_shards_merge_into_the_odds_of_one_batch() {
    let common = ["--scenario", "congress_1934", "--until", "1934-02-12"];
    let run = |extra: &[&str]| {
        let mut args = vec!["batch"];
        args.extend(common);
        args.extend(extra);
        stdout_of(&args)
    };
    let (a, b) = (temp("shard-a.json"), temp("shard-b.json"));
    let whole_json = run(&["--seed", "1", "--runs", "200", "--json"]);
    let whole_text = run(&["--seed", "1", "--runs", "200"]);
    run(&["--seed", "1", "--runs", "100", "--out", a.to_str().unwrap()]);
    run(&[
        "--seed",
        "101",
        "--runs",
        "100",
        "--out",
        b.to_str().unwrap(),
    ]);
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    // The order the shards are named in does not matter.
    let merged_json = stdout_of(&["batch", "merge", b_s, a_s, "--json"]);
    let merged_text = stdout_of(&["batch", "merge", a_s, b_s]);
    // A shard given twice counts its seeds twice: refused.
    let twice = bin().args(["batch", "merge", a_s, a_s]).output().unwrap();
    let _ = (std::fs::remove_file(&a), std::fs::remove_file(&b));
    assert_eq!(merged_json, whole_json);
    assert_eq!(merged_text, whole_text);
    assert_eq!(twice.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&twice.stderr).contains("seed 1 "),
        "{}",
        String::from_utf8_lossy(&twice.stderr)
    );
}
