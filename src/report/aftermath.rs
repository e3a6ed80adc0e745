//! The aftermath: who ruled at the close against who ruled at the start, the faction
//! in power, what became of the story's figures in one sentence, the map at the end,
//! and the table of every figure's fate.

use super::article::{ArticleTemplates, Run, fill};
use super::pictures::Pictures;
use super::prose::paragraph;
use crate::model::FigureId;
use crate::model::FigureStatus;
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub fn section(
    run: &Run,
    t: &ArticleTemplates,
    base: &BTreeMap<&str, String>,
    pictures: &mut Pictures,
) -> String {
    let p = &t.prose;
    let s = run.summary;
    let mut out = String::new();
    let mut vars = base.clone();
    if !p.aftermath_heading.is_empty() {
        let _ = writeln!(out, "\n## {}\n", fill(&p.aftermath_heading, &vars));
        let first = run.first_ruler();
        let mut told = Vec::new();
        if first.is_some() && first == s.ruler {
            told.push(fill(&p.ruler_same, &vars));
        } else {
            vars.insert(
                "ruler_start",
                first
                    .as_ref()
                    .map(FigureId::as_str)
                    .map_or_else(String::new, |r| run.name(r)),
            );
            told.push(fill(&p.ruler_changed, &vars));
        }
        if let Some(f) = &s.faction_in_power {
            vars.insert("faction", run.faction_name(f.as_str()));
            told.push(fill(&p.aftermath_power, &vars));
        }
        let cast: Vec<&str> = run
            .data
            .scenario
            .cast
            .iter()
            .map(|c| c.figure.as_str())
            .collect();
        let count = |pred: &dyn Fn(&str) -> bool| {
            cast.iter()
                .filter(|c| s.figure_status.get(**c).is_some_and(|st| pred(st)))
                .count()
        };
        vars.insert("cast", p.count(cast.len()));
        // "No one had died", not "no had died": the toll's counts are people.
        let people = |n: usize| {
            if n == 0 {
                t.boxes.nobody.clone()
            } else {
                p.count(n)
            }
        };
        let any =
            |which: &'static [FigureStatus]| move |st: &str| which.iter().any(|w| w.label() == st);
        use FigureStatus as F;
        vars.insert(
            "dead",
            people(count(&any(&[
                F::Executed,
                F::Killed,
                F::Suicide,
                F::NaturalDeath,
            ]))),
        );
        vars.insert(
            "prisoners",
            people(count(&any(&[F::Imprisoned, F::Arrested]))),
        );
        // Exile and flight alike put a man out of Moscow.
        vars.insert("exiled", people(count(&any(&[F::Exiled, F::Abroad]))));
        told.push(fill(&p.aftermath_toll, &vars));
        let _ = writeln!(out, "{}\n", paragraph(&told));
        if let Some(pic) = pictures.control_map(s.date) {
            let _ = writeln!(out, "{pic}\n");
        }
    }
    let _ = writeln!(out, "\n## {}\n", t.fates_heading);
    let _ = writeln!(out, "| {} | {} |", t.fates_columns.0, t.fates_columns.1);
    let _ = writeln!(out, "|---|---|");
    let mut cast: Vec<&str> = run
        .data
        .scenario
        .cast
        .iter()
        .map(|c| c.figure.as_str())
        .collect();
    cast.sort_unstable();
    for id in cast {
        if let Some(status) = s.figure_status.get(id) {
            let _ = writeln!(out, "| {} | {} |", run.name(id), status);
        }
    }
    out
}
