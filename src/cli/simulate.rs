//! `simulate`: one history, headless, AI only.

use super::print_diagnostics;
use crate::model::Date;
use crate::scenario;
use crate::sim::snapshot::Summary;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// Scenario id (from scenarios/) or path to a scenario file; with --load, the
    /// save's own scenario by default.
    #[arg(long, required_unless_present_any = ["code", "load"])]
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
    /// Grow the scenario N times (N times its figures and units, on the same map) to
    /// measure how the rules scale; 1 is the scenario as it is.
    #[arg(long, value_name = "N", default_value_t = 1, conflicts_with = "load",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub scale: u32,
    /// Report what this side knew: the alerts it received, true or false, and the blows
    /// struck against it (JSON: `side_intel`). The AI still plays every side.
    #[arg(long, value_name = "SIDE")]
    pub side: Option<String>,
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
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let save = match args.load.as_deref().map(crate::save::read).transpose() {
        Ok(s) => s,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let (scenario_id, seed) = match (&code, &args.scenario, &save) {
        (Some(c), _, _) => (c.scenario.clone(), c.seed),
        (None, Some(s), _) => (s.clone(), args.seed),
        (None, None, Some(save)) => (save.header.scenario.clone(), save.header.seed),
        (None, None, None) => {
            errln!("error: give --scenario, --code or --load");
            return ExitCode::from(2);
        }
    };
    let data = match scenario::load::load_scenario_with_mods(&scenario_id, &args.mods) {
        Ok(d) => d,
        Err(content) => {
            print_diagnostics(&content);
            errln!("error: scenario `{scenario_id}` could not be loaded");
            return ExitCode::from(1);
        }
    };
    if let Some(decoded) = &code
        && let Err(e) = scenario::share::check(decoded, &[data.scenario.id.as_str()], &data.mods)
    {
        errln!("error: {e}");
        return ExitCode::from(1);
    }
    let data = match args.scale {
        1 => data,
        n => scenario::scale::scaled(&data, n as usize),
    };
    let args = &SimulateArgs {
        seed,
        ..args.clone()
    };
    if let Some(side) = &args.side
        && !data.scenario.sides.iter().any(|s| &s.id == side)
    {
        let sides: Vec<&str> = data.scenario.sides.iter().map(|s| s.id.as_str()).collect();
        errln!(
            "error: --side `{side}` is not a side of {}; its sides are: {}",
            data.scenario.id,
            sides.join(", ")
        );
        return ExitCode::from(2);
    }
    let until = args.until.unwrap_or(data.scenario.end);
    if until < data.scenario.start {
        errln!(
            "error: --until {until} is before the scenario's start date {}",
            data.scenario.start
        );
        return ExitCode::from(2);
    }
    let mut app = match &save {
        None => crate::headless_run(&data, args.seed),
        Some(s) => {
            let mut app = crate::headless_app();
            let loaded = crate::save::load(app.world_mut(), &data, s).map(|_| app);
            match loaded {
                Ok(app) => app,
                Err(e) => {
                    errln!("error: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    };
    if args.article.is_some() {
        // Only reads the world: the history is the same with it or without.
        app.add_plugins(crate::sim::forces::control::plugin);
    }
    if args.timings {
        crate::sim::timings::enable(&mut app);
    }
    let started = std::time::Instant::now();
    crate::sim::advance_until(app.world_mut(), until);
    // An event whose text stated a fact the run had not produced: a content error.
    for (date, event, fact) in &app.world().resource::<crate::sim::events::Unsaid>().0 {
        errln!("warning: event `{event}` fired on {date} but its `says` {fact} did not hold");
    }
    if args.timings {
        err!(
            "{}",
            crate::sim::timings::report(app.world(), started.elapsed())
        );
    }
    if let Some(path) = &args.replay_out {
        let r = crate::save::replay::capture(app.world_mut());
        if let Err(e) = crate::save::replay::write(path, &r) {
            errln!("error: cannot write the replay {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    if let Some(path) = &args.save {
        let save = crate::save::capture(app.world_mut());
        if let Err(e) = crate::save::write(path, &save) {
            errln!("error: cannot save to {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let mut summary = Summary::take(app.world_mut());
    if let Some(side) = &args.side {
        let intel = app.world().resource::<crate::sim::intel::Intel>();
        summary.side_intel = Some(crate::sim::intel::SideReport::of(intel, side));
    }
    if let Some(path) = &args.article {
        let templates = match crate::report::article::load_templates_for(&data) {
            Ok(t) => t,
            Err(e) => {
                err!("{e}");
                return ExitCode::from(1);
            }
        };
        let world = app.world();
        let run = crate::report::article::Run {
            data: &data,
            summary: &summary,
            chronicle: world.resource::<crate::sim::chronicle::Chronicle>(),
            battles: world.resource::<crate::sim::forces::staging::Battles>(),
            trends: world.resource::<crate::sim::politics::factions::Trends>(),
            control: world.resource::<crate::sim::forces::control::ControlRecord>(),
            under_way: world.resource::<crate::sim::forces::under_way::BattlesUnderWay>(),
        };
        if let Err(e) = crate::report::article::export(&run, &templates, path) {
            errln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    if args.json {
        match serde_json::to_string(&summary) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!("error: cannot write the summary: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        outln!(
            "{} (seed {}), {} to {}",
            data.scenario.name,
            summary.seed,
            summary.start,
            summary.date
        );
        outln!("  ticks run:        {}", summary.ticks);
        outln!(
            "  leader's hold:    {:.1} ({})",
            summary.leader_hold,
            summary.leader
        );
        outln!(
            "  faction in power: {}",
            summary
                .faction_in_power
                .as_ref()
                .map_or("none", |f| f.as_str())
        );
        for (f, p) in &summary.faction_power {
            outln!("    {f:<24} {p:>6.1}");
        }
        outln!("  state hash:       {}", summary.state_hash);
    }
    ExitCode::SUCCESS
}
