//! The `countersign:*` events of a widget mounted by [`super::ReviewWidget`], read into Rust
//! values and handed to the component's callbacks. A detail that does not read is skipped with
//! a console warning: it comes from outside Rust's types, and a host's callback must never see
//! a half-read value.

use leptos::prelude::{Callable, Callback};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Event, HtmlElement};

use crate::json::{read, Fields, Problem, Tape, Value};
use crate::model::ReviewResult;

/// A result the backend accepted: the `countersign:delivered` event's detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivered {
    /// The decided item's id.
    pub item_id: String,
    /// The result's idempotency key, also sent as its `Idempotency-Key` header.
    pub idempotency_key: String,
    /// The HTTP status the backend answered with.
    pub status: u16,
}

/// One failed attempt to deliver a result: the `countersign:delivery-failed` event's detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryFailed {
    /// The decided item's id.
    pub item_id: String,
    /// The result's idempotency key, also sent as its `Idempotency-Key` header.
    pub idempotency_key: String,
    /// The HTTP status, or 0 for a network error or a timeout.
    pub status: u16,
    /// The backend's `error.message`, the status text, or the network error.
    pub error: String,
    /// Whether the widget will try again by itself.
    pub will_retry: bool,
    /// Whether the backend refused the result as a conflict (409 or 412).
    pub conflict: bool,
}

/// The component's callbacks, each listened for only when the host gave it.
pub(super) struct Callbacks {
    /// For `countersign:decision`.
    pub decision: Option<Callback<ReviewResult>>,
    /// For `countersign:decision` too, cancelling it: the host delivers the result.
    pub deliver: Option<Callback<ReviewResult>>,
    /// For `countersign:delivered`.
    pub delivered: Option<Callback<Delivered>>,
    /// For `countersign:delivery-failed`.
    pub delivery_failed: Option<Callback<DeliveryFailed>>,
    /// For `countersign:ready`.
    pub ready: Option<Callback<usize>>,
}

/// What a listener does with the event once its callback has the value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Nothing: the widget goes on as it would.
    Continue,
    /// `preventDefault()`: the host has taken over (a decision it delivers itself).
    Cancel,
}

/// A listener the browser calls with the event.
type Listener = Closure<dyn Fn(Event)>;

/// The listeners added to a host element. Dropping them removes them, so the closures the
/// browser holds never outlive the component.
pub(super) struct Listeners {
    host: HtmlElement,
    added: Vec<(&'static str, Listener)>,
}

impl Listeners {
    /// Listens on `host` for the events whose callback is present.
    pub fn add(host: &HtmlElement, callbacks: Callbacks) -> Listeners {
        let mut listeners = Listeners { host: host.clone(), added: Vec::new() };
        listeners.listen("countersign:decision", callbacks.decision, ReviewResult::read, Then::Continue);
        // After `on_decision`, which is listened for first and so called first.
        listeners.listen("countersign:decision", callbacks.deliver, ReviewResult::read, Then::Cancel);
        listeners.listen("countersign:delivered", callbacks.delivered, read_delivered, Then::Continue);
        listeners.listen("countersign:delivery-failed", callbacks.delivery_failed, read_delivery_failed, Then::Continue);
        listeners.listen("countersign:ready", callbacks.ready, read_ready, Then::Continue);
        listeners
    }

    fn listen<T: 'static>(&mut self, name: &'static str, callback: Option<Callback<T>>, read: fn(Value<'_>) -> Result<T, Problem>, then: Then) {
        let Some(callback) = callback else { return };
        let read_detail = move |text: String| {
            let tape = Tape::parse(&text).map_err(|error| error.to_string())?;
            read(tape.root()).map_err(|problem| problem.describe())
        };
        let closure = Listener::new(move |event: Event| match detail_of(&event).and_then(read_detail) {
            Ok(value) => {
                // `try_run` because the callback may belong to an owner Leptos has already
                // disposed; the event is cancelled only when the callback was there to take it.
                if callback.try_run(value).is_some() && then == Then::Cancel {
                    event.prevent_default();
                }
            }
            // Not cancelled: a result the host could not be handed stays with the widget.
            Err(problem) => warn(&format!("countersign: skipped a {name} event whose detail did not read: {problem}")),
        });
        match self.host.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref()) {
            Ok(()) => self.added.push((name, closure)),
            Err(error) => web_sys::console::error_2(&JsValue::from_str(&format!("countersign: could not listen for {name}:")), &error),
        }
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        for (name, closure) in self.added.drain(..) {
            let _ = self.host.remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

/// Writes `message` to the browser console as a warning.
pub(super) fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

/// The event's detail as JSON text, through `JSON.stringify`, so that the widget's own reader
/// (with its paths in errors) does the checking.
fn detail_of(event: &Event) -> Result<String, String> {
    let detail = event.dyn_ref::<CustomEvent>().map(CustomEvent::detail).ok_or("not a CustomEvent")?;
    // `JSON.stringify(undefined)` is `undefined`, not a string, hence `as_string`.
    js_sys::JSON::stringify(&detail).ok().and_then(|text| JsValue::from(text).as_string()).ok_or_else(|| "no JSON detail".to_string())
}

/// A status read as a number that fits in `u16`.
fn status_of(fields: &Fields) -> u16 {
    let status = fields.required_count("status").unwrap_or_default();
    u16::try_from(status).unwrap_or_else(|_| {
        fields.report("status", "not an HTTP status");
        0
    })
}

/// Reads `{item_id, idempotency_key, status}`.
fn read_delivered(detail: Value<'_>) -> Result<Delivered, Problem> {
    read(detail, |fields| Delivered { item_id: fields.required_string("item_id"), idempotency_key: fields.required_string("idempotency_key"), status: status_of(fields) })
}

/// Reads `{item_id, idempotency_key, status, error, will_retry, conflict}`.
fn read_delivery_failed(detail: Value<'_>) -> Result<DeliveryFailed, Problem> {
    read(detail, |fields| DeliveryFailed {
        item_id: fields.required_string("item_id"),
        idempotency_key: fields.required_string("idempotency_key"),
        status: status_of(fields),
        error: fields.string("error").unwrap_or_default(),
        will_retry: fields.bool_or("will_retry", false),
        conflict: fields.bool_or("conflict", false),
    })
}

/// Reads `{items}`, the number of valid items.
fn read_ready(detail: Value<'_>) -> Result<usize, Problem> {
    read(detail, |fields| {
        let items = fields.required_count("items").unwrap_or_default();
        usize::try_from(items).unwrap_or_else(|_| {
            fields.report("items", "too large");
            0
        })
    })
}
