//! The browser's Unicode services for the pure counters: NFC through `String.normalize` and
//! grapheme clusters through `Intl.Segmenter`, both free in bytes where Rust would ship tables.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::text::social::platform::TextTools;

/// [`TextTools`] backed by the browser.
pub struct BrowserText;

impl TextTools for BrowserText {
    fn nfc(&self, text: &str) -> String {
        JsString::from(text).normalize("NFC").into()
    }

    fn grapheme_ends(&self, text: &str) -> Vec<usize> {
        segmented(text).unwrap_or_else(|| text.char_indices().map(|(offset, character)| offset + character.len_utf8()).collect())
    }
}

/// Grapheme ends from `Intl.Segmenter`; `None` where the browser has none (then each code
/// point counts, which over-counts only combined characters).
fn segmented(text: &str) -> Option<Vec<usize>> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("Segmenter")).ok()?.dyn_into().ok()?;
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("granularity"), &JsValue::from_str("grapheme")).ok()?;
    let segmenter = Reflect::construct(&constructor, &Array::of2(&JsValue::UNDEFINED, &options)).ok()?;
    let segment: js_sys::Function = Reflect::get(&segmenter, &JsValue::from_str("segment")).ok()?.dyn_into().ok()?;
    let segments = segment.call1(&segmenter, &JsValue::from_str(text)).ok()?;
    let mut ends = Vec::new();
    let mut end = 0;
    for item in js_sys::try_iter(&segments).ok()??.flatten() {
        end += Reflect::get(&item, &JsValue::from_str("segment")).ok()?.as_string()?.len();
        ends.push(end);
    }
    Some(ends)
}
