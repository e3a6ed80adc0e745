//! The fighting: the run's battles in bursts of days. A burst opened by a plot's
//! battle is the coup; one opened by an event's is the counter-stroke; battles of the
//! same days at other places are the fighting elsewhere. Each battle is told in a
//! paragraph with its infobox; what the fighting changed at the top follows it.

use super::article::{ArticleTemplates, Run, Section, fill};
use super::infobox;
use super::pictures::Pictures;
use super::prose::paragraph;
use crate::model::Date;
use crate::sim::chronicle::ChronicleKind;
use crate::sim::forces::battles::{BattleReport, CommanderFate, Winner};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Battles no more than this many days after a burst's first belong to it.
const BURST_DAYS: i64 = 14;
/// Days after a burst within which a change at the top is its consequence.
const CONSEQUENCE_DAYS: i64 = 30;

type Fight = (Date, BattleReport);

fn is_plot_battle(run: &Run, r: &BattleReport) -> bool {
    run.summary
        .plots
        .iter()
        .any(|p| r.id.starts_with(&format!("{}_", p.id)))
}

/// One battle told: who moved against whom, with what, and how it ended.
fn tell(run: &Run, t: &ArticleTemplates, date: Date, r: &BattleReport) -> String {
    let p = &t.prose;
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("date", date.long());
    vars.insert("battle", r.name.clone());
    vars.insert("site", run.site_name(&r.site));
    vars.insert("attacker", r.attacker.name.clone());
    vars.insert("defender", r.defender.name.clone());
    vars.insert("attacker_men", crate::model::grouped(r.attacker.men));
    vars.insert("attacker_tanks", r.attacker.tanks.to_string());
    vars.insert("defender_men", crate::model::grouped(r.defender.men));
    vars.insert("defender_tanks", r.defender.tanks.to_string());
    vars.insert("hours", r.hours.to_string());
    vars.insert("end_hour", format!("{:02}:00", r.end_hour % 24));
    for (key, side) in [("attacker", &r.attacker), ("defender", &r.defender)] {
        let l = side.losses;
        let dead = crate::model::grouped(l.killed);
        let taken = crate::model::grouped(l.captured);
        match key {
            "attacker" => {
                vars.insert("attacker_dead", dead);
                vars.insert("attacker_captured", taken);
            }
            _ => {
                vars.insert("defender_dead", dead);
                vars.insert("defender_captured", taken);
            }
        }
    }
    let mut s = vec![fill(&p.battle_told, &vars)];
    s.push(fill(
        match r.winner {
            _ if run.undecided(date, r) => &p.battle_undecided,
            Winner::Attacker => &p.battle_won,
            Winner::Defender => &p.battle_held,
            Winner::Draw => &p.battle_draw,
        },
        &vars,
    ));
    let fate = |f: CommanderFate| -> Vec<String> {
        r.attacker
            .commanders
            .iter()
            .chain(&r.defender.commanders)
            .filter(|(_, x)| *x == f)
            .map(|(id, _)| id.to_string())
            .collect()
    };
    let killed = fate(CommanderFate::Killed);
    if !killed.is_empty() {
        vars.insert("names", run.names(&killed, &p.and));
        s.push(fill(&p.battle_killed, &vars));
    }
    let captured = fate(CommanderFate::Captured);
    if !captured.is_empty() {
        vars.insert("names", run.names(&captured, &p.and));
        s.push(fill(&p.battle_captured, &vars));
    }
    paragraph(&s)
}

fn heading(out: &mut String, h: &str, vars: &BTreeMap<&str, String>) {
    let _ = writeln!(out, "\n## {}\n", fill(h, vars));
}

/// The regiments a coup called out that stayed in their barracks or turned on it, in a
/// paragraph; none when every one marched.
fn regiments_that_did_not_march(
    run: &Run,
    t: &ArticleTemplates,
    battle: &BattleReport,
) -> Option<String> {
    let p = &t.prose;
    let result = run
        .summary
        .plots
        .iter()
        .filter(|pl| battle.id.starts_with(&format!("{}_", pl.id)))
        .find_map(|pl| run.summary.purges.coup_results.get(&pl.id))?;
    // Mid-sentence, as `unit_named` has a regiment's name ("the 1st Tank Brigade"); a
    // name that already opens with those words keeps its own.
    let named = |name: String| -> String {
        let lead = p.unit_named.split("{unit}").next().unwrap_or_default();
        let has_it = !lead.is_empty()
            && name
                .get(..lead.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(lead));
        if p.unit_named.is_empty() {
            name
        } else if has_it {
            format!("{lead}{}", &name[lead.len()..])
        } else {
            p.unit_named.replace("{unit}", &name)
        }
    };
    let names = |ids: &[crate::model::UnitId]| -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|u| named(run.unit_name(u.as_str())))
            .collect();
        super::prose::listed(&names, &p.and)
    };
    let mut s = Vec::new();
    for (ids, line) in [
        (&result.stayed, &p.coup_stayed),
        (&result.turned, &p.coup_turned),
    ] {
        if !ids.is_empty() && !line.is_empty() {
            let mut vars: BTreeMap<&str, String> = BTreeMap::new();
            vars.insert("units", names(ids));
            s.push(fill(line, &vars));
        }
    }
    (!s.is_empty()).then(|| paragraph(&s))
}

pub fn sections(run: &Run, t: &ArticleTemplates, pictures: &mut Pictures) -> Vec<Section> {
    let p = &t.prose;
    if p.coup_heading.is_empty() {
        return Vec::new();
    }
    // The battles fought to their end, then those the close of the record cut short.
    let fights: Vec<Fight> = (run.battles.0.iter().cloned())
        .chain(run.under_way.0.iter().map(|b| (b.date, b.report_so_far())))
        .collect();
    let mut bursts: Vec<Vec<&Fight>> = Vec::new();
    for f in &fights {
        match bursts.last_mut() {
            Some(b) if b[0].0.days_until(f.0) <= BURST_DAYS => b.push(f),
            _ => bursts.push(vec![f]),
        }
    }
    let mut sections = Vec::new();
    for mut burst in bursts {
        // The battle that opened the burst leads it, not the one that ended first: the
        // storming of a residence at dawn before a garrison's fight at six.
        burst.sort_by_key(|f| (f.0, f.1.end_hour.saturating_sub(f.1.hours)));
        let (date, first) = (burst[0].0, &burst[0].1);
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("date", date.long());
        let plot = is_plot_battle(run, first);
        let (main, elsewhere): (Vec<&Fight>, Vec<&Fight>) =
            burst.iter().partition(|f| f.1.site == first.site);
        let mut text = String::new();
        heading(
            &mut text,
            if plot {
                &p.coup_heading
            } else {
                &p.counter_heading
            },
            &vars,
        );
        // A coup of one battle is that battle: its own box says it all.
        if plot
            && burst.len() > 1
            && let Some(b) = infobox::coup(run, t, fill(&t.boxes.coup_title, &vars), &burst)
        {
            b.write(&mut text);
        }
        for f in &main {
            infobox::battle(run, t, f.0, &f.1).write(&mut text);
            let _ = writeln!(text, "{}\n", tell(run, t, f.0, &f.1));
        }
        if plot && let Some(told) = regiments_that_did_not_march(run, t, first) {
            let _ = writeln!(text, "{told}\n");
        }
        if !elsewhere.is_empty() && !p.elsewhere_heading.is_empty() {
            heading(&mut text, &p.elsewhere_heading, &vars);
            for f in &elsewhere {
                infobox::battle(run, t, f.0, &f.1).write(&mut text);
                let _ = writeln!(text, "{}\n", tell(run, t, f.0, &f.1));
            }
        }
        // What the fighting changed at the top, in the chronicle's own sentences.
        let last = burst.last().map_or(date, |f| f.0);
        let changes: Vec<String> = run
            .chronicle
            .entries
            .iter()
            .filter(|e| matches!(e.kind, ChronicleKind::Ruler | ChronicleKind::Coup))
            .filter(|e| (0..=CONSEQUENCE_DAYS).contains(&date.days_until(e.date)))
            .map(|e| e.text.trim_end_matches('.').to_string() + ".")
            .collect();
        if !changes.is_empty() {
            vars.insert("changes", changes.join(" "));
            let _ = writeln!(text, "{}\n", fill(&p.power_changed, &vars));
        }
        if let Some(pic) = pictures.control_map(last.add_days(CONSEQUENCE_DAYS)) {
            let _ = writeln!(text, "{pic}\n");
        }
        sections.push(Section { date, text });
    }
    sections
}
