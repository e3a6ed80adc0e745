//! The shared vocabulary, below every other layer: dates, figures' statuses, the
//! stable hash, whole-file writes. It imports nothing of the crate.

pub mod date;
pub mod fs;
pub mod hash;
pub mod status;

pub use date::Date;
pub use status::FigureStatus;
