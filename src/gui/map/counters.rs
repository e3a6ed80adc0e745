//! Unit counters on the map: one counter per place, in the colour of the faction most
//! of its men follow, with the number of units and men; hover lists them, a click
//! selects the first.

use crate::gui::Screen;
use crate::gui::Selection;
use crate::gui::map::{MapAsset, MapCamera, display_position};
use crate::gui::style;
use crate::sim::Ids;
use crate::sim::forces::battles::Winner;
use crate::sim::forces::units::{Unit, UnitState, unit_faction};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        crate::gui::panels::perf::MapUi,
        (draw_counters, draw_battles).run_if(in_state(Screen::InGame)),
    );
}

/// The units drawn as one counter, each with the faction it follows.
type Stack<'a> = Vec<(&'a Unit, &'a UnitState, Option<String>)>;

/// Where a place is on the map, in world km.
pub(crate) fn place_position(map: &crate::scenario::map::MapData, id: &str) -> Option<Vec2> {
    let kremlin = map.inset_centre_pos().map(Vec2::from);
    if let Some(s) = map.sites.iter().find(|s| s.id == id) {
        return Some(display_position(Vec2::from(s.pos), kremlin));
    }
    map.region(id)
        .map(|r| Vec2::from(r.label) + Vec2::new(0.0, -60.0))
}

/// What the counters show: the units and whom they follow.
#[derive(SystemParam)]
struct CounterSources<'w, 's> {
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    ids: Option<Res<'w, Ids>>,
    scenario: Option<Res<'w, LoadedScenario>>,
}

fn draw_counters(
    mut contexts: EguiContexts,
    map: Res<MapAsset>,
    cam: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
    mut selection: ResMut<Selection>,
    params: CounterSources,
) -> Result {
    let CounterSources {
        units,
        figures,
        institutions,
        ids,
        scenario,
    } = params;
    let (Ok(map), Ok((camera, cam_t)), Some(ids), Some(scenario)) =
        (&map.0, cam.single(), ids, scenario)
    else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let Some(view) = camera.logical_viewport_rect() else {
        return Ok(());
    };
    let controller = |inst: &str| {
        institutions
            .iter()
            .find(|i| i.id == inst)
            .and_then(|i| i.controller.clone())
    };
    // Stacks by screen position: places closer than a counter's width share one.
    let mut stacks: Vec<(Vec2, Stack)> = Vec::new();
    let mut sorted: Vec<_> = units.iter().collect();
    sorted.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    // Marching units: an arrow from where they are to where they are going.
    let mut arrows: Vec<(Vec2, Vec2, Option<String>)> = Vec::new();
    for (u, s) in sorted {
        // A unit with no men left is gone from the map.
        if s.men == 0 {
            continue;
        }
        let Some(world) = place_position(map, &s.location) else {
            continue;
        };
        if let Some(m) = &s.march
            && let Some(to) = place_position(map, &m.to)
            && let (Ok(a), Ok(b)) = (
                camera.world_to_viewport(cam_t, world.extend(0.0)),
                camera.world_to_viewport(cam_t, to.extend(0.0)),
            )
        {
            arrows.push((a, b, unit_faction(s, u, &ids, &figures, controller)));
        }
        let Ok(mut screen) = camera.world_to_viewport(cam_t, world.extend(0.0)) else {
            continue;
        };
        // At a site, the counter sits under the marker so that the site's name stays readable.
        if map.sites.iter().any(|x| x.id == s.location) {
            screen.y += 18.0;
        }
        if !view.contains(screen) {
            continue;
        }
        let faction = unit_faction(s, u, &ids, &figures, controller);
        match stacks.iter_mut().find(|(p, _)| p.distance(screen) < 40.0) {
            Some((_, list)) => list.push((u, s, faction)),
            None => stacks.push((screen, vec![(u, s, faction)])),
        }
    }
    // Counters sit on the background layer above the panels' fill, below every window,
    // and are clipped to the map's part of the screen.
    let (clip, painter) = map_painter(ctx, view, "unit_counters");
    for (a, b, faction) in &arrows {
        let color = faction
            .as_deref()
            .and_then(|f| scenario.0.faction(f))
            .map_or(egui::Color32::DARK_GRAY, |f| style::faction_color(f.color));
        let (a, b) = (egui::pos2(a.x, a.y), egui::pos2(b.x, b.y));
        let stroke = egui::Stroke::new(3.0, color);
        painter.line_segment([a, b], stroke);
        // The head: two short strokes back from the tip.
        let dir = (b - a).normalized();
        let side = egui::vec2(-dir.y, dir.x);
        for s in [1.0, -1.0] {
            painter.line_segment([b, b - dir * 12.0 + side * 6.0 * s], stroke);
        }
    }
    for (i, (pos, list)) in stacks.iter().enumerate() {
        let men: u32 = list.iter().map(|(_, s, _)| s.men).sum();
        let tanks: u32 = list.iter().map(|(_, s, _)| s.tanks).sum();
        let mut by_faction: BTreeMap<String, u32> = BTreeMap::new();
        for (_, s, f) in list {
            *by_faction.entry(f.clone().unwrap_or_default()).or_default() += s.men;
        }
        let main = by_faction
            .iter()
            .max_by_key(|(_, m)| **m)
            .map(|(f, _)| f.clone())
            .unwrap_or_default();
        let color = scenario
            .0
            .faction(&main)
            .map_or(egui::Color32::DARK_GRAY, |f| style::faction_color(f.color));
        let text = if list.len() > 1 {
            format!("{}×  {}k", list.len(), men / 1000)
        } else {
            format!("{}k", (men + 500) / 1000)
        };
        let rect = egui::Rect::from_center_size(
            egui::pos2(pos.x, pos.y),
            egui::vec2(18.0 + 7.0 * text.len() as f32, 18.0),
        );
        painter.rect_filled(rect.expand(1.0), 3.0, egui::Color32::from_rgb(30, 24, 20));
        painter.rect_filled(rect, 3.0, color);
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            &text,
            egui::FontId::proportional(12.0),
            egui::Color32::WHITE,
        );
        let resp = egui::Area::new(egui::Id::new(("counter", i)))
            .fixed_pos(rect.min)
            .order(egui::Order::Background)
            .constrain_to(clip)
            .show(ctx, |ui| {
                ui.allocate_rect(
                    egui::Rect::from_min_size(egui::Pos2::ZERO, rect.size()),
                    egui::Sense::click(),
                )
            })
            .inner;
        let resp = resp.on_hover_ui(|ui| {
            ui.strong(format!(
                "{}, {} men, {}",
                style::count(list.len() as i64, "unit", "units"),
                men,
                style::count(tanks, "tank", "tanks")
            ));
            for (u, s, f) in list {
                let fac = f
                    .as_deref()
                    .and_then(|f| scenario.0.faction(f))
                    .map_or("no faction", |x| x.name.as_str());
                let cmd = s
                    .commander
                    .as_deref()
                    .and_then(|c| scenario.0.figure(c))
                    .map_or("", |x| x.name.as_str());
                ui.label(format!(
                    "{} — {} men, {} tanks · {} · {}",
                    u.name, s.men, s.tanks, fac, cmd
                ));
            }
        });
        if resp.clicked()
            && let Some((u, _, _)) = list.first()
        {
            *selection = Selection::Unit(u.id.clone());
        }
    }
    Ok(())
}

/// A painter on the background layer (above the panels' fill, below every window),
/// clipped to the map's part of the screen, with that clip rectangle.
pub(super) fn map_painter(
    ctx: &egui::Context,
    view: Rect,
    layer: &str,
) -> (egui::Rect, egui::Painter) {
    let clip = egui::Rect::from_min_max(
        egui::pos2(view.min.x, view.min.y),
        egui::pos2(view.max.x, view.max.y),
    );
    let painter = ctx
        .layer_painter(egui::LayerId::new(
            egui::Order::Background,
            egui::Id::new(layer),
        ))
        .with_clip_rect(clip);
    (clip, painter)
}

/// Days a battle stays marked on the map.
const BATTLE_MARK_DAYS: i64 = 60;

/// Recent battles as red markers at their sites: hover for the result, click for the report.
fn draw_battles(
    mut contexts: EguiContexts,
    map: Res<MapAsset>,
    cam: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
    battles: Option<Res<crate::sim::forces::staging::Battles>>,
    calendar: Option<Res<crate::sim::calendar::Calendar>>,
    mut open: ResMut<crate::gui::panels::reports::OpenReport>,
    under_way: Option<Res<crate::sim::forces::under_way::BattlesUnderWay>>,
) -> Result {
    let (Ok(map), Ok((camera, cam_t)), Some(battles), Some(cal)) =
        (&map.0, cam.single(), battles, calendar)
    else {
        return Ok(());
    };
    let Some(view) = camera.logical_viewport_rect() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let (clip, painter) = map_painter(ctx, view, "battle_marks");
    // A battle being fought: a ring round its site and the hours fought so far.
    for b in under_way.iter().flat_map(|u| u.0.iter()) {
        let setup = b.fight.setup();
        let Some(world) = place_position(map, &setup.site) else {
            continue;
        };
        let Ok(screen) = camera.world_to_viewport(cam_t, world.extend(0.0)) else {
            continue;
        };
        let c = egui::pos2(screen.x, screen.y - 20.0);
        if !clip.contains(c) {
            continue;
        }
        painter.circle_stroke(c, 16.0, egui::Stroke::new(3.0, style::RED));
        painter.circle_filled(c, 9.0, style::RED);
        painter.text(
            c + egui::vec2(20.0, 0.0),
            egui::Align2::LEFT_CENTER,
            format!("{}: hour {}", setup.name, b.fight.hours()),
            egui::FontId::proportional(14.0),
            style::RED,
        );
    }
    for (i, (date, report)) in battles.0.iter().enumerate() {
        if date.days_until(cal.date) > BATTLE_MARK_DAYS {
            continue;
        }
        let Some(world) = place_position(map, &report.site) else {
            continue;
        };
        let Ok(screen) = camera.world_to_viewport(cam_t, world.extend(0.0)) else {
            continue;
        };
        // Above the site's marker, so the counters below it stay readable.
        let c = egui::pos2(screen.x, screen.y - 20.0);
        if !clip.contains(c) {
            continue;
        }
        painter.circle_filled(c, 9.0, style::RED);
        let w = egui::Stroke::new(2.0, egui::Color32::WHITE);
        painter.line_segment([c + egui::vec2(-4.5, -4.5), c + egui::vec2(4.5, 4.5)], w);
        painter.line_segment([c + egui::vec2(-4.5, 4.5), c + egui::vec2(4.5, -4.5)], w);
        let resp = egui::Area::new(egui::Id::new(("battle_mark", i)))
            .fixed_pos(c - egui::vec2(9.0, 9.0))
            .order(egui::Order::Background)
            .constrain_to(clip)
            .show(ctx, |ui| {
                ui.allocate_rect(
                    egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(18.0, 18.0)),
                    egui::Sense::click(),
                )
            })
            .inner;
        let resp = resp.on_hover_ui(|ui| {
            ui.strong(&report.name);
            let outcome = match report.winner {
                Winner::Attacker => format!("{} wins", report.attacker.name),
                Winner::Defender => format!("{} holds", report.defender.name),
                Winner::Draw => "Neither side wins".to_string(),
            };
            ui.label(format!(
                "{}: {outcome} after {}. Click for the report.",
                date.long(),
                style::count(i64::from(report.hours), "hour", "hours")
            ));
        });
        if resp.clicked() {
            open.0 = Some(i);
        }
    }
    Ok(())
}
