//! The run's article: the same run gives the same bytes; every battle and every purge
//! wave has its infobox; the HTML page holds its pictures and refers to nothing
//! outside itself; no section is a bare list of the chronicle's lines.

use congress_of_victors::report::article::{Run, load_templates, write};
use congress_of_victors::report::control::{ControlRecord, plugin};
use congress_of_victors::report::html::page;
use congress_of_victors::report::purges::waves;
use congress_of_victors::scenario::{load_scenario, scenarios_dir};
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::forces::staging::Battles;
use congress_of_victors::sim::politics::factions::Trends;
use congress_of_victors::sim::snapshot::Summary;

/// A run of the Smolny scenario whose coup is fought and fails (seed 10), to the
/// spring after it: its markdown, its HTML, the battles' (date, name, site) and the
/// waves' first days.
fn article() -> (String, String, usize, Vec<(String, String)>, Vec<String>) {
    let data = load_scenario("smolny_1934").unwrap();
    let mut app = congress_of_victors::headless_run(&data, 10);
    app.add_plugins(plugin);
    let until = "1935-03-01".parse().unwrap();
    congress_of_victors::sim::advance_until(app.world_mut(), until);
    let summary = Summary::take(app.world_mut());
    let t = load_templates(&scenarios_dir().join("common")).unwrap();
    let w = app.world();
    let run = Run {
        data: &data,
        summary: &summary,
        chronicle: w.resource::<Chronicle>(),
        battles: w.resource::<Battles>(),
        trends: w.resource::<Trends>(),
        control: w.resource::<ControlRecord>(),
    };
    let a = write(&run, &t);
    let battles = run
        .battles
        .0
        .iter()
        .map(|(d, r)| (d.long(), r.name.clone()))
        .collect();
    let (ws, _) = waves(&run);
    let waves = ws
        .iter()
        .map(|w| format!("{} {}", t.purges_heading, w.from.long()))
        .collect();
    (
        a.markdown.clone(),
        page(&a),
        a.pictures.len(),
        battles,
        waves,
    )
}

#[test]
fn the_article_is_the_same_twice_boxes_every_battle_and_wave_and_stands_alone() {
    let (md, html, pictures, battles, waves) = article();
    let (md2, html2, ..) = article();
    assert_eq!(md, md2);
    assert_eq!(html, html2);
    assert!(!battles.is_empty() && !waves.is_empty(), "{md}");
    // Every battle and wave has its box: its heading, then a table whose date row
    // gives the day it began.
    for (date, name) in &battles {
        let boxed = md.split(&format!("### {name}\n")).skip(1).any(|rest| {
            rest.lines()
                .take(5)
                .any(|l| l.starts_with("| Date | ") && l.contains(date.as_str()))
        });
        assert!(boxed, "no infobox for {name} of {date}: {md}");
    }
    for w in &waves {
        assert!(md.contains(&format!("### {w}\n\n|")), "no infobox for {w}");
    }
    // No section is a bare list: no line of the article is a list item.
    assert!(!md.lines().any(|l| l.starts_with("- ")), "{md}");
    // The page holds every picture and nothing it refers to lies outside it.
    assert!(pictures >= 3, "{md}");
    assert_eq!(html.matches("<svg").count(), pictures);
    for outside in ["src=", "href=", "url(", "@import"] {
        assert!(
            !html.contains(outside),
            "the page refers outside itself: {outside}"
        );
    }
}
