//! Any bytes as a save: parsing must report, never panic; a save that parses is loaded
//! over the flagship and run for a few days.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(save) = congress_of_victors::save::parse(std::path::Path::new("fuzz"), data)
        && let Ok(scenario) = congress_of_victors::scenario::load_scenario(&save.header.scenario)
    {
        let mut app = congress_of_victors::headless_app();
        if congress_of_victors::save::load(app.world_mut(), &scenario, &save).is_ok() {
            congress_of_victors::sim::advance_days(app.world_mut(), 3);
        }
    }
});
