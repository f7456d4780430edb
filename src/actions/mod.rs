//! What the person and the host can make the widget do: load items, move through the queue,
//! decide and undo. Each action updates the state and tells the host through `countersign:*`
//! events; [`outbox`] delivers the decisions.

mod outbox;
mod ownership;
mod refusal;
mod sending;

use refusal::refusal;

use crate::key_map::KeySet;

use crate::runtime::*;

use web_sys::HtmlElement;

use crate::delivery::fetch_items;
use crate::delivery::idb::OutboxDb;
use crate::element::events::{emit, emit_json, emit_value};
use crate::json::Json;
use crate::kinds;
use crate::notices::About;
use crate::browser_text::BrowserText;
use crate::i18n::{fill, Messages};
use crate::model::{decide_with_json, parse_items, Decision, DecisionContext, DecisionError, DecisionInput, ItemError, Kind, ReviewItem, ReviewResult};
use crate::state::{Entry, Outcome, Outgoing, ReviewContext, SendState};
use crate::text::uuid::uuid_v4_from_bytes;

/// How long after a failed try the code of social posts and lead lists is asked for again.
const KINDS_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

/// The widget's actions, shared through context; cheap to copy into handlers.
#[derive(Clone, Copy)]
pub struct Actions {
    /// The state the actions change.
    pub state: ReviewContext,
    host: Stored<HtmlElement>,
    /// Whether `countersign:ready` has been sent (once, at the first render with data).
    ready_sent: Stored<bool>,
    /// Undo and retry timers, by idempotency key.
    timers: Stored<Vec<(String, TimeoutHandle)>>,
    /// The host's `config.authHeaders`, called before each attempt.
    auth_headers: Stored<Option<js_sys::Function>>,
    /// Every outbox key this element has held, so saving drops the ones it delivered.
    owned: Stored<KeySet>,
    /// The outbox database, once open.
    idb: Stored<Option<OutboxDb>>,
    /// Social posts and lead lists held until their code is in ([`crate::kinds`]), with
    /// their places in the queue.
    waiting_items: Stored<Option<Vec<(usize, ReviewItem)>>>,
    /// The next try at that code, after one failed.
    kinds_retry: Stored<Option<TimeoutHandle>>,
    /// The next try at the items of `items-url`, after a failure worth retrying.
    items_retry: Stored<Option<TimeoutHandle>>,
    /// The lock kept for each decision in the outbox, by idempotency key, with the function
    /// that lets it go (`ownership`).
    locks: Stored<Vec<(String, js_sys::Function)>>,
    /// The decisions other widgets own that this one looks at again once they let go.
    watching: Stored<KeySet>,
    /// Those decisions as found in storage: their items read as decided elsewhere until
    /// then (`ownership`).
    elsewhere: Stored<Vec<Outgoing>>,
    /// Where widgets of this origin say that a decision was undone (`ownership`).
    undos: Stored<Option<web_sys::BroadcastChannel>>,
    /// The channel on which deliveries are said ([`Actions::hear_other_widgets`]).
    deliveries: Stored<Option<web_sys::BroadcastChannel>>,
    /// Counts the ways the queue was last asked for (a request to `items-url`, items set): an
    /// answer to an older request comes too late and is dropped.
    items_request: Stored<u32>,
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
    iso(now_ms())
}

/// Milliseconds since the epoch as ISO 8601 UTC.
fn iso(ms: f64) -> String {
    String::from(js_sys::Date::new(&ms.into()).to_iso_string())
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
        Actions { state, host: Stored::new(host), ready_sent: Stored::new(false), timers: Stored::new(Vec::new()), auth_headers: Stored::new(None), owned: Stored::new(KeySet::new()), idb: Stored::new(None), waiting_items: Stored::new(None), kinds_retry: Stored::new(None), items_retry: Stored::new(None), locks: Stored::new(Vec::new()), watching: Stored::new(KeySet::new()), elsewhere: Stored::new(Vec::new()), undos: Stored::new(None), deliveries: Stored::new(None), items_request: Stored::new(0) }
    }

    fn emit_json(&self, name: &str, detail: &str, cancelable: bool) -> bool {
        self.host.try_with_value(|host| emit_json(host, name, detail, cancelable)).unwrap_or(true)
    }

    fn emit(&self, name: &str, detail: &Json) {
        self.host.try_with_value(|host| emit(host, name, detail));
    }

    /// Fires `countersign:ready` once, when the widget first shows items: it has some, and
    /// its language's messages are in (a locale loaded from its file is waited for).
    pub fn announce_ready(&self) {
        let count = self.state.entries.with_untracked(Vec::len);
        let shown = self.state.lang.with_untracked(|lang| lang.wanted.is_none());
        if count > 0 && shown && !self.ready_sent.get_value() {
            self.ready_sent.set_value(true);
            // `{ items }`, built as an object: JSON text parsed back costs more.
            let detail = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&detail, &wasm_bindgen::JsValue::from_str("items"), &wasm_bindgen::JsValue::from_f64(count as f64));
            self.host.try_with_value(|host| emit_value(host, "countersign:ready", &detail, false));
        }
    }

    /// Reads a batch of items from JSON text, listing the invalid ones.
    pub fn load_text(&self, text: &str) {
        self.load_text_from(text, None);
    }

    /// [`Actions::load_text`] for the answer of `items-url` (`from`, when it is one): a batch
    /// that cannot be read is said with where it came from, as a failed request is.
    fn load_text_from(&self, text: &str, from: Option<&str>) {
        // Items set now replace any still waiting for their kinds' code, and any that a failed
        // `items-url` request would have brought on its next try.
        self.waiting_items.set_value(None);
        self.kinds_retry.set_value(None);
        self.items_retry.set_value(None);
        // A request to `items-url` still under way answers too late now.
        self.supersede_items_request();
        match parse_items(text) {
            Ok(parsed) => {
                // Social posts and lead lists wait for their code; the other items show now.
                let (mut items, mut held) = (Vec::with_capacity(parsed.items.len()), Vec::new());
                for (place, (_, item)) in parsed.items.into_iter().enumerate() {
                    if kinds::needs(item.kind) && !kinds::ready() { held.push((place, item)) } else { items.push(item) }
                }
                let errors = parsed.errors;
                // The view is built once, for the entry finally shown.
                batch(|| {
                    self.state.tell(About::Items, None);
                    self.state.replace_items(items, errors.clone());
                    self.mark_decided_from_outbox();
                    self.state.move_past_decided();
                });
                if !errors.is_empty() {
                    self.emit("countersign:invalid", &Json::object(vec![("errors", Json::Array(errors.iter().map(ItemError::to_json).collect()))]));
                }
                self.show_current();
                // Ready counts the whole batch: with held items, once they are in.
                if held.is_empty() {
                    self.announce_ready();
                } else {
                    self.load_with_kinds(held);
                }
            }
            Err(error) => {
                let said = match from {
                    Some(url) => format!("Could not load items from {url}: {error}"),
                    None => error.to_string(),
                };
                self.state.tell(About::Items, Some(said));
                let error = Json::object(vec![("index", Json::Null), ("item_id", Json::Null), ("path", "items".into()), ("message", error.to_string().into())]);
                self.emit("countersign:invalid", &Json::object(vec![("errors", Json::Array(vec![error]))]));
            }
        }
    }

    /// Holds social posts and lead lists (`held`, with their places in the queue) until their
    /// code is in, then puts them in their places (unless other items came first, or the
    /// widget went).
    fn load_with_kinds(&self, held: Vec<(usize, ReviewItem)>) {
        self.waiting_items.set_value(Some(held));
        self.state.loading.set(true);
        let actions = *self;
        kinds::when_ready(crate::element::dist_file(kinds::FILE), move |outcome| actions.kinds_arrived(outcome));
    }

    fn kinds_arrived(&self, outcome: Result<(), String>) {
        let Some(Some(held)) = self.waiting_items.try_update_value(Option::take) else { return };
        self.state.loading.set(false);
        match outcome {
            Ok(()) => self.insert_held(held),
            Err(error) => {
                self.state.tell(About::Items, Some(format!("The code for social posts and lead lists could not be loaded ({error}); trying again in {} seconds.", KINDS_RETRY.as_secs())));
                self.waiting_items.set_value(Some(held));
                let actions = *self;
                let again = move || {
                    if let Some(Some(held)) = actions.waiting_items.try_update_value(Option::take) {
                        actions.state.tell(About::Items, None);
                        actions.load_with_kinds(held);
                    }
                };
                self.kinds_retry.set_value(set_timeout_with_handle(again, KINDS_RETRY).ok());
            }
        }
    }

    /// Puts the held items in their places; the entry on screen stays on screen (a queue that
    /// was empty opens at its first open entry).
    fn insert_held(&self, held: Vec<(usize, ReviewItem)>) {
        batch(|| {
            let shown = self.state.current_entry().map(|entry| std::sync::Arc::as_ptr(&entry.item));
            self.state.entries.update(|entries| {
                for (place, item) in held {
                    entries.insert(place.min(entries.len()), Entry::new(item));
                }
            });
            self.mark_decided_from_outbox();
            let index = self.state.entries.with_untracked(|entries| shown.and_then(|shown| entries.iter().position(|entry| std::sync::Arc::as_ptr(&entry.item) == shown)));
            match index {
                Some(index) => self.state.current.set(index),
                None => {
                    self.state.current.set(0);
                    self.state.move_past_decided();
                }
            }
        });
        self.show_current();
        self.announce_ready();
    }

    /// Makes the answer of any `items-url` request under way come too late (the queue is
    /// asked for anew), and the widget no longer says it is loading; the new request's number.
    fn supersede_items_request(&self) -> u32 {
        self.items_request.update_value(|request| *request = request.wrapping_add(1));
        if self.state.loading.get_untracked() {
            self.state.loading.set(false);
        }
        self.items_request.get_value()
    }

    /// Fetches items from `items-url`, when there is one.
    pub fn load_from_url(&self) {
        self.try_items_url(0);
    }

    /// Asks `items-url` again now when a failed request waits for its next try: called when
    /// the browser comes back online or the page becomes visible again (the backoff starts
    /// over: the connection is new).
    pub fn reload_waiting_items(&self) {
        if let Some(Some(_)) = self.items_retry.try_update_value(Option::take) {
            self.try_items_url(0);
        }
    }

    /// Try number `attempt + 1` at the items of `items-url`. A failure worth retrying (the
    /// network, a timeout, 408, 429, 5xx) is tried again after a backoff, the server's
    /// `Retry-After`, or at once when the browser is back online
    /// ([`Actions::reload_waiting_items`]); the notice line says when.
    fn try_items_url(&self, attempt: u32) {
        self.items_retry.set_value(None);
        // A request still under way answers too late now, even when `items-url` was removed.
        let request = self.supersede_items_request();
        let config = self.state.config.get_untracked();
        let Some(url) = config.items_url.clone() else { return };
        let actions = *self;
        actions.state.loading.set(true);
        spawn_local(async move {
            let outcome = fetch_items(&url, &config).await;
            // Unmounted while the request ran, or superseded: `items-url` changed again or the
            // host set items meanwhile, and a slow answer must not replace what came after it.
            if actions.items_request.try_get_value() != Some(request) || actions.state.loading.try_set(false).is_some() {
                return;
            }
            match outcome {
                Ok(text) => actions.load_text_from(&text, Some(&url)),
                Err(error) => {
                    let wait = error.retry_in_ms(attempt);
                    let again = match wait {
                        Some(ms) => format!("; trying again in {} s", ms.div_ceil(1000).max(1)),
                        None => String::new(),
                    };
                    actions.state.tell(About::Items, Some(format!("Could not load items from {url}: {error}{again}")));
                    if let Some(ms) = wait {
                        // The next try drops this handle while its callback runs; wasm-bindgen
                        // frees a closure only once its last call has returned.
                        let next = move || actions.try_items_url(attempt + 1);
                        let handle = set_timeout_with_handle(next, std::time::Duration::from_millis(ms));
                        actions.items_retry.set_value(handle.ok());
                    }
                }
            }
        });
    }

    /// After a conflict: the item is open again, flagged as changed, and, when there is an
    /// `items-url`, replaced by the version the server has now, so the person decides on that.
    fn reopen_changed(&self, item_id: String) {
        let Some((index, entry)) = self.state.entry_for(&item_id) else { return };
        entry.outcome.set(Outcome::Open);
        entry.changed.set(true);
        self.go_to(index);
        let config = self.state.config.get_untracked();
        let Some(url) = config.items_url.clone() else { return };
        let actions = *self;
        // Not a new way of asking for the queue (the one under way stays wanted), but one
        // asked for after this makes its answer too late.
        let request = self.items_request.get_value();
        spawn_local(async move {
            let Ok(text) = fetch_items(&url, &config).await else { return };
            if actions.items_request.try_get_value() != Some(request) {
                return;
            }
            let Some(fresh) = parse_items(&text).ok().and_then(|parsed| parsed.items.into_iter().map(|(_, item)| item).find(|item| item.id == item_id)) else {
                return;
            };
            let replaced = Entry::new(fresh);
            replaced.changed.set(true);
            actions.state.entries.try_update(|entries| {
                if let Some(slot) = entries.iter_mut().find(|entry| entry.item.id == item_id) {
                    *slot = replaced;
                }
            });
            actions.show_current();
        });
    }

    /// Marks the entry on screen as opened, the first time it is shown.
    pub fn show_current(&self) {
        if let Some(entry) = self.state.current_entry()
            && entry.opened_ms.get_untracked().is_none()
        {
            // A number now, a date in words only when the result is made: showing an item
            // asks the clock only.
            entry.opened_ms.set(Some(now_ms()));
        }
    }

    /// Shows entry `index`.
    pub fn go_to(&self, index: usize) {
        self.state.go_to(index, now_ms());
        self.show_current();
    }

    /// Records a decision on the entry on screen; `override_limits` approves a social post
    /// over a platform's limit (the comment says why). An `Err` is a sentence for the person.
    pub fn decide(&self, decision: Decision, reasons: Vec<String>, comment: Option<String>, feedback: Option<String>, override_limits: bool) -> Result<(), String> {
        let m = self.state.lang.with_untracked(|lang| lang.messages);
        let Some(entry) = self.state.current_entry() else { return Err(m.nothing_to_decide().into()) };
        if entry.outcome.get_untracked() != Outcome::Open {
            return Err(m.already_decided().into());
        }
        self.state.checkpoint(now_ms());
        self.state.focus_next_draft.set_value(true);
        let decided = self.decide_entry(&entry, decision, reasons, comment, feedback, override_limits);
        if decided.is_ok() {
            self.move_on();
        }
        self.state.focus_next_draft.set_value(false);
        decided
    }

    /// Shows what comes after a decision ([`ReviewContext::after_decision`]): the entry on
    /// screen while it is still open, else the next open one.
    fn move_on(&self) {
        if let Some(next) = self.state.after_decision().filter(|next| *next != self.state.current.get_untracked()) {
            self.go_to(next);
        }
    }

    /// Why `decision` cannot be made on `entry` without opening its form, if it cannot.
    fn batch_blocker(&self, entry: &Entry, decision: Decision) -> Option<String> {
        let item = &entry.item;
        let m = self.state.lang.with_untracked(|lang| lang.messages);
        let needs_reason = item.policy.requires_reason(decision.as_str());
        let message = if entry.outcome.get_untracked() != Outcome::Open {
            m.batch_already_decided()
        } else if decision == Decision::Skipped && !item.policy.allow_skip {
            m.batch_no_skip()
        } else if needs_reason {
            if decision == Decision::Approved { m.batch_needs_reason_approve() } else { m.batch_needs_reason_skip() }
        } else if decision == Decision::Approved && item.kind == Kind::SocialPost {
            // An empty post is refused as empty when its result is built, before its limits.
            let limits = self.state.config.with_untracked(|config| config.platform_limits.clone());
            if !entry.platforms_empty().is_empty() || entry.platforms_over_limit(&limits, &BrowserText).is_empty() {
                return None;
            }
            m.batch_over_limit()
        } else {
            return None;
        };
        Some(fill(message, &[("title", &title_of(entry))]))
    }

    /// Approves or skips every entry of `ids` together: each gets its own result and key.
    /// Nothing is decided when any of them needs a form (a reason, an override), is decided,
    /// or is refused as it stands (an approval that needs an edit the person has not made).
    pub fn decide_batch(&self, decision: Decision, ids: &[String]) -> Result<usize, String> {
        let entries: Vec<Entry> = ids.iter().filter_map(|id| self.state.entry_for(id).map(|(_, entry)| entry)).collect();
        if let Some(reason) = entries.iter().find_map(|entry| self.batch_blocker(entry, decision)) {
            return Err(reason);
        }
        self.state.checkpoint(now_ms());
        // Every result is built before any is recorded: one refusal leaves them all open.
        let mut results = Vec::with_capacity(entries.len());
        for entry in &entries {
            let result = self.result_for(entry, decision, Vec::new(), None, None, false).map_err(|error| {
                self.state.lang.with_untracked(|lang| {
                    let m = lang.messages;
                    match error {
                        // An item approvable only once edited, and not edited.
                        DecisionError::NeedsEdit => fill(m.batch_needs_edit(), &[("title", &title_of(entry))]),
                        // Which of the selected posts is empty, not just where.
                        DecisionError::EmptyPost(platforms) => fill(m.batch_empty_post(), &[("title", &title_of(entry)), ("platforms", &platforms)]),
                        DecisionError::EmptyEmail => fill(m.batch_empty_email(), &[("title", &title_of(entry))]),
                        // Which of the selected items is too long, and which of its texts.
                        DecisionError::TooLong { .. } | DecisionError::TooLarge { .. } | DecisionError::Unsendable(_) => fill(m.batch_too_long(), &[("title", &title_of(entry)), ("problem", &refusal(lang, &error))]),
                        error => refusal(lang, &error),
                    }
                })
            })?;
            results.push(result);
        }
        self.state.focus_next_draft.set_value(true);
        for (entry, (result, json)) in entries.iter().zip(results) {
            self.record(entry, decision, result, json);
        }
        self.move_on();
        self.state.focus_next_draft.set_value(false);
        Ok(entries.len())
    }

    /// Records `decision` on `entry` and hands the result on (event, outbox).
    fn decide_entry(&self, entry: &Entry, decision: Decision, reasons: Vec<String>, comment: Option<String>, feedback: Option<String>, override_limits: bool) -> Result<(), String> {
        let (result, json) = self.result_for(entry, decision, reasons, comment, feedback, override_limits).map_err(|error| self.state.lang.with_untracked(|lang| refusal(lang, &error)))?;
        self.record(entry, decision, result, json);
        Ok(())
    }

    /// The result of `decision` on `entry` as the person left it, and its JSON text, built but
    /// not recorded.
    fn result_for(&self, entry: &Entry, decision: Decision, reasons: Vec<String>, comment: Option<String>, feedback: Option<String>, override_limits: bool) -> Result<(ReviewResult, String), DecisionError> {
        let config = self.state.config.get_untracked();
        let social = entry.item.kind == Kind::SocialPost;
        let input = DecisionInput {
            subject: Some(entry.subject.get_untracked()),
            reasons,
            comment,
            feedback,
            platforms: social.then(|| entry.platforms.get_untracked()),
            variants: social.then(|| entry.variants.get_untracked()),
            leads: (entry.item.kind == Kind::LeadList).then(|| entry.leads.get_untracked()),
            points: entry.verdicts.get_untracked(),
            over_limit: if social { entry.platforms_over_limit(&config.platform_limits, &BrowserText) } else { Vec::new() },
            override_limits,
            ..DecisionInput::new(decision, entry.body.get_untracked())
        };
        let context = DecisionContext {
            idempotency_key: new_key(),
            reviewer: config.reviewer.clone(),
            opened_at: entry.opened_ms.get_untracked().map_or_else(iso_now, iso),
            decided_at: iso_now(),
            active_ms: entry.active_ms.get_untracked().round() as u64,
        };
        decide_with_json(&entry.item, input, context)
    }

    /// Records a decision's `result` (`json` its text, as checked) on `entry` and hands it on
    /// (event, outbox).
    fn record(&self, entry: &Entry, decision: Decision, result: ReviewResult, json: String) {
        let config = self.state.config.get_untracked();
        let lang = self.state.lang.get_untracked();
        let m = lang.messages;
        entry.decided_ms.set(Some(now_ms()));
        let title = title_of(entry);
        let said = |message: &str| fill(message, &[("decision", decision_word(m, decision)), ("title", &title)]);
        if !self.emit_json("countersign:decision", &json, true) {
            entry.outcome.set(Outcome::HandedToHost(decision));
            self.announce(said(m.announce_decided()));
        } else if config.submit_url.is_none() {
            entry.outcome.set(Outcome::HandedToHost(decision));
            self.announce(said(m.announce_handed()));
        } else {
            entry.outcome.set(Outcome::Decided(decision));
            let key = result.idempotency_key.clone();
            let held = config.undo_seconds > 0;
            let item_id = result.item_id.clone();
            self.update_outbox(|outbox| {
                // An earlier decision the server refused as a conflict is history now.
                for earlier in outbox.iter_mut().filter(|earlier| earlier.item_id == item_id) {
                    if let SendState::Conflict { message } = &earlier.state {
                        earlier.state = SendState::Superseded { message: message.clone() };
                    }
                }
                outbox.push(Outgoing {
                    key: key.clone(),
                    item_id: result.item_id.clone(),
                    item_version: result.item_version.clone(),
                    json,
                    state: SendState::Held,
                    failures: 0,
                })
            });
            if held {
                self.hold(key, config.undo_seconds);
                self.announce(said(&lang.count(m.announce_held(), config.undo_seconds as usize)));
            } else {
                self.announce(said(m.announce_decided()));
                self.spawn_send(key);
            }
        }
    }

    /// Says `text` in the polite live region.
    pub fn announce(&self, text: String) {
        // A delivery's answer may come after the widget went: nothing to say it in then.
        self.state.announcement.try_set(text);
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
        self.update_outbox(|outbox| outbox.retain(|outgoing| outgoing.key != held.key));
        self.tell_undone(&held);
        if let Some((index, entry)) = self.state.entry_for(&held.item_id) {
            entry.outcome.set(Outcome::Open);
            self.go_to(index);
        }
        self.emit("countersign:undo", &Json::object(vec![("item_id", held.item_id.as_str().into()), ("idempotency_key", held.key.as_str().into())]));
        self.announce(self.state.lang.with_untracked(|lang| lang.messages.announce_undone()).into());
    }

}

/// The past-tense word for a decision, for announcements and the status line.
pub fn decision_word(m: &'static Messages, decision: Decision) -> &'static str {
    match decision {
        Decision::Approved => m.decided_approved(),
        Decision::Rejected => m.decided_rejected(),
        Decision::Regenerate => m.decided_regenerate(),
        Decision::Skipped => m.decided_skipped(),
    }
}

/// What the person knows an entry by: its title, else its id.
fn title_of(entry: &Entry) -> String {
    entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone())
}
