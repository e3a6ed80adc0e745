//! What the window and the tooltips call a thing the content names by id: a place, a
//! unit, an institution. One lookup each, so that no text shows an id where a name is due.

use super::schema::ScenarioData;

impl ScenarioData {
    /// A place's name: a site's, or a region's on the map; the id if neither knows it.
    pub fn place_name(&self, id: &str) -> String {
        self.common
            .sites
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .or_else(|| super::map::shared_map().and_then(|m| m.region(id).map(|r| r.name.clone())))
            .unwrap_or_else(|| id.to_string())
    }
    /// A unit's name on `date`: the scenario's, or an event's that raises it; none if
    /// neither has it (an event written for other scenarios names units this one lacks).
    pub fn unit_name(&self, id: &str, date: crate::model::Date) -> Option<String> {
        let raised = self
            .common
            .events
            .iter()
            .flat_map(|e| e.options.iter().flat_map(|o| o.effects.iter()))
            .find_map(|e| match e {
                super::events::Effect::SpawnUnit(u) if u.id == id => Some(u.name_on(self, date)),
                _ => None,
            });
        self.scenario
            .units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name_on(self, date))
            .or(raised)
    }
    /// An institution's name; the id if the content has none such.
    pub fn institution_name(&self, id: &str) -> String {
        self.common
            .institutions
            .iter()
            .find(|i| i.id == id)
            .map_or_else(|| id.to_string(), |i| i.name.clone())
    }
}
