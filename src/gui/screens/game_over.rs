//! The end of a run: the player's victory or defeat against the side's goal, who rules,
//! what became of each main figure, the numbers, what the player's side saw coming and
//! what it did not, and the run written as an article.

use crate::gui::{Screen, style};
use crate::model::FactionId;
use crate::model::FigureId;
use crate::sim::chronicle::Chronicle;
use crate::sim::forces::staging::Battles;
use crate::sim::snapshot::Summary;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::GameOver), take_summary)
        .add_systems(
            crate::gui::panels::perf::GameUi,
            game_over_ui.run_if(in_state(Screen::GameOver)),
        );
}

/// The run as it ended, taken once when the end screen opens.
#[derive(Resource)]
pub struct EndOfRun {
    pub summary: Summary,
    /// Where the article was written, once the player asks for it.
    pub article: Option<Result<std::path::PathBuf, String>>,
    /// What the last press of a button came to (the browser opened, the code copied).
    pub notice: Option<Result<String, String>>,
}

fn take_summary(world: &mut World) {
    if world.get_resource::<LoadedScenario>().is_none() {
        return;
    }
    let summary = Summary::take(world);
    world.insert_resource(EndOfRun {
        summary,
        article: None,
        notice: None,
    });
}

/// Writes the article as one HTML page (pictures inside) in the saves folder.
fn write_article(
    data: &crate::scenario::ScenarioData,
    summary: &Summary,
    (chronicle, battles, trends, control): (
        &Chronicle,
        &Battles,
        &crate::sim::politics::factions::Trends,
        &crate::sim::forces::control::ControlRecord,
    ),
    under_way: &crate::sim::forces::under_way::BattlesUnderWay,
) -> Result<std::path::PathBuf, String> {
    let templates = crate::report::article::load_templates_for(data)?;
    let run = crate::report::article::Run {
        data,
        summary,
        chronicle,
        battles,
        trends,
        control,
        under_way,
    };
    let dir = crate::save::saves_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{}-{}.html", summary.scenario, summary.seed));
    crate::report::article::export(&run, &templates, &path)?;
    Ok(path)
}

/// Opens a file in the system's browser; a failure is told, never a panic.
fn open_in_browser(path: &std::path::Path) -> Result<(), String> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/c", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let mut child = command.arg(path).spawn().map_err(|e| {
        format!(
            "Could not open the browser ({e}); open {} by hand",
            path.display()
        )
    })?;
    // The opener hands the file on and exits; one that fails (no browser set up) says so
    // by its status within a moment. One still running has handed it on.
    for _ in 0..20 {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!(
                    "No browser could be opened ({status}); open {} by hand",
                    path.display()
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(100)),
            Err(e) => return Err(format!("Could not open the browser: {e}")),
        }
    }
    Ok(())
}

/// What the end screen reads of the finished run.
#[derive(SystemParam)]
struct RunRecords<'w> {
    scenario: Option<Res<'w, LoadedScenario>>,
    info: Option<Res<'w, crate::sim::RunInfo>>,
    chronicle: Option<Res<'w, Chronicle>>,
    battles: Option<Res<'w, Battles>>,
    trends: Option<Res<'w, crate::sim::politics::factions::Trends>>,
    control: Option<Res<'w, crate::sim::forces::control::ControlRecord>>,
    under_way: Option<Res<'w, crate::sim::forces::under_way::BattlesUnderWay>>,
    intel: Option<Res<'w, crate::sim::intel::Intel>>,
}

fn game_over_ui(
    mut contexts: EguiContexts,
    mut next: ResMut<NextState<Screen>>,
    end: Option<ResMut<EndOfRun>>,
    records: RunRecords,
) -> Result {
    let RunRecords {
        scenario,
        info,
        chronicle,
        battles,
        trends,
        control,
        under_way,
        intel,
    } = records;
    let ctx = contexts.ctx_mut()?;
    let (Some(scenario), Some(mut end)) = (scenario, end) else {
        return Ok(());
    };
    let data = scenario.0.clone();
    let name = |id: &str| {
        data.figure(id)
            .map_or_else(|| id.to_string(), |f| f.name.clone())
    };
    let player = info.and_then(|i| i.player_side.clone());
    let mut root = egui::Ui::new(
        ctx.clone(),
        "over_root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(style::PAPER).inner_margin(40.0))
        .show(&mut root, |ui| {
            let s = &end.summary;
            let side = player
                .as_ref()
                .and_then(|p| data.side(p.as_str()));
            let (headline, colour) = match side {
                Some(side) if s.victors.contains(&side.id) => ("Victory", style::RED),
                Some(_) => ("Defeat", style::INK),
                None => ("The end of the run", style::RED),
            };
            ui.label(egui::RichText::new(headline).size(36.0).color(colour));
            ui.label(format!(
                "{} · {} to {} · seed {}",
                data.scenario.name,
                s.start.long(),
                s.date.long(),
                s.seed
            ));
            if let Some(side) = side
                && !side.goal.is_empty()
            {
                ui.label(egui::RichText::new(format!("{}: {}", side.name, side.goal)).italics());
            }
            ui.add_space(8.0);
            let ruler = s.ruler.as_ref().map(FigureId::as_str).map_or("nobody".to_string(), &name);
            let in_power = s
                .faction_in_power
                .as_ref()
                .and_then(|f| data.faction(f.as_str()))
                .map_or("no faction".to_string(), |f| f.name.clone());
            ui.heading(format!(
                "{ruler} rules; the strongest faction is {in_power}."
            ));
            if let Some(r) = &s.reckoning {
                ui.separator();
                super::reckoning_view::show(ui, &data, r);
            }
            if let (Some(side), Some(intel)) = (side, intel.as_deref()) {
                ui.separator();
                let known = intel.side(side.id.as_str()).cloned().unwrap_or_default();
                super::blows_view::show(ui, &known);
            }
            ui.separator();
            let list_height = (ui.available_height() - 90.0).max(200.0);
            ui.columns(3, |cols| {
                cols[0].strong("The sides");
                for side in &data.scenario.sides {
                    let won = s.victors.contains(&side.id);
                    cols[0].label(
                        egui::RichText::new(format!(
                            "{} {}",
                            if won { "✔" } else { "·" },
                            side.name
                        ))
                        .color(if won { style::RED } else { style::INK }),
                    );
                    if !side.goal.is_empty() {
                        cols[0].small(&side.goal);
                    }
                }
                cols[0].add_space(10.0);
                cols[0].strong("The numbers");
                let p = &s.purges;
                let killed: u32 = s
                    .battles
                    .iter()
                    .map(|b| b.attacker.losses.killed + b.defender.losses.killed)
                    .sum();
                // Each count with its word for one and for more ("1 plot formed").
                for (one, many, n) in [
                    ("arrest", "arrests", p.arrests),
                    ("execution", "executions", p.executions),
                    ("sent to the camps", "sent to the camps", p.imprisoned),
                    ("exiled", "exiled", p.exiled),
                    ("plot formed", "plots formed", p.plots_formed),
                    ("plot uncovered", "plots uncovered", p.plots_discovered),
                    ("coup", "coups", p.coups),
                    ("battle", "battles", s.battles.len() as u32),
                    ("killed in battle", "killed in battle", killed),
                ] {
                    cols[0].label(format!("{n} {}", if n == 1 { one } else { many }));
                }
                if let Some(d) = s.divergence {
                    cols[0].add_space(10.0);
                    cols[0]
                        .strong(format!("{d:.0}% away from real history"))
                        .on_hover_text("The share of the dated facts of real history (scenarios/common/history.ron) due by the end that this run no longer follows.");
                    for id in s.diverged_from.iter().take(8) {
                        if let Some(m) = data.common.history.iter().find(|m| &m.id == id) {
                            cols[0].small(format!("not so: {}", m.text));
                        }
                    }
                }

                cols[1].strong("What became of them");
                egui::ScrollArea::vertical()
                    .id_salt("fates")
                    .max_height(list_height)
                    .show(&mut cols[1], |ui| {
                        for side in &data.scenario.sides {
                            ui.label(
                                egui::RichText::new(
                                    data.faction(side.faction.as_str())
                                        .map_or(side.faction.as_str(), |f| f.name.as_str()),
                                )
                                .strong(),
                            );
                            for c in data
                                .scenario
                                .cast
                                .iter()
                                .filter(|c| c.faction.as_ref().map(FactionId::as_str) == Some(side.faction.as_str()))
                            {
                                let status = s
                                    .figure_status
                                    .get(c.figure.as_str())
                                    .map_or("unknown", String::as_str);
                                let office = s
                                    .office_holders
                                    .iter()
                                    .find(|(_, h)| h.contains(&c.figure))
                                    .and_then(|(k, _)| office_name(&data, k.as_str(), s.date));
                                let line = match office {
                                    Some(o) => format!("{}: {status}, {o}", name(c.figure.as_str())),
                                    None => format!("{}: {status}", name(c.figure.as_str())),
                                };
                                let fallen = status != "free" && status != "under watch";
                                ui.label(egui::RichText::new(line).color(if fallen {
                                    style::RED
                                } else {
                                    style::INK
                                }));
                            }
                        }
                    });

                cols[2].strong("The turning points");
                egui::ScrollArea::vertical()
                    .id_salt("turning")
                    .max_height(list_height)
                    .show(&mut cols[2], |ui| {
                        // Events and battles together, in the order they happened.
                        let mut points: Vec<(String, String)> = s
                            .events
                            .iter()
                            .map(|e| {
                                let title = data
                                    .common
                                    .events
                                    .iter()
                                    .find(|x| x.id == e.event)
                                    .map_or(e.event.as_str(), |x| x.title.as_str());
                                (
                                    format!("{}", e.date),
                                    format!("{} — {title}", e.date.long()),
                                )
                            })
                            .collect();
                        for b in &s.battles {
                            let site = data
                                .common
                                .sites
                                .iter()
                                .find(|x| x.id == b.site)
                                .map_or(b.site.as_str(), |x| x.name.as_str());
                            let result = match b.result {
                                crate::sim::forces::battles::Winner::Attacker => "the attackers win",
                                crate::sim::forces::battles::Winner::Defender => "the defenders hold",
                                crate::sim::forces::battles::Winner::Draw => "no decision",
                            };
                            let day: String = b.start.chars().take(10).collect();
                            let long = day
                                .parse::<crate::model::Date>()
                                .map_or(day.clone(), |d| d.long());
                            points.push((
                                b.start.clone(),
                                format!("{long} — battle at {site}: {result}"),
                            ));
                        }
                        points.sort_by(|a, b| a.0.cmp(&b.0));
                        if points.is_empty() {
                            ui.label("None: no event fired and no battle was fought.");
                        }
                        for (_, line) in points {
                            ui.label(line);
                        }
                    });
            });
            ui.add_space(16.0);
            ui.horizontal(|ui| {
                if ui
                    .button(egui::RichText::new("Write the article").size(18.0))
                    .on_hover_text(
                        "The run as a wiki-style article with its maps and charts: one HTML page in the saves folder",
                    )
                    .clicked()
                {
                    let none = crate::sim::forces::under_way::BattlesUnderWay::default();
                    let under_way = under_way.as_deref().unwrap_or(&none);
                    end.article = Some(match (&chronicle, &battles, &trends, &control) {
                        (Some(ch), Some(b), Some(tr), Some(co)) => {
                            write_article(&data, &end.summary, (ch, b, tr, co), under_way)
                        }
                        _ => Err("the run's records are not kept".into()),
                    });
                    end.notice = None;
                }
                if let Some(Ok(path)) = &end.article {
                    let path = path.clone();
                    if ui
                        .button(egui::RichText::new("Open in the browser").size(18.0))
                        .clicked()
                    {
                        end.notice = Some(open_in_browser(&path).map(|_| {
                            format!(
                                "Asked the system to open {} in its browser; if none opens, open the file by hand",
                                path.display()
                            )
                        }));
                    }
                    if ui
                        .button(egui::RichText::new("Copy the share code").size(18.0))
                        .on_hover_text("Whoever starts a game with this code plays the same history")
                        .clicked()
                    {
                        ctx.copy_text(end.summary.share_code.clone());
                        // The window cannot learn whether the system took it: say what
                        // was copied, so it can be copied by hand where no clipboard is.
                        end.notice = Some(Ok(format!(
                            "Copied {} to the clipboard (where the system has none, select the code above and copy it by hand)",
                            end.summary.share_code
                        )));
                    }
                }
                if ui
                    .button(egui::RichText::new("Back to the menu").size(18.0))
                    .clicked()
                {
                    next.set(Screen::Menu);
                }
            });
            match &end.article {
                Some(Ok(p)) => {
                    ui.label(format!(
                        "Written to {} — share code {}",
                        p.display(),
                        end.summary.share_code
                    ));
                }
                Some(Err(e)) => {
                    ui.colored_label(style::RED, format!("Could not write the article: {e}"));
                }
                None => {}
            }
            match &end.notice {
                Some(Ok(n)) => {
                    ui.label(n);
                }
                Some(Err(e)) => {
                    ui.colored_label(style::RED, e);
                }
                None => {}
            }
        });
    Ok(())
}

fn office_name(
    data: &crate::scenario::ScenarioData,
    key: &str,
    on: crate::model::Date,
) -> Option<String> {
    let (i, o) = key.split_once('.')?;
    let inst = data.common.institutions.iter().find(|x| x.id == i)?;
    let off = inst.offices.iter().find(|x| x.id == o)?;
    let (inst_name, off_name) = (inst.name_on(on), inst.office_name_on(off, on));
    // "Member of the Central Committee" already says where; "Chairman" does not.
    if off_name.contains(inst_name) {
        Some(off_name.to_string())
    } else {
        Some(format!("{off_name} ({inst_name})"))
    }
}
