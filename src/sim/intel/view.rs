//! What a viewer is shown: the fog of intrigue. A side sees its own faction's plots and
//! those it has uncovered, and other men's loyalties as estimates whose range narrows
//! with its intelligence; the observer, the end screen, replays and the article see all.

use super::Intel;
use crate::model::Date;
use crate::model::hash::fnv1a;
use crate::scenario::ScenarioData;
use crate::sim::intrigue::plots::{Plot, PlotState};

/// Who is looking.
#[derive(Clone, Debug, PartialEq)]
pub enum Viewer {
    /// The observer, the end screen, a replay, the article: everything.
    All,
    /// A side: what it knows.
    Side { id: String, faction: String },
}

impl Viewer {
    /// The player's side in `data`, or everything when there is none.
    pub fn of(player_side: Option<&str>, data: &ScenarioData) -> Viewer {
        player_side
            .and_then(|p| data.side(p))
            .map_or(Viewer::All, |s| Viewer::Side {
                id: s.id.to_string(),
                faction: s.faction.to_string(),
            })
    }

    pub fn sees_all(&self) -> bool {
        matches!(self, Viewer::All)
    }

    /// Whether this viewer sees `plot`, organised by a man of `organiser_faction`: its
    /// own faction's always, another's once it has struck or been found out (news then)
    /// or once the side has uncovered it.
    pub fn sees_plot(&self, intel: &Intel, plot: &Plot, organiser_faction: Option<&str>) -> bool {
        match self {
            Viewer::All => true,
            Viewer::Side { id, faction } => {
                organiser_faction == Some(faction.as_str())
                    || plot.state != PlotState::Active
                    || intel
                        .side(id)
                        .is_some_and(|s| s.known_plots.contains_key(&plot.id))
            }
        }
    }

    /// The side's intelligence, 1 for the observer.
    pub fn intelligence(&self, intel: &Intel) -> f32 {
        match self {
            Viewer::All => 1.0,
            Viewer::Side { id, .. } => intel.side(id).map_or(0.05, |s| s.intelligence),
        }
    }
}

/// A figure's loyalty to `faction` as the viewer sees it: exact for the observer and for
/// the side's own men; otherwise a range around the truth that narrows with the side's
/// intelligence, placed the same way for a month so that it does not flicker.
pub fn seen_loyalty(
    viewer: &Viewer,
    intel: &Intel,
    figure: &str,
    figure_faction: Option<&str>,
    faction: &str,
    truth: f32,
    date: Date,
) -> (f32, f32) {
    let Viewer::Side { id, faction: own } = viewer else {
        return (truth, truth);
    };
    if figure_faction == Some(own.as_str()) {
        return (truth, truth);
    }
    let i = viewer.intelligence(intel);
    let key = format!("{id}/{figure}/{faction}/{}-{}", date.year, date.month);
    let jitter = (fnv1a(key.as_bytes()) % 1000) as f32 / 1000.0;
    let (lo, hi) = super::watch::estimate(truth, 40.0, i, jitter);
    (
        lo.clamp(-100.0, 100.0).round(),
        hi.clamp(-100.0, 100.0).round(),
    )
}
