//! The country, month by month: each quantity of common/country.ron moves by its terms
//! (each a named cause), and past a threshold presses back on the world through the
//! events' effects. No randomness: the country follows from policy, the weather table
//! and what the run has done.

use super::calendar::Calendar;
use super::events::EventState;
use super::intrigue::paranoia::Paranoia;
use super::people::Standing;
use super::politics::Politics;
use super::politics::factions::LeaderHold;
use super::spawn::{LoadedScenario, RunResource, RunStarted};
use super::{RunInfo, SimSet, SimTick};
use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::scenario::country::{QuantityDef, TermDef};
use crate::scenario::events::EventDef;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Country>()
        .add_systems(RunStarted, begin)
        .add_systems(
            SimTick,
            (move_quantities, press_on_the_world)
                .chain()
                .in_set(SimSet::Institutions)
                .run_if(on_new_month),
        );
}

/// The country's quantities, now and month by month.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Country {
    /// Each quantity's value now, by id.
    pub values: BTreeMap<String, f32>,
    /// Last month's change of each quantity, cause by cause, in the order of its terms.
    pub causes: BTreeMap<String, Vec<(String, f32)>>,
    /// The pressures that hold now, as `quantity.pressure`.
    pub pressing: BTreeSet<String>,
    /// The first of every month: the date and each value.
    pub series: Vec<(Date, BTreeMap<String, f32>)>,
    /// What decisions since the last month's turn add to each quantity at the next, as
    /// (the decision's title, amount).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decided: BTreeMap<String, Vec<(String, f32)>>,
}

impl Country {
    pub fn is_empty(&self) -> bool {
        *self == Country::default()
    }
    pub fn value(&self, id: &str) -> Option<f32> {
        self.values.get(id).copied()
    }
}

/// Kept to the quantity's bounds; never panics, even on bounds `check` would refuse.
fn within(v: f32, q: &QuantityDef) -> f32 {
    v.max(q.min).min(q.max)
}

/// Runs on the tick that begins a month.
pub fn on_new_month(calendar: Res<Calendar>) -> bool {
    calendar.new_day && calendar.date.day == 1
}

fn start_value(q: &QuantityDef, scenario: &str, year: i32) -> f32 {
    year_value(q, year)
        .or_else(|| q.start_by_scenario.get(scenario).copied())
        .unwrap_or(q.start)
}

/// A quantity set by a table: the entry of this year, or of the latest year before it.
fn year_value(q: &QuantityDef, year: i32) -> Option<f32> {
    q.by_year.range(..=year).next_back().map(|(_, v)| *v)
}

fn begin(
    data: Res<LoadedScenario>,
    info: Res<RunInfo>,
    calendar: Res<Calendar>,
    mut country: ResMut<Country>,
) {
    let year = calendar.date.year;
    country.values = data
        .0
        .common
        .quantities
        .iter()
        .map(|q| (q.id.clone(), start_value(q, &info.scenario, year)))
        .collect();
    if !country.values.is_empty() {
        let values = country.values.clone();
        country.series.push((calendar.date, values));
    }
}

/// Whether a term applies this month; its `when` condition is decided by the caller.
fn term_applies(t: &TermDef, data: &ScenarioData, politics: &Politics, date: Date) -> bool {
    let policy_holds = t.policy.as_ref().is_none_or(|p| {
        p.split_once('.')
            .is_some_and(|(policy, option)| politics.policy(data, policy) == Some(option))
    });
    policy_holds
        && t.month.is_none_or(|m| m == date.month)
        && t.after.is_none_or(|a| date >= a)
        && t.before.is_none_or(|b| date < b)
}

/// One month of every quantity: each term's amount is worked out from last month's
/// values, so the order of the quantities in the file does not matter.
pub(crate) fn move_quantities(world: &mut World) {
    // Exclusive: a term's condition speaks the events' language, which reads the whole
    // world.
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    if data.common.quantities.is_empty() {
        return;
    }
    let date = world.resource::<Calendar>().date;
    let paranoia = world.resource::<Paranoia>().value;
    let before = world.resource::<Country>().values.clone();
    let per = |id: &str| match id {
        "paranoia" => paranoia,
        q => before.get(q).copied().unwrap_or(0.0),
    };
    let mut values = before.clone();
    let mut causes = BTreeMap::new();
    for q in &data.common.quantities {
        if let Some(v) = year_value(q, date.year) {
            values.insert(q.id.clone(), within(v, q));
            continue;
        }
        let mut lines = Vec::new();
        for t in &q.terms {
            let applies = term_applies(t, &data, world.resource::<Politics>(), date)
                && t.when
                    .as_ref()
                    .is_none_or(|c| super::events::conditions::holds(world, c));
            if applies {
                let amount = t.by * t.per.as_deref().map_or(1.0, per);
                // Terms that share a cause are one cause to a reader: their sum.
                match lines.iter_mut().find(|(c, _)| *c == t.cause) {
                    Some((_, a)) => *a += amount,
                    None => lines.push((t.cause.clone(), amount)),
                }
            }
        }
        let decided = world
            .resource_mut::<Country>()
            .decided
            .remove(&q.id)
            .unwrap_or_default();
        for (cause, amount) in decided {
            match lines.iter_mut().find(|(c, _)| *c == cause) {
                Some((_, a)) => *a += amount,
                None => lines.push((cause, amount)),
            }
        }
        let start = before.get(&q.id).copied().unwrap_or(q.start);
        let moved = start + lines.iter().map(|(_, a)| a).sum::<f32>();
        values.insert(q.id.clone(), within(moved, q));
        causes.insert(q.id.clone(), lines);
    }
    let mut country = world.resource_mut::<Country>();
    // A decision on a quantity the year's table sets has nothing to move.
    country.decided.clear();
    country.values = values.clone();
    country.causes = causes;
    country.series.push((date, values));
}

/// The pressures that hold this month act on the world; the month one begins, the
/// chronicle says so.
pub(crate) fn press_on_the_world(world: &mut World) {
    // Exclusive: effects are the events' effects, which write anywhere in the world.
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    let country = world.resource::<Country>().clone();
    let mut pressing = BTreeSet::new();
    for q in &data.common.quantities {
        let Some(v) = country.value(&q.id) else {
            continue;
        };
        for p in &q.pressures {
            let holds = p.above.is_some_and(|a| v > a) || p.below.is_some_and(|b| v < b);
            if !holds {
                continue;
            }
            let key = format!("{}.{}", q.id, p.id);
            let ev = EventDef {
                id: format!("country:{key}"),
                scenarios: Vec::new(),
                title: q.name.clone(),
                text: p.text.clone(),
                kind: "politics".into(),
                figures: Vec::new(),
                side: None,
                ruling_side: false,
                army_side: false,
                trigger: Default::default(),
                says: Vec::new(),
                options: Vec::new(),
            };
            if !country.pressing.contains(&key) {
                let date = world.resource::<Calendar>().date;
                world.resource_mut::<super::chronicle::Chronicle>().add(
                    date,
                    0,
                    super::chronicle::ChronicleKind::Country,
                    p.text.clone(),
                    Vec::new(),
                );
            }
            for e in &p.effects {
                super::events::effects::apply(world, &data, &ev, e);
            }
            if p.ruler_popularity != 0.0 {
                let ruler = world.resource::<LeaderHold>().figure.clone();
                let e = world.resource::<super::Ids>().figures.get(&ruler).copied();
                if let Some(mut s) = e.and_then(|e| world.get_mut::<Standing>(e)) {
                    s.popularity = (s.popularity + p.ruler_popularity).clamp(0.0, 100.0);
                }
            }
            pressing.insert(key);
        }
    }
    // Flags for events: `country_<quantity>_<pressure>` while it holds.
    let mut state = world.resource_mut::<EventState>();
    for key in country.pressing.difference(&pressing) {
        state
            .flags
            .remove(&format!("country_{}", key.replace('.', "_")));
    }
    for key in &pressing {
        state
            .flags
            .insert(format!("country_{}", key.replace('.', "_")));
    }
    world.resource_mut::<Country>().pressing = pressing;
}
