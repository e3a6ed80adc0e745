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
    keys: Res<ButtonInput<KeyCode>>,
    mut clock: ResMut<GameClock>,
    mut time: ResMut<Time<Virtual>>,
) {
    if keys.just_pressed(KeyCode::Space) {
        toggle_pause(&mut time);
    }
    let digits = [
        KeyCode::Digit1,
        KeyCode::Digit2,
        KeyCode::Digit3,
        KeyCode::Digit4,
        KeyCode::Digit5,
    ];
    for (i, k) in digits.iter().enumerate() {
        if keys.just_pressed(*k) {
            clock.set_speed(i as u8 + 1, &mut time);
        }
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        let s = clock.speed + 1;
        clock.set_speed(s, &mut time);
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        let s = clock.speed.saturating_sub(1);
        clock.set_speed(s, &mut time);
    }
}
