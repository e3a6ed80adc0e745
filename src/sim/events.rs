//! Events: data-driven happenings with choices. Each day the events of the scenario
//! whose window is open and whose conditions hold may fire (a mean time to happen sets
//! the daily chance); the side named chooses an option (the player through a decision,
//! the AI by the options' weights) and its effects change the world. Follow-ups, flags
//! and battles chain them into stories without a script.

use super::calendar::{Calendar, on_new_day};
use super::chronicle::Chronicle;
use super::congress::{CongressVote, Decision, PendingDecisions};
use super::factions::{Faction, FactionPower};
use super::forces::battles::{BattleSide, Winner};
use super::forces::staging::{BattlePlan, Staged, stage_battle};
use super::forces::units::{Region, Unit, UnitState};
use super::institutions::{Institution, Office};
use super::intrigue::paranoia::Paranoia;
use super::intrigue::plots::{Plot, PlotGoal};
use super::intrigue::purges::PurgeRecord;
use super::people::{Figure, FigureStatus, Standing};
use super::rng::RngStreams;
use super::spawn::RunResource;
use super::{Ids, RunInfo, SimSet, SimTick};
use crate::model::Date;
use crate::scenario::events::{Condition, Effect, EventDef, EventOption};
use crate::scenario::schema::{ScenarioData, UnitDef};
use crate::sim::spawn::{LoadedScenario, SimEntity};
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<EventState>()
        .add_systems(
            SimTick,
            run_events
                .in_set(SimSet::Politics)
                .after(super::intrigue::WeekOfIntrigue)
                .run_if(on_new_day),
        )
        .add_systems(
            SimTick,
            super::forces::movement::march_units.in_set(SimSet::People),
        );
}

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
    /// Repeatable events whose conditions held at the last check: they fire again only
    /// once the conditions have lapsed and hold anew.
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
}

/// The events of the scenario in play, in file order.
fn scenario_events(data: &ScenarioData) -> impl Iterator<Item = &EventDef> {
    let id = data.scenario.id.as_str();
    data.common
        .events
        .iter()
        .filter(move |e| e.scenarios.is_empty() || e.scenarios.iter().any(|s| s == id))
}

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
        if t.repeat {
            let was = world.resource::<EventState>().holding.contains(&ev.id);
            let mut state = world.resource_mut::<EventState>();
            if holds {
                state.holding.insert(ev.id.clone());
            } else {
                state.holding.remove(&ev.id);
            }
            if was && world.resource::<EventState>().fired.contains_key(&ev.id) {
                continue;
            }
        }
        if !holds {
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
            fire(world, &data, ev);
        }
    }
}

fn is_pending(world: &World, event: &str) -> bool {
    world
        .resource::<PendingDecisions>()
        .items
        .iter()
        .any(|d| d.id.strip_prefix("event:") == Some(event))
}

/// The event happens: the player is asked, or the AI chooses at once.
pub fn fire(world: &mut World, data: &ScenarioData, ev: &EventDef) {
    let date = world.resource::<Calendar>().date;
    *world
        .resource_mut::<EventState>()
        .fired
        .entry(ev.id.clone())
        .or_default() += 1;
    let player = world.resource::<RunInfo>().player_side.clone();
    if ev.side.is_some() && ev.side == player && !is_pending(world, &ev.id) {
        let decision = decision_for(data, ev, date);
        world
            .resource_mut::<PendingDecisions>()
            .items
            .push(decision);
        return;
    }
    let option = choose(world, ev);
    take_option(world, data, ev, option, "ai");
}

/// The question an event puts to the player's side.
pub fn decision_for(data: &ScenarioData, ev: &EventDef, date: Date) -> Decision {
    Decision {
        id: format!("event:{}", ev.id),
        side: ev.side.clone().unwrap_or_default(),
        figure: ev.figures.first().cloned().unwrap_or_default(),
        title: ev.title.clone(),
        text: ev.text.clone(),
        options: ev
            .options
            .iter()
            .map(|o| (o.id.clone(), o.text.clone()))
            .collect(),
        details: ev
            .options
            .iter()
            .map(|o| describe_effects(data, &o.effects))
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
        .retain(|d| d.id.strip_prefix("event:") != Some(event));
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
        .filter_map(|d| d.id.strip_prefix("event:").map(str::to_string))
        .collect();
    for id in late {
        world
            .resource_mut::<PendingDecisions>()
            .items
            .retain(|d| d.id.strip_prefix("event:") != Some(id.as_str()));
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
    world
        .resource_mut::<EventState>()
        .history
        .push(EventRecord {
            date: cal.date,
            event: ev.id.clone(),
            option: option.id.clone(),
            chosen_by: by.to_string(),
        });
    let origin = world.resource::<EventState>().fired_by.get(&ev.id).cloned();
    let mut chronicle = world.resource_mut::<Chronicle>();
    chronicle.add(
        cal.date,
        cal.hour,
        "event",
        // "What kind of state? Sign it all", not "state?: Sign it all".
        if ev.title.ends_with(['?', '!', '.']) {
            format!("{} {}", ev.title, option.text)
        } else {
            format!("{}: {}", ev.title, option.text)
        },
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

fn standing<'w>(world: &'w World, id: &str) -> Option<&'w Standing> {
    let e = world.resource::<Ids>().figures.get(id)?;
    world.get::<Standing>(*e)
}

fn holders(world: &World, office: &str) -> Vec<String> {
    world
        .resource::<Ids>()
        .offices
        .get(office)
        .and_then(|e| world.get::<Office>(*e))
        .map(|o| o.holders.clone())
        .unwrap_or_default()
}

pub(crate) fn figure_name(data: &ScenarioData, id: &str) -> String {
    data.figure(id)
        .map_or_else(|| id.to_string(), |f| f.name.clone())
}

/// Whether a condition holds now.
pub fn holds(world: &mut World, c: &Condition) -> bool {
    use Condition::*;
    match c {
        All(v) => v.iter().all(|c| holds(world, c)),
        Any(v) => v.iter().any(|c| holds(world, c)),
        Not(c) => !holds(world, c),
        Flag(f) => world.resource::<EventState>().flags.contains(f),
        Fired(e) => world.resource::<EventState>().fired.contains_key(e),
        Free(f) => standing(world, f).is_some_and(|s| s.status.can_act()),
        Status { figure, status } => standing(world, figure).is_some_and(|s| s.status == *status),
        Dead(f) => standing(world, f).is_some_and(|s| s.status.is_dead()),
        HoldsOffice { figure, office } => holders(world, office).contains(figure),
        Rules(f) => world
            .resource::<RunInfo>()
            .leader_office
            .clone()
            .is_some_and(|o| holders(world, &o).contains(f)),
        RulerFaction(faction) => {
            let rulers = world
                .resource::<RunInfo>()
                .leader_office
                .clone()
                .map(|o| holders(world, &o))
                .unwrap_or_default();
            rulers
                .iter()
                .any(|r| standing(world, r).is_some_and(|s| s.faction.as_deref() == Some(faction)))
        }
        InFaction { figure, faction } => {
            standing(world, figure).is_some_and(|s| s.faction.as_deref() == Some(faction))
        }
        Controls {
            faction,
            institution,
        } => world
            .resource::<Ids>()
            .institutions
            .get(institution)
            .and_then(|e| world.get::<Institution>(*e))
            .is_some_and(|i| i.controller.as_deref() == Some(faction)),
        LoyaltyAbove {
            figure,
            faction,
            value,
        } => standing(world, figure)
            .is_some_and(|s| s.loyalty.get(faction).copied().unwrap_or(0.0) > *value),
        PopularityAbove { figure, value } => {
            standing(world, figure).is_some_and(|s| s.popularity > *value)
        }
        ParanoiaAbove(v) => world.resource::<Paranoia>().value > *v,
        PowerAbove { faction, share } => {
            let powers: Vec<(String, f32)> = world
                .query::<(&Faction, &FactionPower)>()
                .iter(world)
                .map(|(f, p)| (f.id.clone(), p.0.total.max(0.0)))
                .collect();
            let total: f32 = powers.iter().map(|p| p.1).sum();
            let mine = powers.iter().find(|p| &p.0 == faction).map_or(0.0, |p| p.1);
            total > 0.0 && mine / total > *share
        }
        UnrestAbove { region, value } => world
            .query::<&Region>()
            .iter(world)
            .any(|r| &r.id == region && r.unrest > *value),
        PlayerSide(s) => world.resource::<RunInfo>().player_side.as_deref() == Some(s),
        MostRejected(f) => world.resource::<CongressVote>().most_against.as_deref() == Some(f),
        FewestRejected(f) => world.resource::<CongressVote>().fewest_against.as_deref() == Some(f),
        Offer(state) => world.resource::<CongressVote>().offer.as_deref() == Some(state),
        ArrestsAtLeast(n) => world.resource::<PurgeRecord>().arrests >= *n,
        ExecutionsAtLeast(n) => world.resource::<PurgeRecord>().executions >= *n,
        UnitAt { unit, place } => world
            .query::<(&Unit, &UnitState)>()
            .iter(world)
            .any(|(u, s)| &u.id == unit && &s.location == place),
        MenAt {
            faction,
            places,
            men,
        } => {
            let factions = free_factions(world);
            let have: u32 = super::forces::staging::forces_at(world, faction, places, |c| {
                factions.get(c).cloned()
            })
            .iter()
            .map(|c| c.men)
            .sum();
            have >= *men
        }
        PlotBy(faction) => {
            let organisers: Vec<String> = world
                .query::<&Plot>()
                .iter(world)
                .filter(|p| p.state == "active")
                .map(|p| p.organiser.clone())
                .collect();
            organisers
                .iter()
                .any(|o| standing(world, o).is_some_and(|s| s.faction.as_deref() == Some(faction)))
        }
    }
}

/// The faction of every figure who can act, by id.
fn free_factions(world: &mut World) -> BTreeMap<String, String> {
    world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .filter(|(_, s)| s.status.can_act())
        .filter_map(|(f, s)| Some((f.id.clone(), s.faction.clone()?)))
        .collect()
}

pub(crate) fn with_standing(world: &mut World, id: &str, f: impl FnOnce(&mut Standing)) {
    let Some(e) = world.resource::<Ids>().figures.get(id).copied() else {
        return;
    };
    if let Some(mut s) = world.get_mut::<Standing>(e) {
        f(&mut s);
    }
}

fn note(world: &mut World, kind: &str, text: String, actors: Vec<String>) {
    let cal = world.resource::<Calendar>().clone();
    world
        .resource_mut::<Chronicle>()
        .add(cal.date, cal.hour, kind, text, actors);
}

/// Carries out one effect.
pub fn apply(world: &mut World, data: &ScenarioData, ev: &EventDef, e: &Effect) {
    use Effect::*;
    let date = world.resource::<Calendar>().date;
    match e {
        Loyalty {
            figure,
            faction,
            by,
        } => with_standing(world, figure, |s| {
            let v = s.loyalty.entry(faction.clone()).or_default();
            *v = (*v + by).clamp(-100.0, 100.0);
        }),
        Popularity { figure, by } => with_standing(world, figure, |s| {
            s.popularity = (s.popularity + by).clamp(0.0, 100.0);
        }),
        Fear { figure, by } => with_standing(world, figure, |s| {
            s.fear = (s.fear + by).clamp(0.0, 100.0);
        }),
        Paranoia(by) => world
            .resource_mut::<super::intrigue::paranoia::Paranoia>()
            .add(date, ev.title.clone(), *by),
        Suspicion { figure, by } => {
            let mut s = world.resource_mut::<super::intrigue::paranoia::Suspicion>();
            let v = s.0.entry(figure.clone()).or_default();
            *v = (*v + by).clamp(0.0, 100.0);
        }
        Unrest { region, by } => {
            for mut r in world.query::<&mut Region>().iter_mut(world) {
                if &r.id == region {
                    r.unrest = (r.unrest + by).clamp(0.0, 100.0);
                }
            }
        }
        JoinFaction { figure, faction } => {
            let mut changed = false;
            with_standing(world, figure, |s| {
                if s.status.can_act() && s.faction.as_deref() != Some(faction) {
                    s.faction = Some(faction.clone());
                    let v = s.loyalty.entry(faction.clone()).or_default();
                    *v = v.max(60.0);
                    changed = true;
                }
            });
            if changed {
                let faction_name = data
                    .faction(faction)
                    .map_or(faction.as_str(), |f| f.name.as_str());
                let text = format!("{} goes over to {faction_name}.", figure_name(data, figure));
                note(world, "defection", text, vec![figure.clone()]);
            }
        }
        Appoint {
            figure,
            office,
            replace,
        } => {
            let free = standing(world, figure).is_some_and(|s| s.status.can_act());
            let Some(oe) = world.resource::<Ids>().offices.get(office).copied() else {
                return;
            };
            let Some(mut o) = world.get_mut::<Office>(oe) else {
                return;
            };
            if !free || o.holders.contains(figure) {
                return;
            }
            if *replace {
                o.holders.clear();
            }
            if (o.holders.len() as u32) < o.seats {
                o.holders.push(figure.clone());
                let text = format!(
                    "{} takes the post of {}.",
                    figure_name(data, figure),
                    o.name
                );
                note(world, "appointment", text, vec![figure.clone()]);
            }
        }
        Dismiss { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.retain(|h| h != figure);
            }
        }
        Arrest(figure) => {
            let mut taken = false;
            with_standing(world, figure, |s| {
                if s.status.can_act() {
                    s.status = FigureStatus::Arrested;
                    taken = true;
                }
            });
            if taken {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.arrests += 1;
                r.awaiting_trial.insert(figure.clone(), date);
                let text = format!("{} is arrested.", figure_name(data, figure));
                note(world, "arrest", text, vec![figure.clone()]);
            }
        }
        Release(figure) => {
            let mut freed = false;
            with_standing(world, figure, |s| {
                if !s.status.is_dead() && !s.status.can_act() {
                    s.status = FigureStatus::Free;
                    freed = true;
                }
            });
            if freed {
                world
                    .resource_mut::<PurgeRecord>()
                    .awaiting_trial
                    .remove(figure);
                let text = format!("{} is set free.", figure_name(data, figure));
                note(world, "release", text, vec![figure.clone()]);
            }
        }
        SetStatus { figure, status } => {
            let mut was = None;
            with_standing(world, figure, |s| {
                if !s.status.is_dead() && s.status != *status {
                    was = Some(s.status);
                    s.status = *status;
                }
            });
            if was.is_some() {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.awaiting_trial.remove(figure);
                if *status == FigureStatus::Executed {
                    r.executions += 1;
                }
            }
        }
        StartPlot {
            organiser,
            goal,
            members,
            secrecy,
            progress,
        } => {
            let free = standing(world, organiser).is_some_and(|s| s.status.can_act());
            if !free {
                return;
            }
            let n = {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.plots_formed += 1;
                r.plots_formed
            };
            let plot = Plot {
                id: format!("plot_{n}"),
                goal: if goal == "coup" {
                    PlotGoal::Coup
                } else {
                    PlotGoal::RemoveLeader
                },
                organiser: organiser.clone(),
                members: members.clone(),
                secrecy: secrecy.clamp(0.0, 1.0),
                progress: progress.clamp(0.0, 100.0),
                exposure: 0.0,
                started: date,
                state: "active".into(),
            };
            world.spawn((SimEntity, plot));
        }
        SpawnUnit(u) => {
            let exists = world.query::<&Unit>().iter(world).any(|x| x.id == u.id);
            if exists {
                return;
            }
            let known = u
                .commander
                .as_ref()
                .is_some_and(|c| world.resource::<Ids>().figures.contains_key(c));
            world.spawn((SimEntity, super::forces::units::unit_bundle(data, u, known)));
            world
                .resource_mut::<EventState>()
                .spawned_units
                .push(u.clone());
        }
        MoveUnit { unit, to } => {
            if let Err(why) = super::forces::movement::order_march(world, unit, to) {
                note(
                    world,
                    "move",
                    format!("Orders for {unit} fail: {why}."),
                    vec![],
                );
            }
        }
        Mobilise(unit) => {
            for (u, mut s) in world.query::<(&Unit, &mut UnitState)>().iter_mut(world) {
                if &u.id == unit {
                    s.morale = s.morale.max(0.9);
                    s.supply = 1.0;
                }
            }
        }
        SetCommander { unit, figure } => {
            for (u, mut s) in world.query::<(&Unit, &mut UnitState)>().iter_mut(world) {
                if &u.id == unit {
                    s.commander = figure.clone();
                }
            }
        }
        Battle { site, .. } => {
            let from = world
                .resource::<super::chronicle::Chronicle>()
                .entries
                .len();
            battle(world, data, ev, e);
            // The battle's lines happened at its site: the chronicle can show it on the map.
            for entry in world
                .resource_mut::<super::chronicle::Chronicle>()
                .entries
                .iter_mut()
                .skip(from)
            {
                if entry.kind == "battle" {
                    entry.place = Some(site.clone());
                }
            }
        }
        Expel {
            faction,
            institution,
        } => {
            let members: BTreeSet<String> = world
                .query::<(&Figure, &Standing)>()
                .iter(world)
                .filter(|(_, s)| s.faction.as_deref() == Some(faction))
                .map(|(f, _)| f.id.clone())
                .collect();
            let mut n = 0;
            for mut o in world.query::<&mut Office>().iter_mut(world) {
                if &o.institution == institution && o.holders.iter().any(|h| members.contains(h)) {
                    let before = o.holders.len();
                    o.holders.retain(|h| !members.contains(h));
                    n += before - o.holders.len();
                }
            }
            if n > 0 {
                world.resource_mut::<PurgeRecord>().expelled += n as u32;
                let inst = data
                    .common
                    .institutions
                    .iter()
                    .find(|i| &i.id == institution)
                    .map_or(institution.as_str(), |i| i.name.as_str());
                let fac = data
                    .faction(faction)
                    .map_or(faction.as_str(), |f| f.name.as_str());
                note(
                    world,
                    "purge",
                    format!("{n} members of {fac} lose their seats in the {inst}."),
                    vec![],
                );
            }
        }
        SetFlag(f) => {
            world.resource_mut::<EventState>().flags.insert(f.clone());
        }
        ClearFlag(f) => {
            world.resource_mut::<EventState>().flags.remove(f);
        }
        Chronicle(text) => note(world, "event", text.clone(), ev.figures.clone()),
        FireEvent { event, days } => {
            let when = date.add_days(i64::from((*days).max(1)));
            let mut state = world.resource_mut::<EventState>();
            state.scheduled.push((when, event.clone()));
            state.fired_by.insert(event.clone(), ev.id.clone());
        }
    }
}

fn battle(world: &mut World, data: &ScenarioData, ev: &EventDef, e: &Effect) {
    let Effect::Battle {
        id,
        site,
        attacker,
        defender,
        attacker_allies,
        defender_allies,
        from,
        encircled,
        start_hour,
        on_win,
        on_loss,
    } = e
    else {
        return;
    };
    let date = world.resource::<Calendar>().date;
    let places = if from.is_empty() {
        data.scenario.capital.clone()
    } else {
        from.clone()
    };
    let factions = free_factions(world);
    let side_forces = |world: &mut World, lead: &String, allies: &[String]| {
        let mut units = Vec::new();
        for f in std::iter::once(lead).chain(allies) {
            units.extend(super::forces::staging::forces_at(world, f, &places, |c| {
                factions.get(c).cloned()
            }));
        }
        units
    };
    let attackers = side_forces(world, attacker, attacker_allies);
    let defenders = side_forces(world, defender, defender_allies);
    let site_def = data.common.sites.iter().find(|s| &s.id == site);
    let site_name = site_def.map_or(site.as_str(), |s| s.name.as_str());
    // "the dacha" for a building, but a city by its bare name.
    let the_site = match site_def.map(|s| s.kind.as_str()) {
        Some("city") => site_name.to_string(),
        _ => format!("the {site_name}"),
    };
    let commanders = |world: &mut World,
                      units: &[super::forces::battles::Combatant],
                      faction: &str,
                      allies: &[String]| {
        let ids: BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let mut c: Vec<String> = world
            .query::<(&Unit, &UnitState)>()
            .iter(world)
            .filter(|(u, _)| ids.contains(u.id.as_str()))
            .filter_map(|(_, s)| s.commander.clone())
            .collect();
        c.extend(
            ev.figures
                .iter()
                .filter(|f| {
                    factions
                        .get(*f)
                        .is_some_and(|x| x == faction || allies.contains(x))
                })
                .cloned(),
        );
        c.sort();
        c.dedup();
        c
    };
    let plan = BattlePlan {
        id: format!("{id}_{}", date),
        name: match site_def.map(|s| s.kind.as_str()) {
            Some("city") => format!("Battle of {site_name}"),
            _ => format!("Assault on the {site_name}"),
        },
        site: site.clone(),
        encircled: *encircled,
        start_hour: *start_hour,
        attacker: BattleSide {
            name: data
                .faction(attacker)
                .map_or(attacker.clone(), |f| f.name.clone()),
            faction: attacker.clone(),
            commanders: commanders(world, &attackers, attacker, attacker_allies),
            units: attackers,
        },
        defender: BattleSide {
            name: data
                .faction(defender)
                .map_or(defender.clone(), |f| f.name.clone()),
            faction: defender.clone(),
            commanders: commanders(world, &defenders, defender, defender_allies),
            units: defenders,
        },
    };
    // Staged as a coup's battle is, on the same stream.
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let report = stage_battle(world, plan, &mut rng);
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    let won = match report {
        Staged::NoAttack => {
            let text = format!("No troops answer the call to attack {the_site}.");
            note(world, "battle", text, ev.figures.clone());
            false
        }
        Staged::Undefended => {
            let text = format!("{the_site} falls without a fight: nobody defends it.");
            let text = text[..1].to_uppercase() + &text[1..];
            note(world, "battle", text, ev.figures.clone());
            true
        }
        Staged::Fought(report) => {
            note(world, "battle", report.summary_line(), ev.figures.clone());
            report.winner == Winner::Attacker
        }
    };
    let flag = format!("{id}_{}", if won { "won" } else { "lost" });
    world.resource_mut::<EventState>().flags.insert(flag);
    let next = if won { on_win } else { on_loss };
    if let Some(next) = next
        && let Some(nev) = data.common.events.iter().find(|x| &x.id == next)
    {
        fire(world, data, nev);
    }
}

/// One line per effect, for the option's tooltip.
pub fn describe_effects(data: &ScenarioData, effects: &[Effect]) -> String {
    let name = |id: &str| figure_name(data, id);
    let faction = |id: &str| {
        data.faction(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let office = |key: &str| {
        let (i, o) = key.split_once('.').unwrap_or((key, ""));
        data.common
            .institutions
            .iter()
            .find(|x| x.id == i)
            .and_then(|x| x.offices.iter().find(|y| y.id == o))
            .map_or_else(|| key.to_string(), |y| y.name.clone())
    };
    let signed = |v: f32| format!("{v:+.0}");
    let lines: Vec<String> = effects
        .iter()
        .filter_map(|e| {
            use Effect::*;
            Some(match e {
                Loyalty {
                    figure,
                    faction: f,
                    by,
                } => format!(
                    "{}: loyalty to {} {}",
                    name(figure),
                    faction(f),
                    signed(*by)
                ),
                Popularity { figure, by } => {
                    format!("{}: popularity {}", name(figure), signed(*by))
                }
                Fear { figure, by } => format!("{}: fear {}", name(figure), signed(*by)),
                Paranoia(by) => format!("The leader's paranoia {}", signed(*by)),
                Suspicion { figure, by } => {
                    format!("The leader's suspicion of {} {}", name(figure), signed(*by))
                }
                Unrest { region, by } => format!("Unrest in {region} {}", signed(*by)),
                JoinFaction { figure, faction: f } => {
                    format!("{} goes over to {}", name(figure), faction(f))
                }
                Appoint {
                    figure, office: o, ..
                } => {
                    format!("{} becomes {}", name(figure), office(o))
                }
                Dismiss { figure, office: o } => {
                    format!("{} loses the post of {}", name(figure), office(o))
                }
                Arrest(f) => format!("{} is arrested", name(f)),
                Release(f) => format!("{} is set free", name(f)),
                SetStatus { figure, status } => format!("{}: {}", name(figure), status.label()),
                StartPlot {
                    organiser, goal, ..
                } => format!(
                    "{} starts a plot ({})",
                    name(organiser),
                    if goal == "coup" { "coup" } else { "vote" }
                ),
                SpawnUnit(u) => format!("{} is raised ({} men)", u.name, u.men),
                MoveUnit { unit, to } => format!("{unit} marches to {to}"),
                Mobilise(u) => format!("{u} is mobilised"),
                SetCommander { unit, figure } => match figure {
                    Some(f) => format!("{} takes command of {unit}", name(f)),
                    None => format!("{unit} loses its commander"),
                },
                Battle {
                    site,
                    attacker,
                    defender,
                    ..
                } => format!(
                    "Battle: {} attack {} at {site}",
                    faction(attacker),
                    faction(defender)
                ),
                FireEvent { .. } => "Something follows".into(),
                Expel {
                    faction: f,
                    institution,
                } => format!("{} lose their seats in {institution}", faction(f)),
                SetFlag(_) | ClearFlag(_) | Chronicle(_) => return None,
            })
        })
        .collect();
    if lines.is_empty() {
        "No immediate effect.".into()
    } else {
        lines.join("\n")
    }
}

/// The sides whose victory conditions hold now, in the scenario's order.
pub fn victors(world: &mut World) -> Vec<String> {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return Vec::new();
    };
    data.scenario
        .sides
        .iter()
        .filter(|side| {
            if side.victory.is_empty() {
                holds(world, &Condition::RulerFaction(side.faction.clone()))
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
    for u in units {
        let exists = world.query::<&Unit>().iter(world).any(|x| x.id == u.id);
        if !exists {
            world.spawn((SimEntity, super::forces::units::unit_bundle(data, &u, true)));
        }
    }
}
