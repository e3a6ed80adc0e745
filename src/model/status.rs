//! What has become of a figure: free, held, gone or dead.

use serde::{Deserialize, Serialize};

/// A figure's status. Saves and content write it by its variant's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FigureStatus {
    #[default]
    Free,
    Watched,
    Arrested,
    Imprisoned,
    Exiled,
    /// Fled abroad: out of the country and out of the police's reach. Holds nothing and
    /// acts in nothing here; no pardon brings him back. (Saves from before it load as
    /// they were: they hold no such figure.)
    Abroad,
    Executed,
    Killed,
    Suicide,
    NaturalDeath,
}

impl FigureStatus {
    /// Only free (or merely watched) living figures hold office or act.
    pub fn can_act(self) -> bool {
        matches!(self, FigureStatus::Free | FigureStatus::Watched)
    }
    pub fn is_dead(self) -> bool {
        matches!(
            self,
            FigureStatus::Executed
                | FigureStatus::Killed
                | FigureStatus::Suicide
                | FigureStatus::NaturalDeath
        )
    }
    pub fn label(self) -> &'static str {
        match self {
            FigureStatus::Free => "free",
            FigureStatus::Watched => "under watch",
            FigureStatus::Arrested => "arrested",
            FigureStatus::Imprisoned => "imprisoned",
            FigureStatus::Exiled => "exiled",
            FigureStatus::Abroad => "fled abroad",
            FigureStatus::Executed => "executed",
            FigureStatus::Killed => "killed",
            FigureStatus::Suicide => "dead by suicide",
            FigureStatus::NaturalDeath => "died",
        }
    }
}
