//! The ledger (L): tables of figures, units and institutions, sortable by any column
//! and filtered by a search text.

use crate::gui::Screen;
use crate::gui::Selection;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::sim::forces::units::{Unit, UnitState};
use crate::sim::intrigue::paranoia::Suspicion;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};
use egui_extras::{Column, TableBuilder};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Ledger>()
        .add_systems(
            Update,
            toggle
                .run_if(in_state(Screen::InGame))
                .run_if(crate::gui::focus::keys_free),
        )
        .add_systems(
            crate::gui::panels::perf::GameUi,
            ledger_window.run_if(in_state(Screen::InGame)),
        );
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Figures,
    Units,
    Institutions,
    /// Charts of the run so far: power, the ruler's hold, arrests per month.
    History,
    /// The country's quantities month by month, with their causes.
    Country,
    /// The army and the world: the campaign if the invasion came today, the crises so far.
    Army,
    /// The world outside: the powers' relations, the facts abroad, the answers given.
    Foreign,
}

#[derive(Resource, Default)]
pub struct Ledger {
    pub open: bool,
    pub tab: Tab,
    pub filter: String,
    /// Column index and whether descending.
    pub sort: (usize, bool),
}

fn toggle(keys: crate::gui::keys::Keys, mut ledger: ResMut<Ledger>) {
    if keys.just_pressed(crate::gui::keys::Action::Ledger) {
        ledger.open = !ledger.open;
    }
}

/// The rows as last built, and what they were built from.
#[derive(Default)]
struct RowCache {
    key: Option<(u64, Tab, (usize, bool), String)>,
    headers: Vec<&'static str>,
    rows: Vec<Row>,
}

/// One row: the cells as text and as numbers for sorting, and what a click selects.
struct Row {
    cells: Vec<String>,
    keys: Vec<f64>,
    select: Selection,
}

/// What the ledger's tables are built from.
#[derive(SystemParam)]
struct LedgerData<'w, 's> {
    scenario: Option<Res<'w, LoadedScenario>>,
    suspicion: Option<Res<'w, Suspicion>>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    units: Query<'w, 's, (&'static Unit, &'static UnitState)>,
    institutions: Query<'w, 's, &'static Institution>,
    offices: Query<'w, 's, &'static Office>,
    calendar: Option<Res<'w, crate::sim::calendar::Calendar>>,
    trends: Option<Res<'w, crate::sim::politics::factions::Trends>>,
    country: Option<Res<'w, crate::sim::country::Country>>,
    outlook: Option<Res<'w, crate::sim::reckoning::ArmyOutlook>>,
    war: Option<Res<'w, crate::sim::reckoning::War>>,
    events: Option<Res<'w, crate::sim::events::EventState>>,
    foreign: Option<Res<'w, crate::sim::foreign::Foreign>>,
}

fn ledger_window(
    mut contexts: EguiContexts,
    mut ledger: ResMut<Ledger>,
    mut selection: ResMut<Selection>,
    mut cache: Local<RowCache>,
    params: LedgerData,
) -> Result {
    let LedgerData {
        scenario,
        suspicion,
        figures,
        units,
        institutions,
        offices,
        calendar,
        trends,
        country,
        outlook,
        war,
        events,
        foreign,
    } = params;
    if !ledger.open {
        return Ok(());
    }
    let Some(scenario) = scenario else {
        return Ok(());
    };
    let data = &scenario.0;
    let ctx = contexts.ctx_mut()?;
    let mut open = true;
    let faction_name = |f: Option<&str>| {
        f.and_then(|f| data.faction(f))
            .map_or("—".to_string(), |f| f.name.clone())
    };
    // The rows are rebuilt only when the world, the tab, the sort or the filter changed:
    // most frames they are as they were.
    let key = (
        calendar.as_ref().map_or(0, |c| c.ticks),
        ledger.tab,
        ledger.sort,
        ledger.filter.clone(),
    );
    if cache.key.as_ref() != Some(&key) {
        let (headers, mut rows): (Vec<&'static str>, Vec<Row>) = match ledger.tab {
            Tab::Figures => (
                vec![
                    "Name",
                    "Faction",
                    "Status",
                    "Popularity",
                    "Ambition",
                    "Fear",
                    "Suspicion",
                    "Offices",
                ],
                figures
                    .iter()
                    .map(|(f, s)| {
                        let held = offices.iter().filter(|o| o.holders.contains(&f.id)).count();
                        let susp = suspicion
                            .as_ref()
                            .and_then(|x| x.0.get(f.id.as_str()).copied())
                            .unwrap_or(0.0);
                        Row {
                            cells: vec![
                                f.name.clone(),
                                faction_name(s.faction.as_ref().map(FactionId::as_str)),
                                s.status.label().to_string(),
                                format!("{:.0}", s.popularity),
                                format!("{:.0}", s.ambition),
                                format!("{:.0}", s.fear),
                                format!("{susp:.0}"),
                                held.to_string(),
                            ],
                            keys: vec![
                                0.0,
                                0.0,
                                0.0,
                                f64::from(s.popularity),
                                f64::from(s.ambition),
                                f64::from(s.fear),
                                f64::from(susp),
                                held as f64,
                            ],
                            select: Selection::Figure(f.id.to_string()),
                        }
                    })
                    .collect(),
            ),
            Tab::Units => (
                vec![
                    "Unit",
                    "Type",
                    "Where",
                    "Men",
                    "Tanks",
                    "Commander",
                    "Morale",
                ],
                units
                    .iter()
                    .map(|(u, s)| Row {
                        cells: vec![
                            u.name.clone(),
                            data.common
                                .unit_types
                                .iter()
                                .find(|t| t.id == u.kind)
                                .map_or(u.kind.clone(), |t| t.name.clone()),
                            crate::gui::cards::place_name(data, &s.location),
                            s.men.to_string(),
                            s.tanks.to_string(),
                            s.commander
                                .as_ref()
                                .map(FigureId::as_str)
                                .and_then(|c| data.figure(c))
                                .map_or("—".into(), |f| f.name.clone()),
                            format!("{:.2}", s.morale),
                        ],
                        keys: vec![
                            0.0,
                            0.0,
                            0.0,
                            f64::from(s.men),
                            f64::from(s.tanks),
                            0.0,
                            f64::from(s.morale),
                        ],
                        select: Selection::Unit(u.id.to_string()),
                    })
                    .collect(),
            ),
            // The charts have no rows.
            Tab::History | Tab::Country | Tab::Army | Tab::Foreign => (vec!["-"], Vec::new()),
            Tab::Institutions => (
                vec!["Institution", "Controlled by", "Seats held", "Seats"],
                institutions
                    .iter()
                    .map(|i| {
                        let os: Vec<&Office> =
                            offices.iter().filter(|o| o.institution == i.id).collect();
                        let held: usize = os.iter().map(|o| o.holders.len()).sum();
                        let seats: u32 = os.iter().map(|o| o.seats).sum();
                        Row {
                            cells: vec![
                                i.name.clone(),
                                faction_name(i.controller.as_ref().map(|c| c.as_str())),
                                held.to_string(),
                                seats.to_string(),
                            ],
                            keys: vec![0.0, 0.0, held as f64, f64::from(seats)],
                            select: Selection::Institution(i.id.to_string()),
                        }
                    })
                    .collect(),
            ),
        };
        let needle = ledger.filter.to_lowercase();
        if !needle.is_empty() {
            rows.retain(|r| r.cells.iter().any(|c| c.to_lowercase().contains(&needle)));
        }
        let (col, desc) = ledger.sort;
        rows.sort_by(|a, b| {
            let o = if a.keys.get(col).copied().unwrap_or(0.0) != 0.0
                || b.keys.get(col).copied().unwrap_or(0.0) != 0.0
            {
                a.keys[col].total_cmp(&b.keys[col])
            } else {
                a.cells[col].cmp(&b.cells[col])
            };
            let o = o.then(a.cells[0].cmp(&b.cells[0]));
            if desc { o.reverse() } else { o }
        });
        cache.headers = headers;
        cache.rows = rows;
        cache.key = Some(key);
    }
    egui::Window::new("Ledger")
        .open(&mut open)
        .default_size([760.0, 520.0])
        .default_pos([340.0, 60.0])
        .show(ctx, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            ui.horizontal(|ui| {
                for (t, name) in [
                    (Tab::Figures, "Figures"),
                    (Tab::Units, "Units"),
                    (Tab::Institutions, "Institutions"),
                    (Tab::History, "History"),
                    (Tab::Country, "Country"),
                    (Tab::Army, "Army and world"),
                    (Tab::Foreign, "Foreign"),
                ] {
                    // A scenario without a world outside has no Foreign tab.
                    if t == Tab::Foreign && data.common.foreign.is_none() {
                        continue;
                    }
                    if ui.selectable_label(ledger.tab == t, name).clicked() {
                        ledger.tab = t;
                        ledger.sort = (0, false);
                    }
                }
                ui.separator();
                ui.label("Filter");
                ui.text_edit_singleline(&mut ledger.filter);
            });
            if ledger.tab == Tab::History {
                history_charts(ui, data, trends.as_deref());
                return;
            }
            if ledger.tab == Tab::Country {
                super::country::country_charts(ui, data, country.as_deref());
                return;
            }
            if ledger.tab == Tab::Army {
                super::army::army_and_world(
                    ui,
                    data,
                    outlook.as_deref(),
                    war.as_deref(),
                    events.as_deref(),
                );
                return;
            }
            if ledger.tab == Tab::Foreign {
                let view = super::foreign::ForeignView {
                    data,
                    foreign: foreign.as_deref(),
                    events: events.as_deref(),
                    outlook: outlook.as_deref(),
                };
                super::foreign::foreign_tab(ui, &view);
                return;
            }
            let (headers, rows) = (&cache.headers, &cache.rows);
            let mut clicked_header = None;
            let mut clicked_row = None;
            TableBuilder::new(ui)
                .id_salt(("ledger", ledger.tab as u8))
                .striped(true)
                .resizable(true)
                .column(Column::initial(190.0))
                .columns(Column::auto(), headers.len() - 1)
                .header(22.0, |mut header| {
                    for (i, h) in headers.iter().enumerate() {
                        header.col(|ui| {
                            let mark = if ledger.sort.0 == i {
                                if ledger.sort.1 { " (desc)" } else { " (asc)" }
                            } else {
                                ""
                            };
                            if ui.button(format!("{h}{mark}")).clicked() {
                                clicked_header = Some(i);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, rows.len(), |mut row| {
                        let r = &rows[row.index()];
                        for (i, c) in r.cells.iter().enumerate() {
                            row.col(|ui| {
                                if i == 0 {
                                    if ui.link(c).clicked() {
                                        clicked_row = Some(r.select.clone());
                                    }
                                } else {
                                    ui.label(c);
                                }
                            });
                        }
                    });
                });
            if let Some(i) = clicked_header {
                ledger.sort = if ledger.sort.0 == i {
                    (i, !ledger.sort.1)
                } else {
                    (i, true)
                };
            }
            if let Some(s) = clicked_row {
                *selection = s;
            }
        });
    if !open {
        ledger.open = false;
    }
    Ok(())
}

/// Faction power and the ruler's hold by month, and arrests and executions per month.
fn history_charts(
    ui: &mut egui::Ui,
    data: &crate::scenario::ScenarioData,
    trends: Option<&crate::sim::politics::factions::Trends>,
) {
    let Some(t) = trends.filter(|t| t.months.len() > 1) else {
        ui.label("The charts fill in month by month.");
        return;
    };
    let x = |i: usize| {
        i as f64 / 12.0
            + f64::from(t.months[0].date.year)
            + f64::from(t.months[0].date.month - 1) / 12.0
    };
    ui.strong("Faction power, and the ruler's hold on power (0-100)");
    egui_plot::Plot::new("history_power")
        .height(190.0)
        .legend(egui_plot::Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            for f in &data.common.factions {
                let pts: Vec<[f64; 2]> = t
                    .months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        [
                            x(i),
                            f64::from(m.power.get(f.id.as_str()).copied().unwrap_or(0.0)),
                        ]
                    })
                    .collect();
                p.line(
                    egui_plot::Line::new(f.name.clone(), pts)
                        .color(crate::gui::style::faction_color(f.color)),
                );
            }
            let hold: Vec<[f64; 2]> = t
                .months
                .iter()
                .enumerate()
                .map(|(i, m)| [x(i), f64::from(m.hold)])
                .collect();
            p.line(
                egui_plot::Line::new("the ruler's hold", hold)
                    .color(egui::Color32::BLACK)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
        });
    let divergence: Vec<[f64; 2]> = t
        .months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some([x(i), f64::from(m.divergence?)]))
        .collect();
    if !divergence.is_empty() {
        ui.strong("Distance from real history (% of its milestones this run has left)")
            .on_hover_text("Each month, the dated facts of real history that are due by then are checked against the run: who rules, who holds which office, who is alive, free or shot. The line is the share that no longer hold.");
        egui_plot::Plot::new("history_divergence")
            .height(110.0)
            .include_y(0.0)
            .include_y(100.0)
            .allow_scroll(false)
            .show(ui, |p| {
                p.line(
                    egui_plot::Line::new("divergence", divergence).color(crate::gui::style::RED),
                );
            });
    }
    ui.strong("Arrests and executions per month");
    egui_plot::Plot::new("history_arrests")
        .height(150.0)
        .legend(egui_plot::Legend::default())
        .allow_scroll(false)
        .show(ui, |p| {
            let per_month =
                |f: fn(&crate::sim::politics::factions::TrendPoint) -> u32| -> Vec<egui_plot::Bar> {
                    t.months
                        .windows(2)
                        .enumerate()
                        .map(|(i, w)| {
                            egui_plot::Bar::new(
                                x(i + 1),
                                f64::from(f(&w[1]).saturating_sub(f(&w[0]))),
                            )
                            .width(1.0 / 14.0)
                        })
                        .collect()
                };
            p.bar_chart(
                egui_plot::BarChart::new("arrests", per_month(|m| m.arrests))
                    .color(crate::gui::style::RED),
            );
            p.bar_chart(
                egui_plot::BarChart::new("executions", per_month(|m| m.executions))
                    .color(egui::Color32::BLACK),
            );
        });
}
