//! The Congress's secret ballot for the Central Committee, the counting commission,
//! and the offer to the man the delegates trust most.

use crate::model::Date;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::SideId;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::{CongressDef, OfferDef, ScenarioData};
use crate::sim::calendar::{Calendar, on_new_day};
use crate::sim::chronicle::Chronicle;
use crate::sim::chronicle::Chronicler;
use crate::sim::commands::CommandQueue;
use crate::sim::people::Cast;
use crate::sim::people::Standing;
use crate::sim::politics::institutions::Office;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use crate::sim::spawn::RunResource;
use crate::sim::{Ids, SimSet, SimTick};
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<CongressVote>()
        .init_run_resource::<PendingDecisions>()
        .init_run_resource::<Answers>()
        .add_systems(
            SimTick,
            apply_answers
                .in_set(crate::sim::commands::OrderStep::CarryOut)
                .after(crate::sim::events::answers::take_answers),
        )
        .add_systems(
            SimTick,
            // The offer before the week's plots, which read it.
            (hold_ballot, make_offer)
                .chain()
                .in_set(SimSet::Politics)
                .before(crate::sim::intrigue::WeekOfIntrigue)
                .run_if(on_new_day),
        );
}

/// Answers to decisions, accepted by the events' `take_answers` and applied in the same tick.
#[derive(Resource, Clone, Debug, Default)]
pub struct Answers(pub Vec<(String, String)>);

pub(crate) fn apply_answers(world: &mut World) {
    let answers = std::mem::take(&mut world.resource_mut::<Answers>().0);
    for (decision, option) in answers {
        if decision == "congress_offer" {
            answer_offer(world, option == "accept");
        } else if let Some(event) = crate::sim::events::event_of_decision(&decision) {
            crate::sim::events::answer(world, event, &option, "player");
        }
    }
}

/// The ballot as counted and as announced.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CongressVote {
    pub date: Option<Date>,
    pub ballots: u32,
    /// The real count of crossings-out, by candidate.
    pub against: BTreeMap<String, u32>,
    /// What the counting commission announced.
    pub announced: BTreeMap<String, u32>,
    pub commission: FactionId,
    pub most_against: Option<String>,
    pub fewest_against: Option<String>,
    /// `None` before any offer; then "offered", "accepted" or "refused".
    pub offer: Option<String>,
}

/// A question waiting for a side's answer; the AI answers for sides no player takes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: String,
    pub side: SideId,
    pub figure: String,
    pub title: String,
    pub text: String,
    pub options: Vec<(String, String)>,
    /// What each option does, one text per option, for its tooltip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// The names of the figures it is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<String>,
    /// The event kind ("politics", "plot"...), empty for the rules' own decisions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// After this day the first option is taken for the side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Date>,
}

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PendingDecisions {
    pub items: Vec<Decision>,
}

fn congress(data: &ScenarioData) -> Option<&CongressDef> {
    data.scenario.congress.as_ref()
}

/// Chance that a delegate of `bloc` crosses out a candidate with `standing`, whose
/// offices weigh `prominence` (0..=1) against the leader's; see `CongressDef`.
pub fn chance_against(
    c: &CongressDef,
    bloc: &str,
    standing: &Standing,
    prominence: f32,
    is_leader: bool,
) -> f64 {
    let hostility = if standing.faction.as_ref().map(FactionId::as_str) == Some(bloc) {
        0.0
    } else {
        (1.0 - standing.loyalty.get(bloc).copied().unwrap_or(0.0) / 100.0) / 2.0
    };
    let unpopularity = 1.0 - standing.popularity.clamp(0.0, 100.0) / 100.0;
    let blame = if is_leader { c.leader_blame } else { 1.0 };
    let p = unpopularity
        * unpopularity
        * (c.base_against + c.disapproval * hostility * (0.25 + 0.75 * prominence))
        * blame;
    f64::from(p.clamp(0.0, 0.98))
}

/// The secret ballot on its day: every delegate's crossings-out, and what the counting
/// commission announces.
pub fn hold_ballot(
    mut chronicler: Chronicler,
    scenario: Res<LoadedScenario>,
    cast: Cast,
    mut vote: ResMut<CongressVote>,
    mut rng: ResMut<RngStreams>,
    offices: Query<&Office>,
    politics: Res<crate::sim::politics::Politics>,
) {
    let Some(c) = congress(&scenario.0) else {
        return;
    };
    let today = chronicler.calendar.date;
    if vote.date.is_some() || today != c.vote_date {
        return;
    }
    // Every living, free holder of a ballot office stands, once, in id order.
    let mut candidates: Vec<String> = offices
        .iter()
        .filter(|o| c.ballot.contains(&o.key))
        .flat_map(|o| o.holders.iter().map(FigureId::to_string))
        .collect();
    candidates.sort();
    candidates.dedup();
    let leader = &scenario.0.scenario.leader;
    let office_power = |fig: &str| -> f32 {
        offices
            .iter()
            .filter(|o| o.holders.iter().any(|h| h == fig))
            .map(|o| o.power)
            .sum()
    };
    let leader_power = office_power(leader.as_str()).max(1.0);
    let rng = rng.stream("congress");
    let mut against = BTreeMap::new();
    for cand in &candidates {
        let Some(standing) = cast.standing(cand) else {
            continue;
        };
        let prominence = (office_power(cand) / leader_power).min(1.0);
        let mut n = 0u32;
        // The delegates as the speeches left them, or as they came.
        let blocs = if politics.delegates.is_empty() {
            &c.delegates
        } else {
            &politics.delegates
        };
        for (bloc, share) in blocs {
            let delegates = (share * c.voting_delegates as f32).round() as u32;
            let p = chance_against(c, bloc.as_str(), standing, prominence, cand == leader);
            for _ in 0..delegates {
                if rng.random_bool(p) {
                    n += 1;
                }
            }
        }
        against.insert(cand.clone(), n);
    }
    // "Most" and "fewest" are read among the leadership, as the delegates read them.
    let leadership: Vec<&str> = offices
        .iter()
        .filter(|o| c.leadership.contains(&o.key))
        .flat_map(|o| o.holders.iter().map(FigureId::as_str))
        .collect();
    let among = || {
        against
            .iter()
            .filter(|(k, _)| leadership.contains(&k.as_str()))
    };
    let most = among()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.clone());
    let fewest = among()
        .min_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
        .map(|(k, _)| k.clone());
    // A commission in the leader's camp makes him look the least rejected of the leadership.
    let leader_faction = cast
        .standing(leader.as_str())
        .and_then(|s| s.faction.clone());
    let mut announced = against.clone();
    // Not for a leader the Congress has already turned out, before the count.
    let hides = leader_faction.as_ref().map(FactionId::as_str) == Some(c.commission.as_str())
        && vote.offer.as_deref() != Some("accepted");
    if hides {
        let lowest_other = among()
            .filter(|(k, _)| *k != leader)
            .map(|(_, v)| *v)
            .min()
            .unwrap_or(0);
        if let Some(v) = announced.get_mut(leader.as_str()) {
            *v = (*v).min(lowest_other.saturating_sub(1));
        }
    }
    let name = |id: &str| {
        scenario
            .0
            .figure(id)
            .map_or(id.to_string(), |f| f.name.clone())
    };
    if let (Some(m), Some(f)) = (&most, &fewest) {
        chronicler.line(
            Line::Elected,
            &[
                ("most", &name(m)),
                ("most_votes", &against[m].to_string()),
                ("fewest", &name(f)),
                ("fewest_votes", &against[f].to_string()),
            ],
            vec![m.clone(), f.clone()],
        );
        if hides && m == leader {
            let votes = announced
                .get(leader.as_str())
                .copied()
                .unwrap_or(0)
                .to_string();
            chronicler.line(
                Line::Announced,
                &[("votes", &votes), ("leader", &name(leader.as_str()))],
                vec![leader.to_string()],
            );
        }
    }
    *vote = CongressVote {
        date: Some(today),
        ballots: c.voting_delegates,
        against,
        announced,
        commission: c.commission.clone(),
        most_against: most.clone(),
        fewest_against: fewest,
        // An offer made before the count stands: the count does not make it again.
        offer: vote.offer.clone(),
    };
}

/// On the ballot's day, the offer goes to its candidate if the leader was the most
/// rejected and the candidate is free to take it.
pub fn make_offer(
    calendar: Res<Calendar>,
    scenario: Res<LoadedScenario>,
    cast: Cast,
    mut vote: ResMut<CongressVote>,
    mut decisions: ResMut<PendingDecisions>,
    offices: Query<&Office>,
) {
    let Some(c) = congress(&scenario.0) else {
        return;
    };
    if vote.date != Some(calendar.date) || vote.offer.is_some() {
        return;
    }
    let leader = &scenario.0.scenario.leader;
    if let Some(offer) = &c.offer {
        let candidate_free = cast
            .standing(offer.candidate.as_str())
            .is_some_and(|s| s.status.can_act());
        if vote.most_against.as_deref() == Some(leader.as_str()) && candidate_free {
            let office = cast
                .ids
                .offices
                .get(&offer.office)
                .and_then(|e| offices.get(*e).ok())
                .map_or(offer.office.clone(), |o| o.name.as_str().into());
            vote.offer = Some("offered".into());
            decisions
                .items
                .push(offer_decision(&scenario.0, offer, office.as_str(), false));
        }
    }
}

/// The delegates' question to the candidate, after the count or before it.
fn offer_decision(
    data: &ScenarioData,
    offer: &OfferDef,
    office: &str,
    before_count: bool,
) -> Decision {
    let name = |id: &str| data.figure(id).map_or(id.to_string(), |f| f.name.clone());
    let (candidate, leader) = (
        name(offer.candidate.as_str()),
        name(data.scenario.leader.as_str()),
    );
    let text = if before_count {
        format!(
            "Regional secretaries come to {candidate} at night, before the ballots are counted: the delegates mean to cross out {leader} in their hundreds, and will not wait for the commission to hide it. Will he take the post of {office}?"
        )
    } else {
        format!(
            "Regional secretaries come to {candidate} at night: the Congress has shown it no longer trusts {leader}. Will he take the post of {office}?"
        )
    };
    Decision {
        id: "congress_offer".into(),
        side: offer.side.clone(),
        figure: offer.candidate.to_string(),
        title: "The delegates' offer".into(),
        text,
        options: vec![
            ("accept".into(), "Accept: stand against the leader".into()),
            ("refuse".into(), "Refuse: stay loyal and tell no one".into()),
        ],
        details: vec![
            format!(
                "{candidate} is offered the post of {office}; the leader's men will learn of it"
            ),
            "The Congress goes home; the leader keeps his office".into(),
        ],
        kind: "politics".into(),
        ..default()
    }
}

/// An event's `MakeOffer`: the delegates go to the candidate before the count, if the
/// scenario has an offer, none has been made and the ballot is not yet counted, and the
/// candidate is free to take it.
pub fn offer_before_the_count(world: &mut World) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let Some(offer) = congress(&data).and_then(|c| c.offer.clone()) else {
        return;
    };
    let vote = world.resource::<CongressVote>();
    if vote.offer.is_some() || vote.date.is_some() {
        return;
    }
    let ids = world.resource::<Ids>().clone();
    let candidate_free = ids
        .figures
        .get(&offer.candidate)
        .and_then(|e| world.get::<Standing>(*e))
        .is_some_and(|s| s.status.can_act());
    if !candidate_free {
        return;
    }
    let office = ids
        .offices
        .get(&offer.office)
        .and_then(|e| world.get::<Office>(*e))
        .map_or(offer.office.clone(), |o| o.name.as_str().into());
    world.resource_mut::<CongressVote>().offer = Some("offered".into());
    let decision = offer_decision(&data, &offer, office.as_str(), true);
    world
        .resource_mut::<PendingDecisions>()
        .items
        .push(decision);
}

/// The chance that a figure accepts the offer, from ambition and where his loyalties lie.
pub fn accept_chance(standing: &Standing, offering_faction: &str, leader_faction: &str) -> f64 {
    let towards = standing
        .loyalty
        .get(offering_faction)
        .copied()
        .unwrap_or(0.0);
    let away = standing.loyalty.get(leader_faction).copied().unwrap_or(0.0);
    let p = 0.6 * standing.ambition / 100.0 + (towards - away) / 200.0;
    f64::from(p.clamp(0.05, 0.95))
}

/// Applies an answer to the offer: acceptance replaces the leader in the office.
pub fn answer_offer(world: &mut World, accept: bool) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let Some(offer) = data
        .scenario
        .congress
        .as_ref()
        .and_then(|c| c.offer.clone())
    else {
        return;
    };
    let cal = world.resource::<Calendar>().clone();
    let leader = data.scenario.leader.clone();
    let name = |id: &str| data.figure(id).map_or(id.to_string(), |f| f.name.clone());
    world
        .resource_mut::<PendingDecisions>()
        .items
        .retain(|d| d.id != "congress_offer");
    world.resource_mut::<CongressVote>().offer =
        Some(if accept { "accepted" } else { "refused" }.into());
    if accept {
        let mut q = world.resource_mut::<CommandQueue>();
        q.push(
            crate::sim::commands::Side::Congress,
            crate::sim::commands::SimCommand::Dismiss {
                office: offer.office.clone(),
                figure: leader.as_str().into(),
            },
        );
        q.push(
            crate::sim::commands::Side::Congress,
            crate::sim::commands::SimCommand::Appoint {
                office: offer.office.clone(),
                figure: offer.candidate.as_str().into(),
            },
        );
        world.resource_mut::<Chronicle>().line(
            (cal.date, cal.hour),
            &data.common.chronicle,
            Line::OfferAccepted,
            &[
                ("candidate", &name(offer.candidate.as_str())),
                ("leader", &name(leader.as_str())),
            ],
            vec![offer.candidate.to_string(), leader.to_string()],
        );
    } else {
        world.resource_mut::<Chronicle>().line(
            (cal.date, cal.hour),
            &data.common.chronicle,
            Line::OfferRefused,
            &[
                ("candidate", &name(offer.candidate.as_str())),
                ("leader", &name(leader.as_str())),
            ],
            vec![offer.candidate.to_string(), leader.to_string()],
        );
        // Having refused, he is bound closer to the leader's camp.
        let ids = world.resource::<Ids>().clone();
        let leader_faction = ids
            .figures
            .get(&leader)
            .and_then(|e| world.get::<Standing>(*e))
            .and_then(|s| s.faction.clone());
        if let (Some(e), Some(f)) = (ids.figures.get(&offer.candidate), leader_faction)
            && let Some(mut s) = world.get_mut::<Standing>(*e)
        {
            let v = s.loyalty.entry(f).or_insert(0.0);
            *v = (*v + 10.0).min(100.0);
        }
    }
}
