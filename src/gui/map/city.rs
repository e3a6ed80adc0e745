//! The capital as a city once the map comes close: the river, the town and its woods,
//! squares and great buildings, the rings and roads with a dark casing, the walls with
//! their towers. Built once on entering the game at a few line widths, one set per
//! zoom level, switched only when the level changes; the zoom stays continuous.

use super::{MapCamera, SITES_BELOW, triangulate};
use crate::gui::Screen;
use crate::scenario::map::city_path;
use crate::scenario::map_city::{AreaKind, LineKind, MapCity, Roads};
use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::picking::prelude::*;
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<CityLevel>()
        .add_systems(Startup, load_city)
        .add_systems(OnEnter(Screen::InGame), spawn_city)
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            follow_zoom.run_if(in_state(Screen::InGame)),
        );
}

/// The city, or why it could not be read (the map is drawn without it), and its roads.
#[derive(Resource)]
pub struct CityAsset {
    pub city: Result<Option<MapCity>, String>,
    pub roads: Option<Roads>,
}

impl CityAsset {
    pub fn get(&self) -> Option<&MapCity> {
        self.city.as_ref().ok().and_then(|c| c.as_ref())
    }
}

/// The zoom levels of the city: each begins at half the scale (km per pixel) of the one
/// before, from where the sites show, and its lines are drawn for the middle of its
/// range, so they keep within a factor of 1.4 of their width on screen.
const LEVELS: usize = 8;

fn level_start(i: usize) -> f32 {
    SITES_BELOW / (1u32 << i) as f32
}

fn level_ref_scale(i: usize) -> f32 {
    level_start(i) / std::f32::consts::SQRT_2
}

/// The level shown, `None` when the city is hidden or before the first frame in game.
#[derive(Resource, Default)]
struct CityLevel(Option<Option<usize>>);

fn level_of(scale: f32) -> Option<usize> {
    (0..LEVELS).rev().find(|i| scale < level_start(*i))
}

/// A part of the city drawn at these levels.
#[derive(Component)]
struct AtLevels(std::ops::RangeInclusive<usize>);

const RIVER: Color = Color::srgb(0.30, 0.42, 0.52);
const WATER: Color = Color::srgb(0.56, 0.63, 0.66);
const TOWN: Color = Color::srgb(0.74, 0.67, 0.57);
const WOODS: Color = Color::srgb(0.62, 0.69, 0.52);
const WOODS_HATCH: Color = Color::srgb(0.46, 0.56, 0.38);
const SQUARE: Color = Color::srgb(0.86, 0.80, 0.68);
const BUILDING: Color = Color::srgb(0.45, 0.16, 0.12);
const WALL: Color = Color::srgb(0.50, 0.20, 0.14);
const ROAD: Color = Color::srgb(0.93, 0.89, 0.80);
const CASING: Color = Color::srgb(0.22, 0.17, 0.13);

/// How a line is drawn: its width on screen in pixels, the least it is in km (a river is
/// never narrower than itself), and the scale below which it shows.
fn line_style(kind: LineKind) -> (f32, f32, f32) {
    match kind {
        LineKind::River => (5.0, 0.12, f32::MAX),
        LineKind::Wall => (4.0, 0.01, f32::MAX),
        LineKind::Ring => (3.5, 0.03, f32::MAX),
        LineKind::Road => (2.5, 0.02, 0.3),
    }
}

/// Towers show once the wall is long enough on screen to carry them.
const TOWERS_BELOW: f32 = 0.01;

fn load_city(mut commands: Commands) {
    let city = city_path().and_then(|p| p.map(|p| MapCity::load(&p)).transpose());
    if let Err(e) = &city {
        warn!("city not loaded: {e}");
    }
    let roads = city
        .as_ref()
        .ok()
        .and_then(|c| c.as_ref())
        .map(MapCity::roads);
    commands.insert_resource(CityAsset { city, roads });
}

/// A thick polyline as triangles: a quad per segment and a fan at each inner corner so
/// the bends close.
pub fn thick_lines<'a>(lines: impl Iterator<Item = &'a [[f32; 2]]>, width: f32) -> Mesh {
    let mut pos: Vec<[f32; 3]> = Vec::new();
    let mut idx: Vec<u32> = Vec::new();
    let h = width / 2.0;
    for pts in lines {
        for w in pts.windows(2) {
            let (a, b) = (Vec2::from(w[0]), Vec2::from(w[1]));
            let Some(dir) = (b - a).try_normalize() else {
                continue;
            };
            let n = dir.perp() * h;
            let base = pos.len() as u32;
            for p in [a + n, a - n, b - n, b + n] {
                pos.push([p.x, p.y, 0.0]);
            }
            idx.extend([base, base + 1, base + 2, base, base + 2, base + 3]);
        }
        for p in pts.iter().skip(1).take(pts.len().saturating_sub(2)) {
            disc(&mut pos, &mut idx, Vec2::from(*p), h);
        }
    }
    mesh_of(pos, idx)
}

fn disc(pos: &mut Vec<[f32; 3]>, idx: &mut Vec<u32>, c: Vec2, r: f32) {
    const SIDES: u32 = 8;
    let base = pos.len() as u32;
    pos.push([c.x, c.y, 0.0]);
    for k in 0..SIDES {
        let a = k as f32 / SIDES as f32 * std::f32::consts::TAU;
        pos.push([c.x + r * a.cos(), c.y + r * a.sin(), 0.0]);
    }
    for k in 0..SIDES {
        idx.extend([base, base + 1 + k, base + 1 + (k + 1) % SIDES]);
    }
}

fn mesh_of(pos: Vec<[f32; 3]>, idx: Vec<u32>) -> Mesh {
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    );
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, pos);
    mesh.insert_indices(Indices::U32(idx));
    mesh
}

/// The woods' hatch: parallel strokes every `step` km across the wood's box, cut to
/// the wood's outline, as on the old survey sheets.
pub fn hatch(ring: &[[f32; 2]], step: f32) -> Vec<Vec<[f32; 2]>> {
    let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
    for p in ring {
        lo = lo.min(Vec2::from(*p));
        hi = hi.max(Vec2::from(*p));
    }
    let mut out = Vec::new();
    // Lines x - y = c, for c across the box.
    let mut c = lo.x - hi.y;
    while c <= hi.x - lo.y {
        let mut cuts: Vec<f32> = Vec::new();
        for i in 0..ring.len() {
            let (a, b) = (Vec2::from(ring[i]), Vec2::from(ring[(i + 1) % ring.len()]));
            let (fa, fb) = (a.x - a.y - c, b.x - b.y - c);
            if (fa < 0.0) != (fb < 0.0) {
                let t = fa / (fa - fb);
                cuts.push(a.x + (b.x - a.x) * t);
            }
        }
        cuts.sort_by(f32::total_cmp);
        for pair in cuts.chunks_exact(2) {
            out.push(vec![[pair[0], pair[0] - c], [pair[1], pair[1] - c]]);
        }
        c += step;
    }
    out
}

fn spawn_city(
    mut commands: Commands,
    asset: Res<CityAsset>,
    mut level: ResMut<CityLevel>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    level.0 = None;
    let Some(city) = asset.get() else { return };
    let last = LEVELS - 1;
    let mut part = |mesh: Mesh, color: Color, z: f32, at: std::ops::RangeInclusive<usize>| {
        // A level without lines of a kind (no roads from afar) draws nothing: an empty
        // mesh is not sent to the renderer at all.
        if mesh.count_vertices() == 0 {
            return;
        }
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Pickable::IGNORE,
            Visibility::Hidden,
            AtLevels(at),
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(materials.add(color)),
            Transform::from_xyz(0.0, 0.0, z),
        ));
    };
    for (kind, color, z) in [
        (AreaKind::Town, TOWN, 2.6),
        (AreaKind::Woods, WOODS, 2.7),
        (AreaKind::Square, SQUARE, 3.05),
        (AreaKind::Building, BUILDING, 3.2),
    ] {
        let polys: Vec<_> = city
            .areas
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| vec![a.ring.clone()])
            .collect();
        part(triangulate(&polys), color, z, 0..=last);
    }
    for i in 0..LEVELS {
        let ref_scale = level_ref_scale(i);
        let width = |kind: LineKind| {
            let (px, least, _) = line_style(kind);
            (px * ref_scale).max(least)
        };
        let of = |kinds: &[LineKind], i: usize| {
            city.lines
                .iter()
                .filter(move |l| kinds.contains(&l.kind) && level_start(i) <= line_style(l.kind).2)
                .map(|l| l.points.as_slice())
                .collect::<Vec<_>>()
        };
        let river = of(&[LineKind::River], i);
        part(
            thick_lines(river.iter().copied(), width(LineKind::River)),
            RIVER,
            2.9,
            i..=i,
        );
        part(
            thick_lines(river.iter().copied(), width(LineKind::River) * 0.6),
            WATER,
            2.91,
            i..=i,
        );
        // Casing under the fill, one pixel and a half each side.
        let casing = ref_scale * 3.0;
        for kind in [LineKind::Ring, LineKind::Road] {
            let ways = of(&[kind], i);
            part(
                thick_lines(ways.iter().copied(), width(kind) + casing),
                CASING,
                3.0,
                i..=i,
            );
            part(
                thick_lines(ways.iter().copied(), width(kind)),
                ROAD,
                3.1,
                i..=i,
            );
        }
        let walls = of(&[LineKind::Wall], i);
        part(
            thick_lines(walls.iter().copied(), width(LineKind::Wall)),
            WALL,
            3.3,
            i..=i,
        );
        if level_start(i) <= TOWERS_BELOW {
            let mut pos = Vec::new();
            let mut idx = Vec::new();
            for t in &city.towers {
                disc(
                    &mut pos,
                    &mut idx,
                    Vec2::from(*t),
                    width(LineKind::Wall) * 0.8,
                );
            }
            part(mesh_of(pos, idx), WALL, 3.35, i..=i);
        }
        let strokes: Vec<Vec<[f32; 2]>> = city
            .areas
            .iter()
            .filter(|a| a.kind == AreaKind::Woods)
            .flat_map(|a| hatch(&a.ring, (ref_scale * 6.0).max(0.05)))
            .collect();
        part(
            thick_lines(strokes.iter().map(Vec::as_slice), ref_scale * 1.2),
            WOODS_HATCH,
            2.75,
            i..=i,
        );
    }
}

/// Runs only when the zoom changes, and touches the parts only when the level does.
fn follow_zoom(
    cam: Query<&Projection, (With<MapCamera>, Changed<Projection>)>,
    mut level: ResMut<CityLevel>,
    mut parts: Query<(&AtLevels, &mut Visibility)>,
) {
    let Ok(Projection::Orthographic(o)) = cam.single() else {
        return;
    };
    let now = level_of(o.scale);
    if level.0 == Some(now) {
        return;
    }
    level.0 = Some(now);
    for (at, mut v) in &mut parts {
        *v = match now {
            Some(l) if at.0.contains(&l) => Visibility::Inherited,
            _ => Visibility::Hidden,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_scale_inwards() {
        assert_eq!(level_of(1.0), None);
        assert_eq!(level_of(0.5), Some(0));
        assert_eq!(level_of(0.2), Some(1));
        assert_eq!(level_of(0.03), Some(4));
        assert_eq!(level_of(0.002), Some(LEVELS - 1));
        // Each level's lines are drawn for a scale inside it.
        for i in 0..LEVELS - 1 {
            assert!(level_of(level_ref_scale(i)) == Some(i));
        }
    }

    #[test]
    fn a_thick_line_has_a_quad_per_segment_and_a_disc_per_bend() {
        let pts = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]];
        let m = thick_lines(std::iter::once(&pts[..]), 0.2);
        // Two quads of 4 corners, one disc of 9 points.
        assert_eq!(m.count_vertices(), 2 * 4 + 9);
        let Some(Indices::U32(i)) = m.indices() else {
            panic!("no indices")
        };
        assert_eq!(i.len(), 2 * 6 + 8 * 3);
    }

    #[test]
    fn the_hatch_stays_inside_the_wood() {
        let square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let strokes = hatch(&square, 0.25);
        assert!(strokes.len() >= 6, "{}", strokes.len());
        for s in &strokes {
            for p in s {
                assert!((-1e-4..=1.0001).contains(&p[0]) && (-1e-4..=1.0001).contains(&p[1]));
            }
        }
    }
}
