//! `/api/results`: decisions people made, stored once per idempotency key.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use countersign::json::Tape;
use countersign::model::{result_over_limits, ReviewResult, RESULT_SCHEMA};

use super::body_text;
use crate::db::results::{self, Origin, Submission};
use crate::error::ApiError;
use crate::if_match::IfMatch;
use crate::json::{canonical, unique_keys, wrap_list};
use crate::{json_response, AppState};

/// `POST /api/results`: stores a ReviewResult. 201 when stored; the first answer again for a
/// retry with the same key and body; 422 for the same key with another body, a body that is
/// not a ReviewResult or is over the size limits (`result_over_limits`), one that claims to be
/// the server's own auto-approval (`reserved`), or an `Idempotency-Key` header that differs
/// from the body's key; 412 when `If-Match` names a version other than the item's current
/// one; 400 when the body is not JSON.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let text = body_text(body)?;
    // The widget's own parser: numbers keep their digits, so one out of f64's range (a
    // `metadata` value of 1e400, echoed from its item) is JSON like any other.
    let tape = Tape::parse(&text).map_err(|error| ApiError::BadJson(error.to_string()))?;
    // Refused as a batch's are, at any depth: the server reads the last of a repeated key,
    // and stores the text for readers that may take the first.
    unique_keys(tape.root(), "").map_err(|repeated| ApiError::InvalidResult(repeated.to_string()))?;
    let json = tape.root().to_json();
    let canonical = canonical(&json);
    let result = ReviewResult::read(tape.root()).map_err(|problem| ApiError::InvalidResult(problem.describe()))?;
    check(&result)?;
    // Held to its item's bounds (the widget's own check, which it runs before it queues a
    // result): a result is made of an item's content.
    if let Some(problem) = result_over_limits(tape.root()) {
        return Err(ApiError::InvalidResult(problem));
    }
    // Only the server makes auto-approvals; a result claiming to be one is not stored.
    crate::reserved::refuse_claims(&result)?;
    if let Some(header) = headers.get("idempotency-key") {
        let header = header.to_str().unwrap_or("(not text)");
        if header != result.idempotency_key {
            return Err(ApiError::IdempotencyKeyMismatch {
                header: header.to_string(),
                body: result.idempotency_key.clone(),
            });
        }
    }
    // An empty If-Match asks for nothing (`""` is not empty: it names the empty version); one
    // that is not text names a version no item has.
    let if_match = headers.get("if-match").and_then(|header| match header.to_str() {
        Ok(text) => IfMatch::parse(text),
        Err(_) => Some(IfMatch::Versions(vec![String::from_utf8_lossy(header.as_bytes()).into_owned()])),
    });
    let submission = Submission { text, canonical, result, if_match, origin: Origin::Posted };
    let answer = results::store(&state.db, submission).await?;
    let status = StatusCode::from_u16(answer.status)
        .map_err(|_| ApiError::Internal(format!("a stored status {} is not HTTP", answer.status)))?;
    Ok(json_response(status, answer.body))
}

/// `GET /api/results`: `{"results": [...]}`, every stored result verbatim, oldest first.
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let bodies = state.db.read(|store| Ok(store.result_bodies()?)).await?;
    let body = wrap_list("results", &bodies)
        .map_err(|error| ApiError::Internal(format!("a stored result is not JSON: {error}")))?;
    Ok(json_response(StatusCode::OK, body))
}

/// The rules the ReviewResult type cannot express.
fn check(result: &ReviewResult) -> Result<(), ApiError> {
    if result.schema != RESULT_SCHEMA {
        return Err(ApiError::InvalidResult(format!(
            "schema must be \"{RESULT_SCHEMA}\", not \"{}\"",
            result.schema
        )));
    }
    if result.idempotency_key.trim().is_empty() {
        return Err(ApiError::InvalidResult("idempotency_key must not be empty".into()));
    }
    if result.item_id.trim().is_empty() {
        return Err(ApiError::InvalidResult("item_id must not be empty".into()));
    }
    Ok(())
}
