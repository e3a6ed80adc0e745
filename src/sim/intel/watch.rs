//! The weekly look: how well each side sees, what it learns of the threats against it,
//! and the rumours it is fed. Draws come from the "intel" stream, side by side in the
//! scenario's order and threat by threat in id order, so a replay learns the same.

use super::{Intel, IntelAlert, SideIntel, ThreatKind};
use crate::model::Date;
use crate::model::FactionId;
use crate::scenario::ScenarioData;
use crate::scenario::chronicle::Line;
use crate::sim::Ids;
use crate::sim::calendar::Calendar;
use crate::sim::intrigue::paranoia::{Paranoia, Suspicion};
use crate::sim::intrigue::plots::{Plot, PlotGoal, PlotState};
use crate::sim::intrigue::purges::PurgeRecord;
use crate::sim::people::{Figure, Standing};
use crate::sim::politics::institutions::{Institution, Office};
use crate::sim::politics::ruler::Ruler;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::LoadedScenario;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use rand::RngExt;

/// Loyalty to the ruler's faction at which a police chief of another faction still
/// arrests on the ruler's word (as the purge itself reckons).
const CHIEF_OBEYS: f32 = 60.0;

/// What the weekly look reads of the world.
#[derive(SystemParam)]
pub struct Seen<'w, 's> {
    pub data: Option<Res<'w, LoadedScenario>>,
    pub calendar: Res<'w, Calendar>,
    pub ruler: Res<'w, Ruler>,
    pub paranoia: Res<'w, Paranoia>,
    pub suspicion: Res<'w, Suspicion>,
    pub purges: Res<'w, PurgeRecord>,
    pub ids: Res<'w, Ids>,
    pub figures: Query<'w, 's, (&'static Figure, &'static Standing)>,
    pub offices: Query<'w, 's, &'static Office>,
    pub institutions: Query<'w, 's, &'static Institution>,
    pub plots: Query<'w, 's, &'static Plot>,
}

impl Seen<'_, '_> {
    pub fn standing(&self, id: &str) -> Option<&Standing> {
        self.ids
            .figures
            .get(id)
            .and_then(|e| self.figures.get(*e).ok())
            .map(|(_, s)| s)
    }
    pub fn name(&self, id: &str) -> String {
        self.ids
            .figures
            .get(id)
            .and_then(|e| self.figures.get(*e).ok())
            .map_or_else(|| id.to_string(), |(f, _)| f.name.clone())
    }
    pub(super) fn faction(&self, id: &str) -> Option<String> {
        self.standing(id)
            .and_then(|s| s.faction.as_ref().map(FactionId::to_string))
    }
    pub(super) fn free(&self, id: &str) -> bool {
        self.standing(id).is_some_and(|s| s.status.can_act())
    }
    /// The police institution's controller and its free chiefs, sorted by office.
    pub fn police(&self, data: &ScenarioData) -> (Option<String>, Vec<String>) {
        let Some(police) = data.scenario.police.as_ref().map(|p| p.as_str()) else {
            return (None, Vec::new());
        };
        let controller = self
            .ids
            .institutions
            .get(police)
            .and_then(|e| self.institutions.get(*e).ok())
            .and_then(|i| i.controller.as_ref().map(|c| c.to_string()));
        let mut chiefs: Vec<(String, String)> = self
            .offices
            .iter()
            .filter(|o| o.institution == police)
            .flat_map(|o| {
                o.holders
                    .iter()
                    .map(move |h| (o.key.to_string(), h.to_string()))
            })
            .filter(|(_, h)| self.free(h.as_str()))
            .collect();
        chiefs.sort();
        (controller, chiefs.into_iter().map(|(_, h)| h).collect())
    }
    pub(super) fn competence(&self, data: &ScenarioData) -> f32 {
        data.scenario
            .police
            .as_ref()
            .and_then(|p| self.ids.institutions.get(p))
            .and_then(|e| self.institutions.get(*e).ok())
            .map_or(1.0, |i| i.competence)
    }
    /// Whether the police arrest on the ruler's word.
    fn police_obey(&self, data: &ScenarioData) -> bool {
        let Some(rf) = self.ruler.faction.as_ref().map(FactionId::as_str) else {
            return false;
        };
        self.police(data).1.iter().any(|c| {
            self.standing(c).is_some_and(|s| {
                s.faction.as_ref().map(FactionId::as_str) == Some(rf)
                    || s.loyalty.get(rf).copied().unwrap_or(0.0) >= CHIEF_OBEYS
            })
        })
    }
}

/// A side's intelligence, 0..=1, and its causes in words: the police if its faction
/// holds them (their chief's skill, their competence), its own men's contacts otherwise,
/// its informers, and for the ruling side the leader's own vigilance.
pub fn intelligence(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    side: Option<&SideIntel>,
) -> (f32, Vec<(String, f32)>) {
    let skill = |id: &str| {
        data.figure(id)
            .map_or(0.0, |f| f32::from(f.skills.security) / 10.0)
    };
    let mut sources = Vec::new();
    let (controller, chiefs) = w.police(data);
    if controller.as_deref() == Some(faction) {
        let best = chiefs
            .iter()
            .map(|c| (skill(c), c))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)));
        if let Some((s, chief)) = best {
            let v = 0.15 + 0.65 * s * w.competence(data);
            sources.push((format!("the security police under {}", w.name(chief)), v));
        } else {
            sources.push(("the security police, headless".into(), 0.15));
        }
    } else {
        let best = w
            .figures
            .iter()
            .filter(|(_, s)| {
                s.status.can_act() && s.faction.as_ref().map(FactionId::as_str) == Some(faction)
            })
            .map(|(f, _)| (skill(f.id.as_str()), f.id.to_string()))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((s, who)) = best {
            sources.push((format!("{}'s own contacts", w.name(&who)), 0.05 + 0.2 * s));
        }
        if chiefs.iter().any(|c| {
            w.standing(c)
                .is_some_and(|s| s.loyalty.get(faction).copied().unwrap_or(0.0) >= 40.0)
        }) {
            sources.push(("a friend among the police chiefs".into(), 0.15));
        }
    }
    let informers = side.map_or(0, |s| s.informers.len()).min(5);
    if informers > 0 {
        sources.push((
            format!("{informers} informers placed"),
            0.04 * informers as f32,
        ));
    }
    if w.ruler.faction.as_ref().map(FactionId::as_str) == Some(faction) {
        sources.push((
            "the leader's vigilance".into(),
            (w.paranoia.value / 500.0).clamp(0.0, 0.2),
        ));
    }
    let total = sources
        .iter()
        .map(|(_, v)| v)
        .sum::<f32>()
        .clamp(0.05, 0.95);
    (total, sources)
}

/// Intelligence as it tells in a week's news: a weak service hears little, and a good
/// one much more than in proportion.
pub(super) fn sharp(i: f32) -> f32 {
    (1.5 * i * i).min(1.0)
}

/// The chance, this week, that a side of intelligence `i` uncovers `plot`.
pub fn uncover_chance(i: f32, plot: &Plot, informer: bool) -> f64 {
    if plot.public {
        return OPEN_SECRET;
    }
    let base = sharp(i) * (0.08 + 0.35 * (1.0 - plot.secrecy) + 0.4 * plot.exposure);
    let informed = if informer { 0.5 * i } else { 0.0 };
    f64::from((base + informed).clamp(0.0, 0.95))
}

/// The weekly chance of hearing of a plot begun in the open, or through a man inside.
const OPEN_SECRET: f64 = 0.95;

/// Progress from which a plot works in the open: a plenum's votes canvassed member by
/// member, officers sounded out unit by unit. Weeks of it before the blow.
pub const OPEN_STAGE: f32 = 65.0;

/// The chance, this week, that a side of intelligence `i` hears of `plot` at work in
/// the open: twice that of hearing of its first gathering, so as much steeper for
/// sharper eyes; near certain with an informer inside.
pub fn open_chance(i: f32, plot: &Plot, informer: bool) -> f64 {
    if informer || plot.public {
        return OPEN_SECRET;
    }
    (2.0 * uncover_chance(i, plot, false)).min(0.95)
}

/// A plot's weekly progress, as `advance_plots` makes it: its people's skill.
fn weekly_progress(w: &Seen, data: &ScenarioData, plot: &Plot) -> f32 {
    let skill: f32 = std::iter::once(plot.organiser.as_str())
        .chain(plot.members.iter().map(|m| m.as_str()))
        .filter(|m| w.free(m))
        .filter_map(|m| data.figure(m))
        .map(|f| match plot.goal {
            PlotGoal::Coup => f32::from(f.skills.military),
            PlotGoal::RemoveLeader => f32::from(f.skills.political),
        })
        .sum();
    7.0 * (0.08 + skill * 0.012)
}

/// A true value seen through intelligence `i`: a range around it that narrows as `i`
/// grows, placed by `jitter` (0..1) so that it does not always sit centred on the truth.
pub fn estimate(truth: f32, spread: f32, i: f32, jitter: f32) -> (f32, f32) {
    let half = spread * (1.0 - i);
    let shift = (jitter - 0.5) * half;
    (truth - half + shift, truth + half + shift)
}

/// The days left, as the side guesses them.
pub(super) fn guess_days(days: f32, i: f32, jitter: f32) -> (u32, u32) {
    let (lo, hi) = estimate(days, days * 0.6, i, jitter);
    (lo.max(1.0) as u32, hi.max(lo.max(1.0) + 1.0) as u32)
}

/// The days-left range in the alert's words.
pub(super) fn left_words(data: &ScenarioData, days: (u32, u32)) -> String {
    let c = &data.common.chronicle;
    if days.1 <= 14 {
        c.sentence(Line::LeftDays, &[("n", &days.1.to_string())])
    } else if days.1 <= 120 {
        let weeks = days.0.div_ceil(7).max(1);
        c.sentence(Line::LeftWeeks, &[("n", &weeks.to_string())])
    } else {
        c.sentence(Line::LeftMonths, &[])
    }
}

/// Whether a true warning's source can be trusted: an informer, or the side's own police.
pub(super) fn firm(w: &Seen, data: &ScenarioData, faction: &str, informer: Option<&str>) -> bool {
    informer.is_some() || w.police(data).0.as_deref() == Some(faction)
}

/// Where a true warning of `p` comes from: a plot begun in the open is nobody's secret;
/// any other, as `source` says. A warning of an open plot is as firm as an informer's.
fn plot_source(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    i: f32,
    informer: Option<&str>,
    p: &Plot,
) -> (String, bool) {
    if p.public && informer.is_none() {
        let c = &data.common.chronicle;
        return (c.sentence(Line::SourceOpen, &[]), true);
    }
    (
        source(w, data, faction, i, informer),
        firm(w, data, faction, informer),
    )
}

/// Where a true warning comes from: an informer placed close to one of those involved,
/// the side's own police, a friend in the apparatus, or mere gossip.
pub(super) fn source(
    w: &Seen,
    data: &ScenarioData,
    faction: &str,
    i: f32,
    informer: Option<&str>,
) -> String {
    let c = &data.common.chronicle;
    if let Some(f) = informer {
        return c.sentence(Line::SourceInformer, &[("figure", &w.name(f))]);
    }
    let (controller, chiefs) = w.police(data);
    match chiefs.first() {
        Some(chief) if controller.as_deref() == Some(faction) => {
            c.sentence(Line::SourcePolice, &[("chief", &w.name(chief))])
        }
        _ if i >= 0.3 => c.sentence(Line::SourceApparatus, &[]),
        _ => c.sentence(Line::SourceGossip, &[]),
    }
}

/// Each side's weekly look at the threats against it.
pub fn watch(w: Seen, mut intel: ResMut<Intel>, mut streams: ResMut<RngStreams>) {
    let Some(data) = w.data.as_ref().map(|d| d.0.clone()) else {
        return;
    };
    if w.calendar.hour != 0 {
        return;
    }
    let date = w.calendar.date;
    let mut plots: Vec<&Plot> = w.plots.iter().collect();
    plots.sort_by(|a, b| a.id.cmp(&b.id));
    let rng = streams.stream("intel");
    let ruler_faction = w.ruler.faction.clone();
    let obey = w.police_obey(&data);
    // How far the ruler's police see: their chief's skill, if they obey him.
    let police_reach = if obey {
        let (_, chiefs) = w.police(&data);
        chiefs
            .iter()
            .filter_map(|ch| data.figure(ch))
            .map(|f| f32::from(f.skills.security) / 10.0)
            .fold(0.0, f32::max)
            * w.competence(&data)
    } else {
        0.0
    };
    let c = data.common.chronicle.clone();
    for side in &data.scenario.sides {
        let faction = side.faction.as_str();
        let known = intel.side(side.id.as_str()).cloned().unwrap_or_default();
        let (i, sources) = intelligence(&w, &data, faction, Some(&known));
        let mut news: Vec<IntelAlert> = Vec::new();
        let mut learned: Vec<String> = Vec::new();
        let rules = ruler_faction.as_ref().map(FactionId::as_str) == Some(faction);
        for p in plots.iter().filter(|p| p.state == PlotState::Active) {
            let theirs = w.faction(p.organiser.as_str());
            if theirs.as_deref() == Some(faction) {
                // The side's own plot: the police may be on its trail.
                // The police's interest shows: the more they hold, the likelier the
                // side notices; a well-hidden plot under a blind police shows nothing.
                let risk = p.exposure + (1.0 - p.secrecy) * police_reach;
                if risk > 0.05
                    && !recently(&known, ThreatKind::Exposed, &p.id, date, 60)
                    && rng.random_bool(f64::from((i * (0.1 + risk)).min(0.95)))
                {
                    let src = source(&w, &data, faction, i, None);
                    let text = c.sentence(
                        Line::IntelExposed,
                        &[
                            ("source", &src),
                            ("organiser", &w.name(p.organiser.as_str())),
                        ],
                    );
                    let mut a = alert(date, ThreatKind::Exposed, p, true, src, None, text);
                    a.also = p.members.iter().map(|m| m.to_string()).collect();
                    a.firm = firm(&w, &data, faction, None);
                    news.push(a);
                }
                continue;
            }
            // The side's own men drawn into another's plot: when it falls, they fall.
            for m in p
                .members
                .iter()
                .filter(|m| w.faction(m.as_str()).as_deref() == Some(faction))
            {
                let told = known
                    .alerts
                    .iter()
                    .any(|a| a.kind == ThreatKind::Recruited && a.subject == *m);
                if told || !rng.random_bool(uncover_chance(i, p, false)) {
                    continue;
                }
                let src = source(&w, &data, faction, i, None);
                let text = c.sentence(
                    Line::IntelRecruited,
                    &[
                        ("source", &src),
                        ("figure", &w.name(m.as_str())),
                        ("organiser", &w.name(p.organiser.as_str())),
                    ],
                );
                let mut a = alert(date, ThreatKind::Recruited, p, true, src, None, text);
                a.subject = m.to_string();
                a.firm = firm(&w, &data, faction, None);
                news.push(a);
            }
            if !rules {
                continue;
            }
            let informer = std::iter::once(p.organiser.as_str())
                .chain(p.members.iter().map(|m| m.as_str()))
                .find(|m| known.informers.contains(*m))
                .map(str::to_string);
            let rate = weekly_progress(&w, &data, p).max(0.1);
            let days = (100.0 - p.progress).max(0.0) / rate * 7.0;
            let jitter = rng.random::<f32>();
            let kind = match p.goal {
                PlotGoal::RemoveLeader => ThreatKind::Plenum,
                PlotGoal::Coup => ThreatKind::Troops,
            };
            let open = p.progress >= OPEN_STAGE
                && !known
                    .alerts
                    .iter()
                    .any(|a| a.kind == kind && a.plot.as_deref() == Some(&p.id));
            if open {
                // Votes canvassed or officers sounded out are heard of whether or not
                // the plot was known before.
                if !rng.random_bool(open_chance(i, p, informer.is_some())) {
                    continue;
                }
                if !known.known_plots.contains_key(&p.id) {
                    learned.push(p.id.clone());
                }
                let guess = guess_days(days, i, jitter);
                let (src, sure) = plot_source(&w, &data, faction, i, informer.as_deref(), p);
                let line = if kind == ThreatKind::Plenum {
                    Line::IntelPlenum
                } else {
                    Line::IntelTroops
                };
                let text = c.sentence(
                    line,
                    &[
                        ("source", &src),
                        ("organiser", &w.name(p.organiser.as_str())),
                        ("left", &left_words(&data, guess)),
                    ],
                );
                let mut a = alert(date, kind, p, true, src, Some(guess), text);
                a.firm = sure;
                news.push(a);
            } else if !known.known_plots.contains_key(&p.id) {
                if !rng.random_bool(uncover_chance(i, p, informer.is_some())) {
                    continue;
                }
                learned.push(p.id.clone());
                let n = (p.members.len() + 1) as f32;
                let (lo, hi) = estimate(n, n.max(3.0), i, jitter);
                // A plot in the open has its men named in the corridors.
                let members = if p.public || lo.round() as i64 >= hi.round() as i64 {
                    format!("{}", n as u32)
                } else {
                    format!("{}-{}", lo.round().max(1.0), hi.round().max(2.0))
                };
                let guess = guess_days(days, i, jitter);
                let (src, sure) = plot_source(&w, &data, faction, i, informer.as_deref(), p);
                let leader = w.ruler.figure.clone().unwrap_or_default();
                let text = c.sentence(
                    if p.public {
                        Line::IntelPlotOpen
                    } else {
                        Line::IntelPlot
                    },
                    &[
                        ("source", &src),
                        ("organiser", &w.name(p.organiser.as_str())),
                        ("leader", &w.name(leader.as_str())),
                        ("members", &members),
                        ("left", &left_words(&data, guess)),
                    ],
                );
                let mut a = alert(date, ThreatKind::Plot, p, true, src, Some(guess), text);
                a.firm = sure;
                news.push(a);
            } else if informer.is_some()
                && !known
                    .alerts
                    .iter()
                    .any(|a| a.firm && a.plot.as_deref() == Some(&p.id))
            {
                // An informer now inside confirms what was only heard.
                let guess = guess_days(days, i, jitter);
                let src = source(&w, &data, faction, i, informer.as_deref());
                let leader = w.ruler.figure.clone().unwrap_or_default();
                let n = (p.members.len() + 1).to_string();
                let text = c.sentence(
                    Line::IntelPlot,
                    &[
                        ("source", &src),
                        ("organiser", &w.name(p.organiser.as_str())),
                        ("leader", &w.name(leader.as_str())),
                        ("members", &n),
                        ("left", &left_words(&data, guess)),
                    ],
                );
                let mut a = alert(date, ThreatKind::Plot, p, true, src, Some(guess), text);
                a.firm = true;
                news.push(a);
            }
        }
        if obey && w.paranoia.value > 45.0 {
            news.extend(super::lists::arrest_lists(
                &w, &data, faction, i, &known, rng,
            ));
        }
        news.extend(super::lists::trials(&w, &data, faction, &known, date));
        let rumour = super::rumours::rumour(&w, &data, faction, rules, i, &mut intel.rumours, rng);
        news.extend(rumour);
        let s = intel.side_mut(side.id.as_str());
        s.intelligence = i;
        s.sources = sources;
        for p in learned {
            s.known_plots.insert(p, date);
        }
        s.alerts.extend(news);
    }
}

fn alert(
    date: Date,
    kind: ThreatKind,
    p: &Plot,
    truth: bool,
    source: String,
    days_left: Option<(u32, u32)>,
    text: String,
) -> IntelAlert {
    IntelAlert {
        date,
        kind,
        subject: p.organiser.to_string(),
        plot: Some(p.id.clone()),
        also: Vec::new(),
        truth,
        firm: false,
        source,
        days_left,
        text,
    }
}

/// Whether the side was told of `kind` about `subject` within the last `days`.
pub(super) fn recently(
    s: &SideIntel,
    kind: ThreatKind,
    subject: &str,
    date: Date,
    days: i64,
) -> bool {
    s.alerts
        .iter()
        .any(|a| a.kind == kind && a.concerns(subject) && a.date.days_until(date) < days)
}
