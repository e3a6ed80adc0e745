//! A scenario grown for measuring: more of every figure and every unit on the same map,
//! so that the cost of the rules can be read against the size of the world.

use super::schema::ScenarioData;

/// `data` with `n` times its figures (each with its place in the cast) and `n` times its
/// units; `n` of 1 (or 0) is `data` unchanged.
pub fn scaled(data: &ScenarioData, n: usize) -> ScenarioData {
    let more = n.saturating_sub(1);
    grow(data, more, more)
}

/// `data` with `copies` more of every figure and `unit_copies` more of every unit. A copy
/// is the original with `_k` after its id; a copied unit's commander is the copy of its
/// commander, taken in turn from the figures' copies (the original with none).
pub fn grow(data: &ScenarioData, copies: usize, unit_copies: usize) -> ScenarioData {
    let mut big = data.clone();
    for k in 1..=copies {
        for f in &data.common.figures {
            let mut c = f.clone();
            c.id = format!("{}_{k}", f.id).into();
            big.common.figures.push(c);
        }
        for c in &data.scenario.cast {
            let mut x = c.clone();
            x.figure = format!("{}_{k}", c.figure).into();
            big.scenario.cast.push(x);
        }
    }
    for k in 1..=unit_copies {
        for u in &data.scenario.units {
            let mut x = u.clone();
            x.id = format!("{}_{k}", u.id).into();
            if copies > 0 {
                x.commander = u
                    .commander
                    .as_ref()
                    .map(|c| format!("{c}_{}", 1 + k % copies).into());
            }
            big.scenario.units.push(x);
        }
    }
    big
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FigureId;

    #[test]
    fn scaled_multiplies_figures_cast_and_units() {
        let data = crate::scenario::load_scenario("congress_1934").expect("the flagship loads");
        let big = scaled(&data, 3);
        assert_eq!(big.common.figures.len(), 3 * data.common.figures.len());
        assert_eq!(big.scenario.cast.len(), 3 * data.scenario.cast.len());
        assert_eq!(big.scenario.units.len(), 3 * data.scenario.units.len());
        // Every copied commander is one of the copied figures.
        let ids: std::collections::BTreeSet<&str> =
            big.common.figures.iter().map(|f| f.id.as_str()).collect();
        assert!(
            big.scenario
                .units
                .iter()
                .filter_map(|u| u.commander.as_ref().map(FigureId::as_str))
                .all(|c| ids.contains(c))
        );
        assert_eq!(scaled(&data, 1), data);
    }
}
