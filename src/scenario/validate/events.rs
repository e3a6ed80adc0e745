//! Events: unique ids, sane numbers, every id their conditions and effects name, and
//! chains of follow-ups that never loop.

use super::known::Known;
use super::{Ctx, dupes};
use crate::scenario::diagnostics::suggest;
use crate::scenario::events::Effect;
use crate::scenario::load::Content;
use crate::scenario::schema::ScenarioDef;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The event kinds the settings know how to treat.
pub const EVENT_KINDS: [&str; 5] = ["politics", "plot", "purge", "war", "personal"];

/// Events: unique ids, sane numbers, and every id their conditions and effects name.
pub(super) fn validate_events(content: &Content, cx: &mut Ctx, known: &Known) {
    let db = &content.common;
    for id in dupes(db.events.iter().map(|e| e.id.as_str())) {
        cx.at(
            &event_file(content, id),
            id,
            format!("duplicate event id `{id}`"),
            None,
        );
    }
    let scenarios = &known.scenarios;
    for ev in &db.events {
        let file = event_file(content, &ev.id);
        // A scenario file checked alone: events of its sibling scenarios are checked
        // for the database's ids only.
        let elsewhere = !ev.scenarios.is_empty()
            && ev.scenarios.iter().all(|s| {
                !scenarios.contains_key(s.as_str()) && content.known_scenarios.contains(s)
            });
        let mut err = |needle: &str, msg: String, suggestion: Option<String>| {
            cx.at(
                &file,
                needle,
                format!("event `{}`: {msg}", ev.id),
                suggestion,
            );
        };
        let in_play: Vec<&ScenarioDef> = if ev.scenarios.is_empty() {
            scenarios.values().copied().collect()
        } else {
            ev.scenarios
                .iter()
                .filter_map(|s| scenarios.get(s.as_str()).copied())
                .collect()
        };
        for s in &ev.scenarios {
            if !scenarios.contains_key(s.as_str()) && !content.known_scenarios.contains(s) {
                err(
                    s,
                    format!("no scenario `{s}`"),
                    suggest(s, scenarios.keys().copied()),
                );
            }
        }
        // `{institution:ID}` in any text the event shows or writes names a known body.
        let chronicled = ev
            .options
            .iter()
            .flat_map(|o| &o.effects)
            .filter_map(|e| match e {
                Effect::Chronicle(t) => Some(t.as_str()),
                _ => None,
            });
        let texts = [ev.title.as_str(), ev.text.as_str()]
            .into_iter()
            .chain(ev.options.iter().map(|o| o.text.as_str()))
            .chain(chronicled);
        if ev.title.contains("{institution:") {
            err(
                "{institution:",
                "a title is shown in lists that know no day: name the body in the text".to_string(),
                None,
            );
        }
        for text in texts {
            for id in text.split("{institution:").skip(1) {
                let id = id.split('}').next().unwrap_or_default();
                if !known.institutions.contains(id) {
                    err(
                        &format!("{{institution:{id}"),
                        format!("no institution `{id}` to name in its text"),
                        suggest(id, known.institutions.iter().copied()),
                    );
                }
            }
        }
        if !EVENT_KINDS.contains(&ev.kind.as_str()) {
            err(
                &ev.kind,
                format!(
                    "kind `{}` is not one of {}",
                    ev.kind,
                    EVENT_KINDS.join(", ")
                ),
                suggest(&ev.kind, EVENT_KINDS.iter().copied()),
            );
        }
        if let Some(side) = &ev.side
            && !elsewhere
            && !in_play
                .iter()
                .any(|s| s.sides.iter().any(|x| &x.id == side))
        {
            err(
                side.as_str(),
                format!("no side `{side}` in its scenarios"),
                None,
            );
        }
        if [ev.side.is_some(), ev.ruling_side, ev.army_side]
            .iter()
            .filter(|c| **c)
            .count()
            > 1
        {
            err(
                &ev.id,
                "names more than one of `side`, `ruling_side: true` and `army_side: true`; one chooser only".into(),
                None,
            );
        }
        if ev.options.is_empty() {
            err(&ev.id, "has no options; it needs at least one".into(), None);
        }
        for id in dupes(ev.options.iter().map(|o| o.id.as_str())) {
            err(id, format!("two options are called `{id}`"), None);
        }
        let t = &ev.trigger;
        if let (Some(a), Some(b)) = (t.after, t.before)
            && b < a
        {
            err(
                &ev.id,
                format!("its window closes ({b}) before it opens ({a})"),
                None,
            );
        }
        let mut months = Vec::new();
        t.conditions
            .iter()
            .chain(&ev.says)
            .for_each(|c| bad_months(c, &mut months));
        for m in months {
            err(&ev.id, format!("month {m} is outside 1..=12"), None);
        }
        if !(0.0..=10_000.0).contains(&t.mean_days) {
            err(
                "mean_days",
                format!("mean_days {} is outside 0..=10000", t.mean_days),
                None,
            );
        }
        let mut refs: Vec<(&'static str, String)> = Vec::new();
        t.conditions
            .iter()
            .chain(&ev.says)
            .for_each(|c| c.refs(&mut refs));
        ev.figures
            .iter()
            .for_each(|f| refs.push(("figure", f.clone())));
        for o in &ev.options {
            if !(0.0..=1000.0).contains(&o.ai_weight) {
                err(
                    &o.id,
                    format!(
                        "option `{}`: ai_weight {} is outside 0..=1000",
                        o.id, o.ai_weight
                    ),
                    None,
                );
            }
            for m in &o.ai_modifiers {
                if !(0.0..=100.0).contains(&m.factor) {
                    err(
                        &o.id,
                        format!("option `{}`: factor {} is outside 0..=100", o.id, m.factor),
                        None,
                    );
                }
                m.when.refs(&mut refs);
            }
            for e in &o.effects {
                e.refs(&mut refs);
                match e {
                    Effect::StartPlot { goal, secrecy, .. } => {
                        if goal != "coup" && goal != "remove_leader" {
                            err(
                                goal,
                                format!("plot goal `{goal}` is not `coup` or `remove_leader`"),
                                suggest(goal, ["coup", "remove_leader"]),
                            );
                        }
                        if !(0.0..=1.0).contains(secrecy) {
                            err(
                                goal,
                                format!("plot secrecy {secrecy} is outside 0..=1"),
                                None,
                            );
                        }
                    }
                    Effect::Battle { id, start_hour, .. } if *start_hour > 23 => {
                        err(
                            id,
                            format!("battle `{id}` starts at hour {start_hour}; 0..=23"),
                            None,
                        );
                    }
                    Effect::FireEvent { event, days } => {
                        if *days == 0 {
                            err(
                                event,
                                format!(
                                    "fires `{event}` after days 0; a follow-up waits at least 1 day"
                                ),
                                None,
                            );
                        }
                        if let Some(target) = db.events.iter().find(|t| &t.id == event)
                            && let Some(msg) = follow_up_mismatch(ev, target, *days)
                        {
                            err(event, msg, None);
                        }
                    }
                    _ => {}
                }
            }
        }
        for (kind, id) in refs {
            let (ok, names) = known.lookup(kind, &id, &in_play);
            let ok = ok || (elsewhere && matches!(kind, "side" | "unit"));
            if !ok {
                let hint = suggest(&id, names.iter().map(String::as_str));
                err(&id, format!("no {} `{id}`", kind.replace('_', " ")), hint);
            }
        }
    }
}

/// Why a follow-up fired by `ev` after `days` could happen where or when it does not
/// belong: in a scenario that is not its own (where its side and figures may not
/// exist), or after its window has closed. Follow-ups skip their trigger, so this is
/// the only check.
fn follow_up_mismatch(
    ev: &crate::scenario::events::EventDef,
    target: &crate::scenario::events::EventDef,
    days: u32,
) -> Option<String> {
    if !target.scenarios.is_empty() {
        let outside: Vec<&str> = if ev.scenarios.is_empty() {
            vec!["any scenario"]
        } else {
            ev.scenarios
                .iter()
                .filter(|s| !target.scenarios.contains(s))
                .map(String::as_str)
                .collect()
        };
        if !outside.is_empty() {
            return Some(format!(
                "fires `{}`, which belongs to {} only, from {}",
                target.id,
                target.scenarios.join(", "),
                outside.join(", ")
            ));
        }
    }
    let days = i64::from(days.max(1));
    if let (Some(from), Some(closes)) = (ev.trigger.after, target.trigger.before)
        && from.add_days(days) > closes
    {
        return Some(format!(
            "fires `{}` on {} at the earliest, after its window closes ({closes})",
            target.id,
            from.add_days(days)
        ));
    }
    None
}

/// The file an event came from: the mod's, or the shipped events file that names it.
pub(super) fn event_file(content: &Content, id: &str) -> PathBuf {
    if let Some(p) = content.origins.get(&("event".to_string(), id.to_string())) {
        return p.clone();
    }
    let needle = format!("\"{id}\"");
    content
        .sources
        .texts
        .iter()
        .find(|(p, t)| p.parent().is_some_and(|d| d.ends_with("events")) && t.contains(&needle))
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| PathBuf::from("scenarios/events"))
}

/// Chains that loop: an event that, through follow-ups and battles' outcomes, fires
/// itself again would run for ever.
pub(super) fn validate_chains(content: &Content, cx: &mut Ctx) {
    let db = &content.common;
    let next: BTreeMap<&str, Vec<&str>> = db
        .events
        .iter()
        .map(|e| {
            let to = e
                .options
                .iter()
                .flat_map(|o| o.effects.iter())
                .flat_map(|x| match x {
                    Effect::FireEvent { event, .. } => vec![event.as_str()],
                    Effect::Battle {
                        on_win, on_loss, ..
                    } => on_win.iter().chain(on_loss).map(String::as_str).collect(),
                    _ => Vec::new(),
                })
                .collect();
            (e.id.as_str(), to)
        })
        .collect();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for start in next.keys() {
        // Depth-first from each event, looking for a way back to it.
        let mut stack: Vec<Vec<&str>> = vec![vec![start]];
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        while let Some(path) = stack.pop() {
            let at = *path.last().unwrap_or(start);
            for n in next.get(at).into_iter().flatten() {
                if n == start {
                    if path.iter().all(|p| !reported.contains(p)) {
                        let chain = path
                            .iter()
                            .chain(std::iter::once(start))
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" → ");
                        cx.at(
                            &event_file(content, start),
                            start,
                            format!("event chain loops: {chain}"),
                            Some("end the chain with an event that fires nothing, or guard a step with a flag".into()),
                        );
                        reported.extend(path.iter().copied());
                    }
                } else if seen.insert(n) {
                    let mut p = path.clone();
                    p.push(n);
                    stack.push(p);
                }
            }
        }
    }
}

/// The months outside 1..=12 that a `Month` condition names, however deep.
fn bad_months(c: &crate::scenario::events::Condition, out: &mut Vec<u8>) {
    use crate::scenario::events::Condition::*;
    match c {
        All(v) | Any(v) => v.iter().for_each(|c| bad_months(c, out)),
        Not(c) => bad_months(c, out),
        Month(ms) => out.extend(ms.iter().filter(|m| !(1..=12).contains(*m))),
        _ => {}
    }
}
