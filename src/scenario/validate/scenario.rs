//! Scenarios: their dates, sides, cast, congress, offices and units, and the sides'
//! victory conditions.

use super::known::Known;
use super::{Ctx, dupes};
use crate::scenario::diagnostics::suggest;
use crate::scenario::load::Content;
use std::collections::BTreeMap;
use std::path::Path;

pub(super) fn validate_scenarios(content: &Content, cx: &mut Ctx) {
    let db = &content.common;
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
    // A kind whose file did not parse has no ids to check against.
    let broken = cx.broken.clone();
    let has_office = |o: &str| broken.contains("office") || offices.contains_key(o);
    let has_place = |p: &str| broken.contains("place") || place_ids.contains(&p);
    let has_type =
        |t: &str| broken.contains("unit_type") || db.unit_types.iter().any(|x| x.id == t);
    let has_institution =
        |i: &str| broken.contains("institution") || db.institutions.iter().any(|x| x.id == i);
    let unknown_figure = |cx: &mut Ctx, file: &Path, id: &str| {
        if !broken.contains("figure") && !figure_ids.contains(&id) {
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
        if !broken.contains("faction") && !faction_ids.contains(&id) {
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
        unknown_figure(cx, file, s.leader.as_str());
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
            unknown_faction(cx, file, side.faction.as_str());
            for site in &side.sites {
                if !db.sites.iter().any(|x| &x.id == site) {
                    cx.at(
                        file,
                        site,
                        format!("side `{}` guards `{site}`, which is no site", side.id),
                        suggest(site, db.sites.iter().map(|x| x.id.as_str())),
                    );
                }
            }
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
            // An entry a mod's cast patch made or changed is reported in the patch.
            let origin = super::origin(content, "cast", &format!("{}/{}", s.id, c.figure), file);
            let file = origin.as_path();
            unknown_figure(cx, file, c.figure.as_str());
            if let Some(f) = &c.faction {
                unknown_faction(cx, file, f.as_str());
            }
            for (f, v) in &c.loyalty {
                unknown_faction(cx, file, f.as_str());
                if !(-100.0..=100.0).contains(v) {
                    cx.at(
                        file,
                        f.as_str(),
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
                    c.figure.as_str(),
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
                unknown_faction(cx, file, f.as_str());
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
                if !has_office(b.as_str()) {
                    cx.at(
                        file,
                        b.as_str(),
                        format!("unknown office `{b}` in the congress's ballot or leadership"),
                        suggest(b.as_str(), offices.keys().map(String::as_str)),
                    );
                }
            }
            if let Some(o) = &c.offer {
                unknown_figure(cx, file, o.candidate.as_str());
                if !has_office(o.office.as_str()) {
                    cx.at(
                        file,
                        o.office.as_str(),
                        format!("unknown office `{}`", o.office),
                        suggest(o.office.as_str(), offices.keys().map(String::as_str)),
                    );
                }
                if !s.sides.iter().any(|x| x.id == o.side) {
                    cx.at(
                        file,
                        o.side.as_str(),
                        format!("unknown side `{}`", o.side),
                        suggest(o.side.as_str(), s.sides.iter().map(|x| x.id.as_str())),
                    );
                }
            }
        }
        if let Some(o) = &s.leader_office
            && !has_office(o.as_str())
        {
            cx.at(
                file,
                o.as_str(),
                format!("unknown leader_office `{o}`"),
                suggest(o.as_str(), offices.keys().map(String::as_str)),
            );
        }
        if let Some(p) = &s.police
            && !has_institution(p.as_str())
        {
            cx.at(
                file,
                p.as_str(),
                format!("unknown police institution `{p}`"),
                suggest(p.as_str(), db.institutions.iter().map(|i| i.id.as_str())),
            );
        }
        for o in s.plenum.iter().filter(|o| !has_office(o.as_str())) {
            cx.at(
                file,
                o.as_str(),
                format!("unknown plenum office `{o}`"),
                suggest(o.as_str(), offices.keys().map(String::as_str)),
            );
        }
        if let Some(a) = &s.army
            && !has_institution(a.as_str())
        {
            cx.at(
                file,
                a.as_str(),
                format!("unknown army institution `{a}`"),
                suggest(a.as_str(), db.institutions.iter().map(|i| i.id.as_str())),
            );
        }
        for c in &s.capital {
            if !has_place(c) {
                cx.at(
                    file,
                    c,
                    format!("capital place `{c}` is no region or site"),
                    suggest(c, place_ids.iter().copied()),
                );
            }
        }
        if let Some(c) = &s.coup_site
            && !db.sites.iter().any(|x| &x.id == c)
        {
            cx.at(
                file,
                c,
                format!("coup site `{c}` is no site"),
                suggest(c, db.sites.iter().map(|x| x.id.as_str())),
            );
        }
        for id in dupes(s.units.iter().map(|u| u.id.as_str())) {
            cx.at(file, id, format!("duplicate unit id `{id}`"), None);
        }
        for u in &s.units {
            if !has_type(&u.kind) {
                cx.at(
                    file,
                    &u.kind,
                    format!("unknown unit type `{}`", u.kind),
                    suggest(&u.kind, db.unit_types.iter().map(|t| t.id.as_str())),
                );
            }
            if !has_place(&u.location) {
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
                unknown_figure(cx, file, c.as_str());
            }
            for pair in u.renamed.windows(2) {
                if pair[1].on <= pair[0].on {
                    cx.at(
                        file,
                        &pair[1].name,
                        format!(
                            "unit `{}` is renamed `{}` on {}, not after its renaming of {}",
                            u.id, pair[1].name, pair[1].on, pair[0].on
                        ),
                        None,
                    );
                }
            }
            let names = std::iter::once(&u.name).chain(u.renamed.iter().map(|r| &r.name));
            for id in names.flat_map(|n| n.split("{institution:").skip(1)) {
                let id = id.split('}').next().unwrap_or_default();
                if !has_institution(id) {
                    cx.at(
                        file,
                        &format!("{{institution:{id}"),
                        format!("unit `{}`: no institution `{id}` to name", u.id),
                        suggest(id, db.institutions.iter().map(|i| i.id.as_str())),
                    );
                }
            }
            if !has_institution(u.institution.as_str()) {
                cx.at(
                    file,
                    u.institution.as_str(),
                    format!("unknown institution `{}`", u.institution),
                    suggest(
                        u.institution.as_str(),
                        db.institutions.iter().map(|i| i.id.as_str()),
                    ),
                );
            }
            if u.men > 200_000 || u.tanks > 5_000 {
                cx.at(
                    file,
                    u.id.as_str(),
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
                    u.id.as_str(),
                    format!("unit `{}`: quality must be 0..=1.5 and morale 0..=1", u.id),
                    None,
                );
            }
        }
        for (office, holders) in &s.offices {
            let Some(seats) = offices.get(office.as_str()) else {
                if broken.contains("office") {
                    continue;
                }
                cx.at(
                    file,
                    office.as_str(),
                    format!("unknown office `{office}` (offices are written `institution.office`)"),
                    suggest(office.as_str(), offices.keys().map(String::as_str)),
                );
                continue;
            };
            if holders.len() as u32 > *seats {
                cx.at(
                    file,
                    office.as_str(),
                    format!(
                        "office `{office}` has {seats} seats but {} holders",
                        holders.len()
                    ),
                    None,
                );
            }
            for h in holders {
                if unknown_figure(cx, file, h.as_str()) {
                    continue;
                }
                let def = db.figures.iter().find(|f| f.id == *h);
                if let Some(f) = def {
                    if f.born > s.start.year - 14 {
                        cx.at(
                            file,
                            h.as_str(),
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
                            h.as_str(),
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
                        h.as_str(),
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
}

/// Sides' victory conditions, in their scenario files.
pub(super) fn validate_victory(content: &Content, cx: &mut Ctx, known: &Known) {
    for (file, sc) in &content.scenarios {
        for side in &sc.sides {
            let mut refs: Vec<(&'static str, String)> = Vec::new();
            side.victory.iter().for_each(|c| c.refs(&mut refs));
            for (kind, id) in refs {
                let (ok, known) = known.lookup(kind, &id, &[sc]);
                if !ok {
                    cx.at_after(
                        file,
                        Some(&format!("\"{}\"", side.id)),
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
