//! The run's article: the same run gives the same bytes; every battle and every purge
//! wave has its infobox; the HTML page holds its pictures and refers to nothing
//! outside itself; no section is a bare list of the chronicle's lines.

use congress_of_victors::model::Date;
use congress_of_victors::report::article::{Run, load_templates, load_templates_for, write};
use congress_of_victors::report::html::page;
use congress_of_victors::report::purges::waves;
use congress_of_victors::scenario::load::load_scenario_with_mods;
use congress_of_victors::scenario::{ScenarioData, load_scenario, scenarios_dir};
use congress_of_victors::sim::calendar::Calendar;
use congress_of_victors::sim::chronicle::Chronicle;
use congress_of_victors::sim::forces::control::{ControlRecord, plugin};
use congress_of_victors::sim::forces::staging::Battles;
use congress_of_victors::sim::forces::under_way::BattlesUnderWay;
use congress_of_victors::sim::politics::factions::Trends;
use congress_of_victors::sim::run_tick;
use congress_of_victors::sim::snapshot::Summary;

/// A run of the flagship in which Kirov takes the offer and the army fights for him at
/// the dacha and in Kiev (seed 1), to the spring after it: its markdown, its HTML, the
/// battles' (date, name, site) and the waves' first days.
fn article() -> (String, String, usize, Vec<(String, String)>, Vec<String>) {
    let data = load_scenario("congress_1934").unwrap();
    let mut app = congress_of_victors::headless_run(&data, 1);
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
        under_way: w.resource::<BattlesUnderWay>(),
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

/// The article of the run in `app` as it stands, in the shipped wording.
pub(crate) fn markdown_of(app: &mut bevy::prelude::App, data: &ScenarioData) -> String {
    let summary = Summary::take(app.world_mut());
    let t = load_templates(&scenarios_dir().join("common")).unwrap();
    let w = app.world();
    let run = Run {
        data,
        summary: &summary,
        chronicle: w.resource::<Chronicle>(),
        battles: w.resource::<Battles>(),
        trends: w.resource::<Trends>(),
        control: w.resource::<ControlRecord>(),
        under_way: w.resource::<BattlesUnderWay>(),
    };
    write(&run, &t).markdown
}

#[test]
fn a_battle_still_fought_at_the_close_has_its_box_and_is_told_undecided() {
    let data = load_scenario("congress_1934").unwrap();
    let mut app = congress_of_victors::headless_run(&data, 1);
    app.add_plugins(plugin);
    let until: Date = "1934-03-01".parse().unwrap();
    // Play until a battle has been fought for an hour and goes on: the record closes
    // in the middle of it.
    let (name, hours) = loop {
        let world = app.world_mut();
        run_tick(world);
        if let Some(b) = world.resource::<BattlesUnderWay>().0.first() {
            let r = b.report_so_far();
            if r.hours >= 1 {
                break (r.name, r.hours);
            }
        }
        assert!(
            world.resource::<Calendar>().date < until,
            "no battle fought"
        );
    };
    let md = markdown_of(&mut app, &data);
    let t = load_templates(&scenarios_dir().join("common")).unwrap();
    let result = t.boxes.undecided.replace("{hours}", &hours.to_string());
    let boxed = md.split(&format!("### {name}\n")).skip(1).any(|rest| {
        rest.lines()
            .take(8)
            .any(|l| l.starts_with("| Result | ") && l.contains(&result))
    });
    assert!(boxed, "no undecided box for {name}: {md}");
    let told = t
        .prose
        .battle_undecided
        .replace("{hours}", &hours.to_string());
    let told = told.split('{').next().unwrap();
    assert!(md.contains(told), "{md}");
}

#[test]
fn a_mods_article_wording_is_used_and_its_mistakes_are_placed() {
    let dir = std::env::temp_dir().join(format!("cov-article-mod-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("common")).unwrap();
    std::fs::write(
        dir.join("mod.ron"),
        "(id: \"article_words\", name: \"Article words\", version: \"1\")\n",
    )
    .unwrap();
    let shipped = std::fs::read_to_string(scenarios_dir().join("common/article.ron")).unwrap();
    let (line, _) = (shipped.lines().enumerate())
        .find(|(_, l)| l.trim_start().starts_with("title:"))
        .unwrap();
    let retitled: Vec<String> = (shipped.lines().enumerate())
        .map(|(i, l)| {
            if i == line {
                "    title: \"The other history of {scenario}\",".to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let file = dir.join("common/article.ron");
    std::fs::write(&file, retitled.join("\n")).unwrap();
    let data = load_scenario_with_mods("smolny_1934", std::slice::from_ref(&dir))
        .unwrap_or_else(|c| panic!("{:?}", c.diagnostics));
    let t = load_templates_for(&data).unwrap();
    assert_eq!(t.title, "The other history of {scenario}");
    let mut app = congress_of_victors::headless_run(&data, 1);
    app.add_plugins(plugin);
    congress_of_victors::sim::advance_until(app.world_mut(), "1934-03-01".parse().unwrap());
    let summary = Summary::take(app.world_mut());
    let w = app.world();
    let run = Run {
        data: &data,
        summary: &summary,
        chronicle: w.resource::<Chronicle>(),
        battles: w.resource::<Battles>(),
        trends: w.resource::<Trends>(),
        control: w.resource::<ControlRecord>(),
        under_way: w.resource::<BattlesUnderWay>(),
    };
    let md = write(&run, &t).markdown;
    assert!(
        md.starts_with(&format!("# The other history of {}", data.scenario.name)),
        "{md}"
    );
    // A misspelt field is told at its line and column in the mod's file.
    let misspelt = retitled.join("\n").replacen("    title:", "    titel:", 1);
    std::fs::write(&file, misspelt).unwrap();
    let data = load_scenario_with_mods("smolny_1934", std::slice::from_ref(&dir))
        .unwrap_or_else(|c| panic!("{:?}", c.diagnostics));
    let err = load_templates_for(&data).unwrap_err();
    let at = format!("{}:{}:", file.display(), line + 1);
    assert!(err.starts_with(&at), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_loaded_runs_maps_and_article_are_the_unbroken_runs() {
    use congress_of_victors::save;
    use congress_of_victors::sim::advance_until;
    let data = crate::flagship();
    let end: Date = "1935-06-01".parse().unwrap();
    let mut straight = congress_of_victors::headless_run(&data, 2);
    straight.add_plugins(plugin);
    advance_until(straight.world_mut(), end);
    let mut first = congress_of_victors::headless_run(&data, 2);
    first.add_plugins(plugin);
    advance_until(first.world_mut(), "1934-09-15".parse().unwrap());
    let bytes = save::to_bytes(&save::capture(first.world_mut()));
    let read = save::parse(std::path::Path::new("mem"), &bytes).unwrap();
    let mut second = congress_of_victors::headless_app();
    second.add_plugins(plugin);
    save::load(second.world_mut(), &data, &read).unwrap();
    advance_until(second.world_mut(), end);
    let want = straight.world().resource::<ControlRecord>().clone();
    // The record reaches back before the save: the run's start is in it.
    assert!(want.moments[0].0 < "1934-09-15".parse().unwrap());
    assert_eq!(second.world().resource::<ControlRecord>(), &want);
    assert_eq!(
        markdown_of(&mut second, &data),
        markdown_of(&mut straight, &data)
    );
}
