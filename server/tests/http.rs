//! What the router answers outside the happy paths, and the static files.

mod common;

use axum::http::StatusCode;
use common::{get, send, state, temp_path, TempDb};
use countersign_server::AppState;

/// A root directory with an index page and a built widget, removed when the test ends.
struct Root(std::path::PathBuf);

impl Root {
    fn new() -> Root {
        let root = temp_path("root");
        std::fs::create_dir_all(root.join("dist")).unwrap();
        std::fs::create_dir_all(root.join("demo")).unwrap();
        std::fs::write(root.join("demo/demo.css"), "body { margin: 0 }").unwrap();
        std::fs::write(root.join("index.html"), "<!doctype html><title>demo</title>").unwrap();
        std::fs::write(root.join("dist/countersign_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(root.join("dist/countersign.js"), "export function mount() {}").unwrap();
        std::fs::write(root.join("dist/countersign.d.ts"), "export function mount(): void;").unwrap();
        Root(root)
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn the_widget_files_are_served_with_their_browser_types_and_no_cache() {
    let db = TempDb::new("static");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    let wasm = get(&state, "/dist/countersign_bg.wasm").await;
    let js = get(&state, "/dist/countersign.js").await;
    let types = get(&state, "/dist/countersign.d.ts").await;

    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.headers["content-type"], "application/wasm");
    assert_eq!(wasm.headers["cache-control"], "no-cache");
    assert_eq!(wasm.body.as_bytes(), b"\0asm\x01\0\0\0");
    assert!(js.headers["content-type"].to_str().unwrap().starts_with("text/javascript"));
    assert!(types.headers["content-type"].to_str().unwrap().starts_with("text/plain"));
}

#[tokio::test]
async fn the_root_serves_the_demo_page() {
    let db = TempDb::new("index");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    let page = get(&state, "/").await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.body.contains("<title>demo</title>"));
}

#[tokio::test]
async fn every_page_gets_an_icon_rather_than_a_failed_request() {
    let db = TempDb::new("favicon");
    let state = AppState::new(db.open(common::SEED), temp_path("no-icon-root"));

    let icon = get(&state, "/favicon.ico").await;

    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.headers["content-type"], "image/svg+xml");
    assert!(icon.body.starts_with("<svg ") && icon.body.trim_end().ends_with("</svg>"), "{}", icon.body);
}

#[tokio::test]
async fn the_demo_pages_own_style_is_a_file_so_the_strict_csp_allows_it() {
    let db = TempDb::new("demo-files");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    let css = get(&state, "/demo/demo.css").await;

    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(css.body, "body { margin: 0 }");
}

#[tokio::test]
async fn a_missing_demo_page_is_a_404_that_points_at_root() {
    let db = TempDb::new("no-index");
    let state = AppState::new(db.open(common::SEED), temp_path("empty-root"));

    let page = get(&state, "/").await;

    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("--root"), "{}", page.body);
}

#[tokio::test]
async fn files_outside_dist_cannot_be_reached_through_it() {
    let db = TempDb::new("traversal");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());
    std::fs::write(root.0.join("secret.txt"), "secret").unwrap();

    let answer = get(&state, "/dist/../secret.txt").await;

    assert_ne!(answer.status, StatusCode::OK);
    assert!(!answer.body.contains("secret"));
}

#[tokio::test]
async fn a_missing_widget_file_is_a_json_404() {
    let db = TempDb::new("missing-dist");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    let answer = get(&state, "/dist/no-such-file.js").await;

    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error_code(), "not_found");
    assert!(answer.body.contains("dist/"), "{}", answer.body);
}

#[tokio::test]
async fn an_unknown_api_route_is_a_json_404() {
    let db = TempDb::new("404");
    let state = state(&db);

    let answer = get(&state, "/api/nothing").await;

    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error_code(), "not_found");
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let db = TempDb::new("405");
    let state = state(&db);

    let answer = send(&state, "DELETE", "/api/results", &[], "").await;

    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.error_code(), "method_not_allowed");
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_a_json_413() {
    let db = TempDb::new("413");
    let state = state(&db);
    let huge = format!("{{\"padding\":\"{}\"}}", "x".repeat(countersign_server::MAX_BODY_BYTES));

    let answer = send(&state, "POST", "/api/results", &[], &huge).await;

    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error_code(), "payload_too_large");
}

#[tokio::test]
async fn every_static_error_is_json_with_its_own_status() {
    // Regression: only a missing file under /dist/ answered JSON; a missing /demo/ or
    // /examples/ file, a POST to a page or a widget file, and a bad Range answered with an
    // empty body, though every error of the server is documented as JSON.
    let db = TempDb::new("static-errors");
    let root = Root::new();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    for path in ["/demo/missing.css", "/examples/missing", "/dist/missing.js"] {
        let answer = get(&state, path).await;
        assert_eq!((answer.status, answer.error_code()), (StatusCode::NOT_FOUND, "not_found".to_string()), "{path}");
    }
    for path in ["/", "/favicon.ico", "/dist/countersign.js"] {
        let answer = send(&state, "POST", path, &[], "").await;
        assert_eq!((answer.status, answer.error_code()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".to_string()), "{path}");
    }
    let range = send(&state, "GET", "/dist/countersign.js", &[("range", "bytes=9999-")], "").await;
    assert_eq!((range.status, range.error_code()), (StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable".to_string()));
    assert!(range.headers.contains_key("content-range"), "it still says how long the file is");
}

#[tokio::test]
async fn a_directory_without_its_slash_redirects_to_itself_with_the_slash() {
    // Regression: the file services see a path without their mount point, so /examples/html
    // redirected to /html/ and /dist/locales to /locales/, outside the server's own files.
    let db = TempDb::new("static-redirect");
    let root = Root::new();
    std::fs::create_dir_all(root.0.join("examples/html")).unwrap();
    std::fs::write(root.0.join("examples/html/index.html"), "<!doctype html><title>example</title>").unwrap();
    std::fs::create_dir_all(root.0.join("dist/locales")).unwrap();
    let state = AppState::new(db.open(common::SEED), root.0.clone());

    let example = get(&state, "/examples/html").await;
    let locales = get(&state, "/dist/locales?v=2").await;
    let followed = get(&state, example.headers["location"].to_str().unwrap()).await;

    assert!(example.status.is_redirection(), "{}", example.status);
    assert_eq!(example.headers["location"], "/examples/html/");
    assert_eq!(locales.headers["location"], "/dist/locales/?v=2");
    assert!(followed.body.contains("<title>example</title>"), "{}", followed.body);
}
