//! The map as data: regions with their shapes, neighbours and label points, and the
//! sites where the crisis happens. Built by tools/map/ into assets/map/ (see its README).

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub type Ring = Vec<[f32; 2]>;
/// An outer ring followed by its holes.
pub type Polygon = Vec<Ring>;

#[derive(Clone, Debug, Deserialize)]
pub struct MapData {
    pub format: u32,
    /// The site around which nearby sites are spread on the map to be readable.
    #[serde(default)]
    pub inset_centre: Option<String>,
    pub projection: String,
    pub bounds: [f32; 4],
    /// The union republic that is no region of its own (the parent of its regions).
    #[serde(default)]
    pub republics: Vec<RepublicName>,
    pub regions: Vec<RegionShape>,
    #[serde(default)]
    pub context: Vec<ContextShape>,
    #[serde(default)]
    pub sites: Vec<SiteShape>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RegionShape {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_ru: String,
    pub parent: String,
    pub kind: String,
    #[serde(default)]
    pub centre: String,
    pub polygons: Vec<Polygon>,
    pub label: [f32; 2],
    pub area_km2: f32,
    pub neighbours: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RepublicName {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_ru: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ContextShape {
    pub id: String,
    pub name: String,
    pub polygons: Vec<Polygon>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SiteShape {
    pub id: String,
    pub name: String,
    pub region: String,
    pub pos: [f32; 2],
    #[serde(default)]
    pub lonlat: [f32; 2],
}

/// Which map the content is drawn on and how the game first frames it
/// (scenarios/common/map.ron).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSetting {
    /// The map file, from the game's folder.
    pub file: String,
    /// Rivers, lakes, railways and cities drawn over the regions (optional).
    #[serde(default)]
    pub features: Option<String>,
    /// The capital as a city, drawn when the map comes close (optional).
    #[serde(default)]
    pub city: Option<String>,
    pub view: MapView,
}

/// The opening view: its centre and width as fractions of the map's bounds.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapView {
    pub x: f32,
    pub y: f32,
    pub width: f32,
}

/// Reads a map setting, its view checked to lie on the map.
pub fn load_setting(path: &Path) -> Result<MapSetting, String> {
    let text = super::load::read_text(path).map_err(|d| d.render(None))?;
    let s = super::load::parse::<MapSetting>(path, &text).map_err(|d| d.render(Some(&text)))?;
    let v = s.view;
    let fraction = |f: f32| (0.0..=1.0).contains(&f);
    if !(fraction(v.x) && fraction(v.y) && v.width > 0.0 && v.width <= 4.0) {
        let (line, col) =
            super::diagnostics::locate(&text, "view", 0).map_or((0, 0), |(l, c, _)| (l, c));
        return Err(super::Diagnostic::error(
            path,
            line,
            col,
            format!(
                "the view ({}, {}, width {}) is off the map: x and y are fractions 0..=1 of its bounds, the width more than 0 and at most 4",
                v.x, v.y, v.width
            ),
        )
        .render(Some(&text)));
    }
    Ok(s)
}

/// The shipped map setting, read once per process.
pub fn map_setting() -> Result<MapSetting, String> {
    static SETTING: std::sync::OnceLock<Result<MapSetting, String>> = std::sync::OnceLock::new();
    SETTING
        .get_or_init(|| load_setting(&super::scenarios_dir().join("common/map.ron")))
        .clone()
}

/// The map file the content names.
pub fn map_path() -> Result<PathBuf, String> {
    Ok(crate::scenario::content_root().join(map_setting()?.file))
}

/// The features file the content names, if it names one.
pub fn features_path() -> Result<Option<PathBuf>, String> {
    Ok(map_setting()?
        .features
        .map(|f| crate::scenario::content_root().join(f)))
}

/// The city file the content names, if it names one.
pub fn city_path() -> Result<Option<PathBuf>, String> {
    Ok(map_setting()?
        .city
        .map(|f| crate::scenario::content_root().join(f)))
}

/// The shipped map, read once per process; `None` if it cannot be read.
pub fn shared_map() -> Option<std::sync::Arc<MapData>> {
    static MAP: std::sync::OnceLock<Option<std::sync::Arc<MapData>>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        map_path()
            .and_then(|p| MapData::load(&p))
            .ok()
            .map(std::sync::Arc::new)
    })
    .clone()
}

impl MapData {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))
    }

    /// Where the inset centre is, if the map names one.
    pub fn inset_centre_pos(&self) -> Option<[f32; 2]> {
        let id = self.inset_centre.as_deref()?;
        self.sites.iter().find(|s| s.id == id).map(|s| s.pos)
    }

    pub fn region(&self, id: &str) -> Option<&RegionShape> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The union republic a region belongs to, by id: a union republic is its own;
    /// the others belong to their parent.
    pub fn republic_of<'a>(&self, region: &'a RegionShape) -> &'a str {
        if region.kind == "union_republic" {
            &region.id
        } else {
            &region.parent
        }
    }

    /// A republic's name: the region's where it is one, else the map's table's; the
    /// id where neither names it.
    pub fn republic_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.region(id)
            .map(|r| r.name.as_str())
            .or_else(|| {
                self.republics
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| r.name.as_str())
            })
            .unwrap_or(id)
    }
}

/// Twice the signed area of a ring (positive when counter-clockwise).
pub fn ring_area(ring: &[[f32; 2]]) -> f32 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f32>()
        / 2.0
}

/// Even-odd point-in-polygon over all rings of a region.
pub fn contains(polygons: &[Polygon], p: [f32; 2]) -> bool {
    let mut inside = false;
    for poly in polygons {
        for ring in poly {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if (a[1] > p[1]) != (b[1] > p[1]) {
                    let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
                    if p[0] < x {
                        inside = !inside;
                    }
                }
            }
        }
    }
    inside
}

/// The map's Lambert conformal conic projection (two standard parallels, on the GRS80
/// ellipsoid, in km), read from its PROJ string, so that places given in degrees land
/// where the map's own shapes and sites are.
#[derive(Clone, Copy, Debug)]
pub struct Lcc {
    e: f64,
    n: f64,
    af: f64,
    rho0: f64,
    lon0: f64,
}

const GRS80_A_KM: f64 = 6378.137;
const GRS80_F: f64 = 1.0 / 298.257_222_101;

impl Lcc {
    /// The projection of a PROJ string such as `+proj=lcc +lat_1=.. +lat_2=..
    /// +lat_0=.. +lon_0=.. +units=km`; `None` for any other projection.
    pub fn from_proj(proj: &str) -> Option<Lcc> {
        let param = |key: &str| -> Option<f64> {
            proj.split_whitespace()
                .find_map(|w| w.strip_prefix(&format!("+{key}=")))
                .and_then(|v| v.parse().ok())
        };
        if !proj.split_whitespace().any(|w| w == "+proj=lcc")
            || !proj.split_whitespace().any(|w| w == "+units=km")
        {
            return None;
        }
        let (lat1, lat2) = (param("lat_1")?.to_radians(), param("lat_2")?.to_radians());
        let (lat0, lon0) = (param("lat_0")?.to_radians(), param("lon_0")?.to_radians());
        let e = (GRS80_F * (2.0 - GRS80_F)).sqrt();
        let m = |p: f64| p.cos() / (1.0 - (e * p.sin()).powi(2)).sqrt();
        let t = |p: f64| {
            (std::f64::consts::FRAC_PI_4 - p / 2.0).tan()
                / ((1.0 - e * p.sin()) / (1.0 + e * p.sin())).powf(e / 2.0)
        };
        let n = if (lat1 - lat2).abs() < 1e-9 {
            lat1.sin()
        } else {
            (m(lat1).ln() - m(lat2).ln()) / (t(lat1).ln() - t(lat2).ln())
        };
        let af = GRS80_A_KM * m(lat1) / (n * t(lat1).powf(n));
        let rho0 = af * t(lat0).powf(n);
        Some(Lcc {
            e,
            n,
            af,
            rho0,
            lon0,
        })
    }

    /// A point given as (longitude, latitude) in degrees, in the map's km.
    pub fn project(&self, lon: f32, lat: f32) -> [f32; 2] {
        let (lon, lat) = (f64::from(lon).to_radians(), f64::from(lat).to_radians());
        let e = self.e;
        let t = (std::f64::consts::FRAC_PI_4 - lat / 2.0).tan()
            / ((1.0 - e * lat.sin()) / (1.0 + e * lat.sin())).powf(e / 2.0);
        let rho = self.af * t.powf(self.n);
        let theta = self.n * (lon - self.lon0);
        [
            (rho * theta.sin()) as f32,
            (self.rho0 - rho * theta.cos()) as f32,
        ]
    }
}
