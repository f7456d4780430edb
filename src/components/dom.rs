//! Small non-generic helpers for the few places that rebuild DOM on every keystroke (a
//! preview's text and counter). Each `view!` closure is compiled into its own code, so a part
//! that is rebuilt wholesale anyway costs far less wasm written against the DOM once. Text
//! only ever becomes text nodes; attributes are set one by one, never parsed as HTML.

use web_sys::{Document, Element};

/// A new `tag` element with `class` (when not empty) and, when not empty, `text` as its only
/// content.
pub fn element(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

/// Sets attribute `name` (the names used here are all valid, so a failure cannot happen).
pub fn set(element: &Element, name: &str, value: &str) {
    let _ = element.set_attribute(name, value);
}

/// Appends `child` to `parent`, when there is one.
pub fn append(parent: &Element, child: Option<Element>) {
    if let Some(child) = child {
        let _ = parent.append_child(&child);
    }
}
