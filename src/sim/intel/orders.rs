//! The counter-moves a side buys with its favours and what it knows: exposing a plot in
//! the press, winning a man over, digging up and using compromising material, placing an
//! informer, sending one's own man to ground. Each is checked here, its cost and odds
//! the same numbers the panels show.

use super::{Intel, SideIntel};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::commands::{Order, take_orders};
use crate::sim::intrigue::paranoia::{Paranoia, Suspicion};
use crate::sim::intrigue::plots::{Plot, PlotState};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::message::Messages;
use bevy::prelude::*;
use rand::RngExt;

/// An order about what a side knows and whom it holds.
#[derive(Clone, Debug, PartialEq)]
pub enum IntelOrder {
    ExposePlot {
        plot: String,
    },
    WinOver {
        figure: FigureId,
    },
    GatherKompromat {
        figure: FigureId,
    },
    Blackmail {
        figure: FigureId,
    },
    PlaceInformer {
        figure: FigureId,
    },
    LieLow {
        figure: FigureId,
    },
    /// One's own man tries to flee abroad (see `flight`).
    Flee {
        figure: FigureId,
    },
    /// The ruling side calls the plenum a plot is whipping (see `plenum`).
    CallPlenum {
        plot: String,
    },
}

/// The most informers a side keeps at once.
pub const MAX_INFORMERS: usize = 5;

impl IntelOrder {
    /// Favours the move costs.
    pub fn cost(&self) -> u32 {
        match self {
            IntelOrder::ExposePlot { .. } => 2,
            IntelOrder::WinOver { .. }
            | IntelOrder::GatherKompromat { .. }
            | IntelOrder::PlaceInformer { .. }
            | IntelOrder::Flee { .. } => 1,
            IntelOrder::Blackmail { .. }
            | IntelOrder::LieLow { .. }
            | IntelOrder::CallPlenum { .. } => 0,
        }
    }
}

/// The chance that a move works for a side of intelligence `i`, with the figure's
/// loyalty to the side (for winning him over). A flight's odds are the world's, not
/// the side's: see `flight::flight_odds`.
pub fn move_odds(order: &IntelOrder, i: f32, loyalty: f32) -> f32 {
    match order {
        // Believed if the side's file is good: real plots only (a rumour never sticks).
        IntelOrder::ExposePlot { .. } => 0.55 + 0.4 * i,
        IntelOrder::WinOver { .. } => (0.75 + loyalty / 200.0).clamp(0.1, 0.95),
        IntelOrder::GatherKompromat { .. } => 0.3 + 0.6 * i,
        IntelOrder::PlaceInformer { .. } => 0.4 + 0.5 * i,
        IntelOrder::Blackmail { .. }
        | IntelOrder::LieLow { .. }
        | IntelOrder::Flee { .. }
        | IntelOrder::CallPlenum { .. } => 1.0,
    }
}

/// Loyalty a favour buys.
pub const WIN_OVER_LOYALTY: f32 = 15.0;
/// Loyalty blackmail forces.
pub const BLACKMAIL_LOYALTY: f32 = 30.0;

/// What a move needs before it is tried, or why it cannot be: its favours first,
/// then its means (`means_refusal`).
pub fn refusal(
    order: &IntelOrder,
    side: &SideIntel,
    faction: &str,
    target: Option<&Standing>,
    plot_known: bool,
    holds_office: bool,
) -> Option<String> {
    cost_refusal(order, side)
        .or_else(|| means_refusal(order, side, faction, target, plot_known, holds_office))
}

/// Why the side cannot pay for the move, if it cannot: favours come monthly.
pub fn cost_refusal(order: &IntelOrder, side: &SideIntel) -> Option<String> {
    if side.favours >= order.cost() {
        return None;
    }
    let cost = match order.cost() {
        1 => "a favour".to_string(),
        n => format!("{n} favours"),
    };
    Some(format!(
        "it costs {cost} and your side has {}; favours come on the first of each month",
        side.favours
    ))
}

/// Why the move cannot be made whatever the favours: the man, the plot, the side's
/// files and informers.
pub fn means_refusal(
    order: &IntelOrder,
    side: &SideIntel,
    faction: &str,
    target: Option<&Standing>,
    plot_known: bool,
    holds_office: bool,
) -> Option<String> {
    let free = target.is_some_and(|s| s.status.can_act());
    let ours = target.is_some_and(|s| s.faction.as_ref().map(FactionId::as_str) == Some(faction));
    match order {
        IntelOrder::ExposePlot { plot } if !plot_known => {
            Some(format!("your side knows of no plot `{plot}`"))
        }
        IntelOrder::ExposePlot { .. } => None,
        // Checked against the warning and the plenum itself: `plenum::call_refusal`.
        IntelOrder::CallPlenum { .. } => None,
        _ if !free => Some("he is not free".into()),
        IntelOrder::LieLow { .. } if !ours => Some("he is not one of your men".into()),
        IntelOrder::LieLow { .. } if !holds_office => Some("he holds no post to give up".into()),
        IntelOrder::LieLow { .. } => None,
        IntelOrder::Flee { .. } if !ours => Some("he is not one of your men".into()),
        IntelOrder::Flee { .. } => None,
        _ if ours => Some("he is one of your own men".into()),
        IntelOrder::Blackmail { figure } if !side.kompromat.contains(figure.as_str()) => {
            Some("your side holds nothing on him".into())
        }
        IntelOrder::PlaceInformer { figure } if side.informers.contains(figure.as_str()) => {
            Some("your side already has an informer close to him".into())
        }
        IntelOrder::PlaceInformer { .. } if side.informers.len() >= MAX_INFORMERS => Some(format!(
            "your side runs {MAX_INFORMERS} informers already; no more can be kept"
        )),
        IntelOrder::GatherKompromat { figure } if side.kompromat.contains(figure.as_str()) => {
            Some("your side already holds a file on him".into())
        }
        _ => None,
    }
}

/// Carries out the tick's intelligence orders. Exclusive: a move touches the figures,
/// the plots, the offices and the side's own ledger at once.
pub fn carry_out_intel_orders(world: &mut World) {
    let orders = take_orders(&mut world.resource_mut::<Messages<Order<IntelOrder>>>());
    for order in orders {
        let result = carry_out(world, order.side.as_str(), &order.order);
        world.write_message(order.outcome(result));
    }
}

fn carry_out(world: &mut World, side: &str, order: &IntelOrder) -> Result<(), String> {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return Err("no scenario".into());
    };
    let Some(faction) = data.side(side).map(|s| s.faction.clone()) else {
        return Err(format!("`{side}` is not a side of this scenario"));
    };
    if let IntelOrder::CallPlenum { plot } = order {
        return super::plenum::call(world, &data, side, plot);
    }
    let figure = match order {
        IntelOrder::ExposePlot { .. } | IntelOrder::CallPlenum { .. } => None,
        IntelOrder::WinOver { figure }
        | IntelOrder::GatherKompromat { figure }
        | IntelOrder::Blackmail { figure }
        | IntelOrder::PlaceInformer { figure }
        | IntelOrder::LieLow { figure }
        | IntelOrder::Flee { figure } => Some(figure.clone()),
    };
    let entity = figure
        .as_ref()
        .and_then(|f| world.resource::<crate::sim::Ids>().figures.get(f).copied());
    if figure.is_some() && entity.is_none() {
        return Err(format!("no figure `{}`", figure.unwrap_or_default()));
    }
    let target = entity.and_then(|e| world.get::<Standing>(e).cloned());
    let known = world
        .resource::<Intel>()
        .side(side)
        .cloned()
        .unwrap_or_default();
    let plot_known = match order {
        IntelOrder::ExposePlot { plot } => known.knows_plot(plot),
        _ => false,
    };
    let holds_office = figure.as_ref().is_some_and(|f| {
        world
            .query::<&Office>()
            .iter(world)
            .any(|o| o.holders.iter().any(|h| f == h))
    });
    // Taken this very day by an order carried out before this one (his own side's
    // arrest, or another side's): the move was overtaken, not refused.
    let today = world.resource::<Calendar>().date;
    let taken_today = figure.as_ref().is_some_and(|f| {
        target.as_ref().is_some_and(|s| !s.status.can_act())
            && world
                .resource::<PurgeRecord>()
                .arrested_on(f.as_str(), today)
    });
    if taken_today {
        let who = figure.as_ref().map(FigureId::as_str).unwrap_or_default();
        let n = world
            .resource::<crate::sim::Ids>()
            .figures
            .get(who)
            .and_then(|e| world.get::<Figure>(*e))
            .map_or_else(|| who.to_string(), |f| f.name.clone());
        report(
            world,
            side,
            format!("Too late: {n} was taken before the move was made."),
        );
        return Ok(());
    }
    if let Some(r) = refusal(
        order,
        &known,
        faction.as_str(),
        target.as_ref(),
        plot_known,
        holds_office,
    ) {
        return Err(r);
    }
    let loyalty = target.as_ref().map_or(0.0, |s| {
        s.loyalty.get(faction.as_str()).copied().unwrap_or(0.0)
    });
    let odds = match order {
        IntelOrder::Flee { figure } => {
            let factors = super::flight::flight_factors(world, figure.as_str(), faction.as_str());
            super::flight::flight_odds(factors, &data.common.chronicle).total
        }
        _ => move_odds(order, known.intelligence, loyalty),
    };
    let roll = world
        .resource_mut::<RngStreams>()
        .stream("intel")
        .random::<f32>();
    let works = roll < odds;
    world.resource_mut::<Intel>().side_mut(side).favours -= order.cost();
    let side_name = data.side(side).map_or(side.to_string(), |s| s.name.clone());
    let name = |world: &World, id: &str| {
        world
            .resource::<crate::sim::Ids>()
            .figures
            .get(id)
            .and_then(|e| world.get::<Figure>(*e))
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    match order {
        IntelOrder::ExposePlot { plot } => {
            expose(world, side, faction.as_str(), plot, works, &side_name)?;
        }
        IntelOrder::WinOver { figure } => {
            let Some(e) = entity else {
                return Err("no such figure".into());
            };
            if !works {
                let n = name(world, figure.as_str());
                report(
                    world,
                    side,
                    format!("{n} takes the favour and promises nothing."),
                );
                return Ok(());
            }
            if let Some(mut s) = world.get_mut::<Standing>(e) {
                let l = s.loyalty.entry(faction).or_default();
                *l = (*l + WIN_OVER_LOYALTY).min(100.0);
            }
            *world
                .resource_mut::<Intel>()
                .side_mut(side)
                .owed
                .entry(figure.to_string())
                .or_default() += 1;
            let n = name(world, figure.as_str());
            note(
                world,
                Line::WonOver,
                &[("figure", &n), ("side", &side_name)],
                figure.as_str(),
            );
        }
        IntelOrder::GatherKompromat { figure } => {
            let n = name(world, figure.as_str());
            if !works {
                report(world, side, format!("The file on {n} comes back empty."));
                return Ok(());
            }
            world
                .resource_mut::<Intel>()
                .side_mut(side)
                .kompromat
                .insert(figure.to_string());
            report(
                world,
                side,
                format!("A file on {n}: enough to make him listen."),
            );
        }
        IntelOrder::Blackmail { figure } => {
            let Some(e) = entity else {
                return Err("no such figure".into());
            };
            if let Some(mut s) = world.get_mut::<Standing>(e) {
                let l = s.loyalty.entry(faction).or_default();
                *l = (*l + BLACKMAIL_LOYALTY).min(100.0);
                s.fear = (s.fear + 15.0).min(100.0);
            }
            let mut intel = world.resource_mut::<Intel>();
            let s = intel.side_mut(side);
            s.kompromat.remove(figure.as_str());
            s.threatened.insert(figure.to_string());
            let n = name(world, figure.as_str());
            note(
                world,
                Line::Blackmailed,
                &[("figure", &n), ("side", &side_name)],
                figure.as_str(),
            );
        }
        IntelOrder::PlaceInformer { figure } => {
            let Some(e) = entity else {
                return Err("no such figure".into());
            };
            if !works {
                // Found out: he knows who sent the man.
                if let Some(mut s) = world.get_mut::<Standing>(e) {
                    let l = s.loyalty.entry(faction).or_default();
                    *l = (*l - 10.0).max(-100.0);
                }
                let n = name(world, figure.as_str());
                report(
                    world,
                    side,
                    format!("{n} sees through the informer, and knows who sent him."),
                );
                return Ok(());
            }
            world
                .resource_mut::<Intel>()
                .side_mut(side)
                .informers
                .insert(figure.to_string());
            let n = name(world, figure.as_str());
            report(world, side, format!("An informer now sits close to {n}."));
        }
        IntelOrder::LieLow { figure } => {
            let Some(e) = entity else {
                return Err("no such figure".into());
            };
            let mut offices = world.query::<&mut Office>();
            for mut o in offices.iter_mut(world) {
                if o.holders.iter().any(|h| figure == h) {
                    o.holders.retain(|h| h != figure);
                }
            }
            if let Some(mut s) = world.get_mut::<Standing>(e) {
                s.popularity = (s.popularity - 10.0).max(0.0);
            }
            if let Some(v) = world.resource_mut::<Suspicion>().0.get_mut(figure.as_str()) {
                *v *= 0.3;
            }
            let n = name(world, figure.as_str());
            note(world, Line::LiesLow, &[("figure", &n)], figure.as_str());
        }
        IntelOrder::Flee { figure } => {
            let Some(e) = entity else {
                return Err("no such figure".into());
            };
            super::flight::flee(world, e, figure.as_str(), faction.as_str(), works);
        }
        IntelOrder::CallPlenum { .. } => {}
    }
    Ok(())
}

/// Publishes a plot: if it is real and the press is believed, it is broken (found out,
/// its organiser disgraced and watched); if not, the accusers look foolish and the
/// accused remembers.
fn expose(
    world: &mut World,
    side: &str,
    faction: &str,
    plot: &str,
    believed: bool,
    side_name: &str,
) -> Result<(), String> {
    let date = world.resource::<Calendar>().date;
    let mut q = world.query::<&mut Plot>();
    let real = q
        .iter_mut(world)
        .find(|p| p.id == plot && p.state == PlotState::Active)
        .map(|p| p.clone());
    let accused = match &real {
        Some(p) => p.organiser.to_string(),
        None => world
            .resource::<Intel>()
            .side(side)
            .and_then(|s| {
                s.alerts
                    .iter()
                    .rev()
                    .find(|a| a.plot.as_deref() == Some(plot))
            })
            .map(|a| a.subject.clone())
            .unwrap_or_default(),
    };
    let ids = world.resource::<crate::sim::Ids>().clone();
    let organiser = ids
        .figures
        .get(&accused)
        .and_then(|e| world.get::<Figure>(*e))
        .map_or(accused.clone(), |f| f.name.clone());
    match real {
        Some(p) if believed => {
            for mut x in q.iter_mut(world) {
                if x.id == plot {
                    x.state = PlotState::Discovered;
                }
            }
            world.resource_mut::<PurgeRecord>().plots_discovered += 1;
            {
                let mut suspicion = world.resource_mut::<Suspicion>();
                for m in std::iter::once(p.organiser.as_str())
                    .chain(p.members.iter().map(|m| m.as_str()))
                {
                    let v = suspicion.0.entry(m.to_string()).or_default();
                    *v = (*v + if *m == p.organiser { 50.0 } else { 25.0 }).min(100.0);
                }
            }
            // Disgraced and watched: he organises nothing more while the police watch.
            // One already taken (arrested on the same day's order) stays taken.
            if let Some(e) = ids.figures.get(p.organiser.as_str())
                && let Some(mut s) = world.get_mut::<Standing>(*e)
            {
                s.popularity = (s.popularity - 15.0).max(0.0);
                if s.status == crate::model::FigureStatus::Free {
                    s.status = crate::model::FigureStatus::Watched;
                }
            }
            let why = world
                .resource::<LoadedScenario>()
                .0
                .common
                .chronicle
                .sentence(Line::FearExposedInPress, &[]);
            world.resource_mut::<Paranoia>().add(date, why, 8.0);
            note(
                world,
                Line::PlotExposed,
                &[("organiser", &organiser), ("side", side_name)],
                p.organiser.as_str(),
            );
            Ok(())
        }
        _ => {
            // Nothing found: the side's men lose face, the accused remembers.
            let mut q = world.query::<(&Figure, &mut Standing)>();
            for (f, mut s) in q.iter_mut(world) {
                if s.faction.as_ref().map(FactionId::as_str) == Some(faction) {
                    s.popularity = (s.popularity - 3.0).max(0.0);
                }
                if f.id == accused {
                    let l = s.loyalty.entry(faction.into()).or_default();
                    *l = (*l - 25.0).max(-100.0);
                }
            }
            note(
                world,
                Line::ExposureFails,
                &[("organiser", &organiser), ("side", side_name)],
                &accused,
            );
            report(world, side, format!("Nothing sticks to {organiser}."));
            Ok(())
        }
    }
}

/// What came of a side's move, for its own eyes.
pub(super) fn report(world: &mut World, side: &str, text: String) {
    let date = world.resource::<Calendar>().date;
    world
        .resource_mut::<Intel>()
        .side_mut(side)
        .reports
        .push((date, text));
}

pub(super) fn note(world: &mut World, line: Line, vars: &[(&str, &str)], actor: &str) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    let text = data.common.chronicle.sentence(line, vars);
    let cal = world.resource::<Calendar>().clone();
    world.resource_mut::<Chronicle>().add(
        cal.date,
        cal.hour,
        line.kind(),
        text,
        vec![actor.to_string()],
    );
}
