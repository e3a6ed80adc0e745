//! The plots: who began each, to do what, whom he drew in, and how it ended (found
//! out, struck, come to nothing, or still gathering men at the close).

use super::article::{ArticleTemplates, Run, Section, fill};
use super::prose::paragraph;
use crate::sim::intrigue::plots::PlotState;
use std::collections::BTreeMap;

pub fn section(run: &Run, t: &ArticleTemplates) -> Option<Section> {
    let p = &t.prose;
    let plots = &run.summary.plots;
    let first = plots.iter().map(|x| x.started).min()?;
    if p.plots_heading.is_empty() {
        return None;
    }
    let mut text = format!("\n## {}\n\n", p.plots_heading);
    for plot in plots {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("organiser", run.name(plot.organiser.as_str()));
        vars.insert("date", plot.started.long());
        let goal = format!("{:?}", plot.goal);
        vars.insert("goal", p.plot_goals.get(&goal).cloned().unwrap_or(goal));
        let members: Vec<String> = plot
            .members
            .iter()
            .filter(|m| **m != plot.organiser)
            .map(|m| m.to_string())
            .collect();
        vars.insert("count", p.count(members.len()));
        vars.insert("members", run.names(&members, &p.and));
        // Members arrested after the plot began: what its discovery cost it.
        let arrested: Vec<String> = members
            .iter()
            .chain(std::iter::once(&plot.organiser.to_string()))
            .filter(|m| {
                run.entries(crate::sim::chronicle::ChronicleKind::Arrest)
                    .any(|e| e.date >= plot.started && e.actors.first().is_some_and(|a| a == *m))
            })
            .cloned()
            .collect();
        vars.insert("arrested", p.count(arrested.len()));
        let result = run.summary.purges.coup_results.get(&plot.id);
        if let Some(r) = result {
            vars.insert("struck", r.date.long());
        }
        let ending = match (plot.state, result) {
            (PlotState::Struck, Some(r)) if r.took_power && !p.plot_took_power.is_empty() => {
                &p.plot_took_power
            }
            (PlotState::Struck, Some(_)) if !p.plot_beaten.is_empty() => &p.plot_beaten,
            (PlotState::Discovered, _)
                if arrested.is_empty() && !p.plot_discovered_none.is_empty() =>
            {
                &p.plot_discovered_none
            }
            (PlotState::Discovered, _) => &p.plot_discovered,
            (PlotState::Struck, _) => &p.plot_struck,
            (PlotState::Failed, _) => &p.plot_failed,
            (PlotState::Active, _) => &p.plot_active,
        };
        let formed = match members.len() {
            0 => String::new(),
            1 if !p.plot_formed_one.is_empty() => fill(&p.plot_formed_one, &vars),
            _ => fill(&p.plot_formed, &vars),
        };
        let sentences = [formed, fill(ending, &vars)];
        if sentences.iter().all(|s| s.is_empty()) {
            continue;
        }
        text.push_str(&paragraph(&sentences));
        text.push_str("\n\n");
    }
    Some(Section { date: first, text })
}
