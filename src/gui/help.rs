//! F1 help with the key bindings, and the Esc menu of a running game.

use super::{Screen, style};
use bevy::prelude::*;
use bevy_egui::input::EguiWantsInput;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<HelpState>()
        .add_systems(Update, keys.run_if(in_state(Screen::InGame)))
        .add_systems(
            super::perf::GameUi,
            windows.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Default)]
pub struct HelpState {
    pub help: bool,
    pub menu: bool,
}

/// The key bindings, as the help window lists them.
pub const BINDINGS: [(&str, &str); 17] = [
    ("Space", "pause or resume"),
    ("1 – 5", "speed: ½, 1, 2, 5 or 15 days a second"),
    ("+ / −", "faster / slower"),
    ("W A S D, arrows", "pan the map"),
    ("right or middle drag", "pan the map"),
    ("mouse wheel", "zoom"),
    ("left click", "select a region, site or unit counter"),
    ("Tab or M", "next map mode"),
    ("L", "the ledger: figures, units, institutions"),
    ("O", "the odds over 200 histories of this scenario"),
    (
        "B",
        "two futures: fork the game here and see where they part",
    ),
    ("F5", "quick save"),
    ("F9", "quick load"),
    ("F12", "screenshot into your pictures folder"),
    ("F3", "frame-time figures (map, panels)"),
    ("F1", "this help"),
    ("Esc", "close a window, or open the game menu"),
];

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    wants: Option<Res<EguiWantsInput>>,
    mut state: ResMut<HelpState>,
) {
    if wants.is_some_and(|w| w.wants_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::F1) {
        state.help = !state.help;
    }
    if keys.just_pressed(KeyCode::Escape) {
        if state.help {
            state.help = false;
        } else {
            state.menu = !state.menu;
        }
    }
}

fn windows(
    mut contexts: EguiContexts,
    mut state: ResMut<HelpState>,
    mut time: ResMut<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut settings: ResMut<super::settings::Settings>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut help = state.help;
    egui::Window::new("Help")
        .open(&mut help)
        .collapsible(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label("The top bar shows the date, the speed, your faction's power, the leader's hold on power and his paranoia; hover any number for what makes it. The left panel lists the crisis, the factions, the institutions and the figures; the right panel shows what you select. The chronicle at the bottom records what happens.");
            ui.add_space(6.0);
            egui::Grid::new("bindings").striped(true).show(ui, |ui| {
                for (k, what) in BINDINGS {
                    ui.strong(k);
                    ui.label(what);
                    ui.end_row();
                }
            });
        });
    state.help = help;
    if state.menu {
        if !time.is_paused() {
            time.pause();
        }
        egui::Window::new(egui::RichText::new("Game menu").color(style::RED))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(ctx, |ui| {
                ui.vertical_centered_justified(|ui| {
                    if ui.button("Resume").clicked() {
                        state.menu = false;
                        time.unpause();
                    }
                    if ui.button("Settings").clicked() {
                        settings.window_open = true;
                    }
                    if ui.button("End this run").clicked() {
                        state.menu = false;
                        next.set(Screen::GameOver);
                    }
                    if ui.button("Quit to desktop").clicked() {
                        exit.write(AppExit::Success);
                    }
                });
            });
    }
    Ok(())
}
