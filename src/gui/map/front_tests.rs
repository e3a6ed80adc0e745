//! The front's shapes built from a campaign: what the map draws follows the war.

use super::{FrontShapes, Occupied, build_front};
use crate::gui::map::MapAsset;
use crate::sim::reckoning::{Reckoning, War, begin, step};
use crate::sim::spawn::LoadedScenario;
use bevy::prelude::*;
use std::sync::Arc;

fn app() -> (App, Arc<crate::scenario::ScenarioData>) {
    let data = Arc::new(
        crate::scenario::load::load_scenario_with_mods("congress_1934", &[]).expect("loads"),
    );
    let map = crate::scenario::map::shared_map().expect("the shipped map");
    let mut app = App::new();
    app.insert_resource(MapAsset(Ok((*map).clone())))
        .insert_resource(LoadedScenario(data.clone()))
        .init_resource::<War>()
        .init_resource::<FrontShapes>()
        .init_resource::<Assets<Mesh>>()
        .init_resource::<Assets<ColorMaterial>>()
        .add_systems(Update, build_front);
    (app, data)
}

/// The record's army, fought for `weeks` weeks with no term in force.
fn weeks_of_war(data: &crate::scenario::ScenarioData, weeks: u32) -> Reckoning {
    let def = data.common.reckoning.as_ref().expect("a reckoning");
    let mut r = begin(def, def.reference.clone(), 1.0, def.surprise, Vec::new());
    for _ in 0..weeks {
        step(def, &mut r, &[]);
    }
    r
}

fn occupied(app: &mut App) -> Vec<Entity> {
    let mut q = app.world_mut().query_filtered::<Entity, With<Occupied>>();
    let mut all: Vec<Entity> = q.iter(app.world()).collect();
    all.sort();
    all
}

#[test]
fn the_map_draws_the_front_as_the_war_moves_and_only_then() {
    let (mut app, data) = app();
    app.update();
    assert!(occupied(&mut app).is_empty(), "no war, no occupied land");
    let early = weeks_of_war(&data, 3);
    assert!(!early.regions_lost.is_empty(), "three weeks cost a region");
    app.world_mut().resource_mut::<War>().0 = Some(early.clone());
    app.update();
    // A fill and a hatching for each region lost.
    let first = occupied(&mut app);
    assert_eq!(first.len(), 2 * early.regions_lost.len());
    let shapes = app.world().resource::<FrontShapes>();
    assert!(!shapes.front.is_empty(), "the front is drawn");
    assert!(!shapes.axes.is_empty(), "the arrows of attack are drawn");
    let fallen_marks = shapes.cities.iter().filter(|c| c.fell.is_some()).count();
    let fallen = early.places.iter().filter(|p| p.fell.is_some()).count();
    assert_eq!(fallen_marks, fallen, "every fallen city is marked");
    // Nothing moved: nothing is rebuilt.
    app.update();
    assert_eq!(occupied(&mut app), first);
    // The front moves on: more land is lost and the arrows grow.
    let late = weeks_of_war(&data, 20);
    assert!(late.regions_lost.len() > early.regions_lost.len());
    let reach = |app: &App| -> f32 {
        let s = app.world().resource::<FrontShapes>();
        s.axes
            .iter()
            .map(|a| a.path.windows(2).map(|w| w[0].distance(w[1])).sum::<f32>())
            .sum()
    };
    let before = reach(&app);
    app.world_mut().resource_mut::<War>().0 = Some(late.clone());
    app.update();
    assert_eq!(occupied(&mut app).len(), 2 * late.regions_lost.len());
    assert!(reach(&app) > before, "the arrows reach further");
    // A run without the war (a save of before the invasion loaded): the map is clear.
    app.world_mut().resource_mut::<War>().0 = None;
    app.update();
    assert!(occupied(&mut app).is_empty());
    assert!(app.world().resource::<FrontShapes>().front.is_empty());
}
