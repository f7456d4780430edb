//! What the person and the host can make the widget do: load items, decide, undo, send, retry
//! and flush. Each action updates the state, talks to the network through [`crate::delivery`]
//! and tells the host through `countersign:*` events.

use std::time::Duration;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use leptos::task::spawn_local;
use serde_json::json;
use web_sys::HtmlElement;

use crate::delivery::{fetch_items, post_result, DeliveryError};
use crate::element::events::{emit, emit_json};
use crate::model::{decide, parse_items, Decision, DecisionContext, DecisionInput};
use crate::state::{Outcome, Outgoing, ReviewContext, SendState};
use crate::text::uuid::uuid_v4_from_bytes;

/// The widget's actions, shared through context; cheap to copy into handlers.
#[derive(Clone, Copy)]
pub struct Actions {
    /// The state the actions change.
    pub state: ReviewContext,
    host: StoredValue<SendWrapper<HtmlElement>>,
    /// Whether `countersign:ready` has been sent (once, at the first render with data).
    ready_sent: StoredValue<bool>,
    /// Undo timers of held results, by idempotency key.
    timers: StoredValue<Vec<(String, TimeoutHandle)>>,
}

/// The actions of the enclosing widget.
pub fn use_actions() -> Option<Actions> {
    use_context::<Actions>()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Now as ISO 8601 UTC.
fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A fresh UUID v4 from the browser's cryptographic random source.
fn new_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes == [0u8; 16] {
        // No crypto source: fall back to Math.random, which is still unique enough per decision.
        bytes.iter_mut().for_each(|byte| *byte = (js_sys::Math::random() * 256.0) as u8);
    }
    uuid_v4_from_bytes(bytes)
}

impl Actions {
    /// Actions for `state`, reporting events on `host`.
    pub fn new(state: ReviewContext, host: HtmlElement) -> Actions {
        Actions { state, host: StoredValue::new(SendWrapper::new(host)), ready_sent: StoredValue::new(false), timers: StoredValue::new(Vec::new()) }
    }

    fn emit_json(&self, name: &str, detail: &str, cancelable: bool) -> bool {
        self.host.try_with_value(|host| emit_json(host, name, detail, cancelable)).unwrap_or(true)
    }

    fn emit(&self, name: &str, detail: &serde_json::Value) {
        self.host.try_with_value(|host| emit(host, name, detail));
    }

    /// Reads a batch of items from JSON text, listing the invalid ones.
    pub fn load_text(&self, text: &str) {
        match parse_items(text) {
            Ok(parsed) => {
                let errors = parsed.errors;
                self.state.notice.set(None);
                self.state.replace_items(parsed.items.into_iter().map(|(_, item)| item).collect(), errors.clone());
                if !errors.is_empty() {
                    self.emit("countersign:invalid", &json!({ "errors": errors }));
                }
                self.show_current();
                let count = self.state.entries.with_untracked(Vec::len);
                if count > 0 && !self.ready_sent.get_value() {
                    self.ready_sent.set_value(true);
                    self.emit("countersign:ready", &json!({ "items": count }));
                }
            }
            Err(error) => {
                self.state.notice.set(Some(error.to_string()));
                self.emit("countersign:invalid", &json!({ "errors": [{ "index": null, "item_id": null, "path": "items", "message": error.to_string() }] }));
            }
        }
    }

    /// Fetches items from `items-url`, when there is one.
    pub fn load_from_url(&self) {
        let config = self.state.config.get_untracked();
        let Some(url) = config.items_url.clone() else { return };
        let actions = *self;
        actions.state.loading.set(true);
        spawn_local(async move {
            let outcome = fetch_items(&url, &config).await;
            if actions.state.loading.try_set(false).is_some() {
                return; // The widget was unmounted while the request ran.
            }
            match outcome {
                Ok(text) => actions.load_text(&text),
                Err(error) => actions.state.notice.set(Some(format!("Could not load items from {url}: {error}"))),
            }
        });
    }

    /// Marks the entry on screen as opened, the first time it is shown.
    pub fn show_current(&self) {
        if let Some(entry) = self.state.current_entry()
            && entry.opened_at.get_untracked().is_none()
        {
            entry.opened_at.set(Some(iso_now()));
        }
    }

    /// Shows entry `index`.
    pub fn go_to(&self, index: usize) {
        self.state.go_to(index, now_ms());
        self.show_current();
    }

    /// Records a decision on the entry on screen. An `Err` is a sentence for the person.
    pub fn decide(&self, decision: Decision, reasons: Vec<String>, comment: Option<String>, feedback: Option<String>) -> Result<(), String> {
        let Some(entry) = self.state.current_entry() else { return Err("There is nothing to decide on.".into()) };
        if entry.outcome.get_untracked() != Outcome::Open {
            return Err("This item has already been decided.".into());
        }
        self.state.checkpoint(now_ms());
        let config = self.state.config.get_untracked();
        let input = DecisionInput { decision, subject: Some(entry.subject.get_untracked()), body: entry.body.get_untracked(), reasons, comment, feedback };
        let context = DecisionContext {
            idempotency_key: new_key(),
            reviewer: config.reviewer.clone(),
            opened_at: entry.opened_at.get_untracked().unwrap_or_else(iso_now),
            decided_at: iso_now(),
            active_ms: entry.active_ms.get_untracked().round() as u64,
        };
        let result = decide(&entry.item, input, context).map_err(|error| error.to_string())?;
        let json = serde_json::to_string(&result).map_err(|error| error.to_string())?;
        let title = entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone());
        if !self.emit_json("countersign:decision", &json, true) {
            entry.outcome.set(Outcome::HandedToHost(decision));
            self.announce(format!("{}: {title}.", decision_word(decision)));
        } else if config.submit_url.is_none() {
            entry.outcome.set(Outcome::HandedToHost(decision));
            self.announce(format!("{}: {title}. No submit-url is set, so the host must deliver it.", decision_word(decision)));
        } else {
            entry.outcome.set(Outcome::Decided(decision));
            let key = result.idempotency_key.clone();
            let held = config.undo_seconds > 0;
            self.state.outbox.update(|outbox| {
                outbox.push(Outgoing {
                    key: key.clone(),
                    item_id: result.item_id.clone(),
                    item_version: result.item_version.clone(),
                    json,
                    state: SendState::Held,
                })
            });
            if held {
                self.hold(key, config.undo_seconds);
                self.announce(format!("{}: {title}. Sending in {} seconds; Undo takes it back.", decision_word(decision), config.undo_seconds));
            } else {
                self.announce(format!("{}: {title}.", decision_word(decision)));
                self.spawn_send(key);
            }
        }
        if let Some(next) = self.state.next_open() {
            self.go_to(next);
        }
        Ok(())
    }

    fn announce(&self, text: String) {
        self.state.announcement.set(text);
    }

    /// Waits `seconds` before the first attempt, so the decision can be undone.
    fn hold(&self, key: String, seconds: u32) {
        let actions = *self;
        let timer_key = key.clone();
        let timer = set_timeout_with_handle(
            move || {
                actions.timers.try_update_value(|timers| timers.retain(|(held, _)| *held != timer_key));
                actions.spawn_send(timer_key);
            },
            Duration::from_secs(u64::from(seconds)),
        );
        match timer {
            Ok(handle) => self.timers.update_value(|timers| timers.push((key, handle))),
            Err(_) => self.spawn_send(key),
        }
    }

    /// Takes back the latest held decision: it is never sent, and its item is open again with
    /// the person's edits intact.
    pub fn undo(&self) {
        let Some(held) = self.state.outbox.with_untracked(|outbox| outbox.iter().rev().find(|outgoing| outgoing.state == SendState::Held).cloned()) else {
            return;
        };
        self.timers.update_value(|timers| {
            timers.retain(|(key, handle)| {
                if *key == held.key {
                    handle.clear();
                }
                *key != held.key
            })
        });
        self.state.outbox.update(|outbox| outbox.retain(|outgoing| outgoing.key != held.key));
        if let Some((index, entry)) = self.state.entry_for(&held.item_id) {
            entry.outcome.set(Outcome::Open);
            self.go_to(index);
        }
        self.emit("countersign:undo", &json!({ "item_id": held.item_id, "idempotency_key": held.key }));
        self.announce("Decision undone.".into());
    }

    /// Sends the outbox entry `key` now, in the background.
    pub fn spawn_send(&self, key: String) {
        let actions = *self;
        spawn_local(async move { actions.send(key).await });
    }

    /// Sends the outbox entry `key` now, clearing its undo timer.
    pub async fn send(&self, key: String) {
        let Some(outgoing) = self.state.outbox.try_with_untracked(|outbox| outbox.iter().find(|outgoing| outgoing.key == key).cloned()).flatten() else {
            return;
        };
        if outgoing.state == SendState::Sending {
            return; // Already in flight; its answer settles it.
        }
        self.set_state(&key, SendState::Sending);
        let config = self.state.config.get_untracked();
        let Some(url) = config.submit_url.clone() else { return };
        let outcome = post_result(&url, &config, &outgoing.json, &outgoing.key, outgoing.item_version.as_deref()).await;
        match &outcome {
            Ok(_) => {
                if self.state.outbox.try_update(|outbox| outbox.retain(|item| item.key != key)).is_none() {
                    return;
                }
                if let Some((_, entry)) = self.state.entry_for(&outgoing.item_id)
                    && let Outcome::Decided(decision) = entry.outcome.get_untracked()
                {
                    entry.outcome.set(Outcome::Delivered(decision));
                }
                self.announce("Decision delivered.".into());
            }
            Err(error) => {
                self.set_state(&key, SendState::Failed { status: error.status(), message: error.to_string() });
                self.announce(format!("Delivery failed: {error}"));
            }
        }
        let (name, detail) = delivery_event(&outgoing, &outcome);
        self.emit(name, &detail);
    }

    fn set_state(&self, key: &str, state: SendState) {
        self.state.outbox.try_update(|outbox| {
            if let Some(outgoing) = outbox.iter_mut().find(|outgoing| outgoing.key == key) {
                outgoing.state = state;
            }
        });
    }

    /// Sends everything in the outbox now (held results included) and waits for the answers.
    pub async fn flush(&self) {
        self.stop_timers();
        self.send_where(|_| true).await;
    }

    /// Sends, one after the other, the outbox entries whose state `pick` accepts.
    async fn send_where(&self, pick: impl Fn(&SendState) -> bool) {
        let keys: Vec<String> = self
            .state
            .outbox
            .try_with_untracked(|outbox| outbox.iter().filter(|outgoing| pick(&outgoing.state)).map(|outgoing| outgoing.key.clone()).collect())
            .unwrap_or_default();
        for key in keys {
            self.send(key).await;
        }
    }

    /// Sends again every result whose last attempt failed; held ones keep their undo window.
    pub async fn retry_failed(&self) {
        self.send_where(|state| matches!(state, SendState::Failed { .. })).await;
    }

    /// The results not yet delivered, as a JSON array.
    pub fn pending_json(&self) -> String {
        let bodies: Vec<String> = self.state.outbox.try_with_untracked(|outbox| outbox.iter().map(|outgoing| outgoing.json.clone()).collect()).unwrap_or_default();
        format!("[{}]", bodies.join(","))
    }

    /// Clears every timer; called when the element is disconnected.
    pub fn stop_timers(&self) {
        self.timers.try_update_value(|timers| timers.drain(..).for_each(|(_, handle)| handle.clear()));
    }

    /// Called before the element is disconnected: decisions still in their undo window are
    /// sent now instead of being dropped with the view. The requests outlive the view, so they
    /// carry everything they need and report only through events on the host.
    pub fn send_held_before_unmount(&self) {
        self.stop_timers();
        let held: Vec<Outgoing> = self.state.outbox.try_with_untracked(|outbox| outbox.iter().filter(|outgoing| outgoing.state == SendState::Held).cloned().collect()).unwrap_or_default();
        let config = self.state.config.get_untracked();
        let (Some(url), Some(host)) = (config.submit_url.clone(), self.host.try_with_value(|host| (**host).clone())) else { return };
        if held.is_empty() {
            return;
        }
        spawn_local(async move {
            for outgoing in held {
                let outcome = post_result(&url, &config, &outgoing.json, &outgoing.key, outgoing.item_version.as_deref()).await;
                let (name, detail) = delivery_event(&outgoing, &outcome);
                emit(&host, name, &detail);
            }
        });
    }
}

/// The `countersign:delivered` or `countersign:delivery-failed` event for one attempt.
fn delivery_event(outgoing: &Outgoing, outcome: &Result<u16, DeliveryError>) -> (&'static str, serde_json::Value) {
    match outcome {
        Ok(status) => ("countersign:delivered", json!({ "item_id": outgoing.item_id, "idempotency_key": outgoing.key, "status": status })),
        Err(error) => (
            "countersign:delivery-failed",
            json!({ "item_id": outgoing.item_id, "idempotency_key": outgoing.key, "status": error.status(), "error": error.to_string(),
                    "will_retry": false, "conflict": error.is_conflict() }),
        ),
    }
}

/// The past-tense word for a decision, for announcements and the status line.
pub fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Approved => "Approved",
        Decision::Rejected => "Rejected",
        Decision::Regenerate => "Sent back for regeneration",
        Decision::Skipped => "Skipped",
    }
}
