//! Strings handed to the DOM, decoded once: a `&'static str` (a tag, an attribute's name or
//! fixed value, a class, a message) becomes a JS string the first time it is used and is kept,
//! so building a view does not decode the same few hundred bytes again for every element.
//! The DOM calls here take JS strings and cannot throw for the names the views use, so they
//! are bound without wasm-bindgen's exception wrapper.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

#[wasm_bindgen]
extern "C" {
    /// A document or an element, seen through the calls below.
    type Dom;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element_js(this: &Dom, tag: &JsValue) -> Element;
    #[wasm_bindgen(method, js_name = createTextNode)]
    fn create_text_js(this: &Dom, text: &JsValue) -> Node;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute_js(this: &Dom, name: &JsValue, value: &JsValue);
    #[wasm_bindgen(method, js_name = appendChild)]
    fn append_child_js(this: &Dom, child: &Node);
    #[wasm_bindgen(method, js_name = removeAttribute)]
    fn remove_attribute_js(this: &Dom, name: &JsValue);
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_listener_js(this: &Dom, event: &JsValue, listener: &js_sys::Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_listener_js(this: &Dom, event: &JsValue, listener: &js_sys::Function);
    #[wasm_bindgen(method, setter, js_name = defaultValue)]
    fn set_default_value_js(this: &Dom, value: &str);
}

thread_local! {
    /// JS strings by the address and length of the `&'static str` they were made from, sorted.
    static DECODED: RefCell<Vec<((usize, usize), JsValue)>> = const { RefCell::new(Vec::new()) };
    static DOCUMENT: Option<Document> = web_sys::window().and_then(|window| window.document());
}

/// The JS string of `text`, decoded once for the module's life.
pub fn js(text: &'static str) -> JsValue {
    let key = (text.as_ptr() as usize, text.len());
    DECODED.with(|decoded| {
        let mut decoded = decoded.borrow_mut();
        match decoded.binary_search_by_key(&key, |(probe, _)| *probe) {
            Ok(at) => decoded[at].1.clone(),
            Err(at) => {
                let value = JsValue::from_str(text);
                decoded.insert(at, (key, value.clone()));
                value
            }
        }
    })
}

/// The page's document.
pub fn document() -> Option<Document> {
    DOCUMENT.with(Clone::clone)
}

/// A new `tag` element.
pub fn create_element(document: &Document, tag: &'static str) -> Element {
    document.unchecked_ref::<Dom>().create_element_js(&js(tag))
}

/// A new text node holding `text`.
pub fn create_text(document: &Document, text: &JsValue) -> Node {
    document.unchecked_ref::<Dom>().create_text_js(text)
}

/// Appends `child` to `parent` (a node the views built, never an ancestor of `parent`).
pub fn append(parent: &Node, child: &Node) {
    parent.unchecked_ref::<Dom>().append_child_js(child);
}

/// Sets attribute `name` to `value`.
pub fn set_attribute(element: &Element, name: &'static str, value: &JsValue) {
    element.unchecked_ref::<Dom>().set_attribute_js(&js(name), value);
}

/// Gives a new `field` (an input or a textarea) its first text as its default value, which
/// its value follows until it is edited. Unlike setting `value`, which puts the caret after
/// the last character, this leaves the caret at the start, so focus given to a long draft
/// shows its first line rather than scrolling it to its last.
pub fn set_default_value(field: &Element, value: &str) {
    field.unchecked_ref::<Dom>().set_default_value_js(value);
}

/// Removes attribute `name`.
pub fn remove_attribute(element: &Element, name: &'static str) {
    element.unchecked_ref::<Dom>().remove_attribute_js(&js(name));
}

/// `value` as a JS string; the few values bindings keep setting (`true`, `false`, the empty
/// string of a boolean attribute) decoded once.
pub fn js_value_of(value: &str) -> JsValue {
    match value {
        "true" => js("true"),
        "false" => js("false"),
        "" => js(""),
        _ => JsValue::from_str(value),
    }
}

/// Adds `listener` for `event` on `target`.
pub fn add_listener(target: &web_sys::EventTarget, event: &'static str, listener: &js_sys::Function) {
    target.unchecked_ref::<Dom>().add_listener_js(&js(event), listener);
}

/// Takes `listener` for `event` off `target`.
pub fn remove_listener(target: &web_sys::EventTarget, event: &'static str, listener: &js_sys::Function) {
    target.unchecked_ref::<Dom>().remove_listener_js(&js(event), listener);
}
