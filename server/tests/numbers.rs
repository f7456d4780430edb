//! Numbers beyond f64, in items and results: valid JSON like any other, checked against the
//! limits, stored verbatim, and compared by their exact value when a retry comes in.

mod common;

use axum::http::StatusCode;
use common::{get, post_result, send, TempDb};

#[tokio::test]
async fn an_item_with_a_number_out_of_f64_range_is_still_held_to_the_size_limits() {
    // Regression: the size check gave up on an item serde_json could not read (1e400 in its
    // metadata) and let it through: a 150,000-character body was stored.
    let db = TempDb::new("numbers-limits");
    let state = common::state(&db);
    let long = "x".repeat(150_000);
    let batch = format!(
        r#"{{"items": [{{"id": "huge", "kind": "message", "draft": {{"body": "{long}"}}, "metadata": {{"x": 1e400}}}},
                       {{"id": "fine", "kind": "message", "draft": {{"body": "Hi"}}, "metadata": {{"x": 1e400}}}}]}}"#
    );

    let answer = send(&state, "POST", "/api/items", &[], &batch).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["accepted"][0]["id"], "fine");
    assert_eq!(body["errors"][0]["item_id"], "huge");
    assert_eq!(body["errors"][0]["path"], "items[0].draft.body");
}

#[tokio::test]
async fn a_result_echoing_a_number_out_of_f64_range_is_stored_and_replayed() {
    // Regression: POST /api/results parsed the body with serde_json, which refuses 1e400, and
    // answered 400 bad_json, so an item accepted with such metadata could never be decided (the
    // widget echoes the metadata). It is valid JSON: stored verbatim, and a retry replays.
    let db = TempDb::new("numbers-result");
    let state = common::state(&db);
    let body = common::result("k-big", "itm_a", "1", "approved").replace(r#""crm": 1.50"#, r#""x": 1e400"#);

    // Sent by hand: `post_result` reads the key with serde_json, which cannot read this body.
    let headers = [("content-type", "application/json"), ("idempotency-key", "k-big")];
    let first = send(&state, "POST", "/api/results", &headers, &body).await;
    let retry = send(&state, "POST", "/api/results", &headers, &body).await;

    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!((retry.status, retry.body.as_str()), (StatusCode::CREATED, first.body.as_str()));
    let stored = get(&state, "/api/results").await.body;
    assert!(stored.contains(r#""x": 1e400"#), "stored verbatim: {stored}");
    let stats = get(&state, "/api/stats").await.json();
    assert_eq!(stats["overall"]["decisions"], 1, "counted in the trust report: {stats}");
}

#[tokio::test]
async fn a_retry_is_the_same_body_exactly_when_its_numbers_have_the_same_value() {
    // Regression: retries were compared as serde_json values, which round numbers through f64:
    // two integers differing in their 23rd digit replayed as the same body, while 1 and 1.0
    // (one number) were refused as a different one.
    let db = TempDb::new("numbers-idempotency");
    let state = common::state(&db);
    let with = |key: &str, number: &str| common::result(key, "itm_a", "1", "approved").replace(r#""crm": 1.50"#, &format!(r#""crm": {number}"#));

    let big = post_result(&state, &with("k-int", "12345678901234567890123"), &[]).await;
    let other_big = post_result(&state, &with("k-int", "12345678901234567890124"), &[]).await;
    let one = post_result(&state, &with("k-one", "1"), &[]).await;
    let one_again = post_result(&state, &with("k-one", "1.0"), &[]).await;

    assert_eq!(big.status, StatusCode::CREATED);
    assert_eq!((other_big.status, other_big.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused".to_string()));
    assert_eq!(one.status, StatusCode::CREATED);
    assert_eq!((one_again.status, one_again.body), (StatusCode::CREATED, one.body));
}
