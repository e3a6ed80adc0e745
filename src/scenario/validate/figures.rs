//! Figures, factions and institutions with their offices: unique ids and sane numbers.

use super::{Ctx, dupes, origin};
use crate::scenario::diagnostics::suggest;
use crate::scenario::load::Content;
use std::path::Path;

pub(super) fn validate_figures(content: &Content, cx: &mut Ctx, common_dir: &Path) {
    let figures_file = common_dir.join("figures.ron");
    let factions_file = common_dir.join("factions.ron");
    let institutions_file = common_dir.join("institutions.ron");
    let db = &content.common;
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
    let traits_file = common_dir.join("traits.ron");
    for id in dupes(db.traits.iter().map(|t| t.id.as_str())) {
        cx.at(
            &origin(content, "trait", id, &traits_file),
            id,
            format!("duplicate trait id `{id}`"),
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
        let figures_file = origin(content, "figure", f.id.as_str(), &figures_file);
        if let Some(d) = f.died
            && d < f.born
        {
            cx.at(
                &figures_file,
                f.id.as_str(),
                format!("figure `{}` dies ({d}) before birth ({})", f.id, f.born),
                None,
            );
        }
        if !(1800..=2000).contains(&f.born) {
            cx.at(
                &figures_file,
                f.id.as_str(),
                format!(
                    "figure `{}` born in {}: out of range 1800..=2000",
                    f.id, f.born
                ),
                None,
            );
        }
        // A trait the window cannot name would show as its id.
        if !cx.broken.contains("trait") {
            for t in f
                .traits
                .iter()
                .filter(|t| !db.traits.iter().any(|x| &x.id == *t))
            {
                cx.at_after(
                    &figures_file,
                    Some(f.id.as_str()),
                    t,
                    format!(
                        "figure `{}`: unknown trait `{t}` (traits are listed in common/traits.ron)",
                        f.id
                    ),
                    suggest(t, db.traits.iter().map(|x| x.id.as_str())),
                );
            }
        }
        let s = f.skills;
        if [s.political, s.military, s.security, s.economic]
            .iter()
            .any(|v| *v > 10)
        {
            cx.at(
                &figures_file,
                f.id.as_str(),
                format!("figure `{}` has a skill above 10", f.id),
                None,
            );
        }
        for (what, v) in [("popularity", f.popularity), ("ambition", f.ambition)] {
            if !(0.0..=100.0).contains(&v) {
                cx.at(
                    &figures_file,
                    f.id.as_str(),
                    format!("figure `{}`: {what} {v} is outside 0..=100", f.id),
                    None,
                );
            }
        }
    }
    for inst in &db.institutions {
        // A mod's institution is placed in the mod's file.
        let institutions_file =
            origin(content, "institution", inst.id.as_str(), &institutions_file);
        for pair in inst.renamed.windows(2) {
            if pair[1].on <= pair[0].on {
                cx.at(
                    &institutions_file,
                    &pair[1].name,
                    format!(
                        "`{}` is renamed `{}` on {}, not after its renaming of {}",
                        inst.id, pair[1].name, pair[1].on, pair[0].on
                    ),
                    None,
                );
            }
        }
        for r in &inst.renamed {
            for office in r.offices.keys() {
                if !inst.offices.iter().any(|o| &o.id == office) {
                    cx.at(
                        &institutions_file,
                        office,
                        format!("`{}` has no office `{office}` to rename", inst.id),
                        suggest(office, inst.offices.iter().map(|o| o.id.as_str())),
                    );
                }
            }
        }
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
}
