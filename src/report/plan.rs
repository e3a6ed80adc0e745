//! The years of the Plan and the world outside: how the country's quantities moved
//! from the first month to the last, the policies in force at the close and the
//! country's own news; then the facts abroad in the run's years and where relations
//! with each power stood at the end.

use super::article::{ArticleTemplates, Run, Section, fill};
use super::pictures::Pictures;
use super::prose::paragraph;
use crate::sim::chronicle::ChronicleKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A change smaller than this share of a quantity's range is told as holding.
const STEADY: f32 = 0.05;
/// The most pieces of the country's news told.
const NEWS: usize = 4;

pub fn section(run: &Run, t: &ArticleTemplates, pictures: &mut Pictures) -> Option<Section> {
    let p = &t.prose;
    let series = &run.summary.country.series;
    let (first, last) = (series.first()?, series.last()?);
    if p.plan_heading.is_empty() || first.0 == last.0 {
        return None;
    }
    let mut moved = Vec::new();
    for q in &run.data.common.quantities {
        let (Some(a), Some(b)) = (first.1.get(&q.id), last.1.get(&q.id)) else {
            continue;
        };
        // A quantity set by a table of years is the world's doing, not the Plan's.
        if !q.by_year.is_empty() {
            continue;
        }
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("quantity", q.name.clone());
        // Tenths for a small quantity (2.7 million members), whole numbers otherwise.
        let decimals = usize::from(a.abs().max(b.abs()) < 10.0);
        let number = |v: f32| format!("{v:.decimals$}");
        let amount = |v: f32| {
            if q.amount.contains("{}") {
                q.amount.replace("{}", &number(v))
            } else if q.unit.is_empty() {
                number(v)
            } else {
                format!("{} ({})", number(v), q.unit)
            }
        };
        // The unit once, after the second number: "from 2.8 to 3.1 million".
        vars.insert("from", number(*a));
        vars.insert("to", amount(*b));
        let range = (q.max - q.min).abs().max(1.0);
        let template = if (b - a).abs() < STEADY * range {
            &p.plan_held
        } else if b > a {
            &p.plan_rose
        } else {
            &p.plan_fell
        };
        moved.push(fill(template, &vars));
    }
    let mut choices = Vec::new();
    for pol in &run.data.common.policies {
        if let Some(opt) = run.summary.policies.get(&pol.id)
            && let Some(o) = pol.options.iter().find(|o| &o.id == opt)
        {
            choices.push(format!("{}: {}", pol.name, o.name));
        }
    }
    let mut close = Vec::new();
    if !choices.is_empty() {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("policies", choices.join("; "));
        close.push(fill(&p.plan_policies, &vars));
    }
    let mut news: Vec<String> = Vec::new();
    for e in run.entries(ChronicleKind::Country) {
        if !news.contains(&e.text) {
            news.push(e.text.clone());
        }
    }
    if !news.is_empty() {
        news.truncate(NEWS);
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("news", news.join(" "));
        close.push(fill(&p.plan_news, &vars));
    }
    let mut text = format!("\n## {}\n\n", p.plan_heading);
    let _ = writeln!(text, "{}\n", paragraph(&moved));
    if !close.is_empty() {
        let _ = writeln!(text, "{}\n", paragraph(&close));
    }
    if let Some(pic) = pictures.power() {
        let _ = writeln!(text, "{pic}\n");
    }
    Some(Section {
        date: first.0,
        text,
    })
}

pub fn world(run: &Run, t: &ArticleTemplates) -> Option<Section> {
    let p = &t.prose;
    let s = run.summary;
    if p.world_heading.is_empty() {
        return None;
    }
    let facts: Vec<&crate::sim::foreign::ForeignFact> = s
        .foreign
        .facts
        .iter()
        .filter(|f| f.date >= s.start && f.date <= s.date)
        .collect();
    if facts.is_empty() {
        return None;
    }
    let mut text = format!("\n## {}\n\n", p.world_heading);
    // A paragraph a year: the facts of the world are sentences of the content.
    let mut by_year: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for f in &facts {
        by_year.entry(f.date.year).or_default().push(f.text.clone());
    }
    for (year, texts) in &by_year {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("year", year.to_string());
        vars.insert("facts", paragraph(texts));
        let _ = writeln!(text, "{}\n", fill(&p.world_year, &vars));
    }
    let powers: Vec<String> = run
        .data
        .common
        .foreign
        .as_ref()
        .map(|d| {
            d.powers
                .iter()
                .filter_map(|pw| {
                    let st = s.foreign.powers.get(&pw.id)?;
                    Some(format!("{} {:+.0}", pw.name, st.relation))
                })
                .collect()
        })
        .unwrap_or_default();
    if !powers.is_empty() {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("relations", super::prose::listed(&powers, &p.and));
        vars.insert("end", s.date.long());
        let _ = writeln!(text, "{}\n", fill(&p.world_relations, &vars));
    }
    Some(Section {
        date: facts[0].date,
        text,
    })
}
