//! Map modes: plain political, faction control, security police presence, unrest,
//! garrison loyalty. Buttons with a legend over the map; Tab cycles them.

use crate::gui::Screen;
use crate::gui::map::{MapCamera, RegionMesh};
use crate::gui::style;
use crate::sim::Ids;
use crate::sim::forces::units::{Region, Unit, UnitState, unit_faction};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<MapMode>()
        .add_systems(
            crate::gui::panels::perf::MapUpdate,
            (cycle_mode.run_if(crate::gui::focus::keys_free), recolor)
                .chain()
                .run_if(in_state(Screen::InGame)),
        )
        .add_systems(
            crate::gui::panels::perf::MapUi,
            mode_bar.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapMode {
    #[default]
    Political,
    Control,
    Police,
    Unrest,
    Garrison,
}

impl MapMode {
    pub const ALL: [MapMode; 5] = [
        MapMode::Political,
        MapMode::Control,
        MapMode::Police,
        MapMode::Unrest,
        MapMode::Garrison,
    ];
    pub fn label(self) -> &'static str {
        match self {
            MapMode::Political => "Political",
            MapMode::Control => "Faction control",
            MapMode::Police => "Police presence",
            MapMode::Unrest => "Unrest",
            MapMode::Garrison => "Garrison loyalty",
        }
    }
    fn legend(self) -> &'static str {
        match self {
            MapMode::Political => "The regions of the scenario's map.",
            MapMode::Control => {
                "The faction most of the armed men in each region follow; grey where none stand."
            }
            MapMode::Police => {
                "How thick the security police's informers are: pale thin, dark red thick."
            }
            MapMode::Unrest => "Discontent with the regime: pale calm, dark brown restless.",
            MapMode::Garrison => {
                "Share of the armed men in each region who follow the leader: green few, red most."
            }
        }
    }
}

fn cycle_mode(keys: crate::gui::keys::Keys, mut mode: ResMut<MapMode>) {
    if keys.just_pressed(crate::gui::keys::Action::MapMode) {
        let i = MapMode::ALL.iter().position(|m| *m == *mode).unwrap_or(0);
        *mode = MapMode::ALL[(i + 1) % MapMode::ALL.len()];
    }
}

fn ramp(a: (f32, f32, f32), b: (f32, f32, f32), t: f32) -> Color {
    let t = t.clamp(0.0, 1.0);
    Color::srgb(
        a.0 + (b.0 - a.0) * t,
        a.1 + (b.1 - a.1) * t,
        a.2 + (b.2 - a.2) * t,
    )
}

/// What the map modes colour by.
#[derive(SystemParam)]
struct WorldColours<'w, 's> {
    regions: Query<'w, 's, &'static Region>,
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    ids: Option<Res<'w, Ids>>,
    scenario: Option<Res<'w, LoadedScenario>>,
    map: Res<'w, crate::gui::map::MapAsset>,
}

fn recolor(
    mode: Res<MapMode>,
    time: Res<Time<Real>>,
    mut since: Local<f32>,
    mut last: Local<Option<MapMode>>,
    regions_q: Query<(&RegionMesh, &MeshMaterial2d<ColorMaterial>)>,
    mut materials: ResMut<Assets<ColorMaterial>>,
    params: WorldColours,
) {
    let WorldColours {
        regions,
        units,
        figures,
        institutions,
        ids,
        scenario,
        map,
    } = params;
    *since += time.delta_secs();
    // Recolour when the mode changes, and once a second as the world moves.
    if *last == Some(*mode) && *since < 1.0 {
        return;
    }
    *since = 0.0;
    *last = Some(*mode);
    let (Some(ids), Some(scenario), Ok(map)) = (ids, scenario, &map.0) else {
        return;
    };
    let data = &scenario.0;
    let leader_faction = ids
        .figures
        .get(&data.scenario.leader)
        .and_then(|e| figures.get(*e).ok())
        .and_then(|(_, s)| s.faction.clone());
    let controller = |inst: &str| {
        institutions
            .iter()
            .find(|i| i.id == inst)
            .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
    };
    // Men per region and faction; a unit at a site counts for the site's region.
    let mut men: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for (u, s) in &units {
        let region = map
            .sites
            .iter()
            .find(|x| x.id == s.location)
            .map_or(s.location.clone(), |x| x.region.clone());
        let f = unit_faction(s, u, &ids, &figures, controller).unwrap_or_default();
        *men.entry(region).or_default().entry(f).or_default() += s.men;
    }
    for (rm, mat) in &regions_q {
        let Some(mut m) = materials.get_mut(&mat.0) else {
            continue;
        };
        let region = regions.iter().find(|r| r.id == rm.0);
        m.color = match *mode {
            MapMode::Political => {
                let parent = map.region(&rm.0).map_or("", |r| r.parent.as_str());
                crate::gui::map::region_color(&rm.0, parent)
            }
            MapMode::Control => {
                let top = men
                    .get(&rm.0)
                    .and_then(|by| by.iter().max_by_key(|(_, n)| **n).map(|(f, _)| f.clone()));
                top.and_then(|f| data.faction(&f))
                    .map_or(Color::srgb(0.72, 0.71, 0.68), |f| {
                        Color::srgb_u8(f.color.0, f.color.1, f.color.2)
                            .mix(&Color::srgb(0.9, 0.88, 0.82), 0.35)
                    })
            }
            MapMode::Police => ramp(
                (0.93, 0.90, 0.84),
                (0.55, 0.10, 0.08),
                region.map_or(0.0, |r| r.nkvd_presence / 100.0),
            ),
            MapMode::Unrest => ramp(
                (0.93, 0.91, 0.80),
                (0.45, 0.25, 0.10),
                region.map_or(0.0, |r| r.unrest / 100.0),
            ),
            MapMode::Garrison => match men.get(&rm.0) {
                Some(by) => {
                    let total: u32 = by.values().sum();
                    let loyal = leader_faction
                        .as_ref()
                        .and_then(|f| by.get(f.as_str()))
                        .copied()
                        .unwrap_or(0);
                    ramp(
                        (0.35, 0.60, 0.35),
                        (0.65, 0.15, 0.12),
                        loyal as f32 / total.max(1) as f32,
                    )
                }
                None => Color::srgb(0.78, 0.77, 0.74),
            },
        };
    }
}

fn mode_bar(
    mut contexts: EguiContexts,
    mut mode: ResMut<MapMode>,
    cam: Query<&Camera, With<MapCamera>>,
) -> Result {
    let Ok(camera) = cam.single() else {
        return Ok(());
    };
    let Some(view) = camera.logical_viewport_rect() else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("map_modes"))
        .fixed_pos(egui::pos2(view.min.x + 8.0, view.max.y - 64.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .fill(style::PAPER)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for m in MapMode::ALL {
                            if ui
                                .selectable_label(*mode == m, m.label())
                                .on_hover_text("Tab cycles the map modes")
                                .clicked()
                            {
                                *mode = m;
                            }
                        }
                    });
                    ui.label(egui::RichText::new(mode.legend()).small());
                });
        });
    Ok(())
}
