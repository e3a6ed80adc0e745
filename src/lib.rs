//! Congress of Victors: a grand-strategy game of Soviet power politics, 1924-1941,
//! centred on the 17th Party Congress of February 1934.
//!
//! The layers stack, each importing only those below it: `model` (shared vocabulary),
//! `scenario` (content: schema, loading, validation, mods), `sim` (the rules, headless),
//! `save` and `report`, `gui`, `cli`. See docs/architecture.md.

pub mod cli;
pub mod gui;
pub mod model;
pub mod report;
pub mod save;
pub mod scenario;
pub mod sim;

pub use sim::{headless_app, headless_run};
