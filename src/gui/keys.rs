//! The game's keys as actions a player may rebind (Settings, Keys); the help lists them
//! as bound. Hand-written: the Bevy ecosystem's input-mapping crate
//! (leafwing-input-manager) has no release for Bevy 0.19 yet, and the game needs no more
//! than keys to actions.

use crate::gui::panels::settings::Settings;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Rebinding>()
        .add_systems(Update, capture_key);
}

/// What a key does. Esc is not here: it always closes a window or opens the menu, so
/// that a player can never bind himself out of the game.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    Pause,
    Speed1,
    Speed2,
    Speed3,
    Speed4,
    Speed5,
    Faster,
    Slower,
    PanUp,
    PanDown,
    PanLeft,
    PanRight,
    MapMode,
    Agenda,
    Ledger,
    Odds,
    Futures,
    QuickSave,
    QuickLoad,
    Screenshot,
    Timings,
    Help,
}

impl Action {
    /// The five speeds, slowest first: the clock's keys and the help's row read this.
    pub const SPEEDS: [Action; 5] = [
        Action::Speed1,
        Action::Speed2,
        Action::Speed3,
        Action::Speed4,
        Action::Speed5,
    ];

    pub const ALL: [Action; 22] = [
        Action::Pause,
        Action::Speed1,
        Action::Speed2,
        Action::Speed3,
        Action::Speed4,
        Action::Speed5,
        Action::Faster,
        Action::Slower,
        Action::PanUp,
        Action::PanDown,
        Action::PanLeft,
        Action::PanRight,
        Action::MapMode,
        Action::Agenda,
        Action::Ledger,
        Action::Odds,
        Action::Futures,
        Action::QuickSave,
        Action::QuickLoad,
        Action::Screenshot,
        Action::Timings,
        Action::Help,
    ];

    /// What it does, as the help and the settings say it.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Pause => "pause or resume",
            Action::Speed1 => "speed ½ day a second",
            Action::Speed2 => "speed 1 day a second",
            Action::Speed3 => "speed 2 days a second",
            Action::Speed4 => "speed 5 days a second",
            Action::Speed5 => "speed 15 days a second",
            Action::Faster => "faster",
            Action::Slower => "slower",
            Action::PanUp => "pan the map north",
            Action::PanDown => "pan the map south",
            Action::PanLeft => "pan the map west",
            Action::PanRight => "pan the map east",
            Action::MapMode => "next map mode",
            Action::Agenda => {
                "the agenda: your goal, the pressing threat, the moves that help most"
            }
            Action::Ledger => {
                "the ledger: figures, units, institutions, the country, the army, the world outside"
            }
            Action::Odds => "the odds over many histories of this scenario",
            Action::Futures => "two futures: fork the game here and see where they part",
            Action::QuickSave => "quick save",
            Action::QuickLoad => "quick load",
            Action::Screenshot => "screenshot into your pictures folder",
            Action::Timings => "frame-time figures (map, panels)",
            Action::Help => "this help",
        }
    }

    fn defaults(self) -> &'static [KeyCode] {
        use KeyCode::*;
        match self {
            Action::Pause => &[Space],
            Action::Speed1 => &[Digit1],
            Action::Speed2 => &[Digit2],
            Action::Speed3 => &[Digit3],
            Action::Speed4 => &[Digit4],
            Action::Speed5 => &[Digit5],
            Action::Faster => &[Equal, NumpadAdd],
            Action::Slower => &[Minus, NumpadSubtract],
            Action::PanUp => &[KeyW, ArrowUp],
            Action::PanDown => &[KeyS, ArrowDown],
            Action::PanLeft => &[KeyA, ArrowLeft],
            Action::PanRight => &[KeyD, ArrowRight],
            Action::MapMode => &[Tab, KeyM],
            Action::Agenda => &[KeyG],
            Action::Ledger => &[KeyL],
            Action::Odds => &[KeyO],
            Action::Futures => &[KeyB],
            Action::QuickSave => &[F5],
            Action::QuickLoad => &[F9],
            Action::Screenshot => &[F12],
            Action::Timings => &[F3],
            Action::Help => &[F1],
        }
    }
}

/// The player's changes to the default keys, kept in the settings file by the keys'
/// names ("KeyL", "F5"); an action not named keeps its defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bindings(BTreeMap<Action, Vec<String>>);

impl Bindings {
    /// The keys bound to `action` now.
    pub fn keys(&self, action: Action) -> Vec<KeyCode> {
        match self.0.get(&action) {
            Some(names) => names.iter().filter_map(|n| key_from_name(n)).collect(),
            None => action.defaults().to_vec(),
        }
    }

    /// Binds `key` to `action` alone, taking it from the action that had it (returned,
    /// so the player is told).
    pub fn bind(&mut self, action: Action, key: KeyCode) -> Option<Action> {
        let taken_from = Action::ALL
            .into_iter()
            .find(|a| *a != action && self.keys(*a).contains(&key));
        if let Some(other) = taken_from {
            let rest = self.keys(other).into_iter().filter(|k| *k != key);
            self.0.insert(other, rest.map(key_name).collect());
        }
        self.0.insert(action, vec![key_name(key)]);
        self.tidy();
        taken_from
    }

    /// Back to the default keys.
    pub fn reset(&mut self) {
        self.0.clear();
    }

    /// An override equal to the defaults is no override.
    fn tidy(&mut self) {
        self.0.retain(|a, names| {
            names
                .iter()
                .filter_map(|n| key_from_name(n))
                .ne(a.defaults().iter().copied())
        });
    }

    /// A stored key name the game does not know, if any (a settings file edited by hand).
    pub fn unknown_key(&self) -> Option<&str> {
        self.0
            .values()
            .flatten()
            .find(|n| key_from_name(n).is_none())
            .map(String::as_str)
    }

    /// The keys of `action` as a player reads them: "Tab or M", "—" when none.
    pub fn label(&self, action: Action) -> String {
        let keys = self.keys(action);
        if keys.is_empty() {
            return "—".into();
        }
        keys.into_iter()
            .map(key_label)
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// The keys a player may bind, by their stored names.
const KEYS: [(KeyCode, &str); 70] = {
    use KeyCode::*;
    [
        (KeyA, "KeyA"),
        (KeyB, "KeyB"),
        (KeyC, "KeyC"),
        (KeyD, "KeyD"),
        (KeyE, "KeyE"),
        (KeyF, "KeyF"),
        (KeyG, "KeyG"),
        (KeyH, "KeyH"),
        (KeyI, "KeyI"),
        (KeyJ, "KeyJ"),
        (KeyK, "KeyK"),
        (KeyL, "KeyL"),
        (KeyM, "KeyM"),
        (KeyN, "KeyN"),
        (KeyO, "KeyO"),
        (KeyP, "KeyP"),
        (KeyQ, "KeyQ"),
        (KeyR, "KeyR"),
        (KeyS, "KeyS"),
        (KeyT, "KeyT"),
        (KeyU, "KeyU"),
        (KeyV, "KeyV"),
        (KeyW, "KeyW"),
        (KeyX, "KeyX"),
        (KeyY, "KeyY"),
        (KeyZ, "KeyZ"),
        (Digit0, "Digit0"),
        (Digit1, "Digit1"),
        (Digit2, "Digit2"),
        (Digit3, "Digit3"),
        (Digit4, "Digit4"),
        (Digit5, "Digit5"),
        (Digit6, "Digit6"),
        (Digit7, "Digit7"),
        (Digit8, "Digit8"),
        (Digit9, "Digit9"),
        (F1, "F1"),
        (F2, "F2"),
        (F3, "F3"),
        (F4, "F4"),
        (F5, "F5"),
        (F6, "F6"),
        (F7, "F7"),
        (F8, "F8"),
        (F9, "F9"),
        (F10, "F10"),
        (F11, "F11"),
        (F12, "F12"),
        (Space, "Space"),
        (Tab, "Tab"),
        (Enter, "Enter"),
        (Backspace, "Backspace"),
        (ArrowUp, "ArrowUp"),
        (ArrowDown, "ArrowDown"),
        (ArrowLeft, "ArrowLeft"),
        (ArrowRight, "ArrowRight"),
        (Minus, "Minus"),
        (Equal, "Equal"),
        (NumpadAdd, "NumpadAdd"),
        (NumpadSubtract, "NumpadSubtract"),
        (Comma, "Comma"),
        (Period, "Period"),
        (Slash, "Slash"),
        (Semicolon, "Semicolon"),
        (BracketLeft, "BracketLeft"),
        (BracketRight, "BracketRight"),
        (Home, "Home"),
        (End, "End"),
        (PageUp, "PageUp"),
        (PageDown, "PageDown"),
    ]
};

pub fn key_name(key: KeyCode) -> String {
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| format!("{key:?}"), |(_, n)| (*n).to_string())
}

pub fn key_from_name(name: &str) -> Option<KeyCode> {
    KEYS.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
}

/// A key as printed on it.
pub fn key_label(key: KeyCode) -> String {
    let name = key_name(key);
    let short = name
        .strip_prefix("Key")
        .or_else(|| name.strip_prefix("Digit"))
        .map(str::to_string);
    short.unwrap_or_else(|| {
        match key {
            KeyCode::ArrowUp => "↑",
            KeyCode::ArrowDown => "↓",
            KeyCode::ArrowLeft => "←",
            KeyCode::ArrowRight => "→",
            KeyCode::Equal => "=",
            KeyCode::Minus => "−",
            KeyCode::NumpadAdd => "keypad +",
            KeyCode::NumpadSubtract => "keypad −",
            KeyCode::Comma => ",",
            KeyCode::Period => ".",
            KeyCode::Slash => "/",
            KeyCode::Semicolon => ";",
            KeyCode::BracketLeft => "[",
            KeyCode::BracketRight => "]",
            _ => return name,
        }
        .to_string()
    })
}

/// The keys as the player bound them, for systems that act on a key.
#[derive(SystemParam)]
pub struct Keys<'w> {
    input: Res<'w, ButtonInput<KeyCode>>,
    settings: Option<Res<'w, Settings>>,
}

impl Keys<'_> {
    fn bound(&self, action: Action) -> Vec<KeyCode> {
        match &self.settings {
            Some(s) => s.keys.keys(action),
            None => action.defaults().to_vec(),
        }
    }
    pub fn just_pressed(&self, action: Action) -> bool {
        self.input.any_just_pressed(self.bound(action))
    }
    pub fn pressed(&self, action: Action) -> bool {
        self.input.any_pressed(self.bound(action))
    }
}

/// The action waiting for its new key in the settings window. While one waits, the
/// keyboard is the settings window's: no hotkey acts (see `focus::keyboard_focus`).
#[derive(Resource, Default)]
pub struct Rebinding {
    pub waiting: Option<Action>,
    /// What the last binding did, said under the list.
    pub said: Option<String>,
}

/// The next key pressed goes to the action waiting for one; Esc leaves it as it was.
fn capture_key(
    input: Res<ButtonInput<KeyCode>>,
    mut rebinding: ResMut<Rebinding>,
    settings: Option<ResMut<Settings>>,
) {
    let (Some(action), Some(mut settings)) = (rebinding.waiting, settings) else {
        return;
    };
    let Some(key) = input.get_just_pressed().next().copied() else {
        return;
    };
    rebinding.waiting = None;
    if key == KeyCode::Escape {
        rebinding.said = Some("Left as it was.".into());
        return;
    }
    if key_from_name(&key_name(key)).is_none() {
        rebinding.said = Some(format!("{} cannot be bound.", key_label(key)));
        return;
    }
    let taken = settings.keys.bind(action, key);
    let key = key_label(key);
    rebinding.said = Some(match taken {
        Some(other) => format!(
            "{key} is now the key for “{}”; “{}” has lost it.",
            action.describe(),
            other.describe()
        ),
        None => format!("{key} is now the key for “{}”.", action.describe()),
    });
}

/// The Keys section of the settings window.
pub fn settings_section(
    ui: &mut bevy_egui::egui::Ui,
    settings: &mut Settings,
    rebinding: &mut Rebinding,
) {
    use bevy_egui::egui;
    ui.collapsing("Keys", |ui| {
        egui::Grid::new("key_bindings")
            .striped(true)
            .show(ui, |ui| {
                for action in Action::ALL {
                    ui.label(action.describe());
                    let waiting = rebinding.waiting == Some(action);
                    let text = if waiting {
                        "press a key… (Esc: leave it)".to_string()
                    } else {
                        settings.keys.label(action)
                    };
                    if ui
                        .button(text)
                        .on_hover_text("Click, then press the new key")
                        .clicked()
                    {
                        rebinding.waiting = Some(action);
                        rebinding.said = None;
                    }
                    ui.end_row();
                }
            });
        if let Some(said) = &rebinding.said {
            ui.label(said);
        }
        if ui.button("Restore the default keys").clicked() {
            settings.keys.reset();
            rebinding.said = Some("The default keys are back.".into());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_bound_elsewhere_is_taken_from_the_action_that_had_it() {
        let mut b = Bindings::default();
        assert_eq!(b.label(Action::MapMode), "Tab or M");
        let taken = b.bind(Action::Ledger, KeyCode::KeyM);
        assert_eq!(taken, Some(Action::MapMode));
        assert_eq!(b.keys(Action::Ledger), vec![KeyCode::KeyM]);
        assert_eq!(b.keys(Action::MapMode), vec![KeyCode::Tab]);
        // Kept by name through the settings file, and back to the defaults on reset.
        let text = ron::to_string(&b).expect("serialises");
        let back: Bindings = ron::from_str(&text).expect("reads back");
        assert_eq!(back, b);
        b.reset();
        assert_eq!(b.keys(Action::Ledger), vec![KeyCode::KeyL]);
    }

    #[test]
    fn binding_an_action_its_default_key_leaves_no_override() {
        let mut b = Bindings::default();
        b.bind(Action::Help, KeyCode::F2);
        b.bind(Action::Help, KeyCode::F1);
        assert_eq!(b, Bindings::default());
    }

    #[test]
    fn every_default_key_has_a_name_that_reads_back() {
        for a in Action::ALL {
            for k in a.defaults() {
                assert_eq!(key_from_name(&key_name(*k)), Some(*k), "{a:?}");
            }
        }
    }
}
