//! The orders politics owns: appointments and dismissals, speeches and motions. Each is
//! checked against the rules, carried out, and answered with its outcome.

use super::council::{Chamber, Motion, chamber_parts, council_members, vote};
use super::institutions::Office;
use super::ruler::{Ruler, ruler_of};
use super::speeches::{SpeechTheme, congress_in_session, speak};
use super::{POLICY_COOLDOWN_DAYS, Politics};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::ScenarioData;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicler;
use crate::sim::commands::{Order, OrderOutcome, Side, take_orders};
use crate::sim::people::{Figure, Standing};
use bevy::ecs::message::Messages;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

/// An order about the seats of an office (`institution.office`).
#[derive(Clone, Debug, PartialEq)]
pub enum OfficeOrder {
    Appoint { office: OfficeId, figure: FigureId },
    Dismiss { office: OfficeId, figure: FigureId },
}

/// An order to the Congress or the ruling council.
#[derive(Clone, Debug, PartialEq)]
pub enum CouncilOrder {
    Speak {
        figure: FigureId,
        theme: SpeechTheme,
    },
    Propose {
        by: FigureId,
        motion: Motion,
    },
}

/// The faction a side plays.
fn side_faction(data: &ScenarioData, side: &Side) -> Option<String> {
    data.side(side.as_str()).map(|s| s.faction.to_string())
}

/// Checks an office order against the rules; `Ok` is the office's entity.
fn check_office(
    order: &OfficeOrder,
    ids: &Ids,
    figures: &Query<(&Figure, &Standing)>,
    offices: &Query<&mut Office>,
) -> Result<Entity, String> {
    let (OfficeOrder::Appoint { office, figure } | OfficeOrder::Dismiss { office, figure }) = order;
    let fe = ids
        .figures
        .get(figure)
        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
    let oe = *ids
        .offices
        .get(office)
        .ok_or_else(|| format!("unknown office `{office}`"))?;
    let (_, standing) = figures
        .get(*fe)
        .map_err(|_| format!("figure `{figure}` is not in play"))?;
    let o = offices
        .get(oe)
        .map_err(|_| format!("office `{office}` is not in play"))?;
    match order {
        OfficeOrder::Appoint { .. } => {
            if !standing.status.can_act() {
                return Err(format!(
                    "`{figure}` is {} and cannot hold office",
                    standing.status.label()
                ));
            }
            if o.holders.iter().any(|h| figure == h) {
                return Err(format!("`{figure}` already holds `{office}`"));
            }
            if o.holders.len() as u32 >= o.seats {
                return Err(format!("`{office}` has no free seat"));
            }
        }
        OfficeOrder::Dismiss { .. } if !o.holders.iter().any(|h| figure == h) => {
            return Err(format!("`{figure}` does not hold `{office}`"));
        }
        OfficeOrder::Dismiss { .. } => {}
    }
    Ok(oe)
}

/// What carrying out an office order reads and changes.
#[derive(SystemParam)]
pub struct OfficeDesk<'w, 's> {
    orders: ResMut<'w, Messages<Order<OfficeOrder>>>,
    outcomes: MessageWriter<'w, OrderOutcome>,
    chronicler: Chronicler<'w>,
    ids: Res<'w, Ids>,
    politics: ResMut<'w, Politics>,
    ruler: ResMut<'w, Ruler>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    offices: Query<'w, 's, &'static mut Office>,
}

/// Carries out the tick's appointments and dismissals, in the order given.
pub fn carry_out_office_orders(mut desk: OfficeDesk) {
    for order in take_orders(&mut desk.orders) {
        let result = check_office(&order.order, &desk.ids, &desk.figures, &desk.offices);
        if let Ok(oe) = result {
            fill_or_vacate(&mut desk, oe, &order.order);
        }
        desk.outcomes.write(order.outcome(result.map(|_| ())));
    }
}

/// Changes the holders of a checked office order, and who rules if it is the ruling office.
fn fill_or_vacate(desk: &mut OfficeDesk, oe: Entity, order: &OfficeOrder) {
    let OfficeDesk {
        chronicler,
        ids,
        politics,
        ruler,
        figures,
        offices,
        ..
    } = desk;
    let Ok(mut o) = offices.get_mut(oe) else {
        return;
    };
    let name_of = |id: &str| {
        ids.figures
            .get(id)
            .and_then(|e| figures.get(*e).ok())
            .map_or_else(|| id.to_string(), |(f, _)| f.name.clone())
    };
    let (line, actor) = match order {
        OfficeOrder::Appoint { figure, office } => {
            o.holders.push(figure.clone());
            // The ruler's Secretariat makes the appointment: a career he made.
            if ruler.office.as_ref().map(OfficeId::as_str) != Some(office.as_str()) {
                let date = chronicler.calendar.date;
                super::bonds::note_appointment(politics, ruler.figure(), figure.as_str(), date);
            }
            (Line::Appointed, figure)
        }
        OfficeOrder::Dismiss { figure, .. } => {
            o.holders.retain(|h| h != figure);
            (Line::Dismissed, figure)
        }
    };
    // A change of the ruling office changes who rules, for the orders after it.
    if ruler.office.as_ref().map(OfficeId::as_str) == Some(o.key.as_str()) {
        let now = ruler_of(Some(o.key.as_str()), Some(&o), |id| {
            let (f, s) = figures.get(*ids.figures.get(id)?).ok()?;
            Some((f.name.as_str(), s))
        });
        if **ruler != now {
            **ruler = now;
        }
    }
    let name = name_of(actor.as_str());
    chronicler.line(
        line,
        &[("figure", &name), ("office", &o.name)],
        vec![actor.to_string()],
    );
}

/// Checks a speech or a motion against the rules; `Err` says why it is refused.
pub fn check_order(world: &mut World, side: &Side, cmd: &CouncilOrder) -> Result<(), String> {
    let (data, standings, offices, ruler) = chamber_parts(world).ok_or("no scenario loaded")?;
    let chamber = Chamber {
        data,
        current: Default::default(),
        standings,
        offices,
        ruler,
    };
    let voted = world
        .resource::<crate::sim::politics::congress::CongressVote>()
        .date
        .is_some();
    let floor = Floor {
        chamber: &chamber,
        politics: world.resource::<Politics>(),
        calendar: world.resource::<Calendar>(),
        congress_voted: voted,
    };
    check_council(&floor, side, cmd)
}

/// What a speech or a motion is checked against: the chamber, its votes and the day.
pub struct Floor<'a> {
    pub chamber: &'a Chamber,
    pub politics: &'a Politics,
    pub calendar: &'a Calendar,
    /// The Congress has voted.
    pub congress_voted: bool,
}

/// The check a speech or a motion meets; `Err` says why the rules refuse it. The figure
/// card and the council's card ask the same before they offer it.
pub fn check_council(floor: &Floor, side: &Side, cmd: &CouncilOrder) -> Result<(), String> {
    let (data, standings, offices) = (
        &floor.chamber.data,
        &floor.chamber.standings,
        &floor.chamber.offices,
    );
    let side_f = side_faction(data, side);
    let of_side = |id: &str| -> Result<&Standing, String> {
        let s = standings
            .get(id)
            .ok_or_else(|| format!("unknown figure `{id}`"))?;
        if !s.status.can_act() {
            return Err(format!("`{id}` is {} and cannot act", s.status.label()));
        }
        if !side.is_ai() && s.faction.as_ref().map(FactionId::as_str) != side_f.as_deref() {
            return Err(format!("`{id}` does not follow side `{side}`"));
        }
        Ok(s)
    };
    match cmd {
        CouncilOrder::Speak { figure, .. } => {
            of_side(figure.as_str())?;
            if !congress_in_session(data, floor.calendar, floor.congress_voted) {
                return Err("the Congress is not in session".into());
            }
            if floor.politics.has_spoken(figure.as_str()) {
                return Err(format!("`{figure}` has already spoken at this Congress"));
            }
            Ok(())
        }
        CouncilOrder::Propose { by, motion } => {
            of_side(by.as_str())?;
            let members = council_members(data, offices);
            if members.is_empty() {
                return Err("this scenario has no council that votes".into());
            }
            if !members.iter().any(|m| by == m) {
                return Err(format!("`{by}` does not sit in the council"));
            }
            match motion {
                Motion::Policy { policy, option } => {
                    let p = data
                        .common
                        .policies
                        .iter()
                        .find(|p| &p.id == policy)
                        .ok_or_else(|| format!("no policy `{policy}`"))?;
                    let Some(o) = p.options.iter().find(|o| &o.id == option) else {
                        return Err(format!("`{option}` is not an option of `{policy}`"));
                    };
                    let today = floor.calendar.date;
                    if !o.offered_on(today) {
                        return Err(format!("`{option}` is not on offer on {}", today.long()));
                    }
                    let politics = floor.politics;
                    if politics.policy(data, policy) == Some(option.as_str()) {
                        return Err(format!("`{option}` is already the policy"));
                    }
                    if let Some(d) = politics.last_vote_on(policy)
                        && d.days_until(today) < POLICY_COOLDOWN_DAYS
                    {
                        return Err(format!(
                            "`{policy}` was voted on {}; it can come back after {POLICY_COOLDOWN_DAYS} days",
                            d.long()
                        ));
                    }
                }
                Motion::Dismiss { figure, office } => {
                    if !offices
                        .iter()
                        .any(|(k, h)| k == office && h.iter().any(|x| x == figure))
                    {
                        return Err(format!("`{figure}` does not hold `{office}`"));
                    }
                }
                Motion::Elect { figure, office } => {
                    let s = standings
                        .get(figure)
                        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
                    if !s.status.can_act() {
                        return Err(format!(
                            "`{figure}` is {} and cannot hold office",
                            s.status.label()
                        ));
                    }
                    let seats = data
                        .office(office)
                        .map(|o| o.seats)
                        .ok_or_else(|| format!("unknown office `{office}`"))?;
                    let held = offices
                        .iter()
                        .find(|(k, _)| k == office)
                        .map(|(_, h)| h.clone())
                        .unwrap_or_default();
                    if held.iter().any(|x| x == figure) {
                        return Err(format!("`{figure}` already holds `{office}`"));
                    }
                    if held.len() as u32 >= seats {
                        return Err(format!("`{office}` has no free seat"));
                    }
                    // A man the council has just put out does not come back the same season.
                    let today = floor.calendar.date;
                    if let Some(d) = floor.politics.dismissed_on(figure, office)
                        && d.days_until(today) < POLICY_COOLDOWN_DAYS
                    {
                        return Err(format!(
                            "`{figure}` was dismissed from `{office}` on {}; he can be moved again after {POLICY_COOLDOWN_DAYS} days",
                            d.long()
                        ));
                    }
                }
                Motion::Arrest { figure } => {
                    let s = standings
                        .get(figure)
                        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
                    if !s.status.can_act() {
                        return Err(format!("`{figure}` is already {}", s.status.label()));
                    }
                    if figure == by {
                        return Err("a member cannot move his own arrest".into());
                    }
                }
            }
            Ok(())
        }
    }
}

/// Carries out the speeches and motions of the tick, or says why not. Exclusive: a vote
/// and a speech reach into the whole chamber (figures, offices, bonds, the chronicle).
pub fn apply_politics_orders(world: &mut World) {
    let orders = take_orders(&mut world.resource_mut::<Messages<Order<CouncilOrder>>>());
    for order in orders {
        if let CouncilOrder::Propose {
            motion: Motion::Arrest { figure },
            ..
        } = &order.order
            && arrested_today(world, figure)
        {
            // Taken this very day by an order carried out before this one (the police,
            // or another motion): the motion was overtaken, not refused.
            world.write_message(order.outcome(Ok(())));
            continue;
        }
        let result = check_order(world, &order.side, &order.order);
        if result.is_ok() {
            match &order.order {
                CouncilOrder::Speak { figure, theme } => speak(world, figure.as_str(), *theme),
                CouncilOrder::Propose { by, motion } => vote(world, by.as_str(), motion),
            }
        }
        world.write_message(order.outcome(result));
    }
}

/// Whether `figure` was arrested today, awaiting his trial.
fn arrested_today(world: &World, figure: &str) -> bool {
    let today = world.resource::<Calendar>().date;
    world
        .resource::<crate::sim::intrigue::purges::PurgeRecord>()
        .arrested_on(figure, today)
}
