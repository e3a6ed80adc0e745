//! The map's features (rivers, lakes, railways, cities): the shipped file loads, and
//! every city and railway station lies in a Soviet region of 1934 (to within the
//! simplified coast), every river on the map.

use congress_of_victors::scenario::map::{MapData, contains, features_path, map_path};
use congress_of_victors::scenario::map_features::MapFeatures;

fn both() -> (MapData, MapFeatures) {
    let map = map_path()
        .and_then(|p| MapData::load(&p))
        .unwrap_or_else(|e| panic!("{e}"));
    let path = features_path()
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("common/map.ron names a features file");
    let f = MapFeatures::load(&path).unwrap_or_else(|e| panic!("{e}"));
    (map, f)
}

/// In some region, or within `km` of one: coasts are simplified by about 9 km.
fn in_ussr(map: &MapData, p: [f32; 2], km: f32) -> bool {
    let near = [(0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)];
    near.iter().any(|(dx, dy)| {
        let q = [p[0] + dx * km, p[1] + dy * km];
        map.regions.iter().any(|r| contains(&r.polygons, q))
    })
}

#[test]
fn cities_and_stations_lie_in_the_ussr_of_1934() {
    let (map, f) = both();
    assert!(f.cities.len() >= 50, "{} cities", f.cities.len());
    for c in &f.cities {
        assert!(
            in_ussr(&map, c.pos, 15.0),
            "city {} lies outside the USSR",
            c.id
        );
    }
    assert!(f.railways.len() >= 8, "{} railways", f.railways.len());
    for r in &f.railways {
        for (i, p) in r.points.iter().enumerate() {
            assert!(
                in_ussr(&map, *p, 15.0),
                "station {i} of {} lies outside the USSR",
                r.id
            );
        }
    }
}

#[test]
fn rivers_and_lakes_lie_on_the_map() {
    let (map, f) = both();
    let [x0, y0, x1, y1] = map.bounds;
    let on_map = |p: &[f32; 2]| {
        (x0 - 600.0..=x1 + 600.0).contains(&p[0]) && (y0 - 600.0..=y1 + 600.0).contains(&p[1])
    };
    assert!(f.rivers.len() >= 11, "{} rivers", f.rivers.len());
    for r in &f.rivers {
        assert!(
            r.points.iter().all(on_map),
            "river {} runs off the map",
            r.id
        );
        assert!(
            r.points.len() >= 8,
            "river {} has {} points",
            r.id,
            r.points.len()
        );
    }
    assert!(
        f.lakes.iter().any(|l| l.area_km2 > 25_000.0),
        "the largest lake is missing"
    );
    for l in &f.lakes {
        assert!(
            l.ring.iter().all(on_map),
            "a lake of {} km² lies off the map",
            l.area_km2
        );
    }
}
