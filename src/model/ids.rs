//! Ids of the things a scenario names: one type per kind, so that a figure's id cannot
//! be passed where an office's is wanted. Each is the scenario's string, serialised as
//! that string alone (content, saves, replays and the state hash keep their bytes).

/// Defines an id type: a `String` with the comparisons and conversions ids need, and
/// no `Deref` to `str`, so two kinds of id never mix unnoticed.
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        // Written as the bare string, as when ids were strings: messages and logs
        // that print an id with `{:?}` keep their words (and the state hash its bytes).
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        // Maps keyed by id are looked up with a plain string (a command's text, a
        // content reference); the inner string's order and hash are the id's own.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<String> for $name {
            fn borrow(&self) -> &String {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

id_type!(
    /// A figure's id, as the scenario names him.
    FigureId
);
id_type!(
    /// An office's id (`institution.office`).
    OfficeId
);
impl OfficeId {
    /// The institution's part of the key (`institution.office`): the whole key when it
    /// has no dot.
    pub fn institution(&self) -> &str {
        self.0.split('.').next().unwrap_or_default()
    }

    /// The key's two parts, institution and office, when it has both.
    pub fn parts(&self) -> Option<(&str, &str)> {
        self.0.split_once('.')
    }
}

id_type!(
    /// A faction's id.
    FactionId
);
id_type!(
    /// An institution's id.
    InstitutionId
);
id_type!(
    /// A unit's id.
    UnitId
);
id_type!(
    /// A region's id on the map.
    RegionId
);
id_type!(
    /// A side's id: the scenario's sides a player or the AI can take.
    SideId
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn an_id_serialises_as_its_string_and_reads_back() {
        let id = FigureId::from("a_figure");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"a_figure\"");
        let back: FigureId = serde_json::from_str("\"a_figure\"").unwrap();
        assert_eq!(back, id);
        let map: BTreeMap<FigureId, u8> = [(id.clone(), 1)].into();
        assert_eq!(serde_json::to_string(&map).unwrap(), "{\"a_figure\":1}");
    }

    #[test]
    fn a_map_keyed_by_id_is_looked_up_with_a_str() {
        let map: BTreeMap<OfficeId, u8> = [("b.seat".into(), 2), ("a.seat".into(), 1)].into();
        assert_eq!(map.get("a.seat"), Some(&1));
        assert_eq!(map.get("c.seat"), None);
        let keys: Vec<&str> = map.keys().map(OfficeId::as_str).collect();
        assert_eq!(keys, ["a.seat", "b.seat"]);
    }

    #[test]
    fn an_id_prints_as_its_string() {
        let id = UnitId::from("a_unit");
        assert_eq!(id.to_string(), "a_unit");
        assert_eq!(format!("{id:?}"), "\"a_unit\"");
        assert_eq!(id, "a_unit");
        assert_eq!("a_unit", id);
        assert_ne!(id, "b_unit");
    }
}
