//! Mods: folders with a `mod.ron` manifest that add records, replace them by id, patch
//! single fields and add scenarios. They apply in dependency order over the shipped
//! content, and every record remembers the file it came from.

use super::diagnostics::{Diagnostic, locate};
use super::load::{Content, Sources, load_scenario_file, parse, read_text};
use super::schema::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModManifest {
    /// Stable id, snake_case.
    pub id: String,
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// Ids of mods that must apply before this one.
    #[serde(default)]
    pub load_after: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchTarget {
    Figure,
    Faction,
    Institution,
    Scenario,
    /// A figure's entry in a scenario's cast; needs `scenario`.
    Cast,
}

impl std::str::FromStr for PatchTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "figure" => Self::Figure,
            "faction" => Self::Faction,
            "institution" => Self::Institution,
            "scenario" => Self::Scenario,
            "cast" => Self::Cast,
            other => {
                return Err(format!(
                    "unknown patch target `{other}`; expected figure, faction, institution, scenario or cast"
                ));
            }
        })
    }
}

/// Changes some fields of one record; maps inside are merged key by key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// `"figure"`, `"faction"`, `"institution"`, `"scenario"` or `"cast"`.
    pub target: String,
    pub id: String,
    #[serde(default)]
    pub scenario: Option<String>,
    pub set: ron::Value,
}

/// Where content records came from: `(kind, id)` to file, for records a mod touched.
pub type Origins = BTreeMap<(String, String), PathBuf>;

/// The mod folders that apply by default: `mods/` beside the content, then the user's.
pub fn default_mod_dirs() -> Vec<PathBuf> {
    let mut roots = vec![super::content_root().join("mods")];
    if let Some(d) = directories::ProjectDirs::from("", "", "congress-of-victors") {
        roots.push(d.data_dir().join("mods"));
    }
    let mut dirs = Vec::new();
    for r in roots {
        let Ok(rd) = std::fs::read_dir(&r) else {
            continue;
        };
        let mut found: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("mod.ron").is_file())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

/// A path inside `root`, or a diagnostic if it resolves (through links) anywhere else.
pub(super) fn inside(root: &Path, path: &Path) -> Result<PathBuf, Diagnostic> {
    let croot = root
        .canonicalize()
        .map_err(|e| Diagnostic::error(root, 0, 0, format!("cannot open mod folder: {e}")))?;
    let cpath = path
        .canonicalize()
        .map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot open: {e}")))?;
    if cpath.starts_with(&croot) {
        Ok(path.to_path_buf())
    } else {
        Err(Diagnostic::error(
            path,
            0,
            0,
            format!(
                "resolves to {} outside the mod folder {}",
                cpath.display(),
                croot.display()
            ),
        ))
    }
}

struct LoadedMod {
    dir: PathBuf,
    manifest: ModManifest,
}

fn read_list<T: DeserializeOwned>(dir: &Path, file: &Path, c: &mut Content) -> Vec<T> {
    if !file.exists() {
        return Vec::new();
    }
    let checked = match inside(dir, file) {
        Ok(p) => p,
        Err(d) => {
            c.diagnostics.push(d);
            return Vec::new();
        }
    };
    match read_text(&checked) {
        Ok(text) => {
            let r = parse::<Vec<T>>(&checked, &text);
            c.sources.texts.insert(checked, text);
            r.unwrap_or_else(|d| {
                c.diagnostics.push(d);
                Vec::new()
            })
        }
        Err(d) => {
            c.diagnostics.push(d);
            Vec::new()
        }
    }
}

/// Ids a mod has given so far, by kind, with the file each came from: a mod that gives
/// an id twice is reported, where replacing another mod's record is not.
type Given = BTreeMap<(String, String), PathBuf>;

/// Adds records, or replaces those with the same id; remembers where each came from.
/// Returns the ids this mod had already given, with the file of the earlier copy.
fn merge<T: Clone>(
    base: &mut Vec<T>,
    new: Vec<T>,
    id: fn(&T) -> &str,
    kind: &str,
    file: &Path,
    origins: &mut Origins,
    given: &mut Given,
) -> Vec<(String, PathBuf)> {
    let mut twice = Vec::new();
    for rec in new {
        let key = id(&rec).to_string();
        if let Some(earlier) = given.insert((kind.into(), key.clone()), file.to_path_buf()) {
            twice.push((key.clone(), earlier));
        }
        origins.insert((kind.into(), key.clone()), file.to_path_buf());
        match base.iter_mut().find(|r| id(r) == key) {
            Some(slot) => *slot = rec,
            None => base.push(rec),
        }
    }
    twice
}

/// Reports ids a mod gave twice, each at its later copy.
fn report_twice(c: &mut Content, kind: &str, file: &Path, twice: Vec<(String, PathBuf)>) {
    let text = c.sources.texts.get(file).cloned().unwrap_or_default();
    // Copies of each id in this file reported so far, to place the next at the next one.
    let mut reported: BTreeMap<String, usize> = BTreeMap::new();
    for (id, earlier) in twice {
        let needle = format!("\"{id}\"");
        let n = reported.entry(id.clone()).or_default();
        // In the same file the first copy is the one kept in mind, not reported.
        let nth = *n + usize::from(earlier == file);
        *n += 1;
        let mut at = None;
        let mut from = 0;
        for _ in 0..=nth {
            at = locate(&text, &needle, from);
            from = at.map_or(text.len(), |(_, _, i)| i + needle.len());
        }
        let (l, col) = at.map_or((0, 0), |(l, c, _)| (l, c));
        let also = if earlier == file {
            "twice in this file".to_string()
        } else {
            format!("also in {}", earlier.display())
        };
        c.diagnostics.push(Diagnostic::error(
            file,
            l,
            col,
            format!("duplicate {kind} id `{id}` in this mod ({also}); a mod gives each id once"),
        ));
    }
}

/// Order mods so that each comes after those it names in `load_after`.
fn order(mods: Vec<LoadedMod>, diags: &mut Vec<Diagnostic>) -> Vec<LoadedMod> {
    let mut pending: Vec<LoadedMod> = mods;
    pending.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
    let ids: Vec<String> = pending.iter().map(|m| m.manifest.id.clone()).collect();
    for m in &pending {
        for dep in &m.manifest.load_after {
            if !ids.contains(dep) {
                let file = m.dir.join("mod.ron");
                let (l, c) = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|t| locate(&t, &format!("\"{dep}\""), 0))
                    .map_or((0, 0), |(l, c, _)| (l, c));
                diags.push(Diagnostic::error(
                    &file,
                    l,
                    c,
                    format!(
                        "mod `{}` loads after `{dep}`, which is not installed",
                        m.manifest.id
                    ),
                ));
            }
        }
    }
    let mut done: Vec<LoadedMod> = Vec::new();
    while !pending.is_empty() {
        let ready = pending.iter().position(|m| {
            m.manifest
                .load_after
                .iter()
                .all(|d| !ids.contains(d) || done.iter().any(|x| &x.manifest.id == d))
        });
        match ready {
            Some(i) => done.push(pending.remove(i)),
            None => {
                for m in &pending {
                    diags.push(Diagnostic::error(
                        &m.dir.join("mod.ron"),
                        1,
                        1,
                        format!("mod `{}` is in a `load_after` cycle", m.manifest.id),
                    ));
                }
                break;
            }
        }
    }
    done
}

/// JSON form of a record, for field-level patching through serde.
fn patch_record<T: Serialize + DeserializeOwned>(rec: &T, set: &ron::Value) -> Result<T, String> {
    let mut base = serde_json::to_value(rec).map_err(|e| e.to_string())?;
    let change = serde_json::to_value(set)
        .map_err(|e| format!("patch `set` is not a map of fields: {e}"))?;
    if !change.is_object() {
        return Err("patch `set` must be a map of field names to values".into());
    }
    deep_merge(&mut base, change);
    serde_json::from_value(base).map_err(|e| e.to_string())
}

fn deep_merge(base: &mut serde_json::Value, change: serde_json::Value) {
    match (base, change) {
        (serde_json::Value::Object(b), serde_json::Value::Object(c)) => {
            for (k, v) in c {
                match b.get_mut(&k) {
                    Some(slot) if slot.is_object() && v.is_object() => deep_merge(slot, v),
                    _ => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (b, c) => *b = c,
    }
}

fn apply_patch(
    c: &mut Content,
    p: &Patch,
    file: &Path,
    origins: &mut Origins,
) -> Result<(), String> {
    fn one<T: Serialize + DeserializeOwned>(
        list: &mut [T],
        id: &str,
        f: fn(&T) -> &str,
        set: &ron::Value,
        what: &str,
    ) -> Result<(), String> {
        let rec = list
            .iter_mut()
            .find(|r| f(r) == id)
            .ok_or_else(|| format!("no {what} `{id}` to patch"))?;
        *rec = patch_record(rec, set)?;
        Ok(())
    }
    let target: PatchTarget = p.target.parse()?;
    let (kind, key) = match target {
        PatchTarget::Figure => {
            one(
                &mut c.common.figures,
                &p.id,
                |r| r.id.as_str(),
                &p.set,
                "figure",
            )?;
            ("figure", p.id.clone())
        }
        PatchTarget::Faction => {
            one(
                &mut c.common.factions,
                &p.id,
                |r| r.id.as_str(),
                &p.set,
                "faction",
            )?;
            ("faction", p.id.clone())
        }
        PatchTarget::Institution => {
            one(
                &mut c.common.institutions,
                &p.id,
                |r| r.id.as_str(),
                &p.set,
                "institution",
            )?;
            ("institution", p.id.clone())
        }
        PatchTarget::Scenario => {
            let (_, s) = c
                .scenarios
                .iter_mut()
                .find(|(_, s)| s.id == p.id)
                .ok_or_else(|| format!("no scenario `{}` to patch", p.id))?;
            *s = patch_record(s, &p.set)?;
            ("scenario", p.id.clone())
        }
        PatchTarget::Cast => {
            let sid = p
                .scenario
                .as_deref()
                .ok_or("a cast patch needs `scenario`")?;
            let (_, s) = c
                .scenarios
                .iter_mut()
                .find(|(_, s)| s.id == sid)
                .ok_or_else(|| format!("no scenario `{sid}` to patch"))?;
            match s.cast.iter_mut().find(|e| e.figure == p.id) {
                Some(entry) => *entry = patch_record(entry, &p.set)?,
                None => {
                    let fresh = CastDef {
                        figure: p.id.as_str().into(),
                        faction: None,
                        loyalty: Default::default(),
                        popularity: None,
                        status: Default::default(),
                    };
                    s.cast.push(patch_record(&fresh, &p.set)?);
                }
            }
            ("cast", format!("{sid}/{}", p.id))
        }
    };
    origins.insert((kind.into(), key), file.to_path_buf());
    Ok(())
}

/// Applies the mods in `dirs` to `content`, in dependency order. Returns the mods'
/// ids in the order applied and where each touched record came from.
pub fn apply_mods(content: &mut Content, dirs: &[PathBuf]) -> (Vec<String>, Origins) {
    let mut origins = Origins::new();
    let mut loaded: Vec<LoadedMod> = Vec::new();
    let mut seen_dirs = Vec::new();
    for dir in dirs {
        // The same folder installed and given with --mod applies once.
        let same = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if seen_dirs.contains(&same) {
            continue;
        }
        seen_dirs.push(same);
        let manifest_path = dir.join("mod.ron");
        match read_text(&manifest_path) {
            Ok(text) => {
                let r = parse::<ModManifest>(&manifest_path, &text);
                let bad_id = r
                    .as_ref()
                    .ok()
                    .and_then(|m| super::mod_layout::check_id(&manifest_path, &text, &m.id));
                content.sources.texts.insert(manifest_path.clone(), text);
                match r {
                    Ok(_) if bad_id.is_some() => content.diagnostics.extend(bad_id),
                    Ok(manifest) => {
                        if let Some(first) = loaded.iter().find(|m| m.manifest.id == manifest.id) {
                            content.diagnostics.push(Diagnostic::error(
                                &manifest_path,
                                1,
                                1,
                                format!(
                                    "two mods have the id `{}`: {} and {}; keep one",
                                    manifest.id,
                                    first.dir.display(),
                                    dir.display()
                                ),
                            ));
                            continue;
                        }
                        content
                            .diagnostics
                            .extend(super::mod_layout::check_layout(dir));
                        loaded.push(LoadedMod {
                            dir: dir.clone(),
                            manifest,
                        })
                    }
                    Err(d) => content.diagnostics.push(d),
                }
            }
            Err(d) => content.diagnostics.push(d),
        }
    }
    let ordered = order(loaded, &mut content.diagnostics);
    let mut applied = Vec::new();
    for m in &ordered {
        let mut given = Given::new();
        let common = m.dir.join("common");
        let figures: Vec<FigureDef> = read_list(&m.dir, &common.join("figures.ron"), content);
        let twice = merge(
            &mut content.common.figures,
            figures,
            |r| r.id.as_str(),
            "figure",
            &common.join("figures.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "figure", &common.join("figures.ron"), twice);
        let factions: Vec<FactionDef> = read_list(&m.dir, &common.join("factions.ron"), content);
        let twice = merge(
            &mut content.common.factions,
            factions,
            |r| r.id.as_str(),
            "faction",
            &common.join("factions.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "faction", &common.join("factions.ron"), twice);
        let insts: Vec<InstitutionDef> =
            read_list(&m.dir, &common.join("institutions.ron"), content);
        let twice = merge(
            &mut content.common.institutions,
            insts,
            |r| r.id.as_str(),
            "institution",
            &common.join("institutions.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(
            content,
            "institution",
            &common.join("institutions.ron"),
            twice,
        );
        let relations: Vec<super::schema::RelationDef> =
            read_list(&m.dir, &common.join("relations.ron"), content);
        // Relations have no id of their own: a mod's are added to the base's.
        content.common.relations.extend(relations);
        let policies: Vec<super::schema::PolicyDef> =
            read_list(&m.dir, &common.join("policies.ron"), content);
        let twice = merge(
            &mut content.common.policies,
            policies,
            |r| r.id.as_str(),
            "policy",
            &common.join("policies.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "policy", &common.join("policies.ron"), twice);
        let traits: Vec<super::schema::TraitDef> =
            read_list(&m.dir, &common.join("traits.ron"), content);
        let twice = merge(
            &mut content.common.traits,
            traits,
            |r| r.id.as_str(),
            "trait",
            &common.join("traits.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "trait", &common.join("traits.ron"), twice);
        let history: Vec<super::schema::MilestoneDef> =
            read_list(&m.dir, &common.join("history.ron"), content);
        let twice = merge(
            &mut content.common.history,
            history,
            |r| r.id.as_str(),
            "milestone",
            &common.join("history.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "milestone", &common.join("history.ron"), twice);
        let quantities: Vec<super::country::QuantityDef> =
            read_list(&m.dir, &common.join("country.ron"), content);
        let twice = merge(
            &mut content.common.quantities,
            quantities,
            |r| r.id.as_str(),
            "quantity",
            &common.join("country.ron"),
            &mut origins,
            &mut given,
        );
        report_twice(content, "quantity", &common.join("country.ron"), twice);
        super::chronicle::apply_mod(&m.dir, content, &mut origins);
        super::mod_layout::apply_article(&m.dir, content);
        for f in super::load::ron_files(&m.dir.join("events")) {
            let events: Vec<super::events::EventDef> = read_list(&m.dir, &f, content);
            let twice = merge(
                &mut content.common.events,
                events,
                |r| r.id.as_str(),
                "event",
                &f,
                &mut origins,
                &mut given,
            );
            report_twice(content, "event", &f, twice);
        }
        if let Ok(rd) = std::fs::read_dir(m.dir.join("scenarios")) {
            let mut files: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect();
            files.sort();
            for f in files {
                match inside(&m.dir, &f) {
                    Ok(f) => {
                        let mut sources = Sources::default();
                        if let Some(s) =
                            load_scenario_file(&f, &mut sources, &mut content.diagnostics)
                        {
                            if let Some(earlier) =
                                given.insert(("scenario".into(), s.id.clone()), f.clone())
                            {
                                let twice = vec![(s.id.clone(), earlier)];
                                content.sources.texts.extend(sources.texts.clone());
                                report_twice(content, "scenario", &f, twice);
                            }
                            origins.insert(("scenario".into(), s.id.clone()), f.clone());
                            match content.scenarios.iter_mut().find(|(_, x)| x.id == s.id) {
                                Some(slot) => *slot = (f.clone(), s),
                                None => content.scenarios.push((f.clone(), s)),
                            }
                        }
                        content.sources.texts.extend(sources.texts);
                    }
                    Err(d) => content.diagnostics.push(d),
                }
            }
        }
        let patch_file = m.dir.join("patches.ron");
        let patches: Vec<Patch> = read_list(&m.dir, &patch_file, content);
        let text = content
            .sources
            .texts
            .get(&patch_file)
            .cloned()
            .unwrap_or_default();
        for p in &patches {
            if let Err(e) = apply_patch(content, p, &patch_file, &mut origins) {
                let (l, c) =
                    locate(&text, &format!("\"{}\"", p.id), 0).map_or((1, 1), |(l, c, _)| (l, c));
                content.diagnostics.push(Diagnostic::error(
                    &patch_file,
                    l,
                    c,
                    format!("patch of {} `{}`: {e}", p.target, p.id),
                ));
            }
        }
        applied.push(m.manifest.id.clone());
    }
    (applied, origins)
}
