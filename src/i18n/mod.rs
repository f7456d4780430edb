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

/// Lists the locales once for [`LOCALES`], [`CODES`] and [`JOINED`].
macro_rules! locales {
    ($($code:ident),*) => {
        /// Every locale with its own messages, by language subtag; the first is the fallback.
        /// Read at compile time (and by tests): the widget ships [`JOINED`].
        pub const LOCALES: [(&str, &LocaleTexts); [$(stringify!($code)),*].len()] = [$((stringify!($code), &$code::MESSAGES)),*];
        /// Every locale's language subtag, in [`LOCALES`]' order.
        const CODES: [&str; LOCALES.len()] = [$(stringify!($code)),*];
        /// [`LOCALES`], each locale's messages joined into one string at compile time.
        const JOINED: [(&str, &str); LOCALES.len()] = [$((stringify!($code), messages::joined!($code::MESSAGES))),*];
    };
}

locales!(en, de, es, fr, ja);

/// Each locale's messages, split from their joined text on first use (or, with
/// `split-locales`, as [`load`] took them) and kept.
static SPLIT: [OnceLock<Messages>; LOCALES.len()] = [const { OnceLock::new() }; LOCALES.len()];

/// The locales whose file could not be loaded (with `split-locales`): they speak English from
/// then on.
static UNAVAILABLE: [OnceLock<()>; LOCALES.len()] = [const { OnceLock::new() }; LOCALES.len()];

/// The messages of the locale at `at` in [`LOCALES`], when this build has them: every locale
/// is compiled in, except with the `split-locales` feature (the shipped widget), where only
/// English is and the others wait for [`load`].
fn messages_at(at: usize) -> Option<&'static Messages> {
    #[cfg(feature = "split-locales")]
    return if at == 0 { Some(english()) } else { SPLIT[at].get() };
    #[cfg(not(feature = "split-locales"))]
    Some(SPLIT[at].get_or_init(|| Messages::from_joined(JOINED[at].1)))
}

/// The English messages, the fallback.
pub fn english() -> &'static Messages {
    SPLIT[0].get_or_init(|| Messages::from_joined(JOINED[0].1))
}

/// Every locale but English as the widget's `split-locales` build loads it: its subtag and
/// its messages joined (what `cargo xtask dist` writes to `dist/locales/<code>.txt`).
#[cfg(not(feature = "split-locales"))]
pub fn locale_files() -> Vec<(&'static str, &'static str)> {
    JOINED[1..].to_vec()
}

/// Takes the messages of locale `code` from the text of its file (see [`locale_files`]).
/// False when there is no such locale or the text is not one whole locale (a message for
/// every key, each ended by the separator): nothing is taken then.
pub fn load(code: &str, text: String) -> bool {
    let Some(at) = index_of(code) else { return false };
    if SPLIT[at].get().is_some() {
        return true;
    }
    if !is_whole_locale(&text) {
        return false;
    }
    // Kept for the page's life, as compiled-in messages are: at most one text per locale.
    let text: &'static str = Box::leak(text.into_boxed_str());
    SPLIT[at].get_or_init(|| Messages::from_joined(text));
    true
}

/// Whether `text` is one locale's messages joined: one for every key, each ended by the
/// separator (a page of HTML served in place of a missing file is not).
fn is_whole_locale(text: &str) -> bool {
    text.bytes().filter(|byte| *byte == messages::SEPARATOR).count() == messages::MESSAGE_COUNT && text.ends_with(char::from(messages::SEPARATOR))
}

/// Marks locale `code`'s file as unavailable: it speaks English from then on.
pub fn unavailable(code: &str) {
    if let Some(at) = index_of(code) {
        let _ = UNAVAILABLE[at].set(());
    }
}

/// Where the locale `code` (a language subtag, in any case) is in [`LOCALES`].
fn index_of(code: &str) -> Option<usize> {
    CODES.iter().position(|known| known.eq_ignore_ascii_case(code))
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
    /// A locale whose messages are not loaded yet (with `split-locales`): until they are,
    /// the language speaks English and the widget waits to show itself.
    pub wanted: Option<&'static str>,
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.tag == other.tag && self.code == other.code && self.wanted == other.wanted
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

/// Whether `Intl` writes a whole number below 1,000 in `tag` as plain ASCII digits, so it can
/// be written without asking `Intl`: true for the widget's own languages, unless the tag asks
/// for another numbering system (`-u-nu-…`). Larger numbers are grouped differently in each.
pub fn writes_plain_digits(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    index_of(language).is_some() && !subtags.any(|subtag| subtag.eq_ignore_ascii_case("u"))
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
    let rtl = RIGHT_TO_LEFT.contains(&language.as_str());
    let at = index_of(&language).unwrap_or(0);
    match messages_at(at) {
        Some(messages) => Lang { tag, code: CODES[at], messages, rtl, wanted: None },
        None => Lang { tag, code: CODES[0], messages: english(), rtl, wanted: UNAVAILABLE[at].get().is_none().then_some(CODES[at]) },
    }
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
