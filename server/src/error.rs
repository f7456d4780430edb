//! Every way a request can fail, as one enum that renders the contract's JSON error:
//! `{"error": {"code": "…", "message": "…"}}` (plus `details` for rejected items).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use countersign::json::Json;
use countersign::model::ItemError;

use crate::json_response;

/// A failed request. Each variant knows its HTTP status and its stable `code`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON at all (400 `bad_json`).
    #[error("the body is not valid JSON: {0}")]
    BadJson(String),
    /// The body could not be read (400 `bad_request`).
    #[error("the request could not be read: {0}")]
    BadRequest(String),
    /// The body is larger than the server accepts (413 `payload_too_large`).
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The largest body accepted, in bytes.
        limit: usize,
    },
    /// The body is JSON but not a ReviewResult (422 `invalid_result`).
    #[error("the body is not a valid ReviewResult: {0}")]
    InvalidResult(String),
    /// The `Idempotency-Key` header and the body's `idempotency_key` differ
    /// (422 `idempotency_key_mismatch`).
    #[error("the Idempotency-Key header \"{header}\" differs from the body's idempotency_key \"{body}\"")]
    IdempotencyKeyMismatch {
        /// The header's value.
        header: String,
        /// The body's `idempotency_key`.
        body: String,
    },
    /// A posted result claims to be one of the server's own auto-approvals: its key is under
    /// `auto-` or its reviewer is `auto` (422 `reserved_for_server`); see [`crate::reserved`].
    #[error("{0}")]
    ReservedForServer(String),
    /// The key was already used for a different body (422 `idempotency_key_reused`).
    #[error("the idempotency key \"{0}\" was already used for a different result")]
    IdempotencyKeyReused(String),
    /// `If-Match` names a version other than the item's current one (412 `version_conflict`).
    #[error("item \"{item_id}\" is at version \"{current}\", but the decision was made on version \"{given}\"")]
    VersionConflict {
        /// The item's id.
        item_id: String,
        /// The item's current version on the server.
        current: String,
        /// The version the client named in `If-Match`.
        given: String,
    },
    /// No item of an ingested batch was valid (422 `invalid_items`); `details` lists why.
    #[error("{message}")]
    InvalidItems {
        /// A summary for a person.
        message: String,
        /// One entry per rejected item.
        details: Vec<ItemError>,
    },
    /// The API asks for a bearer token and the request had none or another (401
    /// `unauthorized`).
    #[error("this API needs the header Authorization: Bearer <token> with the server's token")]
    Unauthorized,
    /// A page from an origin `--allow-origin` does not list called the API (403
    /// `origin_not_allowed`).
    #[error("pages from {0} may not call this API; start the server with --allow-origin {0} to let them")]
    OriginNotAllowed(String),
    /// No route answers this path (404 `not_found`).
    #[error("nothing at {0}")]
    NotFound(String),
    /// The route exists but not for this method (405 `method_not_allowed`).
    #[error("method {0} is not allowed here")]
    MethodNotAllowed(String),
    /// A static file was asked for with a `Range` outside it (416 `range_not_satisfiable`).
    #[error("the range asked for is not inside {0}")]
    RangeNotSatisfiable(String),
    /// Storage failed (500 `database`); the detail goes to the log, not to the client.
    #[error("the database failed: {0}")]
    Database(#[from] crate::db::StorageError),
    /// Anything else that should not happen (500 `internal`); logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadJson(_) | ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidResult(_)
            | ApiError::IdempotencyKeyMismatch { .. }
            | ApiError::IdempotencyKeyReused(_)
            | ApiError::ReservedForServer(_)
            | ApiError::InvalidItems { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::VersionConflict { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::OriginNotAllowed(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RangeNotSatisfiable(_) => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::Database(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code, as in `"code": "version_conflict"`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadJson(_) => "bad_json",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::InvalidResult(_) => "invalid_result",
            ApiError::IdempotencyKeyMismatch { .. } => "idempotency_key_mismatch",
            ApiError::IdempotencyKeyReused(_) => "idempotency_key_reused",
            ApiError::ReservedForServer(_) => "reserved_for_server",
            ApiError::VersionConflict { .. } => "version_conflict",
            ApiError::InvalidItems { .. } => "invalid_items",
            ApiError::Unauthorized => "unauthorized",
            ApiError::OriginNotAllowed(_) => "origin_not_allowed",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::RangeNotSatisfiable(_) => "range_not_satisfiable",
            ApiError::Database(_) => "database",
            ApiError::Internal(_) => "internal",
        }
    }

    /// The message sent to the client: the whole story for a client's mistake, a generic
    /// sentence for the server's own failures (their detail is logged instead).
    pub fn public_message(&self) -> String {
        match self {
            ApiError::Database(_) | ApiError::Internal(_) => "the server failed; its log says why".to_string(),
            _ => self.to_string(),
        }
    }

    /// The whole JSON body, `{"error": {...}}`.
    pub fn body(&self) -> String {
        let mut error = Json::object(vec![("code", self.code().into()), ("message", self.public_message().into())]);
        // Only items to list: a body that is not a batch, or repeats a key, has none, and an
        // empty list would read as "every item was fine".
        if let ApiError::InvalidItems { details, .. } = self
            && !details.is_empty()
        {
            error.set("details", Json::Array(details.iter().map(ItemError::to_json).collect()));
        }
        Json::object(vec![("error", error)]).to_text()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            eprintln!("countersign-server: {self}");
        }
        let mut response = json_response(self.status(), self.body());
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
