//! How large an item or a result may be, in one place for the widget and the reference server.
//! The server refuses an item over these bounds when it is ingested, and a result over them
//! when it is posted (422, or 413 over the request's size, which the widget never retries);
//! the widget lists an item over them as invalid when it reads it, and refuses a decision
//! whose result would break them when it is made, so nothing it queues sits failed for good.
//! Both check with the same code ([`super::limit_check`]).

use super::item::ReviewItem;
use super::result::{Content, PointVerdict};
use crate::text::social::platform::Platform;

/// The largest request body the server accepts (413 beyond it), and so the largest result as
/// JSON text: a result carries its item's text up to four times (original, final, and the
/// diff's runs of both), so one within every other bound may still be over it.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// The largest item, as JSON text.
pub const MAX_ITEM_BYTES: usize = 256 * 1024;
/// The longest string anywhere in an item or a result, a member name included: a 10,000-word
/// draft is about 65,000 characters.
pub const MAX_TEXT_CHARS: usize = 100_000;
/// The most entries of any list in an item (leads, points, sources), and the most members of
/// any object (variants, fields, metadata).
pub const MAX_LIST_LEN: usize = 1_000;
/// The deepest nesting of objects and lists (metadata included).
pub const MAX_DEPTH: usize = 32;
/// The most runs of a result's `changes`, the one list that may be longer than
/// [`MAX_LIST_LEN`]: a word-level diff has up to three runs per word changed, and the widget's,
/// whose search has a budget, made at most about 2,600 (on 2,560 words with one in three
/// changed) when this was set.
pub const MAX_CHANGES: usize = 10_000;

/// A text of a result that the person wrote or edited, named for telling them which one is
/// too long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextField {
    /// An email's subject.
    Subject,
    /// The body (a social post's shared text).
    Body,
    /// A social post's own text for the platform of this name.
    Variant(String),
    /// The note on the lead of this name.
    LeadNote(String),
    /// Why the lead of this name is excluded.
    ExclusionReason(String),
    /// The comment of the decision's form.
    Comment,
    /// The instructions for a regeneration.
    Feedback,
    /// The note on the rationale point of this number (from 1, as the person counts).
    PointNote(usize),
}

impl std::fmt::Display for TextField {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextField::Subject => write!(formatter, "The subject"),
            TextField::Body => write!(formatter, "The body"),
            TextField::Variant(platform) => write!(formatter, "The text for {platform}"),
            TextField::LeadNote(name) => write!(formatter, "The note on {name}"),
            TextField::ExclusionReason(name) => write!(formatter, "The reason for excluding {name}"),
            TextField::Comment => write!(formatter, "The comment"),
            TextField::Feedback => write!(formatter, "The feedback for the AI"),
            TextField::PointNote(number) => write!(formatter, "The note on point {number}"),
        }
    }
}

/// The texts a person gives a decision besides its final content.
pub(super) struct Remarks<'a> {
    /// The comment, as the result carries it.
    pub comment: Option<&'a str>,
    /// The feedback, as the result carries it.
    pub feedback: Option<&'a str>,
    /// The verdicts on points, with their notes.
    pub points: &'a [PointVerdict],
}

/// The first text of a result for `item`, with `final_content` and `remarks`, longer than
/// [`MAX_TEXT_CHARS`], and by how many characters. Characters are Unicode scalar values, as
/// the server counts them. The original content is the item's, held to the same bound by the
/// server when it was ingested: only what the person made is looked at.
pub(super) fn first_too_long(item: &ReviewItem, final_content: &Content, remarks: &Remarks) -> Option<(TextField, usize)> {
    let lead_name = |id: &str| item.leads.iter().find(|lead| lead.id == id && !lead.name.trim().is_empty()).map_or_else(|| id.to_string(), |lead| lead.name.clone());
    let mut texts: Vec<(TextField, &str)> = Vec::new();
    texts.extend(final_content.subject.as_deref().map(|subject| (TextField::Subject, subject)));
    texts.extend(final_content.body.as_deref().map(|body| (TextField::Body, body)));
    for (platform, variant) in final_content.variants.iter().flat_map(|variants| variants.iter()) {
        texts.push((TextField::Variant(Platform::name_of(platform)), variant.body.as_str()));
    }
    for (id, note) in final_content.notes.iter().flat_map(|notes| notes.iter()) {
        texts.push((TextField::LeadNote(lead_name(id)), note.as_str()));
    }
    for (id, reason) in final_content.exclusion_reasons.iter().flat_map(|reasons| reasons.iter()) {
        texts.push((TextField::ExclusionReason(lead_name(id)), reason.as_str()));
    }
    texts.extend(remarks.comment.map(|comment| (TextField::Comment, comment)));
    texts.extend(remarks.feedback.map(|feedback| (TextField::Feedback, feedback)));
    for point in remarks.points {
        texts.extend(point.note.as_deref().map(|note| (TextField::PointNote(point.index + 1), note)));
    }
    texts.into_iter().find_map(|(field, text)| chars_over(text).map(|over| (field, over)))
}

/// By how many characters `text` is longer than [`MAX_TEXT_CHARS`], if it is.
pub(super) fn chars_over(text: &str) -> Option<usize> {
    // A text of at most that many bytes has at most that many characters: nothing to count.
    if text.len() <= MAX_TEXT_CHARS {
        return None;
    }
    text.chars().count().checked_sub(MAX_TEXT_CHARS).filter(|over| *over > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_are_counted_not_bytes() {
        assert_eq!(chars_over(&"語".repeat(MAX_TEXT_CHARS)), None, "300,000 bytes, 100,000 characters");
        assert_eq!(chars_over(&"語".repeat(MAX_TEXT_CHARS + 3)), Some(3));
        assert_eq!(chars_over(&"x".repeat(MAX_TEXT_CHARS)), None);
        assert_eq!(chars_over(&"x".repeat(MAX_TEXT_CHARS + 1)), Some(1));
    }
}
