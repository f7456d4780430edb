//! Where the queue goes after a decision, over which entries are still open: pure, so the
//! rules are tested natively (`crate::state` asks them with its entries' outcomes).

/// The next open entry after `current`, wrapping around; `None` when none is open.
pub fn next_open(current: usize, open: &[bool]) -> Option<usize> {
    let count = open.len();
    (1..=count).map(|step| (current + step) % count).find(|index| open[*index])
}

/// Where the queue goes after a decision: it stays on `current` while that is still open (a
/// batch that left it out, a queue the host replaced while the decision was told), else moves
/// to the next open entry.
pub fn after_decision(current: usize, open: &[bool]) -> Option<usize> {
    if open.get(current) == Some(&true) { Some(current) } else { next_open(current, open) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_on_the_entry_on_screen_moves_to_the_next_open_one_wrapping_around() {
        assert_eq!(after_decision(1, &[true, false, true]), Some(2));
        assert_eq!(after_decision(2, &[true, false, false]), Some(0));
        assert_eq!(after_decision(1, &[false, false, false]), None, "nothing left open: the queue stays where it is");
        assert_eq!(after_decision(0, &[]), None);
    }

    #[test]
    fn a_batch_that_leaves_out_the_entry_on_screen_stays_on_it() {
        // Bug: approving rows 4 to 7 of the list from "1 of 8" moved the view to item 2 (and
        // focus into its draft), though item 1 was not decided.
        let open = [true, true, true, false, false, false, false, true];
        assert_eq!(after_decision(0, &open), Some(0));
    }

    #[test]
    fn a_queue_replaced_while_the_decision_was_told_opens_at_its_first_open_entry() {
        // Bug: a `countersign:decision` listener setting `items` to the queue without the
        // decided item made the widget show the new queue's second item: the move to the next
        // open entry counted from the position on screen, which the new queue had reset to its
        // first, still open, entry.
        assert_eq!(after_decision(0, &[true, true, true]), Some(0));
    }
}
