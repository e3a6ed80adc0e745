//! Moving units: the travel graph of regions and sites, routes, and marches by the hour.

use super::units::{March, Region, Site, Unit, UnitState};
use crate::scenario::map::MapData;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Effective speed of a unit moved between regions by rail, loading and waiting
/// included, in km/h. A model constant: about 480 km a day.
pub const RAIL_KMH: f32 = 20.0;
/// Hours to entrain and detrain at either end of a rail journey.
pub const RAIL_LOADING_HOURS: f32 = 8.0;
/// Furthest a region's forces stand from one of its sites, in km.
pub const SITE_APPROACH_KM: f32 = 30.0;

/// How places connect: regions with their neighbours by rail, sites with their
/// region and with the other sites in it by road. Distances in km.
#[derive(Clone, Debug, Default)]
pub struct TravelGraph {
    pub edges: BTreeMap<String, Vec<(String, f32, bool)>>,
}

/// The graph the run moves units on, shared by every run of the process.
#[derive(Resource, Clone, Debug, Default)]
pub struct Travel(pub std::sync::Arc<TravelGraph>);

impl TravelGraph {
    pub fn from_map(map: &MapData) -> Self {
        let mut g = TravelGraph::default();
        let dist =
            |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        let mut add = |a: &str, b: &str, km: f32, rail: bool| {
            g.edges
                .entry(a.to_string())
                .or_default()
                .push((b.to_string(), km, rail));
            g.edges
                .entry(b.to_string())
                .or_default()
                .push((a.to_string(), km, rail));
        };
        for r in &map.regions {
            for n in r.neighbours.iter().filter(|n| n.as_str() > r.id.as_str()) {
                if let Some(o) = map.region(n) {
                    add(&r.id, n, dist(r.label, o.label), true);
                }
            }
        }
        for (i, s) in map.sites.iter().enumerate() {
            if let Some(r) = map.region(&s.region) {
                add(
                    &s.id,
                    &r.id,
                    dist(s.pos, r.label).min(SITE_APPROACH_KM),
                    false,
                );
            }
            for o in map.sites[i + 1..].iter().filter(|o| o.region == s.region) {
                add(&s.id, &o.id, dist(s.pos, o.pos), false);
            }
        }
        for v in g.edges.values_mut() {
            v.sort_by(|a, b| a.0.cmp(&b.0));
        }
        g
    }

    /// The map's graph, read once per process; empty if the map cannot be read.
    pub fn shared() -> std::sync::Arc<TravelGraph> {
        static GRAPH: std::sync::OnceLock<std::sync::Arc<TravelGraph>> = std::sync::OnceLock::new();
        GRAPH
            .get_or_init(|| {
                std::sync::Arc::new(
                    crate::scenario::map::shared_map()
                        .map(|m| TravelGraph::from_map(&m))
                        .unwrap_or_default(),
                )
            })
            .clone()
    }

    /// Hours for one leg at a road speed of `road_kmh`.
    pub fn leg_hours(km: f32, rail: bool, road_kmh: f32) -> u32 {
        let h = if rail {
            km / RAIL_KMH + RAIL_LOADING_HOURS
        } else {
            km / road_kmh.max(0.5)
        };
        (h.ceil() as u32).max(1)
    }

    /// The quickest route from `from` to `to`: each place passed with the hours its leg
    /// takes. `None` when there is no way.
    pub fn route(&self, from: &str, to: &str, road_kmh: f32) -> Option<Vec<(String, u32)>> {
        if from == to {
            return Some(Vec::new());
        }
        // Dijkstra on a graph of a few dozen places; ties broken by id for determinism.
        // Each place: hours from the start, and the place before it with the leg's hours.
        type Best<'a> = BTreeMap<&'a str, (u32, Option<(&'a str, u32)>)>;
        let mut best: Best = BTreeMap::new();
        let mut open: std::collections::BTreeSet<(u32, &str)> = std::collections::BTreeSet::new();
        best.insert(from, (0, None));
        open.insert((0, from));
        while let Some((d, at)) = open.pop_first() {
            if at == to {
                break;
            }
            if best.get(at).is_some_and(|b| b.0 < d) {
                continue;
            }
            for (next, km, rail) in self.edges.get(at).into_iter().flatten() {
                let h = Self::leg_hours(*km, *rail, road_kmh);
                let nd = d + h;
                if best.get(next.as_str()).is_none_or(|b| nd < b.0) {
                    best.insert(next.as_str(), (nd, Some((at, h))));
                    open.insert((nd, next.as_str()));
                }
            }
        }
        let mut legs = Vec::new();
        let mut at = to;
        while at != from {
            let (_, prev) = best.get(at)?;
            let (p, h) = (*prev)?;
            legs.push((at.to_string(), h));
            at = p;
        }
        legs.reverse();
        Some(legs)
    }
}

/// Sends a unit marching to `to`. Refused with a reason when there is no such unit or
/// no way there.
pub fn order_march(world: &mut World, unit: &str, to: &str) -> Result<u32, String> {
    let graph = world
        .get_resource::<Travel>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let speeds: BTreeMap<String, f32> = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()
        .map(|d| {
            d.0.common
                .unit_types
                .iter()
                .map(|t| (t.id.clone(), t.speed_kmh))
                .collect()
        })
        .unwrap_or_default();
    let mut q = world.query::<(&Unit, &mut UnitState)>();
    let (u, mut s) = q
        .iter_mut(world)
        .find(|(u, _)| u.id == unit)
        .ok_or_else(|| format!("no unit `{unit}`"))?;
    if s.men == 0 {
        return Err(format!("`{unit}` has no men left"));
    }
    let speed = speeds.get(&u.kind).copied().unwrap_or(4.0);
    let legs = graph
        .route(&s.location, to, speed)
        .ok_or_else(|| format!("no way from `{}` to `{to}`", s.location))?;
    let hours = legs.iter().map(|l| l.1).sum();
    s.march = (!legs.is_empty()).then(|| March {
        to: to.to_string(),
        legs,
        done: 0,
    });
    Ok(hours)
}

/// Moves marching units on by the tick's hours: a day, or an hour in a crisis.
pub fn march_units(
    calendar: Res<crate::sim::calendar::Calendar>,
    mut units: Query<(&Unit, &mut UnitState)>,
    mut chronicle: ResMut<crate::sim::chronicle::Chronicle>,
    scenario: Res<crate::sim::spawn::LoadedScenario>,
    places: Query<(Option<&Region>, Option<&Site>)>,
) {
    let hours = match calendar.mode {
        crate::sim::calendar::TickMode::Daily => 24,
        crate::sim::calendar::TickMode::Hourly => 1,
    };
    let mut arrivals: Vec<(String, String)> = Vec::new();
    for (u, mut s) in &mut units {
        if s.march.is_none() {
            continue;
        }
        let mut location = s.location.clone();
        let Some(m) = s.march.as_mut() else { continue };
        m.done += hours;
        while let Some((next, h)) = m.legs.first().cloned() {
            if m.done < h {
                break;
            }
            m.done -= h;
            location = next;
            m.legs.remove(0);
        }
        let arrived = m.legs.is_empty();
        if arrived {
            arrivals.push((u.name.clone(), m.to.clone()));
            s.march = None;
        }
        if s.location != location {
            s.location = location;
        }
    }
    arrivals.sort();
    for (name, to) in arrivals {
        let to = places
            .iter()
            .find_map(|(r, s)| match (r, s) {
                (Some(r), _) if r.id == to => Some(r.name.clone()),
                (_, Some(s)) if s.id == to => Some(s.name.clone()),
                _ => None,
            })
            .unwrap_or(to);
        chronicle.line(
            (calendar.date, calendar.hour),
            &scenario.0.common.chronicle,
            crate::scenario::chronicle::Line::Arrives,
            &[("unit", &name), ("place", &to)],
            vec![],
        );
    }
}
