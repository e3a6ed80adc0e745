//! The ledger's Army and world tab: the campaign as it would go if the invasion came
//! today (what the rules publish monthly), the army against the record's on the day,
//! and the world's crises decided so far. Once the invasion has come, the campaign as
//! it stands instead: the week, each axis's cities, the cost, the terms in force.

use crate::gui::style;
use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::sim::events::EventState;
use crate::sim::reckoning::{ArmyOutlook, Reckoning, War};
use bevy_egui::egui;

pub(crate) fn army_and_world(
    ui: &mut egui::Ui,
    data: &ScenarioData,
    outlook: Option<&ArmyOutlook>,
    war: Option<&War>,
    events: Option<&EventState>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        match (war.and_then(|w| w.0.as_ref()), outlook.and_then(|o| o.0.as_ref())) {
            (Some(r), _) => war_view(ui, data, r),
            (None, Some(r)) => outlook_view(ui, data, r),
            (None, None) => {
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
                let option = data.named_on(&option.text, r.date);
                Some(format!("{} — {}: {option}", r.date.long(), ev.title))
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

fn outlook_view(ui: &mut egui::Ui, data: &ScenarioData, r: &Reckoning) {
    ui.strong("If the invasion came today");
    ui.small(format!(
        "The campaign of {} fought by the army as it stands, with the choices now in force; taken afresh each month.",
        r.date.long()
    ));
    army_measures(ui, data, r);
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
    let end = r.date.add_days(i64::from(r.weeks) * 7).long();
    ui.label(format!(
        "By {end}: {} men lost for good, {} of them captured.",
        crate::model::grouped(r.losses),
        crate::model::grouped(r.captured)
    ));
}

/// The army on the day of the invasion against the record's, and its strength and
/// surprise with their causes.
fn army_measures(ui: &mut egui::Ui, data: &ScenarioData, r: &Reckoning) {
    let (a, b) = (&r.army, &r.reference);
    // The day and the record's surprise come from common/reckoning.ron.
    let day = r.date.long();
    let record_surprise = data.common.reckoning.as_ref().map_or(0.0, |d| d.surprise);
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
    if r.aircraft_lost > 0 {
        ui.label(format!(
            "Aircraft lost on the first day: {}.",
            crate::model::grouped(r.aircraft_lost)
        ));
    }
    let Some(def) = data.common.reckoning.as_ref() else {
        return;
    };
    for cause in &r.causes {
        let by = def
            .modifiers
            .iter()
            .find(|m| m.cause == *cause)
            .map(|m| modifier_effect(def, m))
            .unwrap_or_default();
        ui.small(format!("· {cause}{by}"));
    }
}

/// What a modifier does to the army, in the breakdown's words: " (strength −10% once
/// Minsk falls, captured +20%, surprise +0.05)".
fn modifier_effect(
    def: &crate::scenario::reckoning::ReckoningDef,
    m: &crate::scenario::reckoning::ReckoningModifier,
) -> String {
    let percent = |v: f32| format!("{:+.0}%", (v - 1.0) * 100.0);
    let changes = |v: f32| (v - 1.0).abs() > 1e-4;
    let mut parts = Vec::new();
    if changes(m.strength) {
        let once = m.once_fallen.as_ref().map_or(String::new(), |id| {
            let name = def
                .axes
                .iter()
                .flat_map(|a| &a.places)
                .find(|p| p.id == *id)
                .map_or(id.as_str(), |p| p.name.as_str());
            format!(" once {name} falls")
        });
        parts.push(format!("strength {}{once}", percent(m.strength)));
    }
    if changes(m.early_pace) {
        parts.push(format!(
            "the first weeks' advance {}",
            percent(m.early_pace)
        ));
    }
    if changes(m.captured) {
        parts.push(format!("men captured {}", percent(m.captured)));
    }
    if changes(m.aircraft) {
        parts.push(format!(
            "aircraft lost on the first day {}",
            percent(m.aircraft)
        ));
    }
    if m.surprise.abs() > 1e-4 {
        parts.push(format!("surprise {:+.2}", m.surprise));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// The campaign as it stands: the week, each axis with its cities, what it has cost,
/// the terms in force and the army that fights it.
fn war_view(ui: &mut egui::Ui, data: &ScenarioData, r: &Reckoning) {
    let day = r.date.add_days(i64::from(r.weeks_fought) * 7);
    let title = if r.weeks_fought < r.weeks {
        format!(
            "The war: week {} of {} ({})",
            r.weeks_fought,
            r.weeks,
            day.long()
        )
    } else {
        format!(
            "The war: the campaign of {} weeks is over ({})",
            r.weeks,
            day.long()
        )
    };
    ui.label(
        egui::RichText::new(title)
            .strong()
            .size(16.0)
            .color(style::RED),
    );
    ui.small(format!(
        "The invasion came on {}. The front moves a week at a time; the map shows it.",
        r.date.long()
    ));
    ui.add_space(4.0);
    if let Some(def) = &data.common.reckoning {
        for axis in &def.axes {
            let km = r.front_km(&axis.id);
            ui.label(egui::RichText::new(format!("{} — {km:.0} km", axis.name)).strong());
            egui::Grid::new(("war_axis", axis.id.as_str()))
                .num_columns(2)
                .spacing(egui::vec2(16.0, 2.0))
                .show(ui, |ui| {
                    for p in r.places.iter().filter(|p| p.axis == axis.id) {
                        place_fate(ui, p);
                        ui.end_row();
                    }
                });
        }
    }
    ui.add_space(4.0);
    ui.label(format!(
        "Men lost for good so far: {}, {} of them captured.",
        crate::model::grouped(r.losses),
        crate::model::grouped(r.captured)
    ));
    ui.label(format!(
        "Industry lost with the land, less what went east in time: {:.0}%.",
        r.industry_lost * 100.0
    ));
    if !r.regions_lost.is_empty() {
        let map = crate::scenario::map::shared_map();
        let names: Vec<String> = r
            .regions_lost
            .iter()
            .map(|id| {
                let own = data.common.regions.iter().find(|g| g.id == *id);
                own.and_then(|g| g.name.clone())
                    .or_else(|| {
                        map.as_ref()
                            .and_then(|m| m.region(id))
                            .map(|g| g.name.clone())
                    })
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        ui.label(format!("Regions lost: {}.", names.join(", ")));
    }
    ui.separator();
    ui.strong("The terms of the campaign");
    if r.terms.is_empty() {
        ui.small("None: the fronts fight as the record's did.");
    }
    for t in &r.terms {
        ui.label(format!("· {t}"));
    }
    ui.separator();
    ui.strong("The army that met the invasion");
    army_measures(ui, data, r);
}

/// One city's row: its fate, fallen (with the day), besieged or holding; and the record's.
fn place_fate(ui: &mut egui::Ui, p: &crate::sim::reckoning::PlaceFate) {
    // The year is the campaign's: the day and month say enough.
    let day = |d: Date| {
        let long = d.long();
        long.rsplit_once(' ')
            .map_or(long.clone(), |(dm, _)| dm.to_string())
    };
    let record = match (p.record, p.record_besieged) {
        (Some(d), _) => format!("the record: fell {}", day(d)),
        (None, Some(d)) => format!("the record: besieged {}, held", day(d)),
        _ => "the record: held".to_string(),
    };
    let (text, color) = match (p.fell, p.besieged) {
        (Some(d), _) => (
            format!("■ {} fell {}", p.name, day(d)),
            egui::Color32::BLACK,
        ),
        (None, Some(d)) => (format!("◎ {} besieged {}", p.name, day(d)), style::RED),
        _ => (format!("○ {} holds", p.name), style::INK),
    };
    // Whole, never cut short: the grid sizes its columns to them.
    ui.add(egui::Label::new(egui::RichText::new(format!("    {text}")).color(color)).extend());
    ui.add(egui::Label::new(egui::RichText::new(record).small().weak()).extend());
}
