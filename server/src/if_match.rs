//! The `If-Match` header (RFC 9110 §13.1.1): `*`, or a list of entity-tags, each a quoted
//! string (which may hold commas, and may be empty) with an optional weak prefix `W/`. A bare
//! version (`3`) is taken too, as clients that skip the quotes send it.

/// What an `If-Match` header asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: any current version.
    Any,
    /// One of these versions, unquoted (`""` names the empty version).
    Versions(Vec<String>),
}

impl IfMatch {
    /// Reads a header's value; `None` when it names nothing (empty, or only commas), which
    /// asks for no check, as no header does.
    pub fn parse(header: &str) -> Option<IfMatch> {
        let mut versions = Vec::new();
        let mut rest = header;
        loop {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            let tag = rest.strip_prefix("W/").unwrap_or(rest);
            if let Some(quoted) = tag.strip_prefix('"') {
                // A quoted tag ends at the next quote (entity-tags have no escapes); anything
                // between it and the next comma is not part of it.
                let end = quoted.find('"').unwrap_or(quoted.len());
                versions.push(quoted[..end].to_string());
                let after = quoted.get(end + 1..).unwrap_or_default();
                rest = after.find(',').map_or("", |at| &after[at..]);
            } else {
                let end = tag.find(',').unwrap_or(tag.len());
                match tag[..end].trim() {
                    "*" => return Some(IfMatch::Any),
                    bare => versions.push(bare.to_string()),
                }
                rest = &tag[end..];
            }
        }
        (!versions.is_empty()).then_some(IfMatch::Versions(versions))
    }

    /// Whether `current` is a version this header names.
    pub fn matches(&self, current: &str) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Versions(versions) => versions.iter().any(|version| version == current),
        }
    }

    /// The versions named, for a conflict's message: `"2", "3"`, or `*`.
    pub fn describe(&self) -> String {
        match self {
            IfMatch::Any => "*".to_string(),
            IfMatch::Versions(versions) => versions.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IfMatch;

    fn versions(header: &str) -> Vec<String> {
        match IfMatch::parse(header) {
            Some(IfMatch::Versions(versions)) => versions,
            other => panic!("{header}: {other:?}"),
        }
    }

    #[test]
    fn if_match_accepts_quoted_weak_bare_and_listed_versions() {
        assert_eq!(versions("\"3\""), ["3"]);
        assert_eq!(versions("W/\"3\""), ["3"]);
        assert_eq!(versions("3"), ["3"]);
        assert_eq!(versions("\"2\", W/\"3\""), ["2", "3"]);
        assert_eq!(IfMatch::parse(""), None);
        assert_eq!(IfMatch::parse(" , ,"), None);
        assert_eq!(IfMatch::parse("*"), Some(IfMatch::Any));
        assert_eq!(IfMatch::parse("\"1\", *"), Some(IfMatch::Any));
    }

    #[test]
    fn a_quoted_version_keeps_its_commas() {
        // Regression: the header was split on every comma, so the version "2024-01-01,a" became
        // `"2024-01-01` and `a"`, and a decision on it was refused with 412 forever.
        assert_eq!(versions("\"2024-01-01,a\""), ["2024-01-01,a"]);
        assert_eq!(versions("W/\"a,b\" , \"c\""), ["a,b", "c"]);
    }

    #[test]
    fn an_empty_quoted_version_is_a_version_to_compare() {
        // Regression: `If-Match: ""` was dropped as empty, so no check was made and a stale
        // decision on an item whose version was "" was stored.
        assert_eq!(versions("\"\""), [""]);
        assert!(IfMatch::parse("\"\"").is_some_and(|header| header.matches("") && !header.matches("2")));
        assert!(!versions("\"*\"").is_empty() && !IfMatch::parse("\"*\"").is_some_and(|header| header.matches("3")), "a quoted * is a version");
    }
}
