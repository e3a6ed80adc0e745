//! The window speaks in names: every text a card can show (its tooltips, nested
//! tooltips and drop-downs open) for every figure, unit, region, site and institution
//! of the shipped scenarios, and every effect an event's option or a policy describes,
//! holds no raw id: no `snake_case` token and no lowercase id of a figure, place,
//! faction or institution where its name is due.

use congress_of_victors::gui::{Selection, card_texts};
use congress_of_victors::scenario::ScenarioData;
use congress_of_victors::scenario::load::load_dir;
use congress_of_victors::sim::events::describe::describe_effects;
use congress_of_victors::sim::forces::units::Unit;
use congress_of_victors::sim::people::Figure;
use std::collections::BTreeSet;

/// The ids of one word that would only be in a text by mistake (multi-word ids are
/// caught as `snake_case`): surnames and place names. Faction, institution, office and
/// trait ids of one word are words ("left", "secretariat", "member", "orator").
fn single_word_ids(data: &ScenarioData) -> BTreeSet<String> {
    let c = &data.common;
    c.figures
        .iter()
        .map(|x| x.id.as_str())
        .chain(c.regions.iter().map(|x| x.id.as_str()))
        .chain(c.sites.iter().map(|x| x.id.as_str()))
        .chain(data.scenario.units.iter().map(|x| x.id.as_str()))
        .filter(|id| !id.contains('_'))
        .map(str::to_string)
        .collect()
}

/// The raw ids in a text: its `snake_case` tokens and the known one-word ids.
fn raw_ids(text: &str, known: &BTreeSet<String>) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|t| {
            let snake = t.contains('_')
                && t.split('_').all(|w| !w.is_empty())
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            snake || known.contains(*t)
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_raw_id_check_finds_ids_and_passes_words() {
    let known: BTreeSet<String> = ["kirov".to_string()].into();
    assert_eq!(
        raw_ids("Stands in: byelorussian_ssr", &known),
        ["byelorussian_ssr"]
    );
    assert_eq!(raw_ids("Commander: kirov", &known), ["kirov"]);
    assert!(raw_ids("Kirov, a member of the Politburo — 43% (yes_)", &known).is_empty());
}

/// Every card of a run of `data` from its start, played by its first side.
fn leaks_on_cards(data: &ScenarioData, found: &mut Vec<String>) {
    let known = single_word_ids(data);
    let side = data.scenario.sides.first().map(|s| s.id.clone());
    let mut app = congress_of_victors::headless_app();
    congress_of_victors::sim::spawn::start_run(app.world_mut(), data, 1, side);
    let world = app.world_mut();
    let mut selections: Vec<Selection> = Vec::new();
    let figures: Vec<String> = world
        .query::<&Figure>()
        .iter(world)
        .map(|f| f.id.to_string())
        .collect();
    let units: Vec<String> = world
        .query::<&Unit>()
        .iter(world)
        .map(|u| u.id.to_string())
        .collect();
    selections.extend(figures.into_iter().map(Selection::Figure));
    selections.extend(units.into_iter().map(Selection::Unit));
    selections.extend(
        data.common
            .regions
            .iter()
            .map(|r| Selection::Region(r.id.to_string())),
    );
    selections.extend(
        data.common
            .sites
            .iter()
            .map(|s| Selection::Site(s.id.clone())),
    );
    selections.extend(
        (data.common.institutions.iter()).map(|i| Selection::Institution(i.id.to_string())),
    );
    selections.push(Selection::None);
    let mut empty = 0;
    for sel in selections {
        let texts = card_texts(world, sel.clone());
        if texts.is_empty() {
            empty += 1;
        }
        for t in texts {
            let ids = raw_ids(&t, &known);
            if !ids.is_empty() {
                found.push(format!("{}: {sel:?}: {ids:?} in {t:?}", data.scenario.id));
            }
        }
    }
    // A card that draws nothing would pass without being read.
    assert_eq!(empty, 0, "{}: {empty} cards drew nothing", data.scenario.id);
}

#[test]
fn no_card_shows_a_raw_id() {
    let content = load_dir(&congress_of_victors::scenario::scenarios_dir());
    assert!(!content.scenarios.is_empty());
    let mut found = Vec::new();
    for (_, s) in &content.scenarios {
        let data = content.scenario(&s.id).expect("a shipped scenario");
        leaks_on_cards(&data, &mut found);
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "{} texts show ids:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn no_effect_is_described_by_id() {
    let content = load_dir(&congress_of_victors::scenario::scenarios_dir());
    let mut found = Vec::new();
    for (_, s) in &content.scenarios {
        let data = content.scenario(&s.id).expect("a shipped scenario");
        let known = single_word_ids(&data);
        let options = (data.common.events.iter())
            .flat_map(|e| e.options.iter().map(move |o| (&e.id, &o.effects)));
        let policies = (data.common.policies.iter())
            .flat_map(|p| p.options.iter().map(move |o| (&p.id, &o.effects)));
        for (whose, effects) in options.chain(policies) {
            let text = describe_effects(&data, effects, data.scenario.start);
            let ids = raw_ids(&text, &known);
            if !ids.is_empty() {
                found.push(format!("{}: {whose}: {ids:?} in {text:?}", s.id));
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} descriptions show ids:\n{}",
        found.len(),
        found.join("\n")
    );
}
