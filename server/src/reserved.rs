//! What only the server writes: the reviewer id and the idempotency keys of its own
//! auto-approvals (routing by trust). The server records which results it made as it stores
//! them (`results.auto_approved`) and tells auto-approvals by that record alone; a posted
//! result that claims either mark is refused, so that the marks keep meaning "the server made
//! this" for everyone who reads results or the export by them.

use countersign::json::Json;
use countersign::model::ReviewResult;

use crate::error::ApiError;

/// The `reviewer.id` of the server's auto-approvals.
pub const AUTO_REVIEWER_ID: &str = "auto";

/// The `reviewer.name` of the server's auto-approvals.
pub const AUTO_REVIEWER_NAME: &str = "Countersign auto-approval";

/// How the idempotency key of every auto-approval starts (`auto-<id length>-<id>-<version>`).
pub const AUTO_KEY_PREFIX: &str = "auto-";

/// Refuses a posted result that claims to be one of the server's auto-approvals: its key is
/// under [`AUTO_KEY_PREFIX`] (the server's own approval of that item version would later find
/// its key taken, and the ingest would fail) or its `reviewer.id` is exactly
/// [`AUTO_REVIEWER_ID`].
pub fn refuse_claims(result: &ReviewResult) -> Result<(), ApiError> {
    if result.idempotency_key.starts_with(AUTO_KEY_PREFIX) {
        return Err(ApiError::ReservedForServer(format!(
            "the idempotency key \"{}\" starts with \"{AUTO_KEY_PREFIX}\", which is reserved for the server's own auto-approvals (routing by trust); send the decision under another key",
            result.idempotency_key
        )));
    }
    let reviewer_id = result.reviewer.as_ref().and_then(|reviewer| reviewer.get("id")).and_then(Json::as_str);
    if reviewer_id == Some(AUTO_REVIEWER_ID) {
        return Err(ApiError::ReservedForServer(format!(
            "reviewer.id \"{AUTO_REVIEWER_ID}\" is reserved for the server's own auto-approvals (routing by trust); send a person's decision under the person's own id"
        )));
    }
    Ok(())
}
