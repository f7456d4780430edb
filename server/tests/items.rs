//! `GET /api/items` and `POST /api/items`: the seeded queue and ingestion from a pipeline.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, send, state, TempDb};
use countersign::model::parse_items;
use countersign_server::{AppState, DEFAULT_SEED};

#[tokio::test]
async fn a_new_database_is_seeded_with_the_built_in_items_all_pending_in_order() {
    let db = TempDb::new("seed");
    let opened = db.try_open(DEFAULT_SEED).unwrap();
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

    let reopened = db.try_open(common::SEED).unwrap();

    assert_eq!(reopened.seeded, None);
    assert_eq!(pending_ids(&AppState::new(reopened.db, std::env::temp_dir())).await, ["itm_a", "itm_b"]);
}

#[tokio::test]
async fn an_invalid_seed_fails_the_start_loudly() {
    let db = TempDb::new("bad-seed");

    let error = db.try_open(r#"{"items":[{"id":"x","kind":"email"}]}"#).unwrap_err();

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
    assert_eq!(body["accepted"], serde_json::json!([{"id": "new_1", "version": "1", "route": "person"}, {"id": "new_2", "version": "v7", "route": "person"}]));
    assert_eq!(body["errors"][0]["index"], 1);
    assert_eq!(body["errors"][0]["item_id"], "bad_1");
    assert_eq!(body["errors"][0]["path"], "items[1].draft");
    assert_eq!(pending_ids(&state).await, ["new_1", "new_2", "itm_a", "itm_b"], "the newest batch first, in its own order");
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
async fn a_422_lists_details_only_when_there_are_items_to_list() {
    // Regression: the README says a body that is not a batch gets its 422 without `details`,
    // but every invalid_items answer carried one, `[]` when no item could be looked at.
    let db = TempDb::new("ingest-details");
    let state = state(&db);

    for body in [r#"{"things":[]}"#, r#"{"items":[]}"#, r#"{"items":[1],"items":[2]}"#] {
        let answer = send(&state, "POST", "/api/items", &[], body).await;
        assert_eq!(answer.error_code(), "invalid_items", "{body}");
        assert!(answer.json()["error"].get("details").is_none(), "{body}: {}", answer.body);
    }
    let invalid = send(&state, "POST", "/api/items", &[], r#"[{"id":"x","kind":"email"}]"#).await;
    assert_eq!(invalid.json()["error"]["details"][0]["path"], "items[0].draft");
}

#[tokio::test]
async fn a_batch_that_gives_a_key_twice_is_a_422_that_says_so() {
    // Regression: `{"items": [...], "items": [...]}` was answered "expected {"items": [...]} or
    // an array of items", which is what it sent: the model's reader took the last list, the raw
    // reader refused the repeat, and that refusal was reported as a wrong shape. Which list was
    // meant cannot be known, so the answer names the key, and nothing is stored.
    let db = TempDb::new("ingest-repeated-key");
    let state = state(&db);
    let item = |id: &str| format!(r#"{{"id":"{id}","kind":"message","draft":{{"body":"Hi"}}}}"#);
    let twice = format!(r#"{{"items":[{}],"items":[{}]}}"#, item("first"), item("second"));
    let other_twice = format!(r#"{{"source":"crm","items":[{}],"source":"mail"}}"#, item("third"));

    for (body, key) in [(twice, "items"), (other_twice, "source")] {
        let answer = send(&state, "POST", "/api/items", &[("content-type", "application/json")], &body).await;

        assert_eq!((answer.status, answer.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_items".to_string()), "{body}");
        assert_eq!(answer.json()["error"]["message"], format!("the key \"{key}\" appears twice in the body; give each key once"));
    }
    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b"]);
}

#[tokio::test]
async fn an_item_that_gives_a_key_twice_anywhere_inside_is_listed_with_the_key_s_path() {
    // Regression: only the batch's own keys were checked, so `"draft": {"body": "a", "body":
    // "b"}` was stored as sent and read as "b" here, while a reader that keeps the first saw
    // "a". Such an item is invalid like any other: listed with the path, the rest stored.
    let db = TempDb::new("ingest-nested-repeated-key");
    let state = state(&db);
    let batch = r#"{"items": [
      {"id": "fine", "kind": "message", "draft": {"body": "Hi"}, "metadata": {"a": {"x": 1}, "b": {"x": 2}}},
      {"id": "body-twice", "kind": "message", "draft": {"body": "Hi", "body": "Hello"}},
      {"id": "deep", "kind": "message", "draft": {"body": "Hi"}, "rationale": {"points": [{"text": "a"}, {"text": "b", "quote": "Hi", "\u0071uote": "x"}]}},
      {"id": "odd", "kind": "message", "draft": {"body": "Hi"}, "metadata": {"crm field": 1, "crm field": 2}}
    ]}"#;

    let answer = send(&state, "POST", "/api/items", &[("content-type", "application/json")], batch).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["accepted"].as_array().unwrap().len(), 1, "{json}");
    let errors: Vec<_> = json["errors"].as_array().unwrap().iter().map(|error| (error["item_id"].as_str().unwrap().to_string(), error["path"].as_str().unwrap().to_string(), error["message"].as_str().unwrap().to_string())).collect();
    let expected = |id: &str, path: &str| (id.to_string(), path.to_string(), format!("{path}: appears twice; JSON readers differ on which value counts, so give each key once"));
    assert_eq!(errors, [expected("body-twice", "items[1].draft.body"), expected("deep", "items[2].rationale.points[1].quote"), expected("odd", r#"items[3].metadata["crm field"]"#)]);
    assert_eq!(pending_ids(&state).await, ["fine", "itm_a", "itm_b"]);

    // Alone in its batch (a bare array here), such an item is the batch's 422, with the path.
    let alone = send(&state, "POST", "/api/items", &[], r#"[{"id": "x", "kind": "message", "draft": {"body": "Hi"}, "policy": {"allow_skip": true, "allow_skip": false}}]"#).await;
    assert_eq!((alone.status, alone.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_items".to_string()), "{}", alone.body);
    assert_eq!(alone.json()["error"]["details"][0]["path"], "items[0].policy.allow_skip");
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

/// Ingests `count` messages `m0`, `m1`… and `count` emails `e0`, `e1`… in one batch.
async fn many(state: &AppState, count: usize) {
    let items: Vec<String> = (0..count)
        .flat_map(|index| {
            [
                format!(r#"{{"id":"m{index}","kind":"message","draft":{{"body":"Hi"}}}}"#),
                format!(r#"{{"id":"e{index}","kind":"email","draft":{{"subject":"S","body":"Hi"}}}}"#),
            ]
        })
        .collect();
    let answer = send(state, "POST", "/api/items", &[], &format!(r#"{{"items":[{}]}}"#, items.join(","))).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
}

#[tokio::test]
async fn the_queue_filters_by_kind_and_pages_with_a_cursor_until_it_is_exhausted() {
    let db = TempDb::new("paging");
    let state = state(&db);
    many(&state, 5).await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let uri = match &cursor {
            Some(cursor) => format!("/api/items?kind=email&limit=2&cursor={cursor}"),
            None => "/api/items?kind=email&limit=2".to_string(),
        };
        let page = get(&state, &uri).await.json();
        let ids: Vec<String> = page["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap().to_string()).collect();
        assert!(ids.len() <= 2);
        seen.extend(ids);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }

    // itm_a is an email too, from the seed: the oldest, so last.
    assert_eq!(seen, ["e0", "e1", "e2", "e3", "e4", "itm_a"]);
    let messages = get(&state, "/api/items?kind=message").await.json();
    assert_eq!(messages["items"].as_array().unwrap().len(), 6, "five new messages and itm_b");
    assert_eq!(messages["next_cursor"], serde_json::Value::Null, "no limit: everything, no next page");
}

#[tokio::test]
async fn a_decided_item_leaves_the_listing_and_the_pages_still_cover_the_rest() {
    let db = TempDb::new("paging-decided");
    let state = state(&db);
    many(&state, 2).await;
    let first = get(&state, "/api/items?limit=2").await.json();
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    assert_eq!(first["items"][0]["id"], "m0");

    // Deciding an item of the first page does not shift the second page.
    let decided = common::post_result(&state, &common::result("k-page", "m0", "1", "approved").replace("\"kind\": \"email\"", "\"kind\": \"message\""), &[]).await;
    assert_eq!(decided.status, StatusCode::CREATED, "{}", decided.body);
    let second = get(&state, &format!("/api/items?limit=2&cursor={cursor}")).await.json();

    let ids: Vec<&str> = second["items"].as_array().unwrap().iter().map(|item| item["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["m1", "e1"]);
}

#[tokio::test]
async fn a_bad_kind_limit_or_cursor_is_a_json_400() {
    let db = TempDb::new("paging-errors");
    let state = state(&db);

    for uri in ["/api/items?kind=fax", "/api/items?limit=0", "/api/items?limit=1001", "/api/items?limit=ten", "/api/items?cursor=abc"] {
        let answer = get(&state, uri).await;
        assert_eq!((answer.status, answer.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_string()), "{uri}");
    }
}

#[tokio::test]
async fn empty_query_parameters_ask_for_nothing_in_particular() {
    // Regression: `?kind=` and `?cursor=` empty meant "not given", but `?limit=` empty was a
    // 400, so the README's own template `/api/items?kind=&limit=&cursor=` was refused.
    let db = TempDb::new("paging-empty");
    let state = state(&db);

    let answer = get(&state, "/api/items?kind=&limit=&cursor=").await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json(), get(&state, "/api/items").await.json());
}

#[tokio::test]
async fn an_id_out_of_versions_is_listed_and_the_rest_of_its_batch_is_stored() {
    // Regression: an item at version i64::MAX ingested again could not count up, and the whole
    // batch failed with 500 internal: the valid new item beside it was lost.
    let db = TempDb::new("ingest-last-version");
    let state = state(&db);
    let last = r#"{"items": [{"id": "v", "version": "9223372036854775807", "kind": "message", "draft": {"body": "Hi"}}]}"#;
    let again = r#"{"items": [{"id": "v", "kind": "message", "draft": {"body": "Hi again"}},
                              {"id": "innocent", "kind": "message", "draft": {"body": "Hello"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], last).await.status, StatusCode::CREATED);

    let answer = send(&state, "POST", "/api/items", &[], again).await;
    let alone = send(&state, "POST", "/api/items", &[], r#"[{"id": "v", "kind": "message", "draft": {"body": "Hi"}}]"#).await;

    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body["accepted"], serde_json::json!([{"id": "innocent", "version": "1", "route": "person"}]));
    assert_eq!((body["errors"][0]["index"].as_u64(), body["errors"][0]["path"].as_str()), (Some(0), Some("items[0].id")));
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("new id"), "{body}");
    assert!(pending_ids(&state).await.contains(&"innocent".to_string()));
    assert_eq!((alone.status, alone.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_items".to_string()), "{}", alone.body);
}

#[tokio::test]
async fn an_item_ingested_under_a_demo_history_id_is_exported_as_itself() {
    // Regression: the demo history keeps version 1 of its items without an item row, so an
    // item ingested as `hist-0001` was new, got version 1 too, and its version was not kept
    // (the history's was already there): its results were exported with the history item's
    // title and model.
    let db = TempDb::new("ingest-history-id");
    let state = state(&db);
    let past_item = r#"{"id":"hist-0001","version":"1","kind":"message","title":"From the history","draft":{"body":"Old"},"rationale":{"model":"m-history"}}"#;
    let past = countersign_server::history::Past {
        key: "hist-key-0001".into(),
        item_id: "hist-0001".into(),
        item: past_item.into(),
        result: common::result("hist-key-0001", "hist-0001", "1", "approved"),
        decision: "approved".into(),
        decided_at: "2026-11-20T10:00:00Z".into(),
    };
    state.db.add_history(vec![past]).await.unwrap();
    let mine = r#"[{"id": "hist-0001", "kind": "message", "title": "Mine", "draft": {"body": "New"}, "rationale": {"model": "m-mine"}}]"#;

    let version = send(&state, "POST", "/api/items", &[], mine).await.json()["accepted"][0]["version"].clone();
    let posted = common::post_result(&state, &common::result("k-mine", "hist-0001", version.as_str().unwrap(), "approved"), &[]).await;
    let export = get(&state, "/api/export").await.body;

    assert_eq!(version, "2", "after the history's version");
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    let lines: Vec<serde_json::Value> = export.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines[0]["item"]["title"], "From the history");
    assert_eq!((lines[1]["item"]["title"].as_str(), lines[1]["item"]["rationale"]["model"].as_str()), (Some("Mine"), Some("m-mine")));
}
