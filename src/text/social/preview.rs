//! A post's text cut into the runs a preview styles: plain text, links, hashtags and mentions,
//! each marked when it lies beyond the platform's limit, and cut where the feed folds.

use super::tokens::{Token, TokenKind};

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

/// `text` as runs, up to `fold` when given (the feed's "… see more"). `overflow_from` is the
/// byte where the part beyond the limit starts.
pub fn segments(text: &str, tokens: &[Token], overflow_from: Option<usize>, fold: Option<usize>) -> Vec<Segment> {
    let end = fold.unwrap_or(text.len()).min(text.len());
    // Kept sorted by insertion: a handful of cuts, and no sorting code to ship for them.
    let mut cuts: Vec<usize> = Vec::new();
    for cut in [0, end].into_iter().chain(tokens.iter().flat_map(|token| [token.start, token.end])).chain(overflow_from) {
        if cut <= end && text.is_char_boundary(cut) && let Err(at) = cuts.binary_search(&cut) {
            cuts.insert(at, cut);
        }
    }
    cuts.windows(2)
        .map(|pair| {
            let (start, stop) = (pair[0], pair[1]);
            Segment {
                text: text[start..stop].to_string(),
                kind: tokens.iter().find(|token| token.start <= start && stop <= token.end).map(|token| token.kind),
                over: overflow_from.is_some_and(|from| start >= from),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokens;
    use super::*;

    #[test]
    fn runs_follow_tokens_the_limit_and_the_fold() {
        let text = "New: acme.com #launch for @you";
        let runs = segments(text, &tokens(text), Some(20), None);
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
        let folded = segments(text, &tokens(text), None, Some(9));
        assert_eq!(folded.iter().map(|run| run.text.as_str()).collect::<String>(), "New: acme");
    }
}
