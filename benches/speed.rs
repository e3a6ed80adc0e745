//! Benchmarks without a framework (no extra dependency to build): each prints the
//! median of repeated runs. `cargo bench` (release profile).

use congress_of_victors::scenario;
use congress_of_victors::sim::advance_until;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // warm caches and lazy statics
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    let m = median(times.clone());
    let min = times.iter().min().copied().unwrap_or_default();
    println!(
        "{name:<48} median {:>10.3} ms   (min {:.3} ms, {runs} runs)",
        m.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let want = |n: &str| filter.as_deref().is_none_or(|f| n.contains(f));

    if want("load") {
        bench("load+validate congress_1934 with common db", 30, || {
            let data = scenario::load_scenario("congress_1934").expect("the flagship loads");
            std::hint::black_box(data);
        });
    }
    let data = scenario::load_scenario("congress_1934").expect("the flagship loads");
    if want("campaign") {
        let end = data.scenario.end;
        bench("campaign congress_1934 1934-02-01..1941-06-22", 10, || {
            let mut app = congress_of_victors::headless_run(&data, 7);
            app.insert_resource(congress_of_victors::save::replay::RecordCheckpoints(false));
            advance_until(app.world_mut(), end);
            let _ = std::hint::black_box(app);
        });
    }
    if want("day") {
        let mut app = congress_of_victors::headless_run(&data, 7);
        bench("one day tick of congress_1934", 200, || {
            congress_of_victors::sim::run_tick(app.world_mut());
        });
    }
    if want("stress") {
        let big = scenario::scale::grow(&data, 70, 870);
        eprintln!(
            "stress scenario: {} figures, {} units",
            big.common.figures.len(),
            big.scenario.units.len()
        );
        let mut app = congress_of_victors::headless_run(&big, 7);
        app.insert_resource(congress_of_victors::save::replay::RecordCheckpoints(false));
        // The first ticks settle the start; then one day, six times out of seven a
        // plain day and once the weekly plots.
        for _ in 0..3 {
            congress_of_victors::sim::run_tick(app.world_mut());
        }
        bench("one day tick of the stress scenario (100x)", 70, || {
            congress_of_victors::sim::run_tick(app.world_mut());
        });
        // A week holds one plot day, the heaviest: divide by seven for the mean day.
        bench("one week (7 day ticks) of the stress scenario", 10, || {
            for _ in 0..7 {
                congress_of_victors::sim::run_tick(app.world_mut());
            }
        });
    }
    if want("scale") {
        for n in [1, 10, 100] {
            scale_year(&data, n);
        }
    }
    if want("battle") {
        let path = scenario::scenarios_dir().join("battles/kuntsevo_1934.ron");
        let setup = congress_of_victors::sim::forces::battle_file::load_battle(&path)
            .map_err(|_| "kuntsevo")
            .expect("the sandbox loads");
        bench("kuntsevo_1934 x1000 battles", 10, || {
            std::hint::black_box(congress_of_victors::sim::forces::battle_stats::fight_many(
                &setup, 1000, 1,
            ));
        });
    }
}

/// A year of the flagship grown `n` times (as `simulate --scale n`), timed day by day:
/// the mean day, and the median plain day against the median weekly day (the day of
/// the week of intrigue).
fn scale_year(data: &scenario::ScenarioData, n: usize) {
    use congress_of_victors::sim::calendar::Calendar;
    let big = scenario::scale::scaled(data, n);
    let mut app = congress_of_victors::headless_run(&big, 7);
    app.insert_resource(congress_of_victors::save::replay::RecordCheckpoints(false));
    let (mut plain, mut weekly, mut all) = (Vec::new(), Vec::new(), Duration::ZERO);
    for _ in 0..365 {
        let t = Instant::now();
        congress_of_victors::sim::advance_days(app.world_mut(), 1);
        let took = t.elapsed();
        all += took;
        let date = app.world().resource::<Calendar>().date;
        if date.to_days().rem_euclid(7) == 0 {
            weekly.push(took);
        } else {
            plain.push(took);
        }
    }
    let (p, w) = (median(plain), median(weekly));
    println!(
        "scale {n:>3}: {} figures, {} units; {:.3} ms a day over a year; median plain day {:.3} ms, weekly day {:.3} ms ({:.1}x)",
        big.common.figures.len(),
        big.scenario.units.len(),
        all.as_secs_f64() * 1e3 / 365.0,
        p.as_secs_f64() * 1e3,
        w.as_secs_f64() * 1e3,
        w.as_secs_f64() / p.as_secs_f64()
    );
}
