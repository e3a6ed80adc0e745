//! The politics on the right panel: a figure's relations, his speech at the Congress and
//! the motions against him; the Politburo's policies and votes. Every action shows its
//! odds, and its tooltip each member's chance and why.

use crate::gui::panels::queued::order_button;
use crate::gui::panels::{RunView, how_reckoned, refusal_sentence};
use crate::gui::style;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::scenario::schema::{PolicyOptionDef, RelationKind, ScenarioData};
use crate::sim::calendar::Calendar;
use crate::sim::commands::{Side, SimCommand};
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::Politics;
use crate::sim::politics::bonds::bonds;
use crate::sim::politics::congress::CongressVote;
use crate::sim::politics::council::{Chamber, Motion, MotionOdds, council_members};
use crate::sim::politics::institutions::Office;
use crate::sim::politics::orders::{CouncilOrder, Floor, check_council};
use crate::sim::politics::ruler::Ruler;
use crate::sim::politics::speeches::{
    SpeechTheme, congress_in_session, describe_speech, speech_strength,
};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui;
use std::sync::Arc;

/// What the politics sections read, as a system parameter of the panels that show them.
#[derive(SystemParam)]
pub struct PoliticsData<'w, 's> {
    politics: Option<Res<'w, Politics>>,
    vote: Option<Res<'w, CongressVote>>,
    ruler: Option<Res<'w, Ruler>>,
    figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    offices: Query<'w, 's, &'static Office>,
}

impl<'w, 's> PoliticsData<'w, 's> {
    /// The view of the run on screen; none between runs.
    pub fn view<'a>(
        &'a self,
        run: &'a RunView,
        player_faction: Option<&'a str>,
    ) -> Option<PoliticsView<'a, 'w, 's>> {
        let (calendar, info, data) = run.get()?;
        let vote = self.vote.as_deref()?;
        Some(PoliticsView {
            data,
            politics: self.politics.as_deref()?,
            calendar,
            vote,
            voted: vote.date.is_some(),
            player_side: info.player_side.as_ref().map(|s| s.as_str()),
            player_faction,
            ruler: self.ruler.as_deref(),
            figures: &self.figures,
            offices: &self.offices,
        })
    }
}

/// What the politics sections read, gathered once a frame.
pub struct PoliticsView<'a, 'w, 's> {
    pub data: &'a Arc<ScenarioData>,
    pub politics: &'a Politics,
    pub calendar: &'a Calendar,
    pub vote: &'a CongressVote,
    pub voted: bool,
    pub player_side: Option<&'a str>,
    pub player_faction: Option<&'a str>,
    /// Who rules, as the rules derived it.
    pub ruler: Option<&'a Ruler>,
    pub figures: &'a Query<'w, 's, (&'static Figure, &'static Standing)>,
    pub offices: &'a Query<'w, 's, &'static Office>,
}

fn name<'a>(data: &'a ScenarioData, id: &'a str) -> &'a str {
    data.figure(id).map_or(id, |f| f.name.as_str())
}

/// The chamber as the player sees it now.
pub fn chamber(view: &PoliticsView) -> Chamber {
    let (figures, offices) = (view.figures, view.offices);
    let mut office_list: Vec<(OfficeId, Vec<FigureId>)> = offices
        .iter()
        .map(|o| (o.key.clone(), o.holders.clone()))
        .collect();
    office_list.sort();
    let ruler = view.ruler.and_then(|r| r.figure.clone());
    Chamber {
        data: view.data.clone(),
        current: view.politics.policies.clone(),
        standings: figures
            .iter()
            .map(|(f, s)| (f.id.clone(), s.clone()))
            .collect(),
        offices: office_list,
        ruler,
    }
}

/// The member of the player's faction who moves motions: the ruler if he is one of
/// them, else the first in id order.
fn mover(view: &PoliticsView, chamber: &Chamber) -> Option<FigureId> {
    let pf = view.player_faction?;
    let members = council_members(&chamber.data, &chamber.offices);
    members
        .into_iter()
        .filter(|m| {
            chamber.standings.get(m).is_some_and(|s| {
                s.status.can_act() && s.faction.as_ref().map(FactionId::as_str) == Some(pf)
            })
        })
        .min_by_key(|m| (chamber.ruler.as_ref() != Some(m), m.clone()))
}

/// Each voter's chance and reasons, for a motion's tooltip.
pub fn odds_tooltip(ui: &mut egui::Ui, data: &ScenarioData, odds: &MotionOdds) {
    ui.strong(format!(
        "Chance the {} adopts it: {:.0}%",
        data.council_name(),
        odds.pass * 100.0
    ));
    ui.label("A majority of the members who vote carries it. Each member:");
    let reasons = |v: &crate::sim::politics::council::VoteOdds| -> Vec<(String, f32)> {
        v.reasons
            .iter()
            .filter(|(_, x)| x.abs() >= 0.005)
            .map(|(r, x)| (r.clone(), *x))
            .collect()
    };
    egui::Grid::new(ui.next_auto_id())
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for v in &odds.voters {
                ui.label(name(data, &v.voter));
                ui.label(format!("{:.0}% for", v.chance * 100.0));
                // The reason that weighs most on the side he leans to, in words; the
                // sum one level down.
                let lean = if v.chance >= 0.5 { 1.0 } else { -1.0 };
                let main = reasons(v)
                    .into_iter()
                    .filter(|(_, x)| x * lean > 0.0)
                    .max_by(|a, b| (a.1 * lean).total_cmp(&(b.1 * lean)));
                ui.label(main.map_or("undecided".to_string(), |(r, _)| r));
                ui.end_row();
            }
        });
    how_reckoned(ui, |ui| {
        ui.label("Each member starts at an even 50%; each reason moves him, in points, to no less than 2% and no more than 98%:");
        egui::Grid::new(ui.next_auto_id())
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                for v in &odds.voters {
                    ui.label(name(data, &v.voter));
                    let list = reasons(v);
                    let why: Vec<String> = list
                        .iter()
                        .map(|(r, x)| format!("{r} {:+.0}", x * 100.0))
                        .collect();
                    ui.label(match list.first() {
                        // The mover and the man the motion is against: no sum to show.
                        Some((r, x)) if x.abs() >= 1.0 => format!("{r}: certain"),
                        None => "50%".to_string(),
                        Some(_) => format!("50 {} → {:.0}%", why.join("; "), v.chance * 100.0),
                    });
                    ui.end_row();
                }
            });
    });
}

/// A figure's relations, each name opening that figure's card.
/// Returns the figure whose name was clicked.
pub fn relations_section(ui: &mut egui::Ui, view: &PoliticsView, id: &str) -> Option<String> {
    let list = bonds(view.data, view.politics, id);
    let mut clicked = None;
    if list.is_empty() {
        return None;
    }
    ui.separator();
    ui.strong("Relations");
    for b in list {
        let what = match (b.kind, b.is_patron) {
            (RelationKind::Patron, true) => "patron of",
            (RelationKind::Patron, false) => "client of",
            (RelationKind::Family, _) => "family:",
            (RelationKind::Rivalry, _) => "rival of",
            (RelationKind::Friendship, _) => "friend of",
        };
        ui.horizontal(|ui| {
            ui.label(what);
            let link = ui.link(name(view.data, &b.other));
            let link = if b.note.is_empty() {
                link
            } else {
                link.on_hover_text(&b.note)
            };
            if link.clicked() {
                clicked = Some(b.other.clone());
            }
        });
    }
    clicked
}

/// The actions of politics on a figure's card: a speech while the Congress sits, and
/// motions in the council to dismiss or arrest him. Each is checked as the rules will
/// check it, and shown disabled with their reason when they would refuse it. Returns
/// the orders given.
/// A figure's speeches and motions; those already queued are marked so (`queued`).
pub fn figure_actions(
    ui: &mut egui::Ui,
    view: &PoliticsView,
    (id, standing): (&str, &Standing),
    queued: &[SimCommand],
) -> Vec<SimCommand> {
    let offices = view.offices;
    let mut orders: Vec<SimCommand> = Vec::new();
    let Some(side) = view.player_side.map(Side::from) else {
        return orders;
    };
    let chamber = chamber(view);
    let floor = Floor {
        chamber: &chamber,
        politics: view.politics,
        calendar: view.calendar,
        congress_voted: view.voted,
    };
    let why_not = |order: &CouncilOrder| {
        check_council(&floor, &side, order)
            .err()
            .map(|r| refusal_sentence(view.data, &r))
    };
    let own = standing.status.can_act()
        && standing.faction.as_ref().map(FactionId::as_str) == view.player_faction;
    if own && congress_in_session(view.data, view.calendar, view.voted) {
        if view.politics.has_spoken(id) {
            ui.label("Has spoken at this Congress.");
        } else {
            let strength = speech_strength(view.data, id, standing.popularity);
            ui.horizontal_wrapped(|ui| {
                ui.label("Speak at the Congress:");
                for theme in SpeechTheme::ALL {
                    let refused = why_not(&CouncilOrder::Speak {
                        figure: id.into(),
                        theme,
                    });
                    let speech = SimCommand::Speak {
                        figure: id.into(),
                        theme,
                    };
                    let b = order_button(
                        ui,
                        theme.label(),
                        queued.contains(&speech),
                        &refused.unwrap_or_default(),
                    )
                    .on_hover_ui(|ui| {
                            ui.strong("Certain to be given. What it does:");
                            ui.label(describe_speech(theme, strength));
                            ui.label(format!("The speech carries weight {strength:.2}: the more skilled and popular the speaker, the more it moves."));
                            how_reckoned(ui, |ui| {
                                ui.label("Weight = 0.5 + political skill/10 × (0.4 + 0.6 × popularity/100).");
                                ui.label("Each effect above is its base amount times the weight.");
                            });
                        });
                    if b.clicked() {
                        orders.push(speech);
                    }
                }
            });
        }
    }
    // The motions' odds are computed when drawn: a card is one figure, a few motions.
    if let Some(by) = mover(view, &chamber)
        && by != id
        && standing.status.can_act()
    {
        let mut motions: Vec<(String, Motion)> = chamber
            .offices
            .iter()
            .filter(|(_, h)| h.iter().any(|x| x == id))
            .map(|(k, _)| {
                let office = offices
                    .iter()
                    .find(|o| &o.key == k)
                    .map_or(k.clone(), |o| o.name.as_str().into());
                (
                    format!("Move to dismiss him as {office}"),
                    Motion::Dismiss {
                        figure: id.to_string(),
                        office: k.to_string(),
                    },
                )
            })
            .collect();
        // A free seat in the council itself, offered by vote.
        for key in &view.data.scenario.council {
            let held = chamber
                .offices
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, h)| h.clone())
                .unwrap_or_default();
            let Some(o) = offices.iter().find(|o| &o.key == key) else {
                continue;
            };
            if !held.iter().any(|h| h == id) && (held.len() as u32) < o.seats {
                motions.push((
                    format!("Move to elect him as {}", o.name),
                    Motion::Elect {
                        figure: id.to_string(),
                        office: key.to_string(),
                    },
                ));
            }
        }
        motions.push((
            format!("Move in the {} to arrest him", view.data.council_name()),
            Motion::Arrest {
                figure: id.to_string(),
            },
        ));
        for (label, motion) in motions {
            let refused = why_not(&CouncilOrder::Propose {
                by: by.as_str().into(),
                motion: motion.clone(),
            });
            let odds = chamber.odds(by.as_str(), &motion);
            let label = match refused {
                Some(_) => label,
                None => format!("{label} ({:.0}%)", odds.pass * 100.0),
            };
            let proposal = SimCommand::Propose {
                by: by.as_str().into(),
                motion: motion.clone(),
            };
            let b = order_button(
                ui,
                &label,
                queued.contains(&proposal),
                &refused.unwrap_or_default(),
            )
            .on_hover_ui(|ui| {
                    ui.label(format!("Moved by {}.", name(view.data, by.as_str())));
                    odds_tooltip(ui, view.data, &odds);
                    ui.label("If it fails, the mover loses 3 popularity and the leader's suspicion of the mover grows by 10.");
                });
            if b.clicked() {
                orders.push(proposal);
            }
        }
    }
    orders
}

/// The Politburo's policies: what is in force, what each change would take, and the
/// latest votes. Returns the orders given.
pub fn council_section(ui: &mut egui::Ui, view: &PoliticsView) -> Vec<SimCommand> {
    let data = view.data;
    if data.common.policies.is_empty() {
        return Vec::new();
    }
    // The odds need every figure's standing: gathered only when the player has a man in
    // the council to move anything.
    let chamber = view.player_faction.map(|_| chamber(view));
    let by = chamber.as_ref().and_then(|c| mover(view, c));
    let mut orders: Vec<SimCommand> = Vec::new();
    ui.separator();
    ui.heading("Policy");
    for p in &data.common.policies {
        let now = view.politics.policy(data, &p.id).unwrap_or_default();
        let now_name = p
            .options
            .iter()
            .find(|o| o.id == now)
            .map_or(now, |o| o.name.as_str());
        ui.horizontal_wrapped(|ui| {
            ui.strong(&p.name).on_hover_text(&p.description);
            ui.label(format!("— {now_name}"));
        });
        let on_offer = |o: &&PolicyOptionDef| o.id != now && o.offered_on(view.calendar.date);
        for o in p.options.iter().filter(on_offer) {
            let motion = Motion::Policy {
                policy: p.id.clone(),
                option: o.id.clone(),
            };
            let effects = crate::sim::events::describe::describe_effects(
                data,
                &o.effects,
                view.calendar.date,
            );
            // The check the motion meets in the rules, asked of the rules.
            let refused = match (&by, &chamber, view.player_side) {
                (Some(b), Some(c), Some(side)) => {
                    let floor = Floor {
                        chamber: c,
                        politics: view.politics,
                        calendar: view.calendar,
                        congress_voted: view.voted,
                    };
                    let order = CouncilOrder::Propose {
                        by: b.clone(),
                        motion: motion.clone(),
                    };
                    check_council(&floor, &Side::from(side), &order)
                        .err()
                        .map(|r| refusal_sentence(data, &r))
                }
                _ => None,
            };
            let (enabled, label, why) = match (&by, refused) {
                (None, _) => (
                    false,
                    format!("Propose: {}", o.name),
                    format!(
                        "No free member of your faction sits in the {}.",
                        data.council_name()
                    ),
                ),
                (Some(_), Some(why)) => (false, format!("Propose: {}", o.name), why),
                (Some(b), None) => {
                    let odds = chamber
                        .as_ref()
                        .map(|c| c.odds(b.as_str(), &motion))
                        .unwrap_or_default();
                    (
                        true,
                        format!("Propose: {} ({:.0}%)", o.name, odds.pass * 100.0),
                        String::new(),
                    )
                }
            };
            let button = ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_disabled_hover_text(why);
            let button = button.on_hover_ui(|ui| {
                ui.label(&o.text);
                if !effects.is_empty() {
                    ui.strong("If adopted:");
                    ui.label(&effects);
                }
                if let (Some(b), Some(c)) = (&by, &chamber) {
                    ui.separator();
                    ui.label(format!("Moved by {}.", name(data, b.as_str())));
                    odds_tooltip(ui, data, &c.odds(b.as_str(), &motion));
                }
            });
            if button.clicked()
                && let Some(b) = &by
            {
                orders.push(SimCommand::Propose {
                    by: b.clone(),
                    motion,
                });
            }
        }
    }
    if !view.politics.votes.is_empty() {
        ui.separator();
        ui.strong("Latest votes");
        for v in view.politics.votes.iter().rev().take(6) {
            ui.label(format!(
                "{} — {}: {} ({}–{}) {}",
                v.date.long(),
                name(data, &v.by),
                crate::sim::politics::council::describe_motion(data, &v.motion, v.date),
                v.yes.len(),
                v.no.len(),
                if v.adopted { "adopted" } else { "rejected" }
            ))
            .on_hover_ui(|ui| {
                let names = |l: &[String]| {
                    l.iter()
                        .map(|x| name(data, x))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                ui.label(format!("For: {}\nAgainst: {}", names(&v.yes), names(&v.no)));
            });
        }
    }
    orders
}

/// How long after its ballot the Congress's result stays in the outliner.
const CONGRESS_NEWS_DAYS: i64 = 60;

/// The Congress in the outliner: while it sits, the delegates' following by faction and
/// the speeches given; after the ballot, the crossings-out of the leadership, as counted
/// and as announced.
pub fn congress_section(ui: &mut egui::Ui, view: &PoliticsView) {
    let (data, vote) = (view.data, view.vote);
    let Some(c) = data.scenario.congress.as_ref() else {
        return;
    };
    let sitting = congress_in_session(data, view.calendar, view.voted);
    // After the ballot its result stays a while, as news; then it is history (the
    // chronicle keeps it).
    let news = vote
        .date
        .is_some_and(|d| d.days_until(view.calendar.date) <= CONGRESS_NEWS_DAYS);
    if !sitting && !news {
        return;
    }
    egui::CollapsingHeader::new(egui::RichText::new("The Congress").heading())
        .id_salt("congress_section")
        .default_open(sitting)
        .show(ui, |ui| {
            if sitting {
                ui.label(format!("The ballot is on {}.", c.vote_date.long()));
            }
            let following = if view.politics.delegates.is_empty() {
                &c.delegates
            } else {
                &view.politics.delegates
            };
            ui.label(format!("The {} voting delegates follow:", c.voting_delegates))
                .on_hover_text("Speeches move them: criticism of the leader wins delegates from his faction for the speaker's, praise the other way.");
            let mut blocs: Vec<(&FactionId, &f32)> = following.iter().collect();
            blocs.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
            for (f, share) in blocs {
                let fac = data.faction(f.as_str());
                let color = fac.map_or(egui::Color32::GRAY, |x| style::faction_color(x.color));
                ui.horizontal(|ui| {
                    ui.colored_label(color, "■");
                    ui.label(fac.map_or(f.as_str(), |x| x.name.as_str()));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format!("{:.1}%", share * 100.0));
                    });
                });
            }
            for s in &view.politics.speeches {
                ui.small(format!("{} — {}: {}", s.date.long(), name(data, &s.figure), s.theme.label()));
            }
            if vote.date.is_none() {
                return;
            }
            ui.separator();
            ui.label(format!("Crossed out on {} ballots (counted / announced):", vote.ballots));
            let mut rows: Vec<(&String, &u32)> = vote
                .against
                .iter()
                .filter(|(id, _)| {
                    c.leadership
                        .iter()
                        .any(|o| data.scenario.offices.get(o).is_some_and(|h| h.iter().any(|x| x == *id)))
                })
                .collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            egui::Grid::new("congress_votes").striped(true).show(ui, |ui| {
                for (id, n) in rows {
                    ui.label(name(data, id));
                    ui.label(n.to_string());
                    ui.label(vote.announced.get(id).map_or("–".into(), |a| a.to_string()))
                        .on_hover_text("What the counting commission announced.");
                    ui.end_row();
                }
            });
        });
    ui.separator();
}
