//! Routing by trust (opt-in): items the trust report says automation can handle are approved
//! at ingest, except a random spot-check share that still goes to a person, so a team keeps
//! seeing whether the threshold still holds.
//!
//! A rule reads `kind=email,min-confidence=0.9,spot-check=0.1` (`--auto-approve`, repeatable).
//! An auto-approval is an ordinary ReviewResult, built by the widget's own `decide`, with
//! `reviewer: {"id": "auto"}` and the key `auto-<id length>-<id>-<version>`, both reserved for
//! the server (`reserved`), and stored as the server's own (`results::Origin::AutoApproval`); an
//! item whose policy wants a reason to approve, or that `decide` would not approve unedited, is
//! never auto-approved, nor drawn for a spot check.

use std::sync::{Mutex, PoisonError};

use countersign::json::Json;
use countersign::model::{decide, Decision, DecisionContext, DecisionInput, Kind, LeadEdits, ReviewItem, ReviewResult};

use crate::random::Random;
use crate::reserved::{AUTO_KEY_PREFIX, AUTO_REVIEWER_ID, AUTO_REVIEWER_NAME};

/// One auto-approval rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The kind it applies to.
    pub kind: Kind,
    /// Items at or above this confidence qualify.
    pub min_confidence: f64,
    /// The share of qualifying items that still go to a person.
    pub spot_check: f64,
}

impl Rule {
    /// Reads `kind=email,min-confidence=0.9,spot-check=0.1` (`spot-check` defaults to 0.1).
    pub fn parse(text: &str) -> Result<Rule, String> {
        let (mut kind, mut min_confidence, mut spot_check) = (None, None, 0.1);
        let mut seen: Vec<&str> = Vec::new();
        for part in text.split(',').map(str::trim).filter(|part| !part.is_empty()) {
            let (name, value) = part.split_once('=').ok_or_else(|| format!("\"{part}\" is not name=value"))?;
            // A setting given twice is a mistake (`kind=email,…,kind=message`): one would be
            // silently dropped, and a rule for one kind would be a rule for another.
            if seen.contains(&name.trim()) {
                return Err(format!("{} is given twice; write one rule per kind, each with --auto-approve", name.trim()));
            }
            seen.push(name.trim());
            let share = |value: &str| value.trim().parse::<f64>().ok().filter(|share| (0.0..=1.0).contains(share)).ok_or_else(|| format!("{name} must be a number from 0 to 1, not \"{value}\""));
            match name.trim() {
                "kind" => kind = Some(Kind::ALL.into_iter().find(|known| known.as_str() == value.trim()).ok_or_else(|| format!("unknown kind \"{value}\""))?),
                "min-confidence" => min_confidence = Some(share(value)?),
                "spot-check" => spot_check = share(value)?,
                other => return Err(format!("unknown setting \"{other}\"; expected kind, min-confidence, spot-check")),
            }
        }
        Ok(Rule { kind: kind.ok_or("kind is required")?, min_confidence: min_confidence.ok_or("min-confidence is required")?, spot_check })
    }

    /// The rule as written on the command line.
    pub fn describe(&self) -> String {
        format!("kind={},min-confidence={},spot-check={}", self.kind.as_str(), self.min_confidence, self.spot_check)
    }
}

/// Where an ingested item goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// To a person, as always.
    Person,
    /// Approved now by the rule, with the approval to store.
    Auto(Rule, Box<ReviewResult>),
    /// Qualified, but drawn for a spot check: to a person, counted against the rule.
    SpotCheck(Rule),
}

impl Route {
    /// `person`, `auto` or `spot_check`, as the ingest answer says it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Route::Person => "person",
            Route::Auto(..) => "auto",
            Route::SpotCheck(_) => "spot_check",
        }
    }
}

/// The rules and the random draws for spot checks.
#[derive(Debug)]
pub struct Routing {
    rules: Vec<Rule>,
    random: Mutex<Random>,
}

impl Default for Routing {
    /// No rules: every item goes to a person.
    fn default() -> Routing {
        Routing::new(Vec::new(), 0)
    }
}

impl Routing {
    /// `rules`, drawing spot checks from a generator seeded with `seed` (a fixed seed gives a
    /// reproducible sequence, for tests).
    pub fn new(rules: Vec<Rule>, seed: u64) -> Routing {
        Routing { rules, random: Mutex::new(Random::new(seed)) }
    }

    /// Whether any rule is set.
    pub fn is_on(&self) -> bool {
        !self.rules.is_empty()
    }

    /// The rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Uniform in [0, 1).
    fn draw(&self) -> f64 {
        self.random.lock().unwrap_or_else(PoisonError::into_inner).unit()
    }

    /// Where `item`, stored as `version`, goes at `now`: the first rule for its kind that its
    /// confidence meets decides; a spot check is drawn for each qualifying item that could be
    /// auto-approved. One that could not (its policy wants a reason for an approval, or the
    /// widget's own `decide` refuses an unedited one: `allow_approve: false`, a social post
    /// without a platform) goes to a person without a draw: it is no spot check, and counting
    /// it as one would skew the rule's report. The approval is made once, here.
    pub fn route(&self, item: &ReviewItem, version: &str, now: &str) -> Route {
        let confidence = item.rationale.as_ref().and_then(|rationale| rationale.confidence);
        let Some(rule) = self.rules.iter().find(|rule| rule.kind == item.kind && confidence.is_some_and(|confidence| confidence >= rule.min_confidence)) else {
            return Route::Person;
        };
        if item.policy.requires_reason(Decision::Approved.as_str()) {
            return Route::Person;
        }
        let Some(approval) = auto_approval(item, version, now) else { return Route::Person };
        if self.draw() < rule.spot_check { Route::SpotCheck(rule.clone()) } else { Route::Auto(rule.clone(), Box::new(approval)) }
    }
}

/// The approval of `item` (stored as `version`) made by a rule at `now`: exactly what the
/// widget would post for an unedited approval, from reviewer `auto`.
pub fn auto_approval(item: &ReviewItem, version: &str, now: &str) -> Option<ReviewResult> {
    let mut item = item.clone();
    item.version = Some(version.to_string());
    let draft = item.draft.clone().unwrap_or_default();
    let input = DecisionInput {
        subject: draft.subject.clone(),
        leads: (item.kind == Kind::LeadList).then(|| LeadEdits::from_item(&item)),
        ..DecisionInput::new(Decision::Approved, draft.body.clone())
    };
    let context = DecisionContext {
        // The id's length first, so no two (id, version) pairs share a key ("a-1" + "2" and
        // "a" + "1-2" would, joined plainly).
        idempotency_key: format!("{AUTO_KEY_PREFIX}{}-{}-{version}", item.id.chars().count(), item.id),
        reviewer: Some(Json::object(vec![("id", AUTO_REVIEWER_ID.into()), ("name", AUTO_REVIEWER_NAME.into())])),
        opened_at: now.to_string(),
        decided_at: now.to_string(),
        active_ms: 0,
    };
    decide(&item, input, context).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use countersign::model::parse_items;

    const NOW: &str = "2026-11-24T10:00:00Z";

    fn item(kind: &str, confidence: f64) -> ReviewItem {
        let text = format!(r#"{{"items":[{{"id":"x","kind":"{kind}","draft":{{"subject":"S","body":"Hi","platforms":["x"]}},"rationale":{{"confidence":{confidence}}}}}]}}"#);
        parse_items(&text).unwrap().items.remove(0).1
    }

    #[test]
    fn rules_are_read_with_clear_errors() {
        assert_eq!(Rule::parse("kind=email,min-confidence=0.9,spot-check=0.2"), Ok(Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.2 }));
        assert_eq!(Rule::parse("kind=message, min-confidence=0.8").map(|rule| rule.spot_check), Ok(0.1));
        assert_eq!(Rule::parse("kind=fax,min-confidence=0.9"), Err("unknown kind \"fax\"".into()));
        assert_eq!(Rule::parse("kind=email"), Err("min-confidence is required".into()));
        assert!(Rule::parse("kind=email,min-confidence=1.5").unwrap_err().contains("from 0 to 1"));
        assert!(Rule::parse("kind=email,confidence=0.9").unwrap_err().contains("unknown setting"));
        assert_eq!(Rule::parse("kind=email,min-confidence=0.9,kind=message"), Err("kind is given twice; write one rule per kind, each with --auto-approve".into()), "not the last kind silently");
        assert!(Rule::parse("kind=email,min-confidence=0.9,min-confidence=0.5").unwrap_err().contains("twice"));
    }

    #[test]
    fn only_confident_items_of_the_rule_s_kind_are_routed_and_the_spot_checks_follow_the_rate() {
        let routing = Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.1 }], 42);
        assert_eq!(routing.route(&item("email", 0.89), "1", NOW), Route::Person);
        assert_eq!(routing.route(&item("message", 0.99), "1", NOW), Route::Person);
        let routes: Vec<Route> = (0..2_000).map(|_| routing.route(&item("email", 0.95), "1", NOW)).collect();
        let spot = routes.iter().filter(|route| matches!(route, Route::SpotCheck(_))).count();
        // 10 % of 2,000 is 200; a binomial's standard deviation here is about 13.4.
        assert!((160..=240).contains(&spot), "{spot} spot checks");
        assert_eq!(routes.iter().filter(|route| matches!(route, Route::Auto(..))).count(), 2_000 - spot);
        // The same seed draws the same sequence.
        let again = Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.1 }], 42);
        assert_eq!((0..2_000).map(|_| again.route(&item("email", 0.95), "1", NOW)).collect::<Vec<_>>(), routes);
    }

    #[test]
    fn an_item_that_cannot_be_auto_approved_goes_to_a_person_without_a_spot_check_draw() {
        // Regression: the spot check was drawn before asking whether the item could be
        // auto-approved at all, so an item with `allow_approve: false` was routed (and recorded)
        // as a spot check and counted as drawn in the rule's report.
        let always = Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 1.0 }], 7);
        let text = r#"{"items":[{"id":"x","kind":"email","draft":{"subject":"S","body":"Hi"},"rationale":{"confidence":0.95},"policy":{"allow_approve":false}}]}"#;
        let no_approve = parse_items(text).unwrap().items.remove(0).1;
        assert_eq!(always.route(&no_approve, "1", NOW), Route::Person);

        // Nor does it use up a draw: the eligible items around it are drawn as without it.
        let rule = Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.5 };
        let (plain, mixed) = (Routing::new(vec![rule.clone()], 11), Routing::new(vec![rule], 11));
        let alone: Vec<Route> = (0..50).map(|_| plain.route(&item("email", 0.95), "1", NOW)).collect();
        let interleaved: Vec<Route> = (0..50).map(|_| { mixed.route(&no_approve, "1", NOW); mixed.route(&item("email", 0.95), "1", NOW) }).collect();
        assert_eq!(interleaved, alone);
    }

    #[test]
    fn an_auto_route_carries_the_approval_of_the_stored_version() {
        // The approval is made once, as the item is routed: ingest used to make it a second
        // time (the whole `decide`, its diff included) to store it.
        let routing = Routing::new(vec![Rule { kind: Kind::Email, min_confidence: 0.9, spot_check: 0.0 }], 1);
        let Route::Auto(rule, approval) = routing.route(&item("email", 0.95), "4", NOW) else { panic!("routed to auto") };
        assert_eq!(rule.kind, Kind::Email);
        assert_eq!((approval.item_version.as_deref(), approval.idempotency_key.as_str(), approval.decided_at.as_str()), (Some("4"), "auto-1-x-4", NOW));
    }

    #[test]
    fn an_auto_approval_is_the_widget_s_own_unedited_approval_by_reviewer_auto() {
        let result = auto_approval(&item("email", 0.95), "3", "2026-11-24T10:00:00Z").unwrap();
        assert_eq!((result.decision, result.edited, result.item_version.as_deref()), (Decision::Approved, false, Some("3")));
        assert_eq!(result.idempotency_key, "auto-1-x-3");
        assert_eq!(result.reviewer.as_ref().and_then(|reviewer| reviewer.get("id")).and_then(Json::as_str), Some("auto"));
        assert_eq!(result.final_content.subject.as_deref(), Some("S"));
        assert_eq!(result.final_content.body.as_deref(), Some("Hi"));
    }
}
