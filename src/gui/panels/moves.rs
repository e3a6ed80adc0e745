//! The counter-moves a side buys with favours (expose, win over, dig up a file, use it,
//! place an informer, send a man to ground), as the agenda and the figure card offer
//! them: each asks the check, the odds and the cost the order will meet in the rules.

use super::breakdown_tooltip;
use crate::gui::fog::ShownLoyalty;
use crate::sim::commands::SimCommand;
use crate::sim::intel::orders::{IntelOrder, move_odds, refusal};
use crate::sim::intel::{Intel, SideIntel};
use crate::sim::people::Standing;
use crate::sim::politics::factions::Breakdown;
use bevy_egui::egui;

/// The counter-move a command is, if it is one.
pub fn intel_order(command: &SimCommand) -> Option<IntelOrder> {
    Some(match command.clone() {
        SimCommand::ExposePlot { plot } => IntelOrder::ExposePlot { plot },
        SimCommand::WinOver { figure } => IntelOrder::WinOver { figure },
        SimCommand::GatherKompromat { figure } => IntelOrder::GatherKompromat { figure },
        SimCommand::Blackmail { figure } => IntelOrder::Blackmail { figure },
        SimCommand::PlaceInformer { figure } => IntelOrder::PlaceInformer { figure },
        SimCommand::LieLow { figure } => IntelOrder::LieLow { figure },
        _ => return None,
    })
}

/// The command that gives a counter-move.
pub fn command_of(order: &IntelOrder) -> SimCommand {
    match order.clone() {
        IntelOrder::ExposePlot { plot } => SimCommand::ExposePlot { plot },
        IntelOrder::WinOver { figure } => SimCommand::WinOver { figure },
        IntelOrder::GatherKompromat { figure } => SimCommand::GatherKompromat { figure },
        IntelOrder::Blackmail { figure } => SimCommand::Blackmail { figure },
        IntelOrder::PlaceInformer { figure } => SimCommand::PlaceInformer { figure },
        IntelOrder::LieLow { figure } => SimCommand::LieLow { figure },
        IntelOrder::Flee { figure } => SimCommand::Flee { figure },
        IntelOrder::CallPlenum { plot } => SimCommand::CallPlenum { plot },
    }
}

/// A counter-move as the rules would meet it now.
pub struct MoveCheck {
    /// Why it cannot be tried, as a sentence; `None` when it can.
    pub refusal: Option<String>,
    /// The chance it works, in percent, and what makes it.
    pub odds: Breakdown,
    /// The chance as a range, where it rests on a loyalty the side only estimates.
    pub estimated: Option<(f32, f32)>,
    pub cost: u32,
    pub favours: u32,
}

impl MoveCheck {
    /// The chance for a button's label: "(62%)", "(55-80%, estimated)", or nothing
    /// when certain.
    pub fn odds_words(&self) -> String {
        match self.estimated {
            Some((lo, hi)) => format!(" ({lo:.0}-{hi:.0}%, estimated)"),
            None if self.odds.total < 99.95 => format!(" ({:.0}%)", self.odds.total),
            None => String::new(),
        }
    }
}

/// Checks `order` for `side` (of `faction`) against the figure it targets, whose
/// loyalty to the side is shown as `seen` (an estimate for another faction's man).
pub fn check(
    order: &IntelOrder,
    intel: &Intel,
    (side, faction): (&str, &str),
    (target, holds_office): (Option<&Standing>, bool),
    seen: Option<&ShownLoyalty>,
) -> MoveCheck {
    let empty = SideIntel::default();
    let known = intel.side(side).unwrap_or(&empty);
    let plot_known = match order {
        IntelOrder::ExposePlot { plot } => known.knows_plot(plot),
        _ => false,
    };
    let truth = target.map_or(0.0, |s| s.loyalty.get(faction).copied().unwrap_or(0.0));
    // The side reasons from what it sees of the man: the middle of its estimate.
    let loyalty = seen.map_or(truth, |l| (l.lo + l.hi) / 2.0);
    let i = known.intelligence;
    // The rules' own odds, taken apart: what the move gives by itself, then what the
    // side's intelligence and the man's loyalty add.
    let base = move_odds(order, 0.0, 0.0);
    let with_i = move_odds(order, i, 0.0);
    let total = move_odds(order, i, loyalty);
    let mut odds = Breakdown::default();
    odds.add("the move itself", base * 100.0);
    if (with_i - base).abs() > 1e-4 {
        odds.add(
            format!("your intelligence ({:.0}%)", i * 100.0),
            (with_i - base) * 100.0,
        );
    }
    if (total - with_i).abs() > 1e-4 {
        let words = seen.map_or_else(|| format!("{loyalty:+.0}"), |l| l.words());
        odds.add(
            format!("his loyalty to you ({words})"),
            (total - with_i) * 100.0,
        );
    }
    let estimated = seen.filter(|l| !l.exact()).and_then(|l| {
        let (lo, hi) = (move_odds(order, i, l.lo), move_odds(order, i, l.hi));
        ((hi - lo).abs() > 1e-3).then_some((lo * 100.0, hi * 100.0))
    });
    MoveCheck {
        refusal: refusal(order, known, faction, target, plot_known, holds_office)
            .map(|r| sentence(&r)),
        odds,
        estimated,
        cost: order.cost(),
        favours: known.favours,
    }
}

/// The tooltip of a counter-move: what it does, its chance broken down, its cost.
pub fn tooltip(ui: &mut egui::Ui, what: &str, check: &MoveCheck) {
    ui.set_max_width(320.0);
    ui.label(what);
    ui.add_space(4.0);
    if check.odds.total >= 99.95 {
        ui.label("Certain, once tried.");
    } else {
        ui.label("Chance that it works (%):");
        breakdown_tooltip(ui, &check.odds);
        if let Some((lo, hi)) = check.estimated {
            ui.label(format!(
                "Estimated: between {lo:.0}% and {hi:.0}%, as his loyalty is seen only as a range."
            ));
        }
    }
    ui.label(cost_words(check.cost, check.favours));
}

/// "Costs 2 favours (you have 5)."
pub fn cost_words(cost: u32, favours: u32) -> String {
    match cost {
        0 => format!("Costs no favour (you have {favours})."),
        1 => format!("Costs 1 favour (you have {favours})."),
        n => format!("Costs {n} favours (you have {favours})."),
    }
}

/// A rule's reason as a sentence.
pub fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    chars.next().map_or_else(String::new, |c| {
        format!("{}{}.", c.to_uppercase(), chars.as_str())
    })
}
