//! The emblems of institutions and of the kinds of events, as content names them.

use serde::{Deserialize, Serialize};

/// An institution's emblem, drawn on its card and wherever it is named with one: the
/// party's star, the state's columns, the police's sword and shield, the army's crossed
/// rifles, intelligence's eye, the press's sheet, the Plan's gear, the International's
/// globe. Events' kinds have theirs too (a plot's dagger, a figure's portrait).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Emblem {
    Party,
    State,
    Police,
    Army,
    Intelligence,
    Press,
    Plan,
    International,
    Dagger,
    Portrait,
}

impl Emblem {
    /// The emblem of an event's kind, for the kinds the base game uses.
    pub fn of_event_kind(kind: &str) -> Option<Emblem> {
        match kind {
            "politics" => Some(Emblem::Party),
            "purge" => Some(Emblem::Police),
            "war" => Some(Emblem::Army),
            "plot" => Some(Emblem::Dagger),
            "personal" => Some(Emblem::Portrait),
            _ => None,
        }
    }
}
