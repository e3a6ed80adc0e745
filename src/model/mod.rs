//! The shared vocabulary, below every other layer: dates, figures' statuses, the
//! stable hash, whole-file writes, the ids. It imports nothing of the crate.

pub mod date;
pub mod fs;
pub mod hash;
pub mod ids;
pub mod status;

pub use date::Date;
pub use ids::{FactionId, FigureId, InstitutionId, OfficeId, RegionId, SideId, UnitId};
pub use status::FigureStatus;

/// A count with its thousands grouped by commas, as the reports print them.
pub fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
