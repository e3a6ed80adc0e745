//! What a side learns of the arrests coming for its men: the ruler's list, as its
//! intelligence catches names on it, and the trials being prepared, which are no secret.

use super::watch::{Seen, firm, guess_days, left_words, recently, sharp, source};
use super::{IntelAlert, SideIntel, ThreatKind};
use crate::model::Date;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::sim::intrigue::purges::{LIST_DAYS, LISTED_SUSPICION};
use rand::RngExt;

/// The side's men the ruler suspects enough to list, as its intelligence catches them.
pub(super) fn arrest_lists(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    i: f32,
    known: &SideIntel,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Vec<IntelAlert> {
    let date = w.calendar.date;
    let mut listed: Vec<(&String, f32)> = w
        .suspicion
        .0
        .iter()
        .filter(|(id, v)| **v > 30.0 && w.free(id) && w.faction(id).as_deref() == Some(faction))
        .filter(|(id, _)| w.ruler.figure() != Some(id.as_str()))
        .map(|(id, v)| (id, *v))
        .collect();
    listed.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    for (id, v) in listed {
        if recently(known, ThreatKind::ArrestList, id, date, 90)
            || !rng.random_bool(f64::from((sharp(i) * (0.2 + (v - 30.0) / 40.0)).min(0.95)))
        {
            continue;
        }
        // A name already on the list has the days its file has left; one about to go
        // on it, the whole of them; a man merely suspected, months.
        let days = match w.purges.listed.get(id.as_str()) {
            Some(since) => (LIST_DAYS - since.days_until(date)).max(1) as f32,
            None if v > LISTED_SUSPICION => LIST_DAYS as f32,
            None => 60.0,
        };
        let guess = guess_days(days, i, rng.random::<f32>());
        let src = source(w, data, faction, i, None);
        let text = data.common.chronicle.sentence(
            Line::IntelArrestList,
            &[
                ("source", &src),
                ("figure", &w.name(id)),
                ("left", &left_words(data, guess)),
            ],
        );
        out.push(IntelAlert {
            date,
            kind: ThreatKind::ArrestList,
            subject: id.to_string(),
            plot: None,
            also: Vec::new(),
            truth: true,
            firm: firm(w, data, faction, None),
            source: src,
            days_left: Some(guess),
            text,
        });
    }
    out
}

/// Trials being prepared against the side's men: an arrest is no secret.
pub(super) fn trials(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    known: &SideIntel,
    date: Date,
) -> Vec<IntelAlert> {
    let mut out = Vec::new();
    for (id, since) in &w.purges.awaiting_trial {
        if w.faction(id.as_str()).as_deref() != Some(faction)
            || known
                .alerts
                .iter()
                .any(|a| a.kind == ThreatKind::Trial && a.subject == *id && a.date >= *since)
        {
            continue;
        }
        let guess = (14, 90);
        let text = data.common.chronicle.sentence(
            Line::IntelTrial,
            &[
                ("figure", &w.name(id.as_str())),
                ("left", &left_words(data, guess)),
            ],
        );
        out.push(IntelAlert {
            date,
            kind: ThreatKind::Trial,
            subject: id.to_string(),
            plot: None,
            also: Vec::new(),
            truth: true,
            firm: true,
            source: String::new(),
            days_left: Some(guess),
            text,
        });
    }
    out
}
