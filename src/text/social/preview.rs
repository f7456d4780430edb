//! A post's text cut into the runs a preview styles: plain text, links, hashtags and mentions,
//! each marked when it lies beyond the platform's limit, and cut where the feed folds.

use super::tokens::{tokens, TokenKind};

/// One run of a preview's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// `None` for plain text, else the token it belongs to.
    pub kind: Option<TokenKind>,
    /// Whether it is beyond the platform's limit.
    pub over: bool,
}

/// How many characters beyond the limit a preview shows before it stops with "…": enough to
/// read where the post is cut, and a post pasted far over its limit (a whole article on X)
/// costs the preview no more than this to lay out on every update.
pub const OVERFLOW_SHOWN: usize = 280;

/// The runs of `text` a preview shows, cut where the feed folds (`fold`, "… see more") or
/// [`OVERFLOW_SHOWN`] characters after `overflow_from` (the byte where the part beyond the
/// limit starts), whichever comes first; cut at the overflow, the runs end with an over "…".
/// Only the shown text is looked through for links, hashtags and mentions (up to the next
/// space, where none of them can go on), so a long post costs what its preview shows.
pub fn segments(text: &str, overflow_from: Option<usize>, fold: Option<usize>) -> Vec<Segment> {
    let overflow_end = overflow_from.map(|from| text.get(from..).and_then(|over| over.char_indices().nth(OVERFLOW_SHOWN)).map_or(text.len(), |(offset, _)| from + offset));
    let mut end = fold.unwrap_or(text.len()).min(overflow_end.unwrap_or(text.len())).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut_at_overflow = overflow_end.is_some_and(|overflow_end| overflow_end == end && end < text.len());
    let scanned = text[end..].find(char::is_whitespace).map_or(text.len(), |space| end + space);
    let tokens = tokens(&text[..scanned]);
    // Kept sorted by insertion: a handful of cuts, and no sorting code to ship for them.
    let mut cuts: Vec<usize> = Vec::new();
    for cut in [0, end].into_iter().chain(tokens.iter().flat_map(|token| [token.start, token.end])).chain(overflow_from) {
        if cut <= end && text.is_char_boundary(cut) && let Err(at) = cuts.binary_search(&cut) {
            cuts.insert(at, cut);
        }
    }
    let mut runs: Vec<Segment> = cuts
        .windows(2)
        .map(|pair| {
            let (start, stop) = (pair[0], pair[1]);
            Segment {
                text: text[start..stop].to_string(),
                kind: tokens.iter().find(|token| token.start <= start && stop <= token.end).map(|token| token.kind),
                over: overflow_from.is_some_and(|from| start >= from),
            }
        })
        .collect();
    if cut_at_overflow {
        runs.push(Segment { text: "…".to_string(), kind: None, over: true });
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_follow_tokens_the_limit_and_the_fold() {
        let text = "New: acme.com #launch for @you";
        let runs = segments(text, Some(20), None);
        let shown: Vec<(&str, Option<TokenKind>, bool)> = runs.iter().map(|run| (run.text.as_str(), run.kind, run.over)).collect();
        assert_eq!(
            shown,
            vec![
                ("New: ", None, false),
                ("acme.com", Some(TokenKind::Link), false),
                (" ", None, false),
                ("#launc", Some(TokenKind::Hashtag), false),
                ("h", Some(TokenKind::Hashtag), true),
                (" for ", None, true),
                ("@you", Some(TokenKind::Mention), true),
            ]
        );
        let folded = segments(text, None, Some(9));
        assert_eq!(folded.iter().map(|run| run.text.as_str()).collect::<String>(), "New: acme");
    }

    #[test]
    fn the_part_over_the_limit_is_shown_up_to_its_allowance_then_an_ellipsis() {
        let text = format!("Read this: {} and more at acme.com/end", "é".repeat(1000));
        let runs = segments(&text, Some(11), None);
        let shown: String = runs.iter().map(|run| run.text.as_str()).collect();
        assert_eq!(shown, format!("Read this: {}…", "é".repeat(OVERFLOW_SHOWN)));
        assert!(runs.iter().skip(1).all(|run| run.over) && !runs[0].over);
        assert_eq!(runs.last().map(|run| run.text.as_str()), Some("…"));
        // A fold before the allowance folds (the feed's "see more"), without an ellipsis.
        let folded = segments(&text, Some(11), Some(15));
        assert_eq!(folded.iter().map(|run| run.text.as_str()).collect::<String>(), "Read this: éé");
        // A fold inside a character folds before it.
        assert_eq!(segments("aé", None, Some(2)).iter().map(|run| run.text.as_str()).collect::<String>(), "a");
        // An overflow whose allowance reaches the end shows it all.
        let short = "Twelve chars over";
        assert_eq!(segments(short, Some(5), None).iter().map(|run| run.text.as_str()).collect::<String>(), short);
    }

    #[test]
    fn only_the_shown_text_is_tokenized_with_the_same_tokens_as_the_whole() {
        let text = format!("{} #launch see acme.com/pricing?x=1 and @dana_k #more", "word ".repeat(70));
        for fold in [0, 350, 352, 356, 360, 370, 375, 381, 390, 395, 397, 400, text.len()] {
            let fold = (0..=fold.min(text.len())).rev().find(|at| text.is_char_boundary(*at)).unwrap_or(0);
            let runs = segments(&text, None, Some(fold));
            let whole: Vec<(usize, usize, TokenKind)> = tokens(&text).iter().filter(|token| token.start < fold).map(|token| (token.start, token.end.min(fold), token.kind)).collect();
            let mut at = 0;
            let mut found = Vec::new();
            for run in &runs {
                if let Some(kind) = run.kind {
                    match found.last_mut() {
                        Some((_, end, last)) if *end == at && *last == kind => *end = at + run.text.len(),
                        _ => found.push((at, at + run.text.len(), kind)),
                    }
                }
                at += run.text.len();
            }
            assert_eq!(found, whole, "folded at {fold}");
        }
    }
}
