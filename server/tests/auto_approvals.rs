//! Auto-approvals are the server's own: the trust report and the export tell them from people's
//! decisions by what the server recorded as it made them, and a posted result that claims to be
//! one (reviewer `auto`, or a key under `auto-`) is refused.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, post_result, result, send, TempDb};
use countersign::model::Kind;
use countersign_server::routing::{Routing, Rule};
use countersign_server::AppState;
use serde_json::{json, Value};

/// The reviewer the server's own auto-approvals carry.
const AUTO_REVIEWER: &str = r#""reviewer": {"id": "auto", "name": "Countersign auto-approval"}"#;

/// A state whose routing auto-approves every email at confidence 0.9 or more (no spot checks).
fn routed(db: &TempDb) -> AppState {
    AppState::new(db.open(common::SEED), std::env::temp_dir()).with_routing(Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.0 }], 1))
}

/// A well-formed result for `item_id` decided by reviewer `auto`, as the server writes it.
fn claiming_auto(key: &str, item_id: &str) -> String {
    let body = result(key, item_id, "1", "approved");
    assert!(body.contains(r#""reviewer": {"id": "u-17", "name": "Dana Kim"}"#));
    body.replace(r#""reviewer": {"id": "u-17", "name": "Dana Kim"}"#, AUTO_REVIEWER)
}

/// Ingests emails `ids` at `confidence` and answers the ingest's JSON.
async fn ingest(state: &AppState, ids: &[&str], confidence: f64) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| json!({"id": id, "kind": "email", "draft": {"subject": "S", "body": "Hi"}, "rationale": {"confidence": confidence, "model": "m"}})).collect();
    let answer = send(state, "POST", "/api/items", &[], &json!({"items": items}).to_string()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.json()
}

/// Asserts `answer` is the 422 that refuses a claim to be the server's, naming `what`.
fn assert_refused_as_the_server_s(answer: &common::Answer, what: &str) {
    assert_eq!((answer.status, answer.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "reserved_for_server".to_string()), "{}", answer.body);
    let message = answer.json()["error"]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains(what) && message.contains("the server's own auto-approvals"), "{message}");
}

#[tokio::test]
async fn a_result_posted_as_reviewer_auto_is_refused_and_not_counted_as_an_auto_approval() {
    // Regression: the trust report told auto-approvals by `reviewer.id == "auto"` alone, so a
    // result any client posted with that id was stored, left out of the people's numbers and
    // counted as the server's own auto-approval.
    let db = TempDb::new("claims-reviewer");
    let state = common::state(&db);

    let answer = post_result(&state, &claiming_auto("k-claim", "itm_a"), &[]).await;

    assert_refused_as_the_server_s(&answer, r#"reviewer.id "auto""#);
    assert_eq!(get(&state, "/api/results").await.json()["results"], json!([]), "nothing stored");
    assert_eq!(pending_ids(&state).await, ["itm_a", "itm_b"], "the item still waits for a person");
    let stats = get(&state, "/api/stats").await.json();
    assert_eq!((stats["auto_approved"].clone(), stats["overall"]["decisions"].clone()), (json!([]), json!(0)));
    // The same decision under the person's own id is stored and counted as theirs.
    assert_eq!(post_result(&state, &result("k-person", "itm_a", "1", "approved"), &[]).await.status, StatusCode::CREATED);
    assert_eq!(get(&state, "/api/stats").await.json()["overall"]["decisions"], 1);
}

#[tokio::test]
async fn a_result_posted_under_an_auto_key_is_refused_and_the_server_s_own_approval_under_that_key_is_stored() {
    // Regression: a client could post under the key the server gives an item version's
    // auto-approval (`auto-<id length>-<id>-<version>`) before the item came. The server's own
    // approval then found its key taken by another body, and the whole ingest was refused
    // (422 idempotency_key_reused), on every try: the item could never be ingested.
    let db = TempDb::new("claims-key");
    let state = routed(&db);

    let answer = post_result(&state, &result("auto-1-c-1", "c", "1", "approved"), &[]).await;
    let routed = ingest(&state, &["c"], 0.95).await;

    assert_refused_as_the_server_s(&answer, r#"key "auto-1-c-1""#);
    assert_eq!(routed["accepted"], json!([{"id": "c", "version": "1", "route": "auto"}]));
    let stored = get(&state, "/api/results").await.json();
    let stored = stored["results"].as_array().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0]["idempotency_key"].as_str(), stored[0]["reviewer"]["id"].as_str()), (Some("auto-1-c-1"), Some("auto")));
    assert_eq!(get(&state, "/api/stats").await.json()["auto_approved"], json!([{"kind": "email", "decisions": 1}]));
}

#[tokio::test]
async fn only_the_server_s_own_auto_approvals_count_as_auto_approvals_in_the_report() {
    // Regression: besides the server's three, a script's result claiming reviewer `auto` was
    // counted as a fourth auto-approval.
    let db = TempDb::new("claims-report");
    let state = routed(&db);
    ingest(&state, &["c0", "c1", "c2"], 0.95).await;
    ingest(&state, &["d0"], 0.5).await;

    let person = post_result(&state, &result("k-d0", "d0", "1", "rejected"), &[]).await;
    let claim = post_result(&state, &claiming_auto("k-claim", "itm_a"), &[]).await;

    assert_eq!(person.status, StatusCode::CREATED, "{}", person.body);
    assert_refused_as_the_server_s(&claim, r#"reviewer.id "auto""#);
    let stats = get(&state, "/api/stats").await.json();
    assert_eq!(stats["auto_approved"], json!([{"kind": "email", "decisions": 3}]), "the server's own, as before");
    assert_eq!((stats["overall"]["decisions"].as_u64(), stats["overall"]["rejected"].as_u64()), (Some(1), Some(1)), "the person's decision");
    assert!(get(&state, "/report").await.body.contains("Emails: 3 auto-approved so far."));
}

#[tokio::test]
async fn the_export_says_which_results_the_server_auto_approved() {
    let db = TempDb::new("claims-export");
    let state = routed(&db);
    ingest(&state, &["c0"], 0.95).await;
    assert_eq!(post_result(&state, &result("k-a", "itm_a", "1", "approved"), &[]).await.status, StatusCode::CREATED);

    let body = get(&state, "/api/export").await.body;
    let lines: Vec<Value> = body.lines().map(|line| serde_json::from_str(line).unwrap()).collect();

    let said: Vec<(&str, Option<bool>)> = lines.iter().map(|line| (line["result"]["idempotency_key"].as_str().unwrap(), line["auto_approved"].as_bool())).collect();
    assert_eq!(said, [("auto-2-c0-1", Some(true)), ("k-a", Some(false))]);
}

/// A SQL string literal.
fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Makes `db` a database as the server left it before it recorded its auto-approvals (SQLite
/// schema 4, PostgreSQL schema 1), holding: the server's own auto-approval of `x`; a person's
/// rejection of `y` posted as reviewer `auto`; a person's approval of `z`; and a result posted
/// under the key the server would give `w`, a version the server never had, as reviewer `auto`.
fn database_from_before_the_record(db: &TempDb) {
    let schema = match db.postgres_url() {
        Some(_) => format!("{}\nCREATE TABLE countersign_schema (version INTEGER NOT NULL); INSERT INTO countersign_schema VALUES (1);", include_str!("../migrations/postgres/0001_init.sql")),
        None => [
            include_str!("../migrations/sqlite/0001_init.sql"),
            include_str!("../migrations/sqlite/0002_item_versions.sql"),
            include_str!("../migrations/sqlite/0003_spot_checks.sql"),
            include_str!("../migrations/sqlite/0004_stored_times.sql"),
            "PRAGMA user_version = 4;",
        ]
        .join("\n"),
    };
    db.execute(&schema);
    let mut rows = String::new();
    for id in ["x", "y", "z"] {
        let item = json!({"id": id, "version": "1", "kind": "email", "draft": {"subject": "Hello", "body": "Hi Sam"}, "rationale": {"confidence": 0.95, "model": "m-old"}}).to_string();
        rows.push_str(&format!("INSERT INTO items (id, version_no, version, body, kind) VALUES ({}, 1, '1', {}, 'email');\n", text(id), text(&item)));
        rows.push_str(&format!("INSERT INTO item_versions (item_id, version, body) VALUES ({}, '1', {});\n", text(id), text(&item)));
    }
    let rejected = result("k-y", "y", "1", "rejected").replace(r#""reviewer": {"id": "u-17", "name": "Dana Kim"}"#, AUTO_REVIEWER);
    for (key, item, decision, body) in [
        ("auto-1-x-1", "x", "approved", claiming_auto("auto-1-x-1", "x")),
        ("k-y", "y", "rejected", rejected),
        ("k-z", "z", "approved", result("k-z", "z", "1", "approved")),
        ("auto-1-w-1", "w", "approved", claiming_auto("auto-1-w-1", "w")),
    ] {
        rows.push_str(&format!("INSERT INTO results (idempotency_key, item_id, item_version, decision, body) VALUES ({}, {}, '1', {}, {});\n", text(key), text(item), text(decision), text(&body)));
    }
    db.execute(&rows);
}

#[tokio::test]
async fn a_database_from_before_the_record_opens_and_tells_the_server_s_auto_approvals_from_claimed_ones() {
    // Regression: the stored results' own `reviewer.id` was all the report went by, so in a
    // database from before the record, a person's rejection posted as `auto` was hidden.
    // Marked on migration: only the result under the very key the server gives an item version
    // it stored, by reviewer `auto`, is the server's.
    let db = TempDb::new("claims-migrated");
    database_from_before_the_record(&db);

    let state = AppState::new(db.open(common::SEED), std::env::temp_dir());

    let stats = get(&state, "/api/stats").await.json();
    assert_eq!(stats["auto_approved"], json!([{"kind": "email", "decisions": 1}]));
    assert_eq!(
        (stats["overall"]["decisions"].as_u64(), stats["overall"]["rejected"].as_u64(), stats["overall"]["approved_unedited"].as_u64()),
        (Some(3), Some(1), Some(2)),
        "y's rejection, z's and w's approvals are people's"
    );
    let body = get(&state, "/api/export").await.body;
    let said: Vec<(String, bool)> = body.lines().map(|line| serde_json::from_str::<Value>(line).unwrap()).map(|line| (line["result"]["item_id"].as_str().unwrap().to_string(), line["auto_approved"].as_bool().unwrap())).collect();
    assert_eq!(said, [("x".to_string(), true), ("y".into(), false), ("z".into(), false), ("w".into(), false)]);
    // Opened again, nothing is migrated twice.
    drop(state);
    let again = AppState::new(db.open(common::SEED), std::env::temp_dir());
    assert_eq!(get(&again, "/api/stats").await.json()["auto_approved"], json!([{"kind": "email", "decisions": 1}]));
}
