//! Bonds between figures: relations from the data and the patronage of appointments,
//! and what a fall does to those bound to the fallen.

use super::Politics;
use super::ruler::Ruler;
use crate::model::Date;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::schema::{RelationKind, ScenarioData};
use crate::sim::Ids;
use crate::sim::chronicle::Chronicler;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::Office;
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use std::collections::BTreeSet;

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
                r.b.to_string()
            } else {
                r.a.to_string()
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
                other: other.to_string(),
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
        .map(|r| (r.a.to_string(), r.b.to_string()))
        .chain(
            politics
                .patronage
                .iter()
                .map(|(p, c, _)| (p.to_string(), c.to_string())),
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
    politics.patronage.push((ruler.into(), client.into(), date));
}

/// Whether any bond is in force: with none, the weekly bonds systems have nothing to do.
pub fn any_bonds(scenario: Res<LoadedScenario>, politics: Res<Politics>) -> bool {
    !scenario.0.common.relations.is_empty() || !politics.patronage.is_empty()
}

/// The faction of a figure who can act.
fn free_faction(ids: &Ids, figures: &Query<(&Figure, &mut Standing)>, id: &str) -> Option<String> {
    ids.figures
        .get(id)
        .and_then(|e| figures.get(*e).ok())
        .filter(|(_, s)| s.status.can_act())
        .and_then(|(_, s)| s.faction.as_ref().map(FactionId::to_string))
}

/// Weekly: a free client's loyalty follows his free patron's faction, slowly.
pub fn drift_to_patrons(
    scenario: Res<LoadedScenario>,
    ids: Res<Ids>,
    politics: Res<Politics>,
    mut figures: Query<(&Figure, &mut Standing)>,
) {
    for (patron, client) in patron_links(&scenario.0, &politics) {
        let Some(faction) = free_faction(&ids, &figures, &patron) else {
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
            let v = s.1.loyalty.entry(faction.into()).or_default();
            // `<` first: an untouched value keeps the component unchanged, so the systems
            // that wait for allegiances to change can sleep.
            if *v < 100.0 {
                *v = (*v + 0.4).min(100.0);
            }
        }
    }
}

/// Weekly: the fall of a figure frightens his kin and clients and draws the leader's eye
/// to the clients; friends of the fallen turn against the ruler's faction.
pub fn mourn_the_fallen(
    mut chronicler: Chronicler,
    scenario: Res<LoadedScenario>,
    ids: Res<Ids>,
    mut politics: ResMut<Politics>,
    mut suspicion: ResMut<crate::sim::intrigue::paranoia::Suspicion>,
    ruler: Res<Ruler>,
    mut figures: Query<(&Figure, &mut Standing)>,
) {
    let data = &scenario.0;
    let mut fallen: Vec<(String, String, crate::sim::people::FigureStatus)> = ids
        .figures
        .iter()
        .filter_map(|(id, e)| {
            let (f, s) = figures.get(*e).ok()?;
            (!s.status.can_act() && !politics.mourned.contains(id.as_str()))
                .then(|| (id.to_string(), f.name.clone(), s.status))
        })
        .collect();
    fallen.sort_by(|a, b| a.0.cmp(&b.0));
    let ruler_faction = ruler.figure().and_then(|r| free_faction(&ids, &figures, r));
    for (id, name, status) in fallen {
        politics.mourned.insert(id.clone().into());
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
                        && s.faction.as_ref().map(FactionId::as_str) != Some(rf.as_str())
                    {
                        let v = s.loyalty.entry(rf.clone().into()).or_default();
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
            chronicler.line(
                crate::scenario::chronicle::Line::FallReaches,
                &[("figure", &name), ("bound", &names.join(", "))],
                std::iter::once(id).chain(touched).collect(),
            );
        }
    }
}

/// Weekly: rivals who sit in the police feed the leader's suspicion of each other.
pub fn rivals_inform(
    scenario: Res<LoadedScenario>,
    ids: Res<Ids>,
    mut suspicion: ResMut<crate::sim::intrigue::paranoia::Suspicion>,
    figures: Query<&Standing, With<Figure>>,
    offices: Query<&Office>,
) {
    let data = &scenario.0;
    let Some(police) = data.scenario.police.as_ref().map(|p| p.as_str()) else {
        return;
    };
    let chiefs: BTreeSet<&str> = offices
        .iter()
        .filter(|o| o.institution == police)
        .flat_map(|o| o.holders.iter().map(FigureId::as_str))
        .collect();
    for r in &data.common.relations {
        if r.kind != RelationKind::Rivalry {
            continue;
        }
        for (chief, target) in [(&r.a, &r.b), (&r.b, &r.a)] {
            let free_in_faction = ids
                .figures
                .get(target)
                .and_then(|e| figures.get(*e).ok())
                .is_some_and(|s| s.status.can_act() && s.faction.is_some());
            if chiefs.contains(chief.as_str()) && free_in_faction {
                let v = suspicion.0.entry(target.to_string()).or_default();
                *v = (*v + 1.0).min(100.0);
            }
        }
    }
}
