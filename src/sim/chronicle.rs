//! The chronicle: every significant happening, dated, with who was involved.

use super::calendar::Calendar;
use crate::model::Date;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronicleEntry {
    pub date: Date,
    pub hour: u8,
    /// A short machine-readable kind for filters: "appointment", "arrest", "battle"...
    pub kind: String,
    pub text: String,
    /// Figure ids involved.
    pub actors: Vec<String>,
    /// The event behind it, if any: a reader walks back along causes from entry to event
    /// to the event that fired that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// For an event's own entry: which event it records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Where it happened (a region or site id), where there is one place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Chronicle {
    pub entries: Vec<ChronicleEntry>,
}

impl Chronicle {
    pub fn add(&mut self, date: Date, hour: u8, kind: &str, text: String, actors: Vec<String>) {
        self.entries.push(ChronicleEntry {
            date,
            hour,
            kind: kind.to_string(),
            text,
            actors,
            cause: None,
            event: None,
            place: None,
        });
    }

    /// Gives every entry from `from` on that has no cause the event `cause`.
    pub fn attribute(&mut self, from: usize, cause: &str) {
        for e in self.entries.iter_mut().skip(from) {
            if e.cause.is_none() {
                e.cause = Some(cause.to_string());
            }
        }
    }
}

/// The chronicle with the calendar, for systems that write entries dated now.
#[derive(SystemParam)]
pub struct Chronicler<'w> {
    pub calendar: Res<'w, Calendar>,
    pub chronicle: ResMut<'w, Chronicle>,
}

impl Chronicler<'_> {
    pub fn add(&mut self, kind: &str, text: String, actors: Vec<String>) {
        let (date, hour) = (self.calendar.date, self.calendar.hour);
        self.chronicle.add(date, hour, kind, text, actors);
    }
}
