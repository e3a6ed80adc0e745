//! Events: data-driven happenings with choices. Each day the events of the scenario
//! whose window is open and whose conditions hold may fire (a mean time to happen sets
//! the daily chance); the side named chooses an option (the player through a decision,
//! the AI by the options' weights) and its effects change the world. Follow-ups, flags
//! and battles chain them into stories without a script.

pub mod answers;
pub mod battles;
pub mod conditions;
pub mod describe;
pub mod effects;

use crate::scenario::chronicle::Line;
use conditions::holds;
use describe::describe_effects;
use effects::{apply, figure_name};

use crate::model::Date;
use crate::model::SideId;
use crate::scenario::events::{Condition, EventDef, EventOption};
use crate::scenario::schema::{ScenarioData, UnitDef};
use crate::sim::calendar::{Calendar, on_new_day};
use crate::sim::chronicle::Chronicle;
use crate::sim::forces::units::Unit;
use crate::sim::politics::congress::{Decision, PendingDecisions};
use crate::sim::rng::RngStreams;
use crate::sim::spawn::RunResource;
use crate::sim::spawn::{LoadedScenario, SimEntity};
use crate::sim::{RunInfo, SimSet, SimTick};
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<EventState>()
        .init_run_resource::<Unsaid>()
        .add_systems(
            SimTick,
            answers::take_answers
                .in_set(crate::sim::commands::OrderStep::CarryOut)
                .after(crate::sim::politics::orders::carry_out_office_orders),
        )
        .add_systems(
            SimTick,
            run_events
                .in_set(SimSet::Politics)
                .after(crate::sim::intrigue::WeekOfIntrigue)
                .run_if(on_new_day),
        )
        .add_systems(
            SimTick,
            crate::sim::forces::movement::march_units.in_set(SimSet::People),
        )
        .add_systems(
            SimTick,
            // A coup's end before an event's, so both meet the world in a fixed order.
            battles::after_event_battles
                .in_set(SimSet::Calendar)
                .after(crate::sim::intrigue::coups::after_coup_battles),
        );
}

/// The id of the decision that puts an event to the player's side.
pub fn decision_id(event: &str) -> String {
    format!("{DECISION_PREFIX}{event}")
}

/// The event a decision puts to a side, if it is an event's.
pub fn event_of_decision(decision: &str) -> Option<&str> {
    decision.strip_prefix(DECISION_PREFIX)
}

const DECISION_PREFIX: &str = "event:";

/// A player's event decision waits this long before its first option is taken.
pub const DECISION_DAYS: i64 = 30;

/// What the events have done so far: saved with the game.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventState {
    /// How often each event has fired.
    pub fired: BTreeMap<String, u32>,
    pub flags: BTreeSet<String>,
    /// Follow-ups waiting for their day.
    pub scheduled: Vec<(Date, String)>,
    /// Every event that fired and the option taken.
    pub history: Vec<EventRecord>,
    /// Repeatable events that have fired since their conditions last began to hold: they
    /// fire again only once the conditions have lapsed and hold anew.
    pub holding: BTreeSet<String>,
    /// Units raised by events, so that a loaded game raises them again.
    pub spawned_units: Vec<UnitDef>,
    /// Which event fired each follow-up, for the chronicle's causes (absent in older saves).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fired_by: BTreeMap<String, String>,
}

impl EventState {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub date: Date,
    pub event: String,
    pub option: String,
    /// "ai", a side id, or "timeout".
    pub chosen_by: String,
    /// The side that decided an event put to whoever rules (`ruling_side`) or holds the
    /// army (`army_side`); other
    /// events name their side in the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<SideId>,
}

/// The events of the scenario in play, in file order.
fn scenario_events(data: &ScenarioData) -> impl Iterator<Item = &EventDef> {
    let id = data.scenario.id.as_str();
    data.common
        .events
        .iter()
        .filter(move |e| e.scenarios.is_empty() || e.scenarios.iter().any(|s| s == id))
}

/// The day's events: decisions timed out, follow-ups due, then each open event's chance.
/// Exclusive: a condition may ask anything of the world and an effect change anything in
/// it (figures, offices, units, battles), so the step holds the whole world.
pub fn run_events(world: &mut World) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    let date = world.resource::<Calendar>().date;
    timeout_decisions(world, &data, date);
    // Follow-ups whose day has come, in the order they were scheduled.
    let mut due: Vec<String> = Vec::new();
    world
        .resource_mut::<EventState>()
        .scheduled
        .retain(|(d, id)| {
            if *d <= date {
                due.push(id.clone());
                false
            } else {
                true
            }
        });
    for id in due {
        // A follow-up whose conditions no longer hold is dropped: its moment has passed.
        if let Some(ev) = data.common.events.iter().find(|e| e.id == id)
            && ev.trigger.conditions.iter().all(|c| holds(world, c))
        {
            fire(world, &data, ev);
        }
    }
    for ev in scenario_events(&data) {
        let t = &ev.trigger;
        if t.follow_up_only
            || t.after.is_some_and(|a| date < a)
            || t.before.is_some_and(|b| date > b)
        {
            continue;
        }
        let state = world.resource::<EventState>();
        if !t.repeat && state.fired.contains_key(&ev.id) {
            continue;
        }
        if is_pending(world, &ev.id) {
            continue;
        }
        let holds = t.conditions.iter().all(|c| holds(world, c));
        if t.repeat && !holds {
            // The stretch is over: the next time the conditions hold, it may fire again.
            world.resource_mut::<EventState>().holding.remove(&ev.id);
        }
        if !holds || (t.repeat && world.resource::<EventState>().holding.contains(&ev.id)) {
            continue;
        }
        let fires = t.mean_days <= 0.0 || {
            let p = 1.0 - (-1.0 / f64::from(t.mean_days)).exp();
            world
                .resource_mut::<RngStreams>()
                .stream("events")
                .random_bool(p.clamp(0.0, 1.0))
        };
        if fires {
            if t.repeat {
                world
                    .resource_mut::<EventState>()
                    .holding
                    .insert(ev.id.clone());
            }
            fire(world, &data, ev);
        }
    }
}

fn is_pending(world: &World, event: &str) -> bool {
    world
        .resource::<PendingDecisions>()
        .items
        .iter()
        .any(|d| event_of_decision(&d.id) == Some(event))
}

/// Events that fired while a fact their text states (`says`) did not hold: the date, the
/// event and the fact. Not saved: a content error for `check`'s runs and the tests.
#[derive(Resource, Clone, Debug, Default)]
pub struct Unsaid(pub Vec<(Date, String, String)>);

/// The event happens: the player is asked, or the AI chooses at once.
pub fn fire(world: &mut World, data: &ScenarioData, ev: &EventDef) {
    let date = world.resource::<Calendar>().date;
    for c in &ev.says {
        if !holds(world, c) {
            let fact = format!("{c:?}");
            world
                .resource_mut::<Unsaid>()
                .0
                .push((date, ev.id.clone(), fact));
        }
    }
    *world
        .resource_mut::<EventState>()
        .fired
        .entry(ev.id.clone())
        .or_default() += 1;
    let player = world.resource::<RunInfo>().player_side.clone();
    let side = deciding_side(world, ev);
    if side.is_some() && side == player && !is_pending(world, &ev.id) {
        let mut decision = decision_for(data, ev, date);
        decision.side = side.unwrap_or_default();
        world
            .resource_mut::<PendingDecisions>()
            .items
            .push(decision);
        return;
    }
    let option = choose(world, ev);
    take_option(world, data, ev, option, "ai");
}

/// The side that chooses: the one the event names, or for the country's recurring
/// business (`ruling_side`), the ruler's; for the army's posture (`army_side`), the side
/// that holds the army, else the ruler's.
pub fn deciding_side(world: &World, ev: &EventDef) -> Option<SideId> {
    if ev.army_side {
        conditions::army_side(world).or_else(|| conditions::ruling_side(world))
    } else if ev.ruling_side {
        conditions::ruling_side(world)
    } else {
        ev.side.clone()
    }
}

/// The question an event puts to the player's side.
pub fn decision_for(data: &ScenarioData, ev: &EventDef, date: Date) -> Decision {
    Decision {
        id: decision_id(&ev.id),
        side: ev.side.clone().unwrap_or_default(),
        figure: ev.figures.first().cloned().unwrap_or_default(),
        title: data.named_on(&ev.title, date),
        text: data.named_on(&ev.text, date),
        options: ev
            .options
            .iter()
            .map(|o| (o.id.clone(), data.named_on(&o.text, date)))
            .collect(),
        details: ev
            .options
            .iter()
            .map(|o| describe_effects(data, &o.effects, date))
            .collect(),
        figures: ev.figures.iter().map(|f| figure_name(data, f)).collect(),
        kind: ev.kind.clone(),
        deadline: Some(date.add_days(DECISION_DAYS)),
    }
}

/// The AI's pick: options weighted by `ai_weight` and the modifiers that hold.
/// Choices fixed in advance for the AI (a branch that asks "what if he had refused?").
#[derive(Resource, Clone, Debug, Default)]
pub struct ForcedChoices(pub BTreeMap<String, String>);

fn choose(world: &mut World, ev: &EventDef) -> usize {
    if let Some(i) = world
        .get_resource::<ForcedChoices>()
        .and_then(|f| f.0.get(&ev.id))
        .and_then(|o| ev.options.iter().position(|x| &x.id == o))
    {
        return i;
    }
    let weights: Vec<f64> = ev.options.iter().map(|o| option_weight(world, o)).collect();
    let total: f64 = weights.iter().sum();
    if total <= 0.0 || ev.options.len() < 2 {
        return 0;
    }
    let mut roll = world
        .resource_mut::<RngStreams>()
        .stream("events")
        .random_range(0.0..total);
    for (i, w) in weights.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

pub fn option_weight(world: &mut World, o: &EventOption) -> f64 {
    let mut w = f64::from(o.ai_weight.max(0.0));
    for m in &o.ai_modifiers {
        if holds(world, &m.when) {
            w *= f64::from(m.factor.max(0.0));
        }
    }
    w
}

/// A player's answer, through `SimCommand::Decide` on `event:<id>`.
pub fn answer(world: &mut World, event: &str, option: &str, side: &str) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    world
        .resource_mut::<PendingDecisions>()
        .items
        .retain(|d| event_of_decision(&d.id) != Some(event));
    let Some(ev) = data.common.events.iter().find(|e| e.id == event) else {
        return;
    };
    let i = ev.options.iter().position(|o| o.id == option).unwrap_or(0);
    take_option(world, &data, ev, i, side);
}

fn timeout_decisions(world: &mut World, data: &ScenarioData, date: Date) {
    let late: Vec<String> = world
        .resource::<PendingDecisions>()
        .items
        .iter()
        .filter(|d| d.deadline.is_some_and(|dl| dl < date))
        .filter_map(|d| event_of_decision(&d.id).map(str::to_string))
        .collect();
    for id in late {
        world
            .resource_mut::<PendingDecisions>()
            .items
            .retain(|d| event_of_decision(&d.id) != Some(id.as_str()));
        if let Some(ev) = data.common.events.iter().find(|e| e.id == id) {
            take_option(world, data, ev, 0, "timeout");
        }
    }
}

fn take_option(world: &mut World, data: &ScenarioData, ev: &EventDef, i: usize, by: &str) {
    let Some(option) = ev.options.get(i) else {
        return;
    };
    let cal = world.resource::<Calendar>().clone();
    let side = (ev.ruling_side || ev.army_side)
        .then(|| deciding_side(world, ev))
        .flatten();
    world
        .resource_mut::<EventState>()
        .history
        .push(EventRecord {
            date: cal.date,
            event: ev.id.clone(),
            option: option.id.clone(),
            chosen_by: by.to_string(),
            side,
        });
    let origin = world.resource::<EventState>().fired_by.get(&ev.id).cloned();
    let mut chronicle = world.resource_mut::<Chronicle>();
    // "What kind of state? Sign it all", not "state?: Sign it all".
    let line = if ev.title.ends_with(['?', '!', '.']) {
        Line::AnswerAfterMark
    } else {
        Line::Answer
    };
    chronicle.line(
        (cal.date, cal.hour),
        &data.common.chronicle,
        line,
        &[
            ("title", &data.named_on(&ev.title, cal.date)),
            ("option", &data.named_on(&option.text, cal.date)),
        ],
        ev.figures.clone(),
    );
    let from = chronicle.entries.len() - 1;
    if let Some(e) = chronicle.entries.last_mut() {
        e.event = Some(ev.id.clone());
        e.cause = origin;
    }
    for e in &option.effects {
        apply(world, data, ev, e);
    }
    // What the option did is this event's doing.
    world
        .resource_mut::<Chronicle>()
        .attribute(from + 1, &ev.id);
}

/// The sides whose victory conditions hold now, in the scenario's order.
pub fn victors(world: &mut World) -> Vec<SideId> {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return Vec::new();
    };
    data.scenario
        .sides
        .iter()
        .filter(|side| {
            if side.victory.is_empty() {
                holds(world, &Condition::RulerFaction(side.faction.to_string()))
            } else {
                side.victory.iter().all(|c| holds(world, c))
            }
        })
        .map(|s| s.id.clone())
        .collect()
}

/// Units raised by events in a saved game, raised again on load.
pub fn respawn_units(world: &mut World, data: &Arc<ScenarioData>) {
    let units = world.resource::<EventState>().spawned_units.clone();
    let date = world.resource::<Calendar>().date;
    for u in units {
        let exists = world.query::<&Unit>().iter(world).any(|x| x.id == u.id);
        if !exists {
            world.spawn((
                SimEntity,
                crate::sim::forces::units::unit_bundle(data, &u, true, date),
            ));
        }
    }
}
