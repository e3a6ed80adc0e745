//! Speeches and motions as orders: checked against the rules, carried out, logged.

use super::council::{Motion, chamber_parts, council_members, vote};
use super::speeches::{congress_in_session, speak};
use super::{POLICY_COOLDOWN_DAYS, Politics};
use crate::scenario::schema::ScenarioData;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandLog, LoggedCommand, SimCommand};
use crate::sim::people::Standing;
use bevy::prelude::*;

/// Speeches and motions, checked and carried out by the politics system.
#[derive(Resource, Clone, Debug, Default)]
pub struct PoliticsOrders(pub Vec<(String, SimCommand)>);

/// The faction a side plays.
fn side_faction(data: &ScenarioData, side: &str) -> Option<String> {
    data.scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map(|s| s.faction.clone())
}

/// Checks a speech or a motion against the rules; `Err` says why it is refused.
pub fn check_order(world: &mut World, side: &str, cmd: &SimCommand) -> Result<(), String> {
    let (data, standings, offices, _) = chamber_parts(world).ok_or("no scenario loaded")?;
    let side_f = side_faction(&data, side);
    let of_side = |id: &str| -> Result<&Standing, String> {
        let s = standings
            .get(id)
            .ok_or_else(|| format!("unknown figure `{id}`"))?;
        if !s.status.can_act() {
            return Err(format!("`{id}` is {} and cannot act", s.status.label()));
        }
        if side != "ai" && s.faction != side_f {
            return Err(format!("`{id}` does not follow side `{side}`"));
        }
        Ok(s)
    };
    match cmd {
        SimCommand::Speak { figure, .. } => {
            of_side(figure)?;
            let voted = world
                .resource::<crate::sim::politics::congress::CongressVote>()
                .date
                .is_some();
            if !congress_in_session(&data, world.resource::<Calendar>(), voted) {
                return Err("the Congress is not in session".into());
            }
            if world.resource::<Politics>().has_spoken(figure) {
                return Err(format!("`{figure}` has already spoken at this Congress"));
            }
            Ok(())
        }
        SimCommand::Propose { by, motion } => {
            of_side(by)?;
            let members = council_members(&data, &offices);
            if members.is_empty() {
                return Err("this scenario has no council that votes".into());
            }
            if !members.contains(by) {
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
                    if !p.options.iter().any(|o| &o.id == option) {
                        return Err(format!("`{option}` is not an option of `{policy}`"));
                    }
                    let politics = world.resource::<Politics>();
                    if politics.policy(&data, policy) == Some(option.as_str()) {
                        return Err(format!("`{option}` is already the policy"));
                    }
                    let today = world.resource::<Calendar>().date;
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
                        .any(|(k, h)| k == office && h.contains(figure))
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
                    if held.contains(figure) {
                        return Err(format!("`{figure}` already holds `{office}`"));
                    }
                    if held.len() as u32 >= seats {
                        return Err(format!("`{office}` has no free seat"));
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
        _ => Err("not a speech or a motion".into()),
    }
}

/// Carries out the speeches and motions of the tick, or logs why not.
pub fn apply_politics_orders(world: &mut World) {
    let orders = std::mem::take(&mut world.resource_mut::<PoliticsOrders>().0);
    for (side, cmd) in orders {
        let result = check_order(world, &side, &cmd);
        if result.is_ok() {
            match &cmd {
                SimCommand::Speak { figure, theme } => speak(world, figure, *theme),
                SimCommand::Propose { by, motion } => vote(world, by, motion),
                _ => {}
            }
        }
        let tick = world.resource::<Calendar>().ticks;
        world
            .resource_mut::<CommandLog>()
            .entries
            .push(LoggedCommand {
                tick,
                side,
                command: cmd,
                rejected: result.err(),
            });
    }
}
