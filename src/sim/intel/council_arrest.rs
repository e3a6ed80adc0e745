//! Putting a plotter's arrest to the council: a leader whose side does not hold the
//! police can still have the council hand the organiser over, for its decision binds
//! the police. The vote's odds are the council's own, as the politics panel shows them.

use super::IntelAlert;
use super::agenda::{Board, Step};
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::SideDef;
use crate::sim::commands::SimCommand;
use crate::sim::politics::council::{Chamber, Motion, council_members};
use bevy::prelude::*;

/// The odds from which the council's arrest answers a threat: more likely to pass than
/// not, for a failed motion costs the mover.
const PASSES: f64 = 0.5;

/// The step that puts the organiser of the threat `t` before the council, when the
/// side's own leader sits in it. It answers the threat when the warning is firm and the
/// motion is likelier to pass than to fail.
pub(super) fn step(
    world: &mut World,
    board: &Board,
    side: &SideDef,
    t: &IntelAlert,
) -> Option<Step> {
    let leader = board.ruler.figure.clone()?;
    if board.faction(leader.as_str()) != Some(side.faction.as_str()) || !board.free(&t.subject) {
        return None;
    }
    let chamber = Chamber::from_world(world)?;
    if !council_members(&chamber.data, &chamber.offices).contains(&leader) {
        return None;
    }
    let motion = Motion::Arrest {
        figure: t.subject.clone(),
    };
    let pass = chamber.odds(leader.as_str(), &motion).pass;
    let council = chamber.data.council_name();
    let who = board.name(&t.subject);
    Some(Step {
        text: board.say(
            Line::AgendaCouncilArrest,
            &[("figure", &who), ("council", &council)],
        ),
        why: board.say(Line::AgendaCouncilArrestWhy, &[("council", &council)]),
        command: Some(SimCommand::Propose {
            by: FigureId::from(leader.as_str()),
            motion,
        }),
        odds: Some(pass as f32),
        answers_threat: t.firm && pass > PASSES,
        refused: None,
    })
}
