//! A run as a wiki-style article: a lead, sections by year from the chronicle, an
//! infobox for each battle, and what became of the main figures. The wording comes
//! from scenarios/common/article.ron. Same run, same bytes.

use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::scenario::load::{parse, read_text};
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use crate::sim::forces::battles::{CommanderFate, SideReport, Winner};
use crate::sim::forces::staging::Battles;
use crate::sim::snapshot::Summary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleTemplates {
    pub title: String,
    pub lead: String,
    pub lead_vote: String,
    pub lead_offer_accepted: String,
    pub lead_offer_refused: String,
    pub lead_purges: String,
    pub lead_coups: String,
    /// How far the run moved from real history; `{divergence}` is a percentage. Absent
    /// in older templates: then the lead does not say.
    #[serde(default)]
    pub lead_divergence: String,
    pub period: String,
    pub battles_heading: String,
    pub fates_heading: String,
    pub fates_columns: (String, String),
    pub infobox_rows: (String, String, String, String, String, String, String),
    /// The heading over the purge waves' infoboxes (absent in older templates).
    #[serde(default = "purges_heading")]
    pub purges_heading: String,
    /// The heading of the arrested's column in a purge wave's infobox.
    #[serde(default = "purge_accused")]
    pub purge_accused: String,
    pub source_note: String,
    /// The war of 1941, told when the run fought it (absent in older templates: then
    /// the article leaves it out).
    #[serde(default)]
    pub war: super::war::WarTemplates,
}

fn purges_heading() -> String {
    "Purge wave".into()
}

fn purge_accused() -> String {
    "The accused".into()
}

/// Arrests no more than this many days apart belong to one wave.
const WAVE_GAP_DAYS: i64 = 30;
/// The fewest arrests that make a wave worth an infobox.
const WAVE_MIN_ARRESTS: usize = 3;

/// The chronicle's arrests grouped into waves: (first day, last day, the arrested).
fn purge_waves(chronicle: &Chronicle) -> Vec<(Date, Date, Vec<String>)> {
    let mut waves: Vec<(Date, Date, Vec<String>)> = Vec::new();
    for e in chronicle
        .entries
        .iter()
        .filter(|e| e.kind == ChronicleKind::Arrest)
    {
        let Some(who) = e.actors.first() else {
            continue;
        };
        match waves.last_mut() {
            Some(w) if w.1.days_until(e.date) <= WAVE_GAP_DAYS => {
                w.1 = e.date;
                if !w.2.contains(who) {
                    w.2.push(who.clone());
                }
            }
            _ => waves.push((e.date, e.date, vec![who.clone()])),
        }
    }
    waves.retain(|w| w.2.len() >= WAVE_MIN_ARRESTS);
    waves
}

pub fn load_templates(common: &Path) -> Result<ArticleTemplates, String> {
    let path = common.join("article.ron");
    let text = read_text(&path).map_err(|d| d.render(None))?;
    parse::<ArticleTemplates>(&path, &text).map_err(|d| d.render(Some(&text)))
}

pub(super) fn fill(template: &str, vars: &BTreeMap<&str, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn md_escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// The article in Markdown.
pub fn markdown(
    data: &ScenarioData,
    summary: &Summary,
    chronicle: &Chronicle,
    battles: &Battles,
    t: &ArticleTemplates,
) -> String {
    let name = |id: &str| {
        data.figure(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("scenario", data.scenario.name.clone());
    vars.insert("start", summary.start.long());
    vars.insert("end", summary.date.long());
    vars.insert("seed", summary.seed.to_string());
    vars.insert(
        "ruler",
        summary
            .ruler
            .as_deref()
            .map_or_else(|| "no one".to_string(), name),
    );
    vars.insert("leader", name(&summary.leader));
    vars.insert("arrests", summary.purges.arrests.to_string());
    vars.insert("executions", summary.purges.executions.to_string());
    vars.insert("coups", summary.purges.coups.to_string());
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", fill(&t.title, &vars));
    let mut lead = vec![fill(&t.lead, &vars)];
    if let Some(v) = &summary.congress_vote {
        if let (Some(m), Some(f)) = (&v.most_against, &v.fewest_against) {
            vars.insert("most", name(m));
            vars.insert(
                "most_votes",
                v.votes_against.get(m).copied().unwrap_or(0).to_string(),
            );
            vars.insert("fewest", name(f));
            vars.insert(
                "fewest_votes",
                v.votes_against.get(f).copied().unwrap_or(0).to_string(),
            );
            lead.push(fill(&t.lead_vote, &vars));
        }
        if let Some(o) = data
            .scenario
            .congress
            .as_ref()
            .and_then(|c| c.offer.as_ref())
        {
            vars.insert("offer_candidate", name(&o.candidate));
            match v.offer.as_deref() {
                Some("accepted") => lead.push(fill(&t.lead_offer_accepted, &vars)),
                Some("refused") => lead.push(fill(&t.lead_offer_refused, &vars)),
                _ => {}
            }
        }
    }
    if summary.purges.arrests > 0 {
        lead.push(fill(&t.lead_purges, &vars));
    }
    if summary.purges.coups > 0 {
        lead.push(fill(&t.lead_coups, &vars));
    }
    if let Some(d) = summary.divergence
        && !t.lead_divergence.is_empty()
    {
        vars.insert("divergence", format!("{d:.0}"));
        lead.push(fill(&t.lead_divergence, &vars));
    }
    let _ = writeln!(out, "{}\n", lead.join(" "));

    // Sections by year, from the chronicle.
    let mut year = None;
    for e in &chronicle.entries {
        if year != Some(e.date.year) {
            year = Some(e.date.year);
            vars.insert("year", e.date.year.to_string());
            let _ = writeln!(out, "\n## {}\n", fill(&t.period, &vars));
        }
        let _ = writeln!(out, "- **{}** — {}", e.date.long(), e.text);
    }

    if !battles.0.is_empty() {
        let _ = writeln!(out, "\n## {}\n", t.battles_heading);
        for (date, r) in &battles.0 {
            let rows = &t.infobox_rows;
            let _ = writeln!(out, "### {}\n", r.name);
            let _ = writeln!(
                out,
                "| | {} | {} |",
                md_escape_cell(&r.attacker.name),
                md_escape_cell(&r.defender.name)
            );
            let _ = writeln!(out, "|---|---|---|");
            let place = data
                .common
                .sites
                .iter()
                .find(|s| s.id == r.site)
                .map_or(r.site.clone(), |s| s.name.clone());
            let result = match r.winner {
                Winner::Attacker => format!("{} victory", r.attacker.name),
                Winner::Defender => format!("{} holds", r.defender.name),
                Winner::Draw => "indecisive".into(),
            };
            let _ = writeln!(
                out,
                "| {} | {}, {:02}:00–{:02}:00 | |",
                rows.0,
                date.long(),
                r.end_hour - r.hours,
                r.end_hour % 24
            );
            let _ = writeln!(out, "| {} | {} | |", rows.1, place);
            let _ = writeln!(out, "| {} | {} | |", rows.2, result);
            let fac = |s: &SideReport| {
                data.faction(&s.faction)
                    .map_or(s.faction.clone(), |f| f.name.clone())
            };
            let cmd = |s: &SideReport| {
                s.commanders
                    .iter()
                    .map(|(id, f)| match f {
                        CommanderFate::Killed => format!("{} †", name(id)),
                        CommanderFate::Captured => format!("{} (c.)", name(id)),
                        CommanderFate::Unhurt => name(id),
                    })
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let strength = |s: &SideReport| format!("{} men, {} tanks and AFV", s.men, s.tanks);
            let losses = |s: &SideReport| {
                let l = s.losses;
                format!(
                    "{} dead<br>{} wounded<br>{} captured<br>{} tanks destroyed<br>{} tanks captured",
                    l.killed, l.wounded, l.captured, l.tanks_destroyed, l.tanks_captured
                )
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rows.3,
                fac(&r.attacker),
                fac(&r.defender)
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rows.4,
                cmd(&r.attacker),
                cmd(&r.defender)
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rows.5,
                strength(&r.attacker),
                strength(&r.defender)
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} |\n",
                rows.6,
                losses(&r.attacker),
                losses(&r.defender)
            );
        }
    }

    // Each wave of arrests gets an infobox of the same shape as a battle's: the police
    // against the accused, and what became of them.
    let waves = purge_waves(chronicle);
    if !waves.is_empty() {
        let rows = &t.infobox_rows;
        let police = data
            .scenario
            .police
            .as_deref()
            .and_then(|p| data.common.institutions.iter().find(|i| i.id == p))
            .map_or_else(|| "the security police".to_string(), |i| i.name.clone());
        let _ = writeln!(out, "\n## {}\n", t.purges_heading);
        for (from, to, who) in &waves {
            let _ = writeln!(out, "### {} {}\n", t.purges_heading, from.long());
            let _ = writeln!(
                out,
                "| | {} | {} |",
                md_escape_cell(&police),
                md_escape_cell(&t.purge_accused)
            );
            let _ = writeln!(out, "|---|---|---|");
            let dates = if from == to {
                from.long()
            } else {
                format!("{} – {}", from.long(), to.long())
            };
            let _ = writeln!(out, "| {} | {dates} | |", rows.0);
            let _ = writeln!(out, "| {} | {} arrested | |", rows.2, who.len());
            let mut factions: Vec<String> = who
                .iter()
                .filter_map(|w| {
                    data.scenario
                        .cast
                        .iter()
                        .find(|c| &c.figure == w)?
                        .faction
                        .clone()
                })
                .map(|f| data.faction(&f).map_or(f.clone(), |x| x.name.clone()))
                .collect();
            factions.sort();
            factions.dedup();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rows.3,
                md_escape_cell(&police),
                md_escape_cell(&factions.join(", "))
            );
            let names: Vec<String> = who.iter().map(|w| name(w)).collect();
            let _ = writeln!(out, "| {} | | {} |", rows.4, names.join("<br>"));
            let mut fates: BTreeMap<String, u32> = BTreeMap::new();
            for w in who {
                if let Some(st) = summary.figure_status.get(w) {
                    *fates.entry(st.clone()).or_default() += 1;
                }
            }
            let fates: Vec<String> = fates.iter().map(|(k, n)| format!("{n} {k}")).collect();
            let _ = writeln!(out, "| {} | | {} |\n", rows.6, fates.join("<br>"));
        }
    }

    if let Some(r) = &summary.reckoning {
        super::war::section(
            &mut out,
            data,
            r,
            summary.faction_in_power.as_deref(),
            &t.war,
            &t.infobox_rows,
        );
    }

    let _ = writeln!(out, "\n## {}\n", t.fates_heading);
    let _ = writeln!(out, "| {} | {} |", t.fates_columns.0, t.fates_columns.1);
    let _ = writeln!(out, "|---|---|");
    let mut cast: Vec<&str> = data
        .scenario
        .cast
        .iter()
        .map(|c| c.figure.as_str())
        .collect();
    cast.sort_unstable();
    for id in cast {
        if let Some(status) = summary.figure_status.get(id) {
            let _ = writeln!(out, "| {} | {} |", name(id), status);
        }
    }
    let _ = writeln!(out, "\n*{}*", t.source_note);
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The same article as a standalone HTML page (the Markdown subset the article uses).
pub fn html(markdown: &str) -> String {
    let mut body = String::new();
    let mut in_list = false;
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush_table = |body: &mut String, table: &mut Vec<Vec<String>>| {
        if table.is_empty() {
            return;
        }
        body.push_str("<table class=\"infobox\">\n");
        for (i, row) in table.iter().enumerate() {
            body.push_str("<tr>");
            for cell in row {
                let tag = if i == 0 { "th" } else { "td" };
                let text = html_escape(cell).replace("&lt;br&gt;", "<br>");
                let _ = write!(body, "<{tag}>{text}</{tag}>");
            }
            body.push_str("</tr>\n");
        }
        body.push_str("</table>\n");
        table.clear();
    };
    for line in markdown.lines() {
        if line.starts_with('|') {
            if line.starts_with("|---") {
                continue;
            }
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            table.push(cells);
            continue;
        }
        flush_table(&mut body, &mut table);
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                body.push_str("<ul>\n");
                in_list = true;
            }
            let item = html_escape(item);
            let item = match item.strip_prefix("**").and_then(|r| r.split_once("**")) {
                Some((b, rest)) => format!("<b>{b}</b>{rest}"),
                None => item,
            };
            let _ = writeln!(body, "<li>{item}</li>");
            continue;
        }
        if in_list {
            body.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(h) = line.strip_prefix("### ") {
            let _ = writeln!(body, "<h3>{}</h3>", html_escape(h));
        } else if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(body, "<h2>{}</h2>", html_escape(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(body, "<h1>{}</h1>", html_escape(h));
        } else if let Some(i) = line.strip_prefix('*').and_then(|l| l.strip_suffix('*')) {
            let _ = writeln!(body, "<p><i>{}</i></p>", html_escape(i));
        } else if !line.trim().is_empty() {
            let _ = writeln!(body, "<p>{}</p>", html_escape(line));
        }
    }
    flush_table(&mut body, &mut table);
    if in_list {
        body.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Congress of Victors</title>\n<style>body{{font-family:Georgia,serif;max-width:50em;margin:2em auto;background:#f3ecdb;color:#2b2118}}h1,h2,h3{{color:#8b1a1a}}table.infobox{{border-collapse:collapse;margin:1em 0;background:#fbf7ee}}table.infobox td,table.infobox th{{border:1px solid #b9a98a;padding:.3em .6em;vertical-align:top}}</style></head><body>\n{body}</body></html>\n"
    )
}
