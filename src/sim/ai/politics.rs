//! The AI's politics: a speech at the Congress, a motion in the council.

use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::commands::SimCommand;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::council::{Chamber, Motion, council_members};
use crate::sim::politics::speeches::{SpeechTheme, congress_in_session, speech_strength};
use crate::sim::politics::{POLICY_COOLDOWN_DAYS, Politics};
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use rand::RngExt;

/// The AI's politics for every side no player takes: a speech at the Congress from its
/// best speaker, and, monthly, the policy its faction wants most if the vote looks won.
/// It reads the odds a player sees and acts through commands.
pub fn ai_politics(world: &mut World) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let cal = world.resource::<Calendar>().clone();
    if cal.hour != 0 {
        return;
    }
    let info = world.resource::<RunInfo>().clone();
    let voted = world
        .resource::<crate::sim::politics::congress::CongressVote>()
        .date
        .is_some();
    let in_session = congress_in_session(&data, &cal, voted);
    let monthly = cal.date.day == 15 && !data.scenario.council.is_empty();
    if !in_session && !monthly {
        return;
    }
    // Every figure's id, faction and popularity, in id order; only the monthly motions
    // need the whole chamber (standings and offices), built once for all sides.
    let mut people: Vec<(String, Option<String>, bool, f32)> = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
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
    let faction_of = |id: &str| {
        people
            .binary_search_by(|p| p.0.as_str().cmp(id))
            .ok()
            .and_then(|i| people[i].1.clone())
    };
    let chamber = if monthly {
        Chamber::from_world(world)
    } else {
        None
    };
    let mut orders: Vec<(String, SimCommand)> = Vec::new();
    let leader_faction = faction_of(&data.scenario.leader);
    for side in &data.scenario.sides {
        if info.player_side.as_deref() == Some(side.id.as_str()) {
            continue;
        }
        let members: Vec<(&String, f32)> = people
            .iter()
            .filter(|p| p.2 && p.1.as_deref() == Some(&side.faction))
            .map(|p| (&p.0, p.3))
            .collect();
        if in_session {
            let politics = world.resource::<Politics>();
            if politics
                .speeches
                .iter()
                .any(|s| faction_of(&s.figure).as_deref() == Some(&side.faction))
            {
                continue;
            }
            let days_left = cal.date.days_until(
                data.scenario
                    .congress
                    .as_ref()
                    .map_or(cal.date, |c| c.vote_date),
            );
            // A side speaks once, on a day of its choosing before the ballot.
            let speak_today = days_left <= 1
                || world
                    .resource_mut::<RngStreams>()
                    .stream("ai")
                    .random_bool(0.35);
            if !speak_today {
                continue;
            }
            // The leader does not praise himself: his men speak for him.
            let best = members
                .iter()
                .filter(|(id, _)| {
                    !world.resource::<Politics>().has_spoken(id) && **id != data.scenario.leader
                })
                .max_by(|a, b| {
                    let s = |x: &(&String, f32)| speech_strength(&data, x.0, x.1);
                    s(a).total_cmp(&s(b)).then(b.0.cmp(a.0))
                });
            let Some((speaker, _)) = best else { continue };
            let paranoia = world.resource::<crate::sim::plots::Paranoia>().value;
            let theme = if leader_faction.as_deref() == Some(side.faction.as_str()) {
                SpeechTheme::Praise
            } else {
                // Criticism wins delegates but draws the leader's eye: the more he
                // fears, the likelier a side keeps to its programme.
                let dare = (0.75 - paranoia / 200.0).clamp(0.1, 0.9);
                if world
                    .resource_mut::<RngStreams>()
                    .stream("ai")
                    .random_bool(f64::from(dare))
                {
                    SpeechTheme::Criticism
                } else {
                    SpeechTheme::Programme
                }
            };
            orders.push((
                "ai".into(),
                SimCommand::Speak {
                    figure: (*speaker).clone(),
                    theme,
                },
            ));
            continue;
        }
        // Monthly: one motion per side, the policy its faction wants most and can carry,
        // and no more than one a quarter, so that policy does not swing every month.
        let recent = world.resource::<Politics>().votes.iter().any(|v| {
            v.date.days_until(cal.date) < 90 && faction_of(&v.by).as_deref() == Some(&side.faction)
        });
        if recent {
            continue;
        }
        let Some(chamber) = chamber.as_ref() else {
            continue;
        };
        let council = council_members(&data, &chamber.offices);
        let Some(mover) = members
            .iter()
            .map(|(id, _)| (*id).clone())
            .filter(|id| council.contains(id))
            .min_by_key(|id| (chamber.ruler.as_deref() != Some(id.as_str()), id.clone()))
        else {
            continue;
        };
        let politics = world.resource::<Politics>().clone();
        let mut best: Option<(f64, Motion)> = None;
        for p in &data.common.policies {
            if politics
                .last_vote_on(&p.id)
                .is_some_and(|d| d.days_until(cal.date) < POLICY_COOLDOWN_DAYS)
            {
                continue;
            }
            let current = politics.policy(&data, &p.id).unwrap_or_default();
            let want = |o: &crate::scenario::schema::PolicyOptionDef| {
                o.support.get(&side.faction).copied().unwrap_or(0.0)
            };
            let now = p.options.iter().find(|o| o.id == current).map_or(0.0, want);
            for o in &p.options {
                if o.id == current || want(o) - now < 0.5 {
                    continue;
                }
                let motion = Motion::Policy {
                    policy: p.id.clone(),
                    option: o.id.clone(),
                };
                let pass = chamber.odds(&mover, &motion).pass;
                let utility = f64::from(want(o) - now) * pass;
                if pass >= 0.55 && best.as_ref().is_none_or(|(u, _)| utility > *u) {
                    best = Some((utility, motion));
                }
            }
        }
        if let Some((_, motion)) = best {
            orders.push(("ai".into(), SimCommand::Propose { by: mover, motion }));
        }
    }
    let mut queue = world.resource_mut::<crate::sim::commands::CommandQueue>();
    for (side, cmd) in orders {
        queue.push(side, cmd);
    }
}
