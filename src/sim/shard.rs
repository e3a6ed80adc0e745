//! A batch's result that can be merged: what each run contributes to the odds, kept
//! whole, so that shards run on many machines over separate seeds merge into the same
//! odds one batch over all the seeds gives.

use super::front_odds::{FrontLayout, RunReckoning};
use super::snapshot::Summary;
use crate::model::Date;
use crate::model::FigureId;
use crate::model::SideId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format of a shard file; a shard of another format is refused.
pub const SHARD_FORMAT: u32 = 1;

/// Losses of one battle, as the odds count them.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
pub struct BattleLosses {
    pub attacker_killed: u32,
    pub attacker_wounded: u32,
    pub defender_killed: u32,
    pub defender_captured: u32,
}

/// The first firing of an event in a run, with the option taken.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct FirstFiring {
    pub event: String,
    pub date: Date,
    pub option: String,
}

/// What one run contributes to the odds.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub seed: u64,
    pub ruler: Option<FigureId>,
    pub offer: Option<String>,
    pub most_rejected: Option<String>,
    pub fewest_rejected: Option<String>,
    pub coups: u32,
    pub coups_won: u32,
    /// The status of each watched figure present at the end.
    pub fates: BTreeMap<String, String>,
    pub arrests: u32,
    pub executions: u32,
    pub first_execution: Option<Date>,
    pub battles: Vec<BattleLosses>,
    pub divergence: Option<f32>,
    pub victors: Vec<SideId>,
    pub events: Vec<FirstFiring>,
    /// How the army met the invasion; none in a run that stopped before it, and in
    /// shards written before the reckoning was counted.
    #[serde(default)]
    pub reckoning: Option<RunReckoning>,
}

impl RunRecord {
    pub fn of(s: &Summary, watched: &[String]) -> Self {
        let vote = s.congress_vote.as_ref();
        let mut seen = std::collections::BTreeSet::new();
        RunRecord {
            seed: s.seed,
            ruler: s.ruler.clone(),
            offer: vote.and_then(|v| v.offer.clone()),
            most_rejected: vote.and_then(|v| v.most_against.clone()),
            fewest_rejected: vote.and_then(|v| v.fewest_against.clone()),
            coups: s.purges.coups,
            coups_won: s.coup_battles_won(),
            fates: watched
                .iter()
                .filter_map(|w| s.figure_status.get(w).map(|st| (w.clone(), st.clone())))
                .collect(),
            arrests: s.purges.arrests,
            executions: s.purges.executions,
            first_execution: s.purges.first_execution,
            battles: s
                .battles
                .iter()
                .map(|b| BattleLosses {
                    attacker_killed: b.attacker.losses.killed,
                    attacker_wounded: b.attacker.losses.wounded,
                    defender_killed: b.defender.losses.killed,
                    defender_captured: b.defender.losses.captured,
                })
                .collect(),
            divergence: s.divergence,
            victors: s.victors.clone(),
            // The first firing per run: repeatable events count once.
            events: s
                .events
                .iter()
                .filter(|e| seen.insert(e.event.clone()))
                .map(|e| FirstFiring {
                    event: e.event.clone(),
                    date: e.date,
                    option: e.option.clone(),
                })
                .collect(),
            reckoning: s.reckoning.as_ref().map(RunReckoning::of),
        }
    }
}

/// A batch's runs over a range of seeds, with what the odds need to be counted again.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Shard {
    pub format: u32,
    pub scenario: String,
    /// The scenario's name, for the table's title.
    pub name: String,
    pub mods: Vec<String>,
    pub until: Date,
    /// The scenario's sides, whose victories are counted.
    pub sides: Vec<SideId>,
    /// The figures whose fates are counted.
    pub watched: Vec<String>,
    /// The reckoning's axes and places, to read the runs' fronts against; none in
    /// shards written before the reckoning was counted.
    #[serde(default)]
    pub front: Option<FrontLayout>,
    pub runs: Vec<RunRecord>,
}

impl Shard {
    /// Merges shards of the same batch (scenario, mods, end date) into one, runs in seed
    /// order. A seed in two shards, or shards of different batches, is an error.
    pub fn merge(shards: Vec<(String, Shard)>) -> Result<Shard, String> {
        let mut it = shards.into_iter();
        let Some((first_name, mut all)) = it.next() else {
            return Err("no shards to merge".into());
        };
        let mut from: BTreeMap<u64, String> = all
            .runs
            .iter()
            .map(|r| (r.seed, first_name.clone()))
            .collect();
        if from.len() != all.runs.len() {
            return Err(format!("{first_name}: a seed is counted twice"));
        }
        for (name, s) in it {
            let same = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
                format!(
                    "{name}: {what} {b:?} is not {first_name}'s {a:?}; shards of one batch only merge"
                )
            };
            if s.scenario != all.scenario {
                return Err(same("scenario", &all.scenario, &s.scenario));
            }
            if s.mods != all.mods {
                return Err(same("mods", &all.mods, &s.mods));
            }
            if s.until != all.until {
                return Err(same("end date", &all.until, &s.until));
            }
            if s.sides != all.sides || s.watched != all.watched {
                return Err(same("content", &all.watched, &s.watched));
            }
            if s.front != all.front {
                return Err(same("reckoning", &all.front, &s.front));
            }
            for r in s.runs {
                if let Some(other) = from.insert(r.seed, name.clone()) {
                    return Err(format!(
                        "seed {} is in both {other} and {name}; each seed may be run once",
                        r.seed
                    ));
                }
                all.runs.push(r);
            }
        }
        all.runs.sort_by_key(|r| r.seed);
        Ok(all)
    }
}
