//! What may be decided, in headless Chromium: the decisions a policy hides, a reason it asks
//! for, a draft approved only once edited, a body too long for a result refused, and several
//! items decided together.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::ITEMS;
use support::mounted::mount;
use support::{press_key, settle, type_into};

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_policy_hides_the_decisions_it_does_not_allow() {
    let items = r#"[{"id":"a","kind":"email","draft":{"body":"B"},"policy":{"allow_reject":false,"allow_skip":false,"allow_edit":false}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    assert!(widget.part("reject").is_none());
    assert!(widget.part("skip").is_none());
    assert!(widget.part("regenerate").is_some());
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    assert!(body.read_only());
}

#[wasm_bindgen_test]
async fn a_policy_that_requires_a_reason_to_approve_asks_for_one() {
    let items = r#"[{"id":"a","kind":"email","draft":{"body":"B"},
        "policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"checked_facts","label":"Facts checked"}]}}]"#;
    let widget = mount(items, &[]);
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "the form must open first");
    widget.click("[data-confirm='approved']");
    settle().await;
    assert!(widget.root.query_selector(".cs-problem").unwrap().unwrap().text_content().unwrap().contains("reason to approve"));
    widget.click(".cs-form input[value='checked_facts']");
    settle().await;
    widget.click("[data-confirm='approved']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!((decisions[0]["decision"].as_str(), &decisions[0]["reasons"]), (Some("approved"), &serde_json::json!(["checked_facts"])));
}

#[wasm_bindgen_test]
async fn a_body_too_long_for_a_result_is_refused_at_the_decision_and_nothing_is_queued() {
    // Bug: a body over the 100,000 characters a result may carry was decided and queued; the
    // server refused it (422, never retried) and the decision sat in the outbox, failed for good.
    let widget = mount(ITEMS, &[("submit-url", "/never-sent/too-long"), ("undo-seconds", "30")]);
    settle().await;
    type_into(&widget.part("body").unwrap(), &"x".repeat(112_345));
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert_eq!(widget.text(".cs-decisions [role='alert']"), "The body is 12,345 characters over the 100,000 a result can carry.");
    assert!(widget.events_named("countersign:decision").is_empty(), "no decision made");
    assert_eq!(js_sys::Array::from(&widget.handle.as_ref().unwrap().pending()).length(), 0, "nothing queued");
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 2", "the item stays on screen");
    // Nor in a batch, which names the item.
    widget.click(".cs-select-several");
    settle().await;
    widget.click("input[data-item-id='itm_1']");
    widget.click("input[data-item-id='itm_2']");
    settle().await;
    widget.click("[data-batch='approved']");
    settle().await;
    assert_eq!(widget.text(".cs-batch .cs-problem"), "Follow-up after the demo is too long to send. The body is 12,345 characters over the 100,000 a result can carry.");
    assert!(widget.events_named("countersign:decision").is_empty(), "the batch decides nothing");
    assert_eq!(js_sys::Array::from(&widget.handle.as_ref().unwrap().pending()).length(), 0);
}

const EDIT_FIRST: &str = r#"[
  {"id":"e1","kind":"message","title":"Invoice","draft":{"body":"Amount: 4800"},"policy":{"allow_approve":false}},
  {"id":"e2","kind":"message","title":"Note","draft":{"body":"Thanks"}},
  {"id":"e3","kind":"message","title":"Locked","draft":{"body":"Delete the account"},"policy":{"allow_approve":false,"allow_edit":false}}
]"#;

#[wasm_bindgen_test]
async fn a_decision_too_large_to_send_is_refused_with_its_reason_and_nothing_is_queued() {
    // Bug: with each text within 100,000 characters, a result could still be over the
    // server's 1 MiB request cap (it carries the draft as it was and as edited, each twice);
    // it was queued, the server refused it (413, never retried), and it sat failed for good.
    let items = format!(r#"[{{"id":"big","kind":"message","title":"Long report","draft":{{"body":"{}"}}}},{{"id":"small","kind":"message","draft":{{"body":"Hi"}}}}]"#, "語".repeat(80_000));
    let widget = mount(&items, &[("submit-url", "/never-sent/too-large"), ("undo-seconds", "30")]);
    settle().await;
    let rewritten = "本".repeat(100_000);
    type_into(&widget.part("body").unwrap(), &rewritten);
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    let said = widget.text(".cs-decisions [role='alert']");
    assert!(said.starts_with("This decision is too large to send: its result would be 1,0") && said.ends_with(" KiB, over the 1,024 KiB the server accepts. It carries the draft as it was and as edited: shorten the longest text."), "{said}");
    assert!(widget.events_named("countersign:decision").is_empty(), "no decision made");
    assert_eq!(js_sys::Array::from(&widget.handle.as_ref().unwrap().pending()).length(), 0, "nothing queued");
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 2", "the item stays on screen");
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    assert!(body.value() == rewritten, "what the person wrote is kept");
    // Nor in a batch, which names the item.
    widget.click(".cs-select-several");
    settle().await;
    widget.click("input[data-item-id='big']");
    widget.click("input[data-item-id='small']");
    settle().await;
    widget.click("[data-batch='approved']");
    settle().await;
    let problem = widget.text(".cs-batch .cs-problem");
    assert!(problem.starts_with("Long report is too long to send. This decision is too large to send: its result would be 1,0"), "{problem}");
    assert!(widget.events_named("countersign:decision").is_empty(), "the batch decides nothing");
    assert_eq!(js_sys::Array::from(&widget.handle.as_ref().unwrap().pending()).length(), 0);
}

#[wasm_bindgen_test]
async fn a_draft_whose_policy_forbids_approving_it_as_it_is_is_approved_once_edited() {
    let widget = mount(EDIT_FIRST, &[("undo-seconds", "0")]);
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "not approved unedited");
    let problem = widget.text(".cs-problem");
    assert_eq!(problem, "Edit the draft first: this item cannot be approved as it is.");
    // Nor in a batch, where nobody edits.
    widget.click(".cs-select-several");
    settle().await;
    widget.click("input[data-item-id='e1']");
    widget.click("input[data-item-id='e2']");
    widget.click("[data-batch='approved']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "the batch decides nothing");
    let problem = widget.text(".cs-batch .cs-problem");
    assert_eq!(problem, "Invoice cannot be approved as it is: edit it and approve it on its own.");
    // Edited, it goes with the batch: the refusal is the approval's own, not the policy's.
    type_into(&widget.part("body").unwrap(), "Amount: 4500");
    settle().await;
    widget.click("[data-batch='approved']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    let edited: Vec<_> = decisions.iter().map(|decision| (decision["item_id"].as_str(), decision["edited"].as_bool())).collect();
    assert_eq!(edited, [(Some("e1"), Some(true)), (Some("e2"), Some(false))]);
    assert_eq!(decisions[0]["final"]["body"], "Amount: 4500");
    widget.click(".cs-select-several");
    settle().await;
    // An item that can be neither approved as it is nor edited has no Approve at all.
    widget.click("button[aria-label='Next item']");
    widget.click("button[aria-label='Next item']");
    settle().await;
    assert_eq!(widget.part("body").and_then(|body| body.dyn_into::<HtmlTextAreaElement>().ok()).map(|body| body.value()).as_deref(), Some("Delete the account"));
    assert!(widget.part("approve").is_none(), "no Approve for an item that allows no approval");
}

const THREE: &str = r#"[{"id":"b1","kind":"email","title":"One","draft":{"body":"1"}},
    {"id":"b2","kind":"email","title":"Two","draft":{"body":"2"}},
    {"id":"b3","kind":"email","title":"Three","draft":{"body":"3"},"policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"ok","label":"OK"}]}}]"#;

#[wasm_bindgen_test]
async fn several_items_are_approved_together_each_with_its_own_result() {
    let widget = mount(THREE, &[]);
    settle().await;
    widget.click(".cs-select-several");
    settle().await;
    let tick = |id: &str| widget.click(&format!("input[data-item-id='{id}']"));
    tick("b1");
    // Shift+click selects the range from the last row clicked.
    let init = web_sys::MouseEventInit::new();
    init.set_shift_key(true);
    init.set_bubbles(true);
    let third = widget.root.query_selector("input[data-item-id='b3']").unwrap().unwrap();
    third.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
    settle().await;
    let checked = |id: &str| widget.root.query_selector(&format!("input[data-item-id='{id}']")).unwrap().unwrap().dyn_into::<HtmlInputElement>().unwrap().checked();
    assert!(checked("b1") && checked("b2") && checked("b3"), "Shift+click ticks the range");
    widget.click("[data-batch='approved']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "nothing is decided while one item needs a reason");
    let problem = widget.text(".cs-batch .cs-problem");
    assert_eq!(problem, "Three needs a reason to approve.");
    // x on a row toggles it.
    press_key(&widget.root.query_selector("input[data-item-id='b3']").unwrap().unwrap().closest("li").unwrap().unwrap(), "x", false);
    settle().await;
    assert!(!checked("b3"));
    widget.click("[data-batch='approved']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    let ids: Vec<&str> = decisions.iter().map(|decision| decision["item_id"].as_str().unwrap_or_default()).collect();
    assert_eq!(ids, vec!["b1", "b2"]);
    assert_ne!(decisions[0]["idempotency_key"], decisions[1]["idempotency_key"], "each result has its own key");
    assert_eq!(widget.part("queue-position").unwrap().text_content().as_deref(), Some("3 of 3"), "the next open item comes on screen");
}
