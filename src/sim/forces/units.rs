//! Units of the army, the security police and the guards: what they are, where they
//! stand and whom they follow.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::InstitutionId;
use crate::model::RegionId;
use crate::model::UnitId;
use crate::sim::Ids;
use crate::sim::people::{Figure, Standing};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    /// Unit type id.
    pub kind: String,
    pub institution: InstitutionId,
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
    pub commander: Option<FigureId>,
    /// Under way to another place; absent while the unit stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub march: Option<March>,
}

/// A unit on the move over the travel graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct March {
    /// Where the unit is going.
    pub to: String,
    /// The places still to pass, each with the hours its leg takes; the first is next.
    pub legs: Vec<(String, u32)>,
    /// Hours already marched on the current leg.
    pub done: u32,
}

/// A region of the map as the rules see it.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub id: RegionId,
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

/// The faction a unit follows: its commander's while he can act and has one, else the
/// faction controlling its institution. The one answer, for the rules and the panels:
/// `commander_faction` tells a figure's faction if he can act, `controller` an
/// institution's controller.
pub fn follows<T>(
    state: &UnitState,
    unit: &Unit,
    commander_faction: impl FnOnce(&str) -> Option<T>,
    controller: impl FnOnce(&str) -> Option<T>,
) -> Option<T> {
    state
        .commander
        .as_ref()
        .map(FigureId::as_str)
        .and_then(commander_faction)
        .or_else(|| controller(unit.institution.as_str()))
}

/// `follows`, for a system that has the figures as a query.
pub fn unit_faction(
    state: &UnitState,
    unit: &Unit,
    ids: &Ids,
    figures: &Query<(&Figure, &Standing)>,
    institution_controller: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    follows(
        state,
        unit,
        |c| {
            ids.figures
                .get(c)
                .and_then(|e| figures.get(*e).ok())
                .filter(|(_, s)| s.status.can_act())
                .and_then(|(_, s)| s.faction.as_ref().map(FactionId::to_string))
        },
        institution_controller,
    )
}

/// The components of a unit as a scenario (or an event) describes it, named as it was
/// called on `date`.
pub fn unit_bundle(
    data: &crate::scenario::schema::ScenarioData,
    u: &crate::scenario::schema::UnitDef,
    commander_known: bool,
    date: crate::model::Date,
) -> (Unit, UnitState) {
    let kind = data.common.unit_types.iter().find(|t| t.id == u.kind);
    (
        Unit {
            id: u.id.clone(),
            name: u.name_on(data, date),
            kind: u.kind.clone(),
            institution: u.institution.clone(),
        },
        UnitState {
            location: u.location.clone(),
            men: u.men,
            tanks: u.tanks,
            quality: u.quality.or(kind.map(|k| k.quality)).unwrap_or(0.7),
            morale: u.morale.or(kind.map(|k| k.morale)).unwrap_or(0.7),
            supply: 1.0,
            commander: u.commander.clone().filter(|_| commander_known),
            march: None,
        },
    )
}
