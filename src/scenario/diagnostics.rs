//! Problems found in content, each with where it is and, where possible, what to do.
//! Printed in the style of rustc so that editors and modders recognise it.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn warning(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    pub fn with_suggestion(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion;
        self
    }

    /// `path:line:col: error: message`, then the source line with a caret, then the help.
    pub fn render(&self, source: Option<&str>) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}:{}:{}: {sev}: {}\n",
            self.file.display(),
            self.line.max(1),
            self.column.max(1),
            self.message
        );
        if let Some(text) = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1)))
            && self.line > 0
        {
            let shown: String = text.chars().take(160).collect();
            let _ = writeln!(out, "{:>5} | {shown}", self.line);
            let pad = " ".repeat(self.column.saturating_sub(1).min(160));
            let _ = writeln!(out, "      | {pad}^");
        }
        if let Some(s) = &self.suggestion {
            let _ = writeln!(out, "      = help: {s}");
        }
        out
    }
}

/// Finds the 1-based line and column of the first `needle` at or after byte `from`.
pub fn locate(source: &str, needle: &str, from: usize) -> Option<(usize, usize, usize)> {
    let from = from.min(source.len());
    let start = from + source.get(from..)?.find(needle)?;
    let (line, col) = line_col(source, start);
    Some((line, col, start))
}

/// The first `NaN` or `inf` written as a number in RON text (outside strings and
/// comments), with its line and column: serde takes them as floats, and no content
/// number may be one.
pub fn non_finite_number(text: &str) -> Option<(usize, usize, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                if matches!(word, "NaN" | "inf" | "infinity") {
                    let (line, col) = line_col(text, start);
                    return Some((line, col, word));
                }
            }
            _ => i += 1,
        }
    }
    None
}

pub fn line_col(source: &str, byte: usize) -> (usize, usize) {
    let before = &source[..byte.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The closest known id within a small edit distance: "did you mean `kirov`?".
pub fn suggest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let d = edit_distance(unknown, k);
        if best.is_none_or(|(bd, bk)| d < bd || (d == bd && k < bk)) {
            best = Some((d, k));
        }
    }
    let limit = (unknown.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit)
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_ids_only() {
        let known = ["kirov", "stalin", "molotov"];
        assert_eq!(
            suggest("kirof", known).as_deref(),
            Some("did you mean `kirov`?")
        );
        assert_eq!(suggest("trotsky", known), None);
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error(Path::new("a.ron"), 2, 5, "unknown figure `kirof`")
            .with_suggestion(Some("did you mean `kirov`?".into()));
        let text = d.render(Some("(\n    \"kirof\"\n)"));
        assert!(text.starts_with("a.ron:2:5: error: unknown figure `kirof`"));
        assert!(text.contains("    2 |     \"kirof\""));
        assert!(text.contains("help: did you mean `kirov`?"));
    }
}
