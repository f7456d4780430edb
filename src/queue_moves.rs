//! Where the queue goes after a decision, over which entries are still open, and what of a
//! selection survives a new queue: pure, so the rules are tested natively (`crate::state` asks
//! them with its entries' outcomes, the queue list with its ticked ids).

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

/// The selected item ids that are still in the queue (`queued`), in the order they were
/// ticked; `None` when all of them are, so a queue replaced with the same items changes nothing.
pub fn selection_in_queue(selected: &[String], queued: &[&str]) -> Option<Vec<String>> {
    let kept: Vec<String> = selected.iter().filter(|id| queued.contains(&id.as_str())).cloned().collect();
    (kept.len() != selected.len()).then_some(kept)
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

    #[test]
    fn a_new_queue_drops_the_selected_ids_it_no_longer_holds() {
        // Bug: after the host replaced `items`, the selection kept ids no longer in the queue,
        // so "Approve 3" counted items a batch would not decide.
        let selected = ["b3".to_string(), "gone".to_string(), "b1".to_string()];
        assert_eq!(selection_in_queue(&selected, &["b1", "b2", "b3"]), Some(vec!["b3".to_string(), "b1".to_string()]), "kept in the order ticked");
        assert_eq!(selection_in_queue(&selected, &["new"]), Some(Vec::new()));
        assert_eq!(selection_in_queue(&selected, &["gone", "b1", "b3", "b4"]), None, "all still there: nothing changes");
        assert_eq!(selection_in_queue(&[], &["b1"]), None);
    }
}
