//! The widget's languages: which messages to show, which plural form, which direction.
//!
//! The `locale` attribute (a BCP 47 tag) wins, then the page's `lang`, then English. A tag
//! whose language has a message file (`en`, `de`, `es`, `fr`, `ja`) gets it; any other gets
//! the English messages, while numbers and dates still follow the tag through `Intl` and a
//! right-to-left language (Arabic, Hebrew…) still lays the widget out right to left.
//!
//! Adding a locale is adding a file: copy `en.rs` to `xx.rs`, translate every message, and
//! list it in the `locales!` line (and as a `mod`).

mod de;
mod en;
mod es;
mod fr;
mod ja;
mod messages;

use std::sync::OnceLock;
#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(target_arch = "wasm32")]
pub use intl::intl_accepts;

pub use messages::{LocaleTexts, Messages};

/// Lists the locales once for [`LOCALES`] and [`JOINED`].
macro_rules! locales {
    ($($code:ident),*) => {
        /// Every locale with its own messages, by language subtag; the first is the fallback.
        /// Read at compile time (and by tests): the widget ships [`JOINED`].
        pub const LOCALES: [(&str, &LocaleTexts); [$(stringify!($code)),*].len()] = [$((stringify!($code), &$code::MESSAGES)),*];
        /// [`LOCALES`], each locale's messages joined into one string at compile time.
        const JOINED: [(&str, &str); LOCALES.len()] = [$((stringify!($code), messages::joined!($code::MESSAGES))),*];
    };
}

locales!(en, de, es, fr, ja);

/// The messages of the locale at `at` in [`JOINED`], split on first use and kept.
fn messages_at(at: usize) -> &'static Messages {
    static SPLIT: [OnceLock<Messages>; LOCALES.len()] = [const { OnceLock::new() }; LOCALES.len()];
    SPLIT[at].get_or_init(|| Messages::from_joined(JOINED[at].1))
}

/// The English messages, the fallback.
pub fn english() -> &'static Messages {
    messages_at(0)
}

/// Languages written right to left.
const RIGHT_TO_LEFT: [&str; 10] = ["ar", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "ug", "ur"];

/// The language the widget speaks.
#[derive(Clone)]
pub struct Lang {
    /// The BCP 47 tag numbers and dates are formatted for (`de-AT`, `ar`…).
    pub tag: String,
    /// The language whose messages are shown (`de`; `en` for a language without a file).
    pub code: &'static str,
    /// The messages.
    pub messages: &'static Messages,
    /// Whether the language is written right to left.
    pub rtl: bool,
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.tag == other.tag && self.code == other.code
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "Lang({}, messages {})", self.tag, self.code)
    }
}

impl Default for Lang {
    fn default() -> Lang {
        resolve(None, None)
    }
}

/// Whether `tag` is shaped like a BCP 47 language tag: a 2–3 letter language (or 4–8 for a
/// registered one), then subtags of 1–8 letters or digits. A first filter: in the browser the
/// element also asks `Intl` itself (`intl_accepts`), which refuses some tags of this shape.
pub fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.bytes().all(|byte| byte.is_ascii_alphabetic())
        && subtags.all(|subtag| (1..=8).contains(&subtag.len()) && subtag.bytes().all(|byte| byte.is_ascii_alphanumeric()))
}

/// The language for a `locale` attribute and the page's `lang`, whichever is the first usable
/// tag (`_` is read as `-`); English when neither is.
pub fn resolve(locale: Option<&str>, page_lang: Option<&str>) -> Lang {
    resolve_with(locale, page_lang, &|_| true)
}

/// [`resolve`], where a tag is usable only if `accepts` also takes it (in the browser: `Intl`,
/// which refuses some tags of the right shape).
pub fn resolve_with(locale: Option<&str>, page_lang: Option<&str>, accepts: &dyn Fn(&str) -> bool) -> Lang {
    let tag = [locale, page_lang]
        .into_iter()
        .flatten()
        .map(|tag| tag.trim().replace('_', "-"))
        .find(|tag| is_language_tag(tag) && accepts(tag))
        .unwrap_or_else(|| "en".to_string());
    let language = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
    let at = JOINED.iter().position(|(code, _)| *code == language).unwrap_or(0);
    Lang { rtl: RIGHT_TO_LEFT.contains(&language.as_str()), tag, code: JOINED[at].0, messages: messages_at(at) }
}

impl Lang {
    /// The form of `message` for the count `n`: its forms are `one|other`, chosen by the
    /// plural rule of the messages' language (CLDR, for whole numbers).
    pub fn plural(&self, message: &'static str, n: u64) -> &'static str {
        let one = match self.code {
            // French counts 0 as singular too.
            "fr" => n <= 1,
            "ja" => false,
            _ => n == 1,
        };
        let mut forms = message.split('|');
        let first = forms.next().unwrap_or_default();
        match forms.next() {
            Some(other) if !one => other,
            _ => first,
        }
    }
}

/// `template` with every `{name}` replaced by its value from `values`; unknown names stay.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)).and_then(|(name, close)| values.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value, close))) {
            Some((value, close)) => {
                filled.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                filled.push('{');
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

#[cfg(test)]
mod tests;
