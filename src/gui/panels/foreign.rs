//! The ledger's Foreign tab: how each power stands with the country and why, the facts
//! abroad so far, newest first, the questions of the world the country has answered,
//! and what those answers mean for the campaign of the invasion.

use crate::gui::style::{INK, PAPER_DARK, RED};
use crate::scenario::ScenarioData;
use crate::scenario::foreign::{ForeignDef, RELATION_LIMIT};
use crate::sim::events::EventState;
use crate::sim::foreign::Foreign;
use crate::sim::reckoning::ArmyOutlook;
use bevy_egui::egui;

/// The friendly end of a relation bar: the muted green of the game's maps.
const FRIENDLY: egui::Color32 = egui::Color32::from_rgb(74, 112, 64);
const BAR_WIDTH: f32 = 340.0;
const BAR_HEIGHT: f32 = 10.0;

/// What the run's world looks like now, as the ledger reads it.
pub(crate) struct ForeignView<'a> {
    pub data: &'a ScenarioData,
    pub foreign: Option<&'a Foreign>,
    pub events: Option<&'a EventState>,
    pub outlook: Option<&'a ArmyOutlook>,
}

pub(crate) fn foreign_tab(ui: &mut egui::Ui, view: &ForeignView) {
    let Some(def) = view.data.common.foreign.as_ref() else {
        ui.label("This scenario has no world outside.");
        return;
    };
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    // The powers on the left, the world's record and the answers on the right: each
    // scrolls on its own, so that both are in view at once. Columns justify their text;
    // it reads better ragged.
    let ragged = egui::Layout::top_down(egui::Align::Min);
    ui.columns(2, |cols| {
        egui::ScrollArea::vertical()
            .id_salt("foreign_powers")
            .show(&mut cols[0], |ui| {
                ui.with_layout(ragged, |ui| powers(ui, view, def));
            });
        egui::ScrollArea::vertical()
            .id_salt("foreign_world")
            .show(&mut cols[1], |ui| {
                ui.with_layout(ragged, |ui| world(ui, view, def));
            });
    });
}

/// Each power: its relation and the causes of it.
fn powers(ui: &mut egui::Ui, view: &ForeignView, def: &ForeignDef) {
    ui.strong("The powers");
    ui.small("How each stands with the Soviet Union, taken on the first of the month: hostile to the left, allied to the right.");
    for p in &def.powers {
        ui.add_space(4.0);
        let standing = view.foreign.and_then(|f| f.powers.get(&p.id));
        power_row(ui, &p.name, standing);
    }
}

/// The facts abroad so far, the answers given, and what they mean for the war.
fn world(ui: &mut egui::Ui, view: &ForeignView, def: &ForeignDef) {
    ui.strong("The world so far");
    let facts = view.foreign.map(|f| f.facts.as_slice()).unwrap_or_default();
    if facts.is_empty() {
        ui.label("Nothing yet.");
    }
    for f in facts.iter().rev() {
        // The text names its power; the name is on hover for the reader who wants it.
        let power = def.power(&f.power).map_or("—", |p| p.name.as_str());
        dated(ui, &f.date.long(), &f.text).on_hover_text(power);
    }
    ui.separator();
    answers(ui, view, def);
    ui.separator();
    meaning_for_the_war(ui, view.data, view.outlook);
}

/// A line of the record: its day in bold, then what happened.
fn dated(ui: &mut egui::Ui, date: &str, text: &str) -> egui::Response {
    let mut job = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let strong = egui::TextFormat {
        font_id: font.clone(),
        color: RED,
        ..Default::default()
    };
    job.append(date, 0.0, strong);
    let plain = egui::TextFormat {
        font_id: font,
        color: INK,
        ..Default::default()
    };
    job.append(text, 6.0, plain);
    ui.label(job)
}

/// A power's name and relation, the relation as a bar from the centre, and the causes
/// beneath.
fn power_row(ui: &mut egui::Ui, name: &str, standing: Option<&crate::sim::foreign::PowerStanding>) {
    let relation = standing.map_or(0.0, |s| s.relation);
    ui.horizontal(|ui| {
        ui.strong(name);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("{relation:+.0}, {}", word(relation)));
        });
    });
    let size = egui::vec2(ui.available_width().min(BAR_WIDTH), BAR_HEIGHT);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, PAPER_DARK);
    let share = (relation / RELATION_LIMIT).clamp(-1.0, 1.0);
    let mid = rect.center().x;
    let end = mid + share * rect.width() / 2.0;
    let fill = egui::Rect::from_x_y_ranges(mid.min(end)..=mid.max(end), rect.y_range());
    painter.rect_filled(fill, 0.0, if share < 0.0 { RED } else { FRIENDLY });
    painter.line_segment(
        [
            egui::pos2(mid, rect.top() - 2.0),
            egui::pos2(mid, rect.bottom() + 2.0),
        ],
        egui::Stroke::new(1.0, INK),
    );
    for (cause, by) in standing.map(|s| s.causes.as_slice()).unwrap_or_default() {
        ui.small(format!("{by:+.0}  {cause}"));
    }
}

fn word(relation: f32) -> &'static str {
    match relation {
        r if r <= -60.0 => "hostile",
        r if r <= -20.0 => "cold",
        r if r < 20.0 => "correct",
        r if r < 60.0 => "friendly",
        _ => "allied",
    }
}

/// The questions of the world answered so far, newest first.
fn answers(ui: &mut egui::Ui, view: &ForeignView, def: &ForeignDef) {
    ui.strong("The answers given");
    let history = view
        .events
        .map(|e| e.history.as_slice())
        .unwrap_or_default();
    let lines: Vec<(String, String)> = history
        .iter()
        .filter(|r| def.questions.contains(&r.event))
        .filter_map(|r| {
            let ev = view.data.common.events.iter().find(|e| e.id == r.event)?;
            let option = ev.options.iter().find(|o| o.id == r.option)?;
            let option = view.data.named_on(&option.text, r.date);
            Some((r.date.long(), format!("{}: {option}", ev.title)))
        })
        .collect();
    if lines.is_empty() {
        ui.label("None yet.");
    }
    for (date, line) in lines.iter().rev() {
        dated(ui, date, line);
    }
}

/// The reckoning's modifiers that hold now: what the answers do to the campaign.
fn meaning_for_the_war(ui: &mut egui::Ui, data: &ScenarioData, outlook: Option<&ArmyOutlook>) {
    let reaches_the_war = data
        .common
        .reckoning
        .as_ref()
        .is_some_and(|r| data.scenario.end >= r.date);
    ui.strong("What the run's choices mean if war comes");
    match outlook.and_then(|o| o.0.as_ref()) {
        None if reaches_the_war => {
            ui.label(
                "Taken on the first of each month: not yet since the game began or was loaded.",
            );
        }
        None => {
            ui.label("This scenario ends before the invasion.");
        }
        Some(r) if r.causes.is_empty() => {
            ui.label("Nothing the country has chosen yet changes the campaign.");
        }
        Some(r) => {
            for cause in &r.causes {
                ui.label(format!("· {cause}"));
            }
            ui.small(format!(
                "With them the army would be {:.2} times as strong as the record's, and surprised {:.0}%; see Army and world.",
                r.strength,
                r.surprise * 100.0
            ));
        }
    }
}
