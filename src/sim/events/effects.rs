//! What an event's option does to the world, and its description for tooltips.

use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::scenario::events::{Effect, EventDef};
use crate::scenario::schema::ScenarioData;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::{ChronicleKind, note, note_line as line};
use crate::sim::forces::battles::BattleSide;
use crate::sim::forces::staging::{BattlePlan, Staged, stage_battle};
use crate::sim::forces::under_way::BattleCause;
use crate::sim::forces::units::{Region, Unit, UnitState};
use crate::sim::intrigue::plots::{Plot, PlotGoal};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, FigureStatus, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::spawn::SimEntity;
use bevy::prelude::*;
use std::collections::BTreeSet;

use super::battles::battle_decided;
use super::conditions::{free_factions, standing};
use super::*;
use crate::sim::politics::ruler::{Ruler, refresh_if_ruling};

pub(crate) fn figure_name(data: &ScenarioData, id: &str) -> String {
    data.figure(id)
        .map_or_else(|| id.to_string(), |f| f.name.clone())
}

pub(crate) fn with_standing(world: &mut World, id: &str, f: impl FnOnce(&mut Standing)) {
    let Some(e) = world.resource::<Ids>().figures.get(id).copied() else {
        return;
    };
    if let Some(mut s) = world.get_mut::<Standing>(e) {
        f(&mut s);
    }
}

/// The free members of a faction, by id in order.
fn members(world: &mut World, faction: &str) -> Vec<String> {
    free_factions(world)
        .into_iter()
        .filter(|(_, f)| f == faction)
        .map(|(id, _)| id)
        .collect()
}

/// Carries out one effect.
pub fn apply(world: &mut World, data: &ScenarioData, ev: &EventDef, e: &Effect) {
    use Effect::*;
    let date = world.resource::<Calendar>().date;
    match e {
        Loyalty {
            figure,
            faction,
            by,
        } => with_standing(world, figure, |s| {
            let v = s.loyalty.entry(faction.clone().into()).or_default();
            *v = (*v + by).clamp(-100.0, 100.0);
        }),
        Popularity { figure, by } => with_standing(world, figure, |s| {
            s.popularity = (s.popularity + by).clamp(0.0, 100.0);
        }),
        Fear { figure, by } => with_standing(world, figure, |s| {
            s.fear = (s.fear + by).clamp(0.0, 100.0);
        }),
        Paranoia(by) => world
            .resource_mut::<crate::sim::intrigue::paranoia::Paranoia>()
            .add(date, ev.title.clone(), *by),
        Suspicion { figure, by } => {
            let mut s = world.resource_mut::<crate::sim::intrigue::paranoia::Suspicion>();
            let v = s.0.entry(figure.clone()).or_default();
            *v = (*v + by).clamp(0.0, 100.0);
        }
        Unrest { region, by } => {
            for mut r in world.query::<&mut Region>().iter_mut(world) {
                if &r.id == region {
                    r.unrest = (r.unrest + by).clamp(0.0, 100.0);
                }
            }
        }
        JoinFaction { figure, faction } => {
            let mut changed = false;
            with_standing(world, figure, |s| {
                if s.status.can_act() && s.faction.as_ref().map(FactionId::as_str) != Some(faction)
                {
                    s.faction = Some(faction.as_str().into());
                    let v = s.loyalty.entry(faction.clone().into()).or_default();
                    *v = v.max(60.0);
                    changed = true;
                }
            });
            if changed {
                let faction_name = data
                    .faction(faction)
                    .map_or(faction.as_str(), |f| f.name.as_str());
                let name = figure_name(data, figure);
                line(
                    world,
                    data,
                    Line::GoesOver,
                    &[("figure", &name), ("faction", faction_name)],
                    vec![figure.clone()],
                );
            }
        }
        Appoint {
            figure,
            office,
            replace,
        } => {
            let free = standing(world, figure).is_some_and(|s| s.status.can_act());
            let Some(oe) = world.resource::<Ids>().offices.get(office).copied() else {
                return;
            };
            let Some(mut o) = world.get_mut::<Office>(oe) else {
                return;
            };
            if !free || o.holders.iter().any(|h| h == figure) {
                return;
            }
            if *replace {
                o.holders.clear();
            }
            if (o.holders.len() as u32) < o.seats {
                o.holders.push(figure.as_str().into());
                let (name, office_name) = (figure_name(data, figure), o.name.clone());
                line(
                    world,
                    data,
                    Line::TakesPost,
                    &[("figure", &name), ("office", &office_name)],
                    vec![figure.clone()],
                );
                refresh_if_ruling(world, office);
            }
        }
        Dismiss { figure, office } => {
            if let Some(oe) = world.resource::<Ids>().offices.get(office).copied()
                && let Some(mut o) = world.get_mut::<Office>(oe)
            {
                o.holders.retain(|h| h != figure);
            }
            refresh_if_ruling(world, office);
        }
        Arrest(figure) => {
            let mut taken = false;
            with_standing(world, figure, |s| {
                if s.status.can_act() {
                    s.status = FigureStatus::Arrested;
                    taken = true;
                }
            });
            if taken {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.arrests += 1;
                r.awaiting_trial.insert(figure.clone().into(), date);
                let name = figure_name(data, figure);
                line(
                    world,
                    data,
                    Line::Arrested,
                    &[("figure", &name)],
                    vec![figure.clone()],
                );
            }
        }
        Release(figure) => {
            let mut freed = false;
            with_standing(world, figure, |s| {
                if !s.status.is_dead() && !s.status.can_act() {
                    s.status = FigureStatus::Free;
                    freed = true;
                }
            });
            if freed {
                world
                    .resource_mut::<PurgeRecord>()
                    .awaiting_trial
                    .remove(figure);
                let name = figure_name(data, figure);
                line(
                    world,
                    data,
                    Line::SetFree,
                    &[("figure", &name)],
                    vec![figure.clone()],
                );
            }
        }
        SetStatus { figure, status } => {
            let mut was = None;
            with_standing(world, figure, |s| {
                if !s.status.is_dead() && s.status != *status {
                    was = Some(s.status);
                    s.status = *status;
                }
            });
            if was.is_some() {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.awaiting_trial.remove(figure);
                if *status == FigureStatus::Executed {
                    r.executions += 1;
                }
            }
        }
        StartPlot {
            organiser,
            goal,
            members,
            secrecy,
            progress,
            public,
        } => {
            let free = standing(world, organiser).is_some_and(|s| s.status.can_act());
            if !free {
                return;
            }
            let n = {
                let mut r = world.resource_mut::<PurgeRecord>();
                r.plots_formed += 1;
                r.plots_formed
            };
            let plot = Plot {
                id: format!("plot_{n}"),
                goal: if goal == "coup" {
                    PlotGoal::Coup
                } else {
                    PlotGoal::RemoveLeader
                },
                organiser: organiser.clone().into(),
                members: members.iter().map(FigureId::from).collect(),
                secrecy: secrecy.clamp(0.0, 1.0),
                progress: progress.clamp(0.0, 100.0),
                exposure: 0.0,
                started: date,
                state: crate::sim::intrigue::plots::PlotState::Active,
                public: *public,
            };
            world.spawn((SimEntity, plot));
        }
        SpawnUnit(u) => {
            let exists = world.query::<&Unit>().iter(world).any(|x| x.id == u.id);
            if exists {
                return;
            }
            let known = u
                .commander
                .as_ref()
                .is_some_and(|c| world.resource::<Ids>().figures.contains_key(c));
            world.spawn((
                SimEntity,
                crate::sim::forces::units::unit_bundle(data, u, known, date),
            ));
            world
                .resource_mut::<EventState>()
                .spawned_units
                .push(u.clone());
        }
        MoveUnit { unit, to } => {
            if let Err(why) = crate::sim::forces::movement::order_march(world, unit, to) {
                line(
                    world,
                    data,
                    Line::OrdersFail,
                    &[("unit", unit), ("reason", &why)],
                    vec![],
                );
            }
        }
        Mobilise(unit) => {
            for (u, mut s) in world.query::<(&Unit, &mut UnitState)>().iter_mut(world) {
                if &u.id == unit {
                    s.morale = s.morale.max(0.9);
                    s.supply = 1.0;
                }
            }
        }
        SetCommander { unit, figure } => {
            for (u, mut s) in world.query::<(&Unit, &mut UnitState)>().iter_mut(world) {
                if &u.id == unit {
                    s.commander = figure.as_deref().map(FigureId::from);
                }
            }
        }
        Battle { site, .. } => {
            let from = world
                .resource::<crate::sim::chronicle::Chronicle>()
                .entries
                .len();
            battle(world, data, ev, e);
            // The battle's lines happened at its site: the chronicle can show it on the map.
            for entry in world
                .resource_mut::<crate::sim::chronicle::Chronicle>()
                .entries
                .iter_mut()
                .skip(from)
            {
                if entry.kind == ChronicleKind::Battle {
                    entry.place = Some(site.clone());
                }
            }
        }
        Expel {
            faction,
            institution,
        } => {
            let members: BTreeSet<String> = world
                .query::<(&Figure, &Standing)>()
                .iter(world)
                .filter(|(_, s)| s.faction.as_ref().map(FactionId::as_str) == Some(faction))
                .map(|(f, _)| f.id.to_string())
                .collect();
            let mut n = 0;
            for mut o in world.query::<&mut Office>().iter_mut(world) {
                if &o.institution == institution
                    && o.holders.iter().any(|h| members.contains(h.as_str()))
                {
                    let before = o.holders.len();
                    o.holders.retain(|h| !members.contains(h.as_str()));
                    n += before - o.holders.len();
                }
            }
            if n > 0 {
                let ruling = world
                    .get_resource::<Ruler>()
                    .and_then(|r| r.office.clone())
                    .filter(|k| k.parts().is_some_and(|(i, _)| i == institution));
                if let Some(k) = ruling {
                    refresh_if_ruling(world, k.as_str());
                }
                world.resource_mut::<PurgeRecord>().expelled += n as u32;
                let inst = data
                    .common
                    .institutions
                    .iter()
                    .find(|i| &i.id == institution)
                    .map_or(institution.as_str(), |i| i.name.as_str());
                let fac = data
                    .faction(faction)
                    .map_or(faction.as_str(), |f| f.name.as_str());
                let n = n.to_string();
                line(
                    world,
                    data,
                    Line::Expelled,
                    &[("count", &n), ("faction", fac), ("institution", inst)],
                    vec![],
                );
            }
        }
        SetFlag(f) => {
            world.resource_mut::<EventState>().flags.insert(f.clone());
        }
        ClearFlag(f) => {
            world.resource_mut::<EventState>().flags.remove(f);
        }
        MakeOffer => crate::sim::politics::congress::offer_before_the_count(world),
        Chronicle(text) => {
            let text = data.named_on(text, world.resource::<Calendar>().date);
            note(world, ChronicleKind::Event, text, ev.figures.clone());
        }
        MembersPopularity { faction, by } => {
            for id in members(world, faction) {
                with_standing(world, &id, |s| {
                    s.popularity = (s.popularity + by).clamp(0.0, 100.0);
                });
            }
        }
        MembersSuspicion { faction, by } => {
            let ids = members(world, faction);
            let mut s = world.resource_mut::<crate::sim::intrigue::paranoia::Suspicion>();
            for id in ids {
                let v = s.0.entry(id).or_default();
                *v = (*v + by).clamp(0.0, 100.0);
            }
        }
        Country { quantity, by } => {
            if let Some(mut country) = world.get_resource_mut::<crate::sim::country::Country>() {
                let lines = country.decided.entry(quantity.clone()).or_default();
                match lines.iter_mut().find(|(c, _)| *c == ev.title) {
                    Some((_, a)) => *a += by,
                    None => lines.push((ev.title.clone(), *by)),
                }
            }
        }
        FireEvent { event, days } => {
            let when = date.add_days(i64::from((*days).max(1)));
            let mut state = world.resource_mut::<EventState>();
            state.scheduled.push((when, event.clone()));
            state.fired_by.insert(event.clone(), ev.id.clone());
        }
    }
}

fn battle(world: &mut World, data: &ScenarioData, ev: &EventDef, e: &Effect) {
    let Effect::Battle {
        id,
        site,
        attacker,
        defender,
        attacker_allies,
        defender_allies,
        from,
        encircled,
        start_hour,
        on_win,
        on_loss,
    } = e
    else {
        return;
    };
    let date = world.resource::<Calendar>().date;
    let places = if from.is_empty() {
        data.scenario.capital.clone()
    } else {
        from.clone()
    };
    let factions = free_factions(world);
    let side_forces = |world: &mut World, lead: &String, allies: &[String]| {
        let mut units = Vec::new();
        for f in std::iter::once(lead).chain(allies) {
            units.extend(crate::sim::forces::staging::forces_at(
                world,
                f,
                &places,
                |c| factions.get(c).cloned(),
            ));
        }
        units
    };
    let attackers = side_forces(world, attacker, attacker_allies);
    let defenders = side_forces(world, defender, defender_allies);
    let site_def = data.common.sites.iter().find(|s| &s.id == site);
    let site_name = site_def.map_or(site.as_str(), |s| s.name.as_str());
    // As the content names it mid-sentence ("the dacha", a town by its bare name).
    let the_site = site_def
        .and_then(|s| s.called.clone())
        .unwrap_or_else(|| site_name.to_string());
    let commanders = |world: &mut World,
                      units: &[crate::sim::forces::battles::Combatant],
                      faction: &str,
                      allies: &[String]| {
        let ids: BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let mut c: Vec<FigureId> = world
            .query::<(&Unit, &UnitState)>()
            .iter(world)
            .filter(|(u, _)| ids.contains(u.id.as_str()))
            .filter_map(|(_, s)| s.commander.clone())
            .collect();
        c.extend(
            ev.figures
                .iter()
                .filter(|f| {
                    factions
                        .get(*f)
                        .is_some_and(|x| x == faction || allies.contains(x))
                })
                .map(FigureId::from),
        );
        c.sort();
        c.dedup();
        c
    };
    let plan = BattlePlan {
        id: format!("{id}_{}", date),
        name: site_def
            .and_then(|s| s.battle.clone())
            .unwrap_or_else(|| site_name.to_string()),
        site: site.clone(),
        encircled: *encircled,
        start_hour: *start_hour,
        attacker: BattleSide {
            name: data
                .faction(attacker)
                .map_or(attacker.clone(), |f| f.name.clone()),
            faction: attacker.clone(),
            commanders: commanders(world, &attackers, attacker, attacker_allies),
            units: attackers,
        },
        defender: BattleSide {
            name: data
                .faction(defender)
                .map_or(defender.clone(), |f| f.name.clone()),
            faction: defender.clone(),
            commanders: commanders(world, &defenders, defender, defender_allies),
            units: defenders,
        },
    };
    let cause = BattleCause::Event {
        id: id.clone(),
        on_win: on_win.clone(),
        on_loss: on_loss.clone(),
        figures: ev.figures.clone(),
    };
    match stage_battle(world, plan, cause) {
        Staged::NoAttack => {
            let vars = [("site", the_site.as_str())];
            line(world, data, Line::NoAttack, &vars, ev.figures.clone());
            battle_decided(world, data, id, false, on_win, on_loss);
        }
        Staged::Undefended => {
            let text = data
                .common
                .chronicle
                .sentence(Line::Undefended, &[("site", &the_site)]);
            // The site may open the sentence in lower case ("the dacha").
            let text = text[..1].to_uppercase() + &text[1..];
            note(world, ChronicleKind::Battle, text, ev.figures.clone());
            battle_decided(world, data, id, true, on_win, on_loss);
        }
        // The battle is under way: its end decides (`after_event_battles`).
        Staged::Begun => {}
    }
}
