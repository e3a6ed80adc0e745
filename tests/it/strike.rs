//! Striking first, fleeing abroad, marches seen beyond the capital: the moves a side
//! takes when its own alerts say a blow is near, through the orders a player gives.
//! On the fixture world.

use bevy::prelude::*;
use congress_of_victors::headless_app;
use congress_of_victors::model::{Date, FigureStatus};
use congress_of_victors::save;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, Side, SimCommand};
use congress_of_victors::sim::forces::units::{March, Unit, UnitState};
use congress_of_victors::sim::intel::agenda::Agendas;
use congress_of_victors::sim::intel::{Intel, IntelAlert, ThreatKind};
use congress_of_victors::sim::intrigue::plots::{Plot, PlotGoal, PlotState};
use congress_of_victors::sim::intrigue::purges::PurgeRecord;
use congress_of_victors::sim::people::{Figure, Standing};
use congress_of_victors::sim::politics::institutions::Office;
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::snapshot::Snapshot;
use congress_of_victors::sim::spawn::{SimEntity, start_run};
use std::path::Path;

/// A fixture run played by `player`, on its first day, with a plot of the moderates
/// against the Chairman.
fn run_with_plot(seed: u64, player: &str) -> App {
    let data = crate::fixture();
    let mut app = headless_app();
    start_run(app.world_mut(), &data, seed, Some(player.into()));
    let today = app.world().resource::<Calendar>().date;
    app.world_mut().spawn((
        SimEntity,
        Plot {
            id: "planted".into(),
            goal: PlotGoal::RemoveLeader,
            organiser: "secretary".into(),
            members: vec!["planner".into()],
            secrecy: 0.95,
            progress: 70.0,
            exposure: 0.0,
            started: today,
            state: PlotState::Active,
            public: false,
        },
    ));
    run_tick(app.world_mut());
    app
}

/// Tells `side` of a blow, as a rumour would (gossip, not firm).
fn tell(app: &mut App, side: &str, kind: ThreatKind, subject: &str, days: (u32, u32)) {
    let today = app.world().resource::<Calendar>().date;
    let mut intel = app.world_mut().resource_mut::<Intel>();
    let s = intel.sides.entry(side.into()).or_default();
    s.known_plots.insert("planted".into(), today);
    s.alerts.push(IntelAlert {
        date: today,
        kind,
        subject: subject.into(),
        plot: Some("planted".into()),
        also: Vec::new(),
        truth: true,
        firm: false,
        source: "gossip".into(),
        days_left: Some(days),
        text: "a warning".into(),
    });
}

fn status(app: &mut App, id: &str) -> FigureStatus {
    let w = app.world_mut();
    w.query::<(&Figure, &Standing)>()
        .iter(w)
        .find(|(f, _)| f.id == id)
        .map(|(_, s)| s.status)
        .unwrap()
}

/// The commands the AI gave for `side` and the rules accepted.
fn ai_gave(app: &App, side: &str) -> Vec<SimCommand> {
    app.world()
        .resource::<CommandLog>()
        .entries
        .iter()
        .filter(|e| e.side == Side::AiFor(side.into()) && e.rejected.is_none())
        .map(|e| e.command.clone())
        .collect()
}

#[test]
fn an_ai_side_warned_of_a_near_plenum_strikes_first_and_arrests_the_organiser() {
    let arrest = SimCommand::Arrest {
        figure: "secretary".into(),
    };
    // Warned on gossip alone that a plenum is months away: the Chairman's AI checks
    // the word first and arrests nobody.
    let mut far = run_with_plot(2, "moderates");
    tell(&mut far, "chair", ThreatKind::Plot, "secretary", (120, 200));
    for _ in 0..3 {
        run_tick(far.world_mut());
    }
    let agendas = far.world().resource::<Agendas>().clone();
    let chair = &agendas.0["chair"];
    assert!(
        chair
            .steps
            .iter()
            .all(|s| s.command != Some(arrest.clone()) || !s.answers_threat),
        "{:?}",
        chair.steps
    );
    assert!(!ai_gave(&far, "chair").contains(&arrest));
    assert!(status(&mut far, "secretary").can_act());

    // Warned, on the same gossip, that the plenum is being whipped now, by a leader
    // frightened enough to act on a whisper: the arrest heads the agenda as striking
    // first, and the AI gives it through the arrest order.
    let mut near = run_with_plot(2, "moderates");
    near.world_mut()
        .resource_mut::<congress_of_victors::sim::intrigue::paranoia::Paranoia>()
        .value = 90.0;
    tell(&mut near, "chair", ThreatKind::Plenum, "secretary", (5, 15));
    run_tick(near.world_mut());
    let agendas = near.world().resource::<Agendas>().clone();
    let first = agendas.0["chair"].steps.first().cloned().expect("a step");
    assert_eq!(first.command, Some(arrest.clone()), "{first:?}");
    assert!(first.answers_threat);
    // Its words come from the content, naming the man.
    let name = crate::fixture().figure("secretary").unwrap().name.clone();
    assert!(first.text.contains(&name), "{}", first.text);
    assert!(!first.why.contains('{'), "{}", first.why);
    for _ in 0..2 {
        run_tick(near.world_mut());
    }
    assert!(
        ai_gave(&near, "chair").contains(&arrest),
        "{:?}",
        ai_gave(&near, "chair")
    );
    assert_eq!(status(&mut near, "secretary"), FigureStatus::Arrested);
}

/// Sets `id`'s loyalties to the Chairman's men and to the moderates.
fn lean(app: &mut App, id: &str, chair: f32, moderates: f32) {
    let w = app.world_mut();
    let mut q = w.query::<(&Figure, &mut Standing)>();
    for (f, mut s) in q.iter_mut(w) {
        if f.id == id {
            s.loyalty.insert("chair".into(), chair);
            s.loyalty.insert("moderates".into(), moderates);
        }
    }
}

#[test]
fn a_listed_side_out_of_power_strikes_first_with_its_plot_only_when_it_counts_enough() {
    let strike = SimCommand::StrikePlot {
        plot: "planted".into(),
    };
    let offered = |app: &App| {
        app.world().resource::<Agendas>().0["moderates"]
            .steps
            .iter()
            .find(|s| s.command == Some(strike.clone()))
            .cloned()
    };
    // The plenum against them, as they count it: no strike.
    let mut weak = run_with_plot(4, "chair");
    lean(&mut weak, "general", 90.0, 0.0);
    tell(
        &mut weak,
        "moderates",
        ThreatKind::ArrestList,
        "secretary",
        (5, 14),
    );
    run_tick(weak.world_mut());
    assert!(offered(&weak).is_none(), "{:?}", offered(&weak));
    run_tick(weak.world_mut());
    assert!(!ai_gave(&weak, "moderates").contains(&strike));
    // Two more members won over: their organiser listed, they strike first.
    let mut strong = run_with_plot(4, "chair");
    lean(&mut strong, "general", 0.0, 90.0);
    lean(&mut strong, "clerk", 0.0, 90.0);
    tell(
        &mut strong,
        "moderates",
        ThreatKind::ArrestList,
        "secretary",
        (5, 14),
    );
    run_tick(strong.world_mut());
    let step = offered(&strong).expect("striking first is offered");
    assert!(step.answers_threat);
    assert!(step.why.contains("6 for, 3 against"), "{}", step.why);
    run_tick(strong.world_mut());
    assert!(ai_gave(&strong, "moderates").contains(&strike));
}

fn holds_office(app: &mut App, id: &str) -> bool {
    let w = app.world_mut();
    w.query::<&Office>()
        .iter(w)
        .any(|o| o.holders.iter().any(|h| h == id))
}

#[test]
fn a_figure_flees_abroad_his_posts_fall_vacant_or_he_is_taken_and_the_save_loads() {
    let data = crate::fixture();
    let (mut gone, mut taken) = (0, 0);
    for seed in 0..12 {
        let mut app = run_with_plot(seed, "chair");
        assert!(holds_office(&mut app, "clerk"));
        app.world_mut()
            .resource_mut::<Intel>()
            .sides
            .entry("chair".into())
            .or_default()
            .favours = 3;
        let flee = SimCommand::Flee {
            figure: "clerk".into(),
        };
        app.world_mut()
            .resource_mut::<CommandQueue>()
            .push(Side::Played("chair".into()), flee.clone());
        run_tick(app.world_mut());
        let log = app.world().resource::<CommandLog>();
        let e = log
            .entries
            .iter()
            .rev()
            .find(|e| e.command == flee)
            .unwrap();
        assert_eq!(e.rejected, None);
        assert_eq!(app.world().resource::<Intel>().sides["chair"].favours, 2);
        let chronicle = app.world().resource::<Chronicle>().clone();
        let said = |what: &str| {
            chronicle
                .entries
                .iter()
                .any(|c| c.text.contains("Clerk") && c.text.contains(what))
        };
        match status(&mut app, "clerk") {
            FigureStatus::Abroad => {
                gone += 1;
                assert!(!holds_office(&mut app, "clerk"));
                assert!(said("abroad"), "the chronicle tells of the flight");
                // Saved with a man abroad, and loaded: the same world.
                let saved = save::capture(app.world_mut());
                let bytes = save::to_bytes(&saved);
                let read = save::parse(Path::new("mem"), &bytes).unwrap();
                let mut back = headless_app();
                save::load(back.world_mut(), &data, &read).unwrap();
                assert_eq!(Snapshot::take(back.world_mut()), saved.state);
                assert_eq!(status(&mut back, "clerk"), FigureStatus::Abroad);
            }
            FigureStatus::Arrested => {
                taken += 1;
                let record = app.world().resource::<PurgeRecord>();
                assert!(record.awaiting_trial.contains_key("clerk"));
                assert!(said("frontier"), "the chronicle tells of the arrest");
            }
            other => panic!("seed {seed}: the clerk is {other:?}"),
        }
        // Another side's man is not the Chairman's to send abroad.
        let other = SimCommand::Flee {
            figure: "orator".into(),
        };
        app.world_mut()
            .resource_mut::<CommandQueue>()
            .push(Side::Played("chair".into()), other.clone());
        run_tick(app.world_mut());
        let log = app.world().resource::<CommandLog>();
        let e = log
            .entries
            .iter()
            .rev()
            .find(|e| e.command == other)
            .unwrap();
        assert!(
            e.rejected
                .as_deref()
                .is_some_and(|r| r.contains("not one of your men"))
        );
    }
    assert!(gone > 0 && taken > 0, "gone {gone}, taken {taken}");
}

#[test]
fn a_listed_man_with_no_post_to_give_up_is_offered_flight_on_the_agenda() {
    let mut app = run_with_plot(6, "chair");
    // The guard holds no post: going to ground is no answer for him.
    assert!(!holds_office(&mut app, "guard"));
    app.world_mut()
        .resource_mut::<Intel>()
        .sides
        .entry("chair".into())
        .or_default()
        .favours = 3;
    tell(&mut app, "chair", ThreatKind::ArrestList, "guard", (5, 14));
    run_tick(app.world_mut());
    let agendas = app.world().resource::<Agendas>().clone();
    let step = agendas.0["chair"]
        .steps
        .iter()
        .find(|s| {
            s.command
                == Some(SimCommand::Flee {
                    figure: "guard".into(),
                })
        })
        .cloned()
        .expect("flight is offered");
    let odds = step.odds.expect("with its odds");
    assert!(odds > 0.0 && odds < 1.0);
    assert!(
        step.why.contains(&format!("{:.0}%", odds * 100.0)),
        "{}",
        step.why
    );
    // Offered, but on gossip the AI does not send him abroad.
    assert!(!step.answers_threat);
}

#[test]
fn the_ai_sends_a_listed_man_abroad_on_a_firm_word_not_on_gossip() {
    let flee = SimCommand::Flee {
        figure: "guard".into(),
    };
    let answers = |firm: bool| {
        let mut app = run_with_plot(6, "moderates");
        app.world_mut()
            .resource_mut::<Intel>()
            .sides
            .entry("chair".into())
            .or_default()
            .favours = 3;
        tell(&mut app, "chair", ThreatKind::ArrestList, "guard", (5, 14));
        if firm {
            let mut intel = app.world_mut().resource_mut::<Intel>();
            for a in &mut intel.sides.get_mut("chair").unwrap().alerts {
                a.firm = true;
            }
        }
        run_tick(app.world_mut());
        let step = app.world().resource::<Agendas>().0["chair"]
            .steps
            .iter()
            .find(|s| s.command == Some(flee.clone()))
            .cloned()
            .expect("flight is offered");
        (step.answers_threat, step.odds.unwrap_or(0.0))
    };
    let (gossip, odds) = answers(false);
    let (firm, _) = answers(true);
    eprintln!("the guard's odds abroad: {odds}");
    assert!(!gossip);
    assert!(firm, "a firm word with odds {odds} is answered by flight");
}

#[test]
fn a_march_on_a_guarded_site_outside_the_capital_is_seen_by_those_who_can_see_it() {
    let mut app = run_with_plot(1, "moderates");
    let today: Date = app.world().resource::<Calendar>().date;
    // The police guard holds Smolny, outside the capital; the frontier corps, the
    // officers', marches on it from the border.
    {
        let w = app.world_mut();
        let mut q = w.query::<(&Unit, &mut UnitState)>();
        for (u, mut st) in q.iter_mut(w) {
            if u.id == "police_guard" {
                st.location = "smolny".into();
            }
            if u.id == "frontier_corps" {
                st.march = Some(March {
                    to: "smolny".into(),
                    legs: vec![("smolny".into(), 200)],
                    done: 0,
                });
            }
        }
    }
    congress_of_victors::sim::advance_days(app.world_mut(), 2);
    let intel = app.world().resource::<Intel>().clone();
    let told = |side: &str| {
        intel.side(side).is_some_and(|s| {
            s.alerts.iter().any(|a| {
                a.kind == ThreatKind::March && a.subject == "frontier_corps" && a.date >= today
            })
        })
    };
    // The Chairman's police see everywhere, and his men stand there.
    assert!(told("chair"));
    // The moderates have no troops there or where it set out, and no police.
    assert!(!told("moderates"));
    // The ruling side answers: loyal troops to meet it, its commander arrested.
    let agendas = app.world().resource::<Agendas>().clone();
    let answers: Vec<SimCommand> = agendas.0["chair"]
        .steps
        .iter()
        .filter(|s| s.answers_threat)
        .filter_map(|s| s.command.clone())
        .collect();
    let gave = ai_gave(&app, "chair");
    let met = |c: &SimCommand| matches!(c, SimCommand::MoveUnit { to, .. } if to == "smolny");
    let arrest = SimCommand::Arrest {
        figure: "marshal".into(),
    };
    assert!(
        answers.iter().any(met) || gave.iter().any(met),
        "{answers:?} {gave:?}"
    );
    assert!(
        answers.contains(&arrest) || gave.contains(&arrest),
        "{answers:?} {gave:?}"
    );
}
