//! `check`: content validated, every problem with its file, line and column.

use super::print_diagnostics;
use crate::scenario;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn check(paths: &[PathBuf], mods: &[PathBuf]) -> ExitCode {
    let mut content = scenario::load::check_paths_with_mods(paths, mods);
    // A mod's article wording: its fields checked as the article will read them.
    if let Some(path) = content.common.article.clone()
        && !content.diagnostics.iter().any(|d| d.file == path)
        && let Some(text) = content.sources.texts.get(&path)
        && let Err(d) =
            scenario::load::parse::<crate::report::article::ArticleTemplates>(&path, text)
    {
        content.diagnostics.push(d);
    }
    print_diagnostics(&content);
    if !content.mods.is_empty() {
        outln!("mods applied: {}", content.mods.join(", "));
        for ((kind, id), file) in &content.origins {
            outln!("  {kind} `{id}` from {}", file.display());
        }
    }
    let errors = content
        .diagnostics
        .iter()
        .filter(|d| d.severity == scenario::Severity::Error)
        .count();
    let warnings = content.diagnostics.len() - errors;
    if errors > 0 {
        errln!("check: {errors} error(s), {warnings} warning(s)");
        ExitCode::from(1)
    } else {
        outln!(
            "check: ok ({} scenario(s), {} figures, {} warning(s))",
            content.scenarios.len(),
            content.common.figures.len(),
            warnings
        );
        ExitCode::SUCCESS
    }
}
