//! Results: storing a decision exactly once per idempotency key, and listing them.

use countersign::model::{Decision, ReviewResult};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use serde_json::Value;

use super::items;
use crate::error::ApiError;

/// A result as it arrived, checked and ready to store.
#[derive(Debug)]
pub struct Submission {
    /// The body, verbatim; this is what `GET /api/results` gives back.
    pub text: String,
    /// The body parsed, to recognise a retry whatever its spacing or key order.
    pub value: Value,
    /// The body as a ReviewResult.
    pub result: ReviewResult,
    /// The versions named by `If-Match`, unquoted; `None` without the header.
    pub if_match: Option<Vec<String>>,
}

/// The answer to send: its status and JSON body. A retry gets the stored one, byte for byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

/// Stores `submission` once. In one transaction: a known key replays its first answer (or is
/// refused when the body differs), a stale `If-Match` is refused, and otherwise the result,
/// its idempotency record and the item's pending flag are written together.
pub fn store(connection: &mut Connection, submission: &Submission) -> Result<Answer, ApiError> {
    match store_once(connection, submission) {
        // Another writer (another process on the same file) stored this key between our check
        // and our insert. The key's UNIQUE constraint caught it; now the lookup finds its answer.
        Err(ApiError::Database(rusqlite::Error::SqliteFailure(failure, _)))
            if failure.code == ErrorCode::ConstraintViolation =>
        {
            store_once(connection, submission)
        }
        outcome => outcome,
    }
}

fn store_once(connection: &mut Connection, submission: &Submission) -> Result<Answer, ApiError> {
    // IMMEDIATE takes the write lock first, so no other writer slips in between check and insert.
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let answer = store_in(&transaction, submission)?;
    transaction.commit()?;
    Ok(answer)
}

/// [`store`]'s work inside a transaction the caller holds (and commits): the ingest stores its
/// auto-approvals in the same transaction as the items.
pub fn store_in(transaction: &Connection, submission: &Submission) -> Result<Answer, ApiError> {
    let result = &submission.result;
    let key = result.idempotency_key.as_str();

    let earlier: Option<(String, u16, String)> = transaction
        .query_row(
            "SELECT request_json, status, response_body FROM idempotency WHERE key = ?1",
            [key],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    if let Some((request_json, status, body)) = earlier {
        let first: Value = serde_json::from_str(&request_json)
            .map_err(|error| ApiError::Internal(format!("a stored request is not JSON: {error}")))?;
        return if first == submission.value {
            Ok(Answer { status, body })
        } else {
            Err(ApiError::IdempotencyKeyReused(key.to_string()))
        };
    }

    if let Some(given) = &submission.if_match
        && let Some(current) = items::current_version(transaction, &result.item_id)?
        && !given.iter().any(|version| version == "*" || *version == current)
    {
        return Err(ApiError::VersionConflict {
            item_id: result.item_id.clone(),
            current,
            given: given.join(", "),
        });
    }

    transaction.execute(
        "INSERT INTO results (idempotency_key, item_id, item_version, decision, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, result.item_id, result.item_version, result.decision.as_str(), submission.text],
    )?;
    let result_seq = transaction.last_insert_rowid();
    let answer = Answer {
        status: 201,
        body: serde_json::json!({ "stored": true, "item_id": result.item_id, "idempotency_key": key }).to_string(),
    };
    let canonical = serde_json::to_string(&submission.value)
        .map_err(|error| ApiError::Internal(format!("a parsed body cannot be written back: {error}")))?;
    transaction.execute(
        "INSERT INTO idempotency (key, request_json, status, response_body, result_seq) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, canonical, answer.status, answer.body, result_seq],
    )?;
    if result.decision != Decision::Skipped {
        items::set_pending(transaction, &result.item_id, false)?;
    }
    Ok(answer)
}

/// Every stored result's body, verbatim, in the order they were stored.
pub fn all(connection: &Connection) -> Result<Vec<String>, ApiError> {
    let mut statement = connection.prepare_cached("SELECT body FROM results ORDER BY seq")?;
    let bodies = statement.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(bodies)
}
