//! `POST /api/results` and `GET /api/results`: stored once, replayed exactly, guarded by versions.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, post_result, result, send, state, TempDb};
use countersign_server::db::store::ResultRow;
use countersign_server::ApiError;

#[tokio::test]
async fn a_valid_result_is_stored_listed_verbatim_and_takes_its_item_off_the_queue() {
    let db = TempDb::new("valid");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");

    let answer = post_result(&state, &body, &[]).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    assert_eq!(answer.json(), serde_json::json!({"stored": true, "item_id": "itm_a", "idempotency_key": "k-1"}));
    let listed = get(&state, "/api/results").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body, format!("{{\"results\":[{body}]}}"), "the body is kept byte for byte");
    assert_eq!(pending_ids(&state).await, ["itm_b"]);
}

#[tokio::test]
async fn the_same_key_and_body_twice_replays_the_first_answer_and_stores_once() {
    let db = TempDb::new("replay");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");
    // The same JSON with other spacing is the same request.
    let respaced = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&body).unwrap()).unwrap();

    let first = post_result(&state, &body, &[]).await;
    let second = post_result(&state, &respaced, &[]).await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!((second.status, &second.body), (first.status, &first.body));
    let listed = get(&state, "/api/results").await.json();
    assert_eq!(listed["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_retry_is_replayed_even_after_the_item_got_a_new_version() {
    let db = TempDb::new("replay-after-bump");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");
    let first = post_result(&state, &body, &[("if-match", "\"1\"")]).await;
    let reingest = r#"{"items":[{"id":"itm_a","kind":"email","draft":{"body":"New draft"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], reingest).await.status, StatusCode::CREATED);

    let retry = post_result(&state, &body, &[("if-match", "\"1\"")]).await;

    assert_eq!((retry.status, retry.body), (first.status, first.body));
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused_with_422() {
    let db = TempDb::new("reused");
    let state = state(&db);
    post_result(&state, &result("k-1", "itm_a", "1", "approved"), &[]).await;

    let answer = post_result(&state, &result("k-1", "itm_a", "1", "rejected"), &[]).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_code(), "idempotency_key_reused");
    let listed = get(&state, "/api/results").await.json();
    assert_eq!(listed["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412_naming_both_versions() {
    let db = TempDb::new("stale");
    let state = state(&db);

    let answer = post_result(&state, &result("k-1", "itm_a", "0", "approved"), &[("if-match", "\"0\"")]).await;

    assert_eq!(answer.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(answer.error_code(), "version_conflict");
    let message = answer.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("\"1\"") && message.contains("\"0\""), "{message}");
    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b"], "nothing was decided");
    assert_eq!(get(&state, "/api/results").await.body, r#"{"results":[]}"#);
}

#[tokio::test]
async fn a_matching_if_match_is_accepted_quoted_weak_or_bare() {
    let db = TempDb::new("matching");
    let state = state(&db);

    for (key, tag) in [("k-1", "\"1\""), ("k-2", "W/\"1\""), ("k-3", "1")] {
        let answer = post_result(&state, &result(key, "itm_a", "1", "skipped"), &[("if-match", tag)]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "If-Match {tag}: {}", answer.body);
    }
}

#[tokio::test]
async fn a_result_for_an_item_the_server_never_saw_is_accepted() {
    let db = TempDb::new("inline");
    let state = state(&db);

    let answer = post_result(&state, &result("k-1", "inline_1", "7", "approved"), &[("if-match", "\"7\"")]).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}

#[tokio::test]
async fn ingesting_a_known_id_bumps_its_version_and_the_old_version_then_gets_412() {
    let db = TempDb::new("bump");
    let state = state(&db);
    let batch = r#"{"items":[{"id":"itm_a","version":"1","kind":"email","draft":{"body":"Second draft"}}]}"#;

    let ingested = send(&state, "POST", "/api/items", &[("content-type", "application/json")], batch).await;

    assert_eq!(ingested.status, StatusCode::CREATED, "{}", ingested.body);
    assert_eq!(ingested.json(), serde_json::json!({"accepted": [{"id": "itm_a", "version": "2", "route": "person"}], "errors": []}));
    let items = get(&state, "/api/items").await.json();
    assert_eq!(items["items"][0]["version"], "2");
    assert_eq!(items["items"][0]["draft"]["body"], "Second draft");
    let stale = post_result(&state, &result("k-1", "itm_a", "1", "approved"), &[("if-match", "\"1\"")]).await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.body);
    let fresh = post_result(&state, &result("k-2", "itm_a", "2", "approved"), &[("if-match", "\"2\"")]).await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.body);
}

#[tokio::test]
async fn skipped_leaves_the_item_pending_and_rejected_or_regenerate_take_it_off() {
    let db = TempDb::new("decisions");
    let state = state(&db);

    assert_eq!(post_result(&state, &result("k-1", "itm_a", "1", "skipped"), &[]).await.status, StatusCode::CREATED);
    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b"]);
    assert_eq!(post_result(&state, &result("k-2", "itm_a", "1", "rejected"), &[]).await.status, StatusCode::CREATED);
    assert_eq!(post_result(&state, &result("k-3", "itm_b", "1", "regenerate"), &[]).await.status, StatusCode::CREATED);
    assert!(pending_ids(&state).await.is_empty());
}

#[tokio::test]
async fn malformed_json_is_a_400_json_error() {
    let db = TempDb::new("malformed");
    let state = state(&db);

    let answer = send(&state, "POST", "/api/results", &[("content-type", "application/json")], "{\"schema\": ").await;

    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_code(), "bad_json");
    assert_eq!(answer.headers["content-type"], "application/json");
}

#[tokio::test]
async fn a_result_missing_fields_is_a_422_json_error_naming_the_field() {
    let db = TempDb::new("missing");
    let state = state(&db);
    let body = r#"{"schema": "countersign.result.v1", "idempotency_key": "k-1", "item_id": "itm_a"}"#;

    let answer = post_result(&state, body, &[]).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_code(), "invalid_result");
    assert!(answer.json()["error"]["message"].as_str().unwrap().contains("kind"), "{}", answer.body);
}

#[tokio::test]
async fn a_result_that_gives_a_key_twice_is_a_422_that_says_so() {
    // Regression: a result with `"decision": "approved", ..., "decision": "rejected"` was
    // stored as a rejection (the last of the two, as the server reads it), verbatim, so an
    // export's reader that keeps the first saw an approval. Items refuse a repeated key with a
    // message naming it; results are treated alike, and nothing is stored.
    let db = TempDb::new("repeated-key");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved").replacen("\"edited\"", "\"decision\": \"rejected\", \"edited\"", 1);

    let answer = post_result(&state, &body, &[]).await;

    assert_eq!((answer.status, answer.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_result".to_string()), "{}", answer.body);
    assert_eq!(answer.json()["error"]["message"], "the body is not a valid ReviewResult: the key \"decision\" appears twice in the body; give each key once");
    assert_eq!(get(&state, "/api/results").await.json()["results"], serde_json::json!([]));
}

#[tokio::test]
async fn a_result_with_another_schema_is_a_422() {
    let db = TempDb::new("schema");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved").replace("countersign.result.v1", "countersign.result.v0");

    let answer = post_result(&state, &body, &[]).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_code(), "invalid_result");
}

#[tokio::test]
async fn an_idempotency_key_header_that_differs_from_the_body_is_a_422() {
    let db = TempDb::new("key-mismatch");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");

    let answer = send(&state, "POST", "/api/results", &[("idempotency-key", "k-2")], &body).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_code(), "idempotency_key_mismatch");
}

#[tokio::test]
async fn without_an_idempotency_key_header_the_body_key_is_used() {
    let db = TempDb::new("no-header");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");

    let first = send(&state, "POST", "/api/results", &[], &body).await;
    let second = send(&state, "POST", "/api/results", &[], &body).await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.body, first.body);
    assert_eq!(get(&state, "/api/results").await.json()["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_duplicates_store_one_result() {
    let db = TempDb::new("concurrent");
    let state = state(&db);
    let body = result("k-1", "itm_a", "1", "approved");

    let attempts = (0..8).map(|_| {
        let (state, body) = (state.clone(), body.clone());
        tokio::spawn(async move { post_result(&state, &body, &[]).await })
    });
    let mut answers = Vec::new();
    for attempt in attempts {
        answers.push(attempt.await.unwrap());
    }

    assert!(answers.iter().all(|answer| answer.status == StatusCode::CREATED && answer.body == answers[0].body));
    assert_eq!(get(&state, "/api/results").await.json()["results"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_arriving_together_each_get_their_own_answer() {
    // 30 keys sent twice each and 10 results with a stale If-Match, all at once: SQLite
    // commits writes that wait together in one transaction, yet each is answered alone.
    let db = TempDb::new("together");
    let state = state(&db);
    let mut attempts = Vec::new();
    for n in 0..30 {
        for _ in 0..2 {
            let (state, body) = (state.clone(), result(&format!("k-{n}"), &format!("inline_{n}"), "1", "approved"));
            attempts.push((format!("k-{n}"), tokio::spawn(async move { post_result(&state, &body, &[]).await })));
        }
    }
    for n in 0..10 {
        let (state, body) = (state.clone(), result(&format!("stale-{n}"), "itm_a", "0", "approved"));
        attempts.push((format!("stale-{n}"), tokio::spawn(async move { post_result(&state, &body, &[("if-match", "\"0\"")]).await })));
    }

    for (key, attempt) in attempts {
        let answer = attempt.await.unwrap();
        if key.starts_with("stale") {
            assert_eq!(answer.status, StatusCode::PRECONDITION_FAILED, "{key}: {}", answer.body);
        } else {
            assert_eq!(answer.status, StatusCode::CREATED, "{key}: {}", answer.body);
            assert_eq!(answer.json()["idempotency_key"], key.as_str());
        }
    }
    let listed = get(&state, "/api/results").await.json();
    let mut keys: Vec<&str> = listed["results"].as_array().unwrap().iter().map(|result| result["idempotency_key"].as_str().unwrap()).collect();
    keys.sort_unstable();
    let mut expected: Vec<String> = (0..30).map(|n| format!("k-{n}")).collect();
    expected.sort_unstable();
    assert_eq!(keys, expected);
}

#[tokio::test]
async fn the_storage_itself_refuses_a_second_result_with_one_key_as_a_unique_violation() {
    let db = TempDb::new("unique-key");
    let state = state(&db);
    let insert = |decision: &'static str| {
        state.db.write(move |store| {
            let body = result("k-1", "itm_a", "1", decision);
            let row = ResultRow { key: "k-1", item_id: "itm_a", item_version: Some("1"), decision, body: &body, request_json: &body, status: 201, response_body: "{}", auto_approved: false };
            Ok(store.insert_result(row)?)
        })
    };

    insert("approved").await.expect("the first insert is stored");
    let second = insert("rejected").await;

    // What a second server racing past the lookup would meet: the constraint, recognised as
    // such so the store retries and replays the first answer.
    assert!(matches!(&second, Err(ApiError::Database(error)) if error.is_unique_violation()), "{second:?}");
    assert_eq!(get(&state, "/api/results").await.json()["results"].as_array().map(Vec::len), Some(1), "the failed write left nothing behind");
}
