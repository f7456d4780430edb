//! What every request passes on its way in and out: the API's token and origin rules (with
//! CORS for the origins let in), and the security headers of every answer.

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, AUTHORIZATION, CONTENT_SECURITY_POLICY, HOST,
    ORIGIN, REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::AppState;

/// The policy of the pages the server serves (the demo, the trust report): only its own
/// scripts, styles and connections, wasm compiled, images from itself or HTTPS. The widget
/// needs nothing more, so a host page with this policy works too (README, "Content Security
/// Policy", names the least it must allow).
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// The API's answers are data, never a document to render or frame.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The request headers a page on an allowed origin may send: the ones the widget sends.
const ALLOWED_HEADERS: &str = "content-type, idempotency-key, if-match, authorization";

/// How long a browser may reuse a preflight's answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// The API's gate: a cross-origin page must come from an allowed origin (its preflight is
/// answered here), and with a token set every request must carry it. Answers of allowed
/// cross-origin calls, errors included, carry the CORS headers so the page can read them.
/// Every API answer says `Vary: Origin`: whether it carries those headers, or is a 403, depends
/// on the request's `Origin`, so a shared cache must not give one origin's answer to another.
pub async fn api(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let mut response = gate(&state, request, next).await;
    vary_on_origin(response.headers_mut());
    response
}

/// The token and origin rules of [`api`], and the CORS headers of an allowed origin.
async fn gate(state: &AppState, request: Request, next: Next) -> Response {
    let origin = cross_origin(request.headers());
    if let Some(origin) = &origin {
        if !state.access.allows_origin(origin) {
            let shown: String = origin.chars().take(200).collect();
            return ApiError::OriginNotAllowed(shown).into_response();
        }
        if request.method() == Method::OPTIONS {
            let mut response = StatusCode::NO_CONTENT.into_response();
            allow(response.headers_mut(), origin);
            let headers = response.headers_mut();
            headers.insert(ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, OPTIONS"));
            headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
            headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE));
            return response;
        }
    }
    let authorized = state.access.authorizes(request.headers().get(AUTHORIZATION).map(HeaderValue::as_bytes));
    let mut response = if authorized { next.run(request).await } else { ApiError::Unauthorized.into_response() };
    if let Some(origin) = &origin {
        allow(response.headers_mut(), origin);
    }
    response
}

/// The security headers of every answer: no content sniffing, no referrer leaving the
/// server, and a content security policy (strict for pages, none at all for data). The
/// widget's own files may be loaded by a page of any origin: they are public, and a module
/// script is fetched with CORS.
pub async fn headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(if is_api(&path) { API_CSP } else { PAGE_CSP }));
    if path.starts_with("/dist/") && !headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN) {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
    response
}

/// Whether `path` is the API's, which the token and origin rules guard.
fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The request's `Origin`, when it names another origin than the server's own (the `Host`
/// it was asked under). Same-origin requests need no CORS and are always let in.
fn cross_origin(headers: &HeaderMap) -> Option<String> {
    let origin = headers.get(ORIGIN)?.to_str().unwrap_or("null");
    let host = headers.get(HOST).and_then(|host| host.to_str().ok()).unwrap_or_default();
    let own = origin.split_once("://").is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && !host.is_empty() && rest.eq_ignore_ascii_case(host));
    (!own).then(|| origin.to_string())
}

/// Lets `origin` read the answer, with credentials (the widget's `credentials="include"`):
/// safe because only listed origins get here, each named, never `*`.
fn allow(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    }
}

/// Adds `Origin` to the answer's `Vary`, unless a `Vary` already names it (or `*`, which
/// already keeps every answer from being reused).
fn vary_on_origin(headers: &mut HeaderMap) {
    let named = headers.get_all(VARY).iter().filter_map(|value| value.to_str().ok()).flat_map(|value| value.split(',')).any(|name| {
        let name = name.trim();
        name == "*" || name.eq_ignore_ascii_case("origin")
    });
    if !named {
        headers.append(VARY, HeaderValue::from_static("Origin"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: &str, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_str(origin).unwrap());
        headers.insert(HOST, HeaderValue::from_str(host).unwrap());
        headers
    }

    #[test]
    fn a_page_of_the_server_itself_is_not_cross_origin() {
        assert_eq!(cross_origin(&headers("http://127.0.0.1:8080", "127.0.0.1:8080")), None);
        assert_eq!(cross_origin(&headers("https://Review.Example.com", "review.example.com")), None);
        assert_eq!(cross_origin(&HeaderMap::new()), None);
    }

    #[test]
    fn another_host_port_or_an_opaque_origin_is_cross_origin() {
        assert_eq!(cross_origin(&headers("http://127.0.0.1:3000", "127.0.0.1:8080")).as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(cross_origin(&headers("https://crm.example.com", "review.example.com")).as_deref(), Some("https://crm.example.com"));
        assert_eq!(cross_origin(&headers("null", "127.0.0.1:8080")).as_deref(), Some("null"));
        assert_eq!(cross_origin(&headers("http://127.0.0.1:8080.evil.test", "127.0.0.1:8080")).as_deref(), Some("http://127.0.0.1:8080.evil.test"));
    }

    #[test]
    fn origin_is_added_to_vary_once_beside_what_it_already_names() {
        let vary = |existing: &[&str]| {
            let mut headers = HeaderMap::new();
            for value in existing {
                headers.append(VARY, HeaderValue::from_str(value).unwrap());
            }
            vary_on_origin(&mut headers);
            headers.get_all(VARY).iter().map(|value| value.to_str().unwrap().to_string()).collect::<Vec<_>>()
        };
        assert_eq!(vary(&[]), ["Origin"]);
        assert_eq!(vary(&["Accept-Encoding"]), ["Accept-Encoding", "Origin"]);
        assert_eq!(vary(&["accept-encoding, origin"]), ["accept-encoding, origin"]);
        assert_eq!(vary(&["*"]), ["*"]);
    }
}
