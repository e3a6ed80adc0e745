//! The ledger's Country tab: each quantity of the country month by month, and what moved
//! it last month, cause by cause.

use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::sim::country::Country;
use bevy_egui::egui;

fn year(d: Date) -> f64 {
    f64::from(d.year) + f64::from(d.month - 1) / 12.0 + f64::from(d.day - 1) / 365.0
}

/// One small chart per quantity, in the order of common/country.ron.
pub(crate) fn country_charts(ui: &mut egui::Ui, data: &ScenarioData, country: Option<&Country>) {
    let Some(c) = country.filter(|c| !c.values.is_empty()) else {
        ui.label("This scenario keeps no account of the country.");
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        for q in &data.common.quantities {
            let Some(now) = c.value(&q.id) else {
                continue;
            };
            ui.horizontal(|ui| {
                ui.strong(&q.name).on_hover_text(&q.description);
                ui.label(format!("{now:.2} {}", q.unit));
            });
            let pts: Vec<[f64; 2]> = c
                .series
                .iter()
                .filter_map(|(d, v)| Some([year(*d), f64::from(*v.get(&q.id)?)]))
                .collect();
            egui_plot::Plot::new(("country", q.id.as_str()))
                .height(80.0)
                .allow_scroll(false)
                .allow_drag(false)
                .allow_zoom(false)
                .show(ui, |p| {
                    p.line(egui_plot::Line::new(q.name.clone(), pts).color(crate::gui::style::RED));
                });
            if let Some(causes) = c.causes.get(&q.id).filter(|l| !l.is_empty()) {
                ui.horizontal_wrapped(|ui| {
                    ui.small("Last month:");
                    for (cause, by) in causes {
                        ui.small(format!("{cause} {by:+.2}"));
                    }
                });
            }
            for p in &q.pressures {
                if c.pressing.contains(&format!("{}.{}", q.id, p.id)) {
                    ui.colored_label(crate::gui::style::RED, &p.text);
                }
            }
            ui.separator();
        }
    });
}
