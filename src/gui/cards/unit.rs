//! A unit's card: its men and state, where it stands and marches, and orders for the
//! units that follow the player's faction.

use crate::gui::Selection;
use crate::gui::panels::queued::order_button;
use crate::gui::panels::{Orders, RunView, refusal_sentence};
use crate::scenario::schema::ScenarioData;
use crate::sim::Ids;
use crate::sim::commands::SimCommand;
use crate::sim::forces::movement::TravelGraph;
use crate::sim::forces::orders::seize_refusal;
use crate::sim::forces::units::{Unit, UnitState, unit_faction};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

#[derive(SystemParam)]
pub(super) struct UnitCard<'w, 's> {
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    ids: Option<Res<'w, Ids>>,
}

impl UnitCard<'_, '_> {
    /// Draws the card; the new selection when the commander was clicked.
    pub(super) fn show(
        &self,
        ui: &mut egui::Ui,
        run: &RunView,
        orders: &mut Orders,
        id: &str,
    ) -> Option<Selection> {
        let (_, _, data) = run.get()?;
        let (u, s) = self.units.iter().find(|(u, _)| u.id == id)?;
        ui.heading(&u.name);
        let kind = data
            .common
            .unit_types
            .iter()
            .find(|t| t.id == u.kind)
            .map_or(u.kind.as_str(), |t| t.name.as_str());
        ui.label(kind);
        ui.label(format!("Men: {}   Tanks and armour: {}", s.men, s.tanks));
        // Shares of a unit at its best, as the player reads them: percentages, wrapped
        // between the three and never inside one.
        ui.horizontal_wrapped(|ui| {
            for (what, v) in [
                ("Quality", s.quality),
                ("· Morale", s.morale),
                ("· Supply", s.supply),
            ] {
                let text = format!("{what} {:.0}%", v * 100.0);
                ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
                    .on_hover_text(
                    "Quality: training and arms, 100% for a good line unit, more for picked troops. Morale: the will to fight, 100% at its highest. Supply: food and ammunition, 100% full.",
                );
            }
        });
        let here = ui.label(format!(
            "Stands in: {}",
            super::place_name(data, &s.location)
        ));
        crate::gui::map::spotlight::spot_on_hover(&here, &s.location);
        let inst = self
            .institutions
            .iter()
            .find(|i| i.id == u.institution)
            .map_or(u.institution.as_str(), |i| i.name.as_str());
        ui.label(format!("Belongs to: {inst}"));
        if let Some(m) = &s.march {
            let hours: u32 = m
                .legs
                .iter()
                .map(|l| l.1)
                .sum::<u32>()
                .saturating_sub(m.done);
            let bound = ui.label(format!(
                "Marching to {}: {hours} hours to go",
                super::place_name(data, &m.to)
            ));
            crate::gui::map::spotlight::spot_on_hover(&bound, &m.to);
        }
        let follows = self.ids.as_ref().and_then(|ids| {
            unit_faction(s, u, ids, &self.figures, |inst| {
                self.institutions
                    .iter()
                    .find(|i| i.id == inst)
                    .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
            })
        });
        if let Some(faction) = follows.filter(|f| Some(f) == run.player_faction().as_ref()) {
            self.orders(ui, data, orders, (u, s), &faction);
        }
        // Last: following the link changes the selection this card is drawn from.
        let c = s.commander.as_ref()?;
        let name = data
            .figure(c.as_str())
            .map_or(c.as_str(), |f| f.name.as_str());
        ui.link(format!("Commander: {name}"))
            .clicked()
            .then(|| Selection::Figure(c.to_string()))
    }

    /// Marching orders, standing down and storming a site, for a unit of `faction`.
    fn orders(
        &self,
        ui: &mut egui::Ui,
        data: &ScenarioData,
        orders: &mut Orders,
        (u, s): (&Unit, &UnitState),
        faction: &str,
    ) {
        ui.separator();
        ui.strong("Orders");
        let graph = TravelGraph::shared();
        let speed = data
            .common
            .unit_types
            .iter()
            .find(|t| t.id == u.kind)
            .map_or(4.0, |t| t.speed_kmh);
        let regions = crate::scenario::map::shared_map()
            .map(|m| {
                m.regions
                    .iter()
                    .map(|r| (r.id.clone(), r.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let mut places: Vec<(u32, String, String)> = data
            .common
            .sites
            .iter()
            .map(|x| (x.id.clone(), x.name.clone()))
            .chain(regions)
            .filter(|(pid, _)| pid != &s.location)
            .filter_map(|(pid, name)| {
                let h: u32 = graph
                    .route(&s.location, &pid, speed)?
                    .iter()
                    .map(|l| l.1)
                    .sum();
                Some((h, pid, name))
            })
            .collect();
        places.sort();
        egui::ComboBox::from_label("March to")
            .selected_text("choose a place")
            .show_ui(ui, |ui| {
                for (h, pid, name) in places.iter().take(40) {
                    let when = if *h < 48 {
                        format!("{h} h")
                    } else {
                        format!("{} days", h.div_ceil(24))
                    };
                    if ui
                        .selectable_label(false, format!("{name} ({when})"))
                        .clicked()
                    {
                        orders.give(SimCommand::MoveUnit {
                            unit: u.id.clone(),
                            to: pid.clone(),
                        });
                    }
                }
            });
        let queued = orders.queued();
        let stand_down = SimCommand::StandDown { unit: u.id.clone() };
        if order_button(ui, "Stand down", queued.contains(&stand_down), "")
            .on_hover_text("Halt any march and send the men back to barracks: morale falls to at most 50%. A signal that you will not fight.")
            .clicked()
        {
            orders.give(stand_down);
        }
        // In the capital, a side's units may storm a site held by others: each site
        // asks the rule the order will meet, and a refused one says why.
        if data.scenario.capital.contains(&s.location) {
            ui.label("Seize a site of the capital:");
            for site in (data.common.sites.iter()).filter(|x| data.scenario.capital.contains(&x.id))
            {
                let (others, own) = self.seize_forces(data, faction, &site.id);
                let why_not = seize_refusal(data, Some(faction), &site.id, others, own)
                    .map(|r| refusal_sentence(data, &r.reason(&site.name)))
                    .unwrap_or_default();
                let order = SimCommand::SeizeSite {
                    site: site.id.clone(),
                };
                if order_button(ui, &format!("Seize {}", site.name), queued.contains(&order), &why_not)
                    .on_hover_text(
                        "Your units in the capital storm it against whoever holds it: a battle, hour by hour.",
                    )
                    .clicked()
                {
                    orders.give(order);
                }
            }
        }
    }

    /// What the seizure rule counts: the men of other factions standing at `site`, and
    /// the units of the player's faction in the capital (as the order's handler counts
    /// them: units with men, of a known kind).
    fn seize_forces(&self, data: &ScenarioData, faction: &str, site: &str) -> (u32, usize) {
        let Some(ids) = self.ids.as_ref() else {
            return (0, 0);
        };
        let mut others = 0;
        let mut own = 0;
        for (u, s) in &self.units {
            if s.men == 0 || !data.common.unit_types.iter().any(|t| t.id == u.kind) {
                continue;
            }
            let follows = unit_faction(s, u, ids, &self.figures, |inst| {
                self.institutions
                    .iter()
                    .find(|i| i.id == inst)
                    .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
            });
            let Some(f) = follows.filter(|f| data.faction(f).is_some()) else {
                continue;
            };
            if f == faction {
                own += usize::from(data.scenario.capital.contains(&s.location));
            } else if s.location == site {
                others += s.men;
            }
        }
        (others, own)
    }
}
