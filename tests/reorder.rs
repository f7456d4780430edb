//! Lead lists reordered in headless Chromium: `Alt+↑`, the grab pattern and dragging, `x` and
//! Restore, the metrics in the result, moved rows kept as the same nodes, and a long list's
//! rows beyond the first hundred built at idle time.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::LEADS;
use support::mounted::{mount, Mounted};
use support::{idle, press_on, settle};

use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn lead_order(widget: &Mounted) -> Vec<String> {
    widget.parts("lead").iter().map(|lead| lead.get_attribute("data-lead-id").unwrap_or_default()).collect()
}

fn lead(widget: &Mounted, id: &str) -> Element {
    widget.root.query_selector(&format!("[part~='lead'][data-lead-id='{id}']")).unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn a_long_lead_list_shows_its_first_rows_at_once_and_the_rest_at_idle_time() {
    let leads: Vec<String> = (0..250).map(|index| format!(r#"{{"id":"l{index}","name":"Lead {index}"}}"#)).collect();
    let items = format!(r#"[{{"id":"many","kind":"lead_list","leads":[{}]}}]"#, leads.join(","));
    let widget = mount(&items, &[]);
    let ids = |range: std::ops::Range<usize>| range.map(|index| format!("l{index}")).collect::<Vec<String>>();
    let rank = |id: &str| lead(&widget, id).query_selector(".cs-rank").unwrap().and_then(|rank| rank.text_content()).unwrap_or_default();
    assert_eq!(lead_order(&widget), ids(0..100), "the first hundred rows come with the list");
    assert_eq!(rank("l99"), "100");
    // A move before the rest came: the moved row takes its place, and the next hundred come
    // with it.
    press_on(&lead(&widget, "l99"), "ArrowUp", true);
    let mut expected = ids(0..200);
    expected.swap(98, 99);
    assert_eq!(lead_order(&widget), expected);
    assert_eq!((rank("l99"), rank("l98"), rank("l199")), ("99".to_string(), "100".to_string(), "200".to_string()));
    idle().await;
    settle().await;
    let mut expected = ids(0..250);
    expected.swap(98, 99);
    assert_eq!(lead_order(&widget), expected, "the rest follow once the browser is idle, in their places");
    assert_eq!(rank("l249"), "250");
}

#[wasm_bindgen_test]
async fn leads_reorder_with_the_keyboard_exclude_with_x_and_the_result_carries_the_metrics() {
    let widget = mount(LEADS, &[]);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l2", "l3", "l4"], "the AI's order first");
    let (l2_before, l3_before) = (lead(&widget, "l2"), lead(&widget, "l3"));
    press_on(&lead(&widget, "l3"), "ArrowUp", true);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l3", "l2", "l4"]);
    assert!(lead(&widget, "l3") == l3_before && lead(&widget, "l2") == l2_before, "moved rows are the same nodes, moved rather than rebuilt");
    let place = |id: &str| {
        let row = lead(&widget, id);
        let text = |selector: &str| row.query_selector(selector).unwrap().and_then(|node| node.text_content()).unwrap_or_default();
        (text(".cs-rank"), text(".cs-move [aria-hidden]"), text(".cs-move .cs-visually-hidden"), row.get_attribute("aria-label").unwrap_or_default())
    };
    assert_eq!(place("l2").0, "3", "the rank follows the row's new place");
    assert_eq!(place("l2").1, "↓1");
    assert!(place("l2").2.contains("down 1"), "{:?}", place("l2"));
    assert!(place("l2").3.ends_with("position 3"), "{:?}", place("l2"));
    assert_eq!((place("l1").0, place("l1").1, place("l1").2), ("1".to_string(), String::new(), String::new()), "an unmoved lead has no mark");
    // Keys typed in a row's note field are the note's, not the row's.
    let note = lead(&widget, "l2").query_selector(".cs-note input").unwrap().unwrap();
    press_on(&note, "x", false);
    press_on(&note, "ArrowUp", true);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l3", "l2", "l4"], "nothing moved or was excluded from the note field");
    let live = widget.root.text_content().unwrap_or_default();
    assert!(live.contains("Lead Ines Duarte moved to position 2 of 4."), "the move is announced");
    assert_eq!(lead(&widget, "l3").query_selector(".cs-move [aria-hidden]").unwrap().and_then(|mark| mark.text_content()).as_deref(), Some("↑1"));
    // The grab pattern: Space picks l4 up, ArrowUp twice moves it, Space drops it.
    let l4 = lead(&widget, "l4");
    press_on(&l4, " ", false);
    settle().await;
    press_on(&lead(&widget, "l4"), "ArrowUp", false);
    settle().await;
    press_on(&lead(&widget, "l4"), "ArrowUp", false);
    settle().await;
    press_on(&lead(&widget, "l4"), " ", false);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l4", "l3", "l2"]);
    press_on(&lead(&widget, "l2"), "x", false);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l4", "l3"]);
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["order"], serde_json::json!(["l1", "l4", "l3"]));
    assert_eq!(decisions[0]["final"]["excluded"], serde_json::json!(["l2"]));
    // Among l1, l3, l4: (l3, l4) is the only discordant pair of three.
    assert_eq!(decisions[0]["metrics"], serde_json::json!({ "kendall_tau": 0.3333, "moved": 2, "excluded": 1 }));
    assert_eq!(decisions[0]["edited"], true);
}

#[wasm_bindgen_test]
async fn x_on_a_lead_list_that_cannot_be_edited_excludes_nothing_and_says_nothing() {
    // Bug: `x` on a lead of a list the policy keeps as it is (`allow_edit: false`), or of a
    // decided one, left the list alone but announced "Lead Omar Haddad excluded." to a
    // screen reader.
    let widget = mount(&LEADS.replace(r#""title":"Q4 leads","#, r#""title":"Q4 leads","policy":{"allow_edit":false},"#), &[]);
    settle().await;
    press_on(&lead(&widget, "l2"), "x", false);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l2", "l3", "l4"]);
    let live = widget.root.text_content().unwrap_or_default();
    assert!(!live.contains("excluded."), "{live}");
}

#[wasm_bindgen_test]
async fn escape_puts_a_picked_up_lead_back_and_a_restored_lead_returns_to_its_place() {
    let widget = mount(LEADS, &[]);
    settle().await;
    press_on(&lead(&widget, "l1"), " ", false);
    settle().await;
    press_on(&lead(&widget, "l1"), "ArrowDown", false);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l2", "l1", "l3", "l4"]);
    press_on(&lead(&widget, "l1"), "Escape", false);
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l2", "l3", "l4"]);
    widget.click("[part~='lead'][data-lead-id='l2'] .cs-lead-side button");
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l3", "l4"]);
    widget.click(".cs-excluded-lead[data-lead-id='l2'] button");
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l2", "l3", "l4"]);
}

#[wasm_bindgen_test]
async fn dragging_shows_where_the_lead_will_land_and_drops_it_there() {
    let widget = mount(LEADS, &[]);
    settle().await;
    let fire = |id: &str, name: &str| {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        lead(&widget, id).dispatch_event(&web_sys::Event::new_with_event_init_dict(name, &init).unwrap()).unwrap();
    };
    fire("l4", "dragstart");
    fire("l2", "dragover");
    assert_eq!(lead(&widget, "l2").get_attribute("data-drop").as_deref(), Some("before"), "coming from below, it lands before");
    fire("l2", "dragleave");
    assert_eq!(lead(&widget, "l2").get_attribute("data-drop"), None);
    fire("l2", "drop");
    settle().await;
    assert_eq!(lead_order(&widget), vec!["l1", "l4", "l2", "l3"]);
    fire("l1", "dragstart");
    fire("l2", "dragover");
    assert_eq!(lead(&widget, "l2").get_attribute("data-drop").as_deref(), Some("after"), "coming from above, it lands after");
}
