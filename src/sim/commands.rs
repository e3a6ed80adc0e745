//! Commands: the only way the player and the AI change the world. The log of applied
//! commands, with the seed, is the replay.

use super::chronicle::Chronicler;
use super::people::{Figure, Standing};
use super::politics::congress::{Answers, PendingDecisions};
use super::politics::institutions::Office;
use super::politics::ruler::ruler_of;
use super::spawn::RunResource;
use super::{Ids, SimSet, SimTick};
use crate::scenario::chronicle::Line;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<CommandQueue>()
        .init_run_resource::<PlotOrders>()
        .init_run_resource::<CommandLog>()
        .add_systems(SimTick, apply_commands.in_set(SimSet::Commands));
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SimCommand {
    /// Give a seat of `office` (`institution.office`) to a figure.
    Appoint { office: String, figure: String },
    /// Take a seat of `office` from a figure.
    Dismiss { office: String, figure: String },
    /// Answer a pending decision with one of its options.
    Decide { decision: String, option: String },
    /// Have the police arrest a figure (the side must control the police).
    Arrest { figure: String },
    /// Make a figure of one's faction the organiser of a new plot:
    /// `goal` is "remove_leader" (a Central Committee vote) or "coup" (force).
    StartPlot { organiser: String, goal: String },
    /// Order one's plot to strike now, ready or not.
    StrikePlot { plot: String },
    /// Ask a figure to join one's plot: he may join, refuse, or refuse and inform.
    Recruit { plot: String, figure: String },
    /// Inform the police against a figure: the leader's suspicion of him grows, and any
    /// plot he is in is exposed.
    Denounce { figure: String },
    /// Free an arrested, imprisoned or exiled figure (the side must control the police
    /// or hold the ruling office).
    Pardon { figure: String },
    /// March a unit that follows one's faction to a region or site.
    MoveUnit { unit: String, to: String },
    /// Halt a unit that follows one's faction and send it back to barracks.
    StandDown { unit: String },
    /// A figure of one's faction speaks at the Congress while it sits.
    Speak {
        figure: String,
        theme: super::politics::speeches::SpeechTheme,
    },
    /// A council member of one's faction puts a motion to the council's vote.
    Propose {
        by: String,
        motion: super::politics::council::Motion,
    },
}

impl SimCommand {
    /// Speeches and motions, carried out by the politics system.
    pub fn is_politics_order(&self) -> bool {
        matches!(self, SimCommand::Speak { .. } | SimCommand::Propose { .. })
    }
    /// Orders the plots system carries out (it sees the police, plots and units).
    pub fn is_plot_order(&self) -> bool {
        matches!(
            self,
            SimCommand::Arrest { .. }
                | SimCommand::StartPlot { .. }
                | SimCommand::StrikePlot { .. }
                | SimCommand::Recruit { .. }
                | SimCommand::Denounce { .. }
                | SimCommand::Pardon { .. }
                | SimCommand::MoveUnit { .. }
                | SimCommand::StandDown { .. }
        )
    }
}

/// Orders about plots and arrests, checked and carried out by the plots system.
#[derive(Resource, Clone, Debug, Default)]
pub struct PlotOrders(pub Vec<(String, SimCommand)>);

/// Commands waiting for the next tick, with the side that issued them.
#[derive(Resource, Clone, Debug, Default)]
pub struct CommandQueue {
    pub pending: Vec<(String, SimCommand)>,
}

impl CommandQueue {
    pub fn push(&mut self, side: impl Into<String>, command: SimCommand) {
        self.pending.push((side.into(), command));
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedCommand {
    pub tick: u64,
    pub side: String,
    pub command: SimCommand,
    /// `None` when applied; the reason when the rules refused it.
    pub rejected: Option<String>,
}

#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommandLog {
    pub entries: Vec<LoggedCommand>,
}

impl CommandLog {
    pub fn rejected(&self) -> impl Iterator<Item = &LoggedCommand> {
        self.entries.iter().filter(|c| c.rejected.is_some())
    }
}

/// Checks a command against the rules; `Err` says why it is refused.
fn check(
    cmd: &SimCommand,
    ids: &Ids,
    figures: &Query<(&Figure, &Standing)>,
    offices: &Query<&mut Office>,
) -> Result<Entity, String> {
    let (office, figure) = match cmd {
        SimCommand::Appoint { office, figure } | SimCommand::Dismiss { office, figure } => {
            (office, figure)
        }
        _ => return Err("not an office command".into()),
    };
    let fe = ids
        .figures
        .get(figure)
        .ok_or_else(|| format!("unknown figure `{figure}`"))?;
    let oe = *ids
        .offices
        .get(office)
        .ok_or_else(|| format!("unknown office `{office}`"))?;
    let (_, standing) = figures
        .get(*fe)
        .map_err(|_| format!("figure `{figure}` is not in play"))?;
    let o = offices
        .get(oe)
        .map_err(|_| format!("office `{office}` is not in play"))?;
    match cmd {
        SimCommand::Appoint { .. } => {
            if !standing.status.can_act() {
                return Err(format!(
                    "`{figure}` is {} and cannot hold office",
                    standing.status.label()
                ));
            }
            if o.holders.contains(figure) {
                return Err(format!("`{figure}` already holds `{office}`"));
            }
            if o.holders.len() as u32 >= o.seats {
                return Err(format!("`{office}` has no free seat"));
            }
        }
        SimCommand::Dismiss { .. } if !o.holders.contains(figure) => {
            return Err(format!("`{figure}` does not hold `{office}`"));
        }
        _ => {}
    }
    Ok(oe)
}

fn check_decision(
    side: &str,
    decision: &str,
    option: &str,
    pending: &PendingDecisions,
) -> Result<(), String> {
    let d = pending
        .items
        .iter()
        .find(|d| d.id == decision)
        .ok_or_else(|| format!("no pending decision `{decision}`"))?;
    if d.side != side && side != "ai" {
        return Err(format!(
            "decision `{decision}` belongs to side `{}`",
            d.side
        ));
    }
    if !d.options.iter().any(|(id, _)| id == option) {
        return Err(format!("`{option}` is not an option of `{decision}`"));
    }
    Ok(())
}

/// Where commands wait and are logged, and the desks that other systems take their
/// orders from.
#[derive(SystemParam)]
pub struct Desks<'w> {
    queue: ResMut<'w, CommandQueue>,
    log: ResMut<'w, CommandLog>,
    pending: Res<'w, PendingDecisions>,
    answers: ResMut<'w, Answers>,
    plot_orders: ResMut<'w, PlotOrders>,
    politics_orders: ResMut<'w, super::politics::orders::PoliticsOrders>,
    politics: ResMut<'w, super::politics::Politics>,
}

pub fn apply_commands(
    mut desks: Desks,
    mut chronicler: Chronicler,
    ids: Res<Ids>,
    figures: Query<(&Figure, &Standing)>,
    mut offices: Query<&mut Office>,
    mut ruler: ResMut<super::politics::ruler::Ruler>,
) {
    let Desks {
        queue,
        log,
        pending,
        answers,
        plot_orders,
        politics_orders,
        politics,
    } = &mut desks;
    for (side, cmd) in std::mem::take(&mut queue.pending) {
        if cmd.is_plot_order() {
            plot_orders.0.push((side, cmd));
            continue;
        }
        if cmd.is_politics_order() {
            politics_orders.0.push((side, cmd));
            continue;
        }
        if let SimCommand::Decide { decision, option } = &cmd {
            let result = check_decision(&side, decision, option, pending);
            if result.is_ok() {
                answers.0.push((decision.clone(), option.clone()));
            }
            log.entries.push(LoggedCommand {
                tick: chronicler.calendar.ticks,
                side,
                command: cmd,
                rejected: result.err(),
            });
            continue;
        }
        let result = check(&cmd, &ids, &figures, &offices);
        if let Ok(oe) = result
            && let Ok(mut o) = offices.get_mut(oe)
        {
            let (line, actor) = match &cmd {
                SimCommand::Appoint { figure, office } => {
                    o.holders.push(figure.clone());
                    // The ruler's Secretariat makes the appointment: a career he made.
                    if ruler.office.as_deref() != Some(office.as_str()) {
                        super::politics::bonds::note_appointment(
                            politics,
                            ruler.figure(),
                            figure,
                            chronicler.calendar.date,
                        );
                    }
                    (Line::Appointed, figure)
                }
                SimCommand::Dismiss { figure, .. } => {
                    o.holders.retain(|h| h != figure);
                    (Line::Dismissed, figure)
                }
                // `check` passes office commands only.
                _ => continue,
            };
            // A change of the ruling office changes who rules, for the orders after it.
            if ruler.office.as_deref() == Some(o.key.as_str()) {
                let now = ruler_of(Some(&o.key), Some(&o), |id| {
                    let (f, s) = figures.get(*ids.figures.get(id)?).ok()?;
                    Some((f.name.as_str(), s))
                });
                if *ruler != now {
                    *ruler = now;
                }
            }
            let name = name_of(&ids, &figures, actor);
            chronicler.line(
                line,
                &[("figure", &name), ("office", &o.name)],
                vec![actor.clone()],
            );
        }
        log.entries.push(LoggedCommand {
            tick: chronicler.calendar.ticks,
            side,
            command: cmd,
            rejected: result.err(),
        });
    }
}

fn name_of(ids: &Ids, figures: &Query<(&Figure, &Standing)>, id: &str) -> String {
    ids.figures
        .get(id)
        .and_then(|e| figures.get(*e).ok())
        .map_or_else(|| id.to_string(), |(f, _)| f.name.clone())
}
