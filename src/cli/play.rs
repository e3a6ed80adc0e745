//! `play` (the default): the game window.

use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Default, Clone)]
pub struct PlayArgs {
    /// Start this scenario at once instead of showing the menu (id or path).
    #[arg(long)]
    pub scenario: Option<String>,
    /// Seed of the run started with --scenario.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Side to play with --scenario; observer mode when absent.
    #[arg(long)]
    pub side: Option<String>,
    /// Apply this mod folder (with a mod.ron) on top of the installed mods; repeatable.
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
    /// Reload content files when they change while a game runs (always on in debug builds).
    #[arg(long)]
    pub watch: bool,
    /// Start the run a share code names (SCENARIO-SEED-MODS).
    #[arg(long)]
    pub code: Option<String>,
    /// Watch a replay (a game's `last.replay`, or one written by `simulate --replay-out`).
    #[arg(long)]
    pub replay: Option<PathBuf>,
    /// Window test: save screenshots into this folder, then exit.
    #[arg(long, hide = true)]
    pub window_test: Option<PathBuf>,
}

impl From<PlayArgs> for crate::gui::PlayOptions {
    fn from(a: PlayArgs) -> Self {
        Self {
            scenario: a.scenario,
            seed: a.seed,
            side: a.side,
            mods: a.mods,
            watch: a.watch,
            code: a.code,
            replay: a.replay,
            window_test: a.window_test,
        }
    }
}
