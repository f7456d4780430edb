//! The server's request handling, through the whole router: any method, path, query, headers
//! and body get an answer, never a 500, and every error is the contract's JSON error.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderValue, Request};
use countersign_server::access::Access;
use countersign_server::{app, AppState, Db, DEFAULT_SEED};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const ROUTES: [(&str, &str); 9] = [
    ("POST", "/api/items"),
    ("POST", "/api/results"),
    ("GET", "/api/items"),
    ("GET", "/api/results"),
    ("GET", "/api/export"),
    ("GET", "/api/stats"),
    ("OPTIONS", "/api/results"),
    ("GET", "/report"),
    ("PUT", "/api/items"),
];

/// One server for the whole run, with a token and an allowed origin, on a fresh SQLite file:
/// `COUNTERSIGN_FUZZ_DB` (which `cargo xtask test --fuzz` sets), else one in the temp directory.
fn state() -> &'static (AppState, tokio::runtime::Runtime) {
    static STATE: OnceLock<(AppState, tokio::runtime::Runtime)> = OnceLock::new();
    STATE.get_or_init(|| {
        let path = std::env::var_os("COUNTERSIGN_FUZZ_DB").map(std::path::PathBuf::from).unwrap_or_else(|| std::env::temp_dir().join(format!("countersign-fuzz-{}.db", std::process::id())));
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.clone().into_os_string();
            file.push(suffix);
            let _ = std::fs::remove_file(file);
        }
        let db = Db::open(&path, DEFAULT_SEED).expect("the fuzz database opens").db;
        let access = Access::new(Some("fuzz-token".into()), vec!["https://crm.example.com".into()]);
        let state = AppState::new(db, std::env::temp_dir()).with_access(access);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        (state, runtime)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&route, rest)) = data.split_first() else { return };
    let (method, path) = ROUTES[usize::from(route) % ROUTES.len()];
    // The rest is: query, Idempotency-Key, If-Match, Authorization, Origin, body, split at NULs.
    let mut parts = rest.splitn(6, |byte| *byte == 0);
    let mut next = || parts.next().unwrap_or_default();
    let query = String::from_utf8_lossy(next()).replace(|char: char| char.is_whitespace() || char.is_control(), "");
    let uri = format!("{path}?{query}");
    let mut request = Request::builder().method(method).uri(if uri.parse::<axum::http::Uri>().is_ok() { uri.as_str() } else { path });
    for name in ["idempotency-key", "if-match", "authorization", "origin"] {
        let value = next();
        // Half the requests carry the right token, so the routes behind it are reached.
        let value = if name == "authorization" && value.first().is_some_and(|byte| byte % 2 == 0) { &b"Bearer fuzz-token"[..] } else { value };
        if let Ok(value) = HeaderValue::from_bytes(value)
            && !value.is_empty()
        {
            request = request.header(name, value);
        }
    }
    let body = next().to_vec();
    let Ok(request) = request.header("content-type", "application/json").body(Body::from(body)) else { return };
    let (state, runtime) = state();
    let (status, answer) = runtime.block_on(async {
        let response = app(state.clone()).oneshot(request).await.expect("the router answers");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("the body reads").to_bytes();
        (status, bytes)
    });
    assert!(!status.is_server_error(), "{method} {path}: {status}: {}", String::from_utf8_lossy(&answer));
    if status.is_client_error() {
        let error: serde_json::Value = serde_json::from_slice(&answer).unwrap_or_else(|_| panic!("{status} is not JSON: {}", String::from_utf8_lossy(&answer)));
        assert!(error["error"]["code"].is_string() && error["error"]["message"].is_string(), "{status}: {error}");
    }
});
