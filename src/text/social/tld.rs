//! Whether a domain ends in a real top-level domain, from twitter-text's list, kept as one
//! sorted `|`-joined string (about 4.5 KiB of brotli) and searched by bisection in place.

/// Every TLD twitter-text links, lower case, sorted by bytes, joined by `|`.
const TLDS: &str = include_str!("tlds.txt");

/// Whether `label` (any case for ASCII) is a TLD.
pub fn is_tld(label: &str) -> bool {
    let wanted = label.to_ascii_lowercase();
    let list = TLDS.trim_end();
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
        let entries: Vec<&str> = TLDS.trim_end().split('|').collect();
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
        assert_eq!(TLDS.trim_end(), from_yaml.join("|"), "regenerate src/text/social/tlds.txt from the fixture");
    }
}
