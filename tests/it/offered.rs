//! What the window offers the player is what the rules accept: an order queued and taken
//! back never reaches the rules, and the checks a card asks before it offers an action
//! are the rules' own, giving the same answer as the order's application.

use bevy::prelude::*;
use congress_of_victors::model::Date;
use congress_of_victors::model::FactionId;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, Side, SimCommand};
use congress_of_victors::sim::intrigue::orders::{denounce_refusal, plot_refusal};
use congress_of_victors::sim::intrigue::plots::{Plot, PlotState};
use congress_of_victors::sim::intrigue::week::is_adult;
use congress_of_victors::sim::people::{Figure, FigureStatus, Standing};
use congress_of_victors::sim::politics::Politics;
use congress_of_victors::sim::politics::council::{Chamber, CouncilVote, Motion};
use congress_of_victors::sim::politics::orders::{CouncilOrder, Floor, check_council};
use congress_of_victors::sim::politics::ruler::Ruler;
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::spawn::start_run;

fn played(side: &str) -> App {
    let mut app = congress_of_victors::headless_app();
    start_run(app.world_mut(), &crate::fixture(), 4, Some(side.into()));
    app
}

fn standing(app: &mut App, id: &str) -> Standing {
    let w = app.world_mut();
    w.query::<(&Figure, &Standing)>()
        .iter(w)
        .find(|(f, _)| f.id == id)
        .map(|(_, s)| s.clone())
        .expect("the figure is in play")
}

/// The side's orders the log holds, with what became of each.
fn logged(app: &App, side: &str) -> Vec<(SimCommand, Option<String>)> {
    app.world()
        .resource::<CommandLog>()
        .entries
        .iter()
        .filter(|c| c.side == side)
        .map(|c| (c.command.clone(), c.rejected.clone()))
        .collect()
}

#[test]
fn a_queued_order_taken_back_is_never_carried_out() {
    let mut app = played("chair");
    let arrest = SimCommand::Arrest {
        figure: "orator".into(),
    };
    let side = Side::from("chair");
    let mut queue = app.world_mut().resource_mut::<CommandQueue>();
    queue.push("chair", arrest.clone());
    assert!(queue.is_pending(&side, &arrest));
    assert!(queue.withdraw(&side, &arrest), "it was waiting");
    assert!(!queue.withdraw(&side, &arrest), "it is gone");
    run_tick(app.world_mut());
    assert_eq!(standing(&mut app, "orator").status, FigureStatus::Free);
    assert!(logged(&app, "chair").is_empty(), "the rules never saw it");
    // Given again and left in the queue, the same order goes through.
    app.world_mut()
        .resource_mut::<CommandQueue>()
        .push("chair", arrest.clone());
    run_tick(app.world_mut());
    assert_eq!(standing(&mut app, "orator").status, FigureStatus::Arrested);
    assert_eq!(logged(&app, "chair"), vec![(arrest, None)]);
}

/// What the figure card computes before it offers a plot or a denunciation: the player's
/// faction, the leader's, and each figure's standing, read from the world as the card
/// reads them.
fn card_view(app: &mut App, side: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let data = crate::fixture();
    let faction = data
        .scenario
        .sides
        .iter()
        .find(|s| s.id == side)
        .map(|s| s.faction.clone());
    let w = app.world_mut();
    let year = w.resource::<Calendar>().date.year;
    let leader = w
        .resource::<Ruler>()
        .or_leader(data.scenario.leader.as_str())
        .to_string();
    let people: Vec<(String, Standing)> = w
        .query::<(&Figure, &Standing)>()
        .iter(w)
        .map(|(f, s)| (f.id.to_string(), s.clone()))
        .collect();
    let plots: Vec<Plot> = w.query::<&Plot>().iter(w).cloned().collect();
    let leader_faction = people
        .iter()
        .find(|(id, _)| *id == leader)
        .and_then(|(_, s)| s.faction.clone());
    let mut view: Vec<_> = people
        .iter()
        .map(|(id, s)| {
            let adult = data.figure(id).is_none_or(|d| is_adult(year, d.born));
            let busy = plots.iter().any(|p| {
                p.state == PlotState::Active
                    && (p.organiser == *id || p.members.iter().any(|m| m == id))
            });
            let plot = plot_refusal(
                s.status.can_act() && adult,
                s.faction.as_ref().map(FactionId::as_str),
                faction.as_ref().map(FactionId::as_str),
                leader_faction.as_ref().map(FactionId::as_str),
                busy,
            )
            .map(|r| r.reason(&format!("`{id}`")));
            let denounce = denounce_refusal(
                s.status.can_act(),
                s.faction.as_ref().map(FactionId::as_str),
                faction.as_ref().map(FactionId::as_str),
            )
            .map(|r| r.reason(&format!("`{id}`")));
            (id.clone(), plot, denounce)
        })
        .collect();
    view.sort();
    view
}

#[test]
fn the_card_offers_a_plot_or_a_denunciation_exactly_when_the_rules_accept_it() {
    let mut refused_for_own_leader = 0;
    let mut refused_own_man = 0;
    for side in ["chair", "moderates", "officers"] {
        // Plots: every figure asked to organise one, in one tick.
        let mut app = played(side);
        let view = card_view(&mut app, side);
        for (id, _, _) in &view {
            app.world_mut().resource_mut::<CommandQueue>().push(
                side,
                SimCommand::StartPlot {
                    organiser: id.as_str().into(),
                    goal: "remove_leader".into(),
                },
            );
        }
        run_tick(app.world_mut());
        let log = logged(&app, side);
        assert_eq!(log.len(), view.len());
        for ((id, offered, _), (command, rejected)) in view.iter().zip(&log) {
            assert_eq!(
                command,
                &SimCommand::StartPlot {
                    organiser: id.as_str().into(),
                    goal: "remove_leader".into(),
                }
            );
            assert_eq!(offered, rejected, "{side}: a plot around {id}");
            refused_for_own_leader += usize::from(
                rejected
                    .as_deref()
                    .is_some_and(|r| r.contains("your own faction's")),
            );
        }
        // Denunciations, in a fresh run: each one changes the suspicion the next meets.
        let mut app = played(side);
        let view = card_view(&mut app, side);
        for (id, _, _) in &view {
            app.world_mut().resource_mut::<CommandQueue>().push(
                side,
                SimCommand::Denounce {
                    figure: id.as_str().into(),
                },
            );
        }
        run_tick(app.world_mut());
        let log = logged(&app, side);
        for ((id, _, offered), (_, rejected)) in view.iter().zip(&log) {
            assert_eq!(offered, rejected, "{side}: denouncing {id}");
            refused_own_man += usize::from(
                rejected
                    .as_deref()
                    .is_some_and(|r| r.contains("one of your own faction")),
            );
        }
    }
    // The leader's own side may not plot against him; no side denounces its own men.
    assert!(refused_for_own_leader >= 4, "{refused_for_own_leader}");
    assert!(refused_own_man >= 10, "{refused_own_man}");
}

#[test]
fn the_council_does_not_take_back_a_man_it_has_just_dismissed() {
    let mut app = played("chair");
    let world = app.world_mut();
    let today: Date = world.resource::<Calendar>().date;
    // The council has voted the orator out of his seat today.
    let dismiss = Motion::Dismiss {
        figure: "orator".into(),
        office: "council.member".into(),
    };
    world.resource_mut::<Politics>().votes.push(CouncilVote {
        date: today,
        by: "chairman".into(),
        motion: dismiss,
        yes: vec!["chairman".into(), "deputy".into(), "warden".into()],
        no: vec!["planner".into()],
        adopted: true,
    });
    let mut q = world.query::<&mut congress_of_victors::sim::politics::institutions::Office>();
    for mut o in q.iter_mut(world) {
        if o.key == "council.member" {
            o.holders.retain(|h| h != "orator");
        }
    }
    let elect = |figure: &str| CouncilOrder::Propose {
        by: "chairman".into(),
        motion: Motion::Elect {
            figure: figure.into(),
            office: "council.member".into(),
        },
    };
    // The card's question, asked of the rules' own check.
    let chamber = Chamber::from_world(world).expect("a run");
    let floor = Floor {
        chamber: &chamber,
        politics: world.resource::<Politics>(),
        calendar: world.resource::<Calendar>(),
        congress_voted: false,
    };
    let side = Side::from("chair");
    let refused = check_council(&floor, &side, &elect("orator")).expect_err("too soon");
    assert!(refused.contains("was dismissed"), "{refused}");
    // Another man may take the free seat.
    assert_eq!(check_council(&floor, &side, &elect("clerk")), Ok(()));
    // The order itself meets the same refusal.
    world.resource_mut::<CommandQueue>().push(
        "chair",
        SimCommand::Propose {
            by: "chairman".into(),
            motion: Motion::Elect {
                figure: "orator".into(),
                office: "council.member".into(),
            },
        },
    );
    run_tick(world);
    let log = logged(&app, "chair");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].1.as_deref(), Some(refused.as_str()));
}
