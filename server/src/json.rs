//! JSON kept as text: the server stores what clients sent byte for byte, and only touches an
//! item's `version` field. Nothing here goes through `serde_json::Value`, so numbers, key order
//! and `metadata` survive untouched.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

/// A JSON object as its members in their original order, each value kept verbatim.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Members, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Box<RawValue>>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Returns the object `item` with its `"version"` set to `version`: in place when it had one,
/// right after `"id"` otherwise. Every other member keeps its text and its position.
pub fn with_version(item: &str, version: &str) -> Result<String, serde_json::Error> {
    let Members(members) = serde_json::from_str(item)?;
    let version_member = format!("\"version\":{}", serde_json::to_string(version)?);
    let had_version = members.iter().any(|(key, _)| key == "version");
    let mut parts = Vec::with_capacity(members.len() + 1);
    let mut placed = false;
    for (key, value) in &members {
        if key == "version" {
            // A duplicated key is written once, where it first appeared.
            if !placed {
                parts.push(version_member.clone());
                placed = true;
            }
            continue;
        }
        parts.push(format!("{}:{}", serde_json::to_string(key)?, value.get()));
        if key == "id" && !had_version && !placed {
            parts.push(version_member.clone());
            placed = true;
        }
    }
    if !placed {
        parts.push(version_member);
    }
    Ok(format!("{{{}}}", parts.join(",")))
}

/// The items of `{"items": [...]}` (or of a bare array), each as its original text.
pub fn raw_items(batch: &str) -> Result<Vec<Box<RawValue>>, serde_json::Error> {
    // An untagged enum would buffer the values and lose their text, so look at the shape first.
    #[derive(Deserialize)]
    struct Wrapped {
        items: Vec<Box<RawValue>>,
    }
    if batch.trim_start().starts_with('[') {
        serde_json::from_str(batch)
    } else {
        serde_json::from_str::<Wrapped>(batch).map(|wrapped| wrapped.items)
    }
}

/// Writes `{"<key>": [v1, v2, …]}` from JSON texts that are already known to be valid.
pub fn wrap_list(key: &str, values: &[String]) -> Result<String, serde_json::Error> {
    let values = values.iter().map(|text| RawValue::from_string(text.clone())).collect::<Result<Vec<_>, _>>()?;
    Ok(format!("{{{}:{}}}", serde_json::to_string(key)?, serde_json::to_string(&values)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_version_replaces_an_existing_version_in_place() {
        let item = r#"{"id":"a","version":"1","kind":"email","metadata":{"n":1.50}}"#;
        assert_eq!(with_version(item, "2").unwrap(), r#"{"id":"a","version":"2","kind":"email","metadata":{"n":1.50}}"#);
    }

    #[test]
    fn with_version_adds_a_missing_version_after_the_id() {
        let item = r#"{ "kind": "email", "id": "a", "title": "x" }"#;
        assert_eq!(with_version(item, "1").unwrap(), r#"{"kind":"email","id":"a","version":"1","title":"x"}"#);
    }

    #[test]
    fn with_version_turns_a_numeric_version_into_a_string() {
        assert_eq!(with_version(r#"{"id":"a","version":3}"#, "4").unwrap(), r#"{"id":"a","version":"4"}"#);
    }

    #[test]
    fn with_version_refuses_anything_but_an_object() {
        assert!(with_version("[1]", "1").is_err());
    }

    #[test]
    fn raw_items_reads_wrapped_and_bare_batches_verbatim() {
        let wrapped = raw_items(r#"{"items":[{"id": "a"}, 1]}"#).unwrap();
        assert_eq!(wrapped.iter().map(|raw| raw.get()).collect::<Vec<_>>(), [r#"{"id": "a"}"#, "1"]);
        assert_eq!(raw_items("[true]").unwrap().len(), 1);
    }

    #[test]
    fn wrap_list_keeps_each_value_verbatim() {
        let values = vec![r#"{"a": 1.0}"#.to_string(), "2".to_string()];
        assert_eq!(wrap_list("results", &values).unwrap(), r#"{"results":[{"a": 1.0},2]}"#);
    }
}
