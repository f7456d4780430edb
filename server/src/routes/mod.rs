//! The HTTP surface (contract §5), one module per resource.

pub mod export;
pub mod guard;
pub mod items;
pub mod report;
pub mod results;
pub mod static_files;

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{Method, StatusCode, Uri};

use crate::error::ApiError;
use crate::MAX_BODY_BYTES;

/// Reads a request body as UTF-8 text, turning the body limit into a JSON 413.
pub(crate) fn body_text(body: Result<Bytes, BytesRejection>) -> Result<String, ApiError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge { limit: MAX_BODY_BYTES }
        } else {
            ApiError::BadRequest(rejection.body_text())
        }
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|error| ApiError::BadJson(format!("the body is not UTF-8: {error}")))
}

/// Query parameter `name`, when given: an empty one counts as not given, for every parameter
/// of every route, as a client filling in a query template (`?kind=&limit=&cursor=`) asks for
/// everything, not for a page of no size.
pub(crate) fn param<'a>(query: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    query.get(name).map(String::as_str).filter(|value| !value.is_empty())
}

/// Answers any path no route knows with a JSON 404.
pub(crate) async fn not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(uri.path().to_string())
}

/// Answers a known path asked with the wrong method with a JSON 405.
pub(crate) async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}
