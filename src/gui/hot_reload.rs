//! Hot reload: with `--watch` (always in debug builds) the content files are polled
//! once a second while a game runs. A change that loads cleanly replaces the scenario's
//! definitions (names, colours, texts, Congress rules) from the next tick; a change
//! with errors keeps the old content and shows the diagnostics.

use crate::gui::{LaunchOptions, Screen, style};
use crate::sim::people::Figure;
use crate::sim::politics::factions::Faction;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Watch>()
        .add_systems(OnEnter(Screen::InGame), snapshot_files)
        .add_systems(Update, poll.run_if(in_state(Screen::InGame)))
        .add_systems(
            crate::gui::panels::perf::GameUi,
            show_problems.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Default)]
pub struct Watch {
    stamps: BTreeMap<PathBuf, SystemTime>,
    since_check: f32,
    /// Rendered diagnostics of the last failed reload.
    problems: Vec<String>,
    /// A short note of the last successful reload, shown for a few seconds.
    notice: Option<(String, f32)>,
}

pub fn enabled(opts: &LaunchOptions) -> bool {
    opts.0.watch || cfg!(debug_assertions)
}

fn content_files(mods: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: u32) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() && depth < 4 {
                walk(&p, out, depth + 1);
            } else if p.extension().is_some_and(|x| x == "ron") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&crate::scenario::scenarios_dir(), &mut out, 0);
    for m in crate::scenario::mods::default_mod_dirs().iter().chain(mods) {
        walk(m, &mut out, 0);
    }
    out.sort();
    out
}

fn stamps(mods: &[PathBuf]) -> BTreeMap<PathBuf, SystemTime> {
    content_files(mods)
        .into_iter()
        .filter_map(|p| {
            std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| (p, t))
        })
        .collect()
}

fn snapshot_files(mut watch: ResMut<Watch>, opts: Res<LaunchOptions>) {
    if enabled(&opts) {
        watch.stamps = stamps(&opts.0.mods);
        watch.problems.clear();
    }
}

fn poll(
    time: Res<Time<Real>>,
    opts: Res<LaunchOptions>,
    mut watch: ResMut<Watch>,
    loaded: Option<ResMut<LoadedScenario>>,
    mut figures: Query<&mut Figure>,
    mut factions: Query<&mut Faction>,
) {
    if !enabled(&opts) {
        return;
    }
    if let Some((_, left)) = &mut watch.notice {
        *left -= time.delta_secs();
        if *left <= 0.0 {
            watch.notice = None;
        }
    }
    watch.since_check += time.delta_secs();
    if watch.since_check < 1.0 {
        return;
    }
    watch.since_check = 0.0;
    let now = stamps(&opts.0.mods);
    if now == watch.stamps {
        return;
    }
    watch.stamps = now;
    let Some(mut loaded) = loaded else { return };
    let id = loaded.0.scenario.id.clone();
    match crate::scenario::load::load_scenario_with_mods(&id, &opts.0.mods) {
        Ok(data) => {
            for mut f in &mut figures {
                if let Some(def) = data.figure(f.id.as_str())
                    && def.name != f.name
                {
                    f.name = def.name.clone();
                }
            }
            for mut f in &mut factions {
                if let Some(def) = data.faction(f.id.as_str())
                    && (def.name != f.name || def.color != f.color)
                {
                    f.name = def.name.clone();
                    f.color = def.color;
                }
            }
            loaded.0 = std::sync::Arc::new(data);
            watch.problems.clear();
            watch.notice = Some(("Content reloaded".into(), 3.0));
            info!("hot reload: content reloaded");
        }
        Err(content) => {
            watch.problems = content
                .diagnostics
                .iter()
                .map(|d| content.sources.render(d))
                .collect();
            warn!(
                "hot reload: {} problem(s); keeping the old content",
                watch.problems.len()
            );
        }
    }
}

fn show_problems(mut contexts: EguiContexts, mut watch: ResMut<Watch>) -> Result {
    let ctx = contexts.ctx_mut()?;
    if let Some((text, _)) = &watch.notice {
        egui::Area::new(egui::Id::new("reload_notice"))
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 40.0))
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(text);
                });
            });
    }
    if watch.problems.is_empty() {
        return Ok(());
    }
    let mut open = true;
    egui::Window::new(
        egui::RichText::new("Content has errors: the old content stays").color(style::RED),
    )
    .open(&mut open)
    .default_width(640.0)
    .show(ctx, |ui| {
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for p in &watch.problems {
                    ui.monospace(p);
                }
            });
    });
    if !open {
        watch.problems.clear();
    }
    Ok(())
}
