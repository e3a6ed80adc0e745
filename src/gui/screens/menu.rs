//! The main menu: scenario list read from scenarios/, side or observer, seed, start.
//! Content errors are listed here and the menu stays usable.

use crate::gui::{PendingStart, Screen, style};
use crate::scenario::{self, Content};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<MenuState>()
        .add_systems(OnEnter(Screen::Menu), reload_content)
        .add_systems(
            crate::gui::panels::perf::GameUi,
            menu_ui.run_if(in_state(Screen::Menu)),
        );
}

#[derive(Resource, Default)]
pub struct MenuState {
    pub content: Option<Content>,
    pub selected: usize,
    /// Index into the scenario's sides; `None` is observer mode.
    pub side: Option<usize>,
    pub seed_text: String,
    pub code_text: String,
    pub code_error: Option<String>,
    /// The saved games, read when the menu opens (and on "refresh").
    pub saves: Option<Vec<SaveEntry>>,
}

fn reload_content(
    mut menu: ResMut<MenuState>,
    launch: Res<crate::gui::LaunchOptions>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut started: Local<bool>,
) {
    let content = scenario::load::load_game_content(&launch.0.mods);
    menu.saves = None;
    if menu.seed_text.is_empty() {
        menu.seed_text = "1".into();
    }
    // The scenarios are listed in file order; the first is the default.
    menu.selected = 0;
    // A scenario or share code on the command line starts the game at once (once).
    if !*started && launch.0.window_test.is_none() {
        *started = true;
        if let Some(path) = &launch.0.replay {
            match crate::gui::watch_replay(path, &content) {
                Ok((start, replay)) => {
                    commands.insert_resource(start);
                    commands.insert_resource(replay);
                    next.set(Screen::InGame);
                }
                Err(e) => menu.code_error = Some(format!("{}: {e}", path.display())),
            }
        }
        let wanted = match (&launch.0.code, &launch.0.scenario) {
            (Some(code), _) => match start_from_code(code, &content) {
                Ok(w) => Some(w),
                Err(e) => {
                    menu.code_error = Some(e);
                    None
                }
            },
            (None, Some(id)) => Some((id.clone(), launch.0.seed.unwrap_or(1))),
            _ => None,
        };
        if let Some((id, seed)) = wanted {
            if let Some(data) = content.scenario(&id) {
                commands.insert_resource(PendingStart {
                    data,
                    seed,
                    side: launch.0.side.clone().map(Into::into),
                });
                next.set(Screen::InGame);
            } else {
                menu.code_error = Some(format!("no scenario `{id}`"));
            }
        }
    }
    menu.content = Some(content);
}

/// The scenario and seed a share code names, checked against the content here.
fn start_from_code(code: &str, content: &Content) -> Result<(String, u64), String> {
    let c = scenario::share::decode(code)?;
    let ids: Vec<&str> = content
        .scenarios
        .iter()
        .map(|(_, s)| s.id.as_str())
        .collect();
    scenario::share::check(&c, &ids, &content.mods)?;
    Ok((c.scenario, c.seed))
}

fn menu_ui(
    mut contexts: EguiContexts,
    mut menu: ResMut<MenuState>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "menu_root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let MenuState {
        content,
        selected,
        side,
        seed_text,
        code_text,
        code_error,
        saves,
    } = &mut *menu;
    let Some(content) = content.as_ref() else {
        return Ok(());
    };
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(style::PAPER).inner_margin(40.0))
        .show(&mut root, |ui| {
            ui.vertical_centered(|ui| {
                ui.label(
                    egui::RichText::new("CONGRESS OF VICTORS")
                        .size(40.0)
                        .strong()
                        .color(style::RED),
                );
                ui.label(
                    egui::RichText::new("Съезд победителей")
                        .size(18.0)
                        .italics(),
                );
                ui.add_space(20.0);
            });
            ui.columns(2, |cols| {
                cols[0].heading("Scenarios");
                cols[0].separator();
                for (i, (_, s)) in content.scenarios.iter().enumerate() {
                    let label = format!("{}  ({} – {})", s.name, s.start.long(), s.end.long());
                    if cols[0].selectable_label(*selected == i, label).clicked() {
                        *selected = i;
                        *side = None;
                    }
                }
                if content.scenarios.is_empty() {
                    cols[0].label("No scenario could be loaded.");
                }
                cols[0].add_space(16.0);
                saved_games(&mut cols[0], saves, content, &mut commands, &mut next);
                if !content.diagnostics.is_empty() {
                    cols[0].add_space(12.0);
                    cols[0].colored_label(
                        style::RED,
                        format!("{} problem(s) in the content:", content.diagnostics.len()),
                    );
                    egui::ScrollArea::vertical()
                        .max_height(240.0)
                        .show(&mut cols[0], |ui| {
                            for d in &content.diagnostics {
                                ui.monospace(content.sources.render(d));
                            }
                        });
                }
                let Some((_, s)) = content.scenarios.get(*selected) else {
                    return;
                };
                let ui = &mut cols[1];
                ui.heading(&s.name);
                ui.label(&s.description);
                ui.add_space(10.0);
                ui.strong("Play as");
                ui.radio_value(side, None, "Observer: every side played by the AI");
                for (i, sd) in s.sides.iter().enumerate() {
                    ui.radio_value(side, Some(i), &sd.name)
                        .on_hover_text(&sd.description);
                }
                // The chosen side's aim, so the player knows what winning means, in a
                // room of its own: choosing a side does not move the Begin button.
                let aim = egui::vec2(ui.available_width(), AIM_HEIGHT);
                ui.allocate_ui_with_layout(aim, egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.set_min_size(aim);
                    egui::ScrollArea::vertical()
                        .id_salt("side_aim")
                        .max_height(AIM_HEIGHT)
                        .show(ui, |ui| {
                            if let Some(sd) = side.and_then(|i| s.sides.get(i)) {
                                ui.label(egui::RichText::new(&sd.description).italics());
                                if !sd.goal.is_empty() {
                                    ui.label(format!("To win: {}", sd.goal));
                                }
                            }
                        });
                });
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    ui.label("Seed");
                    ui.add(egui::TextEdit::singleline(seed_text).desired_width(120.0));
                });
                let seed = seed_text.trim().parse::<u64>();
                if seed.is_err() {
                    ui.colored_label(style::RED, "The seed must be a whole number.");
                }
                ui.add_space(10.0);
                let start = ui.add_enabled(
                    seed.is_ok() && !content.has_errors(),
                    egui::Button::new(egui::RichText::new("Begin").size(20.0)),
                );
                if start.clicked()
                    && let (Some(data), Ok(seed)) = (content.scenario(&s.id), seed)
                {
                    let side_id = side.and_then(|i| s.sides.get(i)).map(|sd| sd.id.clone());
                    commands.insert_resource(PendingStart {
                        data,
                        seed,
                        side: side_id,
                    });
                    next.set(Screen::InGame);
                }
                let last = crate::save::saves_dir().join("last.replay");
                if last.exists() {
                    ui.add_space(6.0);
                    let b = ui.button("Watch your last game again").on_hover_text(
                        "Its seed and your orders, given again on their day: the same history, to watch.",
                    );
                    if b.clicked() {
                        match crate::gui::watch_replay(&last, content) {
                            Ok((start, replay)) => {
                                commands.insert_resource(start);
                                commands.insert_resource(replay);
                                next.set(Screen::InGame);
                            }
                            Err(e) => *code_error = Some(e),
                        }
                    }
                }
                ui.add_space(16.0);
                ui.separator();
                ui.strong("Or enter a share code");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(code_text).hint_text(scenario::share::encode(&s.id, 1, &content.mods)).desired_width(240.0));
                    if ui.button("Start this history").on_hover_text("A code names a scenario, a seed and the mods: the same code gives the same history.").clicked() {
                        match start_from_code(code_text, content) {
                            Ok((id, seed)) => {
                                if let Some(data) = content.scenario(&id) {
                                    let side_id = side.and_then(|i| s.sides.get(i)).map(|sd| sd.id.clone());
                                    commands.insert_resource(PendingStart { data, seed, side: side_id });
                                    next.set(Screen::InGame);
                                }
                            }
                            Err(e) => *code_error = Some(e),
                        }
                    }
                });
                if let Some(e) = code_error.as_ref() {
                    ui.colored_label(style::RED, e);
                }
            });
        });
    Ok(())
}

/// One saved game as the load list shows it.
pub struct SaveEntry {
    path: std::path::PathBuf,
    /// The save's header, or why it cannot be read.
    header: Result<crate::save::SaveHeader, String>,
    modified: String,
}

/// The saves in the saves folder, newest first.
pub fn list_saves() -> Vec<SaveEntry> {
    let dir = crate::save::saves_dir();
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "save"))
                .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    files
        .into_iter()
        .map(|(t, path)| {
            let ago = t.elapsed().map_or(0, |d| d.as_secs());
            let modified = match ago {
                0..=119 => "just now".to_string(),
                120..=7199 => format!("{} minutes ago", ago / 60),
                7200..=172_799 => format!("{} hours ago", ago / 3600),
                _ => format!("{} days ago", ago / 86_400),
            };
            SaveEntry {
                header: crate::save::read(&path).map(|s| s.header),
                path,
                modified,
            }
        })
        .collect()
}

/// The height kept for the chosen side's aim under the list of sides.
const AIM_HEIGHT: f32 = 120.0;

/// The load list: every save with its scenario, side, date and age; a damaged one says why.
fn saved_games(
    ui: &mut egui::Ui,
    saves: &mut Option<Vec<SaveEntry>>,
    content: &scenario::Content,
    commands: &mut Commands,
    next: &mut NextState<Screen>,
) {
    ui.horizontal(|ui| {
        ui.heading("Saved games");
        if ui.small_button("refresh").clicked() {
            *saves = None;
        }
    });
    ui.separator();
    let list = saves.get_or_insert_with(list_saves);
    if list.is_empty() {
        ui.label("No saves yet: F5 saves a game, and the game saves itself each month.");
    }
    egui::ScrollArea::vertical()
        .id_salt("saves")
        .max_height(220.0)
        .show(ui, |ui| {
            for e in list.iter() {
                let name = e
                    .path
                    .file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                match &e.header {
                    Ok(h) => {
                        let scenario_name = content
                            .scenarios
                            .iter()
                            .find(|(_, s)| s.id == h.scenario)
                            .map_or(h.scenario.as_str(), |(_, s)| s.name.as_str());
                        ui.horizontal(|ui| {
                            let load = ui.button("Load");
                            ui.label(format!(
                                "{name}: {scenario_name}, {} — {} — {}",
                                h.side.as_ref().map_or("observer", |s| s.as_str()),
                                h.date.long(),
                                e.modified
                            ));
                            if load.clicked()
                                && let (Ok(save), Some(data)) =
                                    (crate::save::read(&e.path), content.scenario(&h.scenario))
                            {
                                commands.insert_resource(PendingStart {
                                    data,
                                    seed: save.header.seed,
                                    side: save.header.side.clone(),
                                });
                                commands.insert_resource(crate::gui::PendingLoad(save));
                                next.set(Screen::InGame);
                            }
                        });
                    }
                    Err(why) => {
                        ui.colored_label(style::RED, format!("{name}: cannot be loaded ({why})"));
                    }
                }
            }
        });
}
