//! The orders intrigue owns: arrests, plots, recruiting, denunciations and pardons,
//! checked against the rules and answered with their outcome.

use super::paranoia::Suspicion;
use super::plots::{Plot, PlotGoal, PlotState, recruit};
use super::police::police_controller;
use super::purges::PurgeRecord;
use super::week::{Day, gather, side_faction, write_back};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::sim::commands::{Order, take_orders};
use crate::sim::people::FigureStatus;
use crate::sim::spawn::SimEntity;
use bevy::ecs::message::Messages;
use bevy::prelude::*;

/// An order about the police or a plot.
#[derive(Clone, Debug, PartialEq)]
pub enum PlotOrder {
    Arrest {
        figure: FigureId,
    },
    /// `goal` is `None` for a goal the rules do not know: refused.
    StartPlot {
        organiser: FigureId,
        goal: Option<PlotGoal>,
    },
    StrikePlot {
        plot: String,
    },
    Recruit {
        plot: String,
        figure: FigureId,
    },
    Denounce {
        figure: FigureId,
    },
    Pardon {
        figure: FigureId,
    },
}

impl PlotGoal {
    /// The goal a command names: "remove_leader" or "coup".
    pub fn from_key(key: &str) -> Option<PlotGoal> {
        match key {
            "remove_leader" => Some(PlotGoal::RemoveLeader),
            "coup" => Some(PlotGoal::Coup),
            _ => None,
        }
    }
}

/// Carries out the orders about arrests and plots, or says why not. Exclusive: the
/// orders work on the week's view of everyone, gathered once and written back once.
pub fn apply_plot_orders(world: &mut World) {
    let orders = take_orders(&mut world.resource_mut::<Messages<Order<PlotOrder>>>());
    if orders.is_empty() {
        return;
    }
    let Some(mut day) = gather(world) else { return };
    let mut record = world.resource::<PurgeRecord>().clone();
    for order in orders {
        let side = order.side.as_str();
        let faction = side_faction(world, side);
        let result = match &order.order {
            PlotOrder::Arrest { figure } => {
                arrest(world, &mut day, &mut record, side, faction, figure.as_str())
            }
            PlotOrder::StartPlot { organiser, goal } => start_plot(
                world,
                &mut day,
                &mut record,
                faction,
                &organiser.to_string(),
                *goal,
            ),
            PlotOrder::StrikePlot { plot } => strike_plot(world, &mut day, faction, plot),
            PlotOrder::Recruit { plot, figure } => recruit(
                world,
                &mut day,
                &mut record,
                faction.as_deref(),
                plot,
                figure.as_str(),
            ),
            PlotOrder::Denounce { figure } => denounce(
                world,
                &mut day,
                &mut record,
                side,
                faction,
                &figure.to_string(),
            ),
            PlotOrder::Pardon { figure } => {
                pardon(world, &mut day, &mut record, faction, &figure.to_string())
            }
        };
        world.write_message(order.outcome(result));
    }
    write_back(world, &mut day);
    world.insert_resource(record);
}

/// How much a denunciation adds to the leader's suspicion of its target.
pub(super) const DENOUNCE_SUSPICION: f32 = 30.0;

/// Why the police refuse an arrest ordered by a side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrestRefusal {
    NotYourPolice,
    NotFree,
    Child,
}

impl ArrestRefusal {
    /// The reason in words, naming the figure as `who`.
    pub fn reason(self, who: &str) -> String {
        match self {
            ArrestRefusal::NotYourPolice => {
                "your faction does not control the security police".into()
            }
            ArrestRefusal::NotFree => format!("{who} is not free"),
            ArrestRefusal::Child => format!("{who} is a child"),
        }
    }
}

/// The check an arrest order meets, in its order: the side's faction must control the
/// police, and the figure be free and grown. The figure card asks the same.
pub fn arrest_refusal(
    police: Option<&str>,
    faction: Option<&str>,
    free: bool,
    adult: bool,
) -> Option<ArrestRefusal> {
    if faction.is_none() || police != faction {
        Some(ArrestRefusal::NotYourPolice)
    } else if !free {
        Some(ArrestRefusal::NotFree)
    } else if !adult {
        Some(ArrestRefusal::Child)
    } else {
        None
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
    let refusal = arrest_refusal(
        police.as_deref(),
        faction.as_deref(),
        day.free(figure),
        day.adult(figure),
    );
    if let Some(r) = refusal {
        Err(r.reason(&format!("`{figure}`")))
    } else {
        day.arrest(record, figure, Line::ArrestOnOrders, &[("side", side)]);
        Ok(())
    }
}

/// Why the rules refuse a plot ordered by a side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlotRefusal {
    CannotAct,
    NotYourMan,
    OwnLeader,
    Busy,
}

impl PlotRefusal {
    /// The reason in words, naming the organiser as `who`.
    pub fn reason(self, who: &str) -> String {
        match self {
            PlotRefusal::CannotAct => format!("{who} cannot organise anything now"),
            PlotRefusal::NotYourMan => format!("{who} is not of your faction"),
            PlotRefusal::OwnLeader => {
                "the leader is your own faction's: there is no one above you to remove".into()
            }
            PlotRefusal::Busy => format!("{who} is already in a plot"),
        }
    }
}

/// The check a new plot meets, in its order: the organiser is free and grown, of the
/// side's faction, that faction is not the leader's own, and he is in no plot yet. The
/// figure card asks the same.
pub fn plot_refusal(
    able: bool,
    theirs: Option<&str>,
    faction: Option<&str>,
    leader_faction: Option<&str>,
    busy: bool,
) -> Option<PlotRefusal> {
    if !able {
        Some(PlotRefusal::CannotAct)
    } else if theirs.is_none() || theirs != faction {
        Some(PlotRefusal::NotYourMan)
    } else if faction == leader_faction {
        Some(PlotRefusal::OwnLeader)
    } else if busy {
        Some(PlotRefusal::Busy)
    } else {
        None
    }
}

/// The player starts a plot, organised by a figure of his faction.
fn start_plot(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    faction: Option<String>,
    organiser: &String,
    goal: Option<PlotGoal>,
) -> Result<(), String> {
    let busy = world.query::<&Plot>().iter(world).any(|p| {
        p.state == PlotState::Active
            && (p.organiser == *organiser || p.members.iter().any(|m| m == organiser))
    });
    let theirs = day.get(organiser).and_then(|p| p.s.faction.clone());
    let refusal = plot_refusal(
        day.free(organiser) && day.adult(organiser),
        theirs.as_ref().map(FactionId::as_str),
        faction.as_deref(),
        Some(day.leader_faction.as_str()),
        busy,
    );
    match (goal, refusal) {
        (None, _) => Err("the goal must be remove_leader or coup".into()),
        (Some(_), Some(r)) => Err(r.reason(&format!("`{organiser}`"))),
        (Some(g), None) => {
            record.plots_formed += 1;
            let plot = Plot {
                id: format!("plot_{}", record.plots_formed),
                goal: g,
                organiser: organiser.clone().into(),
                members: Vec::new(),
                secrecy: 0.9,
                progress: 0.0,
                exposure: 0.0,
                started: day.date,
                state: PlotState::Active,
                public: false,
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
        Some(p) if p.state != PlotState::Active => Err(format!("plot `{plot}` is {}", p.state)),
        Some(mut p) => {
            let theirs = day
                .get(p.organiser.as_str())
                .and_then(|x| x.s.faction.clone());
            if theirs.is_none() || theirs.as_ref().map(FactionId::as_str) != faction.as_deref() {
                Err(format!("plot `{plot}` is not your faction's"))
            } else {
                // It strikes at the plots' next weekly move.
                p.progress = 100.0;
                Ok(())
            }
        }
    }
}

/// Makes an active plot strike at once, outside the plots' weekly move: a plenum
/// called before its plotters have their votes. It strikes by the one rule every plot
/// strikes by (`coups::strike`). False when no such plot is active.
pub(crate) fn strike_at_once(world: &mut World, plot: &str) -> bool {
    let mut q = world.query::<&mut Plot>();
    let Some(mut found) = q
        .iter_mut(world)
        .find(|p| p.id == plot && p.state == PlotState::Active)
    else {
        return false;
    };
    found.state = PlotState::Struck;
    let struck = found.clone();
    let Some(mut day) = gather(world) else {
        return false;
    };
    let mut rng = world
        .resource_mut::<crate::sim::rng::RngStreams>()
        .stream("plots")
        .clone();
    let mut record = std::mem::take(&mut *world.resource_mut::<PurgeRecord>());
    let mut paranoia = std::mem::take(&mut *world.resource_mut::<super::paranoia::Paranoia>());
    super::coups::strike(
        world,
        &mut day,
        &struck,
        &mut rng,
        &mut record,
        &mut paranoia,
    );
    *world
        .resource_mut::<crate::sim::rng::RngStreams>()
        .stream("plots") = rng;
    *world.resource_mut::<PurgeRecord>() = record;
    *world.resource_mut::<super::paranoia::Paranoia>() = paranoia;
    write_back(world, &mut day);
    true
}

/// Why the rules refuse a denunciation ordered by a side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenounceRefusal {
    NotFree,
    OwnMan,
}

impl DenounceRefusal {
    /// The reason in words, naming the figure as `who`.
    pub fn reason(self, who: &str) -> String {
        match self {
            DenounceRefusal::NotFree => format!("{who} is not free"),
            DenounceRefusal::OwnMan => format!("{who} is one of your own faction"),
        }
    }
}

/// The check a denunciation meets, in its order: the figure is free, and not of the
/// side's own faction. The figure card asks the same.
pub fn denounce_refusal(
    free: bool,
    theirs: Option<&str>,
    faction: Option<&str>,
) -> Option<DenounceRefusal> {
    if !free {
        Some(DenounceRefusal::NotFree)
    } else if faction.is_some() && theirs == faction {
        Some(DenounceRefusal::OwnMan)
    } else {
        None
    }
}

/// An informer of the player denounces a figure.
fn denounce(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    side: &str,
    faction: Option<String>,
    figure: &String,
) -> Result<(), String> {
    let theirs = day.get(figure).and_then(|p| p.s.faction.clone());
    if let Some(r) = denounce_refusal(
        day.free(figure),
        theirs.as_ref().map(FactionId::as_str),
        faction.as_deref(),
    ) {
        Err(r.reason(&format!("`{figure}`")))
    } else {
        let mut suspicion = world.resource::<Suspicion>().clone();
        let v = suspicion.0.entry(figure.clone()).or_default();
        *v = (*v + DENOUNCE_SUSPICION).min(100.0);
        world.insert_resource(suspicion);
        let mut q = world.query::<&mut Plot>();
        for mut p in q.iter_mut(world) {
            if p.state == PlotState::Active
                && (p.organiser == *figure || p.members.iter().any(|m| m == figure))
            {
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

/// Why a pardon ordered by a side is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PardonRefusal {
    NoAuthority,
    NotJailed,
}

impl PardonRefusal {
    /// The reason in words, naming the figure as `who`.
    pub fn reason(self, who: &str) -> String {
        match self {
            PardonRefusal::NoAuthority => {
                "your faction neither controls the police nor rules".into()
            }
            PardonRefusal::NotJailed => format!("{who} is not in the cells, the camps or exile"),
        }
    }
}

/// The check a pardon order meets, in its order: the side's faction controls the police
/// or is the leader's (`ruling`), and the figure is arrested, imprisoned or exiled. The
/// figure card asks the same.
pub fn pardon_refusal(
    police: Option<&str>,
    faction: Option<&str>,
    ruling: Option<&str>,
    status: Option<FigureStatus>,
) -> Option<PardonRefusal> {
    let rules = faction.is_some() && faction == ruling;
    let jailed = status.is_some_and(|s| {
        matches!(
            s,
            FigureStatus::Arrested | FigureStatus::Imprisoned | FigureStatus::Exiled
        )
    });
    if faction.is_none() || (police != faction && !rules) {
        Some(PardonRefusal::NoAuthority)
    } else if !jailed {
        Some(PardonRefusal::NotJailed)
    } else {
        None
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
    let police = police_controller(world);
    let refusal = pardon_refusal(
        police.as_deref(),
        faction.as_deref(),
        Some(day.leader_faction.as_str()),
        day.get(figure).map(|p| p.s.status),
    );
    if let Some(r) = refusal {
        Err(r.reason(&format!("`{figure}`")))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrest_is_refused_for_the_first_check_it_fails() {
        let police = Some("blue");
        assert_eq!(
            arrest_refusal(police, Some("red"), false, false),
            Some(ArrestRefusal::NotYourPolice)
        );
        assert_eq!(
            arrest_refusal(None, None, true, true),
            Some(ArrestRefusal::NotYourPolice)
        );
        assert_eq!(
            arrest_refusal(police, Some("blue"), false, false),
            Some(ArrestRefusal::NotFree)
        );
        assert_eq!(
            arrest_refusal(police, Some("blue"), true, false),
            Some(ArrestRefusal::Child)
        );
        assert_eq!(arrest_refusal(police, Some("blue"), true, true), None);
    }

    #[test]
    fn a_pardon_needs_the_police_or_the_rule_and_a_prisoner() {
        let jailed = Some(FigureStatus::Imprisoned);
        // Neither the police nor the rule.
        assert_eq!(
            pardon_refusal(Some("blue"), Some("red"), Some("green"), jailed),
            Some(PardonRefusal::NoAuthority)
        );
        // The ruling faction may pardon without the police, and the police's without the rule.
        assert_eq!(
            pardon_refusal(Some("blue"), Some("red"), Some("red"), jailed),
            None
        );
        assert_eq!(pardon_refusal(Some("red"), Some("red"), None, jailed), None);
        assert_eq!(
            pardon_refusal(Some("red"), Some("red"), None, Some(FigureStatus::Free)),
            Some(PardonRefusal::NotJailed)
        );
        assert_eq!(
            pardon_refusal(None, None, None, jailed),
            Some(PardonRefusal::NoAuthority)
        );
    }
}
