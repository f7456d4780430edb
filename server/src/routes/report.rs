//! The trust report: `GET /api/stats` (JSON), `GET /report` (a page that works without
//! JavaScript) and `GET /report.css`.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::param;
use crate::error::ApiError;
use crate::report_page;
use crate::trust::{report, Report, Settings};
use crate::{json_response, AppState};

/// Reads `?target=` (a share above 0 and at most 1) and `?min_samples=` (at least 1).
fn settings(query: &HashMap<String, String>) -> Result<Settings, ApiError> {
    let mut settings = Settings::default();
    if let Some(text) = param(query, "target") {
        settings.target = text.parse::<f64>().ok().filter(|target| *target > 0.0 && *target <= 1.0).ok_or_else(|| ApiError::BadRequest(format!("target must be a share above 0 and at most 1, such as 0.95, not \"{text}\"")))?;
    }
    if let Some(text) = param(query, "min_samples") {
        settings.min_samples = text.parse::<u64>().ok().filter(|samples| *samples >= 1).ok_or_else(|| ApiError::BadRequest(format!("min_samples must be a whole number of at least 1, not \"{text}\"")))?;
    }
    Ok(settings)
}

async fn computed(state: &AppState, query: &HashMap<String, String>) -> Result<Report, ApiError> {
    let settings = settings(query)?;
    let checks = state.db.read(|store| Ok(store.spot_checks()?)).await?;
    state.decisions.with_all(&state.db, |decided| report(decided, checks, settings)).await
}

/// `GET /api/stats`.
pub async fn stats(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let report = computed(&state, &query).await?;
    Ok(json_response(StatusCode::OK, report.to_json().to_string()))
}

/// `GET /report`.
pub async fn page_html(State(state): State<AppState>, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let report = computed(&state, &query).await?;
    Ok(([(CONTENT_TYPE, "text/html; charset=utf-8"), (CACHE_CONTROL, "no-store")], report_page::page(&report)).into_response())
}

/// `GET /report.css`.
pub async fn css() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "no-cache")], report_page::CSS).into_response()
}
