//! The moves an agenda offers: the answers to the threat a side knows of, and the
//! moves that build its position, each checked as its order will be.

use super::agenda::{Board, Step};
use super::orders::{IntelOrder, cost_refusal, means_refusal, move_odds};
use super::{IntelAlert, SideIntel, ThreatKind};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::UnitId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::SideDef;
use crate::sim::commands::SimCommand;
use crate::sim::forces::movement::Travel;
use crate::sim::forces::units::{Unit, UnitState};
use crate::sim::intrigue::coups::plenum_seats;
use crate::sim::intrigue::orders::{arrest_refusal, pardon_refusal};
use crate::sim::intrigue::week::is_adult;
use crate::sim::people::Standing;
use crate::sim::politics::congress::PendingDecisions;
use bevy::prelude::*;

pub(super) fn intel_step(
    known: &SideIntel,
    board: &Board,
    faction: &str,
    order: IntelOrder,
    text: String,
    why: String,
    answers_threat: bool,
) -> Option<Step> {
    let target = match &order {
        IntelOrder::ExposePlot { .. } | IntelOrder::CallPlenum { .. } => None,
        IntelOrder::WinOver { figure }
        | IntelOrder::GatherKompromat { figure }
        | IntelOrder::Blackmail { figure }
        | IntelOrder::PlaceInformer { figure }
        | IntelOrder::LieLow { figure }
        | IntelOrder::Flee { figure } => board.standing(figure.as_str()),
    };
    let plot_known = match &order {
        IntelOrder::ExposePlot { plot } => known.knows_plot(plot),
        _ => true,
    };
    let holds_office = match &order {
        IntelOrder::LieLow { figure } => board.holds_office(figure.as_str()),
        _ => true,
    };
    // A man who already owes the side needs no second favour yet.
    if let IntelOrder::WinOver { figure } = &order
        && known.owed.get(figure.as_str()).is_some_and(|n| *n > 0)
    {
        return None;
    }
    // Refused for its means, the move is not offered; short only of favours, it is
    // shown greyed with the reason (they come monthly).
    if means_refusal(&order, known, faction, target, plot_known, holds_office).is_some() {
        return None;
    }
    let refused = cost_refusal(&order, known);
    let loyalty = target.map_or(0.0, |s| s.loyalty.get(faction).copied().unwrap_or(0.0));
    let odds = move_odds(&order, known.intelligence, loyalty);
    let cost = order.cost();
    let why = match cost {
        0 => why,
        1 => board.say(Line::AgendaCostOne, &[("why", &why)]),
        n => board.say(Line::AgendaCost, &[("why", &why), ("n", &n.to_string())]),
    };
    Some(Step {
        text,
        why,
        command: Some(intel_command(order)),
        odds: (odds < 1.0).then_some(odds),
        answers_threat,
        refused,
    })
}

pub(super) fn intel_command(order: IntelOrder) -> SimCommand {
    match order {
        IntelOrder::ExposePlot { plot } => SimCommand::ExposePlot { plot },
        IntelOrder::WinOver { figure } => SimCommand::WinOver { figure },
        IntelOrder::GatherKompromat { figure } => SimCommand::GatherKompromat { figure },
        IntelOrder::Blackmail { figure } => SimCommand::Blackmail { figure },
        IntelOrder::PlaceInformer { figure } => SimCommand::PlaceInformer { figure },
        IntelOrder::LieLow { figure } => SimCommand::LieLow { figure },
        IntelOrder::Flee { figure } => SimCommand::Flee { figure },
        IntelOrder::CallPlenum { plot } => SimCommand::CallPlenum { plot },
    }
}

/// The plenum member the side could most easily win over: free, not its own, and the
/// nearest to voting with it.
fn wavering_member(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    faction: &str,
    against: Option<&str>,
) -> Option<String> {
    let seats = plenum_seats(data);
    let mut members: Vec<FigureId> = board
        .offices
        .iter()
        .filter(|o| seats.contains(&o.key))
        .flat_map(|o| o.holders.iter().cloned())
        .filter(|m| board.free(m.as_str()) && board.faction(m.as_str()) != Some(faction))
        .collect();
    members.sort();
    members.dedup();
    let _ = world;
    members
        .into_iter()
        .map(|m| {
            let other = match against {
                Some(f) => board.loyalty(m.as_str(), f),
                None => (board.standing(m.as_str()).into_iter())
                    .flat_map(|s| s.loyalty.iter())
                    .filter(|(f, _)| f.as_str() != faction)
                    .map(|(_, v)| *v)
                    .fold(-100.0, f32::max),
            };
            (other - board.loyalty(m.as_str(), faction), m)
        })
        .filter(|(gap, _)| *gap > -25.0 && *gap < 30.0)
        .min_by(|a, b| a.0.abs().total_cmp(&b.0.abs()).then(a.1.cmp(&b.1)))
        .map(|(_, m)| m.into_string())
}

/// The moves that answer the threat.
/// Days left under which a plot is answered at once.
const URGENT_DAYS: u32 = 60;
/// How ready a plot found out must be to strike rather than wait.
pub const STRIKE_READY: f32 = 40.0;
/// An office of this weight is too much to give up to go to ground.
const GREAT_OFFICE: f32 = 3.0;

/// Sending one of the side's men to ground, as an answer. The AI takes it only for a
/// man the side can spare: not one in a great office, and not the man its goal names
/// (`Free` or `Rules` in its victory conditions), whose posts are worth the risk.
pub(super) fn to_ground(
    known: &SideIntel,
    board: &Board,
    side: &SideDef,
    who: &str,
    text: String,
    why: String,
) -> Option<Step> {
    use crate::scenario::events::Condition;
    let named = side.victory.iter().any(|c| match c {
        Condition::Free(f) | Condition::Rules(f) => f == who,
        _ => false,
    });
    let great = (board.offices.iter())
        .any(|o| o.power >= GREAT_OFFICE && o.holders.iter().any(|h| h == who));
    let order = IntelOrder::LieLow { figure: who.into() };
    intel_step(
        known,
        board,
        side.faction.as_str(),
        order,
        text,
        why,
        !named && !great,
    )
}

pub(super) fn answer(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    known: &SideIntel,
    t: &IntelAlert,
    steps: &mut Vec<Step>,
) {
    let faction = side.faction.as_str();
    let who = board.name(&t.subject);
    match t.kind {
        ThreatKind::Plot | ThreatKind::Plenum | ThreatKind::Troops => {
            // What the side's own eyes saw is answered at once; what is only whispered
            // is checked first, and the plenum packed once it nears.
            let urgent =
                t.kind != ThreatKind::Plot || t.days_left.is_some_and(|d| d.0 <= URGENT_DAYS);
            let sure = t.firm;
            if !sure && !known.informers.contains(&t.subject) {
                let why = board.say(Line::AgendaInformerWhy, &[]);
                steps.extend(intel_step(
                    known,
                    board,
                    faction,
                    IntelOrder::PlaceInformer {
                        figure: t.subject.clone().into(),
                    },
                    board.say(Line::AgendaInformer, &[("figure", &who)]),
                    why,
                    true,
                ));
            }
            let police = board.police.as_deref();
            let adult = data
                .figure(&t.subject)
                .is_some_and(|f| is_adult(board.date.year, f.born));
            let police_arrest =
                arrest_refusal(police, Some(faction), board.free(&t.subject), adult);
            if police_arrest.is_some() && adult {
                // Without the police: the council, if the side's leader sits in it.
                steps.extend(super::council_arrest::step(world, board, side, t));
            }
            if police_arrest.is_none() {
                steps.push(Step {
                    text: board.say(Line::AgendaArrest, &[("figure", &who)]),
                    why: board.say(
                        if t.firm {
                            Line::AgendaArrestFirm
                        } else {
                            Line::AgendaArrestGossip
                        },
                        &[],
                    ),
                    command: Some(SimCommand::Arrest {
                        figure: t.subject.clone().into(),
                    }),
                    odds: None,
                    answers_threat: sure,
                    refused: None,
                });
            }
            if let Some(plot) = &t.plot {
                steps.extend(intel_step(
                    known,
                    board,
                    faction,
                    IntelOrder::ExposePlot { plot: plot.clone() },
                    board.say(Line::AgendaExpose, &[("figure", &who)]),
                    board.say(Line::AgendaExposeWhy, &[]),
                    sure,
                ));
            }
            if t.kind == ThreatKind::Troops {
                steps.extend(guard(world, data, board, side, None));
            } else {
                let against = board.faction(&t.subject).map(str::to_string);
                if let Some(m) = wavering_member(world, data, board, faction, against.as_deref()) {
                    steps.extend(intel_step(
                        known,
                        board,
                        faction,
                        IntelOrder::WinOver {
                            figure: m.as_str().into(),
                        },
                        board.say(Line::AgendaWinBeforePlenum, &[("figure", &board.name(&m))]),
                        board.say(Line::AgendaWinVotes, &[]),
                        urgent,
                    ));
                }
            }
        }
        ThreatKind::ArrestList => {
            steps.extend(to_ground(
                known,
                board,
                side,
                &t.subject,
                board.say(Line::AgendaToGround, &[("figure", &who)]),
                board.say(Line::AgendaToGroundForgets, &[]),
            ));
            if let Some(chief) = board
                .chiefs
                .first()
                .filter(|c| board.faction(c) != Some(faction))
            {
                steps.extend(intel_step(
                    known,
                    board,
                    faction,
                    IntelOrder::WinOver {
                        figure: chief.into(),
                    },
                    board.say(Line::AgendaWinChief, &[("figure", &board.name(chief))]),
                    board.say(Line::AgendaWinChiefWhy, &[]),
                    true,
                ));
            }
        }
        ThreatKind::Exposed => {
            if let Some(p) = t
                .plot
                .as_ref()
                .and_then(|id| board.plots.iter().find(|p| &p.id == id))
                && p.progress >= STRIKE_READY
            {
                steps.push(Step {
                    text: board.say(Line::AgendaStrikeNow, &[("figure", &who)]),
                    why: board.say(
                        Line::AgendaStrikeNowWhy,
                        &[("ready", &format!("{:.0}", p.progress))],
                    ),
                    command: Some(SimCommand::StrikePlot { plot: p.id.clone() }),
                    odds: None,
                    answers_threat: true,
                    refused: None,
                });
            }
            steps.extend(to_ground(
                known,
                board,
                side,
                &t.subject,
                board.say(Line::AgendaToGround, &[("figure", &who)]),
                board.say(Line::AgendaToGroundHeadless, &[]),
            ));
        }
        ThreatKind::Trial => {
            let ruling = board.ruler.faction.as_ref().map(FactionId::as_str);
            let status = board.standing(&t.subject).map(|s| s.status);
            // The ruling side's own leader made the arrest: undoing it is no answer.
            let own_purge = ruling == Some(faction);
            if !own_purge
                && pardon_refusal(board.police.as_deref(), Some(faction), ruling, status).is_none()
            {
                steps.push(Step {
                    text: board.say(Line::AgendaPardon, &[("figure", &who)]),
                    why: board.say(Line::AgendaPardonWhy, &[]),
                    command: Some(SimCommand::Pardon {
                        figure: t.subject.clone().into(),
                    }),
                    odds: None,
                    answers_threat: true,
                    refused: None,
                });
            }
        }
        ThreatKind::Recruited => {
            steps.extend(to_ground(
                known,
                board,
                side,
                &t.subject,
                board.say(Line::AgendaToGroundRecruited, &[("figure", &who)]),
                board.say(Line::AgendaToGroundOutOfReach, &[]),
            ));
        }
        ThreatKind::March => {
            let to = bound_for(world, &t.subject);
            steps.extend(guard(world, data, board, side, to.as_deref()));
        }
    }
}

/// Orders to guard the site that matters to the side with one of its units standing
/// elsewhere. The ruling side guards the coup site (its leader's residence) with its
/// largest unit in the capital; a side out of power guards the site a march is bound for
/// (`bound_for`) when it is one of its own (`SideDef::sites`), with its nearest unit.
pub(super) fn guard(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    bound_for: Option<&str>,
) -> Vec<Step> {
    let faction = side.faction.as_str();
    let rules = board.ruler.faction.as_ref().is_some_and(|f| f == faction);
    let site = if rules {
        data.scenario.coup_site.clone()
    } else {
        bound_for
            .filter(|s| side.sites.iter().any(|x| x == s))
            .map(str::to_string)
    };
    let Some(site) = site else {
        return Vec::new();
    };
    let controllers = super::strike::controllers(world);
    // Out of power, one unit at the site or on its way there guards it enough: the
    // side does not strip its other garrisons for each new march it hears of.
    let guarded = !rules
        && world
            .query::<(&Unit, &UnitState)>()
            .iter(world)
            .any(|(u, st)| {
                (st.location == site || st.march.as_ref().is_some_and(|m| m.to == site))
                    && st.men > 0
                    && super::strike::follower(board, &controllers, u, st).as_deref()
                        == Some(faction)
            });
    if guarded {
        return Vec::new();
    }
    let site_name = data
        .common
        .sites
        .iter()
        .find(|s| s.id == site)
        .map_or(site.clone(), |s| s.name.clone());
    let graph = world
        .get_resource::<Travel>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let speed = |kind: &str| {
        (data.common.unit_types.iter())
            .find(|t| t.id == kind)
            .map_or(4.0, |t| t.speed_kmh)
    };
    // Each candidate with its men and, out of power, the hours it needs to get there.
    let mut units: Vec<(UnitId, String, u32, u32)> = world
        .query::<(&Unit, &UnitState)>()
        .iter(world)
        .filter(|(_, st)| st.location != site && st.march.as_ref().is_none_or(|m| m.to != site))
        .filter(|(_, st)| st.men > 0 && (!rules || data.scenario.capital.contains(&st.location)))
        .filter(|(u, st)| {
            super::strike::follower(board, &controllers, u, st).as_deref() == Some(faction)
        })
        .filter_map(|(u, st)| {
            let hours = if rules {
                0
            } else {
                let legs = graph.route(&st.location, &site, speed(&u.kind))?;
                legs.iter().map(|l| l.1).sum()
            };
            Some((u.id.clone(), u.name.clone(), st.men, hours))
        })
        .collect();
    if rules {
        units.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    } else {
        units.sort_by(|a, b| a.3.cmp(&b.3).then(a.0.cmp(&b.0)));
    }
    units
        .into_iter()
        .take(1)
        .map(|(id, name, men, _)| Step {
            text: board.say(Line::AgendaGuard, &[("unit", &name), ("site", &site_name)]),
            why: board.say(Line::AgendaGuardWhy, &[("men", &men.to_string())]),
            command: Some(SimCommand::MoveUnit {
                unit: id,
                to: site.clone(),
            }),
            odds: None,
            answers_threat: true,
            refused: None,
        })
        .collect()
}

/// Where the unit `unit` is marching, or, its march done, where it now stands: a march
/// within the capital ends in the day it sets out.
pub(super) fn bound_for(world: &mut World, unit: &str) -> Option<String> {
    world
        .query::<(&Unit, &UnitState)>()
        .iter(world)
        .find(|(u, _)| u.id == unit)
        .map(|(_, st)| st.march.as_ref().map_or(&st.location, |m| &m.to).clone())
}

/// Decisions waiting for the side.
pub(super) fn decisions(world: &mut World, board: &Board, side: &SideDef, steps: &mut Vec<Step>) {
    let pending = world.resource::<PendingDecisions>();
    for d in pending.items.iter().filter(|d| d.side == side.id).take(1) {
        steps.push(Step {
            text: board.say(Line::AgendaDecide, &[("title", &d.title)]),
            why: board.say(Line::AgendaDecideWhy, &[]),
            command: None,
            odds: None,
            answers_threat: false,
            refused: None,
        });
    }
}

/// The moves that build the side's position when no threat presses.
pub(super) fn general(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    known: &SideIntel,
    rules: bool,
    steps: &mut Vec<Step>,
) {
    let faction = side.faction.as_str();
    // While the Congress sits, the floor is the move: a speech, and no plot.
    if let Some(step) = super::position::congress_speech(world, data, board, faction, rules) {
        steps.push(step);
    } else if rules {
        if let Some(m) = wavering_member(world, data, board, faction, None) {
            steps.extend(intel_step(
                known,
                board,
                faction,
                IntelOrder::WinOver {
                    figure: m.as_str().into(),
                },
                board.say(Line::AgendaWinOver, &[("figure", &board.name(&m))]),
                board.say(Line::AgendaWinOverWhy, &[]),
                false,
            ));
        }
    } else {
        super::position::own_plot(data, board, faction, steps);
    }
    if known.intelligence < 0.45 {
        let target = if rules {
            most_dangerous(board, faction)
        } else {
            board.chiefs.first().cloned()
        };
        if let Some(t) = target {
            steps.extend(intel_step(
                known,
                board,
                faction,
                IntelOrder::PlaceInformer {
                    figure: t.as_str().into(),
                },
                board.say(Line::AgendaInformer, &[("figure", &board.name(&t))]),
                board.say(Line::AgendaSeeInformer, &[]),
                false,
            ));
        }
    }
    if let Some(t) = most_dangerous(board, faction).filter(|t| !known.kompromat.contains(t)) {
        steps.extend(intel_step(
            known,
            board,
            faction,
            IntelOrder::GatherKompromat {
                figure: t.as_str().into(),
            },
            board.say(Line::AgendaDig, &[("figure", &board.name(&t))]),
            board.say(Line::AgendaDigWhy, &[]),
            false,
        ));
    }
    for t in &known.kompromat {
        if board.free(t) {
            steps.extend(intel_step(
                known,
                board,
                faction,
                IntelOrder::Blackmail {
                    figure: t.as_str().into(),
                },
                board.say(Line::AgendaUseFile, &[("figure", &board.name(t))]),
                board.say(Line::AgendaUseFileWhy, &[]),
                false,
            ));
            break;
        }
    }
}

/// The rival most able to hurt the side: free, not its own, the most skilled politician
/// among those who hold office (the first by id among equals).
fn most_dangerous(board: &Board, faction: &str) -> Option<String> {
    board
        .people
        .iter()
        .filter(|(id, (_, s))| {
            s.status.can_act()
                && s.faction.is_some()
                && s.faction.as_ref().map(FactionId::as_str) != Some(faction)
                && board.holds_office(id)
                && board.ruler.figure() != Some(id.as_str())
        })
        .max_by(|a, b| {
            let w = |s: &Standing| s.ambition + s.popularity;
            w(&a.1.1).total_cmp(&w(&b.1.1)).then(b.0.cmp(a.0))
        })
        .map(|(id, _)| id.clone())
}
