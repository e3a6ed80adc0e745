//! A figure's card: who he is, his standing and influence, what the player may order
//! about him (each button asks the rule the order will meet), his offices, loyalties,
//! relations and his history in this run.

use crate::gui::fog::{estimate_note, plot_ask_odds};
use crate::gui::panels::politics::{PoliticsData, figure_actions, relations_section};
use crate::gui::panels::queued::order_button;
use crate::gui::panels::{Orders, RunView, breakdown_tooltip, chance_breakdown, how_reckoned};
use crate::gui::{Selection, style};
use crate::model::FactionId;
use crate::model::FigureStatus;
use crate::scenario::schema::ScenarioData;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::commands::SimCommand;
use crate::sim::intel::Intel;
use crate::sim::intel::view::Viewer;
use crate::sim::intrigue::orders::{
    arrest_refusal, denounce_refusal, pardon_refusal, plot_refusal,
};
use crate::sim::intrigue::plots::{Plot, PlotState, recruit_refusal};
use crate::sim::intrigue::week::is_adult;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::factions::{Breakdown, popularity_power};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::politics::ruler::Ruler;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;

#[derive(SystemParam)]
pub(super) struct FigureCard<'w, 's> {
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    offices: Query<'w, 's, &'static Office>,
    institutions: Query<'w, 's, &'static Institution>,
    plots: Query<'w, 's, &'static Plot>,
    units: Query<'w, 's, &'static crate::sim::forces::units::UnitState>,
    ruler: Option<Res<'w, Ruler>>,
    chronicle: Option<Res<'w, Chronicle>>,
    intel: Option<Res<'w, Intel>>,
    politics: PoliticsData<'w, 's>,
}

/// The figure the card is about, and the player's faction.
struct Subject<'a> {
    id: &'a str,
    standing: &'a Standing,
    player_faction: Option<String>,
    /// The faction that controls the security police.
    police: Option<String>,
    /// The player's orders waiting for the next tick: their buttons are marked.
    queued: Vec<SimCommand>,
    /// Whose eyes the card sees through.
    viewer: Viewer,
}

impl FigureCard<'_, '_> {
    /// Draws the card; the new selection when a relation was clicked.
    pub(super) fn show(
        &self,
        ui: &mut egui::Ui,
        run: &RunView,
        orders: &mut Orders,
        id: &str,
    ) -> Option<Selection> {
        let (cal, _, data) = run.get()?;
        let (f, s) = self.figures.iter().find(|(f, _)| f.id == id)?;
        header(ui, data, f, s);
        let mut influence = Breakdown::default();
        for o in self
            .offices
            .iter()
            .filter(|o| o.holders.iter().any(|h| h == id))
        {
            influence.add(o.name.clone(), o.power);
        }
        // The same share of his faction's power the rules count.
        if s.status.can_act() {
            influence.add("popularity", popularity_power(s));
        }
        ui.label(format!("Influence: {:.1}", influence.total))
            .on_hover_ui(|ui| breakdown_tooltip(ui, &influence));
        let subject = Subject {
            id,
            standing: s,
            player_faction: run.player_faction(),
            police: self.police_controller(data),
            queued: orders.queued(),
            viewer: run.viewer(),
        };
        if orders.side().is_some() {
            ui.separator();
            ui.strong("Actions");
            for order in self.actions(ui, data, cal, &subject) {
                orders.give(order);
            }
            if let Some(view) = self.politics.view(run, subject.player_faction.as_deref()) {
                for order in figure_actions(ui, &view, (id, s), &subject.queued) {
                    orders.give(order);
                }
            }
            for order in self.mercy(ui, data, &subject) {
                orders.give(order);
            }
            if let (Some(intel), Some(side), Some(pf)) = (
                self.intel.as_deref(),
                orders.side().map(str::to_string),
                subject.player_faction.as_deref(),
            ) {
                let viewer = run.viewer();
                let holds = self
                    .offices
                    .iter()
                    .any(|o| o.holders.iter().any(|h| h == id));
                let flight = (s.faction.as_ref().map(|f| f.as_str()) == Some(pf))
                    .then(|| self.flight_odds(data, id, s, pf));
                let given = super::figure_intel::holdings(
                    ui,
                    (&viewer, intel),
                    (&side, pf),
                    (id, s, holds),
                    (cal.date, flight),
                );
                for order in given {
                    orders.give(order);
                }
            }
        }
        self.offices(ui, id);
        if !s.loyalty.is_empty() {
            let viewer = run.viewer();
            let intel = self.intel.as_deref().cloned().unwrap_or_default();
            super::figure_intel::loyalties(ui, data, (&viewer, &intel), id, s, cal.date);
        }
        let related = self
            .politics
            .view(run, subject.player_faction.as_deref())
            .and_then(|view| relations_section(ui, &view, id));
        if let Some(d) = data.figure(id) {
            ui.separator();
            ui.label(&d.bio);
        }
        self.history(ui, id);
        related.map(Selection::Figure)
    }

    /// The faction that controls the security police.
    fn police_controller(&self, data: &ScenarioData) -> Option<String> {
        let police = data.scenario.police.as_ref()?;
        self.institutions
            .iter()
            .find(|i| &i.id == police)
            .and_then(|i| i.controller.as_ref().map(|c| c.to_string()))
    }

    /// The chance that one's own man gets abroad, broken down as the rules reckon it.
    fn flight_odds(&self, data: &ScenarioData, id: &str, s: &Standing, faction: &str) -> Breakdown {
        use crate::sim::intel::flight::{FlightFactors, flight_odds, police_reach};
        let police = data.scenario.police.as_ref().map(|p| p.as_str());
        let competence = police
            .and_then(|p| self.institutions.iter().find(|i| i.id == p))
            .map_or(1.0, |i| i.competence);
        let chiefs: Vec<String> = (self.offices.iter())
            .filter(|o| Some(o.institution.as_str()) == police)
            .flat_map(|o| o.holders.iter().map(|h| h.to_string()))
            .collect();
        let holder = self.police_controller(data);
        let factors = FlightFactors {
            reach: police_reach(data, (holder.as_deref(), competence), &chiefs, faction),
            far: self.units.iter().any(|u| {
                u.commander.as_ref().is_some_and(|c| c == id)
                    && !data.scenario.capital.contains(&u.location)
            }),
            watched: s.status == FigureStatus::Watched,
        };
        flight_odds(factors, &data.common.chronicle)
    }

    /// The faction of the leader the police and the plots answer to, as the rules have it.
    fn leader_faction(&self, data: &ScenarioData) -> Option<String> {
        let ruler = self.ruler.as_deref().cloned().unwrap_or_default();
        let leader = ruler.or_leader(data.scenario.leader.as_str());
        self.faction_of(leader).map(str::to_string)
    }

    fn faction_of(&self, figure: &str) -> Option<&str> {
        self.figures
            .iter()
            .find(|(x, _)| x.id == figure)
            .and_then(|(_, st)| st.faction.as_ref().map(FactionId::as_str))
    }

    /// Arrest, plots and recruiting: the orders given.
    fn actions(
        &self,
        ui: &mut egui::Ui,
        data: &ScenarioData,
        cal: &Calendar,
        who: &Subject,
    ) -> Vec<SimCommand> {
        let (id, s, player_faction) = (who.id, who.standing, &who.player_faction);
        let mut orders = Vec::new();
        // The check the arrest order meets in the rules, asked of the rules.
        let adult = data
            .figure(id)
            .is_none_or(|d| is_adult(cal.date.year, d.born));
        let name = data.figure(id).map_or(id, |d| d.name.as_str());
        let why_not = arrest_refusal(
            who.police.as_deref(),
            player_faction.as_deref(),
            s.status.can_act(),
            adult,
        )
        .map(|r| sentence(&r.reason(name)))
        .unwrap_or_default();
        let arrest = SimCommand::Arrest { figure: id.into() };
        if order_button(ui, "Order his arrest", who.queued.contains(&arrest), &why_not)
            .on_hover_text("The police arrest them at once; a trial follows in about six weeks. Everyone's fear rises, and so does the leader's suspicion of whoever gave the order.")
            .clicked()
        {
            orders.push(arrest);
        }
        let leader_faction = self.leader_faction(data);
        let in_a_plot = self.plots.iter().any(|p| {
            p.state == PlotState::Active && (p.organiser == id || p.members.iter().any(|m| m == id))
        });
        // The check a new plot meets in the rules, asked of the rules.
        let why_no_plot = plot_refusal(
            s.status.can_act() && adult,
            s.faction.as_ref().map(FactionId::as_str),
            player_faction.as_deref(),
            leader_faction.as_deref(),
            in_a_plot,
        )
        .map(|r| sentence(&r.reason(name)))
        .unwrap_or_default();
        for (goal, label, tip) in [
            (
                "remove_leader",
                "Organise a plot to remove the leader",
                "They gather Central Committee members; when ready, a plenum votes. Political skill speeds it.",
            ),
            (
                "coup",
                "Organise a coup",
                "They win over commanders; when ready, the units that follow your faction storm the leader's residence. Military skill speeds it.",
            ),
        ] {
            let plot = SimCommand::StartPlot {
                organiser: id.into(),
                goal: goal.into(),
            };
            if order_button(ui, label, who.queued.contains(&plot), &why_no_plot)
                .on_hover_text(tip)
                .clicked()
            {
                orders.push(plot);
            }
        }
        // Recruiting into the player's own plot, with the odds shown.
        let leader_faction = leader_faction.unwrap_or_default();
        let my_plot = self
            .plots
            .iter()
            .filter(|p| p.state == PlotState::Active)
            .find(|p| {
                player_faction.is_some()
                    && self.faction_of(p.organiser.as_str()) == player_faction.as_deref()
            });
        let leader = self.ruler.as_deref().cloned().unwrap_or_default();
        let is_leader = leader.or_leader(data.scenario.leader.as_str()) == id;
        // The check recruiting meets in the rules, asked of the rules: only a man who
        // may be asked is offered.
        if let (Some(p), Some(pf)) = (my_plot, player_faction.as_ref())
            && recruit_refusal(s.status.can_act() && adult, is_leader, in_a_plot).is_none()
        {
            // The side reckons from his loyalties as it sees them, as with the other odds.
            let intel = self.intel.as_deref().cloned().unwrap_or_default();
            let (join, inform, estimated) = plot_ask_odds(
                &who.viewer,
                &intel,
                (id, s),
                (pf, &leader_faction),
                cal.date,
            );
            let est = if estimated { ", estimated" } else { "" };
            let b = ui
                .button(format!("Ask him into your plot ({:.0}% to join{est})", join.total * 100.0))
                .on_hover_ui(|ui| {
                    ui.strong(format!("{:.0}% that they join your plot{est}.", join.total * 100.0));
                    if estimated {
                        ui.label(estimate_note(&who.viewer, &intel));
                    }
                    ui.label(format!(
                        "If they refuse, {:.0}% that they inform the police.",
                        inform * 100.0
                    ));
                    how_reckoned(ui, |ui| {
                        ui.label("The chance that they join:");
                        chance_breakdown(ui, &join);
                        ui.label("The chance that a refusal is reported grows with their loyalty to the leader's men and with their fear.");
                    });
                });
            if b.clicked() {
                orders.push(SimCommand::Recruit {
                    plot: p.id.clone(),
                    figure: id.into(),
                });
            }
        }
        orders
    }

    /// Denouncing a free figure, pardoning a jailed one: the orders given.
    fn mercy(&self, ui: &mut egui::Ui, data: &ScenarioData, who: &Subject) -> Vec<SimCommand> {
        let (id, s, player_faction) = (who.id, who.standing, &who.player_faction);
        let mut orders = Vec::new();
        if s.status.can_act() {
            let name = data.figure(id).map_or(id, |d| d.name.as_str());
            // The check the denunciation meets in the rules, asked of the rules.
            let why_not = denounce_refusal(
                true,
                s.faction.as_ref().map(FactionId::as_str),
                player_faction.as_deref(),
            )
            .map(|r| sentence(&r.reason(name)))
            .unwrap_or_default();
            let denounce = SimCommand::Denounce { figure: id.into() };
            let b = order_button(
                ui,
                "Denounce him to the police",
                who.queued.contains(&denounce),
                &why_not,
            )
            .on_hover_text(
                "Certain to be heard: the leader's suspicion of them rises by 30, and any plot they are in is exposed (+30% to the police's evidence). The police act on it only if they answer to the leader and his fear is high enough.",
            );
            if b.clicked() {
                orders.push(denounce);
            }
        }
        let jailed = matches!(
            s.status,
            FigureStatus::Arrested | FigureStatus::Imprisoned | FigureStatus::Exiled
        );
        if jailed {
            let name = data.figure(id).map_or(id, |d| d.name.as_str());
            let why_not = pardon_refusal(
                who.police.as_deref(),
                player_faction.as_deref(),
                self.leader_faction(data).as_deref(),
                Some(s.status),
            )
            .map(|r| sentence(&r.reason(name)))
            .unwrap_or_default();
            let pardon = SimCommand::Pardon { figure: id.into() };
            let b = order_button(
                ui,
                "Pardon and free him",
                who.queued.contains(&pardon),
                &why_not,
            )
            .on_hover_text("Certain: they are free at once, and no trial follows.");
            if b.clicked() {
                orders.push(pardon);
            }
        }
        orders
    }

    fn offices(&self, ui: &mut egui::Ui, id: &str) {
        let mut held: Vec<&str> = self
            .offices
            .iter()
            .filter(|o| o.holders.iter().any(|h| h == id))
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
    }

    /// The figure's own history in this run, newest first.
    fn history(&self, ui: &mut egui::Ui, id: &str) {
        let Some(chronicle) = &self.chronicle else {
            return;
        };
        let mine: Vec<_> = chronicle
            .entries
            .iter()
            .rev()
            .filter(|e| e.actors.iter().any(|a| a == id))
            .take(12)
            .collect();
        if mine.is_empty() {
            return;
        }
        ui.separator();
        ui.strong("In this run");
        for e in mine {
            ui.label(format!("{} — {}", e.date.long(), e.text));
        }
    }
}

/// The portrait (initials in the faction's colour), the names and the standing.
fn header(ui: &mut egui::Ui, data: &ScenarioData, f: &Figure, s: &Standing) {
    let def = data.figure(f.id.as_str());
    let fac = s.faction.as_ref().and_then(|x| data.faction(x.as_str()));
    ui.horizontal(|ui| {
        let color = fac.map_or(egui::Color32::GRAY, |x| style::faction_color(x.color));
        let initials: String = f
            .name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect();
        let (rect, _) = ui.allocate_exact_size(egui::vec2(48.0, 48.0), egui::Sense::hover());
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
        ui.horizontal_wrapped(|ui| {
            ui.label("Traits:");
            for (i, t) in d.traits.iter().enumerate() {
                let sep = if i + 1 < d.traits.len() { "," } else { "" };
                // The content names every trait; an unknown one is refused at load.
                match data.trait_def(t) {
                    Some(x) => ui
                        .label(format!("{}{sep}", x.name))
                        .on_hover_text(&x.description),
                    None => ui.label(format!("{t}{sep}")),
                };
            }
        });
    }
}

/// A rule's reason as a sentence for a tooltip.
fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    chars.next().map_or_else(String::new, |c| {
        format!("{}{}.", c.to_uppercase(), chars.as_str())
    })
}
