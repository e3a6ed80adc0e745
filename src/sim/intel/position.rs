//! The moves that build a side's position when no threat presses: the rostrum while
//! the Congress sits, and for a side out of power, its own plot.

use super::agenda::{Board, Step};
use crate::model::FactionId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::sim::commands::SimCommand;
use crate::sim::intrigue::plots::{PlotState, recruit_odds};
use crate::sim::intrigue::week::is_adult;
use crate::sim::people::Standing;
use bevy::prelude::*;

/// While the Congress sits: the side's best speaker, not yet heard, to the rostrum (the
/// leader's men praise him, the others criticise). `None` once the Congress has voted.
pub(super) fn congress_speech(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    faction: &str,
    rules: bool,
) -> Option<Step> {
    use crate::sim::politics::speeches::{SpeechTheme, congress_in_session, speech_weight};
    let voted = world
        .resource::<crate::sim::politics::congress::CongressVote>()
        .date
        .is_some();
    let calendar = world.resource::<crate::sim::calendar::Calendar>().clone();
    if !congress_in_session(data, &calendar, voted) {
        return None;
    }
    let politics = world.resource::<crate::sim::politics::Politics>();
    if politics
        .speeches
        .iter()
        .any(|s| board.faction(&s.figure) == Some(faction))
    {
        return Some(Step {
            text: board.say(Line::AgendaSpoken, &[]),
            why: board.say(Line::AgendaSpokenWhy, &[]),
            command: None,
            odds: None,
            answers_threat: false,
            refused: None,
        });
    }
    let speaker = board
        .people
        .iter()
        .filter(|(id, (_, s))| {
            s.status.can_act()
                && s.faction.as_ref().map(FactionId::as_str) == Some(faction)
                && board.ruler.figure() != Some(id.as_str())
                && !politics.has_spoken(id)
        })
        .max_by(|a, b| {
            let w = |id: &str, s: &Standing| {
                speech_weight(data.figure(id).map(|f| f.skills.political), s.popularity)
            };
            w(a.0, &a.1.1).total_cmp(&w(b.0, &b.1.1)).then(b.0.cmp(a.0))
        })
        .map(|(id, _)| id.clone())?;
    let (theme, why) = if rules {
        (SpeechTheme::Praise, Line::AgendaPraiseWhy)
    } else {
        (SpeechTheme::Criticism, Line::AgendaCriticismWhy)
    };
    Some(Step {
        text: board.say(Line::AgendaSpeaks, &[("figure", &board.name(&speaker))]),
        why: board.say(why, &[]),
        command: Some(SimCommand::Speak {
            figure: speaker.into(),
            theme,
        }),
        odds: None,
        answers_threat: false,
        refused: None,
    })
}

/// For a side out of power: start a plot, or grow the one it has.
pub(super) fn own_plot(data: &ScenarioData, board: &Board, faction: &str, steps: &mut Vec<Step>) {
    let in_plot = |id: &str| {
        board.plots.iter().any(|p| {
            p.state == PlotState::Active && (p.organiser == id || p.members.iter().any(|m| m == id))
        })
    };
    let ours = board.plots.iter().find(|p| {
        p.state == PlotState::Active && board.faction(p.organiser.as_str()) == Some(faction)
    });
    let adult = |id: &str| {
        data.figure(id)
            .is_some_and(|f| is_adult(board.date.year, f.born))
    };
    match ours {
        None => {
            let organiser = board
                .people
                .iter()
                .filter(|(id, (_, s))| {
                    s.status.can_act()
                        && s.faction.as_ref().map(FactionId::as_str) == Some(faction)
                        && adult(id)
                        && !in_plot(id)
                })
                .max_by_key(|(id, _)| {
                    (
                        data.figure(id).map_or(0, |f| f.skills.political),
                        std::cmp::Reverse((*id).clone()),
                    )
                })
                .map(|(id, _)| id.clone());
            if let Some(o) = organiser {
                steps.push(Step {
                    text: board.say(Line::AgendaStartPlot, &[("figure", &board.name(&o))]),
                    why: board.say(Line::AgendaStartPlotWhy, &[]),
                    command: Some(SimCommand::StartPlot {
                        organiser: o.into(),
                        goal: "remove_leader".into(),
                    }),
                    odds: None,
                    answers_threat: false,
                    refused: None,
                });
            }
        }
        Some(p) => {
            let leader_faction = board.ruler.faction.clone().unwrap_or_default();
            let best = board
                .people
                .iter()
                .filter(|(id, (_, s))| {
                    s.status.can_act()
                        && adult(id)
                        && !in_plot(id)
                        && board.ruler.figure() != Some(id.as_str())
                        && data
                            .figure(id)
                            .is_some_and(|f| f.skills.political + f.skills.military >= 5)
                })
                .map(|(id, (_, s))| {
                    (
                        recruit_odds(s, faction, leader_faction.as_str()).0.total,
                        id,
                    )
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)));
            if let Some((odds, id)) = best {
                steps.push(Step {
                    text: board.say(
                        Line::AgendaAsk,
                        &[
                            ("figure", &board.name(id)),
                            ("organiser", &board.name(p.organiser.as_str())),
                        ],
                    ),
                    why: board.say(
                        Line::AgendaAskWhy,
                        &[("ready", &format!("{:.0}", p.progress))],
                    ),
                    command: Some(SimCommand::Recruit {
                        plot: p.id.clone(),
                        figure: id.into(),
                    }),
                    odds: Some(odds),
                    answers_threat: false,
                    refused: None,
                });
            }
        }
    }
}
