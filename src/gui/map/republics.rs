//! The far zoom band as a paper map: the union republics as large fills in an atlas's
//! pale colours with their names in spaced capitals, their borders strong and the
//! regions' lines faint. As the map comes closer all of it fades into the regions.

use super::features::Band;
use super::{MapAsset, MapCamera, REGION_LINE, RegionLines, triangulate};
use crate::gui::Screen;
use crate::scenario::map::{MapData, Polygon};
use bevy::picking::prelude::*;
use bevy::prelude::*;
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::InGame), spawn_republics)
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            follow_zoom.run_if(in_state(Screen::InGame)),
        );
}

/// Scales (km per pixel) over which the paper map fades in: from the far band's
/// beginning, so the opening view keeps its regions, to fully paper.
const PAPER_FROM: f32 = Band::MIDDLE_BELOW;
const PAPER_TO: f32 = Band::MIDDLE_BELOW + 1.0;

/// How much of the paper map shows at this scale: none in the middle band, all of it
/// far out.
pub fn paper_alpha(scale: f32) -> f32 {
    ((scale - PAPER_FROM) / (PAPER_TO - PAPER_FROM)).clamp(0.0, 1.0)
}

/// An atlas's pale washes, one per republic in the order of their ids.
const WASHES: [(f32, f32, f32); 7] = [
    (0.78, 0.84, 0.66),
    (0.91, 0.77, 0.72),
    (0.76, 0.83, 0.82),
    (0.93, 0.78, 0.58),
    (0.87, 0.82, 0.62),
    (0.94, 0.87, 0.60),
    (0.82, 0.76, 0.87),
];
const FRONTIER: Color = Color::srgb(0.30, 0.16, 0.12);
/// The regions' lines far out: a little darker than the paper under them.
const FAINT_LINE: Color = Color::srgba(0.30, 0.24, 0.20, 0.25);
/// The republics' borders, pixels wide at the middle of the far band.
const BORDER_PX: f32 = 2.6;

/// The paper map's materials and names, faded together.
#[derive(Resource)]
struct Paper {
    fills: Vec<(Handle<ColorMaterial>, Color)>,
    border: Handle<ColorMaterial>,
}

#[derive(Component)]
struct RepublicLabel;

/// The regions of each republic, by the republic's id.
pub fn republics(map: &MapData) -> BTreeMap<&str, Vec<&crate::scenario::map::RegionShape>> {
    let mut out: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for r in &map.regions {
        out.entry(map.republic_of(r)).or_default().push(r);
    }
    out
}

/// The republics' borders as polylines: each region's outline without the stretches
/// it shares with a region of the same republic (the map's regions share their
/// borders point for point).
pub fn republic_borders(map: &MapData) -> Vec<Vec<[f32; 2]>> {
    let key = |a: [f32; 2], b: [f32; 2]| {
        let q = |p: [f32; 2]| ((p[0] * 10.0).round() as i64, (p[1] * 10.0).round() as i64);
        let (a, b) = (q(a), q(b));
        if a <= b { (a, b) } else { (b, a) }
    };
    let mut owners: BTreeMap<_, Vec<&str>> = BTreeMap::new();
    let rings = |r: &'_ crate::scenario::map::RegionShape| {
        r.polygons.iter().flatten().cloned().collect::<Vec<_>>()
    };
    for r in &map.regions {
        for ring in rings(r) {
            for i in 0..ring.len() {
                let e = key(ring[i], ring[(i + 1) % ring.len()]);
                owners.entry(e).or_default().push(map.republic_of(r));
            }
        }
    }
    let inner = |e| {
        owners
            .get(&e)
            .is_some_and(|o: &Vec<&str>| o.len() > 1 && o.iter().all(|x| *x == o[0]))
    };
    let mut out = Vec::new();
    for r in &map.regions {
        for ring in rings(r) {
            let mut run: Vec<[f32; 2]> = Vec::new();
            for i in 0..ring.len() {
                let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                if inner(key(a, b)) {
                    if run.len() > 1 {
                        out.push(std::mem::take(&mut run));
                    }
                    run.clear();
                    continue;
                }
                if run.is_empty() {
                    run.push(a);
                }
                run.push(b);
            }
            if run.len() > 1 {
                out.push(run);
            }
        }
    }
    out
}

/// A name set as on an atlas: capitals, spaced where the republic is wide enough to
/// hold them so, else plain, else a word to a line.
pub fn atlas_name(name: &str, room_px: f32, font_px: f32) -> String {
    let caps = name.to_uppercase();
    let wide = caps
        .chars()
        .map(|c| {
            if c == ' ' {
                "   ".into()
            } else {
                format!("{c} ")
            }
        })
        .collect::<String>()
        .trim_end()
        .to_string();
    let fits = |s: &str| {
        s.lines()
            .map(|l| super::labels::width_px(l, font_px))
            .fold(0.0, f32::max)
            < room_px
    };
    if fits(&wide) {
        wide
    } else if fits(&caps) {
        caps
    } else {
        caps.split(' ').collect::<Vec<_>>().join("\n")
    }
}

fn spawn_republics(
    mut commands: Commands,
    map: Res<MapAsset>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let Ok(map) = &map.0 else { return };
    let hidden = (
        DespawnOnExit(Screen::InGame),
        Pickable::IGNORE,
        Visibility::Hidden,
    );
    let mut fills = Vec::new();
    let mid_scale = (PAPER_TO + super::MAX_SCALE) / 2.0;
    for (i, (id, regions)) in republics(map).into_iter().enumerate() {
        let (r, g, b) = WASHES[i % WASHES.len()];
        let color = Color::srgb(r, g, b);
        let mat = materials.add(color.with_alpha(0.0));
        fills.push((mat.clone(), color));
        let polys: Vec<Polygon> = regions.iter().flat_map(|r| r.polygons.clone()).collect();
        // Above the regions' fills and the lakes' water, under every line.
        commands.spawn((
            hidden.clone(),
            Mesh2d(meshes.add(triangulate(&polys))),
            MeshMaterial2d(mat),
            Transform::from_xyz(0.0, 0.0, 1.25),
        ));
        // The name at the republic's middle (its regions' name points weighted by
        // area), sized to the republic.
        let area: f32 = regions.iter().map(|r| r.area_km2).sum();
        let at = regions
            .iter()
            .map(|r| Vec2::from(r.label) * r.area_km2)
            .sum::<Vec2>()
            / area.max(1.0);
        let font = (8.0 + area.sqrt() / 80.0).clamp(11.0, 22.0);
        let text = atlas_name(map.republic_name(id), area.sqrt() / mid_scale, font);
        commands.spawn((
            hidden.clone(),
            RepublicLabel,
            Text2d::new(text),
            TextLayout::justify(Justify::Center),
            TextFont::from_font_size(FontSize::Px(font)),
            TextColor(FRONTIER.with_alpha(0.0)),
            Transform::from_xyz(at.x, at.y, 5.5),
        ));
    }
    let border = materials.add(FRONTIER.with_alpha(0.0));
    let lines = republic_borders(map);
    commands.spawn((
        hidden,
        Mesh2d(meshes.add(super::city::thick_lines(
            lines.iter().map(Vec::as_slice),
            BORDER_PX * mid_scale,
        ))),
        MeshMaterial2d(border.clone()),
        Transform::from_xyz(0.0, 0.0, 2.2),
    ));
    commands.insert_resource(Paper { fills, border });
}

/// Runs only when the zoom changes; touches the materials only while the paper map
/// fades, and hides it whole in the middle band and closer.
fn follow_zoom(
    cam: Query<&Projection, (With<MapCamera>, Changed<Projection>)>,
    paper: Option<Res<Paper>>,
    lines: Option<Res<RegionLines>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    mut last: Local<Option<f32>>,
    mut labels: Query<(&mut Visibility, &mut TextColor, &mut Transform), With<RepublicLabel>>,
    mut parts: Query<(&MeshMaterial2d<ColorMaterial>, &mut Visibility), Without<RepublicLabel>>,
) {
    let (Ok(Projection::Orthographic(o)), Some(paper)) = (cam.single(), paper) else {
        return;
    };
    let a = paper_alpha(o.scale);
    for (mut v, mut color, mut t) in &mut labels {
        t.scale = Vec3::splat(o.scale);
        color.0 = color.0.with_alpha(a);
        v.set_if_neq(shown(a > 0.0));
    }
    if *last == Some(a) {
        return;
    }
    *last = Some(a);
    for (h, c) in &paper.fills {
        if let Some(mut m) = materials.get_mut(h) {
            m.color = c.with_alpha(a);
        }
    }
    if let Some(mut m) = materials.get_mut(&paper.border) {
        m.color = FRONTIER.with_alpha(a);
    }
    if let Some(l) = lines
        && let Some(mut m) = materials.get_mut(&l.0)
    {
        m.color = REGION_LINE.mix(&FAINT_LINE, a);
    }
    let ours =
        |h: &Handle<ColorMaterial>| *h == paper.border || paper.fills.iter().any(|(f, _)| f == h);
    for (m, mut v) in &mut parts {
        if ours(&m.0) {
            v.set_if_neq(shown(a > 0.0));
        }
    }
}

fn shown(yes: bool) -> Visibility {
    if yes {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> MapData {
        crate::scenario::map::map_path()
            .and_then(|p| MapData::load(&p))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_republic_name_is_spaced_only_where_it_fits() {
        assert_eq!(atlas_name("Big Land", 500.0, 12.0), "B I G    L A N D");
        assert_eq!(atlas_name("Big Land", 70.0, 12.0), "BIG LAND");
        assert_eq!(atlas_name("Big Land", 30.0, 12.0), "BIG\nLAND");
    }

    #[test]
    fn the_paper_map_shows_only_far_out() {
        assert_eq!(paper_alpha(Band::MIDDLE_BELOW - 0.5), 0.0);
        assert_eq!(paper_alpha(super::super::MAX_SCALE), 1.0);
        let mid = paper_alpha((PAPER_FROM + PAPER_TO) / 2.0);
        assert!(mid > 0.3 && mid < 0.7, "{mid}");
    }

    #[test]
    fn the_republics_of_the_map_are_named_and_bordered() {
        let map = shipped();
        let all = republics(&map);
        // Every region in one republic, every republic with a name of its own.
        assert_eq!(all.values().map(Vec::len).sum::<usize>(), map.regions.len());
        assert!(all.len() >= 2);
        for id in all.keys() {
            assert_ne!(map.republic_name(id), *id, "{id} has no name");
        }
        // The borders leave out the lines between regions of one republic: fewer
        // points than all the regions' outlines, but more than none.
        let borders: usize = republic_borders(&map).iter().map(Vec::len).sum();
        let outlines: usize = map
            .regions
            .iter()
            .flat_map(|r| r.polygons.iter().flatten())
            .map(Vec::len)
            .sum();
        assert!(borders > 0 && borders < outlines, "{borders} of {outlines}");
    }
}
