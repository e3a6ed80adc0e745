//! `batch`: many histories and the odds of each outcome.

use super::print_diagnostics;
use crate::model::Date;
use crate::scenario;
use crate::sim::batch::Odds;
use crate::sim::front_odds::{Quantiles, ReckoningOdds, median_reading};
use crate::sim::shard::Shard;
use crate::sim::snapshot::Summary;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BatchArgs {
    #[command(subcommand)]
    pub command: Option<BatchCommand>,
    #[arg(long, required = true)]
    pub scenario: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// The first seed; runs use seeds first..first+runs. Shards of one batch run on
    /// several machines take separate ranges (--seed 1 --runs 1000, --seed 1001 ...).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Threads; all cores by default. Results do not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Stop on this date; the scenario's end by default.
    #[arg(long)]
    pub until: Option<Date>,
    /// Print one JSON object on stdout instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write one line per run to this CSV file: seed, ruler, the offer, the votes,
    /// coups, arrests, executions, victors, distance from history, each main figure's fate.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also write the runs' results to this JSON file, for `batch merge`.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum BatchCommand {
    /// Merge the files of `batch --out` over separate seeds into the odds one batch over
    /// all their seeds gives, byte for byte.
    Merge {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object on stdout instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// One line per run, for spreadsheets.
fn batch_csv(runs: &[Summary], watched: &[String]) -> String {
    let cell = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = String::from(
        "seed,ruler,offer,most_rejected,fewest_rejected,coups,arrests,executions,victors,divergence",
    );
    for w in watched {
        out.push(',');
        out.push_str(&cell(w));
    }
    out.push('\n');
    for s in runs {
        let vote = s.congress_vote.as_ref();
        let row: Vec<String> = [
            s.seed.to_string(),
            s.ruler
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            vote.and_then(|v| v.offer.clone()).unwrap_or_default(),
            vote.and_then(|v| v.most_against.clone())
                .unwrap_or_default(),
            vote.and_then(|v| v.fewest_against.clone())
                .unwrap_or_default(),
            s.purges.coups.to_string(),
            s.purges.arrests.to_string(),
            s.purges.executions.to_string(),
            s.victors.join(" "),
            s.divergence.map(|d| format!("{d:.1}")).unwrap_or_default(),
        ]
        .into_iter()
        .chain(
            watched
                .iter()
                .map(|w| s.figure_status.get(w).cloned().unwrap_or_default()),
        )
        .map(|c| cell(&c))
        .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

pub fn batch(args: &BatchArgs) -> ExitCode {
    if let Some(BatchCommand::Merge { files, json }) = &args.command {
        return merge(files, *json);
    }
    let Some(scenario_id) = &args.scenario else {
        errln!("error: give --scenario");
        return ExitCode::from(2);
    };
    let data = match scenario::load::load_scenario_with_mods(scenario_id, &args.mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            return ExitCode::from(1);
        }
    };
    if args.runs == 0 || args.runs > 1_000_000 {
        errln!("error: --runs must be 1..=1000000");
        return ExitCode::from(2);
    }
    let until = args.until.unwrap_or(data.scenario.end);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = std::time::Instant::now();
    let total = args.runs;
    // A bar on a terminal; indicatif draws nothing when standard error is not one (a
    // pipe, a log, a test), so scripts read only the summary line below.
    let bar = indicatif::ProgressBar::new(total).with_style(
        indicatif::ProgressStyle::default_bar()
            .template("batch {bar:40} {pos}/{len} runs, {per_sec}, about {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = |done: u64| bar.set_position(done);
    let runs = crate::sim::batch::run_many(&data, args.seed, args.runs, until, jobs, &progress);
    bar.finish_and_clear();
    let watched = crate::sim::batch::main_figures(&data);
    let odds = crate::sim::batch::odds(&data, &runs, args.seed, until, &watched);
    if let Some(path) = &args.csv
        && let Err(e) = std::fs::write(path, batch_csv(&runs, &watched))
    {
        errln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(1);
    }
    if let Some(path) = &args.out {
        let shard = crate::sim::batch::shard(&data, &runs, until, &watched);
        let written = serde_json::to_vec(&shard)
            .map_err(|e| e.to_string())
            .and_then(|b| crate::model::fs::write_atomically(path, &b).map_err(|e| e.to_string()));
        if let Err(e) = written {
            errln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    // Said after the files are written: a closed pipe stops the command at its first
    // word.
    errln!(
        "batch: {} runs in {:.1} s on {jobs} thread(s)",
        runs.len(),
        started.elapsed().as_secs_f64()
    );
    print_odds(&data.scenario.name, &odds, args.json)
}

/// `batch merge FILE...`: the shards' runs counted together.
fn merge(files: &[PathBuf], json: bool) -> ExitCode {
    let mut shards = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let read = std::fs::read(f)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice::<Shard>(&b).map_err(|e| e.to_string()));
        match read {
            Ok(s) if s.format == crate::sim::shard::SHARD_FORMAT => shards.push((name, s)),
            Ok(s) => {
                errln!(
                    "error: {name}: shard format {} is not {}",
                    s.format,
                    crate::sim::shard::SHARD_FORMAT
                );
                return ExitCode::from(1);
            }
            Err(e) => {
                errln!("error: {name}: not a file of `batch --out`: {e}");
                return ExitCode::from(1);
            }
        }
    }
    match Shard::merge(shards) {
        Ok(all) if all.runs.is_empty() => {
            errln!("error: the shards hold no runs");
            ExitCode::from(1)
        }
        Ok(all) => print_odds(&all.name, &crate::sim::batch::shard_odds(&all), json),
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The odds on stdout: a table, or one JSON object.
fn print_odds(name: &str, odds: &Odds, json: bool) -> ExitCode {
    if json {
        match serde_json::to_string(&odds) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    outln!(
        "{} — {} runs from seed {} to {}",
        name,
        odds.runs,
        odds.first_seed,
        odds.until
    );
    let show = |title: &str, m: &std::collections::BTreeMap<String, crate::sim::batch::Share>| {
        outln!("  {title}");
        for (k, v) in m {
            outln!("    {k:<28} {:>6.1}%  ({})", v.share * 100.0, v.count);
        }
    };
    show("ruler at the end", &odds.ruler);
    show("the delegates' offer", &odds.congress_offer);
    show("most votes against (leadership)", &odds.most_rejected);
    show("fewest votes against (leadership)", &odds.fewest_rejected);
    outln!(
        "  coup attempted {:.1}%, coup won {:.1}%",
        odds.coup.share * 100.0,
        odds.coup_won.share * 100.0
    );
    outln!(
        "  arrests (median) {}, executions (median) {}, first execution (median) {}",
        odds.median_arrests,
        odds.median_executions,
        odds.median_first_execution
            .map_or("none".into(), |d| d.to_string())
    );
    outln!(
        "  distance from real history at the end (median) {:.1}%",
        odds.median_divergence
    );
    for (id, fates) in &odds.fates {
        let parts: Vec<String> = fates
            .iter()
            .map(|(k, v)| format!("{k} {:.0}%", v.share * 100.0))
            .collect();
        outln!("  {id:<20} {}", parts.join(", "));
    }
    if let Some(r) = &odds.reckoning {
        print_reckoning(r);
    }
    ExitCode::SUCCESS
}

/// The invasion over the runs: each axis's front when the campaign ends, split by
/// whether the army was purged, and each place's fate.
fn print_reckoning(r: &ReckoningOdds) {
    outln!(
        "  {}: {} runs reach it; the front on {} (km from the start line)",
        r.date.long(),
        r.runs,
        r.end.long()
    );
    let line = |q: &Quantiles| {
        format!(
            "min {:.0}, p10 {:.0}, p25 {:.0}, median {:.0}, p75 {:.0}, p90 {:.0}, max {:.0}",
            q.min, q.p10, q.p25, q.median, q.p75, q.p90, q.max
        )
    };
    for a in &r.axes {
        let reading = median_reading(a);
        outln!("    {}: {}", a.name, line(&a.front));
        outln!("      at the median: {reading}");
        let marks: Vec<String> = a
            .places
            .iter()
            .map(|p| format!("{} {:.0}", p.name, p.km))
            .collect();
        outln!("      places (km): {}", marks.join(", "));
        for (what, share, q) in [
            ("purged", r.purged, &a.purged),
            ("spared", r.spared, &a.spared),
        ] {
            if let Some(q) = q {
                outln!(
                    "      army {what} ({} runs): p25 {:.0}, median {:.0}, p75 {:.0}",
                    share.count,
                    q.p25,
                    q.median,
                    q.p75
                );
            }
        }
    }
    outln!(
        "    {:<16} {:>6} {:>9} {:>18} {:>26} {:>7} {:>7}",
        "place",
        "fell",
        "besieged",
        "median fall",
        "in the record",
        "purged",
        "spared"
    );
    outln!(
        "    (purged, spared: how often it fell where the army was purged, where it was spared)"
    );
    let day = |d: Option<crate::model::Date>| d.map_or("-".to_string(), |d| d.long());
    for p in &r.places {
        outln!(
            "    {:<16} {:>5.0}% {:>8.0}% {:>18} {:>26} {:>6.0}% {:>6.0}%",
            p.name,
            p.fell.share * 100.0,
            p.besieged.share * 100.0,
            day(p.median_fell),
            match (p.record, p.record_besieged) {
                (Some(d), _) => d.long(),
                (None, Some(d)) => format!("besieged {}", d.long()),
                (None, None) => "held".into(),
            },
            p.fell_purged.share * 100.0,
            p.fell_spared.share * 100.0
        );
    }
    let verdicts: Vec<String> = r
        .verdicts
        .iter()
        .map(|(k, v)| format!("{k} {:.0}%", v.share * 100.0))
        .collect();
    outln!("    against the record: {}", verdicts.join(", "));
    outln!(
        "    lost for good (median) {}, of them captured {}",
        crate::model::grouped(r.median_losses as u32),
        crate::model::grouped(r.median_captured as u32)
    );
}
