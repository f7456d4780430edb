//! Sending the outbox's decisions: attempts under a cross-tab lock, retries with backoff,
//! conflicts, the posts made when the widget is removed, and the `pending` / `flush()` /
//! Retry / Copy JSON surface.

use std::time::Duration;

use crate::runtime::*;

use wasm_bindgen::JsCast;

use super::outbox::forget_stored;
use super::Actions;
use crate::delivery::idb::OutboxDb;
use crate::delivery::lock::{exclusively, WhenTaken};
use super::ownership::{release, release_owned};
use crate::delivery::outbox::pending_view;
use crate::delivery::{post_result, DeliveryError};
use crate::config::{parse_headers, WidgetConfig};
use crate::js_values::{error_text, headers_json};
use crate::element::events::emit;
use crate::i18n::{fill, Messages};
use crate::json::Json;
use crate::state::{Outgoing, SendState};

impl Actions {
    /// Sends now what waits for a retry: called when the browser comes back online or the page
    /// becomes visible again.
    pub fn resend_waiting(&self) {
        let actions = *self;
        spawn_local(async move { actions.send_where(|state| matches!(state, SendState::Retrying { .. })).await });
    }

    /// Sets (or clears) the host's async `authHeaders()` function.
    pub fn set_auth_headers(&self, function: Option<js_sys::Function>) {
        self.auth_headers.set_value(function);
    }

    fn auth_function(&self) -> Option<js_sys::Function> {
        self.auth_headers.try_with_value(|function| function.clone()).flatten()
    }

    /// Waits `seconds` before the first attempt, so the decision can be undone.
    pub(super) fn hold(&self, key: String, seconds: u32) {
        self.schedule(key, u64::from(seconds) * 1_000);
    }

    /// Sends `key` after `delay_ms`; the timer is kept so undo, flush and unmount can clear it.
    fn schedule(&self, key: String, delay_ms: u64) {
        let actions = *self;
        let timer_key = key.clone();
        let timer = set_timeout_with_handle(
            // The handle is dropped (and with it this callback) in a task after the callback
            // returns, never while it runs.
            move || {
                spawn_local(async move {
                    actions.timers.try_update_value(|timers| timers.retain(|(held, _)| *held != timer_key));
                    actions.send(timer_key).await;
                });
            },
            Duration::from_millis(delay_ms),
        );
        match timer {
            Ok(handle) => {
                self.timers.try_update_value(|timers| timers.push((key, handle)));
            }
            Err(_) => self.spawn_send(key),
        }
    }

    /// Sends the outbox entry `key` now, in the background.
    pub fn spawn_send(&self, key: String) {
        let actions = *self;
        spawn_local(async move { actions.send(key).await });
    }

    /// Sends the outbox entry `key` now, clearing its undo timer.
    pub async fn send(&self, key: String) {
        self.send_or(key, WhenTaken::Skip).await;
    }

    /// Sends the outbox entry `key` under its cross-tab lock; `when_taken` says what to do when
    /// another tab (or element) is sending it right now.
    async fn send_or(&self, key: String, when_taken: WhenTaken) {
        let actions = *self;
        let attempt_key = key.clone();
        let ran = exclusively(&format!("countersign-send {key}"), when_taken, async move { actions.attempt(attempt_key).await }).await;
        if !ran {
            // Another tab is sending this very decision; look again once it has had its answer.
            self.schedule(key, 1_500);
        }
    }

    /// One attempt to deliver `key`, with this tab holding its lock.
    async fn attempt(&self, key: String) {
        let Some(outgoing) = self.state.outbox.try_with_untracked(|outbox| outbox.iter().find(|outgoing| outgoing.key == key).cloned()).flatten() else {
            return;
        };
        if outgoing.state == SendState::Sending {
            return; // Already in flight; its answer settles it.
        }
        // Stored before any attempt: wait for every earlier write to land.
        if let Some(db) = self.idb() {
            let _ = db.settled().await;
        }
        if self.delivered_elsewhere(&outgoing).await {
            return;
        }
        // Everything read after an await may belong to a widget unmounted meanwhile: read with
        // `try_`, so a gone widget ends the attempt instead of throwing inside its lock.
        let Some(config) = self.state.config.try_get_untracked() else { return };
        // No `submit-url` now (the host removed it while the decision was held): the entry
        // waits as it is, and goes when one is set again (`Actions::restore`).
        let Some(url) = config.submit_url.clone() else { return };
        self.set_state(&key, SendState::Sending);
        let stored_under = (self.idb(), self.outbox_key());
        let outcome = post_once(&url, &config, self.auth_function(), &outgoing).await;
        let mut will_retry = false;
        match &outcome {
            Ok(_) => {
                if !self.update_outbox(|outbox| outbox.retain(|item| item.key != key)) {
                    // Delivered after the widget went: out of storage all the same, so no
                    // widget sends it again.
                    if let (db, Some(outbox_key)) = stored_under {
                        forget_stored(db.as_ref(), &outbox_key, &key).await;
                    }
                    return;
                }
                self.note_delivered(&outgoing.item_id);
                self.tell_delivered(&outgoing);
                self.announce(self.messages().announce_delivered().into());
            }
            Err(error) => {
                let (status, message) = (error.status(), error.to_string());
                let state = if let Some(delay_ms) = error.retry_in_ms(outgoing.failures) {
                    will_retry = true;
                    SendState::Retrying { status, message: message.clone(), delay_ms }
                } else if error.is_conflict() {
                    SendState::Conflict { message: message.clone() }
                } else {
                    SendState::Failed { status, message: message.clone() }
                };
                if let SendState::Retrying { delay_ms, .. } = &state {
                    self.schedule(key.clone(), *delay_ms);
                }
                let conflict = matches!(state, SendState::Conflict { .. });
                let alive = self.update_outbox(|outbox| {
                    if let Some(entry) = outbox.iter_mut().find(|entry| entry.key == key) {
                        entry.state = state;
                        entry.failures += 1;
                    }
                });
                if !alive {
                    return;
                }
                if conflict {
                    self.reopen_changed(outgoing.item_id.clone());
                }
                let m = self.messages();
                self.announce(fill(if will_retry { m.announce_retry() } else { m.announce_failed() }, &[("message", &message)]));
            }
        }
        let (name, detail) = delivery_event(&outgoing, &outcome, will_retry);
        self.emit(name, &detail);
    }

    /// The messages of the language shown (English once the widget is gone).
    fn messages(&self) -> &'static Messages {
        self.state.lang.try_with_untracked(|lang| lang.messages).unwrap_or_else(crate::i18n::english)
    }

    fn set_state(&self, key: &str, state: SendState) {
        self.update_outbox(|outbox| {
            if let Some(outgoing) = outbox.iter_mut().find(|outgoing| outgoing.key == key) {
                outgoing.state = state;
            }
        });
    }

    /// Sends everything in the outbox now (held results included) and waits for the answers,
    /// those of attempts already under way included: a request in flight holds its entry's
    /// lock, so waiting for the lock waits for its answer, and the entry is then gone
    /// (delivered) or sent again.
    pub async fn flush(&self) {
        self.stop_timers();
        let keys = self.keys_where(|state| !matches!(state, SendState::Conflict { .. } | SendState::Superseded { .. }));
        for key in keys {
            self.send_or(key, WhenTaken::Wait).await;
        }
    }

    /// The keys of the outbox entries whose state `pick` accepts.
    pub(super) fn keys_where(&self, pick: impl Fn(&SendState) -> bool) -> Vec<String> {
        self.state
            .outbox
            .try_with_untracked(|outbox| outbox.iter().filter(|outgoing| pick(&outgoing.state)).map(|outgoing| outgoing.key.clone()).collect())
            .unwrap_or_default()
    }

    /// Sends, one after the other, the outbox entries whose state `pick` accepts.
    async fn send_where(&self, pick: impl Fn(&SendState) -> bool) {
        for key in self.keys_where(pick) {
            self.send(key).await;
        }
    }

    /// Sends again, now, every result whose last attempt failed (conflicts excepted); held ones
    /// keep their undo window.
    pub async fn retry_failed(&self) {
        self.send_where(|state| matches!(state, SendState::Failed { .. } | SendState::Retrying { .. })).await;
    }

    /// Puts the results the backend refused on the clipboard, so the person can keep or send
    /// them another way.
    pub fn copy_failed(&self) {
        let failed: Vec<String> = self
            .state
            .outbox
            .with_untracked(|outbox| outbox.iter().filter(|entry| matches!(entry.state, SendState::Failed { .. })).map(|entry| entry.json.clone()).collect());
        let text = if let [one] = &failed[..] { one.clone() } else { format!("[{}]", crate::text::join::joined(&failed, ",")) };
        let clipboard = web_sys::window().and_then(|window| js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok());
        let write = clipboard.as_ref().and_then(|clipboard| js_sys::Reflect::get(clipboard, &"writeText".into()).ok()).and_then(|write| write.dyn_into::<js_sys::Function>().ok());
        match (clipboard, write) {
            (Some(clipboard), Some(write)) if write.call1(&clipboard, &text.into()).is_ok() => self.announce(self.messages().announce_copied().into()),
            _ => self.announce(self.messages().announce_copy_refused().into()),
        }
    }

    /// The results not yet delivered, each with its `delivery` state, as a JSON array.
    pub fn pending_json(&self) -> String {
        let views: Vec<Json> = self.state.outbox.try_with_untracked(|outbox| outbox.iter().filter(|entry| !entry.state.is_superseded()).map(pending_view).collect()).unwrap_or_default();
        Json::Array(views).to_text()
    }

    /// Clears every timer; called when the element is disconnected.
    pub fn stop_timers(&self) {
        self.timers.try_update_value(|timers| timers.drain(..).for_each(|(_, handle)| handle.clear()));
    }

    /// Called before the element is disconnected: decisions still in their undo window are
    /// sent now instead of being dropped with the view. The requests outlive the view, so they
    /// carry everything they need and report only through events on the host. Each goes under
    /// its entry's cross-tab lock, as every attempt does, and a delivered one leaves browser
    /// storage, so no page or element sends it again.
    pub fn send_held_before_unmount(&self) {
        self.stop_timers();
        let held: Vec<Outgoing> = self.state.outbox.try_with_untracked(|outbox| outbox.iter().filter(|outgoing| outgoing.state == SendState::Held).cloned().collect()).unwrap_or_default();
        // Each held decision's lock is let go once it has had its answer; the others' at once
        // (they stay stored, for the next widget).
        let (mut owned, not_held): (Vec<_>, Vec<_>) = self.take_owned().into_iter().partition(|(key, _)| held.iter().any(|outgoing| outgoing.key == *key));
        release(not_held);
        let config = self.state.config.try_get_untracked().unwrap_or_default();
        let (Some(url), Some(host), Some(outbox_key)) = (config.submit_url.clone(), self.host.try_get_value(), self.outbox_key()) else {
            release(owned);
            return;
        };
        if held.is_empty() {
            return;
        }
        let (auth, db) = (self.auth_function(), self.idb());
        spawn_local(async move {
            for outgoing in held {
                let lock = format!("countersign-send {}", outgoing.key);
                let key = outgoing.key.clone();
                exclusively(&lock, WhenTaken::Wait, deliver_detached(url.clone(), config.clone(), auth.clone(), host.clone(), db.clone(), outbox_key.clone(), outgoing)).await;
                release_owned(&mut owned, &key);
            }
            release(owned);
        });
    }
}

/// Posts `outgoing` for a widget that is gone, takes it out of browser storage once delivered,
/// and reports the answer with an event on the detached `host`.
async fn deliver_detached(url: String, config: WidgetConfig, auth: Option<js_sys::Function>, host: web_sys::HtmlElement, db: Option<OutboxDb>, outbox_key: String, outgoing: Outgoing) {
    let outcome = post_once(&url, &config, auth, &outgoing).await;
    if outcome.is_ok() {
        forget_stored(db.as_ref(), &outbox_key, &outgoing.key).await;
    }
    let (name, detail) = delivery_event(&outgoing, &outcome, false);
    emit(&host, name, &detail);
}

/// The `countersign:delivered` or `countersign:delivery-failed` event for one attempt.
fn delivery_event(outgoing: &Outgoing, outcome: &Result<u16, DeliveryError>, will_retry: bool) -> (&'static str, Json) {
    let about = |status: u16| [("item_id", outgoing.item_id.as_str().into()), ("idempotency_key", outgoing.key.as_str().into()), ("status", u64::from(status).into())];
    match outcome {
        Ok(status) => ("countersign:delivered", Json::object(Vec::from(about(*status)))),
        Err(error) => (
            "countersign:delivery-failed",
            Json::object(about(error.status()).into_iter().chain([("error", error.to_string().into()), ("will_retry", will_retry.into()), ("conflict", error.is_conflict().into())]).collect()),
        ),
    }
}

/// One attempt: the host's `authHeaders()` for this attempt, then the POST. A failing
/// `authHeaders()` counts as a network error, so the attempt is retried.
async fn post_once(url: &str, config: &WidgetConfig, auth: Option<js_sys::Function>, outgoing: &Outgoing) -> Result<u16, DeliveryError> {
    match auth_headers(auth).await {
        Ok(extra) => post_result(url, config, &extra, &outgoing.json, &outgoing.key, outgoing.item_version.as_deref()).await,
        Err(message) => Err(DeliveryError::Network(message)),
    }
}

/// Calls the host's `authHeaders()` (awaiting a promise) and reads the headers it gives, by
/// the rules of `config.headers`; a problem is said as the attempt's error.
async fn auth_headers(function: Option<js_sys::Function>) -> Result<Vec<(String, String)>, String> {
    let Some(function) = function else { return Ok(Vec::new()) };
    let describe = |error: wasm_bindgen::JsValue| format!("authHeaders() failed: {}", error_text(&error));
    let value = function.call0(&wasm_bindgen::JsValue::UNDEFINED).map_err(describe)?;
    let value = match value.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.map_err(describe)?,
        Err(value) => value,
    };
    if value.is_null() || value.is_undefined() {
        return Ok(Vec::new());
    }
    parse_headers(&headers_json(&value)).map_err(|problem| format!("authHeaders(): {problem}"))
}
