//! UTF-16 offsets, which the browser's text services answer in, read against Rust's UTF-8.

/// The byte offsets where the graphemes starting at `starts` (UTF-16 offsets, ascending,
/// the first 0) end in `text`.
pub fn ends_in_bytes(text: &str, starts: &[u32]) -> Vec<usize> {
    let mut ends = Vec::with_capacity(starts.len());
    let mut next = starts.iter().skip(1).peekable();
    let mut utf16 = 0;
    for (offset, character) in text.char_indices() {
        // A start inside a character (never from `Intl.Segmenter`) ends the grapheme at the
        // character's start rather than swallowing every grapheme after it.
        if next.peek().is_some_and(|&&start| start <= utf16) {
            ends.push(offset);
            while next.next_if(|&&start| start <= utf16).is_some() {}
        }
        utf16 += character.len_utf16() as u32;
    }
    if !text.is_empty() {
        ends.push(text.len());
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::ends_in_bytes;
    use proptest::prelude::*;

    proptest! {
        /// With every code point a grapheme of its own, the ends are the code points' ends.
        #[test]
        fn each_code_point_as_a_grapheme_ends_where_it_ends(text in "\\PC{0,40}") {
            let mut starts = Vec::new();
            let mut utf16 = 0;
            for character in text.chars() {
                starts.push(utf16);
                utf16 += character.len_utf16() as u32;
            }
            let expected: Vec<usize> = text.char_indices().map(|(offset, character)| offset + character.len_utf8()).collect();
            prop_assert_eq!(ends_in_bytes(&text, &starts), expected);
        }
    }

    #[test]
    fn utf16_starts_become_byte_ends() {
        // "e" + combining acute, "😀" (two UTF-16 units, four bytes), "x".
        let text = "e\u{301}😀x";
        assert_eq!(ends_in_bytes(text, &[0, 2, 4]), vec![3, 7, 8]);
        assert_eq!(ends_in_bytes("abc", &[0, 1, 2]), vec![1, 2, 3]);
        assert_eq!(ends_in_bytes("", &[]), Vec::<usize>::new());
        // 1 is inside "😀" (units 0 and 1): the grapheme ends before "x" instead.
        assert_eq!(ends_in_bytes("😀x", &[0, 1]), vec![4, 5]);
    }
}
