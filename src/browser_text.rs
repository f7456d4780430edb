//! The browser's Unicode services for the pure counters: NFC through `String.normalize` and
//! grapheme clusters through `Intl.Segmenter`, both free in bytes where Rust would ship tables.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::text::social::graphemes::TextTools;
use crate::text::utf16::ends_in_bytes;

#[wasm_bindgen]
extern "C" {
    /// An `Intl.Segmenter`.
    #[wasm_bindgen(js_namespace = Intl)]
    type Segmenter;

    /// `new Intl.Segmenter(locales, options)`; throws where the browser has no segmenter.
    #[wasm_bindgen(catch, constructor, js_namespace = Intl)]
    fn new(locales: &JsValue, options: &Object) -> Result<Segmenter, JsValue>;

    /// `segmenter.segment(text)`: an iterable of the segments.
    #[wasm_bindgen(method)]
    fn segment(this: &Segmenter, text: &str) -> JsValue;

    /// One segment of [`Segmenter::segment`].
    type Segment;

    /// Where the segment starts, in UTF-16 code units.
    #[wasm_bindgen(method, getter)]
    fn index(this: &Segment) -> u32;
}

/// [`TextTools`] backed by the browser.
pub struct BrowserText;

impl TextTools for BrowserText {
    fn nfc(&self, text: &str) -> String {
        JsString::from(text).normalize("NFC").into()
    }

    fn grapheme_ends(&self, text: &str) -> Vec<usize> {
        match segment_starts(text) {
            Some(starts) => ends_in_bytes(text, &starts),
            None => text.char_indices().map(|(offset, character)| offset + character.len_utf8()).collect(),
        }
    }
}

/// Where each grapheme starts, in UTF-16 code units, from `Intl.Segmenter`; `None` where the
/// browser has none (then each code point counts, which over-counts only combined characters).
fn segment_starts(text: &str) -> Option<Vec<u32>> {
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("granularity"), &JsValue::from_str("grapheme")).ok()?;
    let segmenter = Segmenter::new(&JsValue::UNDEFINED, &options).ok()?;
    let segments = Array::from(&segmenter.segment(text));
    Some(segments.iter().map(|segment| segment.unchecked_into::<Segment>().index()).collect())
}
