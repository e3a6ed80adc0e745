//! Any bytes as a scenario file: parsing and validation must report, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("cov-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("input.ron");
    if std::fs::write(&file, data).is_ok() {
        let _ = congress_of_victors::scenario::load::check_paths(&[file]);
    }
});
