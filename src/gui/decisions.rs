//! Pop-ups for decisions that wait on the player: the game pauses until they answer.

use super::Screen;
use super::style;
use crate::sim::RunInfo;
use crate::sim::commands::{CommandQueue, SimCommand};
use crate::sim::congress::PendingDecisions;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        decision_popups.run_if(in_state(Screen::InGame)),
    );
}

fn decision_popups(
    mut contexts: EguiContexts,
    info: Option<Res<RunInfo>>,
    pending: Option<Res<PendingDecisions>>,
    queue: Option<ResMut<CommandQueue>>,
    mut time: ResMut<Time<Virtual>>,
    mut answered: Local<Vec<String>>,
    settings: Option<Res<super::settings::Settings>>,
) -> Result {
    let pause_setting = settings.is_none_or(|s| s.pause_on_decision);
    let (Some(info), Some(pending), Some(mut queue)) = (info, pending, queue) else {
        return Ok(());
    };
    let Some(side) = info.player_side.clone() else {
        return Ok(());
    };
    answered.retain(|id| pending.items.iter().any(|d| &d.id == id));
    let ctx = contexts.ctx_mut()?;
    let waiting: Vec<_> = pending
        .items
        .iter()
        .filter(|d| d.side == side && !answered.contains(&d.id))
        .collect();
    for d in waiting {
        // A choice that is the player's to make stops the clock until it is made.
        if pause_setting && !time.is_paused() {
            time.pause();
        }
        egui::Window::new(egui::RichText::new(&d.title).color(style::RED).strong())
            .id(egui::Id::new(("decision", &d.id)))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, -80.0))
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.label(&d.text);
                ui.add_space(8.0);
                for (id, label) in &d.options {
                    if ui.button(label).clicked() {
                        queue.push(
                            side.clone(),
                            SimCommand::Decide {
                                decision: d.id.clone(),
                                option: id.clone(),
                            },
                        );
                        answered.push(d.id.clone());
                        time.unpause();
                    }
                }
            });
    }
    Ok(())
}
