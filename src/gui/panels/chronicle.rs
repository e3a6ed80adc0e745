//! The chronicle at the bottom: the run's history, newest first, filtered by kind, by
//! figure or by one event's thread.

use super::{PanelSpace, RunView, leave_rest, panel_root};
use crate::gui::panels::settings::{Settings, save_settings};
use crate::gui::{Selection, style};
use crate::model::FigureId;
use crate::scenario::schema::ScenarioData;
use crate::sim::chronicle::{Chronicle, ChronicleEntry, ChronicleKind};
use crate::sim::forces::staging::Battles;
use crate::sim::politics::institutions::Office;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

/// How the player has set the chronicle.
#[derive(Resource)]
pub struct ChronicleView {
    pub open: bool,
    /// Only this kind of entry.
    pub kind_filter: Option<String>,
    /// Only entries about figures whose name contains this.
    pub figure_filter: String,
    /// One event's thread: its own entry and what it caused.
    pub thread: Option<String>,
    /// Decisive entries not yet read, by index, pinned above the list.
    pub pinned: Vec<usize>,
    /// How many entries have been looked at for pinning; none before the run's first frame.
    pub scanned: Option<usize>,
}

impl Default for ChronicleView {
    fn default() -> Self {
        Self {
            open: true,
            kind_filter: None,
            figure_filter: String::new(),
            thread: None,
            pinned: Vec::new(),
            scanned: None,
        }
    }
}

impl ChronicleView {
    /// A new or loaded run: its past is history, not news to pin.
    pub fn forget_news(&mut self) {
        self.pinned.clear();
        self.scanned = None;
    }
}

#[derive(SystemParam)]
pub(super) struct ChroniclePanel<'w, 's> {
    run: RunView<'w>,
    offices: Query<'w, 's, &'static Office>,
    chronicle: Option<Res<'w, Chronicle>>,
    battles: Option<Res<'w, Battles>>,
    view: ResMut<'w, ChronicleView>,
    selection: ResMut<'w, Selection>,
    director: ResMut<'w, crate::gui::map::director::Director>,
}

pub(super) fn chronicle(
    mut contexts: EguiContexts,
    mut space: ResMut<PanelSpace>,
    mut panel: ChroniclePanel,
    mut settings: ResMut<Settings>,
    mut resize: Local<(Option<f32>, bool)>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = panel_root(ctx, &space, "chronicle_root");
    let shown = egui::Panel::bottom("chronicle")
        .resizable(true)
        .default_size(settings.chronicle_height)
        .size_range(80.0..=ctx.content_rect().height() * 0.7)
        .show(&mut root, |ui| panel.show(ui));
    leave_rest(&mut space, &root);
    // The height the player dragged it to is kept, once the drag is over; a height that
    // changes with no button held (the window resized, the panel laid out) is not his.
    let height = shown.response.rect.height().round();
    let pressed = ctx.input(|i| i.pointer.any_down());
    let (last, dragged) = &mut *resize;
    if last.is_some_and(|h| (h - height).abs() >= 1.0) && pressed && panel.view.open {
        *dragged = true;
    }
    *last = Some(height);
    if *dragged && !pressed {
        *dragged = false;
        settings.chronicle_height = height;
        save_settings(&settings);
    }
    Ok(())
}

impl ChroniclePanel<'_, '_> {
    fn show(&mut self, ui: &mut egui::Ui) {
        if let Some(at) = self.entries(ui) {
            self.open_entry(at);
        }
    }

    /// The header, the pinned entries and the list; the entry clicked.
    fn entries(&mut self, ui: &mut egui::Ui) -> Option<usize> {
        let (Some((_, _, data)), Some(chronicle)) = (self.run.get(), self.chronicle.as_deref())
        else {
            return None;
        };
        let view = &mut *self.view;
        filters(ui, view, chronicle, data);
        if !view.open {
            return None;
        }
        pin_decisive(view, chronicle, data, &self.offices);
        if let Some(at) = pinned(ui, view, chronicle) {
            return Some(at);
        }
        // Newest first: what just happened is what a player wants to read. Only the rows
        // in view are laid out, however long the history grows.
        let needle = view.figure_filter.trim().to_lowercase();
        let filtered = view.kind_filter.is_some() || view.thread.is_some() || !needle.is_empty();
        // Unfiltered, row i is simply the i-th newest entry: no list to build.
        let total = chronicle.entries.len();
        let shown: Vec<usize> = (0..if filtered { total } else { 0 })
            .rev()
            .filter(|i| {
                let e = &chronicle.entries[*i];
                view.kind_filter
                    .as_ref()
                    .is_none_or(|k| e.kind.as_str() == k)
                    && view
                        .thread
                        .as_ref()
                        .is_none_or(|t| e.event.as_ref() == Some(t) || e.cause.as_ref() == Some(t))
                    && (needle.is_empty()
                        || e.actors.iter().any(|a| {
                            data.figure(a.as_str())
                                .is_some_and(|f| f.name.to_lowercase().contains(&needle))
                        }))
            })
            .collect();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let rows = if filtered { shown.len() } else { total };
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows, |ui, rows| {
                for i in rows {
                    let at = if filtered { shown[i] } else { total - 1 - i };
                    if row(ui, &chronicle.entries[at], data, &mut view.thread) {
                        clicked = Some(at);
                    }
                }
            });
        // Read in the list, it is read.
        view.pinned.retain(|p| Some(*p) != clicked);
        clicked
    }

    /// An entry clicked: its first figure's card, and its place on the map.
    fn open_entry(&mut self, at: usize) {
        let Some(e) = self.chronicle.as_deref().and_then(|c| c.entries.get(at)) else {
            return;
        };
        if let Some(a) = e.actors.first() {
            *self.selection = Selection::Figure(a.to_string());
        }
        let battles: &[_] = self.battles.as_ref().map_or(&[], |b| &b.0);
        let place = e.place.clone().or_else(|| {
            (e.kind == ChronicleKind::Battle)
                .then(|| {
                    battles
                        .iter()
                        .rev()
                        .find(|(d, _)| *d == e.date)
                        .map(|(_, r)| r.site.clone())
                })
                .flatten()
        });
        if let Some(p) = place {
            self.director.request = Some(p);
        }
    }
}

/// The chronicle's header: show or hide it, and its filters.
fn filters(
    ui: &mut egui::Ui,
    view: &mut ChronicleView,
    chronicle: &Chronicle,
    data: &ScenarioData,
) {
    ui.horizontal(|ui| {
        let label = if view.open {
            "Hide the chronicle"
        } else {
            "Show the chronicle"
        };
        if ui.button(label).clicked() {
            view.open = !view.open;
        }
        ui.label(crate::gui::style::count(
            chronicle.entries.len() as i64,
            "entry",
            "entries",
        ));
        if !view.open {
            return;
        }
        ui.separator();
        let kinds: std::collections::BTreeSet<&str> =
            chronicle.entries.iter().map(|e| e.kind.as_str()).collect();
        egui::ComboBox::from_id_salt("chronicle_kind")
            .selected_text(
                view.kind_filter
                    .clone()
                    .unwrap_or_else(|| "every kind".into()),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.kind_filter, None, "every kind");
                for k in kinds {
                    ui.selectable_value(&mut view.kind_filter, Some(k.to_string()), k);
                }
            });
        ui.label("Figure:");
        ui.add(egui::TextEdit::singleline(&mut view.figure_filter).desired_width(110.0))
            .on_hover_text("Only entries about figures whose name contains this.");
        if let Some(t) = view.thread.clone() {
            let title = data
                .common
                .events
                .iter()
                .find(|e| e.id == t)
                .map_or(t.as_str(), |e| e.title.as_str());
            if ui
                .button(format!("× thread of “{title}”"))
                .on_hover_text("Show every entry again.")
                .clicked()
            {
                view.thread = None;
            }
        }
    });
}

/// One entry; true when its text was clicked.
fn row(
    ui: &mut egui::Ui,
    e: &ChronicleEntry,
    data: &ScenarioData,
    thread: &mut Option<String>,
) -> bool {
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(e.date.long()).color(style::RED));
        if let Some(c) = &e.cause {
            let title = data.common.events.iter().find(|x| &x.id == c);
            let b = ui.small_button("⤴").on_hover_ui(|ui| {
                ui.strong(format!(
                    "Caused by: {}",
                    title.map_or(c.as_str(), |t| t.title.as_str())
                ));
                if let Some(t) = title {
                    ui.label(&t.text);
                }
                ui.label("Click to follow the thread of that event.");
            });
            if b.clicked() {
                *thread = Some(c.clone());
            }
        }
        let text = ui
            .add(
                egui::Label::new(&e.text)
                    .truncate()
                    .sense(egui::Sense::click()),
            )
            .on_hover_ui(|ui| {
                ui.label(&e.text);
                let names: Vec<&str> = e
                    .actors
                    .iter()
                    .filter_map(|a| data.figure(a.as_str()))
                    .map(|f| f.name.as_str())
                    .collect();
                if !names.is_empty() {
                    ui.label(format!("Who: {}", names.join(", ")));
                }
                ui.label("Click: the first of them, and the place on the map.");
            });
        clicked = text.clicked();
    });
    clicked
}

/// The most decisive entries pinned at once; older ones give way.
const MAX_PINNED: usize = 4;

/// Whether an entry is news a player must not miss: a coup, a battle, the war, a change
/// of ruler, a plenum; the arrest, trial or purge of a great figure (one of the council
/// or of the leadership, at the start or now).
fn decisive(e: &ChronicleEntry, great: &std::collections::BTreeSet<&str>) -> bool {
    use ChronicleKind as K;
    match e.kind {
        K::Coup | K::Battle | K::War | K::Ruler | K::Plenum => true,
        K::Arrest | K::Trial | K::Purge => e.actors.iter().any(|a| great.contains(a.as_str())),
        _ => false,
    }
}

/// Pins the decisive entries written since the last look; what was written before the
/// run came on screen (a loaded game's past) is not news.
fn pin_decisive(
    view: &mut ChronicleView,
    chronicle: &Chronicle,
    data: &ScenarioData,
    offices: &Query<&Office>,
) {
    let total = chronicle.entries.len();
    let from = match view.scanned {
        Some(n) if n <= total => n,
        // The run's first look: what it holds already is not news.
        _ => {
            view.pinned.clear();
            view.scanned = Some(total);
            return;
        }
    };
    if from == total {
        return;
    }
    let mut great: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for key in &data.scenario.council {
        for h in data.scenario.offices.get(key).into_iter().flatten() {
            great.insert(h.as_str());
        }
    }
    for o in offices
        .iter()
        .filter(|o| data.scenario.council.contains(&o.key))
    {
        great.extend(o.holders.iter().map(FigureId::as_str));
    }
    great.insert(data.scenario.leader.as_str());
    for at in from..total {
        if decisive(&chronicle.entries[at], &great) {
            view.pinned.push(at);
        }
    }
    let over = view.pinned.len().saturating_sub(MAX_PINNED);
    view.pinned.drain(..over);
    view.scanned = Some(total);
}

/// The pinned entries above the list, newest first, each with its ×; the one clicked.
fn pinned(ui: &mut egui::Ui, view: &mut ChronicleView, chronicle: &Chronicle) -> Option<usize> {
    let mut opened = None;
    let mut read = Vec::new();
    for &at in view.pinned.iter().rev() {
        let e = &chronicle.entries[at];
        ui.horizontal(|ui| {
            if ui
                .small_button("×")
                .on_hover_text("Read: unpin it")
                .clicked()
            {
                read.push(at);
            }
            ui.label(
                egui::RichText::new(e.date.long())
                    .color(style::RED)
                    .strong(),
            );
            let text = ui
                .add(
                    egui::Label::new(egui::RichText::new(&e.text).strong())
                        .truncate()
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(&e.text);
            if text.clicked() {
                read.push(at);
                opened = Some(at);
            }
        });
    }
    view.pinned.retain(|p| !read.contains(p));
    if !view.pinned.is_empty() || !read.is_empty() {
        ui.separator();
    }
    opened
}
