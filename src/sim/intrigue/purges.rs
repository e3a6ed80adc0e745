//! The leader's purge: whom he arrests, why, and the record of what the purges did.

use crate::model::Date;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why the leader's own purge arrests someone, with no plot found.
pub(super) const ON_SUSPICION: &str = "on the leader's suspicion";
/// How a confession's arrests begin.
pub(super) const NAMED_BY: &str = "named by";
/// Military skill from which a figure counts as a commander the army would defend.
pub(super) const COMMANDER_SKILL: f32 = 7.0;
/// Paranoia at which the leader dares arrest commanders on suspicion alone.
pub(super) const ARMY_PURGE_PARANOIA: f32 = 80.0;

/// What the purges did, for the summary and the end screen.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PurgeRecord {
    pub arrests: u32,
    pub executions: u32,
    pub imprisoned: u32,
    pub exiled: u32,
    pub released: u32,
    pub plots_formed: u32,
    pub plots_discovered: u32,
    pub denunciations: u32,
    pub coups: u32,
    /// Arrest date of everyone awaiting trial.
    pub awaiting_trial: BTreeMap<String, Date>,
    pub first_show_trial: Option<Date>,
    /// Seats taken from members of a beaten faction by an `Expel` (absent in old saves).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub expelled: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
