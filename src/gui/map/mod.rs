//! The map: region meshes with borders and labels, sites, a camera that pans and
//! zooms within the map, hover and click to select.

pub(crate) mod city;
pub(crate) mod counters;
pub(crate) mod director;
pub(crate) mod features;
pub(crate) mod front;
mod front_shapes;
pub(crate) mod input;
mod labels;
pub(crate) mod march;
pub(crate) mod modes;
mod republics;
pub(crate) mod spotlight;
pub(crate) mod symbols;

use crate::gui::Screen;
use crate::gui::Selection;
use crate::scenario::map::{MapData, Polygon, map_path};
use bevy::asset::RenderAssetUsages;
use bevy::ecs::system::SystemParam;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::picking::prelude::*;
use bevy::prelude::*;
use bevy_egui::input::EguiContextPointerPosition;
use bevy_egui::{EguiContext, EguiContexts, PrimaryEguiContext, egui};
use labels::{MapLabel, SiteLabel};

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        city::plugin,
        counters::plugin,
        director::plugin,
        features::plugin,
        front::plugin,
        input::plugin,
        modes::plugin,
        republics::plugin,
        spotlight::plugin,
    ));
    app.init_resource::<Hovered>()
        .add_systems(Startup, (load_map, spawn_camera))
        .add_systems(OnEnter(Screen::InGame), (spawn_map, frame_map))
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            (
                camera_controls.run_if(in_state(crate::gui::focus::Play::Running)),
                labels::scale_labels,
                pick_regions.run_if(in_state(crate::gui::focus::Play::Running)),
            )
                .chain()
                .run_if(in_state(Screen::InGame)),
        )
        .add_systems(crate::gui::panels::perf::MapUpdate, fit_viewport)
        .add_systems(
            OnExit(Screen::InGame),
            |mut cam: Query<&mut Camera, With<MapCamera>>| {
                for mut c in &mut cam {
                    c.viewport = None;
                }
            },
        )
        .add_systems(
            crate::gui::panels::perf::MapUi,
            hover_tooltip.run_if(in_state(Screen::InGame)),
        );
}

/// The map geometry, or why it could not be read (the game runs on without it).
#[derive(Resource)]
pub struct MapAsset(pub Result<MapData, String>);

#[derive(Component)]
pub struct MapCamera;

#[derive(Component)]
pub struct RegionMesh(pub String);

#[derive(Component)]
pub struct SiteMarker(pub String);

/// The regions' lines: one material, drawn faint in the far band.
#[derive(Resource)]
pub(crate) struct RegionLines(pub Handle<ColorMaterial>);

pub(crate) const REGION_LINE: Color = Color::srgb(0.30, 0.24, 0.20);
const REGION_FONT_PX: f32 = 13.0;

#[derive(Resource, Default)]
struct Hovered(Option<String>);

/// Close enough for the Kremlin to fill the view.
const MIN_SCALE: f32 = 0.002;
/// Km per pixel below which the sites and their names show.
pub(crate) const SITES_BELOW: f32 = 0.6;
const MAX_SCALE: f32 = 8.0;

fn load_map(mut commands: Commands) {
    let map = map_path().and_then(|p| MapData::load(&p));
    if let Err(e) = &map {
        warn!("map not loaded: {e}");
    }
    commands.insert_resource(MapAsset(map));
}

/// Two cameras: the map's, confined to the space the panels leave, and egui's over
/// the whole window, drawn after it and blended on top.
fn spawn_camera(mut commands: Commands, mut egui_settings: ResMut<bevy_egui::EguiGlobalSettings>) {
    egui_settings.auto_create_primary_context = false;
    commands.spawn((
        Camera2d,
        MapCamera,
        Projection::Orthographic(OrthographicProjection {
            scale: 4.0,
            ..OrthographicProjection::default_2d()
        }),
    ));
    commands.spawn((
        bevy_egui::PrimaryEguiContext,
        Camera2d,
        bevy::camera::visibility::RenderLayers::none(),
        Camera {
            order: 1,
            output_mode: bevy::camera::CameraOutputMode::Write {
                blend_state: Some(bevy::render::render_resource::BlendState::ALPHA_BLENDING),
                clear_color: ClearColorConfig::None,
            },
            clear_color: ClearColorConfig::Custom(Color::NONE),
            ..default()
        },
    ));
}

/// A muted colour per region, stable by id: the plain political map.
pub fn region_color(id: &str, parent: &str) -> Color {
    let h = crate::model::hash::fnv1a(id.as_bytes());
    let base = match parent {
        "rsfsr" => (0.80, 0.72, 0.60),
        _ => (0.74, 0.70, 0.56),
    };
    let jitter = |k: u32| ((h >> k) & 0xff) as f32 / 255.0 * 0.10 - 0.05;
    Color::srgb(base.0 + jitter(0), base.1 + jitter(8), base.2 + jitter(16))
}

/// Where a site is drawn: on its exact spot where the city file holds it, else (no
/// city drawn) spread from the inset centre as `display_position` does.
pub fn site_position(
    map: &MapData,
    city: Option<&crate::scenario::map_city::MapCity>,
    id: &str,
) -> Option<Vec2> {
    if let Some(p) = city.and_then(|c| c.site(id)) {
        return Some(Vec2::from(p));
    }
    let s = map.sites.iter().find(|s| s.id == id)?;
    let centre = map.inset_centre_pos().map(Vec2::from);
    Some(match city {
        Some(_) => Vec2::from(s.pos),
        None => display_position(Vec2::from(s.pos), centre),
    })
}

/// Pixels a site's name needs between it and the inset centre to show.
const SITE_LABEL_ROOM_PX: f32 = 45.0;

/// Without the city drawn, sites around the Kremlin, a few hundred metres to a few
/// kilometres apart, are spread on a logarithmic scale of their distance from it
/// (directions kept), so each shows as a distinct place. Farther sites are exact.
pub fn display_position(pos: Vec2, kremlin: Option<Vec2>) -> Vec2 {
    const REACH_KM: f32 = 30.0;
    const SPREAD_KM: f32 = 1.6;
    const NEAR_KM: f32 = 0.05;
    let Some(k) = kremlin else { return pos };
    let d = pos - k;
    let dist = d.length();
    if !(1e-3..=REACH_KM).contains(&dist) {
        return pos;
    }
    k + d / dist * SPREAD_KM * (1.0 + dist / NEAR_KM).ln()
}

pub(super) fn triangulate(polygons: &[Polygon]) -> Mesh {
    let mut positions: Vec<[f32; 3]> = Vec::new();
    let mut indices: Vec<u32> = Vec::new();
    for poly in polygons {
        let mut flat: Vec<f64> = Vec::new();
        let mut holes: Vec<usize> = Vec::new();
        for (i, ring) in poly.iter().enumerate() {
            if i > 0 {
                holes.push(flat.len() / 2);
            }
            for p in ring {
                flat.push(f64::from(p[0]));
                flat.push(f64::from(p[1]));
            }
        }
        let base = positions.len() as u32;
        if let Ok(tris) = earcutr::earcut(&flat, &holes, 2) {
            indices.extend(tris.iter().map(|i| base + *i as u32));
        }
        positions.extend(flat.chunks(2).map(|c| [c[0] as f32, c[1] as f32, 0.0]));
    }
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    );
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, positions);
    mesh.insert_indices(Indices::U32(indices));
    mesh
}

fn outline(polygons: &[Polygon]) -> Mesh {
    let mut positions: Vec<[f32; 3]> = Vec::new();
    for poly in polygons {
        for ring in poly {
            for i in 0..ring.len() {
                let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                positions.push([a[0], a[1], 0.0]);
                positions.push([b[0], b[1], 0.0]);
            }
        }
    }
    let mut mesh = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default());
    mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, positions);
    mesh
}

fn spawn_map(
    mut commands: Commands,
    map: Res<MapAsset>,
    city: Res<city::CityAsset>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let Ok(map) = &map.0 else { return };
    let context_mat = materials.add(Color::srgb(0.70, 0.71, 0.66));
    let border_mat = materials.add(REGION_LINE);
    commands.insert_resource(RegionLines(border_mat.clone()));
    let context_border = materials.add(Color::srgb(0.55, 0.56, 0.52));
    for c in &map.context {
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Mesh2d(meshes.add(triangulate(&c.polygons))),
            MeshMaterial2d(context_mat.clone()),
            Transform::from_xyz(0.0, 0.0, 0.0),
            Pickable::IGNORE,
        ));
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Mesh2d(meshes.add(outline(&c.polygons))),
            MeshMaterial2d(context_border.clone()),
            Transform::from_xyz(0.0, 0.0, 0.5),
            Pickable::IGNORE,
        ));
    }
    for r in &map.regions {
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            RegionMesh(r.id.clone()),
            Mesh2d(meshes.add(triangulate(&r.polygons))),
            MeshMaterial2d(materials.add(region_color(&r.id, &r.parent))),
            Transform::from_xyz(0.0, 0.0, 1.0),
        ));
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Mesh2d(meshes.add(outline(&r.polygons))),
            MeshMaterial2d(border_mat.clone()),
            Transform::from_xyz(0.0, 0.0, 2.0),
            Pickable::IGNORE,
        ));
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            MapLabel {
                extent_km: r.area_km2.sqrt(),
                width_px: labels::width_px(&r.name, REGION_FONT_PX),
            },
            Text2d::new(r.name.clone()),
            TextFont::from_font_size(FontSize::Px(REGION_FONT_PX)),
            TextColor(labels::REGION_INK),
            Transform::from_xyz(r.label[0], r.label[1], 5.0),
            Pickable::IGNORE,
        ));
    }
    let site_mesh = meshes.add(Circle::new(1.0));
    let centre = map
        .inset_centre
        .as_deref()
        .and_then(|c| site_position(map, city.get(), c));
    let site_mat = materials.add(Color::srgb(0.60, 0.08, 0.06));
    for s in &map.sites {
        let Some(pos) = site_position(map, city.get(), &s.id) else {
            continue;
        };
        let from_centre = centre.map_or(f32::MAX, |k| k.distance(pos));
        let shows_below = if city.get().is_some() && from_centre > 1e-3 {
            (from_centre / SITE_LABEL_ROOM_PX).min(SITES_BELOW)
        } else {
            SITES_BELOW
        };
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            SiteMarker(s.id.clone()),
            Mesh2d(site_mesh.clone()),
            MeshMaterial2d(site_mat.clone()),
            Transform::from_xyz(pos.x, pos.y, 4.0),
        ));
        // Labels point away from the Kremlin so that neighbours' labels do not collide.
        let anchor = match centre {
            Some(k) if (pos - k).length() < 1e-3 => bevy::sprite::Anchor::BOTTOM_CENTER,
            Some(k) if pos.x < k.x && (pos - k).length() < 30.0 => {
                bevy::sprite::Anchor::CENTER_RIGHT
            }
            _ => bevy::sprite::Anchor::CENTER_LEFT,
        };
        // A paper-coloured halo (the name again, a pixel off each way, behind it) keeps
        // the name legible over the city's roads and woods.
        let halo = |dx: f32, dy: f32| {
            (
                Text2d::new(s.name.clone()),
                TextFont::from_font_size(FontSize::Px(12.0)),
                TextColor(Color::srgb(0.93, 0.89, 0.80)),
                anchor,
                Transform::from_xyz(dx, dy, -0.1),
                Pickable::IGNORE,
            )
        };
        commands
            .spawn((
                DespawnOnExit(Screen::InGame),
                SiteLabel { shows_below },
                MapLabel {
                    extent_km: 0.0,
                    width_px: 0.0,
                },
                Text2d::new(s.name.clone()),
                TextFont::from_font_size(FontSize::Px(12.0)),
                TextColor(Color::srgb(0.45, 0.05, 0.04)),
                anchor,
                Transform::from_xyz(pos.x, pos.y, 6.0),
                Pickable::IGNORE,
            ))
            .with_children(|c| {
                for (dx, dy) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
                    c.spawn(halo(dx, dy));
                }
            });
    }
}

fn frame_map(
    map: Res<MapAsset>,
    mut cam: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    let Ok(map) = &map.0 else { return };
    // The content's opening view (common/map.ron); without one, the camera stays put.
    let Ok(view) = crate::scenario::map::map_setting().map(|s| s.view) else {
        return;
    };
    let [x0, y0, x1, y1] = map.bounds;
    for (mut t, mut p) in &mut cam {
        t.translation = Vec3::new(x0 + (x1 - x0) * view.x, y0 + (y1 - y0) * view.y, 100.0);
        if let Projection::Orthographic(o) = &mut *p {
            o.scale = ((x1 - x0) * view.width / 1000.0).clamp(MIN_SCALE, MAX_SCALE);
        }
    }
}

/// Draws the map only in the space the panels leave, so its centre is the view's centre.
fn fit_viewport(
    viewport: Res<crate::gui::MapViewport>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    mut cam: Query<&mut Camera, With<MapCamera>>,
    state: Res<State<Screen>>,
) {
    if !viewport.is_changed() && !state.is_changed() {
        return;
    }
    let (Ok(window), Ok(mut camera)) = (windows.single(), cam.single_mut()) else {
        return;
    };
    let scale = window.scale_factor();
    let full = UVec2::new(window.physical_width(), window.physical_height());
    camera.viewport = match (viewport.0, *state.get() == Screen::InGame) {
        (Some(r), true) if r.width() > 50.0 && r.height() > 50.0 => {
            let pos = UVec2::new(
                (r.min.x * scale).max(0.0) as u32,
                (r.min.y * scale).max(0.0) as u32,
            )
            .min(full);
            let size = UVec2::new((r.width() * scale) as u32, (r.height() * scale) as u32)
                .min(full - pos)
                .max(UVec2::ONE);
            Some(bevy::camera::Viewport {
                physical_position: pos,
                physical_size: size,
                ..default()
            })
        }
        _ => None,
    };
}

/// What moves the map: keys, the mouse over the map, the wheel.
#[derive(SystemParam)]
struct CameraInput<'w, 's> {
    keys: crate::gui::keys::Keys<'w>,
    buttons: Res<'w, ButtonInput<MouseButton>>,
    motion: Res<'w, AccumulatedMouseMotion>,
    scroll: Res<'w, AccumulatedMouseScroll>,
    typing: Res<'w, crate::gui::focus::Typing>,
    viewport: Res<'w, crate::gui::MapViewport>,
    pointer: Query<
        'w,
        's,
        (
            &'static mut EguiContext,
            &'static EguiContextPointerPosition,
        ),
        With<PrimaryEguiContext>,
    >,
}

impl CameraInput<'_, '_> {
    /// Where the pointer is over the map itself, from the map's centre in pixels (y up):
    /// inside the room the panels leave it (the panels sit on a root of their own, which
    /// egui's "over an area" does not count) and under no window. Its position is this
    /// frame's, so a wheel turned the moment the mouse arrives goes where the mouse is.
    fn pointer_on_map(&mut self) -> Option<Vec2> {
        let (Ok((mut ctx, at)), Some(room)) = (self.pointer.single_mut(), self.viewport.0) else {
            return None;
        };
        let free = room.contains(at.position)
            && ctx
                .get_mut()
                .layer_id_at(at.position)
                .is_none_or(|l| l.order == egui::Order::Background);
        let d = at.position - room.center();
        free.then_some(Vec2::new(d.x, -d.y))
    }
}

fn camera_controls(
    mut input: CameraInput,
    time: Res<Time<Real>>,
    map: Res<MapAsset>,
    mut cam: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
) {
    let pointer = input.pointer_on_map();
    let CameraInput {
        keys,
        buttons,
        motion,
        scroll,
        typing,
        ..
    } = input;
    let Ok((mut t, mut p)) = cam.single_mut() else {
        return;
    };
    let Projection::Orthographic(o) = &mut *p else {
        return;
    };
    let over_ui = pointer.is_none();
    let mut pan = Vec2::ZERO;
    if !typing.0 {
        use crate::gui::keys::Action;
        for (a, d) in [
            (Action::PanUp, Vec2::Y),
            (Action::PanDown, -Vec2::Y),
            (Action::PanLeft, -Vec2::X),
            (Action::PanRight, Vec2::X),
        ] {
            if keys.pressed(a) {
                pan += d * 600.0 * time.delta_secs();
            }
        }
    }
    if !over_ui && (buttons.pressed(MouseButton::Right) || buttons.pressed(MouseButton::Middle)) {
        pan += Vec2::new(-motion.delta.x, motion.delta.y);
    }
    t.translation += (pan * o.scale).extend(0.0);
    if !over_ui && scroll.delta.y != 0.0 {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
        };
        let before = o.scale;
        o.scale = (o.scale * 0.85f32.powf(lines)).clamp(MIN_SCALE, MAX_SCALE);
        // The place under the pointer stays under it: the wheel zooms where one looks.
        if let Some(at) = pointer {
            t.translation += (at * (before - o.scale)).extend(0.0);
        }
    }
    if let Ok(map) = &map.0 {
        let [x0, y0, x1, y1] = map.bounds;
        t.translation.x = t.translation.x.clamp(x0, x1);
        t.translation.y = t.translation.y.clamp(y0, y1);
    }
}

fn pick_regions(
    mut over: MessageReader<Pointer<Over>>,
    mut out: MessageReader<Pointer<Out>>,
    mut clicks: MessageReader<Pointer<Click>>,
    regions: Query<&RegionMesh>,
    sites: Query<&SiteMarker>,
    mut hovered: ResMut<Hovered>,
    mut selection: ResMut<Selection>,
) {
    for e in out.read() {
        if regions.get(e.entity).is_ok() || sites.get(e.entity).is_ok() {
            hovered.0 = None;
        }
    }
    for e in over.read() {
        if let Ok(r) = regions.get(e.entity) {
            hovered.0 = Some(r.0.clone());
        } else if let Ok(s) = sites.get(e.entity) {
            hovered.0 = Some(s.0.clone());
        }
    }
    for c in clicks.read() {
        if c.event.button != PointerButton::Primary {
            continue;
        }
        if let Ok(s) = sites.get(c.entity) {
            *selection = Selection::Site(s.0.clone());
        } else if let Ok(r) = regions.get(c.entity) {
            *selection = Selection::Region(r.0.clone());
        }
    }
}

fn hover_tooltip(mut contexts: EguiContexts, hovered: Res<Hovered>, map: Res<MapAsset>) -> Result {
    let (Some(id), Ok(map)) = (&hovered.0, &map.0) else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    if ctx.is_pointer_over_egui() {
        return Ok(());
    }
    let text = if let Some(r) = map.region(id) {
        format!(
            "{}\n{}\nCentre: {}\n{} km²",
            r.name,
            r.name_ru,
            r.centre,
            crate::model::grouped(r.area_km2.round() as u32)
        )
    } else if let Some(s) = map.sites.iter().find(|s| &s.id == id) {
        s.name.clone()
    } else {
        return Ok(());
    };
    if let Some(pos) = ctx.pointer_hover_pos() {
        egui::Area::new(egui::Id::new("map_hover"))
            .fixed_pos(pos + egui::vec2(16.0, 16.0))
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    // Near the map's edge the area is narrow: a name is never broken.
                    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
                });
            });
    }
    Ok(())
}
