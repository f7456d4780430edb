//! `/api/items`: the pending queue, and ingestion from an AI pipeline.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use countersign::json::Json;
use countersign::model::{InputError, ItemError};

use super::body_text;
use crate::db::items;
use crate::error::ApiError;
use crate::json::wrap_list;
use crate::{json_response, AppState};

/// `GET /api/items`: `{"items": [...]}`, the pending items in creation order, each as stored
/// with `version` set to its current version.
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let bodies = state.db.call(|connection| items::pending(connection)).await?;
    let body = wrap_list("items", &bodies)
        .map_err(|error| ApiError::Internal(format!("a stored item is not JSON: {error}")))?;
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
        InputError::NotJson(message) => ApiError::BadJson(message),
        InputError::NoItems => ApiError::InvalidItems { message: error.to_string(), details: Vec::new() },
    })?;
    if batch.items.is_empty() {
        let message = match batch.errors.len() {
            0 => "the batch has no items".to_string(),
            count => format!("none of the {count} items is valid"),
        };
        return Err(ApiError::InvalidItems { message, details: batch.errors });
    }
    let valid = batch.items;
    let accepted = state
        .db
        .call(move |connection| {
            let transaction = connection.transaction()?;
            let accepted = items::store(&transaction, &valid)?;
            transaction.commit()?;
            Ok(accepted)
        })
        .await?;

    let accepted = accepted.iter().map(|item| Json::object([("id", item.id.as_str().into()), ("version", item.version.as_str().into())])).collect();
    let errors = batch.errors.iter().map(ItemError::to_json).collect();
    let body = Json::object([("accepted", Json::Array(accepted)), ("errors", Json::Array(errors))]).to_text();
    Ok(json_response(StatusCode::CREATED, body))
}
