//! `GET /api/export` reads what a result says about itself: its echoed `metadata.langchain`,
//! `metadata.action` and `metadata.prompt`, and whichever of its comment and feedback the
//! person actually wrote.

mod common;

use axum::http::StatusCode;
use common::{get, post_result, TempDb};
use serde_json::{json, Value};

/// A result for `item` with `decision`, changed by `change`.
fn decided(key: &str, item: &str, decision: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&common::result(key, item, "1", decision)).unwrap();
    change(&mut value);
    value.to_string()
}

fn lines(body: &str) -> Vec<Value> {
    body.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"))).collect()
}

#[tokio::test]
async fn a_langchain_result_exports_its_own_tool_call_even_for_an_item_the_server_never_saw() {
    // Regression: the export read the tool call only from the stored item, so a result for an
    // item made by fromLangChainInterrupt in the browser (never ingested) exported as a plain
    // email: name "send_email", snake_case, and the `to` argument lost. toLangChainResume
    // reads the result's echoed metadata.langchain, and the export must give the same.
    let db = TempDb::new("export-langchain-echoed");
    let state = common::state(&db);
    let result = decided("k-int", "int1:0", "approved", |v| {
        v["edited"] = json!(true);
        v["final"] = json!({"subject": "Hello again", "body": "Hi Sam, see you Thursday."});
        v["metadata"] = json!({"langchain": {
            "interrupt": "int1", "index": 0, "count": 1, "name": "send_email_tool",
            "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam"},
            "allowed": ["approve", "edit", "reject"], "casing": "camel",
            "edit": {"subject": "subject", "body": "body"}}});
    });
    assert_eq!(post_result(&state, &result, &[]).await.status, StatusCode::CREATED);

    let lines = lines(&get(&state, "/api/export?format=langchain").await.body);

    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0]["decision"],
        json!({"type": "edit", "editedAction": {"name": "send_email_tool",
               "args": {"to": "sam@example.com", "subject": "Hello again", "body": "Hi Sam, see you Thursday."}}})
    );
}

#[tokio::test]
async fn a_blank_comment_or_feedback_does_not_hide_the_other_one() {
    // Regression: `said` took the first text member even when blank and then dropped it as
    // blank, so a rejection with comment "" and feedback "Too pushy" exported "Rejected by the
    // reviewer.", and a regeneration with feedback "   " and a comment exported "Write another
    // draft." and no feedback line at all. The widget's `said` skips blank texts.
    let db = TempDb::new("export-blank-said");
    let state = common::state(&db);
    let rejected = decided("k-rej", "itm_a", "rejected", |v| {
        v["comment"] = json!("");
        v["feedback"] = json!("Too pushy");
    });
    let regenerate = decided("k-regen", "itm_b", "regenerate", |v| {
        v["feedback"] = json!("   ");
        v["comment"] = json!("Use a softer tone");
    });
    for body in [rejected, regenerate] {
        assert_eq!(post_result(&state, &body, &[]).await.status, StatusCode::CREATED);
    }

    let langchain = lines(&get(&state, "/api/export?format=langchain").await.body);
    let pairs = lines(&get(&state, "/api/export?format=pairs").await.body);

    assert_eq!(langchain[0]["decision"], json!({"type": "reject", "message": "Too pushy"}));
    assert_eq!(langchain[1]["decision"], json!({"type": "reject", "message": "Use a softer tone"}));
    assert_eq!(pairs.iter().map(|line| line["feedback"].clone()).collect::<Vec<_>>(), [json!("Too pushy"), json!("Use a softer tone")]);
}

#[tokio::test]
async fn the_langchain_export_writes_what_to_langchain_resume_gives_for_the_same_results() {
    // Regression: the export and the widget's adapter differed. final.subject null became a
    // null subject here (the adapter kept the original); an edited text argument without
    // final.body kept its text here and became "" there; and a metadata.langchain that
    // fromLangChainInterrupt did not write (no `edit`, a fractional index, an unknown decision)
    // was exported here and refused there. tests/js/langchain.test.mjs runs the same cases
    // through toLangChainResume.
    let fixture: Value = serde_json::from_str(include_str!("../../tests/fixtures/langchain/agreement.json")).unwrap();
    let db = TempDb::new("export-langchain-agreement");
    let state = common::state(&db);
    let cases = fixture["cases"].as_array().unwrap();
    for case in cases {
        let mut result = fixture["base"].clone();
        let item_id = case["result"]["item_id"].as_str().unwrap();
        result["idempotency_key"] = json!(format!("k-{item_id}"));
        for (key, value) in case["result"].as_object().unwrap() {
            result[key] = value.clone();
        }
        let stored = post_result(&state, &result.to_string(), &[]).await;
        assert_eq!(stored.status, StatusCode::CREATED, "{}: {}", case["about"], stored.body);
    }

    let exported = lines(&get(&state, "/api/export?format=langchain").await.body);

    for case in cases {
        let line = exported.iter().find(|line| line["item_id"] == case["result"]["item_id"]);
        assert_eq!(line.map(|line| &line["decision"]).unwrap_or(&Value::Null), &case["decision"], "{}", case["about"]);
    }
}

#[tokio::test]
async fn a_pipeline_s_action_and_prompt_are_read_from_the_result_too() {
    // Regression: metadata.action and metadata.prompt were read only from the stored item, so a
    // result for an item the server never saw (decided in another deployment, or posted by the
    // host) exported as "send_message" with its arguments lost and a made-up prompt, although
    // the result echoes its item's metadata; metadata.langchain was already read from it.
    let db = TempDb::new("export-action-echoed");
    let state = common::state(&db);
    let result = decided("k-act", "crm-77", "approved", |v| {
        v["kind"] = json!("message");
        v["edited"] = json!(true);
        v["original"] = json!({"body": "We closed Acme."});
        v["final"] = json!({"body": "We closed Acme: $48k ARR."});
        v["metadata"] = json!({"action": {"name": "post_to_slack", "args": {"channel": "#sales", "body": "We closed Acme."}}, "prompt": "Announce the Acme deal"});
    });
    // A null in `final` leaves its argument as it was, as for the interrupts' calls.
    let null_subject = decided("k-act-2", "crm-78", "approved", |v| {
        v["edited"] = json!(true);
        v["final"] = json!({"subject": null, "body": "Hi Sam, see you Thursday."});
        v["metadata"] = json!({"action": {"name": "send_email_tool", "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam"}}});
    });
    for body in [result, null_subject] {
        assert_eq!(post_result(&state, &body, &[]).await.status, StatusCode::CREATED);
    }

    let langchain = lines(&get(&state, "/api/export?format=langchain").await.body);
    let pairs = lines(&get(&state, "/api/export?format=pairs").await.body);

    assert_eq!(langchain[0]["decision"], json!({"type": "edit", "edited_action": {"name": "post_to_slack", "args": {"channel": "#sales", "body": "We closed Acme: $48k ARR."}}}));
    assert_eq!(langchain[1]["decision"], json!({"type": "edit", "edited_action": {"name": "send_email_tool", "args": {"to": "sam@example.com", "subject": "Hello", "body": "Hi Sam, see you Thursday."}}}));
    assert_eq!(pairs[0]["prompt"], "Announce the Acme deal");
}
