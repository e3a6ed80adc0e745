//! Content: the RON schema, loading with diagnostics, and validation.

pub mod battle_file;
pub mod chronicle;
pub mod country;
pub mod diagnostics;
pub mod emblems;
pub mod events;
pub mod foreign;
pub mod institutions;
pub mod load;
pub mod map;
pub mod map_city;
pub mod map_features;
pub mod mod_layout;
pub mod mods;
mod names;
pub mod policy;
pub mod reckoning;
pub mod scale;
pub mod schema;
pub mod share;
pub mod validate;

pub use diagnostics::{Diagnostic, Severity};
pub use load::{Content, content_root, load_dir, load_scenario, scenarios_dir};
pub use schema::*;
