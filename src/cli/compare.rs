//! `compare`: two timelines forked from one point, and where they part.

use super::print_diagnostics;
use crate::model::Date;
use crate::model::FigureId;
use crate::scenario;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

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
            errln!("error: {e}");
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
            errln!("error: scenario `{scenario_id}` could not be loaded");
            return ExitCode::from(1);
        }
    };
    let mut choices = std::collections::BTreeMap::new();
    for c in &args.choose_b {
        let Some((ev, opt)) = c.split_once('=') else {
            errln!("error: --choose-b `{c}`: write EVENT=OPTION");
            return ExitCode::from(2);
        };
        let Some(def) = data.common.events.iter().find(|e| e.id == ev) else {
            errln!("error: --choose-b: no event `{ev}`");
            return ExitCode::from(2);
        };
        if !def.options.iter().any(|o| o.id == opt) {
            let known: Vec<&str> = def.options.iter().map(|o| o.id.as_str()).collect();
            errln!(
                "error: --choose-b: event `{ev}` has no option `{opt}` (it has {})",
                known.join(", ")
            );
            return ExitCode::from(2);
        }
        choices.insert(ev.to_string(), opt.to_string());
    }
    if args.seed_b.is_none() && choices.is_empty() {
        errln!("error: give the second timeline a --seed-b or a --choose-b");
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
            errln!("error: {e}");
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
        errln!("error: --until {until} is before the fork ({fork})");
        return ExitCode::from(2);
    }
    let c = run_both(a.world_mut(), b.world_mut(), until);
    if args.json {
        outln!("{}", serde_json::to_string(&c).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let name = |id: &Option<FigureId>| {
        id.as_ref()
            .map(FigureId::as_str)
            .map(|x| data.figure(x).map_or(x.to_string(), |f| f.name.clone()))
            .unwrap_or_else(|| "nobody".into())
    };
    outln!("Forked on {}; both run to {}.", c.fork, c.until);
    match (c.parted, c.states_part) {
        (Some(d), _) => outln!("The histories part on {d}."),
        (None, Some(d)) => outln!("The states part on {d}, but nothing different happens."),
        (None, None) => outln!("The timelines never part."),
    }
    for (label, lines) in [("A", &c.first_a), ("B", &c.first_b)] {
        outln!("First of its own in {label}:");
        for l in lines {
            outln!("  {l}");
        }
    }
    outln!(
        "Ruler at the end: A {}, B {}.",
        name(&c.ruler.0),
        name(&c.ruler.1)
    );
    outln!(
        "Victors: A {:?}, B {:?}. Distance from real history: A {:?}%, B {:?}%.",
        c.victors.0,
        c.victors.1,
        c.divergence.0,
        c.divergence.1
    );
    if !c.fates.is_empty() {
        outln!("Fates that differ:");
        for (id, (x, y)) in &c.fates {
            outln!("  {}: A {x}, B {y}", name(&Some(id.as_str().into())));
        }
    }
    ExitCode::SUCCESS
}
