//! The clock that turns real time into ticks: pause and five speeds on `Time<Virtual>`.
//! It only decides *when* ticks run; what a tick does never depends on frame timing.

use super::calendar::{Calendar, TickMode};
use super::{RunInfo, SimTick};
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<GameClock>()
        .add_systems(Update, drive_clock);
}

/// Days per real second at speeds 1 to 5.
pub const DAYS_PER_SECOND: [f64; 5] = [0.5, 1.0, 2.0, 5.0, 15.0];
/// Hours per real second at speeds 1 to 5 while a battle keeps the calendar in hours:
/// the pace slows so that a battle can be followed hour by hour, and answered.
pub const HOURS_PER_SECOND: [f64; 5] = [1.0, 2.0, 3.0, 5.0, 8.0];
/// Never run more than this many ticks in one frame, so the window stays responsive.
pub const MAX_TICKS_PER_FRAME: u32 = 8;

#[derive(Resource, Clone, Debug)]
pub struct GameClock {
    /// 1..=5.
    pub speed: u8,
    /// Virtual seconds not yet spent on ticks.
    pub carry: f64,
    /// When false, the clock never ticks (the menu, the end screen).
    pub running: bool,
}

impl Default for GameClock {
    fn default() -> Self {
        Self {
            speed: 2,
            carry: 0.0,
            running: false,
        }
    }
}

impl GameClock {
    pub fn set_speed(&mut self, speed: u8, time: &mut Time<Virtual>) {
        self.speed = speed.clamp(1, 5);
        time.set_relative_speed_f64(DAYS_PER_SECOND[usize::from(self.speed - 1)]);
    }
}

pub fn toggle_pause(time: &mut Time<Virtual>) {
    if time.is_paused() {
        time.unpause();
    } else {
        time.pause();
    }
}

/// Spends virtual time on ticks: one virtual second is one day, and an hour of a
/// battle costs its share of a real second (`HOURS_PER_SECOND`).
pub fn drive_clock(world: &mut World) {
    let delta = world.resource::<Time<Virtual>>().delta_secs_f64();
    let ticks = {
        let Some(mode) = world.get_resource::<Calendar>().map(|c| c.mode) else {
            return;
        };
        let mut clock = world.resource_mut::<GameClock>();
        // Virtual time runs at the speed's days per second; an hour costs what makes
        // the speed's hours per real second.
        let s = usize::from(clock.speed.clamp(1, 5) - 1);
        let cost = match mode {
            TickMode::Daily => 1.0,
            TickMode::Hourly => DAYS_PER_SECOND[s] / HOURS_PER_SECOND[s],
        };
        if !clock.running {
            clock.carry = 0.0;
            return;
        }
        clock.carry += delta;
        let n = (clock.carry / cost)
            .floor()
            .min(f64::from(MAX_TICKS_PER_FRAME)) as u32;
        clock.carry = (clock.carry - f64::from(n) * cost).min(cost * 2.0);
        n
    };
    for _ in 0..ticks {
        let over = match (
            world.get_resource::<RunInfo>(),
            world.get_resource::<Calendar>(),
        ) {
            (Some(info), Some(cal)) => info.is_over(cal),
            _ => true,
        };
        if over {
            break;
        }
        world.run_schedule(SimTick);
    }
}
