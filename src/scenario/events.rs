//! The event language: what an event is, when it fires (conditions and a mean time to
//! happen), what its options do (effects) and how the AI weighs them. A small data
//! language, checked by the validator, never a script. Events live in
//! `scenarios/events/*.ron` (and a mod's `events/*.ron`); docs/modding.md shows each form.

use crate::model::Date;
use crate::model::FigureStatus;
use crate::model::SideId;
use serde::{Deserialize, Serialize};

/// Something that happens, with a choice about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    /// Stable id, snake_case, unique across all event files.
    pub id: String,
    /// The scenarios it can happen in; empty means all of them.
    #[serde(default)]
    pub scenarios: Vec<String>,
    pub title: String,
    pub text: String,
    /// "politics", "plot", "purge", "war" or "personal": the settings choose which kinds
    /// stop the clock when they reach the player.
    #[serde(default = "politics")]
    pub kind: String,
    /// The figures it is about, shown with the event.
    #[serde(default)]
    pub figures: Vec<String>,
    /// The side that chooses. The player chooses for the side they take; the AI for the
    /// others and when no side is named.
    #[serde(default)]
    pub side: Option<SideId>,
    /// The side whose faction rules when the event fires chooses, instead of a named
    /// `side`: the country's recurring business, put to whoever holds power.
    #[serde(default)]
    pub ruling_side: bool,
    /// The side whose faction holds the scenario's army (controls its `army`
    /// institution) chooses; the ruling side when no side does. The army's own posture.
    #[serde(default)]
    pub army_side: bool,
    #[serde(default)]
    pub trigger: Trigger,
    /// The facts of the run its text states (a figure dead, arrested, in office; a flag):
    /// checked on the day it fires, so a text never tells what the run has not produced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub says: Vec<Condition>,
    /// At least one. The first is what happens when nobody chooses in time.
    pub options: Vec<EventOption>,
}

fn politics() -> String {
    "politics".into()
}

/// When an event fires: inside its date window, while all its conditions hold, with a
/// daily chance set by its mean time to happen.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// First day it can fire.
    #[serde(default)]
    pub after: Option<Date>,
    /// Last day it can fire.
    #[serde(default)]
    pub before: Option<Date>,
    /// All must hold.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Mean days until it fires once it can, 0..=10000; 0 fires on the first day it can.
    #[serde(default)]
    pub mean_days: f32,
    /// Fires only when another event's `FireEvent` calls it.
    #[serde(default)]
    pub follow_up_only: bool,
    /// May fire again (each time its conditions hold anew); otherwise once per game.
    #[serde(default)]
    pub repeat: bool,
}

/// One answer to an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventOption {
    /// Unique within the event.
    pub id: String,
    pub text: String,
    /// How likely the AI is to choose it, relative to the other options, 0..=1000.
    #[serde(default = "one")]
    pub ai_weight: f32,
    /// Multiply `ai_weight` by `factor` while `when` holds.
    #[serde(default)]
    pub ai_modifiers: Vec<WeightModifier>,
    #[serde(default)]
    pub effects: Vec<Effect>,
}

fn one() -> f32 {
    1.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightModifier {
    pub when: Condition,
    /// 0..=100.
    pub factor: f32,
}

/// A test on the state of the world. Figures, factions, offices (`institution.office`),
/// institutions, regions, sites, units, events and sides are named by their ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    /// Every one holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// A flag set by an event's `SetFlag`, or by a `Battle` (`<id>_won`, `<id>_lost`).
    Flag(String),
    /// The event has fired at least once.
    Fired(String),
    /// The figure is free (or merely watched) and alive.
    Free(String),
    /// The figure's status is exactly this.
    Status {
        figure: String,
        status: FigureStatus,
    },
    /// The figure is dead, however he died.
    Dead(String),
    HoldsOffice {
        figure: String,
        office: String,
    },
    /// The figure holds the scenario's ruling office.
    Rules(String),
    /// Whoever holds the scenario's ruling office belongs to the faction.
    RulerFaction(String),
    InFaction {
        figure: String,
        faction: String,
    },
    /// The faction holds the institution's head office (or most of its seats).
    Controls {
        faction: String,
        institution: String,
    },
    LoyaltyAbove {
        figure: String,
        faction: String,
        value: f32,
    },
    PopularityAbove {
        figure: String,
        value: f32,
    },
    /// The leader's paranoia, 0..=100.
    ParanoiaAbove(f32),
    /// The faction's share of all power, 0..=1.
    PowerAbove {
        faction: String,
        share: f32,
    },
    UnrestAbove {
        region: String,
        value: f32,
    },
    /// A player takes this side.
    PlayerSide(String),
    /// The figure was crossed out more than anyone on the Congress ballot.
    MostRejected(String),
    /// The figure was crossed out less than anyone on the Congress ballot.
    FewestRejected(String),
    /// The Congress's offer is "offered", "accepted" or "refused".
    Offer(String),
    /// At least this many arrests so far.
    ArrestsAtLeast(u32),
    ExecutionsAtLeast(u32),
    /// The unit stands at this region or site.
    UnitAt {
        unit: String,
        place: String,
    },
    /// The unit stands at this region or site, or is on the march to it: an order
    /// given at the day's tick is under way before dawn, and a battle staged then
    /// draws the units around the place, not only those already at it.
    UnitBound {
        unit: String,
        place: String,
    },
    /// The faction has at least this many men at these places (region or site ids).
    MenAt {
        faction: String,
        places: Vec<String>,
        men: u32,
    },
    /// An active plot is organised by a member of the faction.
    PlotBy(String),
    /// The month of the year is one of these (1..=12): for the year's recurring business.
    Month(Vec<u8>),
    /// A quantity of the country (common/country.ron) is above the value.
    QuantityAbove {
        quantity: String,
        value: f32,
    },
    /// At least this many of the faction's members are free to act.
    FreeMembers {
        faction: String,
        at_least: u32,
    },
    /// The war's front on the axis (common/reckoning.ron) has come at least `km` from
    /// the start line; never before the invasion.
    Front {
        axis: String,
        km: f32,
    },
    /// The place on an axis of the war (common/reckoning.ron) has fallen.
    Fallen(String),
}

/// A change to the world, applied when an option is chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Adds to a figure's loyalty to a faction (result kept in -100..=100).
    Loyalty {
        figure: String,
        faction: String,
        by: f32,
    },
    Popularity {
        figure: String,
        by: f32,
    },
    Fear {
        figure: String,
        by: f32,
    },
    /// Adds to the leader's paranoia.
    Paranoia(f32),
    /// Adds to the leader's suspicion of a figure.
    Suspicion {
        figure: String,
        by: f32,
    },
    Unrest {
        region: String,
        by: f32,
    },
    /// The figure goes over to another faction.
    JoinFaction {
        figure: String,
        faction: String,
    },
    /// Gives a seat; with `replace`, everyone else holding the office loses it first.
    Appoint {
        figure: String,
        office: String,
        #[serde(default)]
        replace: bool,
    },
    Dismiss {
        figure: String,
        office: String,
    },
    /// The security police take the figure; a trial follows in some weeks.
    Arrest(String),
    /// Out of prison, exile or the cells, free again.
    Release(String),
    /// Sets a status directly: `Killed`, `Executed`, `Suicide`, `NaturalDeath`, `Exiled`...
    SetStatus {
        figure: String,
        status: FigureStatus,
    },
    /// A new conspiracy; `goal` is "remove_leader" or "coup".
    StartPlot {
        organiser: String,
        goal: String,
        #[serde(default)]
        members: Vec<String>,
        /// 0..=1.
        #[serde(default = "secrecy")]
        secrecy: f32,
        /// 0..=100.
        #[serde(default)]
        progress: f32,
        /// Begun in the open, as the event's chronicle line tells: every side hears of
        /// it at its next look, and of its votes being canvassed.
        #[serde(default)]
        public: bool,
    },
    /// A new unit, as in a scenario's `units`.
    SpawnUnit(crate::scenario::schema::UnitDef),
    /// Sends a unit marching to a region or site over the map.
    MoveUnit {
        unit: String,
        to: String,
    },
    /// Puts a unit on a war footing: full morale and supply.
    Mobilise(String),
    SetCommander {
        unit: String,
        figure: Option<String>,
    },
    /// A battle for a site between the units of two factions that stand at `from`
    /// (region or site ids; the scenario's capital when empty). Sets the flag
    /// `<id>_won` or `<id>_lost` (for the attacker) and fires `on_win` or `on_loss`.
    Battle {
        id: String,
        site: String,
        attacker: String,
        defender: String,
        /// Factions whose units fight beside the attacker.
        #[serde(default)]
        attacker_allies: Vec<String>,
        /// Factions whose units fight beside the defender.
        #[serde(default)]
        defender_allies: Vec<String>,
        #[serde(default)]
        from: Vec<String>,
        /// The defenders cannot retreat: broken, they surrender.
        #[serde(default)]
        encircled: bool,
        /// Hour of the day the attack begins, 0..=23.
        #[serde(default = "dawn")]
        start_hour: u8,
        #[serde(default)]
        on_win: Option<String>,
        #[serde(default)]
        on_loss: Option<String>,
    },
    /// Every member of the faction loses his seats in the institution (the winners
    /// purge a Central Committee, say); the seats are filled again by whoever controls it.
    Expel {
        faction: String,
        institution: String,
    },
    SetFlag(String),
    ClearFlag(String),
    /// The Congress's delegates make their offer (the scenario's `congress.offer`) now,
    /// before the ballot is counted; nothing when it has been made already, the
    /// scenario has none, or its candidate is not free.
    MakeOffer,
    /// Adds to the popularity of every free member of the faction.
    MembersPopularity {
        faction: String,
        by: f32,
    },
    /// Adds to the leader's suspicion of every free member of the faction.
    MembersSuspicion {
        faction: String,
        by: f32,
    },
    /// Adds to a quantity of the country (common/country.ron) at the next month's turn,
    /// shown among that month's causes under the event's title.
    Country {
        quantity: String,
        by: f32,
    },
    /// A line for the chronicle.
    Chronicle(String),
    /// Fires another event after `days`, at least 1 (the next day, when left out).
    FireEvent {
        event: String,
        #[serde(default = "next_day")]
        days: u32,
    },
}

fn next_day() -> u32 {
    1
}

fn secrecy() -> f32 {
    0.8
}
fn dawn() -> u8 {
    5
}

impl Condition {
    /// Every id the condition names, as (kind, id) for the validator.
    pub fn refs(&self, out: &mut Vec<(&'static str, String)>) {
        use Condition::*;
        match self {
            All(v) | Any(v) => v.iter().for_each(|c| c.refs(out)),
            Not(c) => c.refs(out),
            Flag(_) | ParanoiaAbove(_) | ArrestsAtLeast(_) | ExecutionsAtLeast(_) | Offer(_)
            | Month(_) => {}
            QuantityAbove { quantity, .. } => out.push(("quantity", quantity.clone())),
            Front { axis, .. } => out.push(("axis", axis.clone())),
            Fallen(place) => out.push(("front_place", place.clone())),
            Fired(e) => out.push(("event", e.clone())),
            Free(f) | Dead(f) | Rules(f) | MostRejected(f) | FewestRejected(f) => {
                out.push(("figure", f.clone()))
            }
            Status { figure, .. } | PopularityAbove { figure, .. } => {
                out.push(("figure", figure.clone()))
            }
            HoldsOffice { figure, office } => {
                out.push(("figure", figure.clone()));
                out.push(("office", office.clone()));
            }
            InFaction { figure, faction }
            | LoyaltyAbove {
                figure, faction, ..
            } => {
                out.push(("figure", figure.clone()));
                out.push(("faction", faction.clone()));
            }
            Controls {
                faction,
                institution,
            } => {
                out.push(("faction", faction.clone()));
                out.push(("institution", institution.clone()));
            }
            PowerAbove { faction, .. }
            | PlotBy(faction)
            | RulerFaction(faction)
            | FreeMembers { faction, .. } => out.push(("faction", faction.clone())),
            UnrestAbove { region, .. } => out.push(("region", region.clone())),
            PlayerSide(s) => out.push(("side", s.clone())),
            UnitAt { unit, place } | UnitBound { unit, place } => {
                out.push(("unit", unit.clone()));
                out.push(("place", place.clone()));
            }
            MenAt {
                faction, places, ..
            } => {
                out.push(("faction", faction.clone()));
                out.extend(places.iter().map(|p| ("place", p.clone())));
            }
        }
    }
}

impl Effect {
    /// Every id the effect names, as (kind, id) for the validator.
    pub fn refs(&self, out: &mut Vec<(&'static str, String)>) {
        use Effect::*;
        match self {
            Loyalty {
                figure, faction, ..
            }
            | JoinFaction { figure, faction } => {
                out.push(("figure", figure.clone()));
                out.push(("faction", faction.clone()));
            }
            Popularity { figure, .. }
            | Fear { figure, .. }
            | Suspicion { figure, .. }
            | SetStatus { figure, .. } => out.push(("figure", figure.clone())),
            Arrest(f) | Release(f) => out.push(("figure", f.clone())),
            Unrest { region, .. } => out.push(("region", region.clone())),
            Appoint { figure, office, .. } | Dismiss { figure, office } => {
                out.push(("figure", figure.clone()));
                out.push(("office", office.clone()));
            }
            StartPlot {
                organiser, members, ..
            } => {
                out.push(("figure", organiser.clone()));
                out.extend(members.iter().map(|m| ("figure", m.clone())));
            }
            SpawnUnit(u) => {
                out.push(("unit_type", u.kind.clone()));
                out.push(("place", u.location.clone()));
                out.push(("institution", u.institution.to_string()));
                if let Some(c) = &u.commander {
                    out.push(("figure", c.to_string()));
                }
            }
            MoveUnit { unit, to } => {
                out.push(("unit", unit.clone()));
                out.push(("place", to.clone()));
            }
            Mobilise(u) => out.push(("unit", u.clone())),
            SetCommander { unit, figure } => {
                out.push(("unit", unit.clone()));
                if let Some(f) = figure {
                    out.push(("figure", f.clone()));
                }
            }
            Battle {
                site,
                attacker,
                defender,
                attacker_allies,
                defender_allies,
                from,
                on_win,
                on_loss,
                ..
            } => {
                out.push(("site", site.clone()));
                out.push(("faction", attacker.clone()));
                out.push(("faction", defender.clone()));
                out.extend(
                    attacker_allies
                        .iter()
                        .chain(defender_allies)
                        .map(|f| ("faction", f.clone())),
                );
                out.extend(from.iter().map(|p| ("place", p.clone())));
                out.extend(on_win.iter().map(|e| ("event", e.clone())));
                out.extend(on_loss.iter().map(|e| ("event", e.clone())));
            }
            FireEvent { event, .. } => out.push(("event", event.clone())),
            Expel {
                faction,
                institution,
            } => {
                out.push(("faction", faction.clone()));
                out.push(("institution", institution.clone()));
            }
            Paranoia(_) | SetFlag(_) | ClearFlag(_) | Chronicle(_) | MakeOffer => {}
            Country { quantity, .. } => out.push(("quantity", quantity.clone())),
            MembersPopularity { faction, .. } | MembersSuspicion { faction, .. } => {
                out.push(("faction", faction.clone()))
            }
        }
    }
}
