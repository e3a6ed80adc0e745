//! The screens of the game: the menu, the game itself and its end.

mod blows_view;
pub(crate) mod game;
pub(crate) mod game_over;
pub(crate) mod menu;
mod reckoning_view;

use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((menu::plugin, game::plugin, game_over::plugin));
}
