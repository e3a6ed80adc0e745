//! `battle`: a sandbox battle fought many times.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BattleArgs {
    /// A battle file, e.g. scenarios/battles/kuntsevo_1934.ron, or a battle's id, looked
    /// for in the `battles/` folders of the mods and then in scenarios/battles/.
    pub file: PathBuf,
    #[arg(long, default_value_t = 100)]
    pub runs: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// A mod folder whose `battles/` may hold the battle named by id; repeatable.
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
}

/// The file of a battle given by path, or by id in the mods' and the shipped battles.
fn battle_path(args: &BattleArgs) -> Result<PathBuf, String> {
    if args.file.exists() || args.file.components().count() > 1 {
        return Ok(args.file.clone());
    }
    let name = format!("{}.ron", args.file.display());
    let mut folders: Vec<PathBuf> = args.mods.iter().map(|m| m.join("battles")).collect();
    folders.extend(
        crate::scenario::mods::default_mod_dirs()
            .into_iter()
            .map(|m| m.join("battles")),
    );
    folders.push(crate::scenario::scenarios_dir().join("battles"));
    folders
        .iter()
        .map(|f| f.join(&name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            let looked: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
            format!(
                "no battle file `{}` and no battle `{name}` in {}",
                args.file.display(),
                looked.join(", ")
            )
        })
}

pub fn battle(args: &BattleArgs) -> ExitCode {
    let path = match battle_path(args) {
        Ok(p) => p,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let setup = match crate::sim::forces::battle_file::load_battle(&path) {
        Ok(s) => s,
        Err((diags, sources)) => {
            for d in &diags {
                err!("{}", sources.render(d));
            }
            errln!(
                "error: battle file `{}` could not be loaded",
                path.display()
            );
            return ExitCode::from(1);
        }
    };
    if args.runs == 0 || args.runs > 1_000_000 {
        errln!("error: --runs must be 1..=1000000");
        return ExitCode::from(2);
    }
    let (stats, _) = crate::sim::forces::battle_stats::fight_many(&setup, args.runs, args.seed);
    if args.json {
        match serde_json::to_string(&stats) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    let n = f64::from(stats.runs);
    outln!("{} — {} runs, seed {}", setup.name, stats.runs, stats.seed);
    outln!(
        "  outcomes: attacker {:.1}%, defender {:.1}%, draw {:.1}%",
        100.0 * f64::from(stats.outcomes.attacker) / n,
        100.0 * f64::from(stats.outcomes.defender) / n,
        100.0 * f64::from(stats.outcomes.draw) / n
    );
    outln!(
        "  hours: median {} (p10 {}, p90 {})",
        stats.hours.median,
        stats.hours.p10,
        stats.hours.p90
    );
    for (name, s) in [
        (&setup.attacker.name, &stats.attacker),
        (&setup.defender.name, &stats.defender),
    ] {
        outln!("  {name} (median, p10–p90):");
        for (what, q) in [
            ("killed", s.killed),
            ("wounded", s.wounded),
            ("captured", s.captured),
            ("tanks destroyed", s.tanks_destroyed),
            ("tanks captured", s.tanks_captured),
        ] {
            outln!(
                "    {what:<16} {:>9.0}  ({:.0}–{:.0})",
                q.median,
                q.p10,
                q.p90
            );
        }
    }
    ExitCode::SUCCESS
}
