//! Pop-ups for decisions and events that wait on the player: title, text, the figures
//! involved, one button per option with its effects in a tooltip. One at a time, with
//! the queue's length shown; the clock stops for the kinds the settings say.

use crate::gui::Screen;
use crate::gui::style;
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandQueue, SimCommand};
use crate::sim::politics::congress::PendingDecisions;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        crate::gui::panels::perf::GameUi,
        decision_popups.run_if(in_state(Screen::InGame)),
    );
}

/// The decisions put to the player and where his answers go.
#[derive(SystemParam)]
struct DecisionSources<'w> {
    info: Option<Res<'w, RunInfo>>,
    pending: Option<Res<'w, PendingDecisions>>,
    queue: Option<ResMut<'w, CommandQueue>>,
    calendar: Option<Res<'w, Calendar>>,
    settings: Option<Res<'w, crate::gui::panels::settings::Settings>>,
    watching: Option<Res<'w, crate::gui::Watching>>,
    agenda: Res<'w, crate::gui::panels::agenda::AgendaView>,
}

fn decision_popups(
    mut contexts: EguiContexts,
    mut time: ResMut<Time<Virtual>>,
    mut answered: Local<Vec<String>>,
    params: DecisionSources,
) -> Result {
    let DecisionSources {
        info,
        pending,
        queue,
        calendar,
        settings,
        watching,
        agenda,
    } = params;
    let (Some(info), Some(pending), Some(mut queue)) = (info, pending, queue) else {
        return Ok(());
    };
    // A replay answers its decisions itself, on the day they were answered.
    if watching.is_some() {
        return Ok(());
    }
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
    let Some(d) = waiting.first() else {
        return Ok(());
    };
    // A choice that is the player's to make stops the clock until it is made, unless
    // the settings let this kind of event wait while time runs.
    let pauses = settings
        .as_ref()
        .is_none_or(|s| s.pause_on_decision && !s.quiet_kinds.iter().any(|k| k == &d.kind));
    if pauses && !time.is_paused() {
        time.pause();
    }
    // Left of centre while the agenda holds the map's top right corner.
    let shift = if agenda.shown(true) { -160.0 } else { 0.0 };
    egui::Window::new(egui::RichText::new(&d.title).color(style::RED).strong())
        .id(egui::Id::new("decision_popup"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(shift, -80.0))
        .default_width(440.0)
        .show(ctx, |ui| {
            ui.set_max_width(440.0);
            if !d.kind.is_empty() || waiting.len() > 1 {
                ui.horizontal(|ui| {
                    if let Some(emblem) = crate::scenario::emblems::Emblem::of_event_kind(&d.kind) {
                        crate::gui::emblems::show(ui, emblem, 22.0);
                    }
                    if !d.kind.is_empty() {
                        ui.small(egui::RichText::new(d.kind.to_uppercase()).color(style::RED));
                    }
                    if waiting.len() > 1 {
                        ui.small(format!("· {} more waiting", waiting.len() - 1));
                    }
                });
            }
            if !d.figures.is_empty() {
                ui.label(egui::RichText::new(d.figures.join(", ")).italics());
            }
            ui.add_space(4.0);
            ui.label(&d.text);
            ui.add_space(8.0);
            for (i, (id, label)) in d.options.iter().enumerate() {
                let button = ui.add_sized(
                    [ui.available_width(), 26.0],
                    egui::Button::new(label).wrap(),
                );
                let button = match d.details.get(i) {
                    Some(t) => button.on_hover_text(t),
                    None => button,
                };
                if button.clicked() {
                    queue.push(
                        side.as_str(),
                        SimCommand::Decide {
                            decision: d.id.clone(),
                            option: id.clone(),
                        },
                    );
                    answered.push(d.id.clone());
                    time.unpause();
                }
            }
            if let (Some(deadline), Some(cal)) = (d.deadline, calendar.as_ref()) {
                let days = cal.date.days_until(deadline).max(0);
                ui.add_space(4.0);
                ui.small(format!(
                    "Unanswered in {}, the first option is taken.",
                    crate::gui::style::count(days, "day", "days")
                ));
            }
        });
    Ok(())
}
