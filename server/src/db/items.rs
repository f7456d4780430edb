//! Items: reading a batch from a pipeline, storing each item with a version, and listing the
//! pending ones.

use countersign::json::{compact_len, Tape, Value};
use countersign::model::{item_over_size, parse_items_in, InputError, ItemError, ReviewItem};
use serde::Serialize;

use super::store::{ItemRow, Store};
use crate::error::ApiError;
use crate::json::{raw_items, unique_keys, unique_own_keys, with_version, RepeatedKey};

/// Why a batch cannot be read at all (as opposed to an invalid item in it).
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum BatchError {
    /// The text is not JSON, or not `{"items": [...]}` nor an array.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The batch object gives one of its own keys twice (`"items"` most likely): which list
    /// was meant cannot be known. (A key given twice inside an item makes that item invalid.)
    #[error(transparent)]
    RepeatedKey(#[from] RepeatedKey),
}

/// A batch read from `{"items": [...]}`: valid items with their original text, and the errors.
#[derive(Debug, Default)]
pub struct Batch {
    /// Each valid item, parsed, with its JSON text as it arrived.
    pub items: Vec<BatchItem>,
    /// One error per invalid item, as `parse_items` (the size limits included) and a key given
    /// twice inside it report them.
    pub errors: Vec<ItemError>,
}

/// A valid item of a batch.
#[derive(Clone, Debug)]
pub struct BatchItem {
    /// Its position in the batch, for an error about it.
    pub index: usize,
    /// The item, parsed.
    pub item: ReviewItem,
    /// Its JSON text as it arrived.
    pub text: String,
}

/// An item the server stored, and the version it got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Accepted {
    /// The item's id.
    pub id: String,
    /// The version now current, to be sent back as `If-Match`.
    pub version: String,
}

/// Validates a batch with the model's own rules and pairs every valid item with its text.
pub fn parse_batch(json: &str) -> Result<Batch, BatchError> {
    // Before the model reads it: its reader would take the last of two `"items"` and the raw
    // one below would refuse them, and neither says so.
    let tape = Tape::parse(json).map_err(|error| InputError::NotJson(error.to_string()))?;
    unique_own_keys(tape.root())?;
    let parsed = parse_items_in(tape.root())?;
    // `parse_items` accepted the shape, so reading the raw texts and values of the same batch
    // succeeds.
    let texts = raw_items(json).map_err(|_| InputError::NoItems)?;
    let root = tape.root();
    let values: Vec<Value> = root.elements().or_else(|| root.get("items").and_then(Value::elements)).ok_or(InputError::NoItems)?.collect();
    let mut batch = Batch { items: Vec::with_capacity(parsed.items.len()), errors: parsed.errors };
    for (index, item) in parsed.items {
        let text = texts.get(index).ok_or(InputError::NoItems)?.get();
        let value = *values.get(index).ok_or(InputError::NoItems)?;
        match repeated_key(index, &item.id, value) {
            Some(error) => batch.errors.push(error),
            None => batch.items.push(BatchItem { index, item, text: text.to_string() }),
        }
    }
    // Errors in the order of the items they are about.
    batch.errors.sort_by_key(|error| error.index);
    Ok(batch)
}

/// The error of item `index` (`value`, with `id`) when it gives a key twice anywhere inside:
/// stored as sent, it would read one way here and another way elsewhere.
fn repeated_key(index: usize, id: &str, value: Value<'_>) -> Option<ItemError> {
    let RepeatedKey(path) = unique_keys(value, &format!("items[{index}]")).err()?;
    let message = format!("{path}: appears twice; JSON readers differ on which value counts, so give each key once");
    Some(ItemError { index, item_id: Some(id.to_string()), path, message })
}

/// Stores each item, pending, and says for each (in the batch's order) the version it got or
/// why it was not stored. A new id keeps its own version (or gets "1"); an id seen before
/// gets the next integer version, whatever the pipeline sent, so a version string never comes
/// back to mean other content, and keeps its place in the queue. An id whose version number
/// cannot count up any more is not stored, and the others are. Call it inside a transaction
/// to store all or nothing. The queue lists the newest first; a batch is stored last item
/// first, so it lists in its own order (above the batches before it).
pub fn store(store: &mut dyn Store, items: &[BatchItem]) -> Result<Vec<Result<Accepted, ItemError>>, ApiError> {
    let mut accepted = Vec::with_capacity(items.len());
    for BatchItem { index, item, text } in items.iter().rev() {
        let current = store.item_version_no(&item.id)?;
        let (number, version) = match current {
            None => {
                let version = item.version.clone().unwrap_or_else(|| "1".to_string());
                // A numeric first version keeps counting from itself; anything else from 1.
                // Either way the next one, a plain decimal, differs from it.
                let number = version.parse::<i64>().ok().filter(|number| *number >= 1).unwrap_or(1);
                (number, version)
            }
            Some(number) => match number.checked_add(1) {
                Some(next) => (next, next.to_string()),
                None => {
                    let path = format!("items[{index}].id");
                    let message = format!("{path}: item \"{}\" is at version {number}, the last one the server can count to; send the new content under a new id", item.id);
                    accepted.push(Err(ItemError { index: *index, item_id: Some(item.id.clone()), path, message }));
                    continue;
                }
            },
        };
        let body = with_version(text, &version)
            .map_err(|error| ApiError::Internal(format!("a valid item is not an object: {error}")))?;
        // The item as it will be listed, its version written in, is what a widget holds to the
        // limit: one within it only as it was posted would be stored and then refused by every
        // widget that reads it from `/api/items`.
        // Counted as the widget counts it, without the whitespace between tokens.
        if let Some(error) = item_over_size(*index, &item.id, body.len(), || compact_len(&body)) {
            accepted.push(Err(error));
            continue;
        }
        // The export keeps every version; a version string is never reused for other
        // content, so one kept already holds this very body.
        store.put_item(ItemRow { id: &item.id, version_no: number, version: &version, body: &body, kind: item.kind.as_str() })?;
        accepted.push(Ok(Accepted { id: item.id.clone(), version }));
    }
    accepted.reverse();
    Ok(accepted)
}

/// Which pending items to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listing {
    /// Only items of this kind (`email`…).
    pub kind: Option<String>,
    /// Only items after this cursor (from an earlier page's `next_cursor`).
    pub cursor: Option<i64>,
    /// At most this many; all when absent.
    pub limit: Option<u32>,
}

/// A page of pending items: their JSON texts, newest first, and the cursor of the next page
/// when there is one.
pub fn pending(store: &mut dyn Store, listing: &Listing) -> Result<(Vec<String>, Option<i64>), ApiError> {
    // One more than asked for tells whether another page follows.
    let fetch = listing.limit.map(|limit| i64::from(limit) + 1);
    let mut rows = store.pending(listing.kind.as_deref(), listing.cursor, fetch)?;
    let more = listing.limit.is_some_and(|limit| rows.len() > limit as usize);
    if more {
        rows.pop();
    }
    let next = if more { rows.last().map(|(seq, _)| *seq) } else { None };
    Ok((rows.into_iter().map(|(_, body)| body).collect(), next))
}
