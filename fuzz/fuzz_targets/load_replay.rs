//! Any bytes as a replay: parsing must report, never panic; a replay that parses is
//! verified over a short run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(mut replay) =
        congress_of_victors::save::replay::parse(std::path::Path::new("fuzz"), data)
        && let Ok(scenario) = congress_of_victors::scenario::load_scenario(&replay.scenario)
    {
        replay.until = replay.until.min(scenario.scenario.start.add_days(30));
        let mut app = congress_of_victors::headless_app();
        let _ = congress_of_victors::save::replay::verify(app.world_mut(), &scenario, &replay);
    }
});
