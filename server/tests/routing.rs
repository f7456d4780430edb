//! Routing by trust: confident items approved at ingest as reviewer "auto", spot checks at the
//! configured rate going to a person, and the report telling how the spot checks turned out.

mod common;

use axum::http::StatusCode;
use common::{get, pending_ids, post_result, send, TempDb};
use countersign::model::Kind;
use countersign_server::routing::{Routing, Rule};
use countersign_server::AppState;
use serde_json::{json, Value};

fn routed(db: &TempDb, seed: u64) -> AppState {
    AppState::new(db.open(common::SEED), std::env::temp_dir()).with_routing(Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.2 }], seed))
}

/// `count` emails at `confidence`, ids `{prefix}0`…, and the ingest answer.
async fn ingest(state: &AppState, prefix: &str, count: usize, confidence: f64) -> Value {
    let items: Vec<Value> = (0..count)
        .map(|index| json!({"id": format!("{prefix}{index}"), "kind": "email", "draft": {"subject": "S", "body": "Hi"}, "rationale": {"confidence": confidence, "model": "m"}}))
        .collect();
    let answer = send(state, "POST", "/api/items", &[], &json!({"items": items}).to_string()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.json()
}

fn routes(answer: &Value, route: &str) -> Vec<String> {
    answer["accepted"].as_array().unwrap().iter().filter(|item| item["route"] == route).map(|item| item["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn confident_items_are_approved_as_auto_and_the_rest_stay_for_a_person() {
    let db = TempDb::new("routing");
    let state = routed(&db, 7);

    let confident = ingest(&state, "c", 200, 0.95).await;
    let doubtful = ingest(&state, "d", 5, 0.5).await;

    let auto = routes(&confident, "auto");
    let spot = routes(&confident, "spot_check");
    assert_eq!(auto.len() + spot.len(), 200);
    // 20 % of 200 is 40 (standard deviation about 5.7).
    assert!((25..=55).contains(&spot.len()), "{} spot checks", spot.len());
    assert_eq!(routes(&doubtful, "person").len(), 5, "below the threshold: a person");
    let pending = pending_ids(&state).await;
    assert!(auto.iter().all(|id| !pending.contains(id)), "auto-approved items leave the queue");
    assert!(spot.iter().all(|id| pending.contains(id)), "spot checks wait for a person");
    let results = get(&state, "/api/results").await.json();
    let stored: Vec<&Value> = results["results"].as_array().unwrap().iter().collect();
    assert_eq!(stored.len(), auto.len());
    let first = stored[0];
    assert_eq!((first["decision"].as_str(), first["edited"].as_bool(), first["reviewer"]["id"].as_str()), (Some("approved"), Some(false), Some("auto")));
    assert_eq!(first["final"], json!({"subject": "S", "body": "Hi"}));
}

#[tokio::test]
async fn the_same_seed_routes_the_same_way() {
    let (one, two) = (TempDb::new("routing-seed-1"), TempDb::new("routing-seed-2"));
    let first = routes(&ingest(&routed(&one, 99), "c", 100, 0.95).await, "spot_check");
    let second = routes(&ingest(&routed(&two, 99), "c", 100, 0.95).await, "spot_check");
    assert_eq!(first, second);
}

#[tokio::test]
async fn the_report_leaves_auto_approvals_out_and_tells_how_the_spot_checks_turned_out() {
    let db = TempDb::new("routing-report");
    let state = routed(&db, 3);
    let answer = ingest(&state, "c", 100, 0.95).await;
    let auto = routes(&answer, "auto").len() as u64;
    let spot = routes(&answer, "spot_check");
    // People decide the spot checks: all approved unedited but one, which they edit.
    for (index, id) in spot.iter().enumerate() {
        let mut body: Value = serde_json::from_str(&common::result(&format!("k-{id}"), id, "1", "approved")).unwrap();
        if index == 0 {
            body["edited"] = json!(true);
            body["final"]["body"] = json!("Hi there");
        }
        assert_eq!(post_result(&state, &body.to_string(), &[]).await.status, StatusCode::CREATED);
    }

    // A second decision on an already decided spot check (another tab) counts once, by the latest.
    let again = common::result(&format!("k2-{}", spot[1]), &spot[1], "1", "approved");
    assert_eq!(post_result(&state, &again, &[]).await.status, StatusCode::CREATED);

    let stats = get(&state, "/api/stats").await.json();

    assert_eq!(stats["auto_approved"], json!([{"kind": "email", "decisions": auto}]));
    assert_eq!(stats["overall"]["decisions"], spot.len() + 1, "only people's decisions are tallied (the spot checks and the second decision)");
    let check = &stats["spot_checks"][0];
    assert_eq!(check["rule"], "kind=email,min-confidence=0.9,spot-check=0.2");
    assert_eq!((check["drawn"].as_u64(), check["decided"].as_u64(), check["approved_unedited"].as_u64()), (Some(spot.len() as u64), Some(spot.len() as u64), Some(spot.len() as u64 - 1)));
    assert!(check["sentence"].as_str().unwrap().contains(&format!("{} of {} decided were approved unedited", spot.len() - 1, spot.len())));
    let page = get(&state, "/report").await.body;
    assert!(page.contains("Routing by trust") && page.contains("auto-approved so far"));
    assert!(spot.len() < 30);
    assert_eq!(check["holds"], Value::Null, "fewer than min_samples decided: too few to judge");
}
