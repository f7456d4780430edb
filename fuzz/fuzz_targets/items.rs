//! Item parsing and validation: any text is either refused as a whole with a reason, or split
//! into valid items and errors that each name their item and path.
#![no_main]

use countersign::model::parse_items;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(parsed) = parse_items(text) else { return };
    let count = parsed.items.len() + parsed.errors.len();
    for (index, item) in &parsed.items {
        assert!(*index < count, "item index {index} of {count}");
        assert!(!item.id.trim().is_empty(), "a valid item has an id");
    }
    for error in &parsed.errors {
        assert!(error.index < count, "error index {} of {count}", error.index);
        assert!(error.path.starts_with(&format!("items[{}]", error.index)), "{error:?}");
        assert!(error.message.starts_with(&error.path), "{error:?}");
    }
});
