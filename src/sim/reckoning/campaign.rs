//! The campaign's arithmetic, one week at a time: the same step plays the outlook (the
//! campaign if the invasion came today, fought as the record fought it) and the war
//! the world lives through from the day of the invasion, where the side in power's
//! answers bring the content's campaign terms into force.

use super::{PlaceFate, Reckoning};
use crate::model::Date;
use crate::scenario::reckoning::{
    ArmyMeasure, CampaignTerm, Culmination, ReckoningDef, ReckoningModifier,
};
use std::collections::BTreeMap;

/// The campaign on its first day: the army measured, no ground lost yet.
pub fn begin(
    def: &ReckoningDef,
    army: ArmyMeasure,
    strength: f32,
    surprise: f32,
    causes: Vec<String>,
) -> Reckoning {
    let places = def
        .axes
        .iter()
        .flat_map(|axis| {
            axis.places.iter().map(|p| PlaceFate {
                id: p.id.clone(),
                name: p.name.clone(),
                axis: axis.id.clone(),
                fell: None,
                besieged: None,
                record: p.record,
                record_besieged: p.record_besieged,
            })
        })
        .collect();
    let mut r = Reckoning {
        date: def.date,
        weeks: def.weeks,
        army,
        reference: def.reference.clone(),
        strength: (strength * 1000.0).round() / 1000.0,
        surprise,
        causes,
        front: def
            .axes
            .iter()
            .map(|a| (a.id.clone(), Vec::new()))
            .collect(),
        places,
        regions_lost: Vec::new(),
        losses: 0,
        captured: 0,
        aircraft_lost: 0,
        verdict: "as in the record".into(),
        weeks_fought: 0,
        industry_lost: 0.0,
        terms: Vec::new(),
        lost_men: 0.0,
        lost_captured: 0.0,
    };
    // The first day's aircraft: caught on their fields in proportion to the surprise.
    let aircraft: f32 = in_force(def, &r).map(|m| m.aircraft).product();
    r.aircraft_lost = (def.losses.aircraft_first_day * r.surprise / def.surprise.max(0.01)
        * aircraft)
        .round() as u32;
    r
}

/// The modifiers that held on the day of the invasion (their causes are the reckoning's).
fn in_force<'a>(
    def: &'a ReckoningDef,
    r: &'a Reckoning,
) -> impl Iterator<Item = &'a ReckoningModifier> {
    def.modifiers.iter().filter(|m| r.causes.contains(&m.cause))
}

/// What a week changed that the chronicle tells: places fallen and besieged, by name.
#[derive(Default, Debug)]
pub struct WeekNews {
    pub fell: Vec<String>,
    pub besieged: Vec<String>,
}

/// Fights one more week under the terms in force. Does nothing once every week is fought.
pub fn step(def: &ReckoningDef, r: &mut Reckoning, terms: &[&CampaignTerm]) -> WeekNews {
    let mut news = WeekNews::default();
    if r.weeks_fought >= def.weeks {
        return news;
    }
    r.weeks_fought += 1;
    let week = r.weeks_fought;
    let day = def.date.add_days(i64::from(week) * 7);
    // What the day's modifiers change as the campaign goes: the stores lost with a
    // city count from the week after it fell.
    let fallen = |id: &str| r.places.iter().any(|p| p.id == id && p.fell.is_some());
    let later: f32 = in_force(def, r)
        .filter(|m| m.once_fallen.as_deref().is_some_and(fallen))
        .map(|m| m.strength)
        .product();
    let early_pace: f32 = in_force(def, r).map(|m| m.early_pace).product();
    let captured_by: f32 = in_force(def, r).map(|m| m.captured).product();
    let pace = (r.strength * later)
        .max(0.05)
        .powf(-def.pace_exponent)
        .max(def.pace_range.0)
        .min(def.pace_range.1);
    let early = (1.0 + def.surprise_pace * (r.surprise - def.surprise)).max(0.1);
    // Losses scale with the shock of surprise, normalised so that the record's surprise
    // gives the record's losses.
    let shock = (0.5 + r.surprise) / (0.5 + def.surprise);
    let captured_base = def.losses.captured * r.surprise / def.surprise.max(0.01);
    let per_axis_week = def.losses.per_week / def.axes.len().max(1) as f32;
    for t in terms {
        if !r.terms.contains(&t.cause) {
            r.terms.push(t.cause.clone());
        }
    }
    let mut passed: Vec<(f32, String)> = Vec::new();
    for axis in &def.axes {
        let applies = |t: &&&CampaignTerm| t.axis.as_ref().is_none_or(|a| *a == axis.id);
        let term_pace: f32 = terms.iter().filter(applies).map(|t| t.pace).product();
        let term_losses: f32 = terms.iter().filter(applies).map(|t| t.losses).product();
        let term_captured: f32 = terms.iter().filter(applies).map(|t| t.captured).product();
        let base = phase_km(&axis.phases, week);
        let surprised = if week <= axis.surprise_weeks {
            early * early_pace
        } else {
            1.0
        };
        let line = r.front.entry(axis.id.clone()).or_default();
        let before = line.last().copied().unwrap_or(0.0);
        let raw = (base * pace * surprised * term_pace).min(def.max_week_km);
        let km = match &axis.culmination {
            Some(c) => culminate(c, before, raw, pace * term_pace),
            None => before + raw,
        };
        let advance = km - before;
        line.push((km * 10.0).round() / 10.0);
        let lost = (def.losses.per_km * advance + per_axis_week) * shock * term_losses;
        r.lost_men += lost;
        r.lost_captured += lost * (captured_base * term_captured * captured_by).min(0.9);
        for (p, fate) in axis.places.iter().zip(
            r.places
                .iter_mut()
                .filter(|f| f.axis == axis.id)
                .collect::<Vec<_>>(),
        ) {
            if fate.fell.is_none() && km >= p.km {
                fate.fell = Some(day);
                news.fell.push(p.name.clone());
            }
            if fate.besieged.is_none() && p.besieged.is_some_and(|b| km >= b) {
                fate.besieged = Some(day);
                if fate.fell.is_none() {
                    news.besieged.push(p.name.clone());
                }
            }
        }
        for line in def.regions.iter().filter(|l| l.axis == axis.id) {
            if km >= line.km && !r.regions_lost.contains(&line.region) {
                passed.push((line.km, line.region.clone()));
                // What was carried east in time is not lost with the region.
                let saved = terms
                    .iter()
                    .filter(applies)
                    .map(|t| t.evacuates)
                    .fold(0.0f32, f32::max)
                    .clamp(0.0, 1.0);
                r.industry_lost += line.industry * (1.0 - saved);
            }
        }
    }
    passed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    r.regions_lost.extend(passed.into_iter().map(|(_, id)| id));
    r.losses = r.lost_men.round() as u32;
    r.captured = r.lost_captured.round() as u32;
    r.verdict = verdict(&r.places).into();
    news
}

/// Where a week's advance of `raw` km from `before` ends on an axis whose attack
/// culminates at `c`: the front's speed past the point falls as e^-(x - km)/depth, which
/// integrates over the week to x₀ + depth × ln(1 + left/depth × e^-(x₀ - km)/depth)
/// (written so that no exponential can overflow).
fn culminate(c: &Culmination, before: f32, raw: f32, pace: f32) -> f32 {
    if before + raw <= c.km {
        return before + raw;
    }
    let depth = c.depth * pace.max(0.01).powf(c.pace_power);
    let left = raw - (c.km - before).max(0.0);
    let from = before.max(c.km);
    from + depth * (left / depth * (-(from - c.km) / depth).exp()).ln_1p()
}

/// The km an axis's record pace gives in a week (1-based); nothing after its phases.
fn phase_km(phases: &[(u32, f32)], week: u32) -> f32 {
    let mut left = week;
    for (weeks, km) in phases {
        if left <= *weeks {
            return *km;
        }
        left -= weeks;
    }
    0.0
}

/// Better or worse than the record, by the places lost that the record held and held
/// that it lost.
fn verdict(places: &[PlaceFate]) -> &'static str {
    let lost_vs_record = places
        .iter()
        .filter(|p| p.fell.is_some() != p.record.is_some())
        .map(|p| if p.fell.is_some() { 1 } else { -1 })
        .sum::<i32>();
    match lost_vs_record {
        n if n < 0 => "better",
        0 => "as in the record",
        _ => "worse",
    }
}

/// Plays the whole campaign as the record fought it (no campaign terms).
pub fn campaign(
    def: &ReckoningDef,
    army: ArmyMeasure,
    strength: f32,
    surprise: f32,
    causes: Vec<String>,
) -> Reckoning {
    let mut r = begin(def, army, strength, surprise, causes);
    while r.weeks_fought < def.weeks {
        step(def, &mut r, &[]);
    }
    r
}

/// The front's distance on each axis after the last week fought.
pub fn front_now(r: &Reckoning) -> BTreeMap<&str, f32> {
    r.front
        .keys()
        .map(|a| (a.as_str(), r.front_km(a)))
        .collect()
}

/// The day a week of the campaign ends.
pub fn week_ends(def: &ReckoningDef, week: u32) -> Date {
    def.date.add_days(i64::from(week) * 7)
}
