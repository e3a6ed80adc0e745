//! What an event's option would do, in words, for the option's tooltip: each effect,
//! and what a flag it sets will change later (the country's terms, the reckoning).

use crate::scenario::events::Effect;
use crate::scenario::schema::ScenarioData;

use super::effects::figure_name;

/// One line per effect, for the option's tooltip, with units named as on `date`.
pub fn describe_effects(
    data: &ScenarioData,
    effects: &[Effect],
    date: crate::model::Date,
) -> String {
    let name = |id: &str| figure_name(data, id);
    let faction = |id: &str| {
        data.faction(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let office = |key: &str| {
        let (i, o) = key.split_once('.').unwrap_or((key, ""));
        data.common
            .institutions
            .iter()
            .find(|x| x.id == i)
            .and_then(|x| x.offices.iter().find(|y| y.id == o))
            .map_or_else(|| key.to_string(), |y| y.name.clone())
    };
    let signed = |v: f32| format!("{v:+.0}");
    let lines: Vec<String> = effects
        .iter()
        .filter_map(|e| {
            use Effect::*;
            Some(match e {
                Loyalty {
                    figure,
                    faction: f,
                    by,
                } => format!(
                    "{}: loyalty to {} {}",
                    name(figure),
                    faction(f),
                    signed(*by)
                ),
                Popularity { figure, by } => {
                    format!("{}: popularity {}", name(figure), signed(*by))
                }
                Fear { figure, by } => format!("{}: fear {}", name(figure), signed(*by)),
                Paranoia(by) => format!("The leader's paranoia {}", signed(*by)),
                Suspicion { figure, by } => {
                    format!("The leader's suspicion of {} {}", name(figure), signed(*by))
                }
                Unrest { region, by } => {
                    format!("Unrest in {} {}", data.place_name(region), signed(*by))
                }
                JoinFaction { figure, faction: f } => {
                    format!("{} goes over to {}", name(figure), faction(f))
                }
                Appoint {
                    figure, office: o, ..
                } => {
                    format!("{} becomes {}", name(figure), office(o))
                }
                Dismiss { figure, office: o } => {
                    format!("{} loses the post of {}", name(figure), office(o))
                }
                Arrest(f) => format!("{} is arrested", name(f)),
                Release(f) => format!("{} is set free", name(f)),
                SetStatus { figure, status } => format!("{}: {}", name(figure), status.label()),
                StartPlot {
                    organiser,
                    goal,
                    public,
                    ..
                } => format!(
                    "{} starts a plot ({}{})",
                    name(organiser),
                    if goal == "coup" { "coup" } else { "vote" },
                    if *public { ", in the open" } else { "" }
                ),
                SpawnUnit(u) => format!("{} is raised ({} men)", u.name_on(data, date), u.men),
                // A unit this run lacks (the event serves other scenarios too) is
                // untouched: nothing to tell.
                MoveUnit { unit, to } => format!(
                    "{} marches to {}",
                    data.unit_name(unit, date)?,
                    data.place_name(to)
                ),
                Mobilise(u) => format!("{} is mobilised", data.unit_name(u, date)?),
                SetCommander { unit, figure } => {
                    let unit = data.unit_name(unit, date)?;
                    match figure {
                        Some(f) => format!("{} takes command of {unit}", name(f)),
                        None => format!("{unit} loses its commander"),
                    }
                }
                Battle {
                    site,
                    attacker,
                    defender,
                    ..
                } => format!(
                    "Battle: {} attack {} at {}",
                    faction(attacker),
                    faction(defender),
                    data.place_name(site)
                ),
                FireEvent { .. } => "Something follows".into(),
                MakeOffer => "The delegates' offer is made before the count".into(),
                Expel {
                    faction: f,
                    institution,
                } => format!(
                    "{} lose their seats in the {}",
                    faction(f),
                    data.institution_name(institution)
                ),
                MembersPopularity { faction: f, by } => {
                    format!("{}: popularity {} each", faction(f), signed(*by))
                }
                MembersSuspicion { faction: f, by } => {
                    format!(
                        "The leader's suspicion of {} {} each",
                        faction(f),
                        signed(*by)
                    )
                }
                Country { quantity, by } => {
                    let q = data.common.quantities.iter().find(|q| &q.id == quantity);
                    format!(
                        "{} {} next month",
                        q.map_or(quantity.as_str(), |q| q.name.as_str()),
                        amount(*by)
                    )
                }
                SetFlag(flag) => {
                    let shown = flag_consequences(data, flag);
                    if shown.is_empty() {
                        return None;
                    }
                    shown
                }
                ClearFlag(_) | Chronicle(_) => return None,
            })
        })
        .collect();
    if lines.is_empty() {
        "No immediate effect.".into()
    } else {
        lines.join("\n")
    }
}

/// An amount as a reader wants it: whole where it is large, one decimal where it is not.
fn amount(v: f32) -> String {
    if v.abs() >= 10.0 || v.fract() == 0.0 {
        format!("{v:+.0}")
    } else {
        format!("{v:+.1}")
    }
}

/// What a flag does that a player should know before setting it: the reckoning's
/// modifiers and the country's monthly terms that read it.
fn flag_consequences(data: &ScenarioData, flag: &str) -> String {
    let reads = |c: &crate::scenario::events::Condition| mentions(c, flag);
    let mut lines: Vec<String> = Vec::new();
    for q in &data.common.quantities {
        for t in q
            .terms
            .iter()
            .filter(|t| t.when.as_ref().is_some_and(reads))
        {
            let per = t
                .per
                .as_deref()
                .map_or(String::new(), |p| format!(" per {p}"));
            lines.push(format!(
                "{}: {} a month{per} ({})",
                q.name,
                amount(t.by),
                t.cause
            ));
        }
    }
    if let Some(r) = &data.common.reckoning {
        for m in r.modifiers.iter().filter(|m| reads(&m.when)) {
            lines.push(format!("If war comes: {}", m.cause));
        }
        for t in r.terms.iter().filter(|t| reads(&t.when)) {
            lines.push(format!("In the war: {}", t.cause));
        }
    }
    lines.join("\n")
}

/// Whether a condition asks for the flag to be set (in a `Not`, it asks the opposite).
fn mentions(c: &crate::scenario::events::Condition, flag: &str) -> bool {
    use crate::scenario::events::Condition::*;
    match c {
        Flag(f) => f == flag,
        All(v) | Any(v) => v.iter().any(|c| mentions(c, flag)),
        _ => false,
    }
}
