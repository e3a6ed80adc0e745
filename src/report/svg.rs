//! The article's pictures, drawn as SVG from the run's own data: maps from the map's
//! geometry, line and bar charts from the monthly trends, and a tree of who fell with
//! whom. Every word on them comes from the content (names) or the templates (labels).
//! Numbers are written with fixed decimals, so the same run gives the same bytes.

use crate::scenario::map::{MapData, MapView, Polygon};
use std::fmt::Write as _;

const PAPER: &str = "#fbf7ee";
const INK: &str = "#2b2118";
const GRID: &str = "#d8ccb4";
const NOBODY: &str = "#c9c5bc";
const FONT: &str = "font-family=\"Georgia,serif\"";

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A colour as #rrggbb, paled towards the paper by `pale` (0..=1) as the map does.
pub fn colour((r, g, b): (u8, u8, u8), pale: f32) -> String {
    let mix = |c: u8, p: u8| {
        let v = f32::from(c) + (f32::from(p) - f32::from(c)) * pale;
        v.round().clamp(0.0, 255.0) as u8
    };
    format!("#{:02x}{:02x}{:02x}", mix(r, 230), mix(g, 224), mix(b, 209))
}

fn open(out: &mut String, w: u32, h: u32) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" {FONT} font-size=\"12\">"
    );
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{PAPER}\"/>"
    );
}

/// The window of the map a picture shows, and how a map point lands on it.
pub struct Frame {
    left: f32,
    top: f32,
    scale: f32,
    pub width: u32,
    pub height: u32,
}

impl Frame {
    /// The map's opening view, `width` pixels wide.
    pub fn of(map: &MapData, view: MapView, width: u32, height: u32) -> Frame {
        let [x0, y0, x1, y1] = map.bounds;
        let w = view.width * (x1 - x0);
        let h = w * height as f32 / width as f32;
        let cx = x0 + view.x * (x1 - x0);
        let cy = y0 + view.y * (y1 - y0);
        Frame {
            left: cx - w / 2.0,
            top: cy + h / 2.0,
            scale: width as f32 / w,
            width,
            height,
        }
    }
    pub fn point(&self, p: [f32; 2]) -> (f32, f32) {
        (
            (p[0] - self.left) * self.scale,
            (self.top - p[1]) * self.scale,
        )
    }
}

/// A region's shape as one path, points closer than a pixel to the last one dropped.
fn path(frame: &Frame, polygons: &[Polygon]) -> String {
    let mut d = String::new();
    for ring in polygons.iter().flatten() {
        let mut last: Option<(f32, f32)> = None;
        for (i, p) in ring.iter().enumerate() {
            let (x, y) = frame.point(*p);
            if let Some((lx, ly)) = last
                && (x - lx).abs() < 1.0
                && (y - ly).abs() < 1.0
                && i + 1 != ring.len()
            {
                continue;
            }
            let _ = write!(d, "{}{x:.1},{y:.1}", if last.is_none() { 'M' } else { 'L' });
            last = Some((x, y));
        }
        d.push('Z');
    }
    d
}

/// A mark on a map: where, its label, and whether it is drawn as a cross (a place
/// lost), a ring (a place besieged) or a dot.
pub struct Mark {
    pub at: [f32; 2],
    pub label: String,
    pub shape: MarkShape,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MarkShape {
    Dot,
    Ring,
    Cross,
}

/// A map of the regions, each filled with its colour (`fill` gives none for the
/// paper-grey of a region nobody holds), its marks and a legend of (colour, label).
pub fn map(
    map: &MapData,
    frame: &Frame,
    fill: &dyn Fn(&str) -> Option<String>,
    marks: &[Mark],
    legend: &[(String, String)],
) -> String {
    let mut out = String::new();
    open(&mut out, frame.width, frame.height);
    let _ = writeln!(out, "<g stroke=\"#8a7a60\" stroke-width=\"0.4\">");
    for c in &map.context {
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"#e6e0d2\"/>",
            path(frame, &c.polygons)
        );
    }
    for r in &map.regions {
        let colour = fill(&r.id).unwrap_or_else(|| NOBODY.to_string());
        let _ = writeln!(
            out,
            "<path d=\"{}\" fill=\"{colour}\"><title>{}</title></path>",
            path(frame, &r.polygons),
            escape(&r.name)
        );
    }
    out.push_str("</g>\n");
    for m in marks {
        let (x, y) = frame.point(m.at);
        if x < 0.0 || y < 0.0 || x > frame.width as f32 || y > frame.height as f32 {
            continue;
        }
        match m.shape {
            MarkShape::Dot => {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{INK}\"/>"
                );
            }
            MarkShape::Ring => {
                let _ = writeln!(
                    out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"none\" stroke=\"#8b1a1a\" stroke-width=\"2\"/>"
                );
            }
            MarkShape::Cross => {
                let _ = writeln!(
                    out,
                    "<path d=\"M{:.1},{:.1}l8,8m0,-8l-8,8\" stroke=\"#8b1a1a\" stroke-width=\"2.5\"/>",
                    x - 4.0,
                    y - 4.0
                );
            }
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            x + 6.0,
            y - 4.0,
            escape(&m.label)
        );
    }
    write_legend(
        &mut out,
        legend,
        10.0,
        frame.height as f32 - 10.0 - 18.0 * legend.len() as f32,
    );
    out.push_str("</svg>\n");
    out
}

fn write_legend(out: &mut String, legend: &[(String, String)], x: f32, y: f32) {
    if legend.is_empty() {
        return;
    }
    let longest = legend
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{PAPER}\" stroke=\"{GRID}\" opacity=\"0.92\"/>",
        x - 4.0,
        y - 4.0,
        longest as f32 * 6.6 + 30.0,
        18.0 * legend.len() as f32 + 4.0
    );
    for (i, (c, label)) in legend.iter().enumerate() {
        let ly = y + 18.0 * i as f32;
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{ly:.1}\" width=\"14\" height=\"12\" fill=\"{c}\" stroke=\"{INK}\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\">{}</text>",
            x + 20.0,
            ly + 10.5,
            escape(label)
        );
    }
}

/// One line of a chart: its colour, label and points (x in months from the first).
pub struct Series {
    pub colour: String,
    pub label: String,
    pub points: Vec<(f32, f32)>,
}

const CHART_W: u32 = 640;
const CHART_H: u32 = 300;
const LEFT: f32 = 48.0;
const RIGHT: f32 = 12.0;
const TOP: f32 = 28.0;
const BOTTOM: f32 = 34.0;

/// The frame of a chart: its title, the value axis from 0 to `max`, and the years
/// along the bottom, (month index, year) for each January.
fn axes(out: &mut String, title: &str, max: f32, months: usize, years: &[(usize, i32)]) {
    let plot_w = CHART_W as f32 - LEFT - RIGHT;
    let plot_h = CHART_H as f32 - TOP - BOTTOM;
    let _ = writeln!(
        out,
        "<text x=\"{LEFT}\" y=\"18\" font-size=\"14\" fill=\"#8b1a1a\">{}</text>",
        escape(title)
    );
    for i in 0..=4 {
        let v = max * i as f32 / 4.0;
        let y = TOP + plot_h - plot_h * i as f32 / 4.0;
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{INK}\">{v:.0}</text>",
            LEFT + plot_w,
            LEFT - 6.0,
            y + 4.0
        );
    }
    let span = months.max(2) - 1;
    for (m, year) in years {
        let x = LEFT + plot_w * *m as f32 / span as f32;
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{GRID}\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{INK}\">{year}</text>",
            TOP + plot_h,
            TOP + plot_h + 16.0
        );
    }
}

/// A line chart of several series over `months` months.
pub fn lines(title: &str, series: &[Series], months: usize, years: &[(usize, i32)]) -> String {
    let mut out = String::new();
    // The legend goes under the chart, clear of the lines.
    open(&mut out, CHART_W, CHART_H + 18 * series.len() as u32 + 8);
    let max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(1.0f32, f32::max);
    let max = (max / 10.0).ceil() * 10.0;
    axes(&mut out, title, max, months, years);
    let plot_w = CHART_W as f32 - LEFT - RIGHT;
    let plot_h = CHART_H as f32 - TOP - BOTTOM;
    let span = (months.max(2) - 1) as f32;
    for s in series {
        let mut d = String::new();
        for (i, (m, v)) in s.points.iter().enumerate() {
            let x = LEFT + plot_w * m / span;
            let y = TOP + plot_h - plot_h * v.max(0.0) / max;
            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { 'M' } else { 'L' });
        }
        let _ = writeln!(
            out,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            s.colour
        );
    }
    let legend: Vec<(String, String)> = series
        .iter()
        .map(|s| (s.colour.clone(), s.label.clone()))
        .collect();
    write_legend(&mut out, &legend, LEFT + 4.0, CHART_H as f32 + 4.0);
    out.push_str("</svg>\n");
    out
}

/// A bar chart: one bar a month, (month index, value).
pub fn bars(title: &str, bars: &[(usize, f32)], months: usize, years: &[(usize, i32)]) -> String {
    let mut out = String::new();
    open(&mut out, CHART_W, CHART_H);
    let max = bars.iter().map(|b| b.1).fold(1.0f32, f32::max);
    let max = (max / 4.0).ceil() * 4.0;
    axes(&mut out, title, max, months, years);
    let plot_w = CHART_W as f32 - LEFT - RIGHT;
    let plot_h = CHART_H as f32 - TOP - BOTTOM;
    let span = (months.max(2) - 1) as f32;
    let bar_w = (plot_w / span).clamp(1.5, 24.0);
    for (m, v) in bars.iter().filter(|b| b.1 > 0.0) {
        let x = LEFT + plot_w * *m as f32 / span - bar_w / 2.0;
        let h = plot_h * v / max;
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"#8b1a1a\"/>",
            TOP + plot_h - h
        );
    }
    out.push_str("</svg>\n");
    out
}

/// One branch of the tree of the fallen: the head of the group, its date, and each
/// who fell with him, with the colour and word of his fate.
pub struct Branch {
    pub head: String,
    pub date: String,
    pub fallen: Vec<(String, String, String)>,
}

/// Who fell with whom: each group a column, its head above and the fallen beneath,
/// joined by lines; a legend of the fates.
pub fn family(title: &str, branches: &[Branch], legend: &[(String, String)]) -> String {
    let col_w = 180.0f32;
    let row_h = 20.0f32;
    let per_row = 4usize;
    let rows_of = |b: &Branch| b.fallen.len() as f32 * row_h + 70.0;
    let mut bands: Vec<f32> = Vec::new();
    for chunk in branches.chunks(per_row) {
        bands.push(chunk.iter().map(rows_of).fold(0.0, f32::max));
    }
    let width = (col_w * per_row.min(branches.len().max(1)) as f32 + 20.0) as u32;
    let height = (bands.iter().sum::<f32>() + 40.0 + 18.0 * legend.len() as f32 + 16.0) as u32;
    let mut out = String::new();
    open(&mut out, width.max(360), height);
    let _ = writeln!(
        out,
        "<text x=\"10\" y=\"20\" font-size=\"14\" fill=\"#8b1a1a\">{}</text>",
        escape(title)
    );
    let mut top = 36.0f32;
    for (chunk, band) in branches.chunks(per_row).zip(&bands) {
        for (i, b) in chunk.iter().enumerate() {
            let x = 10.0 + col_w * i as f32;
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"34\" fill=\"#efe4cc\" stroke=\"#8b1a1a\"/><text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"bold\" fill=\"{INK}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"{INK}\">{}</text>",
                col_w - 12.0,
                x + 5.0,
                top + 14.0,
                escape(&b.head),
                x + 5.0,
                top + 28.0,
                escape(&b.date)
            );
            for (j, (name, c, _)) in b.fallen.iter().enumerate() {
                let y = top + 50.0 + row_h * j as f32;
                let _ = writeln!(
                    out,
                    "<path d=\"M{:.1},{:.1}V{y:.1}h10\" fill=\"none\" stroke=\"{GRID}\"/><rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{c}\"/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"{INK}\">{}</text>",
                    x + 6.0,
                    top + 34.0,
                    x + 20.0,
                    y - 5.0,
                    x + 34.0,
                    y + 4.0,
                    escape(name)
                );
            }
        }
        top += band;
    }
    write_legend(&mut out, legend, 14.0, top + 8.0);
    out.push_str("</svg>\n");
    out
}
