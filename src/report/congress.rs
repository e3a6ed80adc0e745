//! The Congress: who spoke, how the ballot went and what the counting commission
//! announced, and the new Central Committee's many seats summed up in one sentence.

use super::article::{ArticleTemplates, Run, Section, fill};
use super::prose::paragraph;
use crate::sim::chronicle::ChronicleKind;
use std::collections::BTreeMap;

/// Days after the ballot within which the seats it gave are counted as its own.
const SEATING_DAYS: i64 = 3;
/// The most speakers named; the rest are counted.
const SPEAKERS_NAMED: usize = 4;

pub fn section(run: &Run, t: &ArticleTemplates, base: &BTreeMap<&str, String>) -> Option<Section> {
    let p = &t.prose;
    let vote = run.summary.congress_vote.as_ref()?;
    if p.congress_heading.is_empty() {
        return None;
    }
    let mut vars = base.clone();
    vars.insert("date", vote.date.long());
    let mut speakers: Vec<String> = Vec::new();
    for s in &run.summary.speeches {
        if !speakers.contains(&s.figure) {
            speakers.push(s.figure.clone());
        }
    }
    vars.insert("speeches", p.count(run.summary.speeches.len()));
    speakers.truncate(SPEAKERS_NAMED);
    vars.insert("speakers", run.names(&speakers, &p.and));
    let mut first = vec![fill(&p.congress_opened, &vars)];
    if !speakers.is_empty() {
        first.push(fill(&p.congress_speakers, &vars));
    }
    let mut second = Vec::new();
    if let (Some(m), Some(f)) = (&vote.most_against, &vote.fewest_against) {
        vars.insert("most", run.name(m));
        let real = vote.votes_against.get(m).copied().unwrap_or(0);
        vars.insert("most_votes", real.to_string());
        vars.insert("fewest", run.name(f));
        vars.insert(
            "fewest_votes",
            vote.votes_against.get(f).copied().unwrap_or(0).to_string(),
        );
        second.push(fill(&t.lead_vote, &vars));
        if let Some(a) = vote.announced_against.get(m)
            && *a != real
        {
            vars.insert("announced", a.to_string());
            second.push(fill(&p.congress_announced, &vars));
        }
    }
    let seated = run
        .entries(ChronicleKind::Appointment)
        .filter(|e| (0..=SEATING_DAYS).contains(&vote.date.days_until(e.date)))
        .count();
    if seated > 0 {
        vars.insert("seats", seated.to_string());
        second.push(fill(&p.congress_elected, &vars));
    }
    let text = format!(
        "\n## {}\n\n{}\n\n{}\n\n",
        fill(&p.congress_heading, &vars),
        paragraph(&first),
        paragraph(&second)
    );
    Some(Section {
        date: run.summary.start,
        text,
    })
}
