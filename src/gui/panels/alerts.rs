//! Alerts: the happenings that need the player — a plot uncovered, a coup, a battle, an
//! arrest in the player's own faction — shown over the map for a while, and, if the
//! settings say so, pausing the game.

use crate::gui::{Screen, style};
use crate::sim::RunInfo;
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use crate::sim::forces::under_way::BattlesUnderWay;
use crate::sim::people::{Figure, Standing};
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Alerts>()
        .add_systems(OnEnter(Screen::InGame), |mut a: ResMut<Alerts>| {
            *a = Alerts::default()
        })
        .add_systems(
            crate::gui::panels::perf::GameUi,
            alerts_ui.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Resource, Default)]
pub struct Alerts {
    /// Chronicle entries already looked at.
    seen: usize,
    /// Text and seconds left on screen.
    shown: Vec<(String, f32)>,
    /// Battles under way already announced, by id.
    announced: Vec<String>,
}

const SHOW_SECONDS: f32 = 12.0;

/// What the alerts read: the run's news and what the player plays.
#[derive(SystemParam)]
struct AlertSources<'w, 's> {
    chronicle: Option<Res<'w, Chronicle>>,
    info: Option<Res<'w, RunInfo>>,
    scenario: Option<Res<'w, LoadedScenario>>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    settings: Option<Res<'w, crate::gui::panels::settings::Settings>>,
    under_way: Option<Res<'w, BattlesUnderWay>>,
}

fn alerts_ui(
    mut contexts: EguiContexts,
    mut alerts: ResMut<Alerts>,
    real: Res<Time<Real>>,
    mut time: ResMut<Time<Virtual>>,
    params: AlertSources,
) -> Result {
    let AlertSources {
        chronicle,
        info,
        scenario,
        figures,
        settings,
        under_way,
    } = params;
    let (Some(chronicle), Some(info), Some(scenario)) = (chronicle, info, scenario) else {
        return Ok(());
    };
    let player_faction = info
        .player_side
        .as_ref()
        .and_then(|s| scenario.0.scenario.sides.iter().find(|x| &x.id == s))
        .map(|s| s.faction.clone());
    let mut pause = false;
    let start = alerts.seen.min(chronicle.entries.len());
    for e in &chronicle.entries[start..] {
        let ours = e.actors.iter().any(|a| {
            figures
                .iter()
                .any(|(f, s)| &f.id == a && s.faction.is_some() && s.faction == player_faction)
        });
        let important = match e.kind {
            ChronicleKind::Plot
            | ChronicleKind::Coup
            | ChronicleKind::Battle
            | ChronicleKind::Plenum => true,
            ChronicleKind::Arrest | ChronicleKind::Trial | ChronicleKind::Denunciation => ours,
            ChronicleKind::Congress => true,
            _ => false,
        };
        if important {
            alerts
                .shown
                .push((format!("{} — {}", e.date.long(), e.text), SHOW_SECONDS));
            pause |= matches!(
                e.kind,
                ChronicleKind::Plot | ChronicleKind::Coup | ChronicleKind::Battle
            ) || ours;
        }
    }
    alerts.seen = chronicle.entries.len();
    // A battle that begins: announced once, and a pause when the player's side fights.
    for b in under_way.iter().flat_map(|u| u.0.iter()) {
        let setup = b.fight.setup();
        if alerts.announced.contains(&setup.id) {
            continue;
        }
        alerts.announced.push(setup.id.clone());
        let text = format!(
            "{}, {:02}:00 — {}: {} against {}. The calendar runs by the hour.",
            b.date.long(),
            setup.start_hour,
            setup.name,
            setup.attacker.name,
            setup.defender.name
        );
        alerts.shown.push((text, SHOW_SECONDS));
        pause |= player_faction
            .as_ref()
            .is_some_and(|f| *f == setup.attacker.faction || *f == setup.defender.faction);
    }
    if pause
        && info.player_side.is_some()
        && settings.is_none_or(|s| s.pause_on_decision)
        && !time.is_paused()
    {
        time.pause();
    }
    let dt = real.delta_secs();
    for a in &mut alerts.shown {
        a.1 -= dt;
    }
    alerts.shown.retain(|a| a.1 > 0.0);
    let keep_from = alerts.shown.len().saturating_sub(4);
    alerts.shown.drain(..keep_from);
    if alerts.shown.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("alerts"))
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-320.0, 36.0))
        .interactable(false)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            for (text, _) in &alerts.shown {
                egui::Frame::popup(ui.style())
                    .fill(style::PAPER)
                    .show(ui, |ui| {
                        ui.label(egui::RichText::new(text).color(style::INK));
                    });
            }
        });
    Ok(())
}
