//! Share codes: a short text that names a run — scenario, seed and the active mods —
//! so that anyone can start the same history: `congress_1934-7-00000000`.

use super::diagnostics::suggest;

/// A hash of the active mods' ids in load order (8 hex digits; all zeros for none).
pub fn mods_hash(mods: &[String]) -> String {
    if mods.is_empty() {
        return "00000000".into();
    }
    let joined = mods.join("\n");
    format!(
        "{:08x}",
        crate::model::hash::fnv1a(joined.as_bytes()) as u32
    )
}

pub fn encode(scenario: &str, seed: u64, mods: &[String]) -> String {
    format!("{scenario}-{seed}-{}", mods_hash(mods))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareCode {
    pub scenario: String,
    pub seed: u64,
    pub mods_hash: String,
}

/// Reads a code; the error says what is wrong with it.
pub fn decode(code: &str) -> Result<ShareCode, String> {
    let code = code.trim();
    let mut parts = code.rsplitn(3, '-');
    let (Some(hash), Some(seed), Some(scenario)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "`{code}` is not a share code (expected SCENARIO-SEED-MODS, e.g. congress_1934-7-00000000)"
        ));
    };
    if seed.is_empty() {
        return Err(format!(
            "`{code}` has no seed between the scenario and the mods hash (SCENARIO-SEED-MODS)"
        ));
    }
    let seed = seed
        .parse::<u64>()
        .map_err(|_| format!("`{seed}` in `{code}` is not a seed (a whole number)"))?;
    if hash.len() != 8 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!(
            "`{hash}` in `{code}` is not a mods hash (8 hex digits)"
        ));
    }
    Ok(ShareCode {
        scenario: scenario.to_string(),
        seed,
        mods_hash: hash.to_lowercase(),
    })
}

/// Checks a decoded code against the content at hand.
pub fn check(code: &ShareCode, scenarios: &[&str], mods: &[String]) -> Result<(), String> {
    if !scenarios.contains(&code.scenario.as_str()) {
        let hint = suggest(&code.scenario, scenarios.iter().copied()).unwrap_or_default();
        return Err(format!(
            "the code's scenario `{}` is not installed {hint}",
            code.scenario
        ));
    }
    let here = mods_hash(mods);
    if here != code.mods_hash {
        return Err(format!(
            "the code was made with other mods (hash {}, here {here}): the run would not be the same",
            code.mods_hash
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_bad_ones_say_why() {
        let c = encode("congress_1934", 7, &[]);
        assert_eq!(c, "congress_1934-7-00000000");
        let d = decode(&c).unwrap();
        assert_eq!((d.scenario.as_str(), d.seed), ("congress_1934", 7));
        assert!(check(&d, &["congress_1934"], &[]).is_ok());
        assert!(check(&d, &["congress_1934"], &["kirov_loyalist".into()]).is_err());
        assert!(decode("nonsense").is_err());
        assert!(
            decode("congress_1934-x-00000000")
                .unwrap_err()
                .contains("not a seed")
        );
        let other = decode("congres_1934-7-00000000").unwrap();
        assert!(
            check(&other, &["congress_1934"], &[])
                .unwrap_err()
                .contains("did you mean")
        );
    }
}
