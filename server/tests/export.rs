//! `GET /api/export`: each format's exact shape on a small known dataset, incremental pulls,
//! paging past one database page, and clear errors.

mod common;

use axum::http::StatusCode;
use common::{get, post_result, send, TempDb};
use countersign_server::history::Past;
use countersign_server::AppState;
use serde_json::{json, Value};

const SEED: &str = r#"{"items": [
  {"id": "e1", "version": "1", "kind": "email", "title": "Demo follow-up",
   "draft": {"subject": "Hello", "body": "Hi Sam"},
   "rationale": {"confidence": 0.8, "risk": "low", "model": "m-a"},
   "metadata": {"prompt": "Follow up on the demo", "action": {"name": "send_email", "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam"}}}},
  {"id": "e2", "kind": "email", "title": "Cold outreach",
   "draft": {"subject": "Hello", "body": "Hi Sam"},
   "context": {"recipient": {"name": "Sam", "company": "Acme"}},
   "rationale": {"confidence": 0.4, "risk": "high", "model": "m-b"}},
  {"id": "e3", "kind": "email", "draft": {"subject": "Hello", "body": "Hi Sam"}},
  {"id": "m1", "kind": "message", "draft": {"body": "Hi Sam"}, "rationale": {"model": "m-c"}}
]}"#;

/// A result for `item` with `decision`, changed by `change`.
fn decided(key: &str, item: &str, kind: &str, decision: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&common::result(key, item, "1", decision)).unwrap();
    value["kind"] = json!(kind);
    if kind == "message" {
        value["original"] = json!({"body": "Hi Sam"});
        value["final"] = json!({"body": "Hi Sam"});
    }
    change(&mut value);
    value.to_string()
}

/// The known dataset: an edited approval, a rejection with a comment, a regeneration with
/// feedback, an unedited approval, a skip, and a result for an item the server never saw. Then
/// e1 gets a new version with another model.
async fn dataset(db: &TempDb) -> AppState {
    let state = AppState::new(db.open(SEED), std::env::temp_dir());
    let results = [
        decided("k1", "e1", "email", "approved", |v| {
            v["edited"] = json!(true);
            v["final"]["body"] = json!("Hi Sam, thanks!");
            v["changes"] = json!([{"op": "equal", "text": "Hi Sam"}, {"op": "insert", "text": ", thanks!"}]);
        }),
        decided("k2", "e2", "email", "rejected", |v| {
            v["reasons"] = json!(["tone"]);
            v["comment"] = json!("Too pushy");
        }),
        decided("k3", "m1", "message", "regenerate", |v| v["feedback"] = json!("Shorter, please")),
        decided("k4", "e3", "email", "approved", |_| {}),
        decided("k5", "e3", "email", "skipped", |v| v["item_version"] = Value::Null),
        decided("k6", "ghost", "email", "rejected", |v| v["reasons"] = json!(["off_topic"])),
    ];
    for body in results {
        let answer = post_result(&state, &body, &[]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let newer = r#"{"items":[{"id":"e1","kind":"email","draft":{"subject":"Hello","body":"Hi Sam!"},"rationale":{"model":"m-new"}}]}"#;
    assert_eq!(send(&state, "POST", "/api/items", &[], newer).await.status, StatusCode::CREATED);
    state
}

fn lines(body: &str) -> Vec<Value> {
    assert!(body.is_empty() || body.ends_with('\n'), "every line ends with a newline");
    body.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"))).collect()
}

#[tokio::test]
async fn jsonl_joins_every_result_with_the_rationale_and_metadata_of_the_version_it_decided() {
    let db = TempDb::new("export-jsonl");
    let state = dataset(&db).await;

    let answer = get(&state, "/api/export?format=jsonl").await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/x-ndjson");
    let lines = lines(&answer.body);
    assert_eq!(lines.iter().map(|line| line["result"]["idempotency_key"].as_str().unwrap()).collect::<Vec<_>>(), ["k1", "k2", "k3", "k4", "k5", "k6"]);
    assert_eq!(
        lines[0]["item"],
        json!({"id": "e1", "version": "1", "kind": "email", "title": "Demo follow-up",
               "rationale": {"confidence": 0.8, "risk": "low", "model": "m-a"},
               "metadata": {"prompt": "Follow up on the demo", "action": {"name": "send_email", "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam"}}}}),
        "the version the person saw, not the newer one with model m-new"
    );
    assert_eq!(lines[0]["result"]["final"]["body"], "Hi Sam, thanks!", "the result as posted");
    assert_eq!(lines[1]["item"]["rationale"], json!({"confidence": 0.4, "risk": "high", "model": "m-b"}));
    assert_eq!(lines[3]["item"]["rationale"], Value::Null, "an item without a rationale");
    assert_eq!(lines[4]["item"]["id"], "e3", "a result without item_version joins the current item");
    assert_eq!(lines[5]["item"], Value::Null, "an item the server never saw");
    let seqs: Vec<i64> = lines.iter().map(|line| line["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|pair| pair[0] < pair[1]), "in storage order: {seqs:?}");
    assert!(lines.iter().all(|line| line["stored_at"].as_str().is_some_and(|at| at.ends_with('Z'))));
}

#[tokio::test]
async fn pairs_turn_edits_into_preferences_and_rejections_into_feedback() {
    let db = TempDb::new("export-pairs");
    let state = dataset(&db).await;

    let lines = lines(&get(&state, "/api/export?format=pairs").await.body);

    assert_eq!(
        lines,
        [
            json!({"type": "preference", "item_id": "e1", "model": "m-a", "prompt": "Follow up on the demo",
                   "chosen": "Subject: Hello\n\nHi Sam, thanks!", "rejected": "Subject: Hello\n\nHi Sam", "reasons": []}),
            json!({"type": "feedback", "item_id": "e2", "model": "m-b", "prompt": "Write an email: Cold outreach (to Sam, Acme)",
                   "rejected": "Subject: Hello\n\nHi Sam", "feedback": "Too pushy", "reasons": ["tone"]}),
            json!({"type": "feedback", "item_id": "m1", "model": "m-c", "prompt": "Write a message",
                   "rejected": "Hi Sam", "feedback": "Shorter, please", "reasons": []}),
            json!({"type": "feedback", "item_id": "ghost", "model": null, "prompt": "Write an email",
                   "rejected": "Subject: Hello\n\nHi Sam", "feedback": "off_topic", "reasons": ["off_topic"]}),
        ]
    );
}

#[tokio::test]
async fn langchain_gives_each_decision_as_a_human_in_the_loop_answer() {
    let db = TempDb::new("export-langchain");
    let state = dataset(&db).await;

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);
    let decisions: Vec<(String, Value)> = lines.iter().map(|line| (line["item_id"].as_str().unwrap().to_string(), line["decision"].clone())).collect();

    assert_eq!(
        decisions,
        [
            ("e1".to_string(), json!({"type": "edit", "edited_action": {"name": "send_email", "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam, thanks!"}}})),
            ("e2".to_string(), json!({"type": "reject", "message": "Too pushy"})),
            ("m1".to_string(), json!({"type": "reject", "message": "Shorter, please"})),
            ("e3".to_string(), json!({"type": "approve"})),
            ("ghost".to_string(), json!({"type": "reject", "message": "off_topic"})),
        ],
        "the skip is left out: the agent keeps waiting"
    );
    assert_eq!(lines[0]["idempotency_key"], "k1");
    assert_eq!(lines[0]["decided_at"], "2026-11-22T10:01:12Z");
}

#[tokio::test]
async fn since_continues_after_a_position_or_a_time() {
    let db = TempDb::new("export-since");
    let state = dataset(&db).await;
    let all = lines(&get(&state, "/api/export").await.body);
    let second = all[1]["seq"].as_i64().unwrap();

    let after = lines(&get(&state, &format!("/api/export?format=jsonl&since={second}")).await.body);
    let future = get(&state, "/api/export?since=2999-01-01T00:00:00Z").await;
    let past = lines(&get(&state, "/api/export?since=2000-01-01T00:00:00Z").await.body);

    assert_eq!(after.iter().map(|line| line["result"]["idempotency_key"].clone()).collect::<Vec<_>>(), ["k3", "k4", "k5", "k6"]);
    assert_eq!((future.status, future.body.as_str()), (StatusCode::OK, ""));
    assert_eq!(past.len(), 6);
    // A time without fractions still counts the results later in the same second.
    let stored_at = all[2]["stored_at"].as_str().unwrap().to_string();
    let second = format!("{}Z", &stored_at[..19]);
    let from_second = lines(&get(&state, &format!("/api/export?since={}", second.replace(':', "%3A"))).await.body);
    assert!(from_second.iter().any(|line| line["result"]["idempotency_key"] == "k3") || stored_at.ends_with(".000Z"), "{stored_at} vs {second}");
}

#[tokio::test]
async fn an_unknown_format_or_an_unreadable_since_is_a_json_400() {
    let db = TempDb::new("export-errors");
    let state = dataset(&db).await;

    let format = get(&state, "/api/export?format=csv").await;
    let since = get(&state, "/api/export?since=yesterday").await;
    let bad_time = get(&state, "/api/export?since=2026-11-01%20junk").await;
    assert_eq!((bad_time.status, bad_time.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_string()), "a time that cannot be read is refused, not an empty export");

    assert_eq!((format.status, format.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_string()));
    assert!(format.json()["error"]["message"].as_str().unwrap().contains("jsonl, pairs, langchain"));
    assert_eq!((since.status, since.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_string()));
}

#[tokio::test]
async fn an_empty_format_or_since_counts_as_not_given() {
    // Regression: `?since=` empty meant "from the start", but `?format=` empty was an unknown
    // format and a 400, so a client filling in `/api/export?format=&since=` got nothing.
    let db = TempDb::new("export-empty");
    let state = dataset(&db).await;

    let answer = get(&state, "/api/export?format=&since=").await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.body, get(&state, "/api/export?format=jsonl").await.body);
}

#[tokio::test]
async fn an_export_longer_than_one_page_streams_every_result_once_in_order() {
    let db = TempDb::new("export-pages");
    let state = AppState::new(db.open(SEED), std::env::temp_dir());
    let body = common::result("k", "e3", "1", "approved");
    let bulk = (0..1_234)
        .map(|index| Past {
            key: format!("bulk-{index}"),
            item_id: "e3".into(),
            item: String::new(), // e3's version 1 is stored already and kept
            result: body.replace("\"k\"", &format!("\"bulk-{index}\"")),
            decision: "approved".into(),
            decided_at: "2026-11-22T10:01:12Z".into(),
        })
        .collect();
    state.db.add_history(bulk).await.unwrap();

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);

    assert_eq!(lines.len(), 1_234);
    assert!(lines.iter().enumerate().all(|(index, line)| line["idempotency_key"] == format!("bulk-{index}")));
}

#[tokio::test]
async fn a_database_from_before_the_export_keeps_its_items_versions_for_it() {
    let db = TempDb::file("export-migrated");
    {
        // A file as the first release left it: schema 1, one item, one result (stored to the
        // second, as the demo history once was).
        let connection = rusqlite::Connection::open(&db.path).unwrap();
        connection.execute_batch(include_str!("../migrations/sqlite/0001_init.sql")).unwrap();
        connection.pragma_update(None, "user_version", 1).unwrap();
        connection
            .execute(
                "INSERT INTO items (id, version_no, version, body) VALUES ('old', 1, '1', ?1)",
                [r#"{"id":"old","version":"1","kind":"message","draft":{"body":"Hi"},"rationale":{"model":"m-old"}}"#],
            )
            .unwrap();
        connection
            .execute("INSERT INTO results (idempotency_key, item_id, item_version, decision, body, created_at) VALUES ('k-old', 'old', '1', 'approved', ?1, '2026-11-20T10:00:00Z')", [common::result("k-old", "old", "1", "approved")])
            .unwrap();
    }
    let state = AppState::new(db.open(SEED), std::env::temp_dir());

    let lines = lines(&get(&state, "/api/export").await.body);

    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["item"]["rationale"]["model"], "m-old");
    assert_eq!(lines[0]["stored_at"], "2026-11-20T10:00:00.000Z", "a time stored to the second gets the one shape");
}

#[tokio::test]
async fn since_reads_a_time_with_an_offset_as_the_same_moment_in_utc() {
    let db = TempDb::new("export-offset");
    let state = AppState::new(db.open(SEED), std::env::temp_dir());
    let past = |index: usize, decided_at: &str| Past {
        key: format!("p-{index}"),
        item_id: "e3".into(),
        item: String::new(),
        result: common::result(&format!("p-{index}"), "e3", "1", "approved"),
        decision: "approved".into(),
        decided_at: decided_at.into(),
    };
    state.db.add_history(vec![past(0, "2026-11-20T10:00:00Z"), past(1, "2026-11-20T10:45:00Z"), past(2, "2026-11-21T09:00:00Z")]).await.unwrap();
    let keys = |uri: String| {
        let state = state.clone();
        async move { lines(&get(&state, &uri).await.body).iter().map(|line| line["result"]["idempotency_key"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>() }
    };

    // 11:30 at +01:00 is 10:30 UTC: after the first, before the second.
    assert_eq!(keys("/api/export?since=2026-11-20T11:30:00%2B01:00".into()).await, ["p-1", "p-2"]);
    assert_eq!(keys("/api/export?since=2026-11-20T10:00:00.000Z".into()).await, ["p-1", "p-2"], "stored exactly at the time is not after it");
    assert_eq!(keys("/api/export?since=2026-11-21".into()).await, ["p-2"]);
    assert_eq!(keys("/api/export?since=2026-11-21T04:00-05:00".into()).await, Vec::<String>::new());
    assert_eq!(get(&state, "/api/export?since=2026-02-30").await.status, StatusCode::BAD_REQUEST);
    // Each line's stored_at is in the one stored shape, whatever the history said.
    assert_eq!(lines(&get(&state, "/api/export").await.body)[0]["stored_at"], "2026-11-20T10:00:00.000Z");
}

#[tokio::test]
async fn items_from_a_langchain_interrupt_export_the_decisions_the_widget_resumes_with() {
    // The widget's fromLangChainInterrupt made these items and toLangChainResume turns these
    // results into resume.python.json (tests/js/langchain.test.mjs); the export must agree.
    let db = TempDb::new("export-langchain-interrupt");
    let state = AppState::new(db.open(include_str!("../../tests/fixtures/langchain/items.python.json")), std::env::temp_dir());
    let results: Vec<Value> = serde_json::from_str(include_str!("../../tests/fixtures/langchain/results.python.json")).unwrap();
    for result in &results {
        let answer = post_result(&state, &result.to_string(), &[]).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    }
    let resume: Value = serde_json::from_str(include_str!("../../tests/fixtures/langchain/resume.python.json")).unwrap();

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);
    let latest = |item: &str| lines.iter().rev().find(|line| line["item_id"] == item).map(|line| line["decision"].clone());

    assert_eq!(lines.len(), 4, "every decision, the email's first (a rejection) too");
    assert_eq!(latest("3f1c2b7a9e8d4c6b:0").unwrap(), resume["decisions"][0], "the edited email under its own argument names");
    assert_eq!(latest("3f1c2b7a9e8d4c6b:1").unwrap(), resume["decisions"][1]);
    assert_eq!(latest("3f1c2b7a9e8d4c6b:2").unwrap(), resume["decisions"][2], "the answer to ask_user is a respond");
}

#[tokio::test]
async fn an_edited_approval_of_an_action_without_edit_exports_as_the_answer() {
    // As toLangChainResume: the action allows approve and respond, not edit.
    let items = r#"[{"id": "r1", "kind": "message", "draft": {"body": "Sure, Thursday works."},
        "metadata": {"langchain": {"interrupt": "i", "index": 0, "count": 1, "name": "reply_in_chat",
          "args": {"text": "Sure, Thursday works."}, "allowed": ["approve", "respond"], "casing": "snake", "edit": {"text": "text"}}}}]"#;
    let db = TempDb::new("export-langchain-respond");
    let state = AppState::new(db.open(items), std::env::temp_dir());
    let edited = decided("k1", "r1", "message", "approved", |v| {
        v["edited"] = json!(true);
        v["final"] = json!({"body": "Thursday at 10 works."});
    });
    assert_eq!(post_result(&state, &edited, &[]).await.status, StatusCode::CREATED);

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);

    assert_eq!(lines[0]["decision"], json!({"type": "respond", "message": "Thursday at 10 works."}));
}

#[tokio::test]
async fn interrupt_items_export_in_their_spelling_and_leave_out_what_the_adapter_refuses() {
    // post_to_linkedin allows approve, edit, reject, respond (camelCase interrupt); the second
    // item is the same call but allows only reject, the third takes JSON arguments.
    let js: Vec<Value> = serde_json::from_str(include_str!("../../tests/fixtures/langchain/items.js.json")).unwrap();
    let mut reject_only = js[0].clone();
    reject_only["id"] = json!("only-reject");
    reject_only["metadata"]["langchain"]["allowed"] = json!(["reject"]);
    let mut json_args = js[0].clone();
    json_args["id"] = json!("json-args");
    json_args["metadata"]["langchain"]["edit"] = json!({"json": true});
    let items = json!([js[0], reject_only, json_args]).to_string();
    let db = TempDb::new("export-langchain-camel");
    let state = AppState::new(db.open(&items), std::env::temp_dir());
    let edit = |v: &mut Value| {
        v["edited"] = json!(true);
        v["final"] = json!({"body": "We shipped human review."});
    };
    for body in [
        decided("k1", js[0]["id"].as_str().unwrap(), "message", "approved", edit),
        decided("k2", "only-reject", "message", "approved", |_| {}),
        decided("k3", "json-args", "message", "approved", edit),
    ] {
        assert_eq!(post_result(&state, &body, &[]).await.status, StatusCode::CREATED);
    }

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);

    assert_eq!(lines.len(), 1, "an approval the action does not allow, and arguments that are not JSON, are left out: {lines:?}");
    assert_eq!(lines[0]["decision"], json!({"type": "edit", "editedAction": {"name": "post_to_linkedin", "args": {"text": "We shipped human review."}}}));
}
