//! The leader's fear for his power, and his suspicion of particular people.

use crate::model::Date;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The share of his paranoia above its resting level that the leader loses in a quiet week.
pub(super) const PARANOIA_EBB: f32 = 0.012;
/// Where the leader's paranoia settles with no rival and no alarm.
pub(super) const PARANOIA_REST: f32 = 25.0;

/// A new ruler's paranoia on taking power.
pub(super) const NEW_RULER_PARANOIA: f32 = 40.0;

/// How much the leader fears for his power, 0..=100, and the latest reasons.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Paranoia {
    pub value: f32,
    pub reasons: Vec<(Date, String, f32)>,
    /// Whose fear this is: a new ruler starts with fears of his own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ruler: String,
}

impl Paranoia {
    pub fn add(&mut self, date: Date, why: impl Into<String>, by: f32) {
        self.value = (self.value + by).clamp(0.0, 100.0);
        self.reasons.push((date, why.into(), by));
        if self.reasons.len() > 30 {
            self.reasons.remove(0);
        }
    }
}

/// The leader's suspicion of particular people, 0..=100.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Suspicion(pub BTreeMap<String, f32>);
