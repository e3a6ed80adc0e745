//! `battle`: a sandbox battle fought many times.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BattleArgs {
    /// A battle file, e.g. scenarios/battles/kuntsevo_1934.ron.
    pub file: PathBuf,
    #[arg(long, default_value_t = 100)]
    pub runs: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn battle(args: &BattleArgs) -> ExitCode {
    let setup = match crate::sim::forces::battle_file::load_battle(&args.file) {
        Ok(s) => s,
        Err((diags, sources)) => {
            for d in &diags {
                eprint!("{}", sources.render(d));
            }
            eprintln!(
                "error: battle file `{}` could not be loaded",
                args.file.display()
            );
            return ExitCode::from(1);
        }
    };
    if args.runs == 0 || args.runs > 1_000_000 {
        eprintln!("error: --runs must be 1..=1000000");
        return ExitCode::from(2);
    }
    let (stats, _) = crate::sim::forces::battle_stats::fight_many(&setup, args.runs, args.seed);
    if args.json {
        match serde_json::to_string(&stats) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    let n = f64::from(stats.runs);
    println!("{} — {} runs, seed {}", setup.name, stats.runs, stats.seed);
    println!(
        "  outcomes: attacker {:.1}%, defender {:.1}%, draw {:.1}%",
        100.0 * f64::from(stats.outcomes.attacker) / n,
        100.0 * f64::from(stats.outcomes.defender) / n,
        100.0 * f64::from(stats.outcomes.draw) / n
    );
    println!(
        "  hours: median {} (p10 {}, p90 {})",
        stats.hours.median, stats.hours.p10, stats.hours.p90
    );
    for (name, s) in [
        (&setup.attacker.name, &stats.attacker),
        (&setup.defender.name, &stats.defender),
    ] {
        println!("  {name} (median, p10–p90):");
        for (what, q) in [
            ("killed", s.killed),
            ("wounded", s.wounded),
            ("captured", s.captured),
            ("tanks destroyed", s.tanks_destroyed),
            ("tanks captured", s.tanks_captured),
        ] {
            println!(
                "    {what:<16} {:>9.0}  ({:.0}–{:.0})",
                q.median, q.p10, q.p90
            );
        }
    }
    ExitCode::SUCCESS
}
