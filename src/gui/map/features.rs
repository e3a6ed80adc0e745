//! Rivers, lakes, railways and cities over the regions. The geometry is built once on
//! entering the game; what shows depends on the zoom band, switched only when the band
//! changes, and city names fade in as the map comes closer.

use super::{MapAsset, MapCamera, SITES_BELOW, triangulate};
use crate::gui::Screen;
use crate::scenario::map::{Polygon, features_path};
use crate::scenario::map_features::MapFeatures;
use bevy::asset::RenderAssetUsages;
use bevy::mesh::PrimitiveTopology;
use bevy::picking::prelude::*;
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<ZoomBand>()
        .add_systems(Startup, load_features)
        .add_systems(OnEnter(Screen::InGame), spawn_features)
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            follow_zoom.run_if(in_state(Screen::InGame)),
        );
}

/// The features, or why they could not be read (the map is drawn without them).
#[derive(Resource)]
pub struct FeaturesAsset(pub Result<Option<MapFeatures>, String>);

/// The railways as a graph for the marches drawn from afar; `None` without features.
#[derive(Resource, Default)]
pub struct Rails(pub Option<crate::scenario::map_city::Roads>);

/// How close the map is: far shows the country whole, middle its regions with rivers
/// and the great cities, close everything down to the railways.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Far,
    Middle,
    Close,
}

impl Band {
    /// Km per pixel at which the middle and the close bands begin.
    pub(crate) const MIDDLE_BELOW: f32 = 6.0;
    const CLOSE_BELOW: f32 = 1.8;

    pub fn of(scale: f32) -> Self {
        if scale < Self::CLOSE_BELOW {
            Band::Close
        } else if scale < Self::MIDDLE_BELOW {
            Band::Middle
        } else {
            Band::Far
        }
    }
}

/// The band the features were last shown for; `None` until the first frame in game.
#[derive(Resource, Default)]
pub struct ZoomBand(pub Option<Band>);

/// A feature drawn from this band inwards.
#[derive(Component)]
struct ShownFrom(Band);

/// A city's dot: its radius in pixels and the scales between which it shows.
#[derive(Component)]
struct CityMarker {
    radius_px: f32,
    shows_below: f32,
    hides_below: f32,
}

#[derive(Component)]
struct CityLabel {
    shows_below: f32,
    hides_below: f32,
    pos: Vec2,
    /// Pixels from the city's centre to the name's corner.
    offset_px: f32,
}

type Layers<'w, 's> = Query<
    'w,
    's,
    (&'static ShownFrom, &'static mut Visibility),
    (Without<CityMarker>, Without<CityLabel>),
>;
type Dots<'w, 's> = Query<
    'w,
    's,
    (
        &'static CityMarker,
        &'static mut Transform,
        &'static mut Visibility,
    ),
    Without<CityLabel>,
>;
type Labels<'w, 's> = Query<
    'w,
    's,
    (
        &'static CityLabel,
        &'static mut Transform,
        &'static mut Visibility,
        &'static mut TextColor,
    ),
    Without<CityMarker>,
>;

const RIVER: Color = Color::srgb(0.30, 0.42, 0.52);
const RAIL: Color = Color::srgb(0.12, 0.10, 0.08);
const CITY: Color = Color::srgb(0.16, 0.12, 0.10);
const CITY_TEXT: (f32, f32, f32) = (0.16, 0.12, 0.10);
/// Railway ticks: one every so many km, so long across.
const TICK_EVERY_KM: f32 = 30.0;
const TICK_KM: f32 = 6.0;

fn load_features(mut commands: Commands) {
    let f = features_path().and_then(|p| p.map(|p| MapFeatures::load(&p)).transpose());
    if let Err(e) = &f {
        warn!("map features not loaded: {e}");
    }
    let rails = f
        .as_ref()
        .ok()
        .and_then(|f| f.as_ref())
        .map(MapFeatures::rails);
    commands.insert_resource(Rails(rails));
    commands.insert_resource(FeaturesAsset(f));
}

/// The scale (km per pixel) below which a city of this many thousands shows: the
/// greatest from afar, every city once the map is close.
pub fn city_shows_below(pop_thousands: u32) -> f32 {
    Band::CLOSE_BELOW + 5.0 * (pop_thousands as f32 / 1000.0).sqrt()
}

/// The dot's radius in pixels: its area grows with the population.
pub fn city_radius_px(pop_thousands: u32) -> f32 {
    2.0 + 3.0 * (pop_thousands as f32 / 1000.0).sqrt()
}

fn lines(polylines: impl Iterator<Item = Vec<[f32; 2]>>) -> Mesh {
    let mut positions: Vec<[f32; 3]> = Vec::new();
    for pts in polylines {
        for w in pts.windows(2) {
            positions.push([w[0][0], w[0][1], 0.0]);
            positions.push([w[1][0], w[1][1], 0.0]);
        }
    }
    let mut mesh = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default());
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, positions);
    mesh
}

/// The railway's cross ticks, evenly along its length: the old maps' sign for a line.
pub fn railway_ticks(points: &[[f32; 2]]) -> Vec<Vec<[f32; 2]>> {
    let mut ticks = Vec::new();
    let mut to_next = TICK_EVERY_KM / 2.0;
    for w in points.windows(2) {
        let (a, b) = (Vec2::from(w[0]), Vec2::from(w[1]));
        let len = a.distance(b);
        if len <= f32::EPSILON {
            continue;
        }
        let dir = (b - a) / len;
        let across = dir.perp() * TICK_KM / 2.0;
        let mut at = to_next;
        while at <= len {
            let p = a + dir * at;
            ticks.push(vec![(p - across).into(), (p + across).into()]);
            at += TICK_EVERY_KM;
        }
        to_next = at - len;
    }
    ticks
}

fn spawn_features(
    mut commands: Commands,
    features: Res<FeaturesAsset>,
    mut band: ResMut<ZoomBand>,
    map: Res<MapAsset>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    band.0 = None;
    let Ok(Some(f)) = &features.0 else { return };
    let base = (
        DespawnOnExit(Screen::InGame),
        Pickable::IGNORE,
        Visibility::Hidden,
    );
    let lakes: Vec<Polygon> = f.lakes.iter().map(|l| vec![l.ring.clone()]).collect();
    commands.spawn((
        base.clone(),
        ShownFrom(Band::Far),
        Mesh2d(meshes.add(triangulate(&lakes))),
        MeshMaterial2d(materials.add(crate::gui::style::SEA)),
        Transform::from_xyz(0.0, 0.0, 1.2),
    ));
    let shores = f.lakes.iter().map(|l| {
        let mut r = l.ring.clone();
        r.push(l.ring[0]);
        r
    });
    commands.spawn((
        base.clone(),
        ShownFrom(Band::Far),
        Mesh2d(meshes.add(lines(shores))),
        MeshMaterial2d(materials.add(RIVER)),
        Transform::from_xyz(0.0, 0.0, 1.3),
    ));
    commands.spawn((
        base.clone(),
        ShownFrom(Band::Middle),
        Mesh2d(meshes.add(lines(f.rivers.iter().map(|r| r.points.clone())))),
        MeshMaterial2d(materials.add(RIVER)),
        Transform::from_xyz(0.0, 0.0, 1.3),
    ));
    let rails = f.railways.iter().flat_map(|r| {
        let mut all = vec![r.points.clone()];
        all.extend(railway_ticks(&r.points));
        all
    });
    commands.spawn((
        base.clone(),
        ShownFrom(Band::Close),
        Mesh2d(meshes.add(lines(rails))),
        MeshMaterial2d(materials.add(RAIL)),
        Transform::from_xyz(0.0, 0.0, 2.5),
    ));
    // The city around the inset centre gives way to its sites when they show.
    let centre = map.0.as_ref().ok().and_then(|m| m.inset_centre_pos());
    let dot = meshes.add(Circle::new(1.0));
    let ink = materials.add(CITY);
    for c in &f.cities {
        let shows_below = city_shows_below(c.pop_1939);
        let hides_below = match centre {
            Some(k) if Vec2::from(k).distance(Vec2::from(c.pos)) < 30.0 => SITES_BELOW,
            _ => 0.0,
        };
        commands.spawn((
            base.clone(),
            CityMarker {
                radius_px: city_radius_px(c.pop_1939),
                shows_below,
                hides_below,
            },
            Mesh2d(dot.clone()),
            MeshMaterial2d(ink.clone()),
            Transform::from_xyz(c.pos[0], c.pos[1], 3.5),
        ));
        commands.spawn((
            base.clone(),
            CityLabel {
                shows_below,
                hides_below,
                pos: Vec2::from(c.pos),
                offset_px: city_radius_px(c.pop_1939) + 1.0,
            },
            Text2d::new(c.name.clone()),
            TextFont::from_font_size(FontSize::Px(12.0)),
            TextColor(Color::srgba(CITY_TEXT.0, CITY_TEXT.1, CITY_TEXT.2, 0.0)),
            bevy::sprite::Anchor::BOTTOM_LEFT,
            Transform::from_xyz(c.pos[0], c.pos[1], 5.5),
        ));
    }
}

/// How opaque a city's name is at this scale: it fades in over the last third of the
/// way down to where it shows fully.
pub fn label_alpha(scale: f32, shows_below: f32) -> f32 {
    ((shows_below - scale) / (shows_below * 0.25)).clamp(0.0, 1.0)
}

/// Runs only when the camera's zoom changes: layers switch when the band changes, city
/// dots keep their size on screen and their names fade.
fn follow_zoom(
    cam: Query<&Projection, (With<MapCamera>, Changed<Projection>)>,
    mut band: ResMut<ZoomBand>,
    mut layers: Layers,
    mut dots: Dots,
    mut labels: Labels,
) {
    let Ok(Projection::Orthographic(o)) = cam.single() else {
        return;
    };
    let s = o.scale;
    let now = Band::of(s);
    if band.0 != Some(now) {
        band.0 = Some(now);
        for (from, mut v) in &mut layers {
            *v = shown(now >= from.0);
        }
    }
    for (m, mut t, mut v) in &mut dots {
        t.scale = Vec3::splat(m.radius_px * s);
        v.set_if_neq(shown(s < m.shows_below && s >= m.hides_below));
    }
    for (l, mut t, mut v, mut color) in &mut labels {
        t.scale = Vec3::splat(s);
        // Beside the dot by a few pixels, whatever the zoom.
        let off = Vec2::splat(l.offset_px * s * std::f32::consts::FRAC_1_SQRT_2);
        t.translation = (l.pos + off).extend(t.translation.z);
        let alpha = label_alpha(s, l.shows_below);
        v.set_if_neq(shown(alpha > 0.0 && s >= l.hides_below));
        color.0 = color.0.with_alpha(alpha);
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

    #[test]
    fn bands_follow_the_scale() {
        assert_eq!(Band::of(8.0), Band::Far);
        assert_eq!(Band::of(4.0), Band::Middle);
        assert_eq!(Band::of(0.5), Band::Close);
        assert!(Band::Far < Band::Middle && Band::Middle < Band::Close);
    }

    #[test]
    fn every_city_shows_when_close_and_the_greatest_first() {
        assert!(city_shows_below(1) > Band::CLOSE_BELOW);
        assert!(city_shows_below(4000) > Band::MIDDLE_BELOW);
        assert!(city_shows_below(100) < Band::MIDDLE_BELOW * 0.6);
        assert!(city_radius_px(4000) > 2.0 * city_radius_px(100));
    }

    #[test]
    fn names_fade_in_as_the_map_comes_closer() {
        let below = city_shows_below(300);
        assert_eq!(label_alpha(below + 0.1, below), 0.0);
        let half = label_alpha(below * 0.875, below);
        assert!(half > 0.3 && half < 0.7, "{half}");
        assert_eq!(label_alpha(below * 0.5, below), 1.0);
    }

    #[test]
    fn railway_ticks_are_evenly_spaced_across_the_line() {
        let ticks = railway_ticks(&[[0.0, 0.0], [100.0, 0.0], [100.0, 50.0]]);
        // 150 km of line, the first tick half a step in, then every step.
        assert_eq!(ticks.len(), 5);
        assert_eq!(ticks[0], vec![[15.0, -3.0], [15.0, 3.0]]);
        // The tick past the corner crosses the second leg.
        assert_eq!(ticks[4], vec![[103.0, 35.0], [97.0, 35.0]]);
    }
}
