//! Joining strings with a separator, in one small function: std's `join` is specialised per
//! separator length and element type and shipped once per type (about 0.8 KB of wasm each).

/// `parts` with `separator` between each two.
pub fn joined<S: AsRef<str>>(parts: &[S], separator: &str) -> String {
    let length = parts.iter().map(|part| part.as_ref().len()).sum::<usize>() + separator.len() * parts.len().saturating_sub(1);
    let mut text = String::with_capacity(length);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        text.push_str(part.as_ref());
    }
    text
}

/// The parts that are there, joined with `separator` ("Head of Ops, Northwind"); `None` when
/// none is, so nothing empty is shown.
pub fn joined_present(parts: &[Option<&str>], separator: &str) -> Option<String> {
    let present: Vec<&str> = parts.iter().flatten().copied().collect();
    (!present.is_empty()).then(|| joined(&present, separator))
}

#[cfg(test)]
mod tests {
    use super::{joined, joined_present};

    #[test]
    fn only_the_parts_there_are_joined_and_none_is_nothing() {
        assert_eq!(joined_present(&[Some("CTO"), Some("Northwind")], ", ").as_deref(), Some("CTO, Northwind"));
        assert_eq!(joined_present(&[None, Some("Northwind")], ", ").as_deref(), Some("Northwind"));
        assert_eq!(joined_present(&[Some("CTO"), None], ", ").as_deref(), Some("CTO"));
        assert_eq!(joined_present(&[None, None], ", "), None);
    }

    #[test]
    fn parts_are_joined_like_std_join() {
        let cases: [&[&str]; 4] = [&[], &["one"], &["one", "two"], &["", "b", ""]];
        for parts in cases {
            assert_eq!(joined(parts, ", "), parts.join(", "));
            let owned: Vec<String> = parts.iter().map(|part| part.to_string()).collect();
            assert_eq!(joined(&owned, " · "), owned.join(" · "));
        }
    }
}
