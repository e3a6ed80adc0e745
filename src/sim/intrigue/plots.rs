//! Plots: their goals and state, and the odds that a figure asked to join does.

use super::paranoia::{Paranoia, Suspicion};
use super::purges::PurgeRecord;
use super::week::{ArrestCause, Day, Week};
use super::weekly;
use crate::model::Date;
use crate::model::FactionId;
use crate::model::FigureId;
use crate::scenario::chronicle::Line;
use crate::sim::people::Standing;
use crate::sim::rng::RngStreams;
use crate::sim::spawn::{LoadedScenario, SimEntity};
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The chance that `s` joins a plot of `plot_faction` when asked, broken down, and
/// the chance that, refusing, he informs the police.
pub fn recruit_odds(
    s: &Standing,
    plot_faction: &str,
    leader_faction: &str,
) -> (crate::sim::politics::factions::Breakdown, f32) {
    let loy = |f: &str| s.loyalty.get(f).copied().unwrap_or(0.0);
    let mut b = crate::sim::politics::factions::Breakdown::default();
    b.add("a friend's word", 0.3);
    b.add(
        "loyalty to the plotters over the leader's men",
        (loy(plot_faction) - loy(leader_faction)) / 200.0,
    );
    b.add("ambition", s.ambition / 400.0);
    b.add("fear", -s.fear / 300.0);
    b.total = b.total.clamp(0.02, 0.9);
    let inform = (loy(leader_faction) / 150.0 + s.fear / 300.0).clamp(0.0, 0.9);
    (b, inform)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlotGoal {
    /// Remove the leader by a vote of the Central Committee.
    RemoveLeader,
    /// Take power by force: the army against the leader's guards.
    Coup,
}

#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plot {
    pub id: String,
    pub goal: PlotGoal,
    pub organiser: FigureId,
    pub members: Vec<FigureId>,
    /// 0..=1: how well hidden it is.
    pub secrecy: f32,
    /// 0..=100: when full, the plot strikes.
    pub progress: f32,
    /// Evidence the police already hold, from denunciations, 0..=1.
    pub exposure: f32,
    pub started: Date,
    pub state: PlotState,
    /// Begun in the open (an event told it in the chronicle): every side hears of it,
    /// and of its votes being canvassed, as if it had a man inside.
    #[serde(default)]
    pub public: bool,
}

/// Where a plot stands. Saved as the words it always was ("active", "discovered"...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlotState {
    /// Gathering members, moving towards its strike.
    #[default]
    Active,
    /// Found out by the police before it struck.
    Discovered,
    /// It struck.
    Struck,
    /// Its organiser fell before it struck.
    Failed,
}

impl PlotState {
    pub fn label(self) -> &'static str {
        match self {
            PlotState::Active => "active",
            PlotState::Discovered => "discovered",
            PlotState::Struck => "struck",
            PlotState::Failed => "failed",
        }
    }
}

impl std::fmt::Display for PlotState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A player's plot asks a figure to join: the draw is the plots' own, so a replay
/// draws the same.
/// The check a figure asked into a plot meets: free and grown, not the leader himself,
/// and in no plot yet. The reason names him as `{who}`. The figure card asks the same.
pub fn recruit_refusal(able: bool, is_leader: bool, busy: bool) -> Option<&'static str> {
    if !able || is_leader {
        Some("{who} cannot be asked")
    } else if busy {
        Some("{who} is already in a plot")
    } else {
        None
    }
}

pub(super) fn recruit(
    world: &mut World,
    day: &mut Day,
    record: &mut PurgeRecord,
    faction: Option<&str>,
    plot: &str,
    figure: &str,
) -> Result<(), String> {
    let mut plots: Vec<Plot> = world.query::<&Plot>().iter(world).cloned().collect();
    plots.sort_by(|a, b| a.id.cmp(&b.id));
    let Some(p) = plots.iter().find(|p| p.id == plot) else {
        return Err(format!("no plot `{plot}`"));
    };
    let theirs = day
        .get(p.organiser.as_str())
        .and_then(|x| x.s.faction.clone());
    if p.state != PlotState::Active {
        return Err(format!("plot `{plot}` is {}", p.state));
    }
    if faction.is_none() || theirs.as_ref().map(FactionId::as_str) != faction {
        return Err(format!("plot `{plot}` is not your faction's"));
    }
    let busy = plots.iter().any(|x| {
        x.state == PlotState::Active
            && (x.organiser == figure || x.members.iter().any(|m| m == figure))
    });
    let able = day.free(figure) && day.adult(figure);
    if let Some(why) = recruit_refusal(able, figure == day.leader, busy) {
        return Err(why.replace("{who}", &format!("`{figure}`")));
    }
    let Some(person) = day.get(figure).cloned() else {
        return Err(format!("no figure `{figure}`"));
    };
    let plot_faction = theirs.unwrap_or_default();
    let (join, inform) = recruit_odds(&person.s, plot_faction.as_str(), &day.leader_faction);
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let joins = rng.random_bool(f64::from(join.total));
    let informs = !joins && rng.random_bool(f64::from(inform));
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    let mut q = world.query::<&mut Plot>();
    if let Some(mut p) = q.iter_mut(world).find(|p| p.id == plot) {
        if joins {
            p.members.push(figure.into());
            p.secrecy = (p.secrecy - 0.05).max(0.1);
        } else if informs {
            p.exposure = (p.exposure + 0.3).min(1.0);
        }
    }
    let line = if joins {
        Line::Joins
    } else if informs {
        record.denunciations += 1;
        Line::RefusesAndInforms
    } else {
        Line::RefusesSilently
    };
    let name = day.name(figure);
    day.note(line, &[("figure", &name)], vec![figure.to_string()]);
    Ok(())
}

/// Plots form among the ambitious who are hostile to the leader's camp.
pub(super) fn form_plots(
    mut commands: Commands,
    mut week: ResMut<Week>,
    mut record: ResMut<PurgeRecord>,
    mut streams: ResMut<RngStreams>,
    paranoia: Res<Paranoia>,
    data: Res<LoadedScenario>,
) {
    let Some((day, plots)) = week.ruling() else {
        return;
    };
    let rng = streams.stream("plots");
    // Those already plotting, gathered once: the new plots' organisers are never asked
    // again below, so the set needs no update within the loop.
    let plotting: BTreeSet<String> = plots
        .iter()
        .filter(|(_, p)| p.state == PlotState::Active)
        .flat_map(|(_, p)| {
            std::iter::once(p.organiser.as_str()).chain(p.members.iter().map(|m| m.as_str()))
        })
        .map(str::to_string)
        .collect();
    for p in &day.people {
        // A man under watch after his plot was exposed organises nothing.
        if !(p.s.status == crate::model::FigureStatus::Free
            && p.id != day.leader
            && p.s.faction.is_some()
            && p.s.faction.as_ref().map(FactionId::as_str) != Some(day.leader_faction.as_str())
            && p.s.ambition >= 40.0
            && p.political + p.military >= 8.0)
            || plotting.contains(&p.id)
        {
            continue;
        }
        let hostility = (50.0 - p.loyalty(&day.leader_faction)).max(0.0) / 100.0;
        let chance = 0.012
            * data.0.scenario.plot_rate
            * (p.s.ambition / 100.0)
            * hostility
            * (0.5 + paranoia.value / 100.0);
        if rng.random_bool(f64::from(chance.clamp(0.0, 1.0))) {
            record.plots_formed += 1;
            let goal = if p.military >= 7.0 {
                PlotGoal::Coup
            } else {
                PlotGoal::RemoveLeader
            };
            let plot = Plot {
                id: format!("plot_{}", record.plots_formed),
                goal,
                organiser: p.id.clone().into(),
                members: Vec::new(),
                secrecy: 0.9,
                progress: 0.0,
                exposure: 0.0,
                started: day.date,
                state: PlotState::Active,
                public: false,
            };
            let e = commands.spawn((SimEntity, plot.clone())).id();
            plots.push((e, plot));
        }
    }
}

/// The week of each active plot: a recruit sought, progress made, discovery risked;
/// those complete are marked to strike at the week's end.
pub(super) fn advance_plots(
    mut week: ResMut<Week>,
    mut record: ResMut<PurgeRecord>,
    mut streams: ResMut<RngStreams>,
    mut paranoia: ResMut<Paranoia>,
    mut suspicion: ResMut<Suspicion>,
) {
    let (reach, obey) = (week.reach, week.obey);
    let mut strikes = Vec::new();
    let Some((day, plots)) = week.ruling() else {
        return;
    };
    let rng = streams.stream("plots");
    let mut recruitment = Recruitment::new(day, plots);
    for i in 0..plots.len() {
        if plots[i].1.state != PlotState::Active {
            continue;
        }
        if !day.free(plots[i].1.organiser.as_str()) {
            plots[i].1.state = PlotState::Failed;
            continue;
        }
        seek_recruit(
            day,
            plots,
            i,
            &mut recruitment,
            rng,
            &mut record,
            &mut suspicion,
        );
        let plot = &mut plots[i].1;
        let skill: f32 = std::iter::once(plot.organiser.as_str())
            .chain(plot.members.iter().map(|m| m.as_str()))
            .filter_map(|m| day.get(m))
            .map(|p| {
                if plot.goal == PlotGoal::Coup {
                    p.military
                } else {
                    p.political
                }
            })
            .sum();
        plot.progress = (plot.progress + 7.0 * (0.08 + skill * 0.012)).min(100.0);
        let discover = reach * (1.0 - plot.secrecy) * 0.02 + plot.exposure * 0.04;
        if rng.random_bool(weekly(discover)) {
            plot.state = PlotState::Discovered;
            record.plots_discovered += 1;
            let why = day.data.common.chronicle.sentence(Line::FearUncovered, &[]);
            paranoia.add(day.date, why, 12.0);
            let p = plot.clone();
            let (organiser, members) = (
                day.name(p.organiser.as_str()),
                (p.members.len() + 1).to_string(),
            );
            day.note(
                Line::Uncovered,
                &[("organiser", &organiser), ("members", &members)],
                std::iter::once(p.organiser.to_string())
                    .chain(p.members.iter().map(|m| m.to_string()))
                    .collect(),
            );
            for m in
                std::iter::once(p.organiser.as_str()).chain(p.members.iter().map(|m| m.as_str()))
            {
                *suspicion.0.entry(m.to_string()).or_default() += 50.0;
                if obey && (m == p.organiser || rng.random_bool(0.6)) {
                    day.arrests
                        .push((m.to_string(), ArrestCause::Conspiracy(organiser.clone())));
                }
            }
        } else if plot.progress >= 100.0 {
            strikes.push(i);
        }
    }
    week.strikes = strikes;
}

/// Whom the week's plots can still ask. Between one plot and the next of
/// `advance_plots` nobody's standing moves, only who is taken; so each faction's
/// candidates are ranked once and a plot asks the best one not yet taken.
struct Recruitment {
    /// Everyone in a plot, whatever its state, as organiser or member.
    taken: BTreeSet<String>,
    /// Indices into the day's people of those who may be asked.
    eligible: Vec<usize>,
    /// Each plotting faction's candidates, best first, and how many at the head are
    /// taken (taken stays taken within the week).
    ranked: BTreeMap<String, (Vec<usize>, usize)>,
}

impl Recruitment {
    fn new(day: &Day, plots: &[(Entity, Plot)]) -> Self {
        let taken = plots
            .iter()
            .flat_map(|(_, p)| {
                std::iter::once(p.organiser.as_str()).chain(p.members.iter().map(|m| m.as_str()))
            })
            .map(str::to_string)
            .collect();
        let eligible = (day.people.iter().enumerate())
            .filter(|(_, c)| {
                c.s.status.can_act()
                    && c.id != day.leader
                    && c.political + c.military >= 5.0
                    && c.adult(day.date)
            })
            .map(|(i, _)| i)
            .collect();
        Recruitment {
            taken,
            eligible,
            ranked: BTreeMap::new(),
        }
    }

    /// The candidate most loyal to `faction` over the leader's camp (the first by id
    /// among equals) not yet in a plot.
    fn best(&mut self, day: &Day, faction: &str) -> Option<usize> {
        let (ranked, skip) = self.ranked.entry(faction.to_string()).or_insert_with(|| {
            let mut v: Vec<(f32, usize)> = (self.eligible.iter())
                .map(|&i| {
                    let c = &day.people[i];
                    (c.loyalty(faction) - c.loyalty(&day.leader_faction), i)
                })
                .collect();
            // The people are sorted by id, so the index breaks ties by id.
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            (v.into_iter().map(|(_, i)| i).collect(), 0)
        });
        while let Some(&i) = ranked.get(*skip) {
            if !self.taken.contains(&day.people[i].id) {
                return Some(i);
            }
            *skip += 1;
        }
        None
    }
}

/// Plot `i` asks the figure most hostile to the leader's camp to join, while it has
/// room; one who refuses may report it.
fn seek_recruit(
    day: &mut Day,
    plots: &mut [(Entity, Plot)],
    i: usize,
    recruitment: &mut Recruitment,
    rng: &mut rand_chacha::ChaCha8Rng,
    record: &mut PurgeRecord,
    suspicion: &mut Suspicion,
) {
    if plots[i].1.members.len() >= 8 {
        return;
    }
    let faction = day
        .get(plots[i].1.organiser.as_str())
        .and_then(|p| p.s.faction.clone())
        .unwrap_or_default();
    let pick = recruitment
        .best(day, faction.as_str())
        .map(|k| day.people[k].clone());
    let Some(c) = pick else { return };
    let (join, inform) = recruit_odds(&c.s, faction.as_str(), &day.leader_faction);
    let plot = &mut plots[i].1;
    if rng.random_bool(f64::from(join.total)) {
        plot.members.push(c.id.clone().into());
        plot.secrecy = (plot.secrecy - 0.05).max(0.1);
        recruitment.taken.insert(c.id.clone());
    } else if rng.random_bool(f64::from(inform)) {
        record.denunciations += 1;
        plot.exposure = (plot.exposure + 0.3).min(1.0);
        let org = plot.organiser.clone();
        *suspicion.0.entry(org.to_string()).or_default() += 30.0;
        let (name, organiser) = (day.name(&c.id), day.name(org.as_str()));
        day.note(
            Line::ReportsOrganiser,
            &[("figure", &name), ("organiser", &organiser)],
            vec![c.id.clone(), org.into_string()],
        );
    }
}
