//! The names on the map keep their size on screen; a region's name fades in as its
//! region grows on screen to hold it, and out under the republics' names far out.

use super::{MapCamera, SiteMarker};
use bevy::prelude::*;

/// A label: the size of its region (km across) and of the name itself (pixels wide).
#[derive(Component)]
pub(super) struct MapLabel {
    pub extent_km: f32,
    pub width_px: f32,
}

/// A site's name and the scale (km per pixel) below which it shows: a site near a
/// greater one shows only once the map is close enough to part them.
#[derive(Component)]
pub(super) struct SiteLabel {
    pub shows_below: f32,
}

pub(super) const REGION_INK: Color = Color::srgb(0.18, 0.13, 0.10);

/// About how wide a name is set in this size, pixels: the face's letters average a
/// little over half their size.
pub(super) fn width_px(name: &str, font_px: f32) -> f32 {
    name.chars().count() as f32 * font_px * 0.55
}

/// Region size on screen over name width at which a name begins to show, and at
/// which it shows fully: between them it fades.
const FADE_FROM: f32 = 0.55;
const FADE_TO: f32 = 0.85;

/// How opaque a region's name is: by how many times its region, on screen, is wider
/// than the name (`density` asks for more room, from the settings), under the paper
/// map's republics far out. It only grows as the map comes closer.
pub fn region_label_alpha(extent_km: f32, width_px: f32, scale: f32, density: f32) -> f32 {
    let room = extent_km / scale.max(1e-6) / (width_px * density).max(1.0);
    let fits = ((room - FADE_FROM) / (FADE_TO - FADE_FROM)).clamp(0.0, 1.0);
    fits * (1.0 - super::republics::paper_alpha(scale))
}

/// Keeps labels at a constant size on screen, fades region names by the room their
/// region leaves them, and shows site names once the map is close enough.
pub(super) fn scale_labels(
    settings: Option<Res<crate::gui::panels::settings::Settings>>,
    cam: Query<&Projection, (With<MapCamera>, Changed<Projection>)>,
    mut labels: Query<(
        &MapLabel,
        &mut Transform,
        &mut Visibility,
        &mut TextColor,
        Option<&SiteLabel>,
    )>,
    mut sites: Query<&mut Transform, (With<SiteMarker>, Without<MapLabel>)>,
) {
    let Ok(Projection::Orthographic(o)) = cam.single() else {
        return;
    };
    let s = o.scale;
    let density = settings.as_ref().map_or(1.0, |x| x.label_density);
    for (label, mut t, mut v, mut color, is_site) in &mut labels {
        t.scale = Vec3::splat(s);
        let show = if let Some(site) = is_site {
            s < site.shows_below
        } else {
            let alpha = region_label_alpha(label.extent_km, label.width_px, s, density);
            color.0 = color.0.with_alpha(alpha);
            alpha > 0.0
        };
        v.set_if_neq(if show {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
    for mut t in &mut sites {
        t.scale = Vec3::splat(4.0 * s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_name_fades_in_as_the_map_comes_closer_and_never_back() {
        // A large region and a small one, from beyond the farthest zoom to the city.
        for (extent, name) in [(1500.0, "East Siberian Krai"), (300.0, "Crimean ASSR")] {
            let w = width_px(name, 13.0);
            let mut last = 0.0;
            let mut seen = Vec::new();
            let mut scale = 9.0;
            while scale > 0.01 {
                let a = region_label_alpha(extent, w, scale, 1.0);
                assert!(a >= last, "{name}: {a} after {last} at scale {scale}");
                assert!((0.0..=1.0).contains(&a));
                seen.push(a);
                last = a;
                scale *= 0.97;
            }
            // It fades: hidden far out, shown close, and partly shown in between.
            assert_eq!(seen[0], 0.0, "{name}");
            assert_eq!(last, 1.0, "{name}");
            assert!(seen.iter().any(|a| *a > 0.1 && *a < 0.9), "{name}");
        }
    }

    #[test]
    fn a_smaller_region_or_a_denser_setting_shows_its_name_later() {
        let w = width_px("Moscow Oblast", 13.0);
        let at = 3.0;
        assert!(region_label_alpha(300.0, w, at, 1.0) > region_label_alpha(200.0, w, at, 1.0));
        assert!(region_label_alpha(300.0, w, at, 1.0) > region_label_alpha(300.0, w, at, 1.5));
    }
}
