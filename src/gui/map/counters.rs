//! Unit counters on the map: one counter per place, in the colour of the faction most
//! of its men follow, with the number of units and men; hover lists them, a click
//! selects the first.

use crate::gui::Screen;
use crate::gui::Selection;
use crate::gui::map::city::CityAsset;
pub(crate) use crate::gui::map::march::place_position;
use crate::gui::map::march::{Ground, MarchWays};
use crate::gui::map::{MapAsset, MapCamera, symbols};
use crate::gui::style;
use crate::model::FigureId;
use crate::scenario::map_city::MapCity;
use crate::scenario::schema::MapSymbol;
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

/// The map and the city, to place things on.
#[derive(SystemParam)]
pub(crate) struct Places<'w> {
    pub map: Res<'w, MapAsset>,
    pub city: Option<Res<'w, CityAsset>>,
}

impl Places<'_> {
    pub fn city(&self) -> Option<&MapCity> {
        self.city.as_deref().and_then(CityAsset::get)
    }
}

/// What the counters show: the units and whom they follow.
#[derive(SystemParam)]
struct CounterSources<'w, 's> {
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    ids: Option<Res<'w, Ids>>,
    scenario: Option<Res<'w, LoadedScenario>>,
    city: Option<Res<'w, CityAsset>>,
    rails: Option<Res<'w, crate::gui::map::features::Rails>>,
}

fn draw_counters(
    mut contexts: EguiContexts,
    map: Res<MapAsset>,
    cam: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
    mut selection: ResMut<Selection>,
    mut marches: Local<MarchWays>,
    params: CounterSources,
) -> Result {
    let CounterSources {
        units,
        figures,
        institutions,
        ids,
        scenario,
        city,
        rails,
    } = params;
    let (Ok(map), Ok((camera, cam_t)), Some(ids), Some(scenario)) =
        (&map.0, cam.single(), ids, scenario)
    else {
        return Ok(());
    };
    let ground = Ground {
        map,
        city: city
            .as_deref()
            .and_then(|c| Some((c.get()?, c.roads.as_ref()?))),
        rails: rails.as_deref().and_then(|r| r.0.as_ref()),
    };
    let ctx = contexts.ctx_mut()?;
    let Some(view) = camera.logical_viewport_rect() else {
        return Ok(());
    };
    let controller = |inst: &str| {
        institutions
            .iter()
            .find(|i| i.id == inst)
            .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
    };
    let to_screen = |w: Vec2| camera.world_to_viewport(cam_t, w.extend(0.0)).ok();
    // Stacks by screen position: places closer than a counter's width share one.
    let mut stacks: Vec<(Vec2, Stack)> = Vec::new();
    let mut sorted: Vec<_> = units.iter().collect();
    sorted.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    // Marching units: the way ahead, by rail and by the city's roads, ending in an arrow.
    let mut arrows: Vec<(Vec<Vec2>, Option<String>)> = Vec::new();
    for (u, s) in sorted {
        // A unit with no men left is gone from the map.
        if s.men == 0 {
            continue;
        }
        let Some((world, ahead)) = marches.unit_on_map(&ground, u.id.as_str(), s) else {
            continue;
        };
        let faction = unit_faction(s, u, &ids, &figures, controller);
        if ahead.len() >= 2 {
            let way: Option<Vec<Vec2>> = ahead.iter().map(|p| to_screen(*p)).collect();
            if let Some(way) = way {
                arrows.push((way, faction.clone()));
            }
        }
        let Some(mut screen) = to_screen(world) else {
            continue;
        };
        // At a site, the counter sits under the marker so that the site's name stays readable.
        if s.march.is_none() && map.sites.iter().any(|x| x.id == s.location) {
            screen.y += 18.0;
        }
        if !view.contains(screen) {
            continue;
        }
        // One stack per faction at a place: in a battle each side shows its own
        // counter, the later ones in a column under the first.
        let near = |p: &Vec2| p.distance(screen) < 40.0;
        match stacks
            .iter_mut()
            .find(|(p, list)| near(p) && list.first().is_some_and(|x| x.2 == faction))
        {
            Some((_, list)) => list.push((u, s, faction)),
            None => {
                let below = stacks.iter().filter(|(p, _)| near(p)).count() as f32;
                let at = screen + Vec2::new(0.0, below * (symbols::FRAME.y + 4.0));
                stacks.push((at, vec![(u, s, faction)]));
            }
        }
    }
    // Counters sit on the background layer above the panels' fill, below every window,
    // and are clipped to the map's part of the screen.
    let (clip, painter) = map_painter(ctx, view, "unit_counters");
    for (way, faction) in &arrows {
        let color = faction
            .as_deref()
            .and_then(|f| scenario.0.faction(f))
            .map_or(egui::Color32::DARK_GRAY, |f| style::faction_color(f.color));
        let pts: Vec<egui::Pos2> = way.iter().map(|p| egui::pos2(p.x, p.y)).collect();
        let stroke = egui::Stroke::new(3.0, color);
        painter.add(egui::Shape::dashed_line(&pts, stroke, 9.0, 5.0));
        // The head: two short strokes back from the tip, along the last leg.
        let (Some(&b), Some(a)) = (
            pts.last(),
            pts.iter()
                .rev()
                .find(|p| p.distance(pts[pts.len() - 1]) > 1.0),
        ) else {
            continue;
        };
        let dir = (b - *a).normalized();
        let side = egui::vec2(-dir.y, dir.x);
        for s in [1.0, -1.0] {
            painter.line_segment([b, b - dir * 12.0 + side * 6.0 * s], stroke);
        }
    }
    let sign_of = |kind: &str| {
        scenario
            .0
            .common
            .unit_types
            .iter()
            .find(|t| t.id == kind)
            .map_or(MapSymbol::default(), |t| t.symbol)
    };
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
        // The stack shows the sign of its strongest unit.
        let strongest = list
            .iter()
            .max_by_key(|(u, s, _)| (s.men, std::cmp::Reverse(u.id.clone())))
            .map_or(MapSymbol::default(), |(u, _, _)| sign_of(&u.kind));
        let text = if list.len() > 1 {
            format!("{}× {}", list.len(), strength(men))
        } else {
            strength(men)
        };
        let rect =
            symbols::paint_counter(&painter, egui::pos2(pos.x, pos.y), strongest, color, &text);
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
                    .as_ref()
                    .map(FigureId::as_str)
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
            *selection = Selection::Unit(u.id.to_string());
        }
    }
    Ok(())
}

/// A counter's strength as a map prints it: men in thousands, or hundreds under a
/// thousand.
pub fn strength(men: u32) -> String {
    if men >= 1000 {
        format!("{}k", (men + 500) / 1000)
    } else {
        men.to_string()
    }
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
/// Days its mark shows at full strength before it begins to fade.
const BATTLE_MARK_FRESH: i64 = 7;

/// How strongly a battle's mark shows this many days after it: fully for its first
/// week, then fading to a fifth as its days on the map run out, then gone.
pub fn mark_strength(days: i64) -> f32 {
    if !(0..=BATTLE_MARK_DAYS).contains(&days) {
        return 0.0;
    }
    let old =
        (days - BATTLE_MARK_FRESH).max(0) as f32 / (BATTLE_MARK_DAYS - BATTLE_MARK_FRESH) as f32;
    1.0 - 0.8 * old
}

/// Recent battles as red markers at their sites: hover for the result, click for the report.
fn draw_battles(
    mut contexts: EguiContexts,
    places: Places,
    cam: Query<(&Camera, &GlobalTransform), With<MapCamera>>,
    battles: Option<Res<crate::sim::forces::staging::Battles>>,
    calendar: Option<Res<crate::sim::calendar::Calendar>>,
    mut open: ResMut<crate::gui::panels::reports::OpenReport>,
    under_way: Option<Res<crate::sim::forces::under_way::BattlesUnderWay>>,
) -> Result {
    let (Ok(map), Ok((camera, cam_t)), Some(battles), Some(cal)) =
        (&places.map.0, cam.single(), battles, calendar)
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
        let Some(world) = place_position(map, places.city(), &setup.site) else {
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
            match b.fight.hours() {
                0 => format!("{}: at {:02}:00", setup.name, setup.start_hour),
                h => format!("{}: hour {h}", setup.name),
            },
            egui::FontId::proportional(14.0),
            style::RED,
        );
    }
    for (i, (date, report)) in battles.0.iter().enumerate() {
        let strength = mark_strength(date.days_until(cal.date));
        if strength <= 0.0 {
            continue;
        }
        let Some(world) = place_position(map, places.city(), &report.site) else {
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
        painter.circle_filled(c, 9.0, style::RED.gamma_multiply(strength));
        let w = egui::Stroke::new(2.0, egui::Color32::WHITE.gamma_multiply(strength));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_battle_mark_fades_with_the_days_and_then_goes() {
        assert_eq!(mark_strength(0), 1.0);
        assert_eq!(mark_strength(BATTLE_MARK_FRESH), 1.0);
        let mut last = 1.0;
        for d in 0..=BATTLE_MARK_DAYS {
            let s = mark_strength(d);
            assert!(s <= last && s > 0.0, "day {d}: {s}");
            last = s;
        }
        assert!(mark_strength(BATTLE_MARK_DAYS) < 0.5);
        assert_eq!(mark_strength(BATTLE_MARK_DAYS + 1), 0.0);
    }
}
