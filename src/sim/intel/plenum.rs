//! Calling the plenum first: the ruling side, warned that a plenum is being whipped
//! against its leader, calls it itself before the plotters have their votes. The vote
//! is the plot's own, held now with the votes as they stand (`coups::strike`, by way of
//! `intrigue::orders::strike_at_once`): a plot caught short fails and its men are
//! arrested; one that already has its votes removes the leader.

use super::agenda::{Board, Step};
use super::view::Viewer;
use super::{Intel, IntelAlert, SideIntel, ThreatKind};
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::SideDef;
use crate::sim::calendar::Calendar;
use crate::sim::commands::SimCommand;
use crate::sim::intrigue::plots::{Plot, PlotState};
use crate::sim::politics::congress::CongressVote;
use crate::sim::politics::ruler::Ruler;
use crate::sim::politics::speeches::congress_in_session;
use bevy::prelude::*;

/// Why the plenum cannot be called now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallRefusal {
    /// The side was told of no plenum being whipped by this plot.
    NoWarning,
    /// Only the leader's side calls the plenum.
    NotRuling,
    /// The Congress sits: the plenum meets once it has voted.
    CongressSitting,
    /// The plot has struck or been broken already.
    AlreadySat,
}

impl CallRefusal {
    pub fn reason(self) -> String {
        match self {
            CallRefusal::NoWarning => {
                "your side has no warning of a plenum being whipped by that plot".into()
            }
            CallRefusal::NotRuling => {
                "only the leader's side can call the plenum, and your side does not rule".into()
            }
            CallRefusal::CongressSitting => {
                "the Congress is sitting: no plenum can be called until it has voted".into()
            }
            CallRefusal::AlreadySat => "that plot has already struck or been broken".into(),
        }
    }
}

/// The check calling the plenum on `plot` meets, in its order: the side was warned of
/// it, the side rules, the Congress does not sit, and the plot has not struck yet. The
/// agenda asks the same.
pub fn call_refusal(
    known: &SideIntel,
    plot: &str,
    rules: bool,
    sitting: bool,
    sat: bool,
) -> Option<CallRefusal> {
    let warned = known
        .alerts
        .iter()
        .any(|a| a.kind == ThreatKind::Plenum && a.plot.as_deref() == Some(plot));
    if !warned {
        Some(CallRefusal::NoWarning)
    } else if !rules {
        Some(CallRefusal::NotRuling)
    } else if sitting {
        Some(CallRefusal::CongressSitting)
    } else if sat {
        Some(CallRefusal::AlreadySat)
    } else {
        None
    }
}

/// Whether the Congress sits today.
fn sitting(world: &World, data: &ScenarioData) -> bool {
    let voted = world.resource::<CongressVote>().date.is_some();
    congress_in_session(data, world.resource::<Calendar>(), voted)
}

/// Whether `plot` is known to the world and no longer active. A rumoured plot that
/// never was has not sat: the plenum is called on nothing.
fn sat(plots: impl Iterator<Item = (String, PlotState)>, plot: &str) -> bool {
    plots
        .into_iter()
        .any(|(id, state)| id == plot && state != PlotState::Active)
}

/// Carries out the call, its refusals first.
pub(super) fn call(
    world: &mut World,
    data: &ScenarioData,
    side: &str,
    plot: &str,
) -> Result<(), String> {
    let faction = data
        .side(side)
        .map(|s| s.faction.clone())
        .unwrap_or_default();
    let ruler = world.resource::<Ruler>().clone();
    let rules = ruler.faction.as_ref() == Some(&faction);
    let plots: Vec<Plot> = world.query::<&Plot>().iter(world).cloned().collect();
    let known = world
        .resource::<Intel>()
        .side(side)
        .cloned()
        .unwrap_or_default();
    let sat = sat(plots.iter().map(|p| (p.id.clone(), p.state)), plot);
    if let Some(r) = call_refusal(&known, plot, rules, sitting(world, data), sat) {
        return Err(r.reason());
    }
    let name = |id: &str| {
        data.figure(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let leader_id = ruler.figure.map(|f| f.to_string()).unwrap_or_default();
    let leader = name(&leader_id);
    let Some(p) = plots.iter().find(|p| p.id == plot) else {
        // A rumour: no one rises, and the side learns it was told a tale.
        super::orders::note(
            world,
            Line::PlenumCalledOnNothing,
            &[("leader", &leader)],
            &leader_id,
        );
        return Ok(());
    };
    super::orders::note(
        world,
        Line::PlenumCalledFirst,
        &[
            ("leader", &leader),
            ("organiser", &name(p.organiser.as_str())),
        ],
        &leader_id,
    );
    crate::sim::intrigue::orders::strike_at_once(world, plot);
    Ok(())
}

/// The agenda's offer to call the plenum the warning `t` speaks of: with the side's
/// count of the votes, and the refusal when it cannot be called. The AI takes it only
/// when it counts the plot short.
pub(super) fn call_first(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    t: &IntelAlert,
) -> Option<Step> {
    let plot = t.plot.as_deref()?;
    let intel = world.resource::<Intel>().clone();
    let known = intel.side(side.id.as_str()).cloned().unwrap_or_default();
    let rules = board.ruler.faction.as_ref() == Some(&side.faction);
    let sat = sat(board.plots.iter().map(|p| (p.id.clone(), p.state)), plot);
    let refused = call_refusal(&known, plot, rules, sitting(world, data), sat);
    if refused == Some(CallRefusal::NoWarning) {
        return None;
    }
    // The plot's men as the side was told of them.
    let plotters: Vec<String> = std::iter::once(t.subject.clone())
        .chain(t.also.iter().cloned())
        .collect();
    let plot_faction = board.faction(&t.subject).unwrap_or_default().to_string();
    let viewer = Viewer::Side {
        id: side.id.to_string(),
        faction: side.faction.to_string(),
    };
    let (yes, no) =
        super::strike::plenum_count(data, board, &viewer, &intel, (&plotters, &plot_faction));
    let organiser = board.name(&t.subject);
    Some(Step {
        text: board.say(Line::AgendaCallPlenum, &[("organiser", &organiser)]),
        why: board.say(
            Line::AgendaCallPlenumWhy,
            &[
                ("organiser", &organiser),
                ("yes", &yes.to_string()),
                ("no", &no.to_string()),
            ],
        ),
        command: Some(SimCommand::CallPlenum {
            plot: plot.to_string(),
        }),
        odds: None,
        answers_threat: refused.is_none() && yes < no,
        refused: refused.map(|r| r.reason()),
    })
}
