//! A region's or a site's card: its name and the units that stand there.

use crate::gui::Selection;
use crate::scenario::schema::ScenarioData;
use crate::sim::forces::units::{Unit, UnitState};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

#[derive(SystemParam)]
pub(super) struct RegionCard<'w, 's> {
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
}

impl RegionCard<'_, '_> {
    /// Draws the card; the new selection when a unit was clicked.
    pub(super) fn show(
        &self,
        ui: &mut egui::Ui,
        data: &ScenarioData,
        id: &str,
    ) -> Option<Selection> {
        ui.heading(super::place_name(data, id));
        let mut here: Vec<_> = self
            .units
            .iter()
            .filter(|(_, s)| s.location == id)
            .collect();
        here.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        ui.label(format!("Units here: {}", here.len()));
        let mut next = None;
        for (u, s) in here {
            if ui
                .selectable_label(false, format!("{} — {} men", u.name, s.men))
                .clicked()
            {
                next = Some(Selection::Unit(u.id.clone()));
            }
        }
        next
    }
}
