//! The world gathered for a week of intrigue, sorted by id, and written back at its end.

use super::plots::Plot;
use super::police::{police_obey, police_reach};
use super::purges::PurgeRecord;
use crate::model::Date;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use crate::sim::people::{Figure, FigureStatus, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A figure as the day's rules see it.
#[derive(Clone)]
pub(super) struct Person {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) entity: Entity,
    pub(super) s: Standing,
    pub(super) political: f32,
    pub(super) military: f32,
    pub(super) security: f32,
    pub(super) born: i32,
}

/// Why the week's purge takes a figure: each cause has its own line in the chronicle.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ArrestCause {
    /// The leader's own suspicion, with no plot found.
    Suspicion,
    /// Named under interrogation by the figure of this name.
    NamedBy(String),
    /// One of the conspiracy around the figure of this name.
    Conspiracy(String),
    /// One of a plot that struck and failed.
    FailedAttempt,
}

impl Person {
    pub(super) fn loyalty(&self, faction: &str) -> f32 {
        self.s.loyalty.get(faction).copied().unwrap_or(0.0)
    }
    pub(super) fn adult(&self, date: Date) -> bool {
        is_adult(date.year, self.born)
    }
}

/// The world gathered for one day of plotting, sorted by id, written back at the end.
pub(super) struct Day {
    pub(super) date: Date,
    pub(super) leader: String,
    pub(super) leader_faction: String,
    pub(super) people: Vec<Person>,
    pub(super) chronicle: Vec<(ChronicleKind, String, Vec<String>)>,
    /// The content the week runs on (the chronicle's sentences among it).
    pub(super) data: Arc<ScenarioData>,
    pub(super) arrests: Vec<(String, ArrestCause)>,
}

impl Day {
    // `people` is sorted by id, so lookups are binary searches.
    pub(super) fn get(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }
    pub(super) fn get_mut(&mut self, id: &str) -> Option<&mut Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &mut self.people[i])
    }
    pub(super) fn name(&self, id: &str) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
    pub(super) fn free(&self, id: &str) -> bool {
        self.get(id).is_some_and(|p| p.s.status.can_act())
    }
    /// Grown men and women only are suspected, recruited or arrested.
    pub(super) fn adult(&self, id: &str) -> bool {
        self.get(id).is_some_and(|p| p.adult(self.date))
    }
    pub(super) fn loyalty(&self, id: &str, faction: &str) -> f32 {
        self.get(id).map_or(0.0, |p| p.loyalty(faction))
    }
    /// Arrests a free figure: the status, the record, the trial to come, the chronicle
    /// (its `line` filled with his name as `{figure}` and the `others`).
    pub(super) fn arrest(
        &mut self,
        record: &mut PurgeRecord,
        id: &str,
        line: Line,
        others: &[(&str, &str)],
    ) -> bool {
        let date = self.date;
        match self.get_mut(id) {
            Some(p) if p.s.status.can_act() => p.s.status = FigureStatus::Arrested,
            _ => return false,
        }
        record.arrests += 1;
        record.awaiting_trial.insert(id.into(), date);
        let name = self.name(id);
        let mut vars = vec![("figure", name.as_str())];
        vars.extend_from_slice(others);
        self.note(line, &vars, vec![id.to_string()]);
        true
    }
    /// Arrests a free figure for one of the purge's causes.
    pub(super) fn arrest_for(
        &mut self,
        record: &mut PurgeRecord,
        id: &str,
        cause: &ArrestCause,
    ) -> bool {
        match cause {
            ArrestCause::Suspicion => self.arrest(record, id, Line::OnSuspicion, &[]),
            ArrestCause::NamedBy(by) => self.arrest(record, id, Line::NamedBy, &[("by", by)]),
            ArrestCause::Conspiracy(organiser) => {
                self.arrest(record, id, Line::Conspirator, &[("organiser", organiser)])
            }
            ArrestCause::FailedAttempt => self.arrest(record, id, Line::AfterFailedAttempt, &[]),
        }
    }
    /// One of the rules' lines for the chronicle, written back at the week's end.
    pub(super) fn note(&mut self, line: Line, vars: &[(&str, &str)], actors: Vec<String>) {
        let text = self.data.common.chronicle.sentence(line, vars);
        self.chronicle.push((line.kind(), text, actors));
    }
}

pub(super) fn gather(world: &mut World) -> Option<Day> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let date = world.resource::<Calendar>().date;
    // Whoever holds the ruling office and is free fears and purges; with the office
    // empty, the scenario's leader (who may have fallen: see `after_the_fall`).
    let leader = crate::sim::politics::ruler::ruler_in(world)
        .or_leader(data.scenario.leader.as_str())
        .to_string();
    let kept = world
        .get_resource_mut::<KeptPeople>()
        .map(|mut k| std::mem::take(&mut k.0))
        .unwrap_or_default();
    let people = refresh(world, kept).unwrap_or_else(|| everyone(world, &data));
    let leader_faction = people
        .iter()
        .find(|p| p.id == leader)
        .and_then(|p| p.s.faction.as_ref().map(FactionId::to_string))
        .unwrap_or_default();
    Some(Day {
        date,
        leader,
        leader_faction,
        people,
        chronicle: Vec::new(),
        data,
        arrests: Vec::new(),
    })
}

/// Every figure as the week's rules see it, sorted by id.
fn everyone(world: &mut World, data: &crate::scenario::ScenarioData) -> Vec<Person> {
    let defs: BTreeMap<&str, &crate::scenario::schema::FigureDef> = data
        .common
        .figures
        .iter()
        .map(|f| (f.id.as_str(), f))
        .collect();
    let mut people: Vec<Person> = world
        .query::<(Entity, &Figure, &Standing)>()
        .iter(world)
        .map(|(e, f, s)| {
            let def = defs.get(f.id.as_str());
            let skills = def.map(|d| d.skills).unwrap_or_default();
            Person {
                id: f.id.to_string(),
                name: f.name.clone(),
                entity: e,
                s: s.clone(),
                political: f32::from(skills.political),
                military: f32::from(skills.military),
                security: f32::from(skills.security),
                born: def.map_or(1890, |d| d.born),
            }
        })
        .collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    people
}

/// The people of the last week, kept so that a week opens by bringing each standing up
/// to date rather than cloning the whole cast again: at a large scale that clone was
/// most of the week's cost.
#[derive(Resource, Default)]
pub(super) struct KeptPeople(Vec<Person>);

/// The kept people brought up to date with the world, or `None` when the cast itself
/// changed (a figure gone or added), and the list must be gathered anew.
fn refresh(world: &mut World, mut kept: Vec<Person>) -> Option<Vec<Person>> {
    if kept.is_empty() || world.query::<(&Figure, &Standing)>().iter(world).count() != kept.len() {
        return None;
    }
    for p in &mut kept {
        let e = world.get_entity(p.entity).ok()?;
        let (f, s) = (e.get::<Figure>()?, e.get::<Standing>()?);
        if f.id != p.id {
            return None;
        }
        if f.name != p.name {
            p.name.clone_from(&f.name);
        }
        copy_standing(&mut p.s, s);
    }
    Some(kept)
}

/// `to` made equal to `from`, cloning only the parts that differ (most weeks, only
/// numbers change).
fn copy_standing(to: &mut Standing, from: &Standing) {
    let Standing {
        status,
        faction,
        popularity,
        ambition,
        fear,
        loyalty,
    } = from;
    to.status = *status;
    to.popularity = *popularity;
    to.ambition = *ambition;
    to.fear = *fear;
    if &to.faction != faction {
        to.faction.clone_from(faction);
    }
    if &to.loyalty != loyalty {
        to.loyalty.clone_from(loyalty);
    }
}

pub(super) fn holders(world: &mut World, key: &str) -> Vec<FigureId> {
    let office = world
        .resource::<crate::sim::Ids>()
        .offices
        .get(key)
        .copied();
    office
        .and_then(|e| world.get::<Office>(e))
        .map(|o| o.holders.clone())
        .unwrap_or_default()
}

/// The faction a side plays, from the scenario's sides.
pub(super) fn side_faction(world: &World, side: &str) -> Option<String> {
    world
        .get_resource::<LoadedScenario>()?
        .0
        .scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map(|s| s.faction.to_string())
}

/// Writes the day's changed standings back to the figures and its notes to the chronicle.
pub(super) fn write_back(world: &mut World, day: &mut Day) {
    for p in &day.people {
        if let Some(mut s) = world.get_mut::<Standing>(p.entity)
            && *s != p.s
        {
            *s = p.s.clone();
        }
    }
    let cal = world.resource::<Calendar>().clone();
    {
        let mut chronicle = world.resource_mut::<Chronicle>();
        for (kind, text, actors) in std::mem::take(&mut day.chronicle) {
            chronicle.add(cal.date, cal.hour, kind, text, actors);
        }
    }
}

/// The week of intrigue under way: the world's view, opened by `open_week`, carried
/// from step to step within one tick, and written back by `close_week`.
#[derive(Resource, Default)]
pub(super) struct Week {
    pub(super) day: Option<Day>,
    /// The ruler has fallen: he neither fears nor purges, and only the trials go on.
    pub(super) fallen: bool,
    /// The player takes the ruler's side, so the ruler's own purge is the player's to order.
    pub(super) leader_side_played: bool,
    /// The plots sorted by id, with those formed this week.
    pub(super) plots: Vec<(Entity, Plot)>,
    /// Indices into `plots` of those that strike at the week's end.
    pub(super) strikes: Vec<usize>,
    pub(super) reach: f32,
    pub(super) obey: bool,
}

impl Week {
    /// The view for the steps a ruling leader takes; `None` once he has fallen.
    pub(super) fn ruling(&mut self) -> Option<(&mut Day, &mut Vec<(Entity, Plot)>)> {
        if self.fallen {
            return None;
        }
        self.day.as_mut().map(|d| (d, &mut self.plots))
    }
}

/// Opens the week. Exclusive because it is the one pass that gathers the figures, the
/// offices and the police into the view the player's orders also use (`gather`).
pub(super) fn open_week(world: &mut World) {
    let mut week = Week::default();
    if let Some(day) = gather(world) {
        week.fallen = !day.free(&day.leader);
        if !week.fallen {
            let data = world.resource::<LoadedScenario>().0.clone();
            let player = world.resource::<RunInfo>().player_side.clone();
            week.leader_side_played = player
                .as_ref()
                .and_then(|p| data.side(p.as_str()))
                .is_some_and(|s| s.faction == day.leader_faction);
            week.reach = police_reach(world, &day);
            week.obey = police_obey(world, &day);
            let mut plots: Vec<(Entity, Plot)> = world
                .query::<(Entity, &Plot)>()
                .iter(world)
                .map(|(e, p)| (e, p.clone()))
                .collect();
            plots.sort_by(|a, b| a.1.id.cmp(&b.1.id));
            week.plots = plots;
        }
        week.day = Some(day);
    }
    world.insert_resource(week);
}

/// Closes the week: the plots, the standings and the chronicle written back.
pub(super) fn close_week(
    mut week: ResMut<Week>,
    mut plots: Query<&mut Plot>,
    mut standings: Query<&mut Standing>,
    mut chronicle: ResMut<Chronicle>,
    calendar: Res<Calendar>,
    mut kept: ResMut<KeptPeople>,
) {
    let week = std::mem::take(&mut *week);
    let Some(mut day) = week.day else { return };
    for (e, p) in week.plots {
        if let Ok(mut c) = plots.get_mut(e)
            && *c != p
        {
            *c = p;
        }
    }
    for p in &day.people {
        if let Ok(mut s) = standings.get_mut(p.entity)
            && *s != p.s
        {
            copy_standing(&mut s, &p.s);
        }
    }
    for (kind, text, actors) in std::mem::take(&mut day.chronicle) {
        chronicle.add(calendar.date, calendar.hour, kind, text, actors);
    }
    kept.0 = day.people;
}

/// Grown men and women only are suspected, recruited or arrested (the card asks the same).
pub fn is_adult(year: i32, born: i32) -> bool {
    year - born >= 18
}
