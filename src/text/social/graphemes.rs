//! What people see as one character: the browser's Unicode services the counters need, and
//! where the grapheme cluster a cut falls in starts, so that a fold or the part over a limit
//! never splits a flag or a family emoji.

/// What the browser (or, in tests, a Unicode crate) does for the counters: NFC normalisation
/// and grapheme clusters, which would cost the widget large Unicode tables if done in Rust.
pub trait TextTools {
    /// `text` in Unicode normalisation form C.
    fn nfc(&self, text: &str) -> String;
    /// The byte offset where each grapheme cluster of `text` ends, in order.
    fn grapheme_ends(&self, text: &str) -> Vec<usize>;
}

/// The grapheme ends of ASCII `text` without asking the browser (whose segmenter answers one
/// object per grapheme, milliseconds for a long post): every character is one grapheme
/// except CR LF, which is one together.
pub(super) fn ascii_grapheme_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (1..=bytes.len()).filter(|end| !(bytes[end - 1] == b'\r' && bytes.get(*end) == Some(&b'\n'))).collect()
}

/// The start of the grapheme cluster that the character at byte `at` of `text` belongs to.
/// Whether a grapheme boundary falls before a character depends only on the text before it and
/// the character itself, and one falls before every space and line feed (but for the rare
/// prepended marks and CR LF, which a cut there leaves as harmless), so only the text from the
/// last of them up to that character is segmented: a post may be long, and the browser's
/// segmenter answers one object per grapheme. Nor further back than [`GRAPHEME_WINDOW`]
/// bytes, for text without spaces (Japanese, Chinese): a cluster is far shorter (a family
/// emoji is 25 bytes), so only a run of dozens of flags could be paired off by one there.
pub(super) fn grapheme_start(text: &str, at: usize, tools: &dyn TextTools) -> usize {
    let through = text[at..].chars().next().map_or(text.len(), |character| at + character.len_utf8());
    let mut window_start = at.saturating_sub(GRAPHEME_WINDOW);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let from = text[..at].rfind([' ', '\n']).unwrap_or(0).max(window_start);
    let window = &text[from..through];
    let ends = if window.is_ascii() { ascii_grapheme_ends(window) } else { tools.grapheme_ends(window) };
    ends.into_iter().map(|end| from + end).take_while(|end| *end <= at).last().unwrap_or(from)
}

/// How far back [`grapheme_start`] looks for the cluster a cut falls in, in bytes.
const GRAPHEME_WINDOW: usize = 256;

/// What the browser does for the widget (`String.normalize`, `Intl.Segmenter`), done natively
/// by Unicode crates for the tests.
#[cfg(test)]
pub(super) struct Native;

#[cfg(test)]
impl TextTools for Native {
    fn nfc(&self, text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfc().collect()
    }

    fn grapheme_ends(&self, text: &str) -> Vec<usize> {
        use unicode_segmentation::UnicodeSegmentation;
        text.grapheme_indices(true).map(|(offset, grapheme)| offset + grapheme.len()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::social::count::counted;
    use crate::text::social::fold::fold_at;
    use crate::text::social::platform::Platform;

    #[test]
    fn a_cut_in_text_without_spaces_still_keeps_a_cluster_whole() {
        // Japanese has no spaces, so the cluster a cut falls in is looked for within the last
        // few hundred bytes (`GRAPHEME_WINDOW`) rather than from the start of the post.
        let post = format!("{}👨‍👩‍👧‍👦 end", "あ".repeat(2_000));
        assert_eq!(fold_at(Platform::Instagram, &post, &Native), Some(125 * 3));
        let threads = counted(Platform::Threads, &format!("{}👨‍👩‍👧‍👦", "あ".repeat(498)));
        assert_eq!(threads.overflow_from, Some(498 * 3), "the family is over as a whole");
    }
}
