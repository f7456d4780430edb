//! Finding a rationale point's quote in the draft: exactly first, then forgiving case and runs
//! of whitespace, so that a point is marked supported only when the draft really says it, and
//! its words can be highlighted where they are.

use std::ops::Range;

use super::case::fold;

/// Where `quote` is in `text`, as a byte range of `text`: an exact match first, else one that
/// ignores case and treats any run of whitespace as one space. `None` for a blank quote.
pub fn find_quote(text: &str, quote: &str) -> Option<Range<usize>> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    if let Some(start) = text.find(quote) {
        return Some(start..start + quote.len());
    }
    // Both sides as (folded character, byte offset in the original) with whitespace runs
    // collapsed to one space, so a match maps back to the draft's own bytes.
    let (haystack, offsets) = normalise_with_offsets(text);
    let (needle, _) = normalise_with_offsets(quote);
    let found = find_chars(&haystack, &needle)?;
    let start = offsets[found];
    let last = found + needle.len() - 1;
    let end = offsets[last] + text[offsets[last]..].chars().next().map_or(0, char::len_utf8);
    Some(start..end)
}

/// Whether `quote` appears in `text` (see [`find_quote`]).
pub fn quote_is_in(text: &str, quote: &str) -> bool {
    find_quote(text, quote).is_some()
}

/// `text` folded to lower case with each whitespace run as one space (trimmed), and the byte
/// offset in `text` of each resulting character.
fn normalise_with_offsets(text: &str) -> (Vec<char>, Vec<usize>) {
    let (mut chars, mut offsets) = (Vec::new(), Vec::new());
    let mut pending_space: Option<usize> = None;
    for (offset, character) in text.char_indices() {
        if character.is_whitespace() {
            pending_space = pending_space.or(Some(offset));
            continue;
        }
        if let Some(space) = pending_space.take()
            && !chars.is_empty()
        {
            chars.push(' ');
            offsets.push(space);
        }
        chars.push(fold(character));
        offsets.push(offset);
    }
    (chars, offsets)
}

/// The first index where `needle` occurs in `haystack`.
fn find_chars(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quotes_across_case_and_line_breaks() {
        let draft = "We saw you are Expanding into\nthree new regions this year.";
        for (quote, expected) in [
            ("expanding into three new regions", true),
            ("  EXPANDING   into three ", true),
            ("expanding into four new regions", false),
            ("", false),
            ("   ", false),
        ] {
            assert_eq!(quote_is_in(draft, quote), expected, "quote {quote:?}");
        }
    }

    #[test]
    fn a_found_quote_is_the_drafts_own_bytes() {
        let draft = "Hi Sam,\n\nWe saw you are Expanding into\n  three new regions. Ça va?";
        let exact = find_quote(draft, "three new regions").unwrap();
        assert_eq!(&draft[exact], "three new regions");
        let loose = find_quote(draft, "expanding INTO three").unwrap();
        assert_eq!(&draft[loose], "Expanding into\n  three", "the match covers the draft's own case and line break");
        let accented = find_quote(draft, "ça VA?").unwrap();
        assert_eq!(&draft[accented], "Ça va?");
        assert_eq!(find_quote(draft, "four regions"), None);
    }

    #[test]
    fn overlapping_quotes_are_each_found() {
        let draft = "the forecast miss fell from 11% to 5% in the beta";
        let first = find_quote(draft, "forecast miss fell from 11%").unwrap();
        let second = find_quote(draft, "from 11% to 5%").unwrap();
        assert!(first.end > second.start && second.start > first.start, "{first:?} and {second:?} overlap");
        assert_eq!(&draft[second], "from 11% to 5%");
    }
}
