//! `GET /api/export` reads what a result says about itself: its echoed `metadata.langchain`,
//! and whichever of its comment and feedback the person actually wrote.

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
