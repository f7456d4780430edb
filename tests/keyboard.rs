//! The keyboard in headless Chromium: `u`, Ctrl+Enter, `j` and `k`, the help behind `?` and
//! the keys it lists, and `config.keymap`.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::{ITEMS, LEADS};
use support::mounted::{mount, Mounted};
use support::{press_key, settle};

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn u_outside_a_text_field_undoes_the_held_decision_and_inside_one_types() {
    let widget = mount(ITEMS, &[("submit-url", "/nowhere"), ("undo-seconds", "600")]);
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.part("undo").is_some());
    let press = |target: &Element| press_key(target, "u", false);
    press(&widget.part("body").unwrap());
    settle().await;
    assert!(widget.events_named("countersign:undo").is_empty(), "typing u in the editor must not undo");
    press(&widget.part("queue").unwrap());
    settle().await;
    assert_eq!(widget.events_named("countersign:undo").len(), 1);
    assert!(widget.part("undo").is_none());
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 2", "the undone item is shown again");
}

fn press_ctrl_enter(target: &Element) {
    press_key(target, "Enter", true);
}

#[wasm_bindgen_test]
async fn ctrl_enter_in_the_editor_approves() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    press_ctrl_enter(&widget.part("body").unwrap());
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["decision"], "approved");
}

#[wasm_bindgen_test]
async fn ctrl_enter_opens_the_reason_form_when_the_policy_wants_a_reason_to_approve() {
    let items = r#"[{"id":"a","kind":"email","draft":{"body":"B"},
        "policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"checked","label":"Checked"}]}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    press_ctrl_enter(&widget.part("body").unwrap());
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty());
    assert!(widget.root.query_selector("[data-confirm='approved']").unwrap().is_some(), "the approval form must open");
}

fn active_part(widget: &Mounted) -> Option<String> {
    widget.root.active_element().and_then(|element| element.get_attribute("part"))
}

#[wasm_bindgen_test]
async fn j_and_k_move_through_the_queue_and_a_decision_sends_focus_to_the_next_draft() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let root: HtmlElement = widget.part("review").unwrap().dyn_into().unwrap();
    root.focus().unwrap();
    press_key(&root, "j", false);
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().as_deref(), Some("2 of 2"));
    assert_eq!(active_part(&widget).as_deref(), Some("review"), "moving keeps focus on the widget, so j and k go on working");
    let body: HtmlElement = widget.part("body").unwrap().dyn_into().unwrap();
    body.focus().unwrap();
    press_key(&widget.part("body").unwrap(), "k", false);
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().as_deref(), Some("2 of 2"), "k typed in the editor is text");
    press_key(&widget.part("body").unwrap(), "Escape", false);
    settle().await;
    assert_eq!(active_part(&widget).as_deref(), Some("review"), "Escape leaves the editor");
    press_key(&root, "k", false);
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().as_deref(), Some("1 of 2"));
    press_key(&root, "s", false);
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().as_deref(), Some("2 of 2"), "skipping moves on");
    assert_eq!(active_part(&widget).as_deref(), Some("body"), "after a decision the next item's draft has focus");
}

#[wasm_bindgen_test]
async fn question_mark_opens_the_help_which_keeps_and_returns_focus() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let root: HtmlElement = widget.part("review").unwrap().dyn_into().unwrap();
    root.focus().unwrap();
    press_key(&root, "?", false);
    settle().await;
    let help = widget.part("help").expect("the help overlay opens");
    assert!(help.text_content().unwrap_or_default().contains("Next item"));
    assert_eq!(widget.root.active_element().map(|element| element.tag_name()).as_deref(), Some("BUTTON"), "focus moves into the help");
    press_key(&widget.root.active_element().unwrap(), "a", false);
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "shortcuts rest while the help is open");
    press_key(&widget.root.active_element().unwrap(), "Escape", false);
    settle().await;
    assert!(widget.part("help").is_none(), "Escape closes it");
    assert_eq!(active_part(&widget).as_deref(), Some("review"), "focus goes back where it was");
}

#[wasm_bindgen_test]
async fn the_help_lists_only_the_keys_that_act_on_the_item_on_screen() {
    let help_rows = |widget: &Mounted| -> Vec<String> {
        let rows = widget.root.query_selector_all("[part~='help'] td").unwrap();
        (0..rows.length()).filter_map(|at| rows.item(at)).filter_map(|row| row.text_content()).collect()
    };
    let open_help = |widget: &Mounted| {
        let root: HtmlElement = widget.part("review").unwrap().dyn_into().unwrap();
        root.focus().unwrap();
        press_key(&root, "?", false);
    };
    let reject_only = r#"[{"id":"r1","kind":"email","draft":{"subject":"Hi","body":"Hello"},
        "policy":{"allow_approve":false,"allow_edit":false,"allow_regenerate":false,"allow_skip":false}}]"#;
    let widget = mount(reject_only, &[]);
    settle().await;
    open_help(&widget);
    settle().await;
    let rows = help_rows(&widget);
    assert!(rows.iter().any(|row| row.starts_with("Reject")), "{rows:?}");
    for absent in ["Approve", "Approve, also while editing", "Skip", "Regenerate", "Move the focused lead", "Exclude the focused lead"] {
        assert!(!rows.iter().any(|row| row.starts_with(absent)), "{absent} is not offered: {rows:?}");
    }
    assert!(rows.iter().any(|row| row == "Next item"), "moving through the queue always works: {rows:?}");
    // A lead list with every decision lists them all, and its own keys.
    let leads = mount(LEADS, &[]);
    settle().await;
    open_help(&leads);
    settle().await;
    let rows = help_rows(&leads);
    for present in ["Approve", "Approve, also while editing", "Skip", "Move the focused lead", "Exclude the focused lead"] {
        assert!(rows.iter().any(|row| row.starts_with(present)), "{present}: {rows:?}");
    }
    // Bug: a decided item's help listed the decision keys, whose buttons are disabled.
    let decided = mount(r#"[{"id":"d1","kind":"email","draft":{"subject":"Hi","body":"Hello"}}]"#, &[("undo-seconds", "600")]);
    settle().await;
    let root: HtmlElement = decided.part("review").unwrap().dyn_into().unwrap();
    root.focus().unwrap();
    press_key(&root, "a", false);
    settle().await;
    assert_eq!(decided.events_named("countersign:decision").len(), 1, "the item is decided");
    open_help(&decided);
    settle().await;
    let rows = help_rows(&decided);
    assert!(rows.iter().any(|row| row.starts_with("Undo")), "{rows:?}");
    for absent in ["Approve", "Reject", "Ask the AI", "Skip"] {
        assert!(!rows.iter().any(|row| row.starts_with(absent)), "{absent} does nothing on a decided item: {rows:?}");
    }
}

#[wasm_bindgen_test]
async fn a_remapped_key_decides_and_the_old_one_no_longer_does() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.configure(r#"{"keymap":{"approve":"y"}}"#);
    settle().await;
    let root = widget.part("review").unwrap();
    press_key(&root, "a", false);
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "a no longer approves");
    press_key(&root, "y", false);
    settle().await;
    assert_eq!(widget.events_named("countersign:decision").len(), 1);
    widget.configure(r#"{"keymap":{"approve":"r"}}"#);
    settle().await;
    let notice = widget.text(".cs-notice");
    assert!(notice.contains("\"r\" would do both approve and reject"), "{notice}");
}
