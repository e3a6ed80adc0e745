//! The Odds window (O): runs a batch of histories of the scenario in play on background
//! threads, from its start with the next seeds, and draws what became of them: who
//! rules at the end, which sides win, how often each event happens. The interface keeps
//! running while it works.

use crate::gui::Screen;
use crate::gui::style;
use crate::scenario::ScenarioData;
use crate::sim::RunInfo;
use crate::sim::batch::{Odds, Share};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<OddsWindow>()
        .add_systems(
            Update,
            toggle
                .run_if(in_state(Screen::InGame))
                .run_if(crate::gui::focus::keys_free),
        )
        .add_systems(
            crate::gui::panels::perf::GameUi,
            odds_window.run_if(in_state(Screen::InGame)),
        );
}

/// How many histories one press of the button runs, unless the player asks for more or
/// fewer: a long scenario's histories take seconds each.
const RUNS: u64 = 200;

/// The counts the player can choose: a glance, a sketch, the odds, a long night.
const CHOICES: [u64; 5] = [5, 20, 100, 200, 1000];

#[derive(Resource)]
pub struct OddsWindow {
    pub open: bool,
    done: Arc<AtomicU64>,
    result: Arc<Mutex<Option<Odds>>>,
    running: bool,
    /// The histories the next press runs, and those of the batch under way.
    runs: u64,
    batch: u64,
}

impl Default for OddsWindow {
    fn default() -> Self {
        OddsWindow {
            open: false,
            done: Arc::default(),
            result: Arc::default(),
            running: false,
            runs: RUNS,
            batch: RUNS,
        }
    }
}

fn toggle(keys: crate::gui::keys::Keys, mut w: ResMut<OddsWindow>) {
    if keys.just_pressed(crate::gui::keys::Action::Odds) {
        w.open = !w.open;
    }
}

/// A bar per item, largest on top, each named on its own row: lying down, a bar's name
/// has the room a standing bar's narrow foot denies it.
fn bars(ui: &mut egui::Ui, id: &str, items: &[(String, f64)]) {
    let n = items.len();
    let chart: Vec<egui_plot::Bar> = items
        .iter()
        .enumerate()
        .map(|(i, (name, v))| {
            egui_plot::Bar::new((n - 1 - i) as f64, *v * 100.0)
                .name(name.clone())
                .width(0.7)
        })
        .collect();
    let names: Vec<String> = items.iter().map(|x| x.0.clone()).collect();
    egui_plot::Plot::new(id)
        .height((n as f32 * 30.0).max(90.0) + 30.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_y(false)
        .include_x(0.0)
        .include_x(100.0)
        .y_axis_formatter(move |m, _| {
            let i = m.value.round();
            if (m.value - i).abs() < 0.01 && i >= 0.0 && (i as usize) < n {
                names.get(n - 1 - i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_axis_label("% of histories")
        .show(ui, |p| {
            p.bar_chart(
                egui_plot::BarChart::new(id, chart)
                    .horizontal()
                    .color(style::RED),
            )
        });
}

/// The `n` largest shares, largest first, named through `name`.
fn top(
    map: &std::collections::BTreeMap<String, Share>,
    n: usize,
    name: impl Fn(&str) -> String,
) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = map.iter().map(|(k, s)| (name(k), s.share)).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

fn odds_window(
    mut contexts: EguiContexts,
    mut w: ResMut<OddsWindow>,
    scenario: Option<Res<LoadedScenario>>,
    info: Option<Res<RunInfo>>,
) -> Result {
    if !w.open {
        return Ok(());
    }
    let (Some(scenario), Some(info)) = (scenario, info) else {
        return Ok(());
    };
    let data = scenario.0.clone();
    let ctx = contexts.ctx_mut()?;
    let mut open = true;
    let done = w.done.load(Ordering::Relaxed);
    let finished = w.result.lock().map(|r| r.is_some()).unwrap_or(false);
    if w.running && finished {
        w.running = false;
    }
    egui::Window::new("The odds")
        .open(&mut open)
        .default_width(600.0)
        .default_pos([360.0, 80.0])
        .show(ctx, |ui| {
            let runs = if w.running { w.batch } else { w.runs };
            ui.label(format!(
                "{} histories of {} from its start, seeds {} to {}, every side played by the AI.",
                runs,
                data.scenario.name,
                info.seed + 1,
                info.seed + runs
            ));
            if w.running {
                ui.add(
                    egui::ProgressBar::new(done as f32 / runs as f32)
                        .text(format!("{done} of {runs}")),
                );
                ctx.request_repaint();
            } else {
                let mut start = false;
                ui.horizontal(|ui| {
                    ui.label("Histories:");
                    for n in CHOICES {
                        ui.selectable_value(&mut w.runs, n, n.to_string());
                    }
                    start = ui.button(format!("Run {} histories", w.runs)).clicked();
                });
                if start {
                    start_batch(&mut w, &data, info.seed + 1);
                }
            }
            let Ok(guard) = w.result.lock() else { return };
            let Some(odds) = guard.as_ref() else { return };
            let figure = |id: &str| data.figure(id).map_or(id.to_string(), |f| f.name.clone());
            ui.separator();
            egui::ScrollArea::vertical()
                .min_scrolled_height(640.0)
                .show(ui, |ui| {
            // The invasion first: where a run to it ends, it is the question of the run.
            if let Some(r) = &odds.reckoning {
                super::odds_front::front_section(ui, r);
                ui.separator();
            }
            ui.strong("Who rules at the end");
            bars(ui, "odds_ruler", &top(&odds.ruler, 6, figure));
            ui.strong("Which sides reach their goal");
            let sides: Vec<(String, f64)> = data
                .scenario
                .sides
                .iter()
                .map(|s| {
                    (
                        s.name.clone(),
                        odds.victors.get(&s.id).map_or(0.0, |x| x.share),
                    )
                })
                .collect();
            bars(ui, "odds_sides", &sides);
            ui.strong("How often the events happen");
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .show(ui, |ui| {
                    let mut ev: Vec<_> = odds.events.iter().collect();
                    ev.sort_by(|a, b| {
                        b.1.fired
                            .share
                            .total_cmp(&a.1.fired.share)
                            .then(a.0.cmp(b.0))
                    });
                    for (id, e) in ev {
                        let title = data
                            .common
                            .events
                            .iter()
                            .find(|x| &x.id == id)
                            .map_or(id.as_str(), |x| x.title.as_str());
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::ProgressBar::new(e.fired.share as f32)
                                    .desired_width(120.0)
                                    .text(format!("{:.0}%", e.fired.share * 100.0)),
                            );
                            ui.label(format!("{title} (median {})", e.median_date.long()));
                        });
                    }
                });
            ui.label(format!(
                "Median arrests {:.0}, executions {:.0}; a coup in {:.0}% of histories; at the end, a median {:.0}% away from real history.",
                odds.median_arrests,
                odds.median_executions,
                odds.coup.share * 100.0,
                odds.median_divergence
            ));
            });
        });
    if !open {
        w.open = false;
    }
    Ok(())
}

/// Runs `w.runs` histories from seed `first` on background threads, leaving a core to
/// the interface.
fn start_batch(w: &mut OddsWindow, data: &Arc<ScenarioData>, first: u64) {
    w.running = true;
    w.batch = w.runs;
    w.done.store(0, Ordering::Relaxed);
    if let Ok(mut r) = w.result.lock() {
        *r = None;
    }
    let (done, result) = (w.done.clone(), w.result.clone());
    let (data, runs) = (data.clone(), w.batch);
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    std::thread::spawn(move || {
        let until = data.scenario.end;
        let all = crate::sim::batch::run_many(&data, first, runs, until, jobs, &|n| {
            done.store(n, Ordering::Relaxed);
        });
        let watched = crate::sim::batch::main_figures(&data);
        let odds = crate::sim::batch::odds(&data, &all, first, until, &watched);
        if let Ok(mut r) = result.lock() {
            *r = Some(odds);
        }
    });
}
