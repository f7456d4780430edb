//! The links, #hashtags and @mentions of a post, which previews style as the platforms do
//! and whose numbers some platforms limit.

use super::url::find_urls;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A URL.
    Link,
    /// `#topic`.
    Hashtag,
    /// `@handle`.
    Mention,
}

/// One token: its kind and its byte range in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its first byte.
    pub start: usize,
    /// The byte after it.
    pub end: usize,
}

/// Whether `character` can be part of a hashtag: letters and digits of any script, `_`, but
/// no space or punctuation (checked by blocks, to spare the wasm Unicode's letter tables).
fn is_tag_char(character: char) -> bool {
    if character.is_ascii() {
        return character.is_ascii_alphanumeric() || character == '_';
    }
    !(character.is_whitespace()
        || matches!(u32::from(character), 0x2000..=0x206F | 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0xA0..=0xBF | 0xD7 | 0xF7))
}

fn may_precede(previous: Option<char>) -> bool {
    previous.is_none_or(|previous| !(previous.is_ascii_alphanumeric() || previous == '&' || previous == '_' || (!previous.is_ascii() && is_tag_char(previous))))
}

/// Every link, hashtag and mention in `text`, in order, never overlapping.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|(_, character)| *character).collect();
    let byte_at = |index: usize| chars.get(index).map_or(text.len(), |(offset, _)| *offset);
    let links: Vec<Token> = find_urls(&plain).into_iter().map(|(start, end)| Token { kind: TokenKind::Link, start: byte_at(start), end: byte_at(end) }).collect();
    let mut found: Vec<Token> = Vec::new();
    let mut at = 0;
    while at < plain.len() {
        let sigil = plain[at];
        let kind = match sigil {
            '#' | '＃' => TokenKind::Hashtag,
            '@' | '＠' => TokenKind::Mention,
            _ => {
                at += 1;
                continue;
            }
        };
        let start = byte_at(at);
        if !may_precede(at.checked_sub(1).map(|before| plain[before])) || links.iter().any(|token| token.start <= start && start < token.end) {
            at += 1;
            continue;
        }
        let body = plain[at + 1..]
            .iter()
            .take_while(|character| if kind == TokenKind::Mention { character.is_ascii_alphanumeric() || **character == '_' } else { is_tag_char(**character) })
            .count();
        let body_chars = &plain[at + 1..at + 1 + body];
        let real = match kind {
            TokenKind::Hashtag => body_chars.iter().any(|character| !character.is_ascii_digit()),
            _ => (1..=30).contains(&body),
        };
        if real {
            found.push(Token { kind, start, end: byte_at(at + 1 + body) });
        }
        at += 1 + body;
    }
    merge_in_order(links, found)
}

/// Two lists each in text order, merged in text order (a sort would cost the widget another
/// few KiB of sorting code for this one type).
fn merge_in_order(first: Vec<Token>, second: Vec<Token>) -> Vec<Token> {
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let (mut first, mut second) = (first.into_iter().peekable(), second.into_iter().peekable());
    loop {
        let take_first = match (first.peek(), second.peek()) {
            (Some(a), Some(b)) => a.start <= b.start,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return merged,
        };
        merged.extend(if take_first { first.next() } else { second.next() });
    }
}

/// How many tokens of `kind` `text` has.
pub fn count_of(text: &str, kind: TokenKind) -> usize {
    tokens(text).iter().filter(|token| token.kind == kind).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text).into_iter().map(|token| (token.kind, &text[token.start..token.end])).collect()
    }

    #[test]
    fn links_hashtags_and_mentions_are_found_in_order() {
        use TokenKind::*;
        assert_eq!(
            shown("Launch day! #AI #2026 #Straße @acme_hq see acme.com/launch#faq, mail a@b.co, #1st"),
            vec![(Hashtag, "#AI"), (Hashtag, "#Straße"), (Mention, "@acme_hq"), (Link, "acme.com/launch#faq"), (Hashtag, "#1st")]
        );
        assert_eq!(shown("東京#ラーメン と #東京、 C#"), vec![(Hashtag, "#東京")], "a tag needs a boundary before it and ends at punctuation");
        assert_eq!(count_of("#a #b #c #d #e #f", TokenKind::Hashtag), 6);
    }
}
