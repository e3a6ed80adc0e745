//! The ruling council: motions, each member's odds of voting for one, and the vote.

use super::Politics;
use super::bonds::note_appointment;
use crate::model::FactionId;
use crate::model::OfficeId;
use crate::model::{Date, FigureId};
use crate::scenario::chronicle::Line;
use crate::scenario::events::EventDef;
use crate::scenario::schema::ScenarioData;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::events::effects::{figure_name as name, with_standing as standing_mut};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the ruling council is asked to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Motion {
    /// Adopt one option of a policy.
    Policy { policy: String, option: String },
    /// Take an office from its holder.
    Dismiss { figure: String, office: String },
    /// Give a free seat of an office to a figure: the mover becomes his patron.
    Elect { figure: String, office: String },
    /// Hand a figure to the police: the council's decision binds them.
    Arrest { figure: String },
}

impl Motion {
    /// The figure the motion is against, if any.
    pub fn target(&self) -> Option<&str> {
        match self {
            Motion::Policy { .. } | Motion::Elect { .. } => None,
            Motion::Dismiss { figure, .. } | Motion::Arrest { figure } => Some(figure),
        }
    }
}

/// A vote of the ruling council, with who voted how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouncilVote {
    pub date: Date,
    pub by: String,
    pub motion: Motion,
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub adopted: bool,
}

/// One voter's chance of voting for a motion, with its reasons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoteOdds {
    pub voter: String,
    pub chance: f64,
    pub reasons: Vec<(String, f32)>,
}

/// The council's members who would vote, and each one's chance of voting yes, as the
/// player sees them; with the chance that the motion passes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MotionOdds {
    pub voters: Vec<VoteOdds>,
    pub pass: f64,
}

/// The free holders of the council's offices, in id order.
pub fn council_members(
    data: &ScenarioData,
    offices: &[(OfficeId, Vec<FigureId>)],
) -> Vec<FigureId> {
    let mut m: Vec<FigureId> = offices
        .iter()
        .filter(|(k, _)| data.scenario.council.contains(k))
        .flat_map(|(_, h)| h.iter().cloned())
        .collect();
    m.sort();
    m.dedup();
    m
}

/// What everyone needs to weigh a motion: standings by id, office holders, the ruler.
pub struct Chamber {
    pub data: Arc<ScenarioData>,
    /// The option in force of each policy that has been voted on.
    pub current: BTreeMap<String, String>,
    pub standings: BTreeMap<FigureId, Standing>,
    pub offices: Vec<(OfficeId, Vec<FigureId>)>,
    pub ruler: Option<FigureId>,
}

impl Chamber {
    /// The chamber as the world stands.
    pub fn from_world(world: &mut World) -> Option<Chamber> {
        let (data, standings, offices, ruler) = chamber_parts(world)?;
        let current = world.resource::<Politics>().policies.clone();
        Some(Chamber {
            data,
            current,
            standings,
            offices,
            ruler,
        })
    }

    fn faction(&self, id: &str) -> Option<&str> {
        self.standings
            .get(id)
            .and_then(|s| s.faction.as_ref().map(FactionId::as_str))
    }
    fn loyalty(&self, id: &str, faction: Option<&str>) -> f32 {
        let Some(f) = faction else { return 0.0 };
        if self.faction(id) == Some(f) {
            return 100.0;
        }
        self.standings
            .get(id)
            .and_then(|s| s.loyalty.get(f).copied())
            .unwrap_or(0.0)
    }

    /// How much a faction wants `option` of `policy` over the one in force, -1..=1.
    fn policy_view(&self, policy: &str, option: &str, faction: Option<&str>) -> f32 {
        let Some(p) = self.data.common.policies.iter().find(|p| p.id == policy) else {
            return 0.0;
        };
        let want = |id: &str| {
            p.options
                .iter()
                .find(|o| o.id == id)
                .and_then(|o| faction.and_then(|f| o.support.get(f).copied()))
                .unwrap_or(0.0)
        };
        let current = self
            .current
            .get(policy)
            .map_or(self.data.scenario.policy_at_start(p), String::as_str);
        (want(option) - want(current)).clamp(-1.0, 1.0)
    }

    /// The odds of `motion`, put by `by`: each free member's chance, with reasons.
    pub fn odds(&self, by: &str, motion: &Motion) -> MotionOdds {
        let members: Vec<FigureId> = council_members(&self.data, &self.offices)
            .into_iter()
            .filter(|m| self.standings.get(m).is_some_and(|s| s.status.can_act()))
            .collect();
        let by_faction = self.faction(by);
        let ruler_faction = self
            .ruler
            .as_ref()
            .map(FigureId::as_str)
            .and_then(|r| self.faction(r));
        let mut voters = Vec::new();
        for m in &members {
            let mut reasons: Vec<(String, f32)> = Vec::new();
            if m == by {
                voters.push(VoteOdds {
                    voter: m.to_string(),
                    chance: 1.0,
                    reasons: vec![("proposes it".into(), 1.0)],
                });
                continue;
            }
            if motion.target() == Some(m.as_str()) {
                voters.push(VoteOdds {
                    voter: m.to_string(),
                    chance: 0.0,
                    reasons: vec![("it is against him".into(), -1.0)],
                });
                continue;
            }
            let mf = self.faction(m.as_str());
            match motion {
                Motion::Policy { policy, option } => {
                    let view = |faction: Option<&str>| self.policy_view(policy, option, faction);
                    reasons.push(("his faction's view of the change".into(), 0.4 * view(mf)));
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.25 * self.loyalty(m.as_str(), by_faction) / 100.0,
                    ));
                    if let Some(r) = &self.ruler
                        && r != m
                        && r != by
                    {
                        let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                        let lv = view(ruler_faction);
                        if lv.abs() > 0.1 {
                            reasons.push((
                                "the leader's known view, and fear of him".into(),
                                lv.signum() * (0.1 + 0.2 * fear),
                            ));
                        }
                    }
                }
                Motion::Elect { figure, .. } => {
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.15 * self.loyalty(m.as_str(), by_faction) / 100.0,
                    ));
                    reasons.push((
                        "loyalty to the candidate's faction".into(),
                        0.35 * self.loyalty(m.as_str(), self.faction(figure)) / 100.0,
                    ));
                    if mf.is_some() && mf != self.faction(figure) {
                        reasons.push(("a seat won by another camp".into(), -0.3));
                    }
                    if m == figure {
                        reasons.push(("it is his own seat".into(), 0.5));
                    }
                    if let Some(r) = &self.ruler
                        && r != m
                        && r != by
                        && ruler_faction.is_some()
                        && self.faction(figure) != ruler_faction
                    {
                        let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                        reasons.push((
                            "the leader wants his own men, and fear of him".into(),
                            -(0.1 + 0.2 * fear),
                        ));
                    }
                }
                Motion::Dismiss { figure, .. } | Motion::Arrest { figure } => {
                    let tf = self.faction(figure);
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.3 * self.loyalty(m.as_str(), by_faction) / 100.0,
                    ));
                    reasons.push((
                        "loyalty to the accused's faction".into(),
                        -0.3 * self.loyalty(m.as_str(), tf) / 100.0,
                    ));
                    if matches!(motion, Motion::Arrest { .. }) {
                        reasons.push(("reluctance to hand a comrade to the police".into(), -0.1));
                    }
                }
            }
            if let Some(r) = &self.ruler
                && r != m
            {
                let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                if r == by {
                    reasons.push((
                        "the leader's word, and fear of him".into(),
                        0.15 + 0.25 * fear,
                    ));
                } else if motion
                    .target()
                    .is_some_and(|t| self.faction(t) == ruler_faction)
                    && ruler_faction.is_some()
                {
                    reasons.push((
                        "the leader protects his own, and fear of him".into(),
                        -(0.15 + 0.25 * fear),
                    ));
                }
            }
            let sum: f32 = reasons.iter().map(|(_, v)| v).sum();
            voters.push(VoteOdds {
                voter: m.to_string(),
                chance: f64::from((0.5 + sum).clamp(0.02, 0.98)),
                reasons,
            });
        }
        let pass = majority_chance(&voters.iter().map(|v| v.chance).collect::<Vec<_>>());
        MotionOdds { voters, pass }
    }
}

/// The chance that more vote yes than no, each voter independently.
pub fn majority_chance(p: &[f64]) -> f64 {
    // dist[k]: chance that k have voted yes so far.
    let mut dist = vec![1.0f64];
    for &q in p {
        let mut next = vec![0.0; dist.len() + 1];
        for (k, d) in dist.iter().enumerate() {
            next[k] += d * (1.0 - q);
            next[k + 1] += d * q;
        }
        dist = next;
    }
    let n = p.len();
    dist.iter()
        .enumerate()
        .filter(|(k, _)| 2 * k > n)
        .map(|(_, d)| d)
        .sum()
}

/// The data, every figure's standing, the offices' holders, and the ruler.
pub type ChamberParts = (
    Arc<ScenarioData>,
    BTreeMap<FigureId, Standing>,
    Vec<(OfficeId, Vec<FigureId>)>,
    Option<FigureId>,
);

/// Builds the chamber's parts from the world.
pub fn chamber_parts(world: &mut World) -> Option<ChamberParts> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let standings = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .map(|(f, s)| (f.id.clone(), s.clone()))
        .collect();
    let mut offices: Vec<(OfficeId, Vec<FigureId>)> = world
        .query::<&Office>()
        .iter(world)
        .map(|o| (o.key.clone(), o.holders.clone()))
        .collect();
    offices.sort();
    let ruler = world
        .get_resource::<super::ruler::Ruler>()
        .and_then(|r| r.figure.clone());
    Some((data, standings, offices, ruler))
}

/// Describes a motion in words, with offices named as they were on `date`.
pub fn describe_motion(data: &ScenarioData, motion: &Motion, date: Date) -> String {
    match motion {
        Motion::Policy { policy, option } => {
            let p = data.common.policies.iter().find(|p| &p.id == policy);
            let o = p.and_then(|p| p.options.iter().find(|o| &o.id == option));
            format!(
                "{}: {}",
                p.map_or(policy.as_str(), |p| p.name.as_str()),
                o.map_or(option.as_str(), |o| o.name.as_str())
            )
        }
        Motion::Dismiss { figure, office } => {
            format!(
                "dismiss {} as {}",
                name(data, figure),
                data.office_name_on(office, date)
            )
        }
        Motion::Arrest { figure } => format!("hand {} to the police", name(data, figure)),
        Motion::Elect { figure, office } => {
            format!(
                "elect {} as {}",
                name(data, figure),
                data.office_name_on(office, date)
            )
        }
    }
}

/// A motion put to the council's vote, as checked by `check_order`.
pub fn vote(world: &mut World, by: &str, motion: &Motion) {
    let Some(chamber) = Chamber::from_world(world) else {
        return;
    };
    let data = chamber.data.clone();
    let odds = chamber.odds(by, motion);
    let mut yes = Vec::new();
    let mut no = Vec::new();
    {
        let mut rng = world.resource_mut::<RngStreams>();
        let rng = rng.stream("council");
        for v in &odds.voters {
            // Every voter draws, whatever his chance, so the stream's position depends
            // only on how many voted.
            let roll: f64 = rng.random();
            if roll < v.chance {
                yes.push(v.voter.clone());
            } else {
                no.push(v.voter.clone());
            }
        }
    }
    let adopted = yes.len() > no.len();
    let date = world.resource::<Calendar>().date;
    let what = describe_motion(&data, motion, date);
    let line = if adopted {
        Line::MotionAdopted
    } else {
        Line::MotionRejected
    };
    let mut actors = vec![by.to_string()];
    actors.extend(motion.target().map(str::to_string));
    let cal = world.resource::<Calendar>().clone();
    world.resource_mut::<Chronicle>().line(
        (cal.date, cal.hour),
        &data.common.chronicle,
        line,
        &[
            ("council", &data.council_name()),
            ("mover", &name(&data, by)),
            ("motion", &what),
            ("votes_for", &yes.len().to_string()),
            ("votes_against", &no.len().to_string()),
        ],
        actors,
    );
    world.resource_mut::<Politics>().votes.push(CouncilVote {
        date,
        by: by.to_string(),
        motion: motion.clone(),
        yes,
        no,
        adopted,
    });
    if !adopted {
        // A failed motion against a man costs its mover: the target's side and the
        // leader remember.
        standing_mut(world, by, |s| s.popularity = (s.popularity - 3.0).max(0.0));
        if let Some(t) = motion.target()
            && chamber.ruler.as_ref().map(FigureId::as_str) != Some(by)
        {
            let mut sus = world.resource_mut::<crate::sim::intrigue::paranoia::Suspicion>();
            let v = sus.0.entry(by.to_string()).or_default();
            *v = (*v + 10.0).min(100.0);
            let _ = t;
        }
        return;
    }
    match motion {
        Motion::Policy { policy, option } => {
            world
                .resource_mut::<Politics>()
                .policies
                .insert(policy.clone(), option.clone());
            let Some(p) = data.common.policies.iter().find(|p| &p.id == policy) else {
                return;
            };
            let Some(o) = p.options.iter().find(|o| &o.id == option) else {
                return;
            };
            let ev = EventDef {
                id: format!("policy:{policy}"),
                scenarios: Vec::new(),
                title: p.name.clone(),
                text: o.text.clone(),
                kind: "politics".into(),
                figures: Vec::new(),
                side: None,
                ruling_side: false,
                army_side: false,
                trigger: Default::default(),
                says: Vec::new(),
                options: Vec::new(),
            };
            for e in &o.effects {
                crate::sim::events::effects::apply(world, &data, &ev, e);
            }
        }
        Motion::Dismiss { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.retain(|h| h != figure);
            }
            super::ruler::refresh_if_ruling(world, office);
        }
        Motion::Elect { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.push(figure.as_str().into());
            }
            super::ruler::refresh_if_ruling(world, office);
            let date = world.resource::<Calendar>().date;
            note_appointment(
                &mut world.resource_mut::<Politics>(),
                Some(by),
                figure,
                date,
            );
        }
        Motion::Arrest { figure } => {
            let ev = EventDef {
                id: "council:arrest".into(),
                scenarios: Vec::new(),
                title: format!("The decision of the {}", data.council_name()),
                text: String::new(),
                kind: "purge".into(),
                figures: Vec::new(),
                side: None,
                ruling_side: false,
                army_side: false,
                trigger: Default::default(),
                says: Vec::new(),
                options: Vec::new(),
            };
            crate::sim::events::effects::apply(
                world,
                &data,
                &ev,
                &crate::scenario::events::Effect::Arrest(figure.clone()),
            );
        }
    }
}
