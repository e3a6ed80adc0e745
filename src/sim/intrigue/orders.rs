//! The player's orders about arrests, plots and units, checked against the rules.

use super::paranoia::Suspicion;
use super::plots::{Plot, PlotGoal, recruit};
use super::police::police_controller;
use super::purges::PurgeRecord;
use super::week::{Day, gather, side_faction, write_back};
use crate::scenario::chronicle::Line;
use crate::sim::calendar::Calendar;
use crate::sim::forces::units::{Unit, UnitState, follows};
use crate::sim::people::FigureStatus;
use crate::sim::politics::institutions::Institution;
use crate::sim::spawn::SimEntity;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Carries out the player's orders about arrests and plots, or logs why not.
pub fn apply_plot_orders(world: &mut World) {
    let orders = std::mem::take(&mut world.resource_mut::<crate::sim::commands::PlotOrders>().0);
    if orders.is_empty() {
        return;
    }
    let Some(mut day) = gather(world) else { return };
    let mut record = world.resource::<PurgeRecord>().clone();
    let tick = world.resource::<Calendar>().ticks;
    for (side, cmd) in orders {
        let faction = side_faction(world, &side);
        let result: Result<(), String> = match &cmd {
            crate::sim::commands::SimCommand::Arrest { figure } => {
                arrest(world, &mut day, &mut record, &side, faction.clone(), figure)
            }
            crate::sim::commands::SimCommand::StartPlot { organiser, goal } => start_plot(
                world,
                &mut day,
                &mut record,
                faction.clone(),
                organiser,
                goal,
            ),
            crate::sim::commands::SimCommand::StrikePlot { plot } => {
                strike_plot(world, &mut day, faction.clone(), plot)
            }
            crate::sim::commands::SimCommand::Recruit { plot, figure } => recruit(
                world,
                &mut day,
                &mut record,
                faction.as_deref(),
                plot,
                figure,
            ),
            crate::sim::commands::SimCommand::Denounce { figure } => {
                denounce(world, &mut day, &mut record, &side, figure)
            }
            crate::sim::commands::SimCommand::Pardon { figure } => {
                pardon(world, &mut day, &mut record, faction.clone(), figure)
            }
            crate::sim::commands::SimCommand::MoveUnit { unit, to } => {
                match unit_follows(world, &day, unit, faction.as_deref()) {
                    Err(e) => Err(e),
                    Ok(()) => {
                        crate::sim::forces::movement::order_march(world, unit, to).map(|_| ())
                    }
                }
            }
            crate::sim::commands::SimCommand::StandDown { unit } => {
                match unit_follows(world, &day, unit, faction.as_deref()) {
                    Err(e) => Err(e),
                    Ok(()) => {
                        let mut q = world.query::<(&Unit, &mut UnitState)>();
                        for (u, mut s) in q.iter_mut(world) {
                            if &u.id == unit {
                                s.march = None;
                                s.morale = s.morale.min(STOOD_DOWN_MORALE);
                            }
                        }
                        Ok(())
                    }
                }
            }
            _ => Err("not a plot order".into()),
        };
        world
            .resource_mut::<crate::sim::commands::CommandLog>()
            .entries
            .push(crate::sim::commands::LoggedCommand {
                tick,
                side,
                command: cmd,
                rejected: result.err(),
            });
    }
    write_back(world, &mut day);
    world.insert_resource(record);
}

/// How much a denunciation adds to the leader's suspicion of its target.
pub(super) const DENOUNCE_SUSPICION: f32 = 30.0;
/// A stood-down unit's morale, at most: back in barracks, out of the fight.
pub(super) const STOOD_DOWN_MORALE: f32 = 0.5;

/// Whether `unit` follows `faction` now (its commander's faction, or its institution's).
pub(super) fn unit_follows(
    world: &mut World,
    day: &Day,
    unit: &str,
    faction: Option<&str>,
) -> Result<(), String> {
    let Some(faction) = faction else {
        return Err("no faction to give orders".into());
    };
    let controllers: BTreeMap<String, Option<String>> = world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect();
    let mut q = world.query::<(&Unit, &UnitState)>();
    let (u, s) = q
        .iter(world)
        .find(|(u, _)| u.id == unit)
        .ok_or_else(|| format!("no unit `{unit}`"))?;
    let followed = follows(
        s,
        u,
        |c| {
            day.get(c)
                .filter(|p| p.s.status.can_act())
                .and_then(|p| p.s.faction.clone())
        },
        |i| controllers.get(i).cloned().flatten(),
    );
    if followed.as_deref() == Some(faction) {
        Ok(())
    } else {
        Err(format!("`{unit}` does not follow your faction"))
    }
}

/// The player orders the police to arrest a figure.
fn arrest(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    side: &str,
    faction: Option<String>,
    figure: &str,
) -> Result<(), String> {
    let police = police_controller(world);
    if faction.is_none() || police != faction {
        Err("your faction does not control the security police".into())
    } else if !day.free(figure) {
        Err(format!("`{figure}` is not free"))
    } else if !day.adult(figure) {
        Err(format!("`{figure}` is a child"))
    } else {
        day.arrest(record, figure, Line::ArrestOnOrders, &[("side", side)]);
        Ok(())
    }
}

/// The player starts a plot, organised by a figure of his faction.
fn start_plot(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    faction: Option<String>,
    organiser: &String,
    goal: &str,
) -> Result<(), String> {
    let goal = match goal {
        "remove_leader" => Some(PlotGoal::RemoveLeader),
        "coup" => Some(PlotGoal::Coup),
        _ => None,
    };
    let busy = world.query::<&Plot>().iter(world).any(|p| {
        p.state == "active" && (p.organiser == *organiser || p.members.contains(organiser))
    });
    let theirs = day.get(organiser).and_then(|p| p.s.faction.clone());
    match goal {
        None => Err("the goal must be remove_leader or coup".into()),
        Some(_) if !day.free(organiser) || !day.adult(organiser) => {
            Err(format!("`{organiser}` cannot organise anything now"))
        }
        Some(_) if theirs.is_none() || theirs != faction => {
            Err(format!("`{organiser}` is not of your faction"))
        }
        Some(_) if busy => Err(format!("`{organiser}` is already in a plot")),
        Some(g) => {
            record.plots_formed += 1;
            let plot = Plot {
                id: format!("plot_{}", record.plots_formed),
                goal: g,
                organiser: organiser.clone(),
                members: Vec::new(),
                secrecy: 0.9,
                progress: 0.0,
                exposure: 0.0,
                started: day.date,
                state: "active".into(),
            };
            world.spawn((SimEntity, plot));
            Ok(())
        }
    }
}

/// The player orders his plot to strike at its next weekly move.
fn strike_plot(
    world: &mut World,
    day: &mut Day,
    faction: Option<String>,
    plot: &str,
) -> Result<(), String> {
    let mut q = world.query::<&mut Plot>();
    let found = q.iter_mut(world).find(|p| p.id == *plot);
    match found {
        None => Err(format!("no plot `{plot}`")),
        Some(p) if p.state != "active" => Err(format!("plot `{plot}` is {}", p.state)),
        Some(mut p) => {
            let theirs = day.get(&p.organiser).and_then(|x| x.s.faction.clone());
            if theirs.is_none() || theirs != faction {
                Err(format!("plot `{plot}` is not your faction's"))
            } else {
                // It strikes at the plots' next weekly move.
                p.progress = 100.0;
                Ok(())
            }
        }
    }
}

/// An informer of the player denounces a figure.
fn denounce(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    side: &str,
    figure: &String,
) -> Result<(), String> {
    if !day.free(figure) {
        Err(format!("`{figure}` is not free"))
    } else {
        let mut suspicion = world.resource::<Suspicion>().clone();
        let v = suspicion.0.entry(figure.clone()).or_default();
        *v = (*v + DENOUNCE_SUSPICION).min(100.0);
        world.insert_resource(suspicion);
        let mut q = world.query::<&mut Plot>();
        for mut p in q.iter_mut(world) {
            if p.state == "active" && (p.organiser == *figure || p.members.contains(figure)) {
                p.exposure = (p.exposure + 0.3).min(1.0);
            }
        }
        record.denunciations += 1;
        let name = day.name(figure);
        day.note(
            Line::Informer,
            &[("figure", &name), ("side", side)],
            vec![figure.clone()],
        );
        Ok(())
    }
}

/// The player, ruling or holding the police, pardons a prisoner.
fn pardon(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    faction: Option<String>,
    figure: &String,
) -> Result<(), String> {
    let rules = faction.is_some() && faction.as_deref() == Some(day.leader_faction.as_str());
    let police = police_controller(world);
    let status = day.get(figure).map(|p| p.s.status);
    if faction.is_none() || (police != faction && !rules) {
        Err("your faction neither controls the police nor rules".into())
    } else if !status.is_some_and(|s| {
        matches!(
            s,
            FigureStatus::Arrested | FigureStatus::Imprisoned | FigureStatus::Exiled
        )
    }) {
        Err(format!(
            "`{figure}` is not in the cells, the camps or exile"
        ))
    } else {
        if let Some(p) = day.get_mut(figure) {
            p.s.status = FigureStatus::Free;
        }
        record.awaiting_trial.remove(figure);
        record.released += 1;
        let name = day.name(figure);
        day.note(Line::Pardoned, &[("figure", &name)], vec![figure.clone()]);
        Ok(())
    }
}
