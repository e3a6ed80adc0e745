//! The window test: starts the default scenario, saves screenshots of the menu, the
//! game and the Moscow view, then exits. Run by scripts/window-test under Xvfb.

use super::map::MapCamera;
use super::{LaunchOptions, PendingStart, Screen};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<ShotChecks>()
        .add_systems(Update, script);
}

/// What each captured screenshot looked like: its name and how many distinct colours
/// a sample of its pixels has (one means a flat, failed render).
#[derive(Resource, Default)]
struct ShotChecks(Vec<(String, usize)>);

fn distinct_colours(image: &Image) -> usize {
    let Some(data) = image.data.as_ref() else {
        return 0;
    };
    let mut seen = std::collections::BTreeSet::new();
    for px in data.chunks_exact(4).step_by(97) {
        seen.insert([px[0], px[1], px[2]]);
        if seen.len() > 64 {
            break;
        }
    }
    seen.len()
}

/// Frame numbers of each step; software rendering is slow, so leave room between them.
const MENU_SHOT: u32 = 30;
const START: u32 = 40;
const GAME_SHOT: u32 = 110;
const MOSCOW: u32 = 120;
const MOSCOW_SHOT: u32 = 160;
const EXIT: u32 = 220;

#[allow(clippy::too_many_arguments)]
fn script(
    mut frame: Local<u32>,
    mut commands: Commands,
    opts: Res<LaunchOptions>,
    mut next: ResMut<NextState<Screen>>,
    map: Option<Res<super::map::MapAsset>>,
    mut cam: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
    mut exit: MessageWriter<AppExit>,
    checks: Res<ShotChecks>,
) {
    *frame += 1;
    let Some(dir) = opts.0.window_test.clone() else {
        return;
    };
    let shot = |commands: &mut Commands, name: &str| {
        let path = dir.join(name);
        info!("window test: screenshot {}", path.display());
        let owned = name.to_string();
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path))
            .observe(
                move |ev: On<ScreenshotCaptured>, mut checks: ResMut<ShotChecks>| {
                    checks.0.push((owned.clone(), distinct_colours(&ev.image)));
                },
            );
    };
    match *frame {
        MENU_SHOT => shot(&mut commands, "menu.png"),
        START => {
            let id = opts
                .0
                .scenario
                .clone()
                .unwrap_or_else(|| "congress_1934".into());
            match crate::scenario::load::load_scenario_with_mods(&id, &opts.0.mods) {
                Ok(data) => {
                    commands.insert_resource(PendingStart {
                        data,
                        seed: opts.0.seed.unwrap_or(1),
                        side: opts.0.side.clone(),
                    });
                    next.set(Screen::InGame);
                }
                Err(content) => {
                    for d in &content.diagnostics {
                        error!("{}", content.sources.render(d));
                    }
                    exit.write(AppExit::error());
                }
            }
        }
        GAME_SHOT => shot(&mut commands, "game.png"),
        MOSCOW => {
            let kremlin = map
                .as_ref()
                .and_then(|m| m.0.as_ref().ok())
                .and_then(|m| m.sites.iter().find(|s| s.id == "kremlin"))
                .map(|s| Vec2::from(s.pos));
            if let (Some(k), Ok((mut t, mut p))) = (kremlin, cam.single_mut()) {
                t.translation = k.extend(t.translation.z) + Vec3::new(-3.0, 1.0, 0.0);
                if let Projection::Orthographic(o) = &mut *p {
                    o.scale = 0.02;
                }
            }
        }
        MOSCOW_SHOT => shot(&mut commands, "moscow.png"),
        EXIT => {
            let expected = ["menu.png", "game.png", "moscow.png"];
            let mut ok = true;
            for name in expected {
                match checks.0.iter().find(|(n, _)| n == name) {
                    None => {
                        error!("window test: {name} was never captured");
                        ok = false;
                    }
                    Some((_, colours)) if *colours < 2 => {
                        error!("window test: {name} is one flat colour");
                        ok = false;
                    }
                    Some((_, colours)) => {
                        info!("window test: {name} has {colours}+ distinct colours")
                    }
                }
            }
            exit.write(if ok {
                AppExit::Success
            } else {
                AppExit::error()
            });
        }
        _ => {}
    }
}
