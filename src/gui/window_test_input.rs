//! The window test's input checks: real input messages, as the window would send them,
//! then what they did. The wheel over a panel must not zoom the map (over the map it
//! must); Tab must change the map mode every time; Esc must close the window opened
//! last before it opens the game menu; under the menu, hotkeys must do nothing.

use crate::gui::focus::{Closable, OpenWindows, Play};
use crate::gui::map::MapCamera;
use crate::gui::map::modes::MapMode;
use crate::gui::{MapViewport, Screen};
use bevy::ecs::system::SystemParam;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::input::mouse::{MouseScrollUnit, MouseWheel};
use bevy::input::touch::TouchPhase;
use bevy::prelude::*;
use bevy::window::{CursorMoved, PrimaryWindow, WindowEvent};

/// The first frame of the checks, in the same count as the screenshots' script.
pub const INPUT: u32 = 210;
/// The frames the checks take.
pub const INPUT_FRAMES: u32 = 70;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<InputChecks>()
        .add_systems(Update, input_script.run_if(in_state(Screen::InGame)));
}

/// What the checks found: each failure in words, and whether they all ran.
#[derive(Resource, Default)]
pub struct InputChecks {
    pub failures: Vec<String>,
    pub done: bool,
    scale: f32,
    mode: usize,
}

/// Input as the window sends it.
#[derive(SystemParam)]
struct Send<'w, 's> {
    window: Query<'w, 's, Entity, With<PrimaryWindow>>,
    keys: MessageWriter<'w, KeyboardInput>,
    wheel: MessageWriter<'w, MouseWheel>,
    cursor: MessageWriter<'w, CursorMoved>,
    window_events: MessageWriter<'w, WindowEvent>,
}

impl Send<'_, '_> {
    fn key(&mut self, key_code: KeyCode, logical_key: Key, pressed: bool) {
        let Ok(window) = self.window.single() else {
            return;
        };
        self.keys.write(KeyboardInput {
            key_code,
            logical_key,
            state: if pressed {
                ButtonState::Pressed
            } else {
                ButtonState::Released
            },
            text: None,
            repeat: false,
            window,
        });
    }

    fn wheel(&mut self, lines: f32) {
        let Ok(window) = self.window.single() else {
            return;
        };
        self.wheel.write(MouseWheel {
            unit: MouseScrollUnit::Line,
            x: 0.0,
            y: lines,
            window,
            phase: TouchPhase::Moved,
        });
    }

    fn cursor(&mut self, position: Vec2) {
        let Ok(window) = self.window.single() else {
            return;
        };
        let moved = CursorMoved {
            window,
            position,
            delta: None,
        };
        // The window sends both: egui reads the window's events, Bevy's input the other.
        self.window_events
            .write(WindowEvent::CursorMoved(moved.clone()));
        self.cursor.write(moved);
    }
}

/// What the checks look at.
#[derive(SystemParam)]
struct Seen<'w, 's> {
    cam: Query<'w, 's, &'static Projection, With<MapCamera>>,
    mode: Res<'w, MapMode>,
    play: Res<'w, State<Play>>,
    viewport: Res<'w, MapViewport>,
    windows: OpenWindows<'w>,
}

impl Seen<'_, '_> {
    fn scale(&self) -> f32 {
        match self.cam.single() {
            Ok(Projection::Orthographic(o)) => o.scale,
            _ => 0.0,
        }
    }

    fn mode(&self) -> usize {
        MapMode::ALL
            .iter()
            .position(|m| *m == *self.mode)
            .unwrap_or(0)
    }
}

fn input_script(
    mut frame: Local<u32>,
    mut send: Send,
    mut seen: Seen,
    mut checks: ResMut<InputChecks>,
    mut commands: Commands,
    opts: Res<crate::gui::LaunchOptions>,
) {
    *frame += 1;
    let Some(step) = frame.checked_sub(INPUT).filter(|s| *s < INPUT_FRAMES) else {
        return;
    };
    let mut failures: Vec<String> = Vec::new();
    let tab = |send: &mut Send, pressed| send.key(KeyCode::Tab, Key::Tab, pressed);
    let esc = |send: &mut Send, pressed| send.key(KeyCode::Escape, Key::Escape, pressed);
    match step {
        0 => {
            for w in Closable::ALL {
                if seen.windows.is_open(w) {
                    seen.windows.close(w);
                }
            }
            // Over the outliner, on the left.
            send.cursor(Vec2::new(80.0, 450.0));
        }
        3 => {
            checks.scale = seen.scale();
            send.wheel(-2.0);
        }
        6 => {
            if seen.scale() != checks.scale {
                failures.push(format!(
                    "the wheel over the outliner zoomed the map ({} to {})",
                    checks.scale,
                    seen.scale()
                ));
            }
            let centre = seen.viewport.0.map_or(Vec2::new(800.0, 450.0), |r| {
                Vec2::new(r.center().x, r.center().y)
            });
            send.cursor(centre);
        }
        9 => {
            checks.scale = seen.scale();
            send.wheel(-2.0);
        }
        12 if seen.scale() == checks.scale => {
            failures.push("the wheel over the map did not zoom it".into());
        }
        15 => {
            checks.mode = seen.mode();
            tab(&mut send, true);
        }
        16 | 20 => tab(&mut send, false),
        19 => tab(&mut send, true),
        23 => {
            let n = MapMode::ALL.len();
            let moved = (seen.mode() + n - checks.mode) % n;
            if moved != 2 {
                failures.push(format!(
                    "two presses of Tab changed the map mode {moved} times"
                ));
            }
        }
        25 => seen.windows.help.help = true,
        27 => seen.windows.ledger.open = true,
        30 | 36 | 42 | 60 => esc(&mut send, true),
        31 | 37 | 43 | 61 => esc(&mut send, false),
        34 => {
            if seen.windows.is_open(Closable::Ledger) || !seen.windows.is_open(Closable::Help) {
                failures.push("Esc did not close the window opened last (the ledger) first".into());
            }
            if *seen.play.get() != Play::Running {
                failures.push("Esc opened the game menu over an open window".into());
            }
        }
        40 if seen.windows.is_open(Closable::Help) || *seen.play.get() != Play::Running => {
            failures.push("the second Esc did not close the help, or opened the menu".into());
        }
        46 => {
            if *seen.play.get() != Play::Menu {
                failures.push("Esc with no window open did not open the game menu".into());
            }
            checks.mode = seen.mode();
            send.key(KeyCode::KeyB, Key::Character("b".into()), true);
            tab(&mut send, true);
        }
        47 => {
            send.key(KeyCode::KeyB, Key::Character("b".into()), false);
            tab(&mut send, false);
        }
        52 => {
            if seen.windows.is_open(Closable::Futures) {
                failures.push("B opened the futures under the game menu".into());
            }
            if seen.mode() != checks.mode {
                failures.push("Tab changed the map mode under the game menu".into());
            }
            if let Some(dir) = &opts.0.window_test {
                super::window_test::shot(&mut commands, dir, "game-menu.png");
            }
        }
        64 => {
            if *seen.play.get() != Play::Running {
                failures.push("Esc did not close the game menu".into());
            }
            checks.done = true;
        }
        _ => {}
    }
    for why in failures {
        error!("window test: {why}");
        checks.failures.push(why);
    }
}
