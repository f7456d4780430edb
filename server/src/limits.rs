//! How large one ingested item, or one posted result, may be. The request as a whole is capped
//! at 1 MiB (413); these caps keep a single item reviewable and the queue listable, hold a
//! result (made of an item's content) to the item's bounds, and name what is too large.

use countersign::json::Json;
use countersign::model::ItemError;

use crate::json::member_path;

// The bounds themselves live in the widget crate, which refuses a decision whose result would
// break them before it queues it: one set of numbers, so the two cannot drift apart.
pub use countersign::model::{MAX_CHANGES, MAX_DEPTH, MAX_ITEM_BYTES, MAX_LIST_LEN, MAX_TEXT_CHARS};

/// The first limit item `index` (its JSON `text`, `id` when readable) breaks, if any.
pub fn check(index: usize, id: Option<&str>, text: &str) -> Option<ItemError> {
    let path = format!("items[{index}]");
    let error = |path: String, message: String| ItemError { index, item_id: id.map(str::to_string), message: format!("{path}: {message}"), path };
    if text.len() > MAX_ITEM_BYTES {
        return Some(error(path, format!("the item is {} KiB of JSON; an item may be at most {} KiB", text.len().div_ceil(1024), MAX_ITEM_BYTES / 1024)));
    }
    // The widget's own parser, which keeps each number's text: serde_json refuses a number out
    // of f64's range (1e400), and a check that gave up on it let every other limit pass. The
    // item was read by the same parser already, so this cannot fail; if it did, the item is
    // refused rather than let through unchecked.
    let value = match Json::parse(text) {
        Ok(value) => value,
        Err(problem) => return Some(error(path, format!("the item cannot be read as JSON: {problem}"))),
    };
    walk(&value, path, 0, &|_| MAX_LIST_LEN).map(|(path, message)| error(path, message))
}

/// The first limit the result `value` breaks, if any, as `path: what` (`final.body: 125000
/// characters; …`). The same bounds as an item's, `changes` aside; no bound on the whole but
/// the request's, as a result holds its item's text up to four times (original, final, and
/// the diff's runs of both).
pub fn check_result(value: &Json) -> Option<String> {
    let longest = |path: &str| if path == "changes" { MAX_CHANGES } else { MAX_LIST_LEN };
    walk(value, String::new(), 0, &longest).map(|(path, message)| if path.is_empty() { message } else { format!("{path}: {message}") })
}

/// The first value under `value` (at `path`, `depth` levels down) over a limit; the list at a
/// path may have `longest(path)` entries.
fn walk(value: &Json, path: String, depth: usize, longest: &dyn Fn(&str) -> usize) -> Option<(String, String)> {
    match value {
        Json::String(text) => {
            let chars = text.chars().count();
            (chars > MAX_TEXT_CHARS).then(|| (path, format!("{chars} characters; a text may have at most {MAX_TEXT_CHARS}")))
        }
        Json::Array(_) | Json::Object(_) if depth >= MAX_DEPTH => Some((path, format!("nested more than {MAX_DEPTH} levels deep"))),
        Json::Array(list) if list.len() > longest(&path) => {
            let most = longest(&path);
            Some((path, format!("{} entries; a list may have at most {most}", list.len())))
        }
        Json::Array(list) => list.iter().enumerate().find_map(|(at, entry)| walk(entry, format!("{path}[{at}]"), depth + 1, longest)),
        Json::Object(members) if members.len() > MAX_LIST_LEN => Some((path, format!("{} members; an object may have at most {MAX_LIST_LEN}", members.len()))),
        Json::Object(members) => members.iter().find_map(|(name, member)| {
            // A name is a text like any other; the error names the object, since a path
            // holding a name too long to keep would be too long to read.
            let chars = name.chars().count();
            if chars > MAX_TEXT_CHARS {
                return Some((path.clone(), format!("a member name of {chars} characters; a text may have at most {MAX_TEXT_CHARS}")));
            }
            walk(member, member_path(&path, name), depth + 1, longest)
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(body: &str) -> String {
        serde_json::json!({"id": "itm_1", "kind": "email", "draft": {"subject": "Hi", "body": body}}).to_string()
    }

    #[test]
    fn an_item_within_the_limits_passes() {
        assert_eq!(check(0, Some("itm_1"), &email(&"word ".repeat(13_000))), None);
    }

    #[test]
    fn a_text_too_long_is_named_by_its_path() {
        let error = check(2, Some("itm_1"), &email(&"x".repeat(MAX_TEXT_CHARS + 1))).unwrap();
        assert_eq!(error.index, 2);
        assert_eq!(error.item_id.as_deref(), Some("itm_1"));
        assert_eq!(error.path, "items[2].draft.body");
        assert_eq!(error.message, "items[2].draft.body: 100001 characters; a text may have at most 100000");
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        // 60,000 three-byte characters: 180 KB of UTF-8, but within the character limit.
        assert_eq!(check(0, None, &email(&"語".repeat(60_000))), None);
    }

    #[test]
    fn an_item_too_large_is_refused_whole() {
        let text = serde_json::json!({"id": "big", "kind": "message", "draft": {"body": "x"}, "metadata": {"a": "y".repeat(90_000), "b": "y".repeat(90_000), "c": "y".repeat(90_000)}}).to_string();
        let error = check(0, Some("big"), &text).unwrap();
        assert_eq!(error.path, "items[0]");
        assert!(error.message.contains("an item may be at most 256 KiB"), "{}", error.message);
    }

    #[test]
    fn long_lists_and_deep_nesting_are_refused() {
        let leads: Vec<_> = (0..=MAX_LIST_LEN).map(|at| serde_json::json!({"id": format!("l{at}"), "name": "N"})).collect();
        let list = serde_json::json!({"id": "leads", "kind": "lead_list", "leads": leads}).to_string();
        assert_eq!(check(0, None, &list).unwrap().message, "items[0].leads: 1001 entries; a list may have at most 1000");

        let mut deep = serde_json::json!("bottom");
        for _ in 0..40 {
            deep = serde_json::json!({"n": deep});
        }
        let nested = serde_json::json!({"id": "deep", "kind": "message", "draft": {"body": "x"}, "metadata": deep}).to_string();
        let error = check(0, None, &nested).unwrap();
        assert!(error.path.starts_with("items[0].metadata.n.n"), "{}", error.path);
        assert!(error.message.ends_with("nested more than 32 levels deep"));
    }

    #[test]
    fn a_number_out_of_f64_range_does_not_switch_the_limits_off() {
        // Regression: the check parsed the item with serde_json, which refuses 1e400, and took
        // the failure for "no limit broken": a 150,000-character body, 60-deep nesting and
        // 5,000-entry lists all passed next to such a number.
        let with_huge_number = |rest: &str| format!(r#"{{"id":"n","kind":"message","draft":{{"body":"x"}},"metadata":{{"x":1e400,"rest":{rest}}}}}"#);
        let long = with_huge_number(&serde_json::json!("y".repeat(150_000)).to_string());
        let deep = with_huge_number(&format!("{}1{}", "[".repeat(60), "]".repeat(60)));
        let wide = with_huge_number(&format!("[{}]", vec!["0"; 5_000].join(",")));

        assert_eq!(check(0, None, &long).unwrap().path, "items[0].metadata.rest");
        assert!(check(0, None, &deep).unwrap().message.ends_with("nested more than 32 levels deep"));
        assert_eq!(check(0, None, &wide).unwrap().message, "items[0].metadata.rest: 5000 entries; a list may have at most 1000");
        assert_eq!(check(0, None, &with_huge_number("1e-400")), None, "the number itself breaks no limit");
    }

    #[test]
    fn an_object_s_members_count_as_entries_and_their_names_as_texts() {
        // Regression: only lists and string values were counted, so an object with 5,000
        // members (`variants`, which the limits name, is one) or a member name of 150,000
        // characters passed every limit.
        let with_metadata = |metadata: String| format!(r#"{{"id":"m","kind":"message","draft":{{"body":"x"}},"metadata":{metadata}}}"#);
        let wide = with_metadata(format!("{{{}}}", (0..5_000).map(|at| format!("\"k{at}\":0")).collect::<Vec<_>>().join(",")));
        let error = check(0, Some("m"), &wide).unwrap();
        assert_eq!((error.path.as_str(), error.message.as_str()), ("items[0].metadata", "items[0].metadata: 5000 members; an object may have at most 1000"));

        let long_name = with_metadata(serde_json::json!({"y".repeat(MAX_TEXT_CHARS + 1): 1}).to_string());
        let error = check(0, Some("m"), &long_name).unwrap();
        assert_eq!(error.path, "items[0].metadata", "the object, not a path holding the whole name");
        assert_eq!(error.message, "items[0].metadata: a member name of 100001 characters; a text may have at most 100000");

        let at_the_limits = with_metadata(format!("{{{}}}", (0..MAX_LIST_LEN).map(|at| format!("\"{at:0>99}{}\":0", if at == 0 { "z".repeat(MAX_TEXT_CHARS - 99) } else { String::new() })).collect::<Vec<_>>().join(",")));
        assert_eq!(check(0, None, &at_the_limits), None, "1,000 members, one name of 100,000 characters");
    }

    #[test]
    fn a_result_s_diff_alone_may_have_more_runs_than_a_list_has_entries() {
        let runs = |count: usize| Json::Array(vec![Json::object(vec![("op", "equal".into()), ("text", "a ".into())]); count]);
        let result = |member: &str, value: Json| Json::object(vec![("changes", runs(1)), (member, value)]);
        assert_eq!(check_result(&result("changes", runs(MAX_CHANGES))), None);
        assert_eq!(check_result(&result("changes", runs(MAX_CHANGES + 1))).as_deref(), Some("changes: 10001 entries; a list may have at most 10000"));
        let elsewhere = result("metadata", Json::object(vec![("changes", runs(MAX_LIST_LEN + 1))]));
        assert_eq!(check_result(&elsewhere).as_deref(), Some("metadata.changes: 1001 entries; a list may have at most 1000"), "only the result's own diff");
        let wide = Json::Object((0..=MAX_LIST_LEN).map(|at| (format!("k{at}"), Json::Null)).collect());
        assert_eq!(check_result(&wide).as_deref(), Some("1001 members; an object may have at most 1000"), "the result itself has no path");
    }

    #[test]
    fn odd_member_names_are_quoted_in_the_path() {
        let text = serde_json::json!({"id": "m", "kind": "message", "draft": {"body": "x"}, "metadata": {"crm field": "x".repeat(MAX_TEXT_CHARS + 1)}}).to_string();
        assert_eq!(check(0, None, &text).unwrap().path, "items[0].metadata[\"crm field\"]");
    }
}
