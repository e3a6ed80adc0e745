//! The window: screens, the map and the egui panels. It reads the world and sends
//! commands; it never changes the simulation's state directly.

mod cards;
pub(crate) mod emblems;
pub use cards::card_texts;
mod focus;
pub mod fog;
mod hot_reload;
pub(crate) mod keys;
mod map;
pub(crate) mod panels;
mod screens;
pub(crate) mod style;
mod window_test;
mod window_test_input;

use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::EguiPlugin;
use std::process::ExitCode;

/// The screens of the game.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    #[default]
    Menu,
    InGame,
    GameOver,
}

/// What the player has selected on the map or in a panel: the right panel shows its card.
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub enum Selection {
    #[default]
    None,
    Figure(String),
    Institution(String),
    Region(String),
    Site(String),
    Unit(String),
}

/// The part of the window the panels leave to the map, in logical pixels.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct MapViewport(pub Option<bevy_egui::egui::Rect>);

/// What the menu (or the command line) asks the game screen to start.
#[derive(Resource, Clone, Debug)]
pub struct PendingStart {
    pub data: crate::scenario::ScenarioData,
    pub seed: u64,
    pub side: Option<crate::model::SideId>,
}

/// A replay to watch in the run that `PendingStart` starts.
#[derive(Resource)]
pub struct PendingReplay(pub crate::save::replay::Replay);

/// The run on screen is a replay being watched: the player's hands are off it.
#[derive(Resource)]
pub struct Watching {
    /// Where the recording ends; past it the AI plays on alone.
    pub until: crate::model::Date,
    pub ended: bool,
}

/// The start of a run that plays `replay` again, or why it cannot.
pub fn watch_replay(
    path: &std::path::Path,
    content: &crate::scenario::Content,
) -> Result<(PendingStart, PendingReplay), String> {
    let replay = crate::save::replay::read(path)?;
    let data = content.scenario(&replay.scenario).ok_or_else(|| {
        format!(
            "the replay is of `{}`, which is not installed",
            replay.scenario
        )
    })?;
    if data.mods != replay.mods {
        return Err(format!(
            "the replay was made with the mods {:?}; these are {:?}",
            replay.mods, data.mods
        ));
    }
    Ok((
        PendingStart {
            data,
            seed: replay.seed,
            side: replay.side.clone(),
        },
        PendingReplay(replay),
    ))
}

/// A save to load over the run that `PendingStart` starts.
#[derive(Resource)]
pub struct PendingLoad(pub crate::save::SaveGame);

/// What the game is asked to do at launch (the command line's `play` fills it).
#[derive(Clone, Debug, Default)]
pub struct PlayOptions {
    /// Start this scenario at once instead of showing the menu (id or path).
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// The side to play; observer mode when absent.
    pub side: Option<String>,
    /// Mod folders applied over the installed mods.
    pub mods: Vec<std::path::PathBuf>,
    /// Reload content files when they change.
    pub watch: bool,
    /// A share code naming the run to start.
    pub code: Option<String>,
    /// A replay to watch.
    pub replay: Option<std::path::PathBuf>,
    /// Window test: save screenshots into this folder, then exit.
    pub window_test: Option<std::path::PathBuf>,
}

/// Options given at launch.
#[derive(Resource, Clone, Debug, Default)]
pub struct LaunchOptions(pub PlayOptions);

pub fn run(args: PlayOptions) -> ExitCode {
    let mut app = App::new();
    let title = "Congress of Victors".to_string();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(1600, 900),
                    present_mode: PresentMode::AutoVsync,
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                file_path: crate::scenario::content_root()
                    .join("assets")
                    .to_string_lossy()
                    .into_owned(),
                ..default()
            }),
    );
    app.add_plugins((
        EguiPlugin::default(),
        bevy::picking::mesh_picking::MeshPickingPlugin,
    ));
    app.add_plugins((crate::sim::SimPlugin, crate::sim::forces::control::plugin));
    app.insert_resource(LaunchOptions(args.clone()));
    app.init_state::<Screen>();
    app.add_plugins((
        style::plugin,
        focus::plugin,
        keys::plugin,
        screens::plugin,
        panels::plugin,
        cards::plugin,
        map::plugin,
        hot_reload::plugin,
    ));
    if args.window_test.is_some() {
        app.add_plugins(window_test::plugin);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}
