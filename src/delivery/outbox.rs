//! The outbox's entries and how they are kept in browser storage: one list per submit URL and
//! reviewer, shared by every element (and tab) that posts there. Pure, so the merge rules are
//! tested natively; `crate::actions` does the reading and writing.

use crate::key_map::KeySet;

use crate::json::{read, Fields, Json, Problem, Tape, Value};
use crate::model::Decision;

/// Where a result in the outbox stands.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
pub fn pending_view(entry: &Outgoing) -> Json {
    let mut result = Json::parse(&entry.json).unwrap_or(Json::Object(Vec::new()));
    let mut delivery = Json::object(vec![("state", entry.state.name().into()), ("failures", u64::from(entry.failures).into())]);
    if let SendState::Retrying { status, message, .. } | SendState::Failed { status, message } = &entry.state {
        delivery.set("status", u64::from(*status).into());
        delivery.set("error", message.as_str().into());
    }
    if let SendState::Conflict { message } | SendState::Superseded { message } = &entry.state {
        delivery.set("error", message.as_str().into());
    }
    result.set("delivery", delivery);
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
pub fn reviewer_id(reviewer: &Json) -> Option<String> {
    match reviewer.get("id")? {
        Json::String(id) => Some(id.clone()),
        Json::Number(digits) => Some(digits.clone()),
        _ => None,
    }
}

/// The decision recorded in a result's JSON, and when it was made (`decided_at`, empty if
/// the result lacks it).
pub fn decision_of(result_json: &str) -> Option<(Decision, String)> {
    let tape = Tape::parse(result_json).ok()?;
    let result = tape.root();
    let decision = Decision::parse(&result.get("decision")?.as_str()?)?;
    Some((decision, result.get("decided_at").and_then(Value::as_str).unwrap_or_default().into_owned()))
}

/// Reads a stored outbox; an unreadable list counts as empty and an unreadable entry is left
/// out (neither is ever the only copy of a decision the element on screen still holds).
pub fn decode(text: Option<&str>) -> Vec<Outgoing> {
    let Some(Ok(tape)) = text.map(Tape::parse) else { return Vec::new() };
    tape.root().elements().map(|entries| entries.filter_map(|entry| Outgoing::read(entry).ok()).collect()).unwrap_or_default()
}

/// The stored list after an element saves: what others stored stays, what this element owns is
/// replaced by its current `mine`. `owned` holds every key this element has ever held, so an
/// entry it delivered (no longer in `mine`) leaves storage too.
pub fn merge(stored: Vec<Outgoing>, mine: &[Outgoing], owned: &KeySet) -> Vec<Outgoing> {
    let mut merged: Vec<Outgoing> = stored.into_iter().filter(|entry| !owned.contains(&entry.key)).collect();
    merged.extend(mine.iter().cloned());
    merged
}

/// The stored entries an element may take over: those it neither holds (`held`) nor ever held
/// (`owned`). One it held and let go (undone, delivered) yet finds in storage comes from a read
/// begun before it let go, a stale copy: taken back, an undone decision would be sent.
pub fn not_yet_held(stored: Vec<Outgoing>, held: &KeySet, owned: &KeySet) -> Vec<Outgoing> {
    stored.into_iter().filter(|entry| !held.contains(&entry.key) && !owned.contains(&entry.key)).collect()
}

/// Serialises the list for storage.
pub fn encode(entries: &[Outgoing]) -> String {
    Json::Array(entries.iter().map(Outgoing::to_json).collect()).to_text()
}

impl Outgoing {
    /// The entry as stored: `state` is an object tagged by its own `state` member.
    pub fn to_json(&self) -> Json {
        let state = match &self.state {
            SendState::Held => Json::object(vec![("state", "held".into())]),
            SendState::Sending => Json::object(vec![("state", "sending".into())]),
            SendState::Retrying { status, message, delay_ms } => {
                Json::object(vec![("state", "retrying".into()), ("status", u64::from(*status).into()), ("message", message.as_str().into()), ("delay_ms", (*delay_ms).into())])
            }
            SendState::Conflict { message } => Json::object(vec![("state", "conflict".into()), ("message", message.as_str().into())]),
            SendState::Superseded { message } => Json::object(vec![("state", "superseded".into()), ("message", message.as_str().into())]),
            SendState::Failed { status, message } => Json::object(vec![("state", "failed".into()), ("status", u64::from(*status).into()), ("message", message.as_str().into())]),
        };
        Json::object(vec![
            ("key", self.key.as_str().into()),
            ("item_id", self.item_id.as_str().into()),
            ("item_version", self.item_version.clone().into()),
            ("json", self.json.as_str().into()),
            ("state", state),
            ("failures", u64::from(self.failures).into()),
        ])
    }

    /// Reads a stored entry.
    pub fn read(value: Value<'_>) -> Result<Outgoing, Problem> {
        read(value, |entry| Outgoing {
            key: entry.required_string("key"),
            item_id: entry.required_string("item_id"),
            item_version: entry.string("item_version"),
            json: entry.required_string("json"),
            // A stand-in where the state is wrong: `read` then answers the problem.
            state: entry.required("state").and_then(|state| read_state(entry.member(state, "state"))).unwrap_or(SendState::Held),
            failures: entry.count("failures").unwrap_or_default().min(u64::from(u32::MAX)) as u32,
        })
    }
}

/// An entry's delivery state, `{"state": "retrying", "status": 503, …}`.
fn read_state(state: Fields) -> Option<SendState> {
    let message = || state.string("message").unwrap_or_default();
    let status = || state.count("status").unwrap_or_default().min(999) as u16;
    Some(match state.string("state").as_deref() {
        Some("held") => SendState::Held,
        Some("sending") => SendState::Sending,
        Some("retrying") => SendState::Retrying { status: status(), message: message(), delay_ms: state.count("delay_ms").unwrap_or_default() },
        Some("conflict") => SendState::Conflict { message: message() },
        Some("superseded") => SendState::Superseded { message: message() },
        Some("failed") => SendState::Failed { status: status(), message: message() },
        _ => {
            state.report(&state.path_of("state"), "unknown delivery state");
            return None;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, state: SendState) -> Outgoing {
        Outgoing { key: key.into(), item_id: format!("item-{key}"), item_version: Some("2".into()), json: format!("{{\"k\":\"{key}\"}}"), state, failures: 1 }
    }

    #[test]
    fn an_element_takes_over_only_what_it_never_held() {
        // Bug: a read of storage begun while a decision was held (the outbox database opening
        // as the page loads) could end after the person undid it; the element took the stale
        // copy back as "not sent before the page closed" and sent the undone decision.
        let stored = vec![entry("undone", SendState::Held), entry("held", SendState::Held), entry("left-by-a-closed-page", SendState::Held)];
        let held: KeySet = ["held"].into_iter().map(String::from).collect();
        let owned: KeySet = ["undone", "held"].into_iter().map(String::from).collect();
        let taken = not_yet_held(stored, &held, &owned);
        assert_eq!(taken.iter().map(|entry| entry.key.as_str()).collect::<Vec<_>>(), vec!["left-by-a-closed-page"]);
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
        let stored_before = r#"[{"key":"a","item_id":"i","item_version":null,"json":"{}","state":{"state":"retrying","status":503,"message":"busy","delay_ms":2000},"failures":1}]"#;
        assert_eq!(encode(&decode(Some(stored_before))), stored_before, "the stored format is unchanged, so outboxes saved by earlier versions are read");
    }

    #[test]
    fn pending_shows_each_result_with_where_its_delivery_stands() {
        let view = pending_view(&entry("r", SendState::Retrying { status: 503, message: "busy".into(), delay_ms: 10 }));
        assert_eq!(view.to_text(), r#"{"k":"r","delivery":{"state":"retrying","failures":1,"status":503,"error":"busy"}}"#, "the result itself is kept");
        assert_eq!(pending_view(&entry("h", SendState::Held)).to_text(), r#"{"k":"h","delivery":{"state":"waiting","failures":1}}"#);
        assert_eq!(pending_view(&entry("c", SendState::Conflict { message: "changed".into() })).get("delivery").and_then(|delivery| delivery.get("state")).and_then(Json::as_str), Some("conflict"));
    }

    #[test]
    fn unreadable_storage_is_an_empty_outbox() {
        assert!(decode(None).is_empty());
        assert!(decode(Some("{not json")).is_empty());
        assert!(decode(Some(r#"{"a":1}"#)).is_empty());
        let one_good = format!("[{{\"key\":7}},{}]", encode(&[entry("g", SendState::Held)]).trim_matches(|c| c == '[' || c == ']'));
        assert_eq!(decode(Some(&one_good)), vec![entry("g", SendState::Held)], "an unreadable entry does not take the readable ones with it");
    }

    #[test]
    fn saving_keeps_other_elements_entries_and_drops_what_this_one_delivered() {
        let stored = vec![entry("theirs", SendState::Held), entry("delivered", SendState::Sending), entry("mine", SendState::Held)];
        let owned: KeySet = ["delivered", "mine"].into_iter().map(String::from).collect();
        let mine = vec![entry("mine", SendState::Failed { status: 400, message: "bad".into() })];
        let merged = merge(stored, &mine, &owned);
        assert_eq!(merged.iter().map(|entry| entry.key.as_str()).collect::<Vec<_>>(), vec!["theirs", "mine"]);
        assert_eq!(merged[1].state, SendState::Failed { status: 400, message: "bad".into() });
    }

    #[test]
    fn the_key_separates_endpoints_and_reviewers() {
        assert_ne!(storage_key("/api/results", Some("u-1")), storage_key("/api/results", Some("u-2")));
        assert_ne!(storage_key("/api/results", None), storage_key("/other", None));
        let reviewer = |text: &str| reviewer_id(&Json::parse(text).unwrap());
        assert_eq!(reviewer(r#"{"id":"u-17","name":"Dana"}"#).as_deref(), Some("u-17"));
        assert_eq!(reviewer(r#"{"id":17}"#).as_deref(), Some("17"));
        assert_eq!(reviewer(r#"{"name":"Dana"}"#), None);
        assert_eq!(decision_of(r#"{"decision":"rejected","item_id":"a"}"#), Some((Decision::Rejected, String::new())));
        assert_eq!(decision_of(r#"{"decision":"approved","decided_at":"2026-11-22T10:01:12Z"}"#), Some((Decision::Approved, "2026-11-22T10:01:12Z".into())));
        assert_eq!(decision_of("{}"), None);
    }
}
