//! The keyboard: `Ctrl`/`⌘`+`Enter` approves from anywhere; outside text fields the keymap's
//! single keys decide, move through the queue, edit, undo and open the help; `Escape` leaves
//! the editor or closes the help. The help overlay (`part="help"`) is a modal dialog: it lists
//! the keys that act on the item on screen, keeps focus inside while open, closes on Escape,
//! its button or a press outside it, and gives focus back when closed.

use crate::runtime::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent};

use super::dom::{after_render, El};
use crate::actions::Actions;
use crate::i18n::Messages;
use crate::keymap::Action;
use crate::model::Kind;
use crate::state::{Outcome, ReviewContext};

/// What the shortcuts act on.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    /// The review state.
    pub state: ReviewContext,
    /// The actions.
    pub actions: Option<Actions>,
    /// Whether the help overlay is open.
    pub help_open: Value<bool>,
    /// What had focus before the help opened.
    pub return_focus: Stored<Option<HtmlElement>>,
}

/// The first element of the widget matching `selector`, as something focusable or clickable.
fn find(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector).ok().flatten().and_then(|element| element.dyn_into::<HtmlElement>().ok())
}

/// Whether the key went to a field the person types in: a text area, a select, something
/// editable, or an input other than a checkbox, radio button, button, range, colour or file
/// (on those the single keys keep working).
fn typing_in(event: &KeyboardEvent) -> bool {
    event.target().and_then(|target| target.dyn_into::<Element>().ok()).is_some_and(|element| match element.tag_name().as_str() {
        "INPUT" => !matches!(element.get_attribute("type").unwrap_or_default().to_ascii_lowercase().as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "image" | "range" | "color" | "file"),
        "TEXTAREA" | "SELECT" => true,
        _ => element.closest("[contenteditable]").ok().flatten().is_some(),
    })
}

/// The element focused inside the widget, if any.
fn focused(root: &Element) -> Option<HtmlElement> {
    root.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok()?.active_element()?.dyn_into::<HtmlElement>().ok()
}

impl Shortcuts {
    fn open_help(&self, root: &Element) {
        self.return_focus.set_value(focused(root));
        self.help_open.set(true);
        let root = root.clone();
        after_render(move || {
            if let Some(close) = find(&root, "[part~='help'] button") {
                let _ = close.focus();
            }
        });
    }

    /// Closes the help and gives focus back to what had it.
    pub fn close_help(&self) {
        self.help_open.set(false);
        if let Some(previous) = self.return_focus.try_update_value(Option::take).flatten() {
            let _ = previous.focus();
        }
    }

    /// A mouse press anywhere in the page while the help `dialog` is open. Outside the dialog
    /// it closes the help, as a modal's backdrop would: in the widget the press goes no further
    /// (nothing behind the overlay takes it, focus included) and focus goes back where it was;
    /// on the host page the press is the page's, and so is where focus goes.
    fn pressed(&self, dialog: &Element, event: &Event) {
        let path = event.composed_path();
        if path.includes(dialog, 0) {
            return;
        }
        if path.includes(&dialog.get_root_node(), 0) {
            event.prevent_default();
        } else {
            self.return_focus.set_value(None);
        }
        self.close_help();
    }

    /// Handles a key pressed anywhere in the widget whose root is `root`.
    pub fn on_keydown(&self, root: &Element, event: &KeyboardEvent) {
        if event.default_prevented() {
            return;
        }
        let key = event.key();
        let command = event.ctrl_key() || event.meta_key();
        if self.help_open.get_untracked() {
            match key.as_str() {
                "Escape" => {
                    event.prevent_default();
                    self.close_help();
                }
                // Tab and Shift+Tab cycle through the help's controls: it has one, its button.
                "Tab" => {
                    event.prevent_default();
                    if let Some(close) = find(root, "[part~='help'] button") {
                        let _ = close.focus();
                    }
                }
                _ => {}
            }
            return;
        }
        if key == "Enter" && command {
            event.prevent_default();
            // A note or reason being typed is committed on `change`, which leaving the field
            // fires: Ctrl+Enter leaves it no less, so what was typed goes with the decision.
            if typing_in(event)
                && let Some(field) = event.target()
                && let Ok(change) = web_sys::Event::new("change")
            {
                let _ = field.dispatch_event(&change);
            }
            // In a decision's form (a rejection's comment, a regeneration's feedback), Ctrl+Enter
            // completes that decision: what was typed there is never taken for an approval.
            let form = event.target().and_then(|target| target.dyn_into::<Element>().ok()).and_then(|target| target.closest(".cs-form").ok().flatten());
            let confirm = form.and_then(|form| find(&form, "[data-confirm]"));
            // Elsewhere exactly what the Approve button does, so a policy's reason form opens too.
            if let Some(button) = confirm.or_else(|| find(root, "[part~='approve']")) {
                button.click();
            }
            return;
        }
        if key == "Escape" && typing_in(event) {
            // Leave the editor: focus goes to the widget, where the single keys work.
            event.prevent_default();
            if let Some(root) = root.dyn_ref::<HtmlElement>() {
                let _ = root.focus();
            }
            return;
        }
        if command || event.alt_key() || typing_in(event) {
            return;
        }
        let Some(action) = self.state.config.with_untracked(|config| config.keymap.action_for(&key)) else { return };
        event.prevent_default();
        let click = |part: &str| {
            if let Some(button) = find(root, &format!("[part~='{part}']")) {
                button.click();
            }
        };
        match action {
            Action::Approve => click("approve"),
            Action::Reject => click("reject"),
            Action::Regenerate => click("regenerate"),
            Action::Skip => click("skip"),
            Action::Undo => {
                if let Some(actions) = self.actions {
                    actions.undo();
                }
            }
            Action::Next | Action::Previous => {
                let current = self.state.current.get_untracked();
                let target = if action == Action::Next { current + 1 } else { current.saturating_sub(1) };
                if let Some(actions) = self.actions {
                    actions.go_to(target);
                }
            }
            Action::Edit => {
                if let Some(editor) = find(root, "[part~='body'], [part~='lead']") {
                    let _ = editor.focus();
                }
            }
            Action::Help => self.open_help(root),
        }
    }
}

/// What `action` does, for the help.
fn describe(m: &'static Messages, action: Action) -> &'static str {
    match action {
        Action::Approve => m.action_approve(),
        Action::Reject => m.action_reject(),
        Action::Regenerate => m.action_regenerate(),
        Action::Skip => m.action_skip(),
        Action::Undo => m.action_undo(),
        Action::Next => m.action_next(),
        Action::Previous => m.action_previous(),
        Action::Edit => m.action_edit(),
        Action::Help => m.action_help(),
    }
}

/// The help overlay, while open.
pub fn help_overlay(shortcuts: Shortcuts) -> El {
    El::new("div").children_with(move || {
        if !shortcuts.help_open.get() {
            return Vec::new();
        }
        let keymap = shortcuts.state.config.with(|config| config.keymap.clone());
        let m = shortcuts.state.messages();
        // The keys that do something on the item on screen (all of them with no item).
        let entry = shortcuts.state.current_entry();
        // Whether it is open, as the help opens: read untracked, so a delivery landing while
        // the help is open (its "waiting" turning "delivered") does not build the help again,
        // which would take focus out of the dialog. No decision is made while it is open.
        let open = entry.as_ref().is_none_or(|entry| entry.outcome.get_untracked() == Outcome::Open);
        let offered = |action: Action| entry.as_ref().is_none_or(|entry| action.offered(&entry.item.policy, open));
        // The lead keys move and exclude nothing in a list that cannot be edited (its policy,
        // or decided): not offered there either.
        let leads = entry.as_ref().is_none_or(|entry| entry.item.kind == Kind::LeadList && entry.item.policy.allow_edit && open);
        let row = |keys: &str, what: &'static str| El::new("tr").child(El::new("th").attr("scope", "row").child(El::new("kbd").text_of(keys))).child(El::new("td").text(what));
        let rows = offered(Action::Approve)
            .then(|| row(m.key_command_enter(), m.help_command_enter()))
            .into_iter()
            .chain(keymap.bindings().iter().filter(|(action, _)| offered(*action)).map(|(action, key)| row(key, describe(m, *action))))
            .chain([row(m.key_escape(), m.help_escape())])
            .chain(leads.then(|| [row(m.key_move_lead(), m.help_move_lead()), row(m.key_grab_lead(), m.help_grab_lead()), row("x", m.help_exclude_lead())]).into_iter().flatten());
        let close = El::new("button").class("cs-button").text(m.close()).on("click", move |_| shortcuts.close_help());
        // Focusable itself, so a click on its text keeps focus in it rather than sending it to
        // the widget behind.
        let dialog = El::new("div")
            .attr("part", "help")
            .class("cs-help")
            .attr("role", "dialog")
            .attr("aria-modal", "true")
            .attr("aria-labelledby", "cs-help-title")
            .attr("tabindex", "-1")
            .child(El::new("h2").attr("id", "cs-help-title").text(m.help_title()))
            .child(El::new("table").child(El::new("tbody").children(rows)))
            .child(close);
        let node = dialog.node().clone();
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            listen(&document, "mousedown", Box::new(move |event| shortcuts.pressed(&node, &event)));
        }
        vec![dialog]
    })
}
