//! The agenda: what the player's side wants and whether it holds, where it stands, the
//! threat it knows of that presses most, and the few moves that would help most now,
//! each with a button that orders it and its odds and cost in the tooltip. It sits in
//! the map's top right corner, clear of its centre; G shows or hides it. The observer
//! may open it (closed by default) and pick a side to read.

use super::moves::{self, intel_order};
use super::{Orders, RunView};
use crate::gui::focus::keys_free;
use crate::gui::fog::loyalty_shown;
use crate::gui::{MapViewport, Screen, style};
use crate::model::Date;
use crate::model::FactionId;
use crate::sim::commands::SimCommand;
use crate::sim::intel::Intel;
use crate::sim::intel::agenda::{Agenda, Agendas, Step};
use crate::sim::intel::view::Viewer;
use crate::sim::people::{Figure, Standing};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<AgendaView>()
        .add_systems(OnEnter(Screen::InGame), |mut v: ResMut<AgendaView>| {
            *v = AgendaView::default()
        })
        .add_systems(
            Update,
            toggle.run_if(in_state(Screen::InGame)).run_if(keys_free),
        )
        .add_systems(Update, first_agendas.run_if(in_state(Screen::InGame)))
        .add_systems(
            crate::gui::panels::perf::GameUi,
            agenda_panel.run_if(in_state(Screen::InGame)),
        );
}

/// Whether the agenda shows, and whose the observer reads.
#[derive(Resource, Default)]
pub struct AgendaView {
    /// `None` until the player chooses: open for a side, closed for the observer.
    pub open: Option<bool>,
    /// The side the observer reads.
    pub side: Option<String>,
    /// The moves ordered today, so that one is not bought twice before the rules act.
    ordered: Vec<(Date, SimCommand)>,
    /// The agendas drawn for the panel alone while the rules have drawn none (before
    /// the first day of a run, or of a loaded save), and the date they were drawn on.
    early: Option<(Date, Agendas)>,
}

impl AgendaView {
    /// Whether the panel shows, for a player (`true`) or the observer.
    pub fn shown(&self, player: bool) -> bool {
        self.open.unwrap_or(player)
    }
}

/// Before the rules draw the day's agendas (at a run's or a loaded save's first new
/// day), the panel draws its own by the same function, and leaves the rules' resource
/// as it found it: the AI must read only what the rules drew.
fn first_agendas(world: &mut World) {
    let Some(today) = world
        .get_resource::<crate::sim::calendar::Calendar>()
        .map(|c| c.date)
    else {
        return;
    };
    let drawn = world
        .get_resource::<Agendas>()
        .is_some_and(|a| !a.0.is_empty());
    let fresh = world
        .resource::<AgendaView>()
        .early
        .as_ref()
        .is_some_and(|(d, _)| *d == today);
    if drawn || fresh {
        return;
    }
    let kept = world.remove_resource::<Agendas>();
    crate::sim::intel::agenda::draw_agendas(world);
    let early = world.remove_resource::<Agendas>().unwrap_or_default();
    if let Some(kept) = kept {
        world.insert_resource(kept);
    }
    world.resource_mut::<AgendaView>().early = Some((today, early));
}

fn toggle(
    keys: crate::gui::keys::Keys,
    mut view: ResMut<AgendaView>,
    info: Option<Res<crate::sim::RunInfo>>,
) {
    if keys.just_pressed(crate::gui::keys::Action::Agenda) {
        let player = info.is_some_and(|i| i.player_side.is_some());
        view.open = Some(!view.open.unwrap_or(player));
    }
}

#[derive(SystemParam)]
struct AgendaSources<'w, 's> {
    run: RunView<'w>,
    orders: Orders<'w>,
    view: ResMut<'w, AgendaView>,
    agendas: Option<Res<'w, Agendas>>,
    intel: Option<Res<'w, Intel>>,
    viewport: Res<'w, MapViewport>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
}

/// Room kept from the map's edges.
const MARGIN: f32 = 8.0;
const WIDTH: f32 = 330.0;

fn agenda_panel(mut contexts: EguiContexts, mut p: AgendaSources) -> Result {
    let Some((cal, info, data)) = p.run.get() else {
        return Ok(());
    };
    let (today, data) = (cal.date, data.clone());
    let player = info.player_side.as_ref().map(|s| s.to_string());
    let mut open = p.view.shown(player.is_some());
    let (Some(map), true) = (p.viewport.0, open) else {
        return Ok(());
    };
    let side = player
        .clone()
        .or_else(|| p.view.side.clone())
        .or_else(|| data.scenario.sides.first().map(|s| s.id.to_string()));
    let Some(side) = side else { return Ok(()) };
    let side_def = data.side(&side);
    let side_name = side_def.map_or(side.clone(), |s| s.name.clone());
    let faction = side_def.map(|s| s.faction.clone()).unwrap_or_default();
    p.view.ordered.retain(|(d, _)| *d == today);
    let agenda = p
        .agendas
        .as_deref()
        .filter(|a| !a.0.is_empty())
        .or(p.view.early.as_ref().map(|(_, a)| a))
        .and_then(|a| a.0.get(&side))
        .cloned();
    let ctx = contexts.ctx_mut()?;
    let mut picked = None;
    let mut given = Vec::new();
    egui::Window::new(egui::RichText::new("Agenda").color(style::RED))
        .id(egui::Id::new("agenda"))
        .open(&mut open)
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(map.right_top() + egui::vec2(-MARGIN, MARGIN))
        .default_width(WIDTH)
        .max_width(WIDTH)
        .resizable(false)
        .show(ctx, |ui| {
            ui.set_width(WIDTH - 16.0);
            if player.is_none() {
                picked = side_picker(ui, &data, &side);
            }
            ui.label(egui::RichText::new(&side_name).strong().color(style::RED));
            let Some(agenda) = &agenda else {
                ui.label("The agenda is drawn at the start of each day.");
                return;
            };
            goal(ui, agenda);
            let looked = p.intel.as_deref().is_some_and(|i| i.side(&side).is_some());
            threat(ui, agenda, today, looked);
            ui.separator();
            ui.strong("What would help most now");
            if agenda.steps.is_empty() {
                ui.label("No move stands out today. Your men's cards (click a name on the left) hold what you can order them: speeches while the Congress sits, motions, plots, arrests. Favours come monthly; keep them for the day a warning comes.");
            } else if agenda.steps.iter().any(|s| s.answers_threat) {
                ui.small("⚠ answers the threat above");
            }
            let can_order = player.is_some();
            // The side's eyes: the observer reading a side's agenda sees as it does.
            let viewer = Viewer::of(Some(&side), &data);
            let intel = p.intel.as_deref().cloned().unwrap_or_default();
            for step in &agenda.steps {
                let check = step.command.as_ref().and_then(intel_order).map(|o| {
                    let target = target_of(&o).and_then(|f| {
                        p.figures.iter().find(|(x, _)| x.id == f)
                    });
                    let seen = target.map(|(f, s)| {
                        let truth = s.loyalty.get(faction.as_str()).copied().unwrap_or(0.0);
                        let who = (f.id.as_str(), s.faction.as_ref().map(FactionId::as_str));
                        loyalty_shown(&viewer, &intel, who, faction.as_str(), truth, today)
                    });
                    let target = target.map(|(_, s)| s);
                    // The rules offered the step: any post it needs, he holds.
                    moves::check(&o, &intel, (&side, faction.as_str()), (target, true), seen.as_ref())
                });
                let done = step
                    .command
                    .as_ref()
                    .is_some_and(|c| p.view.ordered.iter().any(|(_, x)| x == c));
                if let Some(c) = step_row(ui, step, check.as_ref(), can_order, done) {
                    given.push(c);
                }
            }
            ui.separator();
            means(ui, agenda, p.intel.as_deref(), &side);
        });
    for c in given {
        p.view.ordered.push((today, c.clone()));
        p.orders.give(c);
    }
    if let Some(s) = picked {
        p.view.side = Some(s);
    }
    p.view.open = Some(open);
    Ok(())
}

/// The figure a counter-move is aimed at.
fn target_of(order: &crate::sim::intel::orders::IntelOrder) -> Option<&str> {
    use crate::sim::intel::orders::IntelOrder as O;
    match order {
        O::ExposePlot { .. } | O::CallPlenum { .. } => None,
        O::WinOver { figure }
        | O::GatherKompromat { figure }
        | O::Blackmail { figure }
        | O::PlaceInformer { figure }
        | O::LieLow { figure }
        | O::Flee { figure } => Some(figure.as_str()),
    }
}

/// The observer's choice of whose agenda to read.
fn side_picker(
    ui: &mut egui::Ui,
    data: &crate::scenario::ScenarioData,
    side: &str,
) -> Option<String> {
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Read the agenda of:");
        for s in &data.scenario.sides {
            if ui.selectable_label(s.id == side, &s.name).clicked() {
                picked = Some(s.id.to_string());
            }
        }
    });
    ui.separator();
    picked
}

/// The goal, whether it holds, where the side stands and its share of power.
fn goal(ui: &mut egui::Ui, agenda: &Agenda) {
    ui.label(egui::RichText::new(&agenda.goal).strong());
    let (mark, color, words) = if agenda.holds {
        (
            "✔",
            egui::Color32::from_rgb(30, 100, 40),
            "Your goal holds today; keep it until the end.",
        )
    } else {
        ("×", style::RED, "Your goal does not hold yet.")
    };
    ui.colored_label(color, format!("{mark} {words}"));
    ui.label(&agenda.standing);
    ui.add(
        egui::ProgressBar::new(agenda.power.clamp(0.0, 1.0))
            .text(format!("your faction's share of power: {:.0}%", agenda.power * 100.0)),
    )
    .on_hover_text("Your faction's power (offices, seats and popularity of its free men) over all factions' together.");
}

/// The warning that presses most: what, from whom, how long ago, the time likely left.
fn threat(ui: &mut egui::Ui, agenda: &Agenda, today: Date, looked: bool) {
    ui.separator();
    let Some(t) = &agenda.threat else {
        ui.strong("No warning presses now");
        ui.label(if looked {
            format!(
                "As far as your side can see ({:.0}% of what is done): a plot it has not uncovered would not show here.",
                agenda.intelligence * 100.0
            )
        } else {
            "Your side takes its first look at the end of the week; a plot it has not uncovered would not show here.".to_string()
        });
        return;
    };
    ui.label(
        egui::RichText::new(format!("Most pressing threat: {}", t.kind.label()))
            .color(style::RED)
            .strong(),
    );
    ui.label(&t.text);
    let age = t.date.days_until(today).max(0);
    let heard = match age {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    };
    let left = t.days_left.map_or(String::new(), |(lo, hi)| {
        let lo = (i64::from(lo) - age).max(0);
        let hi = i64::from(hi) - age;
        if hi <= 0 {
            " · the time it gave is past: it could come any day".to_string()
        } else if lo == 0 {
            format!(
                " · likely within {}",
                crate::gui::style::count(hi, "day", "days")
            )
        } else {
            format!(" · likely {lo}-{hi} days left")
        }
    });
    let source = if t.source.is_empty() {
        "public knowledge".to_string()
    } else {
        t.source.clone()
    };
    ui.small(format!("Heard {heard}{left}"))
        .on_hover_text(format!(
            "Source: {source}. A warning may be false: rumours reach every side, the more the less it sees. The days left are its guess."
        ));
}

/// One move: a button that orders it (odds and cost in its tooltip), or what to do
/// where it is taken elsewhere. The command given, if clicked.
fn step_row(
    ui: &mut egui::Ui,
    step: &Step,
    check: Option<&moves::MoveCheck>,
    can_order: bool,
    done: bool,
) -> Option<SimCommand> {
    let marker = if step.answers_threat { "⚠ " } else { "" };
    let Some(command) = &step.command else {
        ui.label(format!("{marker}{}", step.text))
            .on_hover_text(&step.why);
        ui.small("Answer it in the decision window.");
        return None;
    };
    let odds = match check {
        Some(c) => c.odds_words(),
        None => step
            .odds
            .filter(|o| *o < 0.999)
            .map_or(String::new(), |o| format!(" ({:.0}%)", o * 100.0)),
    };
    let refused = check
        .and_then(|c| c.refusal.clone())
        .or_else(|| step.refused.as_deref().map(moves::sentence));
    let why_not = if done {
        Some("Ordered: the rules act on it at the next hour.".to_string())
    } else if !can_order {
        Some("The observer gives no orders.".to_string())
    } else {
        refused
    };
    let label = if done {
        format!("{marker}{} — ordered", step.text)
    } else {
        format!("{marker}{}{odds}", step.text)
    };
    let button = ui.add_enabled(why_not.is_none(), egui::Button::new(label).wrap());
    // The rules' reason ends with the cost; the tooltip gives it with the favours held.
    let why = step.why.split(" Costs ").next().unwrap_or(&step.why);
    let button = button.on_hover_ui(|ui| match check {
        Some(c) => moves::tooltip(ui, why, c),
        None => {
            ui.set_max_width(320.0);
            ui.label(&step.why);
            match step.odds {
                Some(o) => ui.label(format!("Chance that it works: {:.0}%.", o * 100.0)),
                None if matches!(step.command, Some(SimCommand::CallPlenum { .. })) => {
                    ui.label("The vote decides it; it costs no favour.")
                }
                None => ui.label("Certain once the rules accept it; it costs no favour."),
            };
        }
    });
    let button = match &why_not {
        Some(r) => button.on_disabled_hover_text(r),
        None => button,
    };
    button.clicked().then(|| command.clone())
}

/// The side's means: how well it sees, and why; its favours.
fn means(ui: &mut egui::Ui, agenda: &Agenda, intel: Option<&Intel>, side: &str) {
    let known = intel.and_then(|i| i.side(side));
    ui.horizontal(|ui| {
        let seen = match known {
            Some(_) => format!("Intelligence {:.0}%", agenda.intelligence * 100.0),
            None => "Intelligence: not yet taken".to_string(),
        };
        ui.label(seen)
            .on_hover_ui(|ui| {
                ui.label("How much of what is planned your side sees, as of its last weekly look:");
                for (what, v) in known.map_or(&[][..], |k| &k.sources[..]) {
                    ui.label(format!("• {what}: {:.0}%", v * 100.0));
                }
                ui.label("Other factions' loyalties and plots' sizes are estimates whose range narrows as it grows.");
            });
        ui.separator();
        ui.label(format!("Favours {}", agenda.favours)).on_hover_text(
            "Earned each month from the offices your men hold, and one more while you rule; spent on counter-moves.",
        );
        if let Some(k) = known {
            ui.separator();
            ui.label(format!("Informers {}", k.informers.len()))
                .on_hover_text("Men placed close to others: each plot one of them sits in is far likelier to be found out.");
        }
    });
}
