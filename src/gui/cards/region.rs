//! A region's or a site's card: what the place is, how restless and how watched it is,
//! whom its armed men follow, and the units that stand there.

use crate::gui::Selection;
use crate::gui::map::MapAsset;
use crate::scenario::schema::ScenarioData;
use crate::sim::Ids;
use crate::sim::forces::units::{Region, Unit, UnitState, unit_faction};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;
use std::collections::BTreeMap;

#[derive(SystemParam)]
pub(super) struct RegionCard<'w, 's> {
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    regions: Query<'w, 's, &'static Region>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    ids: Option<Res<'w, Ids>>,
    /// Absent where no map was loaded (headless card tests).
    map: Option<Res<'w, MapAsset>>,
}

/// A word for a 0-100 reading, so the number has a meaning at a glance.
fn degree(v: f32, words: [&'static str; 4]) -> &'static str {
    match v {
        v if v < 20.0 => words[0],
        v if v < 45.0 => words[1],
        v if v < 70.0 => words[2],
        _ => words[3],
    }
}

impl RegionCard<'_, '_> {
    /// Draws the card; the new selection when a unit was clicked.
    pub(super) fn show(
        &self,
        ui: &mut egui::Ui,
        data: &ScenarioData,
        id: &str,
    ) -> Option<Selection> {
        let heading = ui.heading(super::place_name(data, id));
        crate::gui::map::spotlight::spot_on_hover(&heading, id);
        let map = self.map.as_ref().and_then(|m| m.0.as_ref().ok());
        let site = data.common.sites.iter().find(|s| s.id == id);
        // A site stands in a region: its restlessness and police are the region's.
        let region_id = map
            .and_then(|m| m.sites.iter().find(|s| s.id == id))
            .map_or(id, |s| s.region.as_str());
        if let Some(site) = site {
            ui.label(egui::RichText::new(&site.description).italics());
            ui.label(format!(
                "In {} · defences ×{:.1}",
                super::place_name(data, region_id),
                site.defences
            ));
        } else if let Some(shape) = map.and_then(|m| m.region(id)) {
            if !shape.name_ru.is_empty() {
                ui.label(egui::RichText::new(&shape.name_ru).italics());
            }
            ui.label(format!(
                "Centre: {} · {} km²",
                shape.centre,
                crate::model::grouped(shape.area_km2.round() as u32)
            ));
        }
        if let Some(r) = self.regions.iter().find(|r| r.id == region_id) {
            ui.label(format!(
                "Unrest: {:.0} ({})",
                r.unrest,
                degree(r.unrest, ["calm", "grumbling", "restless", "near revolt"])
            ))
            .on_hover_text(
                "Discontent with the regime, 0 to 100: it feeds plots and weakens a ruler's hold.",
            );
            ui.label(format!(
                "Police presence: {:.0} ({})",
                r.nkvd_presence,
                degree(r.nkvd_presence, ["thin", "present", "thick", "everywhere"])
            ))
            .on_hover_text("How thick the security police's informers are, 0 to 100.");
        }
        let mut here: Vec<_> = self
            .units
            .iter()
            .filter(|(_, s)| {
                s.location == id
                    || (site.is_none()
                        && map
                            .and_then(|m| m.sites.iter().find(|x| x.id == s.location))
                            .is_some_and(|x| x.region == id))
            })
            .collect();
        here.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        self.followed(ui, data, &here);
        ui.label(crate::gui::style::count(here.len() as i64, "unit", "units") + " here");
        let mut next = None;
        for (u, s) in here {
            let at = if s.location == id {
                String::new()
            } else {
                format!(" at {}", super::place_name(data, &s.location))
            };
            if ui
                .selectable_label(false, format!("{} — {} men{at}", u.name, s.men))
                .clicked()
            {
                next = Some(Selection::Unit(u.id.to_string()));
            }
        }
        next
    }

    /// The armed men here by the faction they follow, largest first.
    fn followed(&self, ui: &mut egui::Ui, data: &ScenarioData, here: &[(&Unit, &UnitState)]) {
        let Some(ids) = self.ids.as_ref() else {
            return;
        };
        let controller = |inst: &str| {
            self.institutions
                .iter()
                .find(|i| i.id == inst)
                .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
        };
        let mut men: BTreeMap<Option<String>, u32> = BTreeMap::new();
        for (u, s) in here {
            *men.entry(unit_faction(s, u, ids, &self.figures, controller))
                .or_default() += s.men;
        }
        let mut by: Vec<_> = men.into_iter().filter(|(_, n)| *n > 0).collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (faction, n) in by {
            let name = faction
                .as_deref()
                .and_then(|f| data.faction(f))
                .map_or("no faction".to_string(), |f| f.name.clone());
            ui.label(format!("{} men follow {name}", crate::model::grouped(n)));
        }
    }
}
