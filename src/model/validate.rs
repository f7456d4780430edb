//! Reading items from untrusted JSON: every invalid item becomes an [`ItemError`] a person can
//! understand, and every valid item stays reviewable.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::item::{Kind, ReviewItem};
use super::json_path::{offset_of, path_at};

/// The platforms a social post may target.
pub const PLATFORMS: [&str; 6] = ["x", "linkedin", "facebook", "instagram", "threads", "bluesky"];

/// Why one input item was rejected (the `countersign:invalid` event's `errors[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemError {
    /// The item's position in the input.
    pub index: usize,
    /// The item's id, when it had a readable one.
    pub item_id: Option<String>,
    /// Where the problem is, as in `items[2].draft`.
    pub path: String,
    /// What is wrong, for a person: `items[2].draft: required for kind email`.
    pub message: String,
}

/// Why the input as a whole could not be read (no item could be looked at).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    /// The text is not JSON at all.
    #[error("the items are not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is neither `{"items": [...]}` nor an array.
    #[error("expected {{\"items\": [...]}} or an array of items")]
    NoItems,
}

/// The outcome of reading a batch: the valid items, in input order, and the errors.
#[derive(Debug, Default)]
pub struct ParsedItems {
    /// Valid items, each with its index in the input.
    pub items: Vec<(usize, ReviewItem)>,
    /// One error per invalid item.
    pub errors: Vec<ItemError>,
}

#[derive(Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow)]
    items: Vec<&'a RawValue>,
}

/// Reads `{"items": [...]}` (or a bare array), validating each item on its own.
pub fn parse_items(json: &str) -> Result<ParsedItems, InputError> {
    let value: &RawValue = serde_json::from_str(json).map_err(|error| InputError::NotJson(error.to_string()))?;
    let text = value.get();
    let raw_items = if text.starts_with('[') {
        serde_json::from_str::<Vec<&RawValue>>(text).map_err(|_| InputError::NoItems)?
    } else {
        serde_json::from_str::<Wrapped>(text).map_err(|_| InputError::NoItems)?.items
    };
    let mut parsed = ParsedItems::default();
    let mut first_index_of: HashMap<String, usize> = HashMap::new();
    for (index, raw) in raw_items.into_iter().enumerate() {
        match parse_item(index, raw.get()) {
            Ok(item) => {
                if let Some(first) = first_index_of.get(&item.id) {
                    parsed.errors.push(error(
                        index,
                        Some(item.id.clone()),
                        "id",
                        &format!("duplicate id \"{}\" (first at items[{first}])", item.id),
                    ));
                    continue;
                }
                first_index_of.insert(item.id.clone(), index);
                parsed.items.push((index, item));
            }
            Err(item_error) => parsed.errors.push(item_error),
        }
    }
    Ok(parsed)
}

/// Reads and checks one item; `index` is its position in the batch.
pub fn parse_item(index: usize, json: &str) -> Result<ReviewItem, ItemError> {
    let item: ReviewItem = serde_json::from_str(json).map_err(|failure| {
        let path = path_at(json, offset_of(json, failure.line(), failure.column()));
        let (path, message) = describe_serde_error(&path, &failure.to_string());
        error(index, readable_id(json), &path, &message)
    })?;
    check_item(&item).map_err(|(path, message)| error(index, Some(item.id.clone()), &path, &message))?;
    Ok(item)
}

/// The rules serde cannot express. Returns the path below the item and the problem.
fn check_item(item: &ReviewItem) -> Result<(), (String, String)> {
    let fail = |path: &str, message: String| Err((path.to_string(), message));
    if item.id.trim().is_empty() {
        return fail("id", "must not be empty".into());
    }
    if item.kind != Kind::LeadList && item.draft.is_none() {
        return fail("draft", format!("required for kind {}", item.kind.as_str()));
    }
    match item.kind {
        Kind::Email if item.draft.as_ref().is_some_and(|draft| draft.body.trim().is_empty()) => {
            return fail("draft.body", "must not be empty".into());
        }
        Kind::SocialPost => {
            let platforms = item.draft.as_ref().map(|draft| draft.platforms.as_slice()).unwrap_or_default();
            if platforms.is_empty() {
                return fail("draft.platforms", "required for kind social_post (x, linkedin, facebook, instagram, threads, bluesky)".into());
            }
            if let Some((at, unknown)) = platforms.iter().enumerate().find(|(_, name)| !PLATFORMS.contains(&name.as_str())) {
                return fail(&format!("draft.platforms[{at}]"), format!("unknown platform \"{unknown}\"; expected one of {}", PLATFORMS.join(", ")));
            }
        }
        Kind::LeadList => {
            if item.leads.is_empty() {
                return fail("leads", "required for kind lead_list".into());
            }
            let mut seen = HashMap::new();
            for (at, lead) in item.leads.iter().enumerate() {
                if lead.id.trim().is_empty() {
                    return fail(&format!("leads[{at}].id"), "must not be empty".into());
                }
                if let Some(first) = seen.insert(lead.id.as_str(), at) {
                    return fail(&format!("leads[{at}].id"), format!("duplicate lead id \"{}\" (first at leads[{first}])", lead.id));
                }
                if lead.score.is_some_and(|score| !(0.0..=1.0).contains(&score)) {
                    return fail(&format!("leads[{at}].score"), "must be between 0 and 1".into());
                }
            }
        }
        _ => {}
    }
    if let Some(confidence) = item.rationale.as_ref().and_then(|rationale| rationale.confidence)
        && !(0.0..=1.0).contains(&confidence)
    {
        return fail("rationale.confidence", "must be between 0 and 1".into());
    }
    Ok(())
}

/// Turns serde's words into a path below the item and a sentence without line numbers.
fn describe_serde_error(path: &str, message: &str) -> (String, String) {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
        let full = if path.is_empty() { field.to_string() } else { format!("{path}.{field}") };
        return (full, "required".into());
    }
    (path.to_string(), message.to_string())
}

/// The item's `id`, when the item is at least an object with a string id.
fn readable_id(json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: Option<String>,
    }
    serde_json::from_str::<IdOnly>(json).ok().and_then(|only| only.id).filter(|id| !id.is_empty())
}

fn error(index: usize, item_id: Option<String>, path: &str, problem: &str) -> ItemError {
    let path = if path.is_empty() { format!("items[{index}]") } else { format!("items[{index}].{path}") };
    ItemError { index, item_id, message: format!("{path}: {problem}"), path }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(id: &str) -> String {
        format!(r#"{{"id":"{id}","kind":"email","draft":{{"subject":"Hi","body":"Hello there"}}}}"#)
    }

    #[test]
    fn each_invalid_item_gets_a_message_naming_its_path_while_valid_ones_stay() {
        let cases: &[(&str, &str, &str)] = &[
            (r#"{"id":"a","kind":"email"}"#, "items[1].draft", "items[1].draft: required for kind email"),
            (r#"{"kind":"email","draft":{"body":"x"}}"#, "items[1].id", "items[1].id: required"),
            (r#"{"id":"","kind":"email","draft":{"body":"x"}}"#, "items[1].id", "items[1].id: must not be empty"),
            (r#"{"id":"a","kind":"fax","draft":{"body":"x"}}"#, "items[1].kind", "unknown variant `fax`"),
            (r#"{"id":"a","kind":"email","draft":{"body":3}}"#, "items[1].draft.body", "invalid type: integer `3`, expected a string"),
            (r#"{"id":"a","kind":"email","draft":{"body":"  "}}"#, "items[1].draft.body", "must not be empty"),
            (r#"{"id":"a","kind":"social_post","draft":{"body":"x"}}"#, "items[1].draft.platforms", "required for kind social_post"),
            (r#"{"id":"a","kind":"social_post","draft":{"body":"x","platforms":["x","myspace"]}}"#, "items[1].draft.platforms[1]", "unknown platform \"myspace\""),
            (r#"{"id":"a","kind":"lead_list"}"#, "items[1].leads", "required for kind lead_list"),
            (r#"{"id":"a","kind":"lead_list","leads":[{"id":"l1"},{"id":"l1"}]}"#, "items[1].leads[1].id", "duplicate lead id"),
            (r#"{"id":"a","kind":"lead_list","leads":[{"id":"l1","score":1.5}]}"#, "items[1].leads[0].score", "between 0 and 1"),
            (r#"{"id":"a","kind":"email","draft":{"body":"x"},"rationale":{"confidence":7}}"#, "items[1].rationale.confidence", "between 0 and 1"),
            (r#"{"id":"a","kind":"email","draft":{"body":"x"},"rationale":{"risk":"extreme"}}"#, "items[1].rationale.risk", "unknown variant `extreme`"),
            (r#"42"#, "items[1]", "invalid type: integer `42`"),
        ];
        for (bad, path, message) in cases {
            let json = format!(r#"{{"items":[{},{bad},{}]}}"#, email("ok1"), email("ok2"));
            let parsed = parse_items(&json).unwrap();
            assert_eq!(parsed.items.iter().map(|(index, item)| (*index, item.id.as_str())).collect::<Vec<_>>(), vec![(0, "ok1"), (2, "ok2")], "{bad}");
            assert_eq!(parsed.errors.len(), 1, "{bad}");
            let error = &parsed.errors[0];
            assert_eq!((error.index, error.path.as_str()), (1, *path), "{bad}");
            assert!(error.message.contains(message), "{bad}: {}", error.message);
            assert!(error.message.starts_with(path), "{bad}: {}", error.message);
        }
    }

    #[test]
    fn an_invalid_item_keeps_its_id_when_it_has_one() {
        let parsed = parse_items(r#"[{"id":"itm_9","kind":"email"}]"#).unwrap();
        assert_eq!(parsed.errors[0].item_id.as_deref(), Some("itm_9"));
    }

    #[test]
    fn duplicate_ids_reject_the_later_item() {
        let parsed = parse_items(&format!("[{},{}]", email("same"), email("same"))).unwrap();
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(parsed.errors[0].message, "items[1].id: duplicate id \"same\" (first at items[0])");
    }

    #[test]
    fn unknown_fields_are_ignored_and_versions_may_be_numbers() {
        let parsed = parse_items(r#"{"items":[{"id":"a","version":4,"kind":"message","draft":{"body":"x","tone":"warm"},"priority":"high"}],"cursor":"c"}"#).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.items[0].1.version.as_deref(), Some("4"));
    }

    #[test]
    fn input_that_is_not_a_batch_is_one_clear_error() {
        assert!(matches!(parse_items("{nope"), Err(InputError::NotJson(_))));
        assert_eq!(parse_items(r#"{"things":[]}"#).unwrap_err(), InputError::NoItems);
        assert_eq!(parse_items("[]").unwrap().items.len(), 0);
    }
}
