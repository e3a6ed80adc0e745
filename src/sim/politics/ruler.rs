//! Who rules, and why: one answer that the rules and the panels read.

use super::institutions::Office;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::sim::people::{Figure, Standing};
use crate::sim::spawn::RunResource;
use crate::sim::{Ids, RunInfo, SimSet, SimTick};
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    // The orders, the council and the events refresh the ruler where they change the
    // ruling office. Derived besides at two fixed points: after the week's plots (before
    // the events read who rules), and once the fallen have left their posts (before power
    // and the hold are weighed, and for the next tick's AI and orders).
    app.init_run_resource::<Ruler>()
        .add_systems(
            SimTick,
            derive_ruler
                .in_set(SimSet::Politics)
                .after(crate::sim::intrigue::WeekOfIntrigue)
                .before(crate::sim::events::run_events),
        )
        .add_systems(
            SimTick,
            derive_ruler
                .in_set(SimSet::Institutions)
                .after(super::institutions::vacate_offices_of_the_fallen),
        );
}

/// Who rules: the first free holder of the ruling office. Derived, never saved.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Ruler {
    pub figure: Option<FigureId>,
    /// His faction, as it stood when he was last derived.
    pub faction: Option<FactionId>,
    /// The ruling office (`institution.office`), held or vacant.
    pub office: Option<OfficeId>,
    /// Why he rules, or why nobody does, in words a tooltip can show.
    pub reason: String,
}

impl Ruler {
    pub fn figure(&self) -> Option<&str> {
        self.figure.as_ref().map(FigureId::as_str)
    }
    pub fn faction(&self) -> Option<&str> {
        self.faction.as_ref().map(FactionId::as_str)
    }
    pub fn is(&self, figure: &str) -> bool {
        self.figure() == Some(figure)
    }
    /// The leader the police and the plots answer to: the ruler, or, with the ruling
    /// office vacant, the scenario's `leader` (who may have fallen).
    pub fn or_leader<'a>(&'a self, leader: &'a str) -> &'a str {
        self.figure().unwrap_or(leader)
    }
}

/// The ruler of the ruling office `key`, given the office and each figure's name and
/// standing by id.
pub fn ruler_of<'a>(
    key: Option<&str>,
    office: Option<&Office>,
    figure: impl Fn(&str) -> Option<(&'a str, &'a Standing)>,
) -> Ruler {
    let Some(key) = key else {
        return Ruler {
            reason: "No office rules in this scenario.".into(),
            ..default()
        };
    };
    let office_name = office.map_or(key, |o| o.name.as_str());
    let holder = office.and_then(|o| {
        o.holders
            .iter()
            .find(|h| figure(h.as_str()).is_some_and(|(_, s)| s.status.can_act()))
    });
    let Some((holder, (name, standing))) = holder.and_then(|h| Some((h, figure(h.as_str())?)))
    else {
        return Ruler {
            office: Some(key.into()),
            reason: format!("The office of {office_name} is vacant."),
            ..default()
        };
    };
    Ruler {
        figure: Some(holder.clone()),
        faction: standing.faction.clone(),
        office: Some(key.into()),
        reason: format!("{name} holds the office of {office_name}."),
    }
}

/// Recomputes the ruler; leaves the resource untouched when nothing changed.
pub fn derive_ruler(
    info: Res<RunInfo>,
    ids: Res<Ids>,
    offices: Query<&Office>,
    figures: Query<(&Figure, &Standing)>,
    mut ruler: ResMut<Ruler>,
) {
    let key = info.leader_office.as_ref().map(OfficeId::as_str);
    let office = key
        .and_then(|k| ids.offices.get(k))
        .and_then(|e| offices.get(*e).ok());
    let now = ruler_of(key, office, |id| {
        let (f, s) = figures.get(*ids.figures.get(id)?).ok()?;
        Some((f.name.as_str(), s))
    });
    if *ruler != now {
        *ruler = now;
    }
}

/// Who rules in `world` now, derived afresh by the same rule: for the rules and the
/// reports that hold the whole world.
pub fn ruler_in(world: &World) -> Ruler {
    let key = world
        .get_resource::<RunInfo>()
        .and_then(|i| i.leader_office.as_ref().map(OfficeId::as_str));
    let Some(ids) = world.get_resource::<Ids>() else {
        return ruler_of(key, None, |_| None);
    };
    let office = key
        .and_then(|k| ids.offices.get(k))
        .and_then(|e| world.get::<Office>(*e));
    ruler_of(key, office, |id| {
        let e = *ids.figures.get(id)?;
        Some((
            world.get::<Figure>(e)?.name.as_str(),
            world.get::<Standing>(e)?,
        ))
    })
}

/// Derives the ruler now, for rules that hold the whole world and have just changed the
/// ruling office.
pub fn refresh_ruler(world: &mut World) {
    if world.contains_resource::<Ruler>() && world.contains_resource::<RunInfo>() {
        use bevy::ecs::system::RunSystemOnce;
        let _ = world.run_system_once(derive_ruler);
    }
}

/// Derives the ruler again if `office` is the ruling office: for rules that hold the
/// whole world and have just changed its holders.
pub fn refresh_if_ruling(world: &mut World, office: &str) {
    if world
        .get_resource::<Ruler>()
        .is_some_and(|r| r.office.as_ref().map(OfficeId::as_str) == Some(office))
    {
        refresh_ruler(world);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::people::FigureStatus;

    fn standing(status: FigureStatus, faction: &str) -> Standing {
        Standing {
            status,
            faction: Some(faction.into()),
            popularity: 50.0,
            ambition: 50.0,
            fear: 0.0,
            loyalty: Default::default(),
        }
    }

    fn office(holders: &[&str]) -> Office {
        Office {
            key: "council.chair".into(),
            institution: "council".into(),
            name: "Chair".into(),
            seats: 2,
            power: 5.0,
            head: true,
            in_use: holders.len() as u32,
            holders: holders.iter().map(|h| FigureId::from(*h)).collect(),
        }
    }

    #[test]
    fn the_first_free_holder_rules_and_the_reason_names_him() {
        let people = [
            ("ann", "Ann", standing(FigureStatus::Arrested, "blue")),
            ("bob", "Bob", standing(FigureStatus::Free, "red")),
        ];
        let lookup = |id: &str| people.iter().find(|p| p.0 == id).map(|p| (p.1, &p.2));
        let r = ruler_of(
            Some("council.chair"),
            Some(&office(&["ann", "bob"])),
            lookup,
        );
        assert_eq!(r.figure(), Some("bob"));
        assert_eq!(r.faction(), Some("red"));
        assert!(
            r.reason.contains("Bob") && r.reason.contains("Chair"),
            "{}",
            r.reason
        );
        let vacant = ruler_of(Some("council.chair"), Some(&office(&["ann"])), lookup);
        assert_eq!(vacant.figure(), None);
        assert_eq!(
            vacant.office.as_ref().map(OfficeId::as_str),
            Some("council.chair")
        );
        assert!(vacant.reason.contains("vacant"), "{}", vacant.reason);
        assert_eq!(ruler_of(None, None, lookup).office, None);
    }
}
