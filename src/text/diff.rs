//! The word-level diff of a result's `changes`: equal + delete runs rebuild the original,
//! equal + insert runs rebuild the final text.
//!
//! Texts are split into words and the whitespace between them, and `similar`'s Myers
//! algorithm runs over those tokens through one hook. (Its `TextDiff` helpers instantiate
//! every algorithm and hook, which costs the widget some 300 KB of wasm.)

use similar::algorithms::{myers, DiffHook};

use crate::model::{Change, ChangeOp};

/// Splits `text` into alternating runs of whitespace and non-whitespace.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (at, character) in text.char_indices() {
        let space = character.is_whitespace();
        if in_space.is_some_and(|previous| previous != space) {
            out.push(&text[start..at]);
            start = at;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Collects the edit script as merged runs: between two equal runs, what was deleted comes
/// before what was inserted, whatever order the algorithm reported them in.
struct Collect<'a> {
    old: &'a [&'a str],
    new: &'a [&'a str],
    deleted: String,
    inserted: String,
    changes: Vec<Change>,
}

impl Collect<'_> {
    fn flush(&mut self) {
        for (op, text) in [(ChangeOp::Delete, std::mem::take(&mut self.deleted)), (ChangeOp::Insert, std::mem::take(&mut self.inserted))] {
            if !text.is_empty() {
                self.changes.push(Change { op, text });
            }
        }
    }
}

impl DiffHook for Collect<'_> {
    type Error = std::convert::Infallible;

    fn equal(&mut self, old_index: usize, _new_index: usize, len: usize) -> Result<(), Self::Error> {
        self.flush();
        let text: String = self.old[old_index..old_index + len].concat();
        match self.changes.last_mut() {
            Some(last) if last.op == ChangeOp::Equal => last.text.push_str(&text),
            _ if text.is_empty() => {}
            _ => self.changes.push(Change { op: ChangeOp::Equal, text }),
        }
        Ok(())
    }

    fn delete(&mut self, old_index: usize, old_len: usize, _new_index: usize) -> Result<(), Self::Error> {
        self.deleted.push_str(&self.old[old_index..old_index + old_len].concat());
        Ok(())
    }

    fn insert(&mut self, _old_index: usize, new_index: usize, new_len: usize) -> Result<(), Self::Error> {
        self.inserted.push_str(&self.new[new_index..new_index + new_len].concat());
        Ok(())
    }

    fn finish(&mut self) -> Result<(), Self::Error> {
        self.flush();
        Ok(())
    }
}

/// Word-level changes from `original` to `edited`, adjacent runs of one kind merged.
pub fn word_changes(original: &str, edited: &str) -> Vec<Change> {
    let old = tokens(original);
    let new = tokens(edited);
    let mut collect = Collect { old: &old, new: &new, deleted: String::new(), inserted: String::new(), changes: Vec::new() };
    let Ok(()) = myers::diff_deadline_raw(&mut collect, &old[..], 0..old.len(), &new[..], 0..new.len(), None);
    collect.changes
}

/// The text on one side of a diff: `Delete` for the original, `Insert` for the final text.
pub fn rebuild(changes: &[Change], side: ChangeOp) -> String {
    changes.iter().filter(|change| change.op == ChangeOp::Equal || change.op == side).map(|change| change.text.as_str()).collect()
}

// proptest is a native-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
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
    fn tokens_alternate_between_words_and_whitespace() {
        assert_eq!(tokens("Hi  Sam,\nthanks "), vec!["Hi", "  ", "Sam,", "\n", "thanks", " "]);
        assert!(tokens("").is_empty());
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
