//! JSON kept as text: the server stores what clients sent byte for byte, and only touches an
//! item's `version` field. Nothing here goes through `serde_json::Value`, so numbers, key order
//! and `metadata` survive untouched; [`canonical`] compares two bodies without rounding their
//! numbers.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use countersign::json::{Json, Value};
use countersign::model::member_path;

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

/// A request body's object gives a member name twice. JSON allows it, but readers differ on
/// which value counts (the widget's and `JSON.parse` take the last, others the first), so such
/// a body is refused with the key's path (`items`, `final.body`) rather than read one way and
/// stored for others to read another.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the key \"{0}\" appears twice in the body; give each key once")]
pub struct RepeatedKey(pub String);

/// Fails with the path of the first member name an object gives twice, in `value` or in any
/// object or list within it; `path` is where `value` is (`""` for a whole body, `items[2]` for
/// an item). Anything but an object or a list passes.
pub fn unique_keys(value: Value<'_>, path: &str) -> Result<(), RepeatedKey> {
    walk(value, &At::Root(path))
}

/// Fails with the first member name the object `value` gives twice, looking no deeper (a
/// batch's own keys: its items are checked each on its own). Anything but an object passes.
pub fn unique_own_keys(value: Value<'_>) -> Result<(), RepeatedKey> {
    match first_repeat(value) {
        Some(name) => Err(RepeatedKey(At::Key(&At::Root(""), &name).text())),
        None => Ok(()),
    }
}

/// The first member name the object `value` gives a second time, escapes decoded.
fn first_repeat(value: Value<'_>) -> Option<String> {
    let mut seen = HashSet::new();
    value.members()?.find(|(name, _)| !seen.insert(name.clone())).map(|(name, _)| name.into_owned())
}

/// Where a value is in a body, written out only for the key found twice.
enum At<'a> {
    /// The value checked, at this path.
    Root(&'a str),
    /// The member `name` of the object at the path.
    Key(&'a At<'a>, &'a str),
    /// The element `index` of the list at the path.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn text(&self) -> String {
        match self {
            At::Root(path) => path.to_string(),
            At::Key(parent, name) => member_path(&parent.text(), name),
            At::Index(parent, index) => format!("{}[{index}]", parent.text()),
        }
    }
}

fn walk(value: Value<'_>, at: &At<'_>) -> Result<(), RepeatedKey> {
    if let Some(members) = value.members() {
        let mut seen = HashSet::new();
        for (name, member) in members {
            if !seen.insert(name.clone()) {
                return Err(RepeatedKey(At::Key(at, &name).text()));
            }
            walk(member, &At::Key(at, &name))?;
        }
    } else if let Some(elements) = value.elements() {
        for (index, element) in elements.enumerate() {
            walk(element, &At::Index(at, index))?;
        }
    }
    Ok(())
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

/// `value` as canonical text, to tell whether two bodies say the same thing: object members
/// sorted by name (a repeated name keeps its last value, as `JSON.parse` does), no spacing,
/// strings with their escapes decoded, and every number as its exact decimal value, so `1`,
/// `1.0` and `10e-1` agree while `12345678901234567890123` and `…124` do not (no rounding
/// through `f64`, and no number out of its range refused). Valid JSON itself.
pub fn canonical(value: &Json) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Json, out: &mut String) {
    match value {
        Json::Number(text) => out.push_str(&canonical_number(text)),
        Json::Array(values) => {
            out.push('[');
            for (at, value) in values.iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                write_canonical(value, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            let sorted: BTreeMap<&str, &Json> = members.iter().map(|(name, value)| (name.as_str(), value)).collect();
            out.push('{');
            for (at, (name, value)) in sorted.into_iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                out.push_str(&Json::from(name).to_text());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_text()),
    }
}

/// A JSON number's text (valid syntax, as the parser checked) as `<digits>e<exponent>`, its
/// significant digits without leading or trailing zeros: one text per decimal value. An
/// exponent too large to count with stays as written (no two such texts are compared as equal
/// unless they are the same).
fn canonical_number(text: &str) -> String {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], &unsigned[at + 1..]),
        None => (unsigned, "0"),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let Ok(exponent) = exponent.trim_start_matches('+').parse::<i64>() else {
        return text.to_string();
    };
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    let significant = digits.trim_end_matches('0');
    if significant.is_empty() {
        return "0".to_string();
    }
    let shift = i64::try_from(digits.len() - significant.len()).unwrap_or(i64::MAX) - i64::try_from(fraction.len()).unwrap_or(i64::MAX);
    match exponent.checked_add(shift) {
        Some(exponent) => format!("{}{significant}e{exponent}", if negative { "-" } else { "" }),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(text: &str) -> String {
        canonical(&Json::parse(text).unwrap())
    }

    #[test]
    fn canonical_text_ignores_spacing_key_order_and_escapes() {
        assert_eq!(canon(r#"{ "b": [1, "x"], "a": null }"#), canon(r#"{"a":null,"b":[1,"\u0078"]}"#));
        assert_eq!(canon(r#"{"a": 1, "a": 2}"#), canon(r#"{"a": 2}"#), "a repeated name keeps its last value");
    }

    #[test]
    fn canonical_numbers_are_equal_exactly_when_their_decimal_values_are() {
        for (left, right) in [("1", "1.0"), ("1.50", "1.5"), ("10e-1", "1"), ("0.0", "-0"), ("120", "1.2E2"), ("1e400", "10e399")] {
            assert_eq!(canon(left), canon(right), "{left} and {right}");
        }
        for (left, right) in [("12345678901234567890123", "12345678901234567890124"), ("0.1", "0.10000000000000001"), ("-1", "1"), ("1e400", "1e401")] {
            assert_ne!(canon(left), canon(right), "{left} and {right}");
        }
        assert!(Json::parse(&canon(r#"[1.25e-3, -0.5, 100]"#)).is_ok(), "canonical text is JSON");
    }

    #[test]
    fn a_name_given_twice_is_named_and_a_name_given_once_at_each_level_passes() {
        let check = |text: &str| unique_keys(countersign::json::Tape::parse(text).unwrap().root(), "");
        assert_eq!(check(r#"{"a": 1, "b": 2, "\u0061": 3}"#), Err(RepeatedKey("a".into())), "escapes decoded");
        assert_eq!(check(r#"{"a": {"x": 1}, "b": {"x": 2}}"#), Ok(()), "the same name in two objects");
        assert_eq!(check(r#"[{"a": 1}, {"a": 2}]"#), Ok(()));
        assert_eq!(RepeatedKey("items".into()).to_string(), "the key \"items\" appears twice in the body; give each key once");
    }

    #[test]
    fn a_name_given_twice_deep_inside_is_named_by_its_path() {
        // Regression: only the body's own keys were checked; `{"draft": {"body": "a", "body":
        // "b"}}` passed, read as "b" here and as "a" by a reader that keeps the first.
        let check = |text: &str, path: &str| unique_keys(countersign::json::Tape::parse(text).unwrap().root(), path).map_err(|repeated| repeated.0);
        assert_eq!(check(r#"{"draft": {"body": "a", "body": "b"}}"#, ""), Err("draft.body".into()));
        assert_eq!(check(r#"{"l": [0, {"m": [{"x": 1, "y": 2, "x": 3}]}]}"#, "items[4]"), Err("items[4].l[1].m[0].x".into()));
        assert_eq!(check(r#"{"f": {"crm field": 1, "crm field": 2}}"#, ""), Err(r#"f["crm field"]"#.into()));
        assert_eq!(check(r#"[{"a": [{"b": 1}, {"b": 2}]}, {"a": {"b": 3}}]"#, "items"), Ok(()));
        let own = |text: &str| unique_own_keys(countersign::json::Tape::parse(text).unwrap().root()).map_err(|repeated| repeated.0);
        assert_eq!(own(r#"{"items": [{"a": 1, "a": 2}], "source": {"b": 1, "b": 2}}"#), Ok(()), "only the object's own keys");
        assert_eq!(own(r#"{"items": [], "items": []}"#), Err("items".into()));
    }

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
