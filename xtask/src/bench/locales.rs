//! What the locales beyond English add to the shipped wasm: the module brotli-compressed as it
//! ships, against the same module with the other locales' messages cut out of its data. Since
//! the widget loads those locales from their own files (`dist/locales/`), none should be found:
//! this keeps the row honest should they come back into the module.
//!
//! Each locale ships as one string, its messages each followed by U+001F
//! (`src/i18n/messages.rs`), starting with `review_label`. Its messages are read from
//! `src/i18n/<code>.rs` (`key: "text",` lines), and the string is found in the module by its
//! first message; that it was found whole is checked, by its length and by every message of
//! the locale lying inside it. (Comparing with a second build with English alone, as this did
//! first, measured two different modules: each laid out and compressed on its own, which moved
//! the difference by up to half a KiB from build to build.)

use std::fs;
use std::ops::Range;
use std::path::Path;

/// What ends each message in a locale's string.
const SEPARATOR: u8 = 0x1f;

/// The brotli bytes the messages of every locale but English add to `wasm`, given the
/// `src/i18n` directory and a brotli length function.
pub fn other_locales_bytes(wasm: &[u8], i18n: &Path, brotli_len: impl Fn(&[u8]) -> Result<usize, String>) -> Result<usize, String> {
    let mut spans = Vec::new();
    for code in crate::file_stems(i18n, ".rs").map_err(|error| format!("{}: {error}", i18n.display()))? {
        if code == "en" {
            continue;
        }
        let name = format!("{code}.rs");
        let path = i18n.join(&name);
        let source = fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        // A locale file fills in every message: `pub const MESSAGES: LocaleTexts = …`.
        if !source.contains("MESSAGES: LocaleTexts") {
            continue;
        }
        spans.extend(span_of(wasm, &messages_of(&source)).map_err(|problem| format!("{name}: {problem}"))?);
    }
    if spans.is_empty() {
        return Ok(0);
    }
    spans.sort_by_key(|span| span.start);
    let mut without = Vec::with_capacity(wasm.len());
    let mut at = 0;
    for span in spans {
        without.extend_from_slice(&wasm[at..span.start.max(at)]);
        at = at.max(span.end);
    }
    without.extend_from_slice(&wasm[at..]);
    Ok(brotli_len(wasm)?.saturating_sub(brotli_len(&without)?))
}

/// The messages of a locale file, as (key, text), in the file's order.
fn messages_of(source: &str) -> Vec<(String, String)> {
    source
        .lines()
        .filter_map(|line| {
            let (key, rest) = line.trim().split_once(": \"")?;
            let text = rest.strip_suffix("\",")?;
            key.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_').then(|| (key.to_string(), text.to_string()))
        })
        .collect()
}

/// Where the locale string made of `messages` lies in `wasm`; `None` when it is not there.
fn span_of(wasm: &[u8], messages: &[(String, String)]) -> Result<Option<Range<usize>>, String> {
    let first = messages.iter().find(|(key, _)| key == "review_label").ok_or("no review_label message")?;
    let mut start_marker = first.1.as_bytes().to_vec();
    start_marker.push(SEPARATOR);
    let found: Vec<usize> = wasm.windows(start_marker.len()).enumerate().filter(|(_, window)| *window == start_marker.as_slice()).map(|(at, _)| at).collect();
    let start = match found[..] {
        [] => return Ok(None),
        [start] => start,
        _ => return Err(format!("its first message is in the module {} times, not once", found.len())),
    };
    let len: usize = messages.iter().map(|(_, text)| text.len() + 1).sum();
    let span = start..start + len;
    let string = wasm.get(span.clone()).ok_or("its messages run past the module's end")?;
    if string.iter().filter(|&&byte| byte == SEPARATOR).count() != messages.len() {
        return Err(format!("the module holds it in another shape than {} messages", messages.len()));
    }
    if let Some((key, _)) = messages.iter().find(|(_, text)| !string.split(|&byte| byte == SEPARATOR).any(|part| part == text.as_bytes())) {
        return Err(format!("{key} is not where its locale's other messages are"));
    }
    Ok(Some(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GERMAN: &str = "pub const MESSAGES: LocaleTexts = LocaleTexts {\n    review_label: \"Prüfung\",\n    loading: \"Lädt…\",\n};\n";

    #[test]
    fn messages_are_read_from_a_locale_file() {
        assert_eq!(messages_of(GERMAN), vec![("review_label".into(), "Prüfung".into()), ("loading".into(), "Lädt…".into())]);
    }

    #[test]
    fn the_locale_string_is_found_whole_or_not_at_all() {
        let messages = messages_of(GERMAN);
        let joined = "Prüfung\u{1f}Lädt…\u{1f}";
        let wasm = [b"\0asm code ".as_slice(), joined.as_bytes(), b"more"].concat();
        assert_eq!(span_of(&wasm, &messages), Ok(Some(10..10 + joined.len())));
        assert_eq!(span_of(b"\0asm code", &messages), Ok(None), "not in the module at all");
        let twice = [wasm.as_slice(), joined.as_bytes()].concat();
        assert!(span_of(&twice, &messages).is_err());
        let changed = String::from_utf8(wasm.clone()).unwrap().replace("Lädt…", "Lädt!!");
        assert!(span_of(changed.as_bytes(), &messages).is_err(), "a message that is not there");
        assert!(span_of("Prüfung\u{1f}".as_bytes(), &messages).is_err(), "cut short");
    }

    #[test]
    fn what_the_other_locales_add_is_their_strings_compressed() {
        let dir = std::env::temp_dir().join(format!("countersign-locales-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("de.rs"), GERMAN).unwrap();
        fs::write(dir.join("en.rs"), GERMAN.replace("Prüfung", "Review").replace("Lädt…", "Loading")).unwrap();
        fs::write(dir.join("messages.rs"), "    not_a_locale: \"x\",\n").unwrap();
        let wasm = [b"\0asm Review\x1fLoading\x1f".as_slice(), "Prüfung\u{1f}Lädt…\u{1f}".as_bytes(), b"end"].concat();
        // "Compressed" as the length, so what is cut is exactly what is counted.
        let added = other_locales_bytes(&wasm, &dir, |bytes| Ok(bytes.len()));
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(added, Ok("Prüfung\u{1f}Lädt…\u{1f}".len()));
    }

    #[test]
    fn locales_loaded_from_their_files_add_nothing_to_the_module() {
        let dir = std::env::temp_dir().join(format!("countersign-split-locales-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("de.rs"), GERMAN).unwrap();
        let wasm = b"\0asm Review\x1fLoading\x1fend";
        let added = other_locales_bytes(wasm, &dir, |bytes| Ok(bytes.len()));
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(added, Ok(0));
    }
}
