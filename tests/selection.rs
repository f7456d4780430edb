//! The queue list's selection in headless Chromium: what stays ticked, and what the batch
//! buttons count, when the host replaces the queue.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::settle;

use countersign::element::attach;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

fn items(ids: &[&str]) -> wasm_bindgen::JsValue {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","kind":"message","title":"Item {id}","draft":{{"body":"Hi"}}}}"#)).collect();
    js_sys::JSON::parse(&format!("[{}]", items.join(","))).unwrap()
}

fn find(root: &ShadowRoot, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
}

/// The ids whose rows are ticked, in queue order.
fn ticked(root: &ShadowRoot) -> Vec<String> {
    let boxes = root.query_selector_all(".cs-queue-list input[type='checkbox']").unwrap();
    (0..boxes.length())
        .filter_map(|index| boxes.item(index)?.dyn_into::<HtmlInputElement>().ok())
        .filter(HtmlInputElement::checked)
        .filter_map(|input| input.get_attribute("data-item-id"))
        .collect()
}

#[wasm_bindgen_test]
async fn a_replaced_queue_leaves_only_its_own_items_selected_and_counted() {
    // Bug: the selection kept the ids of items the host's new queue no longer held, so the
    // batch buttons said "Approve selected (3)" for one item they could decide, and an old id
    // coming back in a later queue came back ticked.
    let host = support::host_with_items("[]", &[]);
    let handle = attach(host.clone()).unwrap();
    let root = host.shadow_root().unwrap();
    handle.set_items(items(&["b1", "b2", "b3"]));
    settle().await;
    find(&root, ".cs-select-several").click();
    settle().await;
    for id in ["b1", "b2", "b3"] {
        find(&root, &format!("input[data-item-id='{id}']")).click();
    }
    settle().await;
    let approve = || find(&root, "[data-batch='approved']").text_content().unwrap_or_default();
    assert_eq!(approve(), "Approve selected (3)");
    handle.set_items(items(&["c1", "b2", "c2"]));
    settle().await;
    assert_eq!(ticked(&root), ["b2"], "the list stays open with the kept item ticked");
    assert_eq!(approve(), "Approve selected (1)");
    assert_eq!(find(&root, "[data-batch='skipped']").text_content().unwrap_or_default(), "Skip selected (1)");
    handle.set_items(items(&["b1", "b2", "b3"]));
    settle().await;
    assert_eq!(ticked(&root), ["b2"], "items that left the queue come back unticked");
    assert_eq!(approve(), "Approve selected (1)");
    handle.unmount();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_batch_problem_goes_when_the_host_replaces_the_queue() {
    // Bug: a batch refused for one item ("Item b2 needs a reason to approve.") left its problem
    // line under the list after the host replaced `items`, naming an item no longer there.
    let host = support::host_with_items("[]", &[]);
    let handle = attach(host.clone()).unwrap();
    let root = host.shadow_root().unwrap();
    let needs_reason = r#"[{"id":"b1","kind":"message","title":"Item b1","draft":{"body":"Hi"}},
        {"id":"b2","kind":"message","title":"Item b2","draft":{"body":"Hi"},"policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"ok"}]}}]"#;
    handle.set_items(js_sys::JSON::parse(needs_reason).unwrap());
    settle().await;
    find(&root, ".cs-select-several").click();
    settle().await;
    for id in ["b1", "b2"] {
        find(&root, &format!("input[data-item-id='{id}']")).click();
    }
    settle().await;
    find(&root, "[data-batch='approved']").click();
    settle().await;
    let problem = || root.query_selector(".cs-batch .cs-problem").unwrap().and_then(|line| line.text_content());
    assert_eq!(problem().as_deref(), Some("Item b2 needs a reason to approve."));
    handle.set_items(items(&["c1", "c2"]));
    settle().await;
    assert_eq!(problem(), None, "the problem was about a queue that is gone");
    assert!(root.query_selector(".cs-queue-list").unwrap().is_some(), "the list stays open");
    handle.unmount();
    host.remove();
}
