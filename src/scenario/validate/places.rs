//! Regions and sites against the map.

use super::{Ctx, Diagnostic, common_dir, dupes};
use crate::scenario::diagnostics::suggest;
use crate::scenario::load::Content;

/// Regions and sites against the map: every id must be a place the map draws.
pub(super) fn validate_places(content: &Content, cx: &mut Ctx) {
    let Some(common_dir) = common_dir(content) else {
        return;
    };
    let map = match crate::scenario::map::map_path()
        .and_then(|p| crate::scenario::map::MapData::load(&p))
    {
        Ok(m) => m,
        Err(e) => {
            cx.out.push(Diagnostic::warning(
                &common_dir.join("regions.ron"),
                0,
                0,
                format!("map not read, regions unchecked: {e}"),
            ));
            return;
        }
    };
    let regions_file = common_dir.join("regions.ron");
    let sites_file = common_dir.join("sites.ron");
    let map_regions: Vec<&str> = map.regions.iter().map(|r| r.id.as_str()).collect();
    let map_sites: Vec<&str> = map.sites.iter().map(|r| r.id.as_str()).collect();
    for id in dupes(content.common.regions.iter().map(|r| r.id.as_str())) {
        cx.at(
            &regions_file,
            id,
            format!("duplicate region id `{id}`"),
            None,
        );
    }
    for r in &content.common.regions {
        if !map_regions.contains(&r.id.as_str()) {
            cx.at(
                &regions_file,
                r.id.as_str(),
                format!("region `{}` is not on the map", r.id),
                suggest(r.id.as_str(), map_regions.iter().copied()),
            );
        }
        if !(0.0..=100.0).contains(&r.unrest) || !(0.0..=100.0).contains(&r.nkvd_presence) {
            cx.at(
                &regions_file,
                r.id.as_str(),
                format!(
                    "region `{}`: unrest and nkvd_presence must be 0..=100",
                    r.id
                ),
                None,
            );
        }
    }
    for id in dupes(content.common.sites.iter().map(|r| r.id.as_str())) {
        cx.at(&sites_file, id, format!("duplicate site id `{id}`"), None);
    }
    for site in &content.common.sites {
        if !map_sites.contains(&site.id.as_str()) {
            cx.at(
                &sites_file,
                &site.id,
                format!("site `{}` is not on the map", site.id),
                suggest(&site.id, map_sites.iter().copied()),
            );
        }
        if !(0.5..=4.0).contains(&site.defences) {
            cx.at(
                &sites_file,
                &site.id,
                format!(
                    "site `{}`: defences {} is outside 0.5..=4",
                    site.id, site.defences
                ),
                None,
            );
        }
    }
}
