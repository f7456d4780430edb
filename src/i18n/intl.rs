//! Numbers, counts and times in the widget's language, through the browser's `Intl`.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::{fill, Lang};

#[wasm_bindgen]
extern "C" {
    /// `Intl.getCanonicalLocales(tag)`, which throws a RangeError for a tag `Intl` refuses.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = getCanonicalLocales)]
    fn canonical_locales(tag: &str) -> Result<JsValue, JsValue>;

    /// An `Intl.NumberFormat`.
    #[wasm_bindgen(js_namespace = Intl)]
    type NumberFormat;

    /// `new Intl.NumberFormat(tag)`.
    #[wasm_bindgen(catch, constructor, js_namespace = Intl)]
    fn new(tag: &str) -> Result<NumberFormat, JsValue>;

    /// `format.format(n)`.
    #[wasm_bindgen(method)]
    fn format(this: &NumberFormat, n: f64) -> String;
}

thread_local! {
    /// The number format of the last language asked for: `Number.toLocaleString` builds one
    /// on every call, which cost a tenth of a millisecond of the first paint's one.
    static NUMBERS: std::cell::RefCell<Option<(String, NumberFormat)>> = const { std::cell::RefCell::new(None) };
}

/// Whether the browser's `Intl` takes `tag`: the shape check in [`super::is_language_tag`]
/// lets through tags such as `en-x` or `de-DE-1996-1996` that `Intl` throws on, and a page's
/// `lang` can be anything.
pub fn intl_accepts(tag: &str) -> bool {
    canonical_locales(tag).is_ok()
}

impl Lang {
    /// `n` as the language writes it (`1.234` in German, `1,234` in English).
    pub fn number(&self, n: f64) -> String {
        // Positions, counts and percentages are nearly always small: no call into `Intl`.
        if (0.0..1000.0).contains(&n) && n.fract() == 0.0 && super::writes_plain_digits(&self.tag) {
            return (n as u32).to_string();
        }
        NUMBERS.with_borrow_mut(|numbers| {
            if numbers.as_ref().is_none_or(|(tag, _)| *tag != self.tag) {
                *numbers = NumberFormat::new(&self.tag).ok().map(|format| (self.tag.clone(), format));
            }
            match numbers {
                Some((_, format)) => format.format(n),
                None => String::from(js_sys::Number::from(n).to_locale_string(&self.tag)),
            }
        })
    }

    /// `message`'s plural form for `n`, with `{n}` filled in as a number.
    pub fn count(&self, message: &'static str, n: usize) -> String {
        fill(self.plural(message, n as u64), &[("n", &self.number(n as f64))])
    }

    /// A fraction from 0 to 1 as a whole percentage (`72 %` in French).
    pub fn percent(&self, fraction: f64) -> String {
        fill(self.messages.percent(), &[("n", &self.number((fraction * 100.0).round()))])
    }

    /// The time of day of `ms` (milliseconds since the epoch), hours and minutes.
    pub fn time(&self, ms: f64) -> String {
        let options = js_sys::Object::new();
        for (name, value) in [("hour", "numeric"), ("minute", "2-digit")] {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(name), &JsValue::from_str(value));
        }
        String::from(js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_time_string_with_options(&self.tag, &options))
    }
}
