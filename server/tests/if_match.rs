//! `If-Match` on `POST /api/results`: entity-tags read as HTTP writes them, whatever the
//! version holds.

mod common;

use axum::http::StatusCode;
use common::{post_result, send, TempDb};

#[tokio::test]
async fn a_version_with_a_comma_can_be_decided() {
    // Regression: If-Match was split on every comma, so the widget's `"2024-01-01,a"` named two
    // versions that no item had, and every decision on that item was refused with 412.
    let db = TempDb::new("if-match-comma");
    let state = common::state(&db);
    let items = r#"{"items": [{"id": "dated", "version": "2024-01-01,a", "kind": "message", "draft": {"body": "Hi"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], items).await.status, StatusCode::CREATED);

    let answer = post_result(&state, &common::result("k-dated", "dated", "2024-01-01,a", "approved"), &[("if-match", "\"2024-01-01,a\"")]).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}

#[tokio::test]
async fn an_empty_quoted_version_is_compared_like_any_other() {
    // Regression: `If-Match: ""` was taken for no header, so a decision made on version "" was
    // stored even after the item had moved on to version "2".
    let db = TempDb::new("if-match-empty");
    let state = common::state(&db);
    let first = r#"{"items": [{"id": "blank", "version": "", "kind": "message", "draft": {"body": "Hi"}}]}"#;
    let second = r#"{"items": [{"id": "blank", "kind": "message", "draft": {"body": "Hi again"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], first).await.json()["accepted"][0]["version"], "");
    let current = post_result(&state, &common::result("k-current", "blank", "", "skipped"), &[("if-match", "\"\"")]).await;
    assert_eq!(send(&state, "POST", "/api/items", &[], second).await.json()["accepted"][0]["version"], "2");

    let stale = post_result(&state, &common::result("k-stale", "blank", "", "approved"), &[("if-match", "\"\"")]).await;

    assert_eq!(current.status, StatusCode::CREATED, "the version it names is current: {}", current.body);
    assert_eq!((stale.status, stale.error_code()), (StatusCode::PRECONDITION_FAILED, "version_conflict".to_string()));
}
