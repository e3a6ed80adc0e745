//! Intrigue: paranoia and suspicion, plots and recruitment, purges and arrests, trials,
//! coups and the police. No list of victims: the leader's paranoia grows with what
//! threatens him, his suspicion falls on particular people, plots form among the
//! ambitious and the hostile, recruits join or denounce, the security police discover
//! what its reach allows, and arrests spread along confessions.

pub mod coups;
pub mod orders;
pub mod paranoia;
pub mod plots;
pub mod police;
pub mod purges;
pub mod regiments;
pub mod trials;
pub mod week;

use crate::sim::calendar::{Calendar, on_new_day};
use crate::sim::forces::staging::Battles;
use crate::sim::spawn::RunResource;
use crate::sim::{SimSet, SimTick};
use bevy::prelude::*;

/// The week of intrigue, step by step: each step reads what the one before left in the
/// week's view, and the draws from the plots' stream come in the same order every run.
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct WeekOfIntrigue;

pub(crate) fn plugin(app: &mut App) {
    app.init_run_resource::<paranoia::Paranoia>()
        .init_run_resource::<paranoia::Suspicion>()
        .init_run_resource::<purges::PurgeRecord>()
        .init_run_resource::<Battles>()
        .init_resource::<week::Week>()
        .init_run_resource::<week::KeptPeople>()
        .add_systems(
            SimTick,
            coups::after_coup_battles
                .in_set(SimSet::Calendar)
                .after(crate::sim::forces::under_way::fight_hour),
        )
        .add_systems(
            SimTick,
            // After the offices and the answers, before the units and the council: the
            // order in which the tick's orders have always been carried out.
            orders::apply_plot_orders
                .in_set(super::commands::OrderStep::CarryOut)
                .after(super::politics::orders::carry_out_office_orders)
                .after(super::politics::congress::apply_answers),
        )
        .configure_sets(
            SimTick,
            WeekOfIntrigue
                .in_set(SimSet::Politics)
                .after(super::politics::congress::hold_ballot)
                .run_if(on_new_day.and_then(on_plot_day)),
        )
        .add_systems(
            SimTick,
            (
                week::open_week,
                paranoia::fear_and_suspect,
                plots::form_plots,
                plots::advance_plots,
                purges::leader_purge,
                purges::interrogate,
                purges::make_arrests,
                trials::hold_trials,
                coups::strike_plots,
                week::close_week,
                // The blows the week struck, against the side that ruled as it did
                // (before the ruler is derived anew).
                crate::sim::intel::blows::note_strikes,
            )
                .chain()
                .in_set(WeekOfIntrigue),
        );
}

/// Plots, suspicion and the purge move once a week: slow processes, and a weekly pace
/// keeps the cost of a campaign low. Rates below are per week.
pub fn on_plot_day(calendar: Res<Calendar>) -> bool {
    calendar.date.to_days().rem_euclid(7) == 0
}

/// A daily chance `p` as the chance over a week.
pub(super) fn weekly(p: f32) -> f64 {
    1.0 - (1.0 - f64::from(p.clamp(0.0, 1.0))).powi(7)
}
