//! What each side knows. Every side sees the world through its police and its informers:
//! a plot it has not uncovered stays hidden from it, a warning arrives only when its
//! intelligence catches the threat (and a rumour may be false), and each blow struck
//! against it is recorded with the warning it had, if any. The panels, the AI and
//! `simulate --side` read a side's knowledge from here and from nowhere else.

pub mod agenda;
pub mod blows;
mod council_arrest;
pub mod flight;
pub mod influence;
mod lists;
pub mod marches;
pub mod moves;
pub mod orders;
pub mod plenum;
pub mod position;
pub mod rumours;
pub mod strike;
pub mod view;
pub mod watch;

use crate::model::Date;
use crate::sim::calendar::on_new_day;
use crate::sim::spawn::RunResource;
use crate::sim::{SimSet, SimTick};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Intel>()
        .init_run_resource::<agenda::Agendas>()
        .add_message::<crate::sim::commands::Order<orders::IntelOrder>>()
        .add_systems(
            SimTick,
            orders::carry_out_intel_orders
                .in_set(crate::sim::commands::OrderStep::CarryOut)
                .after(crate::sim::intrigue::orders::apply_plot_orders),
        )
        .add_systems(
            SimTick,
            ((
                blows::note_falls,
                watch::watch.run_if(on_new_day.and_then(crate::sim::intrigue::on_plot_day)),
                influence::monthly_favours,
            )
                .chain()
                .after(crate::sim::events::run_events),)
                .in_set(SimSet::Politics),
        )
        // Seen before the day's marching: a march within the capital ends in the tick it
        // sets out, and must not slip in unseen.
        .add_systems(
            SimTick,
            marches::see_marches
                .in_set(SimSet::People)
                .before(crate::sim::forces::movement::march_units),
        )
        // Drawn before the AI moves, so that it takes the moves a player would see; only
        // on the days the AI reads them (the window draws the player's own as it shows it).
        .add_systems(
            SimTick,
            agenda::draw_agendas
                .run_if(agenda::agendas_wanted)
                .in_set(SimSet::Ai)
                .before(crate::sim::ai::AiStep),
        );
}

/// Everything every side knows, by side id.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Intel {
    pub sides: BTreeMap<String, SideIntel>,
    /// Figures whose fall is already counted as a blow (or who were down at the start).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub fallen: BTreeSet<String>,
    /// Plots whose strike is already counted.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub struck: BTreeSet<String>,
    /// Marches already noticed, by unit and destination.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub marches: BTreeSet<(String, String)>,
    /// Rumours made up so far, for their ids.
    #[serde(default)]
    pub rumours: u32,
    /// Whether the first look at the world was taken (those already fallen then are
    /// no blow of this run's).
    #[serde(default)]
    pub opened: bool,
}

impl Intel {
    pub fn is_empty(&self) -> bool {
        *self == Intel::default()
    }
    pub fn side(&self, side: &str) -> Option<&SideIntel> {
        self.sides.get(side)
    }
    pub(crate) fn side_mut(&mut self, side: &str) -> &mut SideIntel {
        self.sides.entry(side.to_string()).or_default()
    }
}

/// One side's knowledge and means.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SideIntel {
    /// How well the side sees, 0..=1, as of its last weekly look, and why.
    pub intelligence: f32,
    pub sources: Vec<(String, f32)>,
    /// The plots of others it has uncovered, and when.
    pub known_plots: BTreeMap<String, Date>,
    /// What it was told, true or false, oldest first.
    pub alerts: Vec<IntelAlert>,
    /// Every blow struck against it, oldest first.
    pub blows: Vec<Blow>,
    /// Figures whose circle holds one of its informers.
    pub informers: BTreeSet<String>,
    /// Favours it can call in: the currency of winning men over.
    pub favours: u32,
    /// Figures it holds compromising material on.
    pub kompromat: BTreeSet<String>,
    /// Figures who owe it, and how many favours.
    pub owed: BTreeMap<String, u32>,
    /// Figures it has threatened: they remember.
    pub threatened: BTreeSet<String>,
    /// What came of its moves, oldest first: a move tried and failed is no refusal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<(Date, String)>,
}

impl SideIntel {
    /// Whether a true warning about `subject` (a figure or a plot) came at least `days`
    /// before `date`, and when.
    pub fn warned(&self, subject: &str, date: Date, days: i64) -> Option<Date> {
        self.alerts
            .iter()
            .filter(|a| a.truth && a.concerns(subject))
            .filter(|a| a.date.days_until(date) >= days && a.date.days_until(date) <= 365)
            .map(|a| a.date)
            .min()
    }
    /// Whether this side has been told of `plot`, truly or not.
    pub fn knows_plot(&self, plot: &str) -> bool {
        self.known_plots.contains_key(plot)
            || self.alerts.iter().any(|a| a.plot.as_deref() == Some(plot))
    }
}

/// The kind of threat an alert warns of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreatKind {
    /// A plot gathering men against the side's leader.
    Plot,
    /// A plenum being whipped against the side's leader.
    Plenum,
    /// Troops being readied against the side's leader.
    Troops,
    /// One of the side's men on an arrest list.
    ArrestList,
    /// A trial being prepared against one of the side's men.
    Trial,
    /// The police on the trail of the side's own plot.
    Exposed,
    /// Troops marching on a site in the capital.
    March,
    /// One of the side's men drawn into another faction's plot.
    Recruited,
}

impl ThreatKind {
    pub fn label(self) -> &'static str {
        match self {
            ThreatKind::Plot => "plot",
            ThreatKind::Plenum => "plenum",
            ThreatKind::Troops => "troops",
            ThreatKind::ArrestList => "arrest list",
            ThreatKind::Trial => "trial",
            ThreatKind::Exposed => "exposed",
            ThreatKind::March => "march",
            ThreatKind::Recruited => "recruited",
        }
    }
}

/// A warning as the side received it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntelAlert {
    pub date: Date,
    pub kind: ThreatKind,
    /// Whom it is about: the figure at risk, or the plot's organiser.
    pub subject: String,
    /// The plot it is about, real or rumoured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plot: Option<String>,
    /// Others it puts at risk (a plot's members).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// Whether it is true: never shown to the side itself while the run goes on.
    pub truth: bool,
    /// Where it came from, in words.
    pub source: String,
    /// Whether its source is one the side can trust: its own police, its informer, or
    /// what all Moscow sees. Gossip and whispers are not (and every rumour is one).
    #[serde(default)]
    pub firm: bool,
    /// The days likely left before the blow, as a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<(u32, u32)>,
    pub text: String,
}

impl IntelAlert {
    pub fn concerns(&self, subject: &str) -> bool {
        self.subject == subject
            || self.plot.as_deref() == Some(subject)
            || self.also.iter().any(|a| a == subject)
    }
}

/// The kind of blow struck against a side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlowKind {
    /// A plenum called against its leader.
    Plenum,
    /// A coup against its leader.
    Coup,
    /// One of its men arrested, exiled or killed.
    Arrest,
}

impl BlowKind {
    pub fn label(self) -> &'static str {
        match self {
            BlowKind::Plenum => "plenum",
            BlowKind::Coup => "coup",
            BlowKind::Arrest => "arrest",
        }
    }
}

/// A blow struck against a side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Blow {
    pub date: Date,
    pub kind: BlowKind,
    /// The figure who fell, or the plot that struck.
    pub subject: String,
    /// The first true warning about it at least a week before, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warned: Option<Date>,
    /// What the chronicle said of it, for the end screen's "what you did not see".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub what: String,
    /// How well the side saw when it was struck (its last weekly look), so that a
    /// blow's warning can be read against the eyes the side had then.
    #[serde(default)]
    pub intelligence: f32,
}

/// Days a warning must come before its blow to count as one the side could answer.
pub const WARNING_DAYS: i64 = 7;

/// One side's knowledge as `simulate --side` reports it: every alert it received (true
/// or false), every blow struck against it, and how many of those came after a true
/// warning at least a week before.
#[derive(Clone, Debug, Serialize)]
pub struct SideReport {
    pub side: String,
    pub intelligence: f32,
    pub alerts: Vec<AlertReport>,
    pub blows: Vec<Blow>,
    pub blows_warned: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct AlertReport {
    pub date: Date,
    pub kind: ThreatKind,
    pub subject: String,
    #[serde(rename = "true")]
    pub truth: bool,
    pub source: String,
    pub text: String,
}

impl SideReport {
    pub fn of(intel: &Intel, side: &str) -> SideReport {
        let s = intel.side(side).cloned().unwrap_or_default();
        SideReport {
            side: side.to_string(),
            intelligence: (s.intelligence * 100.0).round() / 100.0,
            alerts: s
                .alerts
                .iter()
                .map(|a| AlertReport {
                    date: a.date,
                    kind: a.kind,
                    subject: a.subject.clone(),
                    truth: a.truth,
                    source: a.source.clone(),
                    text: a.text.clone(),
                })
                .collect(),
            blows_warned: s.blows.iter().filter(|b| b.warned.is_some()).count(),
            blows: s.blows,
        }
    }
}
