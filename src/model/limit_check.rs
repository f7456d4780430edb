//! Whether an item or a result keeps within the size limits ([`super::limits`]): one walk,
//! run by the widget on every item it reads and every result it builds, and by the reference
//! server on every item it ingests and every result posted to it, so that what the widget
//! accepts the server stores.

use crate::json::{Json, Value};

use super::limits::{chars_over, MAX_CHANGES, MAX_DEPTH, MAX_ITEM_BYTES, MAX_LIST_LEN, MAX_TEXT_CHARS};
use super::validate::ItemError;

/// The first limit item `index` (its JSON `value`, with `id`) breaks, if any, as the error
/// listing it: `items[2].draft.body: 125000 characters; a text may have at most 100000`.
pub fn item_over_limits(index: usize, id: &str, value: Value<'_>) -> Option<ItemError> {
    if let Some(error) = item_over_size(index, id, value.text_len(), || value.compact_len()) {
        return Some(error);
    }
    if within(value) {
        return None;
    }
    walk(value, &At::Item(index), 0, MAX_LIST_LEN).map(|(path, message)| item_error(index, id, path, message))
}

/// Item `index` (with `id`) as the error listing it, when its JSON is over [`MAX_ITEM_BYTES`]:
/// `bytes` is its text's length and `compact` counts it without the whitespace between its
/// tokens, which is what is held to the limit (an item pretty-printed in a page's inline
/// script or an `items-url` answer is what it is, not how it was laid out); only a text over
/// the limit is counted so. The server holds an item it stores to the limit with this too.
pub fn item_over_size(index: usize, id: &str, bytes: usize, compact: impl FnOnce() -> usize) -> Option<ItemError> {
    let bytes = if bytes > MAX_ITEM_BYTES { compact() } else { bytes };
    (bytes > MAX_ITEM_BYTES).then(|| {
        let message = format!("the item is {} KiB of JSON; an item may be at most {} KiB", bytes.div_ceil(1024), MAX_ITEM_BYTES / 1024);
        item_error(index, id, At::Item(index).text(), message)
    })
}

/// The error listing item `index` (with `id`) for `message` about the value at `path`.
fn item_error(index: usize, id: &str, path: String, message: String) -> ItemError {
    ItemError { index, item_id: Some(id.to_string()), message: format!("{path}: {message}"), path }
}

/// The first limit the result `value` (its JSON) breaks, if any, as `path: what`
/// (`final.body: 125000 characters; …`). The same bounds as an item's, but the result's own
/// `changes` may have [`MAX_CHANGES`] runs; its size as a whole is the request's
/// ([`super::limits::MAX_REQUEST_BYTES`]), which the caller measures on the text it sends.
pub fn result_over_limits(value: Value<'_>) -> Option<String> {
    if within(value) {
        return None;
    }
    walk(value, &At::Result, 0, MAX_LIST_LEN).map(|(path, message)| if path.is_empty() { message } else { format!("{path}: {message}") })
}

/// The first limit the `reviewer` a host set breaks, if any, as `reviewer.name: what`: the
/// reviewer rides in every result, so one over a limit would make every decision unsendable.
/// Walked as the result's member it will be, a level down (no quick check first: its depth
/// counts from the result, and a reviewer is small).
pub fn reviewer_over_limits(value: Value<'_>) -> Option<String> {
    walk(value, &At::Key(&At::Result, "reviewer"), 1, MAX_LIST_LEN).map(|(path, message)| format!("{path}: {message}"))
}

/// Whether `value` is surely within every limit, found in one pass over the tape: most items
/// and results are, and only the others are walked value by value, which is about ten times
/// slower. Never true of a value the walk would find over a limit (a text's bytes are at least
/// its characters; a result's `changes` may be longer than a list, so a result with over
/// 1,000 runs is walked).
fn within(value: Value<'_>) -> bool {
    let extent = value.extent();
    extent.depth <= MAX_DEPTH && extent.entries <= MAX_LIST_LEN && extent.text <= MAX_TEXT_CHARS
}

/// The path of the member `name` of the value at `path`: `path.name`, or `path["name"]` when
/// the name is not a plain identifier; at the top (`path` empty) `name` or `["name"]`.
pub fn member_path(path: &str, name: &str) -> String {
    let plain = !name.is_empty() && name.chars().all(|char| char.is_ascii_alphanumeric() || char == '_');
    match (plain, path.is_empty()) {
        (true, true) => name.to_string(),
        (true, false) => format!("{path}.{name}"),
        (false, _) => format!("{path}[{}]", Json::from(name).to_text()),
    }
}

/// Where a value is, written out only for the one over a limit: a queue of a thousand items
/// has tens of thousands of values, and writing each one's path would cost more than looking
/// at it.
enum At<'a> {
    /// Item `index` of a batch: `items[2]`.
    Item(usize),
    /// A result itself, which has no path.
    Result,
    /// The member `name` of the object at the path.
    Key(&'a At<'a>, &'a str),
    /// Element `index` of the list at the path.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn text(&self) -> String {
        match self {
            At::Item(index) => format!("items[{index}]"),
            At::Result => String::new(),
            At::Key(parent, name) => member_path(&parent.text(), name),
            At::Index(parent, index) => format!("{}[{index}]", parent.text()),
        }
    }
}

/// The first value under `value` (at `at`, `depth` levels down) over a limit, with its path
/// and what is wrong; a list there may have `longest` entries. A list or object too long is
/// named before anything inside it, which is walked in the same pass as it is counted.
fn walk(value: Value<'_>, at: &At<'_>, depth: usize, longest: usize) -> Option<(String, String)> {
    let nested = || Some((at.text(), format!("nested more than {MAX_DEPTH} levels deep")));
    if let Some(elements) = value.elements() {
        if depth >= MAX_DEPTH {
            return nested();
        }
        let (mut count, mut first) = (0, None);
        for element in elements {
            if first.is_none() {
                first = walk(element, &At::Index(at, count), depth + 1, MAX_LIST_LEN);
            }
            count += 1;
        }
        if count > longest {
            return Some((at.text(), format!("{count} entries; a list may have at most {longest}")));
        }
        return first;
    }
    if let Some(members) = value.members() {
        if depth >= MAX_DEPTH {
            return nested();
        }
        let (mut count, mut first) = (0, None);
        for (name, member) in members {
            count += 1;
            if first.is_some() {
                continue;
            }
            // A name is a text like any other; the error names the object, since a path
            // holding a name too long to keep would be too long to read.
            if let Some(over) = chars_over(&name) {
                first = Some((at.text(), format!("a member name of {} characters; a text may have at most {MAX_TEXT_CHARS}", MAX_TEXT_CHARS + over)));
                continue;
            }
            // A word-level diff has up to three runs per word changed: the result's own
            // `changes` may be longer than any other list.
            let longest = if matches!(at, At::Result) && name == "changes" { MAX_CHANGES } else { MAX_LIST_LEN };
            first = walk(member, &At::Key(at, &name), depth + 1, longest);
        }
        if count > MAX_LIST_LEN {
            return Some((at.text(), format!("{count} members; an object may have at most {MAX_LIST_LEN}")));
        }
        return first;
    }
    // A string's text has at least as many bytes as it has characters: a short one is not
    // decoded, nor counted.
    if value.text_len() > MAX_TEXT_CHARS
        && let Some(over) = value.as_str().and_then(|text| chars_over(&text))
    {
        return Some((at.text(), format!("{} characters; a text may have at most {MAX_TEXT_CHARS}", MAX_TEXT_CHARS + over)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Tape;

    /// The limit the item `text`, at `index` of a batch, breaks.
    fn check(index: usize, id: &str, text: &str) -> Option<ItemError> {
        item_over_limits(index, id, Tape::parse(text).unwrap().root())
    }

    /// The limit the result `value` breaks.
    fn result_over_limits_json(value: &Json) -> Option<String> {
        result_over_limits(Tape::parse(&value.to_text()).unwrap().root())
    }

    fn email(body: &str) -> String {
        Json::object(vec![("id", "itm_1".into()), ("kind", "email".into()), ("draft", Json::object(vec![("subject", "Hi".into()), ("body", body.into())]))]).to_text()
    }

    #[test]
    fn an_item_within_the_limits_passes() {
        assert_eq!(check(0, "itm_1", &email(&"word ".repeat(13_000))), None);
    }

    #[test]
    fn a_text_too_long_is_named_by_its_path() {
        let error = check(2, "itm_1", &email(&"x".repeat(MAX_TEXT_CHARS + 1))).unwrap();
        assert_eq!(error.index, 2);
        assert_eq!(error.item_id.as_deref(), Some("itm_1"));
        assert_eq!(error.path, "items[2].draft.body");
        assert_eq!(error.message, "items[2].draft.body: 100001 characters; a text may have at most 100000");
    }

    #[test]
    fn characters_are_counted_not_bytes_and_escapes_as_the_character_they_stand_for() {
        // 60,000 three-byte characters: 180 KB of UTF-8, but within the character limit.
        assert_eq!(check(0, "j", &email(&"語".repeat(60_000))), None);
        // 100,000 characters written as 600,000 bytes of escapes, then one more.
        let escaped = |count: usize| format!(r#"{{"id":"e","kind":"message","draft":{{"body":"x"}},"metadata":{{"m":"{}"}}}}"#, "\\n".repeat(count));
        assert_eq!(check(0, "e", &escaped(MAX_TEXT_CHARS)), None);
        assert_eq!(check(0, "e", &escaped(MAX_TEXT_CHARS + 1)).unwrap().message, "items[0].metadata.m: 100001 characters; a text may have at most 100000");
    }

    #[test]
    fn an_item_too_large_is_refused_whole() {
        let metadata = Json::object(vec![("a", "y".repeat(90_000).into()), ("b", "y".repeat(90_000).into()), ("c", "y".repeat(90_000).into())]);
        let text = Json::object(vec![("id", "big".into()), ("kind", "message".into()), ("draft", Json::object(vec![("body", "x".into())])), ("metadata", metadata)]).to_text();
        let error = check(0, "big", &text).unwrap();
        assert_eq!(error.path, "items[0]");
        assert_eq!(error.message, "items[0]: the item is 264 KiB of JSON; an item may be at most 256 KiB");
    }

    #[test]
    fn an_item_is_measured_without_the_whitespace_it_was_laid_out_with() {
        // Bug: an item pretty-printed in a page's inline script (or an `items-url` answer)
        // was held to 256 KiB with its indentation counted, and listed as over the limit
        // while the same item sent compact was within it.
        let metadata: Vec<String> = (0..200).map(|at| format!("    \"k{at}\": \"{}\"", "y".repeat(1_000))).collect();
        let laid_out = |indent: usize| {
            let pad = " ".repeat(indent);
            let fields = metadata.iter().map(|field| format!("{pad}{field}")).collect::<Vec<_>>().join(",\n");
            format!("{{\n  \"id\": \"pretty\",\n  \"kind\": \"message\",\n  \"draft\": {{ \"body\": \"x\" }},\n  \"metadata\": {{\n{fields}\n  }}\n}}")
        };
        // About 203 KB compact, over 256 KiB with 300 spaces before each member.
        let pretty = laid_out(300);
        assert!(pretty.len() > MAX_ITEM_BYTES);
        assert_eq!(check(0, "pretty", &pretty), None);
        // Whitespace inside a string is text, and counts.
        let spaced = pretty.replacen(&"y".repeat(1_000), &" ".repeat(70_000), 1);
        assert_eq!(check(0, "pretty", &spaced).unwrap().message, "items[0]: the item is 265 KiB of JSON; an item may be at most 256 KiB");
    }

    #[test]
    fn long_lists_and_deep_nesting_are_refused() {
        let leads = (0..=MAX_LIST_LEN).map(|at| format!(r#"{{"id":"l{at}","name":"N"}}"#)).collect::<Vec<_>>().join(",");
        let list = format!(r#"{{"id":"leads","kind":"lead_list","leads":[{leads}]}}"#);
        assert_eq!(check(0, "leads", &list).unwrap().message, "items[0].leads: 1001 entries; a list may have at most 1000");

        let deep = format!(r#"{{"id":"deep","kind":"message","draft":{{"body":"x"}},"metadata":{}"bottom"{}}}"#, r#"{"n":"#.repeat(40), "}".repeat(40));
        let error = check(0, "deep", &deep).unwrap();
        assert!(error.path.starts_with("items[0].metadata.n.n"), "{}", error.path);
        assert!(error.message.ends_with("nested more than 32 levels deep"));
    }

    #[test]
    fn each_limit_holds_up_to_its_bound_and_breaks_one_past_it() {
        let result = |text: String| result_over_limits(Tape::parse(&text).unwrap().root());
        let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        assert_eq!(result(nested(MAX_DEPTH)), None);
        assert_eq!(result(nested(MAX_DEPTH + 1)), Some(format!("{}: nested more than 32 levels deep", "[0]".repeat(MAX_DEPTH))));
        let list = |entries: usize| format!(r#"{{"reasons":[{}]}}"#, vec!["0"; entries].join(","));
        assert_eq!(result(list(MAX_LIST_LEN)), None);
        assert_eq!(result(list(MAX_LIST_LEN + 1)).as_deref(), Some("reasons: 1001 entries; a list may have at most 1000"));
        let text = |chars: usize| format!(r#"{{"comment":"{}"}}"#, "é".repeat(chars));
        assert_eq!(result(text(MAX_TEXT_CHARS)), None);
        assert_eq!(result(text(MAX_TEXT_CHARS + 1)).as_deref(), Some("comment: 100001 characters; a text may have at most 100000"));
    }

    #[test]
    fn a_number_out_of_f64_range_does_not_switch_the_limits_off() {
        // Regression: the server's check parsed the item with serde_json, which refuses 1e400,
        // and took the failure for "no limit broken": a 150,000-character body, 60-deep
        // nesting and 5,000-entry lists all passed next to such a number.
        let with_huge_number = |rest: &str| format!(r#"{{"id":"n","kind":"message","draft":{{"body":"x"}},"metadata":{{"x":1e400,"rest":{rest}}}}}"#);
        let long = with_huge_number(&format!("\"{}\"", "y".repeat(150_000)));
        let deep = with_huge_number(&format!("{}1{}", "[".repeat(60), "]".repeat(60)));
        let wide = with_huge_number(&format!("[{}]", vec!["0"; 5_000].join(",")));

        assert_eq!(check(0, "n", &long).unwrap().path, "items[0].metadata.rest");
        assert!(check(0, "n", &deep).unwrap().message.ends_with("nested more than 32 levels deep"));
        assert_eq!(check(0, "n", &wide).unwrap().message, "items[0].metadata.rest: 5000 entries; a list may have at most 1000");
        assert_eq!(check(0, "n", &with_huge_number("1e-400")), None, "the number itself breaks no limit");
    }

    #[test]
    fn an_object_s_members_count_as_entries_and_their_names_as_texts() {
        // Regression: only lists and string values were counted, so an object with 5,000
        // members (`variants`, which the limits name, is one) or a member name of 150,000
        // characters passed every limit.
        let with_metadata = |metadata: String| format!(r#"{{"id":"m","kind":"message","draft":{{"body":"x"}},"metadata":{metadata}}}"#);
        let wide = with_metadata(format!("{{{}}}", (0..5_000).map(|at| format!("\"k{at}\":0")).collect::<Vec<_>>().join(",")));
        let error = check(0, "m", &wide).unwrap();
        assert_eq!((error.path.as_str(), error.message.as_str()), ("items[0].metadata", "items[0].metadata: 5000 members; an object may have at most 1000"));

        let long_name = with_metadata(format!("{{\"{}\":1}}", "y".repeat(MAX_TEXT_CHARS + 1)));
        let error = check(0, "m", &long_name).unwrap();
        assert_eq!(error.path, "items[0].metadata", "the object, not a path holding the whole name");
        assert_eq!(error.message, "items[0].metadata: a member name of 100001 characters; a text may have at most 100000");

        let at_the_limits = with_metadata(format!("{{{}}}", (0..MAX_LIST_LEN).map(|at| format!("\"{at:0>99}{}\":0", if at == 0 { "z".repeat(MAX_TEXT_CHARS - 99) } else { String::new() })).collect::<Vec<_>>().join(",")));
        assert_eq!(check(0, "m", &at_the_limits), None, "1,000 members, one name of 100,000 characters");
    }

    #[test]
    fn a_result_s_diff_alone_may_have_more_runs_than_a_list_has_entries() {
        let runs = |count: usize| Json::Array(vec![Json::object(vec![("op", "equal".into()), ("text", "a ".into())]); count]);
        let result = |member: &str, value: Json| Json::object(vec![("changes", runs(1)), (member, value)]);
        assert_eq!(result_over_limits_json(&result("changes", runs(MAX_CHANGES))), None);
        assert_eq!(result_over_limits_json(&result("changes", runs(MAX_CHANGES + 1))).as_deref(), Some("changes: 10001 entries; a list may have at most 10000"));
        let elsewhere = result("metadata", Json::object(vec![("changes", runs(MAX_LIST_LEN + 1))]));
        assert_eq!(result_over_limits_json(&elsewhere).as_deref(), Some("metadata.changes: 1001 entries; a list may have at most 1000"), "only the result's own diff");
        let wide = Json::Object((0..=MAX_LIST_LEN).map(|at| (format!("k{at}"), Json::Null)).collect());
        assert_eq!(result_over_limits_json(&wide).as_deref(), Some("1001 members; an object may have at most 1000"), "the result itself has no path");
        let reasons = Json::object(vec![("reasons", Json::Array(vec!["tone".into(); MAX_LIST_LEN + 1]))]);
        assert_eq!(result_over_limits_json(&reasons).as_deref(), Some("reasons: 1001 entries; a list may have at most 1000"));
    }

    #[test]
    fn odd_member_names_are_quoted_in_the_path() {
        let text = format!(r#"{{"id":"m","kind":"message","draft":{{"body":"x"}},"metadata":{{"crm field":"{}"}}}}"#, "x".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(check(0, "m", &text).unwrap().path, "items[0].metadata[\"crm field\"]");
        assert_eq!(member_path("", "a b"), "[\"a b\"]");
        assert_eq!(member_path("", "final"), "final");
    }
}
