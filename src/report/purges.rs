//! The purges: the chronicle's arrests grouped into waves, each told as one paragraph
//! (how many fell around whom, when, who named them, and what the trials made of
//! them) with its infobox; the arrests one by one outside any wave summed up; the
//! month-by-month arrests and the tree of who fell with whom as pictures.

use super::article::{ArticleTemplates, Run, Section, fill};
use super::infobox::{Infobox, cell};
use super::pictures::Pictures;
use super::prose::paragraph;
use crate::model::Date;
use crate::sim::chronicle::ChronicleKind;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Arrests no more than this many days apart belong to one wave.
const WAVE_GAP_DAYS: i64 = 30;
/// The fewest arrests that make a wave worth an infobox.
const WAVE_MIN_ARRESTS: usize = 3;

/// One wave: its first and last day, and the arrested in order.
pub struct Wave {
    pub from: Date,
    pub to: Date,
    pub who: Vec<String>,
}

/// The chronicle's arrests grouped into waves; `lone` takes the arrests that make no
/// wave.
pub fn waves(run: &Run) -> (Vec<Wave>, Vec<String>) {
    let mut waves: Vec<Wave> = Vec::new();
    for e in run.entries(ChronicleKind::Arrest) {
        let Some(who) = e.actors.first() else {
            continue;
        };
        match waves.last_mut() {
            Some(w) if w.to.days_until(e.date) <= WAVE_GAP_DAYS => {
                w.to = e.date;
                if !w.who.iter().any(|x| x == who) {
                    w.who.push(who.to_string());
                }
            }
            _ => waves.push(Wave {
                from: e.date,
                to: e.date,
                who: vec![who.to_string()],
            }),
        }
    }
    let mut lone = Vec::new();
    waves.retain(|w| {
        if w.who.len() >= WAVE_MIN_ARRESTS {
            true
        } else {
            lone.extend(w.who.iter().cloned());
            false
        }
    });
    (waves, lone)
}

/// Each figure's fate at the end, by status, in the wave's order of statuses.
fn fates(run: &Run, who: &[String]) -> BTreeMap<String, usize> {
    let mut fates = BTreeMap::new();
    for w in who {
        if let Some(st) = run.summary.figure_status.get(w) {
            *fates.entry(st.clone()).or_default() += 1;
        }
    }
    fates
}

fn wave_box(run: &Run, t: &ArticleTemplates, w: &Wave, police: &str) -> Infobox {
    let rows = &t.infobox_rows;
    let dates = if w.from == w.to {
        w.from.long()
    } else {
        format!("{} – {}", w.from.long(), w.to.long())
    };
    let mut factions: Vec<String> = w
        .who
        .iter()
        .filter_map(|x| {
            run.data
                .scenario
                .cast
                .iter()
                .find(|c| &c.figure == x)?
                .faction
                .clone()
        })
        .map(|f| run.faction_name(f.as_str()))
        .collect();
    factions.sort();
    factions.dedup();
    let mut vars = BTreeMap::new();
    vars.insert("count", w.who.len().to_string());
    let names: Vec<String> = w.who.iter().map(|x| run.name(x)).collect();
    let fates: Vec<String> = fates(run, &w.who)
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    Infobox {
        title: format!("{} {}", t.purges_heading, w.from.long()),
        sides: Some((police.to_string(), t.purge_accused.clone())),
        rows: vec![
            (rows.0.clone(), dates, String::new()),
            (
                rows.2.clone(),
                fill(&t.boxes.wave_result, &vars),
                String::new(),
            ),
            (rows.3.clone(), cell(police), cell(&factions.join(", "))),
            (rows.4.clone(), String::new(), names.join("<br>")),
            (rows.6.clone(), String::new(), fates.join("<br>")),
        ],
    }
}

/// A wave told: how many around whom, when; who named them; how the trials ended.
fn tell(run: &Run, t: &ArticleTemplates, w: &Wave) -> String {
    let p = &t.prose;
    let mut vars: BTreeMap<&str, String> = BTreeMap::new();
    vars.insert("count", p.count(w.who.len()));
    vars.insert("head", run.name(&w.who[0]));
    vars.insert("date", w.from.long());
    vars.insert("from", w.from.long());
    vars.insert("to", w.to.long());
    let when = if w.from == w.to {
        fill(&p.wave_on, &vars)
    } else {
        fill(&p.wave_between, &vars)
    };
    vars.insert("when", when);
    let mut s = vec![fill(&p.wave_opening, &vars)];
    // The cause: those of the wave who named others under interrogation.
    let mut named_by: Vec<String> = Vec::new();
    for e in run.entries(ChronicleKind::Confession) {
        if e.date >= w.from.add_days(-WAVE_GAP_DAYS)
            && e.date <= w.to
            && let Some(a) = e.actors.first()
            && !named_by.iter().any(|x| x == a)
        {
            named_by.push(a.to_string());
        }
    }
    if !named_by.is_empty() {
        vars.insert("confessors", run.names(&named_by, &p.and));
        s.push(fill(&p.wave_named, &vars));
    }
    // The consequence: the trials of the wave's arrested, and what they came to.
    let trials: Vec<Date> = w
        .who
        .iter()
        .filter_map(|x| {
            run.entries(ChronicleKind::Trial)
                .find(|e| e.date >= w.from && e.actors.first().is_some_and(|a| a == x))
                .map(|e| e.date)
        })
        .collect();
    let fates = fates(run, &w.who);
    let told: Vec<String> = fates
        .iter()
        .filter_map(|(k, n)| {
            let word = p.fates.get(k)?;
            Some(format!("{} {word}", p.count(*n)))
        })
        .collect();
    vars.insert("fates", super::prose::listed(&told, &p.and));
    let last_trial = trials.iter().max().copied();
    if let Some(last) = last_trial {
        let weeks = (w.from.days_until(last) + 6) / 7;
        vars.insert("weeks", p.count(weeks.max(1) as usize));
        vars.insert("tried", p.count(trials.len()));
        vars.insert("last_trial", last.long());
        // Of those without a trial, only the ones still held at the close wait for one:
        // the others were shot, freed or died without a trial on record.
        let tried_ids: Vec<&String> = (w.who.iter())
            .filter(|x| {
                run.entries(ChronicleKind::Trial)
                    .any(|e| e.date >= w.from && e.actors.first().is_some_and(|a| a == *x))
            })
            .collect();
        let waiting = (w.who.iter())
            .filter(|x| !tried_ids.contains(x))
            .filter(|x| {
                run.summary
                    .figure_status
                    .get(*x)
                    .is_some_and(|st| st == "arrested")
            })
            .count();
        vars.insert("waiting", p.count(waiting));
        let template = if trials.len() == w.who.len() {
            &p.wave_tried_all
        } else if waiting > 0 || p.wave_tried_others.is_empty() {
            &p.wave_tried_some
        } else {
            &p.wave_tried_others
        };
        s.push(fill(template, &vars));
    } else if !told.is_empty() {
        s.push(fill(&p.wave_untried, &vars));
    }
    paragraph(&s)
}

pub fn section(run: &Run, t: &ArticleTemplates, pictures: &mut Pictures) -> Option<Section> {
    let p = &t.prose;
    let (waves, lone) = waves(run);
    let first = run.entries(ChronicleKind::Arrest).next()?.date;
    if p.purges_section.is_empty() {
        return None;
    }
    // The police as it was named when the wave began: the OGPU in 1934, the NKVD later.
    let police_def = run
        .data
        .scenario
        .police
        .as_ref()
        .and_then(|x| run.data.common.institutions.iter().find(|i| &i.id == x));
    let police = |on: Date| police_def.map_or_else(String::new, |i| i.name_on(on).to_string());
    let mut text = format!("\n## {}\n\n", p.purges_section);
    // The months of arrests first, to look at; then the waves, to read.
    if let Some(pic) = pictures.arrests() {
        let _ = writeln!(text, "{pic}\n");
    }
    for w in &waves {
        wave_box(run, t, w, &police(w.from)).write(&mut text);
        let _ = writeln!(text, "{}\n", tell(run, t, w));
    }
    let mut after = Vec::new();
    if !lone.is_empty() {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert("count", p.count(lone.len()));
        vars.insert("names", run.names(&lone, &p.and));
        // One man alone is not "one at a time, each": he has his own sentence.
        let one = lone.len() == 1 && !p.lone_arrest.is_empty();
        after.push(fill(
            if one { &p.lone_arrest } else { &p.lone_arrests },
            &vars,
        ));
    }
    if run.summary.purges.expelled > 0 {
        let mut vars: BTreeMap<&str, String> = BTreeMap::new();
        vars.insert(
            "expelled",
            crate::model::grouped(run.summary.purges.expelled),
        );
        after.push(fill(&p.expelled, &vars));
    }
    if !after.is_empty() {
        let _ = writeln!(text, "{}\n", paragraph(&after));
    }
    if let Some(pic) = pictures.family(&waves) {
        let _ = writeln!(text, "{pic}\n");
    }
    Some(Section { date: first, text })
}
