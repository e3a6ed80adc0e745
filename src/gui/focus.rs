//! Where the player's keys and wheel go. A focused text field takes the keys; the game
//! menu, while open, takes everything (it is modal); Esc closes the window opened last
//! before it opens the menu; otherwise the keys are the game's. Tab is the map mode's
//! key: egui must not take it to move its focus.

use crate::gui::Screen;
use crate::gui::panels::futures::FuturesWindow;
use crate::gui::panels::help::HelpState;
use crate::gui::panels::ledger::Ledger;
use crate::gui::panels::odds::OddsWindow;
use crate::gui::panels::reports::OpenReport;
use crate::gui::panels::settings::Settings;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContext, EguiInput, EguiPreUpdateSet, PrimaryEguiContext, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Typing>()
        .init_resource::<WindowStack>()
        .add_sub_state::<Play>()
        .add_systems(
            PreUpdate,
            keyboard_focus
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(
            Update,
            (track_windows, escape)
                .chain()
                .run_if(in_state(Screen::InGame)),
        )
        .init_resource::<PausedBeforeMenu>()
        .add_systems(OnEnter(Play::Menu), pause_for_menu)
        .add_systems(OnExit(Play::Menu), resume_after_menu)
        .add_systems(OnExit(Screen::InGame), |mut stack: ResMut<WindowStack>| {
            stack.0.clear();
        });
}

/// A running game is played, or stands behind its menu (modal: nothing behind it takes a
/// click or a key).
#[derive(SubStates, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::InGame)]
pub enum Play {
    #[default]
    Running,
    Menu,
}

/// Whether the clock stood still when the menu opened: leaving the menu puts it back.
#[derive(Resource, Default)]
struct PausedBeforeMenu(bool);

fn pause_for_menu(mut time: ResMut<Time<Virtual>>, mut before: ResMut<PausedBeforeMenu>) {
    before.0 = time.is_paused();
    time.pause();
}

fn resume_after_menu(
    mut time: ResMut<Time<Virtual>>,
    before: Res<PausedBeforeMenu>,
    screen: Res<State<Screen>>,
) {
    // A run ended from the menu stays still.
    if *screen.get() == Screen::InGame && !before.0 {
        time.unpause();
    }
}

/// A text field has the keyboard this frame: the game's keys are letters typed.
#[derive(Resource, Default)]
pub struct Typing(pub bool);

/// Run condition of the game's hotkeys: no text field has the keyboard and the game
/// menu is not open.
pub fn keys_free(typing: Res<Typing>, play: Option<Res<State<Play>>>) -> bool {
    keys_are_free(&typing, play.as_deref())
}

/// The same, for exclusive systems.
pub fn keys_are_free(typing: &Typing, play: Option<&State<Play>>) -> bool {
    !typing.0 && play.is_none_or(|p| *p.get() == Play::Running)
}

/// Before egui's pass: only a text field keeps the keyboard focus, and Tab reaches egui
/// only while one has it (elsewhere it would walk the focus over the buttons, and a
/// focused button would swallow every hotkey after it).
fn keyboard_focus(
    mut contexts: Query<(&mut EguiContext, &mut EguiInput), With<PrimaryEguiContext>>,
    mut typing: ResMut<Typing>,
    rebinding: Res<crate::gui::keys::Rebinding>,
) {
    let Ok((mut ctx, mut input)) = contexts.single_mut() else {
        return;
    };
    let ctx = ctx.get_mut();
    // A key being chosen in the settings is typed, not played.
    typing.0 = ctx.text_edit_focused() || rebinding.waiting.is_some();
    if typing.0 {
        return;
    }
    ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
    input.0.events.retain(|e| {
        !matches!(
            e,
            egui::Event::Key {
                key: egui::Key::Tab,
                ..
            }
        )
    });
}

/// The windows Esc can close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closable {
    Help,
    Ledger,
    Odds,
    Futures,
    Report,
    Settings,
    /// The first-run introduction.
    Intro,
}

impl Closable {
    pub const ALL: [Closable; 7] = [
        Closable::Intro,
        Closable::Help,
        Closable::Ledger,
        Closable::Odds,
        Closable::Futures,
        Closable::Report,
        Closable::Settings,
    ];
}

/// The open windows, the one opened last at the end.
#[derive(Resource, Default)]
pub struct WindowStack(pub Vec<Closable>);

/// Each window's own open flag, read and closed in one place.
#[derive(SystemParam)]
pub struct OpenWindows<'w> {
    pub help: ResMut<'w, HelpState>,
    pub ledger: ResMut<'w, Ledger>,
    pub odds: ResMut<'w, OddsWindow>,
    pub futures: ResMut<'w, FuturesWindow>,
    pub report: ResMut<'w, OpenReport>,
    pub settings: ResMut<'w, Settings>,
}

impl OpenWindows<'_> {
    pub fn is_open(&self, w: Closable) -> bool {
        match w {
            Closable::Help => self.help.help,
            Closable::Ledger => self.ledger.open,
            Closable::Odds => self.odds.open,
            Closable::Futures => self.futures.open,
            Closable::Report => self.report.0.is_some(),
            Closable::Settings => self.settings.window_open,
            Closable::Intro => !self.settings.first_run_done,
        }
    }

    pub fn close(&mut self, w: Closable) {
        match w {
            Closable::Help => self.help.help = false,
            Closable::Ledger => self.ledger.open = false,
            Closable::Odds => self.odds.open = false,
            Closable::Futures => self.futures.open = false,
            Closable::Report => self.report.0 = None,
            Closable::Settings => self.settings.window_open = false,
            Closable::Intro if !self.settings.first_run_done => {
                self.settings.first_run_done = true;
                crate::gui::panels::settings::save_settings(&self.settings);
            }
            Closable::Intro => {}
        }
    }
}

/// Keeps the stack in the order the windows opened, however they were opened.
fn track_windows(windows: OpenWindows, mut stack: ResMut<WindowStack>) {
    stack.0.retain(|w| windows.is_open(*w));
    for w in Closable::ALL {
        if windows.is_open(w) && !stack.0.contains(&w) {
            stack.0.push(w);
        }
    }
}

/// Esc: out of a text field first, then the menu closes, then the window opened last,
/// and only with nothing open does the menu open.
fn escape(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<Typing>,
    play: Res<State<Play>>,
    mut next: ResMut<NextState<Play>>,
    mut windows: OpenWindows,
    mut stack: ResMut<WindowStack>,
) {
    if typing.0 || !keys.just_pressed(KeyCode::Escape) {
        return;
    }
    if *play.get() == Play::Menu {
        next.set(Play::Running);
    } else if let Some(w) = stack.0.pop() {
        windows.close(w);
    } else {
        next.set(Play::Menu);
    }
}
