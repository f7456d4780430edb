//! Whether a domain ends in a real top-level domain, from twitter-text's list. The list ships
//! front-coded (each entry written as how many leading bytes it shares with the one before,
//! then the rest): about 3.7 KiB of brotli where the plain list took 4.5. The first lookup
//! expands it into one sorted `|`-joined string, searched by bisection in place from then on.

use std::sync::OnceLock;

/// Every TLD twitter-text links, lower case, sorted by bytes, front-coded: each entry starts
/// with one byte `b'0' + n`, `n` the number of leading bytes it shares with the entry before
/// (TLDs hold no digits and no ASCII punctuation, so that byte is never part of an entry).
const FRONT_CODED: &str = include_str!("tlds.txt");

/// The byte that starts an entry sharing `n` bytes with the one before; `n` is at most 15.
const fn shared_marker(byte: u8) -> Option<usize> {
    if matches!(byte, b'0'..=b'?') { Some((byte - b'0') as usize) } else { None }
}

/// `coded` (the format of [`FRONT_CODED`]) as entries joined by `|`.
fn expand(coded: &str) -> String {
    let mut list: Vec<u8> = Vec::with_capacity(coded.len() * 3 / 2);
    let mut entry_start = 0;
    for &byte in coded.trim_end().as_bytes() {
        match shared_marker(byte) {
            Some(shared) => {
                let previous = entry_start..list.len();
                let shared = previous.start..(previous.start + shared).min(previous.end);
                if !list.is_empty() {
                    list.push(b'|');
                }
                entry_start = list.len();
                list.extend_from_within(shared);
            }
            None => list.push(byte),
        }
    }
    // Shared prefixes end on character boundaries (the file is UTF-8), so this never fails.
    String::from_utf8(list).unwrap_or_default()
}

/// The expanded list, made on first use.
fn tlds() -> &'static str {
    static LIST: OnceLock<String> = OnceLock::new();
    LIST.get_or_init(|| expand(FRONT_CODED))
}

/// Whether `label` (any case for ASCII) is a TLD.
pub fn is_tld(label: &str) -> bool {
    let wanted = label.to_ascii_lowercase();
    let list = tlds();
    // list[low..high] always holds whole entries.
    let (mut low, mut high) = (0, list.len());
    while low < high {
        let mut middle = low + (high - low) / 2;
        while !list.is_char_boundary(middle) {
            middle -= 1;
        }
        let start = list[low..middle].rfind('|').map_or(low, |bar| low + bar + 1);
        let end = list[middle..high].find('|').map_or(high, |bar| middle + bar);
        match list[start..end].cmp(wanted.as_str()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start.saturating_sub(1).max(low),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_every_entry_is_found() {
        let entries: Vec<&str> = tlds().split('|').collect();
        assert!(entries.windows(2).all(|pair| pair[0] < pair[1]), "tlds.txt must be sorted and without duplicates");
        for entry in &entries {
            assert!(is_tld(entry), "{entry}");
        }
        for missing in ["", "c", "comm", "zzzz", "coma", "aa", "ーー", "évil"] {
            assert!(!is_tld(missing), "{missing}");
        }
        assert!(is_tld("COM") && is_tld("پاکستان") && is_tld("香港"));
    }

    #[test]
    fn the_list_is_twitter_texts_list() {
        let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/twitter-text/tlds.yml")).unwrap_or_default();
        let mut from_yaml: Vec<String> = yaml
            .lines()
            .filter_map(|line| line.trim().strip_prefix("text: https://twitter."))
            .map(str::to_lowercase)
            .collect();
        from_yaml.sort();
        from_yaml.dedup();
        assert_eq!(from_yaml.len(), 1574);
        let coded = front_code(&from_yaml);
        if std::env::var_os("COUNTERSIGN_WRITE_TLDS").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/text/social/tlds.txt"), format!("{coded}\n")).unwrap();
        }
        assert_eq!(FRONT_CODED.trim_end(), coded, "tlds.txt is not the fixture's list; COUNTERSIGN_WRITE_TLDS=1 cargo test tld writes it");
        assert_eq!(tlds(), from_yaml.join("|"));
    }

    /// The front coding of sorted `entries`, as [`FRONT_CODED`] holds it.
    fn front_code(entries: &[String]) -> String {
        let mut coded = String::new();
        let mut previous = "";
        for entry in entries {
            let mut shared = previous.bytes().zip(entry.bytes()).take_while(|(a, b)| a == b).count();
            while !entry.is_char_boundary(shared) {
                shared -= 1;
            }
            coded.push(char::from(b'0' + u8::try_from(shared).unwrap()));
            coded.push_str(&entry[shared..]);
            previous = entry;
        }
        coded
    }

    #[test]
    fn expanding_restores_shared_prefixes_across_multibyte_characters() {
        assert_eq!(expand("0ab2c1d0é2x\n"), "ab|abc|ad|é|éx");
        assert_eq!(expand(""), "");
    }
}
