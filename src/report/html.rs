//! The article as one self-contained HTML page: the small Markdown the article uses
//! turned to HTML, each `###` table as an infobox floated beside the text, and each
//! picture's SVG written into the page itself, so that it opens offline and refers to
//! nothing outside it.

use super::article::Article;
use std::fmt::Write as _;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A cell's text: escaped, its line breaks kept.
fn cell(s: &str) -> String {
    escape(&s.replace("\\|", "|")).replace("&lt;br&gt;", "<br>")
}

fn flush(body: &mut String, table: &mut Vec<Vec<String>>, title: &mut Option<String>) {
    if table.is_empty() {
        if let Some(t) = title.take() {
            let _ = writeln!(body, "<h3>{}</h3>", escape(&t));
        }
        return;
    }
    let boxed = title.is_some();
    if boxed {
        body.push_str("<table class=\"infobox\">\n");
    } else {
        body.push_str("<table class=\"fates\">\n");
    }
    if let Some(t) = title.take() {
        let _ = writeln!(body, "<caption>{}</caption>", escape(&t));
    }
    for (i, row) in table.iter().enumerate() {
        // A header row of empty cells (a box of one column) is left out.
        if i == 0 && row.iter().all(|c| c.is_empty()) {
            continue;
        }
        body.push_str("<tr>");
        for (j, c) in row.iter().enumerate() {
            let tag = if i == 0 || (boxed && j == 0) {
                "th"
            } else {
                "td"
            };
            let _ = write!(body, "<{tag}>{}</{tag}>", cell(c));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</table>\n");
    table.clear();
}

/// The picture's SVG, without its namespace declaration (HTML knows it), in a figure.
fn figure(article: &Article, caption: &str, file: &str) -> String {
    match article.pictures.iter().find(|p| p.file == file) {
        Some(p) => format!(
            "<figure>{}<figcaption>{}</figcaption></figure>\n",
            p.svg
                .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
                .trim_end(),
            escape(caption)
        ),
        None => format!("<p><i>{}</i></p>\n", escape(caption)),
    }
}

/// Bold (`**x**`) and italic (`*x*`) runs in a line already escaped.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split("**").enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<b>{part}</b>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The page.
pub fn page(article: &Article) -> String {
    let mut body = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut title: Option<String> = None;
    let mut in_list = false;
    let mut page_title = String::new();
    for line in article.markdown.lines() {
        if line.starts_with('|') {
            if !line.starts_with("|---") {
                let inner = line.strip_prefix('|').unwrap_or(line);
                let inner = inner.strip_suffix('|').unwrap_or(inner);
                let cells = split_cells(inner);
                table.push(cells);
            }
            continue;
        }
        if line.trim().is_empty() && !table.is_empty() {
            flush(&mut body, &mut table, &mut title);
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            flush(&mut body, &mut table, &mut title);
            title = Some(h.to_string());
            continue;
        }
        flush(&mut body, &mut table, &mut title);
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                body.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(body, "<li>{}</li>", inline(&escape(item)));
            continue;
        }
        if in_list {
            body.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(body, "<h2>{}</h2>", escape(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            page_title = h.to_string();
            let _ = writeln!(body, "<h1>{}</h1>", escape(h));
        } else if let Some((caption, file)) = line
            .strip_prefix("![")
            .and_then(|l| l.strip_suffix(')'))
            .and_then(|l| l.split_once("]("))
        {
            body.push_str(&figure(article, caption, file));
        } else if let Some(i) = line
            .strip_prefix('*')
            .and_then(|l| l.strip_suffix('*'))
            .filter(|l| !l.starts_with('*'))
        {
            let _ = writeln!(body, "<p class=\"note\"><i>{}</i></p>", escape(i));
        } else {
            let _ = writeln!(body, "<p>{}</p>", inline(&escape(line)));
        }
    }
    flush(&mut body, &mut table, &mut title);
    if in_list {
        body.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        escape(&page_title)
    )
}

/// A table row's cells, split on the bars that are not escaped.
fn split_cells(inner: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push_str("\\|");
                chars.next();
            }
            '|' => {
                cells.push(cur.trim().to_string());
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    cells.push(cur.trim().to_string());
    cells
}

const STYLE: &str = "body{font-family:Georgia,serif;max-width:58em;margin:2em auto;padding:0 1em;background:#f3ecdb;color:#2b2118;line-height:1.45}h1,h2{color:#8b1a1a;border-bottom:1px solid #b9a98a;clear:both}h1{clear:none}table{border-collapse:collapse;background:#fbf7ee;font-size:.9em}td,th{border:1px solid #b9a98a;padding:.25em .5em;vertical-align:top;text-align:left}table.infobox{float:right;clear:right;width:24em;margin:0 0 1em 1.5em}table.infobox caption{background:#c9b48a;font-weight:bold;padding:.3em;border:1px solid #b9a98a}table.fates{margin:1em 0}figure{margin:1em 0;clear:both}figure svg{max-width:100%;height:auto;border:1px solid #b9a98a}figcaption{font-size:.9em;font-style:italic}p.note{clear:both;color:#6b5a48}";
