//! The battle report: an infobox in the shape of an encyclopedia's (date, place,
//! result, belligerents, commanders with † for the killed and (c.) for the captured,
//! strengths, casualties and losses), and the two sides' strength by the hour.

use crate::gui::Screen;
use crate::gui::style;
use crate::sim::forces::battles::{BattleReport, CommanderFate, SideReport, Winner};
use crate::sim::forces::staging::Battles;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<OpenReport>().add_systems(
        crate::gui::panels::perf::GameUi,
        report_window.run_if(in_state(Screen::InGame)),
    );
}

/// Which battle's report is open, by its place in the list of battles.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct OpenReport(pub Option<usize>);

fn commander_line(data: Option<&LoadedScenario>, side: &SideReport) -> String {
    side.commanders
        .iter()
        .map(|(id, fate)| {
            let name = data
                .and_then(|d| d.0.figure(id))
                .map_or(id.as_str(), |f| f.name.as_str());
            match fate {
                CommanderFate::Killed => format!("{name} †"),
                CommanderFate::Captured => format!("{name} (c.)"),
                CommanderFate::Unhurt => name.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn faction_name(data: Option<&LoadedScenario>, id: &str) -> String {
    data.and_then(|d| d.0.faction(id))
        .map_or(id.to_string(), |f| f.name.clone())
}

pub fn infobox(ui: &mut egui::Ui, date: &str, r: &BattleReport, data: Option<&LoadedScenario>) {
    ui.vertical_centered(|ui| {
        ui.label(egui::RichText::new(&r.name).size(18.0).strong());
    });
    let result = match r.winner {
        Winner::Attacker => format!("{} decisive victory", r.attacker.name),
        Winner::Defender => format!("{} holds", r.defender.name),
        Winner::Draw => "Indecisive".to_string(),
    };
    egui::Grid::new(("infobox_head", &r.id))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Date");
            ui.label(format!(
                "{date}, {:02}:00 to {:02}:00",
                r.end_hour - r.hours,
                r.end_hour % 24
            ));
            ui.end_row();
            ui.strong("Place");
            let place = data
                .and_then(|d| d.0.common.sites.iter().find(|s| s.id == r.site))
                .map_or(r.site.as_str(), |s| s.name.as_str());
            ui.label(place);
            ui.end_row();
            ui.strong("Result");
            ui.label(result);
            ui.end_row();
        });
    ui.separator();
    let sides = [&r.attacker, &r.defender];
    egui::Grid::new(("infobox_body", &r.id))
        .num_columns(3)
        .striped(true)
        .min_col_width(120.0)
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, title: &str, f: &dyn Fn(&SideReport) -> String| {
                ui.label(egui::RichText::new(title).color(style::RED).strong());
                for s in sides {
                    ui.label(f(s));
                }
                ui.end_row();
            };
            row(ui, "Belligerents", &|s| {
                format!("{}\n({})", s.name, faction_name(data, &s.faction))
            });
            row(ui, "Commanders", &|s| commander_line(data, s));
            row(ui, "Strength", &|s| {
                let units: Vec<String> = s
                    .units
                    .iter()
                    .map(|u| {
                        format!(
                            "{}: {} men{}",
                            u.id.replace('_', " "),
                            u.men,
                            if u.tanks > 0 {
                                format!(", {} tanks", u.tanks)
                            } else {
                                String::new()
                            }
                        )
                    })
                    .collect();
                format!(
                    "{} men, {} tanks and AFV\n{}",
                    s.men,
                    s.tanks,
                    units.join("\n")
                )
            });
            row(ui, "Casualties and losses", &|s| {
                let l = s.losses;
                let mut t = format!(
                    "{} dead\n{} wounded\n{} captured",
                    l.killed, l.wounded, l.captured
                );
                if s.tanks > 0 {
                    t.push_str(&format!(
                        "\n{} tanks destroyed\n{} tanks captured",
                        l.tanks_destroyed, l.tanks_captured
                    ));
                }
                if s.surrendered {
                    t.push_str("\nsurrendered");
                }
                t
            });
        });
    ui.separator();
    ui.label("Men still fighting, by hour");
    let a: Vec<[f64; 2]> = r
        .strength_by_hour
        .iter()
        .enumerate()
        .map(|(h, (x, _))| [h as f64, f64::from(*x)])
        .collect();
    let d: Vec<[f64; 2]> = r
        .strength_by_hour
        .iter()
        .enumerate()
        .map(|(h, (_, y))| [h as f64, f64::from(*y)])
        .collect();
    egui_plot::Plot::new(("strength", &r.id))
        .height(140.0)
        .legend(egui_plot::Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            p.line(egui_plot::Line::new(r.attacker.name.clone(), a));
            p.line(egui_plot::Line::new(r.defender.name.clone(), d));
        });
}

fn report_window(
    mut contexts: EguiContexts,
    mut open: ResMut<OpenReport>,
    battles: Option<Res<Battles>>,
    data: Option<Res<LoadedScenario>>,
) -> Result {
    let (Some(i), Some(battles)) = (open.0, battles) else {
        return Ok(());
    };
    let Some((date, report)) = battles.0.get(i) else {
        open.0 = None;
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let mut still_open = true;
    egui::Window::new("Battle report")
        .open(&mut still_open)
        .default_size([580.0, 700.0])
        .default_pos(egui::pos2(350.0, 40.0))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(720.0)
                .show(ui, |ui| infobox(ui, &date.long(), report, data.as_deref()));
        });
    if !still_open {
        open.0 = None;
    }
    Ok(())
}
