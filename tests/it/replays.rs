//! Replays of the shipped flagship, through the library and the binary: the format
//! is tested on the runs players record.

use congress_of_victors::headless_app;
use congress_of_victors::save::replay::{self, Replay};
use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::spawn::start_run;

/// A run played as the reformers: on day three they move the OGPU's chairman.
fn played() -> Replay {
    let data = crate::flagship();
    let mut app = headless_app();
    start_run(app.world_mut(), &data, 9, Some("reformers".into()));
    for day in 0..200 {
        if day == 3 {
            let mut q = app.world_mut().resource_mut::<CommandQueue>();
            q.push(
                "reformers",
                SimCommand::Dismiss {
                    office: "ogpu.chairman".into(),
                    figure: "menzhinsky".into(),
                },
            );
            q.push(
                "reformers",
                SimCommand::Appoint {
                    office: "ogpu.chairman".into(),
                    figure: "kirov".into(),
                },
            );
            // A speech and a motion: the politics of the run are in the replay too.
            q.push(
                "reformers",
                SimCommand::Speak {
                    figure: "kirov".into(),
                    theme: congress_of_victors::sim::politics::speeches::SpeechTheme::Criticism,
                },
            );
        }
        if day == 60 {
            app.world_mut().resource_mut::<CommandQueue>().push(
                "reformers",
                SimCommand::Propose {
                    by: "kirov".into(),
                    motion: congress_of_victors::sim::politics::council::Motion::Policy {
                        policy: "grain".into(),
                        option: "lowered_quotas".into(),
                    },
                },
            );
        }
        run_tick(app.world_mut());
    }
    replay::capture(app.world_mut())
}

#[test]
fn a_replay_replays_and_a_hand_edited_one_is_caught() {
    let data = crate::flagship();
    let r = played();
    assert_eq!(r.commands.len(), 4);
    assert!(
        r.checkpoints.len() >= 7,
        "{} checkpoints",
        r.checkpoints.len()
    );
    let mut app = headless_app();
    let n = replay::verify(app.world_mut(), &data, &r).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(n, r.checkpoints.len());

    // Remove the player's appointment: the histories part at the next checkpoint.
    let mut edited = r.clone();
    edited
        .commands
        .retain(|c| !matches!(c.command, SimCommand::Appoint { .. }));
    let mut app = headless_app();
    let d = replay::verify(app.world_mut(), &data, &edited)
        .expect_err("edited")
        .expect("a divergence");
    assert_eq!(
        d.date, r.checkpoints[1].0,
        "first divergence at the first checkpoint after the command"
    );

    // A tampered hash is caught where it is.
    let mut edited = r.clone();
    edited.checkpoints[3].1 = "0000000000000000".into();
    let mut app = headless_app();
    let d = replay::verify(app.world_mut(), &data, &edited)
        .expect_err("edited")
        .expect("a divergence");
    assert_eq!(d.date, r.checkpoints[3].0);
}

#[test]
fn replay_cli_verifies_what_simulate_wrote() {
    let dir = std::env::temp_dir().join(format!("cov-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("run.replay");
    let bin = env!("CARGO_BIN_EXE_congress-of-victors");
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new(bin)
        .current_dir(root)
        .args([
            "simulate",
            "--scenario",
            "congress_1934",
            "--seed",
            "3",
            "--until",
            "1934-08-01",
            "--replay-out",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let ok = std::process::Command::new(bin)
        .current_dir(root)
        .arg("replay")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("\"seed\": 3", "\"seed\": 4", 1);
    std::fs::write(&file, text).unwrap();
    let bad = std::process::Command::new(bin)
        .current_dir(root)
        .arg("replay")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("DIVERGED on 1934-02-01"));
}

/// Watching a replay in the game: the feed gives the recorded orders on their ticks, and
/// the world ends where the recorded one did.
#[test]
fn a_replay_fed_on_its_ticks_ends_in_the_recorded_state() {
    let r = played();
    assert!(r.commands.len() >= 4, "{:?}", r.commands);
    let data = crate::flagship();
    let mut app = headless_app();
    start_run(app.world_mut(), &data, r.seed, r.side.clone());
    app.world_mut()
        .insert_resource(replay::ReplayFeed(r.commands.clone()));
    congress_of_victors::sim::advance_until(app.world_mut(), r.until);
    let log = app
        .world()
        .resource::<congress_of_victors::sim::commands::CommandLog>();
    let fed = log.entries.iter().filter(|c| c.side == "reformers").count();
    assert_eq!(fed, r.commands.len());
    assert_eq!(
        &congress_of_victors::sim::snapshot::state_hash(app.world_mut()),
        &r.checkpoints.last().unwrap().1
    );
}
