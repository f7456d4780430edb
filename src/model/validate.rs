//! Reading items from untrusted JSON: every invalid item becomes an [`ItemError`] a person can
//! understand, and every valid item stays reviewable.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::item::{Kind, ReviewItem};

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
#[serde(untagged)]
enum Batch<'a> {
    Wrapped {
        #[serde(borrow)]
        items: Vec<&'a RawValue>,
    },
    Bare(#[serde(borrow)] Vec<&'a RawValue>),
}

/// Reads `{"items": [...]}` (or a bare array), validating each item on its own.
pub fn parse_items(json: &str) -> Result<ParsedItems, InputError> {
    let value: &RawValue = serde_json::from_str(json).map_err(|error| InputError::NotJson(error.to_string()))?;
    let raw_items = match serde_json::from_str::<Batch>(value.get()) {
        Ok(Batch::Wrapped { items } | Batch::Bare(items)) => items,
        Err(_) => return Err(InputError::NoItems),
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
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let item: ReviewItem = serde_path_to_error::deserialize(&mut deserializer).map_err(|failure| {
        let item_id = readable_id(json);
        let (path, message) = describe_serde_error(&failure.path().to_string(), &failure.inner().to_string());
        error(index, item_id, &path, &message)
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
    let path = if path == "." { "" } else { path };
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
