//! Intrigue: paranoia and suspicion, plots and recruitment, purges and arrests, trials,
//! coups and the police. No list of victims: the leader's paranoia grows with what
//! threatens him, his suspicion falls on particular people, plots form among the
//! ambitious and the hostile, recruits join or denounce, the security police discover
//! what its reach allows, and arrests spread along confessions.

pub mod coups;
pub mod orders;
pub mod paranoia;
pub mod plots;
pub mod police;
pub mod purges;
pub mod trials;
pub mod week;

use crate::sim::RunInfo;
use crate::sim::SimSet;
use crate::sim::SimTick;
use crate::sim::calendar::Calendar;
use crate::sim::calendar::on_new_day;
use crate::sim::forces::staging::Battles;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::RunResource;
use crate::sim::spawn::{LoadedScenario, SimEntity};
use bevy::prelude::*;
use coups::strike;
use orders::apply_plot_orders;
use paranoia::{NEW_RULER_PARANOIA, PARANOIA_EBB, PARANOIA_REST, Paranoia, Suspicion};
use plots::{Plot, PlotGoal, recruit_odds};
use police::{police_obey, police_reach};
use purges::{ARMY_PURGE_PARANOIA, COMMANDER_SKILL, NAMED_BY, ON_SUSPICION, PurgeRecord};
use rand::RngExt;
use trials::{after_the_fall, try_the_arrested};
use week::{Person, gather, write_back};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Paranoia>()
        .init_run_resource::<Suspicion>()
        .init_run_resource::<PurgeRecord>()
        .init_run_resource::<Battles>()
        .add_systems(
            SimTick,
            apply_plot_orders
                .in_set(SimSet::Commands)
                .after(super::commands::apply_commands),
        )
        .add_systems(
            SimTick,
            plots_and_purges
                .in_set(SimSet::Politics)
                .after(super::congress::hold_ballot)
                .run_if(on_new_day.and_then(on_plot_day)),
        );
}

/// Plots, suspicion and the purge move once a week: slow processes, and a weekly pace
/// keeps the cost of a campaign low. Rates below are per week.
pub fn on_plot_day(calendar: Res<Calendar>) -> bool {
    calendar.date.to_days().rem_euclid(7) == 0
}

/// A daily chance `p` as the chance over a week.
pub(super) fn weekly(p: f32) -> f64 {
    1.0 - (1.0 - f64::from(p.clamp(0.0, 1.0))).powi(7)
}

pub fn plots_and_purges(world: &mut World) {
    let Some(mut day) = gather(world) else { return };
    if !day.free(&day.leader.clone()) {
        // A fallen leader neither fears nor purges; the new government still tries
        // those it arrested.
        after_the_fall(world, &mut day);
        return;
    }
    let player = world.resource::<RunInfo>().player_side.clone();
    let data = world.resource::<LoadedScenario>().0.clone();
    let leader_side_played = player
        .as_ref()
        .and_then(|p| data.scenario.sides.iter().find(|s| &s.id == p))
        .is_some_and(|s| s.faction == day.leader_faction);
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let mut paranoia = world.resource::<Paranoia>().clone();
    let mut suspicion = world.resource::<Suspicion>().clone();
    let mut record = world.resource::<PurgeRecord>().clone();
    if paranoia.ruler != day.leader {
        if !paranoia.ruler.is_empty() {
            // A new man at the top: the old one's suspicions die with his rule, and
            // the new one fears the friends of the man he replaced.
            paranoia.value = NEW_RULER_PARANOIA;
            suspicion.0.clear();
            let text = format!("{} now rules, and watches.", day.name(&day.leader));
            day.note("ruler", text, vec![day.leader.clone()]);
        }
        paranoia.ruler = day.leader.clone();
    }
    let reach = police_reach(world, &day);
    let obey = police_obey(world, &day);

    // 1. Paranoia: what the leader perceives. The real Congress count he knows.
    if let Some(vote) = world
        .get_resource::<super::congress::CongressVote>()
        .cloned()
        && vote
            .date
            .is_some_and(|d| (0..7).contains(&d.days_until(day.date)))
    {
        let against = vote.against.get(&day.leader).copied().unwrap_or(0) as f32;
        paranoia.add(
            day.date,
            format!("{against:.0} delegates crossed him out"),
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

    // 2. Suspicion falls on the popular and on those of other camps.
    for p in &day.people {
        if !p.s.status.can_act() || p.id == day.leader || !day.adult(&p.id) {
            continue;
        }
        let own = p.s.faction.as_deref() == Some(day.leader_faction.as_str());
        let base = 7.0 * if own { 0.003 } else { 0.012 };
        let grow = base
            * (p.s.popularity / 50.0)
            * (paranoia.value / 50.0)
            * (1.0 - day.loyalty(&p.id, &day.leader_faction) / 200.0);
        let v = suspicion.0.entry(p.id.clone()).or_default();
        *v = (*v + grow.max(0.0)).min(100.0);
    }

    // 3. Plots form among the ambitious who are hostile to the leader's camp.
    let mut plots: Vec<(Entity, Plot)> = world
        .query::<(Entity, &Plot)>()
        .iter(world)
        .map(|(e, p)| (e, p.clone()))
        .collect();
    plots.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let in_plot = |plots: &[(Entity, Plot)], id: &str| {
        plots.iter().any(|(_, p)| {
            p.state == "active" && (p.organiser == id || p.members.iter().any(|m| m == id))
        })
    };
    {
        let candidates: Vec<Person> = day
            .people
            .iter()
            .filter(|p| {
                p.s.status.can_act()
                    && p.id != day.leader
                    && p.s.faction.is_some()
                    && p.s.faction.as_deref() != Some(day.leader_faction.as_str())
                    && p.s.ambition >= 40.0
                    && p.political + p.military >= 8.0
            })
            .cloned()
            .collect();
        for p in candidates {
            if in_plot(&plots, &p.id) {
                continue;
            }
            let hostility = (50.0 - day.loyalty(&p.id, &day.leader_faction)).max(0.0) / 100.0;
            let chance = 0.012
                * data.scenario.plot_rate
                * (p.s.ambition / 100.0)
                * hostility
                * (0.5 + paranoia.value / 100.0);
            if rng.random_bool(f64::from(chance.clamp(0.0, 1.0))) {
                record.plots_formed += 1;
                let goal = if p.military >= 7.0 {
                    PlotGoal::Coup
                } else {
                    PlotGoal::RemoveLeader
                };
                let plot = Plot {
                    id: format!("plot_{}", record.plots_formed),
                    goal,
                    organiser: p.id.clone(),
                    members: Vec::new(),
                    secrecy: 0.9,
                    progress: 0.0,
                    exposure: 0.0,
                    started: day.date,
                    state: "active".into(),
                };
                let e = world.spawn((SimEntity, plot.clone())).id();
                plots.push((e, plot));
            }
        }
    }

    // 4. Recruitment, progress, discovery, the strike.
    let mut strikes: Vec<usize> = Vec::new();
    for i in 0..plots.len() {
        if plots[i].1.state != "active" {
            continue;
        }
        if !day.free(&plots[i].1.organiser.clone()) {
            plots[i].1.state = "failed".into();
            continue;
        }
        let faction = day
            .get(&plots[i].1.organiser)
            .and_then(|p| p.s.faction.clone())
            .unwrap_or_default();
        if plots[i].1.members.len() < 8 {
            // Searched once per figure: a set, not a list.
            let taken: std::collections::BTreeSet<&str> = plots
                .iter()
                .flat_map(|(_, p)| {
                    std::iter::once(p.organiser.as_str())
                        .chain(p.members.iter().map(String::as_str))
                })
                .collect();
            let pick = day
                .people
                .iter()
                .filter(|c| {
                    c.s.status.can_act()
                        && c.id != day.leader
                        && !taken.contains(c.id.as_str())
                        && c.political + c.military >= 5.0
                        && day.adult(&c.id)
                })
                .max_by(|a, b| {
                    let score = |c: &Person| {
                        day.loyalty(&c.id, &faction) - day.loyalty(&c.id, &day.leader_faction)
                    };
                    score(a).total_cmp(&score(b)).then(b.id.cmp(&a.id))
                })
                .cloned();
            if let Some(c) = pick {
                let (join, inform) = recruit_odds(&c.s, &faction, &day.leader_faction);
                if rng.random_bool(f64::from(join.total)) {
                    plots[i].1.members.push(c.id.clone());
                    plots[i].1.secrecy = (plots[i].1.secrecy - 0.05).max(0.1);
                } else {
                    if rng.random_bool(f64::from(inform)) {
                        record.denunciations += 1;
                        plots[i].1.exposure = (plots[i].1.exposure + 0.3).min(1.0);
                        let org = plots[i].1.organiser.clone();
                        *suspicion.0.entry(org.clone()).or_default() += 30.0;
                        let text = format!(
                            "{} refuses to join a conspiracy and reports {} to the security police.",
                            day.name(&c.id),
                            day.name(&org)
                        );
                        day.note("denunciation", text, vec![c.id.clone(), org]);
                    }
                }
            }
        }
        let skill: f32 = std::iter::once(&plots[i].1.organiser)
            .chain(plots[i].1.members.iter())
            .filter_map(|m| day.get(m))
            .map(|p| {
                if plots[i].1.goal == PlotGoal::Coup {
                    p.military
                } else {
                    p.political
                }
            })
            .sum();
        plots[i].1.progress = (plots[i].1.progress + 7.0 * (0.08 + skill * 0.012)).min(100.0);
        let discover = reach * (1.0 - plots[i].1.secrecy) * 0.02 + plots[i].1.exposure * 0.04;
        if rng.random_bool(weekly(discover)) {
            plots[i].1.state = "discovered".into();
            record.plots_discovered += 1;
            paranoia.add(day.date, "a conspiracy uncovered", 12.0);
            let p = plots[i].1.clone();
            let text = format!(
                "The security police uncover a conspiracy around {} ({} members).",
                day.name(&p.organiser),
                p.members.len() + 1
            );
            day.note(
                "plot",
                text,
                std::iter::once(p.organiser.clone())
                    .chain(p.members.clone())
                    .collect(),
            );
            for m in std::iter::once(&p.organiser).chain(p.members.iter()) {
                *suspicion.0.entry(m.clone()).or_default() += 50.0;
                if obey && (m == &p.organiser || rng.random_bool(0.6)) {
                    day.arrests.push((
                        m.clone(),
                        format!("member of the conspiracy around {}", day.name(&p.organiser)),
                    ));
                }
            }
        } else if plots[i].1.progress >= 100.0 {
            strikes.push(i);
        }
    }

    // 5. The leader's purge: arrests of those he suspects most, through the police.
    if !leader_side_played && obey && paranoia.value > 45.0 {
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
            day.arrests.push((id, ON_SUSPICION.into()));
        }
    }

    // 6. Interrogations: the arrested name others, and arrests spread.
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
        let text = format!(
            "Under interrogation, {} names {}.",
            day.name(&id),
            list.join(", ")
        );
        day.note(
            "confession",
            text,
            std::iter::once(id.clone()).chain(named.clone()).collect(),
        );
        for n in named {
            let v = suspicion.0.entry(n.clone()).or_default();
            *v = (*v + 20.0).min(100.0);
            if obey && *v > 70.0 && paranoia.value > 50.0 {
                day.arrests
                    .push((n, format!("{NAMED_BY} {}", day.name(&id))));
            }
        }
    }

    // 7. Arrests.
    let arrests = std::mem::take(&mut day.arrests);
    for (id, cause) in arrests {
        if !day.adult(&id) {
            continue;
        }
        // Arresting a commander on suspicion alone risks the army's answer: the leader
        // dares it only when his fear of them outweighs his fear of the consequences.
        // Evidence of a plot is another matter.
        let on_suspicion = cause == ON_SUSPICION || cause.starts_with(NAMED_BY);
        if on_suspicion
            && day.get(&id).is_some_and(|p| p.military >= COMMANDER_SKILL)
            && paranoia.value < ARMY_PURGE_PARANOIA
        {
            continue;
        }
        let text = format!("{} is arrested, {}.", day.name(&id), cause);
        if !day.arrest(&mut record, &id, text) {
            continue;
        }
        for q in day.people.iter_mut() {
            q.s.fear = (q.s.fear + 1.5).min(100.0);
        }
    }

    // 8. Trials after some weeks in the cells.
    try_the_arrested(&mut day, &mut record, &mut rng, paranoia.value);

    // 9. Plots that strike.
    for i in strikes {
        plots[i].1.state = "struck".into();
        let plot = plots[i].1.clone();
        strike(world, &mut day, &plot, &mut rng, &mut record, &mut paranoia);
    }

    // Write everything back.
    for (e, p) in plots {
        if let Some(mut c) = world.get_mut::<Plot>(e)
            && *c != p
        {
            *c = p;
        }
    }
    write_back(world, &mut day);
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    world.insert_resource(paranoia);
    world.insert_resource(suspicion);
    world.insert_resource(record);
}
