//! Dispatching the contract's `countersign:*` events on the host element: `CustomEvent`s
//! that bubble out of the shadow root (`composed`) with a JSON-serialisable `detail`.

use wasm_bindgen::JsValue;

use crate::json::Json;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// Dispatches `name` with `detail_json` parsed as the detail. Returns `false` when a
/// cancelable event had `preventDefault()` called on it.
pub fn emit_json(host: &HtmlElement, name: &str, detail_json: &str, cancelable: bool) -> bool {
    emit_value(host, name, &js_sys::JSON::parse(detail_json).unwrap_or(JsValue::NULL), cancelable)
}

/// Dispatches `name` with `detail` as its detail; for a detail built without JSON text
/// (`countersign:ready`'s, part of every first paint).
pub fn emit_value(host: &HtmlElement, name: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// Dispatches `name` with `detail` as its detail.
pub fn emit(host: &HtmlElement, name: &str, detail: &Json) {
    emit_json(host, name, &detail.to_text(), false);
}
