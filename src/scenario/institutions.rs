//! Institutions and their offices as content, with the names they take by date.

use crate::model::Date;
use crate::model::InstitutionId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn one() -> u32 {
    1
}
fn one_f() -> f32 {
    1.0
}

/// A body of the party or state with its offices. scenarios/common/institutions.ron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionDef {
    pub id: InstitutionId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Drawn on its card; none draws no emblem.
    #[serde(default)]
    pub emblem: Option<super::emblems::Emblem>,
    pub offices: Vec<OfficeDef>,
    /// The names it takes later, in date order: the OGPU becomes the NKVD. The id stays,
    /// so events and saves keep referring to one body.
    #[serde(default)]
    pub renamed: Vec<Renaming>,
}

/// A body renamed on a day, with the offices whose titles change with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renaming {
    pub on: Date,
    pub name: String,
    /// Replaces the description from that day, when given.
    #[serde(default)]
    pub description: Option<String>,
    /// New titles by office id; offices not named keep theirs.
    #[serde(default)]
    pub offices: BTreeMap<String, String>,
    /// The chronicle's line on the day, when the run passes it (not at a later start).
    #[serde(default)]
    pub news: Option<String>,
}

impl InstitutionDef {
    /// The renaming in force on `date`, if any has come.
    pub fn renaming_on(&self, date: Date) -> Option<&Renaming> {
        self.renamed.iter().rev().find(|r| r.on <= date)
    }
    /// Its name on `date`.
    pub fn name_on(&self, date: Date) -> &str {
        self.renaming_on(date).map_or(&self.name, |r| &r.name)
    }
    /// Its description on `date`.
    pub fn description_on(&self, date: Date) -> &str {
        self.renamed
            .iter()
            .rev()
            .filter(|r| r.on <= date)
            .find_map(|r| r.description.as_deref())
            .unwrap_or(&self.description)
    }
    /// The title of its office `office` (the office's id) on `date`.
    pub fn office_name_on<'a>(&'a self, office: &'a OfficeDef, date: Date) -> &'a str {
        self.renamed
            .iter()
            .rev()
            .filter(|r| r.on <= date)
            .find_map(|r| r.offices.get(&office.id).map(String::as_str))
            .unwrap_or(&office.name)
    }
}

/// A post inside an institution; referred to as `institution.office`, e.g. `politburo.member`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeDef {
    pub id: String,
    pub name: String,
    /// How many people may hold it at once.
    #[serde(default = "one")]
    pub seats: u32,
    /// What one seat adds to its holder's faction power, 0..=100.
    #[serde(default = "one_f")]
    pub power: f32,
    /// The head office decides which faction controls the institution.
    #[serde(default)]
    pub head: bool,
    /// The competence the post calls for when it is filled: "political" (the default),
    /// "military", "security" or "economic".
    #[serde(default)]
    pub skill: Option<String>,
}

impl super::schema::ScenarioData {
    /// An office's title on `date` by its `institution.office` key (the key itself if
    /// there is no such office).
    pub fn office_name_on<'a>(&'a self, key: &'a str, date: Date) -> &'a str {
        key.split_once('.')
            .and_then(|(i, o)| {
                let inst = self.common.institutions.iter().find(|x| x.id == i)?;
                let office = inst.offices.iter().find(|x| x.id == o)?;
                Some(inst.office_name_on(office, date))
            })
            .unwrap_or(key)
    }
    /// `text` with each `{institution:ID}` replaced by that body's name on `date`, so
    /// that one event can say OGPU in February and NKVD in August.
    pub fn named_on(&self, text: &str, date: Date) -> String {
        const TAG: &str = "{institution:";
        if !text.contains(TAG) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(TAG) {
            out.push_str(&rest[..at]);
            let after = &rest[at + TAG.len()..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[at..]);
                return out;
            };
            let id = &after[..end];
            match self.common.institutions.iter().find(|i| i.id == id) {
                Some(inst) => out.push_str(inst.name_on(date)),
                None => out.push_str(&rest[at..at + TAG.len() + end + 1]),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}
