//! Orders as typed messages: each plugin answers its orders with an outcome, one system
//! logs them, and all of it happens within the tick that carried them.

use bevy::ecs::message::Messages;
use congress_of_victors::headless_run;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{
    CommandLog, CommandQueue, Order, OrderOutcome, Side, SimCommand,
};
use congress_of_victors::sim::intrigue::orders::PlotOrder;
use congress_of_victors::sim::intrigue::paranoia::Suspicion;
use congress_of_victors::sim::politics::council::Motion;
use congress_of_victors::sim::run_tick;

#[test]
fn a_refused_order_of_each_type_is_logged_with_its_reason_in_the_order_carried_out() {
    let data = crate::fixture();
    let mut app = headless_run(&data, 1);
    let world = app.world_mut();
    let tick = world.resource::<Calendar>().ticks;
    let orders = [
        (
            "officers",
            SimCommand::Propose {
                by: "marshal".into(),
                motion: Motion::Arrest {
                    figure: "chairman".into(),
                },
            },
            "`marshal` does not sit in the council",
        ),
        (
            "chair",
            SimCommand::MoveUnit {
                unit: "garrison".into(),
                to: "kremlin".into(),
            },
            "`garrison` does not follow your faction",
        ),
        (
            "moderates",
            SimCommand::Arrest {
                figure: "deputy".into(),
            },
            "your faction does not control the security police",
        ),
        (
            "moderates",
            SimCommand::Decide {
                decision: "no_such_question".into(),
                option: "accept".into(),
            },
            "no pending decision `no_such_question`",
        ),
        (
            "moderates",
            SimCommand::Dismiss {
                office: "police.chief".into(),
                figure: "orator".into(),
            },
            "`orator` does not hold `police.chief`",
        ),
    ];
    for (side, command, _) in &orders {
        world
            .resource_mut::<CommandQueue>()
            .push(*side, command.clone());
    }
    run_tick(world);
    let log = players_log(world);
    assert_eq!(log.len(), orders.len(), "{log:#?}");
    // Offices and answers, then plots and units, then the council; each in the order given.
    let expected = [3, 4, 1, 2, 0].map(|i| &orders[i]);
    for (entry, (side, command, reason)) in log.iter().zip(expected) {
        assert_eq!(entry.tick, tick, "logged in the tick that carried it out");
        assert_eq!(&entry.command, command);
        assert_eq!(entry.side, Side::Played((*side).into()));
        assert_eq!(entry.rejected.as_deref(), Some(*reason), "{command:?}");
    }
}

#[test]
fn an_order_is_written_carried_out_and_logged_in_one_tick_headless() {
    let data = crate::fixture();
    let mut app = headless_run(&data, 1);
    let world = app.world_mut();
    let tick = world.resource::<Calendar>().ticks;
    let before = world
        .resource::<Suspicion>()
        .0
        .get("orator")
        .copied()
        .unwrap_or(0.0);
    world.resource_mut::<CommandQueue>().push(
        "chair",
        SimCommand::Denounce {
            figure: "orator".into(),
        },
    );
    run_tick(world);
    let log = players_log(world);
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!((log[0].tick, log[0].rejected.as_deref()), (tick, None));
    assert!(world.resource::<Suspicion>().0["orator"] > before);
    // Ticks only, as headless runs go: no frame's update ever clears the messages, so
    // each tick must leave none behind.
    for day in 1..=20u64 {
        world.resource_mut::<CommandQueue>().push(
            "moderates",
            SimCommand::Arrest {
                figure: "deputy".into(),
            },
        );
        run_tick(world);
        let log = players_log(world);
        assert_eq!(log.len() as u64, day + 1);
        assert_eq!(log.last().map(|e| e.tick), Some(tick + day));
        assert!(world.resource::<CommandQueue>().pending.is_empty());
        assert!(world.resource::<Messages<Order<PlotOrder>>>().is_empty());
        assert!(world.resource::<Messages<OrderOutcome>>().is_empty());
    }
}

#[test]
fn a_side_is_saved_as_the_string_it_always_was() {
    for (side, text) in [
        (Side::Ai, "\"ai\""),
        (Side::Plot, "\"plot\""),
        (Side::Congress, "\"congress\""),
        (Side::Played("moderates".into()), "\"moderates\""),
    ] {
        assert_eq!(serde_json::to_string(&side).unwrap(), text);
        assert_eq!(serde_json::from_str::<Side>(text).unwrap(), side);
    }
}

/// The log of the players' orders: the AI's own orders of the day (the fixture's
/// Congress sits) aside.
fn players_log(
    world: &bevy::prelude::World,
) -> Vec<congress_of_victors::sim::commands::LoggedCommand> {
    world
        .resource::<CommandLog>()
        .entries
        .iter()
        .filter(|e| !e.side.by_ai())
        .cloned()
        .collect()
}
