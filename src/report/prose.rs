//! The sections' wording (scenarios/common/article.ron's `prose`), and the few helpers
//! that join names and counts into a sentence's parts. Every sentence is a template:
//! an empty one is left out, an empty heading leaves its section out.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Prose {
    /// Joins the last of several names: "A, B and C".
    pub and: String,
    /// Small counts in words, from zero; larger ones are written in figures.
    pub numbers: Vec<String>,

    pub congress_heading: String,
    pub congress_opened: String,
    pub congress_speakers: String,
    pub congress_announced: String,
    pub congress_elected: String,

    pub plots_heading: String,
    /// What each kind of plot meant to do, by goal (`Coup`, `RemoveLeader`).
    pub plot_goals: BTreeMap<String, String>,
    pub plot_formed: String,
    /// `plot_formed` with one member besides the organiser; absent: `plot_formed`.
    #[serde(default)]
    pub plot_formed_one: String,
    pub plot_discovered: String,
    /// `plot_discovered` when none of its men was arrested; absent: `plot_discovered`.
    #[serde(default)]
    pub plot_discovered_none: String,
    pub plot_struck: String,
    /// A coup that struck, as it ended ({struck}: the day it was decided); absent in
    /// older templates: then `plot_struck`.
    #[serde(default)]
    pub plot_took_power: String,
    #[serde(default)]
    pub plot_beaten: String,
    pub plot_failed: String,
    pub plot_active: String,

    pub coup_heading: String,
    pub counter_heading: String,
    pub elsewhere_heading: String,
    pub battle_told: String,
    pub battle_won: String,
    pub battle_held: String,
    pub battle_draw: String,
    /// A battle still fought when the record closes (`{hours}` so far).
    pub battle_undecided: String,
    pub battle_killed: String,
    pub battle_captured: String,
    pub power_changed: String,
    /// A coup's regiments that did not march ({units}); absent in older templates: then
    /// not told.
    #[serde(default)]
    pub coup_stayed: String,
    #[serde(default)]
    pub coup_turned: String,
    /// A unit's name mid-sentence ({unit}); absent or empty: the bare name.
    #[serde(default)]
    pub unit_named: String,

    pub purges_section: String,
    pub wave_on: String,
    pub wave_between: String,
    pub wave_opening: String,
    pub wave_named: String,
    pub wave_tried_all: String,
    pub wave_tried_some: String,
    /// Some tried, and none of the others still held awaiting a trial at the close.
    pub wave_tried_others: String,
    pub wave_untried: String,
    /// What each fate at the end is called in a wave's sentence, by status.
    pub fates: BTreeMap<String, String>,
    pub lone_arrests: String,
    /// The same for a single figure arrested in no wave (empty: `lone_arrests`).
    pub lone_arrest: String,
    pub expelled: String,

    pub plan_heading: String,
    pub plan_rose: String,
    pub plan_fell: String,
    pub plan_held: String,
    pub plan_policies: String,
    pub plan_news: String,

    pub world_heading: String,
    pub world_year: String,
    pub world_relations: String,

    pub aftermath_heading: String,
    pub ruler_same: String,
    pub ruler_changed: String,
    pub aftermath_power: String,
    pub aftermath_toll: String,
}

impl Prose {
    /// A count in words where the templates have one, else in figures.
    pub fn count(&self, n: usize) -> String {
        self.numbers
            .get(n)
            .cloned()
            .unwrap_or_else(|| crate::model::grouped(n as u32))
    }
}

/// "A", "A and B", "A, B and C".
pub fn listed(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// Sentences joined into a paragraph, the empty ones left out, each begun with a
/// capital (a count in words may open one).
pub fn paragraph(sentences: &[String]) -> String {
    sentences
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| capitalised(s))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
