//! What the panels are given to show, through the fog of intrigue: the plots a viewer
//! knows of (with their size estimated where the side only heard of them) and other
//! men's loyalties as estimates. Plain functions, so that what a side's panels are
//! given can be checked without a window.

use crate::model::Date;
use crate::model::FactionId;
use crate::model::hash::fnv1a;
use crate::sim::intel::view::{Viewer, seen_loyalty};
use crate::sim::intel::watch::estimate;
use crate::sim::intel::{Intel, ThreatKind};
use crate::sim::intrigue::plots::{Plot, PlotGoal, PlotState};

/// How long a plot heard of (and not seen again) stays on the list.
const HEARD_DAYS: i64 = 150;

/// How many men a shown plot holds, as the viewer knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Members {
    Exact(usize),
    /// A range, for a plot of others that the side only found out or heard of.
    Estimated(u32, u32),
    /// Heard of, with no number given.
    Unknown,
}

impl Members {
    pub fn words(&self) -> String {
        match self {
            Members::Exact(n) => crate::gui::style::count(*n as i64, "member", "members"),
            Members::Estimated(lo, hi) if lo == hi => {
                format!(
                    "{}, estimated",
                    crate::gui::style::count(*lo, "member", "members")
                )
            }
            Members::Estimated(lo, hi) => format!("{lo}-{hi} members, estimated"),
            Members::Unknown => "size unknown".into(),
        }
    }
}

/// A plot as a panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownPlot {
    pub id: String,
    pub organiser: String,
    /// Where it stands; `None` for one the side heard of and cannot place.
    pub state: Option<PlotState>,
    pub goal: Option<PlotGoal>,
    pub members: Members,
    /// Where the side's knowledge of it came from, empty when it is plain to see.
    pub source: String,
    /// Since when the side knows of it.
    pub since: Option<Date>,
}

/// The plots `viewer` is shown, by id: the observer sees every plot as it is; a side
/// its own faction's, those that struck or were found out (news), those its
/// intelligence uncovered (their size estimated) and those it heard of lately, which
/// may not exist. `plots` pairs each plot with its organiser's faction.
pub fn plots_shown(
    viewer: &Viewer,
    intel: &Intel,
    plots: &[(&Plot, Option<&str>)],
    today: Date,
) -> Vec<ShownPlot> {
    let mut out: Vec<ShownPlot> = Vec::new();
    let side = match viewer {
        Viewer::All => None,
        Viewer::Side { id, .. } => intel.side(id),
    };
    for (p, faction) in plots {
        if !viewer.sees_plot(intel, p, *faction) {
            continue;
        }
        let own = matches!(viewer, Viewer::Side { faction: f, .. } if Some(f.as_str()) == *faction);
        let uncovered = side.and_then(|s| s.known_plots.get(&p.id).copied());
        let hidden = !viewer.sees_all() && !own && p.state == PlotState::Active;
        // Another's plot: the size its warning gave, as the player read it there; one
        // begun in the open has its men named in every corridor.
        let members = if hidden && !p.public {
            side.and_then(|s| told_size(s, &p.id)).unwrap_or_else(|| {
                let (lo, hi) = estimate_size(viewer, intel, p, today);
                Members::Estimated(lo, hi)
            })
        } else {
            Members::Exact(p.members.len() + 1)
        };
        let source = match (hidden, side) {
            (true, Some(s)) => plot_source(s, &p.id),
            _ => String::new(),
        };
        out.push(ShownPlot {
            id: p.id.clone(),
            organiser: p.organiser.to_string(),
            state: Some(p.state),
            goal: Some(p.goal),
            members,
            source,
            since: uncovered,
        });
    }
    // What the side heard of a plot it cannot see: a rumour, or a real one it has not
    // placed. The observer sees the plots themselves instead.
    if let Some(s) = side {
        for a in &s.alerts {
            let Some(plot) = a.plot.as_deref() else {
                continue;
            };
            let heard = matches!(
                a.kind,
                ThreatKind::Plot | ThreatKind::Plenum | ThreatKind::Troops
            );
            if !heard
                || a.date.days_until(today) > HEARD_DAYS
                || out.iter().any(|x| x.id == plot)
                || plots
                    .iter()
                    .any(|(p, _)| p.id == plot && p.state != PlotState::Active)
            {
                continue;
            }
            out.push(ShownPlot {
                id: plot.to_string(),
                organiser: a.subject.clone(),
                state: None,
                goal: None,
                members: heard_size(&a.text).unwrap_or(Members::Unknown),
                source: a.source.clone(),
                since: Some(a.date),
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// The size of a plot of others as the side guesses it: a range around the truth that
/// narrows with its intelligence, placed the same way for a month.
fn estimate_size(viewer: &Viewer, intel: &Intel, p: &Plot, today: Date) -> (u32, u32) {
    let n = (p.members.len() + 1) as f32;
    let i = viewer.intelligence(intel);
    let key = format!("{viewer:?}/{}/{}-{}", p.id, today.year, today.month);
    let jitter = (fnv1a(key.as_bytes()) % 1000) as f32 / 1000.0;
    let (lo, hi) = estimate(n, n.max(3.0), i, jitter);
    let lo = lo.round().max(1.0) as u32;
    (lo, (hi.round() as u32).max(lo))
}

/// The size a warning gave ("3-6", or "4"): the first such figure in its words, as the
/// side was told it. Unknown when the words give none.
fn heard_size(text: &str) -> Option<Members> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .find_map(|w| {
            let (lo, hi) = w.split_once('-').unwrap_or((w, w));
            let (lo, hi) = (lo.parse::<u32>().ok()?, hi.parse::<u32>().ok()?);
            (lo <= hi).then_some(Members::Estimated(lo, hi))
        })
}

/// The size the side's latest warning of `plot` gave.
fn told_size(s: &crate::sim::intel::SideIntel, plot: &str) -> Option<Members> {
    s.alerts
        .iter()
        .rev()
        .filter(|a| a.kind == ThreatKind::Plot && a.plot.as_deref() == Some(plot))
        .find_map(|a| heard_size(&a.text))
}

/// Where the side learned of `plot`: the source of its first warning about it.
fn plot_source(s: &crate::sim::intel::SideIntel, plot: &str) -> String {
    s.alerts
        .iter()
        .find(|a| a.plot.as_deref() == Some(plot) && !a.source.is_empty())
        .map(|a| a.source.clone())
        .unwrap_or_default()
}

/// A loyalty as a panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownLoyalty {
    pub lo: f32,
    pub hi: f32,
    /// Empty when exact; else why it is an estimate.
    pub why: String,
}

impl ShownLoyalty {
    pub fn exact(&self) -> bool {
        self.why.is_empty()
    }
    pub fn words(&self) -> String {
        if self.exact() {
            format!("{:+.0}", self.lo)
        } else {
            format!("{:+.0} to {:+.0}, estimated", self.lo, self.hi)
        }
    }
    /// The value or range alone, for a bar that says elsewhere that it is estimated.
    pub fn short(&self) -> String {
        if self.exact() {
            format!("{:+.0}", self.lo)
        } else {
            format!("{:+.0}…{:+.0}", self.lo, self.hi)
        }
    }
}

/// A figure's loyalty to `faction` as `viewer` is shown it: exact for the observer and
/// the side's own men, an estimate otherwise, with what makes the side see.
pub fn loyalty_shown(
    viewer: &Viewer,
    intel: &Intel,
    figure: (&str, Option<&str>),
    faction: &str,
    truth: f32,
    date: Date,
) -> ShownLoyalty {
    let (lo, hi) = seen_loyalty(viewer, intel, figure.0, figure.1, faction, truth, date);
    let exact = match viewer {
        Viewer::All => true,
        Viewer::Side { faction: own, .. } => figure.1 == Some(own.as_str()),
    };
    ShownLoyalty {
        lo,
        hi,
        why: if exact {
            String::new()
        } else {
            estimate_note(viewer, intel)
        },
    }
}

/// Why the side's figures are estimates: its intelligence and what makes it.
pub fn estimate_note(viewer: &Viewer, intel: &Intel) -> String {
    let Viewer::Side { id, .. } = viewer else {
        return String::new();
    };
    let Some(s) = intel.side(id) else {
        return "Estimated: your side has not yet taken its first look.".into();
    };
    let sources: Vec<String> = s
        .sources
        .iter()
        .map(|(what, v)| format!("{what} {:.0}%", v * 100.0))
        .collect();
    format!(
        "Estimated: your side sees {:.0}% of what is done ({}). The range narrows as it sees more.",
        s.intelligence * 100.0,
        if sources.is_empty() {
            "no source of its own".to_string()
        } else {
            sources.join(", ")
        }
    )
}

/// The odds that a figure joins the viewer's plot when asked, and that he informs on a
/// refusal, reckoned from his loyalties as the viewer sees them (the middle of each
/// estimate), as the rules reckon them from the truth. Whether they are estimated.
pub fn plot_ask_odds(
    viewer: &Viewer,
    intel: &Intel,
    figure: (&str, &crate::sim::people::Standing),
    (plot_faction, leader_faction): (&str, &str),
    date: Date,
) -> (crate::sim::politics::factions::Breakdown, f32, bool) {
    let (id, s) = figure;
    let mut seen = s.clone();
    let mut estimated = false;
    for (fid, v) in seen.loyalty.iter_mut() {
        let shown = loyalty_shown(
            viewer,
            intel,
            (id, s.faction.as_ref().map(FactionId::as_str)),
            fid.as_str(),
            *v,
            date,
        );
        estimated |= !shown.exact();
        *v = (shown.lo + shown.hi) / 2.0;
    }
    let (join, inform) =
        crate::sim::intrigue::plots::recruit_odds(&seen, plot_faction, leader_faction);
    (join, inform, estimated)
}
