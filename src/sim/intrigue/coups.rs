//! A plot that strikes: a plenum that votes the leader out, or a coup fought in the capital.

use super::paranoia::Paranoia;
use super::plots::{Plot, PlotGoal};
use super::purges::PurgeRecord;
use super::week::{ArrestCause, Day, Person, Week, gather, holders, write_back};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::{ChronicleKind, Line};
use crate::sim::RunInfo;
use crate::sim::forces::battles::{BattleReport, BattleSide, Combatant, Winner};
use crate::sim::forces::staging::forces_at;
use crate::sim::forces::staging::{BattlePlan, Staged, stage_battle};
use crate::sim::forces::under_way::{BattleCause, ended_this_tick};
use crate::sim::people::FigureStatus;
use crate::sim::politics::institutions::Office;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use rand::RngExt;

/// Odds in men (either way) at which the wavering change sides when a coup strikes.
pub(super) const DEFECT_ODDS: f32 = 3.0;
/// A figure wavers when his loyalty to the stronger side is within this of his own.
pub(super) const DEFECT_LOYALTY_GAP: f32 = 25.0;
/// The chance that a wavering figure goes over.
pub(super) const DEFECT_CHANCE: f64 = 0.6;

/// The units that follow `faction` near the capital (its region and its sites).
pub(super) fn forces_of(
    world: &mut World,
    day: &Day,
    faction: &str,
    capital: &[String],
) -> Vec<Combatant> {
    forces_at(world, faction, capital, |c| {
        day.get(c)
            .filter(|p| p.s.status.can_act())
            .and_then(|p| p.s.faction.as_ref().map(FactionId::to_string))
    })
}

/// A plot as it strikes: its faction and everyone in it.
pub(super) struct Strike {
    plot: String,
    organiser: String,
    goal: PlotGoal,
    faction: String,
    conspirators: Vec<String>,
}

pub(super) fn strike(
    world: &mut World,
    day: &mut Day,
    plot: &Plot,
    rng: &mut rand_chacha::ChaCha8Rng,
    record: &mut PurgeRecord,
    paranoia: &mut Paranoia,
) {
    let st = Strike {
        plot: plot.id.clone(),
        organiser: plot.organiser.to_string(),
        goal: plot.goal,
        faction: day
            .get(plot.organiser.as_str())
            .and_then(|p| p.s.faction.as_ref().map(FactionId::to_string))
            .unwrap_or_default(),
        conspirators: std::iter::once(plot.organiser.to_string())
            .chain(plot.members.iter().map(|m| m.to_string()))
            .collect(),
    };
    let success = match plot.goal {
        PlotGoal::RemoveLeader => Some(plenum(world, day, &st)),
        PlotGoal::Coup => storm(world, day, &st, rng, record),
    };
    match success {
        Some(true) => seize_power(world, day, &st, rng, record),
        Some(false) => fail(day, &st, record, paranoia),
        // The battle is under way: its end decides (`after_coup_battles`).
        None => {}
    }
}

/// A plenum: those hostile to the leader's camp vote with the plot.
fn plenum(world: &mut World, day: &mut Day, st: &Strike) -> bool {
    let data = world.resource::<LoadedScenario>().0.clone();
    let cc: Vec<FigureId> = plenum_seats(&data)
        .iter()
        .flat_map(|k| holders(world, k.as_str()))
        .collect();
    let intel = world
        .get_resource::<crate::sim::intel::Intel>()
        .cloned()
        .unwrap_or_default();
    let lean = |m: &str, f: &str| crate::sim::intel::influence::vote_lean(&intel, &data, m, f);
    let (mut yes, mut no) = (0, 0);
    // Those hostile to the leader's camp vote with the plot; debts and threats weigh.
    for m in cc.iter().filter(|m| day.free(m.as_str())) {
        let with_plot = day.loyalty(m.as_str(), &st.faction) + lean(m.as_str(), &st.faction);
        let with_leader =
            day.loyalty(m.as_str(), &day.leader_faction) + lean(m.as_str(), &day.leader_faction);
        if with_plot + 20.0 > with_leader || st.conspirators.iter().any(|c| m == c) {
            yes += 1;
        } else {
            no += 1;
        }
    }
    let (organiser, leader) = (day.name(&st.organiser), day.name(&day.leader));
    let (votes_yes, votes_no) = (yes.to_string(), no.to_string());
    day.note(
        Line::PlenumVote,
        &[
            ("organiser", &organiser),
            ("leader", &leader),
            ("yes", &votes_yes),
            ("no", &votes_no),
        ],
        st.conspirators.clone(),
    );
    yes > no
}

/// The offices whose holders sit in a plenum: the scenario's, or the Congress ballot's.
pub fn plenum_seats(data: &ScenarioData) -> Vec<OfficeId> {
    if data.scenario.plenum.is_empty() {
        data.scenario
            .congress
            .as_ref()
            .map(|c| c.ballot.clone())
            .unwrap_or_default()
    } else {
        data.scenario.plenum.clone()
    }
}

/// A coup: the wavering go over, and the units that follow each side fight for the
/// leader's residence. `None` while the battle is under way.
fn storm(
    world: &mut World,
    day: &mut Day,
    st: &Strike,
    rng: &mut rand_chacha::ChaCha8Rng,
    record: &mut PurgeRecord,
) -> Option<bool> {
    let data = world.resource::<LoadedScenario>().0.clone();
    record.coups += 1;
    let capital: Vec<String> = data.scenario.capital.clone();
    // As the balance shows, the wavering go over to the side that looks like
    // winning, and the units they command go with them.
    let men = |v: &[Combatant]| v.iter().map(|c| c.men as f32).sum::<f32>();
    let a0 = men(&forces_of(world, day, &st.faction, &capital));
    let d0 = men(&forces_of(
        world,
        day,
        &day.leader_faction.clone(),
        &capital,
    ));
    let odds = (a0 + 1.0) / (d0 + 1.0);
    let (from, to) = if odds >= DEFECT_ODDS {
        (day.leader_faction.clone(), st.faction.clone())
    } else if odds <= 1.0 / DEFECT_ODDS {
        (st.faction.clone(), day.leader_faction.clone())
    } else {
        (String::new(), String::new())
    };
    if !from.is_empty() {
        let wavering: Vec<String> = day
            .people
            .iter()
            .filter(|p| {
                p.s.status.can_act()
                    && p.id != day.leader
                    && p.id != st.organiser
                    && p.s.faction.as_ref().map(FactionId::as_str) == Some(from.as_str())
                    && day.loyalty(&p.id, &to) + DEFECT_LOYALTY_GAP >= day.loyalty(&p.id, &from)
            })
            .map(|p| p.id.clone())
            .collect();
        for id in wavering {
            if !rng.random_bool(DEFECT_CHANCE) {
                continue;
            }
            if let Some(p) = day.get_mut(&id) {
                p.s.faction = Some(to.as_str().into());
            }
            let side_name = data.faction(&to).map_or(to.as_str(), |f| f.name.as_str());
            let name = day.name(&id);
            match coup_site(&data) {
                Some(site) => day.note(
                    Line::GoesOverAsSiteFills,
                    &[
                        ("figure", &name),
                        ("faction", side_name),
                        ("site", &site.name),
                    ],
                    vec![id.clone()],
                ),
                None => day.note(
                    Line::GoesOver,
                    &[("figure", &name), ("faction", side_name)],
                    vec![id.clone()],
                ),
            }
        }
        // The units follow their commanders' new colours from the world's view.
        write_back(world, day);
    }
    let called = forces_of(world, day, &st.faction, &capital);
    let (attackers, turned, stayed) =
        super::regiments::march_or_stay(world, day, &st.conspirators, rng, called);
    record.coup_results.insert(
        st.plot.clone(),
        super::purges::CoupResult {
            date: day.date,
            took_power: false,
            stayed,
            turned: turned.iter().map(|u| u.id.clone()).collect(),
        },
    );
    let mut defenders = forces_of(world, day, &day.leader_faction.clone(), &capital);
    defenders.extend(turned);
    let site = coup_site(&data);
    // With no coup site in the scenario, the fight is for the capital itself.
    let site_id = site.map_or_else(|| "capital".to_string(), |s| s.id.clone());
    let plan = BattlePlan {
        id: format!("{}_{}", st.plot, site_id),
        // The site names its battle (sites.ron `battle`); without a coup site the
        // fight is for the capital, named by the chronicle's template.
        name: site
            .map(|s| s.battle.clone().unwrap_or_else(|| s.name.clone()))
            .unwrap_or_else(|| data.common.chronicle.sentence(Line::CapitalBattle, &[])),
        site: site_id,
        encircled: true,
        start_hour: 5,
        attacker: BattleSide {
            name: data
                .common
                .chronicle
                .sentence(Line::BattleSide, &[("figure", &day.name(&st.organiser))]),
            faction: st.faction.clone(),
            commanders: st.conspirators.iter().map(FigureId::from).collect(),
            units: attackers,
        },
        defender: BattleSide {
            name: data
                .common
                .chronicle
                .sentence(Line::BattleSide, &[("figure", &day.name(&day.leader))]),
            faction: day.leader_faction.clone(),
            commanders: vec![day.leader.clone().into()],
            units: defenders,
        },
    };
    let cause = BattleCause::Coup {
        plot: st.plot.clone(),
        organiser: st.organiser.clone(),
        faction: st.faction.clone(),
        conspirators: st.conspirators.clone(),
    };
    match stage_battle(world, plan, cause) {
        Staged::NoAttack => Some(false),
        Staged::Undefended => Some(true),
        Staged::Begun => None,
    }
}

/// The coups whose battles ended this tick: the battle's line in the chronicle, then the
/// plot seizes power or fails, on the world as it stands at the battle's end.
pub(crate) fn after_coup_battles(world: &mut World) {
    let ended: Vec<(Strike, BattleReport)> = ended_this_tick(world)
        .into_iter()
        .filter_map(|e| match e.cause {
            BattleCause::Coup {
                plot,
                organiser,
                faction,
                conspirators,
            } => Some((
                Strike {
                    plot,
                    organiser,
                    goal: PlotGoal::Coup,
                    faction,
                    conspirators,
                },
                e.report,
            )),
            BattleCause::Event { .. } => None,
        })
        .collect();
    if ended.is_empty() {
        return;
    }
    let Some(mut day) = gather(world) else { return };
    let data = world.resource::<LoadedScenario>().0.clone();
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let mut record = std::mem::take(&mut *world.resource_mut::<PurgeRecord>());
    let mut paranoia = std::mem::take(&mut *world.resource_mut::<Paranoia>());
    for (st, report) in ended {
        day.chronicle.push((
            ChronicleKind::Battle,
            report.summary_line(&data.common.chronicle),
            st.conspirators.clone(),
        ));
        if report.winner == Winner::Attacker {
            seize_power(world, &mut day, &st, &mut rng, &mut record);
        } else {
            fail(&mut day, &st, &mut record, &mut paranoia);
        }
    }
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    *world.resource_mut::<PurgeRecord>() = record;
    *world.resource_mut::<Paranoia>() = paranoia;
    write_back(world, &mut day);
}

/// The plot has won: the leader falls, his men are arrested, the plot's men take his
/// office, the police and the army.
fn seize_power(
    world: &mut World,
    day: &mut Day,
    st: &Strike,
    rng: &mut rand_chacha::ChaCha8Rng,
    record: &mut PurgeRecord,
) {
    note_result(day, st, record, true);
    let data = world.resource::<LoadedScenario>().0.clone();
    let head_office = world
        .resource::<RunInfo>()
        .leader_office
        .clone()
        .unwrap_or_default();
    let leader = day.leader.clone();
    let fate = if st.goal == PlotGoal::Coup {
        let r: f32 = rng.random();
        if r < 0.4 {
            FigureStatus::Suicide
        } else if r < 0.7 {
            FigureStatus::Killed
        } else {
            FigureStatus::Arrested
        }
    } else {
        FigureStatus::Arrested
    };
    if let Some(p) = day.get_mut(&leader) {
        p.s.status = fate;
    }
    if fate == FigureStatus::Arrested {
        record
            .awaiting_trial
            .insert(leader.clone().into(), day.date);
    }
    // The winners arrest the fallen leader's most powerful men.
    let power_of = |world: &mut World, id: &str| -> f32 {
        world
            .query::<&Office>()
            .iter(world)
            .filter(|o| o.holders.iter().any(|h| h == id))
            .map(|o| o.power)
            .sum()
    };
    let old_guard: Vec<String> = day
        .people
        .iter()
        .filter(|p| {
            p.s.status.can_act()
                && p.s.faction.as_ref().map(FactionId::as_str) == Some(day.leader_faction.as_str())
                && p.id != leader
        })
        .map(|p| p.id.clone())
        .collect();
    let mut ranked: Vec<(f32, String)> = old_guard
        .into_iter()
        .map(|id| (power_of(world, &id), id))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, id) in ranked.into_iter().take(4) {
        day.arrest(record, &id, Line::NewGovernmentArrests, &[]);
    }
    // The most popular free conspirator takes the leader's office.
    let heir = st
        .conspirators
        .iter()
        .filter(|c| day.free(c))
        .max_by(|a, b| {
            let pa = day.get(a).map_or(0.0, |p| p.s.popularity);
            let pb = day.get(b).map_or(0.0, |p| p.s.popularity);
            pa.total_cmp(&pb).then(b.cmp(a))
        });
    // The office goes to the heir if the leader held it; an ally holding it keeps it.
    let current = holders(world, head_office.as_str());
    let vacant_after = current
        .iter()
        .all(|h| h == &leader || !day.free(h.as_str()));
    if let Some(heir) = heir
        .cloned()
        .filter(|_| vacant_after && !head_office.as_str().is_empty())
    {
        let mut q = world.resource_mut::<crate::sim::commands::CommandQueue>();
        q.push(
            crate::sim::commands::Side::Plot,
            crate::sim::commands::SimCommand::Appoint {
                office: head_office.clone(),
                figure: heir.as_str().into(),
            },
        );
        let (leader_name, heir_name) = (day.name(&leader), day.name(&heir));
        day.note(
            Line::RulerFalls,
            &[
                ("leader", &leader_name),
                ("fate", fate.label()),
                ("heir", &heir_name),
            ],
            vec![leader, heir],
        );
    }
    // The winners take the police and the army: each head office goes to the
    // conspirator (or, failing one, the member of their st.faction) who knows that
    // work best.
    let heads: Vec<(String, bool)> = [(&data.scenario.police, false), (&data.scenario.army, true)]
        .into_iter()
        .filter_map(|(inst, military)| {
            let inst = inst.as_ref()?;
            let def = data.common.institutions.iter().find(|i| &i.id == inst)?;
            let head = def.offices.iter().find(|o| o.head)?;
            Some((format!("{}.{}", def.id, head.id), military))
        })
        .collect();
    for (office, military) in heads {
        let chief = holders(world, &office);
        let ours = chief.iter().any(|h| {
            day.free(h.as_str())
                && day.loyalty(h.as_str(), &st.faction)
                    > day.loyalty(h.as_str(), &day.leader_faction)
        });
        let skill = |p: &Person| if military { p.military } else { p.security };
        let best = day
            .people
            .iter()
            .filter(|p| {
                p.s.status.can_act()
                    && p.s.faction.as_ref().map(FactionId::as_str) == Some(st.faction.as_str())
                    && day.adult(&p.id)
            })
            .max_by(|a, b| {
                let bonus = |p: &Person| {
                    if st.conspirators.contains(&p.id) {
                        2.0
                    } else {
                        0.0
                    }
                };
                (skill(a) + bonus(a))
                    .total_cmp(&(skill(b) + bonus(b)))
                    .then(b.id.cmp(&a.id))
            })
            .map(|p| p.id.clone());
        if let (false, Some(best)) = (ours, best) {
            let mut q = world.resource_mut::<crate::sim::commands::CommandQueue>();
            // Those just arrested lose their posts anyway, with the other fallen.
            for h in chief.iter().filter(|h| day.free(h.as_str())) {
                q.push(
                    crate::sim::commands::Side::Plot,
                    crate::sim::commands::SimCommand::Dismiss {
                        office: office.as_str().into(),
                        figure: h.clone(),
                    },
                );
            }
            q.push(
                crate::sim::commands::Side::Plot,
                crate::sim::commands::SimCommand::Appoint {
                    office: office.as_str().into(),
                    figure: best.as_str().into(),
                },
            );
            let line = if military {
                Line::TakesArmy
            } else {
                Line::TakesPolice
            };
            let name = day.name(&best);
            day.note(line, &[("figure", &name)], vec![best]);
        }
    }
}

/// A coup's end in the record, for the reports (a plenum's is its vote in the chronicle).
fn note_result(day: &Day, st: &Strike, record: &mut PurgeRecord, took_power: bool) {
    if st.goal == PlotGoal::Coup {
        let result = record
            .coup_results
            .entry(st.plot.clone())
            .or_insert_with(|| super::purges::CoupResult {
                date: day.date,
                took_power,
                stayed: Vec::new(),
                turned: Vec::new(),
            });
        result.date = day.date;
        result.took_power = took_power;
    }
}

/// The plot has failed: the leader's fear grows and the plotters are arrested.
fn fail(day: &mut Day, st: &Strike, record: &mut PurgeRecord, paranoia: &mut Paranoia) {
    note_result(day, st, record, false);
    let why = day
        .data
        .common
        .chronicle
        .sentence(Line::FearStruckAndFailed, &[]);
    paranoia.add(day.date, why, 25.0);
    for c in &st.conspirators {
        day.arrests.push((c.clone(), ArrestCause::FailedAttempt));
    }
    let arrests = std::mem::take(&mut day.arrests);
    for (id, cause) in arrests {
        day.arrest_for(record, &id, &cause);
    }
}

/// The plots that completed this week strike. Exclusive: a coup reads the units and
/// the offices where it strikes, writes the defectors' colours back before the fight
/// so their units follow them, fights, and queues the new government's appointments.
pub(super) fn strike_plots(world: &mut World) {
    if world.resource::<Week>().strikes.is_empty() {
        return;
    }
    world.resource_scope(|world, mut week: Mut<Week>| {
        let week = &mut *week;
        let Some(day) = week.day.as_mut() else { return };
        let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
        let mut record = std::mem::take(&mut *world.resource_mut::<PurgeRecord>());
        let mut paranoia = std::mem::take(&mut *world.resource_mut::<Paranoia>());
        for i in std::mem::take(&mut week.strikes) {
            week.plots[i].1.state = crate::sim::intrigue::plots::PlotState::Struck;
            let plot = week.plots[i].1.clone();
            strike(world, day, &plot, &mut rng, &mut record, &mut paranoia);
        }
        *world.resource_mut::<RngStreams>().stream("plots") = rng;
        *world.resource_mut::<PurgeRecord>() = record;
        *world.resource_mut::<Paranoia>() = paranoia;
    });
}

/// The site the scenario's coups storm, if it names one.
fn coup_site(data: &ScenarioData) -> Option<&crate::scenario::SiteDef> {
    let id = data.scenario.coup_site.as_deref()?;
    data.common.sites.iter().find(|s| s.id == id)
}
