//! `simulate --scale N`: the grown world the performance figures are measured on.

use std::process::{Command, Output};

fn simulate(extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_congress-of-victors"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["simulate", "--scenario", "congress_1934", "--json"])
        .args(extra)
        .output()
        .unwrap()
}

fn state_hash(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["state_hash"].as_str().unwrap().to_string()
}

#[test]
fn a_scaled_world_runs_and_is_deterministic() {
    // Past several weekly plot days, so the grown cast plots and is purged.
    let run = |scale: &str| {
        state_hash(&simulate(&[
            "--seed",
            "3",
            "--until",
            "1934-04-01",
            "--scale",
            scale,
        ]))
    };
    let twice = run("2");
    assert_eq!(twice, run("2"), "the same seed gave two histories");
    // The copies are in the world: it is not the scenario as shipped.
    assert_ne!(twice, run("1"));
}

#[test]
fn a_bad_scale_is_refused_with_a_clear_error() {
    for bad in ["0", "x", "100000"] {
        let out = simulate(&["--scale", bad]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--scale {bad}: {err}");
        assert!(!err.contains("panicked"), "--scale {bad}: {err}");
        assert!(
            err.contains("--scale") && err.contains(bad),
            "--scale {bad}: {err}"
        );
    }
}
