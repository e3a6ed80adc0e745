//! Relations, policies, the historical timeline and the council's offices.

use super::{Ctx, dupes, origin};
use crate::scenario::diagnostics::suggest;
use crate::scenario::load::Content;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Whether an id of a kind exists, and the known ids when it does not.
type Lookup<'a> = dyn Fn(&str, &str) -> (bool, Vec<String>) + 'a;

/// Relations, policies, the historical timeline and the council's offices: every id they
/// name must exist, and a policy's options must make sense.
pub(super) fn validate_politics(
    content: &Content,
    cx: &mut Ctx,
    common_dir: &Path,
    lookup: &Lookup,
) {
    let check = |cx: &mut Ctx, file: &Path, what: &str, refs: Vec<(&'static str, String)>| {
        for (kind, id) in refs {
            let (ok, known) = lookup(kind, &id);
            if !ok {
                cx.at(
                    file,
                    &id,
                    format!("{what}: no {} `{id}`", kind.replace('_', " ")),
                    suggest(&id, known.iter().map(String::as_str)),
                );
            }
        }
    };
    let db = &content.common;
    // Relations have no id to trace to a mod: the file is whichever relations file holds
    // the pair, a mod's or the base game's.
    let relations_file_of = |r: &crate::scenario::schema::RelationDef| -> PathBuf {
        let (a, b) = (format!("\"{}\"", r.a), format!("\"{}\"", r.b));
        content
            .sources
            .texts
            .iter()
            .rev()
            .find(|(p, t)| p.ends_with("common/relations.ron") && t.contains(&a) && t.contains(&b))
            .map_or_else(|| common_dir.join("relations.ron"), |(p, _)| p.clone())
    };
    let mut pairs = BTreeSet::new();
    for r in &db.relations {
        let relations_file = relations_file_of(r);
        let what = format!("relation {} `{}`–`{}`", r.kind.label(), r.a, r.b);
        check(
            cx,
            &relations_file,
            &what,
            vec![("figure", r.a.to_string()), ("figure", r.b.to_string())],
        );
        if r.a == r.b {
            cx.at(
                &relations_file,
                r.a.as_str(),
                format!("{what}: a figure with himself"),
                None,
            );
        }
        let key = (
            r.a.clone().min(r.b.clone()),
            r.a.clone().max(r.b.clone()),
            r.kind,
        );
        if !pairs.insert(key) {
            cx.at(
                &relations_file,
                r.b.as_str(),
                format!("{what}: given twice"),
                None,
            );
        }
    }
    let policies_file = common_dir.join("policies.ron");
    for id in dupes(db.policies.iter().map(|p| p.id.as_str())) {
        cx.at(
            &policies_file,
            id,
            format!("duplicate policy id `{id}`"),
            None,
        );
    }
    for p in &db.policies {
        let file = origin(content, "policy", &p.id, &policies_file);
        let what = format!("policy `{}`", p.id);
        if p.options.len() < 2 {
            cx.at(
                &file,
                &p.id,
                format!("{what} needs at least two options"),
                None,
            );
        }
        for id in dupes(p.options.iter().map(|o| o.id.as_str())) {
            cx.at(
                &file,
                id,
                format!("{what}: two options are called `{id}`"),
                None,
            );
        }
        if !p.options.iter().any(|o| o.id == p.current) {
            cx.at(
                &file,
                &p.current,
                format!("{what}: `current` names no option `{}`", p.current),
                suggest(&p.current, p.options.iter().map(|o| o.id.as_str())),
            );
        }
        for o in &p.options {
            if let (Some(from), Some(until)) = (o.from, o.until)
                && until < from
            {
                cx.at(
                    &file,
                    &o.id,
                    format!(
                        "{what}, option `{}`: offered until {until}, before it is offered from {from}",
                        o.id
                    ),
                    None,
                );
            }
            let mut refs: Vec<(&'static str, String)> = Vec::new();
            o.effects.iter().for_each(|e| e.refs(&mut refs));
            for (f, v) in &o.support {
                refs.push(("faction", f.clone()));
                if !(-1.0..=1.0).contains(v) {
                    cx.at(
                        &file,
                        f,
                        format!("{what}, option `{}`: support {v} is outside -1..=1", o.id),
                        None,
                    );
                }
            }
            check(cx, &file, &format!("{what}, option `{}`", o.id), refs);
        }
    }
    let history_file = common_dir.join("history.ron");
    for id in dupes(db.history.iter().map(|m| m.id.as_str())) {
        cx.at(
            &history_file,
            id,
            format!("duplicate milestone id `{id}`"),
            None,
        );
    }
    for m in &db.history {
        let file = origin(content, "milestone", &m.id, &history_file);
        if let Some(u) = m.until
            && u < m.date
        {
            cx.at(
                &file,
                &m.id,
                format!(
                    "milestone `{}` ends ({u}) before it begins ({})",
                    m.id, m.date
                ),
                None,
            );
        }
        let mut refs: Vec<(&'static str, String)> = Vec::new();
        m.holds.refs(&mut refs);
        // Sides and units belong to scenarios; history speaks of people and offices.
        refs.retain(|(k, _)| !matches!(*k, "side" | "unit"));
        check(cx, &file, &format!("milestone `{}`", m.id), refs);
    }
    validate_start_policies(content, cx);
    for (file, sc) in &content.scenarios {
        let refs = sc
            .council
            .iter()
            .map(|o| ("office", o.to_string()))
            .collect();
        check(cx, file, &format!("scenario `{}`: council", sc.id), refs);
    }
    let country_file = common_dir.join("country.ron");
    for (what, refs) in crate::scenario::country::refs(db) {
        check(cx, &country_file, &what, refs);
    }
    let text = cx
        .content_sources
        .get(&country_file)
        .cloned()
        .unwrap_or_default();
    crate::scenario::country::validate(db, &country_file, &text, &mut cx.out);
    if let Some(r) = &db.reckoning {
        let file = common_dir.join("reckoning.ron");
        let text = cx.content_sources.get(&file).cloned().unwrap_or_default();
        let regions: Vec<String> = db.regions.iter().map(|r| r.id.to_string()).collect();
        crate::scenario::reckoning::validate(r, &regions, &file, &text, &mut cx.out);
        let mut refs = Vec::new();
        r.modifiers.iter().for_each(|m| m.when.refs(&mut refs));
        check(cx, &file, "reckoning, modifiers", refs);
        let mut refs = Vec::new();
        r.terms.iter().for_each(|t| t.when.refs(&mut refs));
        check(cx, &file, "reckoning, terms", refs);
    }
    if let Some(f) = &db.foreign {
        let file = common_dir.join("foreign.ron");
        let text = cx.content_sources.get(&file).cloned().unwrap_or_default();
        crate::scenario::foreign::validate(f, &file, &text, &mut cx.out);
        for (what, c) in f.conditions() {
            let mut refs = Vec::new();
            c.refs(&mut refs);
            check(cx, &file, &what, refs);
        }
        let questions = f.questions.iter().map(|e| ("event", e.clone())).collect();
        check(cx, &file, "questions", questions);
    }
}

/// The policies a scenario starts under: each names a policy and one of its options, and
/// the line in force on the first day must be one history had on offer that day.
fn validate_start_policies(content: &Content, cx: &mut Ctx) {
    let policies = &content.common.policies;
    for (file, sc) in &content.scenarios {
        let anchor = Some("policies:");
        for (policy, option) in &sc.policies {
            let Some(p) = policies.iter().find(|p| &p.id == policy) else {
                cx.at_after(
                    file,
                    anchor,
                    policy,
                    format!("scenario `{}`: no policy `{policy}`", sc.id),
                    suggest(policy, policies.iter().map(|p| p.id.as_str())),
                );
                continue;
            };
            if !p.options.iter().any(|o| &o.id == option) {
                cx.at_after(
                    file,
                    anchor,
                    option,
                    format!(
                        "scenario `{}`: policy `{policy}` has no option `{option}`",
                        sc.id
                    ),
                    suggest(option, p.options.iter().map(|o| o.id.as_str())),
                );
            }
        }
        for p in policies {
            let start = sc.policy_at_start(p);
            let Some(o) = p.options.iter().find(|o| o.id == start) else {
                continue;
            };
            if !o.offered_on(sc.start) {
                let (needle, anchor) = if sc.policies.contains_key(&p.id) {
                    (start, Some("policies:"))
                } else {
                    (sc.id.as_str(), None)
                };
                cx.at_after(
                    file,
                    anchor,
                    needle,
                    format!(
                        "scenario `{}` starts on {} under `{}`: `{start}`, which is offered {}; name the option in force in its `policies`",
                        sc.id,
                        sc.start,
                        p.id,
                        offered_span(o)
                    ),
                    None,
                );
            }
        }
    }
}

fn offered_span(o: &crate::scenario::schema::PolicyOptionDef) -> String {
    match (o.from, o.until) {
        (Some(f), Some(u)) => format!("from {f} until {u}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(u)) => format!("until {u}"),
        (None, None) => "always".into(),
    }
}
