//! The in-game panels: top bar, outliner, selection panel, chronicle.

use super::{PendingStart, Screen, style};
use crate::sim::RunInfo;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::clock::{DAYS_PER_SECOND, GameClock, toggle_pause};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::factions::{Breakdown, Faction, FactionPower, LeaderHold};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::spawn::{LoadedScenario, despawn_run, start_run};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Selection>()
        .init_resource::<HudState>()
        .init_resource::<MapViewport>()
        .add_systems(OnEnter(Screen::InGame), begin_run)
        .add_systems(OnExit(Screen::GameOver), end_run)
        .add_systems(Update, detect_end.run_if(in_state(Screen::InGame)))
        .add_systems(Update, replay_end.run_if(in_state(Screen::InGame)))
        .add_systems(super::perf::GameUi, hud_ui.run_if(in_state(Screen::InGame)));
}

/// What the player has selected on the map or in a panel.
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub enum Selection {
    #[default]
    None,
    Figure(String),
    Institution(String),
    Region(String),
    Site(String),
    Unit(String),
}

/// The part of the window the panels leave to the map, in logical pixels.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct MapViewport(pub Option<egui::Rect>);

#[derive(Resource)]
pub struct HudState {
    pub chronicle_open: bool,
    /// The chronicle shows only this kind of entry.
    pub kind_filter: Option<String>,
    /// The chronicle shows only entries about figures whose name contains this.
    pub figure_filter: String,
    /// The chronicle shows one event's thread: its own entry and what it caused.
    pub thread: Option<String>,
}

impl Default for HudState {
    fn default() -> Self {
        Self {
            chronicle_open: true,
            kind_filter: None,
            figure_filter: String::new(),
            thread: None,
        }
    }
}

fn begin_run(world: &mut World) {
    let Some(start) = world.remove_resource::<PendingStart>() else {
        return;
    };
    start_run(world, &start.data, start.seed, start.side);
    // A replay feeds its orders in on their ticks; any other run takes none.
    match world.remove_resource::<super::PendingReplay>() {
        Some(super::PendingReplay(r)) => {
            world.insert_resource(crate::save::replay::ReplayFeed(r.commands));
            world.insert_resource(super::Watching {
                until: r.until,
                ended: false,
            });
        }
        None => {
            world.remove_resource::<crate::save::replay::ReplayFeed>();
            world.remove_resource::<super::Watching>();
        }
    }
    if let Some(super::PendingLoad(save)) = world.remove_resource::<super::PendingLoad>() {
        let msg = match crate::save::load(world, &start.data, &save) {
            Ok(()) => format!("Loaded: {}", save.header.date.long()),
            Err(e) => format!("Nothing loaded: {e}"),
        };
        world.resource_mut::<super::saves::Toast>().0 = Some((msg, 4.0));
    }
    world.insert_resource(Selection::None);
    // A run that opens with the Congress sitting starts paused for a player: its days
    // are few, and his men may speak to it before the ballot.
    let sitting = world.get_resource::<RunInfo>().is_some_and(|i| i.player_side.is_some())
        && world.get_resource::<super::Watching>().is_none()
        && start
            .data
            .scenario
            .congress
            .as_ref()
            .filter(|c| start.data.scenario.start < c.vote_date)
            .map(|c| {
                let msg = format!(
                    "The Congress sits until its ballot on {}. Your faction's men may speak to it: open a figure's card. Space to start the clock.",
                    c.vote_date.long()
                );
                world.resource_mut::<super::saves::Toast>().0 = Some((msg, 12.0));
            })
            .is_some();
    let mut clock = world.resource_mut::<GameClock>();
    clock.running = true;
    let speed = clock.speed;
    let mut time = world.resource_mut::<Time<Virtual>>();
    if sitting {
        time.pause();
    } else {
        time.unpause();
    }
    time.set_relative_speed_f64(DAYS_PER_SECOND[usize::from(speed.clamp(1, 5) - 1)]);
}

/// A watched replay stops where its recording ends, and says so.
fn replay_end(
    watching: Option<ResMut<super::Watching>>,
    calendar: Option<Res<Calendar>>,
    mut time: ResMut<Time<Virtual>>,
    mut toast: ResMut<super::saves::Toast>,
) {
    let (Some(mut w), Some(cal)) = (watching, calendar) else {
        return;
    };
    if !w.ended && cal.date >= w.until {
        w.ended = true;
        time.pause();
        toast.0 = Some((
            format!(
                "The recording ends on {}. Resume to let the AI play on from here.",
                w.until.long()
            ),
            10.0,
        ));
    }
}

fn end_run(world: &mut World) {
    // Keep the run as a replay anyone can verify with `congress-of-victors replay` (a
    // replay being watched is not a game of the player's: it keeps his last one).
    if world.get_resource::<RunInfo>().is_some()
        && world.get_resource::<super::Watching>().is_none()
    {
        let r = crate::save::replay::capture(world);
        let path = crate::save::saves_dir().join("last.replay");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = crate::save::replay::write(&path, &r) {
            warn!("the replay was not written: {e}");
        }
    }
    despawn_run(world);
    world.resource_mut::<GameClock>().running = false;
}

fn detect_end(
    info: Option<Res<RunInfo>>,
    cal: Option<Res<Calendar>>,
    mut clock: ResMut<GameClock>,
    mut next: ResMut<NextState<Screen>>,
) {
    if let (Some(info), Some(cal)) = (info, cal)
        && info.is_over(&cal)
    {
        clock.running = false;
        next.set(Screen::GameOver);
    }
}

/// The run's resources the panels read; absent between runs.
type RunResources<'w> = (
    Option<Res<'w, Calendar>>,
    Option<Res<'w, RunInfo>>,
    Option<Res<'w, LeaderHold>>,
    Option<Res<'w, Chronicle>>,
    Option<Res<'w, LoadedScenario>>,
    Option<Res<'w, crate::sim::politics::Politics>>,
    Option<Res<'w, crate::sim::politics::congress::CongressVote>>,
    Option<Res<'w, super::Watching>>,
);

/// What the panels show of plots, purges and battles.
type CrisisResources<'w> = (
    Option<Res<'w, crate::sim::plots::Paranoia>>,
    Option<Res<'w, crate::sim::plots::PurgeRecord>>,
    Option<Res<'w, crate::sim::plots::Battles>>,
    ResMut<'w, super::reports::OpenReport>,
    Option<ResMut<'w, crate::sim::commands::CommandQueue>>,
    ResMut<'w, super::director::Director>,
);

/// A number with a tooltip listing what adds to it and what subtracts.
pub fn breakdown_tooltip(ui: &mut egui::Ui, b: &Breakdown) {
    egui::Grid::new(ui.next_auto_id())
        .num_columns(2)
        .show(ui, |ui| {
            for (what, v) in &b.parts {
                ui.label(what);
                let color = if *v >= 0.0 {
                    egui::Color32::from_rgb(30, 100, 40)
                } else {
                    style::RED
                };
                ui.colored_label(color, format!("{v:+.1}"));
                ui.end_row();
            }
            ui.strong("Total");
            ui.strong(format!("{:.1}", b.total));
            ui.end_row();
        });
}

#[allow(clippy::too_many_arguments)]
fn hud_ui(
    mut contexts: EguiContexts,
    mut selection: ResMut<Selection>,
    mut hud: ResMut<HudState>,
    mut clock: ResMut<GameClock>,
    mut time: ResMut<Time<Virtual>>,
    run: RunResources,
    figures: Query<(&Figure, &Standing)>,
    factions: Query<(&Faction, &FactionPower)>,
    offices: Query<&Office>,
    institutions: Query<&Institution>,
    units: Query<(&crate::sim::forces::Unit, &crate::sim::forces::UnitState)>,
    mut viewport: ResMut<MapViewport>,
    crisis: CrisisResources,
    plots: Query<&crate::sim::plots::Plot>,
    mut help: ResMut<super::help::HelpState>,
) -> Result {
    let (
        Some(cal),
        Some(info),
        Some(hold),
        Some(chronicle),
        Some(scenario),
        Some(politics),
        Some(congress_vote),
        watching,
    ) = run
    else {
        return Ok(());
    };
    let politics_view = super::politics_panel::PoliticsView {
        data: &scenario.0,
        politics: &politics,
        calendar: &cal,
        voted: congress_vote.date.is_some(),
        player_side: info.player_side.as_deref(),
        player_faction: info
            .player_side
            .as_ref()
            .and_then(|s| scenario.0.scenario.sides.iter().find(|x| &x.id == s))
            .map(|s| s.faction.as_str()),
        leader_office: info.leader_office.as_deref(),
    };
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "hud_root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let data = &scenario.0;
    let mut factions_sorted: Vec<_> = factions.iter().collect();
    factions_sorted.sort_by(|a, b| {
        b.1.0
            .total
            .total_cmp(&a.1.0.total)
            .then(a.0.id.cmp(&b.0.id))
    });
    let (paranoia, record, battles_res, mut open_report, mut queue, mut director) = crisis;
    // Watching a replay: its recorded orders play out, and the panels take no new ones.
    if watching.is_some() {
        queue = None;
    }
    let police_controller = data
        .scenario
        .police
        .as_ref()
        .and_then(|p| institutions.iter().find(|i| &i.id == p))
        .and_then(|i| i.controller.clone());
    let battles_list: Vec<(crate::model::Date, crate::sim::battles::BattleReport)> =
        battles_res.map(|b| b.0.clone()).unwrap_or_default();
    let player_faction = info
        .player_side
        .as_ref()
        .and_then(|s| data.scenario.sides.iter().find(|x| &x.id == s))
        .map(|s| s.faction.clone());

    egui::Panel::top("top_bar").show(&mut root, |ui| {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(cal.label()).size(20.0).strong());
            ui.separator();
            let paused = time.is_paused();
            if ui
                .button(if paused { "▶ Resume" } else { "⏸ Pause" })
                .on_hover_text("Space")
                .clicked()
            {
                toggle_pause(&mut time);
            }
            for s in 1..=5u8 {
                let label = if clock.speed == s {
                    format!("[{s}]")
                } else {
                    s.to_string()
                };
                let tip = format!(
                    "Speed {s}: {} days a second (key {s})",
                    DAYS_PER_SECOND[usize::from(s - 1)]
                );
                if ui
                    .selectable_label(clock.speed == s, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    clock.set_speed(s, &mut time);
                }
            }
            if paused {
                ui.colored_label(style::RED, "PAUSED");
            }
            if watching.is_some() {
                ui.separator();
                ui.colored_label(style::RED, "▶ REPLAY")
                    .on_hover_text("A recorded game, played again from its seed and its orders: watch it; your orders are not taken.");
            }
            ui.separator();
            match &player_faction {
                Some(f) => {
                    if let Some((fac, p)) = factions.iter().find(|(x, _)| &x.id == f) {
                        ui.colored_label(style::faction_color(fac.color), "■");
                        ui.label(format!("{}: power {:.1}", fac.name, p.0.total))
                            .on_hover_ui(|ui| breakdown_tooltip(ui, &p.0));
                    }
                }
                None => {
                    ui.label("Observer");
                }
            }
            ui.separator();
            let leader_name = data
                .figure(&hold.figure)
                .map_or(hold.figure.as_str(), |f| f.name.as_str());
            ui.label(format!("{leader_name}'s hold: {:.0}", hold.value.total))
                .on_hover_ui(|ui| {
                    ui.strong("The leader's hold on power");
                    breakdown_tooltip(ui, &hold.value);
                });
            if let Some(p) = &paranoia {
                ui.separator();
                ui.colored_label(style::RED, format!("Paranoia: {:.0}", p.value)).on_hover_ui(|ui| {
                    ui.strong("What the leader fears (latest first)");
                    for (d, why, by) in p.reasons.iter().rev().take(8) {
                        ui.label(format!("{}: {why} ({by:+.0})", d.long()));
                    }
                    ui.label("It also grows each day with every rival more popular than he is, and ebbs slowly when nothing threatens him.");
                });
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Menu").on_hover_text("Esc").clicked() {
                    help.menu = true;
                }
                if ui.button("Help").on_hover_text("F1").clicked() {
                    help.help = !help.help;
                }
                let code = crate::scenario::share::encode(&info.scenario, info.seed, &data.mods);
                ui.label(format!("{} · code {code}", data.scenario.name))
                    .on_hover_text("The share code of this history: entered in the menu (or with --code), it starts the same run.");
            });
        });
    });

    egui::Panel::left("outliner")
        .default_size(260.0)
        .resizable(true)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                if let Some(r) = &record
                    && (r.arrests > 0 || !battles_list.is_empty())
                {
                    ui.heading("The crisis");
                    ui.label(format!(
                        "Arrests {} · executions {} · in the camps {}",
                        r.arrests, r.executions, r.imprisoned
                    ));
                    let mut known: Vec<_> = plots
                        .iter()
                        .filter(|p| {
                            p.state != "active"
                                || player_faction.as_ref().is_some_and(|f| {
                                    data.figure(&p.organiser).is_some()
                                        && figures.iter().any(|(x, s)| {
                                            x.id == p.organiser && s.faction.as_ref() == Some(f)
                                        })
                                })
                        })
                        .collect();
                    known.sort_by(|a, b| a.id.cmp(&b.id));
                    for p in known {
                        let org = data
                            .figure(&p.organiser)
                            .map_or(p.organiser.as_str(), |f| f.name.as_str());
                        ui.label(format!(
                            "Plot of {org} ({} members): {}",
                            p.members.len() + 1,
                            p.state
                        ));
                    }
                    for (i, (d, b)) in battles_list.iter().enumerate() {
                        if ui.link(format!("{} — {}", b.name, d.long())).clicked() {
                            open_report.0 = Some(i);
                            director.request = Some(b.site.clone());
                        }
                    }
                    ui.separator();
                }
                super::politics_panel::congress_section(ui, &politics_view, &congress_vote);
                // The player's own conspiracies, with what they need to know to strike.
                let mut mine: Vec<_> = plots
                    .iter()
                    .filter(|p| {
                        p.state == "active"
                            && player_faction.is_some()
                            && figures.iter().any(|(x, s)| x.id == p.organiser && s.faction == player_faction)
                    })
                    .collect();
                mine.sort_by(|a, b| a.id.cmp(&b.id));
                if !mine.is_empty() {
                    ui.heading("Your plots");
                    for p in mine {
                        let org = data.figure(&p.organiser).map_or(p.organiser.as_str(), |f| f.name.as_str());
                        let goal = match p.goal {
                            crate::sim::plots::PlotGoal::Coup => "a coup",
                            crate::sim::plots::PlotGoal::RemoveLeader => "a vote to remove the leader",
                        };
                        ui.label(format!("{org}: {goal}, {} members", p.members.len() + 1));
                        ui.add(egui::ProgressBar::new(p.progress / 100.0).text(format!("ready {:.0}%", p.progress)))
                            .on_hover_text("Grows each week with the members' political (for a vote) or military (for a coup) skill; at 100% the plot strikes by itself.");
                        ui.label(format!("Secrecy {:.0}% · evidence held by the police {:.0}%", p.secrecy * 100.0, p.exposure * 100.0))
                            .on_hover_text("Estimated. Each recruit costs secrecy; a refusal may become a denunciation. The weekly risk of discovery grows with the police's reach, lost secrecy and the evidence they hold.");
                        if let Some(side) = &info.player_side
                            && ui.button("Strike now").on_hover_text("The plot strikes at its next weekly move, ready or not.").clicked()
                            && let Some(q) = queue.as_mut()
                        {
                            q.push(side.clone(), crate::sim::commands::SimCommand::StrikePlot { plot: p.id.clone() });
                        }
                    }
                    ui.separator();
                }
                // The units whose commanders follow the player's faction: a click selects
                // one and takes the map to it.
                if let Some(pf) = &player_faction {
                    let mut ours: Vec<_> = units
                        .iter()
                        .filter(|(_, s)| {
                            s.men > 0
                                && s.commander.as_ref().is_some_and(|c| {
                                    figures.iter().any(|(f, st)| &f.id == c && st.faction.as_ref() == Some(pf))
                                })
                        })
                        .collect();
                    ours.sort_by(|a, b| a.0.id.cmp(&b.0.id));
                    if !ours.is_empty() {
                        egui::CollapsingHeader::new(egui::RichText::new(format!("Your units ({})", ours.len())).heading())
                            .id_salt("your_units")
                            .default_open(false)
                            .show(ui, |ui| {
                                for (u, st) in ours {
                                    let place = st.march.as_ref().map_or(st.location.as_str(), |m| m.to.as_str());
                                    let moving = if st.march.is_some() { " → " } else { " at " };
                                    let place_name = crate::scenario::map::shared_map()
                                        .and_then(|m| m.region(place).map(|r| r.name.clone()))
                                        .or_else(|| data.common.sites.iter().find(|x| x.id == place).map(|x| x.name.clone()))
                                        .unwrap_or_else(|| place.to_string());
                                    let sel = *selection == Selection::Unit(u.id.clone());
                                    if ui
                                        .selectable_label(sel, format!("{}: {} men{moving}{place_name}", u.name, st.men))
                                        .clicked()
                                    {
                                        *selection = Selection::Unit(u.id.clone());
                                        director.request = Some(st.location.clone());
                                    }
                                }
                            });
                        ui.separator();
                    }
                }
                ui.heading("Factions");
                for (fac, power) in &factions_sorted {
                    ui.horizontal(|ui| {
                        ui.colored_label(style::faction_color(fac.color), "■");
                        ui.label(&fac.name);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(format!("{:.1}", power.0.total))
                                .on_hover_ui(|ui| breakdown_tooltip(ui, &power.0));
                        });
                    });
                }
                ui.separator();
                ui.heading("Institutions");
                let mut insts: Vec<_> = institutions.iter().collect();
                insts.sort_by(|a, b| a.id.cmp(&b.id));
                for inst in insts {
                    let ctrl = inst
                        .controller
                        .as_ref()
                        .and_then(|c| factions.iter().find(|(f, _)| &f.id == c));
                    ui.horizontal(|ui| {
                        match ctrl {
                            Some((f, _)) => ui
                                .colored_label(style::faction_color(f.color), "■")
                                .on_hover_text(format!("Controlled by {}", f.name)),
                            None => ui.label("□").on_hover_text("No faction controls it"),
                        };
                        let sel = *selection == Selection::Institution(inst.id.clone());
                        if ui.selectable_label(sel, &inst.name).clicked() {
                            *selection = Selection::Institution(inst.id.clone());
                        }
                    });
                }
                ui.separator();
                ui.heading("Figures");
                for (fac, _) in &factions_sorted {
                    let mut members: Vec<_> = figures
                        .iter()
                        .filter(|(_, s)| s.faction.as_deref() == Some(fac.id.as_str()))
                        .collect();
                    if members.is_empty() {
                        continue;
                    }
                    members.sort_by(|a, b| {
                        b.1.popularity
                            .total_cmp(&a.1.popularity)
                            .then(a.0.id.cmp(&b.0.id))
                    });
                    egui::CollapsingHeader::new(
                        egui::RichText::new(&fac.name).color(style::faction_color(fac.color)),
                    )
                    .id_salt(&fac.id)
                    .default_open(true)
                    .show(ui, |ui| {
                        for (f, s) in members {
                            let sel = *selection == Selection::Figure(f.id.clone());
                            let text = if s.status.can_act() {
                                f.name.clone()
                            } else {
                                format!("{} ({})", f.name, s.status.label())
                            };
                            if ui.selectable_label(sel, text).clicked() {
                                *selection = Selection::Figure(f.id.clone());
                            }
                        }
                    });
                }
            });
        });

    egui::Panel::right("details")
        .default_size(300.0)
        .resizable(true)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| match &*selection {
                Selection::Figure(id) => {
                    let Some((f, s)) = figures.iter().find(|(f, _)| &f.id == id) else {
                        return;
                    };
                    let def = data.figure(id);
                    let fac = s.faction.as_ref().and_then(|x| data.faction(x));
                    ui.horizontal(|ui| {
                        let color =
                            fac.map_or(egui::Color32::GRAY, |x| style::faction_color(x.color));
                        let initials: String = f
                            .name
                            .split_whitespace()
                            .filter_map(|w| w.chars().next())
                            .take(2)
                            .collect();
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(48.0, 48.0), egui::Sense::hover());
                        ui.painter().circle_filled(rect.center(), 24.0, color);
                        ui.painter().text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            initials,
                            egui::FontId::proportional(20.0),
                            egui::Color32::WHITE,
                        );
                        ui.vertical(|ui| {
                            ui.heading(&f.name);
                            if let Some(ru) = def.and_then(|d| d.name_ru.as_ref()) {
                                ui.label(egui::RichText::new(ru).italics());
                            }
                        });
                    });
                    ui.label(format!("Status: {}", s.status.label()));
                    ui.label(format!(
                        "Faction: {}",
                        fac.map_or("none", |x| x.name.as_str())
                    ));
                    if let Some(d) = def {
                        ui.label(format!("Born {}", d.born));
                    }
                    ui.label(format!("Popularity: {:.1}", s.popularity));
                    ui.label(format!("Ambition: {:.0} · Fear: {:.0}", s.ambition, s.fear));
                    if let Some(d) = def.filter(|d| !d.traits.is_empty()) {
                        ui.label(format!("Traits: {}", d.traits.join(", ")));
                    }
                    // What this figure adds to his faction's power, and from what.
                    let mut influence = Breakdown::default();
                    for o in offices.iter().filter(|o| o.holders.contains(id)) {
                        influence.add(o.name.clone(), o.power);
                    }
                    if s.status.can_act() {
                        influence.add("popularity", s.popularity / 20.0);
                    }
                    ui.label(format!("Influence: {:.1}", influence.total))
                        .on_hover_ui(|ui| breakdown_tooltip(ui, &influence));
                    if let Some(side) = &info.player_side {
                        ui.separator();
                        ui.strong("Actions");
                        let ours_police = police_controller.is_some() && police_controller == player_faction;
                        let why_not = if !s.status.can_act() {
                            "They are not free."
                        } else if !ours_police {
                            "Your faction does not control the security police."
                        } else {
                            ""
                        };
                        let arrest = ui
                            .add_enabled(why_not.is_empty(), egui::Button::new("Order the arrest"))
                            .on_hover_text("The police arrest them at once; a trial follows in about six weeks. Everyone's fear rises, and so does the leader's suspicion of whoever gave the order.")
                            .on_disabled_hover_text(why_not);
                        if arrest.clicked()
                            && let Some(q) = queue.as_mut()
                        {
                            q.push(side.clone(), crate::sim::commands::SimCommand::Arrest { figure: id.clone() });
                        }
                        let own = s.status.can_act() && s.faction.is_some() && s.faction == player_faction;
                        for (goal, label, tip) in [
                            ("remove_leader", "Organise a plot to remove the leader", "They gather Central Committee members; when ready, a plenum votes. Political skill speeds it."),
                            ("coup", "Organise a coup", "They win over commanders; when ready, the units that follow your faction storm the leader's residence. Military skill speeds it."),
                        ] {
                            let b = ui
                                .add_enabled(own, egui::Button::new(label))
                                .on_hover_text(tip)
                                .on_disabled_hover_text("Only a free member of your own faction can organise a plot.");
                            if b.clicked()
                                && let Some(q) = queue.as_mut()
                            {
                                q.push(side.clone(), crate::sim::commands::SimCommand::StartPlot { organiser: id.clone(), goal: goal.into() });
                            }
                        }
                        // Recruiting into the player's own plot, with the odds shown.
                        let leader_faction = figures
                            .iter()
                            .find(|(x, _)| x.id == hold.figure)
                            .and_then(|(_, st)| st.faction.clone())
                            .unwrap_or_default();
                        let my_plot = plots.iter().filter(|p| p.state == "active").find(|p| {
                            figures.iter().any(|(x, st)| x.id == p.organiser && st.faction.is_some() && st.faction == player_faction)
                        });
                        let in_a_plot = plots.iter().any(|p| p.state == "active" && (&p.organiser == id || p.members.contains(id)));
                        if let (Some(p), Some(pf)) = (my_plot, player_faction.as_ref())
                            && s.status.can_act()
                            && !in_a_plot
                        {
                            let (join, inform) = crate::sim::plots::recruit_odds(s, pf, &leader_faction);
                            let b = ui
                                .button(format!("Ask them into your plot ({:.0}% to join)", join.total * 100.0))
                                .on_hover_ui(|ui| {
                                    ui.label("Chance that they join:");
                                    breakdown_tooltip(ui, &join);
                                    ui.label(format!(
                                        "If they refuse, {:.0}% that they inform the police (from their loyalty to the leader's men and their fear).",
                                        inform * 100.0
                                    ));
                                });
                            if b.clicked()
                                && let Some(q) = queue.as_mut()
                            {
                                q.push(side.clone(), crate::sim::commands::SimCommand::Recruit { plot: p.id.clone(), figure: id.clone() });
                            }
                        }
                        super::politics_panel::figure_actions(
                            ui,
                            &politics_view,
                            id,
                            s,
                            &figures,
                            &offices,
                            queue.as_mut(),
                        );
                        if s.status.can_act() {
                            let b = ui.button("Denounce them to the police").on_hover_text(
                                "Certain to be heard: the leader's suspicion of them rises by 30, and any plot they are in is exposed (+30% to the police's evidence). The police act on it only if they answer to the leader and his fear is high enough.",
                            );
                            if b.clicked()
                                && let Some(q) = queue.as_mut()
                            {
                                q.push(side.clone(), crate::sim::commands::SimCommand::Denounce { figure: id.clone() });
                            }
                        }
                        let jailed = matches!(
                            s.status,
                            crate::model::FigureStatus::Arrested
                                | crate::model::FigureStatus::Imprisoned
                                | crate::model::FigureStatus::Exiled
                        );
                        if jailed {
                            let may = ours_police || (player_faction.is_some() && player_faction.as_deref() == Some(leader_faction.as_str()));
                            let b = ui
                                .add_enabled(may, egui::Button::new("Pardon and free them"))
                                .on_hover_text("Certain: they are free at once, and no trial follows.")
                                .on_disabled_hover_text("Only a faction that controls the police or rules can pardon.");
                            if b.clicked()
                                && let Some(q) = queue.as_mut()
                            {
                                q.push(side.clone(), crate::sim::commands::SimCommand::Pardon { figure: id.clone() });
                            }
                        }
                    }
                    let mut held: Vec<&str> = offices
                        .iter()
                        .filter(|o| o.holders.contains(id))
                        .map(|o| o.name.as_str())
                        .collect();
                    held.sort_unstable();
                    ui.separator();
                    ui.strong("Offices");
                    if held.is_empty() {
                        ui.label("none");
                    }
                    for o in held {
                        ui.label(format!("• {o}"));
                    }
                    if !s.loyalty.is_empty() {
                        ui.separator();
                        ui.strong("Loyalties");
                        for (fid, v) in &s.loyalty {
                            let name = data.faction(fid).map_or(fid.as_str(), |x| x.name.as_str());
                            ui.add(
                                egui::ProgressBar::new((v + 100.0) / 200.0)
                                    .text(format!("{name}: {v:+.0}")),
                            );
                        }
                    }
                    let related = super::politics_panel::relations_section(ui, &politics_view, id);
                    if let Some(d) = def {
                        ui.separator();
                        ui.label(&d.bio);
                    }
                    // The figure's own history in this run, newest first.
                    let mine: Vec<_> = chronicle
                        .entries
                        .iter()
                        .rev()
                        .filter(|e| e.actors.iter().any(|a| a == id))
                        .take(12)
                        .collect();
                    if !mine.is_empty() {
                        ui.separator();
                        ui.strong("In this run");
                        for e in mine {
                            ui.label(format!("{} — {}", e.date.long(), e.text));
                        }
                    }
                    if let Some(x) = related {
                        *selection = Selection::Figure(x);
                    }
                }
                Selection::Institution(id) => {
                    let Some(inst) = institutions.iter().find(|i| &i.id == id) else {
                        return;
                    };
                    ui.heading(&inst.name);
                    let ctrl = inst.controller.as_deref().and_then(|c| data.faction(c));
                    ui.horizontal(|ui| {
                        ui.label("Controlled by");
                        match ctrl {
                            Some(f) => ui.colored_label(style::faction_color(f.color), &f.name),
                            None => ui.label("no faction"),
                        };
                    })
                    .response
                    .on_hover_text("The faction of the head office's holder, or with the most seats when there is no head.");
                    if let Some(def) = data.common.institutions.iter().find(|i| &i.id == id) {
                        ui.label(egui::RichText::new(&def.description).italics());
                    }
                    let is_council = data.scenario.council.iter().any(|k| k.split('.').next() == Some(id.as_str()));
                    let mut os: Vec<_> = offices.iter().filter(|o| &o.institution == id).collect();
                    os.sort_by(|a, b| b.head.cmp(&a.head).then(b.power.total_cmp(&a.power)).then(a.key.cmp(&b.key)));
                    let faction_of = |h: &String| {
                        figures.iter().find(|(f, _)| &f.id == h).and_then(|(_, s)| s.faction.clone())
                    };
                    for o in os {
                        ui.separator();
                        ui.strong(format!("{} ({}/{} seats)", o.name, o.holders.len(), o.seats))
                            .on_hover_text(format!("Each seat adds {:.1} to its holder's faction power.", o.power));
                        // Seats as dots grouped by faction, as a parliament chart reads.
                        let mut seated: Vec<(Option<String>, &String)> = o.holders.iter().map(|h| (faction_of(h), h)).collect();
                        seated.sort();
                        ui.horizontal_wrapped(|ui| {
                            for (fid, h) in &seated {
                                let color = fid
                                    .as_deref()
                                    .and_then(|f| data.faction(f))
                                    .map_or(egui::Color32::from_gray(120), |x| style::faction_color(x.color));
                                let (rect, resp) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::click());
                                ui.painter().circle_filled(rect.center(), 8.0, color);
                                let name = data.figure(h).map_or(h.as_str(), |x| x.name.as_str());
                                if resp.on_hover_text(name).clicked() {
                                    *selection = Selection::Figure((*h).clone());
                                }
                            }
                            for _ in o.holders.len()..(o.seats.min(200) as usize) {
                                let (rect, _) = ui.allocate_exact_size(egui::vec2(18.0, 18.0), egui::Sense::hover());
                                ui.painter().circle_stroke(rect.center(), 7.0, egui::Stroke::new(1.0, egui::Color32::from_gray(150)));
                            }
                        });
                        let mut counts: std::collections::BTreeMap<Option<String>, usize> = std::collections::BTreeMap::new();
                        for (f, _) in &seated {
                            *counts.entry(f.clone()).or_default() += 1;
                        }
                        ui.horizontal_wrapped(|ui| {
                            for (f, n) in counts {
                                let fac = f.as_deref().and_then(|x| data.faction(x));
                                let color = fac.map_or(egui::Color32::GRAY, |x| style::faction_color(x.color));
                                ui.colored_label(color, format!("■ {} {n}", fac.map_or("none", |x| x.name.as_str())));
                            }
                        });
                        if o.seats <= 12 {
                            for (_, h) in &seated {
                                let name = data.figure(h).map_or(h.as_str(), |x| x.name.as_str());
                                if ui.link(name).clicked() {
                                    *selection = Selection::Figure((*h).clone());
                                }
                            }
                        }
                    }
                    if is_council {
                        super::politics_panel::council_section(ui, &politics_view, &figures, &offices, queue.as_mut());
                    }
                }
                Selection::Region(id) | Selection::Site(id) => {
                    let name = data
                        .common
                        .sites
                        .iter()
                        .find(|s| &s.id == id)
                        .map(|s| s.name.clone())
                        .or_else(|| {
                            crate::scenario::map::shared_map()
                                .and_then(|m| m.region(id).map(|r| r.name.clone()))
                        })
                        .unwrap_or_else(|| id.clone());
                    ui.heading(name);
                    let here: Vec<_> = units.iter().filter(|(_, s)| &s.location == id).collect();
                    ui.label(format!("Units here: {}", here.len()));
                    for (u, s) in here {
                        if ui
                            .selectable_label(false, format!("{} — {} men", u.name, s.men))
                            .clicked()
                        {
                            *selection = Selection::Unit(u.id.clone());
                        }
                    }
                }
                Selection::Unit(id) => {
                    let Some((u, s)) = units.iter().find(|(u, _)| &u.id == id) else {
                        return;
                    };
                    ui.heading(&u.name);
                    let kind = data
                        .common
                        .unit_types
                        .iter()
                        .find(|t| t.id == u.kind)
                        .map_or(u.kind.as_str(), |t| t.name.as_str());
                    ui.label(kind);
                    ui.label(format!("Men: {}   Tanks and armour: {}", s.men, s.tanks));
                    ui.label(format!(
                        "Quality {:.2} · Morale {:.2} · Supply {:.2}",
                        s.quality, s.morale, s.supply
                    ));
                    ui.label(format!("Stands in: {}", s.location));
                    let inst = institutions
                        .iter()
                        .find(|i| i.id == u.institution)
                        .map_or(u.institution.as_str(), |i| i.name.as_str());
                    ui.label(format!("Belongs to: {inst}"));
                    if let Some(m) = &s.march {
                        let hours: u32 = m.legs.iter().map(|l| l.1).sum::<u32>().saturating_sub(m.done);
                        ui.label(format!("Marching to {}: {hours} hours to go", m.to));
                    }
                    // Orders, for units that follow the player's faction.
                    let follows = s
                        .commander
                        .as_ref()
                        .and_then(|c| figures.iter().find(|(f, _)| &f.id == c))
                        .filter(|(_, st)| st.status.can_act())
                        .and_then(|(_, st)| st.faction.clone())
                        .or_else(|| institutions.iter().find(|i| i.id == u.institution).and_then(|i| i.controller.clone()));
                    if let Some(side) = &info.player_side
                        && follows.is_some()
                        && follows == player_faction
                    {
                        ui.separator();
                        ui.strong("Orders");
                        let graph = crate::sim::forces::TravelGraph::shared();
                        let speed = data.common.unit_types.iter().find(|t| t.id == u.kind).map_or(4.0, |t| t.speed_kmh);
                        let mut places: Vec<(u32, String, String)> = data
                            .common
                            .sites
                            .iter()
                            .map(|x| (x.id.clone(), x.name.clone()))
                            .chain(
                                crate::scenario::map::shared_map()
                                    .map(|m| m.regions.iter().map(|r| (r.id.clone(), r.name.clone())).collect::<Vec<_>>())
                                    .unwrap_or_default(),
                            )
                            .filter(|(pid, _)| pid != &s.location)
                            .filter_map(|(pid, name)| {
                                let h: u32 = graph.route(&s.location, &pid, speed)?.iter().map(|l| l.1).sum();
                                Some((h, pid, name))
                            })
                            .collect();
                        places.sort();
                        egui::ComboBox::from_label("March to")
                            .selected_text("choose a place")
                            .show_ui(ui, |ui| {
                                for (h, pid, name) in places.iter().take(40) {
                                    let when = if *h < 48 { format!("{h} h") } else { format!("{} days", h.div_ceil(24)) };
                                    if ui.selectable_label(false, format!("{name} ({when})")).clicked()
                                        && let Some(q) = queue.as_mut()
                                    {
                                        q.push(side.clone(), crate::sim::commands::SimCommand::MoveUnit { unit: id.clone(), to: pid.clone() });
                                    }
                                }
                            });
                        if ui
                            .button("Stand down")
                            .on_hover_text("Halt any march and send the men back to barracks: morale falls to at most 0.5. A signal that you will not fight.")
                            .clicked()
                            && let Some(q) = queue.as_mut()
                        {
                            q.push(side.clone(), crate::sim::commands::SimCommand::StandDown { unit: id.clone() });
                        }
                    }
                    // Last: following the link changes the selection this card is drawn from.
                    if let Some(c) = &s.commander {
                        let name = data.figure(c).map_or(c.as_str(), |f| f.name.as_str());
                        if ui.link(format!("Commander: {name}")).clicked() {
                            *selection = Selection::Figure(c.clone());
                        }
                    }
                }
                Selection::None => {
                    ui.heading(&data.scenario.name);
                    ui.label(&data.scenario.description);
                }
            });
        });

    egui::Panel::bottom("chronicle")
        .resizable(true)
        .default_size(140.0)
        .show(&mut root, |ui| {
            ui.horizontal(|ui| {
                let label = if hud.chronicle_open {
                    "Hide the chronicle"
                } else {
                    "Show the chronicle"
                };
                if ui.button(label).clicked() {
                    hud.chronicle_open = !hud.chronicle_open;
                }
                ui.label(format!("{} entries", chronicle.entries.len()));
                if hud.chronicle_open {
                    ui.separator();
                    let kinds: std::collections::BTreeSet<&str> =
                        chronicle.entries.iter().map(|e| e.kind.as_str()).collect();
                    egui::ComboBox::from_id_salt("chronicle_kind")
                        .selected_text(
                            hud.kind_filter
                                .clone()
                                .unwrap_or_else(|| "every kind".into()),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut hud.kind_filter, None, "every kind");
                            for k in kinds {
                                ui.selectable_value(&mut hud.kind_filter, Some(k.to_string()), k);
                            }
                        });
                    ui.label("Figure:");
                    ui.add(egui::TextEdit::singleline(&mut hud.figure_filter).desired_width(110.0))
                        .on_hover_text("Only entries about figures whose name contains this.");
                    if let Some(t) = hud.thread.clone() {
                        let title = data
                            .common
                            .events
                            .iter()
                            .find(|e| e.id == t)
                            .map_or(t.as_str(), |e| e.title.as_str());
                        if ui
                            .button(format!("✕ thread of “{title}”"))
                            .on_hover_text("Show every entry again.")
                            .clicked()
                        {
                            hud.thread = None;
                        }
                    }
                }
            });
            if hud.chronicle_open {
                // Newest first: what just happened is what a player wants to read. Only
                // the rows in view are laid out, however long the history grows.
                let needle = hud.figure_filter.trim().to_lowercase();
                let filtered =
                    hud.kind_filter.is_some() || hud.thread.is_some() || !needle.is_empty();
                // Unfiltered, row i is simply the i-th newest entry: no list to build.
                let total = chronicle.entries.len();
                let shown: Vec<usize> = (0..if filtered { total } else { 0 })
                    .rev()
                    .filter(|i| {
                        let e = &chronicle.entries[*i];
                        hud.kind_filter.as_ref().is_none_or(|k| &e.kind == k)
                            && hud.thread.as_ref().is_none_or(|t| {
                                e.event.as_ref() == Some(t) || e.cause.as_ref() == Some(t)
                            })
                            && (needle.is_empty()
                                || e.actors.iter().any(|a| {
                                    data.figure(a)
                                        .is_some_and(|f| f.name.to_lowercase().contains(&needle))
                                }))
                    })
                    .collect();
                let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show_rows(
                        ui,
                        row,
                        if filtered { shown.len() } else { total },
                        |ui, rows| {
                            for i in rows {
                                let e = &chronicle.entries
                                    [if filtered { shown[i] } else { total - 1 - i }];
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
                                            hud.thread = Some(c.clone());
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
                                                .filter_map(|a| data.figure(a))
                                                .map(|f| f.name.as_str())
                                                .collect();
                                            if !names.is_empty() {
                                                ui.label(format!("Who: {}", names.join(", ")));
                                            }
                                            ui.label(
                                            "Click: the first of them, and the place on the map.",
                                        );
                                        });
                                    if text.clicked() {
                                        if let Some(a) = e.actors.first() {
                                            *selection = Selection::Figure(a.clone());
                                        }
                                        let place = e.place.clone().or_else(|| {
                                            (e.kind == "battle")
                                                .then(|| {
                                                    battles_list
                                                        .iter()
                                                        .rev()
                                                        .find(|(d, _)| *d == e.date)
                                                        .map(|(_, r)| r.site.clone())
                                                })
                                                .flatten()
                                        });
                                        if let Some(p) = place {
                                            director.request = Some(p);
                                        }
                                    }
                                });
                            }
                        },
                    );
            }
        });
    let free = root.available_rect_before_wrap();
    if viewport.0 != Some(free) {
        viewport.0 = Some(free);
    }
    Ok(())
}
