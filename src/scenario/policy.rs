//! Questions of policy the ruling council votes on (common/policies.ron), the dates
//! between which each option can be proposed, the line a scenario starts under, and the
//! dated facts of real history a run is measured against.

use crate::model::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A question of policy with its options, one of them in force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The option in force at the start.
    pub current: String,
    pub options: Vec<PolicyOptionDef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyOptionDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub text: String,
    /// How much each faction's members want this option, -1..=1.
    #[serde(default)]
    pub support: BTreeMap<String, f32>,
    /// What adopting it does, in the events' effect language.
    #[serde(default)]
    pub effects: Vec<super::events::Effect>,
    /// The first day it can be put to the vote: no one proposes what history has not yet
    /// put on the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The last day it can be put to the vote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl PolicyOptionDef {
    /// Whether it can be proposed on `date`.
    pub fn offered_on(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

impl super::schema::ScenarioDef {
    /// The option of `policy` in force at the start: the scenario's, else the policy's
    /// `current`.
    pub fn policy_at_start<'a>(&'a self, policy: &'a PolicyDef) -> &'a str {
        self.policies
            .get(&policy.id)
            .map_or(policy.current.as_str(), String::as_str)
    }
}

/// A dated fact of real history and the condition that holds while a run follows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDef {
    pub id: String,
    pub date: Date,
    /// The last day it holds in real history; to the end of every scenario when absent.
    #[serde(default)]
    pub until: Option<Date>,
    pub text: String,
    pub holds: super::events::Condition,
}
