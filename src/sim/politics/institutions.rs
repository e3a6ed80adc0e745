//! Institutions and their offices: who sits where, and which faction that gives control.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::InstitutionId;
use crate::model::OfficeId;
use crate::sim::people::{Figure, Standing};
use crate::sim::spawn::RunResource;
use crate::sim::{Ids, SimSet, SimTick};
use bevy::prelude::*;
use std::collections::BTreeMap;
use std::collections::HashMap;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Fallen>().add_systems(
        SimTick,
        (
            rename_institutions,
            rename_units,
            count_seats_in_use,
            weaken_purged_institutions,
            regain_competence,
            vacate_offices_of_the_fallen
                .run_if(resource_changed::<Fallen>.or_else(offices_changed)),
            relieve_fallen_commanders.run_if(resource_changed::<Fallen>),
            update_control.run_if(allegiances_changed),
        )
            .chain()
            .in_set(SimSet::Institutions),
    );
}

/// Whether a seat changed hands since the system asking last ran.
pub fn offices_changed(q: Query<(), Changed<Office>>) -> bool {
    !q.is_empty()
}

/// Whether a seat, a figure's standing (faction, status, popularity) or a unit changed
/// since the system asking last ran: only then can control or power differ.
pub fn allegiances_changed(
    offices: Query<(), Changed<Office>>,
    figures: Query<(), Changed<Standing>>,
    units: Query<(), Changed<crate::sim::forces::units::UnitState>>,
) -> bool {
    !offices.is_empty() || !figures.is_empty() || !units.is_empty()
}

/// A commander who is arrested, imprisoned or dead commands nothing.
pub fn relieve_fallen_commanders(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    mut units: Query<&mut crate::sim::forces::units::UnitState>,
) {
    for mut u in &mut units {
        let fallen = u.commander.as_ref().is_some_and(|c| {
            !ids.figures
                .get(c)
                .and_then(|e| figures.get(*e).ok())
                .is_some_and(|s| s.status.can_act())
        });
        if fallen {
            u.commander = None;
        }
    }
}

#[derive(Component, Clone, Debug)]
pub struct Institution {
    pub id: InstitutionId,
    pub name: String,
    /// The faction holding the head office, or the most seats when none is headed.
    pub controller: Option<FactionId>,
    /// How well it works, 0..=1: every officer it loses to a purge costs it experience
    /// that takes years to rebuild.
    pub competence: f32,
}

/// Figures already counted as fallen, so each fall weakens institutions once.
#[derive(Resource, Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fallen(pub std::collections::BTreeSet<FigureId>);

/// Competence lost per point of skill (0..=10) of an officer the institution loses.
pub const COMPETENCE_PER_SKILL: f32 = 0.006;
/// Quality a unit loses when its commander falls (a share of what it had).
pub const QUALITY_LOST_WITH_COMMANDER: f32 = 0.08;
/// Competence regained per day, toward 1, as new men learn the work (under 4% a year).
pub const COMPETENCE_REGAINED_PER_DAY: f32 = 0.0001;
/// Army competence lost per point of military skill of a fallen commander, office or
/// none: with him go the officers he trained and promoted.
pub const ARMY_COMPETENCE_PER_SKILL: f32 = 0.008;
/// Military skill from which a fallen figure counts as one of the army's commanders.
pub const ARMY_COMMANDER_SKILL: u8 = 6;

/// Marks everyone already fallen (at the start, or in a loaded game) as counted, so
/// only falls from now on weaken institutions.
pub fn count_the_fallen(world: &mut World) {
    let fallen = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .filter(|(_, s)| !s.status.can_act())
        .map(|(f, _)| f.id.clone())
        .collect();
    world.insert_resource(Fallen(fallen));
}

/// When a figure falls (arrested, imprisoned, exiled, dead), each institution where he
/// held office loses competence by his skill, and the units he commanded lose quality;
/// slowly, institutions relearn (`regain_competence`). Runs before the fallen are taken
/// out of their posts.
pub fn weaken_purged_institutions(
    ids: Res<Ids>,
    data: Option<Res<crate::sim::spawn::LoadedScenario>>,
    figures: Query<(&Figure, &Standing)>,
    offices: Query<&Office>,
    mut institutions: Query<&mut Institution>,
    mut units: Query<&mut crate::sim::forces::units::UnitState>,
    mut fallen: ResMut<Fallen>,
) {
    let Some(data) = data else { return };
    let mut newly: Vec<&str> = Vec::new();
    for (id, e) in &ids.figures {
        let Ok((_, s)) = figures.get(*e) else {
            continue;
        };
        if !s.status.can_act() && !fallen.0.contains(id.as_str()) {
            newly.push(id.as_str());
        }
    }
    let freed = fallen.0.iter().any(|id| {
        ids.figures
            .get(id)
            .and_then(|e| figures.get(*e).ok())
            .is_some_and(|(_, s)| s.status.can_act())
    });
    if newly.is_empty() && !freed {
        // Nothing changed: leave `Fallen` untouched, so the systems that run only
        // after a fall (relieving commanders) stay asleep.
        return;
    }
    for id in &newly {
        let skills = data.0.figure(id).map(|f| f.skills).unwrap_or_default();
        for o in offices.iter().filter(|o| o.holders.iter().any(|h| h == id)) {
            let skill = skills.for_work(data.0.office_skill(o.key.as_str()));
            for mut inst in &mut institutions {
                if inst.id == o.institution {
                    inst.competence =
                        (inst.competence - COMPETENCE_PER_SKILL * f32::from(skill)).max(0.0);
                }
            }
        }
        for mut u in &mut units {
            if u.commander.as_ref().map(FigureId::as_str) == Some(*id) {
                u.quality *= 1.0 - QUALITY_LOST_WITH_COMMANDER;
            }
        }
        if skills.military >= ARMY_COMMANDER_SKILL
            && let Some(army) = data.0.scenario.army.as_ref().map(|a| a.as_str())
        {
            for mut inst in &mut institutions {
                if inst.id == army {
                    inst.competence = (inst.competence
                        - ARMY_COMPETENCE_PER_SKILL * f32::from(skills.military))
                    .max(0.0);
                }
            }
        }
        fallen.0.insert((*id).into());
    }
    // Those freed again may fall again, and count again.
    fallen.0.retain(|id| {
        ids.figures
            .get(id)
            .and_then(|e| figures.get(*e).ok())
            .is_some_and(|(_, s)| !s.status.can_act())
    });
}

/// Daily, after the day's falls have cost what they cost, institutions relearn.
pub fn regain_competence(
    calendar: Res<crate::sim::calendar::Calendar>,
    mut institutions: Query<&mut Institution>,
) {
    if !calendar.new_day {
        return;
    }
    for mut inst in &mut institutions {
        if inst.competence < 1.0 {
            inst.competence = (inst.competence + COMPETENCE_REGAINED_PER_DAY).min(1.0);
        }
    }
}

/// One office with its holders, by figure id (stable across saves).
#[derive(Component, Clone, Debug)]
pub struct Office {
    /// `institution.office`.
    pub key: OfficeId,
    pub institution: InstitutionId,
    pub name: String,
    pub seats: u32,
    pub power: f32,
    pub head: bool,
    pub holders: Vec<FigureId>,
    /// Seats this run has seen filled: those held at the start, and any a vote, an event
    /// or an appointment has filled since. Only these are refilled when they fall
    /// empty; a seat empty at the start stays empty until someone is put there.
    pub in_use: u32,
}

/// Counts the seats in use when an office gains holders.
pub fn count_seats_in_use(mut offices: Query<&mut Office, Changed<Office>>) {
    for mut office in &mut offices {
        let held = office.holders.len() as u32;
        if held > office.in_use {
            office.bypass_change_detection().in_use = held;
        }
    }
}

/// Names each body and its offices as they were on the day: the OGPU becomes the NKVD
/// on the day content says, with the chronicle's line when the run passes that day.
pub fn rename_institutions(
    mut chronicler: crate::sim::chronicle::Chronicler,
    mut institutions: Query<&mut Institution>,
    mut offices: Query<&mut Office>,
) {
    if chronicler.calendar.hour != 0 {
        return;
    }
    let date = chronicler.calendar.date;
    let data = chronicler.scenario.0.clone();
    for def in data
        .common
        .institutions
        .iter()
        .filter(|d| !d.renamed.is_empty())
    {
        let Some(renaming) = def.renaming_on(date) else {
            continue;
        };
        let Some(mut inst) = institutions.iter_mut().find(|i| i.id == def.id) else {
            continue;
        };
        if inst.name == renaming.name {
            continue;
        }
        inst.name = renaming.name.clone();
        for mut office in offices.iter_mut().filter(|o| o.institution == def.id) {
            let own = |o: &&crate::scenario::schema::OfficeDef| {
                office.key.as_str().strip_prefix(def.id.as_str()) == Some(&format!(".{}", o.id))
            };
            if let Some(o) = def.offices.iter().find(own) {
                office.name = def.office_name_on(o, date).to_string();
            }
        }
        if renaming.on == date
            && let Some(news) = &renaming.news
        {
            chronicler.chronicle.add(
                date,
                0,
                crate::sim::chronicle::ChronicleKind::Country,
                news.clone(),
                Vec::new(),
            );
        }
    }
}

/// Calls each unit by its name on the day: the OGPU's troops become the NKVD's with
/// their body, a formation renamed in content takes its new name, with the chronicle's
/// line. Only on a day when some name changes.
pub fn rename_units(
    mut chronicler: crate::sim::chronicle::Chronicler,
    events: Res<crate::sim::events::EventState>,
    mut units: Query<&mut crate::sim::forces::units::Unit>,
) {
    if chronicler.calendar.hour != 0 {
        return;
    }
    let date = chronicler.calendar.date;
    let data = chronicler.scenario.0.clone();
    let defs = || data.scenario.units.iter().chain(&events.spawned_units);
    let bodies = data.common.institutions.iter().flat_map(|i| &i.renamed);
    if !bodies
        .map(|r| r.on)
        .chain(defs().flat_map(|u| u.renamed.iter().map(|r| r.on)))
        .any(|on| on == date)
    {
        return;
    }
    let by_id: HashMap<&str, &crate::scenario::schema::UnitDef> =
        defs().map(|u| (u.id.as_str(), u)).collect();
    for mut unit in &mut units {
        let Some(def) = by_id.get(unit.id.as_str()) else {
            continue;
        };
        let name = def.name_on(&data, date);
        if unit.name != name {
            unit.name = name;
        }
    }
    for news in defs()
        .flat_map(|u| &u.renamed)
        .filter(|r| r.on == date)
        .filter_map(|r| r.news.as_ref())
    {
        chronicler.chronicle.add(
            date,
            0,
            crate::sim::chronicle::ChronicleKind::Country,
            news.clone(),
            Vec::new(),
        );
    }
}

/// Nobody arrested, imprisoned or dead keeps an office.
pub fn vacate_offices_of_the_fallen(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    mut offices: Query<&mut Office>,
) {
    let can_act = |h: &FigureId| {
        ids.figures
            .get(h)
            .and_then(|e| figures.get(*e).ok())
            .is_some_and(|s| s.status.can_act())
    };
    for mut office in &mut offices {
        // Look before touching: most days nobody falls, and nothing is allocated.
        if office.holders.iter().all(can_act) {
            continue;
        }
        office.holders.retain(|h| can_act(h));
    }
}

pub fn update_control(
    ids: Res<Ids>,
    figures: Query<&Standing, With<Figure>>,
    offices: Query<&Office>,
    mut institutions: Query<&mut Institution>,
) {
    // Borrowed ids throughout: this runs every tick and must not allocate per seat.
    let faction_of = |fig: &str| -> Option<&str> {
        ids.figures
            .get(fig)
            .and_then(|e| figures.get(*e).ok())
            .and_then(|s| s.faction.as_ref().map(FactionId::as_str))
    };
    let mut heads: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seats: BTreeMap<&str, BTreeMap<&str, u32>> = BTreeMap::new();
    for o in &offices {
        for h in &o.holders {
            if let Some(f) = faction_of(h.as_str()) {
                *seats
                    .entry(o.institution.as_str())
                    .or_default()
                    .entry(f)
                    .or_default() += 1;
                if o.head {
                    heads.insert(o.institution.as_str(), f);
                }
            }
        }
    }
    for mut inst in &mut institutions {
        let by_head = heads.get(inst.id.as_str()).copied();
        let by_seats = seats.get(inst.id.as_str()).and_then(|m| {
            // Most seats; ties go to the alphabetically first id, for determinism.
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(f, _)| *f)
        });
        let controller = by_head.or(by_seats);
        if inst.controller.as_ref().map(|c| c.as_str()) != controller {
            inst.controller = controller.map(FactionId::from);
        }
    }
}
