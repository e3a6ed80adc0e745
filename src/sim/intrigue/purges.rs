//! The leader's purge: whom he arrests, why, and the record of what the purges did.

use super::paranoia::{Paranoia, Suspicion};
use super::week::{ArrestCause, Person, Week};
use super::weekly;
use crate::model::Date;
use crate::scenario::chronicle::Line;
use crate::sim::rng::RngStreams;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Military skill from which a figure counts as a commander the army would defend.
pub(super) const COMMANDER_SKILL: f32 = 7.0;
/// Paranoia at which the leader dares arrest commanders on suspicion alone.
pub(super) const ARMY_PURGE_PARANOIA: f32 = 80.0;

/// What the purges did, for the summary and the end screen.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PurgeRecord {
    pub arrests: u32,
    pub executions: u32,
    pub imprisoned: u32,
    pub exiled: u32,
    pub released: u32,
    pub plots_formed: u32,
    pub plots_discovered: u32,
    pub denunciations: u32,
    pub coups: u32,
    /// Arrest date of everyone awaiting trial.
    pub awaiting_trial: BTreeMap<String, Date>,
    pub first_show_trial: Option<Date>,
    /// Seats taken from members of a beaten faction by an `Expel` (absent in old saves).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub expelled: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The leader's own purge: arrests of those he suspects most, through the police.
pub(super) fn leader_purge(
    mut week: ResMut<Week>,
    paranoia: Res<Paranoia>,
    suspicion: Res<Suspicion>,
) {
    let (played, obey) = (week.leader_side_played, week.obey);
    let Some((day, _)) = week.ruling() else {
        return;
    };
    if played || !obey || paranoia.value <= 45.0 {
        return;
    }
    let per_week = if paranoia.value > 80.0 {
        3
    } else if paranoia.value > 65.0 {
        2
    } else {
        1
    };
    let mut suspects: Vec<(String, f32)> = suspicion
        .0
        .iter()
        .filter(|(id, v)| **v > 50.0 && day.free(id) && day.adult(id) && **id != day.leader)
        .map(|(id, v)| (id.clone(), *v))
        .collect();
    suspects.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (id, _) in suspects.into_iter().take(per_week) {
        day.arrests.push((id, ArrestCause::Suspicion));
    }
}

/// Interrogations: the arrested name their fellow plotters and the most suspect of
/// their camp, and arrests spread.
pub(super) fn interrogate(
    mut week: ResMut<Week>,
    mut streams: ResMut<RngStreams>,
    mut suspicion: ResMut<Suspicion>,
    record: Res<PurgeRecord>,
    paranoia: Res<Paranoia>,
) {
    let obey = week.obey;
    let Some((day, plots)) = week.ruling() else {
        return;
    };
    let rng = streams.stream("plots");
    let awaiting: Vec<String> = record.awaiting_trial.keys().cloned().collect();
    for id in awaiting {
        if !rng.random_bool(weekly(0.03)) {
            continue;
        }
        let faction = day.get(&id).and_then(|p| p.s.faction.clone());
        let mut named: Vec<String> = plots
            .iter()
            .filter(|(_, p)| p.organiser == id || p.members.contains(&id))
            .flat_map(|(_, p)| std::iter::once(p.organiser.clone()).chain(p.members.clone()))
            .filter(|m| m != &id && day.free(m))
            .collect();
        let mut mates: Vec<&Person> = day
            .people
            .iter()
            .filter(|p| {
                p.s.faction == faction && p.id != id && p.s.status.can_act() && p.id != day.leader
            })
            .collect();
        mates.sort_by(|a, b| {
            suspicion
                .0
                .get(&b.id)
                .unwrap_or(&0.0)
                .total_cmp(suspicion.0.get(&a.id).unwrap_or(&0.0))
                .then(a.id.cmp(&b.id))
        });
        mates.retain(|p| day.adult(&p.id));
        named.extend(mates.iter().take(1).map(|p| p.id.clone()));
        named.dedup();
        if named.is_empty() {
            continue;
        }
        let list: Vec<String> = named.iter().map(|n| day.name(n)).collect();
        let (name, list) = (day.name(&id), list.join(", "));
        day.note(
            Line::Names,
            &[("figure", &name), ("named", &list)],
            std::iter::once(id.clone()).chain(named.clone()).collect(),
        );
        for n in named {
            let v = suspicion.0.entry(n.clone()).or_default();
            *v = (*v + 20.0).min(100.0);
            if obey && *v > 70.0 && paranoia.value > 50.0 {
                day.arrests.push((n, ArrestCause::NamedBy(day.name(&id))));
            }
        }
    }
}

/// The week's arrests, each spreading fear; commanders are spared on suspicion alone
/// until the leader's fear of them outweighs his fear of the army's answer.
pub(super) fn make_arrests(
    mut week: ResMut<Week>,
    mut record: ResMut<PurgeRecord>,
    paranoia: Res<Paranoia>,
) {
    let Some((day, _)) = week.ruling() else {
        return;
    };
    let arrests = std::mem::take(&mut day.arrests);
    for (id, cause) in arrests {
        if !day.adult(&id) {
            continue;
        }
        // Evidence of a plot is another matter than suspicion.
        let on_suspicion = matches!(cause, ArrestCause::Suspicion | ArrestCause::NamedBy(_));
        if on_suspicion
            && day.get(&id).is_some_and(|p| p.military >= COMMANDER_SKILL)
            && paranoia.value < ARMY_PURGE_PARANOIA
        {
            continue;
        }
        if !day.arrest_for(&mut record, &id, &cause) {
            continue;
        }
        for q in day.people.iter_mut() {
            q.s.fear = (q.s.fear + 1.5).min(100.0);
        }
    }
}
