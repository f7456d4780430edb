//! The Countersign reference server: it serves the demo page and the built widget, hands out
//! pending items, ingests new ones from an AI pipeline, and stores every decision in SQLite,
//! once per idempotency key (contract §5).
//!
//! [`app`] builds the whole router, so tests drive it with `tower::ServiceExt::oneshot`;
//! [`serve`] runs it on a listener.

pub mod access;
pub mod cli;
pub mod db;
mod decisions;
pub mod error;
pub mod export;
pub mod history;
pub mod if_match;
mod random;
pub mod timestamp;
mod json;
mod report_page;
pub mod reserved;
pub mod routes;
pub mod routing;
pub mod trust;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

pub use db::{Db, DbError, Opened};
pub use error::ApiError;
pub use json::RepeatedKey;

/// The items a new database starts with: `{"items": [ReviewItem...]}`.
pub const DEFAULT_SEED: &str = include_str!("../seed/items.json");

/// The largest request body accepted; larger ones get a JSON 413. The widget's limit for a
/// result, which it refuses to queue beyond.
pub const MAX_BODY_BYTES: usize = countersign::model::MAX_REQUEST_BYTES;

/// What every handler shares: the database and the directory the static files come from.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The SQLite database.
    pub db: Db,
    /// The directory holding `index.html` and `dist/`.
    pub root: Arc<PathBuf>,
    /// Routing by trust: off unless rules are given.
    pub routing: Arc<routing::Routing>,
    /// Who may use the API: by default anyone on the server's own origin, without a token.
    pub access: Arc<access::Access>,
    /// The trust report's decisions, read incrementally.
    decisions: Arc<decisions::Decisions>,
}

impl AppState {
    /// A state serving `db`, with static files from `root`.
    pub fn new(db: Db, root: impl Into<PathBuf>) -> AppState {
        AppState { db, root: Arc::new(root.into()), routing: Arc::new(routing::Routing::default()), access: Arc::new(access::Access::default()), decisions: Arc::default() }
    }

    /// The same state, the API guarded by `access` (a token, other origins let in).
    pub fn with_access(self, access: access::Access) -> AppState {
        AppState { access: Arc::new(access), ..self }
    }

    /// The same state, routing ingested items by `routing`'s rules.
    pub fn with_routing(self, routing: routing::Routing) -> AppState {
        AppState { routing: Arc::new(routing), ..self }
    }
}

/// The whole application: the API, the static files, and JSON 404/405/413 answers; the API
/// behind its token and origin rules, every answer with its security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/api/items", get(routes::items::list).post(routes::items::ingest))
        .route("/api/results", get(routes::results::list).post(routes::results::create))
        .route("/api/export", get(routes::export::export))
        .route("/api/stats", get(routes::report::stats))
        .route("/report", get(routes::report::page_html))
        .route("/report.css", get(routes::report::css))
        .method_not_allowed_fallback(routes::method_not_allowed)
        .merge(routes::static_files::router(&state.root))
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), routes::guard::api))
        .layer(middleware::from_fn(routes::guard::headers))
        .with_state(state)
}

/// Serves [`app`] on `listener` until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM: the signals that should stop the server cleanly.
pub async fn shutdown_signal() {
    let interrupt = async {
        // If the handler cannot be installed, the default (immediate exit) still applies.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// A response with a JSON body that is already written.
pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    (status, [(CONTENT_TYPE, "application/json")], body).into_response()
}
