//! The demo seed (`server/seed/items.json`) is what a first-time visitor sees, so it must be
//! valid, varied, and show what the widget is for: rationale points whose quotes are found in
//! the draft, and exactly one that is not (the AI misremembered a detail).

use countersign::model::{Kind, ReviewItem, parse_items};
use countersign::text::quote::quote_is_in;

const SEED: &str = include_str!("../seed/items.json");

/// The seed's items, in file order; panics with every validation error if any item is invalid.
fn seed_items() -> Vec<ReviewItem> {
    let parsed = parse_items(SEED).expect("the seed is {\"items\": [...]} JSON");
    assert!(parsed.errors.is_empty(), "invalid seed items: {:#?}", parsed.errors);
    parsed.items.into_iter().map(|(_, item)| item).collect()
}

/// The text a rationale point's quote must be found in: subject and body for drafts, every
/// lead's reasons for a lead list.
fn quotable_text(item: &ReviewItem) -> String {
    match (&item.draft, item.kind) {
        (_, Kind::LeadList) => item.leads.iter().flat_map(|lead| lead.reasons.iter().map(String::as_str)).collect::<Vec<_>>().join("\n"),
        (Some(draft), _) => format!("{}\n{}", draft.subject.as_deref().unwrap_or(""), draft.body),
        (None, _) => String::new(),
    }
}

#[test]
fn the_seed_parses_with_no_errors() {
    let parsed = parse_items(SEED).expect("the seed is {\"items\": [...]} JSON");
    assert_eq!(parsed.errors, Vec::new(), "every seed item must be valid");
    assert!(!parsed.items.is_empty(), "the seed has items");
}

#[test]
fn the_seed_has_at_least_twelve_items_and_every_kind() {
    let items = seed_items();
    assert!(items.len() >= 12, "only {} items", items.len());
    for kind in Kind::ALL {
        assert!(items.iter().any(|item| item.kind == kind), "no item of kind {}", kind.as_str());
    }
}

#[test]
fn every_item_has_a_version_and_a_rationale_with_confidence_risk_and_sourced_points() {
    for item in seed_items() {
        let id = &item.id;
        assert!(item.version.as_deref().is_some_and(|version| !version.is_empty()), "{id}: no version");
        assert!(item.title.as_deref().is_some_and(|title| !title.trim().is_empty()), "{id}: no title");
        let rationale = item.rationale.as_ref().unwrap_or_else(|| panic!("{id}: no rationale"));
        assert!(rationale.summary.as_deref().is_some_and(|summary| !summary.trim().is_empty()), "{id}: no summary");
        assert!(rationale.confidence.is_some_and(|confidence| (0.0..=1.0).contains(&confidence)), "{id}: no confidence in 0..1");
        assert!(rationale.risk.is_some(), "{id}: no risk");
        assert!(rationale.model.is_some(), "{id}: no model");
        assert!((2..=4).contains(&rationale.points.len()), "{id}: {} points, expected 2 to 4", rationale.points.len());
        for (index, point) in rationale.points.iter().enumerate() {
            assert!(!point.text.trim().is_empty(), "{id}: point {index} has no text");
            assert!(point.quote.as_deref().is_some_and(|quote| !quote.trim().is_empty()), "{id}: point {index} has no quote");
            assert!(point.source.as_ref().is_some_and(|source| !source.label.trim().is_empty()), "{id}: point {index} has no source");
        }
    }
}

#[test]
fn every_item_has_a_policy_with_reason_codes_and_a_reason_required_to_reject() {
    for item in seed_items() {
        let id = &item.id;
        assert!(!item.policy.reason_codes.is_empty(), "{id}: no reason codes");
        assert!(item.policy.reason_codes.iter().all(|reason| !reason.code.is_empty() && !reason.label.is_empty()), "{id}: a reason code without code or label");
        assert!(item.policy.reason_required_for.iter().any(|decision| decision == "rejected"), "{id}: rejecting needs no reason");
    }
}

#[test]
fn every_quote_appears_in_its_draft_except_exactly_one_in_an_email() {
    let mut unsupported = Vec::new();
    for item in seed_items() {
        let text = quotable_text(&item);
        for (index, point) in item.rationale.iter().flat_map(|rationale| rationale.points.iter().enumerate()) {
            let quote = point.quote.as_deref().unwrap_or("");
            if !quote_is_in(&text, quote) {
                unsupported.push((item.id.clone(), item.kind, index, quote.to_string()));
            }
        }
    }
    assert_eq!(unsupported.len(), 1, "expected exactly one unsupported quote, found {unsupported:#?}");
    assert_eq!(unsupported[0].1, Kind::Email, "the unsupported quote should be in an email: {unsupported:?}");
}

#[test]
fn a_lead_list_has_eight_or_more_scored_leads_with_reasons_in_descending_order() {
    let items = seed_items();
    let long_list = items.iter().filter(|item| item.kind == Kind::LeadList).find(|item| {
        item.leads.len() >= 8 && item.leads.iter().all(|lead| lead.score.is_some() && !lead.reasons.is_empty())
    });
    let list = long_list.expect("a lead list with 8+ leads, each with a score and reasons");
    let scores: Vec<f64> = list.leads.iter().filter_map(|lead| lead.score).collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "{}: scores are not in the AI's descending order: {scores:?}", list.id);
}

#[test]
fn a_social_post_targets_three_or_more_platforms() {
    let items = seed_items();
    let widest = items
        .iter()
        .filter(|item| item.kind == Kind::SocialPost)
        .filter_map(|item| item.draft.as_ref().map(|draft| draft.platforms.len()))
        .max()
        .unwrap_or(0);
    assert!(widest >= 3, "the widest social post targets only {widest} platforms");
}
