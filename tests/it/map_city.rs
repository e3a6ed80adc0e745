//! Moscow as a city: the shipped file loads, every capital site of every scenario has
//! its spot in it (the Kremlin's buildings inside the wall, the others outside, the
//! dacha in its woods), marches follow the roads, and a broken file is an error that
//! names the file and the item.

use congress_of_victors::scenario::map::{MapData, city_path, contains, map_path};
use congress_of_victors::scenario::map_city::{AreaKind, LineKind, MapCity};
use congress_of_victors::scenario::{load_scenario, scenarios_dir};

fn city() -> MapCity {
    let path = city_path()
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("common/map.ron names a city file");
    MapCity::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn line<'a>(c: &'a MapCity, id: &str) -> &'a [[f32; 2]] {
    &c.lines
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no line {id}"))
        .points
}

#[test]
fn every_capital_site_lies_in_the_city_on_its_spot() {
    let c = city();
    let map = map_path()
        .and_then(|p| MapData::load(&p))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = 0;
    // Every scenario shipped, whatever is added later.
    let mut ids: Vec<String> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "ron" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    assert!(ids.len() >= 4, "{ids:?}");
    for id in ids {
        let data = load_scenario(&id).unwrap_or_else(|_| panic!("{id} loads"));
        let sites = &data.common.sites;
        for place in &data.scenario.capital {
            if !sites.iter().any(|s| &s.id == place) {
                continue;
            }
            let pos = c
                .site(place)
                .unwrap_or_else(|| panic!("{id}: capital site {place} has no spot in the city"));
            assert!(c.contains(pos), "{id}: {place} lies outside the city");
            // The spot agrees with the regions' map, which rounds to 100 m.
            let rounded = map.sites.iter().find(|s| &s.id == place).map(|s| s.pos);
            if let Some(r) = rounded {
                let d = ((r[0] - pos[0]).powi(2) + (r[1] - pos[1]).powi(2)).sqrt();
                assert!(d < 2.5, "{place}: {d:.2} km from the regions' map");
            }
            seen += 1;
        }
    }
    assert!(seen >= 5, "only {seen} capital sites checked");
    // The Kremlin's buildings stand inside its wall; the Lubyanka and the dacha outside.
    let wall = vec![vec![line(&c, "kremlin_wall").to_vec()]];
    for inside in ["kremlin", "grand_kremlin_palace", "kremlin_senate"] {
        assert!(contains(&wall, c.site(inside).unwrap()), "{inside}");
    }
    for outside in ["lubyanka", "kuntsevo_dacha"] {
        assert!(!contains(&wall, c.site(outside).unwrap()), "{outside}");
    }
    let woods: Vec<_> = c
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Woods)
        .map(|a| vec![a.ring.clone()])
        .collect();
    assert!(contains(&woods, c.site("kuntsevo_dacha").unwrap()));
    assert!(c.lines.iter().any(|l| l.kind == LineKind::River));
}

#[test]
fn a_march_to_the_dacha_takes_the_mozhaisk_road() {
    let c = city();
    let (from, to) = (
        c.site("kremlin").unwrap(),
        c.site("kuntsevo_dacha").unwrap(),
    );
    let way = c.roads().route(from, to);
    let km = |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let length: f32 = way.windows(2).map(|w| km(w[0], w[1])).sum();
    let straight = km(from, to);
    assert!(
        length > straight && length < straight * 1.5,
        "{length} vs {straight}"
    );
    // Most of the way lies on the Mozhaisk road's own points.
    let road = line(&c, "mozhaisk_road");
    let on_road = way.iter().filter(|p| road.contains(p)).count();
    assert!(
        on_road >= 8,
        "{on_road} of {} points on the road",
        way.len()
    );
}

#[test]
fn a_broken_city_file_names_the_file_and_the_item() {
    let path = city_path().unwrap().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = std::env::temp_dir().join(format!("cov-city-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("moscow_broken.json");
    // The Lubyanka moved a thousand km away, off the city.
    let lub = format!("\"id\":\"lubyanka\",\"pos\":{}", c_pos(&text, "lubyanka"));
    let moved = text.replace(&lub, "\"id\":\"lubyanka\",\"pos\":[0.0,0.0]");
    assert_ne!(moved, text);
    std::fs::write(&broken, moved).unwrap();
    let e = MapCity::load(&broken).unwrap_err();
    assert!(
        e.contains("moscow_broken.json") && e.contains("site `lubyanka`"),
        "{e}"
    );
    // Cut short: the file and where it stops.
    std::fs::write(&broken, &text[..text.len() / 2]).unwrap();
    let e = MapCity::load(&broken).unwrap_err();
    assert!(
        e.contains("moscow_broken.json") && e.contains("line "),
        "{e}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The site's position exactly as the file writes it.
fn c_pos(text: &str, id: &str) -> String {
    let at = text
        .find(&format!("\"id\":\"{id}\",\"pos\":"))
        .unwrap_or_else(|| panic!("{id} in the file"));
    let rest = &text[at..];
    let start = rest.find('[').unwrap();
    let end = rest.find(']').unwrap();
    rest[start..=end].to_string()
}
