//! Politics: offices and institutions, factions and their power, the Congress (its
//! ballot and speeches), the ruling council's votes, and the bonds between figures
//! (relations and the patronage of appointments). One plugin for all of it.

pub mod bonds;
pub mod congress;
pub mod council;
pub mod factions;
pub mod institutions;
pub mod orders;
pub mod ruler;
pub mod sides;
pub mod speeches;

use super::spawn::RunResource;
use super::{SimSet, SimTick};
use crate::model::{Date, FactionId, FigureId};
use crate::scenario::schema::ScenarioData;
use bevy::prelude::*;
use council::{CouncilVote, Motion};
use serde::{Deserialize, Serialize};
use speeches::Speech;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        institutions::plugin,
        ruler::plugin,
        sides::plugin,
        factions::plugin,
        congress::plugin,
    ));
    app.init_run_resource::<Politics>()
        .add_systems(
            SimTick,
            orders::carry_out_office_orders.in_set(crate::sim::commands::OrderStep::CarryOut),
        )
        .add_systems(
            SimTick,
            // Before the calendar moves: an order is checked on the day it was given;
            // after the plots' and the units' orders, as it always was, so that the same
            // orders meet the same world.
            orders::apply_politics_orders
                .in_set(crate::sim::commands::OrderStep::CarryOut)
                .after(crate::sim::forces::orders::carry_out_unit_orders),
        )
        .add_systems(
            SimTick,
            (
                bonds::drift_to_patrons,
                bonds::mourn_the_fallen,
                bonds::rivals_inform,
            )
                .chain()
                .in_set(SimSet::People)
                .run_if(
                    super::calendar::on_new_day
                        .and_then(super::intrigue::on_plot_day)
                        .and_then(bonds::any_bonds),
                ),
        );
}

/// The state of politics that no component holds.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Politics {
    /// The option in force of each policy that has been voted on; the others stand as
    /// the scenario started them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<CouncilVote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speeches: Vec<Speech>,
    /// The Congress delegates' following by faction once speeches have moved it; the
    /// scenario's shares until then.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub delegates: BTreeMap<FactionId, f32>,
    /// Careers made by appointment: (patron, client, since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patronage: Vec<(FigureId, FigureId, Date)>,
    /// The fallen whose fall has already reached their clients, kin and friends.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub mourned: BTreeSet<FigureId>,
}

impl Politics {
    pub fn is_empty(&self) -> bool {
        *self == Politics::default()
    }
    /// The option in force of `policy`.
    pub fn policy<'a>(&'a self, data: &'a ScenarioData, policy: &str) -> Option<&'a str> {
        self.policies.get(policy).map(String::as_str).or_else(|| {
            data.common
                .policies
                .iter()
                .find(|p| p.id == policy)
                .map(|p| data.scenario.policy_at_start(p))
        })
    }
    /// The last vote on a policy.
    pub fn last_vote_on(&self, policy: &str) -> Option<Date> {
        self.votes
            .iter()
            .rev()
            .find(|v| matches!(&v.motion, Motion::Policy { policy: p, .. } if p == policy))
            .map(|v| v.date)
    }
    /// The day the council last voted a figure out of an office.
    pub fn dismissed_on(&self, figure: &str, office: &str) -> Option<Date> {
        self.votes
            .iter()
            .rev()
            .find(|v| {
                v.adopted
                    && matches!(&v.motion, Motion::Dismiss { figure: f, office: o } if f == figure && o == office)
            })
            .map(|v| v.date)
    }
    pub fn has_spoken(&self, figure: &str) -> bool {
        self.speeches.iter().any(|s| s.figure == figure)
    }
}

/// Days before a policy can be put to the vote again.
pub const POLICY_COOLDOWN_DAYS: i64 = 180;
