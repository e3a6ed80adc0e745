//! A battle sandbox file made into a battle: the unit types looked up, the numbers
//! checked against what a battle can hold.

use super::battles::{BattleSetup, BattleSide, Combatant};
use crate::scenario::Severity;
use crate::scenario::battle_file::{BattleFile, MAX_MEN, MAX_TANKS, SideFile, load_unit_types};
use crate::scenario::diagnostics::{Diagnostic, locate, suggest};
use crate::scenario::load::{Sources, parse, read_text};
use std::path::Path;

/// Loads a battle file and the unit types, and builds the setup; or all the problems.
pub fn load_battle(path: &Path) -> Result<BattleSetup, (Vec<Diagnostic>, Sources)> {
    let mut sources = Sources::default();
    let mut diags = Vec::new();
    // A mod's common/ has no unit types (a mod cannot change them): the shipped ones.
    let common = path
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join("common"))
        .filter(|p| p.join("unit_types.ron").is_file())
        .unwrap_or_else(|| crate::scenario::scenarios_dir().join("common"));
    let types = load_unit_types(&common, &mut sources, &mut diags);
    let file = match read_text(path) {
        Ok(text) => {
            let r = parse::<BattleFile>(path, &text);
            sources.texts.insert(path.to_path_buf(), text);
            r.map_err(|d| diags.push(d)).ok()
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let Some(file) = file else {
        return Err((diags, sources));
    };
    let text = sources.texts.get(path).cloned().unwrap_or_default();
    let at = |needle: &str, msg: String, sugg: Option<String>| {
        let (l, c) = locate(&text, &format!("\"{needle}\""), 0).map_or((0, 0), |(l, c, _)| (l, c));
        Diagnostic::error(path, l, c, msg).with_suggestion(sugg)
    };
    let build_side = |side: &SideFile, diags: &mut Vec<Diagnostic>| -> BattleSide {
        let mut units = Vec::new();
        for u in &side.units {
            let Some(kind) = types.iter().find(|t| t.id == u.kind) else {
                diags.push(at(
                    &u.kind,
                    format!("unknown unit type `{}`", u.kind),
                    suggest(&u.kind, types.iter().map(|t| t.id.as_str())),
                ));
                continue;
            };
            if u.men > MAX_MEN || u.tanks > MAX_TANKS {
                diags.push(at(
                    &u.id,
                    format!(
                        "unit `{}` has {} men and {} tanks: more than any unit can",
                        u.id, u.men, u.tanks
                    ),
                    None,
                ));
            }
            if !(0.0..=1.0).contains(&u.supply) {
                diags.push(at(
                    &u.id,
                    format!("unit `{}`: supply {} is outside 0..=1", u.id, u.supply),
                    None,
                ));
            }
            units.push(Combatant {
                id: u.id.clone().into(),
                name: u.name.clone(),
                kind: kind.clone(),
                men: u.men.min(MAX_MEN),
                tanks: u.tanks.min(MAX_TANKS),
                supply: u.supply,
                quality: u.quality,
                morale: u.morale,
            });
        }
        if side.units.is_empty() {
            diags.push(at(
                &side.name,
                format!("side `{}` has no units", side.name),
                None,
            ));
        }
        BattleSide {
            name: side.name.clone(),
            faction: side.faction.clone(),
            commanders: side
                .commanders
                .iter()
                .map(crate::model::FigureId::from)
                .collect(),
            units,
        }
    };
    let attacker = build_side(&file.attacker, &mut diags);
    let defender = build_side(&file.defender, &mut diags);
    if !(0.5..=4.0).contains(&file.defences) {
        diags.push(at(
            &file.id,
            format!("defences {} is outside 0.5..=4", file.defences),
            None,
        ));
    }
    if file.start_hour > 23 || !(1..=240).contains(&file.max_hours) {
        diags.push(at(
            &file.id,
            "start_hour must be 0..=23 and max_hours 1..=240".into(),
            None,
        ));
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err((diags, sources));
    }
    Ok(BattleSetup {
        id: file.id,
        name: file.name,
        site: file.site,
        defences: file.defences,
        frontage_men: file.frontage_men,
        frontage_tanks: file.frontage_tanks,
        encircled: file.encircled,
        start_hour: file.start_hour,
        max_hours: file.max_hours,
        attacker,
        defender,
    })
}
