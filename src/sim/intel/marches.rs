//! Marches seen: troops marching on a site of the capital are seen by everyone in
//! Moscow; on a guarded site elsewhere (one where another's troops stand), by the
//! ruler's police, who see everywhere, and by the sides whose troops stand where the
//! march sets out or where it is bound.

use super::{Intel, IntelAlert, ThreatKind};
use crate::model::FigureId;
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

/// Troops marching on a site of the capital, or on a guarded site elsewhere, are seen by
/// those who can see them (see the module's note), and each such side is told; in the
/// capital the ruler's fear grows unless they are his own, and their commander falls
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
    let controller = |i: &str| {
        ids.institutions
            .get(i)
            .and_then(|e| institutions.get(*e).ok())
            .and_then(|x| x.controller.as_ref().map(|c| c.to_string()))
    };
    // Who stands where: the factions whose troops hold each place.
    let mut standing: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for (u, st) in &units {
        if st.march.is_none() && st.men > 0 {
            let f = unit_faction(st, u, &ids, &figures, controller);
            standing.entry(st.location.clone()).or_default().push(f);
        }
    }
    let guarded = |site: &str, by_other_than: Option<&str>| {
        data.common.sites.iter().any(|s| s.id == site)
            && standing.get(site).is_some_and(|fs| {
                fs.iter()
                    .any(|f| f.is_some() && f.as_deref() != by_other_than)
            })
    };
    let mut marching: BTreeMap<(String, String), (&Unit, &UnitState)> = BTreeMap::new();
    for (u, st) in &units {
        let Some(m) = &st.march else { continue };
        let capital = capital_sites.iter().any(|s| s.id == m.to);
        if capital
            || guarded(
                &m.to,
                unit_faction(st, u, &ids, &figures, controller).as_deref(),
            )
        {
            marching.insert((u.id.to_string(), m.to.clone()), (u, st));
        }
    }
    let police = data
        .scenario
        .police
        .as_ref()
        .map(|p| p.as_str())
        .and_then(controller);
    let Marches {
        intel,
        paranoia,
        suspicion,
        chronicle,
    } = &mut watch;
    intel.marches.retain(|k| marching.contains_key(k));
    let date = calendar.date;
    for (key, (u, st)) in marching {
        if intel.marches.contains(&key) {
            continue;
        }
        intel.marches.insert(key.clone());
        let follows = unit_faction(st, u, &ids, &figures, controller);
        let in_capital = capital_sites.iter().any(|s| s.id == key.1);
        // Those who see it: all Moscow for the capital; elsewhere the police's side, and
        // the sides whose troops stand where it sets out or where it is bound.
        let sees = |faction: &str| {
            let here = |place: &str| {
                standing
                    .get(place)
                    .is_some_and(|fs| fs.iter().any(|f| f.as_deref() == Some(faction)))
            };
            in_capital || police.as_deref() == Some(faction) || here(&key.1) || here(&st.location)
        };
        let site_name = data.place_name(&key.1);
        let faction_name = follows
            .as_deref()
            .and_then(|f| data.faction(f))
            .map_or_else(String::new, |f| f.name.clone());
        let c = &data.common.chronicle;
        let text = c.sentence(
            Line::IntelMarch,
            &[
                ("unit", &u.name),
                ("site", &site_name),
                ("faction", &faction_name),
            ],
        );
        // The days before the marchers arrive, as the road tells anyone watching.
        let days_left = st.march.as_ref().map(|m| {
            let hours = m
                .legs
                .iter()
                .map(|l| l.1)
                .sum::<u32>()
                .saturating_sub(m.done);
            (hours / 24, hours / 24 + 1)
        });
        for side in &data.scenario.sides {
            if follows.as_deref() == Some(side.faction.as_str()) || !sees(side.faction.as_str()) {
                continue;
            }
            intel.side_mut(side.id.as_str()).alerts.push(IntelAlert {
                date,
                kind: ThreatKind::March,
                subject: u.id.to_string(),
                plot: None,
                also: Vec::new(),
                truth: true,
                firm: true,
                source: String::new(),
                days_left,
                text: text.clone(),
            });
        }
        // The ruler fears only others' troops, and only in his capital.
        if !in_capital || (follows.is_some() && follows.as_deref() == ruler.faction()) {
            continue;
        }
        let why = data.common.chronicle.sentence(
            Line::FearMarching,
            &[("unit", &u.name), ("site", &site_name)],
        );
        paranoia.add(date, why, 5.0);
        if let Some(cmd) = &st.commander {
            let v = suspicion.0.entry(cmd.to_string()).or_default();
            *v = (*v + 15.0).min(100.0);
        }
        let c = &data.common.chronicle;
        chronicle.add(
            date,
            calendar.hour,
            Line::TroopsSeen.kind(),
            c.sentence(Line::TroopsSeen, &[("unit", &u.name), ("site", &site_name)]),
            st.commander.iter().map(FigureId::to_string).collect(),
        );
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
