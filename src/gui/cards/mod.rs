//! The cards on the right panel: the selected figure, unit, region or site, or
//! institution. One system draws the panel; each card reads what the rules publish.

mod figure;
mod figure_intel;
mod institution;
mod region;
mod shown;
mod unit;

pub use shown::card_texts;

use crate::gui::Selection;
use crate::gui::panels::{Orders, PanelSpace, RunView, leave_rest, panel_root};
use crate::scenario::schema::ScenarioData;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<CardScroll>();
}

/// How long after the start the empty right panel shows the scenario's introduction.
const INTRODUCTION_DAYS: i64 = 30;

/// The selection the card on screen was drawn for: a new one opens at its top.
#[derive(Resource, Default)]
struct CardScroll(Selection);

#[derive(SystemParam)]
pub(crate) struct Cards<'w, 's> {
    run: RunView<'w>,
    orders: Orders<'w>,
    selection: ResMut<'w, Selection>,
    scroll: ResMut<'w, CardScroll>,
    figure: figure::FigureCard<'w, 's>,
    unit: unit::UnitCard<'w, 's>,
    region: region::RegionCard<'w, 's>,
    institution: institution::InstitutionCard<'w, 's>,
}

/// The right panel: the card of whatever is selected.
pub(crate) fn details(
    mut contexts: EguiContexts,
    mut space: ResMut<PanelSpace>,
    mut cards: Cards,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = panel_root(ctx, &space, "details_root");
    egui::Panel::right("details")
        .default_size(300.0)
        .resizable(true)
        .show(&mut root, |ui| cards.show(ui));
    leave_rest(&mut space, &root);
    Ok(())
}

impl Cards<'_, '_> {
    fn show(&mut self, ui: &mut egui::Ui) {
        let Some((cal, _, data)) = self.run.get() else {
            return;
        };
        let (data, today) = (data.clone(), cal.date);
        super::panels::queued::queued_section(ui, &data, today, &mut self.orders);
        let selected = self.selection.clone();
        let mut scroll = egui::ScrollArea::vertical();
        if self.scroll.0 != selected {
            scroll = scroll.vertical_scroll_offset(0.0);
            self.scroll.0 = selected.clone();
        }
        let next = scroll
            .show(ui, |ui| match &selected {
                Selection::Figure(id) => self.figure.show(ui, &self.run, &mut self.orders, id),
                Selection::Institution(id) => {
                    self.institution.show(ui, &self.run, &mut self.orders, id)
                }
                Selection::Region(id) | Selection::Site(id) => self.region.show(ui, &data, id),
                Selection::Unit(id) => self.unit.show(ui, &self.run, &mut self.orders, id),
                // The scenario's introduction belongs to its first days; later an empty
                // panel says how to fill it.
                Selection::None => {
                    let start = data.scenario.start;
                    let today = self.run.get().map_or(start, |(cal, _, _)| cal.date);
                    if start.days_until(today) <= INTRODUCTION_DAYS {
                        ui.heading(&data.scenario.name);
                        ui.label(&data.scenario.description);
                    } else {
                        ui.label("Nothing selected. Click a name in the left panel, or a region, a site or a counter on the map.");
                    }
                    None
                }
            })
            .inner;
        if let Some(s) = next {
            *self.selection = s;
        }
    }
}

/// A place's name: a site's, or a region's on the map; the id if neither knows it.
pub fn place_name(data: &ScenarioData, id: &str) -> String {
    data.place_name(id)
}
