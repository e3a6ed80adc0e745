//! The war the world lives through: from the day of the invasion the campaign is fought
//! a week at a time in the world's own time, to the end of the scenario. The side in
//! power answers the war's events (content), whose flags bring the campaign terms of
//! common/reckoning.ron into force; the front, the fallen cities and the losses are
//! the world's, saved with it and told in the chronicle.

use super::{Reckoning, army_on_the_day, begin, step};
use crate::scenario::chronicle::Line;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::note_line;
use crate::sim::spawn::{LoadedScenario, RunResource};
use crate::sim::{SimSet, SimTick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// The campaign under way or fought; none before the invasion.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct War(pub Option<Reckoning>);

impl War {
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// Whether the front is moving now.
    pub fn under_way(&self) -> bool {
        self.0.as_ref().is_some_and(|r| r.weeks_fought < r.weeks)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_run_resource::<War>().add_systems(
        SimTick,
        fight_the_war
            .in_set(SimSet::Institutions)
            // The army on the day as the day's institutions leave it, as the outlook
            // measures it.
            .after(crate::sim::politics::institutions::update_control)
            .run_if(war_day),
    );
}

/// Cheap test first: only the day of the invasion and the day each week ends need the
/// whole world.
fn war_day(calendar: Res<Calendar>, war: Res<War>, scenario: Option<Res<LoadedScenario>>) -> bool {
    let Some(def) = scenario
        .as_ref()
        .and_then(|s| s.0.common.reckoning.as_ref())
    else {
        return false;
    };
    match &war.0 {
        None => calendar.date >= def.date,
        Some(r) => {
            r.weeks_fought < def.weeks && calendar.date >= super::week_ends(def, r.weeks_fought + 1)
        }
    }
}

fn fight_the_war(world: &mut World) {
    // Exclusive: the army's measure and the terms' conditions read the whole world.
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let Some(def) = data.common.reckoning.as_ref() else {
        return;
    };
    let Some(mut r) = world.resource::<War>().0.clone() else {
        let Some((army, strength, surprise, causes)) = army_on_the_day(world, def) else {
            return;
        };
        let r = begin(def, army, strength, surprise, causes);
        let strength_words = format!("{:.2}", r.strength);
        let surprise_words = format!("{:.0}%", r.surprise * 100.0);
        note_line(
            world,
            &data,
            Line::WarBegins,
            &[("strength", &strength_words), ("surprise", &surprise_words)],
            Vec::new(),
        );
        world.resource_mut::<War>().0 = Some(r);
        return;
    };
    let terms: Vec<_> = def
        .terms
        .iter()
        .filter(|t| crate::sim::events::conditions::holds(world, &t.when))
        .collect();
    let news = step(def, &mut r, &terms);
    for place in &news.fell {
        note_line(
            world,
            &data,
            Line::PlaceFalls,
            &[("place", place)],
            Vec::new(),
        );
    }
    for place in &news.besieged {
        note_line(
            world,
            &data,
            Line::PlaceBesieged,
            &[("place", place)],
            Vec::new(),
        );
    }
    if r.weeks_fought == def.weeks {
        let held: Vec<&str> = r
            .places
            .iter()
            .filter(|p| p.fell.is_none())
            .map(|p| p.name.as_str())
            .collect();
        let losses = crate::model::grouped(r.losses);
        let captured = crate::model::grouped(r.captured);
        let held = held.join(", ");
        note_line(
            world,
            &data,
            Line::WarWinter,
            &[
                ("losses", &losses),
                ("captured", &captured),
                ("held", &held),
            ],
            Vec::new(),
        );
    }
    world.resource_mut::<War>().0 = Some(r);
}
