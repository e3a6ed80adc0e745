//! Checks that go beyond the schema: ids that must exist, ids that must be unique,
//! dates and numbers that must make sense. Every problem found is reported.

use super::diagnostics::{Diagnostic, locate, suggest};
use super::load::Content;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Ctx<'a> {
    content_sources: &'a BTreeMap<PathBuf, String>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error placed at the first occurrence of `"needle"` in the file.
    fn at(&mut self, file: &Path, needle: &str, message: String, suggestion: Option<String>) {
        let quoted = format!("\"{needle}\"");
        let (line, col) = self
            .content_sources
            .get(file)
            .and_then(|src| locate(src, &quoted, 0).or_else(|| locate(src, needle, 0)))
            .map_or((0, 0), |(l, c, _)| (l, c));
        self.out
            .push(Diagnostic::error(file, line, col, message).with_suggestion(suggestion));
    }
}

fn dupes<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    ids.into_iter().filter(|id| !seen.insert(*id)).collect()
}

pub fn validate(content: &mut Content) {
    let common_dir = content
        .sources
        .texts
        .keys()
        .find(|p| p.ends_with("common/figures.ron"))
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("scenarios/common"));
    let figures_file = common_dir.join("figures.ron");
    let factions_file = common_dir.join("factions.ron");
    let institutions_file = common_dir.join("institutions.ron");
    let mut cx = Ctx {
        content_sources: &content.sources.texts,
        out: Vec::new(),
    };
    let db = &content.common;
    // A record a mod added or patched is reported in the mod's file.
    let origin = |kind: &str, id: &str, default: &Path| -> PathBuf {
        content
            .origins
            .get(&(kind.to_string(), id.to_string()))
            .cloned()
            .unwrap_or_else(|| default.to_path_buf())
    };

    for id in dupes(db.figures.iter().map(|f| f.id.as_str())) {
        cx.at(
            &figures_file,
            id,
            format!("duplicate figure id `{id}`"),
            None,
        );
    }
    for id in dupes(db.factions.iter().map(|f| f.id.as_str())) {
        cx.at(
            &factions_file,
            id,
            format!("duplicate faction id `{id}`"),
            None,
        );
    }
    for id in dupes(db.institutions.iter().map(|f| f.id.as_str())) {
        cx.at(
            &institutions_file,
            id,
            format!("duplicate institution id `{id}`"),
            None,
        );
    }
    for f in &db.figures {
        let figures_file = origin("figure", &f.id, &figures_file);
        if let Some(d) = f.died
            && d < f.born
        {
            cx.at(
                &figures_file,
                &f.id,
                format!("figure `{}` dies ({d}) before birth ({})", f.id, f.born),
                None,
            );
        }
        if !(1800..=2000).contains(&f.born) {
            cx.at(
                &figures_file,
                &f.id,
                format!(
                    "figure `{}` born in {}: out of range 1800..=2000",
                    f.id, f.born
                ),
                None,
            );
        }
        let s = f.skills;
        if [s.political, s.military, s.security, s.economic]
            .iter()
            .any(|v| *v > 10)
        {
            cx.at(
                &figures_file,
                &f.id,
                format!("figure `{}` has a skill above 10", f.id),
                None,
            );
        }
        for (what, v) in [("popularity", f.popularity), ("ambition", f.ambition)] {
            if !(0.0..=100.0).contains(&v) {
                cx.at(
                    &figures_file,
                    &f.id,
                    format!("figure `{}`: {what} {v} is outside 0..=100", f.id),
                    None,
                );
            }
        }
    }
    for inst in &db.institutions {
        for id in dupes(inst.offices.iter().map(|o| o.id.as_str())) {
            cx.at(
                &institutions_file,
                id,
                format!("duplicate office `{id}` in `{}`", inst.id),
                None,
            );
        }
        for o in &inst.offices {
            if let Some(k) = &o.skill
                && !["political", "military", "security", "economic"].contains(&k.as_str())
            {
                cx.at(&institutions_file, k, format!("office `{}.{}`: skill `{k}` is not political, military, security or economic", inst.id, o.id), None);
            }
            if o.seats == 0 || o.seats > 5000 {
                cx.at(
                    &institutions_file,
                    &o.id,
                    format!(
                        "office `{}.{}` has {} seats; expected 1..=5000",
                        inst.id, o.id, o.seats
                    ),
                    None,
                );
            }
            if !(0.0..=100.0).contains(&o.power) {
                cx.at(
                    &institutions_file,
                    &o.id,
                    format!(
                        "office `{}.{}` power {} is outside 0..=100",
                        inst.id, o.id, o.power
                    ),
                    None,
                );
            }
        }
    }

    let figure_ids: Vec<&str> = db.figures.iter().map(|f| f.id.as_str()).collect();
    let faction_ids: Vec<&str> = db.factions.iter().map(|f| f.id.as_str()).collect();
    let offices: BTreeMap<String, u32> = db
        .institutions
        .iter()
        .flat_map(|i| {
            i.offices
                .iter()
                .map(move |o| (format!("{}.{}", i.id, o.id), o.seats))
        })
        .collect();

    let place_ids: Vec<&str> = db
        .regions
        .iter()
        .map(|r| r.id.as_str())
        .chain(db.sites.iter().map(|s| s.id.as_str()))
        .collect();
    let unknown_figure = |cx: &mut Ctx, file: &Path, id: &str| {
        if !figure_ids.contains(&id) {
            cx.at(
                file,
                id,
                format!("unknown figure `{id}`"),
                suggest(id, figure_ids.iter().copied()),
            );
            true
        } else {
            false
        }
    };
    let unknown_faction = |cx: &mut Ctx, file: &Path, id: &str| {
        if !faction_ids.contains(&id) {
            cx.at(
                file,
                id,
                format!("unknown faction `{id}`"),
                suggest(id, faction_ids.iter().copied()),
            );
        }
    };

    for id in dupes(content.scenarios.iter().map(|(_, s)| s.id.as_str())) {
        let file = content
            .scenarios
            .iter()
            .rev()
            .find(|(_, s)| s.id == id)
            .map(|(p, _)| p.clone());
        if let Some(file) = file {
            cx.at(&file, id, format!("duplicate scenario id `{id}`"), None);
        }
    }
    for (file, s) in &content.scenarios {
        if s.end <= s.start {
            cx.at(
                file,
                &s.end.to_string(),
                format!("end date {} is not after start date {}", s.end, s.start),
                None,
            );
        }
        unknown_figure(&mut cx, file, &s.leader);
        if !(0.0..=100.0).contains(&s.paranoia) {
            cx.at(
                file,
                "paranoia",
                format!("paranoia {} is outside 0..=100", s.paranoia),
                None,
            );
        }
        if !(0.0..=3.0).contains(&s.plot_rate) {
            cx.at(
                file,
                "plot_rate",
                format!("plot_rate {} is outside 0..=3", s.plot_rate),
                None,
            );
        }
        if s.sides.is_empty() {
            cx.at(
                file,
                "sides",
                "a scenario needs at least one playable side".into(),
                None,
            );
        }
        for id in dupes(s.sides.iter().map(|x| x.id.as_str())) {
            cx.at(file, id, format!("duplicate side `{id}`"), None);
        }
        for side in &s.sides {
            unknown_faction(&mut cx, file, &side.faction);
        }
        for id in dupes(s.cast.iter().map(|c| c.figure.as_str())) {
            cx.at(
                file,
                id,
                format!("figure `{id}` appears twice in the cast"),
                None,
            );
        }
        for c in &s.cast {
            unknown_figure(&mut cx, file, &c.figure);
            if let Some(f) = &c.faction {
                unknown_faction(&mut cx, file, f);
            }
            for (f, v) in &c.loyalty {
                unknown_faction(&mut cx, file, f);
                if !(-100.0..=100.0).contains(v) {
                    cx.at(
                        file,
                        f,
                        format!(
                            "loyalty {v} of `{}` to `{f}` is outside -100..=100",
                            c.figure
                        ),
                        None,
                    );
                }
            }
            if let Some(p) = c.popularity
                && !(0.0..=100.0).contains(&p)
            {
                cx.at(
                    file,
                    &c.figure,
                    format!("popularity {p} of `{}` is outside 0..=100", c.figure),
                    None,
                );
            }
        }
        if let Some(c) = &s.congress {
            if c.vote_date < s.start || c.vote_date > s.end {
                cx.at(
                    file,
                    &c.vote_date.to_string(),
                    format!(
                        "congress vote_date {} is outside the scenario ({} to {})",
                        c.vote_date, s.start, s.end
                    ),
                    None,
                );
            }
            for f in c.delegates.keys().chain(std::iter::once(&c.commission)) {
                unknown_faction(&mut cx, file, f);
            }
            let total: f32 = c.delegates.values().sum();
            if (total - 1.0).abs() > 0.02 || c.delegates.values().any(|v| *v < 0.0) {
                cx.at(file, "delegates", format!("congress delegate shares sum to {total:.3}; they must be non-negative and sum to 1"), None);
            }
            if c.voting_delegates == 0 || c.voting_delegates > 100_000 {
                cx.at(
                    file,
                    "voting_delegates",
                    format!(
                        "voting_delegates {} is outside 1..=100000",
                        c.voting_delegates
                    ),
                    None,
                );
            }
            if !(0.0..=1.0).contains(&c.base_against) || !(0.0..=2.0).contains(&c.disapproval) {
                cx.at(
                    file,
                    "base_against",
                    "base_against must be 0..=1 and disapproval 0..=2".into(),
                    None,
                );
            }
            if !(1.0..=5.0).contains(&c.leader_blame) {
                cx.at(
                    file,
                    "leader_blame",
                    format!("leader_blame {} is outside 1..=5", c.leader_blame),
                    None,
                );
            }
            for b in c.ballot.iter().chain(&c.leadership) {
                if !offices.contains_key(b) {
                    cx.at(
                        file,
                        b,
                        format!("unknown office `{b}` in the congress's ballot or leadership"),
                        suggest(b, offices.keys().map(String::as_str)),
                    );
                }
            }
            if let Some(o) = &c.offer {
                unknown_figure(&mut cx, file, &o.candidate);
                if !offices.contains_key(&o.office) {
                    cx.at(
                        file,
                        &o.office,
                        format!("unknown office `{}`", o.office),
                        suggest(&o.office, offices.keys().map(String::as_str)),
                    );
                }
                if !s.sides.iter().any(|x| x.id == o.side) {
                    cx.at(
                        file,
                        &o.side,
                        format!("unknown side `{}`", o.side),
                        suggest(&o.side, s.sides.iter().map(|x| x.id.as_str())),
                    );
                }
            }
        }
        if let Some(o) = &s.leader_office
            && !offices.contains_key(o)
        {
            cx.at(
                file,
                o,
                format!("unknown leader_office `{o}`"),
                suggest(o, offices.keys().map(String::as_str)),
            );
        }
        if let Some(p) = &s.police
            && !db.institutions.iter().any(|i| &i.id == p)
        {
            cx.at(
                file,
                p,
                format!("unknown police institution `{p}`"),
                suggest(p, db.institutions.iter().map(|i| i.id.as_str())),
            );
        }
        for o in s.plenum.iter().filter(|o| !offices.contains_key(*o)) {
            cx.at(
                file,
                o,
                format!("unknown plenum office `{o}`"),
                suggest(o, offices.keys().map(String::as_str)),
            );
        }
        if let Some(a) = &s.army
            && !db.institutions.iter().any(|i| &i.id == a)
        {
            cx.at(
                file,
                a,
                format!("unknown army institution `{a}`"),
                suggest(a, db.institutions.iter().map(|i| i.id.as_str())),
            );
        }
        for c in &s.capital {
            if !place_ids.contains(&c.as_str()) {
                cx.at(
                    file,
                    c,
                    format!("capital place `{c}` is no region or site"),
                    suggest(c, place_ids.iter().copied()),
                );
            }
        }
        for id in dupes(s.units.iter().map(|u| u.id.as_str())) {
            cx.at(file, id, format!("duplicate unit id `{id}`"), None);
        }
        for u in &s.units {
            if !db.unit_types.iter().any(|t| t.id == u.kind) {
                cx.at(
                    file,
                    &u.kind,
                    format!("unknown unit type `{}`", u.kind),
                    suggest(&u.kind, db.unit_types.iter().map(|t| t.id.as_str())),
                );
            }
            if !place_ids.contains(&u.location.as_str()) {
                cx.at(
                    file,
                    &u.location,
                    format!(
                        "unit `{}` stands in `{}`, which is no region or site",
                        u.id, u.location
                    ),
                    suggest(&u.location, place_ids.iter().copied()),
                );
            }
            if let Some(c) = &u.commander {
                unknown_figure(&mut cx, file, c);
            }
            if !db.institutions.iter().any(|i| i.id == u.institution) {
                cx.at(
                    file,
                    &u.institution,
                    format!("unknown institution `{}`", u.institution),
                    suggest(
                        &u.institution,
                        db.institutions.iter().map(|i| i.id.as_str()),
                    ),
                );
            }
            if u.men > 200_000 || u.tanks > 5_000 {
                cx.at(
                    file,
                    &u.id,
                    format!(
                        "unit `{}` has {} men and {} tanks; at most 200000 and 5000",
                        u.id, u.men, u.tanks
                    ),
                    None,
                );
            }
            if u.quality.is_some_and(|q| !(0.0..=1.5).contains(&q))
                || u.morale.is_some_and(|m| !(0.0..=1.0).contains(&m))
            {
                cx.at(
                    file,
                    &u.id,
                    format!("unit `{}`: quality must be 0..=1.5 and morale 0..=1", u.id),
                    None,
                );
            }
        }
        for (office, holders) in &s.offices {
            let Some(seats) = offices.get(office) else {
                cx.at(
                    file,
                    office,
                    format!("unknown office `{office}` (offices are written `institution.office`)"),
                    suggest(office, offices.keys().map(String::as_str)),
                );
                continue;
            };
            if holders.len() as u32 > *seats {
                cx.at(
                    file,
                    office,
                    format!(
                        "office `{office}` has {seats} seats but {} holders",
                        holders.len()
                    ),
                    None,
                );
            }
            for h in holders {
                if unknown_figure(&mut cx, file, h) {
                    continue;
                }
                let def = db.figures.iter().find(|f| f.id == *h);
                if let Some(f) = def {
                    if f.born > s.start.year - 14 {
                        cx.at(
                            file,
                            h,
                            format!(
                                "`{h}` (born {}) is too young to hold `{office}` in {}",
                                f.born, s.start.year
                            ),
                            None,
                        );
                    }
                    if f.died.is_some_and(|d| d < s.start.year) {
                        cx.at(
                            file,
                            h,
                            format!(
                                "`{h}` died in {} and cannot hold `{office}` in {}",
                                f.died.unwrap_or_default(),
                                s.start.year
                            ),
                            None,
                        );
                    }
                }
                let status = s.cast.iter().find(|c| &c.figure == h).map(|c| c.status);
                if status.is_some_and(|st| !st.can_act()) {
                    cx.at(
                        file,
                        h,
                        format!(
                            "`{h}` starts {} and cannot hold `{office}`",
                            status.map_or("", |x| x.label())
                        ),
                        None,
                    );
                }
            }
        }
    }
    validate_places(content, &mut cx);
    validate_events(content, &mut cx, &common_dir);
    content.diagnostics.extend(cx.out);
}

/// The event kinds the settings know how to treat.
pub const EVENT_KINDS: [&str; 5] = ["politics", "plot", "purge", "war", "personal"];

/// Events: unique ids, sane numbers, and every id their conditions and effects name.
fn validate_events(content: &Content, cx: &mut Ctx, common_dir: &Path) {
    use super::events::Effect;
    let db = &content.common;
    // The file an event came from: the mod's, or the shipped events file that names it.
    let file_of = |id: &str| -> PathBuf {
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
    };
    for id in dupes(db.events.iter().map(|e| e.id.as_str())) {
        cx.at(&file_of(id), id, format!("duplicate event id `{id}`"), None);
    }
    let event_ids: BTreeSet<&str> = db.events.iter().map(|e| e.id.as_str()).collect();
    let figures: BTreeSet<&str> = db.figures.iter().map(|f| f.id.as_str()).collect();
    let factions: BTreeSet<&str> = db.factions.iter().map(|f| f.id.as_str()).collect();
    let institutions: BTreeSet<&str> = db.institutions.iter().map(|f| f.id.as_str()).collect();
    let offices: BTreeSet<String> = db
        .institutions
        .iter()
        .flat_map(|i| i.offices.iter().map(move |o| format!("{}.{}", i.id, o.id)))
        .collect();
    let regions: BTreeSet<&str> = db.regions.iter().map(|f| f.id.as_str()).collect();
    let sites: BTreeSet<&str> = db.sites.iter().map(|f| f.id.as_str()).collect();
    let unit_types: BTreeSet<&str> = db.unit_types.iter().map(|f| f.id.as_str()).collect();
    let scenarios: BTreeMap<&str, &super::schema::ScenarioDef> = content
        .scenarios
        .iter()
        .map(|(_, s)| (s.id.as_str(), s))
        .collect();
    let spawned: BTreeSet<String> = db
        .events
        .iter()
        .flat_map(|e| e.options.iter().flat_map(|o| o.effects.iter()))
        .filter_map(|e| match e {
            Effect::SpawnUnit(u) => Some(u.id.clone()),
            _ => None,
        })
        .collect();
    // Whether an id of a kind exists; the known ids (for a suggestion) are listed only
    // when it does not, since most references are good.
    let lookup =
        |kind: &str, id: &str, in_play: &[&super::schema::ScenarioDef]| -> (bool, Vec<String>) {
            let strs = |v: &mut dyn Iterator<Item = &str>| v.map(str::to_string).collect();
            let ok = match kind {
                "figure" => figures.contains(id),
                "faction" => factions.contains(id),
                "institution" => institutions.contains(id),
                "office" => offices.contains(id),
                "region" => regions.contains(id),
                "site" => sites.contains(id),
                "place" => regions.contains(id) || sites.contains(id),
                "unit_type" => unit_types.contains(id),
                "event" => event_ids.contains(id),
                "side" => in_play.iter().any(|s| s.sides.iter().any(|x| x.id == id)),
                "unit" => {
                    spawned.contains(id)
                        || in_play.iter().any(|s| s.units.iter().any(|u| u.id == id))
                }
                _ => true,
            };
            if ok {
                return (true, Vec::new());
            }
            let known = match kind {
                "figure" => strs(&mut figures.iter().copied()),
                "faction" => strs(&mut factions.iter().copied()),
                "institution" => strs(&mut institutions.iter().copied()),
                "office" => offices.iter().cloned().collect(),
                "region" => strs(&mut regions.iter().copied()),
                "site" => strs(&mut sites.iter().copied()),
                "place" => strs(&mut regions.iter().chain(sites.iter()).copied()),
                "unit_type" => strs(&mut unit_types.iter().copied()),
                "event" => strs(&mut event_ids.iter().copied()),
                "side" => in_play
                    .iter()
                    .flat_map(|s| s.sides.iter().map(|x| x.id.clone()))
                    .collect(),
                "unit" => in_play
                    .iter()
                    .flat_map(|s| s.units.iter().map(|u| u.id.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            (false, known)
        };
    for ev in &db.events {
        let file = file_of(&ev.id);
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
        let in_play: Vec<&super::schema::ScenarioDef> = if ev.scenarios.is_empty() {
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
            err(side, format!("no side `{side}` in its scenarios"), None);
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
        if !(0.0..=10_000.0).contains(&t.mean_days) {
            err(
                "mean_days",
                format!("mean_days {} is outside 0..=10000", t.mean_days),
                None,
            );
        }
        let mut refs: Vec<(&'static str, String)> = Vec::new();
        t.conditions.iter().for_each(|c| c.refs(&mut refs));
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
                    _ => {}
                }
            }
        }
        for (kind, id) in refs {
            let (ok, known) = lookup(kind, &id, &in_play);
            let ok = ok || (elsewhere && matches!(kind, "side" | "unit"));
            if !ok {
                let hint = suggest(&id, known.iter().map(String::as_str));
                err(&id, format!("no {} `{id}`", kind.replace('_', " ")), hint);
            }
        }
    }
    // Chains that loop: an event that, through follow-ups and battles' outcomes, fires
    // itself again would run for ever.
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
                            &file_of(start),
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
    let all: Vec<&super::schema::ScenarioDef> = scenarios.values().copied().collect();
    validate_politics(content, cx, common_dir, &|kind, id| lookup(kind, id, &all));
    // Sides' victory conditions, in their scenario files.
    for (file, sc) in &content.scenarios {
        for side in &sc.sides {
            let mut refs: Vec<(&'static str, String)> = Vec::new();
            side.victory.iter().for_each(|c| c.refs(&mut refs));
            for (kind, id) in refs {
                let (ok, known) = lookup(kind, &id, &[sc]);
                if !ok {
                    cx.at(
                        file,
                        &id,
                        format!(
                            "side `{}`: victory names no {} `{id}`",
                            side.id,
                            kind.replace('_', " ")
                        ),
                        suggest(&id, known.iter().map(String::as_str)),
                    );
                }
            }
        }
    }
}

/// Whether an id of a kind exists, and the known ids when it does not.
type Lookup<'a> = dyn Fn(&str, &str) -> (bool, Vec<String>) + 'a;

/// Relations, policies, the historical timeline and the council's offices: every id they
/// name must exist, and a policy's options must make sense.
fn validate_politics(content: &Content, cx: &mut Ctx, common_dir: &Path, lookup: &Lookup) {
    let origin = |kind: &str, id: &str, default: PathBuf| -> PathBuf {
        content
            .origins
            .get(&(kind.to_string(), id.to_string()))
            .cloned()
            .unwrap_or(default)
    };
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
    let relations_file_of = |r: &super::schema::RelationDef| -> PathBuf {
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
            vec![("figure", r.a.clone()), ("figure", r.b.clone())],
        );
        if r.a == r.b {
            cx.at(
                &relations_file,
                &r.a,
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
            cx.at(&relations_file, &r.b, format!("{what}: given twice"), None);
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
        let file = origin("policy", &p.id, policies_file.clone());
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
        let file = origin("milestone", &m.id, history_file.clone());
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
    for (file, sc) in &content.scenarios {
        let refs = sc.council.iter().map(|o| ("office", o.clone())).collect();
        check(cx, file, &format!("scenario `{}`: council", sc.id), refs);
    }
    let country_file = common_dir.join("country.ron");
    for (what, refs) in super::country::refs(db) {
        check(cx, &country_file, &what, refs);
    }
    let text = cx
        .content_sources
        .get(&country_file)
        .cloned()
        .unwrap_or_default();
    super::country::validate(db, &country_file, &text, &mut cx.out);
    if let Some(r) = &db.reckoning {
        let file = common_dir.join("reckoning.ron");
        let text = cx.content_sources.get(&file).cloned().unwrap_or_default();
        let regions: Vec<String> = db.regions.iter().map(|r| r.id.clone()).collect();
        super::reckoning::validate(r, &regions, &file, &text, &mut cx.out);
        let mut refs = Vec::new();
        r.modifiers.iter().for_each(|m| m.when.refs(&mut refs));
        check(cx, &file, "reckoning, modifiers", refs);
    }
}

/// Regions and sites against the map: every id must be a place the map draws.
fn validate_places(content: &Content, cx: &mut Ctx) {
    let Some(common_dir) = content
        .sources
        .texts
        .keys()
        .find(|p| p.ends_with("common/figures.ron"))
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
    else {
        return;
    };
    let map = match crate::scenario::map::MapData::load(&crate::scenario::map::map_path()) {
        Ok(m) => m,
        Err(e) => {
            cx.out.push(Diagnostic::warning(
                &common_dir.join("regions.ron"),
                0,
                0,
                format!("map not read, regions unchecked: {e}"),
            ));
            return;
        }
    };
    let regions_file = common_dir.join("regions.ron");
    let sites_file = common_dir.join("sites.ron");
    let map_regions: Vec<&str> = map.regions.iter().map(|r| r.id.as_str()).collect();
    let map_sites: Vec<&str> = map.sites.iter().map(|r| r.id.as_str()).collect();
    for id in dupes(content.common.regions.iter().map(|r| r.id.as_str())) {
        cx.at(
            &regions_file,
            id,
            format!("duplicate region id `{id}`"),
            None,
        );
    }
    for r in &content.common.regions {
        if !map_regions.contains(&r.id.as_str()) {
            cx.at(
                &regions_file,
                &r.id,
                format!("region `{}` is not on the map", r.id),
                suggest(&r.id, map_regions.iter().copied()),
            );
        }
        if !(0.0..=100.0).contains(&r.unrest) || !(0.0..=100.0).contains(&r.nkvd_presence) {
            cx.at(
                &regions_file,
                &r.id,
                format!(
                    "region `{}`: unrest and nkvd_presence must be 0..=100",
                    r.id
                ),
                None,
            );
        }
    }
    for id in dupes(content.common.sites.iter().map(|r| r.id.as_str())) {
        cx.at(&sites_file, id, format!("duplicate site id `{id}`"), None);
    }
    for site in &content.common.sites {
        if !map_sites.contains(&site.id.as_str()) {
            cx.at(
                &sites_file,
                &site.id,
                format!("site `{}` is not on the map", site.id),
                suggest(&site.id, map_sites.iter().copied()),
            );
        }
        if !(0.5..=4.0).contains(&site.defences) {
            cx.at(
                &sites_file,
                &site.id,
                format!(
                    "site `{}`: defences {} is outside 0.5..=4",
                    site.id, site.defences
                ),
                None,
            );
        }
    }
}
