//! Striking first, fleeing, meeting a march: the moves a side takes when it learns,
//! from its own alerts, that a blow is near. The ruling side arrests the plot's
//! organiser before he moves; a side out of power whose men are listed strikes with its
//! own plot if it counts enough behind it; a man who cannot otherwise be saved tries
//! to get abroad; a march is met with loyal units and its commander arrested. Each is
//! the order a player gives, judged only from what the side knows.

use super::agenda::{Board, Step};
use super::flight::{flight_factors, flight_odds, odds_words};
use super::moves::{guard, intel_command, to_ground};
use super::orders::{IntelOrder, refusal};
use super::view::{Viewer, seen_loyalty};
use super::{Intel, IntelAlert, SideIntel, ThreatKind};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::InstitutionId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::SideDef;
use crate::sim::commands::SimCommand;
use crate::sim::forces::units::{Unit, UnitState, follows};
use crate::sim::intrigue::coups::plenum_seats;
use crate::sim::intrigue::orders::arrest_refusal;
use crate::sim::intrigue::paranoia::Suspicion;
use crate::sim::intrigue::plots::{PlotGoal, PlotState};
use crate::sim::intrigue::week::is_adult;
use crate::sim::politics::institutions::Institution;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Days left, as the warning gave them, under which a blow is near enough to strike
/// first.
pub const NEAR_DAYS: i64 = 30;
/// The least chance of getting abroad at which the AI tries it.
pub const FLIGHT_WORTH: f32 = 0.25;
/// Days left, as the warning gave them, under which the AI gets a listed man abroad:
/// weeks before, the list may yet pass him over, and a flight is for good.
pub const FLIGHT_DAYS: i64 = 10;

/// Whether the days `t` gave are down to `days` or fewer.
fn within(t: &IntelAlert, today: crate::model::Date, days: i64) -> bool {
    let age = t.date.days_until(today).max(0);
    t.days_left
        .is_some_and(|(lo, _)| i64::from(lo) - age <= days)
}

/// Whether the blow `t` warns of is near, as the side was told: a plenum being whipped
/// or troops readied (a plot at work in the open), or the days it gave nearly gone.
pub fn near(t: &IntelAlert, today: crate::model::Date) -> bool {
    matches!(t.kind, ThreatKind::Plenum | ThreatKind::Troops) || within(t, today, NEAR_DAYS)
}

/// The moves that strike first, flee or meet a march, for the threat `t`.
pub(super) fn first(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    known: &SideIntel,
    t: &IntelAlert,
    steps: &mut Vec<Step>,
) {
    let near = near(t, board.date);
    match t.kind {
        ThreatKind::Plot | ThreatKind::Plenum | ThreatKind::Troops if near => {
            steps.extend(arrest_first(world, data, board, side, t));
            if t.kind == ThreatKind::Plenum {
                steps.extend(super::plenum::call_first(world, data, board, side, t));
            }
        }
        ThreatKind::ArrestList => {
            let struck = if near {
                own_strike(world, data, board, side)
            } else {
                None
            };
            let saved = struck.is_some() || ground_answers(known, board, side, &t.subject);
            steps.extend(struck);
            // Nobody leaves his country for good on gossip, nor while weeks are left:
            // the AI flees a listed man only on a firm word, once his days are nearly
            // gone (a player may still choose to).
            let last_days = within(t, board.date, FLIGHT_DAYS);
            steps.extend(flight(
                world,
                board,
                side,
                known,
                &t.subject,
                !saved && t.firm && last_days,
            ));
        }
        ThreatKind::Exposed => {
            let ready = t
                .plot
                .as_ref()
                .and_then(|id| board.plots.iter().find(|p| &p.id == id))
                .is_some_and(|p| p.progress >= super::moves::STRIKE_READY);
            let saved = ready || ground_answers(known, board, side, &t.subject);
            steps.extend(flight(world, board, side, known, &t.subject, !saved));
        }
        // The ruler's men answer a march with force; the others guard, as before.
        ThreatKind::March
            if board.ruler.faction.as_ref().map(FactionId::as_str)
                == Some(side.faction.as_str()) =>
        {
            steps.extend(meet(world, data, board, side, &t.subject));
        }
        _ => {}
    }
}

/// Whether going to ground would answer for `who`: the side can spare his posts.
fn ground_answers(known: &SideIntel, board: &Board, side: &SideDef, who: &str) -> bool {
    to_ground(known, board, side, who, String::new(), String::new())
        .is_some_and(|s| s.answers_threat)
}

/// The ruling side arrests the organiser before he moves: the blow is near, and waiting
/// for proof costs more than a mistake, on a firm word, or on gossip once the leader is
/// as frightened as a purge of the army needs.
fn arrest_first(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    t: &IntelAlert,
) -> Option<Step> {
    let adult = data
        .figure(&t.subject)
        .is_some_and(|f| is_adult(board.date.year, f.born));
    let police = board.police.as_deref();
    if arrest_refusal(
        police,
        Some(side.faction.as_str()),
        board.free(&t.subject),
        adult,
    )
    .is_some()
    {
        return None;
    }
    // On gossip alone only a leader whose fear has grown past the point where the purge
    // itself takes commanders on suspicion; below it he waits for a firm word.
    let paranoia = world
        .resource::<crate::sim::intrigue::paranoia::Paranoia>()
        .value;
    if !t.firm && paranoia < crate::sim::intrigue::purges::ARMY_PURGE_PARANOIA {
        return None;
    }
    let age = t.date.days_until(board.date).max(0);
    let left = t.days_left.map_or_else(
        || board.say(Line::LeftMonths, &[]),
        |(lo, hi)| {
            let lo = (i64::from(lo) - age).max(1) as u32;
            let hi = (i64::from(hi) - age).max(i64::from(lo) + 1) as u32;
            super::watch::left_words(data, (lo, hi))
        },
    );
    let suspicion = world
        .resource::<Suspicion>()
        .0
        .get(&t.subject)
        .copied()
        .unwrap_or(0.0);
    let who = board.name(&t.subject);
    Some(Step {
        text: board.say(Line::AgendaStrikeArrest, &[("figure", &who)]),
        why: board.say(
            Line::AgendaStrikeArrestWhy,
            &[("left", &left), ("suspicion", &format!("{suspicion:.0}"))],
        ),
        command: Some(SimCommand::Arrest {
            figure: t.subject.clone().into(),
        }),
        odds: None,
        answers_threat: true,
        refused: None,
    })
}

/// A side out of power whose men are listed strikes with its own plot, if the plot is
/// ready enough to strike at all (as "strike now" asks) and it counts enough behind it
/// by what it sees: a plot of a few weeks thrown at the dacha is a massacre.
fn own_strike(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
) -> Option<Step> {
    let faction = side.faction.as_str();
    if board.ruler.faction.as_ref().map(FactionId::as_str) == Some(faction) {
        return None;
    }
    let plot = board.plots.iter().find(|p| {
        p.state == PlotState::Active
            && p.progress >= super::moves::STRIKE_READY
            && board.faction(p.organiser.as_str()) == Some(faction)
    })?;
    let intel = world.resource::<Intel>().clone();
    let viewer = Viewer::Side {
        id: side.id.to_string(),
        faction: faction.to_string(),
    };
    let (strong, count) = match plot.goal {
        PlotGoal::RemoveLeader => {
            let plotters: Vec<String> = std::iter::once(plot.organiser.to_string())
                .chain(plot.members.iter().map(|m| m.to_string()))
                .collect();
            let (yes, no) = plenum_count(data, board, &viewer, &intel, (&plotters, faction));
            (
                yes > no,
                board.say(
                    Line::AgendaPlenumCount,
                    &[("yes", &yes.to_string()), ("no", &no.to_string())],
                ),
            )
        }
        PlotGoal::Coup => {
            let men = garrison(world, data, board);
            let ours = men.get(faction).copied().unwrap_or(0);
            let theirs = (board.ruler.faction.as_ref())
                .and_then(|f| men.get(f.as_str()))
                .copied()
                .unwrap_or(0);
            // Not every regiment called out marches, and some turn on the plotters: the
            // side counts on those likely to march against the leader's and the turned.
            let (marching, turning) = likely_to_march(world, data, board, plot, faction);
            (
                marching > theirs + turning,
                board.say(
                    Line::AgendaGarrisonCount,
                    &[
                        ("ours", &crate::model::grouped(ours)),
                        ("marching", &crate::model::grouped(marching)),
                        ("theirs", &crate::model::grouped(theirs)),
                    ],
                ),
            )
        }
    };
    let who = board.name(plot.organiser.as_str());
    Some(Step {
        text: board.say(Line::AgendaStrikeFirst, &[("figure", &who)]),
        why: board.say(
            Line::AgendaStrikeFirstWhy,
            &[
                ("count", &count),
                ("ready", &format!("{:.0}", plot.progress)),
            ],
        ),
        command: Some(SimCommand::StrikePlot {
            plot: plot.id.clone(),
        }),
        odds: None,
        answers_threat: true,
        refused: None,
    })
    .filter(|_| strong)
}

/// A plenum as the side counts it: the plot's men (`plotters`, of `plot_faction`) vote
/// with the plot; every other free member by his loyalties as the side sees them, with
/// the rule the plenum votes by. For the plot, then against it.
pub(super) fn plenum_count(
    data: &ScenarioData,
    board: &Board,
    viewer: &Viewer,
    intel: &Intel,
    (plotters, faction): (&[String], &str),
) -> (u32, u32) {
    if !matches!(viewer, Viewer::Side { .. }) {
        return (0, 0);
    }
    let leader = board.ruler.faction.clone().unwrap_or_default();
    let mut members: Vec<FigureId> = board
        .offices
        .iter()
        .filter(|o| plenum_seats(data).contains(&o.key))
        .flat_map(|o| o.holders.iter().cloned())
        .filter(|m| board.free(m.as_str()))
        .collect();
    members.sort();
    members.dedup();
    let seen = |m: &str, f: &str| {
        let (lo, hi) = seen_loyalty(
            viewer,
            intel,
            m,
            board.faction(m),
            f,
            board.loyalty(m, f),
            board.date,
        );
        (lo + hi) / 2.0
    };
    let (mut yes, mut no) = (0, 0);
    for m in &members {
        let plotter = plotters.iter().any(|p| m == p);
        if plotter || seen(m.as_str(), faction) + 20.0 > seen(m.as_str(), leader.as_str()) {
            yes += 1;
        } else {
            no += 1;
        }
    }
    (yes, no)
}

/// The men in the capital's units, by the faction they follow.
fn garrison(world: &mut World, data: &ScenarioData, board: &Board) -> BTreeMap<String, u32> {
    let controllers = controllers(world);
    let mut men = BTreeMap::new();
    for (u, st) in world.query::<(&Unit, &UnitState)>().iter(world) {
        if !data.scenario.capital.contains(&st.location) {
            continue;
        }
        if let Some(f) = follower(board, &controllers, u, st) {
            *men.entry(f).or_default() += st.men;
        }
    }
    men
}

/// The men in the capital following `faction` that would likely march with `plot`, and
/// those likely to turn on it: each unit's men weighed by the coups' own odds.
fn likely_to_march(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    plot: &crate::sim::intrigue::plots::Plot,
    faction: &str,
) -> (u32, u32) {
    use crate::sim::intrigue::regiments::{TURN_CHANCE, follow_chance};
    let controllers = controllers(world);
    let leader_popularity = (board.ruler.figure.as_ref())
        .and_then(|r| board.standing(r.as_str()))
        .map_or(50.0, |s| s.popularity);
    let (mut men, mut turning) = (0.0, 0.0);
    for (u, st) in world.query::<(&Unit, &UnitState)>().iter(world) {
        if !data.scenario.capital.contains(&st.location)
            || follower(board, &controllers, u, st).as_deref() != Some(faction)
        {
            continue;
        }
        let commander = st.commander.as_ref().map(FigureId::as_str);
        let known = commander.and_then(|c| {
            let popularity = board.standing(c)?.popularity;
            let military = data.figure(c).map_or(0.0, |f| f32::from(f.skills.military));
            Some((popularity, military))
        });
        let in_plot =
            commander.is_some_and(|c| plot.organiser == c || plot.members.iter().any(|m| m == c));
        let odds = follow_chance(known, in_plot, leader_popularity);
        men += st.men as f32 * odds;
        if !in_plot {
            turning += st.men as f32 * (1.0 - odds) * TURN_CHANCE;
        }
    }
    (men.round() as u32, turning.round() as u32)
}

/// Who controls each institution, by id: what `follower` needs.
pub(super) fn controllers(world: &mut World) -> BTreeMap<InstitutionId, Option<FactionId>> {
    world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect()
}

/// The faction a unit follows, as the side's board sees its commander.
pub(super) fn follower(
    board: &Board,
    controllers: &BTreeMap<InstitutionId, Option<FactionId>>,
    u: &Unit,
    st: &UnitState,
) -> Option<String> {
    follows(
        st,
        u,
        |c| {
            board
                .free(c)
                .then(|| board.faction(c).map(str::to_string))
                .flatten()
        },
        |i| {
            controllers
                .get(i)
                .cloned()
                .flatten()
                .map(FactionId::into_string)
        },
    )
}

/// Getting one's man abroad: offered for every listed or exposed man of the side; an
/// answer the AI takes only where nothing else saves him, the odds are worth it, and
/// he is not the man the side's goal names.
fn flight(
    world: &mut World,
    board: &Board,
    side: &SideDef,
    known: &SideIntel,
    who: &str,
    only_way: bool,
) -> Option<Step> {
    use crate::scenario::events::Condition;
    let order = IntelOrder::Flee { figure: who.into() };
    let faction = side.faction.as_str();
    if refusal(&order, known, faction, board.standing(who), false, true).is_some() {
        return None;
    }
    let odds = flight_odds(flight_factors(world, who, faction), &board.words);
    let named = side.victory.iter().any(|c| match c {
        Condition::Free(f) | Condition::Rules(f) => f == who,
        _ => false,
    });
    let why = board.say(
        Line::AgendaFleeWhy,
        &[("odds", &odds_words(&odds, &board.words))],
    );
    Some(Step {
        text: board.say(Line::AgendaFlee, &[("figure", &board.name(who))]),
        why: board.say(Line::AgendaCostOne, &[("why", &why)]),
        command: Some(intel_command(order)),
        odds: Some(odds.total),
        answers_threat: only_way && !named && odds.total >= FLIGHT_WORTH,
        refused: None,
    })
}

/// Meeting a march the side saw: its largest loyal unit standing elsewhere to the
/// place the marchers are bound for, and, where its police allow, the arrest of their
/// commander. The coup site's guard follows as before.
fn meet(
    world: &mut World,
    data: &ScenarioData,
    board: &Board,
    side: &SideDef,
    marcher: &str,
) -> Vec<Step> {
    let faction = side.faction.as_str();
    let controllers = controllers(world);
    let mut units: Vec<(Unit, UnitState)> = world
        .query::<(&Unit, &UnitState)>()
        .iter(world)
        .map(|(u, s)| (u.clone(), s.clone()))
        .collect();
    units.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let Some((mu, ms)) = units.iter().find(|(u, _)| u.id == marcher) else {
        return guard(world, data, board, side, None);
    };
    let Some(site) = ms.march.as_ref().map(|m| m.to.clone()) else {
        return guard(world, data, board, side, None);
    };
    let site_name = data.place_name(&site);
    let mut out = Vec::new();
    let ours = units
        .iter()
        .filter(|(u, st)| u.id != mu.id && st.men > 0 && st.location != site)
        .filter(|(_, st)| st.march.as_ref().is_none_or(|m| m.to != site))
        .filter(|(u, st)| follower(board, &controllers, u, st).as_deref() == Some(faction))
        .max_by(|a, b| a.1.men.cmp(&b.1.men).then(b.0.id.cmp(&a.0.id)));
    if let Some((u, st)) = ours {
        out.push(Step {
            text: board.say(
                Line::AgendaMeet,
                &[
                    ("unit", &u.name),
                    ("site", &site_name),
                    ("marcher", &mu.name),
                ],
            ),
            why: board.say(
                Line::AgendaMeetWhy,
                &[
                    ("men", &st.men.to_string()),
                    ("their_men", &ms.men.to_string()),
                ],
            ),
            command: Some(SimCommand::MoveUnit {
                unit: u.id.clone(),
                to: site.clone(),
            }),
            odds: None,
            answers_threat: true,
            refused: None,
        });
    }
    if let Some(c) = ms.commander.as_ref().map(FigureId::as_str) {
        let adult = data
            .figure(c)
            .is_some_and(|f| is_adult(board.date.year, f.born));
        let allowed =
            arrest_refusal(board.police.as_deref(), Some(faction), board.free(c), adult).is_none();
        if allowed && board.faction(c) != Some(faction) {
            out.push(Step {
                text: board.say(
                    Line::AgendaArrestCommander,
                    &[("figure", &board.name(c)), ("unit", &mu.name)],
                ),
                why: board.say(Line::AgendaArrestCommanderWhy, &[]),
                command: Some(SimCommand::Arrest { figure: c.into() }),
                odds: None,
                answers_threat: true,
                refused: None,
            });
        }
    }
    out.extend(guard(world, data, board, side, None));
    out
}
