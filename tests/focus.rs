//! Focus and the keyboard in headless Chromium: where focus goes when what had it is disabled
//! or removed, the single keys on controls that are not text fields, and Ctrl+Enter with a
//! form or a note being typed.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{press_key, settle, type_into};

use std::cell::RefCell;
use std::rc::Rc;

use countersign::element::{attach, ElementHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const THREE: &str = r#"[{"id":"f1","kind":"email","title":"One","draft":{"subject":"s","body":"1"}},
    {"id":"f2","kind":"email","title":"Two","draft":{"subject":"s","body":"2"}},
    {"id":"f3","kind":"email","title":"Three","draft":{"subject":"s","body":"3"}}]"#;

/// A widget on a fresh element, its handle shared with event listeners that need it, and the
/// details of its decisions.
struct Mounted {
    host: HtmlElement,
    root: ShadowRoot,
    handle: Rc<RefCell<Option<ElementHandle>>>,
    decisions: Rc<RefCell<Vec<serde_json::Value>>>,
    _listener: Closure<dyn FnMut(CustomEvent)>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.borrow_mut().take() {
            handle.unmount();
        }
        self.host.remove();
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> HtmlElement {
        self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
    }

    /// Focuses the control, then clicks it, as a mouse does.
    fn press(&self, selector: &str) {
        let control = self.find(selector);
        control.focus().unwrap();
        control.click();
    }

    fn position(&self) -> String {
        self.find("[part~='queue-position']").text_content().unwrap_or_default()
    }

    /// The `part` (else the tag) of what has focus in the widget, `None` when focus left it.
    fn focused(&self) -> Option<String> {
        self.root.active_element().map(|element| element.get_attribute("part").unwrap_or_else(|| element.tag_name()))
    }
}

/// Mounts a widget holding `items` inline; `on_decision` runs on each decision with the handle.
fn mount_with(items: &str, attributes: &[(&str, &str)], on_decision: impl Fn(&ElementHandle, &serde_json::Value) + 'static) -> Mounted {
    let host = support::host_with_items(items, attributes);
    let (handle, decisions) = (Rc::new(RefCell::new(None::<ElementHandle>)), Rc::new(RefCell::new(Vec::new())));
    let (listening_handle, listening_decisions) = (handle.clone(), decisions.clone());
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        let detail: serde_json::Value = serde_json::from_str(&String::from(js_sys::JSON::stringify(&event.detail()).unwrap())).unwrap();
        if let Some(handle) = listening_handle.borrow().as_ref() {
            on_decision(handle, &detail);
        }
        listening_decisions.borrow_mut().push(detail);
    });
    host.add_event_listener_with_callback("countersign:decision", listener.as_ref().unchecked_ref()).unwrap();
    *handle.borrow_mut() = Some(attach(host.clone()).unwrap());
    let root = host.shadow_root().unwrap();
    Mounted { host, root, handle, decisions, _listener: listener }
}

fn mount(items: &str, attributes: &[(&str, &str)]) -> Mounted {
    mount_with(items, attributes, |_, _| {})
}

#[wasm_bindgen_test]
async fn a_control_disabled_or_removed_under_focus_leaves_focus_in_the_widget() {
    // Bug: when the focused button was disabled (Approve once decided, ‹ on the first item) or
    // removed (Undo once used), focus fell to the page's body and no single key worked until
    // the person clicked into the widget again.
    let widget = mount(THREE, &[("submit-url", "/nowhere"), ("undo-seconds", "600")]);
    settle().await;
    widget.press("[part~='approve']");
    settle().await;
    assert_eq!(widget.position(), "2 of 3");
    assert_eq!(widget.focused().as_deref(), Some("body"), "after a decision the next item's draft has focus");
    widget.press("[part~='undo']");
    settle().await;
    assert_eq!(widget.position(), "1 of 3", "the undone item is shown again");
    assert_eq!(widget.focused().as_deref(), Some("review"), "Undo is gone: the widget has focus");
    press_key(&widget.find("[part~='review']"), "j", false);
    settle().await;
    assert_eq!(widget.position(), "2 of 3", "j works at once");
    widget.press(".cs-nav");
    settle().await;
    assert_eq!(widget.position(), "1 of 3");
    assert_eq!(widget.focused().as_deref(), Some("review"), "‹ is disabled on the first item: the widget has focus");
    // The person's own moves stay theirs: focus left on something enabled is not taken back.
    widget.find("[part~='skip']").focus().unwrap();
    widget.find("[part~='skip']").blur().unwrap();
    settle().await;
    assert_eq!(widget.focused(), None);
}

#[wasm_bindgen_test]
async fn a_draft_given_focus_shows_its_first_line_with_the_caret_before_it() {
    // Bug: a new draft's text was set as its value, which puts the caret after the last
    // character; the focus a decision gives the next draft (and `e`) then scrolled a long
    // draft to its last line, and the person met an email at its signature.
    let lines: Vec<String> = (1..=80).map(|line| format!("Line {line} of a long draft.")).collect();
    let email = |id: &str, body: &str| serde_json::json!({"id": id, "kind": "email", "draft": {"subject": "A subject", "body": body}});
    let items = serde_json::json!([email("short", "Hi"), email("long", &lines.join("\n")), email("long2", &lines.join("\n"))]).to_string();
    let widget = mount(&items, &[("submit-url", "/nowhere")]);
    settle().await;
    widget.press("[part~='approve']");
    settle().await;
    assert_eq!(widget.position(), "2 of 3");
    assert_eq!(widget.focused().as_deref(), Some("body"), "after a decision the next item's draft has focus");
    let body: web_sys::HtmlTextAreaElement = widget.find("[part~='body']").dyn_into().unwrap();
    assert!(body.scroll_height() > 2 * body.client_height(), "the draft is taller than its field");
    assert_eq!((body.selection_start().unwrap(), body.scroll_top()), (Some(0), 0), "the caret before the first word, the first line in view");
    // `e` on a draft not yet focused does the same.
    press_key(&widget.find("[part~='review']"), "j", false);
    settle().await;
    assert_eq!(widget.position(), "3 of 3");
    press_key(&widget.find("[part~='review']"), "e", false);
    settle().await;
    let body: web_sys::HtmlTextAreaElement = widget.find("[part~='body']").dyn_into().unwrap();
    assert_eq!(widget.focused().as_deref(), Some("body"));
    assert_eq!((body.selection_start().unwrap(), body.scroll_top()), (Some(0), 0));
    let subject: web_sys::HtmlInputElement = widget.find("[part~='subject']").dyn_into().unwrap();
    assert_eq!((subject.value(), body.value().lines().count()), ("A subject".to_string(), 80), "both fields hold their text");
}

#[wasm_bindgen_test]
async fn deciding_the_last_open_item_leaves_j_and_k_on_the_widget() {
    // Bug: the flag that sends focus to the next draft after a decision stayed set when no
    // item was left to move to, so the next k put focus in the (read-only) draft, where a
    // second k did nothing.
    let widget = mount(THREE, &[("undo-seconds", "0")]);
    settle().await;
    let root = widget.find("[part~='review']");
    for _ in 0..3 {
        root.focus().unwrap();
        press_key(&root, "a", false);
        settle().await;
    }
    assert_eq!(widget.decisions.borrow().len(), 3);
    root.focus().unwrap();
    press_key(&root, "k", false);
    settle().await;
    assert_eq!(widget.position(), "2 of 3");
    assert_eq!(widget.focused().as_deref(), Some("review"), "k keeps focus on the widget");
    press_key(&root, "k", false);
    settle().await;
    assert_eq!(widget.position(), "1 of 3", "so k works again");
}

#[wasm_bindgen_test]
async fn pressing_approve_again_on_its_open_form_submits_what_was_typed() {
    // Bug: Ctrl+Enter (or Approve clicked again) while "Why approve?" was open opened the form
    // afresh: the ticked reasons and the comment were wiped and focus was lost.
    let items = r#"[{"id":"w1","kind":"email","draft":{"subject":"s","body":"b"},
        "policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"known","label":"Known contact"}]}},
        {"id":"w2","kind":"email","draft":{"subject":"s","body":"c"}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    widget.press("[part~='approve']");
    settle().await;
    widget.find(".cs-form input[value='known']").click();
    let comment = widget.find("#cs-comment");
    comment.focus().unwrap();
    type_into(&comment, "Met them last week");
    press_key(&comment, "Enter", true);
    settle().await;
    let decisions = widget.decisions.borrow();
    assert_eq!(decisions.len(), 1, "the open form was submitted");
    assert_eq!(decisions[0]["reasons"], serde_json::json!(["known"]));
    assert_eq!(decisions[0]["comment"], "Met them last week");
}

#[wasm_bindgen_test]
async fn ctrl_enter_in_a_rejections_comment_rejects_and_never_approves() {
    // Bug: Ctrl+Enter approved from anywhere, a rejection's own form included: a person who
    // typed why the draft was wrong and pressed Ctrl+Enter to send that approved the draft,
    // and their reason was dropped.
    let items = r#"[{"id":"r1","kind":"email","draft":{"subject":"s","body":"b"}},
        {"id":"r2","kind":"email","draft":{"subject":"s","body":"c"}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    widget.press("[part~='reject']");
    settle().await;
    let comment = widget.find("#cs-comment");
    comment.focus().unwrap();
    type_into(&comment, "Wrong pricing tier");
    press_key(&comment, "Enter", true);
    settle().await;
    let decisions = widget.decisions.borrow();
    assert_eq!(decisions.len(), 1, "the open form was submitted");
    assert_eq!(decisions[0]["decision"], "rejected");
    assert_eq!(decisions[0]["comment"], "Wrong pricing tier");
}

#[wasm_bindgen_test]
async fn a_decision_form_takes_focus_at_its_first_field_as_it_opens() {
    // Bug: `r` (or a click on Reject) opened the form but left focus where it was, so a
    // keyboard user tabbed through the whole widget to reach the reasons and the comment.
    let items = r#"[{"id":"f1","kind":"email","draft":{"subject":"s","body":"b"},
        "policy":{"reason_codes":[{"code":"tone","label":"Wrong tone"}]}},
        {"id":"f2","kind":"email","draft":{"subject":"s","body":"c"}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    widget.press("[part~='reject']");
    settle().await;
    let active = || widget.root.active_element();
    assert_eq!(active().and_then(|focused| focused.get_attribute("value")).as_deref(), Some("tone"), "the first reason");
    widget.find(".cs-form .cs-button:not([data-confirm])").click();
    settle().await;
    widget.press("button[aria-label='Next item']");
    settle().await;
    widget.press("[part~='reject']");
    settle().await;
    assert_eq!(active().map(|focused| focused.id()).as_deref(), Some("cs-comment"), "without reasons, the comment");
}

#[wasm_bindgen_test]
async fn ctrl_enter_in_a_lead_note_or_a_point_note_keeps_what_was_typed() {
    // Bug: the notes were committed on `change` only, which Ctrl+Enter never fired: a lead's
    // note and a disagreement's note typed just before approving were lost.
    let items = r#"[{"id":"n1","kind":"lead_list","leads":[{"id":"l1","name":"Dana"},{"id":"l2","name":"Sam"}]},
        {"id":"n2","kind":"email","draft":{"subject":"s","body":"We grow."},"rationale":{"points":[{"text":"Growth","quote":"grow"}]}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    let note = widget.find("[data-lead-id='l1'] .cs-note input");
    note.focus().unwrap();
    type_into(&note, "Call on Monday");
    press_key(&note, "Enter", true);
    settle().await;
    assert_eq!(widget.decisions.borrow()[0]["final"]["notes"], serde_json::json!({ "l1": "Call on Monday" }));
    widget.press(".cs-verdict button:nth-of-type(2)");
    settle().await;
    let point_note = widget.find(".cs-verdict-note");
    point_note.focus().unwrap();
    type_into(&point_note, "Flat this year");
    press_key(&point_note, "Enter", true);
    settle().await;
    assert_eq!(widget.decisions.borrow()[1]["points"], serde_json::json!([{ "index": 0, "verdict": "disagree", "note": "Flat this year" }]));
}

#[wasm_bindgen_test]
async fn single_keys_work_on_a_focused_checkbox() {
    // Bug: every `<input>` counted as a text field, so no single key worked on a checkbox of
    // the queue's list (or a reason's).
    let widget = mount(THREE, &[]);
    settle().await;
    widget.press(".cs-select-several");
    settle().await;
    let checkbox = widget.find("input[data-item-id='f3']");
    checkbox.focus().unwrap();
    press_key(&checkbox, "j", false);
    settle().await;
    assert_eq!(widget.position(), "2 of 3");
}

#[wasm_bindgen_test]
async fn approving_a_selection_without_the_item_on_screen_stays_on_it() {
    // Bug: approving selected items moved the view to the next item even when the one on
    // screen was not among them.
    let four = THREE.replace("]", r#",{"id":"f4","kind":"email","title":"Four","draft":{"subject":"s","body":"4"}}]"#);
    let widget = mount(&four, &[]);
    settle().await;
    widget.press(".cs-select-several");
    settle().await;
    widget.find("input[data-item-id='f3']").click();
    widget.find("input[data-item-id='f4']").click();
    widget.press("[data-batch='approved']");
    settle().await;
    assert_eq!(widget.decisions.borrow().len(), 2);
    assert_eq!(widget.position(), "1 of 4");
}

#[wasm_bindgen_test]
async fn items_replaced_from_the_decision_listener_open_at_their_first_item() {
    // Bug: a `countersign:decision` listener setting `items` to the queue without the decided
    // item made the widget skip the new queue's first item.
    let widget = mount_with(THREE, &[], |handle, detail| {
        let left: Vec<serde_json::Value> = serde_json::from_str::<Vec<serde_json::Value>>(THREE).unwrap().into_iter().filter(|item| item["id"] != detail["item_id"]).collect();
        handle.set_items(js_sys::JSON::parse(&serde_json::to_string(&left).unwrap()).unwrap());
    });
    settle().await;
    widget.press("[part~='approve']");
    settle().await;
    assert_eq!(widget.position(), "1 of 2");
    assert_eq!(widget.find("h2.cs-title").text_content().as_deref(), Some("Two"));
}

#[wasm_bindgen_test]
async fn a_grabbed_lead_is_dropped_when_focus_leaves_its_row_and_kept_while_it_moves() {
    // Bug: a lead picked up with Space stayed grabbed after Tab or a click took focus away, so
    // the arrows on its row, once focused again, moved it without a new Space. Moving it
    // (which moves its row in the DOM, blurring it until it is focused again) must keep it.
    let items = r#"[{"id":"g","kind":"lead_list","leads":[{"id":"l1","name":"Ann"},{"id":"l2","name":"Bo"},{"id":"l3","name":"Cy"}]},
        {"id":"g2","kind":"message","draft":{"body":"x"}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    let row = |id: &str| widget.find(&format!("[part~='lead'][data-lead-id='{id}']"));
    let grabbed = |id: &str| row(id).has_attribute("data-grabbed");
    let order = || {
        let rows = widget.root.query_selector_all("[part~='lead']").unwrap();
        (0..rows.length()).filter_map(|index| rows.item(index)?.dyn_into::<web_sys::Element>().ok()?.get_attribute("data-lead-id")).collect::<Vec<_>>()
    };
    row("l2").focus().unwrap();
    press_key(&row("l2"), " ", false);
    settle().await;
    assert!(grabbed("l2"));
    // Up moves the row itself in the DOM; down moves its neighbour past it.
    for (key, expected) in [("ArrowUp", ["l2", "l1", "l3"]), ("ArrowDown", ["l1", "l2", "l3"]), ("ArrowDown", ["l1", "l3", "l2"]), ("ArrowUp", ["l1", "l2", "l3"])] {
        press_key(&row("l2"), key, false);
        settle().await;
        assert_eq!(order(), expected, "{key}");
        assert!(grabbed("l2"), "a move keeps the lead grabbed ({key})");
        assert_eq!(widget.root.active_element().and_then(|focused| focused.get_attribute("data-lead-id")).as_deref(), Some("l2"), "the moved row keeps focus");
    }
    // Tab to the next row.
    row("l3").focus().unwrap();
    settle().await;
    assert!(!grabbed("l2"), "leaving the row drops the lead");
    press_key(&row("l3"), "ArrowDown", false);
    press_key(&row("l2"), "ArrowDown", false);
    settle().await;
    assert_eq!(order(), ["l1", "l2", "l3"], "plain arrows move nothing once dropped");
    // A click on the widget's background takes focus to its root.
    row("l1").focus().unwrap();
    press_key(&row("l1"), " ", false);
    settle().await;
    widget.find("[part~='review']").focus().unwrap();
    settle().await;
    assert!(!grabbed("l1"), "a click elsewhere drops the lead");
}

#[wasm_bindgen_test]
async fn the_help_is_a_modal_that_a_press_outside_closes_and_that_lists_the_grab_keys() {
    // Bug: a click outside the help left it open, and every single key off with it; a click
    // on its text sent focus out of it to the widget behind; and a lead list's Space, arrows,
    // Space (the grab pattern) were missing from it.
    let items = r#"[{"id":"h","kind":"lead_list","leads":[{"id":"l1","name":"Ann"},{"id":"l2","name":"Bo"}]},
        {"id":"h2","kind":"message","draft":{"body":"x"}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    let press = |target: &web_sys::Element| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_cancelable(true);
        let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("mousedown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
        event.default_prevented()
    };
    let focused_lead = || widget.root.active_element().and_then(|focused| focused.get_attribute("data-lead-id"));
    let open = |id: &'static str| {
        let row = widget.find(&format!("[data-lead-id='{id}']"));
        row.focus().unwrap();
        press_key(&row, "?", false);
    };
    open("l1");
    settle().await;
    let help = widget.find("[part~='help']");
    assert_eq!((help.get_attribute("role").as_deref(), help.get_attribute("aria-modal").as_deref()), (Some("dialog"), Some("true")));
    let text = help.text_content().unwrap_or_default();
    assert!(text.contains("Space, ↑ / ↓, Space") && text.contains("Pick up the focused lead, move it, drop it"), "{text}");
    let close = widget.find("[part~='help'] button");
    assert_eq!(widget.root.active_element(), Some(close.clone().into()), "focus moves into the help");
    // A click on its text focuses the dialog itself, and Tab either way cycles to its control.
    assert!(!press(&widget.find("[part~='help'] h2")), "a press inside is the dialog's");
    assert_eq!(help.get_attribute("tabindex").as_deref(), Some("-1"), "the dialog takes the focus of a click on its text");
    for shift in [false, true] {
        help.focus().unwrap();
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Tab");
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_composed(true);
        help.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
        assert_eq!(widget.root.active_element(), Some(close.clone().into()), "Tab (shift: {shift}) stays in the help");
    }
    assert!(widget.root.query_selector("[part~='help']").unwrap().is_some(), "still open");
    // A press in the widget outside the dialog (the margin around it) closes it: nothing
    // behind takes the press, and focus goes back where it was.
    assert!(press(&widget.find("[part~='review']")), "the press goes no further");
    settle().await;
    assert!(widget.root.query_selector("[part~='help']").unwrap().is_none(), "a press outside closes the help");
    assert_eq!(focused_lead().as_deref(), Some("l1"), "focus goes back where it was");
    // A press on the host page closes it too, leaving the press to the page.
    open("l2");
    settle().await;
    assert!(!press(&web_sys::window().unwrap().document().unwrap().body().unwrap()), "the page's press is the page's");
    settle().await;
    assert!(widget.root.query_selector("[part~='help']").unwrap().is_none(), "a press on the page closes the help");
}
