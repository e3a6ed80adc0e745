//! An institution's card: who controls it, its offices as seat charts, and for the
//! council its policies and votes.

use crate::gui::panels::politics::{PoliticsData, council_section};
use crate::gui::panels::{Orders, RunView};
use crate::gui::{Selection, style};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::schema::ScenarioData;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::{Institution, Office};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;
use std::collections::BTreeMap;

#[derive(SystemParam)]
pub(super) struct InstitutionCard<'w, 's> {
    institutions: Query<'w, 's, &'static Institution>,
    offices: Query<'w, 's, &'static Office>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    politics: PoliticsData<'w, 's>,
}

impl InstitutionCard<'_, '_> {
    /// Draws the card; the new selection when a seat's holder was clicked.
    pub(super) fn show(
        &self,
        ui: &mut egui::Ui,
        run: &RunView,
        orders: &mut Orders,
        id: &str,
    ) -> Option<Selection> {
        let (cal, _, data) = run.get()?;
        let inst = self.institutions.iter().find(|i| i.id == id)?;
        ui.horizontal(|ui| {
            let def = data.common.institutions.iter().find(|d| d.id == inst.id);
            if let Some(emblem) = def.and_then(|d| d.emblem) {
                crate::gui::emblems::show(ui, emblem, 30.0);
            }
            ui.heading(&inst.name);
        });
        let ctrl = inst
            .controller
            .as_ref()
            .and_then(|c| data.faction(c.as_str()));
        ui.horizontal(|ui| {
            ui.label("Controlled by");
            match ctrl {
                Some(f) => ui.colored_label(style::faction_color(f.color), &f.name),
                None => ui.label("no faction"),
            };
        })
        .response
        .on_hover_text("The faction of the head office's holder, or with the most seats when there is no head.");
        if let Some(def) = data.common.institutions.iter().find(|i| i.id == id) {
            ui.label(egui::RichText::new(def.description_on(cal.date)).italics());
        }
        let mut os: Vec<_> = self
            .offices
            .iter()
            .filter(|o| o.institution == id)
            .collect();
        os.sort_by(|a, b| {
            b.head
                .cmp(&a.head)
                .then(b.power.total_cmp(&a.power))
                .then(a.key.cmp(&b.key))
        });
        let mut next = None;
        for o in os {
            if let Some(s) = self.office(ui, data, o) {
                next = Some(s);
            }
        }
        let is_council = data.scenario.council.iter().any(|k| k.institution() == id);
        let player_faction = run.player_faction();
        if is_council && let Some(view) = self.politics.view(run, player_faction.as_deref()) {
            for order in council_section(ui, &view) {
                orders.give(order);
            }
        }
        next
    }

    fn faction_of(&self, figure: &str) -> Option<String> {
        self.figures
            .iter()
            .find(|(f, _)| f.id == figure)
            .and_then(|(_, s)| s.faction.as_ref().map(FactionId::to_string))
    }

    /// One office: seats as dots grouped by faction, as a parliament chart reads.
    fn office(&self, ui: &mut egui::Ui, data: &ScenarioData, o: &Office) -> Option<Selection> {
        let mut next = None;
        ui.separator();
        ui.strong(format!(
            "{} ({}/{} seats)",
            o.name,
            o.holders.len(),
            o.seats
        ))
        .on_hover_text(format!(
            "Each seat adds {:.1} to its holder's faction power.",
            o.power
        ));
        let mut seated: Vec<(Option<String>, &FigureId)> = o
            .holders
            .iter()
            .map(|h| (self.faction_of(h.as_str()), h))
            .collect();
        seated.sort();
        ui.horizontal_wrapped(|ui| {
            for (fid, h) in &seated {
                let color = fid
                    .as_deref()
                    .and_then(|f| data.faction(f))
                    .map_or(egui::Color32::from_gray(120), |x| {
                        style::faction_color(x.color)
                    });
                let (rect, resp) =
                    ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::click());
                ui.painter().circle_filled(rect.center(), 8.0, color);
                let name = data
                    .figure(h.as_str())
                    .map_or(h.as_str(), |x| x.name.as_str());
                if resp.on_hover_text(name).clicked() {
                    next = Some(Selection::Figure(h.to_string()));
                }
            }
            for _ in o.holders.len()..(o.seats.min(200) as usize) {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::hover());
                ui.painter().circle_stroke(
                    rect.center(),
                    7.0,
                    egui::Stroke::new(1.0, egui::Color32::from_gray(150)),
                );
            }
        });
        let mut counts: BTreeMap<Option<String>, usize> = BTreeMap::new();
        for (f, _) in &seated {
            *counts.entry(f.clone()).or_default() += 1;
        }
        ui.horizontal_wrapped(|ui| {
            for (f, n) in counts {
                let fac = f.as_deref().and_then(|x| data.faction(x));
                let color = fac.map_or(egui::Color32::GRAY, |x| style::faction_color(x.color));
                ui.colored_label(
                    color,
                    format!("■ {} {n}", fac.map_or("none", |x| x.name.as_str())),
                );
            }
        });
        if o.seats <= 12 {
            for (_, h) in &seated {
                let name = data
                    .figure(h.as_str())
                    .map_or(h.as_str(), |x| x.name.as_str());
                if ui.link(name).clicked() {
                    next = Some(Selection::Figure(h.to_string()));
                }
            }
        }
        next
    }
}
