//! Settings kept between runs (UI scale, what pauses the game, autosave, map labels),
//! the first-run overlay that explains the screen, and F12 screenshots.

use crate::gui::{LaunchOptions, Screen, style};
use crate::sim::intel::ThreatKind;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::{EguiContexts, egui};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Startup, load_settings)
        .add_systems(Update, screenshot_key.run_if(in_state(Screen::InGame)))
        .add_systems(
            crate::gui::panels::perf::GameUi,
            (apply_scale, settings_window, first_run).chain(),
        );
}

#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// egui zoom, 0.75..=2.
    pub ui_scale: f32,
    /// Pause when a decision waits for the player.
    pub pause_on_decision: bool,
    /// Event kinds whose decisions do not stop the clock (they wait, and time runs).
    pub quiet_kinds: Vec<String>,
    /// Pause when a warning of a threat reaches the player's side.
    pub pause_on_threats: bool,
    /// Kinds of warning that do not stop the clock (they are shown, and time runs).
    pub quiet_threats: Vec<ThreatKind>,
    /// Autosave every this many months; 0 turns autosave off.
    pub autosave_months: u32,
    /// Multiplies how much room a region needs before its label shows (lower: more labels).
    pub label_density: f32,
    /// The first-run overlay has been read.
    pub first_run_done: bool,
    /// The player's own keys (the defaults where none is given).
    pub keys: crate::gui::keys::Bindings,
    /// The chronicle's height in points, as the player last dragged it.
    pub chronicle_height: f32,
    #[serde(skip)]
    pub window_open: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            ui_scale: 1.0,
            pause_on_decision: true,
            quiet_kinds: Vec::new(),
            pause_on_threats: true,
            quiet_threats: Vec::new(),
            autosave_months: 1,
            label_density: 1.0,
            first_run_done: false,
            keys: Default::default(),
            chronicle_height: 200.0,
            window_open: false,
        }
    }
}

pub fn settings_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "congress-of-victors")
        .map(|d| d.config_dir().join("settings.ron"))
}

fn load_settings(mut commands: Commands, opts: Res<LaunchOptions>) {
    // The window test runs with the defaults, whatever this machine's player chose.
    let settings = if opts.0.window_test.is_some() {
        Settings {
            first_run_done: true,
            ..default()
        }
    } else {
        let read = settings_path().and_then(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)));
        match read.map(|(p, t)| parse_settings(&t).map_err(|e| format!("{}:{e}", p.display()))) {
            Some(Ok(s)) => s,
            // A damaged settings file is said, then the defaults are used.
            Some(Err(e)) => {
                warn!("settings not read, the defaults are used: {e}");
                Settings::default()
            }
            None => Settings::default(),
        }
    };
    commands.insert_resource(settings);
}

/// Reads a settings file's text; the error gives the place and what is wrong.
pub fn parse_settings(text: &str) -> Result<Settings, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let s: Settings = ron::from_str(text)
        .map_err(|e| format!("{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
    if let Some(bad) = s.keys.unknown_key() {
        return Err(format!("keys: `{bad}` is no key the game can bind"));
    }
    if !(0.75..=2.0).contains(&s.ui_scale) {
        return Err(format!("ui_scale {} is outside 0.75..=2", s.ui_scale));
    }
    if !(0.1..=10.0).contains(&s.label_density) {
        return Err(format!(
            "label_density {} is outside 0.1..=10",
            s.label_density
        ));
    }
    if s.autosave_months > 120 {
        return Err(format!(
            "autosave_months {} is more than 120",
            s.autosave_months
        ));
    }
    let kinds = crate::scenario::validate::EVENT_KINDS;
    if let Some(k) = s.quiet_kinds.iter().find(|k| !kinds.contains(&k.as_str())) {
        return Err(format!(
            "quiet kind `{k}` is not one of {}",
            kinds.join(", ")
        ));
    }
    Ok(s)
}

pub fn save_settings(s: &Settings) {
    let Some(path) = settings_path() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(text) = ron::ser::to_string_pretty(s, ron::ser::PrettyConfig::default())
        && let Err(e) = crate::model::fs::write_atomically(&path, text.as_bytes())
    {
        warn!("settings not saved: {e}");
    }
}

fn apply_scale(
    mut contexts: EguiContexts,
    settings: Option<Res<Settings>>,
    mut last: Local<f32>,
) -> Result {
    let Some(settings) = settings else {
        return Ok(());
    };
    if *last != settings.ui_scale {
        *last = settings.ui_scale;
        contexts
            .ctx_mut()?
            .set_zoom_factor(settings.ui_scale.clamp(0.75, 2.0));
    }
    Ok(())
}

fn settings_window(
    mut contexts: EguiContexts,
    settings: Option<ResMut<Settings>>,
    mut rebinding: ResMut<crate::gui::keys::Rebinding>,
) -> Result {
    let Some(mut settings) = settings else {
        return Ok(());
    };
    if !settings.window_open {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut open = true;
    let before = settings.clone();
    egui::Window::new("Settings")
        .open(&mut open)
        .collapsible(false)
        .show(ctx, |ui| {
            ui.add(egui::Slider::new(&mut settings.ui_scale, 0.75..=2.0).text("interface scale"));
            ui.checkbox(
                &mut settings.pause_on_decision,
                "pause when a decision waits for me",
            );
            if settings.pause_on_decision {
                ui.horizontal_wrapped(|ui| {
                    ui.label("for events of kind:");
                    for kind in crate::scenario::validate::EVENT_KINDS {
                        let mut on = !settings.quiet_kinds.iter().any(|k| k == kind);
                        if ui.checkbox(&mut on, kind).changed() {
                            settings.quiet_kinds.retain(|k| k != kind);
                            if !on {
                                settings.quiet_kinds.push(kind.to_string());
                            }
                        }
                    }
                });
            }
            threat_choices(ui, &mut settings);
            ui.add(
                egui::Slider::new(&mut settings.autosave_months, 0..=12)
                    .text("autosave every N months (0: never)"),
            );
            ui.add(
                egui::Slider::new(&mut settings.label_density, 0.5..=2.0)
                    .text("map labels: more ← → fewer"),
            );
            if ui.button("Show the introduction again").clicked() {
                settings.first_run_done = false;
            }
            ui.separator();
            crate::gui::keys::settings_section(ui, &mut settings, &mut rebinding);
        });
    settings.window_open = open;
    if !open {
        rebinding.waiting = None;
    }
    if *settings != before {
        save_settings(&settings);
    }
    Ok(())
}

/// The kinds of warning, in the order the settings list them.
pub const THREAT_KINDS: [ThreatKind; 8] = [
    ThreatKind::Plot,
    ThreatKind::Plenum,
    ThreatKind::Troops,
    ThreatKind::ArrestList,
    ThreatKind::Trial,
    ThreatKind::Exposed,
    ThreatKind::March,
    ThreatKind::Recruited,
];

impl Settings {
    /// Whether a warning of `kind` stops the clock.
    pub fn pauses_for(&self, kind: ThreatKind) -> bool {
        self.pause_on_threats && !self.quiet_threats.contains(&kind)
    }
}

/// Whether warnings pause the game, kind by kind.
fn threat_choices(ui: &mut egui::Ui, settings: &mut Settings) {
    ui.checkbox(
        &mut settings.pause_on_threats,
        "pause when a warning of a threat reaches my side",
    );
    if settings.pause_on_threats {
        ui.horizontal_wrapped(|ui| {
            ui.label("for warnings of:");
            for kind in THREAT_KINDS {
                let mut on = !settings.quiet_threats.contains(&kind);
                if ui.checkbox(&mut on, kind.label()).changed() {
                    settings.quiet_threats.retain(|k| *k != kind);
                    if !on {
                        settings.quiet_threats.push(kind);
                    }
                }
            }
        });
    }
}

/// A few sentences for each part of the screen, shown once.
fn first_run(
    mut contexts: EguiContexts,
    settings: Option<ResMut<Settings>>,
    state: Res<State<Screen>>,
    mut time: ResMut<Time<Virtual>>,
    mut was_running: Local<Option<bool>>,
) -> Result {
    let Some(mut settings) = settings else {
        return Ok(());
    };
    if settings.first_run_done || *state.get() != Screen::InGame {
        *was_running = None;
        return Ok(());
    }
    // Time waits while the newcomer reads; Begin leaves the clock as it found it (a game
    // that opens on the sitting Congress stays paused).
    was_running.get_or_insert(!time.is_paused());
    if !time.is_paused() {
        time.pause();
    }
    let ctx = contexts.ctx_mut()?;
    egui::Window::new(egui::RichText::new("How to read this screen").color(style::RED))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .default_width(520.0)
        .show(ctx, |ui| {
            for (part, text) in [
                ("Top bar", "The date, the pause and the five speeds; your faction's power; the leader's hold on power and his paranoia. Hover any number to see what makes it."),
                ("Left", "The crisis as it stands (arrests, plots found out, battles), your plots and your units, the factions and their power, the institutions and who controls them, and the figures by faction. Click a name to open it."),
                ("Right", "Whatever you selected: a figure's card (his relations, and what you can do with him: a speech while the Congress sits, a motion in the ruling council, a plot, an arrest), an institution's seats (the ruling council's card also holds its policies), a place, a unit."),
                ("Agenda", "Top right of the map: what your side wants and whether it holds, the threat it knows of that presses most, and the moves that would help most now, each with its chance and cost. G hides it. Warnings your side receives (some false) stop the clock; the settings say which."),
                ("Map", "Drag with the right mouse button, zoom with the wheel, click a region or a counter. The buttons at its foot (or Tab) change what the colours mean."),
                ("Bottom", "The chronicle: everything that happens, dated; ⤴ follows an entry back to the event that caused it. L opens the ledger, O the odds over many histories, B two futures forked from now, F1 the keys."),
            ] {
                ui.label(egui::RichText::new(part).strong());
                ui.label(text);
                ui.add_space(4.0);
            }
            if ui.button("Begin").clicked() {
                settings.first_run_done = true;
                save_settings(&settings);
                if was_running.take() == Some(true) {
                    time.unpause();
                }
            }
        });
    Ok(())
}

fn screenshot_key(
    keys: crate::gui::keys::Keys,
    typing: Res<crate::gui::focus::Typing>,
    cal: Option<Res<crate::sim::calendar::Calendar>>,
    mut count: Local<u32>,
    mut commands: Commands,
    mut toast: ResMut<crate::gui::panels::saves::Toast>,
) {
    if typing.0 || !keys.just_pressed(crate::gui::keys::Action::Screenshot) {
        return;
    }
    let dir = directories::UserDirs::new()
        .and_then(|u| u.picture_dir().map(|p| p.join("Congress of Victors")))
        .unwrap_or_else(|| crate::save::saves_dir().join("screenshots"));
    let _ = std::fs::create_dir_all(&dir);
    *count += 1;
    let date = cal.map_or("menu".to_string(), |c| c.date.to_string());
    let path = dir.join(format!("congress-{date}-{}.png", *count));
    toast.0 = Some((format!("Screenshot: {}", path.display()), 3.0));
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_stop_the_clock_by_default_and_a_quiet_kind_does_not() {
        let defaults = parse_settings("()").expect("empty settings read");
        assert!(THREAT_KINDS.iter().all(|k| defaults.pauses_for(*k)));
        let quiet = parse_settings("(quiet_threats: [march, arrest_list])").expect("read");
        assert!(!quiet.pauses_for(ThreatKind::March));
        assert!(!quiet.pauses_for(ThreatKind::ArrestList));
        assert!(quiet.pauses_for(ThreatKind::Plot));
        let off = parse_settings("(pause_on_threats: false)").expect("read");
        assert!(THREAT_KINDS.iter().all(|k| !off.pauses_for(*k)));
        let bad = parse_settings("(quiet_threats: [parade])").expect_err("no such kind");
        assert!(bad.starts_with("1:"), "{bad}");
    }
}
