//! The content schema: plain serde types read from RON. Every record has a stable
//! string id; unknown fields are errors so a typo never passes silently.
//! docs/modding.md describes each field; keep the two in step.

pub use super::policy::{MilestoneDef, PolicyDef, PolicyOptionDef};
use crate::model::Date;
use crate::model::{
    FactionId, FigureId, FigureStatus, InstitutionId, OfficeId, RegionId, SideId, UnitId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A person. Lives in scenarios/common/figures.ron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    pub id: FigureId,
    pub name: String,
    #[serde(default)]
    pub name_ru: Option<String>,
    /// Year of birth.
    pub born: i32,
    /// Year of death in real history; the game decides for itself.
    #[serde(default)]
    pub died: Option<i32>,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub traits: Vec<String>,
    #[serde(default)]
    pub skills: Skills,
    /// Standing in the party and the country, 0..=100.
    #[serde(default = "half")]
    pub popularity: f32,
    /// Appetite for power, 0..=100.
    #[serde(default = "half")]
    pub ambition: f32,
}

fn paranoia() -> f32 {
    30.0
}

fn half() -> f32 {
    50.0
}

/// Competences, each 0..=10.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skills {
    #[serde(default)]
    pub political: u8,
    #[serde(default)]
    pub military: u8,
    #[serde(default)]
    pub security: u8,
    #[serde(default)]
    pub economic: u8,
}

/// A political grouping. Lives in scenarios/common/factions.ron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactionDef {
    pub id: FactionId,
    pub name: String,
    /// Map and badge colour, sRGB 0..=255.
    pub color: (u8, u8, u8),
    #[serde(default)]
    pub description: String,
}

pub use super::institutions::{InstitutionDef, OfficeDef, Renaming};

fn one_f() -> f32 {
    1.0
}

/// Gameplay facts of a map region. scenarios/common/regions.ron; the id is the map's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionDef {
    /// A region id of assets/map/ussr_1934.json.
    pub id: RegionId,
    /// Shown instead of the map's name when set.
    #[serde(default)]
    pub name: Option<String>,
    /// Discontent with the regime, 0..=100.
    #[serde(default)]
    pub unrest: f32,
    /// How thick the security police's network of informers is, 0..=100.
    #[serde(default)]
    pub nkvd_presence: f32,
}

/// A place where the crisis happens. scenarios/common/sites.ron; the id is the map's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDef {
    /// A site id of assets/map/ussr_1934.json.
    pub id: String,
    pub name: String,
    /// What the place is, in the content's own words (shown, never read by the rules).
    pub kind: String,
    /// How a sentence names it mid-sentence: "the" and its name for a building, a
    /// town by its bare name. The name itself when absent.
    #[serde(default)]
    pub called: Option<String>,
    /// The name of a battle fought there; the site's name when absent.
    #[serde(default)]
    pub battle: Option<String>,
    /// Multiplier on a defender's fire here, 0.5..=4.
    #[serde(default = "one_f")]
    pub defences: f32,
    /// Most men per side that can fight here at once.
    #[serde(default = "frontage_men")]
    pub frontage_men: u32,
    /// Most tanks per side that can fight here at once.
    #[serde(default = "frontage_tanks")]
    pub frontage_tanks: u32,
    #[serde(default)]
    pub description: String,
}

fn frontage_men() -> u32 {
    20_000
}
fn frontage_tanks() -> u32 {
    400
}

/// The shared database every scenario draws on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CommonDb {
    pub figures: Vec<FigureDef>,
    pub factions: Vec<FactionDef>,
    pub institutions: Vec<InstitutionDef>,
    pub regions: Vec<RegionDef>,
    pub sites: Vec<SiteDef>,
    pub unit_types: Vec<UnitType>,
    /// Every event of scenarios/events/ and the mods' events/, in file order.
    pub events: Vec<super::events::EventDef>,
    /// Who made whose career, who is kin, who hates whom (common/relations.ron).
    pub relations: Vec<RelationDef>,
    /// The questions of policy the Politburo votes on (common/policies.ron).
    pub policies: Vec<PolicyDef>,
    /// Real history, for measuring how far a run has moved from it (common/history.ron).
    pub history: Vec<MilestoneDef>,
    /// The country as numbers: grain, industry, the people, the party
    /// (common/country.ron).
    pub quantities: Vec<super::country::QuantityDef>,
    /// How the army a run has made meets the invasion (common/reckoning.ron).
    pub reckoning: Option<super::reckoning::ReckoningDef>,
    /// The world outside: the powers and the dated facts abroad (common/foreign.ron).
    pub foreign: Option<super::foreign::ForeignDef>,
    /// The chronicle's sentences (common/chronicle.ron).
    pub chronicle: super::chronicle::ChronicleTemplates,
    /// The traits a figure may carry, with the words the window shows (common/traits.ron).
    pub traits: Vec<TraitDef>,
    /// A mod's common/article.ron, which replaces the shipped wording of the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<std::path::PathBuf>,
}

/// A character trait: its name and what it means, as the window shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitDef {
    pub id: String,
    pub name: String,
    /// One line on what the trait means, for the name's tooltip.
    #[serde(default)]
    pub description: String,
}

/// How two figures are bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RelationKind {
    /// `a` made `b`'s career: `b`'s loyalty drifts toward `a`'s faction, and `a`'s fall
    /// endangers `b`.
    Patron,
    /// Kin: an arrest frightens the family.
    Family,
    /// Enemies: each is readier to denounce the other.
    Rivalry,
    /// Friends: neither informs on the other willingly.
    Friendship,
}

impl RelationKind {
    pub fn label(self) -> &'static str {
        match self {
            RelationKind::Patron => "patron",
            RelationKind::Family => "family",
            RelationKind::Rivalry => "rival",
            RelationKind::Friendship => "friend",
        }
    }
}

/// One relation between two figures; Patron reads "`a` is the patron of `b`", the other
/// kinds are mutual.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    pub a: FigureId,
    pub b: FigureId,
    pub kind: RelationKind,
    /// Why, in a sentence: shown on the figure card.
    #[serde(default)]
    pub note: String,
}

/// One scenario file, scenarios/<id>.ron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub start: Date,
    pub end: Date,
    /// The figure whose hold on power the game measures.
    pub leader: FigureId,
    /// The office whose holder rules (`institution.office`); by default the most
    /// powerful head office the leader holds at the start.
    #[serde(default)]
    pub leader_office: Option<OfficeId>,
    /// The institution of the security police (e.g. `ogpu`): its office holders'
    /// skill and loyalty make its reach, and whoever controls it can order arrests.
    #[serde(default)]
    pub police: Option<InstitutionId>,
    /// The institution of the army (e.g. `narkomvoenmor`): its competence and its units'
    /// quality make the readiness for war that the end of the run reports.
    #[serde(default)]
    pub army: Option<InstitutionId>,
    /// The offices whose holders sit in the plenum that can vote the leader out (e.g.
    /// `central_committee.member`); when empty, those on the Congress's ballot.
    #[serde(default)]
    pub plenum: Vec<OfficeId>,
    /// The places (region or site ids) around the seat of power: a coup is fought with
    /// the units that stand there.
    #[serde(default)]
    pub capital: Vec<String>,
    /// The site a coup storms (the leader's residence); without one, the coup is fought
    /// for the capital itself.
    #[serde(default)]
    pub coup_site: Option<String>,
    /// The leader's paranoia at the start, 0..=100.
    #[serde(default = "paranoia")]
    pub paranoia: f32,
    /// How readily the ambitious turn to conspiracy in this period, 0..=3: a multiplier
    /// on the weekly chance that a plot forms (1924's quarrels were fought in committee,
    /// 1934's also with guns).
    #[serde(default = "one_f")]
    pub plot_rate: f32,
    pub sides: Vec<SideDef>,
    /// Faction membership and starting attitudes of the figures in play.
    #[serde(default)]
    pub cast: Vec<CastDef>,
    /// Who holds which office at the start: `"institution.office": ["figure", ...]`.
    #[serde(default)]
    pub offices: BTreeMap<OfficeId, Vec<FigureId>>,
    /// A party congress during the scenario, with its Central Committee ballot.
    #[serde(default)]
    pub congress: Option<CongressDef>,
    /// The offices whose holders vote on policy, dismissals and arrests in the ruling
    /// council (e.g. `politburo.member`); no such votes when empty.
    #[serde(default)]
    pub council: Vec<OfficeId>,
    /// The armed forces at the start: the army's, the security police's, the guards'.
    #[serde(default)]
    pub units: Vec<UnitDef>,
    /// The option in force of each policy at the start (`"policy": "option"`); a policy
    /// not named here starts at its `current`.
    #[serde(default)]
    pub policies: BTreeMap<String, String>,
}

/// A unit at the start of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDef {
    pub id: UnitId,
    pub name: String,
    /// A unit type id from scenarios/common/unit_types.ron.
    #[serde(rename = "type")]
    pub kind: String,
    /// A region id or a site id.
    pub location: String,
    /// Men, 0..=200000.
    pub men: u32,
    /// Tanks and armoured vehicles, 0..=5000.
    #[serde(default)]
    pub tanks: u32,
    /// The figure in command; the unit follows his loyalties.
    #[serde(default)]
    pub commander: Option<FigureId>,
    /// The institution the unit belongs to, e.g. `narkomvoenmor` or `ogpu`.
    pub institution: InstitutionId,
    /// 0..=1.5; the type's when absent.
    #[serde(default)]
    pub quality: Option<f32>,
    /// 0..=1; the type's when absent.
    #[serde(default)]
    pub morale: Option<f32>,
    /// The names it takes later, in date order, as a formation is renamed; the id stays.
    /// A name may write `{institution:ID}` for that body's name on the day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed: Vec<UnitRenaming>,
}

/// A unit renamed on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRenaming {
    pub on: Date,
    pub name: String,
    /// The chronicle's line on the day, when the run passes it (not at a later start).
    #[serde(default)]
    pub news: Option<String>,
}

impl UnitDef {
    /// What the unit is called on `date`.
    pub fn name_on(&self, data: &ScenarioData, date: Date) -> String {
        let name = self
            .renamed
            .iter()
            .rev()
            .find(|r| r.on <= date)
            .map_or(&self.name, |r| &r.name);
        data.named_on(name, date)
    }
}

/// The Congress and its secret ballot for the Central Committee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CongressDef {
    /// Day of the ballot.
    pub vote_date: Date,
    /// Delegates with a vote.
    pub voting_delegates: u32,
    /// Share of the voting delegates who follow each faction; the shares sum to 1.
    pub delegates: BTreeMap<FactionId, f32>,
    /// Offices whose holders stand on the ballot, e.g. `central_committee.member`.
    pub ballot: Vec<OfficeId>,
    /// The offices whose holders are compared for "most" and "fewest" votes against:
    /// the leadership, e.g. `politburo.member`.
    pub leadership: Vec<OfficeId>,
    /// Crossings-out that even friends give, before unpopularity, 0..=1.
    #[serde(default = "base_against")]
    pub base_against: f32,
    /// How strongly hostility turns into crossings-out, 0..=2. A delegate of faction F
    /// crosses out candidate C with chance
    /// `(1 − popularity/100)² × (base_against + disapproval × hostility × (0.25 + 0.75 × prominence))`,
    /// times `leader_blame` for the scenario's leader; hostility is 0 within one's own
    /// faction, else `(1 − loyalty of C to F / 100) / 2`; prominence is the power of C's
    /// offices over the leader's, at most 1.
    #[serde(default = "disapproval")]
    pub disapproval: f32,
    /// How much more the delegates hold the leader to account for the state of the
    /// country than anyone else, 1..=5.
    #[serde(default = "leader_blame")]
    pub leader_blame: f32,
    /// The faction that controls the counting commission at the start.
    pub commission: FactionId,
    /// What the delegates offer the least-rejected candidate when the leader is the
    /// most rejected.
    #[serde(default)]
    pub offer: Option<OfferDef>,
}

fn base_against() -> f32 {
    0.02
}
fn disapproval() -> f32 {
    1.2
}
fn leader_blame() -> f32 {
    2.5
}

/// "Will you take his place?": the offer to the man the Congress trusts most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferDef {
    /// The figure the delegates approach.
    pub candidate: FigureId,
    /// The office offered; its holder is the one to be replaced.
    pub office: OfficeId,
    /// The side that decides for the candidate when a player takes it.
    pub side: SideId,
}

/// A side a player can take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideDef {
    pub id: SideId,
    pub name: String,
    pub faction: FactionId,
    #[serde(default)]
    pub description: String,
    /// What the side must have at the end to win: all must hold, in the events'
    /// condition language. Empty: someone of its faction rules.
    #[serde(default)]
    pub victory: Vec<super::events::Condition>,
    /// The goal in words, shown in the menu and on the end screen.
    #[serde(default)]
    pub goal: String,
    /// The sites that matter to the side while it is out of power (its leader's
    /// residence, the seats of the offices it holds): warned of troops marching on one,
    /// it sends its nearest loyal unit to guard it. The ruling side guards the coup site.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastDef {
    pub figure: FigureId,
    #[serde(default)]
    pub faction: Option<FactionId>,
    /// Loyalty to factions, -100..=100.
    #[serde(default)]
    pub loyalty: BTreeMap<FactionId, f32>,
    /// Overrides the database's popularity at this scenario's start.
    #[serde(default)]
    pub popularity: Option<f32>,
    /// Where the figure stands at the start: `Free` unless said (e.g. `Imprisoned`, `Exiled`).
    #[serde(default)]
    pub status: FigureStatus,
}

/// A scenario with the database it runs on: everything needed to spawn a world.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScenarioData {
    pub common: CommonDb,
    pub scenario: ScenarioDef,
    /// Ids of the mods applied to this data, in order.
    pub mods: Vec<String>,
    /// Where each figure sits in `common.figures`, built on the first lookup: the rules
    /// look figures up by id thousands of times a day in a large world.
    #[serde(skip)]
    pub figure_index: FigureIndex,
}

/// Figure ids to their place in the list. Checked on every use, so a list changed after
/// the index was built still answers right (by a search).
#[derive(Clone, Default)]
pub struct FigureIndex(std::sync::OnceLock<std::collections::HashMap<FigureId, usize>>);

impl PartialEq for FigureIndex {
    /// A cache: two data are equal whatever their caches hold.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for FigureIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FigureIndex")
    }
}

impl Skills {
    /// The competence an office calls for (`OfficeDef::skill`): political by default.
    pub fn for_work(&self, skill: Option<&str>) -> u8 {
        match skill {
            Some("military") => self.military,
            Some("security") => self.security,
            Some("economic") => self.economic,
            _ => self.political,
        }
    }
}

impl ScenarioData {
    /// An office by its `institution.office` key.
    pub fn office(&self, key: &str) -> Option<&OfficeDef> {
        let (i, o) = key.split_once('.')?;
        self.common
            .institutions
            .iter()
            .find(|x| x.id == i)?
            .offices
            .iter()
            .find(|x| x.id == o)
    }
    /// The name of the institution whose members vote in the scenario's `council`
    /// ("council" when it names none).
    pub fn council_name(&self) -> String {
        self.scenario
            .council
            .first()
            .and_then(OfficeId::parts)
            .and_then(|(i, _)| self.common.institutions.iter().find(|x| x.id == i))
            .map_or_else(|| "council".to_string(), |i| i.name.clone())
    }
    /// The competence an office (`institution.office`) calls for, if it names one.
    pub fn office_skill(&self, key: &str) -> Option<&str> {
        self.office(key)?.skill.as_deref()
    }
    /// A playable side of the scenario, by its id.
    pub fn side(&self, id: &str) -> Option<&SideDef> {
        self.scenario.sides.iter().find(|s| s.id == id)
    }
    pub fn figure(&self, id: &str) -> Option<&FigureDef> {
        let figures = &self.common.figures;
        let index = self.figure_index.0.get_or_init(|| {
            figures
                .iter()
                .enumerate()
                .rev()
                .map(|(i, f)| (f.id.clone(), i))
                .collect()
        });
        index
            .get(id)
            .and_then(|&i| figures.get(i))
            .filter(|f| f.id == id)
            .or_else(|| figures.iter().find(|f| f.id == id))
    }
    pub fn faction(&self, id: &str) -> Option<&FactionDef> {
        self.common.factions.iter().find(|f| f.id == id)
    }
    pub fn trait_def(&self, id: &str) -> Option<&TraitDef> {
        self.common.traits.iter().find(|t| t.id == id)
    }
}

/// How a unit type fights. Lives in scenarios/common/unit_types.ron.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitType {
    pub id: String,
    pub name: String,
    /// Fire per fighting man per hour, relative to a rifleman (1.0).
    #[serde(default = "one_f")]
    pub fire_per_man: f32,
    /// Fire per tank or armoured vehicle per hour, in riflemen.
    #[serde(default)]
    pub fire_per_tank: f32,
    /// Share of the casualties this type inflicts that are killed, 0..=1.
    #[serde(default = "default_lethality")]
    pub lethality: f32,
    /// Training and leadership, 0..=1.5.
    #[serde(default = "one_f")]
    pub quality: f32,
    /// Starting morale, 0..=1.
    #[serde(default = "default_morale")]
    pub morale: f32,
    /// Road speed in km/h, marching and halts included, 0.5..=40; between regions
    /// every type goes by rail.
    #[serde(default = "default_speed")]
    pub speed_kmh: f32,
    /// The sign its counter carries on the map.
    #[serde(default)]
    pub symbol: MapSymbol,
}

/// The military map sign of a unit type: the box with crossed lines for infantry, the
/// oval for armour, the single diagonal for cavalry, and marks of the game's own for
/// the security troops, the militia, special detachments and guards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MapSymbol {
    #[default]
    Infantry,
    Armour,
    Cavalry,
    Security,
    Militia,
    Special,
    Guard,
}

fn default_speed() -> f32 {
    4.0
}

fn default_lethality() -> f32 {
    0.25
}
fn default_morale() -> f32 {
    0.7
}
