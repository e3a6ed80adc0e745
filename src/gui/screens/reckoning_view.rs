//! The reckoning on the end screen: how the army the run made met the invasion, week by
//! week to the campaign's end, against the record.

use crate::gui::style;
use crate::scenario::ScenarioData;
use crate::sim::reckoning::Reckoning;
use bevy_egui::egui;

/// The reckoning in a few lines: the verdict, the army against the record's and why, the
/// cities with the day each fell (and the record's), the losses.
pub(crate) fn show(ui: &mut egui::Ui, data: &ScenarioData, r: &Reckoning) {
    let verdict = match r.verdict.as_str() {
        "better" => "The army held better than it did in the record.",
        "worse" => "The army fared worse than it did in the record.",
        _ => "The autumn went much as it did in the record.",
    };
    ui.label(
        egui::RichText::new(format!("{}: the invasion. {verdict}", r.date.long()))
            .size(20.0)
            .color(style::RED),
    );
    let axes = data
        .common
        .reckoning
        .as_ref()
        .map(|d| d.axes.clone())
        .unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "The army's strength {:.2} of the record's, surprise {:.2}.",
            r.strength, r.surprise
        ))
        .on_hover_text(army_breakdown(r));
        ui.label(format!(
            "{} men lost for good in {} weeks, {} of them captured.",
            crate::model::grouped(r.losses),
            r.weeks,
            crate::model::grouped(r.captured)
        ));
    });
    for axis in &axes {
        let km = r.front_km(&axis.id);
        let places: Vec<String> = r
            .places
            .iter()
            .filter(|p| p.axis == axis.id)
            .map(|p| {
                let record = p
                    .record
                    .or(p.record_besieged)
                    .map_or("held in the record".to_string(), |d| {
                        format!("record {}", d.long())
                    });
                match (p.fell, p.besieged) {
                    (Some(d), _) => format!("{} fell {} ({record})", p.name, d.long()),
                    (None, Some(d)) => format!("{} besieged {} ({record})", p.name, d.long()),
                    (None, None) => format!("{} held ({record})", p.name),
                }
            })
            .collect();
        ui.label(format!("{}: {km:.0} km. {}.", axis.name, places.join("; ")));
    }
    if !r.causes.is_empty() {
        ui.small(format!(
            "What this history changed: {}.",
            r.causes.join("; ")
        ));
    }
    // The answers given in the war: a city lost to a choice says which.
    if !r.terms.is_empty() {
        ui.small(format!("The war's answers: {}.", r.terms.join("; ")));
    }
}

fn army_breakdown(r: &Reckoning) -> String {
    let (a, b) = (&r.army, &r.reference);
    format!(
        "On the day, against the record's army:\nreadiness {:.0} (record {:.0})\nequipment {:.0} (record {:.0})\nable commanders free {:.0}% (record {:.0}%)\nthe best commander at its head {:.0} (record {:.0})",
        a.readiness,
        b.readiness,
        a.equipment,
        b.equipment,
        a.commanders_free * 100.0,
        b.commanders_free * 100.0,
        a.leadership,
        b.leadership
    )
}
