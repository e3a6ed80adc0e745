//! The reckoning of the invasion: the army the run has made, measured on the day, and
//! the campaign that follows week by week along the axes of common/reckoning.ron. A
//! pure function of the world on the day; see docs/reckoning.md for the model and its
//! calibration.

use super::country::Country;
use super::people::{Figure, FigureStatus, Standing};
use super::politics::institutions::Office;
use super::spawn::{LoadedScenario, RunResource};
use super::{SimSet, SimTick};
use crate::model::Date;
use crate::scenario::reckoning::{ArmyMeasure, ReckoningDef};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// Compared with the record: "better", "as in the record" or "worse".
    pub verdict: String,
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
    let (mut able, mut free) = (0u32, 0u32);
    let mut standing: BTreeMap<String, FigureStatus> = BTreeMap::new();
    for (f, s) in world.query::<(&Figure, &Standing)>().iter(world) {
        standing.insert(f.id.clone(), s.status);
        if skills.get(f.id.as_str()).is_some_and(|k| *k >= ABLE) {
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
        .filter(|o| o.key.split('.').next() == Some(army.as_str()))
        .flat_map(|o| o.holders.iter())
        .filter(|h| standing.get(*h).is_some_and(|s| s.can_act()))
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

/// The campaign, if the scenario reaches the day of the invasion and has a reckoning.
pub fn assess(world: &mut World) -> Option<Reckoning> {
    let date = world.resource::<super::calendar::Calendar>().date;
    let def_date = world
        .get_resource::<LoadedScenario>()?
        .0
        .common
        .reckoning
        .as_ref()?
        .date;
    if date < def_date {
        return None;
    }
    if_war_came_today(world)
}

/// The campaign fought by the army of today, in a scenario that runs to the invasion.
pub fn if_war_came_today(world: &mut World) -> Option<Reckoning> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let def = data.common.reckoning.clone()?;
    if data.scenario.end < def.date {
        return None;
    }
    let army = measure_army(world)?;
    let mut strength = strength(&def, &army);
    let mut surprise = def.surprise;
    let mut causes = Vec::new();
    for m in &def.modifiers {
        if super::events::conditions::holds(world, &m.when) {
            strength *= m.strength;
            surprise += m.surprise;
            causes.push(m.cause.clone());
        }
    }
    Some(campaign(
        &def,
        army,
        strength.max(0.05),
        surprise.clamp(0.0, 1.0),
        causes,
    ))
}

/// Plays the campaign week by week.
pub fn campaign(
    def: &ReckoningDef,
    army: ArmyMeasure,
    strength: f32,
    surprise: f32,
    causes: Vec<String>,
) -> Reckoning {
    let pace = strength
        .powf(-def.pace_exponent)
        .max(def.pace_range.0)
        .min(def.pace_range.1);
    let early = (1.0 + def.surprise_pace * (surprise - def.surprise)).max(0.1);
    let mut front = BTreeMap::new();
    let mut places = Vec::new();
    let mut passed: Vec<(u32, f32, String)> = Vec::new();
    let mut km_total = 0.0;
    for axis in &def.axes {
        let mut km = 0.0f32;
        let mut line = Vec::new();
        let mut fates: Vec<PlaceFate> = axis
            .places
            .iter()
            .map(|p| PlaceFate {
                id: p.id.clone(),
                name: p.name.clone(),
                axis: axis.id.clone(),
                fell: None,
                besieged: None,
                record: p.record,
                record_besieged: p.record_besieged,
            })
            .collect();
        let weekly = axis
            .phases
            .iter()
            .flat_map(|(weeks, km)| std::iter::repeat_n(*km, *weeks as usize));
        for (week, base) in (1..=def.weeks).zip(weekly.chain(std::iter::repeat(0.0))) {
            let surprised = if week <= axis.surprise_weeks {
                early
            } else {
                1.0
            };
            km += (base * pace * surprised).min(def.max_week_km);
            let day = def.date.add_days(i64::from(week) * 7);
            for (p, fate) in axis.places.iter().zip(fates.iter_mut()) {
                if fate.fell.is_none() && km >= p.km {
                    fate.fell = Some(day);
                }
                if fate.besieged.is_none() && p.besieged.is_some_and(|b| km >= b) {
                    fate.besieged = Some(day);
                }
            }
            for r in def.regions.iter().filter(|r| r.axis == axis.id) {
                if km >= r.km && !passed.iter().any(|(_, _, id)| *id == r.region) {
                    passed.push((week, r.km, r.region.clone()));
                }
            }
            line.push((km * 10.0).round() / 10.0);
        }
        km_total += km;
        front.insert(axis.id.clone(), line);
        places.extend(fates);
    }
    passed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let shock = 0.5 + surprise;
    let losses = (def.losses.per_km * km_total + def.losses.per_week * def.weeks as f32) * shock
        / (0.5 + def.surprise);
    let captured = losses * (def.losses.captured * surprise / def.surprise.max(0.01)).min(0.9);
    let lost_vs_record = places
        .iter()
        .filter(|p| p.fell.is_some() != p.record.is_some())
        .map(|p| if p.fell.is_some() { 1 } else { -1 })
        .sum::<i32>();
    let verdict = match lost_vs_record {
        n if n < 0 => "better",
        0 => "as in the record",
        _ => "worse",
    };
    Reckoning {
        date: def.date,
        weeks: def.weeks,
        army,
        reference: def.reference.clone(),
        strength: (strength * 1000.0).round() / 1000.0,
        surprise,
        causes,
        front,
        places,
        regions_lost: passed.into_iter().map(|(_, _, id)| id).collect(),
        losses: losses.round() as u32,
        captured: captured.round() as u32,
        verdict: verdict.to_string(),
    }
}
