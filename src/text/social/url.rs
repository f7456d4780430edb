//! Finding URLs the way X links them (twitter-text's extractor, by hand): with or without
//! `http(s)://`, a domain ending in a real TLD, an optional port, path and query. Every URL
//! found counts 23 on X and one link on Threads.

use super::punycode::ascii_length;
use super::tld::is_tld;

/// A URL longer than this, with its domain IDNA-encoded, is not linked.
const MAX_URL_LENGTH: usize = 4096;
/// A domain label longer than this, IDNA-encoded, makes the URL invalid.
const MAX_LABEL_LENGTH: usize = 63;

fn is_invalid(character: char) -> bool {
    matches!(character, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

fn is_directional(character: char) -> bool {
    matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A character a domain label is made of: anything but spaces, ASCII punctuation, invalid
/// and directional characters.
fn is_domain_char(character: char) -> bool {
    !(character.is_whitespace() || character.is_ascii_punctuation() || character.is_control() || is_invalid(character) || is_directional(character))
}

/// Whether a URL may start right after `previous`.
fn may_follow(previous: char) -> bool {
    !(previous.is_ascii_alphanumeric() || matches!(previous, '@' | '＠' | '$' | '#' | '＃') || is_invalid(previous))
}

fn is_latin_accent(character: char) -> bool {
    matches!(u32::from(character), 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x300..=0x36F | 0x1E00..=0x1EFF)
}

fn is_path_char(character: char) -> bool {
    character.is_ascii_alphanumeric()
        || "!*';:=+,.$/%#[]-_~&|@\u{2013}".contains(character)
        || ('\u{400}'..='\u{4FF}').contains(&character)
        || is_latin_accent(character)
}

fn is_path_end(character: char) -> bool {
    character.is_ascii_alphanumeric() || "+-=_#/".contains(character) || ('\u{400}'..='\u{4FF}').contains(&character) || is_latin_accent(character)
}

fn is_query_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || "!?*'@();:&=+$/%#[]-_.,~|".contains(character)
}

fn is_query_end(character: char) -> bool {
    character.is_ascii_alphanumeric() || "-_&=#/".contains(character)
}

/// The length of `http://` or `https://` (any case) at `chars[at]`, if there.
fn protocol_at(chars: &[char], at: usize) -> Option<usize> {
    ["https://", "http://"].into_iter().find_map(|protocol| {
        let candidate = chars.get(at..at + protocol.len())?;
        candidate.iter().zip(protocol.chars()).all(|(found, wanted)| found.to_ascii_lowercase() == wanted).then_some(protocol.len())
    })
}

/// The labels of the domain starting at `chars[at]`: each label's (start, end).
fn labels_at(chars: &[char], at: usize) -> Vec<(usize, usize)> {
    let mut labels = Vec::new();
    let mut start = at;
    loop {
        let mut end = start;
        while chars.get(end).is_some_and(|character| is_domain_char(*character) || *character == '-' || *character == '_') {
            end += 1;
        }
        // A label starts and ends with a proper domain character.
        while end > start && !is_domain_char(chars[end - 1]) {
            end -= 1;
        }
        if end == start || !is_domain_char(chars[start]) {
            break;
        }
        labels.push((start, end));
        if chars.get(end) != Some(&'.') {
            break;
        }
        start = end + 1;
    }
    labels
}

/// The end of the longest domain at `chars[at]` that ends in a real TLD, with its labels.
fn domain_at(chars: &[char], at: usize, ascii_only: bool) -> Option<(usize, Vec<(usize, usize)>)> {
    let labels = labels_at(chars, at);
    (2..=labels.len()).rev().find_map(|count| {
        let (tld_start, tld_end) = labels[count - 1];
        let tld: String = chars[tld_start..tld_end].iter().collect();
        let boundary = chars.get(tld_end).is_none_or(|next| !(next.is_ascii_alphanumeric() || matches!(next, '@' | '+' | '-')));
        let known = is_tld(&tld) || tld.to_ascii_lowercase().starts_with("xn--");
        let allowed = !ascii_only || chars[at..tld_end].iter().all(char::is_ascii);
        (boundary && known && allowed && !tld.contains('_')).then(|| (tld_end, labels[..count].to_vec()))
    })
}

/// The end of the path (after a `/`) starting at `chars[at]`, balancing parentheses and
/// leaving trailing punctuation out.
fn path_end(chars: &[char], at: usize) -> usize {
    let (mut end, mut depth, mut last_good) = (at, 0usize, at);
    while let Some(&character) = chars.get(end) {
        match character {
            '(' if depth < 2 => depth += 1,
            ')' if depth > 0 => depth -= 1,
            other if is_path_char(other) => {}
            _ => break,
        }
        end += 1;
        if depth == 0 && (is_path_end(character) || character == ')') {
            last_good = end;
        }
    }
    last_good
}

/// The end of the query (after a `?`) starting at `chars[at]`, or `None` when it has no
/// proper last character.
fn query_end(chars: &[char], at: usize) -> Option<usize> {
    let run = chars[at..].iter().take_while(|character| is_query_char(**character)).count();
    (at..at + run).rev().find(|end| is_query_end(chars[*end])).map(|end| end + 1)
}

/// Every URL in `chars`, as (start, end) character indices.
pub fn find_urls(chars: &[char]) -> Vec<(usize, usize)> {
    let mut urls = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        match url_at(chars, at) {
            Some((end, valid)) => {
                if valid {
                    urls.push((at, end));
                }
                at = end.max(at + 1);
            }
            None => at += 1,
        }
    }
    urls
}

/// A URL candidate at `chars[at]`: its end, and whether it is a valid URL.
fn url_at(chars: &[char], at: usize) -> Option<(usize, bool)> {
    if at > 0 && !may_follow(chars[at - 1]) {
        return None;
    }
    let protocol = protocol_at(chars, at);
    if protocol.is_none() && at > 0 && matches!(chars[at - 1], '-' | '_' | '.' | '/') {
        return None;
    }
    let domain_start = at + protocol.unwrap_or(0);
    let (mut end, labels) = domain_at(chars, domain_start, protocol.is_none())?;
    if chars.get(end) == Some(&':') {
        let digits = chars[end + 1..].iter().take_while(|character| character.is_ascii_digit()).count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    if chars.get(end) == Some(&'/') {
        end = path_end(chars, end + 1).max(end + 1);
    }
    if chars.get(end) == Some(&'?')
        && let Some(query) = query_end(chars, end + 1)
    {
        end = query;
    }
    let mut encoded_growth = 0usize;
    for (start, stop) in &labels {
        let label: String = chars[*start..*stop].iter().collect();
        match ascii_length(&label) {
            Some(length) if length <= MAX_LABEL_LENGTH => encoded_growth += length.saturating_sub(label.encode_utf16().count()),
            _ => return Some((end, false)),
        }
    }
    let length: usize = chars[at..end].iter().map(|character| character.len_utf16()).sum();
    Some((end, length + encoded_growth <= MAX_URL_LENGTH))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        find_urls(&chars).into_iter().map(|(start, end)| chars[start..end].iter().collect()).collect()
    }

    #[test]
    fn urls_are_found_as_x_links_them() {
        assert_eq!(urls("Hi http://test.co"), vec!["http://test.co"]);
        assert_eq!(urls("see example.com/pricing, then HTTPS://Example.org:8080/a_(b)?x=1."), vec!["example.com/pricing", "HTTPS://Example.org:8080/a_(b)?x=1"]);
        assert_eq!(urls("https://twitter.香港 and http://foobar.پاکستان/"), vec!["https://twitter.香港", "http://foobar.پاکستان/"]);
        assert_eq!(urls("mail dana@example.com or #example.com or www.example.nope"), Vec::<String>::new());
        assert_eq!(urls("a.b.c.example.co.uk."), vec!["a.b.c.example.co.uk"]);
        assert_eq!(urls("日本.com is not linked without a protocol"), Vec::<String>::new());
    }

    #[test]
    fn labels_longer_than_63_encoded_bytes_are_not_links() {
        let long = format!("{}.com", "a".repeat(64));
        assert_eq!(urls(&long), Vec::<String>::new());
        assert_eq!(urls(&format!("{}.com", "a".repeat(63))).len(), 1);
    }
}
