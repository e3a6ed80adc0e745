//! The look: paper, ink and red, as the game's feel asks for.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.insert_resource(ClearColor(SEA))
        .add_systems(Startup, install_map_font)
        .add_systems(
            crate::gui::panels::perf::GameUi,
            apply_style.run_if(run_once),
        );
}

/// The game's typeface, DejaVu Serif (assets/fonts/, with its licence): a book face for
/// an archival look, with Cyrillic as well as Latin, built into the binary so that the
/// game needs no files beside it to show a name in either script.
pub const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif.ttf");

/// The map's labels are Bevy text: the default font (a Latin-only subset) is replaced
/// by the game's before the first frame lays out any text.
fn install_map_font(mut fonts: ResMut<Assets<Font>>) {
    let _ = fonts.insert(AssetId::default(), Font::from_bytes(FONT.to_vec()));
}

pub const SEA: Color = Color::srgb(0.56, 0.63, 0.66);
pub const PAPER: egui::Color32 = egui::Color32::from_rgb(236, 228, 208);
pub const PAPER_DARK: egui::Color32 = egui::Color32::from_rgb(222, 211, 184);
pub const INK: egui::Color32 = egui::Color32::from_rgb(40, 32, 26);
pub const RED: egui::Color32 = egui::Color32::from_rgb(150, 28, 24);

fn apply_style(mut contexts: EguiContexts) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut v = egui::Visuals::light();
    v.panel_fill = PAPER;
    v.window_fill = PAPER;
    v.extreme_bg_color = egui::Color32::from_rgb(246, 240, 226);
    v.faint_bg_color = PAPER_DARK;
    v.override_text_color = Some(INK);
    v.selection.bg_fill = egui::Color32::from_rgb(196, 120, 100);
    v.hyperlink_color = RED;
    v.widgets.inactive.weak_bg_fill = PAPER_DARK;
    v.widgets.inactive.bg_fill = PAPER_DARK;
    v.window_stroke = egui::Stroke::new(1.0, egui::Color32::from_rgb(120, 100, 80));
    ctx.set_visuals(v);
    // The game's face first; egui's own fonts stay behind it for symbols it lacks.
    ctx.add_font(egui::epaint::text::FontInsert {
        name: "dejavu_serif".into(),
        data: egui::FontData::from_static(FONT),
        families: vec![egui::epaint::text::InsertFontFamily {
            family: egui::FontFamily::Proportional,
            priority: egui::epaint::text::FontPriority::Highest,
        }],
    });
    ctx.all_styles_mut(|s| {
        s.spacing.item_spacing = egui::vec2(6.0, 4.0);
    });
    Ok(())
}

/// A faction's colour for egui.
pub fn faction_color(c: (u8, u8, u8)) -> egui::Color32 {
    egui::Color32::from_rgb(c.0, c.1, c.2)
}

/// A count with its noun: "1 member", "3 members".
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_count_of_one_takes_the_singular() {
        assert_eq!(super::count(1, "member", "members"), "1 member");
        assert_eq!(super::count(0, "entry", "entries"), "0 entries");
        assert_eq!(super::count(3_u32, "day", "days"), "3 days");
    }
}
