//! The end of an event's battle: fought in the world's time, it is decided on the tick
//! it ends, with its flag and the event that follows.

use super::{EventState, fire};
use crate::scenario::schema::ScenarioData;
use crate::sim::chronicle::{ChronicleKind, note};
use crate::sim::forces::battles::Winner;
use crate::sim::forces::under_way::{BattleCause, ended_this_tick};
use bevy::prelude::*;

/// A battle effect decided: its flag, then the event that follows a win or a loss.
pub(super) fn battle_decided(
    world: &mut World,
    data: &ScenarioData,
    id: &str,
    won: bool,
    on_win: &Option<String>,
    on_loss: &Option<String>,
) {
    let flag = format!("{id}_{}", if won { "won" } else { "lost" });
    world.resource_mut::<EventState>().flags.insert(flag);
    let next = if won { on_win } else { on_loss };
    if let Some(next) = next
        && let Some(nev) = data.common.events.iter().find(|x| &x.id == next)
    {
        fire(world, data, nev);
    }
}

/// The events' battles that ended this tick: the battle's line in the chronicle, its
/// flag, and the event that follows.
pub(crate) fn after_event_battles(world: &mut World) {
    let ended = ended_this_tick(world);
    if ended.is_empty() {
        return;
    }
    let Some(data) = world
        .get_resource::<crate::sim::spawn::LoadedScenario>()
        .map(|s| s.0.clone())
    else {
        return;
    };
    for e in ended {
        let BattleCause::Event {
            id,
            on_win,
            on_loss,
            figures,
        } = e.cause
        else {
            continue;
        };
        note(
            world,
            ChronicleKind::Battle,
            e.report.summary_line(&data.common.chronicle),
            figures,
        );
        let won = e.report.winner == Winner::Attacker;
        battle_decided(world, &data, &id, won, &on_win, &on_loss);
    }
}
