//! Finding a rationale point's quote in the draft, forgiving case and whitespace, so that a
//! point is marked supported only when the draft really says it.

/// Whether `quote` appears in `text`, ignoring case and runs of whitespace.
pub fn quote_is_in(text: &str, quote: &str) -> bool {
    let needle = normalise(quote);
    !needle.is_empty() && normalise(text).contains(&needle)
}

/// Lower-cases (see [`super::case`]) and folds every run of whitespace into one space, trimming both ends.
fn normalise(text: &str) -> String {
    text.split_whitespace().map(super::case::lower).collect::<Vec<_>>().join(" ")
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
}
