//! Answers to pending decisions, the order the events own: checked against the decision
//! put, then applied with the politics' answers in the same tick.

use crate::sim::commands::{Order, OrderOutcome, Side, take_orders};
use crate::sim::politics::congress::{Answers, PendingDecisions};
use bevy::ecs::message::Messages;
use bevy::prelude::*;

/// An answer to a pending decision: one of its options.
#[derive(Clone, Debug, PartialEq)]
pub struct EventAnswer {
    pub decision: String,
    pub option: String,
}

/// Checks an answer; `Err` says why it is refused.
fn check(side: &Side, answer: &EventAnswer, pending: &PendingDecisions) -> Result<(), String> {
    let EventAnswer { decision, option } = answer;
    let d = pending
        .items
        .iter()
        .find(|d| &d.id == decision)
        .ok_or_else(|| format!("no pending decision `{decision}`"))?;
    if !side.is_ai() && d.side != side.as_str() {
        return Err(format!(
            "decision `{decision}` belongs to side `{}`",
            d.side
        ));
    }
    if !d.options.iter().any(|(id, _)| id == option) {
        return Err(format!("`{option}` is not an option of `{decision}`"));
    }
    Ok(())
}

/// Takes the tick's answers: the accepted ones wait in `Answers` for `apply_answers`.
pub fn take_answers(
    mut orders: ResMut<Messages<Order<EventAnswer>>>,
    pending: Res<PendingDecisions>,
    mut answers: ResMut<Answers>,
    mut outcomes: MessageWriter<OrderOutcome>,
) {
    for order in take_orders(&mut orders) {
        let result = check(&order.side, &order.order, &pending);
        if result.is_ok() {
            let EventAnswer { decision, option } = &order.order;
            answers.0.push((decision.clone(), option.clone()));
        }
        outcomes.write(order.outcome(result));
    }
}
