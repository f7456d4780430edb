//! A person's work on a lead list: their order, the leads they excluded (with an optional
//! reason) and their notes. Pure, so every operation is tested natively; the component only
//! calls these.

use super::item::ReviewItem;

/// The person's version of a lead list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LeadEdits {
    /// The AI's order, for restoring and comparing.
    pub ai_order: Vec<String>,
    /// The leads still in the list, in the person's order.
    pub order: Vec<String>,
    /// The excluded leads, in the order they were excluded, each with the reason given.
    pub excluded: Vec<(String, Option<String>)>,
    /// Notes by lead id; never blank.
    pub notes: Vec<(String, String)>,
}

impl LeadEdits {
    /// The list as the AI ranked it, untouched.
    pub fn from_item(item: &ReviewItem) -> LeadEdits {
        let order: Vec<String> = item.leads.iter().map(|lead| lead.id.clone()).collect();
        LeadEdits { ai_order: order.clone(), order, ..LeadEdits::default() }
    }

    /// Moves `id` by `places` (negative is up); returns its new position (0-based), or
    /// `None` when it is not in the list.
    pub fn move_by(&mut self, id: &str, places: isize) -> Option<usize> {
        let from = self.order.iter().position(|other| other == id)?;
        let to = (from as isize + places).clamp(0, self.order.len() as isize - 1) as usize;
        self.move_to(id, to)
    }

    /// Moves `id` to `position` (clamped); returns where it ended up.
    pub fn move_to(&mut self, id: &str, position: usize) -> Option<usize> {
        let from = self.order.iter().position(|other| other == id)?;
        let lead = self.order.remove(from);
        let to = position.min(self.order.len());
        self.order.insert(to, lead);
        Some(to)
    }

    /// Takes `id` out of the list, with an optional reason.
    pub fn exclude(&mut self, id: &str, reason: Option<String>) {
        if let Some(at) = self.order.iter().position(|other| other == id) {
            let lead = self.order.remove(at);
            self.excluded.push((lead, reason.filter(|reason| !reason.trim().is_empty())));
        }
    }

    /// Puts an excluded lead back just after the last listed lead the AI ranked above it (first
    /// when there is none).
    pub fn restore(&mut self, id: &str) {
        let Some(at) = self.excluded.iter().position(|(other, _)| other == id) else { return };
        let (lead, _) = self.excluded.remove(at);
        let ai_rank = |lead: &str| self.ai_order.iter().position(|other| other == lead).unwrap_or(usize::MAX);
        let rank = ai_rank(&lead);
        let position = self.order.iter().rposition(|other| ai_rank(other) < rank).map_or(0, |above| above + 1);
        self.order.insert(position, lead);
    }

    /// Sets the note on `id`; a blank note removes it.
    pub fn set_note(&mut self, id: &str, note: &str) {
        self.notes.retain(|(other, _)| other != id);
        if !note.trim().is_empty() {
            self.notes.push((id.to_string(), note.to_string()));
        }
    }

    /// The note on `id`, if any.
    pub fn note(&self, id: &str) -> Option<&str> {
        self.notes.iter().find(|(other, _)| other == id).map(|(_, note)| note.as_str())
    }

    /// Whether `id` is excluded.
    pub fn is_excluded(&self, id: &str) -> bool {
        self.excluded.iter().any(|(other, _)| other == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edits(ids: &str) -> LeadEdits {
        let order: Vec<String> = ids.split_whitespace().map(String::from).collect();
        LeadEdits { ai_order: order.clone(), order, ..LeadEdits::default() }
    }

    fn order(edits: &LeadEdits) -> String {
        edits.order.join(" ")
    }

    #[test]
    fn moving_up_and_down_stops_at_the_ends() {
        let mut list = edits("a b c d");
        assert_eq!(list.move_by("c", -1), Some(1));
        assert_eq!(order(&list), "a c b d");
        assert_eq!(list.move_by("a", -1), Some(0), "the first stays first");
        assert_eq!(list.move_by("d", 5), Some(3));
        assert_eq!(list.move_to("d", 0), Some(0));
        assert_eq!(order(&list), "d a c b");
        assert_eq!(list.move_by("zz", 1), None);
    }

    #[test]
    fn excluding_and_restoring_puts_a_lead_back_where_the_ai_ranked_it() {
        let mut list = edits("a b c d");
        list.exclude("b", Some("Existing customer".into()));
        list.exclude("d", Some("  ".into()));
        assert_eq!(order(&list), "a c");
        assert_eq!(list.excluded, vec![("b".to_string(), Some("Existing customer".to_string())), ("d".to_string(), None)]);
        list.move_to("c", 0);
        list.restore("b");
        assert_eq!(order(&list), "c a b", "b goes after a, the only listed lead the AI ranked above it");
        assert!(!list.is_excluded("b") && list.is_excluded("d"));
    }

    #[test]
    fn notes_are_set_replaced_and_removed() {
        let mut list = edits("a b");
        list.set_note("a", "Personal agreement with their CFO");
        list.set_note("a", "Agreement with their CFO");
        assert_eq!(list.note("a"), Some("Agreement with their CFO"));
        list.set_note("a", " ");
        assert_eq!(list.note("a"), None);
    }
}
