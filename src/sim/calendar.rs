//! The game's clock: the current date and hour, and whether the world advances by
//! days or, during a crisis, by hours.

use crate::model::date::Date;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// How long one tick is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TickMode {
    #[default]
    Daily,
    /// One tick per hour, while a battle or coup is under way.
    Hourly,
}

/// The simulation's clock. Only the tick systems move it, and only forwards.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    pub date: Date,
    /// 0..24; stays 0 in daily mode.
    pub hour: u8,
    pub mode: TickMode,
    /// Ticks run since the start, for the record.
    pub ticks: u64,
    /// Set by the tick that starts a new day, so day-rate systems run once a day.
    pub new_day: bool,
}

impl Calendar {
    pub fn new(start: Date) -> Self {
        Self {
            date: start,
            hour: 0,
            mode: TickMode::Daily,
            ticks: 0,
            new_day: true,
        }
    }

    /// Moves the clock by one tick of the current mode.
    pub fn advance(&mut self) {
        // Saturating: a crafted save may start the count anywhere.
        self.ticks = self.ticks.saturating_add(1);
        match self.mode {
            TickMode::Daily => {
                self.date = self.date.add_days(1);
                self.hour = 0;
                self.new_day = true;
            }
            TickMode::Hourly => {
                self.hour = self.hour.saturating_add(1);
                self.new_day = self.hour >= 24;
                if self.new_day {
                    self.hour = 0;
                    self.date = self.date.add_days(1);
                }
            }
        }
    }

    /// Date and hour as one sortable number of hours since 1970.
    pub fn stamp(&self) -> i64 {
        self.date.to_days() * 24 + i64::from(self.hour)
    }

    pub fn label(&self) -> String {
        match self.mode {
            TickMode::Daily => self.date.long(),
            TickMode::Hourly => format!("{}, {:02}:00", self.date.long(), self.hour),
        }
    }
}

/// Runs day-rate systems only on the tick that began a new day.
pub fn on_new_day(calendar: Res<Calendar>) -> bool {
    calendar.new_day
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_mode_rolls_over_at_midnight() {
        let mut c = Calendar::new(Date::new(1934, 2, 8).unwrap());
        c.mode = TickMode::Hourly;
        for _ in 0..23 {
            c.advance();
            assert!(!c.new_day);
        }
        c.advance();
        assert!(c.new_day);
        assert_eq!(c.date, Date::new(1934, 2, 9).unwrap());
        assert_eq!(c.hour, 0);
    }
}
