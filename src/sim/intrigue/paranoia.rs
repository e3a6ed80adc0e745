//! The leader's fear for his power, and his suspicion of particular people.

use super::week::Week;
use crate::model::Date;
use crate::model::FactionId;
use crate::scenario::chronicle::Line;
use crate::sim::politics::congress::CongressVote;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The share of his paranoia above its resting level that the leader loses in a quiet week.
pub(super) const PARANOIA_EBB: f32 = 0.012;
/// Where the leader's paranoia settles with no rival and no alarm.
pub(super) const PARANOIA_REST: f32 = 25.0;

/// A new ruler's paranoia on taking power.
pub(super) const NEW_RULER_PARANOIA: f32 = 40.0;

/// How much the leader fears for his power, 0..=100, and the latest reasons.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Paranoia {
    pub value: f32,
    pub reasons: Vec<(Date, String, f32)>,
    /// Whose fear this is: a new ruler starts with fears of his own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ruler: String,
}

impl Paranoia {
    pub fn add(&mut self, date: Date, why: impl Into<String>, by: f32) {
        self.value = (self.value + by).clamp(0.0, 100.0);
        self.reasons.push((date, why.into(), by));
        if self.reasons.len() > 30 {
            self.reasons.remove(0);
        }
    }
}

/// The leader's suspicion of particular people, 0..=100.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Suspicion(pub BTreeMap<String, f32>);

/// The ruler's fear and suspicion for the week: a new ruler's fresh fears, what the
/// Congress count told him, his rivals, and the suspicion that falls on the popular
/// and on those of other camps.
pub(super) fn fear_and_suspect(
    mut week: ResMut<Week>,
    mut paranoia: ResMut<Paranoia>,
    mut suspicion: ResMut<Suspicion>,
    vote: Option<Res<CongressVote>>,
) {
    let Some((day, _)) = week.ruling() else {
        return;
    };
    if paranoia.ruler != day.leader {
        if !paranoia.ruler.is_empty() {
            // A new man at the top: the old one's suspicions die with his rule, and
            // the new one fears the friends of the man he replaced.
            paranoia.value = NEW_RULER_PARANOIA;
            suspicion.0.clear();
            let name = day.name(&day.leader);
            let leader = day.leader.clone();
            day.note(Line::NowRules, &[("figure", &name)], vec![leader]);
        }
        paranoia.ruler = day.leader.clone();
    }

    // What the leader perceives. The real Congress count he knows.
    if let Some(vote) = vote
        && vote
            .date
            .is_some_and(|d| (0..7).contains(&d.days_until(day.date)))
    {
        let against = vote.against.get(&day.leader).copied().unwrap_or(0) as f32;
        paranoia.add(
            day.date,
            day.data
                .common
                .chronicle
                .sentence(Line::FearCrossedOut, &[("votes", &format!("{against:.0}"))]),
            (against / 8.0).min(30.0),
        );
        if let Some(f) = &vote.fewest_against {
            *suspicion.0.entry(f.clone()).or_default() += 25.0;
        }
    }
    let leader_pop = day.get(&day.leader).map_or(50.0, |p| p.s.popularity);
    let rivals = day
        .people
        .iter()
        .filter(|p| {
            p.s.status.can_act()
                && p.id != day.leader
                && p.s.popularity > leader_pop
                && p.political >= 6.0
        })
        .count()
        .min(5) as f32;
    // Rivals more popular than he feed his fear; without new alarms it ebbs, a little
    // more than a percent a week of what it stands above its resting level.
    let ebb = PARANOIA_EBB * (paranoia.value - PARANOIA_REST);
    paranoia.value = (paranoia.value + 7.0 * 0.008 * rivals - ebb).clamp(15.0, 100.0);

    // Suspicion falls on the popular and on those of other camps.
    for p in &day.people {
        if !p.s.status.can_act() || p.id == day.leader || !p.adult(day.date) {
            continue;
        }
        let own = p.s.faction.as_ref().map(FactionId::as_str) == Some(day.leader_faction.as_str());
        let base = 7.0 * if own { 0.003 } else { 0.012 };
        let grow = base
            * (p.s.popularity / 50.0)
            * (paranoia.value / 50.0)
            * (1.0 - p.loyalty(&day.leader_faction) / 200.0);
        // Looked up before inserting: a new key (a cloned id) only for someone new.
        let v = match suspicion.0.get_mut(&p.id) {
            Some(v) => v,
            None => suspicion.0.entry(p.id.clone()).or_default(),
        };
        *v = (*v + grow.max(0.0)).min(100.0);
    }
}
