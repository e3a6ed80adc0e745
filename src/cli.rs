//! The command line: play (the default), `simulate`, `check`.

use crate::scenario;
use crate::sim::calendar::Date;
use crate::sim::snapshot::Summary;
use clap::{Args, Parser, Subcommand};
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
    /// Run many seeds of a scenario, AI only, and print the odds of each outcome.
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

#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// Scenario id (from scenarios/) or path to a scenario file.
    #[arg(long, required_unless_present = "code")]
    pub scenario: Option<String>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A share code (SCENARIO-SEED-MODS) instead of --scenario and --seed.
    #[arg(long, conflicts_with = "scenario")]
    pub code: Option<String>,
    /// Stop on this date (YYYY-MM-DD); the scenario's end date by default.
    #[arg(long)]
    pub until: Option<Date>,
    /// Print one JSON object on stdout instead of text.
    #[arg(long)]
    pub json: bool,
    /// Apply this mod folder (with a mod.ron) on top of the installed mods; repeatable.
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
    /// Write the run as an article: Markdown, or HTML if the file ends in .html.
    #[arg(long, value_name = "FILE")]
    pub article: Option<PathBuf>,
    /// Save the game at the end of the run to this file.
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Write a replay of the run (seed, commands, a state hash every 30 days) to this file.
    #[arg(long, value_name = "FILE")]
    pub replay_out: Option<PathBuf>,
    /// Continue from this save instead of the scenario's start (seed and side come from it).
    #[arg(long, value_name = "FILE")]
    pub load: Option<PathBuf>,
    /// Print, on standard error, the time each stage of the tick took over the run.
    #[arg(long)]
    pub timings: bool,
}

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

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::gui::run(cli.play),
        Some(Command::Play(args)) => crate::gui::run(args),
        Some(Command::Simulate(args)) => simulate(&args),
        Some(Command::Check { paths, mods }) => check(&paths, &mods),
        Some(Command::Battle(args)) => battle(&args),
        Some(Command::Batch(args)) => batch(&args),
        Some(Command::Replay { file, mods }) => replay(&file, &mods),
        Some(Command::Compare(args)) => compare(&args),
    }
}

#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    /// Fork from the scenario's start (id or path)...
    #[arg(long, required_unless_present = "load")]
    pub scenario: Option<String>,
    /// ...with this seed for both timelines.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Or fork from this save.
    #[arg(long)]
    pub load: Option<PathBuf>,
    /// The second timeline's seed from the fork on.
    #[arg(long)]
    pub seed_b: Option<u64>,
    /// In the second timeline the AI takes this option of this event: EVENT=OPTION;
    /// repeatable.
    #[arg(long = "choose-b", value_name = "EVENT=OPTION")]
    pub choose_b: Vec<String>,
    /// Run both to this date (YYYY-MM-DD); the scenario's end by default.
    #[arg(long)]
    pub until: Option<Date>,
    #[arg(long = "mod", value_name = "DIR")]
    pub mods: Vec<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn compare(args: &CompareArgs) -> ExitCode {
    use crate::sim::compare::{Fork, apply_fork, run_both};
    let save = match args.load.as_deref().map(crate::save::read).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let scenario_id = save
        .as_ref()
        .map(|s| s.header.scenario.clone())
        .or_else(|| args.scenario.clone())
        .unwrap_or_default();
    let data = match scenario::load::load_scenario_with_mods(&scenario_id, &args.mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            eprintln!("error: scenario `{scenario_id}` could not be loaded");
            return ExitCode::from(1);
        }
    };
    let mut choices = std::collections::BTreeMap::new();
    for c in &args.choose_b {
        let Some((ev, opt)) = c.split_once('=') else {
            eprintln!("error: --choose-b `{c}`: write EVENT=OPTION");
            return ExitCode::from(2);
        };
        let Some(def) = data.common.events.iter().find(|e| e.id == ev) else {
            eprintln!("error: --choose-b: no event `{ev}`");
            return ExitCode::from(2);
        };
        if !def.options.iter().any(|o| o.id == opt) {
            let known: Vec<&str> = def.options.iter().map(|o| o.id.as_str()).collect();
            eprintln!(
                "error: --choose-b: event `{ev}` has no option `{opt}` (it has {})",
                known.join(", ")
            );
            return ExitCode::from(2);
        }
        choices.insert(ev.to_string(), opt.to_string());
    }
    if args.seed_b.is_none() && choices.is_empty() {
        eprintln!("error: give the second timeline a --seed-b or a --choose-b");
        return ExitCode::from(2);
    }
    let start = || -> Result<bevy::app::App, String> {
        match &save {
            None => Ok(crate::headless_run(&data, args.seed)),
            Some(s) => {
                let mut app = crate::headless_app();
                crate::save::load(app.world_mut(), &data, s).map(|_| app)
            }
        }
    };
    let (mut a, mut b) = match (start(), start()) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    apply_fork(
        b.world_mut(),
        &Fork {
            seed: args.seed_b,
            choices,
        },
    );
    let fork = a.world().resource::<crate::sim::calendar::Calendar>().date;
    let until = args.until.unwrap_or(data.scenario.end);
    if until < fork {
        eprintln!("error: --until {until} is before the fork ({fork})");
        return ExitCode::from(2);
    }
    let c = run_both(a.world_mut(), b.world_mut(), until);
    if args.json {
        println!("{}", serde_json::to_string(&c).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let name = |id: &Option<String>| {
        id.as_deref()
            .map(|x| data.figure(x).map_or(x.to_string(), |f| f.name.clone()))
            .unwrap_or_else(|| "nobody".into())
    };
    println!("Forked on {}; both run to {}.", c.fork, c.until);
    match (c.parted, c.states_part) {
        (Some(d), _) => println!("The histories part on {d}."),
        (None, Some(d)) => println!("The states part on {d}, but nothing different happens."),
        (None, None) => println!("The timelines never part."),
    }
    for (label, lines) in [("A", &c.first_a), ("B", &c.first_b)] {
        println!("First of its own in {label}:");
        for l in lines {
            println!("  {l}");
        }
    }
    println!(
        "Ruler at the end: A {}, B {}.",
        name(&c.ruler.0),
        name(&c.ruler.1)
    );
    println!(
        "Victors: A {:?}, B {:?}. Distance from real history: A {:?}%, B {:?}%.",
        c.victors.0, c.victors.1, c.divergence.0, c.divergence.1
    );
    if !c.fates.is_empty() {
        println!("Fates that differ:");
        for (id, (x, y)) in &c.fates {
            println!("  {}: A {x}, B {y}", name(&Some(id.clone())));
        }
    }
    ExitCode::SUCCESS
}

fn print_diagnostics(content: &scenario::Content) {
    for d in &content.diagnostics {
        eprint!("{}", content.sources.render(d));
    }
}

pub fn simulate(args: &SimulateArgs) -> ExitCode {
    let code = match args
        .code
        .as_deref()
        .map(scenario::share::decode)
        .transpose()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (scenario_id, seed) = match (&code, &args.scenario) {
        (Some(c), _) => (c.scenario.clone(), c.seed),
        (None, Some(s)) => (s.clone(), args.seed),
        (None, None) => {
            eprintln!("error: give --scenario or --code");
            return ExitCode::from(2);
        }
    };
    let data = match scenario::load::load_scenario_with_mods(&scenario_id, &args.mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            eprintln!("error: scenario `{scenario_id}` could not be loaded");
            return ExitCode::from(1);
        }
    };
    if let Some(decoded) = &code
        && let Err(e) = scenario::share::check(decoded, &[data.scenario.id.as_str()], &data.mods)
    {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let args = &SimulateArgs {
        seed,
        ..args.clone()
    };
    let until = args.until.unwrap_or(data.scenario.end);
    if until < data.scenario.start {
        eprintln!(
            "error: --until {until} is before the scenario's start date {}",
            data.scenario.start
        );
        return ExitCode::from(2);
    }
    let mut app = match &args.load {
        None => crate::headless_run(&data, args.seed),
        Some(path) => {
            let loaded = crate::save::read(path).and_then(|s| {
                let mut app = crate::headless_app();
                crate::save::load(app.world_mut(), &data, &s).map(|_| app)
            });
            match loaded {
                Ok(app) => app,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    if args.timings {
        crate::sim::timings::enable(&mut app);
    }
    let started = std::time::Instant::now();
    crate::sim::advance_until(app.world_mut(), until);
    if args.timings {
        eprint!(
            "{}",
            crate::sim::timings::report(app.world(), started.elapsed())
        );
    }
    if let Some(path) = &args.replay_out {
        let r = crate::save::replay::capture(app.world_mut());
        if let Err(e) = crate::save::replay::write(path, &r) {
            eprintln!("error: cannot write the replay {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if let Some(path) = &args.save {
        let save = crate::save::capture(app.world_mut());
        if let Err(e) = crate::save::write(path, &save) {
            eprintln!("error: cannot save to {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let summary = Summary::take(app.world_mut());
    if let Some(path) = &args.article {
        let common = scenario::scenarios_dir().join("common");
        let templates = match crate::report::article::load_templates(&common) {
            Ok(t) => t,
            Err(e) => {
                eprint!("{e}");
                return ExitCode::from(1);
            }
        };
        let chronicle = app
            .world()
            .resource::<crate::sim::chronicle::Chronicle>()
            .clone();
        let battles = app.world().resource::<crate::sim::plots::Battles>().clone();
        let md =
            crate::report::article::markdown(&data, &summary, &chronicle, &battles, &templates);
        let text = if path.extension().is_some_and(|e| e == "html" || e == "htm") {
            crate::report::article::html(&md)
        } else {
            md
        };
        if let Err(e) = write_atomically(path, text.as_bytes()) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if args.json {
        match serde_json::to_string(&summary) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: cannot write the summary: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        println!(
            "{} (seed {}), {} to {}",
            data.scenario.name, summary.seed, summary.start, summary.date
        );
        println!("  ticks run:        {}", summary.ticks);
        println!(
            "  leader's hold:    {:.1} ({})",
            summary.leader_hold, summary.leader
        );
        println!(
            "  faction in power: {}",
            summary.faction_in_power.as_deref().unwrap_or("none")
        );
        for (f, p) in &summary.faction_power {
            println!("    {f:<24} {p:>6.1}");
        }
        println!("  state hash:       {}", summary.state_hash);
    }
    ExitCode::SUCCESS
}

pub fn check(paths: &[PathBuf], mods: &[PathBuf]) -> ExitCode {
    let content = scenario::load::check_paths_with_mods(paths, mods);
    print_diagnostics(&content);
    if !content.mods.is_empty() {
        println!("mods applied: {}", content.mods.join(", "));
        for ((kind, id), file) in &content.origins {
            println!("  {kind} `{id}` from {}", file.display());
        }
    }
    let errors = content
        .diagnostics
        .iter()
        .filter(|d| d.severity == scenario::Severity::Error)
        .count();
    let warnings = content.diagnostics.len() - errors;
    if errors > 0 {
        eprintln!("check: {errors} error(s), {warnings} warning(s)");
        ExitCode::from(1)
    } else {
        println!(
            "check: ok ({} scenario(s), {} figures, {} warning(s))",
            content.scenarios.len(),
            content.common.figures.len(),
            warnings
        );
        ExitCode::SUCCESS
    }
}

pub fn battle(args: &BattleArgs) -> ExitCode {
    let setup = match crate::scenario::battle_file::load_battle(&args.file) {
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
    let (stats, _) = crate::sim::battle_stats::fight_many(&setup, args.runs, args.seed);
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

/// Writes through a temporary file in the same folder and a rename, so a crash never
/// leaves half a file where a whole one was.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

pub fn replay(file: &std::path::Path, mods: &[PathBuf]) -> ExitCode {
    let r = match crate::save::replay::read(file) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
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
            println!(
                "replay: ok, {n} checkpoints verified, {} to {}",
                data.scenario.start, r.until
            );
            ExitCode::SUCCESS
        }
        Err(Ok(d)) => {
            eprintln!(
                "replay: DIVERGED on {}: the replay expects state {} but the game computes {}",
                d.date, d.expected, d.got
            );
            ExitCode::from(1)
        }
        Err(Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
