//! `GET /api/export?format=jsonl|pairs|langchain&since=…`: every stored decision as training
//! data, one JSON line each, streamed page by page (never built whole in memory).

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::Response;
use futures_util::stream;

use crate::db::export::{page, Since};
use super::param;
use crate::error::ApiError;
use crate::export::{line, Format};
use crate::AppState;

/// How many results one database call reads.
const PAGE: u32 = 500;

/// Reads `since`: a storage position (the `seq` of the last `jsonl` line a puller got) or an
/// ISO 8601 time (results stored after it).
fn since(text: Option<&str>) -> Result<Since, ApiError> {
    let Some(text) = text.map(|text| text.trim()).filter(|text| !text.is_empty()) else { return Ok(Since::Start) };
    if let Ok(position) = text.parse::<i64>() {
        return Ok(Since::Position(position));
    }
    match crate::timestamp::stored(text) {
        Some(time) => Ok(Since::Time(time)),
        None => Err(ApiError::BadRequest(format!("since must be a position from an earlier export or an ISO 8601 time such as 2026-11-01T00:00:00Z, not \"{text}\""))),
    }
}

/// The export: `application/x-ndjson`, one line per result the format keeps.
pub async fn export(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let name = param(&query, "format").unwrap_or("jsonl");
    let format = Format::parse(name).ok_or_else(|| ApiError::BadRequest(format!("unknown format \"{name}\"; expected one of {}", Format::NAMES.join(", "))))?;
    let since = since(param(&query, "since"))?;
    // Each poll reads one page and sends the lines the format keeps; an empty page ends it.
    let pages = stream::unfold(Some(0_i64), move |after| {
        let (db, since) = (state.db.clone(), since.clone());
        async move {
            let after = after?;
            let rows = match db.read(move |store| page(store, &since, after, PAGE)).await {
                Ok(rows) => rows,
                // The status is sent already: an error item makes the server abort the
                // connection, so a puller sees a broken transfer, never a short export.
                Err(error) => return Some((Err(std::io::Error::other(error.to_string())), None)),
            };
            let last = rows.last().map(|row| row.seq)?;
            let text: String = rows.iter().filter_map(|row| line(format, row)).collect();
            Some((Ok(Bytes::from(text)), Some(last)))
        }
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(CONTENT_TYPE, "application/x-ndjson")
        .header(CACHE_CONTROL, "no-store")
        .body(Body::from_stream(pages))
        .map_err(|error| ApiError::Internal(format!("the export response could not be built: {error}")))
}
