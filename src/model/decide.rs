//! Turning a person's decision on an item into a [`ReviewResult`]. Pure: the browser supplies
//! the clock, the key and the reviewer.

use super::item::{Kind, ReviewItem};
use crate::json::Json;
use super::result::{Client, Content, Decision, ReviewResult, RESULT_SCHEMA};
use crate::text::diff::word_changes;

/// What the person did, as the editor and decision bar collected it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionInput {
    /// The decision.
    pub decision: Decision,
    /// The subject as edited (emails).
    pub subject: Option<String>,
    /// The body as edited.
    pub body: String,
    /// Reason codes picked.
    pub reasons: Vec<String>,
    /// A free comment.
    pub comment: Option<String>,
    /// Instructions for a regeneration.
    pub feedback: Option<String>,
}

/// Facts about the decision that come from the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionContext {
    /// A fresh UUID v4.
    pub idempotency_key: String,
    /// Who decided.
    pub reviewer: Option<Json>,
    /// When the item was first shown (ISO 8601 UTC).
    pub opened_at: String,
    /// Now (ISO 8601 UTC).
    pub decided_at: String,
    /// Attentive milliseconds spent on the item.
    pub active_ms: u64,
}

/// Why a decision cannot be recorded yet; shown to the person next to the control.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
    /// The policy asks for a reason for this decision.
    #[error("Pick at least one reason to {0}.")]
    ReasonRequired(&'static str),
    /// The policy does not offer this decision.
    #[error("This item does not allow {0}.")]
    NotAllowed(&'static str),
}

/// The original content of an item, as `original` in its result.
pub fn original_content(item: &ReviewItem) -> Content {
    let draft = item.draft.clone().unwrap_or_default();
    match item.kind {
        Kind::LeadList => Content {
            order: Some(item.leads.iter().map(|lead| lead.id.clone()).collect()),
            excluded: Some(Vec::new()),
            notes: Some(Default::default()),
            ..Content::default()
        },
        Kind::SocialPost => Content {
            body: Some(draft.body),
            platforms: Some(draft.platforms),
            variants: (!draft.variants.is_empty()).then_some(draft.variants),
            ..Content::default()
        },
        Kind::Email => Content { subject: Some(draft.subject.unwrap_or_default()), body: Some(draft.body), ..Content::default() },
        Kind::Message => Content { body: Some(draft.body), ..Content::default() },
    }
}

/// Checks the decision against the item's policy and builds the result.
pub fn decide(item: &ReviewItem, input: DecisionInput, context: DecisionContext) -> Result<ReviewResult, DecisionError> {
    let policy = &item.policy;
    let allowed = match input.decision {
        Decision::Approved => true,
        Decision::Rejected => policy.allow_reject,
        Decision::Regenerate => policy.allow_regenerate,
        Decision::Skipped => policy.allow_skip,
    };
    if !allowed {
        return Err(DecisionError::NotAllowed(verb(input.decision)));
    }
    if input.reasons.is_empty() && policy.reason_required_for.iter().any(|name| name == input.decision.as_str()) {
        return Err(DecisionError::ReasonRequired(verb(input.decision)));
    }
    let original = original_content(item);
    let mut final_content = original.clone();
    if policy.allow_edit && item.kind != Kind::LeadList {
        final_content.body = Some(input.body);
        if item.kind == Kind::Email {
            final_content.subject = input.subject.or(final_content.subject);
        }
    }
    let original_body = original.body.as_deref().unwrap_or_default();
    let final_body = final_content.body.as_deref().unwrap_or_default();
    Ok(ReviewResult {
        schema: RESULT_SCHEMA.into(),
        idempotency_key: context.idempotency_key,
        item_id: item.id.clone(),
        item_version: item.version.clone(),
        kind: item.kind,
        decision: input.decision,
        edited: final_content != original,
        changes: word_changes(original_body, final_body),
        original,
        final_content,
        points: Vec::new(),
        reasons: input.reasons,
        comment: input.comment.filter(|text| !text.trim().is_empty()),
        feedback: input.feedback.filter(|text| !text.trim().is_empty()),
        reviewer: context.reviewer,
        opened_at: context.opened_at,
        decided_at: context.decided_at,
        active_ms: context.active_ms,
        metadata: item.metadata.clone(),
        client: Client::default(),
    })
}

fn verb(decision: Decision) -> &'static str {
    match decision {
        Decision::Approved => "approve",
        Decision::Rejected => "reject",
        Decision::Regenerate => "regenerate",
        Decision::Skipped => "skip",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_item, ChangeOp};
    use crate::text::diff::rebuild;

    const EMAIL: &str = r#"{"id":"itm_1","version":"3","kind":"email",
        "draft":{"subject":"Next steps","body":"Hi Sam, thanks for the demo."},
        "policy":{"reason_required_for":["rejected"],"reason_codes":[{"code":"tone","label":"Wrong tone"}]},
        "metadata":{"run": 7, "tags":["a","b"]}}"#;

    fn item() -> ReviewItem {
        parse_item(0, &Json::parse(EMAIL).unwrap()).unwrap()
    }

    fn context() -> DecisionContext {
        DecisionContext {
            idempotency_key: "k-1".into(),
            reviewer: Some(Json::parse(r#"{"id":"u-17"}"#).unwrap()),
            opened_at: "2026-11-22T10:00:00.000Z".into(),
            decided_at: "2026-11-22T10:01:12.000Z".into(),
            active_ms: 4_200,
        }
    }

    fn input(decision: Decision, body: &str) -> DecisionInput {
        DecisionInput { decision, subject: Some("Next steps".into()), body: body.into(), reasons: vec![], comment: None, feedback: None }
    }

    #[test]
    fn an_edited_approval_records_the_word_changes_and_echoes_metadata() {
        let result = decide(&item(), input(Decision::Approved, "Hi Samantha, thanks for the demo."), context()).unwrap();
        assert!(result.edited);
        assert_eq!(result.item_version.as_deref(), Some("3"));
        assert_eq!(result.final_content.body.as_deref(), Some("Hi Samantha, thanks for the demo."));
        assert_eq!(rebuild(&result.changes, ChangeOp::Delete), "Hi Sam, thanks for the demo.");
        assert_eq!(rebuild(&result.changes, ChangeOp::Insert), "Hi Samantha, thanks for the demo.");
        assert_eq!(result.metadata.unwrap().to_text(), r#"{"run":7,"tags":["a","b"]}"#);
        let json = decide(&item(), input(Decision::Approved, "x"), context()).unwrap().to_json();
        assert_eq!(json.get("schema").and_then(Json::as_str), Some("countersign.result.v1"));
        assert_eq!(json.get("final").and_then(|content| content.get("subject")).and_then(Json::as_str), Some("Next steps"));
        assert_eq!(json.get("reviewer").and_then(|reviewer| reviewer.get("id")).and_then(Json::as_str), Some("u-17"));
    }

    #[test]
    fn an_untouched_approval_is_not_edited() {
        let result = decide(&item(), input(Decision::Approved, "Hi Sam, thanks for the demo."), context()).unwrap();
        assert!(!result.edited);
        assert!(result.changes.iter().all(|change| change.op == ChangeOp::Equal));
    }

    #[test]
    fn a_rejection_needs_a_reason_when_the_policy_says_so() {
        let error = decide(&item(), input(Decision::Rejected, "Hi Sam, thanks for the demo."), context()).unwrap_err();
        assert_eq!(error, DecisionError::ReasonRequired("reject"));
        let mut with_reason = input(Decision::Rejected, "Hi Sam, thanks for the demo.");
        with_reason.reasons = vec!["tone".into()];
        with_reason.comment = Some("Too pushy".into());
        let result = decide(&item(), with_reason, context()).unwrap();
        assert_eq!((result.reasons, result.comment.as_deref()), (vec!["tone".to_string()], Some("Too pushy")));
    }

    #[test]
    fn a_policy_that_forbids_editing_keeps_the_original_text() {
        let mut item = item();
        item.policy.allow_edit = false;
        item.policy.allow_skip = false;
        let result = decide(&item, input(Decision::Approved, "changed"), context()).unwrap();
        assert!(!result.edited);
        assert_eq!(result.final_content.body.as_deref(), Some("Hi Sam, thanks for the demo."));
        assert_eq!(decide(&item, input(Decision::Skipped, ""), context()).unwrap_err(), DecisionError::NotAllowed("skip"));
    }
}
