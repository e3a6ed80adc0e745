//! Turning scenario data into a world: one entity per figure, faction, institution
//! and office, plus the run's resources.

use crate::model::FigureId;
use crate::model::OfficeId;
use crate::model::SideId;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::ScenarioData;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::clock::GameClock;
use crate::sim::people::{Figure, FigureStatus, Standing};
use crate::sim::politics::factions::{Faction, FactionPower, LeaderHold};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::rng::RngStreams;
use crate::sim::{Ids, RunInfo};
use bevy::ecs::schedule::ScheduleLabel;
use bevy::prelude::*;

/// Run by `start_run` before a run's world is built: each plugin puts its resources
/// back to their defaults here, so nothing of a previous run in the same app survives.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct StartRun;

/// Run by `start_run` once the run's world is built and the scenario loaded: plugins
/// derive their starting state from the scenario here.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct RunStarted;

/// A resource that belongs to one run: created with the app, reset when a run starts.
pub trait RunResource {
    fn init_run_resource<T: Resource + Default>(&mut self) -> &mut Self;
}

impl RunResource for App {
    fn init_run_resource<T: Resource + Default>(&mut self) -> &mut Self {
        self.init_resource::<T>()
            .add_systems(StartRun, |world: &mut World| {
                world.insert_resource(T::default());
            })
    }
}

/// Marks everything a run spawned, so leaving a game clears it.
#[derive(Component, Clone, Copy, Debug)]
pub struct SimEntity;

/// The loaded scenario, kept for names, descriptions and colours.
#[derive(Resource, Clone, Debug)]
pub struct LoadedScenario(pub std::sync::Arc<ScenarioData>);

/// Spawns a fresh run of `data` with `seed`. Clears any previous run first.
pub fn start_run(world: &mut World, data: &ScenarioData, seed: u64, player_side: Option<SideId>) {
    despawn_run(world);
    // A world without the rules' plugins (a unit test's) has no such schedule.
    let _ = world.try_run_schedule(StartRun);
    let s = &data.scenario;
    let mut ids = Ids::default();

    for f in &data.common.factions {
        let e = world
            .spawn((
                SimEntity,
                Faction {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    color: f.color,
                },
                FactionPower::default(),
            ))
            .id();
        ids.factions.insert(f.id.clone(), e);
    }
    for f in &data.common.figures {
        // Everyone born and not yet dead at the start is in play (children too: a
        // leader's family matters); only adults may hold office, which `check` enforces.
        if f.born > s.start.year || f.died.is_some_and(|d| d < s.start.year) {
            continue;
        }
        let cast = s.cast.iter().find(|c| c.figure == f.id);
        let standing = Standing {
            status: cast.map_or(FigureStatus::Free, |c| c.status),
            faction: cast.and_then(|c| c.faction.clone()),
            popularity: cast.and_then(|c| c.popularity).unwrap_or(f.popularity),
            ambition: f.ambition,
            fear: 10.0,
            loyalty: cast.map(|c| c.loyalty.clone()).unwrap_or_default(),
        };
        let e = world
            .spawn((
                SimEntity,
                Figure {
                    id: f.id.clone(),
                    name: f.name.clone(),
                },
                standing,
            ))
            .id();
        ids.figures.insert(f.id.clone(), e);
    }
    for inst in &data.common.institutions {
        let e = world
            .spawn((
                SimEntity,
                Institution {
                    competence: 1.0,
                    id: inst.id.clone(),
                    name: inst.name_on(s.start).to_string(),
                    controller: None,
                },
            ))
            .id();
        ids.institutions.insert(inst.id.clone(), e);
        for o in &inst.offices {
            let key = OfficeId::from(format!("{}.{}", inst.id, o.id));
            let holders: Vec<FigureId> = s
                .offices
                .get(&key)
                .map(|h| {
                    h.iter()
                        .filter(|id| ids.figures.contains_key(*id))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let e = world
                .spawn((
                    SimEntity,
                    Office {
                        key: key.clone(),
                        institution: inst.id.clone(),
                        name: inst.office_name_on(o, s.start).to_string(),
                        seats: o.seats,
                        power: o.power,
                        head: o.head,
                        in_use: holders.len() as u32,
                        holders,
                    },
                ))
                .id();
            ids.offices.insert(key, e);
        }
    }

    let map = crate::scenario::map::shared_map();
    for r in &data.common.regions {
        let map_name = map
            .as_ref()
            .and_then(|m| m.region(r.id.as_str()))
            .map(|x| x.name.clone());
        world.spawn((
            SimEntity,
            crate::sim::forces::units::Region {
                id: r.id.clone(),
                name: r
                    .name
                    .clone()
                    .or(map_name)
                    .unwrap_or_else(|| r.id.to_string()),
                unrest: r.unrest,
                nkvd_presence: r.nkvd_presence,
            },
        ));
    }
    for site in &data.common.sites {
        world.spawn((
            SimEntity,
            crate::sim::forces::units::Site {
                id: site.id.clone(),
                name: site.name.clone(),
                kind: site.kind.clone(),
                defences: site.defences,
            },
        ));
    }
    for u in &s.units {
        let known = u
            .commander
            .as_ref()
            .is_some_and(|c| ids.figures.contains_key(c));
        world.spawn((
            SimEntity,
            crate::sim::forces::units::unit_bundle(data, u, known, s.start),
        ));
    }
    world.insert_resource(crate::sim::forces::movement::Travel(
        crate::sim::forces::movement::TravelGraph::shared(),
    ));
    world.insert_resource(ids);
    let mut calendar = Calendar::new(s.start);
    calendar.new_day = true;
    world.insert_resource(calendar);
    world.insert_resource(RngStreams::new(seed));
    let mut chronicle = Chronicle::default();
    chronicle.line(
        (s.start, 0),
        &data.common.chronicle,
        Line::Begins,
        &[("scenario", &s.name)],
        vec![],
    );
    world.insert_resource(chronicle);
    world.insert_resource(crate::sim::intrigue::paranoia::Paranoia {
        value: s.paranoia.clamp(0.0, 100.0),
        reasons: Vec::new(),
        ruler: s.leader.to_string(),
    });
    world.insert_resource(LeaderHold {
        figure: s.leader.to_string(),
        ..default()
    });
    let leader_office = s.leader_office.clone().or_else(|| {
        let mut heads: Vec<(f32, String)> = data
            .common
            .institutions
            .iter()
            .flat_map(|i| {
                i.offices
                    .iter()
                    .filter(|o| o.head)
                    .map(move |o| (o.power, format!("{}.{}", i.id, o.id)))
            })
            .filter(|(_, k)| s.offices.get(k).is_some_and(|h| h.contains(&s.leader)))
            .collect();
        heads.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        heads.first().map(|(_, k)| k.as_str().into())
    });
    world.insert_resource(RunInfo {
        scenario: s.id.clone(),
        seed,
        start: s.start,
        end: s.end,
        player_side,
        leader_office,
    });
    world.insert_resource(LoadedScenario(std::sync::Arc::new(data.clone())));
    world.init_resource::<GameClock>();
    crate::sim::politics::institutions::count_the_fallen(world);
    let _ = world.try_run_schedule(RunStarted);
    // Derived numbers (control, power, hold) are computed before the first frame,
    // without moving the calendar.
    settle(world);
    // The first replay checkpoint: the world as it starts.
    let start = crate::sim::snapshot::state_hash(world);
    world.insert_resource(crate::sim::record::Checkpoints(vec![(s.start, start)]));
}

/// Computes derived state (control, power, hold) without moving the calendar or
/// drawing random numbers.
fn settle(world: &mut World) {
    use crate::sim::politics::{factions, institutions};
    use bevy::ecs::system::RunSystemOnce;
    let _ = world.run_system_once(institutions::update_control);
    let _ = world.run_system_once(crate::sim::politics::ruler::derive_ruler);
    let _ = world.run_system_once(factions::compute_power);
    let _ = world.run_system_once(factions::compute_hold);
}

pub fn despawn_run(world: &mut World) {
    let es: Vec<Entity> = world
        .query_filtered::<Entity, With<SimEntity>>()
        .iter(world)
        .collect();
    for e in es {
        world.despawn(e);
    }
}
