//! `/api/items`: the pending queue, and ingestion from an AI pipeline.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use countersign::json::Json;
use countersign::model::{InputError, ItemError, Kind};

use super::{body_text, param};
use crate::db::items::{self, BatchError, BatchItem, Listing};
use crate::db::results::{self, Origin, Submission};
use crate::routing::Route;
use crate::error::ApiError;
use crate::json::{canonical, wrap_list};
use crate::{json_response, AppState};

/// The largest page `?limit=` may ask for.
const MAX_LIMIT: u32 = 1_000;

/// Reads `?kind=`, `?limit=` and `?cursor=`.
fn listing(query: &HashMap<String, String>) -> Result<Listing, ApiError> {
    let kind = match param(query, "kind") {
        None => None,
        Some(kind) if Kind::ALL.iter().any(|known| known.as_str() == kind) => Some(kind.to_string()),
        Some(kind) => return Err(ApiError::BadRequest(format!("unknown kind \"{kind}\"; expected one of {}", Kind::ALL.map(Kind::as_str).join(", ")))),
    };
    let limit = match param(query, "limit") {
        None => None,
        Some(text) => Some(text.parse::<u32>().ok().filter(|limit| (1..=MAX_LIMIT).contains(limit)).ok_or_else(|| ApiError::BadRequest(format!("limit must be a whole number from 1 to {MAX_LIMIT}, not \"{text}\"")))?),
    };
    let cursor = match param(query, "cursor") {
        None => None,
        Some(text) => Some(text.parse::<i64>().map_err(|_| ApiError::BadRequest(format!("cursor must be the next_cursor of an earlier page, not \"{text}\"")))?),
    };
    Ok(Listing { kind, cursor, limit })
}

/// `GET /api/items`: `{"items": [...], "next_cursor"}`, the pending items newest first (a
/// batch in its own order), each as stored with `version` set to its current version;
/// `?kind=` filters, `?limit=` pages, and `?cursor=` (an earlier `next_cursor`) continues.
pub async fn list(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let listing = listing(&query)?;
    let (bodies, next) = state.db.read(move |store| items::pending(store, &listing)).await?;
    let mut body = wrap_list("items", &bodies)
        .map_err(|error| ApiError::Internal(format!("a stored item is not JSON: {error}")))?;
    // `{"items":[...]}` gains its cursor: a string, so clients treat it as opaque.
    body.pop();
    body.push_str(&match next {
        Some(next) => format!(",\"next_cursor\":\"{next}\"}}"),
        None => ",\"next_cursor\":null}".to_string(),
    });
    Ok(json_response(StatusCode::OK, body))
}

/// `POST /api/items`: stores the valid items of `{"items": [...]}` as pending and reports the
/// invalid ones. 201 `{"accepted": [{id, version}], "errors": [...]}` when at least one item
/// was stored; 422 `invalid_items` when none was.
pub async fn ingest(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let text = body_text(body)?;
    let batch = items::parse_batch(&text).map_err(|error| match error {
        BatchError::Input(InputError::NotJson(message)) => ApiError::BadJson(message),
        BatchError::Input(InputError::NoItems) | BatchError::RepeatedKey(_) => ApiError::InvalidItems { message: error.to_string(), details: Vec::new() },
    })?;
    if batch.items.is_empty() {
        let message = match batch.errors.len() {
            0 => "the batch has no items".to_string(),
            count => format!("none of the {count} items is valid"),
        };
        return Err(ApiError::InvalidItems { message, details: batch.errors });
    }
    let valid = batch.items;
    let mut errors = batch.errors;
    let routing = state.routing.clone();
    let now = crate::timestamp::iso(crate::timestamp::now());
    let (accepted, refused) = state
        .db
        .write(move |store| {
            let outcomes = items::store(store, &valid)?;
            // Routed in the same transaction as the items: a spot check is on record, and an
            // auto-approval stored (once per key, the item off the queue), or none of it is.
            let mut answered = Vec::with_capacity(outcomes.len());
            let mut refused = Vec::new();
            for (BatchItem { item, .. }, outcome) in valid.iter().zip(outcomes) {
                let stored = match outcome {
                    Ok(stored) => stored,
                    Err(error) => {
                        refused.push(error);
                        continue;
                    }
                };
                let route = if routing.is_on() { routing.route(item, &stored.version, &now) } else { Route::Person };
                let said = route.as_str();
                match route {
                    Route::SpotCheck(rule) => store.add_spot_check(&stored.id, &stored.version, &rule.describe())?,
                    Route::Auto(_, result) => {
                        let json = result.to_json();
                        let (text, canonical) = (json.to_text(), canonical(&json));
                        results::store_in(store, &Submission { text, canonical, result: *result, if_match: None, origin: Origin::AutoApproval })?;
                    }
                    Route::Person => {}
                }
                answered.push((stored, said));
            }
            Ok((answered, refused))
        })
        .await?;
    // An item can also fail as it is stored (its id out of versions): listed like the others.
    errors.extend(refused);
    errors.sort_by_key(|error| error.index);
    if accepted.is_empty() {
        return Err(ApiError::InvalidItems { message: format!("none of the {} items is valid", errors.len()), details: errors });
    }

    let accepted = accepted
        .iter()
        .map(|(item, route)| Json::object(vec![("id", item.id.as_str().into()), ("version", item.version.as_str().into()), ("route", (*route).into())]))
        .collect();
    let errors = errors.iter().map(ItemError::to_json).collect();
    let body = Json::object(vec![("accepted", Json::Array(accepted)), ("errors", Json::Array(errors))]).to_text();
    Ok(json_response(StatusCode::CREATED, body))
}
