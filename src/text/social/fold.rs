//! Where each platform's feed folds a post behind "see more".

use super::graphemes::{grapheme_start, TextTools};
use super::platform::Platform;

/// The byte offset where `platform`'s feed folds `text` behind "see more", if it does: after
/// the platform's number of characters (moved back to the start of the grapheme cluster the
/// cut falls in, as a feed never shows half a flag or a family emoji), or LinkedIn's third line.
pub fn fold_at(platform: Platform, text: &str, tools: &dyn TextTools) -> Option<usize> {
    let by_length = platform.fold().and_then(|shown| text.char_indices().nth(shown).map(|(offset, _)| grapheme_start(text, offset, tools)));
    let by_lines = (platform == Platform::LinkedIn).then(|| text.match_indices('\n').nth(2).map(|(offset, _)| offset)).flatten();
    match (by_length, by_lines) {
        (Some(length), Some(lines)) => Some(length.min(lines)),
        (length, lines) => length.or(lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::social::graphemes::Native;

    #[test]
    fn a_fold_never_cuts_what_people_see_as_one_character() {
        // Bug: the fold fell after 125 code points whatever they made up, so an Instagram caption
        // with a family emoji across the 125th showed a lone man (the family's first code point
        // and its joiner) before "… more", and a flag there showed half of itself.
        let family = format!("{}👨‍👩‍👧‍👦 and the rest of the caption", "a".repeat(123));
        assert_eq!(fold_at(Platform::Instagram, &family, &Native), Some(123), "folded before the family");
        let flag = format!("{}🇺🇸 and the rest of the caption", "a".repeat(124));
        assert_eq!(fold_at(Platform::Instagram, &flag, &Native), Some(124), "folded before the flag");
        let accent = format!("{}e\u{301}{}", "a".repeat(209), "b".repeat(10));
        assert_eq!(fold_at(Platform::LinkedIn, &accent, &Native), Some(209), "folded before the accented e");
        let flags = format!("{}a 🇩🇪🇺🇸 and the rest", "ab ".repeat(40));
        assert_eq!(fold_at(Platform::Instagram, &flags, &Native), Some(130), "folded before the second flag of two");
        let whole = format!("{}🇺🇸 and the rest", "a".repeat(123));
        assert_eq!(fold_at(Platform::Instagram, &whole, &Native), Some(131), "a flag before the fold stays whole");
    }

    #[test]
    fn feeds_fold_where_each_platform_does() {
        let long = "x".repeat(600);
        assert_eq!(fold_at(Platform::Instagram, &long, &Native), Some(125));
        assert_eq!(fold_at(Platform::Facebook, &long, &Native), Some(480));
        assert_eq!(fold_at(Platform::LinkedIn, "one\ntwo\nthree\nfour", &Native), Some(13), "LinkedIn folds after three lines");
        assert_eq!(fold_at(Platform::X, &long, &Native), None);
        assert_eq!(fold_at(Platform::Instagram, "short", &Native), None);
        assert_eq!(Platform::parse("linkedin"), Some(Platform::LinkedIn));
    }
}
