//! The outliner on the left: the crisis, the Congress, the player's plots and units,
//! the factions, the institutions and every figure by faction.

use super::politics::{PoliticsData, congress_section};
use super::{Orders, PanelSpace, RunView, breakdown_tooltip, leave_rest, panel_root};
use crate::gui::fog::{ShownPlot, plots_shown};
use crate::gui::{Selection, style};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::schema::ScenarioData;
use crate::sim::commands::SimCommand;
use crate::sim::forces::staging::Battles;
use crate::sim::forces::units::{Unit, UnitState};
use crate::sim::intel::Intel;
use crate::sim::intrigue::plots::{Plot, PlotGoal, PlotState};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::factions::{Faction, FactionPower};
use crate::sim::politics::institutions::Institution;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

#[derive(SystemParam)]
pub(super) struct Outliner<'w, 's> {
    run: RunView<'w>,
    politics: PoliticsData<'w, 's>,
    orders: Orders<'w>,
    selection: ResMut<'w, Selection>,
    record: Option<Res<'w, PurgeRecord>>,
    intel: Option<Res<'w, Intel>>,
    battles: Option<Res<'w, Battles>>,
    open_report: ResMut<'w, crate::gui::panels::reports::OpenReport>,
    director: ResMut<'w, crate::gui::map::director::Director>,
    plots: Query<'w, 's, &'static Plot>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    factions: Query<'w, 's, (&'static Faction, &'static FactionPower)>,
    institutions: Query<'w, 's, &'static Institution>,
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
}

pub(super) fn outliner(
    mut contexts: EguiContexts,
    mut space: ResMut<PanelSpace>,
    mut o: Outliner,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = panel_root(ctx, &space, "outliner_root");
    egui::Panel::left("outliner")
        .default_size(260.0)
        .resizable(true)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                // The scroll bar floats over the content's right edge: the figures
                // aligned there keep clear of it.
                let clear = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
                egui::Frame::NONE
                    .inner_margin(egui::Margin {
                        right: clear.ceil() as i8 + 2,
                        ..Default::default()
                    })
                    .show(ui, |ui| o.show(ui));
            });
        });
    leave_rest(&mut space, &root);
    Ok(())
}

impl Outliner<'_, '_> {
    fn show(&mut self, ui: &mut egui::Ui) {
        let player_faction = self.run.player_faction();
        let Some((_, _, data)) = self.run.get() else {
            return;
        };
        let data = data.clone();
        self.crisis(ui, &data, player_faction.as_deref());
        if let Some(view) = self.politics.view(&self.run, player_faction.as_deref()) {
            congress_section(ui, &view);
        }
        if let Some(pf) = &player_faction {
            self.own_plots(ui, &data, pf);
            self.own_units(ui, &data, pf);
        }
        self.factions_and_figures(ui);
    }

    fn faction_of(&self, figure: &str) -> Option<&str> {
        self.figures
            .iter()
            .find(|(x, _)| x.id == figure)
            .and_then(|(_, s)| s.faction.as_ref().map(FactionId::as_str))
    }

    /// Arrests, the plots the player knows of, the battles fought.
    fn crisis(&mut self, ui: &mut egui::Ui, data: &ScenarioData, player_faction: Option<&str>) {
        let battles: &[_] = self.battles.as_ref().map_or(&[], |b| &b.0);
        let shown = self.plots_shown(player_faction);
        let Some(r) = &self.record else { return };
        if r.arrests == 0 && battles.is_empty() && shown.is_empty() {
            return;
        }
        ui.heading("The crisis");
        ui.label(format!(
            "Arrests {} · executions {} · in the camps {}",
            r.arrests, r.executions, r.imprisoned
        ));
        for p in shown {
            let org = data
                .figure(p.organiser.as_str())
                .map_or(p.organiser.as_str(), |f| f.name.as_str());
            let state = p.state.map_or("heard of".to_string(), |s| s.to_string());
            let line = ui.label(format!("Plot of {org} ({}): {state}", p.members.words()));
            if !p.source.is_empty() {
                let since = p
                    .since
                    .map(|d| format!(" since {}", d.long()))
                    .unwrap_or_default();
                line.on_hover_text(format!(
                    "Known{since} from this source: {}. The size is the warning's guess.",
                    p.source
                ));
            }
        }
        for (i, (d, b)) in battles.iter().enumerate() {
            if ui.link(format!("{} — {}", b.name, d.long())).clicked() {
                self.open_report.0 = Some(i);
                self.director.request = Some(b.site.clone());
            }
        }
        ui.separator();
    }

    /// The plots the player's side knows of, other than its own under way (those have
    /// their own section); every plot for the observer.
    fn plots_shown(&self, player_faction: Option<&str>) -> Vec<ShownPlot> {
        let (Some((cal, _, _)), Some(intel)) = (self.run.get(), self.intel.as_deref()) else {
            return Vec::new();
        };
        let viewer = self.run.viewer();
        let plots: Vec<_> = self
            .plots
            .iter()
            .map(|p| (p, self.faction_of(p.organiser.as_str())))
            .collect();
        plots_shown(&viewer, intel, &plots, cal.date)
            .into_iter()
            .filter(|p| {
                p.state != Some(PlotState::Active)
                    || player_faction.is_none()
                    || self.faction_of(p.organiser.as_str()) != player_faction
            })
            .collect()
    }

    /// The player's own conspiracies, with what they need to know to strike.
    fn own_plots(&mut self, ui: &mut egui::Ui, data: &ScenarioData, faction: &str) {
        let mut mine: Vec<_> = self
            .plots
            .iter()
            .filter(|p| {
                p.state == PlotState::Active
                    && self.faction_of(p.organiser.as_str()) == Some(faction)
            })
            .collect();
        if mine.is_empty() {
            return;
        }
        mine.sort_by(|a, b| a.id.cmp(&b.id));
        let mut strike = Vec::new();
        ui.heading("Your plots");
        for p in mine {
            let org = data
                .figure(p.organiser.as_str())
                .map_or(p.organiser.as_str(), |f| f.name.as_str());
            let goal = match p.goal {
                PlotGoal::Coup => "a coup",
                PlotGoal::RemoveLeader => "a vote to remove the leader",
            };
            ui.label(format!("{org}: {goal}, {}", members(p.members.len() + 1)));
            ui.add(egui::ProgressBar::new(p.progress / 100.0).text(format!("ready {:.0}%", p.progress)))
                .on_hover_text("Grows each week with the members' political (for a vote) or military (for a coup) skill; at 100% the plot strikes by itself.");
            ui.label(format!("Secrecy {:.0}% · evidence held by the police {:.0}%", p.secrecy * 100.0, p.exposure * 100.0))
                .on_hover_text("Estimated. Each recruit costs secrecy; a refusal may become a denunciation. The weekly risk of discovery grows with the police's reach, lost secrecy and the evidence they hold.");
            if ui
                .button("Strike now")
                .on_hover_text("The plot strikes at its next weekly move, ready or not.")
                .clicked()
            {
                strike.push(p.id.clone());
            }
        }
        for plot in strike {
            self.orders.give(SimCommand::StrikePlot { plot });
        }
        ui.separator();
    }

    /// The units whose commanders follow the player's faction: a click selects one and
    /// takes the map to it.
    fn own_units(&mut self, ui: &mut egui::Ui, data: &ScenarioData, faction: &str) {
        let mut ours: Vec<_> = self
            .units
            .iter()
            .filter(|(_, s)| {
                s.men > 0
                    && s.commander
                        .as_ref()
                        .map(FigureId::as_str)
                        .and_then(|c| self.faction_of(c))
                        == Some(faction)
            })
            .collect();
        if ours.is_empty() {
            return;
        }
        ours.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut picked = None;
        egui::CollapsingHeader::new(
            egui::RichText::new(format!("Your units ({})", ours.len())).heading(),
        )
        .id_salt("your_units")
        .default_open(false)
        .show(ui, |ui| {
            for (u, st) in ours {
                let place = st
                    .march
                    .as_ref()
                    .map_or(st.location.as_str(), |m| m.to.as_str());
                let moving = if st.march.is_some() { " → " } else { " at " };
                let place_name = crate::gui::cards::place_name(data, place);
                let sel = *self.selection == Selection::Unit(u.id.to_string());
                let row = ui.selectable_label(
                    sel,
                    format!("{}: {} men{moving}{place_name}", u.name, st.men),
                );
                crate::gui::map::spotlight::spot_on_hover(&row, place);
                if row.clicked() {
                    picked = Some((u.id.to_string(), st.location.clone()));
                }
            }
        });
        if let Some((unit, place)) = picked {
            *self.selection = Selection::Unit(unit);
            self.director.request = Some(place);
        }
        ui.separator();
    }

    fn factions_and_figures(&mut self, ui: &mut egui::Ui) {
        let mut factions: Vec<_> = self.factions.iter().collect();
        factions.sort_by(|a, b| {
            b.1.0
                .total
                .total_cmp(&a.1.0.total)
                .then(a.0.id.cmp(&b.0.id))
        });
        ui.heading("Factions");
        for (fac, power) in &factions {
            ui.horizontal(|ui| {
                ui.colored_label(style::faction_color(fac.color), "■");
                ui.label(&fac.name);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(format!("{:.1}", power.0.total))
                        .on_hover_ui(|ui| breakdown_tooltip(ui, &power.0));
                });
            });
        }
        ui.separator();
        ui.heading("Institutions");
        let mut insts: Vec<_> = self.institutions.iter().collect();
        insts.sort_by(|a, b| a.id.cmp(&b.id));
        let selection = &mut *self.selection;
        for inst in insts {
            let ctrl = inst
                .controller
                .as_ref()
                .and_then(|c| factions.iter().find(|(f, _)| &f.id == c));
            ui.horizontal(|ui| {
                match ctrl {
                    Some((f, _)) => ui
                        .colored_label(style::faction_color(f.color), "■")
                        .on_hover_text(format!("Controlled by {}", f.name)),
                    None => ui.label("□").on_hover_text("No faction controls it"),
                };
                let sel = *selection == Selection::Institution(inst.id.to_string());
                if ui.selectable_label(sel, &inst.name).clicked() {
                    *selection = Selection::Institution(inst.id.to_string());
                }
            });
        }
        ui.separator();
        ui.heading("Figures");
        for (fac, _) in &factions {
            let mut members: Vec<_> = self
                .figures
                .iter()
                .filter(|(_, s)| s.faction.as_ref().map(FactionId::as_str) == Some(fac.id.as_str()))
                .collect();
            if members.is_empty() {
                continue;
            }
            members.sort_by(|a, b| {
                b.1.popularity
                    .total_cmp(&a.1.popularity)
                    .then(a.0.id.cmp(&b.0.id))
            });
            egui::CollapsingHeader::new(
                egui::RichText::new(&fac.name).color(style::faction_color(fac.color)),
            )
            .id_salt(&fac.id)
            .default_open(true)
            .show(ui, |ui| {
                for (f, s) in members {
                    let sel = *selection == Selection::Figure(f.id.to_string());
                    let text = if s.status.can_act() {
                        f.name.clone()
                    } else {
                        format!("{} ({})", f.name, s.status.label())
                    };
                    if ui.selectable_label(sel, text).clicked() {
                        *selection = Selection::Figure(f.id.to_string());
                    }
                }
            });
        }
    }
}

/// "1 member", "3 members".
fn members(n: usize) -> String {
    crate::gui::style::count(n as i64, "member", "members")
}
