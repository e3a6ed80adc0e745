//! Flight abroad: a side's own man, listed for arrest or his plot found out, tries to
//! slip across the frontier. The police's reach, a command far from the capital and
//! being watched make the odds; gone, he is out of the country and his posts fall
//! vacant; caught, he is arrested.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::FigureStatus;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::{ChronicleTemplates, Line};
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::forces::units::UnitState;
use crate::sim::intrigue::paranoia::Paranoia;
use crate::sim::intrigue::police::{police_chiefs, police_controller};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::factions::Breakdown;
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;

/// The chance of a flight with nothing for or against it.
const BASE: f32 = 0.45;
/// What the reach of a hostile police (0..=1) takes off at most.
const REACH: f32 = 0.4;
/// What a command far from the capital adds: the frontier is near and the men his.
const FAR: f32 = 0.2;
/// What being watched takes off.
const WATCHED: f32 = 0.2;
/// The leader's fear at a man gone out of his reach.
const FEAR: f32 = 8.0;
/// The popularity each of the fugitive's faction's men loses.
const FACE: f32 = 4.0;

/// What makes a flight's odds, as anyone can see them: who holds the police and how
/// good they are, where he commands, whether he is watched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FlightFactors {
    /// The hostile police's reach, 0..=1 (none when his own faction holds them).
    pub reach: f32,
    /// He commands troops stationed outside the capital.
    pub far: bool,
    pub watched: bool,
}

/// The chance a flight succeeds, broken down, in the agenda's words (`words`: the
/// chronicle's templates).
pub fn flight_odds(f: FlightFactors, words: &ChronicleTemplates) -> Breakdown {
    let say = |line| words.sentence(line, &[]);
    let mut b = Breakdown::default();
    b.add(say(Line::AgendaFlightBase), BASE);
    b.add(say(Line::AgendaFlightReach), -REACH * f.reach);
    if f.far {
        b.add(say(Line::AgendaFlightFar), FAR);
    }
    if f.watched {
        b.add(say(Line::AgendaFlightWatched), -WATCHED);
    }
    b.total = b.total.clamp(0.05, 0.9);
    b
}

/// The breakdown in words, for the agenda: "45% (the move itself +45%, ...)".
pub fn odds_words(b: &Breakdown, words: &ChronicleTemplates) -> String {
    let parts: Vec<String> = b
        .parts
        .iter()
        .map(|(what, v)| {
            let value = format!("{:+.0}", v * 100.0);
            words.sentence(Line::AgendaFlightPart, &[("what", what), ("value", &value)])
        })
        .collect();
    let total = format!("{:.0}", b.total * 100.0);
    words.sentence(
        Line::AgendaFlightOdds,
        &[("total", &total), ("parts", &parts.join(", "))],
    )
}

/// The reach of the police against a man of `faction`, 0..=1: none when his own faction
/// holds them (`holder`), else their best chief's skill times their `competence`. The
/// figure card reads the same off what it shows.
pub fn police_reach(
    data: &ScenarioData,
    (holder, competence): (Option<&str>, f32),
    chiefs: &[String],
    faction: &str,
) -> f32 {
    if holder == Some(faction) {
        return 0.0;
    }
    chiefs
        .iter()
        .filter_map(|c| data.figure(c))
        .map(|f| f32::from(f.skills.security) / 10.0)
        .fold(0.0, f32::max)
        * competence.clamp(0.0, 1.0)
}

/// The factors for `figure` of `faction` as the world stands.
pub fn flight_factors(world: &mut World, figure: &str, faction: &str) -> FlightFactors {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|d| d.0.clone()) else {
        return FlightFactors {
            reach: 0.0,
            far: false,
            watched: false,
        };
    };
    let competence = data
        .scenario
        .police
        .as_ref()
        .map(|p| p.as_str())
        .and_then(|p| world.get_resource::<Ids>()?.institutions.get(p).copied())
        .and_then(|e| world.get::<Institution>(e))
        .map_or(1.0, |i| i.competence);
    let holder = police_controller(world);
    let chiefs = police_chiefs(world);
    let reach = police_reach(&data, (holder.as_deref(), competence), &chiefs, faction);
    let far = world.query::<&UnitState>().iter(world).any(|u| {
        u.commander.as_ref().map(FigureId::as_str) == Some(figure)
            && !data.scenario.capital.contains(&u.location)
    });
    let watched = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .any(|(f, s)| f.id == figure && s.status == FigureStatus::Watched);
    FlightFactors {
        reach,
        far,
        watched,
    }
}

/// The flight itself, its refusals already met: `works` decides it.
pub(super) fn flee(world: &mut World, entity: Entity, figure: &str, faction: &str, works: bool) {
    let date = world.resource::<Calendar>().date;
    let name = world
        .get::<Figure>(entity)
        .map_or_else(|| figure.to_string(), |f| f.name.clone());
    let data = world.resource::<LoadedScenario>().0.clone();
    let c = &data.common.chronicle;
    if !works {
        if let Some(mut s) = world.get_mut::<Standing>(entity) {
            s.status = FigureStatus::Arrested;
        }
        let mut record = world.resource_mut::<PurgeRecord>();
        record.arrests += 1;
        record.awaiting_trial.insert(figure.into(), date);
        note(world, Line::CaughtFleeing, &name, figure);
        return;
    }
    for mut o in world.query::<&mut Office>().iter_mut(world) {
        o.holders.retain(|h| h != figure);
    }
    for mut u in world.query::<&mut UnitState>().iter_mut(world) {
        if u.commander.as_ref().map(FigureId::as_str) == Some(figure) {
            u.commander = None;
        }
    }
    if let Some(mut s) = world.get_mut::<Standing>(entity) {
        s.status = FigureStatus::Abroad;
    }
    // His friends answer for him.
    for (f, mut s) in world.query::<(&Figure, &mut Standing)>().iter_mut(world) {
        if f.id != figure
            && s.faction.as_ref().map(FactionId::as_str) == Some(faction)
            && s.status.can_act()
        {
            s.popularity = (s.popularity - FACE).max(0.0);
        }
    }
    let why = c.sentence(Line::FearFled, &[("figure", &name)]);
    world.resource_mut::<Paranoia>().add(date, why, FEAR);
    note(world, Line::FledAbroad, &name, figure);
}

fn note(world: &mut World, line: Line, name: &str, figure: &str) {
    let text = world
        .resource::<LoadedScenario>()
        .0
        .common
        .chronicle
        .sentence(line, &[("figure", name)]);
    let cal = world.resource::<Calendar>().clone();
    world.resource_mut::<Chronicle>().add(
        cal.date,
        cal.hour,
        line.kind(),
        text,
        vec![figure.to_string()],
    );
}
