//! Battle sandbox files (scenarios/battles/*.ron): a site and two orders of battle,
//! fought many times by `battle FILE --runs N`. The rules build a battle from them
//! (`sim::forces::battle_file`).

use super::diagnostics::Diagnostic;
use super::load::{Sources, parse, read_text};
use super::schema::UnitType;
use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BattleFile {
    pub id: String,
    pub name: String,
    /// A site id from the map (e.g. `kuntsevo_dacha`).
    pub site: String,
    pub date: Date,
    /// Hour the fighting starts, 0..=23.
    #[serde(default = "six")]
    pub start_hour: u8,
    /// Multiplier on the defender's fire from walls and positions, 0.5..=4.
    #[serde(default = "one")]
    pub defences: f32,
    /// Most men per side that can fight at once here.
    pub frontage_men: u32,
    /// Most tanks per side that can fight at once here.
    pub frontage_tanks: u32,
    /// Whether the defender is surrounded (no retreat: a broken defender surrenders).
    #[serde(default)]
    pub encircled: bool,
    /// The battle ends in a draw after this many hours, 1..=240.
    #[serde(default = "day")]
    pub max_hours: u32,
    pub attacker: SideFile,
    pub defender: SideFile,
}

fn six() -> u8 {
    6
}
fn one() -> f32 {
    1.0
}
fn day() -> u32 {
    24
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideFile {
    pub name: String,
    pub faction: String,
    #[serde(default)]
    pub commanders: Vec<String>,
    pub units: Vec<UnitFile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    pub id: String,
    pub name: String,
    /// A unit type id from scenarios/common/unit_types.ron.
    #[serde(rename = "type")]
    pub kind: String,
    pub men: u32,
    #[serde(default)]
    pub tanks: u32,
    /// 0..=1.
    #[serde(default = "one")]
    pub supply: f32,
    /// Override the type's quality (0..=1.5).
    #[serde(default)]
    pub quality: Option<f32>,
    /// Override the type's starting morale (0..=1).
    #[serde(default)]
    pub morale: Option<f32>,
}

pub const MAX_MEN: u32 = 2_000_000;
pub const MAX_TANKS: u32 = 50_000;

pub fn load_unit_types(
    common: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<UnitType> {
    let path = common.join("unit_types.ron");
    match read_text(&path) {
        Ok(text) => {
            let r = parse::<Vec<UnitType>>(&path, &text);
            sources.texts.insert(path, text);
            r.unwrap_or_else(|d| {
                diags.push(d);
                Vec::new()
            })
        }
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}
