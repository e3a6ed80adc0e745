//! Infoboxes in the shape of the wiki's: a title, the two sides' columns, and rows of
//! dates, place, result, belligerents, commanders, strength and losses. Written as a
//! Markdown table under a `###` heading, which the HTML export floats beside the text.

use super::article::{ArticleTemplates, Run, fill};
use crate::model::Date;
use crate::model::FigureId;
use crate::sim::forces::battles::{BattleReport, CommanderFate, SideReport, Winner};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One infobox: its title, the sides' names (none for a box of one column), and its
/// rows as (head, the first side's or the only value, the second side's).
pub struct Infobox {
    pub title: String,
    pub sides: Option<(String, String)>,
    pub rows: Vec<(String, String, String)>,
}

pub fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// A cell's text with the space before it; an empty cell stays `| |`.
fn pad(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" {s}")
    }
}

impl Infobox {
    pub fn write(&self, out: &mut String) {
        let _ = writeln!(out, "### {}\n", self.title);
        match &self.sides {
            Some((a, b)) => {
                let _ = writeln!(out, "| | {} | {} |", cell(a), cell(b));
                let _ = writeln!(out, "|---|---|---|");
                for (h, x, y) in &self.rows {
                    let _ = writeln!(out, "| {h} |{} |{} |", pad(x), pad(y));
                }
            }
            None => {
                let _ = writeln!(out, "| | |");
                let _ = writeln!(out, "|---|---|");
                for (h, x, _) in &self.rows {
                    let _ = writeln!(out, "|{} |{} |", pad(h), pad(x));
                }
            }
        }
        out.push('\n');
    }
}

fn commanders(run: &Run, s: &SideReport) -> String {
    s.commanders
        .iter()
        .map(|(id, f)| match f {
            CommanderFate::Killed => format!("{} †", run.name(id.as_str())),
            CommanderFate::Captured => format!("{} (c.)", run.name(id.as_str())),
            CommanderFate::Unhurt => run.name(id.as_str()),
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn losses(t: &ArticleTemplates, l: &crate::sim::forces::battles::Losses) -> String {
    let mut vars = BTreeMap::new();
    vars.insert("killed", crate::model::grouped(l.killed));
    vars.insert("wounded", crate::model::grouped(l.wounded));
    vars.insert("captured", crate::model::grouped(l.captured));
    vars.insert("tanks_destroyed", l.tanks_destroyed.to_string());
    vars.insert("tanks_captured", l.tanks_captured.to_string());
    fill(&t.boxes.losses, &vars)
}

fn strength(t: &ArticleTemplates, men: u32, tanks: u32) -> String {
    let mut vars = BTreeMap::new();
    vars.insert("men", crate::model::grouped(men));
    vars.insert("tanks", tanks.to_string());
    fill(&t.boxes.strength, &vars)
}

/// A battle's box.
pub fn battle(run: &Run, t: &ArticleTemplates, date: Date, r: &BattleReport) -> Infobox {
    let rows = &t.infobox_rows;
    let mut vars = BTreeMap::new();
    vars.insert("attacker", r.attacker.name.clone());
    vars.insert("defender", r.defender.name.clone());
    vars.insert("hours", r.hours.to_string());
    let result = match r.winner {
        _ if run.undecided(date, r) && !t.boxes.undecided.is_empty() => {
            fill(&t.boxes.undecided, &vars)
        }
        Winner::Attacker => fill(&t.boxes.attacker_won, &vars),
        Winner::Defender => fill(&t.boxes.defender_held, &vars),
        Winner::Draw => fill(&t.boxes.draw, &vars),
    };
    Infobox {
        title: r.name.clone(),
        sides: Some((r.attacker.name.clone(), r.defender.name.clone())),
        rows: vec![
            (
                rows.0.clone(),
                fought_from_to(date, r.end_hour.saturating_sub(r.hours), r.end_hour),
                String::new(),
            ),
            (rows.1.clone(), run.site_name(&r.site), String::new()),
            (rows.2.clone(), result, String::new()),
            (
                rows.3.clone(),
                run.faction_name(&r.attacker.faction),
                run.faction_name(&r.defender.faction),
            ),
            (
                rows.4.clone(),
                commanders(run, &r.attacker),
                commanders(run, &r.defender),
            ),
            (
                rows.5.clone(),
                strength(t, r.attacker.men, r.attacker.tanks),
                strength(t, r.defender.men, r.defender.tanks),
            ),
            (
                rows.6.clone(),
                losses(t, &r.attacker.losses),
                losses(t, &r.defender.losses),
            ),
        ],
    }
}

/// A coup's box: every battle of its days summed, the plotters against the government.
pub fn coup(
    run: &Run,
    t: &ArticleTemplates,
    title: String,
    fights: &[&(Date, BattleReport)],
) -> Option<Infobox> {
    let (first_date, first) = fights.first().map(|f| (f.0, &f.1))?;
    let last_date = fights.last().map_or(first_date, |f| f.0);
    let rows = &t.infobox_rows;
    let plotters = &first.attacker.faction;
    let mut men = [0u32; 2];
    let mut tanks = [0u32; 2];
    let mut lost = [crate::sim::forces::battles::Losses::default(); 2];
    let mut chiefs: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for (_, r) in fights.iter().map(|f| (&f.0, &f.1)) {
        for s in [&r.attacker, &r.defender] {
            let i = usize::from(&s.faction != plotters);
            men[i] += s.men;
            tanks[i] += s.tanks;
            lost[i].killed += s.losses.killed;
            lost[i].wounded += s.losses.wounded;
            lost[i].captured += s.losses.captured;
            lost[i].tanks_destroyed += s.losses.tanks_destroyed;
            lost[i].tanks_captured += s.losses.tanks_captured;
            for c in commanders(run, s).split("<br>").filter(|c| !c.is_empty()) {
                if !chiefs[i].iter().any(|x| x == c) {
                    chiefs[i].push(c.to_string());
                }
            }
        }
    }
    let won = first.winner == Winner::Attacker;
    let dates = if first_date == last_date {
        first_date.long()
    } else {
        format!("{} – {}", first_date.long(), last_date.long())
    };
    let defender = &first.defender.faction;
    Some(Infobox {
        title,
        sides: Some((run.faction_name(plotters), run.faction_name(defender))),
        rows: vec![
            (rows.0.clone(), dates, String::new()),
            (rows.1.clone(), run.site_name(&first.site), String::new()),
            (
                rows.2.clone(),
                if won {
                    t.boxes.coup_won.clone()
                } else {
                    t.boxes.coup_failed.clone()
                },
                String::new(),
            ),
            (
                rows.3.clone(),
                run.faction_name(plotters),
                run.faction_name(defender),
            ),
            (
                rows.4.clone(),
                chiefs[0].join("<br>"),
                chiefs[1].join("<br>"),
            ),
            (
                rows.5.clone(),
                strength(t, men[0], tanks[0]),
                strength(t, men[1], tanks[1]),
            ),
            (rows.6.clone(), losses(t, &lost[0]), losses(t, &lost[1])),
        ],
    })
}

/// The run's own box, beside the lead: its dates, who ruled at the start and at the
/// end, how the sides came out, and the human cost.
pub fn run_box(run: &Run, t: &ArticleTemplates, vars: &BTreeMap<&str, String>) -> Infobox {
    let b = &t.boxes;
    let s = run.summary;
    let rulers = |id: Option<&str>| id.map_or_else(|| b.nobody.clone(), |r| run.name(r));
    let first_ruler = run.first_ruler();
    let mut results: Vec<String> = run
        .data
        .scenario
        .sides
        .iter()
        .map(|side| {
            let mut v = vars.clone();
            v.insert("side", side.name.clone());
            if s.victors.iter().any(|x| x == &side.id) {
                fill(&b.side_won, &v)
            } else {
                fill(&b.side_lost, &v)
            }
        })
        .collect();
    results.dedup();
    let battle_dead: u32 = run
        .battles
        .0
        .iter()
        .map(|(_, r)| r.attacker.losses.killed + r.defender.losses.killed)
        .sum();
    let mut cost = vars.clone();
    cost.insert("battle_dead", crate::model::grouped(battle_dead));
    let mut rows = vec![
        (
            b.dates.clone(),
            format!("{} – {}", s.start.long(), s.date.long()),
            String::new(),
        ),
        (
            b.ruler_start.clone(),
            rulers(first_ruler.as_ref().map(FigureId::as_str)),
            String::new(),
        ),
        (
            b.ruler_end.clone(),
            rulers(s.ruler.as_ref().map(FigureId::as_str)),
            String::new(),
        ),
        (b.result.clone(), results.join("<br>"), String::new()),
        (b.cost.clone(), fill(&b.cost_purges, &cost), String::new()),
    ];
    if battle_dead > 0 {
        rows.push((String::new(), fill(&b.cost_battles, &cost), String::new()));
    }
    if let Some(r) = &s.reckoning {
        let mut war = cost.clone();
        war.insert("losses", crate::model::grouped(r.losses));
        rows.push((String::new(), fill(&b.cost_war, &war), String::new()));
    }
    Infobox {
        title: fill(&b.run_title, vars),
        sides: None,
        rows,
    }
}

/// When a battle was fought, from its first hour to its last; a battle that runs past
/// midnight names the day it ended on too.
fn fought_from_to(day: crate::model::Date, start_hour: u32, end_hour: u32) -> String {
    let ended = day.add_days(i64::from(end_hour / 24));
    if ended == day {
        format!("{}, {:02}:00–{:02}:00", day.long(), start_hour, end_hour)
    } else {
        format!(
            "{}, {:02}:00 – {}, {:02}:00",
            day.long(),
            start_hour,
            ended.long(),
            end_hour % 24
        )
    }
}
