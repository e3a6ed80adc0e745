//! Every reader of outside input, and a fuzzer for each: `fuzz --reader R --cases N`
//! (hidden from the help) feeds a reader damaged copies of a good input, from a seed,
//! and fails if one makes it panic. The tests run each reader for a fixed number of
//! cases and walk the bad-input corpus in tests/data/bad-input/.

use clap::{Args, Parser};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The readers of outside input, by the names the corpus folders and `--reader` use.
pub const READERS: [&str; 8] = [
    "scenario",
    "mod",
    "battle",
    "save",
    "replay",
    "share_code",
    "settings",
    "command_line",
];

#[derive(Args, Debug)]
pub struct FuzzArgs {
    /// One of scenario, mod, battle, save, replay, share_code, settings, command_line.
    #[arg(long)]
    pub reader: String,
    /// How many damaged inputs to try.
    #[arg(long, default_value_t = 1000)]
    pub cases: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The first line of what a diagnostic says, without the folder of its file.
fn first_diagnostic(c: &crate::scenario::Content) -> Option<String> {
    c.diagnostics
        .iter()
        .find(|d| d.severity == crate::scenario::Severity::Error)
        .map(|d| {
            let name = d
                .file
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            format!("{name}:{}:{}: {}", d.line, d.column, d.message)
        })
}

/// Reads `input` as `reader` does: the first line of the error it gives, or `None`
/// when it reads cleanly. A mod is a folder; every other input is a file.
pub fn first_error(reader: &str, input: &Path) -> Result<Option<String>, String> {
    let text = || std::fs::read(input).map_err(|e| format!("{}: {e}", input.display()));
    let strip = |e: String| {
        let shown = e.replace(&input.display().to_string(), &name_of(input));
        shown.lines().next().unwrap_or_default().to_string()
    };
    let err = match reader {
        "scenario" => first_diagnostic(&crate::scenario::load::check_paths(&[input.to_path_buf()])),
        "mod" => first_diagnostic(&crate::scenario::load::check_paths_with_mods(
            &[crate::scenario::scenarios_dir()],
            &[input.to_path_buf()],
        )),
        "battle" => crate::sim::forces::battle_file::load_battle(input)
            .err()
            .and_then(|(d, _)| {
                d.first().map(|d| {
                    format!(
                        "{}:{}:{}: {}",
                        name_of(&d.file),
                        d.line,
                        d.column,
                        d.message
                    )
                })
            }),
        "save" => crate::save::parse(input, &text()?).err().map(strip),
        "replay" => crate::save::replay::parse(input, &text()?).err().map(strip),
        "share_code" => {
            let t = String::from_utf8_lossy(&text()?).into_owned();
            crate::scenario::share::decode(&t).err().map(strip)
        }
        "settings" => {
            let t = String::from_utf8_lossy(&text()?).into_owned();
            crate::gui::panels::settings::parse_settings(&t)
                .err()
                .map(strip)
        }
        "command_line" => {
            let t = String::from_utf8_lossy(&text()?).into_owned();
            let args = std::iter::once("congress-of-victors").chain(t.split_whitespace());
            super::Cli::try_parse_from(args)
                .err()
                .map(|e| strip(e.to_string()))
        }
        other => {
            return Err(format!(
                "no reader `{other}`; one of {}",
                READERS.join(", ")
            ));
        }
    };
    Ok(err)
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The first file (by name) in `dir` whose name ends with `ext`: the fuzzer's seeds are
/// whatever content and test data the tree holds, not files named here.
fn first_file(dir: &Path, ext: &str) -> Result<PathBuf, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && name_of(p).ends_with(ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: no `{ext}` file to start from", dir.display()))
}

/// The first test mod (a folder with a mod.ron and a patches.ron) under tests/data/mods.
fn test_mod() -> Result<PathBuf, String> {
    let dir = crate::scenario::content_root().join("tests/data/mods");
    let mut mods: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("mod.ron").is_file() && p.join("patches.ron").is_file())
        .collect();
    mods.sort();
    mods.into_iter()
        .next()
        .ok_or_else(|| format!("{}: no test mod with a patches.ron", dir.display()))
}

/// A good input for a reader, as bytes, and the file name it is read under (for a
/// mod: its `patches.ron`, in a copy of a test mod).
fn good_input(reader: &str) -> Result<(Vec<u8>, &'static str), String> {
    let root = crate::scenario::content_root();
    let read = |p: PathBuf| std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()));
    let scenario_file = || first_file(&root.join("scenarios"), ".ron");
    let scenario_id = || -> Result<String, String> {
        let p = scenario_file()?;
        Ok(p.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()))
    };
    Ok(match reader {
        "scenario" => (read(scenario_file()?)?, "scenario.ron"),
        "mod" => (read(test_mod()?.join("patches.ron"))?, "patches.ron"),
        "battle" => (read(first_file(&root.join("scenarios/battles"), ".ron")?)?, "battle.ron"),
        "save" => (read(first_file(&root.join("tests/data/saves"), ".json")?)?, "save.json"),
        "replay" => {
            let id = scenario_id()?;
            let data = crate::scenario::load_scenario(&id).map_err(|_| format!("{id} does not load"))?;
            let mut app = crate::headless_run(&data, 1);
            crate::sim::advance_days(app.world_mut(), 3);
            let r = crate::save::replay::capture(app.world_mut());
            (serde_json::to_vec(&r).map_err(|e| e.to_string())?, "replay.json")
        }
        "share_code" => (format!("{}-7-00000000", scenario_id()?).into_bytes(), "code.txt"),
        "settings" => (
            b"(ui_scale: 1.25, pause_on_decision: true, quiet_kinds: [\"war\"], autosave_months: 1, label_density: 1.0, first_run_done: true)".to_vec(),
            "settings.ron",
        ),
        "command_line" => (
            format!("simulate --scenario {} --seed 1 --json --mod mods/x", scenario_id()?).into_bytes(),
            "args.txt",
        ),
        other => return Err(format!("no reader `{other}`; one of {}", READERS.join(", "))),
    })
}

/// Damage of one kind to a copy of the bytes: bits flipped, a cut, junk put in, a span
/// taken out or repeated.
fn damage(rng: &mut ChaCha8Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    if b.is_empty() {
        return b"(".to_vec();
    }
    let i = rng.random_range(0..b.len());
    let j = (i + rng.random_range(1..64)).min(b.len());
    match rng.random_range(0..5) {
        0 => {
            for _ in 0..rng.random_range(1..8) {
                let k = rng.random_range(0..b.len());
                b[k] ^= 1 << rng.random_range(0..8);
            }
        }
        1 => b.truncate(i),
        2 => {
            let junk: Vec<u8> = (0..rng.random_range(1..32)).map(|_| rng.random()).collect();
            b.splice(i..i, junk);
        }
        3 => {
            b.drain(i..j);
        }
        _ => {
            let span = b[i..j].to_vec();
            b.splice(i..i, span);
        }
    }
    b
}

/// Feeds `cases` damaged inputs to a reader; the first that makes it panic is an error
/// naming the case's seed and keeping its bytes in `dir` to be read again.
pub fn fuzz(reader: &str, cases: u64, seed: u64, dir: &Path) -> Result<u64, String> {
    let (good, name) = good_input(reader)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let input = if reader == "mod" {
        let m = dir.join("fuzz_mod");
        let src = test_mod()?;
        std::fs::create_dir_all(m.join("common")).map_err(|e| e.to_string())?;
        for f in ["mod.ron", "common/figures.ron"] {
            std::fs::copy(src.join(f), m.join(f)).map_err(|e| format!("{f}: {e}"))?;
        }
        m
    } else {
        dir.join(name)
    };
    let file = if reader == "mod" {
        input.join(name)
    } else {
        input.clone()
    };
    // Quiet while the fuzzer expects errors; a panic is caught and reported below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut result = Ok(cases);
    for case in 0..cases {
        let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(1_000_003).wrapping_add(case));
        let bytes = damage(&mut rng, &good);
        if let Err(e) = std::fs::write(&file, &bytes) {
            result = Err(format!("{}: {e}", file.display()));
            break;
        }
        let read = std::panic::catch_unwind(|| first_error(reader, &input));
        if read.is_err() {
            result = Err(format!(
                "reader `{reader}` panicked on case {case} of seed {seed}; the input is kept in {}",
                file.display()
            ));
            break;
        }
    }
    std::panic::set_hook(hook);
    result
}

pub fn run(args: &FuzzArgs) -> ExitCode {
    let dir = std::env::temp_dir().join(format!("cov-fuzz-{}-{}", args.reader, std::process::id()));
    match fuzz(&args.reader, args.cases, args.seed, &dir) {
        Ok(n) => {
            outln!(
                "fuzz: reader `{}`, {n} damaged inputs, no panic",
                args.reader
            );
            let _ = std::fs::remove_dir_all(&dir);
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
