//! The AI's politics for every side no player takes: a speech at the Congress from its
//! best speaker while the Congress sits, and, monthly, the policy its faction wants most
//! if the vote looks won. It reads the odds a player sees and acts through commands.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::scenario::schema::{ScenarioData, SideDef};
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandQueue, Side, SimCommand};
use crate::sim::intrigue::paranoia::Paranoia;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::congress::CongressVote;
use crate::sim::politics::council::{Chamber, Motion, council_members};
use crate::sim::politics::institutions::Office;
use crate::sim::politics::ruler::Ruler;
use crate::sim::politics::speeches::{SpeechTheme, congress_in_session, speech_weight};
use crate::sim::politics::{POLICY_COOLDOWN_DAYS, Politics};
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use rand::RngExt;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the AI's politics reads: the same numbers a player sees.
#[derive(SystemParam)]
pub struct Floor<'w, 's> {
    scenario: Option<Res<'w, LoadedScenario>>,
    calendar: Res<'w, Calendar>,
    info: Res<'w, RunInfo>,
    vote: Res<'w, CongressVote>,
    politics: Res<'w, Politics>,
    ruler: Res<'w, Ruler>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    offices: Query<'w, 's, &'static Office>,
}

/// Every figure's id, faction, freedom and popularity, in id order.
type People = Vec<(FigureId, Option<FactionId>, bool, f32)>;

impl Floor<'_, '_> {
    fn people(&self) -> People {
        let mut people: People = self
            .figures
            .iter()
            .map(|(f, s)| {
                (
                    f.id.clone(),
                    s.faction.clone(),
                    s.status.can_act(),
                    s.popularity,
                )
            })
            .collect();
        people.sort_by(|a, b| a.0.cmp(&b.0));
        people
    }

    /// The council as it stands, built once for all sides.
    fn chamber(&self, data: &Arc<ScenarioData>) -> Chamber {
        let mut offices: Vec<(OfficeId, Vec<FigureId>)> = self
            .offices
            .iter()
            .map(|o| (o.key.clone(), o.holders.clone()))
            .collect();
        offices.sort();
        Chamber {
            data: data.clone(),
            current: self.politics.policies.clone(),
            standings: self
                .figures
                .iter()
                .map(|(f, s)| (f.id.clone(), s.clone()))
                .collect(),
            offices,
            ruler: self.ruler.figure.clone(),
        }
    }

    /// The sides the AI plays.
    fn ai_sides<'a>(&'a self, data: &'a ScenarioData) -> impl Iterator<Item = &'a SideDef> {
        data.scenario
            .sides
            .iter()
            .filter(|s| self.info.player_side.as_ref().map(|s| s.as_str()) != Some(s.id.as_str()))
    }
}

fn faction_of(people: &People, id: &str) -> Option<FactionId> {
    people
        .binary_search_by(|p| p.0.as_str().cmp(id))
        .ok()
        .and_then(|i| people[i].1.clone())
}

/// While the Congress sits, each side speaks once, on a day of its choosing before the
/// ballot.
pub fn ai_speeches(
    floor: Floor,
    paranoia: Res<Paranoia>,
    mut rng: ResMut<RngStreams>,
    mut queue: ResMut<CommandQueue>,
) {
    let Some(data) = floor.scenario.as_ref().map(|s| s.0.clone()) else {
        return;
    };
    let cal = &*floor.calendar;
    if cal.hour != 0 || !congress_in_session(&data, cal, floor.vote.date.is_some()) {
        return;
    }
    let people = floor.people();
    let leader_faction = faction_of(&people, data.scenario.leader.as_str());
    let mut political = None;
    for side in floor.ai_sides(&data) {
        if floor.politics.speeches.iter().any(|s| {
            faction_of(&people, &s.figure)
                .as_ref()
                .map(FactionId::as_str)
                == Some(side.faction.as_str())
        }) {
            continue;
        }
        let days_left = cal.date.days_until(
            data.scenario
                .congress
                .as_ref()
                .map_or(cal.date, |c| c.vote_date),
        );
        if days_left > 1 && !rng.stream("ai").random_bool(0.35) {
            continue;
        }
        // Each speaker's political skill by id, gathered once rather than searched for
        // at every comparison.
        let political: &BTreeMap<&str, u8> = political.get_or_insert_with(|| {
            (data.common.figures.iter().rev())
                .map(|f| (f.id.as_str(), f.skills.political))
                .collect()
        });
        // The leader does not praise himself: his men speak for him.
        let best = people
            .iter()
            .filter(|p| p.2 && p.1.as_ref().map(FactionId::as_str) == Some(side.faction.as_str()))
            .filter(|p| !floor.politics.has_spoken(p.0.as_str()) && p.0 != data.scenario.leader)
            .max_by(|a, b| {
                let s = |x: &(FigureId, Option<FactionId>, bool, f32)| {
                    speech_weight(political.get(x.0.as_str()).copied(), x.3)
                };
                s(a).total_cmp(&s(b)).then(b.0.cmp(&a.0))
            });
        let Some(speaker) = best else { continue };
        let theme = speech_theme(
            side,
            leader_faction.as_ref().map(FactionId::as_str),
            paranoia.value,
            &mut rng,
        );
        queue.push(
            Side::Ai,
            SimCommand::Speak {
                figure: speaker.0.clone(),
                theme,
            },
        );
    }
}

/// The leader's men praise him; the others criticise, which wins delegates but draws his
/// eye: the more he fears, the likelier a side keeps to its programme.
fn speech_theme(
    side: &SideDef,
    leader_faction: Option<&str>,
    paranoia: f32,
    rng: &mut RngStreams,
) -> SpeechTheme {
    if leader_faction == Some(side.faction.as_str()) {
        return SpeechTheme::Praise;
    }
    let dare = (0.75 - paranoia / 200.0).clamp(0.1, 0.9);
    if rng.stream("ai").random_bool(f64::from(dare)) {
        SpeechTheme::Criticism
    } else {
        SpeechTheme::Programme
    }
}

/// Monthly, outside the Congress: one motion per side, the policy its faction wants most
/// and can carry, and no more than one a quarter, so that policy does not swing every
/// month.
pub fn ai_motions(floor: Floor, mut queue: ResMut<CommandQueue>) {
    let Some(data) = floor.scenario.as_ref().map(|s| s.0.clone()) else {
        return;
    };
    let cal = &*floor.calendar;
    if cal.hour != 0
        || cal.date.day != 15
        || data.scenario.council.is_empty()
        || congress_in_session(&data, cal, floor.vote.date.is_some())
    {
        return;
    }
    let people = floor.people();
    let chamber = floor.chamber(&data);
    let council = council_members(&data, &chamber.offices);
    let politics = &*floor.politics;
    // Two sides moving the same question in one sitting: the second motion would find
    // the first already carried, and be refused.
    let mut moved: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for side in floor.ai_sides(&data) {
        let recent = politics.votes.iter().any(|v| {
            v.date.days_until(cal.date) < 90
                && faction_of(&people, &v.by).as_ref().map(FactionId::as_str)
                    == Some(side.faction.as_str())
        });
        if recent {
            continue;
        }
        let Some(mover) = people
            .iter()
            .filter(|p| p.2 && p.1.as_ref().map(FactionId::as_str) == Some(side.faction.as_str()))
            .map(|p| p.0.clone())
            .filter(|id| council.iter().any(|c| id == c))
            .min_by_key(|id| {
                (
                    chamber.ruler.as_ref().map(FigureId::as_str) != Some(id.as_str()),
                    id.clone(),
                )
            })
        else {
            continue;
        };
        if let Some(motion) = best_motion(&data, politics, &chamber, side, mover.as_str(), cal.date)
            .filter(|m| !matches!(m, Motion::Policy { policy, .. } if moved.contains(policy)))
        {
            if let Motion::Policy { policy, .. } = &motion {
                moved.insert(policy.clone());
            }
            queue.push(Side::Ai, SimCommand::Propose { by: mover, motion });
        }
    }
}

/// The policy change `side` wants most among those `mover` would likely carry.
fn best_motion(
    data: &ScenarioData,
    politics: &Politics,
    chamber: &Chamber,
    side: &SideDef,
    mover: &str,
    today: crate::model::Date,
) -> Option<Motion> {
    let mut best: Option<(f64, Motion)> = None;
    for p in &data.common.policies {
        if politics
            .last_vote_on(&p.id)
            .is_some_and(|d| d.days_until(today) < POLICY_COOLDOWN_DAYS)
        {
            continue;
        }
        let current = politics.policy(data, &p.id).unwrap_or_default();
        let want = |o: &crate::scenario::schema::PolicyOptionDef| {
            o.support.get(side.faction.as_str()).copied().unwrap_or(0.0)
        };
        let now = p.options.iter().find(|o| o.id == current).map_or(0.0, want);
        for o in &p.options {
            if o.id == current || !o.offered_on(today) || want(o) - now < 0.5 {
                continue;
            }
            let motion = Motion::Policy {
                policy: p.id.clone(),
                option: o.id.clone(),
            };
            let pass = chamber.odds(mover, &motion).pass;
            let utility = f64::from(want(o) - now) * pass;
            if pass >= 0.55 && best.as_ref().is_none_or(|(u, _)| utility > *u) {
                best = Some((utility, motion));
            }
        }
    }
    best.map(|(_, m)| m)
}
