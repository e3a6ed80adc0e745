//! The geometry of the war on the map, computed once each time the front moves: where
//! a city given in degrees lies on the map, the border between the lost regions and
//! the held ones, each axis's line of advance, and the hatching of occupied land.

use crate::scenario::map::{MapData, Polygon};
use bevy::math::Vec2;
use std::collections::BTreeSet;

pub use crate::scenario::map::Lcc;

/// A point of a ring, exact to the metre, so that neighbours' shared borders match.
fn key(p: [f32; 2]) -> (i64, i64) {
    (
        (f64::from(p[0]) * 1000.0).round() as i64,
        (f64::from(p[1]) * 1000.0).round() as i64,
    )
}

type Edge = ((i64, i64), (i64, i64));

/// The edges of a region's rings, each with its ends in a fixed order.
fn edges(polygons: &[Polygon]) -> impl Iterator<Item = (Edge, [Vec2; 2])> + '_ {
    polygons.iter().flatten().flat_map(|ring| {
        (0..ring.len()).map(move |i| {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            let (ka, kb) = (key(a), key(b));
            let edge = if ka <= kb { (ka, kb) } else { (kb, ka) };
            (edge, [Vec2::from(a), Vec2::from(b)])
        })
    })
}

/// The front on the map: the border the lost regions share with the regions still
/// held. Where the shapes share no border (a map whose neighbours do not match), the
/// lost land's outline instead, less the borders between two lost regions.
pub fn front_line(map: &MapData, lost: &[String]) -> Vec<[Vec2; 2]> {
    let is_lost = |id: &str| lost.iter().any(|l| l == id);
    let held: BTreeSet<Edge> = map
        .regions
        .iter()
        .filter(|r| !is_lost(&r.id))
        .flat_map(|r| edges(&r.polygons).map(|(e, _)| e))
        .collect();
    let mut inner: BTreeSet<Edge> = BTreeSet::new();
    let mut seen: BTreeSet<Edge> = BTreeSet::new();
    let lost_edges: Vec<(Edge, [Vec2; 2])> = map
        .regions
        .iter()
        .filter(|r| is_lost(&r.id))
        .flat_map(|r| edges(&r.polygons))
        .collect();
    for (e, _) in &lost_edges {
        if !seen.insert(*e) {
            inner.insert(*e);
        }
    }
    let shared: Vec<[Vec2; 2]> = lost_edges
        .iter()
        .filter(|(e, _)| held.contains(e))
        .map(|(_, s)| *s)
        .collect();
    if !shared.is_empty() {
        return shared;
    }
    lost_edges
        .iter()
        .filter(|(e, _)| !inner.contains(e))
        .map(|(_, s)| *s)
        .collect()
}

/// An axis's line of advance: its cities at their km, led by its start line, which
/// lies back along the line through the first two cities, as far behind the first as
/// its km (the content gives the cities, not the frontier). Fewer than two cities
/// placed on the map: no line.
pub fn axis_line(cities: &[(f32, Vec2)]) -> Vec<(f32, Vec2)> {
    let mut sorted: Vec<(f32, Vec2)> = cities.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (Some(&(k1, p1)), Some(&(k2, p2))) = (sorted.first(), sorted.get(1)) else {
        return Vec::new();
    };
    if k2 <= k1 || k1 <= 0.0 {
        return sorted;
    }
    let start = p1 - (p2 - p1) * (k1 / (k2 - k1));
    let mut line = vec![(0.0, start)];
    line.extend(sorted);
    line
}

/// The line of advance as far as `km`: the points passed and the point reached, which
/// stops at the last city (the line is not drawn past what the content places).
pub fn advance(line: &[(f32, Vec2)], km: f32) -> Vec<Vec2> {
    let mut out = Vec::new();
    for w in line.windows(2) {
        let ((ka, a), (kb, b)) = (w[0], w[1]);
        if out.is_empty() {
            out.push(a);
        }
        if km >= kb {
            out.push(b);
            continue;
        }
        if km > ka && kb > ka {
            out.push(a + (b - a) * ((km - ka) / (kb - ka)));
        }
        break;
    }
    out
}

/// Parallel diagonal strokes `spacing` km apart across the inside of the shapes (the
/// even-odd rule, as the map's own region test): the hatching of occupied land.
pub fn hatching(polygons: &[Polygon], spacing: f32) -> Vec<[Vec2; 2]> {
    // In coordinates turned by 45°, each stroke is a line of constant u.
    let s = std::f32::consts::FRAC_1_SQRT_2;
    let turn = |p: [f32; 2]| ((p[0] - p[1]) * s, (p[0] + p[1]) * s);
    let back = |u: f32, v: f32| Vec2::new((u + v) * s, (v - u) * s);
    let rings: Vec<Vec<(f32, f32)>> = polygons
        .iter()
        .flatten()
        .map(|r| r.iter().map(|p| turn(*p)).collect())
        .collect();
    let (lo, hi) = rings
        .iter()
        .flatten()
        .fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
    if spacing <= 0.0 || lo > hi {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut u = (lo / spacing).ceil() * spacing;
    while u <= hi {
        let mut cuts: Vec<f32> = Vec::new();
        for ring in &rings {
            for i in 0..ring.len() {
                let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                if (a.0 > u) != (b.0 > u) {
                    cuts.push(a.1 + (u - a.0) / (b.0 - a.0) * (b.1 - a.1));
                }
            }
        }
        cuts.sort_by(f32::total_cmp);
        for pair in cuts.chunks_exact(2) {
            out.push([back(u, pair[0]), back(u, pair[1])]);
        }
        u += spacing;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::map::contains;

    fn shipped_map() -> std::sync::Arc<MapData> {
        crate::scenario::map::shared_map().expect("the shipped map loads")
    }

    #[test]
    fn projection_puts_every_site_where_the_map_has_it() {
        let map = shipped_map();
        let lcc = Lcc::from_proj(&map.projection).expect("the map is a conic in km");
        let placed: Vec<_> = map
            .sites
            .iter()
            .filter(|s| s.lonlat != [0.0, 0.0])
            .collect();
        assert!(!placed.is_empty(), "the map has sites with degrees");
        for s in placed {
            let p = Vec2::from(lcc.project(s.lonlat[0], s.lonlat[1]));
            let off = p.distance(Vec2::from(s.pos));
            assert!(off < 1.0, "{} lands {off} km from its place", s.id);
        }
    }

    #[test]
    fn other_projections_are_refused() {
        assert!(Lcc::from_proj("+proj=merc +units=km").is_none());
        assert!(
            Lcc::from_proj("+proj=lcc +lat_1=47 +lat_2=62 +lat_0=55 +lon_0=100 +units=m").is_none()
        );
    }

    #[test]
    fn front_runs_between_lost_and_held_regions_only() {
        let map = shipped_map();
        let lost = vec![map.regions[2].id.clone()];
        let line = front_line(&map, &lost);
        assert!(!line.is_empty());
        let region = &map.regions[2];
        // Every stroke is on the lost region's border and touches a held neighbour.
        for [a, b] in &line {
            let mid = (*a + *b) / 2.0;
            let neighbour_holds = region.neighbours.iter().any(|n| {
                map.region(n).is_some_and(|r| {
                    r.polygons
                        .iter()
                        .flatten()
                        .any(|ring| ring.iter().any(|p| Vec2::from(*p).distance(*a) < 1e-3))
                })
            });
            assert!(neighbour_holds, "a stroke at {mid} borders no neighbour");
        }
        // A border on the sea or a foreign state is no front.
        let ring_len: usize = region.polygons.iter().flatten().map(Vec::len).sum();
        assert!(
            line.len() < ring_len,
            "the whole outline was taken for the front"
        );
    }

    #[test]
    fn two_lost_neighbours_share_no_front() {
        let map = shipped_map();
        let a = &map
            .regions
            .iter()
            .find(|r| !r.neighbours.is_empty())
            .unwrap();
        let b = a.neighbours[0].clone();
        let both = front_line(&map, &[a.id.clone(), b.clone()]);
        let only_a = front_line(&map, std::slice::from_ref(&a.id));
        // The border between them is in the front of `a` alone, not of both.
        let between: Vec<_> = only_a
            .iter()
            .filter(|s| !both.iter().any(|t| t == *s))
            .collect();
        assert!(!between.is_empty(), "the shared border left the front");
    }

    #[test]
    fn axis_line_starts_behind_its_first_city() {
        let cities = [
            (600.0, Vec2::new(600.0, 0.0)),
            (300.0, Vec2::new(300.0, 0.0)),
        ];
        let line = axis_line(&cities);
        assert_eq!(line.len(), 3);
        assert!(line[0].1.distance(Vec2::ZERO) < 1e-3);
        assert_eq!(line[1].0, 300.0);
        let half = advance(&line, 450.0);
        assert!(half.last().unwrap().distance(Vec2::new(450.0, 0.0)) < 1e-3);
        assert_eq!(advance(&line, 900.0).last(), Some(&Vec2::new(600.0, 0.0)));
        assert!(axis_line(&cities[..1]).is_empty());
    }

    #[test]
    fn hatching_stays_inside_the_shape() {
        let map = shipped_map();
        let r = &map.regions[2];
        let strokes = hatching(&r.polygons, 25.0);
        assert!(strokes.len() > 5);
        for [a, b] in &strokes {
            let mid = (*a + *b) / 2.0;
            assert!(
                contains(&r.polygons, [mid.x, mid.y]),
                "a stroke leaves the region"
            );
        }
    }
}
