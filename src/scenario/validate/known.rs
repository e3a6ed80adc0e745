//! The ids a reference may name, by kind, for the checks of events, policies, history
//! and victory conditions.

use crate::scenario::events::Effect;
use crate::scenario::load::Content;
use crate::scenario::schema::ScenarioDef;
use std::collections::{BTreeMap, BTreeSet};

pub(super) struct Known<'a> {
    event_ids: BTreeSet<&'a str>,
    figures: BTreeSet<&'a str>,
    factions: BTreeSet<&'a str>,
    pub(super) institutions: BTreeSet<&'a str>,
    offices: BTreeSet<String>,
    regions: BTreeSet<&'a str>,
    sites: BTreeSet<&'a str>,
    unit_types: BTreeSet<&'a str>,
    quantities: BTreeSet<&'a str>,
    axes: BTreeSet<&'a str>,
    front_places: BTreeSet<&'a str>,
    pub(super) scenarios: BTreeMap<&'a str, &'a ScenarioDef>,
    spawned: BTreeSet<String>,
    /// Kinds whose file did not parse: any id of them passes (see `broken_kinds`).
    broken: BTreeSet<&'static str>,
}

impl<'a> Known<'a> {
    pub(super) fn new(content: &'a Content, broken: BTreeSet<&'static str>) -> Self {
        let db = &content.common;
        Known {
            event_ids: db.events.iter().map(|e| e.id.as_str()).collect(),
            figures: db.figures.iter().map(|f| f.id.as_str()).collect(),
            factions: db.factions.iter().map(|f| f.id.as_str()).collect(),
            institutions: db.institutions.iter().map(|f| f.id.as_str()).collect(),
            offices: db
                .institutions
                .iter()
                .flat_map(|i| i.offices.iter().map(move |o| format!("{}.{}", i.id, o.id)))
                .collect(),
            regions: db.regions.iter().map(|f| f.id.as_str()).collect(),
            sites: db.sites.iter().map(|f| f.id.as_str()).collect(),
            unit_types: db.unit_types.iter().map(|f| f.id.as_str()).collect(),
            quantities: db.quantities.iter().map(|q| q.id.as_str()).collect(),
            axes: db
                .reckoning
                .iter()
                .flat_map(|r| r.axes.iter().map(|a| a.id.as_str()))
                .collect(),
            front_places: db
                .reckoning
                .iter()
                .flat_map(|r| r.axes.iter().flat_map(|a| a.places.iter()))
                .map(|p| p.id.as_str())
                .collect(),
            scenarios: content
                .scenarios
                .iter()
                .map(|(_, s)| (s.id.as_str(), s))
                .collect(),
            spawned: db
                .events
                .iter()
                .flat_map(|e| e.options.iter().flat_map(|o| o.effects.iter()))
                .filter_map(|e| match e {
                    Effect::SpawnUnit(u) => Some(u.id.to_string()),
                    _ => None,
                })
                .collect(),
            broken,
        }
    }

    /// Every scenario loaded, for references that may speak of any of them.
    pub(super) fn all_scenarios(&self) -> Vec<&'a ScenarioDef> {
        self.scenarios.values().copied().collect()
    }

    /// Whether an id of a kind exists; the known ids (for a suggestion) are listed only
    /// when it does not, since most references are good.
    pub(super) fn lookup(
        &self,
        kind: &str,
        id: &str,
        in_play: &[&ScenarioDef],
    ) -> (bool, Vec<String>) {
        let strs = |v: &mut dyn Iterator<Item = &str>| v.map(str::to_string).collect();
        let ok = self.broken.contains(kind)
            || match kind {
                "figure" => self.figures.contains(id),
                "faction" => self.factions.contains(id),
                "institution" => self.institutions.contains(id),
                "office" => self.offices.contains(id),
                "region" => self.regions.contains(id),
                "site" => self.sites.contains(id),
                "place" => self.regions.contains(id) || self.sites.contains(id),
                "unit_type" => self.unit_types.contains(id),
                "quantity" => self.quantities.contains(id),
                "axis" => self.axes.contains(id),
                "front_place" => self.front_places.contains(id),
                "event" => self.event_ids.contains(id),
                "side" => in_play.iter().any(|s| s.sides.iter().any(|x| x.id == id)),
                "unit" => {
                    self.spawned.contains(id)
                        || in_play.iter().any(|s| s.units.iter().any(|u| u.id == id))
                }
                _ => true,
            };
        if ok {
            return (true, Vec::new());
        }
        let known = match kind {
            "figure" => strs(&mut self.figures.iter().copied()),
            "faction" => strs(&mut self.factions.iter().copied()),
            "institution" => strs(&mut self.institutions.iter().copied()),
            "office" => self.offices.iter().cloned().collect(),
            "region" => strs(&mut self.regions.iter().copied()),
            "site" => strs(&mut self.sites.iter().copied()),
            "place" => strs(&mut self.regions.iter().chain(self.sites.iter()).copied()),
            "unit_type" => strs(&mut self.unit_types.iter().copied()),
            "quantity" => strs(&mut self.quantities.iter().copied()),
            "axis" => strs(&mut self.axes.iter().copied()),
            "front_place" => strs(&mut self.front_places.iter().copied()),
            "event" => strs(&mut self.event_ids.iter().copied()),
            "side" => in_play
                .iter()
                .flat_map(|s| s.sides.iter().map(|x| x.id.to_string()))
                .collect(),
            "unit" => in_play
                .iter()
                .flat_map(|s| s.units.iter().map(|u| u.id.to_string()))
                .collect(),
            _ => Vec::new(),
        };
        (false, known)
    }
}
