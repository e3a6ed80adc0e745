//! A run as a wiki-style article: a lead with the run's infobox, then sections chosen
//! from what happened (the Congress, the plots, the coup and the fighting, the purges,
//! the years of the Plan, the world, the war, the aftermath), each told in prose from
//! the templates of scenarios/common/article.ron, with infoboxes and pictures drawn from
//! the run's own data. Same run, same bytes.

use super::pictures::Picture;
use super::prose::Prose;
use crate::model::Date;
use crate::model::FigureId;
use crate::scenario::ScenarioData;
use crate::scenario::load::{parse, read_text};
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use crate::sim::forces::control::ControlRecord;
use crate::sim::forces::staging::Battles;
use crate::sim::forces::under_way::BattlesUnderWay;
use crate::sim::politics::factions::Trends;
use crate::sim::snapshot::Summary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleTemplates {
    pub title: String,
    pub lead: String,
    pub lead_vote: String,
    pub lead_offer_accepted: String,
    pub lead_offer_refused: String,
    pub lead_purges: String,
    /// `lead_purges` when no arrest ended in execution; absent in older templates: then
    /// `lead_purges` is used.
    #[serde(default)]
    pub lead_purges_none_shot: String,
    pub lead_coups: String,
    /// Each coup in the lead, won or failed ({date}, {organiser}); the coups they do not
    /// tell (no battle fought) are counted by `lead_coups`. Absent in older templates:
    /// then `lead_coups` counts them all.
    #[serde(default)]
    pub lead_coup_won: String,
    #[serde(default)]
    pub lead_coup_failed: String,
    /// How far the run moved from real history; `{divergence}` is a percentage. Absent
    /// in older templates: then the lead does not say.
    #[serde(default)]
    pub lead_divergence: String,
    /// No longer written (the article has sections by what happened, not by year);
    /// still read, so that older templates load.
    #[serde(default)]
    pub period: String,
    /// No longer written (each battle is told in its section); still read.
    #[serde(default)]
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
    /// The infoboxes' own wording (absent in older templates: then their cells are
    /// empty where a template would fill them).
    #[serde(default)]
    pub boxes: Boxes,
    /// The sections' prose (absent in older templates: then a section without its
    /// heading is left out).
    #[serde(default)]
    pub prose: Prose,
    /// The pictures' titles and captions (absent: no pictures).
    #[serde(default)]
    pub pictures: super::pictures::PictureTemplates,
    /// The war of 1941, told when the run fought it (absent in older templates: then
    /// the article leaves it out).
    #[serde(default)]
    pub war: super::war::WarTemplates,
}

/// The wording of the infoboxes. Placeholders are listed in article.ron.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Boxes {
    pub run_title: String,
    pub dates: String,
    pub ruler_start: String,
    pub ruler_end: String,
    pub result: String,
    pub cost: String,
    pub cost_purges: String,
    pub cost_battles: String,
    pub cost_war: String,
    pub side_won: String,
    pub side_lost: String,
    pub nobody: String,
    pub strength: String,
    pub losses: String,
    pub attacker_won: String,
    pub defender_held: String,
    pub draw: String,
    pub coup_title: String,
    pub coup_won: String,
    pub coup_failed: String,
    pub wave_result: String,
    /// The result of a battle still fought at the close (`{hours}` so far); empty: `draw`.
    pub undecided: String,
}

fn purges_heading() -> String {
    "Purge wave".into()
}

fn purge_accused() -> String {
    "The accused".into()
}

pub fn load_templates(common: &Path) -> Result<ArticleTemplates, String> {
    let path = common.join("article.ron");
    let text = read_text(&path).map_err(|d| d.render(None))?;
    parse::<ArticleTemplates>(&path, &text).map_err(|d| d.render(Some(&text)))
}

/// The article's wording for a run of `data`: a mod's common/article.ron when one gave
/// it, else the shipped one. A mistake is told with its file, line and column.
pub fn load_templates_for(data: &ScenarioData) -> Result<ArticleTemplates, String> {
    match &data.common.article {
        Some(path) => {
            let text = read_text(path).map_err(|d| d.render(None))?;
            parse::<ArticleTemplates>(path, &text).map_err(|d| d.render(Some(&text)))
        }
        None => load_templates(&crate::scenario::scenarios_dir().join("common")),
    }
}

pub(super) fn fill(template: &str, vars: &BTreeMap<&str, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Everything of a finished run the article reads.
pub struct Run<'a> {
    pub data: &'a ScenarioData,
    pub summary: &'a Summary,
    pub chronicle: &'a Chronicle,
    pub battles: &'a Battles,
    pub trends: &'a Trends,
    pub control: &'a ControlRecord,
    /// Battles still being fought when the run ended.
    pub under_way: &'a BattlesUnderWay,
}

impl Run<'_> {
    pub fn name(&self, id: &str) -> String {
        self.data
            .figure(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    }
    /// Several figures' names as one phrase, the last joined by `and`.
    pub fn names(&self, ids: &[String], and: &str) -> String {
        let names: Vec<String> = ids.iter().map(|i| self.name(i)).collect();
        super::prose::listed(&names, and)
    }
    pub fn faction_name(&self, id: &str) -> String {
        self.data
            .faction(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    }
    pub fn site_name(&self, id: &str) -> String {
        self.data
            .common
            .sites
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }
    /// A unit's name as the scenario gives it (one raised by an event: its id).
    pub fn unit_name(&self, id: &str) -> String {
        self.data
            .scenario
            .units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }
    /// Who led at the start: the scenario's leader.
    pub fn first_ruler(&self) -> Option<FigureId> {
        Some(self.data.scenario.leader.clone()).filter(|l| !l.as_str().is_empty())
    }
    /// The entries of one kind, in order.
    pub fn entries(
        &self,
        kind: ChronicleKind,
    ) -> impl Iterator<Item = &crate::sim::chronicle::ChronicleEntry> {
        self.chronicle
            .entries
            .iter()
            .filter(move |e| e.kind == kind)
    }
    /// Whether the battle of `r`, begun on `date`, was still being fought at the close.
    pub fn undecided(&self, date: Date, r: &crate::sim::forces::battles::BattleReport) -> bool {
        (self.under_way.0.iter()).any(|b| b.date == date && b.fight.setup().id == r.id)
    }
    /// The stem of the pictures' files: the scenario and the seed.
    pub fn stem(&self) -> String {
        format!("{}-{}", self.summary.scenario, self.summary.seed)
    }
}

/// The article: its Markdown, and the pictures it shows (each an SVG file the
/// Markdown links by name and the HTML embeds).
pub struct Article {
    pub markdown: String,
    pub pictures: Vec<Picture>,
}

/// A section as it is written: its first date (the sections of the story are told in
/// the order they began) and its text.
pub struct Section {
    pub date: Date,
    pub text: String,
}

/// Each coup in a sentence of the lead: who struck, when it was decided, and whether he
/// took power.
fn coups_told(run: &Run, t: &ArticleTemplates) -> Vec<String> {
    if t.lead_coup_won.is_empty() || t.lead_coup_failed.is_empty() {
        return Vec::new();
    }
    let mut told: Vec<(Date, String)> = Vec::new();
    for plot in &run.summary.plots {
        let Some(result) = run.summary.purges.coup_results.get(&plot.id) else {
            continue;
        };
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("date", result.date.long());
        vars.insert("organiser", run.name(plot.organiser.as_str()));
        let line = if result.took_power {
            &t.lead_coup_won
        } else {
            &t.lead_coup_failed
        };
        told.push((result.date, fill(line, &vars)));
    }
    told.sort_by_key(|(d, _)| *d);
    told.into_iter().map(|(_, s)| s).collect()
}

/// Writes the article.
pub fn write(run: &Run, t: &ArticleTemplates) -> Article {
    let s = run.summary;
    let mut pictures = super::pictures::Pictures::new(run, &t.pictures);
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("scenario", run.data.scenario.name.clone());
    vars.insert("start", s.start.long());
    vars.insert("end", s.date.long());
    vars.insert("seed", s.seed.to_string());
    vars.insert(
        "ruler",
        s.ruler
            .as_ref()
            .map(FigureId::as_str)
            .map_or_else(|| t.boxes.nobody.clone(), |r| run.name(r)),
    );
    vars.insert("leader", run.name(&s.leader));
    vars.insert("arrests", s.purges.arrests.to_string());
    vars.insert("executions", s.purges.executions.to_string());
    vars.insert("coups", s.purges.coups.to_string());
    vars.insert("share_code", s.share_code.clone());
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", fill(&t.title, &vars));
    super::infobox::run_box(run, t, &vars).write(&mut out);
    let mut lead = vec![fill(&t.lead, &vars)];
    if let Some(v) = &s.congress_vote
        && let Some(o) = run
            .data
            .scenario
            .congress
            .as_ref()
            .and_then(|c| c.offer.as_ref())
    {
        vars.insert("offer_candidate", run.name(o.candidate.as_str()));
        match v.offer.as_deref() {
            Some("accepted") => lead.push(fill(&t.lead_offer_accepted, &vars)),
            Some("refused") => lead.push(fill(&t.lead_offer_refused, &vars)),
            _ => {}
        }
    }
    if s.purges.arrests > 0 {
        let none_shot = s.purges.executions == 0 && !t.lead_purges_none_shot.is_empty();
        lead.push(fill(
            if none_shot {
                &t.lead_purges_none_shot
            } else {
                &t.lead_purges
            },
            &vars,
        ));
    }
    let told = coups_told(run, t);
    if s.purges.coups as usize > told.len() {
        lead.extend(told);
        lead.push(fill(&t.lead_coups, &vars));
    } else {
        lead.extend(told);
    }
    if let Some(d) = s.divergence
        && !t.lead_divergence.is_empty()
    {
        vars.insert("divergence", format!("{d:.0}"));
        lead.push(fill(&t.lead_divergence, &vars));
    }
    let _ = writeln!(out, "{}\n", lead.join(" "));
    if let Some(p) = pictures.control_map(s.start) {
        let _ = writeln!(out, "{p}\n");
    }

    // The story's sections, in the order they began.
    let mut story: Vec<Section> = Vec::new();
    story.extend(super::congress::section(run, t, &vars));
    story.extend(super::plots::section(run, t));
    story.extend(super::fighting::sections(run, t, &mut pictures));
    story.extend(super::purges::section(run, t, &mut pictures));
    story.sort_by_key(|s| s.date);
    for sec in story {
        out.push_str(&sec.text);
    }
    // The long years after, in their own order.
    if let Some(sec) = super::plan::section(run, t, &mut pictures) {
        out.push_str(&sec.text);
    }
    if let Some(sec) = super::plan::world(run, t) {
        out.push_str(&sec.text);
    }
    if let Some(r) = &s.reckoning {
        let before = out.len();
        super::war::section(
            &mut out,
            run.data,
            r,
            s.faction_in_power.as_ref().map(|f| f.as_str()),
            &t.war,
            &t.infobox_rows,
        );
        if out.len() > before
            && let Some(p) = pictures.front(r)
        {
            let _ = writeln!(out, "{p}\n");
        }
    }
    out.push_str(&super::aftermath::section(run, t, &vars, &mut pictures));
    let _ = writeln!(out, "\n*{}*", fill(&t.source_note, &vars));
    Article {
        markdown: out,
        pictures: pictures.done(),
    }
}

/// The article written to `path`: HTML with its pictures inside when the name ends in
/// .html, else Markdown with each picture as an SVG file beside it. Returns the files
/// written, the article first.
pub fn export(run: &Run, t: &ArticleTemplates, path: &Path) -> Result<Vec<PathBuf>, String> {
    let article = write(run, t);
    let is_html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let write = |p: &Path, bytes: &[u8]| {
        crate::model::fs::write_atomically(p, bytes)
            .map_err(|e| format!("cannot write {}: {e}", p.display()))
    };
    if is_html {
        write(path, super::html::page(&article).as_bytes())?;
        return Ok(vec![path.to_path_buf()]);
    }
    write(path, article.markdown.as_bytes())?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut written = vec![path.to_path_buf()];
    for p in &article.pictures {
        let file = dir.join(&p.file);
        write(&file, p.svg.as_bytes())?;
        written.push(file);
    }
    Ok(written)
}
