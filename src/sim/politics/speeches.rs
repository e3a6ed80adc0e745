//! Speeches at the Congress while it sits: what each theme does to the delegates, the
//! leader and the speaker.

use super::Politics;
use super::council::chamber_parts;
use crate::model::Date;
use crate::model::FactionId;
use crate::scenario::chronicle::Line;
use crate::scenario::schema::ScenarioData;
use crate::sim::calendar::Calendar;
use crate::sim::chronicle::Chronicle;
use crate::sim::events::effects::{figure_name as name, with_standing as standing_mut};
use bevy::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a speech says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SpeechTheme {
    /// Criticise the leader's course: the speaker's faction wins delegates, the leader
    /// loses standing, and the leader notices who spoke.
    Criticism,
    /// Praise the leader: delegates drift to his faction and his fears ebb.
    Praise,
    /// Set out one's own programme: the speaker's standing grows, at no risk.
    Programme,
}

impl SpeechTheme {
    pub const ALL: [SpeechTheme; 3] = [
        SpeechTheme::Criticism,
        SpeechTheme::Praise,
        SpeechTheme::Programme,
    ];
    pub fn label(self) -> &'static str {
        match self {
            SpeechTheme::Criticism => "criticise the leader's course",
            SpeechTheme::Praise => "praise the leader",
            SpeechTheme::Programme => "set out a programme",
        }
    }
}

/// A speech given at the Congress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speech {
    pub date: Date,
    pub figure: String,
    pub theme: SpeechTheme,
    /// Delegates won (as a share of all), for the speaker's faction or the leader's.
    pub swing: f32,
}

/// Whether the Congress sits: after the scenario's start, before its ballot.
pub fn congress_in_session(data: &ScenarioData, calendar: &Calendar, voted: bool) -> bool {
    data.scenario
        .congress
        .as_ref()
        .is_some_and(|c| !voted && calendar.date < c.vote_date)
}

/// A speech's weight: its speaker's eloquence and standing, about 0.5..=1.5.
pub fn speech_strength(data: &ScenarioData, figure: &str, popularity: f32) -> f32 {
    speech_weight(data.figure(figure).map(|f| f.skills.political), popularity)
}

/// A speech's weight from its speaker's political skill (an unknown speaker's is
/// middling) and popularity.
pub fn speech_weight(political: Option<u8>, popularity: f32) -> f32 {
    0.5 + f32::from(political.unwrap_or(5)) / 10.0 * (0.4 + popularity / 100.0 * 0.6)
}

/// What a speech would do, in words, for the action's tooltip.
pub fn describe_speech(theme: SpeechTheme, strength: f32) -> String {
    match theme {
        SpeechTheme::Criticism => format!(
            "Delegates won for your faction from the leader's: {:.1}% of the Congress\nThe leader's popularity −{:.0}, yours +{:.0}\nThe leader's paranoia +{:.0}, his suspicion of you +{:.0}",
            3.0 * strength,
            3.0 * strength,
            2.0 * strength,
            4.0 * strength,
            12.0 * strength
        ),
        SpeechTheme::Praise => format!(
            "Delegates drift to the leader's faction: {:.1}% of the Congress\nThe leader's popularity +{:.0}; your loyalty to his faction +5\nThe leader's paranoia −{:.0}",
            2.0 * strength,
            2.0 * strength,
            2.0 * strength
        ),
        SpeechTheme::Programme => format!(
            "Delegates won for your faction: {:.1}% of the Congress\nYour popularity +{:.0}",
            1.0 * strength,
            3.0 * strength
        ),
    }
}

/// Moves `share` of the delegates from `from` (every other faction when `None`) to `to`.
fn swing_delegates(
    delegates: &mut BTreeMap<FactionId, f32>,
    to: &str,
    from: Option<&str>,
    share: f32,
) {
    let pool: f32 = delegates
        .iter()
        .filter(|(k, _)| k.as_str() != to && from.is_none_or(|f| f == k.as_str()))
        .map(|(_, v)| *v)
        .sum();
    if pool <= 0.0 {
        return;
    }
    let moved = share.min(pool);
    for (k, v) in delegates.iter_mut() {
        if k.as_str() != to && from.is_none_or(|f| f == k.as_str()) {
            *v -= moved * *v / pool;
        }
    }
    *delegates.entry(to.into()).or_default() += moved;
}

/// A speech at the Congress, as checked by `check_order`.
pub fn speak(world: &mut World, figure: &str, theme: SpeechTheme) {
    let Some((data, standings, _, _)) = chamber_parts(world) else {
        return;
    };
    let Some(c) = data.scenario.congress.as_ref() else {
        return;
    };
    let Some(me) = standings.get(figure) else {
        return;
    };
    let strength = speech_strength(&data, figure, me.popularity);
    let leader = data.scenario.leader.clone();
    let leader_faction = standings.get(&leader).and_then(|s| s.faction.clone());
    let my_faction = me.faction.clone().unwrap_or_default();
    let date = world.resource::<Calendar>().date;
    let mut politics = world.resource_mut::<Politics>();
    if politics.delegates.is_empty() {
        politics.delegates = c.delegates.clone();
    }
    let swing = match theme {
        SpeechTheme::Criticism => 0.03 * strength,
        SpeechTheme::Praise => 0.02 * strength,
        SpeechTheme::Programme => 0.01 * strength,
    };
    match theme {
        SpeechTheme::Criticism
            if leader_faction.as_ref().map(FactionId::as_str) != Some(my_faction.as_str()) =>
        {
            swing_delegates(
                &mut politics.delegates,
                my_faction.as_str(),
                leader_faction.as_ref().map(FactionId::as_str),
                swing,
            );
        }
        SpeechTheme::Praise => {
            if let Some(lf) = &leader_faction {
                swing_delegates(&mut politics.delegates, lf.as_str(), None, swing);
            }
        }
        _ => swing_delegates(&mut politics.delegates, my_faction.as_str(), None, swing),
    }
    politics.speeches.push(Speech {
        date,
        figure: figure.to_string(),
        theme,
        swing,
    });
    let line = match theme {
        SpeechTheme::Criticism => {
            standing_mut(world, leader.as_str(), |s| {
                s.popularity = (s.popularity - 3.0 * strength).max(0.0)
            });
            standing_mut(world, figure, |s| {
                s.popularity = (s.popularity + 2.0 * strength).min(100.0)
            });
            world
                .resource_mut::<crate::sim::intrigue::paranoia::Paranoia>()
                .add(
                    date,
                    format!("{}'s speech to the Congress", name(&data, figure)),
                    4.0 * strength,
                );
            let mut sus = world.resource_mut::<crate::sim::intrigue::paranoia::Suspicion>();
            let v = sus.0.entry(figure.to_string()).or_default();
            *v = (*v + 12.0 * strength).min(100.0);
            Line::Criticism
        }
        SpeechTheme::Praise => {
            standing_mut(world, leader.as_str(), |s| {
                s.popularity = (s.popularity + 2.0 * strength).min(100.0)
            });
            if let Some(lf) = &leader_faction {
                standing_mut(world, figure, |s| {
                    let v = s.loyalty.entry(lf.clone()).or_default();
                    *v = (*v + 5.0).min(100.0);
                });
            }
            world
                .resource_mut::<crate::sim::intrigue::paranoia::Paranoia>()
                .add(
                    date,
                    format!("{}'s praise at the Congress", name(&data, figure)),
                    -2.0 * strength,
                );
            Line::Praise
        }
        SpeechTheme::Programme => {
            standing_mut(world, figure, |s| {
                s.popularity = (s.popularity + 3.0 * strength).min(100.0)
            });
            Line::Programme
        }
    };
    let cal = world.resource::<Calendar>().clone();
    let name = name(&data, figure);
    world.resource_mut::<Chronicle>().line(
        (cal.date, cal.hour),
        &data.common.chronicle,
        line,
        &[("figure", &name)],
        vec![figure.to_string()],
    );
}
