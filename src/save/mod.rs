//! Saves: a versioned header and the whole simulation state by stable ids, written
//! atomically (a temporary file, flushed, then renamed), read back with clear errors,
//! and loaded so that continuing gives the same history as never having stopped.

use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::sim::RunInfo;
use crate::sim::forces::control::ControlRecord;
use crate::sim::forces::units::{Unit, UnitState};
use crate::sim::intrigue::plots::Plot;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::rng::{RngStreams, STREAMS};
use crate::sim::snapshot::Snapshot;
use crate::sim::spawn::{SimEntity, start_run};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The current save format. Older formats load through `migrate`.
pub const SAVE_FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveHeader {
    pub format: u32,
    pub game_version: String,
    pub scenario: String,
    pub mods: Vec<String>,
    pub seed: u64,
    pub date: Date,
    pub side: Option<crate::model::SideId>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveGame {
    pub header: SaveHeader,
    /// The state hash of `state`, to catch a save damaged on disk.
    pub checksum: String,
    pub state: Snapshot,
    /// The monthly record of who held the regions, for the article's maps: outside the
    /// state and its checksum, since it changes no history (absent in older saves).
    #[serde(default, skip_serializing_if = "ControlRecord::is_empty")]
    pub control: ControlRecord,
}

/// Everything a save holds, taken from a running world.
pub fn capture(world: &mut World) -> SaveGame {
    let info = world.resource::<RunInfo>().clone();
    let mods = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()
        .map(|s| s.0.mods.clone())
        .unwrap_or_default();
    let state = Snapshot::take(world);
    SaveGame {
        header: SaveHeader {
            format: SAVE_FORMAT,
            game_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: info.scenario.clone(),
            mods,
            seed: info.seed,
            date: state.calendar.date,
            side: info.player_side.clone(),
        },
        checksum: format!("{:016x}", state.hash()),
        state,
        control: world
            .get_resource::<ControlRecord>()
            .cloned()
            .unwrap_or_default(),
    }
}

pub fn to_bytes(save: &SaveGame) -> Vec<u8> {
    serde_json::to_vec(save).unwrap_or_default()
}

/// Writes the save atomically: a crash or kill mid-write leaves the old file whole.
pub fn write(path: &Path, save: &SaveGame) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::model::fs::write_atomically(path, &to_bytes(save))
}

/// Reads a save, upgrading older formats; every failure is a sentence for the player.
pub fn read(path: &Path) -> Result<SaveGame, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read the save: {e}", path.display()))?;
    parse(path, &bytes)
}

pub fn parse(path: &Path, bytes: &[u8]) -> Result<SaveGame, String> {
    if bytes.is_empty() {
        return Err(format!("{}: the save is empty", path.display()));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "{}:{}:{}: the save is damaged or incomplete ({e})",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let format = value
        .get("header")
        .and_then(|h| h.get("format"))
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            format!(
                "{}: not a Congress of Victors save (no format in its header)",
                path.display()
            )
        })?;
    if format > u64::from(SAVE_FORMAT) {
        return Err(format!(
            "{}: the save is in format {format}, from a newer version of the game; this one reads up to format {SAVE_FORMAT}",
            path.display()
        ));
    }
    let value = migrate(value, format as u32)?;
    let save: SaveGame = serde_json::from_value(value).map_err(|e| {
        format!(
            "{}: the save does not match format {SAVE_FORMAT}: {e}",
            path.display()
        )
    })?;
    let sum = format!("{:016x}", save.state.hash());
    if sum != save.checksum {
        return Err(format!(
            "{}: the save is damaged (its checksum is {}, its contents hash to {sum})",
            path.display(),
            save.checksum
        ));
    }
    Ok(save)
}

/// Upgrades a save one format at a time. Format 1 is the first; each later format adds
/// a step here, and tests/data/saves/ keeps a sample of every format.
fn migrate(value: serde_json::Value, from: u32) -> Result<serde_json::Value, String> {
    match from {
        0 => Err("format 0 was never written by any release".into()),
        _ => Ok(value),
    }
}

/// Loads a save into `world` over a fresh run of `data`: every component and resource
/// the state hash covers is restored.
pub fn load(world: &mut World, data: &ScenarioData, save: &SaveGame) -> Result<(), String> {
    let h = &save.header;
    if h.scenario != data.scenario.id {
        return Err(format!(
            "the save is of scenario `{}`, not `{}`",
            h.scenario, data.scenario.id
        ));
    }
    let missing: Vec<&String> = h.mods.iter().filter(|m| !data.mods.contains(m)).collect();
    if !missing.is_empty() {
        return Err(format!(
            "the save needs mods that are not installed: {}",
            missing
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let s = &save.state;
    if s.calendar.hour >= 24 {
        return Err(format!("the save's clock reads hour {}", s.calendar.hour));
    }
    start_run(world, data, h.seed, h.side.clone());
    world.insert_resource(s.calendar.clone());
    let mut rng = RngStreams::new(h.seed);
    rng.restore(&s.rng, &STREAMS);
    world.insert_resource(rng);
    let mut figures = world.query::<(&Figure, &mut Standing)>();
    for (f, mut st) in figures.iter_mut(world) {
        if let Some(saved) = s.figures.get(f.id.as_str()) {
            *st = saved.clone();
        }
    }
    let mut offices = world.query::<&mut Office>();
    for mut o in offices.iter_mut(world) {
        if let Some(h) = s.offices.get(&o.key) {
            o.holders = h.clone();
        }
        let saved = s.seats_in_use.get(&o.key).copied().unwrap_or(0);
        o.in_use = o.in_use.max(saved).max(o.holders.len() as u32);
        o.name = data
            .office_name_on(o.key.as_str(), s.calendar.date)
            .to_string();
    }
    let mut insts = world.query::<&mut Institution>();
    for mut i in insts.iter_mut(world) {
        if let Some(c) = s.institutions.get(&i.id) {
            i.controller = c.clone();
        }
        if let Some(def) = data.common.institutions.iter().find(|d| d.id == i.id) {
            i.name = def.name_on(s.calendar.date).to_string();
        }
        i.competence = s.competence.get(&i.id).copied().unwrap_or(1.0);
    }
    let defs: std::collections::HashMap<&str, _> = data
        .scenario
        .units
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let mut units = world.query::<(&mut Unit, &mut UnitState)>();
    for (mut u, mut st) in units.iter_mut(world) {
        if let Some(saved) = s.units.get(&u.id) {
            *st = saved.clone();
        }
        if let Some(def) = defs.get(u.id.as_str()) {
            u.name = def.name_on(data, s.calendar.date);
        }
    }
    for p in s.plots.values() {
        world.spawn((SimEntity, p.clone()));
    }
    world.insert_resource(s.chronicle.clone());
    world.insert_resource(s.commands.clone());
    world.insert_resource(crate::sim::commands::CommandQueue {
        pending: s.pending.clone(),
    });
    world.insert_resource(s.congress.clone());
    world.insert_resource(s.decisions.clone());
    world.insert_resource(s.paranoia.clone());
    world.insert_resource(s.suspicion.clone());
    world.insert_resource(s.purges.clone());
    world.insert_resource(s.battles.clone());
    world.insert_resource(s.under_way.clone());
    world.insert_resource(s.events.clone());
    world.insert_resource(s.politics.clone());
    world.insert_resource(s.country.clone());
    world.insert_resource(s.intel.clone());
    world.insert_resource(s.war.clone());
    world.insert_resource(s.foreign.clone());
    world.insert_resource(s.trends.clone());
    world.insert_resource(save.control.clone());
    crate::sim::politics::institutions::count_the_fallen(world);
    let data_arc = world
        .resource::<crate::sim::spawn::LoadedScenario>()
        .0
        .clone();
    crate::sim::events::respawn_units(world, &data_arc);
    let defs: std::collections::HashMap<&str, _> = data
        .scenario
        .units
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    let mut units = world.query::<(&mut Unit, &mut UnitState)>();
    for (mut u, mut st) in units.iter_mut(world) {
        if let Some(saved) = s.units.get(&u.id) {
            *st = saved.clone();
        }
        if let Some(def) = defs.get(u.id.as_str()) {
            u.name = def.name_on(data, s.calendar.date);
        }
    }
    // A replay recorded after loading starts from the save.
    let here = crate::sim::snapshot::state_hash(world);
    world.insert_resource(replay::Checkpoints(vec![(s.calendar.date, here)]));
    // Faction power and the leader's hold are derived: recompute them from the state.
    {
        use bevy::ecs::system::RunSystemOnce;
        let _ = world.run_system_once(crate::sim::politics::ruler::derive_ruler);
        let _ = world.run_system_once(crate::sim::politics::factions::compute_power);
        let _ = world.run_system_once(crate::sim::politics::factions::compute_hold);
    }
    let _ = world.query::<&Plot>();
    Ok(())
}

/// The folder for saves: the platform's data folder, or `saves/` beside the content.
pub fn saves_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "congress-of-victors")
        .map(|d| d.data_dir().join("saves"))
        .unwrap_or_else(|| crate::scenario::content_root().join("saves"))
}

pub mod replay;
