//! Plots, suspicion and purges. No list of victims: the leader's paranoia grows with
//! what threatens him, his suspicion falls on particular people, plots form among the
//! ambitious and the hostile, recruits join or denounce, the security police discover
//! what its reach allows, and arrests spread along confessions.

use super::battles::{BattleReport, BattleSetup, BattleSide, Combatant, Winner};
use super::calendar::{Calendar, on_new_day};
use super::chronicle::Chronicle;
use super::forces::{Unit, UnitState};
use super::people::{Figure, FigureStatus, Standing};
use super::politics::institutions::{Institution, Office};
use super::rng::RngStreams;
use super::spawn::RunResource;
use super::{RunInfo, SimSet, SimTick};
use crate::model::Date;
use crate::sim::spawn::{LoadedScenario, SimEntity};
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Paranoia>()
        .init_run_resource::<Suspicion>()
        .init_run_resource::<PurgeRecord>()
        .init_run_resource::<Battles>()
        .add_systems(
            SimTick,
            apply_plot_orders
                .in_set(SimSet::Commands)
                .after(super::commands::apply_commands),
        )
        .add_systems(
            SimTick,
            plots_and_purges
                .in_set(SimSet::Politics)
                .after(super::politics::congress::hold_ballot)
                .run_if(on_new_day.and_then(on_plot_day)),
        );
}

/// Plots, suspicion and the purge move once a week: slow processes, and a weekly pace
/// keeps the cost of a campaign low. Rates below are per week.
pub fn on_plot_day(calendar: Res<Calendar>) -> bool {
    calendar.date.to_days().rem_euclid(7) == 0
}

/// The share of his paranoia above its resting level that the leader loses in a quiet week.
const PARANOIA_EBB: f32 = 0.012;
/// Where the leader's paranoia settles with no rival and no alarm.
const PARANOIA_REST: f32 = 25.0;

/// A new ruler's paranoia on taking power.
const NEW_RULER_PARANOIA: f32 = 40.0;

/// Why the leader's own purge arrests someone, with no plot found.
const ON_SUSPICION: &str = "on the leader's suspicion";
/// How a confession's arrests begin.
const NAMED_BY: &str = "named by";
/// Military skill from which a figure counts as a commander the army would defend.
const COMMANDER_SKILL: f32 = 7.0;
/// Paranoia at which the leader dares arrest commanders on suspicion alone.
const ARMY_PURGE_PARANOIA: f32 = 80.0;

/// The chance that `s` joins a plot of `plot_faction` when asked, broken down, and
/// the chance that, refusing, he informs the police.
pub fn recruit_odds(
    s: &Standing,
    plot_faction: &str,
    leader_faction: &str,
) -> (super::politics::factions::Breakdown, f32) {
    let loy = |f: &str| s.loyalty.get(f).copied().unwrap_or(0.0);
    let mut b = super::politics::factions::Breakdown::default();
    b.add("a friend's word", 0.3);
    b.add(
        "loyalty to the plotters over the leader's men",
        (loy(plot_faction) - loy(leader_faction)) / 200.0,
    );
    b.add("ambition", s.ambition / 400.0);
    b.add("fear", -s.fear / 300.0);
    b.total = b.total.clamp(0.02, 0.9);
    let inform = (loy(leader_faction) / 150.0 + s.fear / 300.0).clamp(0.0, 0.9);
    (b, inform)
}

/// A daily chance `p` as the chance over a week.
fn weekly(p: f32) -> f64 {
    1.0 - (1.0 - f64::from(p.clamp(0.0, 1.0))).powi(7)
}

/// How much the leader fears for his power, 0..=100, and the latest reasons.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Paranoia {
    pub value: f32,
    pub reasons: Vec<(Date, String, f32)>,
    /// Whose fear this is: a new ruler starts with fears of his own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ruler: String,
}

impl Paranoia {
    pub fn add(&mut self, date: Date, why: impl Into<String>, by: f32) {
        self.value = (self.value + by).clamp(0.0, 100.0);
        self.reasons.push((date, why.into(), by));
        if self.reasons.len() > 30 {
            self.reasons.remove(0);
        }
    }
}

/// The leader's suspicion of particular people, 0..=100.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Suspicion(pub BTreeMap<String, f32>);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotGoal {
    /// Remove the leader by a vote of the Central Committee.
    RemoveLeader,
    /// Take power by force: the army against the leader's guards.
    Coup,
}

#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plot {
    pub id: String,
    pub goal: PlotGoal,
    pub organiser: String,
    pub members: Vec<String>,
    /// 0..=1: how well hidden it is.
    pub secrecy: f32,
    /// 0..=100: when full, the plot strikes.
    pub progress: f32,
    /// Evidence the police already hold, from denunciations, 0..=1.
    pub exposure: f32,
    pub started: Date,
    /// "active", "discovered", "struck", "failed".
    pub state: String,
}

/// What the purges did, for the summary and the end screen.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PurgeRecord {
    pub arrests: u32,
    pub executions: u32,
    pub imprisoned: u32,
    pub exiled: u32,
    pub released: u32,
    pub plots_formed: u32,
    pub plots_discovered: u32,
    pub denunciations: u32,
    pub coups: u32,
    /// Arrest date of everyone awaiting trial.
    pub awaiting_trial: BTreeMap<String, Date>,
    pub first_show_trial: Option<Date>,
    /// Seats taken from members of a beaten faction by an `Expel` (absent in old saves).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub expelled: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Battles fought, in order.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Battles(pub Vec<(Date, BattleReport)>);

/// A figure as the day's rules see it.
#[derive(Clone)]
struct Person {
    id: String,
    name: String,
    entity: Entity,
    s: Standing,
    political: f32,
    military: f32,
    security: f32,
    born: i32,
}

/// The world gathered for one day of plotting, sorted by id, written back at the end.
struct Day {
    date: Date,
    leader: String,
    leader_faction: String,
    people: Vec<Person>,
    chronicle: Vec<(String, String, Vec<String>)>,
    arrests: Vec<(String, String)>,
}

impl Day {
    // `people` is sorted by id, so lookups are binary searches.
    fn get(&self, id: &str) -> Option<&Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.people[i])
    }
    fn get_mut(&mut self, id: &str) -> Option<&mut Person> {
        self.people
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &mut self.people[i])
    }
    fn name(&self, id: &str) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
    fn free(&self, id: &str) -> bool {
        self.get(id).is_some_and(|p| p.s.status.can_act())
    }
    /// Grown men and women only are suspected, recruited or arrested.
    fn adult(&self, id: &str) -> bool {
        self.get(id).is_some_and(|p| self.date.year - p.born >= 18)
    }
    fn loyalty(&self, id: &str, faction: &str) -> f32 {
        self.get(id)
            .and_then(|p| p.s.loyalty.get(faction).copied())
            .unwrap_or(0.0)
    }
    /// Arrests a free figure: the status, the record, the trial to come, the chronicle.
    fn arrest(&mut self, record: &mut PurgeRecord, id: &str, text: String) -> bool {
        let date = self.date;
        match self.get_mut(id) {
            Some(p) if p.s.status.can_act() => p.s.status = FigureStatus::Arrested,
            _ => return false,
        }
        record.arrests += 1;
        record.awaiting_trial.insert(id.to_string(), date);
        self.note("arrest", text, vec![id.to_string()]);
        true
    }
    fn note(&mut self, kind: &str, text: String, actors: Vec<String>) {
        self.chronicle.push((kind.into(), text, actors));
    }
}

fn gather(world: &mut World) -> Option<Day> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let date = world.resource::<Calendar>().date;
    // Whoever holds the ruling office and is free fears and purges; with the office
    // empty, the scenario's leader (who may have fallen: see `after_the_fall`).
    let ruling_office = world.resource::<RunInfo>().leader_office.clone();
    let ruler = ruling_office
        .map(|o| holders(world, &o))
        .unwrap_or_default()
        .into_iter()
        .find(|h| {
            world
                .resource::<super::Ids>()
                .figures
                .get(h)
                .and_then(|e| world.get::<Standing>(*e))
                .is_some_and(|s| s.status.can_act())
        });
    let leader = ruler.unwrap_or_else(|| data.scenario.leader.clone());
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
                id: f.id.clone(),
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
    let leader_faction = people
        .iter()
        .find(|p| p.id == leader)
        .and_then(|p| p.s.faction.clone())
        .unwrap_or_default();
    Some(Day {
        date,
        leader,
        leader_faction,
        people,
        chronicle: Vec::new(),
        arrests: Vec::new(),
    })
}

fn holders(world: &mut World, key: &str) -> Vec<String> {
    world
        .query::<&Office>()
        .iter(world)
        .find(|o| o.key == key)
        .map(|o| o.holders.clone())
        .unwrap_or_default()
}

/// The faction a side plays, from the scenario's sides.
fn side_faction(world: &World, side: &str) -> Option<String> {
    world
        .get_resource::<LoadedScenario>()?
        .0
        .scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map(|s| s.faction.clone())
}

/// The faction controlling the police institution.
pub fn police_controller(world: &mut World) -> Option<String> {
    let police = world
        .get_resource::<LoadedScenario>()?
        .0
        .scenario
        .police
        .clone()?;
    world
        .query::<&Institution>()
        .iter(world)
        .find(|i| i.id == police)
        .and_then(|i| i.controller.clone())
}

/// Carries out the player's orders about arrests and plots, or logs why not.
pub fn apply_plot_orders(world: &mut World) {
    let orders = std::mem::take(&mut world.resource_mut::<super::commands::PlotOrders>().0);
    if orders.is_empty() {
        return;
    }
    let Some(mut day) = gather(world) else { return };
    let mut record = world.resource::<PurgeRecord>().clone();
    let tick = world.resource::<Calendar>().ticks;
    for (side, cmd) in orders {
        let faction = side_faction(world, &side);
        let result: Result<(), String> = match &cmd {
            super::commands::SimCommand::Arrest { figure } => {
                let police = police_controller(world);
                if faction.is_none() || police != faction {
                    Err("your faction does not control the security police".into())
                } else if !day.free(figure) {
                    Err(format!("`{figure}` is not free"))
                } else if !day.adult(figure) {
                    Err(format!("`{figure}` is a child"))
                } else {
                    let text = format!(
                        "On orders from {}, the security police arrest {}.",
                        side,
                        day.name(figure)
                    );
                    day.arrest(&mut record, figure, text);
                    Ok(())
                }
            }
            super::commands::SimCommand::StartPlot { organiser, goal } => {
                let goal = match goal.as_str() {
                    "remove_leader" => Some(PlotGoal::RemoveLeader),
                    "coup" => Some(PlotGoal::Coup),
                    _ => None,
                };
                let busy = world.query::<&Plot>().iter(world).any(|p| {
                    p.state == "active"
                        && (p.organiser == *organiser || p.members.contains(organiser))
                });
                let theirs = day.get(organiser).and_then(|p| p.s.faction.clone());
                match goal {
                    None => Err("the goal must be remove_leader or coup".into()),
                    Some(_) if !day.free(organiser) || !day.adult(organiser) => {
                        Err(format!("`{organiser}` cannot organise anything now"))
                    }
                    Some(_) if theirs.is_none() || theirs != faction => {
                        Err(format!("`{organiser}` is not of your faction"))
                    }
                    Some(_) if busy => Err(format!("`{organiser}` is already in a plot")),
                    Some(g) => {
                        record.plots_formed += 1;
                        let plot = Plot {
                            id: format!("plot_{}", record.plots_formed),
                            goal: g,
                            organiser: organiser.clone(),
                            members: Vec::new(),
                            secrecy: 0.9,
                            progress: 0.0,
                            exposure: 0.0,
                            started: day.date,
                            state: "active".into(),
                        };
                        world.spawn((SimEntity, plot));
                        Ok(())
                    }
                }
            }
            super::commands::SimCommand::StrikePlot { plot } => {
                let mut q = world.query::<&mut Plot>();
                let found = q.iter_mut(world).find(|p| p.id == *plot);
                match found {
                    None => Err(format!("no plot `{plot}`")),
                    Some(p) if p.state != "active" => Err(format!("plot `{plot}` is {}", p.state)),
                    Some(mut p) => {
                        let theirs = day.get(&p.organiser).and_then(|x| x.s.faction.clone());
                        if theirs.is_none() || theirs != faction {
                            Err(format!("plot `{plot}` is not your faction's"))
                        } else {
                            // It strikes at the plots' next weekly move.
                            p.progress = 100.0;
                            Ok(())
                        }
                    }
                }
            }
            super::commands::SimCommand::Recruit { plot, figure } => recruit(
                world,
                &mut day,
                &mut record,
                faction.as_deref(),
                plot,
                figure,
            ),
            super::commands::SimCommand::Denounce { figure } => {
                if !day.free(figure) {
                    Err(format!("`{figure}` is not free"))
                } else {
                    let mut suspicion = world.resource::<Suspicion>().clone();
                    let v = suspicion.0.entry(figure.clone()).or_default();
                    *v = (*v + DENOUNCE_SUSPICION).min(100.0);
                    world.insert_resource(suspicion);
                    let mut q = world.query::<&mut Plot>();
                    for mut p in q.iter_mut(world) {
                        if p.state == "active"
                            && (p.organiser == *figure || p.members.contains(figure))
                        {
                            p.exposure = (p.exposure + 0.3).min(1.0);
                        }
                    }
                    record.denunciations += 1;
                    let text = format!(
                        "An informer of {side} denounces {} to the security police.",
                        day.name(figure)
                    );
                    day.note("denunciation", text, vec![figure.clone()]);
                    Ok(())
                }
            }
            super::commands::SimCommand::Pardon { figure } => {
                let rules =
                    faction.is_some() && faction.as_deref() == Some(day.leader_faction.as_str());
                let police = police_controller(world);
                let status = day.get(figure).map(|p| p.s.status);
                if faction.is_none() || (police != faction && !rules) {
                    Err("your faction neither controls the police nor rules".into())
                } else if !status.is_some_and(|s| {
                    matches!(
                        s,
                        FigureStatus::Arrested | FigureStatus::Imprisoned | FigureStatus::Exiled
                    )
                }) {
                    Err(format!(
                        "`{figure}` is not in the cells, the camps or exile"
                    ))
                } else {
                    if let Some(p) = day.get_mut(figure) {
                        p.s.status = FigureStatus::Free;
                    }
                    record.awaiting_trial.remove(figure);
                    record.released += 1;
                    let text = format!("{} is pardoned and set free.", day.name(figure));
                    day.note("release", text, vec![figure.clone()]);
                    Ok(())
                }
            }
            super::commands::SimCommand::MoveUnit { unit, to } => {
                match unit_follows(world, &day, unit, faction.as_deref()) {
                    Err(e) => Err(e),
                    Ok(()) => super::forces::order_march(world, unit, to).map(|_| ()),
                }
            }
            super::commands::SimCommand::StandDown { unit } => {
                match unit_follows(world, &day, unit, faction.as_deref()) {
                    Err(e) => Err(e),
                    Ok(()) => {
                        let mut q = world.query::<(&Unit, &mut UnitState)>();
                        for (u, mut s) in q.iter_mut(world) {
                            if &u.id == unit {
                                s.march = None;
                                s.morale = s.morale.min(STOOD_DOWN_MORALE);
                            }
                        }
                        Ok(())
                    }
                }
            }
            _ => Err("not a plot order".into()),
        };
        world
            .resource_mut::<super::commands::CommandLog>()
            .entries
            .push(super::commands::LoggedCommand {
                tick,
                side,
                command: cmd,
                rejected: result.err(),
            });
    }
    write_back(world, &mut day);
    world.insert_resource(record);
}

/// Odds in men (either way) at which the wavering change sides when a coup strikes.
const DEFECT_ODDS: f32 = 3.0;
/// A figure wavers when his loyalty to the stronger side is within this of his own.
const DEFECT_LOYALTY_GAP: f32 = 25.0;
/// The chance that a wavering figure goes over.
const DEFECT_CHANCE: f64 = 0.6;

/// How much a denunciation adds to the leader's suspicion of its target.
const DENOUNCE_SUSPICION: f32 = 30.0;
/// A stood-down unit's morale, at most: back in barracks, out of the fight.
const STOOD_DOWN_MORALE: f32 = 0.5;

/// Whether `unit` follows `faction` now (its commander's faction, or its institution's).
fn unit_follows(
    world: &mut World,
    day: &Day,
    unit: &str,
    faction: Option<&str>,
) -> Result<(), String> {
    let Some(faction) = faction else {
        return Err("no faction to give orders".into());
    };
    let controllers: BTreeMap<String, Option<String>> = world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect();
    let mut q = world.query::<(&Unit, &UnitState)>();
    let (u, s) = q
        .iter(world)
        .find(|(u, _)| u.id == unit)
        .ok_or_else(|| format!("no unit `{unit}`"))?;
    let follows = s
        .commander
        .as_deref()
        .and_then(|c| day.get(c))
        .filter(|p| p.s.status.can_act())
        .and_then(|p| p.s.faction.clone())
        .or_else(|| controllers.get(&u.institution).cloned().flatten());
    if follows.as_deref() == Some(faction) {
        Ok(())
    } else {
        Err(format!("`{unit}` does not follow your faction"))
    }
}

/// A player's plot asks a figure to join: the draw is the plots' own, so a replay
/// draws the same.
fn recruit(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    faction: Option<&str>,
    plot: &str,
    figure: &str,
) -> Result<(), String> {
    let mut plots: Vec<Plot> = world.query::<&Plot>().iter(world).cloned().collect();
    plots.sort_by(|a, b| a.id.cmp(&b.id));
    let Some(p) = plots.iter().find(|p| p.id == plot) else {
        return Err(format!("no plot `{plot}`"));
    };
    let theirs = day.get(&p.organiser).and_then(|x| x.s.faction.clone());
    if p.state != "active" {
        return Err(format!("plot `{plot}` is {}", p.state));
    }
    if faction.is_none() || theirs.as_deref() != faction {
        return Err(format!("plot `{plot}` is not your faction's"));
    }
    if !day.free(figure) || !day.adult(figure) || figure == day.leader {
        return Err(format!("`{figure}` cannot be asked"));
    }
    if plots.iter().any(|x| {
        x.state == "active" && (x.organiser == figure || x.members.iter().any(|m| m == figure))
    }) {
        return Err(format!("`{figure}` is already in a plot"));
    }
    let Some(person) = day.get(figure).cloned() else {
        return Err(format!("no figure `{figure}`"));
    };
    let plot_faction = theirs.unwrap_or_default();
    let (join, inform) = recruit_odds(&person.s, &plot_faction, &day.leader_faction);
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let joins = rng.random_bool(f64::from(join.total));
    let informs = !joins && rng.random_bool(f64::from(inform));
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    let mut q = world.query::<&mut Plot>();
    if let Some(mut p) = q.iter_mut(world).find(|p| p.id == plot) {
        if joins {
            p.members.push(figure.to_string());
            p.secrecy = (p.secrecy - 0.05).max(0.1);
        } else if informs {
            p.exposure = (p.exposure + 0.3).min(1.0);
        }
    }
    let text = if joins {
        format!("{} joins the conspiracy.", day.name(figure))
    } else if informs {
        record.denunciations += 1;
        format!(
            "{} refuses to conspire and informs the security police.",
            day.name(figure)
        )
    } else {
        format!(
            "{} refuses to conspire, and keeps silent.",
            day.name(figure)
        )
    };
    day.note("plot", text, vec![figure.to_string()]);
    Ok(())
}

/// Everyone holding an office of the scenario's police institution.
pub fn police_chiefs(world: &mut World) -> Vec<String> {
    let police = world
        .get_resource::<LoadedScenario>()
        .and_then(|s| s.0.scenario.police.clone());
    let Some(police) = police else {
        return Vec::new();
    };
    let mut chiefs: Vec<(String, String)> = world
        .query::<&Office>()
        .iter(world)
        .filter(|o| o.institution == police)
        .flat_map(|o| o.holders.iter().map(move |h| (o.key.clone(), h.clone())))
        .collect();
    chiefs.sort();
    chiefs.into_iter().map(|(_, h)| h).collect()
}

/// The security police's reach, 0..=1: its chief's skill and loyalty to the leader.
fn police_reach(world: &mut World, day: &Day) -> f32 {
    let chiefs = police_chiefs(world);
    let best = chiefs
        .iter()
        .filter_map(|c| day.get(c))
        .filter(|p| p.s.status.can_act())
        .map(|p| {
            let loyal = if p.s.faction.as_deref() == Some(day.leader_faction.as_str()) {
                1.0
            } else {
                0.3
            };
            p.security / 10.0 * loyal
        })
        .fold(0.0, f32::max);
    // A police force purged of its own officers sees less.
    let police = world
        .get_resource::<LoadedScenario>()
        .and_then(|d| d.0.scenario.police.clone());
    let competence = world
        .query::<&Institution>()
        .iter(world)
        .find(|i| Some(&i.id) == police.as_ref())
        .map_or(1.0, |i| i.competence);
    (best * competence).clamp(0.05, 1.0)
}

/// Whether the police will arrest on the leader's word: their chief is his man.
fn police_obey(world: &mut World, day: &Day) -> bool {
    police_chiefs(world)
        .iter()
        .filter_map(|c| day.get(c))
        .any(|p| {
            // His own man, or an ally who owes him more than anyone else.
            p.s.status.can_act()
                && (p.s.faction.as_deref() == Some(day.leader_faction.as_str())
                    || day.loyalty(&p.id, &day.leader_faction) >= ALLIED_CHIEF_LOYALTY)
        })
}

/// Loyalty to the ruler's faction at which a police chief of another faction obeys him.
const ALLIED_CHIEF_LOYALTY: f32 = 60.0;

pub fn plots_and_purges(world: &mut World) {
    let Some(mut day) = gather(world) else { return };
    if !day.free(&day.leader.clone()) {
        // A fallen leader neither fears nor purges; the new government still tries
        // those it arrested.
        after_the_fall(world, &mut day);
        return;
    }
    let player = world.resource::<RunInfo>().player_side.clone();
    let data = world.resource::<LoadedScenario>().0.clone();
    let leader_side_played = player
        .as_ref()
        .and_then(|p| data.scenario.sides.iter().find(|s| &s.id == p))
        .is_some_and(|s| s.faction == day.leader_faction);
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let mut paranoia = world.resource::<Paranoia>().clone();
    let mut suspicion = world.resource::<Suspicion>().clone();
    let mut record = world.resource::<PurgeRecord>().clone();
    if paranoia.ruler != day.leader {
        if !paranoia.ruler.is_empty() {
            // A new man at the top: the old one's suspicions die with his rule, and
            // the new one fears the friends of the man he replaced.
            paranoia.value = NEW_RULER_PARANOIA;
            suspicion.0.clear();
            let text = format!("{} now rules, and watches.", day.name(&day.leader));
            day.note("ruler", text, vec![day.leader.clone()]);
        }
        paranoia.ruler = day.leader.clone();
    }
    let reach = police_reach(world, &day);
    let obey = police_obey(world, &day);

    // 1. Paranoia: what the leader perceives. The real Congress count he knows.
    if let Some(vote) = world
        .get_resource::<super::politics::congress::CongressVote>()
        .cloned()
        && vote
            .date
            .is_some_and(|d| (0..7).contains(&d.days_until(day.date)))
    {
        let against = vote.against.get(&day.leader).copied().unwrap_or(0) as f32;
        paranoia.add(
            day.date,
            format!("{against:.0} delegates crossed him out"),
            (against / 8.0).min(30.0),
        );
        if let Some(f) = &vote.fewest_against {
            *suspicion.0.entry(f.clone()).or_default() += 25.0;
        }
    }
    let leader_pop = day.get(&day.leader).map_or(50.0, |p| p.s.popularity);
    let rivals = day
        .people
        .iter()
        .filter(|p| {
            p.s.status.can_act()
                && p.id != day.leader
                && p.s.popularity > leader_pop
                && p.political >= 6.0
        })
        .count()
        .min(5) as f32;
    // Rivals more popular than he feed his fear; without new alarms it ebbs, a little
    // more than a percent a week of what it stands above its resting level.
    let ebb = PARANOIA_EBB * (paranoia.value - PARANOIA_REST);
    paranoia.value = (paranoia.value + 7.0 * 0.008 * rivals - ebb).clamp(15.0, 100.0);

    // 2. Suspicion falls on the popular and on those of other camps.
    for p in &day.people {
        if !p.s.status.can_act() || p.id == day.leader || !day.adult(&p.id) {
            continue;
        }
        let own = p.s.faction.as_deref() == Some(day.leader_faction.as_str());
        let base = 7.0 * if own { 0.003 } else { 0.012 };
        let grow = base
            * (p.s.popularity / 50.0)
            * (paranoia.value / 50.0)
            * (1.0 - day.loyalty(&p.id, &day.leader_faction) / 200.0);
        let v = suspicion.0.entry(p.id.clone()).or_default();
        *v = (*v + grow.max(0.0)).min(100.0);
    }

    // 3. Plots form among the ambitious who are hostile to the leader's camp.
    let mut plots: Vec<(Entity, Plot)> = world
        .query::<(Entity, &Plot)>()
        .iter(world)
        .map(|(e, p)| (e, p.clone()))
        .collect();
    plots.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let in_plot = |plots: &[(Entity, Plot)], id: &str| {
        plots.iter().any(|(_, p)| {
            p.state == "active" && (p.organiser == id || p.members.iter().any(|m| m == id))
        })
    };
    {
        let candidates: Vec<Person> = day
            .people
            .iter()
            .filter(|p| {
                p.s.status.can_act()
                    && p.id != day.leader
                    && p.s.faction.is_some()
                    && p.s.faction.as_deref() != Some(day.leader_faction.as_str())
                    && p.s.ambition >= 40.0
                    && p.political + p.military >= 8.0
            })
            .cloned()
            .collect();
        for p in candidates {
            if in_plot(&plots, &p.id) {
                continue;
            }
            let hostility = (50.0 - day.loyalty(&p.id, &day.leader_faction)).max(0.0) / 100.0;
            let chance = 0.012
                * data.scenario.plot_rate
                * (p.s.ambition / 100.0)
                * hostility
                * (0.5 + paranoia.value / 100.0);
            if rng.random_bool(f64::from(chance.clamp(0.0, 1.0))) {
                record.plots_formed += 1;
                let goal = if p.military >= 7.0 {
                    PlotGoal::Coup
                } else {
                    PlotGoal::RemoveLeader
                };
                let plot = Plot {
                    id: format!("plot_{}", record.plots_formed),
                    goal,
                    organiser: p.id.clone(),
                    members: Vec::new(),
                    secrecy: 0.9,
                    progress: 0.0,
                    exposure: 0.0,
                    started: day.date,
                    state: "active".into(),
                };
                let e = world.spawn((SimEntity, plot.clone())).id();
                plots.push((e, plot));
            }
        }
    }

    // 4. Recruitment, progress, discovery, the strike.
    let mut strikes: Vec<usize> = Vec::new();
    for i in 0..plots.len() {
        if plots[i].1.state != "active" {
            continue;
        }
        if !day.free(&plots[i].1.organiser.clone()) {
            plots[i].1.state = "failed".into();
            continue;
        }
        let faction = day
            .get(&plots[i].1.organiser)
            .and_then(|p| p.s.faction.clone())
            .unwrap_or_default();
        if plots[i].1.members.len() < 8 {
            // Searched once per figure: a set, not a list.
            let taken: std::collections::BTreeSet<&str> = plots
                .iter()
                .flat_map(|(_, p)| {
                    std::iter::once(p.organiser.as_str())
                        .chain(p.members.iter().map(String::as_str))
                })
                .collect();
            let pick = day
                .people
                .iter()
                .filter(|c| {
                    c.s.status.can_act()
                        && c.id != day.leader
                        && !taken.contains(c.id.as_str())
                        && c.political + c.military >= 5.0
                        && day.adult(&c.id)
                })
                .max_by(|a, b| {
                    let score = |c: &Person| {
                        day.loyalty(&c.id, &faction) - day.loyalty(&c.id, &day.leader_faction)
                    };
                    score(a).total_cmp(&score(b)).then(b.id.cmp(&a.id))
                })
                .cloned();
            if let Some(c) = pick {
                let (join, inform) = recruit_odds(&c.s, &faction, &day.leader_faction);
                if rng.random_bool(f64::from(join.total)) {
                    plots[i].1.members.push(c.id.clone());
                    plots[i].1.secrecy = (plots[i].1.secrecy - 0.05).max(0.1);
                } else {
                    if rng.random_bool(f64::from(inform)) {
                        record.denunciations += 1;
                        plots[i].1.exposure = (plots[i].1.exposure + 0.3).min(1.0);
                        let org = plots[i].1.organiser.clone();
                        *suspicion.0.entry(org.clone()).or_default() += 30.0;
                        let text = format!(
                            "{} refuses to join a conspiracy and reports {} to the security police.",
                            day.name(&c.id),
                            day.name(&org)
                        );
                        day.note("denunciation", text, vec![c.id.clone(), org]);
                    }
                }
            }
        }
        let skill: f32 = std::iter::once(&plots[i].1.organiser)
            .chain(plots[i].1.members.iter())
            .filter_map(|m| day.get(m))
            .map(|p| {
                if plots[i].1.goal == PlotGoal::Coup {
                    p.military
                } else {
                    p.political
                }
            })
            .sum();
        plots[i].1.progress = (plots[i].1.progress + 7.0 * (0.08 + skill * 0.012)).min(100.0);
        let discover = reach * (1.0 - plots[i].1.secrecy) * 0.02 + plots[i].1.exposure * 0.04;
        if rng.random_bool(weekly(discover)) {
            plots[i].1.state = "discovered".into();
            record.plots_discovered += 1;
            paranoia.add(day.date, "a conspiracy uncovered", 12.0);
            let p = plots[i].1.clone();
            let text = format!(
                "The security police uncover a conspiracy around {} ({} members).",
                day.name(&p.organiser),
                p.members.len() + 1
            );
            day.note(
                "plot",
                text,
                std::iter::once(p.organiser.clone())
                    .chain(p.members.clone())
                    .collect(),
            );
            for m in std::iter::once(&p.organiser).chain(p.members.iter()) {
                *suspicion.0.entry(m.clone()).or_default() += 50.0;
                if obey && (m == &p.organiser || rng.random_bool(0.6)) {
                    day.arrests.push((
                        m.clone(),
                        format!("member of the conspiracy around {}", day.name(&p.organiser)),
                    ));
                }
            }
        } else if plots[i].1.progress >= 100.0 {
            strikes.push(i);
        }
    }

    // 5. The leader's purge: arrests of those he suspects most, through the police.
    if !leader_side_played && obey && paranoia.value > 45.0 {
        let per_week = if paranoia.value > 80.0 {
            3
        } else if paranoia.value > 65.0 {
            2
        } else {
            1
        };
        let mut suspects: Vec<(String, f32)> = suspicion
            .0
            .iter()
            .filter(|(id, v)| **v > 50.0 && day.free(id) && day.adult(id) && **id != day.leader)
            .map(|(id, v)| (id.clone(), *v))
            .collect();
        suspects.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (id, _) in suspects.into_iter().take(per_week) {
            day.arrests.push((id, ON_SUSPICION.into()));
        }
    }

    // 6. Interrogations: the arrested name others, and arrests spread.
    let awaiting: Vec<String> = record.awaiting_trial.keys().cloned().collect();
    for id in awaiting {
        if !rng.random_bool(weekly(0.03)) {
            continue;
        }
        let faction = day.get(&id).and_then(|p| p.s.faction.clone());
        let mut named: Vec<String> = plots
            .iter()
            .filter(|(_, p)| p.organiser == id || p.members.contains(&id))
            .flat_map(|(_, p)| std::iter::once(p.organiser.clone()).chain(p.members.clone()))
            .filter(|m| m != &id && day.free(m))
            .collect();
        let mut mates: Vec<&Person> = day
            .people
            .iter()
            .filter(|p| {
                p.s.faction == faction && p.id != id && p.s.status.can_act() && p.id != day.leader
            })
            .collect();
        mates.sort_by(|a, b| {
            suspicion
                .0
                .get(&b.id)
                .unwrap_or(&0.0)
                .total_cmp(suspicion.0.get(&a.id).unwrap_or(&0.0))
                .then(a.id.cmp(&b.id))
        });
        mates.retain(|p| day.adult(&p.id));
        named.extend(mates.iter().take(1).map(|p| p.id.clone()));
        named.dedup();
        if named.is_empty() {
            continue;
        }
        let list: Vec<String> = named.iter().map(|n| day.name(n)).collect();
        let text = format!(
            "Under interrogation, {} names {}.",
            day.name(&id),
            list.join(", ")
        );
        day.note(
            "confession",
            text,
            std::iter::once(id.clone()).chain(named.clone()).collect(),
        );
        for n in named {
            let v = suspicion.0.entry(n.clone()).or_default();
            *v = (*v + 20.0).min(100.0);
            if obey && *v > 70.0 && paranoia.value > 50.0 {
                day.arrests
                    .push((n, format!("{NAMED_BY} {}", day.name(&id))));
            }
        }
    }

    // 7. Arrests.
    let arrests = std::mem::take(&mut day.arrests);
    for (id, cause) in arrests {
        if !day.adult(&id) {
            continue;
        }
        // Arresting a commander on suspicion alone risks the army's answer: the leader
        // dares it only when his fear of them outweighs his fear of the consequences.
        // Evidence of a plot is another matter.
        let on_suspicion = cause == ON_SUSPICION || cause.starts_with(NAMED_BY);
        if on_suspicion
            && day.get(&id).is_some_and(|p| p.military >= COMMANDER_SKILL)
            && paranoia.value < ARMY_PURGE_PARANOIA
        {
            continue;
        }
        let text = format!("{} is arrested, {}.", day.name(&id), cause);
        if !day.arrest(&mut record, &id, text) {
            continue;
        }
        for q in day.people.iter_mut() {
            q.s.fear = (q.s.fear + 1.5).min(100.0);
        }
    }

    // 8. Trials after some weeks in the cells.
    try_the_arrested(&mut day, &mut record, &mut rng, paranoia.value);

    // 9. Plots that strike.
    for i in strikes {
        plots[i].1.state = "struck".into();
        let plot = plots[i].1.clone();
        strike(world, &mut day, &plot, &mut rng, &mut record, &mut paranoia);
    }

    // Write everything back.
    for (e, p) in plots {
        if let Some(mut c) = world.get_mut::<Plot>(e)
            && *c != p
        {
            *c = p;
        }
    }
    write_back(world, &mut day);
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    world.insert_resource(paranoia);
    world.insert_resource(suspicion);
    world.insert_resource(record);
}

/// Trials of those arrested 45 days ago or more. `harshness` is the leader's paranoia,
/// or, once he has fallen, the new regime's temper (the same number, frozen at his fall).
fn try_the_arrested(
    day: &mut Day,
    record: &mut PurgeRecord,
    rng: &mut rand_chacha::ChaCha8Rng,
    harshness: f32,
) {
    let due: Vec<String> = record
        .awaiting_trial
        .iter()
        .filter(|(_, d)| d.days_until(day.date) >= 45)
        .map(|(id, _)| id.clone())
        .collect();
    for id in due {
        record.awaiting_trial.remove(&id);
        let roll: f32 = rng.random();
        let p = harshness;
        let verdict = if p > 70.0 {
            if roll < 0.7 {
                FigureStatus::Executed
            } else {
                FigureStatus::Imprisoned
            }
        } else if p > 40.0 {
            if roll < 0.2 {
                FigureStatus::Executed
            } else if roll < 0.8 {
                FigureStatus::Imprisoned
            } else {
                FigureStatus::Exiled
            }
        } else if roll < 0.5 {
            FigureStatus::Free
        } else {
            FigureStatus::Exiled
        };
        match verdict {
            FigureStatus::Executed => record.executions += 1,
            FigureStatus::Imprisoned => record.imprisoned += 1,
            FigureStatus::Exiled => record.exiled += 1,
            _ => record.released += 1,
        }
        if record.first_show_trial.is_none() && verdict == FigureStatus::Executed {
            record.first_show_trial = Some(day.date);
        }
        let outcome = match verdict {
            FigureStatus::Executed => "sentenced to death and shot",
            FigureStatus::Imprisoned => "sentenced to ten years in the camps",
            FigureStatus::Exiled => "sentenced to exile",
            _ => "released for lack of evidence",
        };
        if let Some(q) = day.get_mut(&id) {
            q.s.status = verdict;
        }
        let text = format!("{} is tried and {}.", day.name(&id), outcome);
        day.note("trial", text, vec![id.clone()]);
    }
}

/// Writes the day's changed standings back to the figures and its notes to the chronicle.
fn write_back(world: &mut World, day: &mut Day) {
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
            chronicle.add(cal.date, cal.hour, &kind, text, actors);
        }
    }
}

fn after_the_fall(world: &mut World, day: &mut Day) {
    let mut record = world.resource::<PurgeRecord>().clone();
    if record.awaiting_trial.is_empty() {
        return;
    }
    let harshness = world.resource::<Paranoia>().value;
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    try_the_arrested(day, &mut record, &mut rng, harshness);
    write_back(world, day);
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    world.insert_resource(record);
}

/// The units that follow `faction` near the capital (its region and its sites).
fn forces_of(world: &mut World, day: &Day, faction: &str, capital: &[String]) -> Vec<Combatant> {
    forces_at(world, faction, capital, |c| {
        day.get(c)
            .filter(|p| p.s.status.can_act())
            .and_then(|p| p.s.faction.clone())
    })
}

/// The units at `places` that follow `faction`: their commander's faction (as
/// `commander_faction` tells it) or, with none, their institution's controller.
pub(crate) fn forces_at(
    world: &mut World,
    faction: &str,
    places: &[String],
    commander_faction: impl Fn(&str) -> Option<String>,
) -> Vec<Combatant> {
    let data = world.resource::<LoadedScenario>().0.clone();
    let controllers: BTreeMap<String, Option<String>> = world
        .query::<&Institution>()
        .iter(world)
        .map(|i| (i.id.clone(), i.controller.clone()))
        .collect();
    let mut units: Vec<(Unit, UnitState)> = world
        .query::<(&Unit, &UnitState)>()
        .iter(world)
        .map(|(u, s)| (u.clone(), s.clone()))
        .collect();
    units.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    units
        .into_iter()
        .filter(|(_, s)| places.contains(&s.location) && s.men > 0)
        .filter(|(u, s)| {
            let by_commander = s.commander.as_deref().and_then(&commander_faction);
            by_commander
                .or_else(|| controllers.get(&u.institution).cloned().flatten())
                .as_deref()
                == Some(faction)
        })
        .filter_map(|(u, s)| {
            let kind = data
                .common
                .unit_types
                .iter()
                .find(|t| t.id == u.kind)?
                .clone();
            Some(Combatant {
                id: u.id,
                name: u.name,
                kind,
                men: s.men,
                tanks: s.tanks,
                supply: s.supply,
                quality: Some(s.quality),
                morale: Some(s.morale),
            })
        })
        .collect()
}

fn strike(
    world: &mut World,
    day: &mut Day,
    plot: &Plot,
    rng: &mut rand_chacha::ChaCha8Rng,
    record: &mut PurgeRecord,
    paranoia: &mut Paranoia,
) {
    let data = world.resource::<LoadedScenario>().0.clone();
    let faction = day
        .get(&plot.organiser)
        .and_then(|p| p.s.faction.clone())
        .unwrap_or_default();
    let conspirators: Vec<String> = std::iter::once(plot.organiser.clone())
        .chain(plot.members.clone())
        .collect();
    let head_office = world
        .resource::<RunInfo>()
        .leader_office
        .clone()
        .unwrap_or_default();
    let success = match plot.goal {
        PlotGoal::RemoveLeader => {
            // A plenum: those hostile to the leader's camp vote with the plot.
            let seats = if data.scenario.plenum.is_empty() {
                data.scenario
                    .congress
                    .as_ref()
                    .map(|c| c.ballot.clone())
                    .unwrap_or_default()
            } else {
                data.scenario.plenum.clone()
            };
            let cc: Vec<String> = seats.iter().flat_map(|k| holders(world, k)).collect();
            let (mut yes, mut no) = (0, 0);
            for m in cc.iter().filter(|m| day.free(m)) {
                if day.loyalty(m, &faction) + 20.0 > day.loyalty(m, &day.leader_faction)
                    || conspirators.contains(m)
                {
                    yes += 1;
                } else {
                    no += 1;
                }
            }
            let text = format!(
                "At a plenum called by {}'s circle, {yes} members vote to remove {} and {no} vote against.",
                day.name(&plot.organiser),
                day.name(&day.leader)
            );
            day.note("plenum", text, conspirators.clone());
            yes > no
        }
        PlotGoal::Coup => {
            record.coups += 1;
            let capital: Vec<String> = data.scenario.capital.clone();
            // As the balance shows, the wavering go over to the side that looks like
            // winning, and the units they command go with them.
            let men = |v: &[Combatant]| v.iter().map(|c| c.men as f32).sum::<f32>();
            let a0 = men(&forces_of(world, day, &faction, &capital));
            let d0 = men(&forces_of(
                world,
                day,
                &day.leader_faction.clone(),
                &capital,
            ));
            let odds = (a0 + 1.0) / (d0 + 1.0);
            let (from, to) = if odds >= DEFECT_ODDS {
                (day.leader_faction.clone(), faction.clone())
            } else if odds <= 1.0 / DEFECT_ODDS {
                (faction.clone(), day.leader_faction.clone())
            } else {
                (String::new(), String::new())
            };
            if !from.is_empty() {
                let wavering: Vec<String> = day
                    .people
                    .iter()
                    .filter(|p| {
                        p.s.status.can_act()
                            && p.id != day.leader
                            && p.id != plot.organiser
                            && p.s.faction.as_deref() == Some(from.as_str())
                            && day.loyalty(&p.id, &to) + DEFECT_LOYALTY_GAP
                                >= day.loyalty(&p.id, &from)
                    })
                    .map(|p| p.id.clone())
                    .collect();
                for id in wavering {
                    if !rng.random_bool(DEFECT_CHANCE) {
                        continue;
                    }
                    if let Some(p) = day.get_mut(&id) {
                        p.s.faction = Some(to.clone());
                    }
                    let side_name = data.faction(&to).map_or(to.as_str(), |f| f.name.as_str());
                    let text = format!(
                        "As the {} fills with troops, {} goes over to {side_name}.",
                        data.common
                            .sites
                            .iter()
                            .find(|s| s.kind == "residence")
                            .map_or("capital", |s| s.name.as_str()),
                        day.name(&id)
                    );
                    day.note("defection", text, vec![id.clone()]);
                }
                // The units follow their commanders' new colours from the world's view.
                write_back(world, day);
            }
            let attackers = forces_of(world, day, &faction, &capital);
            let defenders = forces_of(world, day, &day.leader_faction.clone(), &capital);
            let site = data.common.sites.iter().find(|s| s.kind == "residence");
            let (site_id, defences, fm, ft) = site
                // With no residence in the data, the fight is for the capital itself.
                .map_or(("capital".to_string(), 1.5, 20_000, 400), |s| {
                    (s.id.clone(), s.defences, s.frontage_men, s.frontage_tanks)
                });
            let setup = BattleSetup {
                id: format!("{}_{}", plot.id, site_id),
                name: format!(
                    "Storming of the {}",
                    site.map_or("capital", |s| s.name.as_str())
                ),
                site: site_id,
                defences,
                frontage_men: fm,
                frontage_tanks: ft,
                encircled: true,
                start_hour: 5,
                max_hours: 24,
                attacker: BattleSide {
                    name: format!("{} side", day.name(&plot.organiser)),
                    faction: faction.clone(),
                    commanders: conspirators.clone(),
                    units: attackers,
                },
                defender: BattleSide {
                    name: format!("{} side", day.name(&day.leader)),
                    faction: day.leader_faction.clone(),
                    commanders: vec![day.leader.clone()],
                    units: defenders,
                },
            };
            if setup.attacker.units.is_empty() {
                false
            } else {
                let report = super::battles::fight(&setup, rng);
                let won = report.winner == Winner::Attacker;
                let text = report.summary_line();
                day.note("battle", text, conspirators.clone());
                apply_losses(world, &report);
                world.resource_mut::<Battles>().0.push((day.date, report));
                won
            }
        }
    };
    if success {
        let leader = day.leader.clone();
        let fate = if plot.goal == PlotGoal::Coup {
            let r: f32 = rng.random();
            if r < 0.4 {
                FigureStatus::Suicide
            } else if r < 0.7 {
                FigureStatus::Killed
            } else {
                FigureStatus::Arrested
            }
        } else {
            FigureStatus::Arrested
        };
        if let Some(p) = day.get_mut(&leader) {
            p.s.status = fate;
        }
        if fate == FigureStatus::Arrested {
            record.awaiting_trial.insert(leader.clone(), day.date);
        }
        // The winners arrest the fallen leader's most powerful men.
        let power_of = |world: &mut World, id: &str| -> f32 {
            world
                .query::<&Office>()
                .iter(world)
                .filter(|o| o.holders.iter().any(|h| h == id))
                .map(|o| o.power)
                .sum()
        };
        let old_guard: Vec<String> = day
            .people
            .iter()
            .filter(|p| {
                p.s.status.can_act()
                    && p.s.faction.as_deref() == Some(day.leader_faction.as_str())
                    && p.id != leader
            })
            .map(|p| p.id.clone())
            .collect();
        let mut ranked: Vec<(f32, String)> = old_guard
            .into_iter()
            .map(|id| (power_of(world, &id), id))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, id) in ranked.into_iter().take(4) {
            let text = format!("The new government arrests {}.", day.name(&id));
            day.arrest(record, &id, text);
        }
        // The most popular free conspirator takes the leader's office.
        let heir = conspirators.iter().filter(|c| day.free(c)).max_by(|a, b| {
            let pa = day.get(a).map_or(0.0, |p| p.s.popularity);
            let pb = day.get(b).map_or(0.0, |p| p.s.popularity);
            pa.total_cmp(&pb).then(b.cmp(a))
        });
        // The office goes to the heir if the leader held it; an ally holding it keeps it.
        let current = holders(world, &head_office);
        let vacant_after = current.iter().all(|h| h == &leader || !day.free(h));
        if let Some(heir) = heir
            .cloned()
            .filter(|_| vacant_after && !head_office.is_empty())
        {
            let mut q = world.resource_mut::<super::commands::CommandQueue>();
            q.push(
                "plot",
                super::commands::SimCommand::Appoint {
                    office: head_office.clone(),
                    figure: heir.clone(),
                },
            );
            let text = format!(
                "{} falls ({}). {} takes his place at the head of the party.",
                day.name(&leader),
                fate.label(),
                day.name(&heir)
            );
            day.note("coup", text, vec![leader, heir]);
        }
        // The winners take the police and the army: each head office goes to the
        // conspirator (or, failing one, the member of their faction) who knows that
        // work best.
        let heads: Vec<(String, bool)> =
            [(&data.scenario.police, false), (&data.scenario.army, true)]
                .into_iter()
                .filter_map(|(inst, military)| {
                    let inst = inst.as_ref()?;
                    let def = data.common.institutions.iter().find(|i| &i.id == inst)?;
                    let head = def.offices.iter().find(|o| o.head)?;
                    Some((format!("{}.{}", def.id, head.id), military))
                })
                .collect();
        for (office, military) in heads {
            let chief = holders(world, &office);
            let ours = chief.iter().any(|h| {
                day.free(h) && day.loyalty(h, &faction) > day.loyalty(h, &day.leader_faction)
            });
            let skill = |p: &Person| if military { p.military } else { p.security };
            let best = day
                .people
                .iter()
                .filter(|p| {
                    p.s.status.can_act()
                        && p.s.faction.as_deref() == Some(faction.as_str())
                        && day.adult(&p.id)
                })
                .max_by(|a, b| {
                    let bonus = |p: &Person| {
                        if conspirators.contains(&p.id) {
                            2.0
                        } else {
                            0.0
                        }
                    };
                    (skill(a) + bonus(a))
                        .total_cmp(&(skill(b) + bonus(b)))
                        .then(b.id.cmp(&a.id))
                })
                .map(|p| p.id.clone());
            if let (false, Some(best)) = (ours, best) {
                let mut q = world.resource_mut::<super::commands::CommandQueue>();
                // Those just arrested lose their posts anyway, with the other fallen.
                for h in chief.iter().filter(|h| day.free(h)) {
                    q.push(
                        "plot",
                        super::commands::SimCommand::Dismiss {
                            office: office.clone(),
                            figure: h.clone(),
                        },
                    );
                }
                q.push(
                    "plot",
                    super::commands::SimCommand::Appoint {
                        office: office.clone(),
                        figure: best.clone(),
                    },
                );
                let what = if military {
                    "the army"
                } else {
                    "the security police"
                };
                let text = format!("{} takes charge of {what}.", day.name(&best));
                day.note("coup", text, vec![best]);
            }
        }
    } else {
        paranoia.add(day.date, "a conspiracy struck and failed", 25.0);
        for c in &conspirators {
            day.arrests
                .push((c.clone(), "after the failed attempt".into()));
        }
        let arrests = std::mem::take(&mut day.arrests);
        for (id, cause) in arrests {
            let text = format!("{} is arrested, {}.", day.name(&id), cause);
            day.arrest(record, &id, text);
        }
    }
}

/// Takes a battle's losses off the units that fought it.
pub(crate) fn apply_losses(world: &mut World, report: &BattleReport) {
    let outcomes: BTreeMap<String, u32> = report
        .attacker
        .units
        .iter()
        .chain(report.defender.units.iter())
        .map(|u| (u.id.clone(), u.survivors))
        .collect();
    let tanks: BTreeMap<String, u32> = report
        .attacker
        .units
        .iter()
        .chain(report.defender.units.iter())
        .map(|u| {
            (
                u.id.clone(),
                u.tanks - u.losses.tanks_destroyed - u.losses.tanks_captured,
            )
        })
        .collect();
    let mut q = world.query::<(&Unit, &mut UnitState)>();
    for (u, mut s) in q.iter_mut(world) {
        if let (Some(men), Some(t)) = (outcomes.get(&u.id), tanks.get(&u.id)) {
            s.men = *men;
            s.tanks = *t;
        }
    }
}
