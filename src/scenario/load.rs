//! Reading content from disk: where it lives, parsing each file with its position
//! in errors, and gathering every problem rather than stopping at the first.

use super::diagnostics::{Diagnostic, line_col};
use super::schema::*;
use super::validate;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Content files past this size are refused unread: no real scenario comes near it.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The folder holding `scenarios/` and `assets/`: the working directory when it has
/// them (a release unpacked beside the binary, or `cargo run`), else the source tree.
pub fn content_root() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if cwd.join("scenarios").is_dir() {
        return cwd;
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            if dir.join("scenarios").is_dir() && dir.join("assets").is_dir() {
                return dir.to_path_buf();
            }
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn scenarios_dir() -> PathBuf {
    content_root().join("scenarios")
}

/// One source file's text, kept so diagnostics can quote it.
#[derive(Default, Clone, Debug)]
pub struct Sources {
    pub texts: BTreeMap<PathBuf, String>,
}

impl Sources {
    pub fn render(&self, d: &Diagnostic) -> String {
        d.render(self.texts.get(&d.file).map(String::as_str))
    }
}

/// Everything found under a scenarios folder.
#[derive(Default, Clone, Debug)]
pub struct Content {
    pub common: CommonDb,
    pub scenarios: Vec<(PathBuf, ScenarioDef)>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    /// Ids of the mods applied, in order.
    pub mods: Vec<String>,
    /// The file each record a mod added, replaced or patched came from.
    pub origins: super::mods::Origins,
    /// Ids of the scenarios beside the content, loaded or not: a single scenario file
    /// is checked alone, but events may name its siblings.
    pub known_scenarios: std::collections::BTreeSet<String>,
}

impl Content {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == super::Severity::Error)
    }

    pub fn scenario(&self, id: &str) -> Option<ScenarioData> {
        self.scenarios
            .iter()
            .find(|(_, s)| s.id == id)
            .map(|(_, s)| ScenarioData {
                common: self.common.clone(),
                scenario: s.clone(),
                mods: self.mods.clone(),
                figure_index: Default::default(),
            })
    }
}

fn ron_options() -> ron::Options {
    // Implicit `Some` lets modders write `died: 1934` rather than `died: Some(1934)`.
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Nesting deeper than this is refused before it can exhaust the stack; real content
/// nests a dozen levels.
pub const MAX_NESTING: usize = 128;

/// Reads a file as UTF-8 text, or says why it cannot be content.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot read file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            format!(
                "file is {} bytes; content files may be at most {MAX_FILE_BYTES}",
                meta.len()
            ),
        ));
    }
    let mut bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot read file: {e}")))?;
    // Windows editors begin UTF-8 files with a byte-order mark: it carries no content.
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, col) = line_col(&text, valid);
        Diagnostic::error(path, line, col, "file is not UTF-8 text (binary data?)")
    })
}

/// Parses RON text into `T`, turning a parse or type error into a positioned diagnostic.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, "file is empty"));
    }
    if let Some((line, col, word)) = super::diagnostics::non_finite_number(text) {
        return Err(Diagnostic::error(
            path,
            line,
            col,
            format!("`{word}` is not a number: numbers in content must be finite"),
        ));
    }
    ron_options().from_str::<T>(text).map_err(|e| {
        let message = match e.code {
            ron::Error::ExceededRecursionLimit => format!(
                "nested more than {MAX_NESTING} levels deep; no content needs so many (a bracket left open?)"
            ),
            code => code.to_string(),
        };
        Diagnostic::error(path, e.span.start.line, e.span.start.col, message)
    })
}

fn load_list<T: DeserializeOwned>(
    path: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    match read_text(path) {
        Ok(text) => {
            let parsed = parse::<Vec<T>>(path, &text);
            sources.texts.insert(path.to_path_buf(), text);
            parsed.unwrap_or_else(|d| {
                diags.push(d);
                Vec::new()
            })
        }
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

/// A list a database may do without: none when the file is absent.
fn load_optional_list<T: DeserializeOwned>(
    path: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    if path.exists() {
        load_list(path, sources, diags)
    } else {
        Vec::new()
    }
}

/// One record from a file that may be absent.
fn load_optional_one<T: DeserializeOwned>(
    path: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    if !path.exists() {
        return None;
    }
    let text = read_text(path).map_err(|d| diags.push(d)).ok()?;
    let parsed = parse::<T>(path, &text);
    sources.texts.insert(path.to_path_buf(), text);
    parsed.map_err(|d| diags.push(d)).ok()
}

/// Loads the common database from `dir/common/`.
pub fn load_common(dir: &Path, sources: &mut Sources, diags: &mut Vec<Diagnostic>) -> CommonDb {
    let common = dir.join("common");
    CommonDb {
        figures: load_list(&common.join("figures.ron"), sources, diags),
        factions: load_list(&common.join("factions.ron"), sources, diags),
        institutions: load_list(&common.join("institutions.ron"), sources, diags),
        regions: load_list(&common.join("regions.ron"), sources, diags),
        sites: load_list(&common.join("sites.ron"), sources, diags),
        unit_types: load_list(&common.join("unit_types.ron"), sources, diags),
        events: ron_files(&dir.join("events"))
            .iter()
            .flat_map(|f| load_list::<super::events::EventDef>(f, sources, diags))
            .collect(),
        relations: load_optional_list(&common.join("relations.ron"), sources, diags),
        policies: load_optional_list(&common.join("policies.ron"), sources, diags),
        history: load_optional_list(&common.join("history.ron"), sources, diags),
        quantities: load_optional_list(&common.join("country.ron"), sources, diags),
        reckoning: load_optional_one(&common.join("reckoning.ron"), sources, diags),
        foreign: load_optional_one(&common.join("foreign.ron"), sources, diags),
        chronicle: load_chronicle(&common.join("chronicle.ron"), sources, diags),
        traits: load_optional_list(&common.join("traits.ron"), sources, diags),
        article: None,
    }
}

/// The chronicle's templates, their lines and placeholders checked against the rules'.
pub fn load_chronicle(
    path: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> super::chronicle::ChronicleTemplates {
    let templates: Option<super::chronicle::ChronicleTemplates> =
        load_optional_one(path, sources, diags);
    let templates = templates.unwrap_or_default();
    if let Some(text) = sources.texts.get(path) {
        diags.extend(super::chronicle::check(path, text, &templates));
    }
    templates
}

/// The `.ron` files of a folder, sorted by name; none if it does not exist.
pub fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

/// Parses one scenario file and keeps its text for diagnostics.
pub fn load_scenario_file(
    path: &Path,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<ScenarioDef> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let parsed = parse::<ScenarioDef>(path, &text);
    sources.texts.insert(path.to_path_buf(), text);
    parsed.map_err(|d| diags.push(d)).ok()
}

/// Loads a whole scenarios folder with no mods.
pub fn load_dir(dir: &Path) -> Content {
    load_dir_with_mods(dir, &[])
}

/// Loads a scenarios folder, applies the mods in `mods` (folders with a `mod.ron`),
/// then validates the merged result.
pub fn load_dir_with_mods(dir: &Path, mods: &[PathBuf]) -> Content {
    let mut content = load_dir_unvalidated(dir);
    let (applied, origins) = super::mods::apply_mods(&mut content, mods);
    content.mods = applied;
    content.origins = origins;
    validate::validate(&mut content);
    content
}

/// What the game plays with: the shipped content, the installed mods and `extra` ones.
pub fn load_game_content(extra: &[PathBuf]) -> Content {
    let mut mods = super::mods::default_mod_dirs();
    mods.extend(extra.iter().cloned());
    load_dir_with_mods(&scenarios_dir(), &mods)
}

fn load_dir_unvalidated(dir: &Path) -> Content {
    let mut content = Content::default();
    let Content {
        common,
        scenarios,
        diagnostics,
        sources,
        ..
    } = &mut content;
    *common = load_common(dir, sources, diagnostics);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    for path in files {
        if let Some(s) = load_scenario_file(&path, sources, diagnostics) {
            scenarios.push((path, s));
        }
    }
    content
}

/// Finds a scenario by id (in the shipped folder) or by path to a scenario file.
pub fn load_scenario(id_or_path: &str) -> Result<ScenarioData, Box<Content>> {
    load_scenario_with_mods(id_or_path, &[])
}

/// As `load_scenario`, with the installed mods and the `extra` mod folders applied.
pub fn load_scenario_with_mods(
    id_or_path: &str,
    extra: &[PathBuf],
) -> Result<ScenarioData, Box<Content>> {
    let as_path = Path::new(id_or_path);
    let mut mods = super::mods::default_mod_dirs();
    mods.extend(extra.iter().cloned());
    let mut content = if as_path.is_file() {
        load_file_with_mods(as_path, &mods)
    } else {
        load_dir_with_mods(&scenarios_dir(), &mods)
    };
    if content.has_errors() {
        return Err(Box::new(content));
    }
    let id = if as_path.is_file() {
        content
            .scenarios
            .first()
            .map(|(_, s)| s.id.clone())
            .unwrap_or_default()
    } else {
        id_or_path.to_string()
    };
    match content.scenario(&id) {
        Some(data) => Ok(data),
        None => {
            let known: Vec<&str> = content
                .scenarios
                .iter()
                .map(|(_, s)| s.id.as_str())
                .collect();
            let d = Diagnostic::error(Path::new(id_or_path), 0, 0, format!("no scenario `{id}`"))
                .with_suggestion(
                    super::diagnostics::suggest(&id, known.iter().copied())
                        .or_else(|| Some(format!("known scenarios: {}", known.join(", ")))),
                );
            content.diagnostics.push(d);
            Err(Box::new(content))
        }
    }
}

/// The ids of the scenario files in a folder, read quietly: their own problems are
/// reported when they are checked themselves.
fn sibling_scenarios(dir: &Path) -> std::collections::BTreeSet<String> {
    let (mut sources, mut diags) = (Sources::default(), Vec::new());
    ron_files(dir)
        .iter()
        .filter_map(|p| load_scenario_file(p, &mut sources, &mut diags))
        .map(|s| s.id)
        .collect()
}

/// One scenario file with the common database beside it (or the shipped one), its
/// sibling scenarios known by id (events may name them), and `mods` applied.
fn load_file_with_mods(p: &Path, mods: &[PathBuf]) -> Content {
    let mut c = Content::default();
    let common_dir = p
        .parent()
        .filter(|d| d.join("common").is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(scenarios_dir);
    c.common = load_common(&common_dir, &mut c.sources, &mut c.diagnostics);
    c.known_scenarios = sibling_scenarios(&common_dir);
    if p.exists() {
        if let Some(s) = load_scenario_file(p, &mut c.sources, &mut c.diagnostics) {
            c.scenarios.push((p.to_path_buf(), s));
        }
    } else {
        c.diagnostics
            .push(Diagnostic::error(p, 0, 0, "no such file or folder"));
    }
    let (applied, origins) = super::mods::apply_mods(&mut c, mods);
    c.mods = applied;
    c.origins = origins;
    validate::validate(&mut c);
    c
}

/// What `check PATH...` validates: folders as scenario folders, files one by one
/// (a scenario file is checked against the shipped common database).
pub fn check_paths(paths: &[PathBuf]) -> Content {
    check_paths_with_mods(paths, &[])
}

/// `check` with mods: each folder or file is checked with `mods` applied over it.
pub fn check_paths_with_mods(paths: &[PathBuf], mods: &[PathBuf]) -> Content {
    let mut all = Content::default();
    for p in paths {
        let c = if p.is_dir() {
            load_dir_with_mods(p, mods)
        } else {
            load_file_with_mods(p, mods)
        };
        all.diagnostics.extend(c.diagnostics);
        all.sources.texts.extend(c.sources.texts);
        all.scenarios.extend(c.scenarios);
        all.common = c.common;
        all.mods = c.mods;
        all.origins.extend(c.origins);
    }
    all.diagnostics.dedup();
    all
}
