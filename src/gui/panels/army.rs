//! The ledger's Army and world tab: the campaign as it would go if the invasion came
//! today (what the rules publish monthly), the army against the record's on the day,
//! and the world's crises decided so far.

use crate::scenario::ScenarioData;
use crate::sim::events::EventState;
use crate::sim::reckoning::ArmyOutlook;
use bevy_egui::egui;

pub(crate) fn army_and_world(
    ui: &mut egui::Ui,
    data: &ScenarioData,
    outlook: Option<&ArmyOutlook>,
    events: Option<&EventState>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        match outlook.and_then(|o| o.0.as_ref()) {
            Some(r) => outlook_view(ui, data, r),
            None => {
                ui.label("This scenario ends before the invasion, or has not yet reached its first month: there is no campaign to foresee.");
            }
        }
        ui.separator();
        ui.strong("The army's and the world's questions so far");
        let decided: Vec<String> = events
            .map(|e| e.history.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|r| {
                let ev = data.common.events.iter().find(|e| e.id == r.event)?;
                (ev.kind == "war").then_some(())?;
                let option = ev.options.iter().find(|o| o.id == r.option)?;
                Some(format!("{} — {}: {}", r.date.long(), ev.title, option.text))
            })
            .collect();
        if decided.is_empty() {
            ui.label("None yet.");
        }
        for line in decided.iter().rev() {
            ui.label(line);
        }
    });
}

fn outlook_view(ui: &mut egui::Ui, data: &ScenarioData, r: &crate::sim::reckoning::Reckoning) {
    ui.strong("If the invasion came today");
    ui.small(format!(
        "The campaign of {} fought by the army as it stands, with the choices now in force; taken afresh each month.",
        r.date.long()
    ));
    let (a, b) = (&r.army, &r.reference);
    // The day and the record's surprise come from common/reckoning.ron.
    let day = r.date.long();
    let record_surprise = data.common.reckoning.as_ref().map_or(0.0, |d| d.surprise);
    let end = r.date.add_days(i64::from(r.weeks) * 7).long();
    for (what, now, record) in [
        (
            "Readiness",
            format!("{:.0}", a.readiness),
            format!("{:.0}", b.readiness),
        ),
        (
            "Equipment",
            format!("{:.0}", a.equipment),
            format!("{:.0}", b.equipment),
        ),
        (
            "Able commanders free",
            format!("{:.0}%", a.commanders_free * 100.0),
            format!("{:.0}%", b.commanders_free * 100.0),
        ),
        (
            "The best commander at its head",
            format!("{:.0}", a.leadership),
            format!("{:.0}", b.leadership),
        ),
    ] {
        ui.label(format!(
            "{what}: {now} (the record's army on {day}: {record})"
        ));
    }
    ui.label(format!(
        "Strength {:.2} of the record's army; surprise {:.2} (the record's {record_surprise:.2}).",
        r.strength, r.surprise
    ));
    for cause in &r.causes {
        ui.small(format!("· {cause}"));
    }
    let week = |d: crate::model::Date| r.date.days_until(d) / 7 + 1;
    if let Some(def) = &data.common.reckoning {
        for axis in &def.axes {
            let fallen: Vec<String> = r
                .places
                .iter()
                .filter(|p| p.axis == axis.id)
                .filter_map(|p| match (p.fell, p.besieged) {
                    (Some(d), _) => Some(format!("{} falls in week {}", p.name, week(d))),
                    (None, Some(d)) => Some(format!("{} besieged in week {}", p.name, week(d))),
                    _ => None,
                })
                .collect();
            let said = if fallen.is_empty() {
                "every city holds".to_string()
            } else {
                fallen.join("; ")
            };
            ui.label(format!("{}: {said}.", axis.name));
        }
    }
    ui.label(format!(
        "By {end}: {} men lost for good, {} of them captured.",
        crate::gui::style::thousands(r.losses),
        crate::gui::style::thousands(r.captured)
    ));
}
