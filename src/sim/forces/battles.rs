//! Combat by the hour. A battle is two orders of battle at a site; each hour both sides
//! fire, losses fall on units in proportion to their men, morale sinks with losses and
//! with being outgunned, and a side whose morale breaks retreats or, if encircled,
//! surrenders. Every draw comes from the battle's own seeded stream.
//! The numbers are chosen in docs/battles.md against the Kuntsevo infobox.

use crate::model::{FigureId, UnitId};
pub use crate::scenario::schema::UnitType;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// A unit as it enters a battle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Combatant {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitType,
    pub men: u32,
    pub tanks: u32,
    /// 0..=1; below 1 the unit fires less.
    pub supply: f32,
    /// Overrides the type's quality and morale when set.
    pub quality: Option<f32>,
    pub morale: Option<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BattleSide {
    pub name: String,
    pub faction: String,
    pub commanders: Vec<FigureId>,
    pub units: Vec<Combatant>,
}

/// Everything a battle needs: who, where, and the ground's rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BattleSetup {
    pub id: String,
    pub name: String,
    pub site: String,
    /// Multiplies the defender's fire: walls, buildings, prepared positions.
    pub defences: f32,
    /// Most men per side that can fight at once on this ground.
    pub frontage_men: u32,
    /// Most tanks per side that can fight at once.
    pub frontage_tanks: u32,
    /// An encircled defender cannot retreat: when broken, it surrenders.
    pub encircled: bool,
    pub start_hour: u8,
    pub max_hours: u32,
    pub attacker: BattleSide,
    pub defender: BattleSide,
}

/// The constants of the model, kept together so calibration is one place.
pub mod model {
    /// Casualties inflicted per point of fire per hour.
    pub const LETHAL_RATE: f32 = 0.075;
    /// Morale lost per unit of casualties as a share of the side's starting men.
    pub const MORALE_PER_LOSS: f32 = 0.95;
    /// Morale lost per hour for each unit of enemy fire over own fire.
    pub const MORALE_PER_ODDS: f32 = 0.02;
    /// A side breaks when its morale falls below this.
    pub const BREAK_AT: f32 = 0.15;
    /// Hourly spread of fire: uniform in 1 ± this.
    pub const LUCK: f32 = 0.3;
    /// Share of a retreating broken side's fighting men lost as prisoners.
    pub const RETREAT_CAPTURED: f32 = 0.1;
    /// Share of casualties that are taken prisoner while the fighting goes on.
    pub const CAPTURED_IN_FIGHT: f32 = 0.02;
    /// Tank losses per point of enemy fire, relative to men's losses.
    pub const TANK_LOSS_RATE: f32 = 0.0012;
    /// Share of an encircled side's wounded who die when its position is stormed:
    /// nobody evacuates them, and the fight for the last buildings gives no quarter.
    pub const STORMED_WOUNDED_DIE: f32 = 0.85;
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Losses {
    pub killed: u32,
    pub wounded: u32,
    pub captured: u32,
    pub tanks_destroyed: u32,
    pub tanks_captured: u32,
}

impl Losses {
    fn add(&mut self, o: &Losses) {
        self.killed += o.killed;
        self.wounded += o.wounded;
        self.captured += o.captured;
        self.tanks_destroyed += o.tanks_destroyed;
        self.tanks_captured += o.tanks_captured;
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitOutcome {
    pub id: UnitId,
    pub men: u32,
    pub tanks: u32,
    pub losses: Losses,
    /// Men still fighting (or retreated) at the end: men − killed − wounded − captured.
    pub survivors: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Winner {
    Attacker,
    Defender,
    Draw,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommanderFate {
    Unhurt,
    Killed,
    Captured,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideReport {
    pub name: String,
    pub faction: String,
    pub commanders: Vec<(FigureId, CommanderFate)>,
    pub men: u32,
    pub tanks: u32,
    pub losses: Losses,
    pub units: Vec<UnitOutcome>,
    pub broken: bool,
    pub surrendered: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BattleReport {
    pub id: String,
    pub name: String,
    pub site: String,
    pub hours: u32,
    pub end_hour: u32,
    pub winner: Winner,
    pub attacker: SideReport,
    pub defender: SideReport,
    /// Each side's fighting men at the end of every hour, for the strength plot.
    pub strength_by_hour: Vec<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LiveUnit {
    men: f32,
    tanks: f32,
    start_men: u32,
    start_tanks: u32,
    killed: f32,
    wounded: f32,
    captured: f32,
    tanks_destroyed: f32,
    tanks_captured: f32,
    fire_per_man: f32,
    fire_per_tank: f32,
    lethality: f32,
    quality: f32,
    supply: f32,
    morale: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LiveSide {
    units: Vec<LiveUnit>,
    start_men: f32,
    morale: f32,
    broken: bool,
    surrendered: bool,
    commanders: Vec<(FigureId, CommanderFate)>,
}

impl LiveSide {
    fn new(side: &BattleSide) -> Self {
        let units: Vec<LiveUnit> = side
            .units
            .iter()
            .map(|u| LiveUnit {
                men: u.men as f32,
                tanks: u.tanks as f32,
                start_men: u.men,
                start_tanks: u.tanks,
                killed: 0.0,
                wounded: 0.0,
                captured: 0.0,
                tanks_destroyed: 0.0,
                tanks_captured: 0.0,
                fire_per_man: u.kind.fire_per_man,
                fire_per_tank: u.kind.fire_per_tank,
                lethality: u.kind.lethality.clamp(0.0, 1.0),
                quality: u.quality.unwrap_or(u.kind.quality).clamp(0.0, 1.5),
                supply: u.supply.clamp(0.0, 1.0),
                morale: u.morale.unwrap_or(u.kind.morale).clamp(0.0, 1.0),
            })
            .collect();
        let start_men: f32 = units.iter().map(|u| u.men).sum();
        // Side morale: the men-weighted mean of its units'.
        let morale = if start_men > 0.0 {
            units.iter().map(|u| u.morale * u.men).sum::<f32>() / start_men
        } else {
            0.0
        };
        Self {
            units,
            start_men,
            morale,
            broken: start_men <= 0.0,
            surrendered: false,
            commanders: side
                .commanders
                .iter()
                .map(|c| (c.clone(), CommanderFate::Unhurt))
                .collect(),
        }
    }

    fn men(&self) -> f32 {
        self.units.iter().map(|u| u.men).sum()
    }

    fn tanks(&self) -> f32 {
        self.units.iter().map(|u| u.tanks).sum()
    }

    /// Fire this hour, limited by frontage, and the mean lethality of that fire.
    fn fire(&self, frontage_men: f32, frontage_tanks: f32) -> (f32, f32) {
        let men = self.men();
        let tanks = self.tanks();
        let men_share = if men > frontage_men {
            frontage_men / men
        } else {
            1.0
        };
        let tank_share = if tanks > frontage_tanks {
            frontage_tanks / tanks
        } else {
            1.0
        };
        let mut fire = 0.0;
        let mut lethal = 0.0;
        for u in &self.units {
            let f = (u.men * men_share * u.fire_per_man + u.tanks * tank_share * u.fire_per_tank)
                * u.quality
                * (0.5 + 0.5 * u.supply);
            fire += f;
            lethal += f * u.lethality;
        }
        let morale_factor = 0.5 + 0.5 * self.morale;
        (
            fire * morale_factor,
            if fire > 0.0 { lethal / fire } else { 0.0 },
        )
    }

    /// Spreads `casualties` and `tank_losses` over the units by their men and tanks.
    fn take_losses(&mut self, casualties: f32, lethality: f32, tank_losses: f32) {
        let men = self.men();
        let tanks = self.tanks();
        let casualties = casualties.min(men);
        let tank_losses = tank_losses.min(tanks);
        for u in &mut self.units {
            if men > 0.0 {
                let c = casualties * u.men / men;
                let captured = c * model::CAPTURED_IN_FIGHT;
                let killed = (c - captured) * lethality;
                u.killed += killed;
                u.captured += captured;
                u.wounded += c - captured - killed;
                u.men = (u.men - c).max(0.0);
            }
            if tanks > 0.0 {
                let t = tank_losses * u.tanks / tanks;
                u.tanks_destroyed += t;
                u.tanks = (u.tanks - t).max(0.0);
            }
        }
    }

    fn losses_so_far(&self) -> f32 {
        self.units
            .iter()
            .map(|u| u.killed + u.wounded + u.captured)
            .sum()
    }

    /// The end for a broken side: an encircled one surrenders everything it has left;
    /// one that can retreat loses some prisoners and leaves its tanks' share behind.
    fn collapse(&mut self, encircled: bool) {
        for u in &mut self.units {
            if encircled {
                let die = u.wounded * model::STORMED_WOUNDED_DIE;
                u.wounded -= die;
                u.killed += die;
            }
            let (men, tanks) = if encircled {
                (u.men, u.tanks)
            } else {
                (
                    u.men * model::RETREAT_CAPTURED,
                    u.tanks * model::RETREAT_CAPTURED,
                )
            };
            u.captured += men;
            u.men -= men;
            u.tanks_captured += tanks;
            u.tanks -= tanks;
        }
        self.surrendered = encircled;
        for c in &mut self.commanders {
            if c.1 == CommanderFate::Unhurt && encircled {
                c.1 = CommanderFate::Captured;
            }
        }
    }

    fn report(&self, side: &BattleSide) -> SideReport {
        let mut total = Losses::default();
        let units: Vec<UnitOutcome> = self
            .units
            .iter()
            .zip(&side.units)
            .map(|(u, def)| {
                let losses = round_losses(u);
                total.add(&losses);
                UnitOutcome {
                    id: def.id.clone(),
                    men: u.start_men,
                    tanks: u.start_tanks,
                    survivors: u.start_men - losses.killed - losses.wounded - losses.captured,
                    losses,
                }
            })
            .collect();
        SideReport {
            name: side.name.clone(),
            faction: side.faction.clone(),
            commanders: self.commanders.clone(),
            men: side.units.iter().map(|u| u.men).sum(),
            tanks: side.units.iter().map(|u| u.tanks).sum(),
            losses: total,
            units,
            broken: self.broken,
            surrendered: self.surrendered,
        }
    }
}

/// Whole numbers that add up: killed, wounded and captured never exceed the men.
fn round_losses(u: &LiveUnit) -> Losses {
    let cap = u.start_men;
    let killed = (u.killed.round() as u32).min(cap);
    let wounded = (u.wounded.round() as u32).min(cap - killed);
    let captured = (u.captured.round() as u32).min(cap - killed - wounded);
    let tcap = u.start_tanks;
    let tanks_destroyed = (u.tanks_destroyed.round() as u32).min(tcap);
    let tanks_captured = (u.tanks_captured.round() as u32).min(tcap - tanks_destroyed);
    Losses {
        killed,
        wounded,
        captured,
        tanks_destroyed,
        tanks_captured,
    }
}

/// A battle under way, fought an hour at a time: `new`, `step` while it is not over,
/// then `finish`. `fight` is exactly that, so a battle fought hour by hour in the world
/// and one fought whole in the sandbox agree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fight {
    setup: BattleSetup,
    a: LiveSide,
    d: LiveSide,
    /// Each side's fighting men at the start and at the end of every hour.
    strength: Vec<(u32, u32)>,
    hours: u32,
}

impl Fight {
    pub fn new(setup: &BattleSetup) -> Self {
        let a = LiveSide::new(&setup.attacker);
        let d = LiveSide::new(&setup.defender);
        let strength = vec![(a.men() as u32, d.men() as u32)];
        Self {
            setup: setup.clone(),
            a,
            d,
            strength,
            hours: 0,
        }
    }

    pub fn setup(&self) -> &BattleSetup {
        &self.setup
    }

    /// Hours fought so far.
    pub fn hours(&self) -> u32 {
        self.hours
    }

    /// A side has broken, or the day's fighting is spent.
    pub fn is_over(&self) -> bool {
        self.hours >= self.setup.max_hours || self.a.broken || self.d.broken
    }

    /// Fights one hour; false, and nothing drawn, once the battle is over.
    pub fn step(&mut self, rng: &mut ChaCha8Rng) -> bool {
        if self.is_over() {
            return false;
        }
        let setup = &self.setup;
        let (a, d) = (&mut self.a, &mut self.d);
        let fm = setup.frontage_men.max(1) as f32;
        let ft = setup.frontage_tanks.max(1) as f32;
        self.hours += 1;
        let (fire_a, leth_a) = a.fire(fm, ft);
        let (fire_d, leth_d) = d.fire(fm, ft);
        let fire_d = fire_d * setup.defences.max(0.1);
        let luck_a = 1.0 + rng.random_range(-model::LUCK..=model::LUCK);
        let luck_d = 1.0 + rng.random_range(-model::LUCK..=model::LUCK);
        let hit_d = fire_a * luck_a * model::LETHAL_RATE;
        let hit_a = fire_d * luck_d * model::LETHAL_RATE;
        let before_a = a.losses_so_far();
        let before_d = d.losses_so_far();
        // Tanks are lost to the enemy's fire in proportion to how much of the enemy
        // is armour-killing weight (tank fire) and to the tanks exposed.
        let tanks_hit_d = fire_a
            * luck_a
            * model::TANK_LOSS_RATE
            * (d.tanks() / d.men().max(1.0)).min(1.0)
            * 10.0;
        let tanks_hit_a = fire_d
            * luck_d
            * model::TANK_LOSS_RATE
            * (a.tanks() / a.men().max(1.0)).min(1.0)
            * 10.0;
        d.take_losses(hit_d, leth_a, tanks_hit_d);
        a.take_losses(hit_a, leth_d, tanks_hit_a);
        for (side, before, own_fire, enemy_fire) in [
            (&mut *a, before_a, fire_a, fire_d),
            (&mut *d, before_d, fire_d, fire_a),
        ] {
            let lost = (side.losses_so_far() - before) / side.start_men.max(1.0);
            let odds = (enemy_fire / own_fire.max(1.0) - 1.0).clamp(0.0, 4.0);
            side.morale -= lost * model::MORALE_PER_LOSS + odds * model::MORALE_PER_ODDS;
            // Commanders share the danger of their men.
            for c in &mut side.commanders {
                if c.1 == CommanderFate::Unhurt
                    && rng.random_bool(f64::from((lost * 0.6).clamp(0.0, 1.0)))
                {
                    c.1 = CommanderFate::Killed;
                }
            }
            if side.morale < model::BREAK_AT || side.men() < 1.0 {
                side.broken = true;
            }
        }
        self.strength.push((a.men() as u32, d.men() as u32));
        true
    }

    /// The report as the battle stands: losses and strength so far, no winner yet.
    pub fn report_so_far(&self) -> BattleReport {
        self.report(Winner::Draw, self.a.clone(), self.d.clone())
    }

    /// Ends the battle: the winner, and the beaten side's collapse.
    pub fn finish(self) -> BattleReport {
        let (mut a, mut d) = (self.a.clone(), self.d.clone());
        let winner = match (a.broken, d.broken) {
            (false, true) => Winner::Attacker,
            (true, false) => Winner::Defender,
            // Both broke in the same hour: the one with more men left holds the field.
            (true, true) if a.men() > d.men() => Winner::Attacker,
            (true, true) => Winner::Defender,
            (false, false) => Winner::Draw,
        };
        match winner {
            Winner::Attacker => d.collapse(self.setup.encircled),
            Winner::Defender => a.collapse(false),
            Winner::Draw => {}
        }
        self.report(winner, a, d)
    }

    fn report(&self, winner: Winner, a: LiveSide, d: LiveSide) -> BattleReport {
        let setup = &self.setup;
        BattleReport {
            id: setup.id.clone(),
            name: setup.name.clone(),
            site: setup.site.clone(),
            hours: self.hours,
            end_hour: u32::from(setup.start_hour) + self.hours,
            winner,
            attacker: a.report(&setup.attacker),
            defender: d.report(&setup.defender),
            strength_by_hour: self.strength.clone(),
        }
    }
}

/// Fights a battle to its end. Same setup and same stream state give the same report.
pub fn fight(setup: &BattleSetup, rng: &mut ChaCha8Rng) -> BattleReport {
    let mut f = Fight::new(setup);
    while f.step(rng) {}
    f.finish()
}

impl BattleReport {
    /// One line for the chronicle: who, how many, how long, and the dead.
    /// The battle in one sentence for the chronicle, from the content's templates.
    pub fn summary_line(
        &self,
        templates: &crate::scenario::chronicle::ChronicleTemplates,
    ) -> String {
        use crate::scenario::chronicle::Line;
        let line = if self.winner == Winner::Attacker {
            Line::BattleWon
        } else {
            Line::BattleRepulsed
        };
        let n = |v: u32| v.to_string();
        templates.sentence(
            line,
            &[
                ("battle", &self.name),
                ("attacker_men", &n(self.attacker.men)),
                ("attacker_tanks", &n(self.attacker.tanks)),
                ("defender_men", &n(self.defender.men)),
                ("hours", &n(self.hours)),
                ("attacker_dead", &n(self.attacker.losses.killed)),
                ("defender_dead", &n(self.defender.losses.killed)),
            ],
        )
    }
}
