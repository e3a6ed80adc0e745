//! Each side's agenda: its goal and how close it stands, the threat it knows of that
//! presses most, and the few moves that would help most now, each a command with its
//! cost and odds. Drawn from what the side knows and what is public, every tick before
//! the AI moves: the player reads it in a panel, and the AI takes the same moves.

use super::{Intel, IntelAlert, SideIntel, ThreatKind};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::{ChronicleTemplates, Line};
use crate::scenario::schema::SideDef;
use crate::sim::calendar::Calendar;
use crate::sim::commands::SimCommand;
use crate::sim::intrigue::plots::{Plot, PlotState};
use crate::sim::intrigue::police::{police_chiefs, police_controller};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::factions::{Faction, FactionPower};
use crate::sim::politics::institutions::Office;
use crate::sim::politics::ruler::Ruler;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// The most moves an agenda lists.
pub const MOST_STEPS: usize = 4;

/// Every side's agenda as of this tick.
#[derive(Resource, Clone, Debug, Default)]
pub struct Agendas(pub BTreeMap<String, Agenda>);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Agenda {
    pub side: String,
    pub goal: String,
    /// Whether the goal holds today.
    pub holds: bool,
    /// The side's faction's share of all factions' power, 0..=1.
    pub power: f32,
    /// Where the side stands, in a line.
    pub standing: String,
    /// The threat it knows of that presses most.
    pub threat: Option<IntelAlert>,
    /// The moves that would help most now, best first.
    pub steps: Vec<Step>,
    /// How well the side sees, and why.
    pub intelligence: f32,
    pub favours: u32,
}

/// One move on the agenda.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub text: String,
    /// Why it helps, and what it costs.
    pub why: String,
    /// The order that takes it; `None` for a step taken in a panel (a decision).
    pub command: Option<SimCommand>,
    /// The chance it works, where chance enters.
    pub odds: Option<f32>,
    /// Whether it answers a threat the side was warned of.
    pub answers_threat: bool,
    /// Why the rules would refuse it now, where it is offered all the same: a warning in
    /// hand names the answer even when it cannot be given.
    pub refused: Option<String>,
}

/// Draws every side's agenda (exclusive: it asks the same checks the orders meet).
/// Whether today the AI reads the agendas: at a week's turn and on the month's first,
/// and when news came since yesterday (see `ai::counter`). Drawing them is pure, so the
/// days between cost nothing and change nothing.
pub fn agendas_wanted(calendar: Res<Calendar>, intel: Res<Intel>) -> bool {
    let today = calendar.date;
    calendar.new_day
        && (today.to_days().rem_euclid(7) == 0
            || today.day == 1
            || intel.sides.values().any(|s| {
                // Alerts are kept in the order they came: the newest is the last.
                s.alerts
                    .last()
                    .is_some_and(|a| a.date.days_until(today) <= 1)
            }))
}

pub fn draw_agendas(world: &mut World) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return;
    };
    // One reading of the public world and of what the sides know serves every side.
    let board = Board::read(world);
    let intel = world.resource::<Intel>().clone();
    let mut agendas = BTreeMap::new();
    for side in &data.scenario.sides {
        agendas.insert(
            side.id.to_string(),
            draw(world, &data, side, &board, &intel),
        );
    }
    world.insert_resource(Agendas(agendas));
}

/// The public world as a side reads it for its agenda.
pub(super) struct Board {
    pub(super) date: crate::model::Date,
    pub(super) people: BTreeMap<String, (String, Standing)>,
    pub(super) offices: Vec<Office>,
    pub(super) ruler: Ruler,
    pub(super) police: Option<String>,
    pub(super) chiefs: Vec<String>,
    pub(super) plots: Vec<Plot>,
    /// The agenda's words (common/chronicle.ron's `agenda` lines).
    pub(super) words: ChronicleTemplates,
}

impl Board {
    fn read(world: &mut World) -> Board {
        let people = world
            .query::<(&Figure, &Standing)>()
            .iter(world)
            .map(|(f, s)| (f.id.to_string(), (f.name.clone(), s.clone())))
            .collect();
        let mut offices: Vec<Office> = world.query::<&Office>().iter(world).cloned().collect();
        offices.sort_by(|a, b| a.key.cmp(&b.key));
        let mut plots: Vec<Plot> = world.query::<&Plot>().iter(world).cloned().collect();
        plots.sort_by(|a, b| a.id.cmp(&b.id));
        Board {
            date: world.resource::<Calendar>().date,
            people,
            offices,
            ruler: world.resource::<Ruler>().clone(),
            police: police_controller(world),
            chiefs: police_chiefs(world),
            plots,
            words: world
                .get_resource::<LoadedScenario>()
                .map(|d| d.0.common.chronicle.clone())
                .unwrap_or_default(),
        }
    }
    /// One of the agenda's lines, filled.
    pub(super) fn say(&self, line: Line, vars: &[(&str, &str)]) -> String {
        self.words.sentence(line, vars)
    }
    pub(super) fn name(&self, id: &str) -> String {
        self.people
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.0.clone())
    }
    pub(super) fn standing(&self, id: &str) -> Option<&Standing> {
        self.people.get(id).map(|p| &p.1)
    }
    pub(super) fn free(&self, id: &str) -> bool {
        self.standing(id).is_some_and(|s| s.status.can_act())
    }
    pub(super) fn faction(&self, id: &str) -> Option<&str> {
        self.standing(id)
            .and_then(|s| s.faction.as_ref().map(FactionId::as_str))
    }
    pub(super) fn loyalty(&self, id: &str, faction: &str) -> f32 {
        self.standing(id)
            .and_then(|s| s.loyalty.get(faction).copied())
            .unwrap_or(0.0)
    }
    pub(super) fn holds_office(&self, id: &str) -> bool {
        self.offices
            .iter()
            .any(|o| o.holders.iter().any(|h| h == id))
    }
}

fn draw(
    world: &mut World,
    data: &ScenarioData,
    side: &SideDef,
    board: &Board,
    intel: &Intel,
) -> Agenda {
    let known = intel.side(side.id.as_str()).cloned().unwrap_or_default();
    let faction = side.faction.as_str();
    let holds = crate::sim::events::victors(world).contains(&side.id);
    let power = power_share(world, faction);
    let rules = board.ruler.faction.as_ref().map(FactionId::as_str) == Some(faction);
    let ruler_name = board
        .ruler
        .figure
        .as_ref()
        .map(FigureId::as_str)
        .map_or_else(|| board.say(Line::AgendaNobody, &[]), |r| board.name(r));
    let leadership = if rules {
        board.say(Line::AgendaLeadership, &[])
    } else {
        String::new()
    };
    let standing = board.say(
        Line::AgendaStanding,
        &[
            ("ruler", &ruler_name),
            ("share", &format!("{:.0}", power * 100.0)),
            ("leadership", &leadership),
        ],
    );
    let threat = pressing(board, &known, world.resource::<PurgeRecord>());
    let mut steps = Vec::new();
    if let Some(t) = &threat {
        // Striking first heads the answers when the blow is near.
        super::strike::first(world, data, board, side, &known, t, &mut steps);
        super::moves::answer(world, data, board, side, &known, t, &mut steps);
    }
    super::moves::decisions(world, board, side, &mut steps);
    super::moves::general(world, data, board, side, &known, rules, &mut steps);
    // One move, one step: the first reason given for it stands.
    let mut seen: Vec<SimCommand> = Vec::new();
    steps.retain(|s| match &s.command {
        Some(c) if seen.contains(c) => false,
        Some(c) => {
            seen.push(c.clone());
            true
        }
        None => true,
    });
    // The moves the side can take now come first; those it lacks the favours for fill
    // what room is left, greyed with the reason.
    steps.sort_by_key(|s| s.refused.is_some());
    steps.truncate(MOST_STEPS);
    Agenda {
        side: side.id.to_string(),
        goal: side.goal.clone(),
        holds,
        power,
        standing,
        threat,
        steps,
        intelligence: known.intelligence,
        favours: known.favours,
    }
}

fn power_share(world: &mut World, faction: &str) -> f32 {
    let mut total = 0.0;
    let mut own = 0.0;
    for (f, p) in world.query::<(&Faction, &FactionPower)>().iter(world) {
        total += p.0.total.max(0.0);
        if f.id == faction {
            own = p.0.total.max(0.0);
        }
    }
    if total > 0.0 { own / total } else { 0.0 }
}

/// Whether an alert's threat still stands, as far as the side can tell.
fn live(board: &Board, a: &IntelAlert, record: &PurgeRecord) -> bool {
    let age = a.date.days_until(board.date);
    let plot_active = |id: &str| {
        board
            .plots
            .iter()
            .find(|p| p.id == id)
            .is_none_or(|p| p.state == PlotState::Active)
    };
    match a.kind {
        ThreatKind::Plot | ThreatKind::Plenum | ThreatKind::Troops => {
            age <= 150 && a.plot.as_deref().is_none_or(plot_active) && board.free(&a.subject)
        }
        ThreatKind::ArrestList => age <= 90 && board.free(&a.subject),
        ThreatKind::Trial => record.awaiting_trial.contains_key(&a.subject),
        ThreatKind::Exposed => age <= 60 && a.plot.as_deref().is_some_and(plot_active),
        ThreatKind::March => age <= 3,
        ThreatKind::Recruited => {
            age <= 120 && board.free(&a.subject) && a.plot.as_deref().is_some_and(plot_active)
        }
    }
}

/// The live threat that presses most: the soonest, the latest told among equals.
fn pressing(board: &Board, known: &SideIntel, record: &PurgeRecord) -> Option<IntelAlert> {
    known
        .alerts
        .iter()
        .filter(|a| live(board, a, record))
        .min_by_key(|a| (a.days_left.map_or(u32::MAX, |d| d.0), -a.date.to_days()))
        .cloned()
}
