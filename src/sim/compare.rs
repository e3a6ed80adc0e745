//! Branch and compare: two timelines forked from one moment (a save, or a scenario's
//! start), with different seeds or different choices, run side by side day by day to
//! find where and when they part.

use super::calendar::Calendar;
use super::chronicle::ChronicleEntry;
use super::events::ForcedChoices;
use super::rng::RngStreams;
use super::snapshot::{Summary, state_hash};
use crate::model::Date;
use crate::model::FigureId;
use crate::model::SideId;
use bevy::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A value on the first of each month.
pub type Monthly = Vec<(Date, f32)>;

/// How the second timeline differs from the first at the fork.
#[derive(Clone, Debug, Default)]
pub struct Fork {
    /// Its random streams reseeded with this seed.
    pub seed: Option<u64>,
    /// Events whose option is fixed, event id → option id.
    pub choices: BTreeMap<String, String>,
}

/// Where two timelines part and how they end.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub fork: Date,
    pub until: Date,
    /// The day the two histories first tell something different; `None` if they never do.
    pub parted: Option<Date>,
    /// The first day the two states differ at all (a different roll of the dice shows
    /// only later in what happens); `None` if they never do.
    pub states_part: Option<Date>,
    /// The first chronicle entries after the common history, in each timeline.
    pub first_a: Vec<String>,
    pub first_b: Vec<String>,
    /// Who rules at the end in each.
    pub ruler: (Option<FigureId>, Option<FigureId>),
    /// Figures whose fate differs at the end: id → (status in A, status in B).
    pub fates: BTreeMap<String, (String, String)>,
    /// The sides that win in each.
    pub victors: (Vec<SideId>, Vec<SideId>),
    /// Distance from real history at the end in each.
    pub divergence: (Option<f32>, Option<f32>),
    /// Distance from real history month by month after the fork, in each.
    pub divergence_by_month: (Monthly, Monthly),
}

/// Forks `b` (a copy of `a`'s moment, made by the caller) as `fork` says.
pub fn apply_fork(b: &mut World, fork: &Fork) {
    if let Some(seed) = fork.seed {
        b.insert_resource(RngStreams::new(seed));
    }
    b.insert_resource(ForcedChoices(fork.choices.clone()));
}

/// An entry as a reader wants it: the day in words, the hour only when it is told.
fn line(e: &ChronicleEntry) -> String {
    if e.hour == 0 {
        format!("{} — {}", e.date.long(), e.text)
    } else {
        format!("{}, {:02}:00 — {}", e.date.long(), e.hour, e.text)
    }
}

/// Runs both worlds day by day to `until`, then compares them.
pub fn run_both(a: &mut World, b: &mut World, until: Date) -> Comparison {
    let fork = a.resource::<Calendar>().date;
    let common = a
        .resource::<super::chronicle::Chronicle>()
        .entries
        .len()
        .min(b.resource::<super::chronicle::Chronicle>().entries.len());
    let mut states_part = None;
    while a.resource::<Calendar>().date < until {
        let next = a.resource::<Calendar>().date.add_days(1).min(until);
        super::advance_until(a, next);
        super::advance_until(b, next);
        if states_part.is_none() && state_hash(a) != state_hash(b) {
            states_part = Some(next);
        }
    }
    let ca = a.resource::<super::chronicle::Chronicle>().entries.clone();
    let cb = b.resource::<super::chronicle::Chronicle>().entries.clone();
    // The shared history: entries equal in both, from the fork on.
    let mut same = common;
    while same < ca.len() && same < cb.len() && ca[same] == cb[same] {
        same += 1;
    }
    let parted = match (ca.get(same), cb.get(same)) {
        (Some(x), Some(y)) => Some(x.date.min(y.date)),
        (Some(x), None) | (None, Some(x)) => Some(x.date),
        (None, None) => None,
    };
    let sa = Summary::take(a);
    let sb = Summary::take(b);
    let months = |w: &World| -> Vec<(Date, f32)> {
        w.resource::<super::politics::factions::Trends>()
            .months
            .iter()
            .filter(|m| m.date >= fork)
            .filter_map(|m| Some((m.date, m.divergence?)))
            .collect()
    };
    let fates = sa
        .figure_status
        .iter()
        .filter_map(|(id, x)| {
            let y = sb.figure_status.get(id)?;
            (x != y).then(|| (id.clone(), (x.clone(), y.clone())))
        })
        .collect();
    Comparison {
        fork,
        until,
        parted,
        states_part,
        first_a: ca.iter().skip(same).take(5).map(line).collect(),
        first_b: cb.iter().skip(same).take(5).map(line).collect(),
        ruler: (sa.ruler, sb.ruler),
        fates,
        victors: (sa.victors, sb.victors),
        divergence: (sa.divergence, sb.divergence),
        divergence_by_month: (months(a), months(b)),
    }
}
