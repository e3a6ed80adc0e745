//! The whole simulation state as one serialisable value, sorted by stable ids, and its
//! hash. Two worlds with equal hashes are the same history.

use super::RunInfo;
use super::calendar::Calendar;
use super::chronicle::Chronicle;
use super::commands::CommandLog;
use super::people::{Figure, Standing};
use super::politics::congress::{CongressVote, PendingDecisions};
use super::politics::factions::{Faction, FactionPower, LeaderHold};
use super::politics::institutions::{Institution, Office};
use super::rng::{RngStreams, StreamPosition};
use crate::model::OfficeId;
use crate::model::hash::fnv1a;
use crate::model::{Date, FigureId};
use crate::model::{FactionId, InstitutionId, SideId, UnitId};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub scenario: String,
    pub seed: u64,
    pub calendar: Calendar,
    pub figures: BTreeMap<FigureId, Standing>,
    pub offices: BTreeMap<OfficeId, Vec<FigureId>>,
    /// Seats in use beyond those held now: seats fallen empty that the run will refill
    /// (absent in older saves, which refill the seats held at the start).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub seats_in_use: BTreeMap<OfficeId, u32>,
    pub institutions: BTreeMap<InstitutionId, Option<FactionId>>,
    /// Each institution's competence where it is below 1 (absent in older saves).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub competence: BTreeMap<InstitutionId, f32>,
    pub faction_power: BTreeMap<FactionId, f32>,
    pub leader_hold: f32,
    pub rng: BTreeMap<String, StreamPosition>,
    pub chronicle: Chronicle,
    pub commands: CommandLog,
    /// Commands queued for the next tick.
    pub pending: Vec<(super::commands::Side, super::commands::SimCommand)>,
    pub congress: CongressVote,
    pub decisions: PendingDecisions,
    pub units: BTreeMap<UnitId, super::forces::units::UnitState>,
    pub paranoia: super::intrigue::paranoia::Paranoia,
    pub suspicion: super::intrigue::paranoia::Suspicion,
    pub purges: super::intrigue::purges::PurgeRecord,
    pub plots: BTreeMap<String, super::intrigue::plots::Plot>,
    pub battles: super::forces::staging::Battles,
    /// Battles being fought when the snapshot was taken (left out when none is, so that
    /// older saves and hashes still hold).
    #[serde(
        default,
        skip_serializing_if = "super::forces::under_way::BattlesUnderWay::is_empty"
    )]
    pub under_way: super::forces::under_way::BattlesUnderWay,
    /// The monthly record for the history charts (absent in older saves).
    #[serde(
        default,
        skip_serializing_if = "super::politics::factions::Trends::is_empty"
    )]
    pub trends: super::politics::factions::Trends,
    /// Absent from saves written before events existed, and left out while empty so
    /// that their checksums still hold.
    #[serde(default, skip_serializing_if = "super::events::EventState::is_empty")]
    pub events: super::events::EventState,
    /// Policies, council votes, speeches and patronage (absent in older saves).
    #[serde(default, skip_serializing_if = "super::politics::Politics::is_empty")]
    pub politics: super::politics::Politics,
    /// The country's quantities, month by month (absent in older saves).
    #[serde(default, skip_serializing_if = "super::country::Country::is_empty")]
    pub country: super::country::Country,
    /// What each side knows: its warnings, the blows against it, its favours and files
    /// (absent in older saves, which start knowing nothing).
    #[serde(default, skip_serializing_if = "super::intel::Intel::is_empty")]
    pub intel: super::intel::Intel,
    /// The campaign of the invasion, once it has come (absent before, and in older saves).
    #[serde(default, skip_serializing_if = "super::reckoning::War::is_empty")]
    pub war: super::reckoning::War,
    /// The world outside: relations and the facts come to pass (absent in older saves).
    #[serde(default, skip_serializing_if = "super::foreign::Foreign::is_empty")]
    pub foreign: super::foreign::Foreign,
}

impl Snapshot {
    pub fn take(world: &mut World) -> Self {
        let info = world.resource::<RunInfo>().clone();
        let figures = world
            .query::<(&Figure, &Standing)>()
            .iter(world)
            .map(|(f, s)| (f.id.clone(), s.clone()))
            .collect();
        let offices = world
            .query::<&Office>()
            .iter(world)
            .map(|o| (o.key.clone(), o.holders.clone()))
            .collect();
        let seats_in_use = world
            .query::<&Office>()
            .iter(world)
            .filter(|o| o.in_use as usize > o.holders.len())
            .map(|o| (o.key.clone(), o.in_use))
            .collect();
        let institutions = world
            .query::<&Institution>()
            .iter(world)
            .map(|i| (i.id.clone(), i.controller.clone()))
            .collect();
        let competence = world
            .query::<&Institution>()
            .iter(world)
            .filter(|i| i.competence < 1.0)
            .map(|i| (i.id.clone(), i.competence))
            .collect();
        let faction_power = world
            .query::<(&Faction, &FactionPower)>()
            .iter(world)
            .map(|(f, p)| (f.id.clone(), p.0.total))
            .collect();
        Self {
            scenario: info.scenario,
            seed: info.seed,
            calendar: world.resource::<Calendar>().clone(),
            figures,
            offices,
            seats_in_use,
            institutions,
            competence,
            faction_power,
            leader_hold: world.resource::<LeaderHold>().value.total,
            rng: world.resource::<RngStreams>().positions(),
            chronicle: world.resource::<Chronicle>().clone(),
            commands: world.resource::<CommandLog>().clone(),
            pending: world
                .resource::<super::commands::CommandQueue>()
                .pending
                .clone(),
            congress: world.resource::<CongressVote>().clone(),
            decisions: world.resource::<PendingDecisions>().clone(),
            paranoia: world
                .resource::<super::intrigue::paranoia::Paranoia>()
                .clone(),
            suspicion: world
                .resource::<super::intrigue::paranoia::Suspicion>()
                .clone(),
            purges: world
                .resource::<super::intrigue::purges::PurgeRecord>()
                .clone(),
            plots: world
                .query::<&super::intrigue::plots::Plot>()
                .iter(world)
                .map(|p| (p.id.clone(), p.clone()))
                .collect(),
            battles: world.resource::<super::forces::staging::Battles>().clone(),
            under_way: world
                .resource::<super::forces::under_way::BattlesUnderWay>()
                .clone(),
            events: world.resource::<super::events::EventState>().clone(),
            politics: world.resource::<super::politics::Politics>().clone(),
            country: world.resource::<super::country::Country>().clone(),
            intel: world
                .get_resource::<super::intel::Intel>()
                .cloned()
                .unwrap_or_default(),
            war: world
                .get_resource::<super::reckoning::War>()
                .cloned()
                .unwrap_or_default(),
            trends: world
                .resource::<super::politics::factions::Trends>()
                .clone(),
            foreign: world
                .get_resource::<super::foreign::Foreign>()
                .cloned()
                .unwrap_or_default(),
            units: world
                .query::<(
                    &super::forces::units::Unit,
                    &super::forces::units::UnitState,
                )>()
                .iter(world)
                .map(|(u, s)| (u.id.clone(), s.clone()))
                .collect(),
        }
    }

    /// FNV-1a over the canonical JSON form: maps are BTreeMaps, so the order is fixed.
    pub fn hash(&self) -> u64 {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        fnv1a(&bytes)
    }
}

/// The state hash as the 16 hex digits printed in summaries.
pub fn state_hash(world: &mut World) -> String {
    format!("{:016x}", Snapshot::take(world).hash())
}

/// A short account of a run, for `simulate` and the end screen.
#[derive(Serialize, Debug, Clone)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub start: Date,
    pub end: Date,
    pub date: Date,
    pub ticks: u64,
    pub state_hash: String,
    pub leader: String,
    pub leader_hold: f32,
    pub faction_in_power: Option<FactionId>,
    pub faction_power: BTreeMap<FactionId, f32>,
    pub office_holders: BTreeMap<OfficeId, Vec<FigureId>>,
    pub figure_status: BTreeMap<String, String>,
    pub figure_popularity: BTreeMap<String, f32>,
    pub chronicle_entries: usize,
    pub commands_rejected: usize,
    pub congress_vote: Option<VoteSummary>,
    /// Mods applied to the content, in order.
    pub mods: Vec<String>,
    /// The code that starts this same history: SCENARIO-SEED-MODS.
    pub share_code: String,
    pub paranoia: f32,
    pub purges: PurgeSummary,
    pub plots: Vec<PlotSummary>,
    pub battles: Vec<BattleSummary>,
    /// Who holds the head office of the party at the end.
    pub ruler: Option<FigureId>,
    /// Each unit's location, men and tanks at the end.
    pub units: BTreeMap<UnitId, (String, u32, u32)>,
    /// Each figure's loyalty to each faction at the end, rounded to 0.1.
    pub figure_loyalty: BTreeMap<String, BTreeMap<FactionId, f32>>,
    /// Every event that fired, in order, with the option taken.
    pub events: Vec<EventSummary>,
    /// The flags set by events at the end.
    pub flags: Vec<String>,
    /// The sides whose victory conditions hold at the end.
    pub victors: Vec<SideId>,
    /// The sides with nobody left free to act at the end, and since when.
    pub broken_sides: BTreeMap<SideId, Date>,
    /// The army's readiness for war, 0..=100: its institution's competence times its
    /// units' quality against their types' (absent when the scenario names no army).
    pub army_readiness: Option<f32>,
    /// Each institution's competence, 0..=1, where a purge has cost it.
    pub competence: BTreeMap<InstitutionId, f32>,
    /// The option in force of each policy.
    pub policies: BTreeMap<String, String>,
    /// The council's votes: date, mover, motion, for, against, adopted.
    pub council_votes: Vec<super::politics::council::CouncilVote>,
    /// Speeches at the Congress.
    pub speeches: Vec<super::politics::speeches::Speech>,
    /// How far the run has moved from real history, 0..=100: the share of the
    /// historical milestones due by now that no longer hold.
    pub divergence: Option<f32>,
    /// The milestones of real history the run has left.
    pub diverged_from: Vec<String>,
    /// The country month by month: each quantity's series, and last month's causes.
    #[serde(skip_serializing_if = "super::country::Country::is_empty")]
    pub country: super::country::Country,
    /// How the army the run made met the invasion, when the run reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reckoning: Option<super::reckoning::Reckoning>,
    /// The world outside: each power's relation and its causes, the facts come to pass.
    #[serde(skip_serializing_if = "super::foreign::Foreign::is_empty")]
    pub foreign: super::foreign::Foreign,
    /// What one side knew, when asked for (`simulate --side`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_intel: Option<super::intel::SideReport>,
}

#[derive(Serialize, Debug, Clone)]
pub struct EventSummary {
    pub date: Date,
    pub event: String,
    pub option: String,
    pub chosen_by: String,
    /// The side that decided, where one did (a world event without a side has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<SideId>,
}

#[derive(Serialize, Debug, Clone)]
pub struct VoteSummary {
    pub date: Date,
    pub ballots: u32,
    pub most_against: Option<String>,
    pub fewest_against: Option<String>,
    /// The real count of votes against each candidate.
    pub votes_against: BTreeMap<String, u32>,
    /// What the counting commission announced.
    pub announced_against: BTreeMap<String, u32>,
    pub offer: Option<String>,
}

impl Summary {
    /// Coups whose battle the attackers won. A coup's battle is named after its plot
    /// (`PLOT_SITE`); the battles of events are not coups, whoever wins them.
    pub fn coup_battles_won(&self) -> u32 {
        let coups: Vec<String> = self
            .plots
            .iter()
            .filter(|p| p.goal == super::intrigue::plots::PlotGoal::Coup)
            .map(|p| format!("{}_", p.id))
            .collect();
        self.battles
            .iter()
            .filter(|b| b.result == super::forces::battles::Winner::Attacker)
            .filter(|b| coups.iter().any(|c| b.id.starts_with(c.as_str())))
            .count() as u32
    }

    pub fn take(world: &mut World) -> Self {
        let snap = Snapshot::take(world);
        let info = world.resource::<RunInfo>().clone();
        let hold = world.resource::<LeaderHold>().clone();
        let divergence = super::history::divergence(world);
        let faction_in_power = snap
            .faction_power
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| f.clone());
        Self {
            scenario: info.scenario.clone(),
            seed: info.seed,
            start: info.start,
            end: info.end,
            date: snap.calendar.date,
            ticks: snap.calendar.ticks,
            state_hash: format!("{:016x}", snap.hash()),
            leader: hold.figure,
            leader_hold: round1(hold.value.total),
            faction_in_power,
            faction_power: snap
                .faction_power
                .iter()
                .map(|(k, v)| (k.clone(), round1(*v)))
                .collect(),
            office_holders: snap.offices.clone(),
            figure_status: snap
                .figures
                .iter()
                .map(|(k, s)| (k.to_string(), s.status.label().to_string()))
                .collect(),
            figure_popularity: snap
                .figures
                .iter()
                .map(|(k, s)| (k.to_string(), round1(s.popularity)))
                .collect(),
            chronicle_entries: snap.chronicle.entries.len(),
            commands_rejected: snap.commands.rejected().count(),
            congress_vote: snap.congress.date.map(|date| VoteSummary {
                date,
                ballots: snap.congress.ballots,
                most_against: snap.congress.most_against.clone(),
                fewest_against: snap.congress.fewest_against.clone(),
                votes_against: snap.congress.against.clone(),
                announced_against: snap.congress.announced.clone(),
                offer: snap.congress.offer.clone(),
            }),
            mods: world
                .get_resource::<crate::sim::spawn::LoadedScenario>()
                .map(|s| s.0.mods.clone())
                .unwrap_or_default(),
            paranoia: round1(snap.paranoia.value),
            purges: PurgeSummary {
                arrests: snap.purges.arrests,
                executions: snap.purges.executions,
                imprisoned: snap.purges.imprisoned,
                exiled: snap.purges.exiled,
                released: snap.purges.released,
                plots_formed: snap.purges.plots_formed,
                plots_discovered: snap.purges.plots_discovered,
                denunciations: snap.purges.denunciations,
                coups: snap.purges.coups,
                first_execution: snap.purges.first_show_trial,
                expelled: snap.purges.expelled,
                coup_results: snap.purges.coup_results.clone(),
            },
            plots: snap
                .plots
                .values()
                .map(|p| PlotSummary {
                    id: p.id.clone(),
                    goal: p.goal,
                    organiser: p.organiser.clone(),
                    members: p.members.clone(),
                    started: p.started,
                    state: p.state,
                })
                .collect(),
            battles: snap
                .battles
                .0
                .iter()
                .map(|(d, r)| BattleSummary::from_report(*d, r))
                .collect(),
            ruler: super::politics::ruler::ruler_in(world).figure,
            units: snap
                .units
                .iter()
                .map(|(k, u)| (k.clone(), (u.location.clone(), u.men, u.tanks)))
                .collect(),
            share_code: {
                let mods = world
                    .get_resource::<crate::sim::spawn::LoadedScenario>()
                    .map(|s| s.0.mods.clone())
                    .unwrap_or_default();
                crate::scenario::share::encode(&info.scenario, info.seed, &mods)
            },
            figure_loyalty: snap
                .figures
                .iter()
                .filter(|(_, s)| !s.loyalty.is_empty())
                .map(|(k, s)| {
                    (
                        k.to_string(),
                        s.loyalty
                            .iter()
                            .map(|(f, v)| (f.clone(), round1(*v)))
                            .collect(),
                    )
                })
                .collect(),
            events: snap
                .events
                .history
                .iter()
                .map(|r| EventSummary {
                    date: r.date,
                    event: r.event.clone(),
                    option: r.option.clone(),
                    chosen_by: r.chosen_by.clone(),
                    side: r.side.clone().or_else(|| {
                        world
                            .get_resource::<crate::sim::spawn::LoadedScenario>()
                            .and_then(|d| d.0.common.events.iter().find(|e| e.id == r.event))
                            .and_then(|e| e.side.clone())
                    }),
                })
                .collect(),
            flags: snap.events.flags.iter().cloned().collect(),
            victors: super::events::victors(world),
            broken_sides: world
                .get_resource::<super::politics::sides::SideFates>()
                .map(|f| f.broken.clone())
                .unwrap_or_default(),
            army_readiness: army_readiness(world).map(round1),
            competence: snap.competence.clone(),
            policies: world
                .get_resource::<crate::sim::spawn::LoadedScenario>()
                .map(|d| {
                    d.0.common
                        .policies
                        .iter()
                        .map(|p| {
                            let now = snap.politics.policy(&d.0, &p.id).unwrap_or_default();
                            (p.id.clone(), now.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default(),
            council_votes: snap.politics.votes.clone(),
            speeches: snap.politics.speeches.clone(),
            divergence: divergence.as_ref().map(|d| d.0),
            diverged_from: divergence.map(|d| d.1).unwrap_or_default(),
            country: snap.country.clone(),
            reckoning: super::reckoning::assess(world),
            foreign: snap.foreign.clone(),
            side_intel: None,
        }
    }
}

/// The army's readiness for war, 0..=100; see `Summary::army_readiness`.
pub fn army_readiness(world: &mut World) -> Option<f32> {
    let data = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()?
        .0
        .clone();
    let army = data.scenario.army.clone()?;
    let competence = (world.get_resource::<super::Ids>())
        .and_then(|ids| ids.institutions.get(&army).copied())
        .and_then(|e| world.get::<Institution>(e))
        .map_or(1.0, |i| i.competence);
    let (mut men, mut weighted) = (0.0f32, 0.0f32);
    for (u, s) in world
        .query::<(
            &super::forces::units::Unit,
            &super::forces::units::UnitState,
        )>()
        .iter(world)
    {
        if u.institution != army || s.men == 0 {
            continue;
        }
        let base = data
            .common
            .unit_types
            .iter()
            .find(|t| t.id == u.kind)
            .map_or(1.0, |t| t.quality);
        men += s.men as f32;
        weighted += s.men as f32 * (s.quality / base.max(0.01)).min(1.5);
    }
    let quality = if men > 0.0 { weighted / men } else { 1.0 };
    Some((100.0 * competence * quality).clamp(0.0, 100.0))
}

fn round1(v: f32) -> f32 {
    (v * 10.0).round() / 10.0
}

#[derive(Serialize, Debug, Clone)]
pub struct PurgeSummary {
    pub arrests: u32,
    pub executions: u32,
    pub imprisoned: u32,
    pub exiled: u32,
    pub released: u32,
    pub plots_formed: u32,
    pub plots_discovered: u32,
    pub denunciations: u32,
    pub coups: u32,
    pub first_execution: Option<Date>,
    pub expelled: u32,
    /// How each coup ended, by plot id.
    pub coup_results: BTreeMap<String, super::intrigue::purges::CoupResult>,
}

#[derive(Serialize, Debug, Clone)]
pub struct PlotSummary {
    pub id: String,
    pub goal: super::intrigue::plots::PlotGoal,
    pub organiser: FigureId,
    pub members: Vec<FigureId>,
    pub started: Date,
    pub state: super::intrigue::plots::PlotState,
}

#[derive(Serialize, Debug, Clone)]
pub struct BattleSideSummary {
    pub faction: String,
    pub commanders: Vec<(FigureId, super::forces::battles::CommanderFate)>,
    pub men: u32,
    pub tanks: u32,
    pub losses: super::forces::battles::Losses,
}

#[derive(Serialize, Debug, Clone)]
pub struct BattleSummary {
    pub id: String,
    pub site: String,
    pub start: String,
    pub end: String,
    pub result: super::forces::battles::Winner,
    pub attacker: BattleSideSummary,
    pub defender: BattleSideSummary,
}

impl BattleSummary {
    pub fn from_report(date: Date, r: &super::forces::battles::BattleReport) -> Self {
        let side = |s: &super::forces::battles::SideReport| BattleSideSummary {
            faction: s.faction.clone(),
            commanders: s.commanders.clone(),
            men: s.men,
            tanks: s.tanks,
            losses: s.losses,
        };
        let start_hour = r.end_hour - r.hours;
        let end_date = date.add_days(i64::from(r.end_hour / 24));
        Self {
            id: r.id.clone(),
            site: r.site.clone(),
            start: format!("{date}T{start_hour:02}:00"),
            end: format!("{end_date}T{:02}:00", r.end_hour % 24),
            result: r.winner,
            attacker: side(&r.attacker),
            defender: side(&r.defender),
        }
    }
}
