//! The window test, when this machine can run it: the game under Xvfb with Mesa's
//! software Vulkan, screenshots checked for content. Without Xvfb and Mesa it says so
//! and passes; scripts/window-test is the same check, which CI runs.

use std::path::Path;
use std::process::Command;

fn missing_tools() -> Option<String> {
    let have = |cmd: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {cmd}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("xvfb-run") {
        return Some("xvfb-run not found (Debian package xvfb)".into());
    }
    let icd = Path::new("/usr/share/vulkan/icd.d");
    let lavapipe = std::fs::read_dir(icd)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with("lvp"))
        })
        .unwrap_or(false);
    if !lavapipe {
        return Some(
            "Mesa's software Vulkan not found (Debian package mesa-vulkan-drivers)".into(),
        );
    }
    None
}

#[test]
fn window_test() {
    if std::env::var_os("COV_WINDOW_TEST_BY_SCRIPT").is_some() {
        println!("window test not run here: .ci/run runs scripts/window-test next");
        return;
    }
    if let Some(why) = missing_tools() {
        println!("window test NOT RUN: {why}");
        eprintln!("window test NOT RUN: {why}");
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("cov-window-{}", std::process::id()));
    let status = Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/window-test"))
        .arg(&out_dir)
        .env("COV_BIN", env!("CARGO_BIN_EXE_congress-of-victors"))
        .status()
        .unwrap();
    assert!(status.success(), "scripts/window-test failed");
    for name in [
        "menu.png",
        "game.png",
        "politburo.png",
        "battle.png",
        "moscow.png",
        "game-menu.png",
        "event.png",
        "late.png",
        "end.png",
    ] {
        let len = std::fs::metadata(out_dir.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 10_000, "{name} is missing or tiny ({len} bytes)");
    }
}
