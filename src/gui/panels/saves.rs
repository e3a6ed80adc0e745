//! Quick save (F5) and quick load (F9), and an autosave every month with the last
//! three kept. Saves go to the platform's data folder.

use crate::gui::{LaunchOptions, Screen};
use crate::save;
use crate::sim::calendar::Calendar;
use crate::sim::clock::GameClock;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Toast>()
        .add_systems(
            Update,
            (quick_keys, autosave).run_if(in_state(Screen::InGame)),
        )
        .add_systems(crate::gui::panels::perf::GameUi, show_toast);
}

/// A short message at the top of the screen.
#[derive(Resource, Default)]
pub struct Toast(pub Option<(String, f32)>);

pub fn quick_path() -> std::path::PathBuf {
    save::saves_dir().join("quick.save")
}

fn quick_keys(world: &mut World) {
    let (f5, f9) = {
        // Not while typing, nor under the game menu.
        let typing = !crate::gui::focus::keys_are_free(
            world.resource::<crate::gui::focus::Typing>(),
            world.get_resource::<State<crate::gui::focus::Play>>(),
        );
        let keys = world.resource::<ButtonInput<KeyCode>>();
        let bound = world
            .get_resource::<crate::gui::panels::settings::Settings>()
            .map(|s| s.keys.clone())
            .unwrap_or_default();
        use crate::gui::keys::Action;
        (
            !typing && keys.any_just_pressed(bound.keys(Action::QuickSave)),
            !typing && keys.any_just_pressed(bound.keys(Action::QuickLoad)),
        )
    };
    if f5 {
        let s = save::capture(world);
        let msg = match save::write(&quick_path(), &s) {
            Ok(()) => format!(
                "Saved: {}, in {}",
                s.header.date.long(),
                quick_path().display()
            ),
            Err(e) => format!("The save failed: {e}"),
        };
        world.resource_mut::<Toast>().0 = Some((msg, 4.0));
    }
    if f9 {
        let mods = world.resource::<LaunchOptions>().0.mods.clone();
        let result = save::read(&quick_path()).and_then(|s| {
            let data = crate::scenario::load::load_scenario_with_mods(&s.header.scenario, &mods)
                .map_err(|_| {
                    format!(
                        "scenario `{}` of the save cannot be loaded",
                        s.header.scenario
                    )
                })?;
            save::load(world, &data, &s).map(|_| s.header.date)
        });
        let msg = match result {
            Ok(date) => {
                world.resource_mut::<GameClock>().running = true;
                if let Some(mut view) =
                    world.get_resource_mut::<crate::gui::panels::ChronicleView>()
                {
                    view.forget_news();
                }
                format!("Loaded: {}", date.long())
            }
            Err(e) => format!("Nothing loaded: {e}"),
        };
        world.resource_mut::<Toast>().0 = Some((msg, 4.0));
    }
}

/// On the first of each month, write autosave-1..3 in turn.
fn autosave(
    cal: Option<Res<Calendar>>,
    mut last: Local<Option<(i32, u8)>>,
    mut commands: Commands,
    launch: Res<LaunchOptions>,
) {
    let Some(cal) = cal else { return };
    // The window test plays on its own: it must not overwrite a player's autosaves.
    if launch.0.window_test.is_some() {
        return;
    }
    if cal.date.day != 1 || *last == Some((cal.date.year, cal.date.month)) {
        return;
    }
    *last = Some((cal.date.year, cal.date.month));
    let slot = (cal.date.month as usize % 3) + 1;
    commands.queue(move |world: &mut World| {
        let s = save::capture(world);
        if let Err(e) = save::write(&save::saves_dir().join(format!("autosave-{slot}.save")), &s) {
            warn!("autosave failed: {e}");
        }
    });
}

fn show_toast(
    mut contexts: EguiContexts,
    mut toast: ResMut<Toast>,
    time: Res<Time<Real>>,
) -> Result {
    let Some((text, left)) = &mut toast.0 else {
        return Ok(());
    };
    // A long frame (the save itself, a slow renderer) counts as a short one, so the
    // message is on screen for some frames and not gone before it was drawn.
    *left -= time.delta_secs().min(0.25);
    let (text, left) = (text.clone(), *left);
    if left <= 0.0 {
        toast.0 = None;
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("toast"))
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            // It fades out over its last second.
            ui.set_opacity(left.min(1.0));
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(text);
            });
        });
    Ok(())
}
