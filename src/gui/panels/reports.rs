//! The battle report: an infobox in the shape of an encyclopedia's (date, place,
//! result, belligerents, commanders with † for the killed and (c.) for the captured,
//! strengths, casualties and losses), and the two sides' strength by the hour. While
//! a battle is under way, the same report as it stands, filling hour by hour.

use crate::gui::Screen;
use crate::gui::style;
use crate::sim::calendar::Calendar;
use crate::sim::forces::battles::{BattleReport, CommanderFate, SideReport, Winner};
use crate::sim::forces::staging::Battles;
use crate::sim::forces::under_way::{BattleUnderWay, BattlesUnderWay};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<OpenReport>()
        .init_resource::<LiveReport>()
        .add_systems(
            crate::gui::panels::perf::GameUi,
            (report_window, live_window).run_if(in_state(Screen::InGame)),
        );
}

/// The report of the battles under way: which one is shown, and the one whose report
/// the player closed (it stays closed until that battle ends), by their ids.
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct LiveReport {
    pub shown: Option<String>,
    pub hidden: Option<String>,
}

/// Which battle's report is open, by its place in the list of battles.
#[derive(Resource, Default, Clone, Copy, Debug, PartialEq)]
pub struct OpenReport(pub Option<usize>);

fn commander_line(data: Option<&LoadedScenario>, side: &SideReport) -> String {
    side.commanders
        .iter()
        .map(|(id, fate)| {
            let name = data
                .and_then(|d| d.0.figure(id.as_str()))
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

pub fn infobox(
    ui: &mut egui::Ui,
    date: crate::model::Date,
    r: &BattleReport,
    data: Option<&LoadedScenario>,
) {
    let result = match r.winner {
        Winner::Attacker => format!("{} decisive victory", r.attacker.name),
        Winner::Defender => format!("{} holds", r.defender.name),
        Winner::Draw => "Indecisive".to_string(),
    };
    infobox_with(ui, date, r, data, result);
}

/// The infobox with its result line given: a verdict, or the state of a fight going on.
fn infobox_with(
    ui: &mut egui::Ui,
    date: crate::model::Date,
    r: &BattleReport,
    data: Option<&LoadedScenario>,
    result: String,
) {
    ui.vertical_centered(|ui| {
        ui.label(egui::RichText::new(&r.name).size(18.0).strong());
    });
    egui::Grid::new(("infobox_head", &r.id))
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Date");
            let begins = r.end_hour - r.hours;
            ui.label(if r.hours == 0 {
                // Staged and not yet begun: it has no end to give.
                format!("{}, from {begins:02}:00", date.long())
            } else {
                format!(
                    "{}, {begins:02}:00 to {:02}:00",
                    date.long(),
                    r.end_hour % 24
                )
            });
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
                            data.and_then(|d| d.0.unit_name(u.id.as_str(), date))
                                .unwrap_or_else(|| u.id.as_str().replace('_', " ")),
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
                .show(ui, |ui| infobox(ui, *date, report, data.as_deref()));
        });
    if !still_open {
        open.0 = None;
    }
    Ok(())
}

/// What the last hour of a battle under way cost each side: men lost, men still fighting.
fn last_hour(r: &BattleReport) -> Option<[(u32, u32); 2]> {
    let [.., (a0, d0), (a1, d1)] = r.strength_by_hour.as_slice() else {
        return None;
    };
    Some([(a0.saturating_sub(*a1), *a1), (d0.saturating_sub(*d1), *d1)])
}

fn live_box(ui: &mut egui::Ui, now: &str, b: &BattleUnderWay, data: Option<&LoadedScenario>) {
    let r = b.report_so_far();
    let setup = b.fight.setup();
    let state = if r.hours == 0 {
        format!("Under way: the attack begins at {:02}:00", setup.start_hour)
    } else {
        format!(
            "Under way: hour {} of at most {} ({now})",
            r.hours, setup.max_hours
        )
    };
    ui.label(egui::RichText::new(&state).color(style::RED).strong());
    if let Some(hour) = last_hour(&r) {
        ui.label(egui::RichText::new(format!("Hour {}", r.hours)).strong());
        for (side, (lost, left)) in [&r.attacker, &r.defender].into_iter().zip(hour) {
            let fallen: Vec<&str> = side
                .commanders
                .iter()
                .filter(|(_, f)| *f == CommanderFate::Killed)
                .map(|(id, _)| id.as_str())
                .collect();
            let mut line = format!("{}: {lost} men lost, {left} still fighting", side.name);
            if !fallen.is_empty() {
                let names: Vec<String> = fallen
                    .iter()
                    .map(|id| {
                        data.and_then(|d| d.0.figure(id))
                            .map_or(id.to_string(), |f| f.name.clone())
                    })
                    .collect();
                line.push_str(&format!("; fallen so far: {}", names.join(", ")));
            }
            ui.label(line);
        }
        ui.separator();
    }
    infobox_with(ui, b.date, &r, data, state);
}

/// The battle under way, its report filled up to the current hour.
fn live_window(
    mut contexts: EguiContexts,
    mut live: ResMut<LiveReport>,
    under_way: Option<Res<BattlesUnderWay>>,
    calendar: Option<Res<Calendar>>,
    data: Option<Res<LoadedScenario>>,
) -> Result {
    let (Some(under_way), Some(calendar)) = (under_way, calendar) else {
        return Ok(());
    };
    let id_of = |b: &BattleUnderWay| b.fight.setup().id.clone();
    let Some(b) = under_way
        .0
        .iter()
        .find(|b| live.shown.as_ref() == Some(&id_of(b)))
        .or_else(|| under_way.0.first())
    else {
        *live = LiveReport::default();
        return Ok(());
    };
    let id = id_of(b);
    if live.hidden.as_ref() == Some(&id) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let mut still_open = true;
    let r = b.report_so_far();
    if r.hours == 0 {
        // Staged for a later hour: a small notice, so that the columns closing in on the
        // site stay in view until the first shot.
        egui::Window::new("Battle coming")
            .id(egui::Id::new("battle_coming"))
            .open(&mut still_open)
            .resizable(false)
            .default_pos(egui::pos2(820.0, 40.0))
            .show(ctx, |ui| {
                ui.label(egui::RichText::new(&r.name).strong());
                ui.label(
                    egui::RichText::new(format!(
                        "The attack begins at {:02}:00 ({}).",
                        b.fight.setup().start_hour,
                        calendar.label()
                    ))
                    .color(style::RED),
                );
                ui.label(format!(
                    "{}: {} men, {} tanks. {}: {} men, {} tanks.",
                    r.attacker.name,
                    crate::model::grouped(r.attacker.men),
                    r.attacker.tanks,
                    r.defender.name,
                    crate::model::grouped(r.defender.men),
                    r.defender.tanks
                ));
            });
        if !still_open {
            live.hidden = Some(id);
        }
        return Ok(());
    }
    // To the right of the map's centre, so that the ringed site stays in view.
    egui::Window::new("Battle under way")
        .id(egui::Id::new("battle_under_way"))
        .open(&mut still_open)
        .default_size([540.0, 700.0])
        .default_pos(egui::pos2(820.0, 40.0))
        .show(ctx, |ui| {
            // More than one battle at once: choose which to follow.
            if under_way.0.len() > 1 {
                ui.horizontal_wrapped(|ui| {
                    for other in &under_way.0 {
                        let other_id = id_of(other);
                        if ui
                            .selectable_label(other_id == id, &other.fight.setup().name)
                            .clicked()
                        {
                            live.shown = Some(other_id);
                        }
                    }
                });
                ui.separator();
            }
            egui::ScrollArea::vertical()
                .max_height(720.0)
                .show(ui, |ui| live_box(ui, &calendar.label(), b, data.as_deref()));
        });
    if !still_open {
        live.hidden = Some(id);
    }
    Ok(())
}
