//! The outbox's entries and how they are kept in browser storage: one list per submit URL and
//! reviewer, shared by every element (and tab) that posts there. Pure, so the merge rules are
//! tested natively; `crate::actions` does the reading and writing.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::Decision;

/// Where a result in the outbox stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SendState {
    /// Held for `undo-seconds` before the first attempt.
    Held,
    /// A request is under way.
    Sending,
    /// The last attempt failed in a way worth retrying; the next attempt is scheduled.
    Retrying {
        /// The HTTP status, 0 for a network error or a timeout.
        status: u16,
        /// What went wrong, for the person.
        message: String,
        /// Milliseconds from the failure to the next attempt.
        delay_ms: u64,
    },
    /// The backend says the item changed (409/412); never resent blindly.
    Conflict {
        /// What the backend said.
        message: String,
    },
    /// A conflict the person has since decided again on the item's new version: kept as
    /// history, never sent, not shown as pending.
    Superseded {
        /// What the backend said about the old version.
        message: String,
    },
    /// The backend refused it for good (another 4xx); kept until the person retries it.
    Failed {
        /// The HTTP status.
        status: u16,
        /// What went wrong, for the person.
        message: String,
    },
}

/// A decided result that the backend has not accepted yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The result's idempotency key.
    pub key: String,
    /// The item it decides.
    pub item_id: String,
    /// The item's version, sent as `If-Match`.
    pub item_version: Option<String>,
    /// The result's JSON, byte for byte what is sent on every attempt.
    pub json: String,
    /// Where it stands.
    pub state: SendState,
    /// How many attempts have failed so far.
    #[serde(default)]
    pub failures: u32,
}

impl SendState {
    /// Whether the entry is history only: decided again since, so never sent and not pending.
    pub fn is_superseded(&self) -> bool {
        matches!(self, SendState::Superseded { .. })
    }

    /// The word `pending` reports for this state.
    pub fn name(&self) -> &'static str {
        match self {
            SendState::Held => "waiting",
            SendState::Sending => "sending",
            SendState::Retrying { .. } => "retrying",
            SendState::Conflict { .. } => "conflict",
            SendState::Superseded { .. } => "superseded",
            SendState::Failed { .. } => "failed",
        }
    }
}

/// One entry as the `pending` property shows it: the ReviewResult with a `delivery` member
/// saying where it stands (`state`, and after a failure `status`, `error` and `failures`).
pub fn pending_view(entry: &Outgoing) -> serde_json::Value {
    let mut result: serde_json::Value = serde_json::from_str(&entry.json).unwrap_or_default();
    let mut delivery = serde_json::json!({ "state": entry.state.name(), "failures": entry.failures });
    if let SendState::Retrying { status, message, .. } | SendState::Failed { status, message } = &entry.state {
        delivery["status"] = (*status).into();
        delivery["error"] = message.as_str().into();
    }
    if let SendState::Conflict { message } | SendState::Superseded { message } = &entry.state {
        delivery["error"] = message.as_str().into();
    }
    if let Some(object) = result.as_object_mut() {
        object.insert("delivery".into(), delivery);
    }
    result
}

/// Where an element keeps its outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxStore {
    /// IndexedDB is being opened; meanwhile localStorage holds what is decided.
    Opening,
    /// IndexedDB, the normal case.
    IndexedDb,
    /// localStorage: IndexedDB is unavailable.
    LocalStorage,
    /// The page's memory only: the browser refused both.
    Memory,
}

/// The storage key of the outbox for `submit_url` and the reviewer's `id`.
pub fn storage_key(submit_url: &str, reviewer_id: Option<&str>) -> String {
    format!("countersign.outbox.v1 {submit_url} {}", reviewer_id.unwrap_or_default())
}

/// The reviewer's `id` from the `reviewer` JSON, when it has one.
pub fn reviewer_id(reviewer_json: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Reviewer {
        id: Option<serde_json::Value>,
    }
    let id = serde_json::from_str::<Reviewer>(reviewer_json).ok()?.id?;
    id.as_str().map(str::to_string).or_else(|| id.as_number().map(ToString::to_string))
}

/// The decision recorded in a result's JSON.
pub fn decision_of(result_json: &str) -> Option<Decision> {
    #[derive(Deserialize)]
    struct DecisionOnly {
        decision: Decision,
    }
    serde_json::from_str::<DecisionOnly>(result_json).ok().map(|only| only.decision)
}

/// Reads a stored outbox; anything unreadable counts as empty (it is never the only copy of a
/// decision the element on screen still holds).
pub fn decode(text: Option<&str>) -> Vec<Outgoing> {
    text.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default()
}

/// The stored list after an element saves: what others stored stays, what this element owns is
/// replaced by its current `mine`. `owned` holds every key this element has ever held, so an
/// entry it delivered (no longer in `mine`) leaves storage too.
pub fn merge(stored: Vec<Outgoing>, mine: &[Outgoing], owned: &HashSet<String>) -> Vec<Outgoing> {
    let mut merged: Vec<Outgoing> = stored.into_iter().filter(|entry| !owned.contains(&entry.key)).collect();
    merged.extend(mine.iter().cloned());
    merged
}

/// Serialises the list for storage.
pub fn encode(entries: &[Outgoing]) -> String {
    serde_json::to_string(entries).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, state: SendState) -> Outgoing {
        Outgoing { key: key.into(), item_id: format!("item-{key}"), item_version: Some("2".into()), json: format!("{{\"k\":\"{key}\"}}"), state, failures: 1 }
    }

    #[test]
    fn entries_survive_a_round_trip_byte_for_byte() {
        let entries = vec![
            entry("a", SendState::Held),
            entry("b", SendState::Retrying { status: 503, message: "busy".into(), delay_ms: 2_000 }),
            entry("c", SendState::Conflict { message: "changed".into() }),
            entry("d", SendState::Failed { status: 400, message: "bad".into() }),
        ];
        assert_eq!(decode(Some(&encode(&entries))), entries);
    }

    #[test]
    fn pending_shows_each_result_with_where_its_delivery_stands() {
        let view = pending_view(&entry("r", SendState::Retrying { status: 503, message: "busy".into(), delay_ms: 10 }));
        assert_eq!(view["k"], "r", "the result itself is kept");
        assert_eq!(view["delivery"], serde_json::json!({ "state": "retrying", "failures": 1, "status": 503, "error": "busy" }));
        assert_eq!(pending_view(&entry("h", SendState::Held))["delivery"], serde_json::json!({ "state": "waiting", "failures": 1 }));
        assert_eq!(pending_view(&entry("c", SendState::Conflict { message: "changed".into() }))["delivery"]["state"], "conflict");
    }

    #[test]
    fn unreadable_storage_is_an_empty_outbox() {
        assert!(decode(None).is_empty());
        assert!(decode(Some("{not json")).is_empty());
        assert!(decode(Some(r#"{"a":1}"#)).is_empty());
    }

    #[test]
    fn saving_keeps_other_elements_entries_and_drops_what_this_one_delivered() {
        let stored = vec![entry("theirs", SendState::Held), entry("delivered", SendState::Sending), entry("mine", SendState::Held)];
        let owned: HashSet<String> = ["delivered", "mine"].into_iter().map(String::from).collect();
        let mine = vec![entry("mine", SendState::Failed { status: 400, message: "bad".into() })];
        let merged = merge(stored, &mine, &owned);
        assert_eq!(merged.iter().map(|entry| entry.key.as_str()).collect::<Vec<_>>(), vec!["theirs", "mine"]);
        assert_eq!(merged[1].state, SendState::Failed { status: 400, message: "bad".into() });
    }

    #[test]
    fn the_key_separates_endpoints_and_reviewers() {
        assert_ne!(storage_key("/api/results", Some("u-1")), storage_key("/api/results", Some("u-2")));
        assert_ne!(storage_key("/api/results", None), storage_key("/other", None));
        assert_eq!(reviewer_id(r#"{"id":"u-17","name":"Dana"}"#).as_deref(), Some("u-17"));
        assert_eq!(reviewer_id(r#"{"id":17}"#).as_deref(), Some("17"));
        assert_eq!(reviewer_id(r#"{"name":"Dana"}"#), None);
        assert_eq!(decision_of(r#"{"decision":"rejected","item_id":"a"}"#), Some(Decision::Rejected));
        assert_eq!(decision_of("{}"), None);
    }
}
