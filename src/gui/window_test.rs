//! The window test: starts the default scenario, saves screenshots of the menu, the
//! game and the Moscow view, then exits. Run by scripts/window-test under Xvfb.

use crate::gui::map::MapCamera;
use crate::gui::{LaunchOptions, PendingStart, Screen};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<ShotChecks>()
        .add_plugins(crate::gui::window_test_input::plugin)
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
const POLITBURO: u32 = 115;
const POLITBURO_SHOT: u32 = 130;
const BATTLE: u32 = 135;
const BATTLE_SHOT: u32 = 150;
const CLOSE_REPORT: u32 = 153;
const LEDGER_SHOT: u32 = 168;
const MOSCOW: u32 = 172;
const MOSCOW_SHOT: u32 = 205;
/// The input checks run from here (see window_test_input.rs).
const EVENT: u32 = 215 + SHIFT;
const EVENT_SHOT: u32 = 245 + SHIFT;
const LATE: u32 = 250 + SHIFT;
const LATE_MEASURE: u32 = 262 + SHIFT;
const LATE_SHOT: u32 = 330 + SHIFT;
const COUNTRY: u32 = 333 + SHIFT;
const COUNTRY_SHOT: u32 = 345 + SHIFT;
const ARMY: u32 = 348 + SHIFT;
const ARMY_SHOT: u32 = 360 + SHIFT;
const GAME_OVER: u32 = 365 + SHIFT;
const GAME_OVER_SHOT: u32 = 390 + SHIFT;
const EXIT: u32 = 425 + SHIFT;
/// The frames after the Moscow view are moved on past the input checks.
const SHIFT: u32 = crate::gui::window_test_input::INPUT_FRAMES + 5;
/// How far the late-game state lies beyond the start.
const LATE_DAYS: i64 = 1000;
/// Every screenshot the test must produce.
pub const SHOTS: [&str; 11] = [
    "menu.png",
    "game-menu.png",
    "game.png",
    "politburo.png",
    "battle.png",
    "moscow.png",
    "event.png",
    "late.png",
    "country.png",
    "army.png",
    "end.png",
];

/// The panels' state the script sets to open what it photographs.
#[derive(SystemParam)]
struct ScriptUi<'w> {
    selection: ResMut<'w, crate::gui::Selection>,
    report_open: ResMut<'w, crate::gui::panels::reports::OpenReport>,
    battles: Option<ResMut<'w, crate::sim::forces::staging::Battles>>,
    under_way: Option<ResMut<'w, crate::sim::forces::under_way::BattlesUnderWay>>,
    time: ResMut<'w, Time<Virtual>>,
    live: ResMut<'w, crate::gui::panels::reports::LiveReport>,
    cal: Option<ResMut<'w, crate::sim::calendar::Calendar>>,
    ledger: ResMut<'w, crate::gui::panels::ledger::Ledger>,
    perf: ResMut<'w, crate::gui::panels::perf::FramePerf>,
    /// What the script needs to put an event before the player.
    info: Option<ResMut<'w, crate::sim::RunInfo>>,
    pending: Option<ResMut<'w, crate::sim::politics::congress::PendingDecisions>>,
    scenario: Option<Res<'w, crate::sim::spawn::LoadedScenario>>,
}

/// What the script drives and checks besides the panels.
#[derive(SystemParam)]
struct ScriptRun<'w, 's> {
    opts: Res<'w, LaunchOptions>,
    next: ResMut<'w, NextState<Screen>>,
    map: Option<Res<'w, crate::gui::map::MapAsset>>,
    cam: Query<'w, 's, (&'static mut Transform, &'static mut Projection), With<MapCamera>>,
    exit: MessageWriter<'w, AppExit>,
    checks: Res<'w, ShotChecks>,
    input: Res<'w, crate::gui::window_test_input::InputChecks>,
}

/// Takes a screenshot into the test's folder and records how it looked.
pub(crate) fn shot(commands: &mut Commands, dir: &std::path::Path, name: &str) {
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
}

/// The institution of the scenario's council (its first office's), whose card the test
/// photographs.
fn council_of(data: &crate::scenario::ScenarioData) -> Option<String> {
    let office = data.scenario.council.first()?;
    Some(office.institution().to_string())
}

fn script(mut frame: Local<u32>, mut commands: Commands, run: ScriptRun, mut ui: ScriptUi) {
    let ScriptRun {
        opts,
        mut next,
        map,
        mut cam,
        mut exit,
        checks,
        input,
    } = run;
    *frame += 1;
    let Some(dir) = opts.0.window_test.clone() else {
        return;
    };
    let shot = |commands: &mut Commands, name: &str| shot(commands, &dir, name);
    match *frame {
        MENU_SHOT => shot(&mut commands, "menu.png"),
        START => {
            let id = opts
                .0
                .scenario
                .clone()
                .or_else(|| {
                    // The first scenario in file order, as the menu defaults to.
                    let content = crate::scenario::load::load_game_content(&opts.0.mods);
                    content.scenarios.first().map(|(_, s)| s.id.clone())
                })
                .unwrap_or_default();
            match crate::scenario::load::load_scenario_with_mods(&id, &opts.0.mods) {
                Ok(data) => {
                    commands.insert_resource(PendingStart {
                        data,
                        seed: opts.0.seed.unwrap_or(1),
                        side: opts.0.side.clone().map(Into::into),
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
        GAME_SHOT => {
            shot(&mut commands, "game.png");
            info!(
                "window test: early game, default panels: {}",
                ui.perf.line()
            );
        }
        POLITBURO => {
            if let Some(id) = ui.scenario.as_ref().and_then(|d| council_of(&d.0)) {
                *ui.selection = crate::gui::Selection::Institution(id);
            }
        }
        POLITBURO_SHOT => shot(&mut commands, "politburo.png"),
        BATTLE => battle_under_way(&mut ui),
        BATTLE_SHOT => shot(&mut commands, "battle.png"),
        CLOSE_REPORT => {
            battle_ended(&mut ui);
            ui.report_open.0 = None;
            ui.ledger.open = true;
        }
        LEDGER_SHOT => shot(&mut commands, "ledger.png"),
        MOSCOW => {
            ui.ledger.open = false;
            // The close zoom band, measured on its own: cities, railways and sites drawn.
            ui.perf.clear();
            // The leader's residence, among the sites around the Kremlin.
            if let Some(site) = ui
                .scenario
                .as_ref()
                .and_then(|d| d.0.scenario.coup_site.clone())
            {
                *ui.selection = crate::gui::Selection::Site(site);
            }
            let kremlin = map
                .as_ref()
                .and_then(|m| m.0.as_ref().ok())
                .and_then(|m| m.inset_centre_pos())
                .map(Vec2::from);
            if let (Some(k), Ok((mut t, mut p))) = (kremlin, cam.single_mut()) {
                t.translation = k.extend(t.translation.z) + Vec3::new(-3.0, 1.0, 0.0);
                if let Projection::Orthographic(o) = &mut *p {
                    o.scale = 0.02;
                }
            }
        }
        MOSCOW_SHOT => {
            shot(&mut commands, "moscow.png");
            info!("window test: Moscow view, close zoom: {}", ui.perf.line());
        }
        EVENT => {
            // The first event of the scenario that a side decides, put to that side as
            // if the player had taken it.
            if let (Some(info), Some(pending), Some(data), Some(cal)) = (
                ui.info.as_mut(),
                ui.pending.as_mut(),
                ui.scenario.as_ref(),
                ui.cal.as_ref(),
            ) && let Some(ev) = data.0.common.events.iter().find(|e| {
                e.side.is_some() && (e.scenarios.is_empty() || e.scenarios.contains(&info.scenario))
            }) {
                info.player_side = ev.side.clone();
                let d = crate::sim::events::decision_for(&data.0, ev, cal.date);
                pending.items.push(d);
            }
        }
        EVENT_SHOT => shot(&mut commands, "event.png"),
        LATE => {
            // A late-game state with every panel open: years of chronicle, purges and
            // battles, the Politburo card, the ledger and a battle report.
            if let Some(cal) = ui.cal.as_ref() {
                let until = cal.date.add_days(LATE_DAYS);
                commands.queue(move |world: &mut World| crate::sim::advance_until(world, until));
            }
            if let Some(id) = ui.scenario.as_ref().and_then(|d| council_of(&d.0)) {
                *ui.selection = crate::gui::Selection::Institution(id);
            }
            ui.ledger.open = std::env::var("COV_PERF_NO_LEDGER").is_err();
            // The history charts: the heaviest tab to draw.
            ui.ledger.tab = crate::gui::panels::ledger::Tab::History;
            ui.report_open.0 = ui.battles.as_ref().and_then(|b| b.0.len().checked_sub(1));
        }
        LATE_MEASURE => ui.perf.clear(),
        LATE_SHOT => {
            shot(&mut commands, "late.png");
            info!(
                "window test: late game, every panel open: {}",
                ui.perf.line()
            );
        }
        COUNTRY => {
            // The ledger's Country tab alone: the country's charts years into the run.
            *ui.selection = crate::gui::Selection::None;
            ui.report_open.0 = None;
            ui.ledger.open = true;
            ui.ledger.tab = crate::gui::panels::ledger::Tab::Country;
        }
        COUNTRY_SHOT => shot(&mut commands, "country.png"),
        // The Army and world tab: the campaign if the invasion came that month.
        ARMY => ui.ledger.tab = crate::gui::panels::ledger::Tab::Army,
        ARMY_SHOT => shot(&mut commands, "army.png"),
        GAME_OVER => {
            // The run played out to its end, so that the end screen has the reckoning.
            commands.queue(|world: &mut World| {
                let end = world.resource::<crate::sim::RunInfo>().end;
                crate::sim::advance_until(world, end);
            });
            next.set(Screen::GameOver);
        }
        GAME_OVER_SHOT => shot(&mut commands, "end.png"),
        EXIT => {
            let mut ok = true;
            for name in SHOTS {
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
            if !input.done {
                error!("window test: the input checks did not run to their end");
                ok = false;
            }
            for why in &input.failures {
                error!("window test: input: {why}");
                ok = false;
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

/// Hours of the sandbox battle fought before the battle's photograph.
const BATTLE_HOURS: u32 = 4;

/// The sandbox's first battle put under way in the world as if it had begun
/// `BATTLE_HOURS` ago, the clock paused, and its report shown: the photograph of a
/// battle filled up to the current hour.
fn battle_under_way(ui: &mut ScriptUi) {
    use crate::sim::forces::battles::Fight;
    use crate::sim::forces::under_way::{BattleCause, BattleUnderWay};
    let Some(path) = first_battle_file() else {
        error!("window test: no battle file to stage");
        return;
    };
    let (Ok(mut setup), Some(under_way), Some(cal)) = (
        crate::sim::forces::battle_file::load_battle(&path),
        ui.under_way.as_mut(),
        ui.cal.as_mut(),
    ) else {
        return;
    };
    ui.time.pause();
    cal.mode = crate::sim::calendar::TickMode::Hourly;
    // Begun BATTLE_HOURS before now, yesterday if need be.
    let begun = cal.stamp() - i64::from(BATTLE_HOURS);
    setup.start_hour = begun.rem_euclid(24) as u8;
    let date = crate::model::Date::from_days(begun.div_euclid(24));
    let mut fight = Fight::new(&setup);
    let mut rng = crate::sim::forces::battle_stats::run_rng(1, 0);
    for _ in 0..BATTLE_HOURS {
        fight.step(&mut rng);
    }
    ui.live.shown = Some(setup.id.clone());
    let cause = BattleCause::Event {
        id: setup.id.clone(),
        on_win: None,
        on_loss: None,
        figures: Vec::new(),
    };
    under_way.0.insert(0, BattleUnderWay { fight, cause, date });
}

/// The photographed battle fought to its end out of the world, its report in the list
/// (the late-game view opens the last one); the battles of the run itself go on.
fn battle_ended(ui: &mut ScriptUi) {
    let (Some(under_way), Some(battles), Some(cal)) =
        (ui.under_way.as_mut(), ui.battles.as_mut(), ui.cal.as_mut())
    else {
        return;
    };
    let Some(id) = ui.live.shown.take() else {
        return;
    };
    let mut rng = crate::sim::forces::battle_stats::run_rng(1, 0);
    if let Some(i) = under_way.0.iter().position(|b| b.fight.setup().id == id) {
        let b = under_way.0.remove(i);
        let mut fight = b.fight;
        while fight.step(&mut rng) {}
        battles.0.push((b.date, fight.finish()));
    }
    if under_way.0.is_empty() {
        cal.mode = crate::sim::calendar::TickMode::Daily;
    }
    ui.time.unpause();
}

/// The first battle file the game ships, by name.
fn first_battle_file() -> Option<std::path::PathBuf> {
    let dir = crate::scenario::scenarios_dir().join("battles");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files.into_iter().next()
}
