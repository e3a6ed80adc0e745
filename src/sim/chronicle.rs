//! The chronicle: every significant happening, dated, with who was involved.

use super::calendar::Date;
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
        });
    }
}
