//! `GET /api/stats` and `GET /report`: the trust report over a known history.

mod common;

use axum::http::StatusCode;
use common::{get, TempDb};
use countersign_server::history::Past;
use countersign_server::AppState;
use serde_json::{json, Value};

/// One decided item: its version with `model` and `confidence`, and a result.
fn decided(model: &str, kind: &str, confidence: f64, decision: &str, edited: bool, index: usize) -> Past {
    let id = format!("h-{model}-{index}");
    let item = json!({"id": id, "version": "1", "kind": kind, "draft": {"body": "Hi"}, "rationale": {"model": model, "confidence": confidence, "risk": "low"}});
    let changes = if edited { json!([{"op": "equal", "text": "Hi"}, {"op": "insert", "text": "there friend"}]) } else { json!([{"op": "equal", "text": "Hi"}]) };
    let result = json!({
        "schema": "countersign.result.v1", "idempotency_key": format!("k-{id}"), "item_id": id, "item_version": "1", "kind": kind,
        "decision": decision, "edited": edited, "original": {"body": "Hi"}, "final": {"body": if edited { "Hi there friend" } else { "Hi" }},
        "changes": changes, "reasons": [], "opened_at": "2026-11-01T10:00:00Z", "decided_at": "2026-11-01T10:00:30Z", "active_ms": 1000 * (index as u64 % 7 + 1),
    });
    Past { key: format!("k-{id}"), item_id: id, item: item.to_string(), result: result.to_string(), decision: decision.to_string(), decided_at: "2026-11-01T10:00:30Z".into() }
}

/// model-a: 40 emails at 0.9 (39 approved unedited, 1 edited) and 20 at 0.3 (5 unedited,
/// 10 edited, 5 rejected); model-b: 10 messages at 0.95, all unedited (too few to trust).
async fn history(db: &TempDb) -> AppState {
    let state = AppState::new(db.open(common::SEED), std::env::temp_dir());
    let mut rows = Vec::new();
    for index in 0..40 {
        rows.push(decided("model-a", "email", 0.9, "approved", index == 0, index));
    }
    for index in 0..20 {
        let (decision, edited) = match index % 4 {
            0 => ("rejected", false),
            1 => ("approved", false),
            _ => ("approved", true),
        };
        rows.push(decided("model-a", "email", 0.3, decision, edited, 100 + index));
    }
    for index in 0..10 {
        rows.push(decided("model-b", "message", 0.95, "approved", false, index));
    }
    rows.push(decided("<b>model-x</b>", "message", 0.5, "skipped", false, 0));
    state.db.add_history(rows).await.unwrap();
    state
}

fn group<'a>(stats: &'a Value, list: &str, name: &str) -> &'a Value {
    stats[list].as_array().unwrap().iter().find(|group| group["name"] == name).map(|group| &group["tally"]).unwrap_or_else(|| panic!("no {name} in {list}"))
}

#[tokio::test]
async fn stats_count_every_decision_by_kind_model_risk_and_confidence() {
    let db = TempDb::new("stats");
    let state = history(&db).await;

    let answer = get(&state, "/api/stats").await;

    assert_eq!(answer.status, StatusCode::OK);
    let stats = answer.json();
    assert_eq!(
        stats["overall"],
        json!({"decisions": 71, "approved_unedited": 54, "edited": 11, "rejected": 5, "regenerated": 0, "skipped": 1,
               "unedited_rate": 0.7714, "mean_edit_distance": 0.3099, "median_active_ms": 4000.0})
    );
    let email = group(&stats, "by_kind", "email");
    assert_eq!((email["decisions"].as_u64(), email["approved_unedited"].as_u64(), email["edited"].as_u64(), email["rejected"].as_u64()), (Some(60), Some(44), Some(11), Some(5)));
    assert_eq!(group(&stats, "by_model", "model-b")["unedited_rate"], 1.0);
    assert_eq!(group(&stats, "by_risk", "low")["decisions"], 71);
    assert_eq!(group(&stats, "by_confidence", "0.9–1.0")["decisions"], 50);
    assert_eq!(group(&stats, "by_confidence", "0.3–0.4")["decisions"], 20);
}

#[tokio::test]
async fn decisions_stored_after_a_report_count_in_the_next_one() {
    // The report keeps the decisions it has read and reads only the newer ones next time:
    // they must all count, once.
    let db = TempDb::new("stats-incremental");
    let state = history(&db).await;
    assert_eq!(get(&state, "/api/stats").await.json()["overall"]["decisions"], 71);

    state.db.add_history((0..5).map(|index| decided("model-c", "email", 0.8, "rejected", false, 500 + index)).collect()).await.unwrap();
    let body = common::result("k-live", "itm_a", "1", "approved");
    assert_eq!(common::post_result(&state, &body, &[]).await.status, StatusCode::CREATED);

    let stats = get(&state, "/api/stats").await.json();
    assert_eq!(stats["overall"]["decisions"], 77);
    assert_eq!(group(&stats, "by_model", "model-c")["rejected"], 5);
    // Asked again with nothing new, nothing is counted twice.
    assert_eq!(get(&state, "/report").await.status, StatusCode::OK);
    assert_eq!(get(&state, "/api/stats").await.json()["overall"]["decisions"], 77);
}

#[tokio::test]
async fn the_calibration_and_threshold_say_where_a_person_is_still_needed() {
    let db = TempDb::new("stats-threshold");
    let state = history(&db).await;

    let stats = get(&state, "/api/stats").await.json();
    let calibration = |kind: &str, model: &str| stats["calibration"].as_array().unwrap().iter().find(|entry| entry["kind"] == kind && entry["model"] == model).cloned().unwrap();

    let emails = calibration("email", "model-a");
    assert_eq!(emails["deciles"][9], json!({"bucket": "0.9–1.0", "verdicts": 40, "approved_unedited": 39, "rate": 0.975}));
    assert_eq!(emails["deciles"][3], json!({"bucket": "0.3–0.4", "verdicts": 20, "approved_unedited": 5, "rate": 0.25}));
    assert_eq!(emails["threshold"], json!({"confidence": 0.9, "rate": 0.975, "samples": 40, "wilson_lower_bound": 0.8712}));
    assert_eq!(
        emails["sentence"],
        "Emails from model-a with confidence ≥ 0.90 were approved unedited 98 % of the time (n = 40; Wilson lower bound 87 %); a person is still needed below that."
    );
    let messages = calibration("message", "model-b");
    assert_eq!(messages["threshold"], Value::Null, "10 decisions are too few");
    // With a lower bar on samples, the same data supports a threshold.
    let relaxed = get(&state, "/api/stats?min_samples=10&target=0.9").await.json();
    let relaxed_messages = relaxed["calibration"].as_array().unwrap().iter().find(|entry| entry["model"] == "model-b").cloned().unwrap();
    assert_eq!(relaxed_messages["threshold"]["samples"], 10);
    assert_eq!(relaxed["settings"], json!({"target": 0.9, "min_samples": 10}));
}

#[tokio::test]
async fn unusable_settings_are_a_json_400() {
    let db = TempDb::new("stats-errors");
    let state = history(&db).await;
    for uri in ["/api/stats?target=1.5", "/api/stats?target=x", "/api/stats?min_samples=0", "/report?target=0"] {
        let answer = get(&state, uri).await;
        assert_eq!((answer.status, answer.error_code()), (StatusCode::BAD_REQUEST, "bad_request".to_string()), "{uri}");
    }
}

#[tokio::test]
async fn empty_settings_count_as_not_given() {
    // Regression: `/api/stats?target=&min_samples=`, the README's own template, was a 400,
    // while `?since=` of the export and `?kind=` of the items counted empty as not given.
    let db = TempDb::new("stats-empty");
    let state = history(&db).await;

    let answer = get(&state, "/api/stats?target=&min_samples=").await;
    let page = get(&state, "/report?target=").await;

    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json()["settings"], json!({"target": 0.95, "min_samples": 30}));
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn the_report_page_draws_a_chart_per_kind_and_model_and_escapes_the_data() {
    let db = TempDb::new("report-page");
    let state = history(&db).await;

    let answer = get(&state, "/report").await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "text/html; charset=utf-8");
    let html = &answer.body;
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 3, "email/model-a, message/model-b, message/<b>model-x</b>");
    assert!(html.contains("approved unedited 98 % of the time (n = 40"));
    assert!(html.contains("&lt;b&gt;model-x&lt;/b&gt;") && !html.contains("<b>model-x</b>"), "names from the data are text");
    assert!(html.contains(">AI confidence<") && html.contains(">Approved unedited<"), "axis labels");
    assert!(html.contains(">n = 40<"), "counts on the bars");
    assert!(!html.contains("<script") && !html.contains("style="), "no script, nothing inline for a strict CSP");
    let css = get(&state, "/report.css").await;
    assert_eq!((css.status, css.headers["content-type"].to_str().unwrap()), (StatusCode::OK, "text/css; charset=utf-8"));
    assert!(css.body.contains("prefers-color-scheme: dark"));
}
