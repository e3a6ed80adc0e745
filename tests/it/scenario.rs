//! The shipped content loads and its errors are placed: a check of the content itself.

use congress_of_victors::scenario::{self, Severity, load::check_paths};
use std::path::PathBuf;

#[test]
fn flagship_loads_with_its_cast_and_offices() {
    let data = crate::flagship();
    assert_eq!(data.scenario.id, "congress_1934");
    assert_eq!(data.scenario.start.to_string(), "1934-02-01");
    assert!(
        data.common.figures.len() >= 60,
        "only {} figures",
        data.common.figures.len()
    );
    assert!(data.scenario.sides.len() >= 3);
    assert_eq!(
        data.scenario.offices["secretariat.general_secretary"],
        vec!["stalin".to_string()]
    );
}

#[test]
fn shipped_content_has_no_diagnostics() {
    let content = scenario::load_dir(&scenario::scenarios_dir());
    let rendered: Vec<String> = content
        .diagnostics
        .iter()
        .map(|d| content.sources.render(d))
        .collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
}

fn write_temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cov-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn flagship_text() -> String {
    std::fs::read_to_string(scenario::scenarios_dir().join("congress_1934.ron")).unwrap()
}

#[test]
fn unknown_figure_is_reported_with_position_and_suggestion() {
    let text = flagship_text().replacen("(figure: \"kirov\"", "(figure: \"kirof\"", 1);
    let p = write_temp("kirof.ron", &text);
    let content = check_paths(std::slice::from_ref(&p));
    let d = content
        .diagnostics
        .iter()
        .find(|d| d.message.contains("unknown figure `kirof`"))
        .expect("no diagnostic for kirof");
    assert_eq!(d.file, p);
    assert_eq!(d.severity, Severity::Error);
    let line = text.lines().position(|l| l.contains("\"kirof\"")).unwrap() + 1;
    assert_eq!(d.line, line);
    assert!(d.column > 1);
    assert_eq!(d.suggestion.as_deref(), Some("did you mean `kirov`?"));
    let shown = content.sources.render(d);
    assert!(
        shown.starts_with(&format!("{}:{line}:", p.display())),
        "{shown}"
    );
}

#[test]
fn syntax_and_unknown_field_errors_carry_positions() {
    let bad = flagship_text().replacen(
        "leader: \"stalin\",",
        "leader: \"stalin\",\n    leeder: 3,",
        1,
    );
    let p = write_temp("field.ron", &bad);
    let content = check_paths(&[p]);
    let d = content.diagnostics.first().expect("no diagnostic");
    assert!(d.message.contains("leeder"), "{}", d.message);
    assert!(d.line > 1);

    let p = write_temp("syntax.ron", "(\n  id: \"x\",\n  name: ,\n)");
    let content = check_paths(&[p]);
    assert_eq!(content.diagnostics.len(), 1);
    assert_eq!(content.diagnostics[0].line, 3);

    let p = write_temp("empty.ron", "");
    assert!(!check_paths(&[p]).diagnostics.is_empty());
}

#[test]
fn office_holders_must_be_alive_and_seats_suffice() {
    let text = flagship_text().replacen(
        "\"gru.chief\": [\"berzin\"]",
        "\"gru.chief\": [\"berzin\", \"nadezhda_alliluyeva\"]",
        1,
    );
    let p = write_temp("dead.ron", &text);
    let content = check_paths(&[p]);
    let msgs: Vec<&str> = content
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("1 seats but 2 holders")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("nadezhda_alliluyeva") && m.contains("died")),
        "{msgs:?}"
    );
}

/// Every person the seed texts name is in the database (ids as the content spells them).
#[test]
fn everyone_the_seeds_name_is_in_the_database() {
    let data = crate::flagship();
    let named = [
        // 000: the "Stalin coup" article
        "kirov",
        "tukhachevsky",
        "navrchov",
        "putna",
        "stalin",
        "vasily_stalin",
        "vlasik",
        "beria",
        "yakov_dzhugashvili",
        "svetlana_stalina",
        "zhukov",
        "levandovsky",
        "shevchenkova",
        "voroshilov",
        "kaganovich",
        "molotov",
        // 001: the forum thread on Kirov
        "ordzhonikidze",
        "kalinin",
        "kuibyshev",
        "zhdanov",
        // 002: the purges
        "ryutin",
        "nikolaev",
        "kamenev",
        "zinoviev",
        "yagoda",
        "yezhov",
        "bukharin",
        "rykov",
        "tomsky",
        // 003: the succession after Lenin
        "trotsky",
        "lominadze",
        // 004: the Kremlin Plot
        "yenukidze",
        "cherniavsky",
        "peterson",
    ];
    let missing: Vec<&str> = named
        .iter()
        .copied()
        .filter(|id| data.figure(id).is_none())
        .collect();
    assert!(missing.is_empty(), "not in the database: {missing:?}");
    assert!(data.common.figures.len() >= 60);
    for f in &data.common.figures {
        assert!(!f.bio.is_empty(), "{} has no bio", f.id);
    }
}
