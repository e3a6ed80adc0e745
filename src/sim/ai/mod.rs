//! The AI: for every side no player takes (all of them in observer mode), it reads the
//! same numbers a player sees and acts only through commands.

use crate::model::FactionId;
use crate::model::OfficeId;
use crate::sim::commands::{CommandQueue, Side, SimCommand};
use crate::sim::people::{Cast, Standing};
use crate::sim::politics::congress::{PendingDecisions, accept_chance};
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use crate::sim::{Ids, RunInfo, SimSet, SimTick};
use bevy::prelude::*;
use rand::RngExt;

pub mod counter;
pub mod politics;

/// The AI's own moves within the tick's AI stage (after the agendas are drawn).
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct AiStep;

pub(crate) fn plugin(app: &mut App) {
    app.configure_sets(SimTick, AiStep.in_set(SimSet::Ai));
    // The politics first, as they always ran: the order of the AI's draws is the history.
    app.add_systems(
        SimTick,
        (politics::ai_speeches, politics::ai_motions)
            .chain()
            .in_set(AiStep),
    );
    app.add_systems(
        SimTick,
        (answer_decisions, fill_vacancies, counter::counter_moves)
            .chain()
            .in_set(AiStep),
    );
}

/// Answers every pending decision that belongs to a side the AI plays.
pub fn answer_decisions(
    info: Res<RunInfo>,
    ids: Res<Ids>,
    scenario: Res<LoadedScenario>,
    pending: Res<PendingDecisions>,
    figures: Query<&Standing>,
    mut rng: ResMut<RngStreams>,
    mut queue: ResMut<CommandQueue>,
) {
    let leader_faction = ids
        .figures
        .get(&scenario.0.scenario.leader)
        .and_then(|e| figures.get(*e).ok())
        .and_then(|s| s.faction.clone())
        .unwrap_or_default();
    for d in &pending.items {
        // Event decisions are the player's alone: the AI chooses its events when they fire.
        if info.player_side.as_ref().map(|s| s.as_str()) == Some(d.side.as_str())
            || crate::sim::events::event_of_decision(&d.id).is_some()
        {
            continue;
        }
        let Some(standing) = ids
            .figures
            .get(&d.figure)
            .and_then(|e| figures.get(*e).ok())
        else {
            continue;
        };
        let offering = scenario
            .0
            .side(d.side.as_str())
            .map_or(d.side.as_str(), |s| s.faction.as_str());
        let p = accept_chance(standing, offering, leader_faction.as_str());
        let option = if rng.stream("ai").random_bool(p) {
            "accept"
        } else {
            "refuse"
        };
        queue.push(
            Side::Ai,
            SimCommand::Decide {
                decision: d.id.clone(),
                option: option.into(),
            },
        );
    }
}

/// Offices left empty by arrests and deaths are filled, once a month, by the faction
/// that controls the institution (or the leader's, if none does) with its most capable
/// free member who holds fewer than three offices. Through commands, like any move.
/// Only seats this run has seen filled are refilled: a seat empty at the start waits
/// for a vote or an event, so nobody is invented into it.
pub fn fill_vacancies(
    calendar: Res<crate::sim::calendar::Calendar>,
    cast: Cast,
    scenario: Res<LoadedScenario>,
    info: Res<RunInfo>,
    offices: Query<&crate::sim::politics::institutions::Office>,
    institutions: Query<&crate::sim::politics::institutions::Institution>,
    mut queue: ResMut<CommandQueue>,
) {
    // Once on the 1st: while a battle keeps the clock in hours, at its first hour only.
    if calendar.date.day != 1 || calendar.hour != 0 {
        return;
    }
    let data = &scenario.0;
    let leader_faction = cast
        .standing(data.scenario.leader.as_str())
        .and_then(|s| s.faction.clone());
    let player_faction = info
        .player_side
        .as_ref()
        .and_then(|p| data.side(p.as_str()))
        .map(|s| s.faction.clone());
    let mut held: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for o in &offices {
        for h in &o.holders {
            *held.entry(h.to_string()).or_default() += 1;
        }
    }
    // Seats already promised by commands still in the queue (a coup's heir, say) are
    // not free: filling them too would be refused.
    let queued = |key: &str| {
        queue
            .pending
            .iter()
            .filter(|(_, c)| matches!(c, SimCommand::Appoint { office, .. } if office == key))
            .count()
    };
    let mut list: Vec<_> = offices
        .iter()
        .filter(|o| {
            ((o.holders.len() + queued(o.key.as_str())) as u32) < o.in_use && o.power >= 2.0
        })
        .collect();
    list.sort_by(|a, b| b.power.total_cmp(&a.power).then(a.key.cmp(&b.key)));
    let mut chosen: Vec<String> = Vec::new();
    // The figures' records by id, looked up once per candidate rather than searched.
    let defs: std::collections::BTreeMap<&str, &crate::scenario::schema::FigureDef> =
        if list.is_empty() {
            Default::default()
        } else {
            data.common
                .figures
                .iter()
                .map(|f| (f.id.as_str(), f))
                .rev()
                .collect()
        };
    for o in list {
        let faction = cast
            .ids
            .institutions
            .get(&o.institution)
            .and_then(|e| institutions.get(*e).ok())
            .and_then(|i| i.controller.clone())
            .or_else(|| leader_faction.clone());
        let Some(faction) = faction else { continue };
        // The leader takes back the office that makes him the leader.
        if info.leader_office.as_ref().map(OfficeId::as_str) == Some(o.key.as_str()) {
            let leader = &data.scenario.leader;
            let free = cast
                .standing(leader.as_str())
                .is_some_and(|s| s.status.can_act());
            if free
                && leader_faction.as_ref().map(FactionId::as_str) == Some(faction.as_str())
                && !o.holders.contains(leader)
            {
                chosen.push(leader.to_string());
                queue.push(
                    Side::Ai,
                    SimCommand::Appoint {
                        office: o.key.clone(),
                        figure: leader.clone(),
                    },
                );
                continue;
            }
        }
        // The player fills his own faction's offices himself.
        if player_faction.as_ref().map(FactionId::as_str) == Some(faction.as_str()) {
            continue;
        }
        let best = cast
            .figures
            .iter()
            .filter(|(f, s)| {
                s.status.can_act()
                    && s.faction.as_ref().map(FactionId::as_str) == Some(faction.as_str())
                    && !o.holders.contains(&f.id)
                    && !chosen.iter().any(|c| f.id == *c)
                    && held.get(f.id.as_str()).copied().unwrap_or(0) < 3
                    && defs
                        .get(f.id.as_str())
                        .is_some_and(|d| calendar.date.year - d.born >= 25)
            })
            .max_by(|a, b| {
                let wanted = data.office_skill(o.key.as_str());
                let score = |id: &str| {
                    let sk = defs.get(id).map(|d| d.skills).unwrap_or_default();
                    let fit = sk.for_work(wanted);
                    f32::from(fit) * 10.0
                        + cast
                            .standing(id)
                            .map_or(0.0, |s| s.loyalty.get(&faction).copied().unwrap_or(0.0))
                };
                score(a.0.id.as_str())
                    .total_cmp(&score(b.0.id.as_str()))
                    .then(b.0.id.cmp(&a.0.id))
            });
        if let Some((f, _)) = best {
            chosen.push(f.id.to_string());
            queue.push(
                Side::Ai,
                SimCommand::Appoint {
                    office: o.key.clone(),
                    figure: f.id.clone(),
                },
            );
        }
    }
}
