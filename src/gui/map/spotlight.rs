//! A place named in a panel lights up on the map while the pointer rests on its name,
//! so a reader of a card or the chronicle sees where "Kharkov Oblast" is.

use super::{MapAsset, MapCamera, site_position};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

/// Where in egui's memory a panel leaves the id of the place under the pointer.
const KEY: &str = "map_spotlight";

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Startup, thicker_lines).add_systems(
        crate::gui::panels::perf::MapUi,
        light_the_place.run_if(in_state(crate::gui::Screen::InGame)),
    );
}

/// Marks `id` (a region or a site) for the map while `response` is hovered. Panels call
/// it on the labels that name a place.
pub fn spot_on_hover(response: &egui::Response, id: &str) {
    if response.hovered() {
        response
            .ctx
            .data_mut(|d| d.insert_temp(egui::Id::new(KEY), id.to_string()));
    }
}

fn thicker_lines(mut store: ResMut<GizmoConfigStore>) {
    let (config, _) = store.config_mut::<DefaultGizmoConfigGroup>();
    config.line.width = 4.0;
}

/// Draws the outline of the place a panel is pointing at, then forgets it: a panel
/// names it again next frame while the pointer stays.
fn light_the_place(
    mut contexts: EguiContexts,
    map: Res<MapAsset>,
    city: Option<Res<super::city::CityAsset>>,
    cam: Query<&Projection, With<MapCamera>>,
    mut gizmos: Gizmos,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let Some(id) = ctx.data_mut(|d| d.remove_temp::<String>(egui::Id::new(KEY))) else {
        return Ok(());
    };
    let Ok(map) = &map.0 else {
        return Ok(());
    };
    let colour = Color::srgb(0.95, 0.55, 0.05);
    if let Some(region) = map.region(&id) {
        for ring in region.polygons.iter().filter_map(|p| p.first()) {
            let points = ring.iter().chain(ring.first()).map(|p| Vec2::from(*p));
            gizmos.linestrip_2d(points, colour);
        }
    } else if let Some(pos) = site_position(map, city.as_ref().and_then(|c| c.get()), &id) {
        // A ring of about 14 pixels whatever the zoom.
        let km_per_px = match cam.single() {
            Ok(Projection::Orthographic(o)) => o.scale,
            _ => 1.0,
        };
        gizmos.circle_2d(Isometry2d::from_translation(pos), 14.0 * km_per_px, colour);
    }
    Ok(())
}
