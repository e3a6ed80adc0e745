//! The reckoning of the invasion: the army the run has made, measured on the day, and
//! the campaign that follows week by week along the axes of common/reckoning.ron. A
//! pure function of the world on the day; see docs/reckoning.md for the model and its
//! calibration.

use super::country::Country;
use super::forces::units::{Unit, UnitState};
use super::people::{Figure, FigureStatus, Standing};
use super::politics::institutions::Office;
use super::spawn::{LoadedScenario, RunResource};
use super::{SimSet, SimTick};
use crate::model::Date;
use crate::scenario::reckoning::{ArmyMeasure, ReckoningDef};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

mod campaign;
mod war;

pub use campaign::{WeekNews, begin, campaign, front_now, step, week_ends};
pub use war::War;

/// Military skill from which a figure counts among the army's able commanders.
const ABLE: u8 = 7;

/// What became of the country in the campaign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reckoning {
    pub date: Date,
    pub weeks: u32,
    /// The army on the day, and the record's.
    pub army: ArmyMeasure,
    pub reference: ArmyMeasure,
    /// The army's strength against the record's (1.0: the army of 1941).
    pub strength: f32,
    pub surprise: f32,
    /// The modifiers that applied, by cause.
    pub causes: Vec<String>,
    /// Each axis's front, km from the start line, at the end of each week.
    pub front: BTreeMap<String, Vec<f32>>,
    /// Each place: the day it fell or was besieged, and the record's.
    pub places: Vec<PlaceFate>,
    /// The regions of the map the front passed, in the order they were lost.
    pub regions_lost: Vec<String>,
    /// Men lost for good: killed, missing and captured; and of them captured.
    pub losses: u32,
    pub captured: u32,
    /// Aircraft lost on the first day, on the ground and in the air.
    #[serde(default)]
    pub aircraft_lost: u32,
    /// Compared with the record: "better", "as in the record" or "worse".
    pub verdict: String,
    /// Weeks fought so far (all of `weeks` once the campaign is over).
    #[serde(default)]
    pub weeks_fought: u32,
    /// The share of the country's industry lost with the regions the front passed,
    /// less what was carried east in time.
    #[serde(default)]
    pub industry_lost: f32,
    /// The campaign terms (common/reckoning.ron) that held in some week, by cause.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Running totals behind `losses` and `captured`, kept exact between weeks.
    #[serde(default)]
    pub(crate) lost_men: f32,
    #[serde(default)]
    pub(crate) lost_captured: f32,
}

impl Reckoning {
    /// How far the front has come on the axis, km from the start line.
    pub fn front_km(&self, axis: &str) -> f32 {
        self.front
            .get(axis)
            .and_then(|w| w.last())
            .copied()
            .unwrap_or(0.0)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceFate {
    pub id: String,
    pub name: String,
    pub axis: String,
    pub fell: Option<Date>,
    pub besieged: Option<Date>,
    pub record: Option<Date>,
    pub record_besieged: Option<Date>,
}

/// The army as it stands: readiness, equipment, able commanders free, the best
/// commander at its head.
pub fn measure_army(world: &mut World) -> Option<ArmyMeasure> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let army = data.scenario.army.clone()?;
    let readiness = super::snapshot::army_readiness(world)?;
    let equipment = world
        .get_resource::<Country>()
        .and_then(|c| c.value("army_equipment"))
        .unwrap_or(100.0);
    let skills: BTreeMap<&str, u8> = data
        .common
        .figures
        .iter()
        .map(|f| (f.id.as_str(), f.skills.military))
        .collect();
    let served = army_men(world, &data.scenario, army.as_str());
    let (mut able, mut free) = (0u32, 0u32);
    let mut standing: BTreeMap<String, FigureStatus> = BTreeMap::new();
    for (f, s) in world.query::<(&Figure, &Standing)>().iter(world) {
        standing.insert(f.id.to_string(), s.status);
        if served.contains(f.id.as_str()) && skills.get(f.id.as_str()).is_some_and(|k| *k >= ABLE) {
            // Those who died in their beds are not the purge's; the rest are.
            if s.status == FigureStatus::NaturalDeath {
                continue;
            }
            able += 1;
            free += u32::from(s.status.can_act());
        }
    }
    let leadership = world
        .query::<&Office>()
        .iter(world)
        .filter(|o| o.key.institution() == army.as_str())
        .flat_map(|o| o.holders.iter())
        .filter(|h| standing.get(h.as_str()).is_some_and(|s| s.can_act()))
        .filter_map(|h| skills.get(h.as_str()).copied())
        .max()
        .unwrap_or(1);
    Some(ArmyMeasure {
        readiness,
        equipment,
        commanders_free: if able == 0 {
            1.0
        } else {
            free as f32 / able as f32
        },
        leadership: f32::from(leadership),
    })
}

/// The men the army could use: those who held its offices or led its units at the start,
/// and those who hold or lead them now. A man abroad before the run never served it.
fn army_men(
    world: &mut World,
    scenario: &crate::scenario::schema::ScenarioDef,
    army: &str,
) -> BTreeSet<String> {
    let of_army = |key: &str| key.split('.').next() == Some(army);
    let mut men: BTreeSet<String> = (scenario.offices.iter())
        .filter(|(k, _)| of_army(k.as_str()))
        .flat_map(|(_, v)| v.iter().map(|f| f.to_string()))
        .collect();
    men.extend(
        (scenario.units.iter())
            .filter(|u| u.institution == army)
            .filter_map(|u| u.commander.as_ref().map(|c| c.to_string())),
    );
    for o in world.query::<&Office>().iter(world) {
        if of_army(o.key.as_str()) {
            men.extend(o.holders.iter().map(|f| f.to_string()));
        }
    }
    for (u, st) in world.query::<(&Unit, &UnitState)>().iter(world) {
        if u.institution == army {
            men.extend(st.commander.as_ref().map(|c| c.to_string()));
        }
    }
    men
}

/// The army's strength against the record's: the product of each measure's ratio to
/// the reference, raised to its elasticity.
pub fn strength(def: &ReckoningDef, army: &ArmyMeasure) -> f32 {
    let (r, e) = (&def.reference, &def.elasticity);
    let ratio = |v: f32, reference: f32, el: f32| (v.max(0.01) / reference.max(0.01)).powf(el);
    ratio(army.readiness, r.readiness, e.readiness)
        * ratio(army.equipment, r.equipment, e.equipment)
        * ratio(army.commanders_free, r.commanders_free, e.commanders_free)
        * ratio(army.leadership, r.leadership, e.leadership)
}

pub(crate) fn plugin(app: &mut App) {
    war::plugin(app);
    app.init_run_resource::<ArmyOutlook>().add_systems(
        SimTick,
        refresh_outlook
            .in_set(SimSet::Institutions)
            // The day's army as it ends: after the country's month and the
            // institutions' day (competence regained), whatever else the stage holds.
            .after(super::country::press_on_the_world)
            .after(super::politics::institutions::update_control)
            .run_if(super::country::on_new_month),
    );
}

/// The campaign as it would go if the invasion came today, taken afresh each month for
/// the window: the army as it stands, the choices in force, and what they would cost.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct ArmyOutlook(pub Option<Reckoning>);

fn refresh_outlook(world: &mut World) {
    // Exclusive: the modifiers' conditions speak the events' language, which reads the
    // whole world.
    let outlook = if_war_came_today(world);
    world.resource_mut::<ArmyOutlook>().0 = outlook;
}

/// The campaign as the world has fought it so far, once the invasion has come.
pub fn assess(world: &mut World) -> Option<Reckoning> {
    world.get_resource::<War>()?.0.clone()
}

/// The campaign fought by the army of today, in a scenario that runs to the invasion.
pub fn if_war_came_today(world: &mut World) -> Option<Reckoning> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let def = data.common.reckoning.clone()?;
    if data.scenario.end < def.date {
        return None;
    }
    let (army, strength, surprise, causes) = army_on_the_day(world, &def)?;
    Some(campaign(&def, army, strength, surprise, causes))
}

/// The army measured today, its strength and the surprise, with the modifiers' causes.
fn army_on_the_day(
    world: &mut World,
    def: &ReckoningDef,
) -> Option<(ArmyMeasure, f32, f32, Vec<String>)> {
    let army = measure_army(world)?;
    let mut strength = strength(def, &army);
    let mut surprise = def.surprise;
    let mut causes = Vec::new();
    for m in &def.modifiers {
        if super::events::conditions::holds(world, &m.when) {
            // A strength that waits for a city's fall counts week by week in the campaign.
            if m.once_fallen.is_none() {
                strength *= m.strength;
            }
            surprise += m.surprise;
            causes.push(m.cause.clone());
        }
    }
    Some((army, strength.max(0.05), surprise.clamp(0.0, 1.0), causes))
}
