//! Institutions as they stood on the day: renamed on their date, and seats refilled only
//! where the run has seen them filled. On the fixture, with its renaming and seats set
//! here.

use crate::politics::holders;
use bevy::prelude::*;
use congress_of_victors::headless_run;
use congress_of_victors::model::Date;
use congress_of_victors::scenario::schema::{Renaming, ScenarioData, UnitRenaming};
use congress_of_victors::sim::advance_until;
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::forces::units::Unit;
use congress_of_victors::sim::people::{Figure, FigureStatus, Standing};
use congress_of_victors::sim::politics::institutions::{Institution, Office};

fn date(s: &str) -> Date {
    s.parse().expect("a date")
}

/// The fixture with its police renamed a week after the start.
fn renamed_police() -> ScenarioData {
    let mut data = crate::fixture();
    let police = data
        .common
        .institutions
        .iter_mut()
        .find(|i| i.id == "police")
        .expect("the fixture's police");
    police.renamed.push(Renaming {
        on: date("1950-03-08"),
        name: "Ministry of Order".into(),
        description: None,
        offices: [("chief".to_string(), "Minister of Order".to_string())].into(),
        news: Some("The Police becomes the Ministry of Order.".into()),
    });
    data
}

fn names(app: &mut App) -> (String, String, String) {
    let world = app.world_mut();
    let inst = world
        .query::<&Institution>()
        .iter(world)
        .find(|i| i.id == "police")
        .map(|i| i.name.clone())
        .unwrap_or_default();
    let office = |key: &str, world: &mut World| {
        world
            .query::<&Office>()
            .iter(world)
            .find(|o| o.key == key)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    };
    let chief = office("police.chief", world);
    let deputy = office("police.deputy", world);
    (inst, chief, deputy)
}

#[test]
fn a_body_takes_its_new_name_on_its_day_and_keeps_it_through_a_save() {
    let data = renamed_police();
    let mut app = headless_run(&data, 1);
    let (inst, chief, _) = names(&mut app);
    assert_eq!(
        (inst.as_str(), chief.as_str()),
        ("Police", "Chief of Police")
    );
    advance_until(app.world_mut(), date("1950-03-07"));
    assert_eq!(names(&mut app).0, "Police", "renamed before its day");
    advance_until(app.world_mut(), date("1950-03-09"));
    let (inst, chief, deputy) = names(&mut app);
    assert_eq!(inst, "Ministry of Order");
    assert_eq!(chief, "Minister of Order");
    assert_eq!(
        deputy, "Deputy Chief of Police",
        "an office not named keeps its title"
    );
    let news: Vec<_> = app
        .world()
        .resource::<Chronicle>()
        .entries
        .iter()
        .filter(|e| e.text.contains("Ministry of Order"))
        .map(|e| e.date)
        .collect();
    assert_eq!(news, vec![date("1950-03-08")], "one line, on the day");

    // A save loaded after the day names the body as it then was, with no second line.
    let save = congress_of_victors::save::capture(app.world_mut());
    let mut loaded = headless_run(&data, 1);
    congress_of_victors::save::load(loaded.world_mut(), &data, &save).expect("loads");
    assert_eq!(names(&mut loaded).0, "Ministry of Order");
    advance_until(loaded.world_mut(), date("1950-03-12"));
    let lines = loaded
        .world()
        .resource::<Chronicle>()
        .entries
        .iter()
        .filter(|e| e.text.contains("Ministry of Order"))
        .count();
    assert_eq!(lines, 1);

    // An event's text names the body as it was on the day it is read.
    let text = "The {institution:police} knocks at night.";
    assert_eq!(
        data.named_on(text, date("1950-03-01")),
        "The Police knocks at night."
    );
    assert_eq!(
        data.named_on(text, date("1950-04-01")),
        "The Ministry of Order knocks at night."
    );
}

#[test]
fn a_seat_empty_at_the_start_stays_empty_and_a_seat_emptied_is_refilled() {
    let mut data = crate::fixture();
    // The council gets two seats nobody held at the start.
    let council = data
        .common
        .institutions
        .iter_mut()
        .find(|i| i.id == "council")
        .expect("the fixture's council");
    council.offices[0].seats = 7;
    let mut app = headless_run(&data, 3);
    let at_start = holders(&mut app, "council.member");
    assert_eq!(at_start.len(), 5);
    advance_until(app.world_mut(), date("1950-04-02"));
    let after_a_month = holders(&mut app, "council.member");
    assert!(
        after_a_month.len() <= 5,
        "a seat empty at the start was filled: {after_a_month:?}"
    );
    // One of them falls: his seat is the run's to refill.
    let fallen = after_a_month
        .iter()
        .find(|f| f.as_str() != "chairman")
        .cloned()
        .expect("a member other than the chairman");
    {
        let world = app.world_mut();
        let mut q = world.query::<(&Figure, &mut Standing)>();
        for (f, mut s) in q.iter_mut(world) {
            if f.id == fallen {
                s.status = FigureStatus::Imprisoned;
            }
        }
    }
    advance_until(app.world_mut(), date("1950-05-02"));
    let refilled = holders(&mut app, "council.member");
    assert!(!refilled.contains(&fallen), "{fallen} kept his seat");
    assert_eq!(
        refilled.len(),
        after_a_month.len(),
        "the fallen man's seat, and only it, is refilled: {refilled:?}"
    );
}

fn unit_name(app: &mut App, id: &str) -> String {
    let world = app.world_mut();
    world
        .query::<&Unit>()
        .iter(world)
        .find(|u| u.id == id)
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

#[test]
fn a_unit_is_called_by_its_body_and_its_own_renaming_on_the_day_through_a_save() {
    let mut data = renamed_police();
    let units = &mut data.scenario.units;
    let division = units
        .iter_mut()
        .find(|u| u.id == "police_division")
        .expect("the fixture's police division");
    division.name = "{institution:police} division".into();
    let corps = units
        .iter_mut()
        .find(|u| u.id == "frontier_corps")
        .expect("the fixture's frontier corps");
    corps.renamed.push(UnitRenaming {
        on: date("1950-04-10"),
        name: "Western District".into(),
        news: Some("The frontier corps becomes the Western District.".into()),
    });
    let mut app = headless_run(&data, 1);
    assert_eq!(unit_name(&mut app, "police_division"), "Police division");
    assert_eq!(unit_name(&mut app, "frontier_corps"), "Frontier corps");
    advance_until(app.world_mut(), date("1950-03-09"));
    assert_eq!(
        unit_name(&mut app, "police_division"),
        "Ministry of Order division",
        "the troops take their body's new name with it"
    );
    assert_eq!(unit_name(&mut app, "frontier_corps"), "Frontier corps");
    advance_until(app.world_mut(), date("1950-04-11"));
    assert_eq!(unit_name(&mut app, "frontier_corps"), "Western District");
    let news = |app: &App| {
        app.world()
            .resource::<Chronicle>()
            .entries
            .iter()
            .filter(|e| e.text.contains("Western District"))
            .map(|e| e.date)
            .collect::<Vec<_>>()
    };
    assert_eq!(news(&app), vec![date("1950-04-10")]);

    // Loaded after both days, the units are called as they then were.
    let save = congress_of_victors::save::capture(app.world_mut());
    let mut loaded = headless_run(&data, 1);
    assert_eq!(unit_name(&mut loaded, "frontier_corps"), "Frontier corps");
    congress_of_victors::save::load(loaded.world_mut(), &data, &save).expect("loads");
    assert_eq!(unit_name(&mut loaded, "frontier_corps"), "Western District");
    assert_eq!(
        unit_name(&mut loaded, "police_division"),
        "Ministry of Order division"
    );
    advance_until(loaded.world_mut(), date("1950-04-20"));
    assert_eq!(news(&loaded).len(), 1, "no second line after the load");
}
