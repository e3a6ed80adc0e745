//! The way a march is drawn on the map: by rail between regions where the lines run,
//! by the city's roads inside the capital, straight where neither does. Drawn only:
//! the hours a march takes are the rules' (sim::forces::movement).

use crate::scenario::map::MapData;
use crate::scenario::map_city::{MapCity, Roads};
use crate::sim::forces::units::UnitState;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// A way by rail is drawn only while it is at most this much longer than the straight
/// line: a short march does not go round by the nearest station.
const RAIL_DETOUR: f32 = 1.8;

/// Where a place is on the map, in world km: a site on its spot, a region a little
/// below its name.
pub(crate) fn place_position(map: &MapData, city: Option<&MapCity>, id: &str) -> Option<Vec2> {
    super::site_position(map, city, id).or_else(|| {
        map.region(id)
            .map(|r| Vec2::from(r.label) + Vec2::new(0.0, -60.0))
    })
}

/// The point a share `t` (0..=1) of the way along a polyline.
pub fn along(way: &[Vec2], t: f32) -> Vec2 {
    let total = length(way);
    let mut left = total * t.clamp(0.0, 1.0);
    for w in way.windows(2) {
        let d = w[0].distance(w[1]);
        if left <= d && d > 0.0 {
            return w[0].lerp(w[1], left / d);
        }
        left -= d;
    }
    way.last().copied().unwrap_or_default()
}

fn length(way: &[Vec2]) -> f32 {
    way.windows(2).map(|w| w[0].distance(w[1])).sum()
}

fn vecs(points: Vec<[f32; 2]>) -> Vec<Vec2> {
    points.into_iter().map(Vec2::from).collect()
}

/// What a march's way is found on: the map, the city with its roads, the railways.
#[derive(Clone, Copy)]
pub(crate) struct Ground<'a> {
    pub map: &'a MapData,
    pub city: Option<(&'a MapCity, &'a Roads)>,
    pub rails: Option<&'a Roads>,
}

impl Ground<'_> {
    fn in_city(&self, p: Vec2) -> bool {
        self.city.is_some_and(|(c, _)| c.contains(p.into()))
    }

    pub fn position(&self, id: &str) -> Option<Vec2> {
        place_position(self.map, self.city.map(|c| c.0), id)
    }

    /// The way from one point to another, km: by the city's roads within the city; by
    /// rail between places apart, joining the city's roads where the line crosses the
    /// city's edge; straight where no line runs near the way.
    pub fn way(&self, from: Vec2, to: Vec2) -> Vec<Vec2> {
        let (from_city, to_city) = (self.in_city(from), self.in_city(to));
        if let Some((_, roads)) = self.city
            && from_city
            && to_city
        {
            return vecs(roads.route(from.into(), to.into()));
        }
        let mut way = match self.rails {
            Some(r) => vecs(r.route(from.into(), to.into())),
            None => vec![from, to],
        };
        if length(&way) > RAIL_DETOUR * from.distance(to) {
            way = vec![from, to];
        }
        let Some((_, roads)) = self.city else {
            return way;
        };
        if to_city
            && let Some(i) = way.iter().position(|p| self.in_city(*p))
            && i > 0
        {
            let edge = self.edge(way[i - 1], way[i]);
            way.truncate(i);
            way.extend(vecs(roads.route(edge.into(), to.into())));
        }
        if from_city
            && let Some(j) = way.iter().rposition(|p| self.in_city(*p))
            && j + 1 < way.len()
        {
            let edge = self.edge(way[j + 1], way[j]);
            let mut out = vecs(roads.route(from.into(), edge.into()));
            out.extend_from_slice(&way[j + 1..]);
            way = out;
        }
        way.dedup();
        way
    }

    /// Where the stretch from `outside` to `inside` crosses the city's edge (just inside).
    fn edge(&self, outside: Vec2, inside: Vec2) -> Vec2 {
        let (mut lo, mut hi) = (outside, inside);
        for _ in 0..24 {
            let mid = lo.lerp(hi, 0.5);
            if self.in_city(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }

    /// The way of each leg of a march from `start` through `places` (each leg's end),
    /// km. A region passed on the way into one of its sites, or out of one, is no stop
    /// of its own (its mark may lie far off the way): the way runs through, and the
    /// leg ends where the way crosses the city's edge, else where it passes nearest
    /// the region's mark.
    pub fn march_ways(&self, start: &str, places: &[String]) -> Option<Vec<Vec<Vec2>>> {
        let all: Vec<&str> = std::iter::once(start)
            .chain(places.iter().map(String::as_str))
            .collect();
        let pos: Vec<Vec2> = all
            .iter()
            .map(|id| self.position(id))
            .collect::<Option<_>>()?;
        let site_region = |id: &str| {
            self.map
                .sites
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.region.as_str())
        };
        let passed = |k: usize| {
            k > 0
                && k + 1 < all.len()
                && self.map.region(all[k]).is_some()
                && (site_region(all[k - 1]) == Some(all[k])
                    || site_region(all[k + 1]) == Some(all[k]))
        };
        let mut ways = Vec::new();
        let mut a = 0;
        while a + 1 < all.len() {
            let b = (a + 1..all.len())
                .find(|k| !passed(*k))
                .unwrap_or(all.len() - 1);
            let way = self.way(pos[a], pos[b]);
            let mut cut = 0;
            for m in a + 1..b {
                let region = Some(all[m]);
                let i = if site_region(all[b]) == region && self.in_city(pos[b]) {
                    way.iter().position(|p| self.in_city(*p))
                } else if site_region(all[a]) == region && self.in_city(pos[a]) {
                    way.iter().rposition(|p| self.in_city(*p))
                } else {
                    (0..way.len()).min_by(|x, y| {
                        way[*x]
                            .distance(pos[m])
                            .total_cmp(&way[*y].distance(pos[m]))
                    })
                };
                let i = i.unwrap_or(cut).max(cut);
                ways.push(way[cut..=i].to_vec());
                cut = i;
            }
            ways.push(way[cut..].to_vec());
            a = b;
        }
        Some(ways)
    }
}

/// A march's ways as first seen, from where it set out: the unit is placed along
/// them as its legs pass.
struct Recorded {
    /// Where it set out, then each leg's end.
    places: Vec<String>,
    ways: Vec<Vec<Vec2>>,
}

/// Each marching unit's ways, found once per march.
#[derive(Default)]
pub(crate) struct MarchWays(BTreeMap<String, Recorded>);

impl MarchWays {
    /// Where a unit is drawn and, marching, the way still ahead of it (km).
    pub fn unit_on_map(
        &mut self,
        ground: &Ground,
        unit: &str,
        s: &UnitState,
    ) -> Option<(Vec2, Vec<Vec2>)> {
        let here = ground.position(&s.location)?;
        let Some(m) = &s.march else {
            self.0.remove(unit);
            return Some((here, Vec::new()));
        };
        let Some((_, hours)) = m.legs.first() else {
            return Some((here, Vec::new()));
        };
        let legs: Vec<&str> = m.legs.iter().map(|l| l.0.as_str()).collect();
        // The record holds while the legs left are its last ones and the unit stands
        // where the first of them begins.
        let fits = |r: &Recorded| {
            let n = r.places.len();
            n > legs.len()
                && r.places[n - legs.len()..].iter().eq(legs.iter())
                && r.places[n - legs.len() - 1] == s.location
        };
        if !self.0.get(unit).is_some_and(fits) {
            let places: Vec<String> = legs.iter().map(|l| l.to_string()).collect();
            let Some(ways) = ground.march_ways(&s.location, &places) else {
                return Some((here, Vec::new()));
            };
            let mut all = vec![s.location.clone()];
            all.extend(places);
            self.0
                .insert(unit.to_string(), Recorded { places: all, ways });
        }
        let r = self.0.get(unit)?;
        let now = r.ways.len() - legs.len();
        let way = &r.ways[now];
        let t = m.done as f32 / (*hours).max(1) as f32;
        let at = along(way, t);
        // Ahead: the rest of this leg, then each later leg.
        let gone = t.clamp(0.0, 1.0) * length(way);
        let mut ahead = vec![at];
        let mut passed = 0.0;
        for w in way.windows(2) {
            passed += w[0].distance(w[1]);
            if passed > gone {
                ahead.push(w[1]);
            }
        }
        for later in &r.ways[now + 1..] {
            ahead.extend(later.iter().skip(1));
        }
        Some((at, ahead))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::map::{city_path, features_path, map_path};
    use crate::scenario::map_features::MapFeatures;

    fn shipped() -> (MapData, MapCity, Roads, MapFeatures, Roads) {
        let map = map_path()
            .and_then(|p| MapData::load(&p))
            .unwrap_or_else(|e| panic!("{e}"));
        let city = city_path()
            .and_then(|p| MapCity::load(&p.expect("a city file")))
            .unwrap_or_else(|e| panic!("{e}"));
        let features = features_path()
            .and_then(|p| MapFeatures::load(&p.expect("a features file")))
            .unwrap_or_else(|e| panic!("{e}"));
        let (roads, rails) = (city.roads(), features.rails());
        (map, city, roads, features, rails)
    }

    fn on(lines: &[&[[f32; 2]]], p: Vec2) -> bool {
        lines
            .iter()
            .flat_map(|l| l.iter())
            .any(|q| Vec2::from(*q).distance(p) < 1e-3)
    }

    #[test]
    fn a_march_from_leningrad_to_the_dacha_takes_the_railway_then_the_roads() {
        let (map, city, roads, features, rails) = shipped();
        let ground = Ground {
            map: &map,
            city: Some((&city, &roads)),
            rails: Some(&rails),
        };
        let places = ["moscow_oblast", "kuntsevo_dacha"].map(String::from);
        let ways = ground
            .march_ways("leningrad_oblast", &places)
            .expect("every place is on the map");
        assert_eq!(ways.len(), 2);
        // The first leg runs on the line's stations from the first it reaches, and
        // ends at the city's edge, not at the region's mark far to the south-west.
        let line: Vec<&[[f32; 2]]> = features
            .railways
            .iter()
            .map(|r| r.points.as_slice())
            .collect();
        let rail = &ways[0];
        let stations = rail.iter().filter(|p| on(&line, **p)).count();
        assert!(stations >= 5, "{stations} stations in {rail:?}");
        assert!(rail[1..rail.len() - 1].iter().all(|p| on(&line, *p)));
        let end = *rail.last().unwrap();
        assert!(city.contains(end.into()), "{end}");
        let mark = ground.position("moscow_oblast").unwrap();
        assert!(end.distance(mark) > 100.0);
        // The second goes on by the city's roads, the Mozhaisk road among them, to
        // the dacha.
        let town: Vec<&[[f32; 2]]> = city.lines.iter().map(|l| l.points.as_slice()).collect();
        let road = &ways[1];
        assert_eq!(road[0], end);
        assert_eq!(
            *road.last().unwrap(),
            Vec2::from(city.site("kuntsevo_dacha").unwrap())
        );
        assert!(road[1..road.len() - 1].iter().all(|p| on(&town, *p)));
        let mozhaisk: Vec<&[[f32; 2]]> = city
            .lines
            .iter()
            .filter(|l| l.id == "mozhaisk_road")
            .map(|l| l.points.as_slice())
            .collect();
        assert!(road.iter().filter(|p| on(&mozhaisk, **p)).count() >= 5);
    }

    #[test]
    fn without_lines_a_march_goes_straight_and_its_unit_moves_along_it() {
        let (map, ..) = shipped();
        let ground = Ground {
            map: &map,
            city: None,
            rails: None,
        };
        let from = ground.position("leningrad_oblast").unwrap();
        let to = ground.position("karelian_assr").unwrap();
        let ways = ground
            .march_ways("leningrad_oblast", &["karelian_assr".to_string()])
            .unwrap();
        assert_eq!(ways, vec![vec![from, to]]);
        let mid = along(&ways[0], 0.5);
        assert!(mid.distance(from.lerp(to, 0.5)) < 1e-3);
    }
}
