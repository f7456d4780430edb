//! Results: storing a decision exactly once per idempotency key, and listing them.

use countersign::model::{Decision, ReviewResult};
use std::sync::Arc;

use countersign::json::Json;

use super::store::{ResultRow, Store};
use super::Db;
use crate::error::ApiError;
use crate::if_match::IfMatch;
use crate::json::canonical;

/// A result as it arrived, checked and ready to store.
#[derive(Debug)]
pub struct Submission {
    /// The body, verbatim; this is what `GET /api/results` gives back.
    pub text: String,
    /// The body as [`canonical`] text, to recognise a retry whatever its spacing, key order
    /// or way of writing a number.
    pub canonical: String,
    /// The body as a ReviewResult.
    pub result: ReviewResult,
    /// What `If-Match` asks for; `None` without the header.
    pub if_match: Option<IfMatch>,
    /// Who made it, as the server knows it: never read from the body.
    pub origin: Origin,
}

/// Who made a result. Stored with it (`results.auto_approved`): the trust report and the
/// export tell the server's auto-approvals from people's decisions by this, never by the
/// result's `reviewer`, which any client can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Posted to `/api/results`.
    Posted,
    /// Made by the server's routing at ingest (`routes::items::ingest`), the only maker of these.
    AutoApproval,
}

/// The answer to send: its status and JSON body. A retry gets the stored one, byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

/// Stores `submission` once. In one write transaction: a known key replays its first answer
/// (or is refused when the body differs), a stale `If-Match` is refused, and otherwise the
/// result, its idempotency record and the item's pending flag are written together.
pub async fn store(db: &Db, submission: Submission) -> Result<Answer, ApiError> {
    let submission = Arc::new(submission);
    let attempt = || {
        let submission = Arc::clone(&submission);
        db.write(move |store| store_in(store, &submission))
    };
    match attempt().await {
        // Another writer (another process on the same database) stored this key between our
        // check and our insert. The key's UNIQUE constraint caught it; now the lookup finds
        // the answer it stored.
        Err(ApiError::Database(error)) if error.is_unique_violation() => attempt().await,
        outcome => outcome,
    }
}

/// [`store`]'s work inside a write transaction the caller holds: the ingest stores its
/// auto-approvals in the same transaction as the items.
pub fn store_in(store: &mut dyn Store, submission: &Submission) -> Result<Answer, ApiError> {
    let result = &submission.result;
    let key = result.idempotency_key.as_str();

    if let Some(first) = store.first_answer(key)? {
        // Made canonical again: a request stored by an older server was written by serde_json.
        let request = Json::parse(&first.request_json)
            .map_err(|error| ApiError::Internal(format!("a stored request is not JSON: {error}")))?;
        return if canonical(&request) == submission.canonical {
            Ok(Answer { status: first.status, body: first.body })
        } else {
            Err(ApiError::IdempotencyKeyReused(key.to_string()))
        };
    }

    if let Some(given) = &submission.if_match
        && let Some(current) = store.current_version(&result.item_id)?
        && !given.matches(&current)
    {
        return Err(ApiError::VersionConflict {
            item_id: result.item_id.clone(),
            current,
            given: given.describe(),
        });
    }

    let answer = Answer {
        status: 201,
        body: serde_json::json!({ "stored": true, "item_id": result.item_id, "idempotency_key": key }).to_string(),
    };
    store.insert_result(ResultRow {
        key,
        item_id: &result.item_id,
        item_version: result.item_version.as_deref(),
        decision: result.decision.as_str(),
        body: &submission.text,
        request_json: &submission.canonical,
        status: answer.status,
        response_body: &answer.body,
        auto_approved: submission.origin == Origin::AutoApproval,
    })?;
    if result.decision != Decision::Skipped {
        store.set_pending(&result.item_id, false)?;
    }
    Ok(answer)
}
