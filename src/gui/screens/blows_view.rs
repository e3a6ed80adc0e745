//! The end screen's account of what the player's side saw coming: each blow struck
//! against it, whether a true warning came at least a week before, and what it did not
//! see; and, now that all is known, how many of its warnings were false.

use crate::gui::style;
use crate::sim::intel::SideIntel;
use crate::sim::intel::blows::warned_share;
use bevy_egui::egui;

pub(crate) fn show(ui: &mut egui::Ui, known: &SideIntel) {
    let (warned, total) = warned_share(&known.blows);
    let false_alarms = known.alerts.iter().filter(|a| !a.truth).count();
    ui.strong("What your side saw coming");
    if total == 0 {
        ui.label("No blow was struck against your side.");
    } else if total == 1 {
        ui.label(if warned == 1 {
            "The one blow struck against your side came after a true warning at least a week before."
        } else {
            "The one blow struck against your side came without a true warning a week before."
        });
    } else {
        ui.label(format!(
            "{warned} of the {total} blows struck against your side ({:.0}%) came after a true warning at least a week before.",
            100.0 * warned as f32 / total as f32
        ));
    }
    if known.alerts.is_empty() {
        ui.small("It received no warnings.");
    } else {
        ui.small(format!(
            "Of the {} warnings it received, {false_alarms} were false.",
            known.alerts.len()
        ));
    }
    if total == 0 {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("blows")
        .max_height(120.0)
        .show(ui, |ui| {
            for b in &known.blows {
                let what = if b.what.is_empty() {
                    b.subject.as_str()
                } else {
                    b.what.as_str()
                };
                match b.warned {
                    Some(d) => ui.label(format!(
                        "{} — {} ({}; warned {})",
                        b.date.long(),
                        what,
                        b.kind.label(),
                        d.long()
                    )),
                    None => ui.label(
                        egui::RichText::new(format!(
                            "{} — what you did not see: {} ({})",
                            b.date.long(),
                            what,
                            b.kind.label()
                        ))
                        .color(style::RED),
                    ),
                };
            }
        });
}
