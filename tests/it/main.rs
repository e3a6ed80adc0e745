//! The one integration test binary (each extra binary would relink Bevy).

mod answers;
mod article;
mod bad_input;
mod battle_time;
mod battles;
mod chronicle;
mod cli;
mod country;
mod coups;
mod events;
mod fog;
mod foreign;
mod fuzz;
mod headless;
mod history;
mod history_start;
mod institutions;
mod intel;
mod layers;
mod long_game;
mod map;
mod map_city;
mod map_features;
mod modding;
mod no_raw_ids;
mod odds_front;
mod offered;
mod orders;
mod plots;
mod policies;
mod politics;
mod posture;
mod purges;
mod reckoning;
mod replays;
mod saves;
mod says;
mod scale;
mod scenario;
mod seize;
mod silent;
mod silent_mods;
mod strike;
mod window;

use congress_of_victors::scenario::{ScenarioData, load_scenario};

/// The flagship scenario, loaded from the shipped content.
pub fn flagship() -> ScenarioData {
    match load_scenario("congress_1934") {
        Ok(d) => d,
        Err(content) => {
            for d in &content.diagnostics {
                eprint!("{}", content.sources.render(d));
            }
            panic!("congress_1934 failed to load");
        }
    }
}

/// The fixture scenario of tests/data/fixture: a small made-up world for the rules.
pub fn fixture() -> ScenarioData {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture");
    let content = congress_of_victors::scenario::load_dir(&dir);
    for d in &content.diagnostics {
        eprint!("{}", content.sources.render(d));
    }
    assert!(
        content.diagnostics.is_empty(),
        "the fixture has diagnostics"
    );
    content.scenario("fixture").expect("the fixture scenario")
}
