//! The notice line: problems with the configuration, the language's file or the items as a
//! whole, each on a line of its own, so news about one (items that loaded, a language that
//! arrived) clears its own line and never another's.

/// What a notice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// An attribute or `config` key that could not be used.
    Config,
    /// The language's messages file that could not be had.
    Language,
    /// Items that could not be read or fetched.
    Items,
}

/// At most one notice per [`About`], shown in that order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices([Option<String>; 3]);

impl Notices {
    /// Says `text` about `about`, replacing what was said about it; `None` clears it.
    pub fn set(&mut self, about: About, text: Option<String>) {
        self.0[about as usize] = text;
    }

    /// What is said about `about`.
    pub fn get(&self, about: About) -> Option<&str> {
        self.0[about as usize].as_deref()
    }

    /// The lines to show, configuration first.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.0.iter().flatten().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::{About, Notices};

    #[test]
    fn each_subject_keeps_its_own_line() {
        let mut notices = Notices::default();
        assert_eq!(notices.lines().count(), 0);
        notices.set(About::Items, Some("items broken".into()));
        notices.set(About::Config, Some("theme wrong".into()));
        notices.set(About::Language, Some("no German".into()));
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["theme wrong", "no German", "items broken"]);
        // Items that load clear the items' line only.
        notices.set(About::Items, None);
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["theme wrong", "no German"]);
        notices.set(About::Config, Some("keymap wrong".into()));
        assert_eq!(notices.get(About::Config), Some("keymap wrong"));
        assert_eq!(notices.get(About::Items), None);
        assert_eq!(notices.lines().count(), 2);
    }
}
