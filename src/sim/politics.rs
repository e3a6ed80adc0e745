//! The politics of the long game: who made whose career and who is kin (relations and
//! the patronage of appointments), speeches at the Congress that move the delegates, and
//! the ruling council's votes on policy, dismissals and arrests.

use super::calendar::Calendar;
use super::chronicle::Chronicle;
use super::commands::{CommandLog, LoggedCommand, SimCommand};
use super::institutions::Office;
use super::people::{Figure, Standing};
use super::rng::RngStreams;
use super::spawn::RunResource;
use super::{Ids, RunInfo, SimSet, SimTick};
use crate::model::Date;
use crate::scenario::events::EventDef;
use crate::scenario::schema::{RelationKind, ScenarioData};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<Politics>()
        .init_run_resource::<PoliticsOrders>()
        .add_systems(
            SimTick,
            // Before the calendar moves: an order is checked on the day it was given.
            apply_politics_orders
                .in_set(SimSet::Commands)
                .after(super::commands::apply_commands),
        )
        .add_systems(
            SimTick,
            bonds_and_patronage
                .in_set(SimSet::People)
                .run_if(super::calendar::on_new_day.and_then(super::intrigue::on_plot_day)),
        )
        .add_systems(SimTick, ai_politics.in_set(SimSet::Ai));
}

/// What a speech says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SpeechTheme {
    /// Criticise the leader's course: the speaker's faction wins delegates, the leader
    /// loses standing, and the leader notices who spoke.
    Criticism,
    /// Praise the leader: delegates drift to his faction and his fears ebb.
    Praise,
    /// Set out one's own programme: the speaker's standing grows, at no risk.
    Programme,
}

impl SpeechTheme {
    pub const ALL: [SpeechTheme; 3] = [
        SpeechTheme::Criticism,
        SpeechTheme::Praise,
        SpeechTheme::Programme,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SpeechTheme::Criticism => "criticise the leader's course",
            SpeechTheme::Praise => "praise the leader",
            SpeechTheme::Programme => "set out a programme",
        }
    }
}

/// What the ruling council is asked to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Motion {
    /// Adopt one option of a policy.
    Policy { policy: String, option: String },
    /// Take an office from its holder.
    Dismiss { figure: String, office: String },
    /// Give a free seat of an office to a figure: the mover becomes his patron.
    Elect { figure: String, office: String },
    /// Hand a figure to the police: the council's decision binds them.
    Arrest { figure: String },
}

impl Motion {
    /// The figure the motion is against, if any.
    pub fn target(&self) -> Option<&str> {
        match self {
            Motion::Policy { .. } | Motion::Elect { .. } => None,
            Motion::Dismiss { figure, .. } | Motion::Arrest { figure } => Some(figure),
        }
    }
}

/// A speech given at the Congress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speech {
    pub date: Date,
    pub figure: String,
    pub theme: SpeechTheme,
    /// Delegates won (as a share of all), for the speaker's faction or the leader's.
    pub swing: f32,
}

/// A vote of the ruling council, with who voted how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CouncilVote {
    pub date: Date,
    pub by: String,
    pub motion: Motion,
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub adopted: bool,
}

/// The state of politics that no component holds.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Politics {
    /// The option in force of each policy that has been voted on; the others stand at
    /// their data's `current`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<CouncilVote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speeches: Vec<Speech>,
    /// The Congress delegates' following by faction once speeches have moved it; the
    /// scenario's shares until then.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub delegates: BTreeMap<String, f32>,
    /// Careers made by appointment: (patron, client, since).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patronage: Vec<(String, String, Date)>,
    /// The fallen whose fall has already reached their clients, kin and friends.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub mourned: BTreeSet<String>,
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
                .map(|p| p.current.as_str())
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
    pub fn has_spoken(&self, figure: &str) -> bool {
        self.speeches.iter().any(|s| s.figure == figure)
    }
}

/// Days before a policy can be put to the vote again.
pub const POLICY_COOLDOWN_DAYS: i64 = 180;

/// Speeches and motions, checked and carried out by the politics system.
#[derive(Resource, Clone, Debug, Default)]
pub struct PoliticsOrders(pub Vec<(String, SimCommand)>);

/// A relation of a figure, seen from his side: the other, the kind, whether he is the
/// patron (for Patron), and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Bond {
    pub other: String,
    pub kind: RelationKind,
    /// For Patron: true when this figure is the patron.
    pub is_patron: bool,
    pub note: String,
}

/// Every relation of `figure`, from the data and from appointments, in a stable order.
pub fn bonds(data: &ScenarioData, politics: &Politics, figure: &str) -> Vec<Bond> {
    let mut out: Vec<Bond> = data
        .common
        .relations
        .iter()
        .filter(|r| r.a == figure || r.b == figure)
        .map(|r| Bond {
            other: if r.a == figure {
                r.b.clone()
            } else {
                r.a.clone()
            },
            kind: r.kind,
            is_patron: r.a == figure,
            note: r.note.clone(),
        })
        .collect();
    for (patron, client, since) in &politics.patronage {
        if patron == figure || client == figure {
            let other = if patron == figure { client } else { patron };
            if out
                .iter()
                .any(|b| b.kind == RelationKind::Patron && &b.other == other)
            {
                continue;
            }
            out.push(Bond {
                other: other.clone(),
                kind: RelationKind::Patron,
                is_patron: patron == figure,
                note: format!("Appointed on {}.", since.long()),
            });
        }
    }
    out
}

/// The (patron, client) pairs in force: the data's and the appointments'.
fn patron_links(data: &ScenarioData, politics: &Politics) -> Vec<(String, String)> {
    let mut links: Vec<(String, String)> = data
        .common
        .relations
        .iter()
        .filter(|r| r.kind == RelationKind::Patron)
        .map(|r| (r.a.clone(), r.b.clone()))
        .chain(
            politics
                .patronage
                .iter()
                .map(|(p, c, _)| (p.clone(), c.clone())),
        )
        .collect();
    links.sort();
    links.dedup();
    links
}

/// Records that the ruler made `client`'s career, when an appointment is his to make:
/// the ruler's Secretariat fills the offices.
pub fn note_appointment(politics: &mut Politics, ruler: Option<&str>, client: &str, date: Date) {
    let Some(ruler) = ruler else { return };
    if ruler == client
        || politics
            .patronage
            .iter()
            .any(|(p, c, _)| p == ruler && c == client)
    {
        return;
    }
    politics
        .patronage
        .push((ruler.to_string(), client.to_string(), date));
}

/// Weekly: clients drift toward their patrons' factions; the fall of a figure frightens
/// his kin and clients and draws the leader's eye to the clients; rivals in the police
/// whisper against each other; friends of the fallen turn against the leader.
#[allow(clippy::too_many_arguments)]
pub fn bonds_and_patronage(
    calendar: Res<Calendar>,
    scenario: Res<LoadedScenario>,
    ids: Res<Ids>,
    mut politics: ResMut<Politics>,
    mut suspicion: ResMut<super::intrigue::paranoia::Suspicion>,
    mut chronicle: ResMut<Chronicle>,
    info: Res<RunInfo>,
    mut figures: Query<(&Figure, &mut Standing)>,
    offices: Query<&Office>,
) {
    let data = &scenario.0;
    if data.common.relations.is_empty() && politics.patronage.is_empty() {
        return;
    }
    let faction_of = |figures: &Query<(&Figure, &mut Standing)>, id: &str| {
        ids.figures
            .get(id)
            .and_then(|e| figures.get(*e).ok())
            .filter(|(_, s)| s.status.can_act())
            .and_then(|(_, s)| s.faction.clone())
    };
    // Patronage: a free client's loyalty follows his free patron's faction, slowly.
    for (patron, client) in patron_links(data, &politics) {
        let Some(faction) = faction_of(&figures, &patron) else {
            continue;
        };
        let Some(mut s) = ids
            .figures
            .get(&client)
            .and_then(|e| figures.get_mut(*e).ok())
        else {
            continue;
        };
        if s.1.status.can_act() {
            let v = s.1.loyalty.entry(faction).or_default();
            // `<` first: an untouched value keeps the component unchanged, so the systems
            // that wait for allegiances to change can sleep.
            if *v < 100.0 {
                *v = (*v + 0.4).min(100.0);
            }
        }
    }
    // The newly fallen reach those bound to them.
    let mut fallen: Vec<(String, String, super::people::FigureStatus)> = ids
        .figures
        .iter()
        .filter_map(|(id, e)| {
            let (f, s) = figures.get(*e).ok()?;
            (!s.status.can_act() && !politics.mourned.contains(id))
                .then(|| (id.clone(), f.name.clone(), s.status))
        })
        .collect();
    fallen.sort_by(|a, b| a.0.cmp(&b.0));
    let ruler_faction = info
        .leader_office
        .as_deref()
        .and_then(|k| offices.iter().find(|o| o.key == k))
        .and_then(|o| o.holders.first())
        .and_then(|r| faction_of(&figures, r));
    for (id, name, status) in fallen {
        politics.mourned.insert(id.clone());
        // Those already fallen when the scenario opens are old news to everyone.
        if data
            .scenario
            .cast
            .iter()
            .any(|c| c.figure == id && c.status == status)
        {
            continue;
        }
        let mut touched = Vec::new();
        for b in bonds(data, &politics, &id) {
            let Some(e) = ids.figures.get(&b.other) else {
                continue;
            };
            let Ok((_, mut s)) = figures.get_mut(*e) else {
                continue;
            };
            if !s.status.can_act() {
                continue;
            }
            match b.kind {
                // `b` is seen from the fallen: `is_patron` means the fallen made the
                // other's career. A client's fall touches his patron only a little.
                RelationKind::Patron if !b.is_patron => {
                    s.fear = (s.fear + 5.0).min(100.0);
                }
                RelationKind::Patron => {
                    s.fear = (s.fear + 15.0).min(100.0);
                    let v = suspicion.0.entry(b.other.clone()).or_default();
                    *v = (*v + 10.0).min(100.0);
                    touched.push(b.other.clone());
                }
                RelationKind::Family => {
                    s.fear = (s.fear + 20.0).min(100.0);
                    touched.push(b.other.clone());
                }
                RelationKind::Friendship => {
                    s.fear = (s.fear + 10.0).min(100.0);
                    if let Some(rf) = &ruler_faction
                        && s.faction.as_ref() != Some(rf)
                    {
                        let v = s.loyalty.entry(rf.clone()).or_default();
                        *v = (*v - 10.0).max(-100.0);
                    }
                    touched.push(b.other.clone());
                }
                RelationKind::Rivalry => {}
            }
        }
        if !touched.is_empty() {
            let names: Vec<String> = touched
                .iter()
                .filter_map(|t| ids.figures.get(t).and_then(|e| figures.get(*e).ok()))
                .map(|(f, _)| f.name.clone())
                .collect();
            chronicle.add(
                calendar.date,
                calendar.hour,
                "bonds",
                format!(
                    "The fall of {name} reaches those bound to him: {}.",
                    names.join(", ")
                ),
                std::iter::once(id).chain(touched).collect(),
            );
        }
    }
    // Rivals who sit in the police feed the leader's suspicion of each other.
    let Some(police) = data.scenario.police.as_deref() else {
        return;
    };
    let chiefs: BTreeSet<&str> = offices
        .iter()
        .filter(|o| o.institution == police)
        .flat_map(|o| o.holders.iter().map(String::as_str))
        .collect();
    for r in &data.common.relations {
        if r.kind != RelationKind::Rivalry {
            continue;
        }
        for (chief, target) in [(&r.a, &r.b), (&r.b, &r.a)] {
            if chiefs.contains(chief.as_str()) && faction_of(&figures, target).is_some() {
                let v = suspicion.0.entry(target.clone()).or_default();
                *v = (*v + 1.0).min(100.0);
            }
        }
    }
}

/// Whether the Congress sits: after the scenario's start, before its ballot.
pub fn congress_in_session(data: &ScenarioData, calendar: &Calendar, voted: bool) -> bool {
    data.scenario
        .congress
        .as_ref()
        .is_some_and(|c| !voted && calendar.date < c.vote_date)
}

/// A speech's weight: its speaker's eloquence and standing, about 0.5..=1.5.
pub fn speech_strength(data: &ScenarioData, figure: &str, popularity: f32) -> f32 {
    let political = data.figure(figure).map_or(5, |f| f.skills.political);
    0.5 + f32::from(political) / 10.0 * (0.4 + popularity / 100.0 * 0.6)
}

/// What a speech would do, in words, for the action's tooltip.
pub fn describe_speech(theme: SpeechTheme, strength: f32) -> String {
    match theme {
        SpeechTheme::Criticism => format!(
            "Delegates won for your faction from the leader's: {:.1}% of the Congress\nThe leader's popularity −{:.0}, yours +{:.0}\nThe leader's paranoia +{:.0}, his suspicion of you +{:.0}",
            3.0 * strength,
            3.0 * strength,
            2.0 * strength,
            4.0 * strength,
            12.0 * strength
        ),
        SpeechTheme::Praise => format!(
            "Delegates drift to the leader's faction: {:.1}% of the Congress\nThe leader's popularity +{:.0}; your loyalty to his faction +5\nThe leader's paranoia −{:.0}",
            2.0 * strength,
            2.0 * strength,
            2.0 * strength
        ),
        SpeechTheme::Programme => format!(
            "Delegates won for your faction: {:.1}% of the Congress\nYour popularity +{:.0}",
            1.0 * strength,
            3.0 * strength
        ),
    }
}

/// Moves `share` of the delegates from `from` (every other faction when `None`) to `to`.
fn swing_delegates(
    delegates: &mut BTreeMap<String, f32>,
    to: &str,
    from: Option<&str>,
    share: f32,
) {
    let pool: f32 = delegates
        .iter()
        .filter(|(k, _)| k.as_str() != to && from.is_none_or(|f| f == k.as_str()))
        .map(|(_, v)| *v)
        .sum();
    if pool <= 0.0 {
        return;
    }
    let moved = share.min(pool);
    for (k, v) in delegates.iter_mut() {
        if k.as_str() != to && from.is_none_or(|f| f == k.as_str()) {
            *v -= moved * *v / pool;
        }
    }
    *delegates.entry(to.to_string()).or_default() += moved;
}

/// One voter's chance of voting for a motion, with its reasons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VoteOdds {
    pub voter: String,
    pub chance: f64,
    pub reasons: Vec<(String, f32)>,
}

/// The council's members who would vote, and each one's chance of voting yes, as the
/// player sees them; with the chance that the motion passes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MotionOdds {
    pub voters: Vec<VoteOdds>,
    pub pass: f64,
}

/// The free holders of the council's offices, in id order.
pub fn council_members(data: &ScenarioData, offices: &[(String, Vec<String>)]) -> Vec<String> {
    let mut m: Vec<String> = offices
        .iter()
        .filter(|(k, _)| data.scenario.council.contains(k))
        .flat_map(|(_, h)| h.iter().cloned())
        .collect();
    m.sort();
    m.dedup();
    m
}

/// What everyone needs to weigh a motion: standings by id, office holders, the ruler.
pub struct Chamber {
    pub data: Arc<ScenarioData>,
    /// The option in force of each policy that has been voted on.
    pub current: BTreeMap<String, String>,
    pub standings: BTreeMap<String, Standing>,
    pub offices: Vec<(String, Vec<String>)>,
    pub ruler: Option<String>,
}

impl Chamber {
    /// The chamber as the world stands.
    pub fn from_world(world: &mut World) -> Option<Chamber> {
        let (data, standings, offices, ruler) = chamber_parts(world)?;
        let current = world.resource::<Politics>().policies.clone();
        Some(Chamber {
            data,
            current,
            standings,
            offices,
            ruler,
        })
    }

    fn faction(&self, id: &str) -> Option<&str> {
        self.standings.get(id).and_then(|s| s.faction.as_deref())
    }
    fn loyalty(&self, id: &str, faction: Option<&str>) -> f32 {
        let Some(f) = faction else { return 0.0 };
        if self.faction(id) == Some(f) {
            return 100.0;
        }
        self.standings
            .get(id)
            .and_then(|s| s.loyalty.get(f).copied())
            .unwrap_or(0.0)
    }

    /// How much a faction wants `option` of `policy` over the one in force, -1..=1.
    fn policy_view(&self, policy: &str, option: &str, faction: Option<&str>) -> f32 {
        let Some(p) = self.data.common.policies.iter().find(|p| p.id == policy) else {
            return 0.0;
        };
        let want = |id: &str| {
            p.options
                .iter()
                .find(|o| o.id == id)
                .and_then(|o| faction.and_then(|f| o.support.get(f).copied()))
                .unwrap_or(0.0)
        };
        let current = self
            .current
            .get(policy)
            .map_or(p.current.as_str(), String::as_str);
        (want(option) - want(current)).clamp(-1.0, 1.0)
    }

    /// The odds of `motion`, put by `by`: each free member's chance, with reasons.
    pub fn odds(&self, by: &str, motion: &Motion) -> MotionOdds {
        let members: Vec<String> = council_members(&self.data, &self.offices)
            .into_iter()
            .filter(|m| self.standings.get(m).is_some_and(|s| s.status.can_act()))
            .collect();
        let by_faction = self.faction(by);
        let ruler_faction = self.ruler.as_deref().and_then(|r| self.faction(r));
        let mut voters = Vec::new();
        for m in &members {
            let mut reasons: Vec<(String, f32)> = Vec::new();
            if m == by {
                voters.push(VoteOdds {
                    voter: m.clone(),
                    chance: 1.0,
                    reasons: vec![("proposes it".into(), 1.0)],
                });
                continue;
            }
            if motion.target() == Some(m.as_str()) {
                voters.push(VoteOdds {
                    voter: m.clone(),
                    chance: 0.0,
                    reasons: vec![("it is against him".into(), -1.0)],
                });
                continue;
            }
            let mf = self.faction(m);
            match motion {
                Motion::Policy { policy, option } => {
                    let view = |faction: Option<&str>| self.policy_view(policy, option, faction);
                    reasons.push(("his faction's view of the change".into(), 0.4 * view(mf)));
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.25 * self.loyalty(m, by_faction) / 100.0,
                    ));
                    if let Some(r) = &self.ruler
                        && r != m
                        && r != by
                    {
                        let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                        let lv = view(ruler_faction);
                        if lv.abs() > 0.1 {
                            reasons.push((
                                "the leader's known view, and fear of him".into(),
                                lv.signum() * (0.1 + 0.2 * fear),
                            ));
                        }
                    }
                }
                Motion::Elect { figure, .. } => {
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.15 * self.loyalty(m, by_faction) / 100.0,
                    ));
                    reasons.push((
                        "loyalty to the candidate's faction".into(),
                        0.35 * self.loyalty(m, self.faction(figure)) / 100.0,
                    ));
                    if mf.is_some() && mf != self.faction(figure) {
                        reasons.push(("a seat won by another camp".into(), -0.3));
                    }
                    if m == figure {
                        reasons.push(("it is his own seat".into(), 0.5));
                    }
                    if let Some(r) = &self.ruler
                        && r != m
                        && r != by
                        && ruler_faction.is_some()
                        && self.faction(figure) != ruler_faction
                    {
                        let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                        reasons.push((
                            "the leader wants his own men, and fear of him".into(),
                            -(0.1 + 0.2 * fear),
                        ));
                    }
                }
                Motion::Dismiss { figure, .. } | Motion::Arrest { figure } => {
                    let tf = self.faction(figure);
                    reasons.push((
                        "loyalty to the proposer's faction".into(),
                        0.3 * self.loyalty(m, by_faction) / 100.0,
                    ));
                    reasons.push((
                        "loyalty to the accused's faction".into(),
                        -0.3 * self.loyalty(m, tf) / 100.0,
                    ));
                    if matches!(motion, Motion::Arrest { .. }) {
                        reasons.push(("reluctance to hand a comrade to the police".into(), -0.1));
                    }
                }
            }
            if let Some(r) = &self.ruler
                && r != m
            {
                let fear = self.standings.get(m).map_or(0.0, |s| s.fear) / 100.0;
                if r == by {
                    reasons.push((
                        "the leader's word, and fear of him".into(),
                        0.15 + 0.25 * fear,
                    ));
                } else if motion
                    .target()
                    .is_some_and(|t| self.faction(t) == ruler_faction)
                    && ruler_faction.is_some()
                {
                    reasons.push((
                        "the leader protects his own, and fear of him".into(),
                        -(0.15 + 0.25 * fear),
                    ));
                }
            }
            let sum: f32 = reasons.iter().map(|(_, v)| v).sum();
            voters.push(VoteOdds {
                voter: m.clone(),
                chance: f64::from((0.5 + sum).clamp(0.02, 0.98)),
                reasons,
            });
        }
        let pass = majority_chance(&voters.iter().map(|v| v.chance).collect::<Vec<_>>());
        MotionOdds { voters, pass }
    }
}

/// The chance that more vote yes than no, each voter independently.
pub fn majority_chance(p: &[f64]) -> f64 {
    // dist[k]: chance that k have voted yes so far.
    let mut dist = vec![1.0f64];
    for &q in p {
        let mut next = vec![0.0; dist.len() + 1];
        for (k, d) in dist.iter().enumerate() {
            next[k] += d * (1.0 - q);
            next[k + 1] += d * q;
        }
        dist = next;
    }
    let n = p.len();
    dist.iter()
        .enumerate()
        .filter(|(k, _)| 2 * k > n)
        .map(|(_, d)| d)
        .sum()
}

/// The data, every figure's standing, the offices' holders, and the ruler.
pub type ChamberParts = (
    Arc<ScenarioData>,
    BTreeMap<String, Standing>,
    Vec<(String, Vec<String>)>,
    Option<String>,
);

/// Builds the chamber's parts from the world.
pub fn chamber_parts(world: &mut World) -> Option<ChamberParts> {
    let data = world.get_resource::<LoadedScenario>()?.0.clone();
    let standings = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .map(|(f, s)| (f.id.clone(), s.clone()))
        .collect();
    let mut offices: Vec<(String, Vec<String>)> = world
        .query::<&Office>()
        .iter(world)
        .map(|o| (o.key.clone(), o.holders.clone()))
        .collect();
    offices.sort();
    let ruler = world
        .resource::<RunInfo>()
        .leader_office
        .clone()
        .and_then(|k| offices.iter().find(|(o, _)| *o == k)?.1.first().cloned());
    Some((data, standings, offices, ruler))
}

/// The faction a side plays.
fn side_faction(data: &ScenarioData, side: &str) -> Option<String> {
    data.scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map(|s| s.faction.clone())
}

/// Checks a speech or a motion against the rules; `Err` says why it is refused.
pub fn check_order(world: &mut World, side: &str, cmd: &SimCommand) -> Result<(), String> {
    let (data, standings, offices, _) = chamber_parts(world).ok_or("no scenario loaded")?;
    let side_f = side_faction(&data, side);
    let of_side = |id: &str| -> Result<&Standing, String> {
        let s = standings
            .get(id)
            .ok_or_else(|| format!("unknown figure `{id}`"))?;
        if !s.status.can_act() {
            return Err(format!("`{id}` is {} and cannot act", s.status.label()));
        }
        if side != "ai" && s.faction != side_f {
            return Err(format!("`{id}` does not follow side `{side}`"));
        }
        Ok(s)
    };
    match cmd {
        SimCommand::Speak { figure, .. } => {
            of_side(figure)?;
            let voted = world
                .resource::<super::congress::CongressVote>()
                .date
                .is_some();
            if !congress_in_session(&data, world.resource::<Calendar>(), voted) {
                return Err("the Congress is not in session".into());
            }
            if world.resource::<Politics>().has_spoken(figure) {
                return Err(format!("`{figure}` has already spoken at this Congress"));
            }
            Ok(())
        }
        SimCommand::Propose { by, motion } => {
            of_side(by)?;
            let members = council_members(&data, &offices);
            if members.is_empty() {
                return Err("this scenario has no council that votes".into());
            }
            if !members.contains(by) {
                return Err(format!("`{by}` does not sit in the council"));
            }
            match motion {
                Motion::Policy { policy, option } => {
                    let p = data
                        .common
                        .policies
                        .iter()
                        .find(|p| &p.id == policy)
                        .ok_or_else(|| format!("no policy `{policy}`"))?;
                    if !p.options.iter().any(|o| &o.id == option) {
                        return Err(format!("`{option}` is not an option of `{policy}`"));
                    }
                    let politics = world.resource::<Politics>();
                    if politics.policy(&data, policy) == Some(option.as_str()) {
                        return Err(format!("`{option}` is already the policy"));
                    }
                    let today = world.resource::<Calendar>().date;
                    if let Some(d) = politics.last_vote_on(policy)
                        && d.days_until(today) < POLICY_COOLDOWN_DAYS
                    {
                        return Err(format!(
                            "`{policy}` was voted on {}; it can come back after {POLICY_COOLDOWN_DAYS} days",
                            d.long()
                        ));
                    }
                }
                Motion::Dismiss { figure, office } => {
                    if !offices
                        .iter()
                        .any(|(k, h)| k == office && h.contains(figure))
                    {
                        return Err(format!("`{figure}` does not hold `{office}`"));
                    }
                }
                Motion::Elect { figure, office } => {
                    let s = standings
                        .get(figure)
                        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
                    if !s.status.can_act() {
                        return Err(format!(
                            "`{figure}` is {} and cannot hold office",
                            s.status.label()
                        ));
                    }
                    let seats = data
                        .office(office)
                        .map(|o| o.seats)
                        .ok_or_else(|| format!("unknown office `{office}`"))?;
                    let held = offices
                        .iter()
                        .find(|(k, _)| k == office)
                        .map(|(_, h)| h.clone())
                        .unwrap_or_default();
                    if held.contains(figure) {
                        return Err(format!("`{figure}` already holds `{office}`"));
                    }
                    if held.len() as u32 >= seats {
                        return Err(format!("`{office}` has no free seat"));
                    }
                }
                Motion::Arrest { figure } => {
                    let s = standings
                        .get(figure)
                        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
                    if !s.status.can_act() {
                        return Err(format!("`{figure}` is already {}", s.status.label()));
                    }
                    if figure == by {
                        return Err("a member cannot move his own arrest".into());
                    }
                }
            }
            Ok(())
        }
        _ => Err("not a speech or a motion".into()),
    }
}

/// Carries out the speeches and motions of the tick, or logs why not.
pub fn apply_politics_orders(world: &mut World) {
    let orders = std::mem::take(&mut world.resource_mut::<PoliticsOrders>().0);
    for (side, cmd) in orders {
        let result = check_order(world, &side, &cmd);
        if result.is_ok() {
            match &cmd {
                SimCommand::Speak { figure, theme } => speak(world, figure, *theme),
                SimCommand::Propose { by, motion } => vote(world, by, motion),
                _ => {}
            }
        }
        let tick = world.resource::<Calendar>().ticks;
        world
            .resource_mut::<CommandLog>()
            .entries
            .push(LoggedCommand {
                tick,
                side,
                command: cmd,
                rejected: result.err(),
            });
    }
}

use super::events::{figure_name as name, with_standing as standing_mut};

/// A speech at the Congress, as checked by `check_order`.
pub fn speak(world: &mut World, figure: &str, theme: SpeechTheme) {
    let Some((data, standings, _, _)) = chamber_parts(world) else {
        return;
    };
    let Some(c) = data.scenario.congress.as_ref() else {
        return;
    };
    let Some(me) = standings.get(figure) else {
        return;
    };
    let strength = speech_strength(&data, figure, me.popularity);
    let leader = data.scenario.leader.clone();
    let leader_faction = standings.get(&leader).and_then(|s| s.faction.clone());
    let my_faction = me.faction.clone().unwrap_or_default();
    let date = world.resource::<Calendar>().date;
    let mut politics = world.resource_mut::<Politics>();
    if politics.delegates.is_empty() {
        politics.delegates = c.delegates.clone();
    }
    let swing = match theme {
        SpeechTheme::Criticism => 0.03 * strength,
        SpeechTheme::Praise => 0.02 * strength,
        SpeechTheme::Programme => 0.01 * strength,
    };
    match theme {
        SpeechTheme::Criticism if leader_faction.as_deref() != Some(my_faction.as_str()) => {
            swing_delegates(
                &mut politics.delegates,
                &my_faction,
                leader_faction.as_deref(),
                swing,
            );
        }
        SpeechTheme::Praise => {
            if let Some(lf) = &leader_faction {
                swing_delegates(&mut politics.delegates, lf, None, swing);
            }
        }
        _ => swing_delegates(&mut politics.delegates, &my_faction, None, swing),
    }
    politics.speeches.push(Speech {
        date,
        figure: figure.to_string(),
        theme,
        swing,
    });
    let (text, kind_text) = match theme {
        SpeechTheme::Criticism => {
            standing_mut(world, &leader, |s| {
                s.popularity = (s.popularity - 3.0 * strength).max(0.0)
            });
            standing_mut(world, figure, |s| {
                s.popularity = (s.popularity + 2.0 * strength).min(100.0)
            });
            world
                .resource_mut::<super::intrigue::paranoia::Paranoia>()
                .add(
                    date,
                    format!("{}'s speech to the Congress", name(&data, figure)),
                    4.0 * strength,
                );
            let mut sus = world.resource_mut::<super::intrigue::paranoia::Suspicion>();
            let v = sus.0.entry(figure.to_string()).or_default();
            *v = (*v + 12.0 * strength).min(100.0);
            (
                "criticises the leader's course before the Congress; the hall applauds longer than it should",
                "criticism",
            )
        }
        SpeechTheme::Praise => {
            standing_mut(world, &leader, |s| {
                s.popularity = (s.popularity + 2.0 * strength).min(100.0)
            });
            if let Some(lf) = &leader_faction {
                standing_mut(world, figure, |s| {
                    let v = s.loyalty.entry(lf.clone()).or_default();
                    *v = (*v + 5.0).min(100.0);
                });
            }
            world
                .resource_mut::<super::intrigue::paranoia::Paranoia>()
                .add(
                    date,
                    format!("{}'s praise at the Congress", name(&data, figure)),
                    -2.0 * strength,
                );
            ("praises the leader from the Congress rostrum", "praise")
        }
        SpeechTheme::Programme => {
            standing_mut(world, figure, |s| {
                s.popularity = (s.popularity + 3.0 * strength).min(100.0)
            });
            ("sets out his programme to the Congress", "programme")
        }
    };
    let _ = kind_text;
    let cal = world.resource::<Calendar>().clone();
    world.resource_mut::<Chronicle>().add(
        cal.date,
        cal.hour,
        "speech",
        format!("{} {text}.", name(&data, figure)),
        vec![figure.to_string()],
    );
}

/// An office's name, from its `institution.office` key.
fn office_name(data: &ScenarioData, office: &str) -> String {
    data.office(office)
        .map_or(office.to_string(), |o| o.name.clone())
}

/// Describes a motion in words.
pub fn describe_motion(data: &ScenarioData, motion: &Motion) -> String {
    match motion {
        Motion::Policy { policy, option } => {
            let p = data.common.policies.iter().find(|p| &p.id == policy);
            let o = p.and_then(|p| p.options.iter().find(|o| &o.id == option));
            format!(
                "{}: {}",
                p.map_or(policy.as_str(), |p| p.name.as_str()),
                o.map_or(option.as_str(), |o| o.name.as_str())
            )
        }
        Motion::Dismiss { figure, office } => {
            format!(
                "dismiss {} as {}",
                name(data, figure),
                office_name(data, office)
            )
        }
        Motion::Arrest { figure } => format!("hand {} to the police", name(data, figure)),
        Motion::Elect { figure, office } => {
            format!(
                "elect {} as {}",
                name(data, figure),
                office_name(data, office)
            )
        }
    }
}

/// A motion put to the council's vote, as checked by `check_order`.
pub fn vote(world: &mut World, by: &str, motion: &Motion) {
    let Some(chamber) = Chamber::from_world(world) else {
        return;
    };
    let data = chamber.data.clone();
    let odds = chamber.odds(by, motion);
    let mut yes = Vec::new();
    let mut no = Vec::new();
    {
        let mut rng = world.resource_mut::<RngStreams>();
        let rng = rng.stream("council");
        for v in &odds.voters {
            // Every voter draws, whatever his chance, so the stream's position depends
            // only on how many voted.
            let roll: f64 = rng.random();
            if roll < v.chance {
                yes.push(v.voter.clone());
            } else {
                no.push(v.voter.clone());
            }
        }
    }
    let adopted = yes.len() > no.len();
    let date = world.resource::<Calendar>().date;
    let what = describe_motion(&data, motion);
    let text = format!(
        "The {} {} the motion of {}: {what} ({} for, {} against).",
        data.council_name(),
        if adopted { "adopts" } else { "rejects" },
        name(&data, by),
        yes.len(),
        no.len()
    );
    let mut actors = vec![by.to_string()];
    actors.extend(motion.target().map(str::to_string));
    let cal = world.resource::<Calendar>().clone();
    world
        .resource_mut::<Chronicle>()
        .add(cal.date, cal.hour, "council", text, actors);
    world.resource_mut::<Politics>().votes.push(CouncilVote {
        date,
        by: by.to_string(),
        motion: motion.clone(),
        yes,
        no,
        adopted,
    });
    if !adopted {
        // A failed motion against a man costs its mover: the target's side and the
        // leader remember.
        standing_mut(world, by, |s| s.popularity = (s.popularity - 3.0).max(0.0));
        if let Some(t) = motion.target()
            && chamber.ruler.as_deref() != Some(by)
        {
            let mut sus = world.resource_mut::<super::intrigue::paranoia::Suspicion>();
            let v = sus.0.entry(by.to_string()).or_default();
            *v = (*v + 10.0).min(100.0);
            let _ = t;
        }
        return;
    }
    match motion {
        Motion::Policy { policy, option } => {
            world
                .resource_mut::<Politics>()
                .policies
                .insert(policy.clone(), option.clone());
            let Some(p) = data.common.policies.iter().find(|p| &p.id == policy) else {
                return;
            };
            let Some(o) = p.options.iter().find(|o| &o.id == option) else {
                return;
            };
            let ev = EventDef {
                id: format!("policy:{policy}"),
                scenarios: Vec::new(),
                title: p.name.clone(),
                text: o.text.clone(),
                kind: "politics".into(),
                figures: Vec::new(),
                side: None,
                trigger: Default::default(),
                options: Vec::new(),
            };
            for e in &o.effects {
                super::events::apply(world, &data, &ev, e);
            }
        }
        Motion::Dismiss { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.retain(|h| h != figure);
            }
        }
        Motion::Elect { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.push(figure.clone());
            }
            let date = world.resource::<Calendar>().date;
            note_appointment(
                &mut world.resource_mut::<Politics>(),
                Some(by),
                figure,
                date,
            );
        }
        Motion::Arrest { figure } => {
            let ev = EventDef {
                id: "council:arrest".into(),
                scenarios: Vec::new(),
                title: format!("The decision of the {}", data.council_name()),
                text: String::new(),
                kind: "purge".into(),
                figures: Vec::new(),
                side: None,
                trigger: Default::default(),
                options: Vec::new(),
            };
            super::events::apply(
                world,
                &data,
                &ev,
                &crate::scenario::events::Effect::Arrest(figure.clone()),
            );
        }
    }
}

/// The AI's politics for every side no player takes: a speech at the Congress from its
/// best speaker, and, monthly, the policy its faction wants most if the vote looks won.
/// It reads the odds a player sees and acts through commands.
pub fn ai_politics(world: &mut World) {
    let Some(data) = world.get_resource::<LoadedScenario>().map(|s| s.0.clone()) else {
        return;
    };
    let cal = world.resource::<Calendar>().clone();
    if cal.hour != 0 {
        return;
    }
    let info = world.resource::<RunInfo>().clone();
    let voted = world
        .resource::<super::congress::CongressVote>()
        .date
        .is_some();
    let in_session = congress_in_session(&data, &cal, voted);
    let monthly = cal.date.day == 15 && !data.scenario.council.is_empty();
    if !in_session && !monthly {
        return;
    }
    // Every figure's id, faction and popularity, in id order; only the monthly motions
    // need the whole chamber (standings and offices), built once for all sides.
    let mut people: Vec<(String, Option<String>, bool, f32)> = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .map(|(f, s)| {
            (
                f.id.clone(),
                s.faction.clone(),
                s.status.can_act(),
                s.popularity,
            )
        })
        .collect();
    people.sort_by(|a, b| a.0.cmp(&b.0));
    let faction_of = |id: &str| {
        people
            .binary_search_by(|p| p.0.as_str().cmp(id))
            .ok()
            .and_then(|i| people[i].1.clone())
    };
    let chamber = if monthly {
        Chamber::from_world(world)
    } else {
        None
    };
    let mut orders: Vec<(String, SimCommand)> = Vec::new();
    let leader_faction = faction_of(&data.scenario.leader);
    for side in &data.scenario.sides {
        if info.player_side.as_deref() == Some(side.id.as_str()) {
            continue;
        }
        let members: Vec<(&String, f32)> = people
            .iter()
            .filter(|p| p.2 && p.1.as_deref() == Some(&side.faction))
            .map(|p| (&p.0, p.3))
            .collect();
        if in_session {
            let politics = world.resource::<Politics>();
            if politics
                .speeches
                .iter()
                .any(|s| faction_of(&s.figure).as_deref() == Some(&side.faction))
            {
                continue;
            }
            let days_left = cal.date.days_until(
                data.scenario
                    .congress
                    .as_ref()
                    .map_or(cal.date, |c| c.vote_date),
            );
            // A side speaks once, on a day of its choosing before the ballot.
            let speak_today = days_left <= 1
                || world
                    .resource_mut::<RngStreams>()
                    .stream("ai")
                    .random_bool(0.35);
            if !speak_today {
                continue;
            }
            // The leader does not praise himself: his men speak for him.
            let best = members
                .iter()
                .filter(|(id, _)| {
                    !world.resource::<Politics>().has_spoken(id) && **id != data.scenario.leader
                })
                .max_by(|a, b| {
                    let s = |x: &(&String, f32)| speech_strength(&data, x.0, x.1);
                    s(a).total_cmp(&s(b)).then(b.0.cmp(a.0))
                });
            let Some((speaker, _)) = best else { continue };
            let paranoia = world
                .resource::<super::intrigue::paranoia::Paranoia>()
                .value;
            let theme = if leader_faction.as_deref() == Some(side.faction.as_str()) {
                SpeechTheme::Praise
            } else {
                // Criticism wins delegates but draws the leader's eye: the more he
                // fears, the likelier a side keeps to its programme.
                let dare = (0.75 - paranoia / 200.0).clamp(0.1, 0.9);
                if world
                    .resource_mut::<RngStreams>()
                    .stream("ai")
                    .random_bool(f64::from(dare))
                {
                    SpeechTheme::Criticism
                } else {
                    SpeechTheme::Programme
                }
            };
            orders.push((
                "ai".into(),
                SimCommand::Speak {
                    figure: (*speaker).clone(),
                    theme,
                },
            ));
            continue;
        }
        // Monthly: one motion per side, the policy its faction wants most and can carry,
        // and no more than one a quarter, so that policy does not swing every month.
        let recent = world.resource::<Politics>().votes.iter().any(|v| {
            v.date.days_until(cal.date) < 90 && faction_of(&v.by).as_deref() == Some(&side.faction)
        });
        if recent {
            continue;
        }
        let Some(chamber) = chamber.as_ref() else {
            continue;
        };
        let council = council_members(&data, &chamber.offices);
        let Some(mover) = members
            .iter()
            .map(|(id, _)| (*id).clone())
            .filter(|id| council.contains(id))
            .min_by_key(|id| (chamber.ruler.as_deref() != Some(id.as_str()), id.clone()))
        else {
            continue;
        };
        let politics = world.resource::<Politics>().clone();
        let mut best: Option<(f64, Motion)> = None;
        for p in &data.common.policies {
            if politics
                .last_vote_on(&p.id)
                .is_some_and(|d| d.days_until(cal.date) < POLICY_COOLDOWN_DAYS)
            {
                continue;
            }
            let current = politics.policy(&data, &p.id).unwrap_or_default();
            let want = |o: &crate::scenario::schema::PolicyOptionDef| {
                o.support.get(&side.faction).copied().unwrap_or(0.0)
            };
            let now = p.options.iter().find(|o| o.id == current).map_or(0.0, want);
            for o in &p.options {
                if o.id == current || want(o) - now < 0.5 {
                    continue;
                }
                let motion = Motion::Policy {
                    policy: p.id.clone(),
                    option: o.id.clone(),
                };
                let pass = chamber.odds(&mover, &motion).pass;
                let utility = f64::from(want(o) - now) * pass;
                if pass >= 0.55 && best.as_ref().is_none_or(|(u, _)| utility > *u) {
                    best = Some((utility, motion));
                }
            }
        }
        if let Some((_, motion)) = best {
            orders.push(("ai".into(), SimCommand::Propose { by: mover, motion }));
        }
    }
    let mut queue = world.resource_mut::<super::commands::CommandQueue>();
    for (side, cmd) in orders {
        queue.push(side, cmd);
    }
}
