//! Maps and sets keyed by strings, as sorted vectors searched in halves.
//!
//! The widget's maps are small (CRM fields, platform variants, lead notes, the ids of one
//! session's decisions), and `std`'s `BTreeMap` and `HashMap` each cost the shipped module
//! about 3–5 KiB brotli of tree or hashing code, instantiated again per value type. Here the
//! keys live in a vector of their own, so the search is one function whatever the values are.
//! Iteration is in key order, as `BTreeMap`'s was, so JSON written from a map keeps its order.

/// Values by string key, in key order.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyMap<V> {
    keys: Vec<String>,
    values: Vec<V>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap { keys: Vec::new(), values: Vec::new() }
    }
}

/// Where `key` is in the sorted `keys`: `Ok` with its position, or `Err` with where it belongs.
fn position(keys: &[String], key: &str) -> Result<usize, usize> {
    keys.binary_search_by(|probe| probe.as_str().cmp(key))
}

impl<V> KeyMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        position(&self.keys, key).ok().map(|at| &self.values[at])
    }

    pub fn contains_key(&self, key: &str) -> bool {
        position(&self.keys, key).is_ok()
    }

    /// Sets `key` to `value`; the value it replaced, if any.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match position(&self.keys, &key) {
            Ok(at) => Some(std::mem::replace(&mut self.values[at], value)),
            Err(at) => {
                self.keys.insert(at, key);
                self.values.insert(at, value);
                None
            }
        }
    }

    /// Takes `key` out; its value, if it was there.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let at = position(&self.keys, key).ok()?;
        self.keys.remove(at);
        Some(self.values.remove(at))
    }

    /// Every entry in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.keys.iter().zip(&self.values)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.keys.iter()
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.values.iter()
    }
}

/// Later entries replace earlier ones with the same key, as when inserting them in turn.
impl<V> FromIterator<(String, V)> for KeyMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(entries: I) -> Self {
        let mut map = KeyMap::new();
        for (key, value) in entries {
            map.insert(key, value);
        }
        map
    }
}

impl<'a, V> IntoIterator for &'a KeyMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter().zip(&self.values)
    }
}

impl<V> IntoIterator for KeyMap<V> {
    type Item = (String, V);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<String>, std::vec::IntoIter<V>>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.values)
    }
}

/// A set of strings, a sorted vector of its own: as a `KeyMap<()>` it cost the widget 0.2 KiB
/// brotli more, for the map's code instantiated once more for `()`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeySet {
    keys: Vec<String>,
}

impl KeySet {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains(&self, key: &str) -> bool {
        position(&self.keys, key).is_ok()
    }

    /// Adds `key`; whether it was new.
    pub fn insert(&mut self, key: String) -> bool {
        match position(&self.keys, &key) {
            Ok(_) => false,
            Err(at) => {
                self.keys.insert(at, key);
                true
            }
        }
    }

    /// Takes `key` out; whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        position(&self.keys, key).map(|at| self.keys.remove(at)).is_ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.keys.iter()
    }
}

impl FromIterator<String> for KeySet {
    fn from_iter<I: IntoIterator<Item = String>>(keys: I) -> Self {
        let mut set = KeySet::new();
        for key in keys {
            set.insert(key);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A small deterministic stream of keys with repeats, for comparing against `std`.
    fn keys(count: usize, seed: u32) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                format!("k{}", (state >> 16) % 23)
            })
            .collect()
    }

    #[test]
    fn a_map_behaves_like_a_btree_map_under_inserts_and_removes() {
        for seed in 0..20 {
            let (mut mine, mut theirs) = (KeyMap::new(), BTreeMap::new());
            for (step, key) in keys(60, seed).into_iter().enumerate() {
                if step % 3 == 2 {
                    assert_eq!(mine.remove(&key), theirs.remove(&key), "remove {key}");
                } else {
                    assert_eq!(mine.insert(key.clone(), step), theirs.insert(key, step));
                }
                assert_eq!(mine.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
                assert_eq!(mine.len(), theirs.len());
            }
            for key in keys(10, seed + 100) {
                assert_eq!(mine.get(&key), theirs.get(&key));
                assert_eq!(mine.contains_key(&key), theirs.contains_key(&key));
            }
        }
    }

    #[test]
    fn collecting_keeps_the_last_value_of_a_repeated_key_in_key_order() {
        let map: KeyMap<u32> = [("b".to_string(), 1), ("a".to_string(), 2), ("b".to_string(), 3)].into_iter().collect();
        assert_eq!(map.into_iter().collect::<Vec<_>>(), vec![("a".to_string(), 2), ("b".to_string(), 3)]);
    }

    #[test]
    fn a_set_behaves_like_a_btree_set() {
        for seed in 0..20 {
            let (mut mine, mut theirs) = (KeySet::new(), BTreeSet::new());
            for (step, key) in keys(60, seed).into_iter().enumerate() {
                if step % 4 == 3 {
                    assert_eq!(mine.remove(&key), theirs.remove(&key));
                } else {
                    assert_eq!(mine.insert(key.clone()), theirs.insert(key));
                }
                assert_eq!(mine.iter().collect::<Vec<_>>(), theirs.iter().collect::<Vec<_>>());
                assert_eq!(mine.is_empty(), theirs.is_empty());
            }
        }
    }
}
