//! Many runs of one battle: the odds of each outcome and the spread of the losses.

use super::battles::{BattleReport, BattleSetup, Losses, Winner, fight};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

#[derive(Serialize, Debug, Clone, Copy, PartialEq)]
pub struct Quantiles {
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
}

#[derive(Serialize, Debug, Clone)]
pub struct SideStats {
    pub killed: Quantiles,
    pub wounded: Quantiles,
    pub captured: Quantiles,
    pub tanks_destroyed: Quantiles,
    pub tanks_captured: Quantiles,
}

#[derive(Serialize, Debug, Clone, Default)]
pub struct Outcomes {
    pub attacker: u32,
    pub defender: u32,
    pub draw: u32,
}

#[derive(Serialize, Debug, Clone)]
pub struct BattleStats {
    pub battle: String,
    pub runs: u32,
    pub seed: u64,
    pub outcomes: Outcomes,
    pub attacker: SideStats,
    pub defender: SideStats,
    pub hours: Quantiles,
}

/// Nearest-rank quantile of a sorted slice.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((q * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1);
    sorted[i]
}

pub fn quantiles(mut v: Vec<f64>) -> Quantiles {
    v.sort_by(f64::total_cmp);
    Quantiles {
        median: quantile(&v, 0.5),
        p10: quantile(&v, 0.1),
        p90: quantile(&v, 0.9),
    }
}

fn side_stats(losses: &[Losses]) -> SideStats {
    let q = |f: fn(&Losses) -> u32| quantiles(losses.iter().map(|l| f64::from(f(l))).collect());
    SideStats {
        killed: q(|l| l.killed),
        wounded: q(|l| l.wounded),
        captured: q(|l| l.captured),
        tanks_destroyed: q(|l| l.tanks_destroyed),
        tanks_captured: q(|l| l.tanks_captured),
    }
}

/// The stream of run `i`: independent of every other run and of the number of runs.
pub fn run_rng(seed: u64, i: u32) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ crate::model::hash::fnv1a(b"battles"));
    rng.set_stream(u64::from(i));
    rng
}

pub fn fight_many(setup: &BattleSetup, runs: u32, seed: u64) -> (BattleStats, Vec<BattleReport>) {
    let reports: Vec<BattleReport> = (0..runs)
        .map(|i| fight(setup, &mut run_rng(seed, i)))
        .collect();
    let mut outcomes = Outcomes::default();
    for r in &reports {
        match r.winner {
            Winner::Attacker => outcomes.attacker += 1,
            Winner::Defender => outcomes.defender += 1,
            Winner::Draw => outcomes.draw += 1,
        }
    }
    let a: Vec<Losses> = reports.iter().map(|r| r.attacker.losses).collect();
    let d: Vec<Losses> = reports.iter().map(|r| r.defender.losses).collect();
    let stats = BattleStats {
        battle: setup.id.clone(),
        runs,
        seed,
        outcomes,
        attacker: side_stats(&a),
        defender: side_stats(&d),
        hours: quantiles(reports.iter().map(|r| f64::from(r.hours)).collect()),
    };
    (stats, reports)
}
