//! The reckoning over many histories: where the front stands when the campaign ends,
//! which places fall and when, and how the armies the purge gutted fare against those
//! it spared. Counted from the runs' records, so that merged shards give the same odds.

use super::batch::{Share, share, tally};
use super::reckoning::Reckoning;
use crate::model::Date;
use crate::scenario::reckoning::ReckoningDef;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An army is counted as purged when fewer than half its able commanders are free on
/// the day (arrested, shot, exiled or fled): the record's army had a quarter left, and
/// a share under a half is out of reach of ordinary politics, which loses one or two.
/// Kept as the share rather than a count so that a scenario with more or fewer able
/// commanders reads the same.
pub const PURGED_BELOW: f32 = 0.5;

/// Whether the army that met the invasion had been purged.
pub fn army_purged(commanders_free: f32) -> bool {
    commanders_free < PURGED_BELOW
}

/// The axes of the reckoning and the places on them, from content: what a reader needs
/// to place a km on the map ("Vyazma falls, Moscow holds").
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct FrontLayout {
    /// The day of the invasion and the weeks the campaign is played.
    pub date: Date,
    pub weeks: u32,
    pub axes: Vec<AxisLayout>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct AxisLayout {
    pub id: String,
    pub name: String,
    pub places: Vec<PlaceMark>,
}

/// A place at its distance from the start line, with the record's days.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PlaceMark {
    pub id: String,
    pub name: String,
    pub km: f32,
    pub record: Option<Date>,
    pub record_besieged: Option<Date>,
}

impl FrontLayout {
    pub fn of(def: &ReckoningDef) -> Self {
        FrontLayout {
            date: def.date,
            weeks: def.weeks,
            axes: def
                .axes
                .iter()
                .map(|a| AxisLayout {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    places: a
                        .places
                        .iter()
                        .map(|p| PlaceMark {
                            id: p.id.clone(),
                            name: p.name.clone(),
                            km: p.km,
                            record: p.record,
                            record_besieged: p.record_besieged,
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The day the campaign ends, the front's last week.
    pub fn end(&self) -> Date {
        self.date.add_days(i64::from(self.weeks) * 7)
    }
}

/// What one run's reckoning contributes to the odds.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RunReckoning {
    /// Each axis's front when the campaign ends, km from the start line.
    pub front: BTreeMap<String, f32>,
    /// The day each place fell, and the day each was besieged, by place id.
    pub fell: BTreeMap<String, Date>,
    pub besieged: BTreeMap<String, Date>,
    pub verdict: String,
    pub losses: u32,
    pub captured: u32,
    /// The share of the able commanders free on the day, and whether that makes the
    /// army a purged one (`army_purged`).
    pub commanders_free: f32,
    pub purged: bool,
}

impl RunReckoning {
    pub fn of(r: &Reckoning) -> Self {
        RunReckoning {
            front: r
                .front
                .iter()
                .map(|(axis, line)| (axis.clone(), line.last().copied().unwrap_or(0.0)))
                .collect(),
            fell: r
                .places
                .iter()
                .filter_map(|p| Some((p.id.clone(), p.fell?)))
                .collect(),
            besieged: r
                .places
                .iter()
                .filter_map(|p| Some((p.id.clone(), p.besieged?)))
                .collect(),
            verdict: r.verdict.clone(),
            losses: r.losses,
            captured: r.captured,
            commanders_free: r.army.commanders_free,
            purged: army_purged(r.army.commanders_free),
        }
    }
}

/// A distribution in km: the least, the 10th, 25th, 50th, 75th and 90th percentiles
/// and the most.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Quantiles {
    pub min: f32,
    pub p10: f32,
    pub p25: f32,
    pub median: f32,
    pub p75: f32,
    pub p90: f32,
    pub max: f32,
}

impl Quantiles {
    /// Nearest rank, the median being the odds' (the upper middle of an even count);
    /// none of no values.
    pub fn of(mut v: Vec<f32>) -> Option<Self> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(f32::total_cmp);
        let at = |p: f64| v[((p * v.len() as f64) as usize).min(v.len() - 1)];
        Some(Quantiles {
            min: v[0],
            p10: at(0.1),
            p25: at(0.25),
            median: at(0.5),
            p75: at(0.75),
            p90: at(0.9),
            max: v[v.len() - 1],
        })
    }
}

/// How the front stood on one axis when the campaign ended, over the runs.
#[derive(Serialize, Debug, Clone)]
pub struct AxisOdds {
    pub id: String,
    pub name: String,
    pub places: Vec<PlaceMark>,
    pub front: Quantiles,
    /// The same over the runs whose army was purged, and over the others.
    pub purged: Option<Quantiles>,
    pub spared: Option<Quantiles>,
}

/// How often a place fell or was besieged, and when.
#[derive(Serialize, Debug, Clone)]
pub struct PlaceOdds {
    pub id: String,
    pub name: String,
    pub axis: String,
    pub km: f32,
    pub fell: Share,
    pub besieged: Share,
    /// Median day of its fall, over the runs where it fell.
    pub median_fell: Option<Date>,
    pub record: Option<Date>,
    pub record_besieged: Option<Date>,
    /// How often it fell when the army was purged, and when it was not.
    pub fell_purged: Share,
    pub fell_spared: Share,
}

/// The reckoning over the runs that reached it.
#[derive(Serialize, Debug, Clone)]
pub struct ReckoningOdds {
    pub date: Date,
    /// The day the campaign ends: the front's quantiles are of that day.
    pub end: Date,
    /// Runs that reached the invasion.
    pub runs: u64,
    /// Runs whose army was purged (`army_purged`); the rest were spared.
    pub purged: Share,
    pub spared: Share,
    pub axes: Vec<AxisOdds>,
    /// The places axis by axis, in the content's order.
    pub places: Vec<PlaceOdds>,
    /// "better", "as in the record", "worse".
    pub verdicts: BTreeMap<String, Share>,
    pub median_losses: f64,
    pub median_captured: f64,
}

fn median_u32(v: impl Iterator<Item = u32>) -> f64 {
    let mut v: Vec<u32> = v.collect();
    v.sort_unstable();
    v.get(v.len() / 2).map_or(0.0, |x| f64::from(*x))
}

/// The reckoning's odds over the runs that carry one; none if no run reached it.
pub fn reckoning_odds(layout: &FrontLayout, runs: &[&RunReckoning]) -> Option<ReckoningOdds> {
    if runs.is_empty() {
        return None;
    }
    let n = runs.len() as u64;
    let (purged, spared): (Vec<&RunReckoning>, Vec<&RunReckoning>) =
        runs.iter().partition(|r| r.purged);
    let front = |of: &[&RunReckoning], axis: &str| {
        Quantiles::of(
            of.iter()
                .filter_map(|r| r.front.get(axis).copied())
                .collect(),
        )
    };
    let axes = layout
        .axes
        .iter()
        .filter_map(|a| {
            Some(AxisOdds {
                id: a.id.clone(),
                name: a.name.clone(),
                places: a.places.clone(),
                front: front(runs, &a.id)?,
                purged: front(&purged, &a.id),
                spared: front(&spared, &a.id),
            })
        })
        .collect();
    let fell_in = |of: &[&RunReckoning], id: &str| {
        share(
            of.iter().filter(|r| r.fell.contains_key(id)).count() as u64,
            of.len() as u64,
        )
    };
    let places = layout
        .axes
        .iter()
        .flat_map(|a| a.places.iter().map(move |p| (a, p)))
        .map(|(a, p)| {
            let mut days: Vec<Date> = runs
                .iter()
                .filter_map(|r| r.fell.get(&p.id))
                .copied()
                .collect();
            days.sort();
            PlaceOdds {
                id: p.id.clone(),
                name: p.name.clone(),
                axis: a.id.clone(),
                km: p.km,
                fell: fell_in(runs, &p.id),
                besieged: share(
                    runs.iter()
                        .filter(|r| r.besieged.contains_key(&p.id))
                        .count() as u64,
                    n,
                ),
                median_fell: days.get(days.len() / 2).copied(),
                record: p.record,
                record_besieged: p.record_besieged,
                fell_purged: fell_in(&purged, &p.id),
                fell_spared: fell_in(&spared, &p.id),
            }
        })
        .collect();
    Some(ReckoningOdds {
        date: layout.date,
        end: layout.end(),
        runs: n,
        purged: share(purged.len() as u64, n),
        spared: share(spared.len() as u64, n),
        axes,
        places,
        verdicts: tally(runs.iter().map(|r| r.verdict.clone()), n),
        median_losses: median_u32(runs.iter().map(|r| r.losses)),
        median_captured: median_u32(runs.iter().map(|r| r.captured)),
    })
}

/// What the axis's median front means, in its places: "Vyazma falls, Moscow holds".
pub fn median_reading(a: &AxisOdds) -> String {
    let (fallen, holds) = reached(&a.places, a.front.median);
    [
        fallen.map(|p| format!("{} falls", p.name)),
        holds.map(|p| format!("{} holds", p.name)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// The places an axis's km has reached and the next it has not.
pub fn reached(places: &[PlaceMark], km: f32) -> (Option<&PlaceMark>, Option<&PlaceMark>) {
    let fallen = places
        .iter()
        .filter(|p| km >= p.km)
        .max_by(|a, b| a.km.total_cmp(&b.km));
    let holds = places
        .iter()
        .filter(|p| km < p.km)
        .min_by(|a, b| a.km.total_cmp(&b.km));
    (fallen, holds)
}
