//! The in-game panels and windows. The edge panels (top bar, outliner, the card on the
//! right, chronicle) are one system each, run in that order: each takes its edge of
//! what the ones before it left, and the map gets the rest.

pub(crate) mod agenda;
pub(crate) mod alerts;
mod army;
mod chronicle;
mod country;
pub(crate) mod decisions;
mod foreign;
pub(crate) mod futures;
pub(crate) mod help;
pub(crate) mod ledger;
pub(crate) mod moves;
pub(crate) mod odds;
mod odds_front;
mod outliner;
pub(crate) mod perf;
pub(crate) mod politics;
pub(crate) mod queued;
pub(crate) mod reports;
pub(crate) mod saves;
pub(crate) mod settings;
mod side_fate;
mod top_bar;

use crate::gui::{MapViewport, Screen, Watching, style};
use crate::scenario::schema::ScenarioData;
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandQueue, Side, SimCommand};
use crate::sim::intel::view::Viewer;
use crate::sim::politics::factions::Breakdown;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use std::sync::Arc;

pub(crate) use chronicle::ChronicleView;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        agenda::plugin,
        alerts::plugin,
        decisions::plugin,
        futures::plugin,
        help::plugin,
        ledger::plugin,
        odds::plugin,
        perf::plugin,
        reports::plugin,
        saves::plugin,
        settings::plugin,
        side_fate::plugin,
    ));
    app.init_resource::<MapViewport>()
        .init_resource::<PanelSpace>()
        .init_resource::<ChronicleView>()
        .add_systems(
            perf::GameUi,
            (
                open_space,
                top_bar::top_bar,
                outliner::outliner,
                crate::gui::cards::details,
                chronicle::chronicle,
                leave_map,
            )
                .chain()
                .run_if(in_state(Screen::InGame)),
        );
}

/// What the edge panels have left of the window this frame.
#[derive(Resource)]
pub struct PanelSpace(egui::Rect);

impl Default for PanelSpace {
    fn default() -> Self {
        Self(egui::Rect::NOTHING)
    }
}

/// A frame's panels start from the whole window.
fn open_space(mut contexts: EguiContexts, mut space: ResMut<PanelSpace>) -> Result {
    space.0 = contexts.ctx_mut()?.viewport_rect();
    Ok(())
}

/// What no panel took is the map's.
fn leave_map(space: Res<PanelSpace>, mut viewport: ResMut<MapViewport>) {
    if viewport.0 != Some(space.0) {
        viewport.0 = Some(space.0);
    }
}

/// A root over what is left of the window, for one edge panel to take its edge of.
pub fn panel_root(ctx: &egui::Context, space: &PanelSpace, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(space.0),
    )
}

/// Keeps what an edge panel left for the panels after it.
pub fn leave_rest(space: &mut PanelSpace, root: &egui::Ui) {
    space.0 = root.available_rect_before_wrap();
}

/// The run the panels show; every part is absent between runs.
#[derive(SystemParam)]
pub struct RunView<'w> {
    pub calendar: Option<Res<'w, Calendar>>,
    pub info: Option<Res<'w, RunInfo>>,
    pub scenario: Option<Res<'w, LoadedScenario>>,
    pub watching: Option<Res<'w, Watching>>,
}

impl RunView<'_> {
    /// The calendar, the run and its content, while a run is on.
    pub fn get(&self) -> Option<(&Calendar, &RunInfo, &Arc<ScenarioData>)> {
        Some((
            self.calendar.as_deref()?,
            self.info.as_deref()?,
            &self.scenario.as_deref()?.0,
        ))
    }

    /// Who looks: the player's side, through its fog; everything for the observer and
    /// a replay.
    pub fn viewer(&self) -> Viewer {
        match (self.get(), &self.watching) {
            (Some((_, info, data)), None) => {
                Viewer::of(info.player_side.as_ref().map(|s| s.as_str()), data)
            }
            _ => Viewer::All,
        }
    }

    /// The faction of the side the player plays; none for an observer.
    pub fn player_faction(&self) -> Option<String> {
        let (_, info, data) = self.get()?;
        let side = info.player_side.as_ref()?;
        data.scenario
            .sides
            .iter()
            .find(|x| &x.id == side)
            .map(|s| s.faction.to_string())
    }
}

/// The player's orders: they go to the rules' queue under his side; while a replay is
/// watched its recorded orders play out and none is taken.
#[derive(SystemParam)]
pub struct Orders<'w> {
    queue: Option<ResMut<'w, CommandQueue>>,
    info: Option<Res<'w, RunInfo>>,
    watching: Option<Res<'w, Watching>>,
}

impl Orders<'_> {
    /// The side the player plays; none for an observer.
    pub fn side(&self) -> Option<&str> {
        self.info.as_ref()?.player_side.as_ref().map(|s| s.as_str())
    }

    /// Queues an order for the next tick; the same order given twice waits once.
    pub fn give(&mut self, command: SimCommand) {
        if self.watching.is_some() {
            return;
        }
        let side = self.side().map(Side::from);
        if let (Some(q), Some(side)) = (self.queue.as_mut(), side)
            && !q.is_pending(&side, &command)
        {
            q.push(side, command);
        }
    }

    /// The player's orders waiting for the next tick, in the order given.
    pub fn queued(&self) -> Vec<SimCommand> {
        let (Some(q), Some(side)) = (self.queue.as_ref(), self.side()) else {
            return Vec::new();
        };
        q.pending
            .iter()
            .filter(|(s, _)| s == side)
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// Takes back a queued order before the rules see it.
    pub fn withdraw(&mut self, command: &SimCommand) {
        let side = self.side().map(Side::from);
        if let (Some(q), Some(side)) = (self.queue.as_mut(), side) {
            q.withdraw(&side, command);
        }
    }
}

/// A number with a tooltip listing what adds to it and what subtracts.
pub fn breakdown_tooltip(ui: &mut egui::Ui, b: &Breakdown) {
    breakdown_grid(ui, b, 1.0, "");
}

/// A chance (0..=1) and what makes it, in percentage points.
pub fn chance_breakdown(ui: &mut egui::Ui, b: &Breakdown) {
    breakdown_grid(ui, b, 100.0, "%");
}

fn breakdown_grid(ui: &mut egui::Ui, b: &Breakdown, scale: f32, unit: &str) {
    // Whole points for a chance, tenths for a sum: what is too small to show says so
    // rather than "-0.0".
    let decimals: usize = if unit.is_empty() { 1 } else { 0 };
    let least = if decimals == 0 { 1.0 } else { 0.1 };
    let shown = |v: f32| {
        if (v * scale).abs() < least / 2.0 {
            let sign = if v >= 0.0 { "+" } else { "−" };
            format!("{sign} under {least}{unit}")
        } else {
            format!("{:+.*}{unit}", decimals, v * scale)
        }
    };
    egui::Grid::new(ui.next_auto_id())
        .num_columns(2)
        .show(ui, |ui| {
            for (what, v) in &b.parts {
                ui.label(what);
                let color = if *v >= 0.0 {
                    egui::Color32::from_rgb(30, 100, 40)
                } else {
                    style::RED
                };
                ui.colored_label(color, shown(*v));
                ui.end_row();
            }
            let sum: f32 = b.parts.iter().map(|(_, v)| v).sum();
            // A total held within its bounds is not the sum of its parts: say so.
            ui.strong(if (sum - b.total).abs() > 1e-4 {
                "Total, held within its bounds"
            } else {
                "Total"
            });
            ui.strong(format!("{:.*}{unit}", decimals, b.total * scale));
            ui.end_row();
        });
}

/// The arithmetic behind a tooltip's sentence, one level down: a line in the tooltip
/// that opens it when hovered. It senses clicks so the tooltip stays open as the
/// pointer moves onto it (egui keeps a tooltip with something to interact with).
pub fn how_reckoned(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    ui.add(
        egui::Label::new(egui::RichText::new("How this is reckoned ›").italics())
            .sense(egui::Sense::click()),
    )
    .on_hover_ui(add);
}

/// A refusal of the rules as a tooltip's sentence: the ids it quotes (`kirov`,
/// `party.politburo`) become the names a player knows, and it starts with a capital.
pub fn refusal_sentence(data: &ScenarioData, reason: &str) -> String {
    let mut out = String::new();
    for (i, part) in reason.split('`').enumerate() {
        // The odd parts are the quoted ids.
        if i % 2 == 1 {
            let name = data
                .figure(part)
                .map(|f| f.name.as_str())
                .or_else(|| data.office(part).map(|o| o.name.as_str()));
            out.push_str(name.unwrap_or(part));
        } else {
            out.push_str(part);
        }
    }
    let mut chars = out.chars();
    chars.next().map_or_else(String::new, |c| {
        format!("{}{}.", c.to_uppercase(), chars.as_str())
    })
}
