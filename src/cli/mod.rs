//! The command line: play (the default), `simulate`, `batch`, `battle`, `compare`,
//! `replay`, `check`. One file per subcommand; this one parses and dispatches.

#[macro_use]
pub(crate) mod output;

mod batch;
mod battle;
mod check;
mod compare;
pub mod fuzz;
mod play;
mod replay;
mod simulate;

pub use batch::BatchArgs;
pub use battle::BattleArgs;
pub use compare::CompareArgs;
pub use play::PlayArgs;
pub use simulate::SimulateArgs;

use crate::scenario;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "congress-of-victors",
    version,
    about = "A grand-strategy game of Soviet power politics, 1934"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub play: PlayArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the game window (the default).
    Play(PlayArgs),
    /// Run a scenario headless, AI only, and print a summary.
    Simulate(SimulateArgs),
    /// Run many seeds of a scenario, AI only, and print the odds of each outcome;
    /// `batch merge` counts the results of several batches together.
    #[command(subcommand_negates_reqs = true, args_conflicts_with_subcommands = true)]
    Batch(BatchArgs),
    /// Fight a battle sandbox file many times and print the distribution of outcomes.
    Battle(BattleArgs),
    /// Fork two timelines from a save (or a scenario's start), the second with another
    /// seed or other choices, run both and say where and when they part.
    Compare(CompareArgs),
    /// Re-run a replay and check its state hashes; says where the first divergence is.
    Replay {
        file: PathBuf,
        #[arg(long = "mod", value_name = "DIR")]
        mods: Vec<PathBuf>,
    },
    /// Feed a reader damaged inputs, looking for a panic (for development).
    #[command(hide = true)]
    Fuzz(fuzz::FuzzArgs),
    /// Validate scenario files or folders; exits 1 if there are errors.
    Check {
        /// Files or folders (a folder is read as a scenarios folder with common/).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Apply this mod folder (with a mod.ron) over the content; repeatable.
        #[arg(long = "mod", value_name = "DIR")]
        mods: Vec<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::gui::run(cli.play.into()),
        Some(Command::Play(args)) => crate::gui::run(args.into()),
        Some(Command::Simulate(args)) => simulate::simulate(&args),
        Some(Command::Check { paths, mods }) => check::check(&paths, &mods),
        Some(Command::Battle(args)) => battle::battle(&args),
        Some(Command::Batch(args)) => batch::batch(&args),
        Some(Command::Replay { file, mods }) => replay::replay(&file, &mods),
        Some(Command::Compare(args)) => compare::compare(&args),
        Some(Command::Fuzz(args)) => fuzz::run(&args),
    }
}

pub(crate) fn print_diagnostics(content: &scenario::Content) {
    for d in &content.diagnostics {
        err!("{}", content.sources.render(d));
    }
}
