//! The layers of src/ stack: no file imports a layer above its own. The order, from
//! the bottom: model, scenario (content), sim (rules), save and report, gui, cli.

use std::path::{Path, PathBuf};

const LAYERS: [(&str, u8); 7] = [
    ("model", 0),
    ("scenario", 1),
    ("sim", 2),
    ("save", 3),
    ("report", 3),
    ("gui", 4),
    ("cli", 5),
];

fn rank(layer: &str) -> Option<u8> {
    LAYERS.iter().find(|(l, _)| *l == layer).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `crate::LAYER` named in `text`, with its line.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if rank(&name).is_some() {
                found.push((n + 1, name));
            }
            rest = after;
        }
    }
    found
}

#[test]
fn no_layer_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let Some(layer) = rel.components().next().and_then(|c| c.as_os_str().to_str()) else {
            continue;
        };
        let Some(own) = rank(layer.trim_end_matches(".rs")) else {
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (line, name) in imports(&text) {
            let theirs = rank(&name).unwrap_or(0);
            // Siblings (save and report) stay apart too.
            let sibling = theirs == own && name != layer.trim_end_matches(".rs");
            if theirs > own || sibling {
                wrong.push(format!(
                    "src/{}:{line} imports crate::{name}",
                    rel.display()
                ));
            }
        }
    }
    assert!(files.len() > 40, "only {} files found", files.len());
    assert!(
        wrong.is_empty(),
        "imports of a higher layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_an_import_upwards() {
    // The scanner itself: a line that names a higher layer is found, a comment is not.
    let found = imports("use crate::gui::Screen; // crate::cli\nlet x = crate::model::Date;");
    assert_eq!(
        found,
        vec![(1, "gui".to_string()), (2, "model".to_string())]
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).ok()?.lines().count();
            (n > 600).then(|| format!("{} has {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}
