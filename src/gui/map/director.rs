//! The director camera: in observer mode the map goes where the drama is. A new battle
//! draws it to the battlefield, a coup or a wave of arrests to the capital; a player's
//! own drag or zoom takes the camera back until the next drama.

use crate::gui::Screen;
use crate::gui::map::MapCamera;
use crate::sim::RunInfo;
use crate::sim::chronicle::{Chronicle, ChronicleKind};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Director>()
        .add_systems(Update, direct.run_if(in_state(Screen::InGame)));
}

/// Where the camera is heading and what has been seen.
#[derive(Resource, Default)]
pub struct Director {
    seen_entries: usize,
    target: Option<(Vec2, f32)>,
    /// The site of the battle last seen being fought, so each is framed once.
    fought: Option<String>,
    /// A place the player asked to see (from the chronicle), in any mode.
    pub request: Option<String>,
}

/// Scale of the view for a battle at a site (close on the city, its streets and the
/// sites' names showing) and for a region.
const SITE_SCALE: f32 = 0.012;
const REGION_SCALE: f32 = 1.2;
/// Scale of the view for drama in the capital when it is drawn as a city: the Kremlin at
/// the centre, the whole city and the roads out to its residences in view.
const CITY_SCALE: f32 = 0.035;

/// Where the camera goes to show a place, and how close: a site is seen from near.
fn aim_at(
    map: &crate::scenario::map::MapData,
    city: Option<&crate::scenario::map_city::MapCity>,
    place: &str,
) -> Option<(Vec2, f32)> {
    let pos = crate::gui::map::counters::place_position(map, city, place)?;
    let scale = if map.sites.iter().any(|s| s.id == place) {
        SITE_SCALE
    } else {
        REGION_SCALE
    };
    Some((pos, scale))
}

/// What the director watches: the run's news and the player's hands on the map.
#[derive(SystemParam)]
struct DirectorInput<'w> {
    info: Option<Res<'w, RunInfo>>,
    chronicle: Option<Res<'w, Chronicle>>,
    battles: Option<Res<'w, crate::sim::forces::staging::Battles>>,
    under_way: Option<Res<'w, crate::sim::forces::under_way::BattlesUnderWay>>,
    scenario: Option<Res<'w, crate::sim::spawn::LoadedScenario>>,
    time: Res<'w, Time<Real>>,
    mouse: Res<'w, ButtonInput<MouseButton>>,
    wheel: Res<'w, bevy::input::mouse::AccumulatedMouseScroll>,
    launch: Res<'w, crate::gui::LaunchOptions>,
}

fn direct(
    places: crate::gui::map::counters::Places,
    mut director: ResMut<Director>,
    mut cam: Query<(&mut Transform, &mut Projection), With<MapCamera>>,
    params: DirectorInput,
) {
    let DirectorInput {
        info,
        chronicle,
        battles,
        under_way,
        scenario,
        time,
        mouse,
        wheel,
        launch,
    } = params;
    // The window test frames its own shots.
    if launch.0.window_test.is_some() {
        return;
    }
    let (Some(info), Some(chronicle), Ok(map)) = (info, chronicle, places.map.0.as_ref()) else {
        return;
    };
    if let Some(p) = director.request.take()
        && let Some(aim) = aim_at(map, places.city(), &p)
    {
        director.target = Some(aim);
    }
    // The player takes the camera back by moving it.
    if mouse.pressed(MouseButton::Right)
        || mouse.pressed(MouseButton::Middle)
        || wheel.delta.y != 0.0
    {
        director.target = None;
    }
    let n = chronicle.entries.len();
    if n < director.seen_entries {
        director.seen_entries = 0;
    }
    // Only the observer's camera is driven by the drama; a player's goes where he asks.
    if info.player_side.is_some() {
        director.seen_entries = n;
    }
    let fresh = &chronicle.entries[director.seen_entries..];
    // The capital: its first place the city holds (seen as a city), else its first place.
    let capital_places = scenario
        .as_ref()
        .map(|s| s.0.scenario.capital.clone())
        .unwrap_or_default();
    let in_city = capital_places
        .iter()
        .find_map(|p| places.city().and_then(|c| c.site(p)));
    let capital = capital_places.first().cloned();
    // The most dramatic of what just happened: a battle, else a coup, else arrests.
    let mut city_aim = None;
    let place = if fresh.iter().any(|e| e.kind == ChronicleKind::Battle) {
        battles
            .as_ref()
            .and_then(|b| b.0.last())
            .map(|(_, r)| r.site.clone())
    } else if fresh.iter().any(|e| {
        e.kind == ChronicleKind::Coup || e.kind == ChronicleKind::Arrest && fresh.len() > 2
    }) {
        city_aim = in_city.map(|p| (Vec2::from(p), CITY_SCALE));
        capital
    } else {
        None
    };
    director.seen_entries = n;
    // A battle begun: the observer sees it fought, hour by hour, from its start.
    let fought = under_way
        .as_ref()
        .and_then(|u| u.0.last())
        .map(|b| b.fight.setup().site.clone());
    if fought != director.fought {
        director.fought = fought.clone();
        if info.player_side.is_none()
            && let Some(site) = fought
        {
            city_aim = aim_at(map, places.city(), &site);
        }
    }
    if let Some(aim) = city_aim {
        director.target = Some(aim);
    } else if let Some(p) = place
        && let Some(aim) = aim_at(map, places.city(), &p)
    {
        director.target = Some(aim);
    }
    let Some((goal, scale)) = director.target else {
        return;
    };
    let Ok((mut t, mut proj)) = cam.single_mut() else {
        return;
    };
    // Ease towards the goal over about a second.
    let k = (time.delta_secs() * 3.0).min(1.0);
    let here = t.translation.truncate();
    t.translation = here.lerp(goal, k).extend(t.translation.z);
    if let Projection::Orthographic(o) = &mut *proj {
        o.scale += (scale - o.scale) * k;
        if (o.scale - scale).abs() < scale * 0.02 && here.distance(goal) < 1.0 {
            director.target = None;
        }
    }
}
