//! Reading items from untrusted JSON: every invalid item becomes an [`ItemError`] a person can
//! understand, and every valid item stays reviewable.

use crate::key_map::KeyMap;

use crate::json::{Json, Problem, Tape, Value};

use super::item::{Kind, ReviewItem};
use super::decide::is_json_object;
use super::limit_check::item_over_limits;
use super::read::read_item;

/// The platforms a social post may target.
pub const PLATFORMS: [&str; 6] = ["x", "linkedin", "facebook", "instagram", "threads", "bluesky"];

/// Why one input item was rejected (the `countersign:invalid` event's `errors[]`).
#[derive(Clone, Debug, PartialEq)]
pub struct ItemError {
    /// The item's position in the input.
    pub index: usize,
    /// The item's id, when it had a readable one.
    pub item_id: Option<String>,
    /// Where the problem is, as in `items[2].draft`.
    pub path: String,
    /// What is wrong, for a person: `items[2].draft: required for kind email`.
    pub message: String,
}

impl ItemError {
    /// The error as the `countersign:invalid` event and the server's 422 list it.
    pub fn to_json(&self) -> Json {
        Json::object(vec![("index", self.index.into()), ("item_id", self.item_id.clone().into()), ("path", self.path.clone().into()), ("message", self.message.clone().into())])
    }
}

/// Why the input as a whole could not be read (no item could be looked at).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InputError {
    /// The text is not JSON at all.
    #[error("the items are not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is neither `{"items": [...]}` nor an array.
    #[error("expected {{\"items\": [...]}} or an array of items")]
    NoItems,
}

/// The outcome of reading a batch: the valid items, in input order, and the errors.
#[derive(Debug, Default)]
pub struct ParsedItems {
    /// Valid items, each with its index in the input.
    pub items: Vec<(usize, ReviewItem)>,
    /// One error per invalid item.
    pub errors: Vec<ItemError>,
}

/// Reads `{"items": [...]}` (or a bare array), validating each item on its own.
pub fn parse_items(json: &str) -> Result<ParsedItems, InputError> {
    let tape = Tape::parse(json).map_err(|error| InputError::NotJson(error.to_string()))?;
    parse_items_in(tape.root())
}

/// [`parse_items`] over JSON already parsed, for a reader that looks at the batch itself too.
pub fn parse_items_in(value: Value<'_>) -> Result<ParsedItems, InputError> {
    let raw_items = value.elements().or_else(|| value.get("items").and_then(Value::elements)).ok_or(InputError::NoItems)?;
    let mut parsed = ParsedItems::default();
    let mut first_index_of: KeyMap<usize> = KeyMap::new();
    for (index, raw) in raw_items.enumerate() {
        match parse_item(index, raw) {
            Ok(item) => {
                if let Some(first) = first_index_of.get(&item.id) {
                    parsed.errors.push(error(
                        index,
                        Some(item.id.clone()),
                        &Problem::at("id", format!("duplicate id \"{}\" (first at items[{first}])", item.id)),
                    ));
                    continue;
                }
                first_index_of.insert(item.id.clone(), index);
                parsed.items.push((index, item));
            }
            Err(item_error) => parsed.errors.push(item_error),
        }
    }
    Ok(parsed)
}

/// Reads and checks one item; `index` is its position in the batch. An item over the size
/// limits is invalid too: the server would refuse it, and every result made of it.
pub fn parse_item(index: usize, value: Value<'_>) -> Result<ReviewItem, ItemError> {
    let readable_id = || value.get("id").and_then(Value::as_str).filter(|id| !id.is_empty()).map(|id| id.into_owned());
    let item = read_item(value).map_err(|problem| error(index, readable_id(), &problem))?;
    check_item(&item).map_err(|problem| error(index, Some(item.id.clone()), &problem))?;
    match item_over_limits(index, &item.id, value) {
        Some(over) => Err(over),
        None => Ok(item),
    }
}

/// The rules that span fields. Returns the path below the item and the problem.
fn check_item(item: &ReviewItem) -> Result<(), Problem> {
    let fail = |path: &str, message: String| Err(Problem::at(path, message));
    if item.id.trim().is_empty() {
        return fail("id", "must not be empty".into());
    }
    // The version goes back as `If-Match: "<version>"`: a quote would end it early, and a
    // browser refuses a header with a control character or a letter beyond Latin-1, so the
    // decision could never be sent.
    if item.version.as_deref().is_some_and(|version| !version.bytes().all(|byte| (0x20..=0x7e).contains(&byte) && byte != b'"')) {
        return fail("version", "must be printable ASCII without double quotes: it is sent back in the If-Match header".into());
    }
    if item.kind != Kind::LeadList && item.draft.is_none() {
        return fail("draft", format!("required for kind {}", item.kind.as_str()));
    }
    if let Some(draft) = item.draft.as_ref().filter(|draft| draft.body_is_json)
        && !is_json_object(&draft.body)
    {
        return fail("draft.body", "must be a JSON object, as draft.format is \"json\"".into());
    }
    match item.kind {
        Kind::Email if item.draft.as_ref().is_some_and(|draft| draft.body.trim().is_empty()) => {
            return fail("draft.body", "must not be empty".into());
        }
        Kind::SocialPost => {
            let platforms = item.draft.as_ref().map(|draft| draft.platforms.as_slice()).unwrap_or_default();
            if platforms.is_empty() {
                return fail("draft.platforms", "required for kind social_post (x, linkedin, facebook, instagram, threads, bluesky)".into());
            }
            let expected = || crate::text::join::joined(&PLATFORMS, ", ");
            for (at, name) in platforms.iter().enumerate() {
                if !PLATFORMS.contains(&name.as_str()) {
                    return fail(&format!("draft.platforms[{at}]"), format!("unknown platform \"{name}\"; expected one of {}", expected()));
                }
                // Listed twice, a platform would get two checkboxes, two tabs and two previews.
                if let Some(first) = platforms[..at].iter().position(|earlier| earlier == name) {
                    return fail(&format!("draft.platforms[{at}]"), format!("duplicate platform \"{name}\" (first at draft.platforms[{first}])"));
                }
            }
            // A variant under a name that is no platform (a typo: "twitter") would be lost unseen.
            // One for a platform the post does not list is an extra the review leaves aside
            // (`decide::original_content`), as a pipeline may write every platform's text.
            let variants = item.draft.as_ref().map(|draft| draft.variants.keys()).into_iter().flatten();
            if let Some(name) = variants.into_iter().find(|name| !PLATFORMS.contains(&name.as_str())) {
                return fail(&format!("draft.variants.{name}"), format!("unknown platform \"{name}\"; expected one of {}", expected()));
            }
        }
        Kind::LeadList => {
            if item.leads.is_empty() {
                return fail("leads", "required for kind lead_list".into());
            }
            let mut seen = KeyMap::new();
            for (at, lead) in item.leads.iter().enumerate() {
                if lead.id.trim().is_empty() {
                    return fail(&format!("leads[{at}].id"), "must not be empty".into());
                }
                if let Some(first) = seen.insert(lead.id.clone(), at) {
                    return fail(&format!("leads[{at}].id"), format!("duplicate lead id \"{}\" (first at leads[{first}])", lead.id));
                }
                if lead.score.is_some_and(|score| !(0.0..=1.0).contains(&score)) {
                    return fail(&format!("leads[{at}].score"), "must be between 0 and 1".into());
                }
            }
        }
        _ => {}
    }
    // A point is an argument the person agrees or disagrees with: a blank one would be an
    // empty row they could judge without reading anything.
    if let Some(at) = item.rationale.as_ref().and_then(|rationale| rationale.points.iter().position(|point| point.text.trim().is_empty())) {
        return fail(&format!("rationale.points[{at}].text"), "must not be empty".into());
    }
    if let Some(confidence) = item.rationale.as_ref().and_then(|rationale| rationale.confidence)
        && !(0.0..=1.0).contains(&confidence)
    {
        return fail("rationale.confidence", "must be between 0 and 1".into());
    }
    Ok(())
}

fn error(index: usize, item_id: Option<String>, problem: &Problem) -> ItemError {
    let path = if problem.path.is_empty() { format!("items[{index}]") } else { format!("items[{index}].{}", problem.path) };
    ItemError { index, item_id, message: format!("{path}: {}", problem.message), path }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(id: &str) -> String {
        format!(r#"{{"id":"{id}","kind":"email","draft":{{"subject":"Hi","body":"Hello there"}}}}"#)
    }

    #[test]
    fn each_invalid_item_gets_a_message_naming_its_path_while_valid_ones_stay() {
        let cases: &[(&str, &str, &str)] = &[
            (r#"{"id":"a","kind":"email"}"#, "items[1].draft", "items[1].draft: required for kind email"),
            (r#"{"kind":"email","draft":{"body":"x"}}"#, "items[1].id", "items[1].id: required"),
            (r#"{"id":"","kind":"email","draft":{"body":"x"}}"#, "items[1].id", "items[1].id: must not be empty"),
            (r#"{"id":"a","kind":"fax","draft":{"body":"x"}}"#, "items[1].kind", "unknown value \"fax\"; expected one of email, social_post, message, lead_list"),
            (r#"{"id":"a","draft":{"body":"x"}}"#, "items[1].kind", "items[1].kind: required"),
            (r#"{"id":"a","kind":"email","draft":{"body":3}}"#, "items[1].draft.body", "items[1].draft.body: expected a string, found a number"),
            (r#"{"id":"a","kind":"email","draft":{"body":"x"},"policy":{"allow_edit":"no"}}"#, "items[1].policy.allow_edit", "expected true or false, found a string"),
            (r#"{"id":"a","kind":"lead_list","leads":[{"id":"l1","fields":{"arr":1}}]}"#, "items[1].leads[0].fields.arr", "expected a string, found a number"),
            (r#"{"id":"a","kind":"email","draft":{"body":"  "}}"#, "items[1].draft.body", "must not be empty"),
            (r#"{"id":"a","kind":"social_post","draft":{"body":"x"}}"#, "items[1].draft.platforms", "required for kind social_post"),
            (r#"{"id":"a","kind":"social_post","draft":{"body":"x","platforms":["x","myspace"]}}"#, "items[1].draft.platforms[1]", "unknown platform \"myspace\""),
            (r#"{"id":"a","kind":"lead_list"}"#, "items[1].leads", "required for kind lead_list"),
            (r#"{"id":"a","kind":"lead_list","leads":[{"id":"l1"},{"id":"l1"}]}"#, "items[1].leads[1].id", "duplicate lead id"),
            (r#"{"id":"a","kind":"lead_list","leads":[{"id":"l1","score":1.5}]}"#, "items[1].leads[0].score", "between 0 and 1"),
            (r#"{"id":"a","kind":"email","draft":{"body":"x"},"rationale":{"confidence":7}}"#, "items[1].rationale.confidence", "between 0 and 1"),
            (r#"{"id":"a","kind":"email","draft":{"body":"x"},"rationale":{"risk":"extreme"}}"#, "items[1].rationale.risk", "unknown value \"extreme\"; expected one of low, medium, high"),
            (r#"{"id":"a","kind":"message","draft":{"body":"{\"to\": 1","format":"json"}}"#, "items[1].draft.body", "must be a JSON object, as draft.format is \"json\""),
            (r#"{"id":"a","kind":"message","draft":{"body":"[1, 2]","format":"json"}}"#, "items[1].draft.body", "must be a JSON object"),
            (r#"{"id":"a","kind":"message","draft":{"body":"x","format":"yaml"}}"#, "items[1].draft.format", "unknown value \"yaml\"; expected one of text, json"),
            (r#"42"#, "items[1]", "items[1]: expected an object, found a number"),
        ];
        for (bad, path, message) in cases {
            let json = format!(r#"{{"items":[{},{bad},{}]}}"#, email("ok1"), email("ok2"));
            let parsed = parse_items(&json).unwrap();
            assert_eq!(parsed.items.iter().map(|(index, item)| (*index, item.id.as_str())).collect::<Vec<_>>(), vec![(0, "ok1"), (2, "ok2")], "{bad}");
            assert_eq!(parsed.errors.len(), 1, "{bad}");
            let error = &parsed.errors[0];
            assert_eq!((error.index, error.path.as_str()), (1, *path), "{bad}");
            assert!(error.message.contains(message), "{bad}: {}", error.message);
            assert!(error.message.starts_with(path), "{bad}: {}", error.message);
        }
    }

    #[test]
    fn an_item_over_the_size_limits_is_listed_as_invalid_while_the_others_stay_reviewable() {
        // Bug: an item with a body over 100,000 characters or more than 1,000 leads was shown
        // as reviewable, but the server refuses such an item and every result made of it (422,
        // never retried): each decision on it sat in the outbox, failed for good.
        use crate::model::{MAX_LIST_LEN, MAX_TEXT_CHARS};
        let long = format!(r#"{{"id":"long","kind":"email","draft":{{"body":"{}"}}}}"#, "x".repeat(MAX_TEXT_CHARS + 1));
        let leads = (0..=MAX_LIST_LEN).map(|at| format!(r#"{{"id":"l{at}"}}"#)).collect::<Vec<_>>().join(",");
        let many = format!(r#"{{"id":"many","kind":"lead_list","leads":[{leads}]}}"#);
        let big = format!(r#"{{"id":"big","kind":"message","draft":{{"body":"x"}},"metadata":{{"a":"{0}","b":"{0}","c":"{0}"}}}}"#, "y".repeat(90_000));
        let parsed = parse_items(&format!("[{},{long},{many},\n  {big}  ,{}]", email("ok1"), email("ok2"))).unwrap();
        assert_eq!(parsed.items.iter().map(|(index, item)| (*index, item.id.as_str())).collect::<Vec<_>>(), vec![(0, "ok1"), (4, "ok2")]);
        let problems = parsed.errors.iter().map(|error| (error.item_id.as_deref(), error.path.as_str(), error.message.as_str())).collect::<Vec<_>>();
        assert_eq!(
            problems,
            vec![
                (Some("long"), "items[1].draft.body", "items[1].draft.body: 100001 characters; a text may have at most 100000"),
                (Some("many"), "items[2].leads", "items[2].leads: 1001 entries; a list may have at most 1000"),
                (Some("big"), "items[3]", "items[3]: the item is 264 KiB of JSON; an item may be at most 256 KiB"),
            ]
        );
    }

    #[test]
    fn an_invalid_item_keeps_its_id_when_it_has_one() {
        let parsed = parse_items(r#"[{"id":"itm_9","kind":"email"}]"#).unwrap();
        assert_eq!(parsed.errors[0].item_id.as_deref(), Some("itm_9"));
    }

    #[test]
    fn duplicate_ids_reject_the_later_item() {
        let parsed = parse_items(&format!("[{},{}]", email("same"), email("same"))).unwrap();
        assert_eq!(parsed.items.len(), 1);
        assert_eq!(parsed.errors[0].message, "items[1].id: duplicate id \"same\" (first at items[0])");
    }

    #[test]
    fn unknown_fields_are_ignored_and_versions_may_be_numbers() {
        let parsed = parse_items(r#"{"items":[{"id":"a","version":4,"kind":"message","draft":{"body":"x","tone":"warm"},"priority":"high"}],"cursor":"c"}"#).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.items[0].1.version.as_deref(), Some("4"));
    }

    #[test]
    fn a_version_the_if_match_header_cannot_carry_is_refused_and_the_others_kept() {
        // Bug: a version with a double quote made every decision on its item a conflict, and
        // one with a letter beyond Latin-1 made the browser refuse every POST, retried forever.
        let parsed = parse_items(r#"[{"id":"q","version":"2024-01-01 \"b\"","kind":"message","draft":{"body":"x"}},
            {"id":"u","version":"v2-日本","kind":"message","draft":{"body":"x"}},
            {"id":"ok","version":"2024-01-01 10:00, rev 3","kind":"message","draft":{"body":"x"}}]"#)
        .unwrap();
        assert_eq!(parsed.items.iter().map(|(_, item)| item.id.as_str()).collect::<Vec<_>>(), vec!["ok"], "spaces and commas are fine");
        assert_eq!(parsed.errors.iter().map(|error| error.path.as_str()).collect::<Vec<_>>(), vec!["items[0].version", "items[1].version"]);
        assert!(parsed.errors[0].message.contains("If-Match"), "{}", parsed.errors[0].message);
    }

    #[test]
    fn a_rationale_point_without_text_is_refused_and_the_others_kept() {
        // Bug: a point with no `text`, or a blank one, was accepted and shown as an empty
        // point: an argument the person could agree or disagree with without seeing it.
        let with_points = |id: &str, points: &str| format!(r#"{{"id":"{id}","kind":"message","draft":{{"body":"We grow."}},"rationale":{{"points":[{points}]}}}}"#);
        let json = format!(
            "[{},{},{},{}]",
            with_points("missing", r#"{"text":"Growth","quote":"grow"},{"quote":"grow"}"#),
            with_points("blank", r#"{"text":"  ","quote":"grow"}"#),
            with_points("null", r#"{"text":null}"#),
            with_points("ok", r#"{"text":"Growth","quote":"grow"}"#)
        );
        let parsed = parse_items(&json).unwrap();
        assert_eq!(parsed.items.iter().map(|(_, item)| item.id.as_str()).collect::<Vec<_>>(), vec!["ok"]);
        let problems = parsed.errors.iter().map(|error| (error.item_id.as_deref(), error.message.as_str())).collect::<Vec<_>>();
        assert_eq!(
            problems,
            vec![
                (Some("missing"), "items[0].rationale.points[1].text: required"),
                (Some("blank"), "items[1].rationale.points[0].text: must not be empty"),
                (Some("null"), "items[2].rationale.points[0].text: required"),
            ]
        );
    }

    #[test]
    fn a_social_posts_variants_and_platforms_that_cannot_be_shown_are_refused_and_the_others_kept() {
        // Bug: a variant under a name that is no platform ("twitter") was accepted and never
        // shown: the preview showed the shared text and the approval silently dropped the AI's
        // per-platform text (and said "edited"). A variant without `body` became an empty post
        // for its platform, and a platform listed twice got two checkboxes, two tabs and two
        // previews. A variant for a known platform the post does not list stays acceptable.
        let post = |id: &str, draft: &str| format!(r#"{{"id":"{id}","kind":"social_post","draft":{{"body":"Launch day",{draft}}}}}"#);
        let json = format!(
            "[{},{},{},{},{},{}]",
            post("unknown", r#""platforms":["x"],"variants":{"twitter":{"body":"Launch!"}}"#),
            post("no_body", r#""platforms":["x"],"variants":{"x":{"text":"Launch!"}}"#),
            post("twice", r#""platforms":["x","linkedin","x"]"#),
            post("bad_variant", r#""platforms":["x"],"variants":{"x":"Launch!"}"#),
            post("ok", r#""platforms":["linkedin","x"],"variants":{"x":{"body":"Launch!"}}"#),
            post("extra", r#""platforms":["x"],"variants":{"x":{"body":"Launch!"},"linkedin":{"body":"Launch today."}}"#)
        );
        let parsed = parse_items(&json).unwrap();
        assert_eq!(parsed.items.iter().map(|(_, item)| item.id.as_str()).collect::<Vec<_>>(), vec!["ok", "extra"]);
        let problems = parsed.errors.iter().map(|error| error.message.as_str()).collect::<Vec<_>>();
        assert_eq!(
            problems,
            vec![
                "items[0].draft.variants.twitter: unknown platform \"twitter\"; expected one of x, linkedin, facebook, instagram, threads, bluesky",
                "items[1].draft.variants.x.body: required",
                "items[2].draft.platforms[2]: duplicate platform \"x\" (first at draft.platforms[0])",
                "items[3].draft.variants.x: expected an object, found a string",
            ]
        );
    }

    #[test]
    fn input_that_is_not_a_batch_is_one_clear_error() {
        assert!(matches!(parse_items("{nope"), Err(InputError::NotJson(_))));
        assert_eq!(parse_items(r#"{"things":[]}"#).unwrap_err(), InputError::NoItems);
        assert_eq!(parse_items("[]").unwrap().items.len(), 0);
    }

    #[test]
    fn the_items_made_from_langchain_interrupts_are_valid_items() {
        // tests/js/langchain.test.mjs checks that langchain.js makes exactly these.
        for fixture in [include_str!("../../tests/fixtures/langchain/items.python.json"), include_str!("../../tests/fixtures/langchain/items.js.json")] {
            let parsed = parse_items(fixture).unwrap();
            assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
            assert!(parsed.items.len() >= 2);
            assert!(parsed.items.iter().all(|(_, item)| !item.policy.allow_skip));
        }
    }
}
