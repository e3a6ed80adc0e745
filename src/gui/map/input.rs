//! Keys that run time: Space pauses, 1-5 set the speed, + and - step it.

use crate::gui::Screen;
use crate::sim::clock::{GameClock, toggle_pause};
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        time_keys
            .run_if(in_state(Screen::InGame))
            .run_if(crate::gui::focus::keys_free),
    );
}

fn time_keys(
    keys: crate::gui::keys::Keys,
    mut clock: ResMut<GameClock>,
    mut time: ResMut<Time<Virtual>>,
) {
    use crate::gui::keys::Action;
    if keys.just_pressed(Action::Pause) {
        toggle_pause(&mut time);
    }
    for (i, a) in Action::SPEEDS.into_iter().enumerate() {
        if keys.just_pressed(a) {
            clock.set_speed(i as u8 + 1, &mut time);
        }
    }
    if keys.just_pressed(Action::Faster) {
        let s = clock.speed + 1;
        clock.set_speed(s, &mut time);
    }
    if keys.just_pressed(Action::Slower) {
        let s = clock.speed.saturating_sub(1);
        clock.set_speed(s, &mut time);
    }
}
