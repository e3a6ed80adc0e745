//! A side broken: when nobody of the player's faction is left free to act, the player is
//! told so, once, and chooses to watch the rest of the run or to end it here.

use crate::gui::{Screen, style};
use crate::model::Date;
use crate::sim::RunInfo;
use crate::sim::politics::sides::SideFates;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<BrokenNotice>()
        .add_systems(OnEnter(Screen::InGame), |mut n: ResMut<BrokenNotice>| {
            *n = BrokenNotice::default()
        })
        .add_systems(
            crate::gui::panels::perf::GameUi,
            side_fate_ui.run_if(in_state(Screen::InGame)),
        );
}

/// The day of the break the player has already been told of.
#[derive(Resource, Default)]
pub struct BrokenNotice {
    told: Option<Date>,
}

fn side_fate_ui(
    mut contexts: EguiContexts,
    mut notice: ResMut<BrokenNotice>,
    fates: Option<Res<SideFates>>,
    info: Option<Res<RunInfo>>,
    scenario: Option<Res<LoadedScenario>>,
    mut time: ResMut<Time<Virtual>>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let (Some(fates), Some(info), Some(scenario)) = (fates, info, scenario) else {
        return Ok(());
    };
    let Some(side) = info.player_side.as_ref().map(|s| s.as_str()) else {
        return Ok(());
    };
    let Some(since) = fates.broken_since(side) else {
        return Ok(());
    };
    if notice.told == Some(since) {
        return Ok(());
    }
    if !time.is_paused() {
        time.pause();
    }
    let name = scenario
        .0
        .scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map_or(side, |s| s.name.as_str());
    let ctx = contexts.ctx_mut()?;
    egui::Modal::new(egui::Id::new("side_broken")).show(ctx, |ui| {
        ui.set_width(360.0);
        ui.heading(egui::RichText::new(format!("{name}: broken")).color(style::RED));
        ui.label(format!(
            "Since {}, none of your faction is free to act: they are dead, in the cells, \
             in the camps or abroad. Your side has nothing left to decide, unless one of \
             them is set free.",
            since.long()
        ));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Watch the rest of the run").clicked() {
                notice.told = Some(since);
            }
            if ui.button("End the run here").clicked() {
                notice.told = Some(since);
                next.set(Screen::GameOver);
            }
        });
    });
    Ok(())
}
