//! The war on the map, from the invasion to the end screen: the regions lost darkened
//! and hatched, the front drawn strongly along their border with the land still held,
//! an arrow of attack along each axis as far as it has come, the fallen cities marked
//! in black with their day and the besieged ringed, and a banner with the week and
//! the losses. The shapes are rebuilt only when the front moves.

use super::front_shapes::{Lcc, advance, axis_line, front_line, hatching};
use super::{MapAsset, MapCamera};
use crate::gui::{Screen, style};
use crate::model::Date;
use crate::sim::reckoning::{Reckoning, War};
use crate::sim::spawn::LoadedScenario;
use bevy::asset::RenderAssetUsages;
use bevy::ecs::system::SystemParam;
use bevy::mesh::PrimitiveTopology;
use bevy::picking::prelude::Pickable;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<FrontShapes>()
        .add_systems(OnEnter(Screen::InGame), |mut f: ResMut<FrontShapes>| {
            *f = FrontShapes::default()
        })
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            build_front.run_if(in_state(Screen::InGame)),
        )
        .add_systems(
            crate::gui::panels::perf::MapUi,
            draw_front.run_if(in_state(Screen::InGame)),
        );
}

/// The occupied land's darkening and hatching, drawn over the regions' colours and
/// under their borders and names.
#[derive(Component)]
struct Occupied;

/// Hatch strokes this many km apart.
const HATCH_KM: f32 = 28.0;

/// The front's shapes in the map's km, as they stood when last built.
#[derive(Resource, Default)]
struct FrontShapes {
    /// The campaign they were built for: its day, weeks fought and regions lost.
    built_for: Option<(Date, u32, usize)>,
    front: Vec<[Vec2; 2]>,
    axes: Vec<AxisShape>,
    cities: Vec<CityMark>,
}

struct AxisShape {
    /// From the start line to the point the front has reached.
    path: Vec<Vec2>,
}

struct CityMark {
    name: String,
    at: Vec2,
    fell: Option<Date>,
    besieged: Option<Date>,
}

/// What drawing the occupied land takes: the entities of the last drawing and the
/// assets of the next.
#[derive(SystemParam)]
struct OccupiedLand<'w, 's> {
    commands: Commands<'w, 's>,
    old: Query<'w, 's, Entity, With<Occupied>>,
    meshes: ResMut<'w, Assets<Mesh>>,
    materials: ResMut<'w, Assets<ColorMaterial>>,
}

fn build_front(
    war: Option<Res<War>>,
    map: Res<MapAsset>,
    scenario: Option<Res<LoadedScenario>>,
    mut shapes: ResMut<FrontShapes>,
    land: OccupiedLand,
) {
    let OccupiedLand {
        mut commands,
        old,
        mut meshes,
        mut materials,
    } = land;
    let reckoning = war.as_ref().and_then(|w| w.0.as_ref());
    let wanted = reckoning.map(|r| (r.date, r.weeks_fought, r.regions_lost.len()));
    if wanted == shapes.built_for {
        return;
    }
    for e in &old {
        commands.entity(e).despawn();
    }
    *shapes = FrontShapes {
        built_for: wanted,
        ..default()
    };
    let (Some(r), Ok(map), Some(scenario)) = (reckoning, &map.0, scenario) else {
        return;
    };
    shapes.front = front_line(map, &r.regions_lost);
    let fill = materials.add(Color::srgba(0.16, 0.12, 0.10, 0.38));
    let hatch = materials.add(Color::srgba(0.10, 0.07, 0.06, 0.55));
    for region in r.regions_lost.iter().filter_map(|id| map.region(id)) {
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Occupied,
            Mesh2d(meshes.add(super::triangulate(&region.polygons))),
            MeshMaterial2d(fill.clone()),
            Transform::from_xyz(0.0, 0.0, 1.5),
            Pickable::IGNORE,
        ));
        let strokes = hatching(&region.polygons, HATCH_KM);
        let mut mesh = Mesh::new(PrimitiveTopology::LineList, RenderAssetUsages::default());
        let points: Vec<[f32; 3]> = strokes
            .iter()
            .flat_map(|[a, b]| [[a.x, a.y, 0.0], [b.x, b.y, 0.0]])
            .collect();
        mesh.insert_attribute(Mesh::ATTRIBUTE_POSITION, points);
        commands.spawn((
            DespawnOnExit(Screen::InGame),
            Occupied,
            Mesh2d(meshes.add(mesh)),
            MeshMaterial2d(hatch.clone()),
            Transform::from_xyz(0.0, 0.0, 1.6),
            Pickable::IGNORE,
        ));
    }
    // Cities and axes need the content's degrees and the map's projection.
    let (Some(def), Some(lcc)) = (
        scenario.0.common.reckoning.as_ref(),
        Lcc::from_proj(&map.projection),
    ) else {
        return;
    };
    for axis in &def.axes {
        let placed: Vec<(f32, Vec2)> = axis
            .places
            .iter()
            .filter_map(|p| {
                p.at.map(|(lon, lat)| (p.km, Vec2::from(lcc.project(lon, lat))))
            })
            .collect();
        let km = r
            .front
            .get(&axis.id)
            .and_then(|weeks| weeks.last())
            .copied()
            .unwrap_or(0.0);
        let path = advance(&axis_line(&placed), km);
        if path.len() >= 2 {
            shapes.axes.push(AxisShape { path });
        }
        for p in &axis.places {
            let (Some((lon, lat)), Some(fate)) = (p.at, r.places.iter().find(|f| f.id == p.id))
            else {
                continue;
            };
            shapes.cities.push(CityMark {
                name: p.name.clone(),
                at: Vec2::from(lcc.project(lon, lat)),
                fell: fate.fell,
                besieged: fate.besieged,
            });
        }
    }
}

/// Screen height at the bottom of the map that the map modes and the banner cover.
const BOTTOM_BAND: f32 = 100.0;

/// Red-brown, darker than the game's red, so that the front stands apart from the
/// arrows of attack.
const FRONT: egui::Color32 = egui::Color32::from_rgb(112, 26, 18);

fn draw_front(
    mut contexts: EguiContexts,
    shapes: Res<FrontShapes>,
    war: Option<Res<War>>,
    mut cam: Query<(&Camera, &GlobalTransform, &mut Transform, &mut Projection), With<MapCamera>>,
) -> Result {
    let (Some(r), Ok((camera, cam_t, mut place, mut projection))) =
        (war.as_ref().and_then(|w| w.0.as_ref()), cam.single_mut())
    else {
        return Ok(());
    };
    let Some(view) = camera.logical_viewport_rect() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let (clip, painter) = super::counters::map_painter(ctx, view, "war_front");
    let screen = |p: Vec2| {
        camera
            .world_to_viewport(cam_t, p.extend(0.0))
            .ok()
            .map(|s| egui::pos2(s.x, s.y))
    };
    let line = egui::Stroke::new(4.0, FRONT);
    for [a, b] in &shapes.front {
        if let (Some(a), Some(b)) = (screen(*a), screen(*b)) {
            painter.line_segment([a, b], line);
        }
    }
    let on_screen: Vec<(egui::Pos2, &CityMark)> = shapes
        .cities
        .iter()
        .filter_map(|c| screen(c.at).filter(|p| clip.contains(*p)).map(|p| (p, c)))
        .collect();
    // Names go where they cover no other city and no name already placed.
    let mut taken: Vec<egui::Rect> = on_screen
        .iter()
        .map(|(p, _)| egui::Rect::from_center_size(*p, egui::vec2(22.0, 22.0)))
        .collect();
    for (p, c) in &on_screen {
        let (text, color) = city(&painter, *p, c);
        let galley = painter.layout_no_wrap(text, egui::FontId::proportional(13.0), color);
        let rect = label_place(*p, galley.size(), &taken);
        taken.push(rect.expand(2.0));
        // A paper ground under the name, so it reads over hatching and borders.
        painter.rect_filled(
            rect.expand(2.0),
            2.0,
            egui::Color32::from_rgba_unmultiplied(236, 228, 208, 170),
        );
        painter.galley(rect.min, galley, color);
    }
    // Over the cities: the head of an arrow is where the front stands, often on a city.
    for axis in &shapes.axes {
        let points: Vec<egui::Pos2> = axis.path.iter().filter_map(|p| screen(*p)).collect();
        arrow(&painter, &points);
    }
    if banner(ctx, clip, r)
        && let (Some((centre, size)), Projection::Orthographic(o)) =
            (shapes.theatre(), &mut *projection)
    {
        // The whole theatre in view, with a margin for the cities' names, above the
        // map modes and this banner along the bottom.
        let room = egui::vec2(view.width(), (view.height() - BOTTOM_BAND).max(100.0));
        let fit = (size.x / room.x).max(size.y / room.y) * 1.15;
        o.scale = fit.clamp(super::MIN_SCALE, super::MAX_SCALE);
        let lift = Vec2::new(0.0, BOTTOM_BAND / 2.0 * o.scale);
        place.translation = (centre - lift).extend(place.translation.z);
    }
    Ok(())
}

impl FrontShapes {
    /// The centre and size of the land the war is fought over: the axes from their
    /// start lines, every city on them and the front.
    fn theatre(&self) -> Option<(Vec2, Vec2)> {
        let points = self
            .axes
            .iter()
            .flat_map(|a| a.path.iter().copied())
            .chain(self.cities.iter().map(|c| c.at))
            .chain(self.front.iter().flatten().copied());
        let (lo, hi) = points.fold(None, |acc: Option<(Vec2, Vec2)>, p| {
            Some(acc.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))))
        })?;
        Some(((lo + hi) / 2.0, hi - lo))
    }
}

/// An arrow of attack: a broad translucent red band along the path, with its head at
/// the point reached.
fn arrow(painter: &egui::Painter, points: &[egui::Pos2]) {
    let (Some(&tip), Some(&before)) = (points.last(), points.iter().rev().nth(1)) else {
        return;
    };
    let band = egui::Color32::from_rgba_unmultiplied(170, 24, 18, 200);
    let dir = (tip - before).normalized();
    let side = egui::vec2(-dir.y, dir.x);
    let head = 22.0;
    let mut body = points.to_vec();
    if let Some(last) = body.last_mut() {
        *last = tip - dir * head * 0.8;
    }
    painter.add(egui::Shape::line(body, egui::Stroke::new(10.0, band)));
    painter.add(egui::Shape::convex_polygon(
        vec![
            tip,
            tip - dir * head + side * 13.0,
            tip - dir * head - side * 13.0,
        ],
        band,
        egui::Stroke::NONE,
    ));
}

/// A city's mark: black with its day when it has fallen, ringed in red when besieged,
/// a hollow ink ring while it holds; and the name to write by it, in its colour.
fn city(painter: &egui::Painter, p: egui::Pos2, c: &CityMark) -> (String, egui::Color32) {
    let day = |d: Date| {
        let long = d.long();
        long.rsplit_once(' ')
            .map_or(long.clone(), |(dm, _)| dm.to_string())
    };
    match (c.fell, c.besieged) {
        (Some(d), _) => {
            painter.rect_filled(
                egui::Rect::from_center_size(p, egui::vec2(11.0, 11.0)),
                1.0,
                egui::Color32::BLACK,
            );
            (format!("{} fell {}", c.name, day(d)), egui::Color32::BLACK)
        }
        (None, Some(d)) => {
            painter.circle_filled(p, 5.0, style::INK);
            painter.circle_stroke(p, 10.0, egui::Stroke::new(3.0, style::RED));
            (format!("{} besieged {}", c.name, day(d)), style::RED)
        }
        (None, None) => {
            painter.circle_filled(p, 5.0, style::PAPER);
            painter.circle_stroke(p, 5.0, egui::Stroke::new(2.0, style::INK));
            (c.name.clone(), style::INK)
        }
    }
}

/// Where a city's name goes: right of its mark, else left, above or below, whichever
/// first covers nothing already placed (the right when all do).
fn label_place(p: egui::Pos2, size: egui::Vec2, taken: &[egui::Rect]) -> egui::Rect {
    let candidates = [
        egui::Align2::LEFT_CENTER.anchor_size(p + egui::vec2(14.0, 0.0), size),
        egui::Align2::RIGHT_CENTER.anchor_size(p - egui::vec2(14.0, 0.0), size),
        egui::Align2::CENTER_BOTTOM.anchor_size(p - egui::vec2(0.0, 13.0), size),
        egui::Align2::CENTER_TOP.anchor_size(p + egui::vec2(0.0, 13.0), size),
    ];
    candidates
        .iter()
        .find(|r| !taken.iter().any(|t| t.intersects(r.expand(2.0))))
        .copied()
        .unwrap_or(candidates[0])
}

/// The banner in the map's bottom right corner (the map modes hold the left, the
/// alerts and the agenda the top): the week of the campaign, its day, and what it has
/// cost so far.
/// Whether it was clicked (to see the whole front).
fn banner(ctx: &egui::Context, clip: egui::Rect, r: &Reckoning) -> bool {
    let day = r.date.add_days(i64::from(r.weeks_fought) * 7);
    let title = if r.weeks_fought < r.weeks {
        format!("The front, week {} of {}", r.weeks_fought, r.weeks)
    } else {
        format!("The front at the campaign's end, week {}", r.weeks)
    };
    let lines = [
        format!("as it stood on {}", day.long()),
        format!(
            "{} men lost for good, {} of them captured",
            crate::model::grouped(r.losses),
            crate::model::grouped(r.captured)
        ),
        format!(
            "{} cities fallen · {:.0}% of the industry lost",
            r.places.iter().filter(|p| p.fell.is_some()).count(),
            r.industry_lost * 100.0
        ),
    ];
    egui::Area::new(egui::Id::new("war_banner"))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(clip.right_bottom() - egui::vec2(8.0, 8.0))
        .order(egui::Order::Background)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .fill(style::PAPER)
                .stroke(egui::Stroke::new(2.0, FRONT))
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(title).strong().size(16.0).color(FRONT));
                    for line in lines {
                        ui.add(
                            egui::Label::new(egui::RichText::new(line).size(13.0))
                                .extend()
                                .selectable(false),
                        );
                    }
                })
                .response
                .interact(egui::Sense::click())
                .on_hover_text("Click to see the whole front.")
                .clicked()
        })
        .inner
}

#[cfg(test)]
#[path = "front_tests.rs"]
mod tests;
