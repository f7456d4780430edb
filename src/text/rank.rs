//! Comparing the person's ranking of leads with the AI's: Kendall's tau, how many leads moved,
//! and each lead's movement for the ↑/↓ marks. Exclusions are not movement: ranks are compared
//! among the leads both lists still hold.

/// The ids of `order` that `other` also holds, in `order`'s order.
fn common<'a>(order: &'a [String], other: &[String]) -> Vec<&'a String> {
    order.iter().filter(|id| other.contains(id)).collect()
}

/// Kendall's tau-a between two rankings of the same leads: 1 for the same order, -1 for the
/// reverse, 1 when fewer than two leads are compared.
pub fn kendall_tau(ai: &[String], person: &[String]) -> f64 {
    let ai = common(ai, person);
    let person = common(person, &ai.iter().map(|id| (*id).clone()).collect::<Vec<_>>());
    let count = ai.len();
    if count < 2 {
        return 1.0;
    }
    let rank_in_person = |id: &String| person.iter().position(|other| *other == id).unwrap_or_default() as i64;
    let ranks: Vec<i64> = ai.iter().map(|id| rank_in_person(id)).collect();
    let mut score = 0i64;
    for first in 0..count {
        for second in first + 1..count {
            score += (ranks[second] - ranks[first]).signum();
        }
    }
    score as f64 / (count * (count - 1) / 2) as f64
}

/// How far each lead of `person` moved against the AI's order: positive is up (↑), negative
/// down (↓), among the leads both hold.
pub fn movements(ai: &[String], person: &[String]) -> Vec<(String, i64)> {
    let ai = common(ai, person);
    let person = common(person, &ai.iter().map(|id| (*id).clone()).collect::<Vec<_>>());
    person
        .iter()
        .enumerate()
        .map(|(now, id)| {
            let before = ai.iter().position(|other| other == id).unwrap_or(now);
            ((*id).clone(), before as i64 - now as i64)
        })
        .collect()
}

/// How far one lead moved, as in [`movements`], from its rank in the AI's whole list, where it
/// is in the person's list now, and the AI's ranks of the leads excluded: the ones ranked
/// above it no longer count. Costs the exclusions, not the list.
pub fn movement(ai_rank: usize, position: usize, excluded_ranks: impl Iterator<Item = usize>) -> i64 {
    let before = ai_rank - excluded_ranks.filter(|excluded| *excluded < ai_rank).count();
    before as i64 - position as i64
}

/// How many leads are not where the AI put them.
pub fn moved(ai: &[String], person: &[String]) -> usize {
    movements(ai, person).iter().filter(|(_, movement)| *movement != 0).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn kendall_tau_on_hand_checked_rankings() {
        assert_eq!(kendall_tau(&ids("a b c d"), &ids("a b c d")), 1.0);
        assert_eq!(kendall_tau(&ids("a b c d"), &ids("d c b a")), -1.0);
        // One adjacent swap among 4: 5 concordant, 1 discordant pair of 6.
        assert!((kendall_tau(&ids("a b c d"), &ids("b a c d")) - 4.0 / 6.0).abs() < 1e-12);
        // c moved to the top: pairs (a,c) and (b,c) flip, 1 of 3 concordant.
        assert!((kendall_tau(&ids("a b c"), &ids("c a b")) - (-1.0 / 3.0)).abs() < 1e-12);
        assert_eq!(kendall_tau(&ids("a"), &ids("a")), 1.0);
        assert_eq!(kendall_tau(&ids("a b c d"), &ids("a c")), 1.0, "excluded leads are left out");
    }

    #[test]
    fn movement_counts_places_up_and_down_but_not_exclusions() {
        assert_eq!(movements(&ids("a b c d"), &ids("c a b d")), vec![("c".into(), 2), ("a".into(), -1), ("b".into(), -1), ("d".into(), 0)]);
        assert_eq!(moved(&ids("a b c d"), &ids("c a b d")), 3);
        assert_eq!(moved(&ids("a b c d"), &ids("a c d")), 0, "excluding b moves nobody");
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// One lead at a time gives what searching both lists gives, for any order and exclusions.
        #[test]
        fn one_lead_at_a_time_moves_as_the_whole_list_does(order in proptest::sample::subsequence((0..40).collect::<Vec<u32>>(), 0..40).prop_shuffle()) {
            let ai: Vec<String> = (0..40).map(|id| format!("lead-{id}")).collect();
            let person: Vec<String> = order.iter().map(|id| format!("lead-{id}")).collect();
            let searched = movements(&ai, &person);
            let rank = |id: &String| ai.iter().position(|other| other == id).unwrap_or_default();
            let excluded: Vec<usize> = ai.iter().filter(|id| !person.contains(id)).map(rank).collect();
            let one_by_one: Vec<(String, i64)> = person.iter().enumerate().map(|(now, id)| (id.clone(), movement(rank(id), now, excluded.iter().copied()))).collect();
            proptest::prop_assert_eq!(one_by_one, searched);
        }
    }
}
