//! Alerts: the happenings that need the player — a plot uncovered, a coup, a battle, an
//! arrest in the player's own faction — shown over the map for a while, and, if the
//! settings say so, pausing the game. Warnings his side receives (true or not: he
//! cannot tell) arrive here too, with their source and the time likely left, and so do
//! his orders the rules refused, with the reason. The observer gets no warnings: he
//! sees the plots themselves.

use crate::gui::{Screen, style};
use crate::sim::RunInfo;
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use crate::sim::commands::CommandLog;
use crate::sim::forces::under_way::BattlesUnderWay;
use crate::sim::intel::{Intel, IntelAlert, ThreatKind};
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
    shown: Vec<Shown>,
    /// Battles under way already announced, by id.
    announced: Vec<String>,
    /// The player's side's warnings already shown; `None` until the run is first seen
    /// (those of a loaded save are old news).
    warnings_seen: Option<usize>,
    /// Logged orders already looked at, likewise.
    log_seen: Option<usize>,
    /// The date last looked at: a jump means a save was loaded, whose news is old.
    last_date: Option<crate::model::Date>,
}

/// An alert on screen.
struct Shown {
    text: String,
    seconds_left: f32,
    /// A warning of a threat, drawn in red.
    warning: bool,
}

const SHOW_SECONDS: f32 = 12.0;
/// The event kind of the war's decisions, which the settings can quiet.
const WAR_KIND: &str = "war";
/// More days than the fastest speed passes in a slow frame: the run was loaded.
const LOAD_JUMP_DAYS: i64 = 40;

/// What the alerts read: the run's news and what the player plays.
#[derive(SystemParam)]
struct AlertSources<'w, 's> {
    chronicle: Option<Res<'w, Chronicle>>,
    info: Option<Res<'w, RunInfo>>,
    scenario: Option<Res<'w, LoadedScenario>>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    settings: Option<Res<'w, crate::gui::panels::settings::Settings>>,
    under_way: Option<Res<'w, BattlesUnderWay>>,
    intel: Option<Res<'w, Intel>>,
    log: Option<Res<'w, CommandLog>>,
    viewport: Res<'w, crate::gui::MapViewport>,
    calendar: Option<Res<'w, crate::sim::calendar::Calendar>>,
    watching: Option<Res<'w, crate::gui::Watching>>,
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
        intel,
        log,
        viewport,
        calendar,
        watching,
    } = params;
    let (Some(chronicle), Some(info), Some(scenario)) = (chronicle, info, scenario) else {
        return Ok(());
    };
    let player_faction = info
        .player_side
        .as_ref()
        .and_then(|s| scenario.0.side(s.as_str()))
        .map(|s| s.faction.clone());
    if let Some(cal) = calendar {
        let jumped = alerts
            .last_date
            .is_some_and(|d| cal.date < d || d.days_until(cal.date) > LOAD_JUMP_DAYS);
        if jumped {
            alerts.seen = chronicle.entries.len();
            alerts.warnings_seen = None;
            alerts.log_seen = None;
        }
        alerts.last_date = Some(cal.date);
    }
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
            // The invasion, a city fallen or besieged, the winter: news for every side.
            ChronicleKind::War => true,
            _ => false,
        };
        if important {
            let war = e.kind == ChronicleKind::War;
            let text = if war {
                format!("{} — THE FRONT: {}", e.date.long(), e.text)
            } else {
                format!("{} — {}", e.date.long(), e.text)
            };
            alerts.push(text, war);
            // The war's news stops the clock unless the settings quiet its kind.
            let war_pauses = war
                && settings
                    .as_ref()
                    .is_none_or(|s| !s.quiet_kinds.iter().any(|k| k == WAR_KIND));
            pause |= matches!(
                e.kind,
                ChronicleKind::Plot | ChronicleKind::Coup | ChronicleKind::Battle
            ) || ours
                || war_pauses;
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
        alerts.push(text, false);
        pause |= player_faction
            .as_ref()
            .is_some_and(|f| *f == setup.attacker.faction || *f == setup.defender.faction);
    }
    pause &= settings.as_ref().is_none_or(|s| s.pause_on_decision);
    // A replay sees everything: no side's warnings, and its orders are the record's.
    let side = info
        .player_side
        .as_ref()
        .map(|s| s.as_str())
        .filter(|_| watching.is_none());
    if let (Some(side), Some(intel)) = (side, intel.as_deref()) {
        let warned = alerts.warnings(intel, side);
        pause |= warned
            .iter()
            .any(|k| settings.as_ref().is_none_or(|s| s.pauses_for(*k)));
    }
    if let (Some(side), Some(log)) = (side, log.as_deref()) {
        alerts.refusals(log, side);
    }
    if pause && info.player_side.is_some() && !time.is_paused() {
        time.pause();
    }
    let dt = real.delta_secs();
    for a in &mut alerts.shown {
        a.seconds_left -= dt;
    }
    alerts.shown.retain(|a| a.seconds_left > 0.0);
    let keep_from = alerts.shown.len().saturating_sub(4);
    alerts.shown.drain(..keep_from);
    if alerts.shown.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    // The map's top left corner: the agenda holds its top right.
    let corner = viewport.0.map_or(egui::pos2(270.0, 36.0), |r| {
        r.left_top() + egui::vec2(8.0, 8.0)
    });
    egui::Area::new(egui::Id::new("alerts"))
        .fixed_pos(corner)
        .interactable(false)
        .show(ctx, |ui| {
            ui.set_max_width(420.0);
            for a in &alerts.shown {
                egui::Frame::popup(ui.style())
                    .fill(style::PAPER)
                    .show(ui, |ui| {
                        let color = if a.warning { style::RED } else { style::INK };
                        ui.label(egui::RichText::new(&a.text).color(color));
                    });
            }
        });
    Ok(())
}

impl Alerts {
    fn push(&mut self, text: String, warning: bool) {
        // A warning stays until it has surely been read: the clock stops for it.
        let seconds_left = if warning {
            2.0 * SHOW_SECONDS
        } else {
            SHOW_SECONDS
        };
        self.shown.push(Shown {
            text,
            seconds_left,
            warning,
        });
    }

    /// Shows the side's new warnings; the kinds that came.
    fn warnings(&mut self, intel: &Intel, side: &str) -> Vec<ThreatKind> {
        let all: &[IntelAlert] = intel.side(side).map_or(&[], |s| &s.alerts);
        let start = self.warnings_seen.unwrap_or(all.len()).min(all.len());
        self.warnings_seen = Some(all.len());
        let mut kinds = Vec::new();
        for a in &all[start..] {
            self.push(warning_text(a), true);
            kinds.push(a.kind);
        }
        kinds
    }

    /// Shows the player's orders that the rules refused or that failed, with why.
    fn refusals(&mut self, log: &CommandLog, side: &str) {
        let start = self
            .log_seen
            .unwrap_or(log.entries.len())
            .min(log.entries.len());
        self.log_seen = Some(log.entries.len());
        let refused: Vec<String> = log.entries[start..]
            .iter()
            .filter(|c| c.side.as_str() == side)
            .filter_map(|c| c.rejected.as_ref())
            .map(|r| format!("Your order did not go through: {r}."))
            .collect();
        for text in refused {
            self.push(text, false);
        }
    }
}

/// A warning as the alert shows it: when, what, and the time likely left.
pub fn warning_text(a: &IntelAlert) -> String {
    let left = a
        .days_left
        .map(|(lo, hi)| format!(" Likely {lo}-{hi} days left."))
        .unwrap_or_default();
    format!(
        "{} — WARNING ({}): {}{left} The agenda (G) lists the answers.",
        a.date.long(),
        a.kind.label(),
        a.text
    )
}
