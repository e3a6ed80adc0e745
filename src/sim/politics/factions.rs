//! Factions and their power; the leader's hold on power as one number with its parts.

use crate::model::FactionId;
use crate::sim::calendar::on_new_day;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::spawn::RunResource;
use crate::sim::{Ids, SimSet, SimTick};
use bevy::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Trends>().add_systems(
        SimTick,
        (record_trends, crate::sim::history::record_divergence)
            .chain()
            .in_set(SimSet::Factions)
            .after(compute_hold)
            .run_if(on_new_day),
    );
    app.init_run_resource::<LeaderHold>().add_systems(
        SimTick,
        (compute_power, compute_hold)
            .chain()
            .in_set(SimSet::Factions)
            .run_if(on_new_day.and_then(crate::sim::politics::institutions::allegiances_changed)),
    );
}

#[derive(Component, Clone, Debug)]
pub struct Faction {
    pub id: FactionId,
    pub name: String,
    pub color: (u8, u8, u8),
}

/// A number and what it is made of, for tooltips: every figure shown can be explained.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Breakdown {
    pub total: f32,
    pub parts: Vec<(String, f32)>,
}

impl Breakdown {
    pub fn add(&mut self, what: impl Into<String>, v: f32) {
        if v != 0.0 {
            self.total += v;
            self.parts.push((what.into(), v));
        }
    }
}

#[derive(Component, Clone, Debug, Default)]
pub struct FactionPower(pub Breakdown);

/// The run month by month, for the history charts: each faction's power, the ruler's
/// hold and the arrests so far, on the first of each month.
#[derive(Resource, Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Trends {
    pub months: Vec<TrendPoint>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrendPoint {
    pub date: crate::model::Date,
    pub power: BTreeMap<FactionId, f32>,
    pub hold: f32,
    pub arrests: u32,
    pub executions: u32,
    /// How far the run has moved from real history, 0..=100 (see `sim::history`);
    /// absent where no milestone was due yet, and in older saves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divergence: Option<f32>,
}

impl Trends {
    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }
}

fn record_trends(
    calendar: Res<crate::sim::calendar::Calendar>,
    hold: Res<LeaderHold>,
    purges: Option<Res<crate::sim::intrigue::purges::PurgeRecord>>,
    factions: Query<(&Faction, &FactionPower)>,
    mut trends: ResMut<Trends>,
) {
    if calendar.date.day != 1 && !trends.months.is_empty() {
        return;
    }
    let power = factions
        .iter()
        .map(|(f, p)| (f.id.clone(), (p.0.total * 10.0).round() / 10.0))
        .collect();
    trends.months.push(TrendPoint {
        date: calendar.date,
        power,
        hold: (hold.value.total * 10.0).round() / 10.0,
        arrests: purges.as_ref().map_or(0, |p| p.arrests),
        executions: purges.as_ref().map_or(0, |p| p.executions),
        divergence: None,
    });
}

/// Men (or tenths of a tank) behind one point of a faction's power.
const ARMED_MEN_PER_POINT: f32 = 10_000.0;

/// How firmly the scenario's leader holds power, 0..=100.
#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct LeaderHold {
    pub figure: String,
    pub value: Breakdown,
}

/// What a figure's popularity adds to his faction's power: nothing once he is not free
/// (the card shows the same share).
pub fn popularity_power(s: &Standing) -> f32 {
    if s.status.can_act() {
        s.popularity / 20.0
    } else {
        0.0
    }
}

pub fn compute_power(
    ids: Res<Ids>,
    figures: Query<(&Figure, &Standing)>,
    offices: Query<&Office>,
    units: Query<(
        &crate::sim::forces::units::Unit,
        &crate::sim::forces::units::UnitState,
    )>,
    institutions: Query<&crate::sim::politics::institutions::Institution>,
    mut factions: Query<(&Faction, &mut FactionPower)>,
) {
    // Armed strength: the men of the units that would follow each faction, in tens of
    // thousands, tanks counting as ten men each. Summed as integers, so the total does
    // not depend on the order the units come in.
    let controllers: BTreeMap<&str, Option<FactionId>> = institutions
        .iter()
        .map(|i| (i.id.as_str(), i.controller.clone()))
        .collect();
    // Who each free figure follows, hashed: thousands of units look their commander up
    // every day. Only lookups; nothing is iterated in hash order.
    let follows: std::collections::HashMap<&str, &str> = figures
        .iter()
        .filter(|(_, s)| s.status.can_act())
        .filter_map(|(f, s)| Some((f.id.as_str(), s.faction.as_ref().map(FactionId::as_str)?)))
        .collect();
    let mut men_by_faction: BTreeMap<&str, u64> = BTreeMap::new();
    for (u, s) in &units {
        if s.men == 0 && s.tanks == 0 {
            continue;
        }
        let faction = crate::sim::forces::units::follows(
            s,
            u,
            |c| follows.get(c).copied(),
            |i| {
                controllers
                    .get(i)
                    .and_then(|c| c.as_ref().map(|c| c.as_str()))
            },
        );
        if let Some(f) = faction {
            *men_by_faction.entry(f).or_default() += u64::from(s.men) + 10 * u64::from(s.tanks);
        }
    }
    let from_arms: BTreeMap<&str, f32> = men_by_faction
        .into_iter()
        .map(|(f, m)| (f, m as f32 / ARMED_MEN_PER_POINT))
        .collect();
    // Sums in id order (the Ids maps are sorted), so the floating-point totals never
    // depend on archetype order; borrowed keys, so nothing is allocated per seat.
    let mut from_offices: BTreeMap<&str, f32> = BTreeMap::new();
    for e in ids.offices.values() {
        let Ok(o) = offices.get(*e) else { continue };
        for h in &o.holders {
            let fac = ids
                .figures
                .get(h)
                .and_then(|e| figures.get(*e).ok())
                .and_then(|(_, s)| s.faction.as_ref().map(FactionId::as_str));
            if let Some(f) = fac {
                *from_offices.entry(f).or_default() += o.power;
            }
        }
    }
    let mut from_popularity: BTreeMap<&str, f32> = BTreeMap::new();
    for e in ids.figures.values() {
        let Ok((_, s)) = figures.get(*e) else {
            continue;
        };
        if let (Some(f), true) = (
            s.faction.as_ref().map(FactionId::as_str),
            s.status.can_act(),
        ) {
            *from_popularity.entry(f).or_default() += popularity_power(s);
        }
    }
    for (faction, mut power) in &mut factions {
        let mut b = Breakdown::default();
        b.add(
            "offices held",
            from_offices
                .get(faction.id.as_str())
                .copied()
                .unwrap_or(0.0),
        );
        b.add(
            "members' popularity",
            from_popularity
                .get(faction.id.as_str())
                .copied()
                .unwrap_or(0.0),
        );
        b.add(
            "armed strength",
            from_arms.get(faction.id.as_str()).copied().unwrap_or(0.0),
        );
        power.0 = b;
    }
}

pub fn compute_hold(
    ids: Res<Ids>,
    ruler: Res<super::ruler::Ruler>,
    mut hold: ResMut<LeaderHold>,
    figures: Query<&Standing>,
    factions: Query<(&Faction, &FactionPower)>,
) {
    // The hold is the ruler's; with the office vacant, the last ruler's.
    if let Some(r) = ruler.figure()
        && r != hold.figure
    {
        hold.figure = r.to_string();
    }
    let Some(leader) = ids
        .figures
        .get(&hold.figure)
        .and_then(|e| figures.get(*e).ok())
    else {
        return;
    };
    let mut b = Breakdown::default();
    if !leader.status.can_act() {
        hold.value = b;
        return;
    }
    let total: f32 = factions.iter().map(|(_, p)| p.0.total.max(0.0)).sum();
    let own = leader
        .faction
        .as_ref()
        .and_then(|f| ids.factions.get(f))
        .and_then(|e| factions.get(*e).ok())
        .map_or(0.0, |(_, p)| p.0.total.max(0.0));
    if total > 0.0 {
        b.add("own faction's share of power", 70.0 * own / total);
    }
    b.add("personal popularity", leader.popularity * 0.3);
    b.total = b.total.clamp(0.0, 100.0);
    hold.value = b;
}
