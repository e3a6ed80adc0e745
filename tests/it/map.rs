//! The map asset: every region has an area and a label inside itself, the mainland is
//! connected, the 1934 neighbours of Moscow Oblast are there, every site lies in its region.
//! The map is an asset shared by all content; the map setting comes from the shipped
//! common/map.ron.

use congress_of_victors::scenario::map::{MapData, contains, map_path, ring_area};
use std::collections::{BTreeSet, VecDeque};

fn map() -> MapData {
    map_path()
        .and_then(|p| MapData::load(&p))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn regions_have_area_and_labels_inside() {
    let m = map();
    assert!(m.regions.len() >= 30, "{} regions", m.regions.len());
    for r in &m.regions {
        let area: f32 = r.polygons.iter().map(|p| ring_area(&p[0]).abs()).sum();
        assert!(area > 1000.0, "{} has {area} km² of outline", r.id);
        assert!(r.area_km2 > 1000.0, "{}", r.id);
        assert!(
            contains(&r.polygons, r.label),
            "the label of {} lies outside it",
            r.id
        );
    }
}

#[test]
fn the_mainland_is_connected_and_moscow_has_its_1934_neighbours() {
    let m = map();
    let ids: BTreeSet<&str> = m.regions.iter().map(|r| r.id.as_str()).collect();
    for r in &m.regions {
        for n in &r.neighbours {
            assert!(ids.contains(n.as_str()), "{} borders unknown {n}", r.id);
            let back = m.region(n).unwrap();
            assert!(
                back.neighbours.contains(&r.id),
                "{} borders {n} but not back",
                r.id
            );
        }
    }
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["moscow_oblast"]);
    while let Some(id) = queue.pop_front() {
        if seen.insert(id) {
            queue.extend(m.region(id).unwrap().neighbours.iter().map(String::as_str));
        }
    }
    assert_eq!(
        seen.len(),
        ids.len(),
        "unreached: {:?}",
        ids.difference(&seen).collect::<Vec<_>>()
    );
    let moscow = m.region("moscow_oblast").unwrap();
    for n in [
        "western_oblast",
        "ivanovo_industrial_oblast",
        "gorky_krai",
        "central_black_earth_oblast",
    ] {
        assert!(
            moscow.neighbours.iter().any(|x| x == n),
            "Moscow Oblast does not border {n}"
        );
    }
}

#[test]
fn every_site_lies_in_its_region() {
    let m = map();
    for s in &m.sites {
        let r = m
            .region(&s.region)
            .unwrap_or_else(|| panic!("site {} in unknown {}", s.id, s.region));
        assert!(
            contains(&r.polygons, s.pos),
            "{} lies outside {}",
            s.id,
            r.id
        );
    }
    for id in [
        "kremlin",
        "grand_kremlin_palace",
        "lubyanka",
        "kuntsevo_dacha",
        "smolny",
    ] {
        assert!(m.sites.iter().any(|s| s.id == id), "no site {id}");
    }
}

#[test]
fn the_map_and_its_opening_view_come_from_content() {
    use congress_of_victors::scenario::map::{load_setting, map_setting};
    let s = map_setting().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        map_path().unwrap().ends_with(&s.file),
        "{:?} is not the file the setting names",
        map_path()
    );
    // A view off the map is an error at the view, not a camera lost in the void.
    let dir = std::env::temp_dir().join(format!("cov-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("map.ron");
    std::fs::write(
        &bad,
        "(\n    file: \"assets/map/ussr_1934.json\",\n    view: (x: 1.5, y: 0.5, width: 0.6),\n)\n",
    )
    .unwrap();
    let e = load_setting(&bad).unwrap_err();
    assert!(e.contains("map.ron:3:5: error: the view"), "{e}");
    std::fs::write(
        &bad,
        "(\n    file: \"a.json\",\n    veiw: (x: 0.5, y: 0.5, width: 0.6),\n)\n",
    )
    .unwrap();
    let e = load_setting(&bad).unwrap_err();
    assert!(e.contains("map.ron:3:"), "{e}");
}
