//! Checks that go beyond the schema: ids that must exist, ids that must be unique,
//! dates and numbers that must make sense. Every problem found is reported.
//! One file per kind of content checked; `validate` runs them in a fixed order so that
//! the diagnostics come out the same every time.

mod events;
mod figures;
mod flags;
mod known;
mod places;
mod politics;
mod scenario;

pub use events::EVENT_KINDS;

use super::diagnostics::{Diagnostic, Severity, locate};
use super::load::Content;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Ctx<'a> {
    content_sources: &'a BTreeMap<PathBuf, String>,
    out: Vec<Diagnostic>,
    /// Kinds of record whose file did not parse: a reference to one is not reported,
    /// since the records are missing, not the reference wrong.
    broken: BTreeSet<&'static str>,
}

impl Ctx<'_> {
    /// An error placed at the first occurrence of `"needle"` in the file.
    fn at(&mut self, file: &Path, needle: &str, message: String, suggestion: Option<String>) {
        self.at_after(file, None, needle, message, suggestion);
    }

    /// An error placed at the first occurrence of `"needle"` after `anchor` (the start
    /// of the record it belongs to), or in the whole file when the anchor is not found.
    fn at_after(
        &mut self,
        file: &Path,
        anchor: Option<&str>,
        needle: &str,
        message: String,
        suggestion: Option<String>,
    ) {
        let (line, col) = self.place(file, anchor, needle);
        self.out
            .push(Diagnostic::error(file, line, col, message).with_suggestion(suggestion));
    }

    /// A warning placed as `at_after` places an error.
    fn warn_after(&mut self, file: &Path, anchor: Option<&str>, needle: &str, message: String) {
        let (line, col) = self.place(file, anchor, needle);
        self.out.push(Diagnostic::warning(file, line, col, message));
    }

    /// Line and column of `"needle"` (or the bare needle) after `anchor`, else anywhere.
    fn place(&self, file: &Path, anchor: Option<&str>, needle: &str) -> (usize, usize) {
        let quoted = format!("\"{needle}\"");
        self.content_sources
            .get(file)
            .and_then(|src| {
                let from = anchor
                    .and_then(|a| locate(src, a, 0))
                    .map_or(0, |(_, _, at)| at);
                [from, 0].into_iter().find_map(|from| {
                    locate(src, &quoted, from).or_else(|| locate(src, needle, from))
                })
            })
            .map_or((0, 0), |(l, c, _)| (l, c))
    }
}

/// The kinds of record that some file failed to give: a figures file that did not
/// parse leaves every figure unknown, and a line per reference would bury the one
/// error that matters.
fn broken_kinds(content: &Content) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for d in content
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let name = d.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let in_events = d.file.parent().is_some_and(|p| p.ends_with("events"));
        let kinds: &[&'static str] = match name {
            _ if in_events => &["event"],
            "figures.ron" => &["figure"],
            "factions.ron" => &["faction"],
            "institutions.ron" => &["institution", "office"],
            "regions.ron" => &["region", "place"],
            "sites.ron" => &["site", "place"],
            "unit_types.ron" => &["unit_type"],
            "traits.ron" => &["trait"],
            "country.ron" => &["quantity"],
            "reckoning.ron" => &["axis", "front_place"],
            _ => &[],
        };
        out.extend(kinds.iter().copied());
    }
    out
}

fn dupes<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    ids.into_iter().filter(|id| !seen.insert(*id)).collect()
}

/// The folder of the base game's common files (where a record no mod touched is reported).
fn common_dir(content: &Content) -> Option<PathBuf> {
    content
        .sources
        .texts
        .keys()
        .find(|p| p.ends_with("common/figures.ron"))
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
}

/// The file a record of a kind came from: the mod's that added or patched it, or `default`.
fn origin(content: &Content, kind: &str, id: &str, default: &Path) -> PathBuf {
    content
        .origins
        .get(&(kind.to_string(), id.to_string()))
        .cloned()
        .unwrap_or_else(|| default.to_path_buf())
}

pub fn validate(content: &mut Content) {
    let common_dir = common_dir(content).unwrap_or_else(|| PathBuf::from("scenarios/common"));
    let mut cx = Ctx {
        content_sources: &content.sources.texts,
        out: Vec::new(),
        broken: broken_kinds(content),
    };
    figures::validate_figures(content, &mut cx, &common_dir);
    scenario::validate_scenarios(content, &mut cx);
    places::validate_places(content, &mut cx);
    let known = known::Known::new(content, cx.broken.clone());
    events::validate_events(content, &mut cx, &known);
    events::validate_chains(content, &mut cx);
    let all = known.all_scenarios();
    politics::validate_politics(content, &mut cx, &common_dir, &|kind, id| {
        known.lookup(kind, id, &all)
    });
    scenario::validate_victory(content, &mut cx, &known);
    flags::validate_flags(content, &mut cx, &common_dir);
    // Every line the rules write needs its sentence; a file that did not parse has
    // said so already.
    let chronicle_broken = content.diagnostics.iter().any(|d| {
        d.severity == Severity::Error && d.file.file_name().is_some_and(|n| n == "chronicle.ron")
    });
    if !content.scenarios.is_empty() && !chronicle_broken {
        let file = common_dir.join("chronicle.ron");
        cx.out.extend(super::chronicle::check_complete(
            &file,
            &content.common.chronicle,
        ));
    }
    let out = cx.out;
    // A problem found twice (a reference checked from two places) is said once.
    for d in out {
        if !content.diagnostics.contains(&d) {
            content.diagnostics.push(d);
        }
    }
}
