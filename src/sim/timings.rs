//! `simulate --timings`: where a run's time goes, stage by stage. Probe systems sit
//! between the tick's sets (which run in a fixed chain on one thread), so the time
//! between two probes is exactly the time of the set between them.

use super::{SimSet, SimTick};
use bevy::prelude::*;
use std::time::{Duration, Instant};

/// The tick's sets in their order, with the systems each holds.
pub const STAGES: [(&str, &str); 8] = [
    (
        "ai",
        "feed_replay, answer_decisions, fill_vacancies, ai_politics",
    ),
    (
        "commands",
        "dispatch_orders, office orders, take_answers, apply_answers, apply_plot_orders, unit orders, apply_politics_orders, log_outcomes",
    ),
    ("calendar", "advance_calendar"),
    (
        "people",
        "drift_popularity, bonds_and_patronage (weekly), march_units",
    ),
    (
        "politics",
        "hold_ballot, the week of intrigue (weekly), run_events",
    ),
    (
        "institutions",
        "rename_institutions, rename_units, count_seats_in_use, weaken_purged_institutions, vacate_offices_of_the_fallen, relieve_fallen_commanders, update_control",
    ),
    (
        "factions",
        "compute_power, compute_hold, record_trends, record_divergence",
    ),
    ("chronicle", "record_checkpoint (every 30 days)"),
];

#[derive(Resource, Default)]
pub struct StageTimes {
    pub total: [Duration; 8],
    last: Option<Instant>,
    pub ticks: u64,
}

fn set_of(i: usize) -> SimSet {
    [
        SimSet::Ai,
        SimSet::Commands,
        SimSet::Calendar,
        SimSet::People,
        SimSet::Politics,
        SimSet::Institutions,
        SimSet::Factions,
        SimSet::Chronicle,
    ][i]
        .clone()
}

/// Adds the probes to a headless app.
pub fn enable(app: &mut App) {
    app.init_resource::<StageTimes>();
    app.add_systems(
        SimTick,
        (|mut t: ResMut<StageTimes>| {
            t.last = Some(Instant::now());
            t.ticks += 1;
        })
        .before(SimSet::Ai),
    );
    for i in 0..STAGES.len() {
        let lap = move |mut t: ResMut<StageTimes>| {
            let now = Instant::now();
            if let Some(last) = t.last {
                t.total[i] += now - last;
            }
            t.last = Some(now);
        };
        if i + 1 < STAGES.len() {
            app.add_systems(SimTick, lap.after(set_of(i)).before(set_of(i + 1)));
        } else {
            app.add_systems(SimTick, lap.after(set_of(i)));
        }
    }
}

/// The table `simulate --timings` prints.
pub fn report(world: &World, wall: Duration) -> String {
    let Some(t) = world.get_resource::<StageTimes>() else {
        return String::new();
    };
    let sum: Duration = t.total.iter().sum();
    let mut out = format!(
        "{} ticks in {:.1} ms ({:.1} ms inside the stages below; the rest is the schedule's own work)\n",
        t.ticks,
        wall.as_secs_f64() * 1e3,
        sum.as_secs_f64() * 1e3
    );
    for (i, (name, systems)) in STAGES.iter().enumerate() {
        let ms = t.total[i].as_secs_f64() * 1e3;
        let share = if sum.is_zero() {
            0.0
        } else {
            100.0 * t.total[i].as_secs_f64() / sum.as_secs_f64()
        };
        out += &format!("{name:<13} {ms:>9.2} ms {share:>5.1}%  {systems}\n");
    }
    out
}
