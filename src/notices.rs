//! The notice line: problems with the configuration, the language's file or the items as a
//! whole, each on a line of its own, so news about one (items that loaded, a language that
//! arrived, a setting given a good value) clears its own line and never another's.

/// What a notice is about, besides the settings (see [`Notices::set_setting`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    /// The language's messages file that could not be had.
    Language,
    /// Items that could not be read or fetched.
    Items,
}

/// A line per setting (attribute or `config` key) that could not be used, the latest last,
/// then at most one line per [`About`], in that order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    settings: Vec<(String, String)>,
    others: [Option<String>; 2],
}

impl Notices {
    /// Says `text` about `about`, replacing what was said about it; `None` clears it.
    pub fn set(&mut self, about: About, text: Option<String>) {
        self.others[about as usize] = text;
    }

    /// Says `problem` about the setting `name`, replacing what was said about it; `None` (the
    /// setting took its new value) clears it.
    pub fn set_setting(&mut self, name: &str, problem: Option<String>) {
        self.settings.retain(|(setting, _)| setting != name);
        if let Some(problem) = problem {
            self.settings.push((name.into(), problem));
        }
    }

    /// What is said about the setting `name`.
    pub fn setting(&self, name: &str) -> Option<&str> {
        self.settings.iter().find(|(setting, _)| setting == name).map(|(_, problem)| problem.as_str())
    }

    /// What is said about `about`.
    pub fn get(&self, about: About) -> Option<&str> {
        self.others[about as usize].as_deref()
    }

    /// The lines to show, the settings' first.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.settings.iter().map(|(_, problem)| problem.as_str()).chain(self.others.iter().flatten().map(String::as_str))
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
        notices.set_setting("theme", Some("theme wrong".into()));
        notices.set(About::Language, Some("no German".into()));
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["theme wrong", "no German", "items broken"]);
        // Items that load clear the items' line only.
        notices.set(About::Items, None);
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["theme wrong", "no German"]);
        assert_eq!(notices.get(About::Language), Some("no German"));
        assert_eq!(notices.get(About::Items), None);
    }

    #[test]
    fn a_setting_that_takes_a_good_value_clears_its_own_problem_only() {
        let mut notices = Notices::default();
        notices.set_setting("theme", Some("theme=purple".into()));
        notices.set_setting("keymap", Some("keymap clash".into()));
        notices.set_setting("theme", Some("theme=pink".into()));
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["keymap clash", "theme=pink"], "a new problem replaces the setting's old one, latest last");
        assert_eq!(notices.setting("theme"), Some("theme=pink"));
        notices.set_setting("theme", None);
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["keymap clash"]);
        assert_eq!(notices.setting("theme"), None);
        notices.set_setting("undo-seconds", None);
        assert_eq!(notices.lines().collect::<Vec<_>>(), ["keymap clash"], "a good value for a setting without a problem changes nothing");
        notices.set_setting("keymap", None);
        assert_eq!(notices.lines().count(), 0);
    }
}
