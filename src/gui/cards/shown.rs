//! Every word a card puts before the player, drawn without a window: the card of a
//! selection laid out in a bare egui context with every tooltip, nested tooltip and
//! drop-down open, and the text of each shape it paints collected. What the checks of
//! the window's words read (no id where a name is due).

use super::{CardScroll, Cards};
use crate::gui::Selection;
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;
use bevy_egui::egui;

/// The texts the card of `selection` shows in `world` (a run under way), tooltips and
/// all, in the order painted; empty if the card cannot be drawn.
pub fn card_texts(world: &mut World, selection: Selection) -> Vec<String> {
    world.insert_resource(selection);
    world.init_resource::<CardScroll>();
    let ctx = egui::Context::default();
    ctx.memory_mut(|m| m.set_everything_is_visible(true));
    // Tall enough that nothing on the card falls below the fold (egui skips painting
    // what cannot be seen).
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 60_000.0),
        )),
        ..Default::default()
    };
    let mut texts = Vec::new();
    // A tooltip is sized on its first pass and drawn on the next; a grid in it, and a
    // tooltip in a tooltip, each take a pass more: four passes.
    for _ in 0..4 {
        let ctx = ctx.clone();
        let out =
            world.run_system_once(move |mut cards: Cards| ctx.run_ui(input(), |ui| cards.show(ui)));
        let Ok(mut out) = out else {
            return Vec::new();
        };
        // No renderer takes the font atlas here.
        out.textures_delta.clear();
        texts.clear();
        for clipped in out.shapes {
            collect(&clipped.shape, &mut texts);
        }
    }
    texts
}

fn collect(shape: &egui::Shape, out: &mut Vec<String>) {
    match shape {
        egui::Shape::Text(t) => out.push(t.galley.text().to_string()),
        egui::Shape::Vec(v) => v.iter().for_each(|s| collect(s, out)),
        _ => {}
    }
}
