//! The AI's answers to what its side learns: the same moves the agenda offers a player,
//! taken from the side's own agenda, so it reads only what its side knows.

use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::commands::{CommandQueue, Side, SimCommand};
use crate::sim::intel::agenda::{Agendas, Step};
use crate::sim::intel::{Intel, ThreatKind};
use bevy::prelude::*;

/// Moves answering a threat that the AI takes at once.
const THREAT_MOVES: usize = 2;
/// Favours an AI side keeps in hand before spending on its position.
const FAVOURS_KEPT: u32 = 8;

/// The agenda's moves that answer the threat `side` knows of, when news of it is fresh
/// (told since yesterday) and once a week while it stands: what a player who heeds his
/// alerts would do.
pub fn threat_answers(
    agendas: &Agendas,
    intel: &Intel,
    side: &str,
    today: crate::model::Date,
) -> Vec<SimCommand> {
    // Fresh news is answered at once; a threat still standing, once a week.
    let fresh = intel.side(side).is_some_and(|s| {
        s.alerts
            .iter()
            .any(|a| a.kind != ThreatKind::Trial && a.date.days_until(today) <= 1)
    });
    if !fresh && today.to_days().rem_euclid(7) != 0 {
        return Vec::new();
    }
    agendas
        .0
        .get(side)
        .map(|a| {
            a.steps
                .iter()
                .filter(|s| s.answers_threat && s.refused.is_none())
                .filter_map(|s| s.command.clone())
                .take(THREAT_MOVES)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a general step is one the AI takes for its side in quiet times: buying eyes
/// and files. It wins men over only to answer a threat, never starts or grows plots
/// (the world's own plots do that for it), and never uses a file: those are a
/// player's weapons, and the AI's quiet months leave the council's votes as they were.
fn ai_takes(step: &Step) -> bool {
    matches!(
        step.command,
        Some(SimCommand::PlaceInformer { .. } | SimCommand::GatherKompromat { .. })
    )
}

/// For every side the AI plays: the answers to fresh warnings, daily; and on the first
/// of the month, one move for its position when it has favours to spare.
pub fn counter_moves(
    info: Res<RunInfo>,
    calendar: Res<Calendar>,
    agendas: Res<Agendas>,
    intel: Res<Intel>,
    mut queue: ResMut<CommandQueue>,
) {
    if calendar.hour != 0 {
        return;
    }
    for (side, agenda) in &agendas.0 {
        if info.player_side.as_ref().map(|s| s.as_str()) == Some(side.as_str()) {
            continue;
        }
        // Each move is checked against the favours the side holds as the tick began:
        // two in one tick must not spend more than it has.
        let mut favours = intel.side(side).map_or(0, |s| s.favours);
        let mut afford = |c: &SimCommand| {
            let cost = favour_cost(c);
            let ok = cost <= favours;
            if ok {
                favours -= cost;
            }
            ok
        };
        for c in threat_answers(&agendas, &intel, side, calendar.date) {
            if afford(&c) {
                queue.push(Side::AiFor(side.into()), c);
            }
        }
        let spare = intel.side(side).is_some_and(|s| s.favours > FAVOURS_KEPT);
        let spend = (calendar.date.day == 1 && spare)
            .then(|| {
                (agenda.steps.iter())
                    .filter(|s| !s.answers_threat && s.refused.is_none() && ai_takes(s))
                    .find_map(|s| s.command.clone())
            })
            .flatten();
        if let Some(c) = spend.filter(|c| afford(c)) {
            queue.push(Side::AiFor(side.into()), c);
        }
    }
}

/// The favours a command spends (the intelligence moves' costs; none for the others).
fn favour_cost(c: &SimCommand) -> u32 {
    use crate::sim::intel::orders::IntelOrder as O;
    let order = match c.clone() {
        SimCommand::ExposePlot { plot } => O::ExposePlot { plot },
        SimCommand::WinOver { figure } => O::WinOver { figure },
        SimCommand::GatherKompromat { figure } => O::GatherKompromat { figure },
        SimCommand::PlaceInformer { figure } => O::PlaceInformer { figure },
        SimCommand::Flee { figure } => O::Flee { figure },
        _ => return 0,
    };
    order.cost()
}
