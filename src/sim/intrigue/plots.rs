//! Plots: their goals and state, and the odds that a figure asked to join does.

use super::purges::PurgeRecord;
use super::week::Day;
use crate::model::Date;
use crate::sim::people::Standing;
use crate::sim::rng::RngStreams;
use bevy::prelude::*;
use rand::RngExt;
use serde::{Deserialize, Serialize};

/// The chance that `s` joins a plot of `plot_faction` when asked, broken down, and
/// the chance that, refusing, he informs the police.
pub fn recruit_odds(
    s: &Standing,
    plot_faction: &str,
    leader_faction: &str,
) -> (crate::sim::factions::Breakdown, f32) {
    let loy = |f: &str| s.loyalty.get(f).copied().unwrap_or(0.0);
    let mut b = crate::sim::factions::Breakdown::default();
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
    pub organiser: String,
    pub members: Vec<String>,
    /// 0..=1: how well hidden it is.
    pub secrecy: f32,
    /// 0..=100: when full, the plot strikes.
    pub progress: f32,
    /// Evidence the police already hold, from denunciations, 0..=1.
    pub exposure: f32,
    pub started: Date,
    /// "active", "discovered", "struck", "failed".
    pub state: String,
}

/// A player's plot asks a figure to join: the draw is the plots' own, so a replay
/// draws the same.
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
    let theirs = day.get(&p.organiser).and_then(|x| x.s.faction.clone());
    if p.state != "active" {
        return Err(format!("plot `{plot}` is {}", p.state));
    }
    if faction.is_none() || theirs.as_deref() != faction {
        return Err(format!("plot `{plot}` is not your faction's"));
    }
    if !day.free(figure) || !day.adult(figure) || figure == day.leader {
        return Err(format!("`{figure}` cannot be asked"));
    }
    if plots.iter().any(|x| {
        x.state == "active" && (x.organiser == figure || x.members.iter().any(|m| m == figure))
    }) {
        return Err(format!("`{figure}` is already in a plot"));
    }
    let Some(person) = day.get(figure).cloned() else {
        return Err(format!("no figure `{figure}`"));
    };
    let plot_faction = theirs.unwrap_or_default();
    let (join, inform) = recruit_odds(&person.s, &plot_faction, &day.leader_faction);
    let mut rng = world.resource_mut::<RngStreams>().stream("plots").clone();
    let joins = rng.random_bool(f64::from(join.total));
    let informs = !joins && rng.random_bool(f64::from(inform));
    *world.resource_mut::<RngStreams>().stream("plots") = rng;
    let mut q = world.query::<&mut Plot>();
    if let Some(mut p) = q.iter_mut(world).find(|p| p.id == plot) {
        if joins {
            p.members.push(figure.to_string());
            p.secrecy = (p.secrecy - 0.05).max(0.1);
        } else if informs {
            p.exposure = (p.exposure + 0.3).min(1.0);
        }
    }
    let text = if joins {
        format!("{} joins the conspiracy.", day.name(figure))
    } else if informs {
        record.denunciations += 1;
        format!(
            "{} refuses to conspire and informs the security police.",
            day.name(figure)
        )
    } else {
        format!(
            "{} refuses to conspire, and keeps silent.",
            day.name(figure)
        )
    };
    day.note("plot", text, vec![figure.to_string()]);
    Ok(())
}
