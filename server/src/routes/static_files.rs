//! The demo page at `/` with its own files under `/demo/`, the built widget under `/dist/` and
//! the embedding examples under `/examples/`, read from the `--root` directory.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_RANGE, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::AppState;

/// `GET /`, `GET /favicon.ico`, `GET /demo/*`, `GET /dist/*` and `GET /examples/*`, every
/// answer marked `Cache-Control: no-cache` so a rebuilt widget is picked up on the next reload.
pub fn router(root: &Path) -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route("/favicon.ico", get(favicon))
        .nest_service("/dist", ServeDir::new(root.join("dist")))
        .nest_service("/demo", ServeDir::new(root.join("demo")))
        .nest_service("/examples", ServeDir::new(root.join("examples")))
        .layer(middleware::from_fn(static_headers))
}

/// `GET /`: `<root>/index.html`.
async fn index(State(state): State<AppState>) -> Result<Response, ApiError> {
    let path = state.root.join("index.html");
    match tokio::fs::read(&path).await {
        Ok(html) => Ok(([(CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Err(ApiError::NotFound(format!("/ ({} is missing; start the server with --root DIR)", path.display())))
        }
        Err(error) => Err(ApiError::Internal(format!("cannot read {}: {error}", path.display()))),
    }
}

/// The icon every browser asks the server for (`/favicon.ico`) on each page it serves: the
/// demo, the report and the examples. Without it, every page load logged a failed request in
/// the console. An SVG, which browsers take by its content type whatever the path.
const FAVICON: &str = include_str!("../favicon.svg");

/// `GET /favicon.ico`: [`FAVICON`].
async fn favicon() -> Response {
    ([(CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response()
}

/// The content type a browser needs for the widget's files, where the generic table is wrong
/// or vague: `.wasm` must be `application/wasm` for streaming compilation, and `.ts` (the
/// `.d.ts` typings) is text, not an MPEG transport stream.
fn content_type_for(path: &str) -> Option<&'static str> {
    let extension = path.rsplit_once('.').map(|(_, extension)| extension)?;
    Some(match extension {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        "map" | "json" => "application/json",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        _ => return None,
    })
}

async fn static_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let method = request.method().to_string();
    let content_type = content_type_for(&path);
    let mut response = next.run(request).await;
    response = as_json_error(response, &path, &method);
    if response.status() == StatusCode::TEMPORARY_REDIRECT && !path.ends_with('/') {
        redirect_to_the_directory(&mut response, &path, query.as_deref());
    }
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(content_type) = content_type
        && response.status().is_success()
    {
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    response
}

/// The file services and the method routers answer their errors with empty bodies; every error
/// here answers like the rest of the server, in JSON (keeping `Allow` and `Content-Range`, which say what to ask
/// instead).
fn as_json_error(response: Response, path: &str, method: &str) -> Response {
    if response.headers().get(CONTENT_TYPE).is_some_and(|value| value.as_bytes().starts_with(b"application/json")) {
        return response;
    }
    let error = match response.status() {
        // A missing widget file says how to build the widget.
        StatusCode::NOT_FOUND if path.starts_with("/dist/") || path == "/dist" => ApiError::NotFound("this path under dist/ (is the widget built? `cargo xtask dist`)".into()),
        StatusCode::NOT_FOUND => ApiError::NotFound(path.to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed(method.to_string()),
        StatusCode::RANGE_NOT_SATISFIABLE => ApiError::RangeNotSatisfiable(path.to_string()),
        _ => return response,
    };
    let mut json = error.into_response();
    for name in [ALLOW, CONTENT_RANGE] {
        if let Some(value) = response.headers().get(&name) {
            json.headers_mut().insert(name, value.clone());
        }
    }
    json
}

/// A directory asked for without its trailing slash is redirected to it with the slash. The
/// file service sees the path without its mount point (`/html` for `/examples/html`) and so
/// redirected out of it; the redirect goes to the path asked for, slash added, query kept.
fn redirect_to_the_directory(response: &mut Response, path: &str, query: Option<&str>) {
    let location = match query {
        Some(query) => format!("{path}/?{query}"),
        None => format!("{path}/"),
    };
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, location);
    }
}

#[cfg(test)]
mod tests {
    use super::content_type_for;

    #[test]
    fn widget_files_get_the_types_browsers_need() {
        assert_eq!(content_type_for("/dist/countersign_bg.wasm"), Some("application/wasm"));
        assert_eq!(content_type_for("/dist/countersign.js"), Some("text/javascript; charset=utf-8"));
        assert_eq!(content_type_for("/dist/countersign.d.ts"), Some("text/plain; charset=utf-8"));
        assert_eq!(content_type_for("/dist/logo.png"), None);
        assert_eq!(content_type_for("/dist/README"), None);
    }
}
