//! Congress of Victors: a grand-strategy game of Soviet power politics, 1924-1941,
//! centred on the 17th Party Congress of February 1934.
//!
//! `sim` holds the rules and runs headless; `scenario` reads and checks content;
//! `gui` draws the world and sends commands. See docs/architecture.md.

pub mod cli;
pub mod gui;
pub mod report;
pub mod save;
pub mod scenario;
pub mod sim;

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use scenario::ScenarioData;

/// The headless app: the same simulation plugins as the window, on `MinimalPlugins`.
pub fn headless_app() -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, sim::SimPlugin));
    app
}

/// A headless app with a run of `data` spawned and ready to tick.
pub fn headless_run(data: &ScenarioData, seed: u64) -> App {
    let mut app = headless_app();
    scenario::spawn::start_run(app.world_mut(), data, seed, None);
    app
}
