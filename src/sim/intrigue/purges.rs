//! The leader's purge: whom he arrests, why, and the record of what the purges did.

use super::paranoia::{Paranoia, Suspicion};
use super::week::{ArrestCause, Day, Week};
use super::weekly;
use crate::model::Date;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::sim::rng::RngStreams;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Military skill from which a figure counts as a commander the army would defend.
pub(crate) const COMMANDER_SKILL: f32 = 7.0;
/// Paranoia at which the leader dares arrest commanders on suspicion alone.
pub(crate) const ARMY_PURGE_PARANOIA: f32 = 80.0;
/// Loyalty to the ruler's camp at which a commander counts as his own man: suspicion
/// and names alone never take him, however frightened the ruler grows; a plot does.
pub(crate) const TRUSTED_COMMANDER: f32 = 20.0;
/// Days a name stands on the leader's arrest list before the warrant is signed: the
/// file is drawn up, read and countersigned first, and word of it can get out.
pub const LIST_DAYS: i64 = 28;
/// Suspicion at which the leader puts a man on his list.
pub(crate) const LISTED_SUSPICION: f32 = 50.0;

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
    pub awaiting_trial: BTreeMap<FigureId, Date>,
    pub first_show_trial: Option<Date>,
    /// Seats taken from members of a beaten faction by an `Expel` (absent in old saves).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub expelled: u32,
    /// How each coup ended, by plot id (absent in old saves).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub coup_results: BTreeMap<String, CoupResult>,
    /// The leader's arrest list: each name and the day it went on (absent in old saves).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub listed: BTreeMap<String, Date>,
}

impl PurgeRecord {
    /// Puts `id` on the arrest list, if he is not on it already.
    fn list(&mut self, id: &str, date: Date) {
        self.listed.entry(id.to_string()).or_insert(date);
    }
    /// Whether `id` was arrested on `date` and awaits his trial: a move against him that
    /// day came after the arrest, overtaken rather than refused.
    pub fn arrested_on(&self, id: &str, date: Date) -> bool {
        self.awaiting_trial.get(id) == Some(&date)
    }
    /// Whether `id` has stood on the list long enough to be taken on `date`.
    pub fn due(&self, id: &str, date: Date) -> bool {
        self.listed
            .get(id)
            .is_some_and(|since| since.days_until(date) >= LIST_DAYS)
    }
}

/// A coup's end: the day it was decided and whether the plotters took power, with the
/// units called out that stayed in their barracks and those that turned on the plot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoupResult {
    pub date: Date,
    pub took_power: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stayed: Vec<crate::model::UnitId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub turned: Vec<crate::model::UnitId>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The leader's own purge: those he suspects most go on his list, and are arrested
/// through the police once they have stood on it long enough.
pub(super) fn leader_purge(
    mut week: ResMut<Week>,
    mut record: ResMut<PurgeRecord>,
    paranoia: Res<Paranoia>,
    suspicion: Res<Suspicion>,
) {
    let (played, obey) = (week.leader_side_played, week.obey);
    let Some((day, _)) = week.ruling() else {
        return;
    };
    // A name leaves the list once its man is taken, or no longer suspect enough.
    record
        .listed
        .retain(|id, _| day.free(id) && suspicion.0.get(id).is_some_and(|v| *v > LISTED_SUSPICION));
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
    let mut suspects: Vec<(String, f32)> = Vec::new();
    for (id, v) in &suspicion.0 {
        if *v > LISTED_SUSPICION && day.free(id) && day.adult(id) && *id != day.leader {
            record.list(id, day.date);
            if record.due(id, day.date) {
                suspects.push((id.clone(), *v));
            }
        }
    }
    // Only the first few are wanted: select them before sorting, not the whole list.
    let most_suspect =
        |a: &(String, f32), b: &(String, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if suspects.len() > per_week {
        suspects.select_nth_unstable_by(per_week, most_suspect);
        suspects.truncate(per_week);
    }
    suspects.sort_by(most_suspect);
    for (id, _) in suspects {
        day.arrests.push((id, ArrestCause::Suspicion));
    }
}

/// Interrogations: the arrested name their fellow plotters and the most suspect of
/// their camp, and arrests spread.
pub(super) fn interrogate(
    mut week: ResMut<Week>,
    mut streams: ResMut<RngStreams>,
    mut suspicion: ResMut<Suspicion>,
    mut record: ResMut<PurgeRecord>,
    paranoia: Res<Paranoia>,
) {
    let obey = week.obey;
    let Some((day, plots)) = week.ruling() else {
        return;
    };
    let rng = streams.stream("plots");
    let awaiting: Vec<String> = record
        .awaiting_trial
        .keys()
        .map(|k| k.to_string())
        .collect();
    let mut camps = None;
    for id in awaiting {
        if !rng.random_bool(weekly(0.03)) {
            continue;
        }
        let faction = day.get(&id).and_then(|p| p.s.faction.clone());
        let mut named: Vec<String> = plots
            .iter()
            .filter(|(_, p)| p.organiser == id || p.members.iter().any(|m| *m == id))
            .flat_map(|(_, p)| {
                std::iter::once(p.organiser.to_string())
                    .chain(p.members.iter().map(|m| m.to_string()))
            })
            .filter(|m| m != &id && day.free(m))
            .collect();
        // The most suspect of his camp (the first by id among equals).
        let mates = camps.get_or_insert_with(|| Camps::new(day));
        let mut most: Option<(&str, f32)> = None;
        for &k in mates.0.get(&faction).map_or(&[][..], Vec::as_slice) {
            let p = &day.people[k];
            let v = suspicion.0.get(&p.id).copied().unwrap_or(0.0);
            if p.id != id && most.is_none_or(|(_, m)| v.total_cmp(&m).is_gt()) {
                most = Some((&p.id, v));
            }
        }
        named.extend(most.map(|(m, _)| m.to_string()));
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
            // A name given under interrogation goes on the list, and is taken once it
            // has stood there as long as any other.
            if obey && *v > 70.0 && paranoia.value > 50.0 {
                record.list(&n, day.date);
                if record.due(&n, day.date) {
                    day.arrests.push((n, ArrestCause::NamedBy(day.name(&id))));
                }
            }
        }
    }
}

/// Those who may be named as the most suspect of their camp, by faction: indices into
/// the day's people, in id order. Nobody's status moves during the interrogations.
struct Camps(BTreeMap<Option<FactionId>, Vec<usize>>);

impl Camps {
    fn new(day: &Day) -> Self {
        let mut camps: BTreeMap<Option<FactionId>, Vec<usize>> = BTreeMap::new();
        for (k, p) in day.people.iter().enumerate() {
            if p.s.status.can_act() && p.id != day.leader && p.adult(day.date) {
                camps.entry(p.s.faction.clone()).or_default().push(k);
            }
        }
        Camps(camps)
    }
}

/// Whether suspicion alone (his own, or a name under interrogation) spares `id`: a
/// commander, while the leader's fear of him is below his fear of the army's answer,
/// or for good if he counts as the leader's own man.
pub(super) fn spared_on_suspicion(day: &Day, id: &str, paranoia: f32) -> bool {
    day.get(id).is_some_and(|p| p.military >= COMMANDER_SKILL)
        && (paranoia < ARMY_PURGE_PARANOIA
            || day.loyalty(id, &day.leader_faction) >= TRUSTED_COMMANDER)
}

/// The week's arrests, each spreading fear; commanders are spared on suspicion alone
/// until the leader's fear of them outweighs his fear of the army's answer, and those
/// loyal to him are spared it always.
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
        if on_suspicion && spared_on_suspicion(day, &id, paranoia.value) {
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
