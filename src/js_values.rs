//! Values a host hands over from JS, read without trusting their type: their JSON text, the
//! headers in them, and what a thrown value says.

use wasm_bindgen::{JsCast, JsValue};

/// `value` as JSON text; empty when it has none (`undefined`, a function, a symbol, a cycle,
/// a BigInt).
pub fn json_text(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).ok().and_then(|text| text.as_string()).unwrap_or_default()
}

/// Headers as JSON text of one object, for [`crate::config::parse_headers`]: a plain object
/// as it is, and a `Headers`, a `Map` or an array of pairs as the object of their entries.
pub fn headers_json(value: &JsValue) -> String {
    let iterable = value.is_object() && js_sys::Reflect::has(value, &js_sys::Symbol::iterator()).unwrap_or(false);
    match iterable.then(|| js_sys::Object::from_entries(value).ok()).flatten() {
        Some(object) => json_text(&object),
        None => json_text(value),
    }
}

/// What a thrown or rejected value says: an `Error`'s message, a string, or its JSON text
/// (empty when it has none, as `undefined`).
pub fn error_text(error: &JsValue) -> String {
    error.dyn_ref::<js_sys::Error>().and_then(|error| error.message().as_string()).or_else(|| error.as_string()).unwrap_or_else(|| json_text(error))
}
