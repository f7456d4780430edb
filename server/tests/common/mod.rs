//! What every server test needs: a fresh database file, requests through `oneshot`, and
//! well-formed results to send.

#![allow(dead_code)] // Each test binary uses a different part of this.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use countersign_server::{app, AppState, Db, DbError, Opened};
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

/// The environment variable naming a PostgreSQL server for the storage tests (`cargo xtask
/// test` sets it for a second run over a throwaway cluster): with it, every [`TempDb::new`]
/// is a fresh schema on that server instead of a SQLite file.
pub const POSTGRES_ENV: &str = "COUNTERSIGN_TEST_DATABASE_URL";

/// A fresh database for one test: a SQLite file, deleted (with its WAL files) when the test
/// ends, or, when [`POSTGRES_ENV`] is set, a PostgreSQL schema, dropped when the test ends.
pub struct TempDb {
    /// The SQLite file (unused on PostgreSQL).
    pub path: PathBuf,
    /// On PostgreSQL, the schema.
    postgres: Option<Schema>,
}

impl TempDb {
    /// A database on the backend under test.
    pub fn new(name: &str) -> TempDb {
        match std::env::var(POSTGRES_ENV).ok().filter(|url| !url.is_empty()) {
            Some(server) => TempDb::postgres(&server, name),
            None => TempDb::file(name),
        }
    }

    /// A SQLite file whatever the backend under test: for what only SQLite has.
    pub fn file(name: &str) -> TempDb {
        TempDb { path: temp_path(&format!("{name}.db")), postgres: None }
    }

    fn postgres(server: &str, name: &str) -> TempDb {
        let path = temp_path(name);
        let unique = path.file_name().and_then(|name| name.to_str()).unwrap_or("x");
        let schema: String = unique.chars().map(|char| if char.is_ascii_alphanumeric() { char.to_ascii_lowercase() } else { '_' }).take(63).collect();
        postgres_admin(server, &format!("CREATE SCHEMA \"{schema}\""));
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-csearch_path%3D{schema}");
        TempDb { path, postgres: Some(Schema { url, server: server.to_string(), name: schema }) }
    }

    /// The URL of this test's PostgreSQL schema, `None` for a SQLite file.
    pub fn postgres_url(&self) -> Option<&str> {
        self.postgres.as_ref().map(|schema| schema.url.as_str())
    }

    /// Opens the database, seeding it with `seed` when it is new.
    pub fn try_open(&self, seed: &str) -> Result<Opened, DbError> {
        match self.postgres_url() {
            Some(url) => Db::open_postgres(url, seed),
            None => Db::open(&self.path, seed),
        }
    }

    /// Runs `sql` (statements separated by `;`) on the database as it is, outside the
    /// server: for building a database as an older server left it.
    pub fn execute(&self, sql: &str) {
        match self.postgres_url() {
            Some(url) => postgres_admin(url, sql),
            None => rusqlite::Connection::open(&self.path).and_then(|connection| connection.execute_batch(sql)).unwrap_or_else(|error| panic!("{sql}: {error}")),
        }
    }

    /// Opens the database, seeding it with `seed` when it is new.
    pub fn open(&self, seed: &str) -> Db {
        self.try_open(seed).expect("the test database opens").db
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Some(schema) = &self.postgres {
            // Bounded: a lock the test left behind (a transaction its server never ended)
            // would otherwise hang the whole run here, since this blocks the test's runtime,
            // which is what could end it. The schema is a throwaway; a warning is enough.
            let sql = format!("SET lock_timeout = '20s'; DROP SCHEMA IF EXISTS \"{}\" CASCADE", schema.name);
            if let Err(problem) = try_postgres_admin(&schema.server, &sql) {
                eprintln!("warning: test schema {} left behind: {problem}", schema.name);
            }
            return;
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.path.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A test's own schema on the PostgreSQL server under test.
struct Schema {
    /// The schema's URL: the server's, with `search_path` set to it.
    url: String,
    /// The server's URL.
    server: String,
    name: String,
}

/// Runs `sql` on the PostgreSQL server at `url`, on a thread and runtime of its own so it
/// works inside an async test and in `Drop`.
fn postgres_admin(url: &str, sql: &str) {
    if let Err(problem) = try_postgres_admin(url, sql) {
        panic!("{problem}");
    }
}

/// [`postgres_admin`], saying what went wrong instead of panicking (for `Drop`, which may run
/// while a failed test unwinds).
fn try_postgres_admin(url: &str, sql: &str) -> Result<(), String> {
    let (url, sql) = (url.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| format!("no runtime: {error}"))?;
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await.map_err(|error| format!("cannot reach PostgreSQL at {url}: {error}"))?;
            tokio::spawn(connection);
            client.batch_execute(&sql).await.map_err(|error| format!("{sql}: {error}"))
        })
    })
    .join()
    .unwrap_or_else(|_| Err("the PostgreSQL statement's thread panicked".into()))
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

/// The server binary started with `args` (`--port 0` is added), its stderr discarded: the
/// running process, the first line it printed, and the address that line names.
pub fn start_binary(args: &[&std::ffi::OsStr]) -> (std::process::Child, String, std::net::SocketAddr) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_countersign-server"))
        .args(["--port", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("its stdout")).read_line(&mut line).expect("it prints its address");
    let address = line
        .strip_prefix("Countersign reference server on http://")
        .and_then(|rest| rest.split_once(' '))
        .and_then(|(address, _)| address.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line}"));
    (child, line, address)
}

/// Sends one HTTP/1.1 request with `Connection: close` over TCP and returns the whole raw answer.
pub fn raw_request(address: std::net::SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).expect("the server accepts connections");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}
