//! The world outside (scenarios/common/foreign.ron): the powers, each with its relation
//! to the country and the terms that move it while their conditions hold, and the dated
//! facts of the world beyond the frontier. Optional: a scenario without the file has no
//! foreign situation. See docs/modding.md.

use super::diagnostics::{Diagnostic, locate, suggest};
use super::events::Condition;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

/// Relations run from this (at war in all but name) to its negation (allied).
pub const RELATION_LIMIT: f32 = 100.0;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignDef {
    pub powers: Vec<PowerDef>,
    /// The world's facts in the order written; they come to pass on their day.
    #[serde(default)]
    pub facts: Vec<FactDef>,
    /// The events, by id, whose answers are the country's dealings with the world:
    /// listed with the foreign situation when they have been answered.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// A foreign power and how it stands with the country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerDef {
    pub id: String,
    pub name: String,
    /// The relation when no term holds, -100 (hostile) ..= 100 (allied).
    pub relation: f32,
    /// What moves the relation while it holds.
    #[serde(default)]
    pub terms: Vec<RelationTerm>,
}

/// One cause of a power's relation: `by` is added while every condition given holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationTerm {
    /// The cause in a few words, shown with the relation.
    pub cause: String,
    #[serde(default)]
    pub when: Option<Condition>,
    /// Only from this day on.
    #[serde(default)]
    pub after: Option<Date>,
    /// Only before this day.
    #[serde(default)]
    pub before: Option<Date>,
    pub by: f32,
}

/// Something that happens abroad on its day, if `when` holds on that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub date: Date,
    /// The power it concerns, by id.
    pub power: String,
    pub text: String,
    #[serde(default)]
    pub when: Option<Condition>,
}

impl ForeignDef {
    pub fn power(&self, id: &str) -> Option<&PowerDef> {
        self.powers.iter().find(|p| p.id == id)
    }

    /// Every condition the file holds, by where it stands, for the validator's check of
    /// the ids they name and for the flags read.
    pub fn conditions(&self) -> Vec<(String, &Condition)> {
        let terms = self.powers.iter().flat_map(|p| {
            p.terms.iter().filter_map(move |t| {
                let what = format!("power `{}`, term `{}`", p.id, t.cause);
                t.when.as_ref().map(|c| (what, c))
            })
        });
        let facts = self.facts.iter().filter_map(|f| {
            let what = format!("fact of {} (`{}`)", f.date, f.power);
            f.when.as_ref().map(|c| (what, c))
        });
        terms.chain(facts).collect()
    }
}

/// Checks the powers' ids and relations and the facts' powers, each error at its place
/// in `file`.
pub fn validate(def: &ForeignDef, file: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
    // A needle is searched from `from`, so that an error about the fifth fact points at
    // the fifth fact and not at the first line that happens to hold the same word.
    let at = |needle: &str, from: usize, msg: String, sugg: Option<String>| {
        let (l, c) = locate(text, needle, from)
            .or_else(|| locate(text, needle, 0))
            .map_or((0, 0), |(l, c, _)| (l, c));
        Diagnostic::error(file, l, c, msg).with_suggestion(sugg)
    };
    if def.powers.is_empty() {
        diags.push(at("powers", 0, "no power is given".into(), None));
    }
    let mut seen = BTreeSet::new();
    for p in &def.powers {
        let quoted = format!("\"{}\"", p.id);
        if !seen.insert(p.id.as_str()) {
            diags.push(at(
                &quoted,
                0,
                format!("power `{}`: given twice", p.id),
                None,
            ));
        }
        let in_range = |v: f32| v.is_finite() && (-RELATION_LIMIT..=RELATION_LIMIT).contains(&v);
        if !in_range(p.relation) {
            diags.push(at(
                &quoted,
                0,
                format!(
                    "power `{}`: relation {} is outside -{RELATION_LIMIT}..={RELATION_LIMIT}",
                    p.id, p.relation
                ),
                None,
            ));
        }
        for t in &p.terms {
            let quoted_cause = format!("\"{}\"", t.cause);
            if !t.by.is_finite() || t.by.abs() > 2.0 * RELATION_LIMIT {
                diags.push(at(
                    &quoted_cause,
                    0,
                    format!(
                        "power `{}`, term `{}`: `by` must lie within ±{}",
                        p.id,
                        t.cause,
                        2.0 * RELATION_LIMIT
                    ),
                    None,
                ));
            }
            if let (Some(a), Some(b)) = (t.after, t.before)
                && b <= a
            {
                diags.push(at(
                    &quoted_cause,
                    0,
                    format!(
                        "power `{}`, term `{}`: `before` ({b}) is not after `after` ({a})",
                        p.id, t.cause
                    ),
                    None,
                ));
            }
        }
    }
    // Each fact is found after the one before it, by its date.
    let mut next = locate(text, "facts", 0).map_or(0, |(_, _, i)| i);
    for f in &def.facts {
        let date = format!("\"{}\"", f.date);
        let mut from = next;
        if let Some((_, _, i)) = locate(text, &date, next) {
            from = i;
            next = i + 1;
        }
        if def.power(&f.power).is_none() {
            let known = def.powers.iter().map(|p| p.id.as_str());
            diags.push(at(
                &format!("\"{}\"", f.power),
                from,
                format!("fact of {}: no power `{}`", f.date, f.power),
                suggest(&f.power, known),
            ));
        }
        if f.text.trim().is_empty() {
            diags.push(at(
                &date,
                from,
                format!("fact of {}: its text is empty", f.date),
                None,
            ));
        }
    }
}
