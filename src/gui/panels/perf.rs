//! Where a frame's CPU time goes. The map's systems and the egui panels run in
//! schedules of their own, each run (and timed) by one exclusive system, so their cost
//! is measured exactly (in the main thread's CPU time)
//! rather than guessed from the frame time. F3 shows the medians;
//! the window test logs them.

use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use std::collections::VecDeque;

/// This thread's CPU time in ms: what the work cost, not counting the moments another
/// thread (the software renderer, say) had the core.
#[cfg(unix)]
fn cpu_ms() -> f32 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f32 * 1000.0 + t.tv_nsec as f32 / 1.0e6
}

/// Elsewhere, wall time since the first call.
#[cfg(not(unix))]
fn cpu_ms() -> f32 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f32()
        * 1000.0
}

/// The map's per-frame systems: camera, labels, picking, map-mode colours.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MapUpdate;

/// What the map draws with egui: unit counters, the hover tooltip, the mode bar.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MapUi;

/// Every other egui panel and window of the game.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct GameUi;

/// Frames kept for the medians: ten seconds at 60 frames a second.
const WINDOW: usize = 600;

#[derive(Resource, Default)]
pub struct FramePerf {
    pub frame_ms: VecDeque<f32>,
    pub map_ms: VecDeque<f32>,
    pub ui_ms: VecDeque<f32>,
    /// This frame's map time so far (its two schedules run at different points).
    map_this_frame: f32,
    pub overlay: bool,
}

fn push(v: &mut VecDeque<f32>, x: f32) {
    if v.len() == WINDOW {
        v.pop_front();
    }
    v.push_back(x);
}

/// The median of a window, in ms; 0 when empty.
pub fn median(v: &VecDeque<f32>) -> f32 {
    quantile(v, 0.5)
}

/// The value below which a share `q` of the window lies, in ms; 0 when empty.
pub fn quantile(v: &VecDeque<f32>, q: f32) -> f32 {
    let mut s: Vec<f32> = v.iter().copied().collect();
    if s.is_empty() {
        return 0.0;
    }
    s.sort_by(f32::total_cmp);
    s[((s.len() - 1) as f32 * q).round() as usize]
}

impl FramePerf {
    pub fn clear(&mut self) {
        self.frame_ms.clear();
        self.map_ms.clear();
        self.ui_ms.clear();
    }

    pub fn line(&self) -> String {
        let both: VecDeque<f32> = self
            .map_ms
            .iter()
            .zip(&self.ui_ms)
            .map(|(a, b)| a + b)
            .collect();
        format!(
            "median over {} frames: frame {:.2} ms, map systems {:.3} ms, egui panels {:.3} ms; 95th percentile of map and panels together {:.3} ms",
            self.frame_ms.len(),
            median(&self.frame_ms),
            median(&self.map_ms),
            median(&self.ui_ms),
            quantile(&both, 0.95)
        )
    }
}

pub(crate) fn plugin(app: &mut App) {
    for label in [MapUpdate.intern(), MapUi.intern(), GameUi.intern()] {
        // The systems inside share the egui context or the camera: they would run one
        // at a time anyway, and one thread makes the timing exact. Edited, not added:
        // plugins added before this one may already have put systems in them.
        app.edit_schedule(label, |s| {
            s.set_executor(SingleThreadedExecutor::new());
        });
    }
    app.init_resource::<FramePerf>()
        .add_systems(Update, run_map_update)
        .add_systems(EguiPrimaryContextPass, (run_ui, overlay).chain())
        .add_systems(Last, end_frame);
}

fn run_map_update(world: &mut World) {
    let t = cpu_ms();
    world.run_schedule(MapUpdate);
    world.resource_mut::<FramePerf>().map_this_frame = cpu_ms() - t;
}

fn run_ui(world: &mut World) {
    // The panels first: the map's overlays are drawn inside the room they leave.
    let t = cpu_ms();
    world.run_schedule(GameUi);
    let ui = cpu_ms() - t;
    let t = cpu_ms();
    world.run_schedule(MapUi);
    let map = cpu_ms() - t;
    let mut perf = world.resource_mut::<FramePerf>();
    perf.map_this_frame += map;
    let m = perf.map_this_frame;
    push(&mut perf.map_ms, m);
    push(&mut perf.ui_ms, ui);
}

fn end_frame(time: Res<Time<Real>>, mut perf: ResMut<FramePerf>, keys: crate::gui::keys::Keys) {
    let dt = time.delta_secs() * 1000.0;
    push(&mut perf.frame_ms, dt);
    perf.map_this_frame = 0.0;
    if keys.just_pressed(crate::gui::keys::Action::Timings) {
        perf.overlay = !perf.overlay;
    }
}

fn overlay(mut contexts: EguiContexts, perf: Res<FramePerf>) -> Result {
    if !perf.overlay {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("perf_overlay"))
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-8.0, -8.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.small(format!("frame {:.2} ms", median(&perf.frame_ms)));
                ui.small(format!("map {:.3} ms", median(&perf.map_ms)));
                ui.small(format!("panels {:.3} ms", median(&perf.ui_ms)));
            });
        });
    Ok(())
}
