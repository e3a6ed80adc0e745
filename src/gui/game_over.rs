//! The end of a run: who rules, what became of everyone, back to the menu.

use super::{Screen, style};
use crate::scenario::spawn::LoadedScenario;
use crate::sim::calendar::Calendar;
use crate::sim::factions::{Faction, FactionPower, LeaderHold};
use crate::sim::people::{Figure, Standing};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        game_over_ui.run_if(in_state(Screen::GameOver)),
    );
}

fn game_over_ui(
    mut contexts: EguiContexts,
    mut next: ResMut<NextState<Screen>>,
    scenario: Option<Res<LoadedScenario>>,
    cal: Option<Res<Calendar>>,
    hold: Option<Res<LeaderHold>>,
    factions: Query<(&Faction, &FactionPower)>,
    figures: Query<(&Figure, &Standing)>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "over_root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(style::PAPER).inner_margin(40.0))
        .show(&mut root, |ui| {
            ui.label(
                egui::RichText::new("The end of the run")
                    .size(32.0)
                    .color(style::RED),
            );
            if let (Some(s), Some(cal)) = (&scenario, &cal) {
                ui.label(format!("{} — {}", s.0.scenario.name, cal.date.long()));
            }
            if let Some(h) = &hold {
                ui.label(format!("The leader's hold on power: {:.0}", h.value.total));
            }
            let mut fs: Vec<_> = factions.iter().collect();
            fs.sort_by(|a, b| b.1.0.total.total_cmp(&a.1.0.total));
            if let Some((f, _)) = fs.first() {
                ui.heading(format!("In power: {}", f.name));
            }
            ui.separator();
            let mut fallen: Vec<_> = figures
                .iter()
                .filter(|(_, s)| !s.status.can_act())
                .collect();
            fallen.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            ui.label(format!("{} figures no longer free or alive.", fallen.len()));
            for (f, s) in fallen {
                ui.label(format!("{}: {}", f.name, s.status.label()));
            }
            ui.add_space(20.0);
            if ui
                .button(egui::RichText::new("Back to the menu").size(18.0))
                .clicked()
            {
                next.set(Screen::Menu);
            }
        });
    Ok(())
}
