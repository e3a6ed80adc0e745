//! The world outside, as the run has it: each power's relation to the country, taken
//! afresh each month from the terms of common/foreign.ron that hold, and the facts
//! abroad that have come to pass. A fact is judged once, on its day: if its condition
//! does not hold then, it never comes to pass. Nothing here acts on the world; it is
//! what the country can see of it.

use super::calendar::Calendar;
use super::spawn::{LoadedScenario, RunResource};
use super::{SimSet, SimTick};
use crate::model::Date;
use crate::scenario::foreign::{ForeignDef, RELATION_LIMIT, RelationTerm};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Foreign>().add_systems(
        SimTick,
        follow_the_world
            .in_set(SimSet::Chronicle)
            .run_if(|c: Res<Calendar>| c.new_day),
    );
}

/// The foreign situation of the run.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Foreign {
    /// Each power's standing with the country, by id, as of the month's first day.
    pub powers: BTreeMap<String, PowerStanding>,
    /// The facts that have come to pass, oldest first.
    pub facts: Vec<ForeignFact>,
    /// Every fact dated up to this day has been judged.
    pub judged_through: Option<Date>,
}

impl Foreign {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PowerStanding {
    /// -100 (hostile) ..= 100 (allied).
    pub relation: f32,
    /// The terms in force, as (cause, amount), in the order of the file.
    pub causes: Vec<(String, f32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForeignFact {
    pub date: Date,
    /// The power it concerns, by id.
    pub power: String,
    pub text: String,
}

/// Whether a term's dates allow it today; its condition is for the caller to judge.
fn in_season(t: &RelationTerm, date: Date) -> bool {
    t.after.is_none_or(|a| date >= a) && t.before.is_none_or(|b| date < b)
}

fn follow_the_world(world: &mut World) {
    // Exclusive: the terms' and facts' conditions speak the events' language, which
    // reads the whole world.
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    let Some(def) = data.common.foreign.as_ref() else {
        return;
    };
    let calendar = world.resource::<Calendar>().clone();
    let first = world.resource::<Foreign>().judged_through.is_none();
    if first || calendar.date.day == 1 {
        let powers = standings(world, def, calendar.date);
        world.resource_mut::<Foreign>().powers = powers;
    }
    judge_facts(world, def, calendar.date);
}

/// Each power's relation today: its base and every term in force, within the limits.
pub fn standings(
    world: &mut World,
    def: &ForeignDef,
    date: Date,
) -> BTreeMap<String, PowerStanding> {
    let mut out = BTreeMap::new();
    for p in &def.powers {
        let mut s = PowerStanding {
            relation: p.relation,
            causes: Vec::new(),
        };
        for t in p.terms.iter().filter(|t| in_season(t, date)) {
            if t.when
                .as_ref()
                .is_none_or(|c| super::events::conditions::holds(world, c))
            {
                s.relation += t.by;
                s.causes.push((t.cause.clone(), t.by));
            }
        }
        s.relation = s.relation.clamp(-RELATION_LIMIT, RELATION_LIMIT);
        out.insert(p.id.clone(), s);
    }
    out
}

/// Judges every fact whose day has come since the last judging: those whose condition
/// holds today come to pass; the others never will.
fn judge_facts(world: &mut World, def: &ForeignDef, today: Date) {
    let since = world.resource::<Foreign>().judged_through;
    let mut due: Vec<&crate::scenario::foreign::FactDef> = def
        .facts
        .iter()
        .filter(|f| f.date <= today && since.is_none_or(|s| f.date > s))
        .collect();
    due.sort_by_key(|f| f.date);
    let mut come = Vec::new();
    for f in due {
        if f.when
            .as_ref()
            .is_none_or(|c| super::events::conditions::holds(world, c))
        {
            come.push(ForeignFact {
                date: f.date,
                power: f.power.clone(),
                text: f.text.clone(),
            });
        }
    }
    let mut foreign = world.resource_mut::<Foreign>();
    foreign.facts.extend(come);
    foreign.judged_through = Some(today);
}
