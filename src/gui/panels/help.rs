//! F1 help with the key bindings, and the Esc menu of a running game.

use crate::gui::focus::{Play, keys_free};
use crate::gui::keys::{Action, Bindings, Keys};
use crate::gui::{Screen, style};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<HelpState>()
        .add_systems(
            Update,
            keys.run_if(in_state(Screen::InGame)).run_if(keys_free),
        )
        .add_systems(
            crate::gui::panels::perf::GameUi,
            windows.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Default)]
pub struct HelpState {
    pub help: bool,
    /// The game menu asks whether to end the run.
    pub ending: bool,
}

/// The key bindings as the help window lists them: the player's own keys, then the
/// mouse and Esc, which cannot be rebound.
pub fn bindings(keys: &Bindings) -> Vec<(String, String)> {
    let mut rows = vec![
        (
            keys.label(Action::Pause),
            Action::Pause.describe().to_string(),
        ),
        (
            Action::SPEEDS.map(|a| keys.label(a)).join(", "),
            "speed: ½, 1, 2, 5 or 15 days a second".to_string(),
        ),
        (
            format!(
                "{} / {}",
                keys.label(Action::Faster),
                keys.label(Action::Slower)
            ),
            "faster / slower".to_string(),
        ),
        (
            [
                Action::PanUp,
                Action::PanLeft,
                Action::PanDown,
                Action::PanRight,
            ]
            .map(|a| keys.label(a))
            .join(", "),
            "pan the map".to_string(),
        ),
    ];
    let fixed = [
        ("right or middle drag", "pan the map"),
        ("mouse wheel", "zoom"),
        ("left click", "select a region, site or unit counter"),
    ];
    rows.extend(fixed.map(|(k, w)| (k.to_string(), w.to_string())));
    // The window's actions: the rebindable list from the map mode on.
    let from = Action::ALL
        .iter()
        .position(|a| *a == Action::MapMode)
        .unwrap_or(0);
    for &a in &Action::ALL[from..] {
        rows.push((keys.label(a), a.describe().to_string()));
    }
    rows.push((
        "Esc".to_string(),
        "close a window, or open the game menu".to_string(),
    ));
    rows
}

fn keys(keys: Keys, mut state: ResMut<HelpState>) {
    if keys.just_pressed(Action::Help) {
        state.help = !state.help;
    }
}

fn windows(
    mut contexts: EguiContexts,
    mut state: ResMut<HelpState>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
    mut settings: ResMut<crate::gui::panels::settings::Settings>,
    play: Res<State<Play>>,
    mut next_play: ResMut<NextState<Play>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut help = state.help;
    // The introduction opened from here takes the help's place.
    let mut reread = false;
    egui::Window::new("Help")
        .open(&mut help)
        .collapsible(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            ui.label("The top bar shows the date, the speed, your faction's power, the leader's hold on power and his paranoia; hover any number for what makes it. The left panel lists the crisis, the factions, the institutions and the figures; the right panel shows what you select. The chronicle at the bottom records what happens.");
            ui.add_space(6.0);
            egui::Grid::new("bindings").striped(true).show(ui, |ui| {
                for (k, what) in bindings(&settings.keys) {
                    ui.strong(k);
                    ui.label(what);
                    ui.end_row();
                }
            });
            ui.add_space(6.0);
            if ui.button("How to read this screen").clicked() {
                settings.first_run_done = false;
                reread = true;
            }
        });
    state.help = help && !reread;
    if *play.get() != Play::Menu {
        state.ending = false;
    }
    if *play.get() == Play::Menu {
        // Modal: its backdrop takes every click, and no hotkey runs under it.
        egui::Modal::new(egui::Id::new("game_menu")).show(ctx, |ui| {
            ui.set_width(220.0);
            ui.vertical_centered(|ui| {
                ui.heading(egui::RichText::new("Game menu").color(style::RED));
            });
            ui.add_space(6.0);
            ui.vertical_centered_justified(|ui| {
                if ui.button("Resume").on_hover_text("Esc").clicked() {
                    next_play.set(Play::Running);
                }
                if ui.button("Settings").clicked() {
                    next_play.set(Play::Running);
                    settings.window_open = true;
                }
                if ui.button("How to read this screen").clicked() {
                    next_play.set(Play::Running);
                    settings.first_run_done = false;
                }
                // Ending cannot be undone: the menu asks first.
                if state.ending {
                    ui.vertical_centered(|ui| {
                        ui.label("End this run here? The end screen follows; this game cannot be taken up again unless it was saved.");
                    });
                    ui.horizontal(|ui| {
                        if ui.button("End it").clicked() {
                            state.ending = false;
                            next.set(Screen::GameOver);
                        }
                        if ui.button("Keep playing").clicked() {
                            state.ending = false;
                        }
                    });
                } else if ui.button("End this run").clicked() {
                    state.ending = true;
                }
                if ui.button("Quit to desktop").clicked() {
                    exit.write(AppExit::Success);
                }
            });
        });
    }
    Ok(())
}
