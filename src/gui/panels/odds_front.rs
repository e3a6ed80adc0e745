//! The Odds window's section on the invasion: where the front stood when the campaign
//! ended, over the histories, axis by axis on one km scale with the places marked, the
//! places' fates, and the purged armies against the spared.

use crate::gui::style;
use crate::model::Date;
use crate::sim::front_odds::{AxisOdds, Quantiles, ReckoningOdds, median_reading};
use bevy_egui::egui;
use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, pos2, vec2};

/// Faint ink, for the scale and the whiskers' ends.
const FAINT: Color32 = Color32::from_rgb(150, 135, 115);

/// "7 October", or with its year when the year is not the invasion's.
fn short(d: Date, year: i32) -> String {
    let long = d.long();
    if d.year == year {
        long.trim_end_matches(&format!(" {year}")).to_string()
    } else {
        long
    }
}

/// "December 1941": the campaign's last month.
fn month(d: Date) -> String {
    let long = d.long();
    long.split_once(' ')
        .map_or(long.clone(), |x| x.1.to_string())
}

/// The km the scale runs to: a little beyond the farthest place. A front past it is
/// drawn to the edge, its km in the line above: the places are what the reader places
/// the front by, and a rare run far beyond them would squeeze them together.
fn scale_km(r: &ReckoningOdds) -> f32 {
    let far = r
        .axes
        .iter()
        .flat_map(|a| a.places.iter().map(|p| p.km))
        .fold(100.0f32, f32::max);
    (far * 1.12 / 100.0).ceil() * 100.0
}

pub(crate) fn front_section(ui: &mut egui::Ui, r: &ReckoningOdds) {
    ui.heading(format!(
        "The front in {} over {} histories",
        month(r.end),
        r.runs
    ));
    ui.label(format!(
        "From {}: how far the invader came on each axis by {}. Thick: the middle half of the histories; thin: 10% to 90%; the mark: the median. ▼ the median where the army was purged ({}), ▲ where it was spared ({}).",
        r.date.long(),
        r.end.long(),
        r.purged.count,
        r.spared.count
    ));
    let km = scale_km(r);
    for a in &r.axes {
        axis_row(ui, a, km);
    }
    scale_row(ui, km);
    ui.add_space(6.0);
    places_table(ui, r);
    let verdicts: Vec<String> = r
        .verdicts
        .iter()
        .map(|(k, v)| format!("{k} {:.0}%", v.share * 100.0))
        .collect();
    ui.label(format!(
        "Against the record: {}. Lost for good (median) {}, of them captured {}.",
        verdicts.join(", "),
        crate::model::grouped(r.median_losses as u32),
        crate::model::grouped(r.median_captured as u32)
    ));
}

/// An axis: its name and the median's reading, then the box on the km scale.
fn axis_row(ui: &mut egui::Ui, a: &AxisOdds, scale: f32) {
    let reading = median_reading(a);
    let split = |q: &Option<Quantiles>| q.map_or("-".to_string(), |q| format!("{:.0}", q.median));
    ui.horizontal_wrapped(|ui| {
        ui.strong(&a.name);
        ui.label(format!(
            "median {:.0} km: {reading}. Purged {} km, spared {} km.",
            a.front.median,
            split(&a.purged),
            split(&a.spared)
        ));
    });
    let width = ui.available_width().max(200.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, 60.0), Sense::hover());
    let p = ui.painter_at(rect);
    let x = |km: f32| rect.left() + 4.0 + (rect.width() - 8.0) * (km / scale).clamp(0.0, 1.0);
    let mid = rect.top() + 16.0;
    p.line_segment(
        [pos2(x(0.0), mid), pos2(x(scale), mid)],
        Stroke::new(1.0, style::PAPER_DARK),
    );
    let q = a.front;
    p.line_segment(
        [pos2(x(q.min), mid), pos2(x(q.max), mid)],
        Stroke::new(1.0, FAINT),
    );
    p.line_segment(
        [pos2(x(q.p10), mid), pos2(x(q.p90), mid)],
        Stroke::new(2.0, style::INK),
    );
    for end in [q.p10, q.p90] {
        p.line_segment(
            [pos2(x(end), mid - 4.0), pos2(x(end), mid + 4.0)],
            Stroke::new(1.5, style::INK),
        );
    }
    let middle = Rect::from_min_max(
        pos2(x(q.p25), mid - 6.0),
        pos2(x(q.p75).max(x(q.p25) + 2.0), mid + 6.0),
    );
    p.rect_filled(middle, 1.0, style::RED.gamma_multiply(0.75));
    p.line_segment(
        [pos2(x(q.median), mid - 9.0), pos2(x(q.median), mid + 9.0)],
        Stroke::new(3.0, style::INK),
    );
    // A front past the scale's end: a chevron at the edge.
    if q.max > scale {
        let tip = pos2(x(scale), mid);
        for dy in [-4.0, 4.0] {
            p.line_segment([tip, tip + vec2(-5.0, dy)], Stroke::new(1.5, style::INK));
        }
    }
    // The purged armies' median above the box, the spared ones' below it.
    if let Some(m) = a.purged {
        let t = pos2(x(m.median), mid - 9.0);
        triangle(
            &p,
            [t, t + vec2(-5.0, -7.0), t + vec2(5.0, -7.0)],
            style::RED,
        );
    }
    if let Some(m) = a.spared {
        let t = pos2(x(m.median), mid + 9.0);
        triangle(&p, [t, t + vec2(5.0, 7.0), t + vec2(-5.0, 7.0)], style::INK);
    }
    // The places on the line, red where the median has passed them; a name that would
    // run into the one before drops to a second row.
    let font = FontId::proportional(11.0);
    let mut ends = [f32::MIN, f32::MIN];
    for place in &a.places {
        let px = x(place.km);
        let color = if q.median >= place.km {
            style::RED
        } else {
            style::INK
        };
        p.line_segment(
            [pos2(px, mid + 10.0), pos2(px, mid + 16.0)],
            Stroke::new(1.5, color),
        );
        let galley = p.layout_no_wrap(place.name.clone(), font.clone(), color);
        let w = galley.size().x;
        let left = (px - w / 2.0).clamp(rect.left(), rect.right() - w);
        let row = usize::from(left < ends[0] + 4.0);
        ends[row] = left + w;
        p.galley(pos2(left, mid + 17.0 + 12.0 * row as f32), galley, color);
    }
}

fn triangle(p: &egui::Painter, points: [Pos2; 3], color: Color32) {
    p.add(egui::Shape::convex_polygon(
        points.to_vec(),
        color,
        Stroke::NONE,
    ));
}

/// The km scale under the axes.
fn scale_row(ui: &mut egui::Ui, scale: f32) {
    let width = ui.available_width().max(200.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, 16.0), Sense::hover());
    let p = ui.painter_at(rect);
    let x = |km: f32| rect.left() + 4.0 + (rect.width() - 8.0) * (km / scale).clamp(0.0, 1.0);
    let step = if scale > 1000.0 { 200.0 } else { 100.0 };
    let mut km = 0.0;
    while km <= scale {
        p.line_segment(
            [pos2(x(km), rect.top()), pos2(x(km), rect.top() + 3.0)],
            Stroke::new(1.0, FAINT),
        );
        let anchor = if km == 0.0 {
            Align2::LEFT_TOP
        } else {
            Align2::CENTER_TOP
        };
        p.text(
            pos2(x(km), rect.top() + 3.0),
            anchor,
            if km == 0.0 {
                "0 km".to_string()
            } else {
                format!("{km:.0}")
            },
            FontId::proportional(10.0),
            FAINT,
        );
        km += step;
    }
}

/// Each place: how often it fell, when (median), the record's day, and how often it
/// fell with a purged army and with a spared one.
fn places_table(ui: &mut egui::Ui, r: &ReckoningOdds) {
    let year = r.date.year;
    egui::Grid::new("odds_front_places")
        .striped(true)
        .spacing(vec2(10.0, 2.0))
        .show(ui, |ui| {
            for h in [
                "Place",
                "Fell",
                "Median fall",
                "In the record",
                "If purged",
                "If spared",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for p in &r.places {
                ui.label(&p.name);
                let fell = if p.besieged.count > 0 {
                    format!(
                        "{:.0}% (besieged {:.0}%)",
                        p.fell.share * 100.0,
                        p.besieged.share * 100.0
                    )
                } else {
                    format!("{:.0}%", p.fell.share * 100.0)
                };
                ui.label(fell);
                ui.label(p.median_fell.map_or("-".into(), |d| short(d, year)));
                ui.label(match (p.record, p.record_besieged) {
                    (Some(d), _) => short(d, year),
                    (None, Some(d)) => format!("besieged {}", short(d, year)),
                    (None, None) => "held".into(),
                });
                ui.label(format!("{:.0}%", p.fell_purged.share * 100.0));
                ui.label(format!("{:.0}%", p.fell_spared.share * 100.0));
                ui.end_row();
            }
        });
}
