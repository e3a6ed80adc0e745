//! Seeded random streams, one per system, so that adding a draw in one system never
//! shifts the draws of another. Never use a thread or OS generator in the simulation.

use crate::model::hash::fnv1a;
use bevy::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The named streams the simulation draws from. A stream is created on first use
/// from the game seed and the stream's name, so its sequence depends on nothing else.
#[derive(Resource, Clone, Debug)]
pub struct RngStreams {
    seed: u64,
    streams: BTreeMap<&'static str, ChaCha8Rng>,
}

impl RngStreams {
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            streams: BTreeMap::new(),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The stream of one system, e.g. `rng.stream("council")`.
    pub fn stream(&mut self, name: &'static str) -> &mut ChaCha8Rng {
        // A stream missing from the list would not be restored from a save.
        debug_assert!(STREAMS.contains(&name), "stream `{name}` is not in STREAMS");
        let seed = self.seed;
        self.streams
            .entry(name)
            .or_insert_with(|| ChaCha8Rng::seed_from_u64(seed ^ fnv1a(name.as_bytes())))
    }

    /// Puts every named stream at a saved position (streams not named start afresh).
    pub fn restore(
        &mut self,
        positions: &BTreeMap<String, StreamPosition>,
        known: &[&'static str],
    ) {
        for name in known {
            if let Some(p) = positions.get(*name) {
                self.stream(name).set_word_pos(p.word_pos);
            }
        }
    }

    /// Each stream's position, for the state hash and for saves.
    pub fn positions(&self) -> BTreeMap<String, StreamPosition> {
        self.streams
            .iter()
            .map(|(name, rng)| {
                let pos = StreamPosition {
                    word_pos: rng.get_word_pos(),
                };
                ((*name).to_string(), pos)
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamPosition {
    pub word_pos: u128,
}

/// Every stream the simulation uses, so that saves can restore them by name.
pub const STREAMS: [&str; 8] = [
    "people", "congress", "ai", "plots", "battles", "events", "council", "intel",
];

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_independent_and_reproducible() {
        let mut a = RngStreams::new(7);
        let mut b = RngStreams::new(7);
        // Drawing from another stream first must not change this one.
        let _: u32 = b.stream("battles").random();
        let x: u64 = a.stream("council").random();
        let y: u64 = b.stream("council").random();
        assert_eq!(x, y);
        let mut c = RngStreams::new(8);
        let z: u64 = c.stream("council").random();
        assert_ne!(x, z);
    }
}
