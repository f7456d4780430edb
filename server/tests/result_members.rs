//! `POST /api/results`: what a result's members may hold beyond its shape, and the 422 that
//! names the member when one holds something else.

mod common;

use axum::http::StatusCode;
use common::{get, post_result, result, state, TempDb};

/// `body` posted, answered `422 invalid_result` with `message`, and nothing stored.
async fn refused(state: &countersign_server::AppState, body: &str, message: &str) {
    let answer = post_result(state, body, &[]).await;
    assert_eq!((answer.status, answer.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_result".to_string()), "{body}: {}", answer.body);
    assert_eq!(answer.json()["error"]["message"], format!("the body is not a valid ReviewResult: {message}"), "{body}");
    assert_eq!(get(state, "/api/results").await.json()["results"], serde_json::json!([]), "{body}");
}

/// A valid result whose `reviewer` is `reviewer` (JSON text).
fn with_reviewer(key: &str, reviewer: &str) -> String {
    result(key, "itm_a", "1", "approved").replace(r#""reviewer": {"id": "u-17", "name": "Dana Kim"}"#, &format!(r#""reviewer": {reviewer}"#))
}

#[tokio::test]
async fn a_reviewer_that_is_not_an_object_with_a_text_id_and_name_is_a_422_naming_it() {
    // Regression: `reviewer` was kept as whatever JSON it held, so a result decided by
    // `"Dana"`, `17` or `{"id": ["u-17"]}` was stored, and every reader of `reviewer.id` (the
    // trust report tells auto-approvals by it) found no one.
    let db = TempDb::new("reviewer-shape");
    let state = state(&db);
    for (reviewer, message) in [
        (r#""Dana Kim""#, "reviewer: expected an object, found a string"),
        ("17", "reviewer: expected an object, found a number"),
        (r#"[{"id": "u-17"}]"#, "reviewer: expected an object, found an array"),
        (r#"{"id": ["u-17"], "name": "Dana Kim"}"#, "reviewer.id: expected a string or a number, found an array"),
        (r#"{"id": true}"#, "reviewer.id: expected a string or a number, found a boolean"),
        (r#"{"id": "u-17", "name": {"first": "Dana"}}"#, "reviewer.name: expected a string, found an object"),
    ] {
        refused(&state, &with_reviewer("k-bad", reviewer), message).await;
    }
}

#[tokio::test]
async fn a_reviewer_of_the_contract_s_shape_is_stored_as_sent() {
    let db = TempDb::new("reviewer-kept");
    let state = state(&db);
    // The host's own members ride along; an id may be a number, as the outbox reads it; null
    // is no reviewer at all.
    let shapes = [r#"{"id": "u-17", "name": "Dana Kim", "team": "sales"}"#, r#"{"id": 17}"#, "{}", "null"];
    for (at, reviewer) in shapes.iter().enumerate() {
        let answer = post_result(&state, &with_reviewer(&format!("k-{at}"), reviewer), &[]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{reviewer}: {}", answer.body);
    }
    let stored = get(&state, "/api/results").await.json();
    let reviewers: Vec<_> = stored["results"].as_array().unwrap().iter().map(|result| result["reviewer"].to_string()).collect();
    assert_eq!(reviewers, [r#"{"id":"u-17","name":"Dana Kim","team":"sales"}"#, r#"{"id":17}"#, "{}", "null"]);
}

#[tokio::test]
async fn a_result_that_gives_a_key_twice_anywhere_inside_is_a_422_naming_the_key_s_path() {
    // Regression: only the result's own keys were checked, so a result whose final body was
    // given twice was stored as sent: this server reads the second, a reader that keeps the
    // first the other, and the person's text depends on who reads it.
    let db = TempDb::new("result-nested-repeated-key");
    let state = state(&db);
    let body = |key: &str, from: &str, to: &str| {
        let body = result(key, "itm_a", "1", "approved");
        assert!(body.contains(from), "{from}");
        body.replacen(from, to, 1)
    };
    let final_body = r#""final": {"subject": "Hello", "body": "Hi Sam"}"#;
    for (sent, path) in [
        (body("k-1", final_body, r#""final": {"subject": "Hello", "body": "Hi Sam", "body": "Hi Samantha"}"#), "final.body"),
        (body("k-2", r#"{"op": "equal", "text": "Hi Sam"}"#, r#"{"op": "equal", "text": "Hi Sam", "op": "delete"}"#), "changes[0].op"),
        (body("k-3", r#""metadata": {"crm": 1.50}"#, r#""metadata": {"crm": {"stage": 1, "stage": 2}}"#), "metadata.crm.stage"),
        (body("k-4", r#""name": "Dana Kim""#, r#""name": "Dana Kim", "\u006eame": "Sam""#), "reviewer.name"),
    ] {
        refused(&state, &sent, &format!("the key \"{path}\" appears twice in the body; give each key once")).await;
    }
    // The same name in two objects, or in each element of a list, is no repeat.
    let answer = post_result(&state, &body("k-5", r#""metadata": {"crm": 1.50}"#, r#""metadata": {"a": {"x": 1}, "b": {"x": 2}, "l": [{"x": 1}, {"x": 2}]}"#), &[]).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}
