//! `GET /api/items` and `POST /api/items`: the seeded queue and ingestion from a pipeline.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, send, state, TempDb};
use countersign::model::parse_items;
use countersign_server::{AppState, Db, DEFAULT_SEED};

#[tokio::test]
async fn a_new_database_is_seeded_with_the_built_in_items_all_pending_in_order() {
    let db = TempDb::new("seed");
    let opened = Db::open(&db.path, DEFAULT_SEED).unwrap();
    let seed = parse_items(DEFAULT_SEED).unwrap();
    let state = AppState::new(opened.db, std::env::temp_dir());

    let ids = pending_ids(&state).await;

    assert!(!seed.items.is_empty(), "the built-in seed has items");
    assert_eq!(opened.seeded, Some(seed.items.len()));
    assert_eq!(ids, seed.items.iter().map(|(_, item)| item.id.clone()).collect::<Vec<_>>());
}

#[tokio::test]
async fn reopening_an_existing_database_does_not_seed_it_again() {
    let db = TempDb::new("reseed");
    drop(db.open(common::SEED));

    let reopened = Db::open(&db.path, common::SEED).unwrap();

    assert_eq!(reopened.seeded, None);
    assert_eq!(pending_ids(&AppState::new(reopened.db, std::env::temp_dir())).await, ["itm_a", "itm_b"]);
}

#[tokio::test]
async fn an_invalid_seed_fails_the_start_loudly() {
    let db = TempDb::new("bad-seed");

    let error = Db::open(&db.path, r#"{"items":[{"id":"x","kind":"email"}]}"#).unwrap_err();

    assert!(error.to_string().contains("items[0].draft"), "{error}");
}

#[tokio::test]
async fn pending_items_are_served_as_stored_with_their_version() {
    let db = TempDb::new("as-stored");
    let state = state(&db);

    let answer = get(&state, "/api/items").await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/json");
    assert!(answer.body.contains(r#""metadata":{"crm": 1.50}"#), "metadata is verbatim: {}", answer.body);
    let items = answer.json();
    assert_eq!(items["items"][0]["version"], "1");
    assert_eq!(items["items"][1]["version"], "1", "an item without a version gets \"1\"");
}

#[tokio::test]
async fn ingesting_reports_invalid_items_and_stores_the_valid_ones() {
    let db = TempDb::new("mixed");
    let state = state(&db);
    let batch = r#"{"items":[
        {"id":"new_1","kind":"message","draft":{"body":"Hi"}},
        {"id":"bad_1","kind":"email"},
        {"id":"new_2","version":"v7","kind":"message","draft":{"body":"Yo"}}
    ]}"#;

    let answer = send(&state, "POST", "/api/items", &[], batch).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["accepted"], serde_json::json!([{"id": "new_1", "version": "1"}, {"id": "new_2", "version": "v7"}]));
    assert_eq!(body["errors"][0]["index"], 1);
    assert_eq!(body["errors"][0]["item_id"], "bad_1");
    assert_eq!(body["errors"][0]["path"], "items[1].draft");
    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b", "new_1", "new_2"]);
}

#[tokio::test]
async fn a_batch_without_one_valid_item_is_a_422_with_details() {
    let db = TempDb::new("all-bad");
    let state = state(&db);

    let answer = send(&state, "POST", "/api/items", &[], r#"{"items":[{"id":"","kind":"email"}]}"#).await;

    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.error_code(), "invalid_items");
    assert_eq!(answer.json()["error"]["details"][0]["index"], 0);
}

#[tokio::test]
async fn ingesting_malformed_json_is_a_400_and_a_wrong_shape_a_422() {
    let db = TempDb::new("ingest-malformed");
    let state = state(&db);

    let malformed = send(&state, "POST", "/api/items", &[], "{").await;
    let shapeless = send(&state, "POST", "/api/items", &[], r#"{"things":[]}"#).await;

    assert_eq!((malformed.status, malformed.error_code()), (StatusCode::BAD_REQUEST, "bad_json".to_string()));
    assert_eq!((shapeless.status, shapeless.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_items".to_string()));
}

#[tokio::test]
async fn a_decided_item_ingested_again_is_pending_again_in_its_old_place() {
    let db = TempDb::new("again");
    let state = state(&db);
    let decided = common::post_result(&state, &common::result("k-1", "itm_a", "1", "approved"), &[]).await;
    assert_eq!(decided.status, StatusCode::CREATED);
    assert_eq!(pending_ids(&state).await, ["itm_b"]);

    let batch = r#"{"items":[{"id":"itm_a","kind":"email","draft":{"body":"Take two"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], batch).await.status, StatusCode::CREATED);

    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b"]);
}
