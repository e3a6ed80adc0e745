//! The reckoning (scenarios/common/reckoning.ron): how the army a run has made meets
//! the invasion. The front moves along a few axes week by week; on each axis the
//! invader's pace is the historical pace scaled by how the run's army compares with the
//! army of the record. See docs/reckoning.md.

use super::diagnostics::{Diagnostic, locate, suggest};
use super::events::Condition;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReckoningDef {
    /// The day the invasion comes.
    pub date: Date,
    /// How many weeks of the campaign are played.
    pub weeks: u32,
    /// The army of the record, against which a run's army is measured.
    pub reference: ArmyMeasure,
    /// How strongly each measure's ratio to the reference scales the army's strength:
    /// strength = Π (measure / reference) ^ elasticity.
    pub elasticity: ArmyMeasure,
    /// The invader's pace goes as strength ^ -pace_exponent, kept within `pace_range`.
    pub pace_exponent: f32,
    pub pace_range: (f32, f32),
    /// No axis moves more than this in a week, whatever the odds: the pace of armour
    /// and its supply.
    pub max_week_km: f32,
    /// Surprise, 0..=1, when no modifier changes it; the record's was near total.
    pub surprise: f32,
    /// What the surprise takes from the first weeks: their pace is multiplied by
    /// 1 + surprise_pace × (surprise − the record's surprise).
    pub surprise_pace: f32,
    /// Conditions of the run that change the army's strength or the surprise.
    #[serde(default)]
    pub modifiers: Vec<ReckoningModifier>,
    /// What the side in power's answers change once the war is under way, week by week.
    #[serde(default)]
    pub terms: Vec<CampaignTerm>,
    pub axes: Vec<AxisDef>,
    /// Regions of the map lost when an axis passes their distance.
    #[serde(default)]
    pub regions: Vec<RegionLine>,
    pub losses: LossModel,
}

/// The measures of an army on the day: readiness (0..=100), equipment (the country's
/// `army_equipment`), the share of its able commanders still free, the best commander's
/// military skill at its head (0..=10).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmyMeasure {
    pub readiness: f32,
    pub equipment: f32,
    pub commanders_free: f32,
    pub leadership: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReckoningModifier {
    /// The cause in a few words, shown with the reckoning.
    pub cause: String,
    pub when: Condition,
    /// Multiplies the army's strength.
    #[serde(default = "one")]
    pub strength: f32,
    /// Added to the surprise.
    #[serde(default)]
    pub surprise: f32,
    /// A place of an axis: the `strength` counts only from the week after it falls (the
    /// stores lost with the first cities), not on the day.
    #[serde(default)]
    pub once_fallen: Option<String>,
    /// Multiplies the invader's pace in each axis's surprise weeks.
    #[serde(default = "one")]
    pub early_pace: f32,
    /// Multiplies the share of the losses taken prisoner.
    #[serde(default = "one")]
    pub captured: f32,
    /// Multiplies the aircraft lost on the first day.
    #[serde(default = "one")]
    pub aircraft: f32,
}

fn one() -> f32 {
    1.0
}

/// A term of the war under way: while `when` holds, each week of the campaign on its
/// axis (every axis when none is named) goes at `pace` times the pace, loses `losses`
/// times the men and `captured` times the share taken prisoner; `evacuates` is the share
/// of a falling region's industry carried east in time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignTerm {
    /// The cause in a few words, shown with the reckoning.
    pub cause: String,
    pub when: Condition,
    #[serde(default)]
    pub axis: Option<String>,
    #[serde(default = "one")]
    pub pace: f32,
    #[serde(default = "one")]
    pub losses: f32,
    #[serde(default = "one")]
    pub captured: f32,
    #[serde(default)]
    pub evacuates: f32,
}

/// One line of advance, with its places at their distance from the start line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AxisDef {
    pub id: String,
    pub name: String,
    /// The record's pace: so many weeks at so many km a week, in order.
    pub phases: Vec<(u32, f32)>,
    /// How many of the first weeks the surprise acts on.
    #[serde(default = "four")]
    pub surprise_weeks: u32,
    /// Where the invader's offensive on this axis culminates, when it does: past it
    /// every km costs more than the last (see `Culmination`).
    #[serde(default)]
    pub culmination: Option<Culmination>,
    pub places: Vec<PlaceLine>,
}

/// The culminating point of the attack: past `km` the invader outruns his supply and
/// meets the reserves raised behind the front, so the week's advance thins out
/// exponentially, falling by a factor e every `depth` km. An invader who came on
/// faster than the record (against a weaker army) reaches the point with more left:
/// the depth is multiplied by the run's pace on the axis to the power `pace_power`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Culmination {
    pub km: f32,
    pub depth: f32,
    #[serde(default = "two")]
    pub pace_power: f32,
}

fn two() -> f32 {
    2.0
}

fn four() -> u32 {
    4
}

/// A city on an axis: besieged when the front passes `besieged` km (when given), fallen
/// when it reaches the city.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceLine {
    pub id: String,
    pub name: String,
    pub km: f32,
    #[serde(default)]
    pub besieged: Option<f32>,
    /// The record: the day it fell, or none if it held.
    #[serde(default)]
    pub record: Option<Date>,
    /// The record: the day the siege closed, if there was one.
    #[serde(default)]
    pub record_besieged: Option<Date>,
    /// Where the city is, (longitude, latitude) in degrees: the map draws the front
    /// through it. Without it the axis has no line on the map.
    #[serde(default)]
    pub at: Option<(f32, f32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionLine {
    pub region: String,
    pub axis: String,
    pub km: f32,
    /// The region's share of the country's industry, 0..=1, lost with it unless
    /// carried east.
    #[serde(default)]
    pub industry: f32,
}

/// Men lost for good (killed, missing, captured): `per_km` for every km the front
/// moves and `per_week` for every week of fighting, times the surprise; `captured` is
/// the share of them taken prisoner at the record's surprise, and scales with it, as do
/// the aircraft lost on the first day.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossModel {
    pub per_km: f32,
    pub per_week: f32,
    pub captured: f32,
    /// Aircraft lost on the first day at the record's surprise; scales with it.
    #[serde(default)]
    pub aircraft_first_day: f32,
}

/// Checks the axes, places and regions of a reckoning file.
pub fn validate(
    r: &ReckoningDef,
    regions: &[String],
    file: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |needle: &str, msg: String, sugg: Option<String>| {
        let (l, c) = locate(text, &format!("\"{needle}\""), 0)
            .or_else(|| locate(text, needle, 0))
            .map_or((0, 0), |(l, c, _)| (l, c));
        Diagnostic::error(file, l, c, msg).with_suggestion(sugg)
    };
    if r.weeks == 0 || r.weeks > 104 {
        diags.push(at("weeks", "weeks must be 1..=104".into(), None));
    }
    if !(r.pace_range.0 > 0.0 && r.pace_range.0 <= r.pace_range.1) {
        diags.push(at(
            "pace_range",
            "pace_range must be (low, high) with 0 < low ≤ high".into(),
            None,
        ));
    }
    if !(0.0..=1.0).contains(&r.surprise) {
        diags.push(at("surprise", "surprise must be 0..=1".into(), None));
    }
    let m = &r.reference;
    if [m.readiness, m.equipment, m.commanders_free, m.leadership]
        .iter()
        .any(|v| !(v.is_finite() && *v > 0.0))
    {
        diags.push(at(
            "reference",
            "every reference measure must be above 0".into(),
            None,
        ));
    }
    for a in &r.axes {
        if a.phases.is_empty()
            || a.phases
                .iter()
                .any(|(_, km)| !(km.is_finite() && *km >= 0.0))
        {
            diags.push(at(
                &a.id,
                format!("axis `{}`: phases must be (weeks, km ≥ 0)", a.id),
                None,
            ));
        }
        if let Some(c) = &a.culmination
            && !(c.km.is_finite()
                && c.km >= 0.0
                && c.depth.is_finite()
                && c.depth > 0.0
                && c.pace_power.is_finite()
                && c.pace_power >= 0.0)
        {
            diags.push(at(
                &a.id,
                format!(
                    "axis `{}`: culmination needs km ≥ 0, depth > 0 and pace_power ≥ 0",
                    a.id
                ),
                None,
            ));
        }
        for p in &a.places {
            if p.besieged.is_some_and(|b| b > p.km) {
                diags.push(at(
                    &p.id,
                    format!("place `{}`: besieged further out than it falls", p.id),
                    None,
                ));
            }
            if let Some((lon, lat)) = p.at
                && !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
            {
                diags.push(at(
                    &p.id,
                    format!(
                        "place `{}`: `at` is (longitude, latitude) in degrees, -180..=180 and -90..=90; ({lon}, {lat}) is off the globe",
                        p.id
                    ),
                    None,
                ));
            }
        }
    }
    let places: Vec<&str> = r
        .axes
        .iter()
        .flat_map(|a| a.places.iter().map(|p| p.id.as_str()))
        .collect();
    for m in &r.modifiers {
        if let Some(place) = &m.once_fallen
            && !places.contains(&place.as_str())
        {
            diags.push(at(
                place,
                format!("modifier `{}`: no place `{place}` on any axis", m.cause),
                suggest(place, places.iter().copied()),
            ));
        }
        let factors = [m.strength, m.early_pace, m.captured, m.aircraft];
        if factors
            .iter()
            .any(|v| !(v.is_finite() && *v > 0.0 && *v <= 10.0))
        {
            diags.push(at(
                &m.cause,
                format!(
                    "modifier `{}`: strength, early_pace, captured and aircraft must be in (0, 10]",
                    m.cause
                ),
                None,
            ));
        }
    }
    for t in &r.terms {
        if let Some(axis) = &t.axis
            && !r.axes.iter().any(|a| a.id == *axis)
        {
            let known = r.axes.iter().map(|a| a.id.as_str());
            diags.push(at(
                axis,
                format!("term `{}`: no axis `{axis}`", t.cause),
                suggest(axis, known),
            ));
        }
        let factors = [t.pace, t.losses, t.captured];
        if factors
            .iter()
            .any(|v| !(v.is_finite() && *v > 0.0 && *v <= 10.0))
            || !(0.0..=1.0).contains(&t.evacuates)
        {
            diags.push(at(
                &t.cause,
                format!(
                    "term `{}`: pace, losses and captured must be in (0, 10], evacuates in 0..=1",
                    t.cause
                ),
                None,
            ));
        }
    }
    let industry: f32 = r.regions.iter().map(|l| l.industry).sum();
    if r.regions.iter().any(|l| !(0.0..=1.0).contains(&l.industry)) || industry > 1.0 + 1e-3 {
        diags.push(at(
            "industry",
            format!("regions' industry shares must each be 0..=1 and sum to at most 1 (they sum to {industry:.2})"),
            None,
        ));
    }
    for l in &r.regions {
        if !r.axes.iter().any(|a| a.id == l.axis) {
            let known = r.axes.iter().map(|a| a.id.as_str());
            diags.push(at(
                &l.axis,
                format!("region `{}`: no axis `{}`", l.region, l.axis),
                suggest(&l.axis, known),
            ));
        }
        if !regions.contains(&l.region) {
            let known = regions.iter().map(String::as_str);
            diags.push(at(
                &l.region,
                format!("no region `{}`", l.region),
                suggest(&l.region, known),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> (std::path::PathBuf, String, ReckoningDef) {
        let path = crate::scenario::scenarios_dir().join("common/reckoning.ron");
        let text = std::fs::read_to_string(&path).expect("read");
        let def = crate::scenario::load::parse(&path, &text).expect("parse");
        (path, text, def)
    }

    fn off_the_globe(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
        diags
            .iter()
            .filter(|d| d.message.contains("off the globe"))
            .collect()
    }

    #[test]
    fn a_city_off_the_globe_is_named_where_it_stands() {
        let (path, text, mut def) = shipped();
        let mut diags = Vec::new();
        validate(&def, &[], &path, &text, &mut diags);
        assert!(
            off_the_globe(&diags).is_empty(),
            "the shipped cities lie on the globe"
        );
        let place = def.axes[1].places[0].id.clone();
        def.axes[1].places[0].at = Some((200.0, 55.0));
        let mut diags = Vec::new();
        validate(&def, &[], &path, &text, &mut diags);
        let bad = off_the_globe(&diags);
        assert_eq!(bad.len(), 1, "{diags:?}");
        assert!(bad[0].message.contains(&format!("`{place}`")));
        let line = text.lines().nth(bad[0].line - 1).unwrap_or_default();
        assert!(line.contains(&format!("\"{place}\"")), "points at {line}");
    }
}
