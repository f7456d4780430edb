//! Fetching items and posting results with `fetch`. Everything it returns is a value,
//! failures included.

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::set_timeout_with_handle;
use web_sys::{AbortController, RequestCredentials};

use super::retry::REQUEST_TIMEOUT_MS;
use crate::config::{Credentials, WidgetConfig};

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeliveryError {
    /// The request never got an answer (offline, DNS, CORS, aborted).
    #[error("network error: {0}")]
    Network(String),
    /// The backend did not answer within the request timeout.
    #[error("no answer within {} seconds", REQUEST_TIMEOUT_MS / 1000)]
    Timeout,
    /// The backend answered with a non-2xx status.
    #[error("{message} (HTTP {status})")]
    Http {
        /// The status code.
        status: u16,
        /// The backend's `error.message`, or the status text.
        message: String,
        /// The `Retry-After` header, when the backend sent one.
        retry_after: Option<String>,
    },
}

impl DeliveryError {
    /// The HTTP status, 0 when there was none.
    pub fn status(&self) -> u16 {
        match self {
            DeliveryError::Network(_) | DeliveryError::Timeout => 0,
            DeliveryError::Http { status, .. } => *status,
        }
    }

    /// The backend's `Retry-After` header, if it sent one.
    pub fn retry_after(&self) -> Option<&str> {
        match self {
            DeliveryError::Http { retry_after, .. } => retry_after.as_deref(),
            _ => None,
        }
    }

    /// Whether the backend says the item changed under the person (409/412).
    pub fn is_conflict(&self) -> bool {
        matches!(self.status(), 409 | 412)
    }
}

fn with_options(builder: RequestBuilder, config: &WidgetConfig) -> RequestBuilder {
    let credentials = match config.credentials {
        Credentials::Omit => RequestCredentials::Omit,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Include => RequestCredentials::Include,
    };
    config.headers.iter().fold(builder.credentials(credentials), |builder, (name, value)| builder.header(name, value))
}

/// GETs `url` and returns the body text of a 2xx answer.
pub async fn fetch_items(url: &str, config: &WidgetConfig) -> Result<String, DeliveryError> {
    let response = with_options(Request::get(url), config).header("Accept", "application/json").send().await.map_err(network)?;
    let response = success(response).await?;
    response.text().await.map_err(network)
}

/// POSTs one result's JSON with its idempotency key (and `If-Match` for a versioned item),
/// plus `extra_headers` (from `config.authHeaders()`). Returns the 2xx status. A request that
/// has not answered within the timeout is aborted.
pub async fn post_result(
    url: &str,
    config: &WidgetConfig,
    extra_headers: &[(String, String)],
    json: &str,
    key: &str,
    version: Option<&str>,
) -> Result<u16, DeliveryError> {
    let mut builder = with_options(Request::post(url), config).header("Content-Type", "application/json").header("Idempotency-Key", key);
    if let Some(version) = version {
        builder = builder.header("If-Match", &format!("\"{version}\""));
    }
    builder = extra_headers.iter().fold(builder, |builder, (name, value)| builder.header(name, value));
    let controller = AbortController::new().ok();
    let request = builder.abort_signal(controller.as_ref().map(|controller| controller.signal()).as_ref()).body(json.to_string()).map_err(network)?;
    let abort = controller.clone();
    let timer = set_timeout_with_handle(move || abort.iter().for_each(AbortController::abort), Duration::from_millis(REQUEST_TIMEOUT_MS.into())).ok();
    let sent = request.send().await;
    timer.iter().for_each(|timer| timer.clear());
    let timed_out = controller.is_some_and(|controller| controller.signal().aborted());
    let response = sent.map_err(|error| if timed_out { DeliveryError::Timeout } else { network(error) })?;
    success(response).await.map(|response| response.status())
}

async fn success(response: Response) -> Result<Response, DeliveryError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let fallback = response.status_text();
    let retry_after = response.headers().get("Retry-After");
    let text = response.text().await.unwrap_or_default();
    let message = error_message(&text).unwrap_or(if fallback.is_empty() { format!("HTTP {status}") } else { fallback });
    Err(DeliveryError::Http { status, message, retry_after })
}

/// The `error.message` of a JSON error body, as the reference server sends it.
fn error_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value.get("error")?.get("message")?.as_str().map(str::to_string)
}

fn network(error: gloo_net::Error) -> DeliveryError {
    DeliveryError::Network(error.to_string())
}
