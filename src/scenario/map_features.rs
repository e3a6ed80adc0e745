//! What the map draws over the regions: rivers, lakes, railways and cities, built by
//! tools/map/build_features.py into assets/map/ in the regions' projection.

use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapFeatures {
    pub format: u32,
    pub projection: String,
    pub rivers: Vec<River>,
    pub lakes: Vec<Lake>,
    pub railways: Vec<Railway>,
    pub cities: Vec<City>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct River {
    pub id: String,
    pub name: String,
    /// From source to mouth, km.
    pub points: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lake {
    pub area_km2: f32,
    /// The shore, counter-clockwise, not closed.
    pub ring: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Railway {
    pub id: String,
    /// Its stations in order, km.
    pub points: Vec<[f32; 2]>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct City {
    pub id: String,
    pub name: String,
    /// Thousands of people at the census that sizes the marker.
    pub pop_1939: u32,
    pub pos: [f32; 2],
}

/// Railway stations closer than this are one junction, km.
const RAIL_JOIN_KM: f32 = 5.0;
/// A km across country counts as this many on the line: a column from afar makes for
/// the nearest station on its way.
const OFF_RAIL: f32 = 4.0;

impl MapFeatures {
    /// The railways as a graph, to draw marches from afar along.
    pub fn rails(&self) -> crate::scenario::map_city::Roads {
        crate::scenario::map_city::Roads::of_lines(
            self.railways.iter().map(|r| r.points.as_slice()),
            RAIL_JOIN_KM,
            OFF_RAIL,
        )
    }

    /// Reads and checks a features file; every error names the file and the item.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let f: MapFeatures = serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        f.check()?;
        Ok(f)
    }

    fn check(&self) -> Result<(), String> {
        if self.format != 1 {
            return Err(format!(
                "format {} is not the format 1 this game reads",
                self.format
            ));
        }
        let finite = |pts: &[[f32; 2]]| pts.iter().flatten().all(|v| v.is_finite());
        for r in &self.rivers {
            if r.points.len() < 2 || !finite(&r.points) {
                return Err(format!("river `{}` needs at least 2 finite points", r.id));
            }
        }
        for r in &self.railways {
            if r.points.len() < 2 || !finite(&r.points) {
                return Err(format!("railway `{}` needs at least 2 finite points", r.id));
            }
        }
        for (i, l) in self.lakes.iter().enumerate() {
            if l.ring.len() < 3 || !finite(&l.ring) {
                return Err(format!(
                    "lake {} (the {}th) needs at least 3 finite points",
                    i,
                    i + 1
                ));
            }
        }
        for c in &self.cities {
            if c.pop_1939 == 0 || !finite(&[c.pos]) {
                return Err(format!(
                    "city `{}` needs a population above 0 and a finite position",
                    c.id
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"format":1,"projection":"p","rivers":[{"id":"r","name":"R","points":[[0,0],[1,1]]}],
        "lakes":[{"area_km2":9,"ring":[[0,0],[3,0],[0,3]]}],"railways":[{"id":"l","points":[[0,0],[5,0]]}],
        "cities":[{"id":"c","name":"C","pop_1939":100,"pos":[1,2]}]}"#;

    #[test]
    fn reads_a_good_file() {
        let f = MapFeatures::parse(GOOD).unwrap();
        assert_eq!(
            (
                f.rivers.len(),
                f.lakes.len(),
                f.railways.len(),
                f.cities.len()
            ),
            (1, 1, 1, 1)
        );
    }

    #[test]
    fn names_what_is_wrong() {
        let one_point = GOOD.replace("[[0,0],[1,1]]", "[[0,0]]");
        assert!(
            MapFeatures::parse(&one_point)
                .unwrap_err()
                .contains("river `r`")
        );
        let empty_city = GOOD.replace("\"pop_1939\":100", "\"pop_1939\":0");
        assert!(
            MapFeatures::parse(&empty_city)
                .unwrap_err()
                .contains("city `c`")
        );
        let format = GOOD.replace("\"format\":1", "\"format\":2");
        assert!(
            MapFeatures::parse(&format)
                .unwrap_err()
                .contains("format 2")
        );
        let broken = &GOOD[..40];
        assert!(MapFeatures::parse(broken).unwrap_err().starts_with("line "));
    }

    #[test]
    fn load_names_the_file() {
        let e = MapFeatures::load(Path::new("no/such/features.json")).unwrap_err();
        assert!(e.contains("no/such/features.json"), "{e}");
    }
}
