//! `batch`: many histories and the odds of each outcome.

use super::print_diagnostics;
use crate::model::Date;
use crate::scenario;
use crate::sim::snapshot::Summary;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct BatchArgs {
    #[arg(long)]
    pub scenario: String,
    #[arg(long, default_value_t = 100)]
    pub runs: u64,
    /// The first seed; runs use seeds first..first+runs.
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
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
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
            s.ruler.clone().unwrap_or_default(),
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
    let data = match scenario::load::load_scenario_with_mods(&args.scenario, &args.mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            return ExitCode::from(1);
        }
    };
    if args.runs == 0 || args.runs > 1_000_000 {
        eprintln!("error: --runs must be 1..=1000000");
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
    eprintln!(
        "batch: {} runs in {:.1} s on {jobs} thread(s)",
        runs.len(),
        started.elapsed().as_secs_f64()
    );
    let watched = crate::sim::batch::main_figures(&data);
    let odds = crate::sim::batch::odds(&data, &runs, args.seed, until, &watched);
    if let Some(path) = &args.csv
        && let Err(e) = std::fs::write(path, batch_csv(&runs, &watched))
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(1);
    }
    if args.json {
        match serde_json::to_string(&odds) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
        return ExitCode::SUCCESS;
    }
    println!(
        "{} — {} runs from seed {} to {}",
        data.scenario.name, odds.runs, odds.first_seed, odds.until
    );
    let show = |title: &str, m: &std::collections::BTreeMap<String, crate::sim::batch::Share>| {
        println!("  {title}");
        for (k, v) in m {
            println!("    {k:<28} {:>6.1}%  ({})", v.share * 100.0, v.count);
        }
    };
    show("ruler at the end", &odds.ruler);
    show("the delegates' offer", &odds.congress_offer);
    show("most votes against (leadership)", &odds.most_rejected);
    show("fewest votes against (leadership)", &odds.fewest_rejected);
    println!(
        "  coup attempted {:.1}%, coup won {:.1}%",
        odds.coup.share * 100.0,
        odds.coup_won.share * 100.0
    );
    println!(
        "  arrests (median) {}, executions (median) {}, first execution (median) {}",
        odds.median_arrests,
        odds.median_executions,
        odds.median_first_execution
            .map_or("none".into(), |d| d.to_string())
    );
    println!(
        "  distance from real history at the end (median) {:.1}%",
        odds.median_divergence
    );
    for (id, fates) in &odds.fates {
        let parts: Vec<String> = fates
            .iter()
            .map(|(k, v)| format!("{k} {:.0}%", v.share * 100.0))
            .collect();
        println!("  {id:<20} {}", parts.join(", "));
    }
    ExitCode::SUCCESS
}
