//! Unit counters drawn as military map signs: a frame in the faction's colour with the
//! type's sign inside, and the strength beside it on a paper tag.

use crate::gui::style;
use crate::scenario::schema::MapSymbol;
use bevy_egui::egui;

/// The frame's size in pixels, as on a printed map: half again as wide as high.
pub const FRAME: egui::Vec2 = egui::vec2(27.0, 18.0);

/// The sign inside a frame, in the stroke given.
pub fn paint_sign(painter: &egui::Painter, r: egui::Rect, sign: MapSymbol, ink: egui::Color32) {
    let s = egui::Stroke::new(1.6, ink);
    let line = |a: egui::Pos2, b: egui::Pos2| {
        painter.line_segment([a, b], s);
    };
    let band = |top: bool| {
        let h = r.height() * 0.28;
        let y = if top { r.top() } else { r.bottom() - h };
        painter.rect_filled(
            egui::Rect::from_min_size(egui::pos2(r.left(), y), egui::vec2(r.width(), h)),
            0.0,
            ink,
        );
    };
    match sign {
        MapSymbol::Infantry => {
            line(r.left_top(), r.right_bottom());
            line(r.left_bottom(), r.right_top());
        }
        MapSymbol::Armour => {
            painter.add(egui::Shape::ellipse_stroke(
                r.center(),
                egui::vec2(r.width() * 0.34, r.height() * 0.26),
                s,
            ));
        }
        MapSymbol::Cavalry => line(r.left_bottom(), r.right_top()),
        // The security troops: the crossed lines under a solid band, the mark of the
        // internal troops.
        MapSymbol::Security => {
            band(true);
            let under = egui::Rect::from_min_max(
                egui::pos2(r.left(), r.top() + r.height() * 0.28),
                r.right_bottom(),
            );
            line(under.left_top(), under.right_bottom());
            line(under.left_bottom(), under.right_top());
        }
        // The militia: a chevron, the armed workers' sign, open at the bottom.
        MapSymbol::Militia => {
            let top = egui::pos2(r.center().x, r.top() + 3.0);
            line(r.left_bottom(), top);
            line(top, r.right_bottom());
        }
        // Special detachments: a cross upright.
        MapSymbol::Special => {
            line(
                egui::pos2(r.center().x, r.top()),
                egui::pos2(r.center().x, r.bottom()),
            );
            line(
                egui::pos2(r.left(), r.center().y),
                egui::pos2(r.right(), r.center().y),
            );
        }
        // Guards: a band at the foot and a frame within the frame.
        MapSymbol::Guard => {
            band(false);
            painter.rect_stroke(
                r.shrink2(egui::vec2(5.0, 4.0))
                    .translate(egui::vec2(0.0, -2.0)),
                0.0,
                s,
                egui::StrokeKind::Inside,
            );
        }
    }
}

/// A whole counter centred on `at`: the frame in `color` with its sign, and `strength`
/// on a tag to the right. Returns the rectangle it covers, for hovering and clicks.
pub fn paint_counter(
    painter: &egui::Painter,
    at: egui::Pos2,
    sign: MapSymbol,
    color: egui::Color32,
    strength: &str,
) -> egui::Rect {
    let frame = egui::Rect::from_center_size(at, FRAME);
    let font = egui::FontId::proportional(12.0);
    let galley = painter.layout_no_wrap(strength.to_string(), font, style::INK);
    let tag = egui::Rect::from_min_size(
        egui::pos2(frame.right(), frame.top() + 1.0),
        egui::vec2(galley.size().x + 8.0, FRAME.y - 2.0),
    );
    painter.rect_filled(tag, 2.0, style::PAPER);
    painter.rect_stroke(
        tag,
        2.0,
        egui::Stroke::new(1.0, style::INK),
        egui::StrokeKind::Inside,
    );
    painter.galley(
        egui::pos2(tag.left() + 4.0, tag.center().y - galley.size().y / 2.0),
        galley,
        style::INK,
    );
    painter.rect_filled(frame, 0.0, color);
    // White signs on dark colours, ink on light ones.
    let light = u32::from(color.r()) * 3 + u32::from(color.g()) * 6 + u32::from(color.b()) > 1500;
    let ink = if light {
        style::INK
    } else {
        egui::Color32::WHITE
    };
    paint_sign(painter, frame.shrink(1.0), sign, ink);
    painter.rect_stroke(
        frame,
        0.0,
        egui::Stroke::new(1.8, style::INK),
        egui::StrokeKind::Outside,
    );
    frame.union(tag)
}
