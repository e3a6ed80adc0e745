//! Many histories of one scenario: each seed run headless to the end on its own world,
//! spread over threads (one world per thread; results do not depend on the thread
//! count), then counted.

use super::advance_until;
use super::front_odds::{FrontLayout, ReckoningOdds};
use super::shard::{BattleLosses, RunRecord, Shard};
use super::snapshot::Summary;
use crate::model::Date;
use crate::model::FactionId;
use crate::model::SideId;
use crate::scenario::ScenarioData;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Runs seeds `first..first + runs` to `until` with `jobs` threads; summaries in seed order.
pub fn run_many(
    data: &ScenarioData,
    first: u64,
    runs: u64,
    until: Date,
    jobs: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Summary> {
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let results: Mutex<Vec<Summary>> = Mutex::new(Vec::with_capacity(runs as usize));
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= runs {
                        break;
                    }
                    let mut app = super::headless_run(data, first + i);
                    app.insert_resource(super::record::RecordCheckpoints(false));
                    advance_until(app.world_mut(), until);
                    let summary = Summary::take(app.world_mut());
                    if let Ok(mut r) = results.lock() {
                        r.push(summary);
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    let mut out = results.into_inner().unwrap_or_default();
    out.sort_by_key(|s| s.seed);
    out
}

/// A share: count and fraction of the runs.
#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub count: u64,
    pub share: f64,
}

#[derive(Serialize, Debug, Clone)]
pub struct Odds {
    pub scenario: String,
    pub runs: u64,
    pub first_seed: u64,
    pub until: Date,
    /// Who holds the ruling office at the end.
    pub ruler: BTreeMap<String, Share>,
    /// Whether the delegates' offer was made, accepted, refused.
    pub congress_offer: BTreeMap<String, Share>,
    /// Who the Congress rejected most, among the leadership.
    pub most_rejected: BTreeMap<String, Share>,
    pub fewest_rejected: BTreeMap<String, Share>,
    /// Runs with at least one coup, and runs where a coup's battle was won by the
    /// attackers (never more than the first).
    pub coup: Share,
    pub coup_won: Share,
    /// Fate of each figure named in the scenario's sides and cast leaders, by status.
    pub fates: BTreeMap<String, BTreeMap<String, Share>>,
    /// Medians over runs.
    pub median_arrests: f64,
    pub median_executions: f64,
    /// Median date of the first execution, over runs that had one.
    pub median_first_execution: Option<Date>,
    /// Losses in coup battles, median over the battles fought.
    pub battle_losses: BTreeMap<String, f64>,
    /// Distance from real history at the end, 0..=100: median over runs.
    pub median_divergence: f64,
    /// How often each side's victory conditions held at the end.
    pub victors: BTreeMap<SideId, Share>,
    /// Each event that fired in any run: how often, when (median of its first firing)
    /// and which options were taken.
    pub events: BTreeMap<String, EventOdds>,
    /// How the army met the invasion, over the runs that reached it.
    pub reckoning: Option<ReckoningOdds>,
}

#[derive(Serialize, Debug, Clone)]
pub struct EventOdds {
    pub fired: Share,
    pub median_date: Date,
    pub options: BTreeMap<String, Share>,
}

pub(crate) fn share(count: u64, runs: u64) -> Share {
    Share {
        count,
        share: if runs == 0 {
            0.0
        } else {
            (count as f64 / runs as f64 * 1000.0).round() / 1000.0
        },
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub(crate) fn tally(items: impl Iterator<Item = String>, runs: u64) -> BTreeMap<String, Share> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(k, c)| (k, share(c, runs)))
        .collect()
}

/// The figures whose fates the odds follow: the leader, the Congress's candidate, the
/// first-named figure of each faction in the cast, then the rest, up to 14.
pub fn main_figures(data: &ScenarioData) -> Vec<String> {
    let mut watched: Vec<String> = vec![data.scenario.leader.to_string()];
    if let Some(o) = data
        .scenario
        .congress
        .as_ref()
        .and_then(|c| c.offer.as_ref())
    {
        watched.push(o.candidate.to_string());
    }
    let mut factions_seen: Vec<Option<FactionId>> = Vec::new();
    for c in &data.scenario.cast {
        if !factions_seen.contains(&c.faction) && !watched.iter().any(|w| c.figure == *w) {
            factions_seen.push(c.faction.clone());
            watched.push(c.figure.to_string());
        }
    }
    for c in &data.scenario.cast {
        if watched.len() < 14 && !watched.iter().any(|w| c.figure == *w) {
            watched.push(c.figure.to_string());
        }
    }
    watched
}

/// Counts what happened over the runs. `watched` are the figures whose fates are tallied.
pub fn odds(
    data: &ScenarioData,
    runs: &[Summary],
    first: u64,
    until: Date,
    watched: &[String],
) -> Odds {
    let records: Vec<RunRecord> = runs.iter().map(|s| RunRecord::of(s, watched)).collect();
    let sides: Vec<SideId> = data.scenario.sides.iter().map(|s| s.id.clone()).collect();
    let layout = front_layout(data);
    odds_of(
        &data.scenario.id,
        &sides,
        &records,
        (first, until),
        watched,
        layout.as_ref(),
    )
}

/// The reckoning's axes and places, when the scenario's content has a reckoning.
fn front_layout(data: &ScenarioData) -> Option<FrontLayout> {
    data.common.reckoning.as_ref().map(FrontLayout::of)
}

/// The shard a batch writes with `--out`, to be merged with others.
pub fn shard(data: &ScenarioData, runs: &[Summary], until: Date, watched: &[String]) -> Shard {
    Shard {
        format: super::shard::SHARD_FORMAT,
        scenario: data.scenario.id.clone(),
        name: data.scenario.name.clone(),
        mods: data.mods.clone(),
        until,
        sides: data.scenario.sides.iter().map(|s| s.id.clone()).collect(),
        watched: watched.to_vec(),
        front: front_layout(data),
        runs: runs.iter().map(|s| RunRecord::of(s, watched)).collect(),
    }
}

/// The odds of a shard's runs (a merged one's too): the same as `odds` over the same runs.
pub fn shard_odds(shard: &Shard) -> Odds {
    let first = shard.runs.first().map_or(0, |r| r.seed);
    odds_of(
        &shard.scenario,
        &shard.sides,
        &shard.runs,
        (first, shard.until),
        &shard.watched,
        shard.front.as_ref(),
    )
}

/// Counts what happened over the runs' records.
fn odds_of(
    scenario: &str,
    sides: &[SideId],
    runs: &[RunRecord],
    (first, until): (u64, Date),
    watched: &[String],
    front: Option<&FrontLayout>,
) -> Odds {
    let n = runs.len() as u64;
    let ruler = tally(
        runs.iter().map(|s| {
            s.ruler
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(|| "vacant".into())
        }),
        n,
    );
    let congress_offer = tally(
        runs.iter()
            .map(|s| s.offer.clone().unwrap_or_else(|| "none".into())),
        n,
    );
    let most_rejected = tally(runs.iter().filter_map(|s| s.most_rejected.clone()), n);
    let fewest_rejected = tally(runs.iter().filter_map(|s| s.fewest_rejected.clone()), n);
    let coup = share(runs.iter().filter(|s| s.coups > 0).count() as u64, n);
    // Only the coups' own battles: an event's battle won by its attackers is no coup.
    let coup_won = share(runs.iter().filter(|s| s.coups_won > 0).count() as u64, n);
    let fates = watched
        .iter()
        .map(|id| {
            (
                id.clone(),
                tally(
                    runs.iter()
                        .map(|s| s.fates.get(id).cloned().unwrap_or_else(|| "absent".into())),
                    n,
                ),
            )
        })
        .collect();
    let mut firsts: Vec<Date> = runs.iter().filter_map(|s| s.first_execution).collect();
    firsts.sort();
    let battles: Vec<&BattleLosses> = runs.iter().flat_map(|s| s.battles.iter()).collect();
    let losses =
        |f: fn(&BattleLosses) -> u32| median(battles.iter().map(|b| f64::from(f(b))).collect());
    let mut battle_losses = BTreeMap::new();
    battle_losses.insert("attacker_killed".into(), losses(|b| b.attacker_killed));
    battle_losses.insert("attacker_wounded".into(), losses(|b| b.attacker_wounded));
    battle_losses.insert("defender_killed".into(), losses(|b| b.defender_killed));
    battle_losses.insert("defender_captured".into(), losses(|b| b.defender_captured));
    let victors = sides
        .iter()
        .map(|side| {
            let c = runs.iter().filter(|s| s.victors.contains(side)).count() as u64;
            (side.clone(), share(c, n))
        })
        .collect();
    let mut firings: BTreeMap<String, Vec<(Date, String)>> = BTreeMap::new();
    for s in runs {
        for e in &s.events {
            firings
                .entry(e.event.clone())
                .or_default()
                .push((e.date, e.option.clone()));
        }
    }
    let events = firings
        .into_iter()
        .map(|(id, mut v)| {
            v.sort();
            let odds = EventOdds {
                fired: share(v.len() as u64, n),
                median_date: v[v.len() / 2].0,
                options: tally(v.iter().map(|x| x.1.clone()), v.len() as u64),
            };
            (id, odds)
        })
        .collect();
    let reckonings: Vec<_> = runs.iter().filter_map(|s| s.reckoning.as_ref()).collect();
    Odds {
        reckoning: front.and_then(|f| super::front_odds::reckoning_odds(f, &reckonings)),
        victors,
        events,
        scenario: scenario.to_string(),
        runs: n,
        first_seed: first,
        until,
        ruler,
        congress_offer,
        most_rejected,
        fewest_rejected,
        coup,
        coup_won,
        fates,
        median_arrests: median(runs.iter().map(|s| f64::from(s.arrests)).collect()),
        median_executions: median(runs.iter().map(|s| f64::from(s.executions)).collect()),
        median_first_execution: firsts.get(firsts.len() / 2).copied(),
        battle_losses,
        median_divergence: median(
            runs.iter()
                .filter_map(|s| s.divergence.map(f64::from))
                .collect(),
        ),
    }
}
