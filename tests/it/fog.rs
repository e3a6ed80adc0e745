//! The fog of intrigue in what the panels are given: a plot the player's side has not
//! uncovered is absent from the outliner's list until its intelligence finds it, the
//! observer always sees it, and another faction's man's loyalties are estimates that
//! narrow as the side sees more.

use bevy::prelude::*;
use congress_of_victors::gui::fog::{Members, loyalty_shown, plots_shown};
use congress_of_victors::headless_run;
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::commands::{CommandQueue, SimCommand};
use congress_of_victors::sim::intel::view::Viewer;
use congress_of_victors::sim::intel::{Intel, IntelAlert, ThreatKind};
use congress_of_victors::sim::intrigue::plots::{Plot, PlotState};
use congress_of_victors::sim::people::{Figure, Standing};
use congress_of_victors::sim::run_tick;
use std::collections::BTreeMap;

/// The fixture with a plot of the moderates' under way, and what the chair's side knows
/// of it wiped, so that the plot is one it has not uncovered.
fn world_with_a_hidden_plot() -> (App, Plot, BTreeMap<String, String>) {
    let data = crate::fixture();
    let mut app = headless_run(&data, 1);
    let world = app.world_mut();
    world.resource_mut::<CommandQueue>().push(
        "moderates",
        SimCommand::StartPlot {
            organiser: "orator".into(),
            goal: "remove_leader".into(),
        },
    );
    run_tick(world);
    let plot = world
        .query::<&Plot>()
        .iter(world)
        .find(|p| p.organiser == "orator" && p.state == PlotState::Active)
        .cloned()
        .expect("the moderates' plot was started");
    let factions = world
        .query::<(&Figure, &Standing)>()
        .iter(world)
        .filter_map(|(f, s)| {
            s.faction
                .clone()
                .map(|x| (f.id.to_string(), x.into_string()))
        })
        .collect();
    let mut intel = world.resource_mut::<Intel>();
    if let Some(chair) = intel.sides.get_mut("chair") {
        chair.known_plots.remove(&plot.id);
        chair
            .alerts
            .retain(|a| a.plot.as_deref() != Some(plot.id.as_str()));
    }
    (app, plot, factions)
}

fn shown_ids(app: &App, viewer: &Viewer, factions: &BTreeMap<String, String>) -> Vec<String> {
    let world = app.world();
    let plots: Vec<Plot> = world
        .iter_entities()
        .filter_map(|e| e.get::<Plot>().cloned())
        .collect();
    let with: Vec<(&Plot, Option<&str>)> = plots
        .iter()
        .map(|p| (p, factions.get(p.organiser.as_str()).map(String::as_str)))
        .collect();
    let date = world.resource::<Calendar>().date;
    plots_shown(viewer, world.resource::<Intel>(), &with, date)
        .into_iter()
        .map(|p| p.id)
        .collect()
}

#[test]
fn a_plot_the_side_has_not_uncovered_is_absent_from_its_outliner_until_it_knows_it() {
    let data = crate::fixture();
    let (mut app, plot, factions) = world_with_a_hidden_plot();
    let chair = Viewer::of(Some("chair"), &data);
    assert!(
        !shown_ids(&app, &chair, &factions).contains(&plot.id),
        "the chair's side was shown a plot it has not uncovered"
    );
    assert!(shown_ids(&app, &Viewer::All, &factions).contains(&plot.id));
    let moderates = Viewer::of(Some("moderates"), &data);
    assert!(shown_ids(&app, &moderates, &factions).contains(&plot.id));
    let officers = Viewer::of(Some("officers"), &data);
    assert!(!shown_ids(&app, &officers, &factions).contains(&plot.id));

    // Once the chair's intelligence uncovers it, it shows, its size an estimate.
    let date = app.world().resource::<Calendar>().date;
    app.world_mut()
        .resource_mut::<Intel>()
        .sides
        .entry("chair".into())
        .or_default()
        .known_plots
        .insert(plot.id.clone(), date);
    assert!(shown_ids(&app, &chair, &factions).contains(&plot.id));
    assert!(!shown_ids(&app, &officers, &factions).contains(&plot.id));
    let world = app.world();
    let with = [(&plot, Some("moderates"))];
    let intel = world.resource::<Intel>();
    let seen = plots_shown(&chair, intel, &with, date);
    assert!(
        matches!(seen[0].members, Members::Estimated(..)),
        "{seen:?}"
    );
    let all = plots_shown(&Viewer::All, intel, &with, date);
    assert_eq!(all[0].members, Members::Exact(plot.members.len() + 1));
}

#[test]
fn a_rumoured_plot_shows_as_heard_of_with_its_source_and_the_size_it_was_told() {
    let data = crate::fixture();
    let (mut app, _, factions) = world_with_a_hidden_plot();
    let date = app.world().resource::<Calendar>().date;
    app.world_mut()
        .resource_mut::<Intel>()
        .sides
        .entry("chair".into())
        .or_default()
        .alerts
        .push(IntelAlert {
            date,
            kind: ThreatKind::Plot,
            subject: "general".into(),
            plot: Some("rumour_9".into()),
            also: Vec::new(),
            truth: false,
            firm: false,
            source: "gossip".into(),
            days_left: Some((30, 60)),
            text: "gossip: the general gathers men, 2-5 of them at a guess.".into(),
        });
    let chair = Viewer::of(Some("chair"), &data);
    assert!(shown_ids(&app, &chair, &factions).contains(&"rumour_9".to_string()));
    let with: [(&Plot, Option<&str>); 0] = [];
    let seen = plots_shown(&chair, app.world().resource::<Intel>(), &with, date);
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].state, &seen[0].members, seen[0].source.as_str()),
        (None, &Members::Estimated(2, 5), "gossip")
    );
    // The observer sees the plots themselves, not what a side heard.
    assert!(!shown_ids(&app, &Viewer::All, &factions).contains(&"rumour_9".to_string()));
}

#[test]
fn another_factions_loyalty_is_an_estimate_that_narrows_with_intelligence() {
    let data = crate::fixture();
    let (mut app, _, _) = world_with_a_hidden_plot();
    let date = app.world().resource::<Calendar>().date;
    let chair = Viewer::of(Some("chair"), &data);
    let width = |app: &App| {
        let intel = app.world().resource::<Intel>();
        let shown = loyalty_shown(
            &chair,
            intel,
            ("orator", Some("moderates")),
            "chair",
            40.0,
            date,
        );
        assert!(
            !shown.exact() && shown.why.contains("Estimated"),
            "{shown:?}"
        );
        assert!(shown.lo <= 40.0 && 40.0 <= shown.hi, "{shown:?}");
        shown.hi - shown.lo
    };
    set_intelligence(&mut app, 0.1);
    let blind = width(&app);
    set_intelligence(&mut app, 0.9);
    let sharp = width(&app);
    assert!(sharp < blind, "range {sharp} at 0.9 against {blind} at 0.1");
    let intel = app.world().resource::<Intel>();
    let own = loyalty_shown(
        &chair,
        intel,
        ("deputy", Some("chair")),
        "chair",
        90.0,
        date,
    );
    assert!(own.exact() && own.lo == 90.0, "{own:?}");
    let all = loyalty_shown(
        &Viewer::All,
        intel,
        ("orator", Some("moderates")),
        "chair",
        40.0,
        date,
    );
    assert!(all.exact() && all.lo == 40.0, "{all:?}");
}

fn set_intelligence(app: &mut App, i: f32) {
    app.world_mut()
        .resource_mut::<Intel>()
        .sides
        .entry("chair".into())
        .or_default()
        .intelligence = i;
}

#[test]
fn the_plot_ask_odds_on_the_card_come_from_the_side_estimate() {
    use congress_of_victors::gui::fog::plot_ask_odds;
    use congress_of_victors::sim::intrigue::plots::recruit_odds;
    let (mut app, _, _) = world_with_a_hidden_plot();
    set_intelligence(&mut app, 0.1);
    let moderates = Viewer::of(Some("moderates"), &crate::fixture());
    let general = {
        let w = app.world_mut();
        w.query::<(&Figure, &Standing)>()
            .iter(w)
            .find(|(f, _)| f.id == "general")
            .map(|(_, s)| s.clone())
            .unwrap()
    };
    let intel = app.world().resource::<Intel>().clone();
    let truth = recruit_odds(&general, "moderates", "chair").0.total;
    let mut differs = false;
    let start = app.world().resource::<Calendar>().date;
    // Month by month the estimate moves: the odds follow it, never the truth.
    for m in 0..12 {
        let date = start.add_days(31 * m);
        let (join, _, estimated) = plot_ask_odds(
            &moderates,
            &intel,
            ("general", &general),
            ("moderates", "chair"),
            date,
        );
        assert!(estimated);
        let mut seen = general.clone();
        for (f, v) in seen.loyalty.iter_mut() {
            let l = loyalty_shown(
                &moderates,
                &intel,
                ("general", Some("officers")),
                f.as_str(),
                *v,
                date,
            );
            *v = (l.lo + l.hi) / 2.0;
        }
        let want = recruit_odds(&seen, "moderates", "chair").0.total;
        assert!(
            (join.total - want).abs() < 1e-6,
            "{} against {want}",
            join.total
        );
        differs |= (join.total - truth).abs() > 1e-3;
    }
    assert!(differs, "the odds never left the truth ({truth})");
    // The observer sees the truth, unmarked.
    let (join, _, estimated) = plot_ask_odds(
        &Viewer::All,
        &intel,
        ("general", &general),
        ("moderates", "chair"),
        start,
    );
    assert!(!estimated && (join.total - truth).abs() < 1e-6);
}
