//! The bad-input corpus: for each reader of outside input (tests/data/bad-input/READER/),
//! every case gives the first line of error kept beside it in `CASE.expect`; and each
//! reader is fed damaged copies of a good input, none of which may make it panic.
//! `COV_BLESS=1` writes the `.expect` files of new cases (read them before committing).

use congress_of_victors::cli::fuzz::{READERS, first_error, fuzz};
use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-input")
}

#[test]
fn every_bad_input_gives_its_error() {
    let bless = std::env::var("COV_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for reader in READERS {
        let dir = corpus().join(reader);
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_none_or(|e| e != "expect"))
            .collect();
        cases.sort();
        assert!(!cases.is_empty(), "no cases for reader `{reader}`");
        for case in cases {
            let got = first_error(reader, &case).unwrap();
            let expect_file = PathBuf::from(format!("{}.expect", case.display()));
            let Some(got) = got else {
                failures.push(format!("{}: read cleanly", case.display()));
                continue;
            };
            if bless && !expect_file.exists() {
                std::fs::write(&expect_file, format!("{got}\n")).unwrap();
            }
            let expect = std::fs::read_to_string(&expect_file).unwrap_or_default();
            if got != expect.trim_end() {
                failures.push(format!(
                    "{}:\n  expected: {}\n  got:      {got}",
                    case.display(),
                    expect.trim_end()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_reader_panics_on_damaged_input() {
    let dir = std::env::temp_dir().join(format!("cov-fuzz-test-{}", std::process::id()));
    for reader in READERS {
        // Fewer cases for the readers that load the whole game's content each time.
        let cases = if matches!(reader, "scenario" | "mod") {
            12
        } else {
            200
        };
        let r = fuzz(reader, cases, 7, &dir.join(reader));
        assert_eq!(r, Ok(cases), "reader `{reader}`");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
