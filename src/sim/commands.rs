//! Orders: the only way the player and the AI change the world. Everyone issues a
//! `SimCommand` to the one `CommandQueue`; each tick the queue is split into typed order
//! messages for the plugins that own them (offices and the council: politics; plots and
//! arrests: intrigue; units: forces; answers to decisions: events). Each plugin checks
//! and carries out its orders and answers with an `OrderOutcome`, which one system
//! writes to the `CommandLog`. The log, with the seed, is the replay.

use super::calendar::Calendar;
use super::events::answers::EventAnswer;
use super::forces::orders::UnitOrder;
use super::intel::orders::IntelOrder;
use super::intrigue::orders::PlotOrder;
use super::intrigue::plots::PlotGoal;
use super::politics::orders::{CouncilOrder, OfficeOrder};
use super::spawn::RunResource;
use super::{SimSet, SimTick};
use crate::model::FigureId;
use crate::model::OfficeId;
use crate::model::SideId;
use crate::model::UnitId;
use bevy::ecs::message::Messages;
use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<CommandQueue>()
        .init_run_resource::<CommandLog>()
        .add_message::<Order<OfficeOrder>>()
        .add_message::<Order<CouncilOrder>>()
        .add_message::<Order<PlotOrder>>()
        .add_message::<Order<UnitOrder>>()
        .add_message::<Order<EventAnswer>>()
        .add_message::<OrderOutcome>()
        .configure_sets(
            SimTick,
            (OrderStep::Dispatch, OrderStep::CarryOut, OrderStep::Log)
                .chain()
                .in_set(SimSet::Commands),
        )
        .add_systems(SimTick, dispatch_orders.in_set(OrderStep::Dispatch))
        .add_systems(SimTick, log_outcomes.in_set(OrderStep::Log));
}

/// The steps of the tick's orders: the queue is split into typed orders, the owning
/// plugins carry them out, and the outcomes are logged. All in one tick: the tick may
/// run many times a frame headless, so no message waits for the frame's update.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub enum OrderStep {
    Dispatch,
    CarryOut,
    Log,
}

/// Who gives an order. Saved as the plain strings it always was ("ai", "plot",
/// "congress", or a scenario side's id), so old saves and replays still load.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Side {
    /// The AI, for every side no player takes.
    Ai,
    /// A plot that has taken power, filling the offices it took.
    Plot,
    /// The Congress, carrying out the offer its delegates accepted.
    Congress,
    /// A side of the scenario, by its id: the player's, or one the AI plays.
    Played(SideId),
    /// The AI acting for one side of the scenario, bound by that side's means (its
    /// favours, its police, its men). Saved as "ai:" and the side's id.
    AiFor(SideId),
}

impl Side {
    pub fn as_str(&self) -> &str {
        match self {
            Side::Ai => "ai",
            Side::Plot => "plot",
            Side::Congress => "congress",
            Side::Played(id) | Side::AiFor(id) => id.as_str(),
        }
    }
    /// The AI answers for every side, so its orders pass the checks of ownership that
    /// bind a played side.
    pub fn is_ai(&self) -> bool {
        matches!(self, Side::Ai)
    }
    /// Whether the AI gave the order, for every side or for one.
    pub fn by_ai(&self) -> bool {
        matches!(self, Side::Ai | Side::AiFor(_))
    }
}

impl From<String> for Side {
    fn from(s: String) -> Self {
        match s.as_str() {
            "ai" => Side::Ai,
            "plot" => Side::Plot,
            "congress" => Side::Congress,
            _ => match s.strip_prefix("ai:") {
                Some(side) => Side::AiFor(side.into()),
                None => Side::Played(s.into()),
            },
        }
    }
}

impl From<&str> for Side {
    fn from(s: &str) -> Self {
        Side::from(s.to_string())
    }
}

impl From<Side> for String {
    fn from(s: Side) -> Self {
        match s {
            Side::Played(id) => id.into_string(),
            Side::AiFor(id) => format!("ai:{id}"),
            other => other.as_str().to_string(),
        }
    }
}

impl PartialEq<str> for Side {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Side {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SimCommand {
    /// Give a seat of `office` (`institution.office`) to a figure.
    Appoint { office: OfficeId, figure: FigureId },
    /// Take a seat of `office` from a figure.
    Dismiss { office: OfficeId, figure: FigureId },
    /// Answer a pending decision with one of its options.
    Decide { decision: String, option: String },
    /// Have the police arrest a figure (the side must control the police).
    Arrest { figure: FigureId },
    /// Make a figure of one's faction the organiser of a new plot:
    /// `goal` is "remove_leader" (a Central Committee vote) or "coup" (force).
    StartPlot { organiser: FigureId, goal: String },
    /// Order one's plot to strike now, ready or not.
    StrikePlot { plot: String },
    /// Ask a figure to join one's plot: he may join, refuse, or refuse and inform.
    Recruit { plot: String, figure: FigureId },
    /// Inform the police against a figure: the leader's suspicion of him grows, and any
    /// plot he is in is exposed.
    Denounce { figure: FigureId },
    /// Free an arrested, imprisoned or exiled figure (the side must control the police
    /// or hold the ruling office).
    Pardon { figure: FigureId },
    /// March a unit that follows one's faction to a region or site.
    MoveUnit { unit: UnitId, to: String },
    /// Halt a unit that follows one's faction and send it back to barracks.
    StandDown { unit: UnitId },
    /// Order one's units in the capital to take a site of it from those holding it:
    /// a battle, fought hour by hour.
    SeizeSite { site: String },
    /// A figure of one's faction speaks at the Congress while it sits.
    Speak {
        figure: FigureId,
        theme: super::politics::speeches::SpeechTheme,
    },
    /// A council member of one's faction puts a motion to the council's vote.
    Propose {
        by: FigureId,
        motion: super::politics::council::Motion,
    },
    /// Publish what one's side knows of a plot: broken if real and believed; a side
    /// that accuses on a rumour looks foolish.
    ExposePlot { plot: String },
    /// Spend a favour on a figure: he leans towards one's side and owes it.
    WinOver { figure: FigureId },
    /// Spend a favour digging into a figure's past.
    GatherKompromat { figure: FigureId },
    /// Use what one holds on a figure: he obeys, and remembers.
    Blackmail { figure: FigureId },
    /// Spend a favour placing an informer close to a figure.
    PlaceInformer { figure: FigureId },
    /// One's own man gives up his posts and leaves Moscow, to be forgotten.
    LieLow { figure: FigureId },
    /// One's own man tries to flee abroad: gone, his posts fall vacant; caught, he is
    /// arrested.
    Flee { figure: FigureId },
    /// The ruling side, warned that a plenum is being whipped against its leader, calls
    /// it at once: the plot's vote is held with the votes as they stand.
    CallPlenum { plot: String },
}

/// A command as the order of the plugin that owns it.
enum Routed {
    Office(OfficeOrder),
    Council(CouncilOrder),
    Plot(PlotOrder),
    Unit(UnitOrder),
    Answer(EventAnswer),
    Intel(IntelOrder),
}

impl SimCommand {
    fn route(&self) -> Routed {
        use SimCommand as C;
        match self.clone() {
            C::Appoint { office, figure } => {
                Routed::Office(OfficeOrder::Appoint { office, figure })
            }
            C::Dismiss { office, figure } => {
                Routed::Office(OfficeOrder::Dismiss { office, figure })
            }
            C::Decide { decision, option } => Routed::Answer(EventAnswer { decision, option }),
            C::Arrest { figure } => Routed::Plot(PlotOrder::Arrest { figure }),
            C::StartPlot { organiser, goal } => Routed::Plot(PlotOrder::StartPlot {
                organiser,
                goal: PlotGoal::from_key(&goal),
            }),
            C::StrikePlot { plot } => Routed::Plot(PlotOrder::StrikePlot { plot }),
            C::Recruit { plot, figure } => Routed::Plot(PlotOrder::Recruit { plot, figure }),
            C::Denounce { figure } => Routed::Plot(PlotOrder::Denounce { figure }),
            C::Pardon { figure } => Routed::Plot(PlotOrder::Pardon { figure }),
            C::MoveUnit { unit, to } => Routed::Unit(UnitOrder::March { unit, to }),
            C::StandDown { unit } => Routed::Unit(UnitOrder::StandDown { unit }),
            C::SeizeSite { site } => Routed::Unit(UnitOrder::Seize { site }),
            C::Speak { figure, theme } => Routed::Council(CouncilOrder::Speak { figure, theme }),
            C::Propose { by, motion } => Routed::Council(CouncilOrder::Propose { by, motion }),
            C::ExposePlot { plot } => Routed::Intel(IntelOrder::ExposePlot { plot }),
            C::WinOver { figure } => Routed::Intel(IntelOrder::WinOver { figure }),
            C::GatherKompromat { figure } => Routed::Intel(IntelOrder::GatherKompromat { figure }),
            C::Blackmail { figure } => Routed::Intel(IntelOrder::Blackmail { figure }),
            C::PlaceInformer { figure } => Routed::Intel(IntelOrder::PlaceInformer { figure }),
            C::LieLow { figure } => Routed::Intel(IntelOrder::LieLow { figure }),
            C::Flee { figure } => Routed::Intel(IntelOrder::Flee { figure }),
            C::CallPlenum { plot } => Routed::Intel(IntelOrder::CallPlenum { plot }),
        }
    }

    /// Where the log lists an order among the tick's: offices and answers, then plots
    /// and units, then the council, each in the order given; the order in which the
    /// plugins carry them out.
    fn log_stage(&self) -> u8 {
        use SimCommand as C;
        match self {
            C::Appoint { .. } | C::Dismiss { .. } | C::Decide { .. } => 0,
            C::Arrest { .. }
            | C::StartPlot { .. }
            | C::StrikePlot { .. }
            | C::Recruit { .. }
            | C::Denounce { .. }
            | C::Pardon { .. }
            | C::MoveUnit { .. }
            | C::StandDown { .. }
            | C::SeizeSite { .. } => 1,
            C::Speak { .. } | C::Propose { .. } => 2,
            C::ExposePlot { .. }
            | C::WinOver { .. }
            | C::GatherKompromat { .. }
            | C::Blackmail { .. }
            | C::PlaceInformer { .. }
            | C::LieLow { .. }
            | C::Flee { .. }
            | C::CallPlenum { .. } => 1,
        }
    }
}

/// Commands waiting for the next tick, with the side that issued them: the one entry
/// point for the player, the AI, the replay, and the rules that act through orders.
#[derive(Resource, Clone, Debug, Default)]
pub struct CommandQueue {
    pub pending: Vec<(Side, SimCommand)>,
}

impl CommandQueue {
    pub fn push(&mut self, side: impl Into<Side>, command: SimCommand) {
        self.pending.push((side.into(), command));
    }

    /// Whether a side's command waits for the next tick.
    pub fn is_pending(&self, side: &Side, command: &SimCommand) -> bool {
        self.pending.iter().any(|(s, c)| s == side && c == command)
    }

    /// Takes back a side's command before the tick carries it out: the rules never see
    /// it. False when it is not waiting (carried out already, or never given).
    pub fn withdraw(&mut self, side: &Side, command: &SimCommand) -> bool {
        let found = self
            .pending
            .iter()
            .position(|(s, c)| s == side && c == command);
        found.map(|i| self.pending.remove(i)).is_some()
    }
}

/// An order on its way to the plugin that owns it.
#[derive(Clone, Debug)]
pub struct Order<T> {
    pub side: Side,
    /// Its place among the tick's commands, for the log.
    pub seq: usize,
    pub order: T,
    /// The command as given, for the log and the replay.
    pub given: SimCommand,
}

impl<T: Send + Sync + 'static> Message for Order<T> {}

impl<T> Order<T> {
    /// The outcome of carrying it out: `Err` says why the rules refused it.
    pub fn outcome(&self, result: Result<(), String>) -> OrderOutcome {
        OrderOutcome {
            side: self.side.clone(),
            seq: self.seq,
            command: self.given.clone(),
            result,
        }
    }
}

/// Takes the tick's orders of one type, in the order given. Drained, not read: the tick
/// may run many times before the frame's update would clear a message.
pub fn take_orders<T: Send + Sync + 'static>(orders: &mut Messages<Order<T>>) -> Vec<Order<T>> {
    orders.drain().collect()
}

/// What became of an order: the side, the order, applied or refused with the reason.
#[derive(Message, Clone, Debug, PartialEq)]
pub struct OrderOutcome {
    pub side: Side,
    pub seq: usize,
    pub command: SimCommand,
    pub result: Result<(), String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedCommand {
    pub tick: u64,
    pub side: Side,
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

/// The typed order queues, one per owning plugin.
#[derive(bevy::ecs::system::SystemParam)]
pub struct OrderWriters<'w> {
    offices: MessageWriter<'w, Order<OfficeOrder>>,
    council: MessageWriter<'w, Order<CouncilOrder>>,
    plots: MessageWriter<'w, Order<PlotOrder>>,
    units: MessageWriter<'w, Order<UnitOrder>>,
    answers: MessageWriter<'w, Order<EventAnswer>>,
    intel: MessageWriter<'w, Order<IntelOrder>>,
}

/// Splits the queue into the typed orders of the plugins that own them.
pub fn dispatch_orders(mut queue: ResMut<CommandQueue>, mut out: OrderWriters) {
    for (seq, (side, given)) in std::mem::take(&mut queue.pending).into_iter().enumerate() {
        macro_rules! send {
            ($writer:ident, $order:expr) => {{
                out.$writer.write(Order {
                    side,
                    seq,
                    order: $order,
                    given,
                });
            }};
        }
        match given.route() {
            Routed::Office(o) => send!(offices, o),
            Routed::Council(o) => send!(council, o),
            Routed::Plot(o) => send!(plots, o),
            Routed::Unit(o) => send!(units, o),
            Routed::Answer(o) => send!(answers, o),
            Routed::Intel(o) => send!(intel, o),
        };
    }
}

/// Writes the tick's outcomes to the log, in the order the plugins carried them out.
pub fn log_outcomes(
    mut outcomes: ResMut<Messages<OrderOutcome>>,
    calendar: Res<Calendar>,
    mut log: ResMut<CommandLog>,
) {
    let mut done: Vec<OrderOutcome> = outcomes.drain().collect();
    done.sort_by_key(|o| (o.command.log_stage(), o.seq));
    log.entries.extend(done.into_iter().map(|o| LoggedCommand {
        tick: calendar.ticks,
        side: o.side,
        command: o.command,
        rejected: o.result.err(),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_reads_and_writes_the_words_saves_hold() {
        let ai_for = Side::from("ai:a_side");
        assert_eq!(ai_for, Side::AiFor(SideId::from("a_side")));
        assert_eq!(ai_for.as_str(), "a_side");
        assert_eq!(String::from(ai_for.clone()), "ai:a_side");
        let played = Side::from("a_side");
        assert_eq!(played, Side::Played(SideId::from("a_side")));
        assert_eq!(serde_json::to_string(&played).unwrap(), "\"a_side\"");
        assert_eq!(serde_json::to_string(&ai_for).unwrap(), "\"ai:a_side\"");
        let back: Side = serde_json::from_str("\"ai:a_side\"").unwrap();
        assert_eq!(back, ai_for);
        assert_eq!(Side::from("plot"), Side::Plot);
    }
}
