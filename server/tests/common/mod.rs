//! What every server test needs: a fresh database file, requests through `oneshot`, and
//! well-formed results to send.

#![allow(dead_code)] // Each test binary uses a different part of this.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use countersign_server::{app, AppState, Db};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Two small items: one with a version, one without.
pub const SEED: &str = r#"{"items": [
  {"id": "itm_a", "version": "1", "kind": "email", "title": "A",
   "draft": {"subject": "Hello", "body": "Hi Sam, thanks for the demo."},
   "metadata": {"crm": 1.50}},
  {"id": "itm_b", "kind": "message", "draft": {"body": "Quick question about pricing."}}
]}"#;

/// A path in the temp directory no other test (or run) uses.
pub fn temp_path(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let unique = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    std::env::temp_dir().join(format!("countersign-test-{}-{nanos}-{unique}-{name}", std::process::id()))
}

/// A database file that is deleted (with its WAL files) when the test ends.
pub struct TempDb {
    /// The SQLite file.
    pub path: PathBuf,
}

impl TempDb {
    pub fn new(name: &str) -> TempDb {
        TempDb { path: temp_path(&format!("{name}.db")) }
    }

    /// Opens the file, seeding it with `seed` when it is new.
    pub fn open(&self, seed: &str) -> Db {
        Db::open(&self.path, seed).expect("the test database opens").db
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A state over a fresh database seeded with [`SEED`], serving static files from `root`.
pub fn state(db: &TempDb) -> AppState {
    AppState::new(db.open(SEED), std::env::temp_dir())
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// The `error.code` of a JSON error answer.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_else(|| panic!("not a JSON error: {}", self.body)).to_string()
    }
}

/// Sends one request through the router.
pub async fn send(state: &AppState, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::from(body.to_string())).expect("a valid request");
    let response = app(state.clone()).oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("the body reads").to_bytes();
    Answer { status, headers, body: String::from_utf8(bytes.to_vec()).expect("a UTF-8 body") }
}

/// `GET uri`.
pub async fn get(state: &AppState, uri: &str) -> Answer {
    send(state, "GET", uri, &[], "").await
}

/// A complete ReviewResult for `item_id`, written with a space after each colon the way a
/// browser's JSON.stringify would not, so tests can tell verbatim storage from re-serialising.
pub fn result(key: &str, item_id: &str, item_version: &str, decision: &str) -> String {
    format!(
        r#"{{"schema": "countersign.result.v1", "idempotency_key": "{key}", "item_id": "{item_id}",
  "item_version": "{item_version}", "kind": "email", "decision": "{decision}", "edited": false,
  "original": {{"subject": "Hello", "body": "Hi Sam"}}, "final": {{"subject": "Hello", "body": "Hi Sam"}},
  "changes": [{{"op": "equal", "text": "Hi Sam"}}], "reasons": [],
  "reviewer": {{"id": "u-17", "name": "Dana Kim"}},
  "opened_at": "2026-11-22T10:00:00Z", "decided_at": "2026-11-22T10:01:12Z", "active_ms": 48210,
  "metadata": {{"crm": 1.50}}, "client": {{"name": "countersign", "version": "0.1.0"}}}}"#
    )
}

/// `POST /api/results` with the body's key as `Idempotency-Key` and the given extra headers.
pub async fn post_result(state: &AppState, body: &str, extra: &[(&str, &str)]) -> Answer {
    let key = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value["idempotency_key"].as_str().map(str::to_string))
        .unwrap_or_default();
    let mut headers = vec![("content-type", "application/json"), ("idempotency-key", key.as_str())];
    headers.extend_from_slice(extra);
    send(state, "POST", "/api/results", &headers, body).await
}

/// The ids of the pending items, in order.
pub async fn pending_ids(state: &AppState) -> Vec<String> {
    let answer = get(state, "/api/items").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()["items"]
        .as_array()
        .expect("an items array")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_string())
        .collect()
}
