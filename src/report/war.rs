//! The article's section on the war of 1941: an infobox in the shape of the article's
//! battles and a few paragraphs told from the campaign the run fought. Every sentence
//! comes from scenarios/common/article.ron's `war`; without it the section is left out.

use super::article::fill;
use crate::scenario::ScenarioData;
use crate::sim::reckoning::Reckoning;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The war's wording. Placeholders are listed in article.ron.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarTemplates {
    pub heading: String,
    /// The infobox: its title, the enemy's column head, and the rows' heads.
    pub infobox_title: String,
    pub ours: String,
    pub enemy: String,
    pub place: String,
    pub result_better: String,
    pub result_as_record: String,
    pub result_worse: String,
    pub strength: String,
    pub losses: String,
    /// The industry row: its head and its value.
    pub industry: String,
    pub industry_lost: String,
    /// The paragraphs.
    pub opening: String,
    pub opening_surprised: String,
    pub opening_warned: String,
    pub causes: String,
    pub fell: String,
    pub besieged: String,
    pub held: String,
    pub answers: String,
    pub cost: String,
}

/// Writes the section, when the run fought the war and the templates tell it.
pub fn section(
    out: &mut String,
    data: &ScenarioData,
    r: &Reckoning,
    ruling: Option<&str>,
    t: &WarTemplates,
    rows: &(String, String, String, String, String, String, String),
) {
    if t.heading.is_empty() {
        return;
    }
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    let last_week = r.date.add_days(i64::from(r.weeks_fought) * 7);
    vars.insert("from", r.date.long());
    vars.insert("to", last_week.long());
    vars.insert("weeks", r.weeks_fought.to_string());
    vars.insert("strength", format!("{:.2}", r.strength));
    vars.insert("surprise", format!("{:.0}", r.surprise * 100.0));
    vars.insert("losses", crate::model::grouped(r.losses));
    vars.insert("captured", crate::model::grouped(r.captured));
    vars.insert("industry", format!("{:.0}", r.industry_lost * 100.0));
    let by_date = |fell: bool| {
        let mut v: Vec<(crate::model::Date, &str)> = r
            .places
            .iter()
            .filter_map(|p| {
                let d = if fell {
                    p.fell
                } else {
                    p.besieged.filter(|_| p.fell.is_none())
                };
                d.map(|d| (d, p.name.as_str()))
            })
            .collect();
        v.sort();
        v
    };
    let fell = by_date(true);
    let besieged = by_date(false);
    let held: Vec<&str> = r
        .places
        .iter()
        .filter(|p| p.fell.is_none() && p.besieged.is_none())
        .map(|p| p.name.as_str())
        .collect();
    let dated = |v: &[(crate::model::Date, &str)]| {
        v.iter()
            .map(|(d, n)| format!("{n} ({})", d.long()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vars.insert("fell", dated(&fell));
    vars.insert("besieged", dated(&besieged));
    vars.insert("held", held.join(", "));
    // Each cause is a sentence of its own: its names keep their capitals.
    let listed = |v: &[String]| v.join(". ");
    vars.insert("causes", listed(&r.causes));
    vars.insert("answers", listed(&r.terms));
    vars.insert("regions", r.regions_lost.len().to_string());
    vars.insert(
        "government",
        ruling
            .and_then(|f| data.faction(f))
            .map_or_else(String::new, |f| f.name.clone()),
    );
    let result = match r.verdict.as_str() {
        "better" => &t.result_better,
        "worse" => &t.result_worse,
        _ => &t.result_as_record,
    };

    let _ = writeln!(out, "\n## {}\n", t.heading);
    let _ = writeln!(out, "### {}\n", fill(&t.infobox_title, &vars));
    let _ = writeln!(out, "| | {} | {} |", fill(&t.ours, &vars), t.enemy);
    let _ = writeln!(out, "|---|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} – {} | |",
        rows.0,
        r.date.long(),
        last_week.long()
    );
    let _ = writeln!(out, "| {} | {} | |", rows.1, fill(&t.place, &vars));
    let _ = writeln!(out, "| {} | {} | |", rows.2, fill(result, &vars));
    let _ = writeln!(out, "| {} | {} | |", rows.5, fill(&t.strength, &vars));
    let _ = writeln!(out, "| {} | {} | |", rows.6, fill(&t.losses, &vars));
    let _ = writeln!(
        out,
        "| {} | {} | |\n",
        t.industry,
        fill(&t.industry_lost, &vars)
    );

    let mut opening = vec![fill(&t.opening, &vars)];
    opening.push(fill(
        if r.surprise >= 0.6 {
            &t.opening_surprised
        } else {
            &t.opening_warned
        },
        &vars,
    ));
    if !r.causes.is_empty() {
        opening.push(fill(&t.causes, &vars));
    }
    let _ = writeln!(out, "{}\n", opening.join(" "));
    let mut course = Vec::new();
    if !fell.is_empty() {
        course.push(fill(&t.fell, &vars));
    }
    if !besieged.is_empty() {
        course.push(fill(&t.besieged, &vars));
    }
    if !held.is_empty() {
        course.push(fill(&t.held, &vars));
    }
    if !r.terms.is_empty() {
        course.push(fill(&t.answers, &vars));
    }
    let _ = writeln!(out, "{}\n", course.join(" "));
    let _ = writeln!(out, "{}\n", fill(&t.cost, &vars));
}
