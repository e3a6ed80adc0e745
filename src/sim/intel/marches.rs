//! Marches on the capital: troops marching on one of its sites are seen by everyone in
//! Moscow.

use super::{Intel, IntelAlert, ThreatKind};
use crate::scenario::chronicle::Line;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::forces::units::{Unit, UnitState, unit_faction};
use crate::sim::intrigue::paranoia::{Paranoia, Suspicion};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Institution;
use crate::sim::politics::ruler::Ruler;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use std::collections::BTreeMap;

/// Troops marching on a site of the capital are seen by everyone in Moscow: each side
/// is told, the ruler's fear grows unless they are his own, and their commander falls
/// under suspicion. Noticed once per march.
pub fn see_marches(
    data: Option<Res<LoadedScenario>>,
    calendar: Res<Calendar>,
    ruler: Res<Ruler>,
    ids: Res<Ids>,
    army: Army,
    mut watch: Marches,
) {
    let Army {
        figures,
        institutions,
        units,
    } = army;
    let Some(data) = data.as_ref().map(|d| d.0.clone()) else {
        return;
    };
    let capital_sites: Vec<&crate::scenario::schema::SiteDef> = data
        .common
        .sites
        .iter()
        .filter(|s| data.scenario.capital.contains(&s.id))
        .collect();
    let mut marching: BTreeMap<(String, String), (&Unit, &UnitState)> = BTreeMap::new();
    for (u, st) in &units {
        if let Some(m) = &st.march
            && capital_sites.iter().any(|s| s.id == m.to)
        {
            marching.insert((u.id.clone(), m.to.clone()), (u, st));
        }
    }
    let Marches {
        intel,
        paranoia,
        suspicion,
        chronicle,
    } = &mut watch;
    intel.marches.retain(|k| marching.contains_key(k));
    let date = calendar.date;
    let controller = |i: &str| {
        ids.institutions
            .get(i)
            .and_then(|e| institutions.get(*e).ok())
            .and_then(|x| x.controller.clone())
    };
    for (key, (u, st)) in marching {
        if intel.marches.contains(&key) {
            continue;
        }
        intel.marches.insert(key.clone());
        let follows = unit_faction(st, u, &ids, &figures, controller);
        if follows.is_some() && follows == ruler.faction {
            continue;
        }
        let site = capital_sites.iter().find(|s| s.id == key.1);
        let site_name = site.map_or(key.1.clone(), |s| s.name.clone());
        let faction_name = follows
            .as_deref()
            .and_then(|f| data.faction(f))
            .map_or_else(String::new, |f| f.name.clone());
        let why = data.common.chronicle.sentence(
            Line::FearMarching,
            &[("unit", &u.name), ("site", &site_name)],
        );
        paranoia.add(date, why, 5.0);
        if let Some(cmd) = &st.commander {
            let v = suspicion.0.entry(cmd.clone()).or_default();
            *v = (*v + 15.0).min(100.0);
        }
        let c = &data.common.chronicle;
        chronicle.add(
            date,
            calendar.hour,
            Line::TroopsSeen.kind(),
            c.sentence(Line::TroopsSeen, &[("unit", &u.name), ("site", &site_name)]),
            st.commander.iter().cloned().collect(),
        );
        let text = c.sentence(
            Line::IntelMarch,
            &[
                ("unit", &u.name),
                ("site", &site_name),
                ("faction", &faction_name),
            ],
        );
        for side in &data.scenario.sides {
            if follows.as_deref() == Some(side.faction.as_str()) {
                continue;
            }
            intel.side_mut(&side.id).alerts.push(IntelAlert {
                date,
                kind: ThreatKind::March,
                subject: u.id.clone(),
                plot: None,
                also: Vec::new(),
                truth: true,
                firm: true,
                source: String::new(),
                days_left: None,
                text: text.clone(),
            });
        }
    }
}

/// What noticing a march changes.
#[derive(SystemParam)]
pub struct Marches<'w> {
    intel: ResMut<'w, Intel>,
    paranoia: ResMut<'w, Paranoia>,
    suspicion: ResMut<'w, Suspicion>,
    chronicle: ResMut<'w, Chronicle>,
}

/// The units and who they follow.
#[derive(SystemParam)]
pub struct Army<'w, 's> {
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    institutions: Query<'w, 's, &'static Institution>,
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
}
