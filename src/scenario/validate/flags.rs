//! Flags that something sets and nothing reads: a choice whose consequence was never
//! written. A warning, placed at the flag. The flags that say a state of things rather
//! than a choice (a policy's `policy_<option>`, a pressure's
//! `country_<quantity>_<pressure>`, a battle's `<id>_won`) are offered to events, not
//! promised to them, and are not checked.

use super::Ctx;
use super::events::event_file;
use crate::scenario::events::{Condition, Effect};
use crate::scenario::load::Content;
use std::collections::BTreeSet;
use std::path::Path;

pub(super) fn validate_flags(content: &Content, cx: &mut Ctx, common_dir: &Path) {
    let read = flags_read(content);
    let db = &content.common;
    let unread = |e: &Effect| match e {
        Effect::SetFlag(f) if !read.contains(f.as_str()) => Some(f.clone()),
        _ => None,
    };
    let message = |f: &str| {
        format!(
            "the flag `{f}` is set here and read by nothing (no event, victory, policy, history, country term, reckoning or foreign power asks `Flag(\"{f}\")`)"
        )
    };
    for ev in &db.events {
        let file = event_file(content, &ev.id);
        let anchor = format!("\"{}\"", ev.id);
        for f in ev
            .options
            .iter()
            .flat_map(|o| o.effects.iter().filter_map(unread))
        {
            cx.warn_after(&file, Some(&anchor), &f, message(&f));
        }
    }
    // A policy's options set and clear `policy_<option>` by the policies' own convention
    // (common/policies.ron): the line in force, offered to any event that asks.
    let country = common_dir.join("country.ron");
    for q in &db.quantities {
        let anchor = format!("\"{}\"", q.id);
        for f in q
            .pressures
            .iter()
            .flat_map(|p| p.effects.iter().filter_map(unread))
        {
            cx.warn_after(&country, Some(&anchor), &f, message(&f));
        }
    }
}

/// Every flag some condition of the content asks for.
fn flags_read(content: &Content) -> BTreeSet<&str> {
    let db = &content.common;
    let mut conditions: Vec<&Condition> = Vec::new();
    for ev in &db.events {
        conditions.extend(ev.trigger.conditions.iter());
        for o in &ev.options {
            conditions.extend(o.ai_modifiers.iter().map(|m| &m.when));
        }
    }
    for (_, s) in &content.scenarios {
        conditions.extend(s.sides.iter().flat_map(|side| side.victory.iter()));
    }
    conditions.extend(db.history.iter().map(|m| &m.holds));
    conditions.extend(
        db.quantities
            .iter()
            .flat_map(|q| q.terms.iter().filter_map(|t| t.when.as_ref())),
    );
    if let Some(r) = &db.reckoning {
        conditions.extend(r.modifiers.iter().map(|m| &m.when));
        conditions.extend(r.terms.iter().map(|t| &t.when));
    }
    if let Some(f) = &db.foreign {
        conditions.extend(f.conditions().into_iter().map(|(_, c)| c));
    }
    let mut out = BTreeSet::new();
    for c in conditions {
        walk(c, &mut out);
    }
    out
}

fn walk<'a>(c: &'a Condition, out: &mut BTreeSet<&'a str>) {
    match c {
        Condition::All(v) | Condition::Any(v) => v.iter().for_each(|c| walk(c, out)),
        Condition::Not(c) => walk(c, out),
        Condition::Flag(f) => {
            out.insert(f.as_str());
        }
        _ => {}
    }
}
