//! Emblems of institutions and of the kinds of events, drawn as vector marks in a seal:
//! a paper disc ringed in the ink colour with the sign inside, in the style of the map's
//! unit counters (flat ink, no gradients), so that they print as well as they show.

use crate::gui::style;
use crate::scenario::emblems::Emblem;
use bevy_egui::egui;
use std::f32::consts::{FRAC_PI_2, TAU};

/// Draws `emblem` in a seal filling `rect` (its shorter side is the seal's diameter).
pub fn paint(painter: &egui::Painter, rect: egui::Rect, emblem: Emblem, ink: egui::Color32) {
    let c = rect.center();
    let r = rect.width().min(rect.height()) / 2.0;
    painter.circle_filled(c, r, style::PAPER);
    painter.circle_stroke(c, r - 0.75, egui::Stroke::new(1.5, ink));
    // The sign inside, in a square of half the seal's side around its centre.
    let u = r * 0.6;
    let at = |x: f32, y: f32| c + egui::vec2(x * u, y * u);
    let thin = egui::Stroke::new((r / 9.0).max(1.0), ink);
    let line = |a: egui::Pos2, b: egui::Pos2| {
        painter.line_segment([a, b], thin);
    };
    match emblem {
        Emblem::Party => star(painter, c, u, ink),
        Emblem::State => {
            // A pediment over four columns on a step.
            painter.add(egui::Shape::convex_polygon(
                vec![at(-1.0, -0.45), at(0.0, -1.0), at(1.0, -0.45)],
                ink,
                egui::Stroke::NONE,
            ));
            for x in [-0.75, -0.25, 0.25, 0.75] {
                line(at(x, -0.35), at(x, 0.75));
            }
            painter.rect_filled(
                egui::Rect::from_two_pos(at(-1.0, 0.75), at(1.0, 0.95)),
                0.0,
                ink,
            );
        }
        Emblem::Police => {
            // The sword upright over the shield.
            painter.add(egui::Shape::closed_line(
                vec![
                    at(-0.8, -0.7),
                    at(0.8, -0.7),
                    at(0.8, 0.1),
                    at(0.0, 0.95),
                    at(-0.8, 0.1),
                ],
                thin,
            ));
            line(at(0.0, -1.05), at(0.0, 0.75));
            line(at(-0.4, -0.45), at(0.4, -0.45));
        }
        Emblem::Army => {
            // Two rifles crossed under a small star.
            line(at(-0.85, 0.9), at(0.7, -0.55));
            line(at(0.85, 0.9), at(-0.7, -0.55));
            for (x, s) in [(-0.85, 1.0), (0.85, -1.0)] {
                line(at(x, 0.9), at(x + 0.3 * s, 0.65));
            }
            star(painter, at(0.0, -0.55), u * 0.45, ink);
        }
        Emblem::Intelligence => {
            // An open eye.
            painter.add(egui::Shape::ellipse_stroke(c, egui::vec2(u, u * 0.5), thin));
            painter.circle_filled(c, u * 0.28, ink);
        }
        Emblem::Press => {
            // A printed sheet: the masthead, then the columns of type.
            painter.rect_stroke(
                egui::Rect::from_two_pos(at(-0.8, -0.95), at(0.8, 0.95)),
                0.0,
                thin,
                egui::StrokeKind::Middle,
            );
            painter.rect_filled(
                egui::Rect::from_two_pos(at(-0.6, -0.75), at(0.6, -0.45)),
                0.0,
                ink,
            );
            for y in [-0.15, 0.15, 0.45, 0.7] {
                line(at(-0.6, y), at(0.6, y));
            }
        }
        Emblem::Plan => {
            // A gear: eight teeth round a ring.
            painter.circle_stroke(c, u * 0.6, thin);
            for k in 0..8 {
                let a = k as f32 * TAU / 8.0;
                let (s, co) = a.sin_cos();
                line(
                    c + egui::vec2(co, s) * u * 0.6,
                    c + egui::vec2(co, s) * u * 0.95,
                );
            }
            painter.circle_filled(c, u * 0.18, ink);
        }
        Emblem::International => {
            // A globe: its rim, a meridian and the equator.
            painter.circle_stroke(c, u * 0.95, thin);
            painter.add(egui::Shape::ellipse_stroke(
                c,
                egui::vec2(u * 0.42, u * 0.95),
                thin,
            ));
            line(at(-0.95, 0.0), at(0.95, 0.0));
        }
        Emblem::Dagger => {
            // A blade point down, its guard and grip.
            painter.add(egui::Shape::convex_polygon(
                vec![at(-0.18, -0.35), at(0.18, -0.35), at(0.0, 1.0)],
                ink,
                egui::Stroke::NONE,
            ));
            line(at(-0.55, -0.4), at(0.55, -0.4));
            line(at(0.0, -0.4), at(0.0, -0.95));
        }
        Emblem::Portrait => {
            // A head and shoulders.
            painter.circle_filled(at(0.0, -0.35), u * 0.38, ink);
            painter.add(egui::Shape::convex_polygon(
                vec![at(-0.75, 0.9), at(-0.5, 0.2), at(0.5, 0.2), at(0.75, 0.9)],
                ink,
                egui::Stroke::NONE,
            ));
        }
    }
}

/// A five-pointed star centred on `c`, its points `r` from the centre.
fn star(painter: &egui::Painter, c: egui::Pos2, r: f32, ink: egui::Color32) {
    let point = |k: usize, radius: f32| {
        let a = -FRAC_PI_2 + k as f32 * TAU / 10.0;
        c + egui::vec2(a.cos(), a.sin()) * radius
    };
    // Drawn as five triangles round a pentagon, each convex, so the fill is exact.
    let inner = r * 0.4;
    let pentagon: Vec<egui::Pos2> = (0..5).map(|k| point(2 * k + 1, inner)).collect();
    painter.add(egui::Shape::convex_polygon(
        pentagon,
        ink,
        egui::Stroke::NONE,
    ));
    for k in 0..5 {
        painter.add(egui::Shape::convex_polygon(
            vec![
                point((2 * k + 9) % 10, inner),
                point(2 * k, r),
                point(2 * k + 1, inner),
            ],
            ink,
            egui::Stroke::NONE,
        ));
    }
}

/// An emblem laid out in a row: a square of `size` points.
pub fn show(ui: &mut egui::Ui, emblem: Emblem, size: f32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    if ui.is_rect_visible(rect) {
        paint(ui.painter(), rect, emblem, style::RED);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Emblem; 10] = [
        Emblem::Party,
        Emblem::State,
        Emblem::Police,
        Emblem::Army,
        Emblem::Intelligence,
        Emblem::Press,
        Emblem::Plan,
        Emblem::International,
        Emblem::Dagger,
        Emblem::Portrait,
    ];

    /// The shapes one emblem paints into a 40-point seal.
    fn painted(emblem: Emblem) -> (egui::Rect, Vec<egui::Shape>) {
        let ctx = egui::Context::default();
        let rect = egui::Rect::from_min_size(egui::pos2(100.0, 100.0), egui::vec2(40.0, 40.0));
        ctx.begin_pass(egui::RawInput::default());
        let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::new("emblem"));
        let painter = egui::Painter::new(ctx.clone(), layer, egui::Rect::EVERYTHING);
        paint(&painter, rect, emblem, style::RED);
        let shapes: Vec<egui::Shape> = ctx.graphics(|g| {
            g.get(layer)
                .map(|l| l.all_entries().map(|c| c.shape.clone()).collect())
                .unwrap_or_default()
        });
        // No renderer takes the font atlas here.
        ctx.end_pass().textures_delta.clear();
        (rect, shapes)
    }

    #[test]
    fn every_emblem_draws_a_sign_inside_its_seal() {
        for e in ALL {
            let (rect, shapes) = painted(e);
            // The seal's disc and ring, and the sign.
            assert!(shapes.len() > 2, "{e:?}: {} shapes", shapes.len());
            for s in &shapes {
                let b = s.visual_bounding_rect();
                assert!(
                    rect.expand(1.5).contains_rect(b),
                    "{e:?} draws outside its seal: {b:?}"
                );
            }
        }
    }

    #[test]
    fn the_base_games_event_kinds_have_emblems_and_others_none() {
        for kind in ["politics", "purge", "war", "plot", "personal"] {
            assert!(Emblem::of_event_kind(kind).is_some(), "{kind}");
        }
        assert_eq!(Emblem::of_event_kind("a mod's own kind"), None);
    }
}
