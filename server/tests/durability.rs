//! What the server acknowledged is on disk: a new state over the same file sees it.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, post_result, result, TempDb};
use countersign_server::AppState;

#[tokio::test]
async fn a_stored_result_is_still_there_after_the_state_is_dropped_and_the_file_reopened() {
    let db = TempDb::new("durable");
    let body = result("k-1", "itm_a", "1", "approved");
    {
        let state = common::state(&db);
        assert_eq!(post_result(&state, &body, &[]).await.status, StatusCode::CREATED);
    }

    let state = AppState::new(db.open(common::SEED), std::env::temp_dir());

    assert_eq!(get(&state, "/api/results").await.body, format!("{{\"results\":[{body}]}}"));
    assert_eq!(pending_ids(&state).await, ["itm_b"]);
    let replay = post_result(&state, &body, &[]).await;
    assert_eq!(replay.status, StatusCode::CREATED, "the idempotency record survived too");
    assert_eq!(get(&state, "/api/results").await.json()["results"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_connections_to_one_file_racing_with_one_key_store_one_result() {
    let db = TempDb::new("two-connections");
    let first = common::state(&db);
    let second = AppState::new(db.open(common::SEED), std::env::temp_dir());
    let body = result("k-1", "itm_a", "1", "approved");

    let racers = [first.clone(), second.clone(), first.clone(), second].map(|state| {
        let body = body.clone();
        tokio::spawn(async move { post_result(&state, &body, &[]).await })
    });
    let mut answers = Vec::new();
    for racer in racers {
        answers.push(racer.await.unwrap());
    }

    assert!(answers.iter().all(|answer| answer.status == StatusCode::CREATED && answer.body == answers[0].body));
    assert_eq!(get(&first, "/api/results").await.json()["results"].as_array().unwrap().len(), 1);
}
