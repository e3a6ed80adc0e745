//! Trials of the arrested, under the leader or after his fall.

use super::paranoia::Paranoia;
use super::purges::PurgeRecord;
use super::week::{Day, Week};
use crate::scenario::chronicle::Line;
use crate::sim::people::FigureStatus;
use crate::sim::rng::RngStreams;
use bevy::prelude::*;
use rand::RngExt;

/// Trials of those arrested 45 days ago or more. `harshness` is the leader's paranoia,
/// or, once he has fallen, the new regime's temper (the same number, frozen at his fall).
pub(super) fn try_the_arrested(
    day: &mut Day,
    record: &mut PurgeRecord,
    rng: &mut rand_chacha::ChaCha8Rng,
    harshness: f32,
) {
    let due: Vec<String> = record
        .awaiting_trial
        .iter()
        .filter(|(_, d)| d.days_until(day.date) >= 45)
        .map(|(id, _)| id.to_string())
        .collect();
    for id in due {
        record.awaiting_trial.remove(&id);
        let roll: f32 = rng.random();
        let p = harshness;
        let verdict = if p > 70.0 {
            if roll < 0.7 {
                FigureStatus::Executed
            } else {
                FigureStatus::Imprisoned
            }
        } else if p > 40.0 {
            if roll < 0.2 {
                FigureStatus::Executed
            } else if roll < 0.8 {
                FigureStatus::Imprisoned
            } else {
                FigureStatus::Exiled
            }
        } else if roll < 0.5 {
            FigureStatus::Free
        } else {
            FigureStatus::Exiled
        };
        match verdict {
            FigureStatus::Executed => record.executions += 1,
            FigureStatus::Imprisoned => record.imprisoned += 1,
            FigureStatus::Exiled => record.exiled += 1,
            _ => record.released += 1,
        }
        if record.first_show_trial.is_none() && verdict == FigureStatus::Executed {
            record.first_show_trial = Some(day.date);
        }
        let line = match verdict {
            FigureStatus::Executed => Line::Executed,
            FigureStatus::Imprisoned => Line::Imprisoned,
            FigureStatus::Exiled => Line::Exiled,
            _ => Line::Acquitted,
        };
        if let Some(q) = day.get_mut(&id) {
            q.s.status = verdict;
        }
        let name = day.name(&id);
        day.note(line, &[("figure", &name)], vec![id.clone()]);
    }
}

/// The week's trials. They go on after the leader's fall: the new government tries
/// those it arrested, with his fear, frozen at his fall, as its temper.
pub(super) fn hold_trials(
    mut week: ResMut<Week>,
    mut record: ResMut<PurgeRecord>,
    mut streams: ResMut<RngStreams>,
    paranoia: Res<Paranoia>,
) {
    let Some(day) = week.day.as_mut() else { return };
    try_the_arrested(day, &mut record, streams.stream("plots"), paranoia.value);
}
