//! The word diff round trip: the changes rebuild both texts exactly, and no two neighbours
//! have the same kind (runs are merged).
#![no_main]

use countersign::model::ChangeOp;
use countersign::text::diff::{rebuild, word_changes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // The input is the two texts, separated by the first NUL.
    let (original, edited) = text.split_once('\0').unwrap_or((text, ""));
    let changes = word_changes(original, edited);
    assert_eq!(rebuild(&changes, ChangeOp::Delete), original);
    assert_eq!(rebuild(&changes, ChangeOp::Insert), edited);
    assert!(changes.iter().all(|change| !change.text.is_empty()), "an empty change");
    assert!(changes.windows(2).all(|pair| pair[0].op != pair[1].op), "runs not merged");
});
