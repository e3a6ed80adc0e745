//! The armed forces: units of the army, the security police and the guards, where they
//! stand and whom they follow.

use super::Ids;
use super::people::{Figure, Standing};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// Unit type id.
    pub kind: String,
    pub institution: String,
}

/// What a unit is now: its strength, state and where it stands.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitState {
    /// A region or site id.
    pub location: String,
    pub men: u32,
    pub tanks: u32,
    pub quality: f32,
    pub morale: f32,
    pub supply: f32,
    pub commander: Option<String>,
}

/// A region of the map as the rules see it.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub unrest: f32,
    pub nkvd_presence: f32,
}

/// A site: a place inside a region where the crisis happens.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub defences: f32,
}

/// The faction a unit follows: its commander's, or, with no commander (or one who can
/// no longer act), the faction controlling its institution.
pub fn unit_faction(
    state: &UnitState,
    unit: &Unit,
    ids: &Ids,
    figures: &Query<(&Figure, &Standing)>,
    institution_controller: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    state
        .commander
        .as_ref()
        .and_then(|c| ids.figures.get(c))
        .and_then(|e| figures.get(*e).ok())
        .filter(|(_, s)| s.status.can_act())
        .and_then(|(_, s)| s.faction.clone())
        .or_else(|| institution_controller(&unit.institution))
}
