//! What a mod folder may hold. A file or folder the game does not read would be
//! ignored without a word; it is named instead, with what was likely meant.

use super::diagnostics::{Diagnostic, locate, suggest};
use std::path::Path;

/// The files a mod's `common/` may hold: the records a mod can add or replace.
pub const MOD_COMMON_FILES: [&str; 9] = [
    "figures.ron",
    "factions.ron",
    "institutions.ron",
    "relations.ron",
    "policies.ron",
    "history.ron",
    "chronicle.ron",
    "traits.ron",
    "article.ron",
];

/// The folders of a mod, each a list of `.ron` files.
pub const MOD_FOLDERS: [&str; 4] = ["common", "events", "scenarios", "battles"];

/// Whether a mod id is `snake_case`: lowercase letters, digits and `_`, starting
/// with a letter. Ids end up in share codes, saves and file names.
pub fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A manifest's id that is not `snake_case`, placed at the id in `mod.ron`.
pub fn check_id(manifest: &Path, text: &str, id: &str) -> Option<Diagnostic> {
    if is_snake_case(id) {
        return None;
    }
    let (l, c) = locate(text, &format!("\"{id}\""), 0).map_or((1, 1), |(l, c, _)| (l, c));
    Some(Diagnostic::error(
        manifest,
        l,
        c,
        format!(
            "mod id `{id}` is not snake_case (lowercase letters, digits and `_`, starting with a letter)"
        ),
    ))
}

fn entries(dir: &Path) -> Vec<(String, bool)> {
    let mut v: Vec<(String, bool)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let p = e.path();
                    (e.file_name().to_string_lossy().into_owned(), p.is_dir())
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn holds_ron(dir: &Path) -> bool {
    walkable(dir)
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "ron") || (p.is_dir() && holds_ron(p)))
}

fn walkable(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// Every content file or folder in the mod that the game would not read. Files that
/// are not `.ron` (a README, a licence, pictures) and hidden ones are left alone.
pub fn check_layout(dir: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut unread = |path: &Path, why: String| {
        out.push(Diagnostic::error(path, 0, 0, why));
    };
    for (name, is_dir) in entries(dir) {
        let path = dir.join(&name);
        if name.starts_with('.') {
            continue;
        }
        if is_dir {
            if MOD_FOLDERS.contains(&name.as_str()) || !holds_ron(&path) {
                continue;
            }
            let hint = suggest(&name, MOD_FOLDERS.iter().copied())
                .map_or_else(String::new, |s| format!("; {s}"));
            unread(
                &path,
                format!(
                    "folder `{name}/` is not read: a mod's content goes in {}{hint}",
                    MOD_FOLDERS.map(|f| format!("{f}/")).join(", ")
                ),
            );
        } else if name.ends_with(".ron") && name != "mod.ron" && name != "patches.ron" {
            let hint = if MOD_COMMON_FILES.contains(&name.as_str()) {
                format!("; did you mean `common/{name}`?")
            } else {
                String::new()
            };
            unread(
                &path,
                format!(
                    "`{name}` is not read here: a mod's root holds mod.ron and patches.ron{hint}"
                ),
            );
        }
    }
    for folder in MOD_FOLDERS {
        let sub = dir.join(folder);
        for (name, is_dir) in entries(&sub) {
            let path = sub.join(&name);
            if name.starts_with('.') {
                continue;
            }
            if is_dir {
                if holds_ron(&path) {
                    unread(
                        &path,
                        format!(
                            "folder `{folder}/{name}/` is not read: `{folder}/` is read one level deep"
                        ),
                    );
                }
            } else if folder == "common"
                && !MOD_COMMON_FILES.contains(&name.as_str())
                && name.ends_with(".ron")
            {
                let hint = suggest(&name, MOD_COMMON_FILES.iter().copied())
                    .map_or_else(String::new, |s| format!("; {s}"));
                unread(
                    &path,
                    format!(
                        "`common/{name}` is not read: a mod's common/ may hold {}{hint}",
                        MOD_COMMON_FILES.join(", ")
                    ),
                );
            }
        }
    }
    out
}

/// A mod's common/article.ron replaces the article's wording whole (the last mod to give
/// one wins). Its syntax is checked here, with the place of a mistake; its fields are
/// read by the article (`report::article::load_templates_for`) and by `check`.
pub(super) fn apply_article(dir: &Path, content: &mut super::load::Content) {
    let file = dir.join("common").join("article.ron");
    if !file.exists() {
        return;
    }
    let file = match super::mods::inside(dir, &file) {
        Ok(f) => f,
        Err(d) => return content.diagnostics.push(d),
    };
    match super::load::read_text(&file) {
        Ok(text) => {
            if let Err(d) = super::load::parse::<ron::Value>(&file, &text) {
                content.diagnostics.push(d);
            }
            content.sources.texts.insert(file.clone(), text);
            content.common.article = Some(file);
        }
        Err(d) => content.diagnostics.push(d),
    }
}
