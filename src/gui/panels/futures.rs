//! The Two futures window (B): fork the game as it stands into two timelines, this
//! seed's and the next one's, run both to the scenario's end on a background thread,
//! and show where and when they part and how each ends. The game keeps running.

use crate::gui::Screen;
use crate::gui::style;
use crate::model::FigureId;
use crate::sim::compare::{Comparison, Fork, apply_fork, run_both};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::sync::{Arc, Mutex};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<FuturesWindow>()
        .add_systems(
            Update,
            (toggle.run_if(crate::gui::focus::keys_free), fork_when_asked)
                .run_if(in_state(Screen::InGame)),
        )
        .add_systems(
            crate::gui::panels::perf::GameUi,
            futures_window.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Default)]
pub struct FuturesWindow {
    pub open: bool,
    /// The player asked for a fork; taken by the next exclusive pass.
    asked: bool,
    running: bool,
    result: Arc<Mutex<Option<Result<Comparison, String>>>>,
}

fn toggle(keys: crate::gui::keys::Keys, mut w: ResMut<FuturesWindow>) {
    if keys.just_pressed(crate::gui::keys::Action::Futures) {
        w.open = !w.open;
    }
}

/// Saves the world as it stands and runs the two futures from it off the main thread.
fn fork_when_asked(world: &mut World) {
    if !world.resource::<FuturesWindow>().asked {
        return;
    }
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let save = crate::save::capture(world);
    let result = world.resource::<FuturesWindow>().result.clone();
    {
        let mut w = world.resource_mut::<FuturesWindow>();
        w.asked = false;
        w.running = true;
    }
    if let Ok(mut r) = result.lock() {
        *r = None;
    }
    std::thread::spawn(move || {
        let start = || -> Result<App, String> {
            let mut app = crate::headless_app();
            crate::save::load(app.world_mut(), &data, &save).map(|_| app)
        };
        let outcome = start().and_then(|mut a| {
            let mut b = start()?;
            apply_fork(
                b.world_mut(),
                &Fork {
                    seed: Some(save.header.seed.wrapping_add(1)),
                    choices: Default::default(),
                },
            );
            Ok(run_both(a.world_mut(), b.world_mut(), data.scenario.end))
        });
        if let Ok(mut r) = result.lock() {
            *r = Some(outcome);
        }
    });
}

fn futures_window(
    mut contexts: EguiContexts,
    mut w: ResMut<FuturesWindow>,
    scenario: Option<Res<LoadedScenario>>,
) -> Result {
    if !w.open {
        return Ok(());
    }
    let Some(scenario) = scenario else {
        return Ok(());
    };
    let data = scenario.0.clone();
    let ctx = contexts.ctx_mut()?;
    let result = w.result.lock().ok().and_then(|r| r.clone());
    if w.running && result.is_some() {
        w.running = false;
    }
    let name = |id: &Option<FigureId>| {
        id.as_ref()
            .map(FigureId::as_str)
            .map(|x| data.figure(x).map_or(x.to_string(), |f| f.name.clone()))
            .unwrap_or_else(|| "nobody".into())
    };
    let mut open = true;
    egui::Window::new("Two futures")
        .open(&mut open)
        .default_width(560.0)
        .default_pos([380.0, 90.0])
        .show(ctx, |ui| {
            ui.label("Fork the game as it stands into two timelines: A goes on with this game's seed, B with the next one. Both run to the scenario's end, every side played by the AI, while you play on.");
            let b = ui.add_enabled(!w.running, egui::Button::new("Fork here and run both"));
            if b.clicked() {
                w.asked = true;
            }
            if w.running {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Running both futures…");
                });
            }
            match &result {
                None => {}
                Some(Err(e)) => {
                    ui.colored_label(style::RED, e);
                }
                Some(Ok(c)) => {
                    ui.separator();
                    ui.strong(match c.parted {
                        Some(d) => format!("Forked on {}; the histories part on {}.", c.fork.long(), d.long()),
                        None => format!("Forked on {}; the timelines never part.", c.fork.long()),
                    });
                    ui.columns(2, |cols| {
                        for (col, label, lines, ruler, victors) in [
                            (0, "A", &c.first_a, &c.ruler.0, &c.victors.0),
                            (1, "B", &c.first_b, &c.ruler.1, &c.victors.1),
                        ] {
                            let ui = &mut cols[col];
                            ui.strong(format!("Timeline {label}: {} rules at the end", name(ruler)));
                            let sides: Vec<&str> = victors
                                .iter()
                                .filter_map(|v| data.side(v.as_str()))
                                .map(|s| s.name.as_str())
                                .collect();
                            ui.small(if sides.is_empty() {
                                "No side reaches its goal.".to_string()
                            } else {
                                format!("Goal reached: {}", sides.join(", "))
                            });
                            ui.label("First of its own:");
                            for l in lines {
                                ui.small(l);
                            }
                        }
                    });
                    if !c.divergence_by_month.0.is_empty() {
                        ui.strong("Distance from real history, month by month");
                        let series = |v: &[(crate::model::Date, f32)]| -> Vec<[f64; 2]> {
                            v.iter()
                                .map(|(d, x)| {
                                    [f64::from(d.year) + f64::from(d.month - 1) / 12.0, f64::from(*x)]
                                })
                                .collect()
                        };
                        egui_plot::Plot::new("futures_divergence")
                            .height(140.0)
                            .include_y(0.0)
                            .include_y(100.0)
                            .legend(egui_plot::Legend::default())
                            .allow_scroll(false)
                            .show(ui, |p| {
                                p.line(egui_plot::Line::new("A", series(&c.divergence_by_month.0)).color(style::RED));
                                p.line(egui_plot::Line::new("B", series(&c.divergence_by_month.1)).color(egui::Color32::BLACK));
                            });
                    }
                    if !c.fates.is_empty() {
                        ui.strong(format!("{} fates differ", c.fates.len()));
                        egui::ScrollArea::vertical().max_height(160.0).show(ui, |ui| {
                            egui::Grid::new("futures_fates").striped(true).show(ui, |ui| {
                                for (id, (x, y)) in &c.fates {
                                    ui.label(name(&Some(id.as_str().into())));
                                    ui.label(format!("A: {x}"));
                                    ui.label(format!("B: {y}"));
                                    ui.end_row();
                                }
                            });
                        });
                    }
                }
            }
        });
    if !open {
        w.open = false;
    }
    Ok(())
}
