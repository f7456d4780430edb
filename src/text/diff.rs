//! The word-level diff of a result's `changes`: equal + delete runs rebuild the original,
//! equal + insert runs rebuild the final text.
//!
//! Texts are split into words and the whitespace between them, each distinct token numbered,
//! and Myers's algorithm runs over the numbers in linear space: find the middle of an optimal
//! edit path from both ends at once, split there, and do each half the same way. Written here
//! because a diff crate's generic machinery cost the widget some 3 KiB brotli.
//!
//! The search costs about (n + m) × d steps for d edits, so two long texts of the same words
//! in another order would take a second. It gets a budget of [`STEPS`]: a part of the texts
//! still to compare when the budget is spent is reported as deleted and inserted whole (its
//! common start and end still found). Equal + delete and equal + insert rebuild the texts
//! either way; only the diff's detail suffers, and only for edits far beyond any reviewer's.

use crate::model::{Change, ChangeOp};
use crate::text::join::joined;

/// The search steps one diff may take. Steps are slowest when the texts share their words in
/// another order (the snakes end where the branch predictor cannot guess): on the bench's
/// slower machine of 2026-12-07 the whole decision on such a 10,000-word draft took 14–15 ms,
/// of which the search about 7 (an edited draft, whose search is short, took 8). Enough for an
/// exact diff of two 1,000-word texts with every other word changed (0.52 million steps) or of
/// two 10,000-word texts with one word in fifty changed (0.09 million); one in ten needs 2.04.
const STEPS: usize = 1_500_000;

/// Splits `text` into alternating runs of whitespace and non-whitespace (Unicode's, as
/// `char::is_whitespace`). Reads bytes, decoding a character only where one starts above
/// ASCII: about twice as fast as `char_indices` on a long draft (measured natively).
pub fn tokens(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    let mut in_space = None;
    while at < bytes.len() {
        let (space, len) = match bytes[at] {
            byte @ 0..0x80 => (matches!(byte, b' ' | b'\t'..=b'\r'), 1),
            _ => text[at..].chars().next().map_or((false, 1), |character| (character.is_whitespace(), character.len_utf8())),
        };
        if in_space.is_some_and(|previous| previous != space) {
            out.push(&text[start..at]);
            start = at;
        }
        in_space = Some(space);
        at += len;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Collects the edit script as merged runs: between two equal runs, what was deleted comes
/// before what was inserted.
struct Collect<'a> {
    old: &'a [&'a str],
    new: &'a [&'a str],
    /// The tokens as numbers, equal tokens equal numbers: comparing them is one instruction.
    old_ids: Vec<u32>,
    new_ids: Vec<u32>,
    /// Search steps left.
    budget: usize,
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

    fn equal(&mut self, old: std::ops::Range<usize>) {
        if old.is_empty() {
            return;
        }
        self.flush();
        let text = joined(&self.old[old], "");
        match self.changes.last_mut() {
            Some(last) if last.op == ChangeOp::Equal => last.text.push_str(&text),
            _ => self.changes.push(Change { op: ChangeOp::Equal, text }),
        }
    }

    /// `old` deleted and `new` inserted in their place.
    fn replace(&mut self, old: std::ops::Range<usize>, new: std::ops::Range<usize>) {
        self.deleted.push_str(&joined(&self.old[old], ""));
        self.inserted.push_str(&joined(&self.new[new], ""));
    }

    /// The changes from `old[old_range]` to `new[new_range]`, in order.
    fn diff(&mut self, old_range: std::ops::Range<usize>, new_range: std::ops::Range<usize>, forward: &mut [usize], backward: &mut [usize]) {
        let (mut old_start, mut new_start, mut old_end, mut new_end) = (old_range.start, new_range.start, old_range.end, new_range.end);
        let prefix = (0..(old_end - old_start).min(new_end - new_start)).take_while(|at| self.old_ids[old_start + at] == self.new_ids[new_start + at]).count();
        self.equal(old_start..old_start + prefix);
        (old_start, new_start) = (old_start + prefix, new_start + prefix);
        let suffix = (0..(old_end - old_start).min(new_end - new_start)).take_while(|at| self.old_ids[old_end - 1 - at] == self.new_ids[new_end - 1 - at]).count();
        (old_end, new_end) = (old_end - suffix, new_end - suffix);
        match self.middle(old_start..old_end, new_start..new_end, forward, backward) {
            Some((old_at, new_at)) => {
                self.diff(old_start..old_at, new_start..new_at, forward, backward);
                self.diff(old_at..old_end, new_at..new_end, forward, backward);
            }
            None => self.replace(old_start..old_end, new_start..new_end),
        }
        self.equal(old_end..old_end + suffix);
    }

    /// A point on an optimal edit path through the box, strictly inside it, found by running
    /// Myers's search from the start and from the end until the two meet; `None` when one side
    /// is empty (all deleted or all inserted), no inner point exists, or the budget runs out. `forward[k]` holds how
    /// far (in old tokens) a path with the current number of edits reaches on diagonal `k`
    /// from the start, `backward[k]` the same from the end, both offset by the largest edit
    /// count.
    fn middle(&mut self, old: std::ops::Range<usize>, new: std::ops::Range<usize>, forward: &mut [usize], backward: &mut [usize]) -> Option<(usize, usize)> {
        // Sub-slices, so the snakes' index checks are the loops' own bounds. The snakes are
        // written out in both searches, over indices: a function over sub-slices shared by
        // the two was slower (measured side by side in the browser on the diff's worst case).
        let (old_ids, new_ids) = (&self.old_ids[old.clone()], &self.new_ids[new.clone()]);
        let (n, m) = (old_ids.len() as isize, new_ids.len() as isize);
        if n == 0 || m == 0 {
            return None;
        }
        let offset = (forward.len() / 2) as isize;
        let at = |k: isize| (k + offset) as usize;
        let delta = n - m;
        let odd = delta % 2 != 0;
        forward[at(1)] = 0;
        backward[at(1)] = 0;
        for d in 0..=(n + m + 1) / 2 {
            // Both searches take d + 1 steps at this d.
            self.budget = self.budget.checked_sub(2 * d as usize + 2)?;
            // Edges that make "the further of the two neighbours" right at k = ±d too, so
            // choosing is a `max` and not a hard-to-predict branch.
            (forward[at(-d - 1)], forward[at(d + 1)]) = (usize::MAX, 0);
            let mut k = -d;
            while k <= d {
                let mut x = forward[at(k - 1)].wrapping_add(1).max(forward[at(k + 1)]);
                let mut y = x.wrapping_sub(k as usize);
                while x < old_ids.len() && y < new_ids.len() && old_ids[x] == new_ids[y] {
                    (x, y) = (x + 1, y + 1);
                }
                forward[at(k)] = x;
                let (x, opposite) = (x as isize, delta - k);
                if odd && (-(d - 1)..=d - 1).contains(&opposite) && x + backward[at(opposite)] as isize >= n {
                    return inner(x, x - k, n, m).then(|| (old.start + x as usize, new.start + (x - k) as usize));
                }
                k += 2;
            }
            (backward[at(-d - 1)], backward[at(d + 1)]) = (usize::MAX, 0);
            let mut k = -d;
            while k <= d {
                let mut x = backward[at(k - 1)].wrapping_add(1).max(backward[at(k + 1)]);
                let mut y = x.wrapping_sub(k as usize);
                while x < old_ids.len() && y < new_ids.len() && old_ids[old_ids.len() - 1 - x] == new_ids[new_ids.len() - 1 - y] {
                    (x, y) = (x + 1, y + 1);
                }
                backward[at(k)] = x;
                let opposite = delta - k;
                if !odd && (-d..=d).contains(&opposite) && forward[at(opposite)] as isize + x as isize >= n {
                    let x = forward[at(opposite)] as isize;
                    let y = x - opposite;
                    return inner(x, y, n, m).then(|| (old.start + x as usize, new.start + y as usize));
                }
                k += 2;
            }
        }
        None
    }
}

/// Whether `(x, y)` splits an `n` by `m` box into two smaller ones.
fn inner(x: isize, y: isize, n: isize, m: isize) -> bool {
    (x, y) != (0, 0) && (x, y) != (n, m) && (0..=n).contains(&x) && (0..=m).contains(&y)
}

/// Word-level changes from `original` to `edited`, adjacent runs of one kind merged.
pub fn word_changes(original: &str, edited: &str) -> Vec<Change> {
    word_changes_within(original, edited, STEPS)
}

/// [`word_changes`] with a budget of `steps` search steps.
fn word_changes_within(original: &str, edited: &str, steps: usize) -> Vec<Change> {
    let old = tokens(original);
    let new = tokens(edited);
    let (old_ids, new_ids) = number(&old, &new);
    // Both searches' diagonals, -(n+m+1) to n+m+1.
    let size = 2 * (old.len() + new.len() + 2) + 1;
    let (mut forward, mut backward) = (vec![0; size], vec![0; size]);
    let mut collect = Collect { old: &old, new: &new, old_ids, new_ids, budget: steps, deleted: String::new(), inserted: String::new(), changes: Vec::new() };
    collect.diff(0..old.len(), 0..new.len(), &mut forward, &mut backward);
    collect.flush();
    collect.changes
}

/// Numbers the tokens of both texts, equal tokens alike, in order of first appearance: an
/// open-addressing table of FNV-1a hashes, probed linearly, at most half full. (`std`'s
/// `HashMap` cost the widget about 3 KiB brotli for this one table.)
fn number<'a>(old: &[&'a str], new: &[&'a str]) -> (Vec<u32>, Vec<u32>) {
    const EMPTY: u32 = u32::MAX;
    let mask = ((old.len() + new.len()) * 2).next_power_of_two().max(2) - 1;
    let mut slots = vec![EMPTY; mask + 1];
    // The first token seen with each number.
    let mut firsts: Vec<&'a str> = Vec::new();
    let mut id_of = |token: &'a str| {
        let hash = token.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
        let mut slot = hash as usize & mask;
        loop {
            match slots[slot] {
                EMPTY => {
                    let id = firsts.len() as u32;
                    slots[slot] = id;
                    firsts.push(token);
                    return id;
                }
                id if firsts[id as usize] == token => return id,
                _ => slot = (slot + 1) & mask,
            }
        }
    };
    let old_ids = old.iter().map(|&token| id_of(token)).collect();
    let new_ids = new.iter().map(|&token| id_of(token)).collect();
    (old_ids, new_ids)
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

    #[test]
    fn tokens_get_equal_numbers_exactly_when_they_are_equal() {
        // Enough distinct tokens that many share a slot and are told apart by probing.
        let words: Vec<String> = (0..3000).map(|n| format!("w{}", n % 1700)).collect();
        let (old, new): (Vec<&str>, Vec<&str>) = (words[..1800].iter().map(String::as_str).collect(), words[1200..].iter().map(String::as_str).collect());
        let (old_ids, new_ids) = number(&old, &new);
        let tokens: Vec<&str> = old.iter().chain(&new).copied().collect();
        let ids: Vec<u32> = old_ids.iter().chain(&new_ids).copied().collect();
        assert_eq!(ids.len(), tokens.len());
        for a in (0..tokens.len()).step_by(7) {
            for b in (0..tokens.len()).step_by(13) {
                assert_eq!(tokens[a] == tokens[b], ids[a] == ids[b], "{} and {}", tokens[a], tokens[b]);
            }
        }
        assert_eq!(ids.iter().max(), Some(&1699), "numbered densely in order of appearance");
    }

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

    #[test]
    fn when_the_budget_runs_out_the_rest_is_replaced_whole_and_both_texts_still_rebuild() {
        let (original, edited) = ("keep a b c d e f keep", "keep x a y c z e keep");
        let exact = word_changes(original, edited);
        let rough = word_changes_within(original, edited, 3);
        assert_eq!(ops(&rough), vec![(ChangeOp::Equal, "keep "), (ChangeOp::Delete, "a b c d e f"), (ChangeOp::Insert, "x a y c z e"), (ChangeOp::Equal, " keep")]);
        for changes in [&exact, &rough] {
            assert_eq!(rebuild(changes, ChangeOp::Delete), original);
            assert_eq!(rebuild(changes, ChangeOp::Insert), edited);
        }
        assert!(exact.iter().filter(|change| change.op == ChangeOp::Equal).count() > 2, "{exact:?}");
    }

    #[test]
    fn a_thousand_word_draft_with_every_other_word_changed_still_gets_an_exact_diff() {
        // What the budget of steps is chosen to cover (see STEPS).
        let original: Vec<String> = (0..1_000).map(|n| format!("w{}", n % 40)).collect();
        let edited: Vec<String> = original.iter().enumerate().map(|(at, word)| if at % 2 == 1 { "revised".to_string() } else { word.clone() }).collect();
        let (original, edited) = (original.join(" "), edited.join(" "));
        let kept: usize = word_changes(&original, &edited).iter().filter(|change| change.op == ChangeOp::Equal).map(|change| tokens(&change.text).len()).sum();
        assert_eq!(kept, longest_common(&tokens(&original), &tokens(&edited)));
    }

    #[test]
    fn two_long_texts_of_the_same_words_in_another_order_stay_within_the_budget() {
        // The search's worst case: every token is in both texts, nearly none where the other
        // has it. An exact diff would take about a hundred times the budget (152 million steps
        // for the bench's draft, counted natively).
        let original: Vec<String> = (0..10_000).map(|n| format!("w{}", n % 40)).collect();
        let reversed: Vec<String> = original.iter().rev().cloned().collect();
        let (original, reversed) = (original.join(" "), reversed.join(" "));
        let changes = word_changes(&original, &reversed);
        assert!(changes.len() < 100, "the budget ran out and the middle was replaced whole: {} changes", changes.len());
        assert_eq!(rebuild(&changes, ChangeOp::Delete), original);
        assert_eq!(rebuild(&changes, ChangeOp::Insert), reversed);
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

        #[test]
        fn tokens_split_where_unicode_whitespace_starts_or_ends(text in "[a\u{e9}\u{1c}\u{b} \t\n\u{a0}\u{85}\u{2028}\u{3000}]{0,40}") {
            let mut expected: Vec<String> = Vec::new();
            for character in text.chars() {
                match expected.last_mut() {
                    Some(last) if last.chars().all(char::is_whitespace) == character.is_whitespace() => last.push(character),
                    _ => expected.push(character.to_string()),
                }
            }
            prop_assert_eq!(tokens(&text), expected);
        }

        #[test]
        fn the_equal_runs_keep_as_many_tokens_as_the_longest_common_subsequence(
            original in proptest::collection::vec("[abc]", 0..40),
            edited in proptest::collection::vec("[abc]", 0..40),
        ) {
            let (original, edited) = (original.join(" "), edited.join(" "));
            let kept: usize = word_changes(&original, &edited).iter().filter(|change| change.op == ChangeOp::Equal).map(|change| tokens(&change.text).len()).sum();
            prop_assert_eq!(kept, longest_common(&tokens(&original), &tokens(&edited)));
        }
    }

    /// The textbook dynamic program, for checking the search's result is optimal.
    fn longest_common(old: &[&str], new: &[&str]) -> usize {
        let mut table = vec![vec![0; new.len() + 1]; old.len() + 1];
        for i in (0..old.len()).rev() {
            for j in (0..new.len()).rev() {
                table[i][j] = if old[i] == new[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
            }
        }
        table[0][0]
    }
}
