//! The word-level diff of a result's `changes`: equal + delete runs rebuild the original,
//! equal + insert runs rebuild the final text.

use similar::utils::diff_words;
use similar::{Algorithm, ChangeTag};

use crate::model::{Change, ChangeOp};

/// Word-level changes from `original` to `edited`, adjacent runs of one kind merged.
pub fn word_changes(original: &str, edited: &str) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    for (tag, text) in diff_words(Algorithm::Myers, original, edited) {
        let op = match tag {
            ChangeTag::Equal => ChangeOp::Equal,
            ChangeTag::Delete => ChangeOp::Delete,
            ChangeTag::Insert => ChangeOp::Insert,
        };
        match changes.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ if text.is_empty() => {}
            _ => changes.push(Change { op, text: text.to_string() }),
        }
    }
    changes
}

/// The text on one side of a diff: `Delete` for the original, `Insert` for the final text.
pub fn rebuild(changes: &[Change], side: ChangeOp) -> String {
    changes.iter().filter(|change| change.op == ChangeOp::Equal || change.op == side).map(|change| change.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ops(changes: &[Change]) -> Vec<(ChangeOp, &str)> {
        changes.iter().map(|change| (change.op, change.text.as_str())).collect()
    }

    #[test]
    fn a_replaced_word_is_one_delete_and_one_insert() {
        let changes = word_changes("Hi Sam, thanks", "Hi Samantha, thanks");
        assert_eq!(
            ops(&changes),
            vec![(ChangeOp::Equal, "Hi "), (ChangeOp::Delete, "Sam,"), (ChangeOp::Insert, "Samantha,"), (ChangeOp::Equal, " thanks")]
        );
    }

    #[test]
    fn identical_texts_are_one_equal_run() {
        assert_eq!(ops(&word_changes("same text", "same text")), vec![(ChangeOp::Equal, "same text")]);
    }

    #[test]
    fn empty_texts_give_no_changes() {
        assert!(word_changes("", "").is_empty());
        assert_eq!(ops(&word_changes("", "new")), vec![(ChangeOp::Insert, "new")]);
        assert_eq!(ops(&word_changes("old", "")), vec![(ChangeOp::Delete, "old")]);
    }

    proptest! {
        #[test]
        fn equal_and_delete_rebuild_the_original_and_equal_and_insert_the_final(
            original in "(\\PC{0,8}[ \n\t]{0,2}){0,30}",
            edited in "(\\PC{0,8}[ \n\t]{0,2}){0,30}",
        ) {
            let changes = word_changes(&original, &edited);
            prop_assert_eq!(rebuild(&changes, ChangeOp::Delete), original);
            prop_assert_eq!(rebuild(&changes, ChangeOp::Insert), edited);
            prop_assert!(changes.windows(2).all(|pair| pair[0].op != pair[1].op));
        }
    }
}
