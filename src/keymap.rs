//! The widget's single-key shortcuts (outside text fields) and `config.keymap`, which remaps
//! any of them. Pure, so every rule is tested natively; the review shell only looks keys up.
//!
//! `config.keymap` is an object of action names and `KeyboardEvent.key` values, such as
//! `{ "approve": "y", "next": "ArrowRight" }`. A map naming an unknown action, giving a key
//! that cannot be a shortcut, or leaving two actions on one key is refused whole, with a
//! sentence saying why, and the previous map stays.

use crate::json::Json;
use crate::model::Policy;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Approve the item on screen (as the Approve button).
    Approve,
    /// Reject it (opens the reason form).
    Reject,
    /// Ask for a regeneration (opens the feedback form).
    Regenerate,
    /// Skip it.
    Skip,
    /// Take back the latest held decision.
    Undo,
    /// The next item.
    Next,
    /// The previous item.
    Previous,
    /// Put the cursor in the draft.
    Edit,
    /// Open the shortcut overlay.
    Help,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 9] = [Action::Approve, Action::Reject, Action::Regenerate, Action::Skip, Action::Undo, Action::Next, Action::Previous, Action::Edit, Action::Help];

    /// Whether the action does anything on an item under `policy`, `open` or decided: a
    /// decision the item does not offer has no button for its key to press, and a decided
    /// item's buttons are disabled, so the help leaves those keys out.
    pub fn offered(self, policy: &Policy, open: bool) -> bool {
        match self {
            // Approve shows while an edit could make the item approvable.
            Action::Approve => open && (policy.allow_approve || policy.allow_edit),
            Action::Reject => open && policy.allow_reject,
            Action::Regenerate => open && policy.allow_regenerate,
            Action::Skip => open && policy.allow_skip,
            _ => true,
        }
    }

    /// The name used in `config.keymap`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Regenerate => "regenerate",
            Action::Skip => "skip",
            Action::Undo => "undo",
            Action::Next => "next",
            Action::Previous => "previous",
            Action::Edit => "edit",
            Action::Help => "help",
        }
    }

    /// The key the contract gives it.
    fn default_key(self) -> &'static str {
        match self {
            Action::Approve => "a",
            Action::Reject => "r",
            Action::Regenerate => "g",
            Action::Skip => "s",
            Action::Undo => "u",
            Action::Next => "j",
            Action::Previous => "k",
            Action::Edit => "e",
            Action::Help => "?",
        }
    }
}

/// Named keys a shortcut may use besides single characters.
const NAMED_KEYS: [&str; 10] = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", "Delete", "Insert"];

/// The key of each action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap(Vec<(Action, String)>);

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap(Action::ALL.into_iter().map(|action| (action, action.default_key().to_string())).collect())
    }
}

/// Why a keymap was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// Not an object of strings.
    #[error("config.keymap must be an object of action names and keys, such as {{\"approve\": \"y\", \"next\": \"ArrowRight\"}}")]
    NotAMap,
    /// An action the widget does not have.
    #[error("config.keymap: unknown action \"{0}\"; the actions are approve, reject, regenerate, skip, undo, next, previous, edit, help")]
    UnknownAction(String),
    /// A key that cannot be a shortcut.
    #[error("config.keymap: \"{key}\" for {action} is not a usable key (one character, or ArrowUp, ArrowDown, ArrowLeft, ArrowRight, Home, End, PageUp, PageDown, Delete, Insert)")]
    BadKey {
        /// The action.
        action: &'static str,
        /// The key given.
        key: String,
    },
    /// Two actions on one key.
    #[error("config.keymap: \"{key}\" would do both {first} and {second}")]
    Conflict {
        /// The key.
        key: String,
        /// One action.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
}

fn usable(key: &str) -> bool {
    let mut characters = key.chars();
    match (characters.next(), characters.next()) {
        (Some(character), None) => !character.is_whitespace() && !character.is_control(),
        _ => NAMED_KEYS.contains(&key),
    }
}

impl Keymap {
    /// The defaults with the remappings of `json` applied; refused whole when anything is wrong.
    pub fn from_config(json: &str) -> Result<Keymap, KeymapError> {
        let Ok(Json::Object(members)) = Json::parse(json) else { return Err(KeymapError::NotAMap) };
        let mut keymap = Keymap::default();
        for (name, key) in members {
            let action = Action::ALL.into_iter().find(|action| action.name() == name).ok_or(KeymapError::UnknownAction(name))?;
            let key = key.as_str().ok_or(KeymapError::NotAMap)?.to_string();
            if !usable(&key) {
                return Err(KeymapError::BadKey { action: action.name(), key });
            }
            if let Some(slot) = keymap.0.iter_mut().find(|(known, _)| *known == action) {
                slot.1 = key;
            }
        }
        for (at, (action, key)) in keymap.0.iter().enumerate() {
            if let Some((other, _)) = keymap.0[at + 1..].iter().find(|(_, other_key)| other_key == key) {
                return Err(KeymapError::Conflict { key: key.clone(), first: action.name(), second: other.name() });
            }
        }
        Ok(keymap)
    }

    /// The action of `key` (a `KeyboardEvent.key`), if any.
    pub fn action_for(&self, key: &str) -> Option<Action> {
        self.0.iter().find(|(_, bound)| bound == key).map(|(action, _)| *action)
    }

    /// Every action with its key, in the help's order.
    pub fn bindings(&self) -> &[(Action, String)] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_an_item_does_not_offer_are_not_offered_by_their_keys() {
        let everything = Policy::default();
        assert!(Action::ALL.into_iter().all(|action| action.offered(&everything, true)));
        let reject_only = Policy { allow_approve: false, allow_edit: false, allow_regenerate: false, allow_skip: false, ..Policy::default() };
        let offered: Vec<Action> = Action::ALL.into_iter().filter(|action| action.offered(&reject_only, true)).collect();
        assert_eq!(offered, [Action::Reject, Action::Undo, Action::Next, Action::Previous, Action::Edit, Action::Help]);
        let edit_first = Policy { allow_approve: false, ..Policy::default() };
        assert!(Action::Approve.offered(&edit_first, true), "approving after an edit is still approving");
    }

    #[test]
    fn a_decided_item_offers_no_decision_keys() {
        // Bug: the help of a decided item listed a, r, g and s, whose buttons are disabled.
        let offered: Vec<Action> = Action::ALL.into_iter().filter(|action| action.offered(&Policy::default(), false)).collect();
        assert_eq!(offered, [Action::Undo, Action::Next, Action::Previous, Action::Edit, Action::Help]);
    }

    #[test]
    fn the_defaults_are_the_contracts_keys() {
        let keymap = Keymap::default();
        let keys: String = keymap.bindings().iter().map(|(_, key)| key.as_str()).collect();
        assert_eq!(keys, "argsujke?");
        assert_eq!(keymap.action_for("j"), Some(Action::Next));
        assert_eq!(keymap.action_for("x"), None);
    }

    #[test]
    fn a_remapping_replaces_the_old_key() {
        let keymap = Keymap::from_config(r#"{"approve": "y", "next": "ArrowRight"}"#).unwrap();
        assert_eq!(keymap.action_for("y"), Some(Action::Approve));
        assert_eq!(keymap.action_for("a"), None, "the old key no longer approves");
        assert_eq!(keymap.action_for("ArrowRight"), Some(Action::Next));
        let swapped = Keymap::from_config(r#"{"next": "k", "previous": "j"}"#).unwrap();
        assert_eq!((swapped.action_for("k"), swapped.action_for("j")), (Some(Action::Next), Some(Action::Previous)), "swapping two keys is no conflict");
    }

    #[test]
    fn bad_maps_are_refused_with_the_reason() {
        let cases = [
            (r#"["a"]"#, KeymapError::NotAMap),
            (r#"{"approve": 1}"#, KeymapError::NotAMap),
            (r#"{"publish": "p"}"#, KeymapError::UnknownAction("publish".into())),
            (r#"{"approve": "Tab"}"#, KeymapError::BadKey { action: "approve", key: "Tab".into() }),
            (r#"{"approve": ""}"#, KeymapError::BadKey { action: "approve", key: String::new() }),
            (r#"{"approve": " "}"#, KeymapError::BadKey { action: "approve", key: " ".into() }),
            (r#"{"approve": "r"}"#, KeymapError::Conflict { key: "r".into(), first: "approve", second: "reject" }),
        ];
        for (json, error) in cases {
            assert_eq!(Keymap::from_config(json), Err(error), "{json}");
        }
        assert!(KeymapError::Conflict { key: "r".into(), first: "approve", second: "reject" }.to_string().contains("\"r\" would do both approve and reject"));
    }
}
