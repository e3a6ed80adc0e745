//! The chronicle: every significant happening, dated, with who was involved.

use super::calendar::Calendar;
use crate::model::Date;
use crate::model::FigureId;
use crate::scenario::chronicle::{ChronicleTemplates, Line};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub use crate::scenario::chronicle::ChronicleKind;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronicleEntry {
    pub date: Date,
    pub hour: u8,
    /// What it records, for filters and alerts (saved as "appointment", "arrest"...).
    pub kind: ChronicleKind,
    pub text: String,
    /// Figure ids involved.
    pub actors: Vec<FigureId>,
    /// The event behind it, if any: a reader walks back along causes from entry to event
    /// to the event that fired that one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// For an event's own entry: which event it records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Where it happened (a region or site id), where there is one place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Chronicle {
    pub entries: Vec<ChronicleEntry>,
}

impl Chronicle {
    pub fn add(
        &mut self,
        date: Date,
        hour: u8,
        kind: ChronicleKind,
        text: String,
        actors: Vec<String>,
    ) {
        self.entries.push(ChronicleEntry {
            date,
            hour,
            kind,
            text,
            actors: actors.into_iter().map(FigureId::from).collect(),
            cause: None,
            event: None,
            place: None,
        });
    }

    /// Writes one of the rules' lines, its sentence from the content's templates.
    pub fn line(
        &mut self,
        (date, hour): (Date, u8),
        templates: &ChronicleTemplates,
        line: Line,
        vars: &[(&str, &str)],
        actors: Vec<String>,
    ) {
        let text = templates.sentence(line, vars);
        self.add(date, hour, line.kind(), text, actors);
    }

    /// Gives every entry from `from` on that has no cause the event `cause`.
    pub fn attribute(&mut self, from: usize, cause: &str) {
        for e in self.entries.iter_mut().skip(from) {
            if e.cause.is_none() {
                e.cause = Some(cause.to_string());
            }
        }
    }
}

/// The chronicle with the calendar and the content's sentences, for systems that
/// write entries dated now.
#[derive(SystemParam)]
pub struct Chronicler<'w> {
    pub calendar: Res<'w, Calendar>,
    pub chronicle: ResMut<'w, Chronicle>,
    pub scenario: Res<'w, super::spawn::LoadedScenario>,
}

impl Chronicler<'_> {
    /// Writes one of the rules' lines, dated now.
    pub fn line(&mut self, line: Line, vars: &[(&str, &str)], actors: Vec<String>) {
        let at = (self.calendar.date, self.calendar.hour);
        let templates = &self.scenario.0.common.chronicle;
        self.chronicle.line(at, templates, line, vars, actors);
    }
}

/// Writes an entry dated now, from a system that holds the whole world.
pub fn note(world: &mut World, kind: ChronicleKind, text: String, actors: Vec<String>) {
    let cal = world.resource::<Calendar>().clone();
    world
        .resource_mut::<Chronicle>()
        .add(cal.date, cal.hour, kind, text, actors);
}

/// Writes one of the rules' lines dated now, from a system that holds the whole world.
pub fn note_line(
    world: &mut World,
    data: &crate::scenario::ScenarioData,
    line: Line,
    vars: &[(&str, &str)],
    actors: Vec<String>,
) {
    let text = data.common.chronicle.sentence(line, vars);
    note(world, line.kind(), text, actors);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_keeps_its_actors_as_figure_ids_and_saves_them_as_strings() {
        let mut chronicle = Chronicle::default();
        let date = Date::new(1930, 1, 2).unwrap();
        let actors = vec!["a_figure".to_string(), "b_figure".to_string()];
        chronicle.add(date, 6, ChronicleKind::Arrest, "Taken.".into(), actors);
        let entry = &chronicle.entries[0];
        assert_eq!(
            entry.actors,
            [FigureId::from("a_figure"), FigureId::from("b_figure")]
        );
        let json = serde_json::to_value(entry).unwrap();
        assert_eq!(json["actors"], serde_json::json!(["a_figure", "b_figure"]));
    }
}
