//! What each side knows: warnings before blows, and more of them for a side that sees
//! better; the counter-moves and their refusals; the agenda built only from what the
//! side was told. On the fixture world, except where only the shipped history can show it.

use bevy::prelude::*;
use congress_of_victors::headless_app;
use congress_of_victors::model::Date;
use congress_of_victors::model::FactionId;
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{CommandLog, CommandQueue, Side, SimCommand};
use congress_of_victors::sim::intel::agenda::Agendas;
use congress_of_victors::sim::intel::watch::{OPEN_STAGE, open_chance, uncover_chance};
use congress_of_victors::sim::intel::{BlowKind, Intel, IntelAlert, ThreatKind};
use congress_of_victors::sim::intrigue::plots::{Plot, PlotGoal, PlotState};
use congress_of_victors::sim::people::{Figure, Standing};
use congress_of_victors::sim::politics::congress::PendingDecisions;
use congress_of_victors::sim::politics::ruler::Ruler;
use congress_of_victors::sim::spawn::{SimEntity, start_run};
use congress_of_victors::sim::{advance_days, advance_until, run_tick};
use std::collections::BTreeMap;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The fixture with its police chief's security skill set to `skill` and plots forming
/// three times as often, so that two years hold enough blows to count.
fn fixture_with_chief(skill: u8) -> ScenarioData {
    let mut data = crate::fixture();
    for f in &mut data.common.figures {
        if f.id == "warden" {
            f.skills.security = skill;
        }
    }
    data.scenario.plot_rate *= 3.0;
    data
}

/// Blows against the ruling side over `seeds` runs, and how many came after a true
/// warning at least a week before.
fn warned_blows(data: &ScenarioData, seeds: u64) -> (usize, usize) {
    let (mut warned, mut all) = (0, 0);
    for seed in 0..seeds {
        // The Chairman's side played and passive: it is warned, and answers nothing, so
        // that only what it sees differs between the two worlds.
        let mut app = headless_app();
        start_run(app.world_mut(), data, seed, Some("chair".into()));
        advance_until(app.world_mut(), data.scenario.end);
        let intel = app.world().resource::<Intel>();
        if let Some(s) = intel.side("chair") {
            all += s.blows.len();
            warned += s.blows.iter().filter(|b| b.warned.is_some()).count();
            for b in &s.blows {
                // A warning counts only if true and a week or more before.
                if let Some(w) = b.warned {
                    assert!(w.days_until(b.date) >= 7, "{b:?}");
                    assert!(s.alerts.iter().any(|a| a.truth && a.date == w));
                }
            }
        }
    }
    (warned, all)
}

#[test]
fn a_side_whose_police_chief_is_skilled_is_warned_before_more_of_its_blows() {
    let seeds = 100;
    let (skilled_warned, skilled) = warned_blows(&fixture_with_chief(9), seeds);
    let (blind_warned, blind) = warned_blows(&fixture_with_chief(0), seeds);
    let share = |w: usize, a: usize| w as f64 / a.max(1) as f64;
    eprintln!(
        "blows warned a week ahead: skilled chief {skilled_warned}/{skilled} ({:.2}), \
         unskilled chief {blind_warned}/{blind} ({:.2})",
        share(skilled_warned, skilled),
        share(blind_warned, blind)
    );
    assert!(skilled >= 10 && blind >= 10, "too few blows to compare");
    assert!(
        share(skilled_warned, skilled) > share(blind_warned, blind) + 0.05,
        "skilled {skilled_warned}/{skilled}, unskilled {blind_warned}/{blind}"
    );
}

/// Each side's blows over `seeds` runs with the AI playing every side: (warned a week
/// ahead, all, the mean intelligence the side had when struck).
fn warned_by_side(data: &ScenarioData, seeds: u64) -> BTreeMap<String, (usize, usize, f32)> {
    let mut sides: BTreeMap<String, (usize, usize, f32)> = BTreeMap::new();
    for seed in 0..seeds {
        let mut app = headless_app();
        start_run(app.world_mut(), data, seed, None);
        advance_until(app.world_mut(), data.scenario.end);
        for (id, s) in &app.world().resource::<Intel>().sides {
            let e = sides.entry(id.clone()).or_default();
            e.0 += s.blows.iter().filter(|b| b.warned.is_some()).count();
            e.1 += s.blows.len();
            e.2 += s.blows.iter().map(|b| b.intelligence).sum::<f32>();
        }
    }
    for e in sides.values_mut() {
        e.2 /= e.1.max(1) as f32;
    }
    sides
}

fn share(warned: usize, all: usize) -> f64 {
    warned as f64 / all.max(1) as f64
}

#[test]
fn the_side_holding_the_police_sees_most_and_is_warned_before_more_of_its_blows() {
    let sides = warned_by_side(&fixture_with_chief(9), 30);
    eprintln!("by side (warned, blows, intelligence when struck): {sides:?}");
    let (cw, ca, ci) = sides["chair"];
    assert!(ca >= 5, "too few blows against the Chairman's men: {ca}");
    for other in ["moderates", "officers"] {
        let (w, a, i) = sides[other];
        assert!(a >= 5, "too few blows against {other}: {a}");
        assert!(ci > i + 0.3, "the chair sees {ci:.2}, {other} {i:.2}");
        assert!(
            share(cw, ca) > share(w, a) + 0.1,
            "chair {cw}/{ca}, {other} {w}/{a}"
        );
    }
}

/// The fixture with every moderate's security skill set to `skill`: their own contacts
/// are all a side out of power has for eyes, with what informers it buys.
fn fixture_with_moderates_eyes(skill: u8) -> ScenarioData {
    let mut data = crate::fixture();
    for f in &mut data.common.figures {
        if ["orator", "planner", "secretary"].contains(&f.id.as_str()) {
            f.skills.security = skill;
        }
    }
    data
}

#[test]
fn a_side_out_of_power_whose_men_have_contacts_is_warned_before_more_of_its_arrests() {
    let seeds = 30;
    let sharp = warned_by_side(&fixture_with_moderates_eyes(10), seeds)["moderates"];
    let blind = warned_by_side(&fixture_with_moderates_eyes(0), seeds)["moderates"];
    eprintln!(
        "moderates (warned, blows, intelligence): with contacts {sharp:?}, without {blind:?}"
    );
    assert!(sharp.1 >= 10 && blind.1 >= 10, "too few blows to compare");
    assert!(sharp.2 > blind.2, "{sharp:?} {blind:?}");
    assert!(
        share(sharp.0, sharp.1) > share(blind.0, blind.1) + 0.05,
        "with contacts {sharp:?}, without {blind:?}"
    );
}

#[test]
fn a_plenum_whipped_in_the_open_is_heard_of_though_never_uncovered_and_called_first() {
    let (mut heard, mut called) = (0u64, 0u64);
    let seeds = 10;
    for seed in 0..seeds {
        let mut app = with_plot(seed, "moderates");
        let mut plot = app.world_mut().query::<&mut Plot>();
        for mut p in plot.iter_mut(app.world_mut()) {
            // Grown to a handful of men and at work in the open.
            p.progress = OPEN_STAGE;
            p.secrecy = 0.7;
        }
        // Weeks of whipping: the plot is far from ready, so a warning has time to matter.
        advance_days(app.world_mut(), 42);
        let intel = app.world().resource::<Intel>();
        let chair = intel.side("chair").cloned().unwrap_or_default();
        let told = chair
            .alerts
            .iter()
            .find(|a| a.kind == ThreatKind::Plenum && a.plot.as_deref() == Some("planted"));
        if let Some(a) = told {
            assert!(a.truth && a.firm, "{a:?}");
            let (lo, _) = a.days_left.expect("the time left");
            assert!(lo >= 7, "{a:?}");
            heard += 1;
        }
        // The AI, counting the plot short, answers by calling the plenum itself.
        let log = app.world().resource::<CommandLog>();
        called += u64::from(log.entries.iter().any(|e| {
            e.side == Side::AiFor("chair".into())
                && e.rejected.is_none()
                && e.command
                    == SimCommand::CallPlenum {
                        plot: "planted".into(),
                    }
        }));
    }
    eprintln!("heard in {heard} of {seeds} runs, the plenum called first in {called}");
    assert!(heard * 10 >= seeds * 7, "heard in {heard} of {seeds} runs");
    assert!(
        called > 0 && called <= heard,
        "called in {called}, heard in {heard}"
    );
}

#[test]
fn a_plot_begun_in_the_open_is_known_within_a_week_named_and_for_certain() {
    let open_source = crate::fixture().common.chronicle.sentence(
        congress_of_victors::scenario::chronicle::Line::SourceOpen,
        &[],
    );
    let (mut open_heard, mut hidden_heard, mut from_corridors) = (0, 0, 0);
    let seeds = 6;
    for seed in 0..seeds {
        for public in [true, false] {
            let mut app = planted(seed, "moderates", public);
            advance_days(app.world_mut(), 8);
            let intel = app.world().resource::<Intel>();
            let chair = intel.side("chair").cloned().unwrap_or_default();
            let Some(a) = chair
                .alerts
                .iter()
                .find(|a| a.kind == ThreatKind::Plot && a.plot.as_deref() == Some("planted"))
            else {
                continue;
            };
            if public {
                // Nobody's secret: for certain, from the corridors, its men counted
                // (a number, not a range such as "1-4").
                assert!(a.truth && a.firm, "{a:?}");
                from_corridors += u64::from(a.source == open_source);
                let ranged = a
                    .text
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0].is_ascii_digit() && w[1] == b'-');
                assert!(!ranged, "{}", a.text);
                open_heard += 1;
            } else {
                hidden_heard += 1;
            }
        }
    }
    assert!(open_heard >= seeds - 1, "heard in {open_heard} of {seeds}");
    assert_eq!(from_corridors, open_heard);
    assert!(
        hidden_heard < open_heard,
        "{hidden_heard} against {open_heard}"
    );
}

#[test]
fn a_plot_in_the_open_is_heard_of_more_readily_and_more_so_by_sharper_eyes() {
    let plot = Plot {
        id: "p".into(),
        goal: PlotGoal::RemoveLeader,
        organiser: "secretary".into(),
        members: vec!["planner".into()],
        secrecy: 0.8,
        progress: OPEN_STAGE,
        exposure: 0.0,
        started: date("1934-03-01"),
        state: PlotState::Active,
        public: false,
    };
    let (dim, sharp) = (
        open_chance(0.3, &plot, false),
        open_chance(0.8, &plot, false),
    );
    assert!(dim < 0.1 && sharp > 3.0 * dim, "{dim} {sharp}");
    assert!(dim > uncover_chance(0.3, &plot, false));
    assert!(open_chance(0.1, &plot, true) > sharp);
}

/// A fixture run on its first day, with a plot of the moderates planted against the
/// Chairman.
fn with_plot(seed: u64, player: &str) -> App {
    planted(seed, player, false)
}

/// The same, the plot begun in the open when `public`.
fn planted(seed: u64, player: &str, public: bool) -> App {
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
            progress: 10.0,
            exposure: 0.0,
            started: today,
            state: PlotState::Active,
            public,
        },
    ));
    run_tick(app.world_mut());
    app
}

fn tell(app: &mut App, side: &str, alert: IntelAlert, plot: Option<&str>) {
    let today = app.world().resource::<Calendar>().date;
    let mut intel = app.world_mut().resource_mut::<Intel>();
    let mut s = intel.sides.remove(side).unwrap_or_default();
    if let Some(p) = plot {
        s.known_plots.insert(p.into(), today);
    }
    s.alerts.push(alert);
    intel.sides.insert(side.into(), s);
}

/// The Chairman's side told, truly, of the planted plot.
fn tell_chair_of_the_plot(app: &mut App) {
    let today = app.world().resource::<Calendar>().date;
    tell(
        app,
        "chair",
        plot_alert(today, "planted", "secretary", true),
        Some("planted"),
    );
}

fn plot_alert(today: Date, plot: &str, organiser: &str, truth: bool) -> IntelAlert {
    IntelAlert {
        date: today,
        kind: ThreatKind::Plot,
        subject: organiser.into(),
        plot: Some(plot.into()),
        also: Vec::new(),
        truth,
        firm: truth,
        source: "a test".into(),
        days_left: Some((20, 40)),
        text: "a plot".into(),
    }
}

#[test]
fn the_agenda_answers_only_the_threats_its_side_was_told_of() {
    let mut app = with_plot(3, "moderates");
    // Untold: the ruling side's agenda has no threat and no move against the organiser.
    let agendas = app.world().resource::<Agendas>().clone();
    let chair = &agendas.0["chair"];
    assert!(chair.threat.is_none(), "{:?}", chair.threat);
    assert!(chair.steps.iter().all(|s| !s.answers_threat));
    assert!(chair.steps.iter().all(|s| s.command
        != Some(SimCommand::Arrest {
            figure: "secretary".into()
        })));
    // Told: the threat heads the agenda, and the police's side can arrest the organiser.
    tell_chair_of_the_plot(&mut app);
    run_tick(app.world_mut());
    let agendas = app.world().resource::<Agendas>().clone();
    let chair = &agendas.0["chair"];
    assert_eq!(
        chair.threat.as_ref().map(|t| t.subject.as_str()),
        Some("secretary")
    );
    let first = chair.steps.first().expect("a step");
    assert!(first.answers_threat);
    assert_eq!(
        first.command,
        Some(SimCommand::Arrest {
            figure: "secretary".into()
        })
    );
    // The other sides were told nothing and see nothing.
    assert!(agendas.0["officers"].threat.is_none());
}

#[test]
fn a_ruling_side_without_the_police_puts_the_organisers_arrest_to_the_council() {
    let mut app = with_plot(3, "moderates");
    // The police chief goes over to the officers: the Chairman's side no longer holds
    // the police, though its leader still sits in the council.
    {
        let w = app.world_mut();
        let mut q = w.query::<(&Figure, &mut Standing)>();
        for (f, mut s) in q.iter_mut(w) {
            if f.id == "warden" {
                s.faction = Some(FactionId::from("officers"));
            }
        }
    }
    run_tick(app.world_mut());
    tell_chair_of_the_plot(&mut app);
    run_tick(app.world_mut());
    let steps = app.world().resource::<Agendas>().0["chair"].steps.clone();
    let police = SimCommand::Arrest {
        figure: "secretary".into(),
    };
    assert!(steps.iter().all(|s| s.command.as_ref() != Some(&police)));
    let council = SimCommand::Propose {
        by: "chairman".into(),
        motion: congress_of_victors::sim::politics::council::Motion::Arrest {
            figure: "secretary".into(),
        },
    };
    let step = steps
        .iter()
        .find(|s| s.command.as_ref() == Some(&council))
        .expect("the council's arrest is offered");
    let pass = step.odds.expect("with the council's odds");
    assert!((0.0..=1.0).contains(&pass), "{pass}");
    // A firm warning and a council likelier to pass it than not: an answer.
    assert_eq!(step.answers_threat, pass > 0.5, "{step:?}");
    // The AI, its leader's side, takes the answer; and the rules take the motion as
    // offered, whoever gives it.
    if step.answers_threat {
        run_tick(app.world_mut());
        let log = app.world().resource::<CommandLog>();
        assert!(
            log.entries
                .iter()
                .any(|e| e.side == Side::AiFor("chair".into())
                    && e.command == council
                    && e.rejected.is_none())
        );
    } else {
        assert_eq!(order(&mut app, "chair", council), None);
    }
}

#[test]
fn a_move_the_side_lacks_the_favours_for_is_shown_greyed_with_the_reason_and_not_taken() {
    let mut app = with_plot(3, "moderates");
    tell_chair_of_the_plot(&mut app);
    let expose = SimCommand::ExposePlot {
        plot: "planted".into(),
    };
    let offered = |app: &App| {
        app.world().resource::<Agendas>().0["chair"]
            .steps
            .iter()
            .find(|s| s.command.as_ref() == Some(&expose))
            .cloned()
    };
    set_favours(&mut app, "chair", 0);
    run_tick(app.world_mut());
    let greyed = offered(&app).expect("exposing the plot is offered");
    let why = greyed.refused.clone().expect("greyed");
    assert!(why.contains("favours"), "{why}");
    // Greyed moves come after those the side can take.
    let steps = &app.world().resource::<Agendas>().0["chair"].steps;
    let first_greyed = steps.iter().position(|s| s.refused.is_some()).unwrap();
    assert!(steps[first_greyed..].iter().all(|s| s.refused.is_some()));
    // The AI does not try what it cannot pay for; given the favours, it may.
    set_favours(&mut app, "chair", 12);
    run_tick(app.world_mut());
    assert_eq!(offered(&app).and_then(|s| s.refused), None);
    let log = app.world().resource::<CommandLog>();
    assert!(
        !log.entries
            .iter()
            .any(|e| e.command == expose && e.rejected.is_some()),
        "an unaffordable move was tried"
    );
}

/// Gives `c` for `side`, runs a tick, and returns why it was refused, if it was.
fn order(app: &mut App, side: &str, c: SimCommand) -> Option<String> {
    app.world_mut()
        .resource_mut::<CommandQueue>()
        .push(Side::Played(side.into()), c.clone());
    run_tick(app.world_mut());
    let log = app.world().resource::<CommandLog>();
    let entry = log.entries.iter().rev().find(|e| e.command == c);
    entry.expect("the order is logged").rejected.clone()
}

fn set_favours(app: &mut App, side: &str, n: u32) {
    app.world_mut()
        .resource_mut::<Intel>()
        .sides
        .entry(side.into())
        .or_default()
        .favours = n;
}

fn standing(app: &mut App, id: &str) -> Standing {
    let w = app.world_mut();
    w.query::<(&Figure, &Standing)>()
        .iter(w)
        .find(|(f, _)| f.id == id)
        .map(|(_, s)| s.clone())
        .unwrap()
}

#[test]
fn counter_moves_are_refused_with_their_reason_and_cost_their_favours() {
    let mut app = with_plot(5, "chair");
    set_favours(&mut app, "chair", 0);
    let r = order(
        &mut app,
        "chair",
        SimCommand::WinOver {
            figure: "orator".into(),
        },
    );
    assert!(
        r.as_deref().is_some_and(|r| r.contains("costs a favour")),
        "{r:?}"
    );
    set_favours(&mut app, "chair", 5);
    let r = order(
        &mut app,
        "chair",
        SimCommand::ExposePlot {
            plot: "plot_99".into(),
        },
    );
    assert!(
        r.as_deref().is_some_and(|r| r.contains("knows of no plot")),
        "{r:?}"
    );
    let r = order(
        &mut app,
        "chair",
        SimCommand::LieLow {
            figure: "orator".into(),
        },
    );
    assert!(
        r.as_deref()
            .is_some_and(|r| r.contains("not one of your men")),
        "{r:?}"
    );
    let r = order(
        &mut app,
        "chair",
        SimCommand::WinOver {
            figure: "deputy".into(),
        },
    );
    assert!(
        r.as_deref().is_some_and(|r| r.contains("your own men")),
        "{r:?}"
    );
    let r = order(
        &mut app,
        "chair",
        SimCommand::Blackmail {
            figure: "orator".into(),
        },
    );
    assert!(
        r.as_deref().is_some_and(|r| r.contains("holds nothing")),
        "{r:?}"
    );
    assert_eq!(
        app.world()
            .resource::<Intel>()
            .side("chair")
            .unwrap()
            .favours,
        5
    );

    // Going to ground: out of every office, the suspicion on him mostly forgotten.
    let r = order(
        &mut app,
        "chair",
        SimCommand::LieLow {
            figure: "clerk".into(),
        },
    );
    assert_eq!(r, None);
    let w = app.world_mut();
    let holds = w
        .query::<&congress_of_victors::sim::politics::institutions::Office>()
        .iter(w)
        .any(|o| o.holders.iter().any(|h| h == "clerk"));
    assert!(!holds);
}

#[test]
fn exposing_a_real_plot_breaks_it_and_a_rumour_shames_the_accuser() {
    let mut broken = 0;
    for seed in 0..20 {
        let mut app = with_plot(seed, "chair");
        set_favours(&mut app, "chair", 4);
        let today = app.world().resource::<Calendar>().date;
        tell(
            &mut app,
            "chair",
            plot_alert(today, "planted", "secretary", true),
            Some("planted"),
        );
        let r = order(
            &mut app,
            "chair",
            SimCommand::ExposePlot {
                plot: "planted".into(),
            },
        );
        let w = app.world_mut();
        let state = w
            .query::<&Plot>()
            .iter(w)
            .find(|p| p.id == "planted")
            .unwrap()
            .state;
        assert_eq!(r, None);
        if state == PlotState::Discovered {
            broken += 1;
        } else {
            assert_eq!(state, PlotState::Active);
            let reports = &app
                .world()
                .resource::<Intel>()
                .side("chair")
                .unwrap()
                .reports;
            assert!(
                reports
                    .last()
                    .is_some_and(|r| r.1.contains("Nothing sticks"))
            );
        }
        assert_eq!(
            app.world()
                .resource::<Intel>()
                .side("chair")
                .unwrap()
                .favours,
            2
        );
    }
    // Believed 55% + 40% of the side's intelligence of the time.
    assert!((8..=20).contains(&broken), "broken {broken} of 20");

    let mut app = with_plot(1, "chair");
    set_favours(&mut app, "chair", 4);
    let before = standing(&mut app, "deputy").popularity;
    let loyal = standing(&mut app, "orator")
        .loyalty
        .get("chair")
        .copied()
        .unwrap_or(0.0);
    let today = app.world().resource::<Calendar>().date;
    tell(
        &mut app,
        "chair",
        plot_alert(today, "rumour_1", "orator", false),
        None,
    );
    let r = order(
        &mut app,
        "chair",
        SimCommand::ExposePlot {
            plot: "rumour_1".into(),
        },
    );
    assert_eq!(r, None);
    let reports = &app
        .world()
        .resource::<Intel>()
        .side("chair")
        .unwrap()
        .reports;
    assert!(
        reports
            .last()
            .is_some_and(|r| r.1.contains("Nothing sticks")),
        "{reports:?}"
    );
    assert!(standing(&mut app, "deputy").popularity < before);
    assert!(standing(&mut app, "orator").loyalty["chair"] < loyal);
}

#[test]
fn a_plot_that_strikes_is_a_blow_against_the_side_that_ruled() {
    let mut app = with_plot(2, "moderates");
    let w = app.world_mut();
    for mut p in w.query::<&mut Plot>().iter_mut(w) {
        p.progress = 100.0;
    }
    let ruled_by = app.world().resource::<Ruler>().faction.clone();
    assert_eq!(ruled_by.as_ref().map(FactionId::as_str), Some("chair"));
    advance_days(app.world_mut(), 8);
    let intel = app.world().resource::<Intel>();
    let blows = &intel.side("chair").unwrap().blows;
    assert!(
        blows
            .iter()
            .any(|b| b.kind == BlowKind::Plenum && b.subject == "planted" && b.warned.is_none()),
        "{blows:?}"
    );
    assert!(
        intel
            .side("moderates")
            .is_none_or(|s| s.blows.iter().all(|b| b.subject != "planted"))
    );
}

/// The reformers' decisions, each taken with its first offer ("accept" where there is
/// one), and, when `heed`, the agenda's answers to each fresh warning: one day's orders.
fn reformers_orders(app: &App, heed: bool) -> Vec<SimCommand> {
    let w = app.world();
    let today = w.resource::<Calendar>().date;
    let mut orders = Vec::new();
    for d in &w.resource::<PendingDecisions>().items {
        if d.side == "reformers" {
            let option = d
                .options
                .iter()
                .find(|o| o.0 == "accept")
                .or(d.options.first())
                .map(|o| o.0.clone())
                .unwrap_or_default();
            orders.push(SimCommand::Decide {
                decision: d.id.clone(),
                option,
            });
        }
    }
    if heed {
        orders.extend(congress_of_victors::sim::ai::counter::threat_answers(
            w.resource::<Agendas>(),
            w.resource::<Intel>(),
            "reformers",
            today,
        ));
    }
    orders
}

/// Plays the reformers of `app` to `until`, as `reformers_orders` says.
fn play_reformers(app: &mut App, until: Date, heed: bool) {
    while app.world().resource::<Calendar>().date < until {
        if app.world().resource::<Calendar>().hour == 0 {
            let orders = reformers_orders(app, heed);
            let mut q = app.world_mut().resource_mut::<CommandQueue>();
            for o in orders {
                q.push(Side::Played("reformers".into()), o);
            }
        }
        run_tick(app.world_mut());
    }
}

/// Over seeds 1 to 100: in how many Kirov won the Congress (leads on 1 March 1934), and
/// in how many of those he still leads on `until` when, from that spring on, the
/// reformers answer their warnings, and when they ignore them. Both continue the same
/// world, saved in the spring.
fn kirov_leads(until: Date) -> Heed {
    use congress_of_victors::save;
    let data = crate::flagship();
    let after_congress = date("1934-03-01");
    let seeds: Vec<u64> = (1..=100).collect();
    let outcomes: Vec<(bool, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = seeds
            .chunks(50)
            .map(|chunk| {
                let data = &data;
                s.spawn(move || {
                    let mut out = Vec::new();
                    for &seed in chunk {
                        let mut app = headless_app();
                        start_run(app.world_mut(), data, seed, Some("reformers".into()));
                        play_reformers(&mut app, after_congress, false);
                        if app.world().resource::<Ruler>().figure() != Some("kirov") {
                            continue;
                        }
                        let spring = save::capture(app.world_mut());
                        let leads = |heed: bool| {
                            let mut app = headless_app();
                            save::load(app.world_mut(), data, &spring).unwrap();
                            play_reformers(&mut app, until, heed);
                            app.world().resource::<Ruler>().figure() == Some("kirov")
                        };
                        out.push((leads(true), leads(false)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let heeding = outcomes.iter().filter(|o| o.0).count();
    let ignoring = outcomes.iter().filter(|o| o.1).count();
    // The same world answered and not: where the two differ, which way.
    let saved = outcomes.iter().filter(|o| o.0 && !o.1).count();
    let cost = outcomes.iter().filter(|o| !o.0 && o.1).count();
    eprintln!(
        "Kirov won the Congress in {} of 100 seeds; he still leads on {until} in {heeding} \
         of them when the reformers answer their warnings, {ignoring} when they ignore them \
         (answering saved him in {saved} histories and cost him {cost})",
        outcomes.len()
    );
    Heed {
        won: outcomes.len(),
        heeding,
        ignoring,
        saved,
        cost,
    }
}

/// What `kirov_leads` counts.
struct Heed {
    won: usize,
    heeding: usize,
    ignoring: usize,
    saved: usize,
    cost: usize,
}

impl Heed {
    /// Answering the warnings does clearly better: more histories end with Kirov leading,
    /// and of the pairs of one world played both ways that end differently, answering
    /// wins at least three in four (a sign test on as few as eight pairs: p < 0.04).
    fn answering_pays(&self) -> bool {
        self.heeding > self.ignoring && self.saved + self.cost >= 8 && self.saved >= 3 * self.cost
    }
    fn assert_answering_pays(&self) {
        assert!(
            self.answering_pays(),
            "heeding {}, ignoring {} of {}; saved {}, cost {}",
            self.heeding,
            self.ignoring,
            self.won,
            self.saved,
            self.cost
        );
    }
}

#[test]
fn reformers_who_answer_their_warnings_keep_kirov_in_power_more_often() {
    // Three years after the Congress: the whole campaign is the ignored test below.
    let h = kirov_leads(date("1937-01-01"));
    assert!(
        h.won >= 20,
        "Kirov won the Congress in only {} seeds",
        h.won
    );
    h.assert_answering_pays();
}

/// The same to the war; about fifteen minutes on two cores (`cargo test -- --ignored`).
#[test]
#[ignore]
fn reformers_who_answer_their_warnings_keep_kirov_in_power_to_the_war() {
    let h = kirov_leads(crate::flagship().scenario.end);
    h.assert_answering_pays();
}

#[test]
fn a_side_storms_a_site_of_the_capital_held_by_others_and_the_battle_is_fought_by_the_hour() {
    use congress_of_victors::sim::forces::staging::Battles;
    use congress_of_victors::sim::forces::under_way::BattlesUnderWay;
    let data = crate::fixture();
    let mut app = headless_app();
    start_run(app.world_mut(), &data, 4, Some("officers".into()));
    run_tick(app.world_mut());
    // Refused, with the reason: a site outside the capital, and one nobody else holds.
    let r = order(
        &mut app,
        "officers",
        SimCommand::SeizeSite {
            site: "smolny".into(),
        },
    );
    assert!(
        r.as_deref()
            .is_some_and(|r| r.contains("not a place of the capital")),
        "{r:?}"
    );
    let r = order(
        &mut app,
        "officers",
        SimCommand::SeizeSite {
            site: "kremlin".into(),
        },
    );
    assert!(
        r.as_deref()
            .is_some_and(|r| r.contains("nobody else holds")),
        "{r:?}"
    );
    // The dacha, held by the Chairman's bodyguard: the officers' units in the capital
    // storm it, and the calendar drops to hours until the battle ends.
    let r = order(
        &mut app,
        "officers",
        SimCommand::SeizeSite {
            site: "kuntsevo_dacha".into(),
        },
    );
    assert_eq!(r, None);
    // Under way now, or already fought (a few hundred guards fall within the hour).
    let begun = !app.world().resource::<BattlesUnderWay>().is_empty()
        || !app.world().resource::<Battles>().0.is_empty();
    assert!(begun, "no battle for the dacha");
    for _ in 0..200 {
        if app.world().resource::<BattlesUnderWay>().is_empty() {
            break;
        }
        run_tick(app.world_mut());
    }
    assert!(app.world().resource::<BattlesUnderWay>().is_empty());
    let battles = app.world().resource::<Battles>();
    let (_, report) = battles
        .0
        .iter()
        .find(|(_, r)| r.id == "seize_kuntsevo_dacha")
        .expect("the battle for the dacha is recorded");
    assert!(report.attacker.units.iter().any(|u| u.id == "tank_brigade"));
    assert!(report.defender.units.iter().any(|u| u.id == "bodyguard"));
}
