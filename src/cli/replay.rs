//! `replay`: a recorded game re-run, its state hashes checked.

use super::print_diagnostics;
use crate::scenario;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn replay(file: &std::path::Path, mods: &[PathBuf]) -> ExitCode {
    let r = match crate::save::replay::read(file) {
        Ok(r) => r,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let data = match scenario::load::load_scenario_with_mods(&r.scenario, mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            return ExitCode::from(1);
        }
    };
    let mut app = crate::headless_app();
    match crate::save::replay::verify(app.world_mut(), &data, &r) {
        Ok(n) => {
            outln!(
                "replay: ok, {n} checkpoints verified, {} to {}",
                data.scenario.start,
                r.until
            );
            ExitCode::SUCCESS
        }
        Err(Ok(d)) => {
            errln!(
                "replay: DIVERGED on {}: the replay expects state {} but the game computes {}",
                d.date,
                d.expected,
                d.got
            );
            ExitCode::from(1)
        }
        Err(Err(e)) => {
            errln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
