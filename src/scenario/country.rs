//! The country as numbers (scenarios/common/country.ron): grain, industry, the people,
//! the party. Each quantity moves once a month by its terms, each term a named cause,
//! so the ledger can say why a line rose or fell; past a threshold a quantity presses
//! back on the world through the events' effects.

use super::diagnostics::{Diagnostic, locate, suggest};
use super::events::{Condition, Effect};
use super::schema::CommonDb;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One national quantity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantityDef {
    pub id: String,
    pub name: String,
    /// What one unit of it is, e.g. "million tonnes" or "index, 1934 = 100".
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub description: String,
    /// How an amount of it reads in a sentence, `{}` standing for the number: "{}
    /// million members". Absent: the number, then the unit in brackets.
    #[serde(default)]
    pub amount: String,
    /// The value at the start of any scenario not named in `start_by_scenario`.
    pub start: f32,
    /// Starting values of particular scenarios, by scenario id.
    #[serde(default)]
    pub start_by_scenario: BTreeMap<String, f32>,
    #[serde(default)]
    pub min: f32,
    #[serde(default = "big")]
    pub max: f32,
    /// A quantity set from a table by year instead of by terms (the weather).
    #[serde(default)]
    pub by_year: BTreeMap<i32, f32>,
    /// What moves it each month.
    #[serde(default)]
    pub terms: Vec<TermDef>,
    /// What it does to the world past a threshold, every month it stays there.
    #[serde(default)]
    pub pressures: Vec<PressureDef>,
}

fn big() -> f32 {
    1.0e9
}

/// One cause of a monthly change: `by` (times `per`'s value when given), applied in the
/// months when every condition given holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDef {
    /// The cause in a few words, shown in the ledger: "Procurement quotas".
    pub cause: String,
    pub by: f32,
    /// Another quantity's id, or `paranoia`: the term is `by` times its value.
    #[serde(default)]
    pub per: Option<String>,
    /// `policy.option`: only while that option of that policy is in force.
    #[serde(default)]
    pub policy: Option<String>,
    /// Only in this month of the year, 1..=12.
    #[serde(default)]
    pub month: Option<u8>,
    #[serde(default)]
    pub after: Option<Date>,
    #[serde(default)]
    pub before: Option<Date>,
    /// The events' condition language.
    #[serde(default)]
    pub when: Option<Condition>,
}

/// What a quantity does to the world while it is above or below a threshold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PressureDef {
    pub id: String,
    #[serde(default)]
    pub above: Option<f32>,
    #[serde(default)]
    pub below: Option<f32>,
    /// The chronicle's line in the month the pressure begins.
    pub text: String,
    /// Applied every month the pressure holds.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Added to the ruler's popularity every month it holds.
    #[serde(default)]
    pub ruler_popularity: f32,
}

/// Special values a term may be `per`, besides the quantities.
pub const WORLD_VALUES: [&str; 1] = ["paranoia"];

/// Checks ids, references and ranges, each error at its place in `file`.
pub fn validate(db: &CommonDb, file: &Path, text: &str, diags: &mut Vec<Diagnostic>) {
    let at = |needle: &str, msg: String, sugg: Option<String>| {
        let (l, c) = locate(text, &format!("\"{needle}\""), 0).map_or((0, 0), |(l, c, _)| (l, c));
        Diagnostic::error(file, l, c, msg).with_suggestion(sugg)
    };
    let ids: BTreeSet<&str> = db.quantities.iter().map(|q| q.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    for q in &db.quantities {
        if !seen.insert(q.id.as_str()) {
            diags.push(at(&q.id, format!("quantity `{}`: given twice", q.id), None));
        }
        let bad_range = !q.min.is_finite()
            || !q.max.is_finite()
            || q.min > q.max
            || !(q.min..=q.max).contains(&q.start);
        let bad_start = q
            .start_by_scenario
            .values()
            .chain(q.by_year.values())
            .any(|v| !(q.min..=q.max).contains(v));
        if bad_range || bad_start || !q.start.is_finite() {
            diags.push(at(
                &q.id,
                format!(
                    "quantity `{}`: its start and yearly values must lie within min {} and max {}",
                    q.id, q.min, q.max
                ),
                None,
            ));
        }
        for t in &q.terms {
            if !t.by.is_finite() {
                diags.push(at(
                    &t.cause,
                    format!("term `{}`: `by` is not a number", t.cause),
                    None,
                ));
            }
            if let Some(per) = &t.per
                && !ids.contains(per.as_str())
                && !WORLD_VALUES.contains(&per.as_str())
            {
                let known = ids.iter().copied().chain(WORLD_VALUES);
                diags.push(at(
                    per,
                    format!("term `{}`: unknown quantity `{per}`", t.cause),
                    suggest(per, known),
                ));
            }
            if let Some(p) = &t.policy {
                let known = db
                    .policies
                    .iter()
                    .flat_map(|p| p.options.iter().map(move |o| format!("{}.{}", p.id, o.id)));
                let known: Vec<String> = known.collect();
                if !known.contains(p) {
                    diags.push(at(
                        p,
                        format!(
                            "term `{}`: unknown policy option `{p}` (write `policy.option`)",
                            t.cause
                        ),
                        suggest(p, known.iter().map(String::as_str)),
                    ));
                }
            }
            if t.month.is_some_and(|m| !(1..=12).contains(&m)) {
                diags.push(at(
                    &t.cause,
                    format!("term `{}`: month must be 1..=12", t.cause),
                    None,
                ));
            }
        }
        for p in &q.pressures {
            if p.above.is_none() == p.below.is_none() {
                diags.push(at(
                    &p.id,
                    format!(
                        "pressure `{}`: give exactly one of `above` and `below`",
                        p.id
                    ),
                    None,
                ));
            }
            if !p.ruler_popularity.is_finite() {
                diags.push(at(
                    &p.id,
                    format!("pressure `{}`: ruler_popularity is not a number", p.id),
                    None,
                ));
            }
        }
    }
}

/// Every id the terms' conditions and the pressures' effects name, by place, for the
/// validator's common check of figures, factions, regions and the rest.
pub fn refs(db: &CommonDb) -> Vec<(String, Vec<(&'static str, String)>)> {
    let mut out = Vec::new();
    for q in &db.quantities {
        for t in &q.terms {
            let mut r = Vec::new();
            if let Some(c) = &t.when {
                c.refs(&mut r);
            }
            out.push((format!("quantity `{}`, term `{}`", q.id, t.cause), r));
        }
        for p in &q.pressures {
            let mut r = Vec::new();
            p.effects.iter().for_each(|e| e.refs(&mut r));
            out.push((format!("quantity `{}`, pressure `{}`", q.id, p.id), r));
        }
    }
    out
}
