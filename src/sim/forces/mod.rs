//! The armed forces: units and their movement, battles fought by the hour, the
//! statistics of many battles, the battle sandbox's files, and battles staged in the world.

pub mod battle_file;
pub mod battle_stats;
pub mod battles;
pub mod control;
pub mod movement;
pub mod orders;
pub mod staging;
pub mod under_way;
pub mod units;

pub(crate) use under_way::plugin;
