//! A realistic history of past decisions for the demo, so the trust report means something on
//! the first run: a few hundred items across the four kinds and the seed's models, each with
//! a confidence, a risk and the decision a person made. Deterministic (a fixed-seed
//! generator), so every fresh demo shows the same report.
//!
//! The models differ on purpose: `northwind-drafter-v3` is well calibrated (its confident
//! drafts go out unedited), `gpt-4.1-mini` is not (even its confident drafts get edited), and
//! `claude-sonnet-4.5` sits between, so the report shows both verdicts.

use serde_json::{json, Value};

use crate::random::Random;
use crate::timestamp::iso;

/// One past decision: the item version it was about and the result, with when it was stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Past {
    /// The result's idempotency key (`hist-key-0001`…).
    pub key: String,
    /// The item id (`hist-0001`…).
    pub item_id: String,
    /// The item as ingested (version `1`).
    pub item: String,
    /// The ReviewResult.
    pub result: String,
    /// The decision (`approved`…).
    pub decision: String,
    /// When it was decided and stored (ISO 8601 UTC).
    pub decided_at: String,
}

/// How likely a person approves a draft unedited at `confidence`, per model.
fn unedited_chance(model: &str, confidence: f64) -> f64 {
    let (steepness, middle) = match model {
        "northwind-drafter-v3" => (16.0, 0.6),
        "claude-sonnet-4.5" => (11.0, 0.68),
        _ => (5.0, 0.75),
    };
    let logistic = 1.0 / (1.0 + (-steepness * (confidence - middle)).exp());
    // Nobody approves everything: a little of every draft still gets touched.
    logistic * 0.99
}

const MODELS: [&str; 3] = ["northwind-drafter-v3", "claude-sonnet-4.5", "gpt-4.1-mini"];
const TOPICS: [&str; 8] = ["Follow-up after the demo", "Renewal nudge", "Pricing question", "Pilot proposal", "Event invitation", "Case study share", "Quarterly check-in", "Re-engagement"];
const REASONS: [&str; 4] = ["tone", "wrong_facts", "off_brand", "too_long"];

/// `count` past decisions ending at `now` (seconds since the epoch), spread over 60 days.
pub fn generate(count: usize, now: u64) -> Vec<Past> {
    let mut random = Random::new(0x9E37_79B9_7F4A_7C15);
    (1..=count)
        .map(|number| {
            let roll = random.unit();
            let kind = if roll < 0.45 { "email" } else if roll < 0.65 { "social_post" } else if roll < 0.9 { "message" } else { "lead_list" };
            let model = if kind == "lead_list" { "northwind-ranker-v2" } else { *random.pick(&MODELS) };
            // More confident drafts than doubtful ones, as pipelines tend to produce.
            let confidence = ((0.99 - 0.64 * random.unit().powf(1.2)) * 100.0).round() / 100.0;
            let risk = if confidence < 0.55 { "high" } else if confidence < 0.8 { "medium" } else { "low" };
            let topic = *random.pick(&TOPICS);
            let item_id = format!("hist-{number:04}");
            let body = format!("Hi there, a note about {}.", topic.to_lowercase());
            let mut item = json!({"id": item_id, "version": "1", "kind": kind, "title": topic,
                "rationale": {"summary": "From the pipeline's history.", "confidence": confidence, "risk": risk, "model": model}});
            let original = match kind {
                "email" => json!({"subject": topic, "body": body}),
                "lead_list" => json!({"order": ["l1", "l2", "l3"], "excluded": []}),
                _ => json!({"body": body}),
            };
            item["draft"] = match kind {
                "lead_list" => Value::Null,
                "social_post" => json!({"body": body, "platforms": ["linkedin"]}),
                _ => original.clone(),
            };
            if kind == "lead_list" {
                item["leads"] = json!([{"id": "l1", "name": "Ana"}, {"id": "l2", "name": "Ben"}, {"id": "l3", "name": "Chen"}]);
            }
            let chance = unedited_chance(model, confidence);
            let roll = random.unit();
            let (decision, edited) = if roll < chance {
                ("approved", false)
            } else {
                let rest = (roll - chance) / (1.0 - chance).max(f64::EPSILON);
                if rest < 0.6 { ("approved", true) } else if rest < 0.85 { ("rejected", false) } else if rest < 0.95 { ("regenerate", false) } else { ("skipped", false) }
            };
            let mut final_content = original.clone();
            let mut changes = json!([{"op": "equal", "text": body}]);
            if edited {
                let added = *random.pick(&["Could we talk on Thursday?", "Happy to share the numbers.", "Thanks again for your time.", "Let me know what works."]);
                match kind {
                    "lead_list" => final_content = json!({"order": ["l2", "l1", "l3"], "excluded": []}),
                    _ => {
                        final_content["body"] = json!(format!("{body} {added}"));
                        changes = json!([{"op": "equal", "text": body}, {"op": "insert", "text": format!(" {added}")}]);
                    }
                }
            }
            if kind == "lead_list" {
                changes = json!([]);
            }
            let decided = now.saturating_sub((random.unit() * 60.0 * 86_400.0) as u64);
            let active_ms = 4_000 + (random.unit() * 50_000.0) as u64 + if edited { 40_000 } else { 0 };
            let mut result = json!({
                "schema": "countersign.result.v1",
                "idempotency_key": format!("hist-key-{number:04}"),
                "item_id": item_id, "item_version": "1", "kind": kind, "decision": decision, "edited": edited,
                "original": original, "final": final_content, "changes": changes,
                "reasons": if decision == "rejected" { json!([random.pick(&REASONS)]) } else { json!([]) },
                "reviewer": {"id": "u-17", "name": "Dana Kim"},
                "opened_at": iso(decided.saturating_sub(active_ms / 1_000 + 5)), "decided_at": iso(decided), "active_ms": active_ms,
            });
            if decision == "regenerate" {
                result["feedback"] = json!("Shorter, and mention the pilot.");
            }
            Past { key: format!("hist-key-{number:04}"), item_id, item: item.to_string(), result: result.to_string(), decision: decision.to_string(), decided_at: iso(decided) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_is_the_same_every_time_and_every_result_is_a_valid_review_result() {
        let first = generate(300, 1_795_392_000);
        assert_eq!(first, generate(300, 1_795_392_000));
        for past in &first {
            let tape = countersign::json::Tape::parse(&past.result).unwrap();
            countersign::model::ReviewResult::read(tape.root()).unwrap_or_else(|problem| panic!("{}: {}", past.result, problem.describe()));
            countersign::model::parse_items(&format!("{{\"items\":[{}]}}", past.item)).map(|parsed| assert!(parsed.errors.is_empty(), "{:?}", parsed.errors)).unwrap();
        }
    }
}
