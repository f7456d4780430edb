//! Fetching items and posting results with `fetch`. Everything it returns is a value,
//! failures included.

use std::time::Duration;

use crate::runtime::{set_timeout_with_handle, TimeoutHandle};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Request, RequestCredentials, RequestInit, Response};

use super::retry::{classify, next_delay_ms, retry_after_ms, Verdict, REQUEST_TIMEOUT_MS};
use crate::config::{Credentials, WidgetConfig};
use crate::json::{Tape, Value};

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

    /// How long to wait before try number `attempt + 2` after this failure (`attempt` 0: the
    /// first retry): the backend's `Retry-After` or the backoff; `None` when trying the same
    /// request again cannot help (a 4xx other than 408 and 429).
    pub fn retry_in_ms(&self, attempt: u32) -> Option<u64> {
        (classify(self.status()) == Verdict::Retry).then(|| {
            let retry_after = self.retry_after().and_then(|header| retry_after_ms(header, js_sys::Date::now()));
            next_delay_ms(attempt, js_sys::Math::random(), retry_after)
        })
    }

    /// Whether the backend says the item changed under the person (409/412).
    pub fn is_conflict(&self) -> bool {
        matches!(self.status(), 409 | 412)
    }
}

/// A request to `url` with the configured credentials and headers plus `headers`.
fn request(method: &str, url: &str, config: &WidgetConfig, headers: &[(&str, &str)], body: Option<&str>, signal: Option<&AbortSignal>) -> Result<Request, DeliveryError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(match config.credentials {
        Credentials::Omit => RequestCredentials::Omit,
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Include => RequestCredentials::Include,
    });
    let all = Headers::new().map_err(network)?;
    for (name, value) in config.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).chain(headers.iter().copied()) {
        all.set(name, value).map_err(network)?;
    }
    init.set_headers(&all);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    Request::new_with_str_and_init(url, &init).map_err(network)
}

/// Sends `request` with `fetch`.
async fn send(request: &Request) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    JsFuture::from(window.fetch_with_request(request)).await?.dyn_into::<Response>()
}

/// The body of `response` as text.
async fn text(response: &Response) -> Result<String, DeliveryError> {
    let promise = response.text().map_err(network)?;
    Ok(JsFuture::from(promise).await.map_err(network)?.as_string().unwrap_or_default())
}

/// GETs `url` and returns the body text of a 2xx answer. Like a result's POST, a request
/// that has not answered within the timeout is aborted: a backend that never answers would
/// otherwise leave the widget loading for good, never trying again.
pub async fn fetch_items(url: &str, config: &WidgetConfig) -> Result<String, DeliveryError> {
    let (response, deadline) = send_within_timeout("GET", url, config, &[("Accept", "application/json")], None).await?;
    let read = match success(response).await {
        Ok(response) => text(&response).await,
        Err(error) => Err(error),
    };
    deadline.over(read)
}

/// The timeout of one exchange, answer and body: when it passes, the request (or the reading
/// of its body) is aborted. Dropping it clears the timer.
struct Deadline {
    signal: Option<AbortSignal>,
    _timer: Option<TimeoutHandle>,
}

impl Deadline {
    /// `done`, read as [`DeliveryError::Timeout`] when it failed because the deadline passed.
    fn over<T>(&self, done: Result<T, DeliveryError>) -> Result<T, DeliveryError> {
        let timed_out = self.signal.as_ref().is_some_and(AbortSignal::aborted);
        done.map_err(|error| if timed_out { DeliveryError::Timeout } else { error })
    }
}

/// Builds a request as [`request`] does and sends it, aborting it when it has not been
/// answered, body included, within [`REQUEST_TIMEOUT_MS`] (then [`DeliveryError::Timeout`]):
/// the deadline returned with the answer keeps running while its body is read. A backend
/// that sends its headers and then never finishes the body would otherwise hang the
/// exchange as surely as one that never answers.
async fn send_within_timeout(method: &str, url: &str, config: &WidgetConfig, headers: &[(&str, &str)], body: Option<&str>) -> Result<(Response, Deadline), DeliveryError> {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    let request = request(method, url, config, headers, body, signal.as_ref())?;
    let abort = controller.clone();
    let timer = set_timeout_with_handle(move || abort.iter().for_each(AbortController::abort), Duration::from_millis(REQUEST_TIMEOUT_MS.into())).ok();
    let deadline = Deadline { signal, _timer: timer };
    let sent = send(&request).await.map_err(network);
    deadline.over(sent).map(|response| (response, deadline))
}

/// GETs `url` as a plain request (no credentials, no configured headers) and returns the
/// body text of a 2xx answer: the widget's own files, such as a locale's messages.
pub async fn fetch_text(url: &str) -> Result<String, DeliveryError> {
    let request = Request::new_with_str(url).map_err(network)?;
    let response = success(send(&request).await.map_err(network)?).await?;
    text(&response).await
}

/// GETs `url` as [`fetch_text`] does and returns the body of a 2xx answer as bytes, still in
/// JS: the widget's own wasm (`countersign_kinds.wasm`).
pub async fn fetch_bytes(url: &str) -> Result<JsValue, DeliveryError> {
    let request = Request::new_with_str(url).map_err(network)?;
    let response = success(send(&request).await.map_err(network)?).await?;
    let promise = response.array_buffer().map_err(network)?;
    JsFuture::from(promise).await.map_err(network)
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
    let if_match = version.map(|version| format!("\"{version}\""));
    let mut headers = vec![("Content-Type", "application/json"), ("Idempotency-Key", key)];
    headers.extend(if_match.as_deref().map(|value| ("If-Match", value)));
    headers.extend(extra_headers.iter().map(|(name, value)| (name.as_str(), value.as_str())));
    let (response, deadline) = send_within_timeout("POST", url, config, &headers, Some(json)).await?;
    // An error's body is read for its message, within the same deadline.
    deadline.over(success(response).await.map(|response| response.status()))
}

async fn success(response: Response) -> Result<Response, DeliveryError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let fallback = response.status_text();
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let text = text(&response).await.unwrap_or_default();
    let message = error_message(&text).unwrap_or(if fallback.is_empty() { format!("HTTP {status}") } else { fallback });
    Err(DeliveryError::Http { status, message, retry_after })
}

/// The `error.message` of a JSON error body, as the reference server sends it.
fn error_message(body: &str) -> Option<String> {
    Tape::parse(body).ok()?.root().get("error")?.get("message").and_then(Value::as_str).map(|message| message.into_owned())
}

/// A failed `fetch` (or request construction) as a network error with the browser's words.
fn network(error: JsValue) -> DeliveryError {
    let message = crate::js_values::error_text(&error);
    DeliveryError::Network(if message.is_empty() { "the request failed".into() } else { message })
}
