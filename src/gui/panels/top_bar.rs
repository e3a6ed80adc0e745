//! The top bar: the date, the clock's controls, the player's faction, the leader's hold
//! and his paranoia, the menu and the share code.

use super::{PanelSpace, RunView, breakdown_tooltip, leave_rest, panel_root};
use crate::gui::style;
use crate::sim::clock::{DAYS_PER_SECOND, GameClock, toggle_pause};
use crate::sim::politics::factions::{Faction, FactionPower, LeaderHold};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

#[derive(SystemParam)]
pub(super) struct TopBar<'w, 's> {
    run: RunView<'w>,
    clock: ResMut<'w, GameClock>,
    time: ResMut<'w, Time<Virtual>>,
    hold: Option<Res<'w, LeaderHold>>,
    paranoia: Option<Res<'w, crate::sim::intrigue::paranoia::Paranoia>>,
    factions: Query<'w, 's, (&'static Faction, &'static FactionPower)>,
    help: ResMut<'w, crate::gui::panels::help::HelpState>,
    menu: ResMut<'w, NextState<crate::gui::focus::Play>>,
}

pub(super) fn top_bar(
    mut contexts: EguiContexts,
    mut space: ResMut<PanelSpace>,
    mut bar: TopBar,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = panel_root(ctx, &space, "top_bar_root");
    egui::Panel::top("top_bar").show(&mut root, |ui| {
        ui.horizontal(|ui| bar.show(ui));
    });
    leave_rest(&mut space, &root);
    Ok(())
}

impl TopBar<'_, '_> {
    fn show(&mut self, ui: &mut egui::Ui) {
        let player_faction = self.run.player_faction();
        let Some((cal, info, data)) = self.run.get() else {
            return;
        };
        ui.label(egui::RichText::new(cal.label()).size(20.0).strong());
        ui.separator();
        let paused = self.time.is_paused();
        if ui
            .button(if paused { "▶ Resume" } else { "⏸ Pause" })
            .on_hover_text("Space")
            .clicked()
        {
            toggle_pause(&mut self.time);
        }
        for s in 1..=5u8 {
            let label = if self.clock.speed == s {
                format!("[{s}]")
            } else {
                s.to_string()
            };
            let days = DAYS_PER_SECOND[usize::from(s - 1)];
            let noun = if days == 1.0 { "day" } else { "days" };
            let tip = format!("Speed {s}: {days} {noun} a second (key {s})");
            if ui
                .selectable_label(self.clock.speed == s, label)
                .on_hover_text(tip)
                .clicked()
            {
                self.clock.set_speed(s, &mut self.time);
            }
        }
        if paused {
            ui.colored_label(style::RED, "PAUSED");
        }
        if self.run.watching.is_some() {
            ui.separator();
            ui.colored_label(style::RED, "▶ REPLAY")
                .on_hover_text("A recorded game, played again from its seed and its orders: watch it; your orders are not taken.");
        }
        ui.separator();
        match &player_faction {
            Some(f) => {
                if let Some((fac, p)) = self.factions.iter().find(|(x, _)| &x.id == f) {
                    ui.colored_label(style::faction_color(fac.color), "■");
                    ui.label(format!("{}: power {:.1}", fac.name, p.0.total))
                        .on_hover_ui(|ui| breakdown_tooltip(ui, &p.0));
                }
            }
            None => {
                ui.label("Observer");
            }
        }
        if let Some(hold) = &self.hold {
            ui.separator();
            let leader_name = data
                .figure(&hold.figure)
                .map_or(hold.figure.as_str(), |f| f.name.as_str());
            ui.label(format!("{leader_name}'s hold: {:.0}", hold.value.total))
                .on_hover_ui(|ui| {
                    ui.strong("The leader's hold on power");
                    breakdown_tooltip(ui, &hold.value);
                });
        }
        if let Some(p) = &self.paranoia {
            ui.separator();
            ui.colored_label(style::RED, format!("Paranoia: {:.0}", p.value)).on_hover_ui(|ui| {
                ui.strong("What the leader fears (latest first)");
                for (d, why, by) in p.reasons.iter().rev().take(8) {
                    ui.label(format!("{}: {why} ({by:+.0})", d.long()));
                }
                ui.label("It also grows each day with every rival more popular than he is, and ebbs slowly when nothing threatens him.");
            });
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Menu").on_hover_text("Esc").clicked() {
                self.menu.set(crate::gui::focus::Play::Menu);
            }
            if ui.button("Help").on_hover_text("F1").clicked() {
                self.help.help = !self.help.help;
            }
            let code = crate::scenario::share::encode(&info.scenario, info.seed, &data.mods);
            ui.label(format!("{} · code {code}", data.scenario.name))
                .on_hover_text("The share code of this history: entered in the menu (or with --code), it starts the same run.");
        });
    }
}
