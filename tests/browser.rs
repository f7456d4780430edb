//! Component tests in headless Chromium: the element's Rust side mounted on a real element,
//! driven through its shadow root as a person would.
#![cfg(target_arch = "wasm32")]

mod support;

use support::{idle, pause, press_key, press_on, settle, type_into};

use std::cell::RefCell;
use std::rc::Rc;

use countersign::element::{attach, ElementHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const ITEMS: &str = r#"{"items":[
  {"id":"itm_1","version":"2","kind":"email","title":"Follow-up after the demo",
   "draft":{"subject":"Next steps","body":"Hi Sam, thanks for the demo. We are expanding into two regions."},
   "rationale":{"summary":"**Warm** lead <b>bold?</b>","confidence":0.7,"risk":"medium",
     "points":[{"text":"Mentions regions","quote":"expanding into two regions"},{"text":"Wrong claim","quote":"three new regions"}]},
   "policy":{"reason_required_for":["rejected"],"reason_codes":[{"code":"tone","label":"Wrong tone"}]},
   "metadata":{"run":7}},
  {"id":"itm_2","kind":"message","draft":{"body":"<img src=x onerror=alert(1)> Hello"}}
]}"#;

struct Mounted {
    host: HtmlElement,
    root: ShadowRoot,
    handle: Option<ElementHandle>,
    events: Rc<RefCell<Vec<(String, String)>>>,
    _listeners: Vec<Closure<dyn FnMut(CustomEvent)>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.unmount();
        }
        self.host.remove();
    }
}

impl Mounted {
    fn part(&self, name: &str) -> Option<Element> {
        self.root.query_selector(&format!("[part~='{name}']")).unwrap()
    }

    fn parts(&self, name: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(&format!("[part~='{name}']")).unwrap();
        (0..list.length()).filter_map(|index| list.item(index)?.dyn_into().ok()).collect()
    }

    fn click(&self, selector: &str) {
        let button: HtmlElement = self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap();
        button.click();
    }

    /// The text of the first element matching `selector` (empty when there is none).
    /// Sets the `config` property to the object `json` describes.
    fn configure(&self, json: &str) {
        self.handle.as_ref().unwrap().set_config(js_sys::JSON::parse(json).unwrap());
    }

    fn text(&self, selector: &str) -> String {
        self.root.query_selector(selector).unwrap().and_then(|found| found.text_content()).unwrap_or_default()
    }

    fn events_named(&self, name: &str) -> Vec<serde_json::Value> {
        self.events.borrow().iter().filter(|(event, _)| event == name).map(|(_, detail)| serde_json::from_str(detail).unwrap()).collect()
    }
}

/// Mounts a widget on a fresh element holding `items` inline.
fn mount(items: &str, attributes: &[(&str, &str)]) -> Mounted {
    let host = support::host_with_items(items, attributes);
    let events = Rc::new(RefCell::new(Vec::new()));
    let mut listeners = Vec::new();
    for name in ["countersign:ready", "countersign:decision", "countersign:invalid", "countersign:undo"] {
        let events = events.clone();
        let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
            let detail = js_sys::JSON::stringify(&event.detail()).unwrap();
            events.borrow_mut().push((name.to_string(), String::from(detail)));
        });
        host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
        listeners.push(listener);
    }
    let handle = attach(host.clone()).unwrap();
    let root = host.shadow_root().unwrap();
    Mounted { host, root, handle: Some(handle), events, _listeners: listeners }
}

#[wasm_bindgen_test]
async fn mounting_shows_the_first_email_with_its_queue_position_and_fires_ready() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 2");
    let subject: HtmlInputElement = widget.part("subject").unwrap().dyn_into().unwrap();
    assert_eq!(subject.value(), "Next steps");
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    assert!(body.value().starts_with("Hi Sam"));
    assert_eq!(widget.events_named("countersign:ready"), vec![serde_json::json!({ "items": 2 })]);
    for name in ["review", "queue", "draft", "rationale", "approve", "reject", "regenerate", "skip", "status"] {
        assert!(widget.part(name).is_some(), "part {name} is missing");
    }
}

/// The texts of the recipient line's parts, in order.
fn recipient_line(widget: &Mounted) -> Vec<String> {
    let list = widget.root.query_selector_all(".cs-recipient > *").unwrap();
    (0..list.length()).map(|index| list.item(index).unwrap().text_content().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn the_recipient_line_shows_what_the_item_says_and_nothing_empty() {
    let email = |recipient: &str| format!(r#"{{"items":[{{"id":"r","kind":"email","draft":{{"subject":"s","body":"b"}},"context":{{"recipient":{recipient}}}}}]}}"#);
    let cases: [(&str, &[&str]); 3] = [
        (r#"{"name":"Sam Lee","email":"sam@example.com","title":"CTO","company":"Northwind"}"#, &["To", "Sam Lee", "<sam@example.com>", "CTO, Northwind"]),
        (r#"{"name":"Sam Lee","company":"Northwind"}"#, &["To", "Sam Lee", "Northwind"]),
        (r#"{"name":"Sam Lee"}"#, &["To", "Sam Lee"]),
    ];
    for (recipient, shown) in cases {
        let widget = mount(&email(recipient), &[]);
        settle().await;
        assert_eq!(recipient_line(&widget), shown, "{recipient}");
    }
}

#[wasm_bindgen_test]
async fn editing_then_approving_emits_a_decision_with_the_edit_and_moves_on() {
    let widget = mount(ITEMS, &[("reviewer", r#"{"id":"u-17","name":"Dana Kim"}"#)]);
    settle().await;
    type_into(&widget.part("body").unwrap(), "Hi Samantha, thanks for the demo. We are expanding into two regions.");
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    let result = &decisions[0];
    assert_eq!(result["schema"], "countersign.result.v1");
    assert_eq!(result["item_id"], "itm_1");
    assert_eq!(result["item_version"], "2");
    assert_eq!(result["decision"], "approved");
    assert_eq!(result["edited"], true);
    assert_eq!(result["final"]["body"], "Hi Samantha, thanks for the demo. We are expanding into two regions.");
    assert_eq!(result["original"]["body"], "Hi Sam, thanks for the demo. We are expanding into two regions.");
    assert!(result["changes"].as_array().unwrap().iter().any(|change| change["op"] == "insert" && change["text"] == "Samantha,"));
    assert_eq!(result["reviewer"]["name"], "Dana Kim");
    assert_eq!(result["metadata"], serde_json::json!({ "run": 7 }));
    assert_eq!(result["idempotency_key"].as_str().unwrap().len(), 36);
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "2 of 2");
}

#[wasm_bindgen_test]
async fn rejecting_asks_for_a_reason_before_it_decides() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.click("[part~='reject']");
    settle().await;
    widget.click(".cs-form .cs-danger");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty());
    assert!(widget.root.query_selector(".cs-problem").unwrap().unwrap().text_content().unwrap().contains("reason"));
    widget.click(".cs-form input[value='tone']");
    settle().await;
    widget.click(".cs-form .cs-danger");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["decision"], "rejected");
    assert_eq!(decisions[0]["reasons"], serde_json::json!(["tone"]));
}

#[wasm_bindgen_test]
async fn points_are_marked_supported_only_when_their_quote_is_in_the_draft() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let supported: Vec<String> = widget.parts("point").iter().map(|point| point.get_attribute("data-supported").unwrap()).collect();
    assert_eq!(supported, vec!["true", "false"]);
    assert_eq!(widget.text(".cs-quote"), "“expanding into two regions”", "the quote between English quotation marks, as text");
    type_into(&widget.part("body").unwrap(), "Hi Sam, we are expanding into three new regions.");
    settle().await;
    let supported = || widget.parts("point").iter().map(|point| point.get_attribute("data-supported").unwrap()).collect::<Vec<String>>();
    assert_eq!(supported(), vec!["true", "false"], "not looked for again while the typing goes on");
    pause(300).await;
    assert_eq!(supported(), vec!["false", "true"], "support follows the edited text once the typing pauses");
}

#[wasm_bindgen_test]
async fn html_in_drafts_and_rationale_stays_text() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let rationale = widget.part("rationale").unwrap();
    assert!(rationale.query_selector("b").unwrap().is_none(), "raw HTML in the summary must not become an element");
    assert!(rationale.text_content().unwrap().contains("<b>bold?</b>"));
    assert!(rationale.query_selector("strong").unwrap().is_some(), "Markdown strong still renders");
    widget.click("[aria-label='Next item']");
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "2 of 2");
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    assert_eq!(body.value(), "<img src=x onerror=alert(1)> Hello");
    assert!(widget.root.query_selector("img").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_queue_of_one_shows_its_position_title_and_kind_and_a_second_item_brings_the_rest() {
    let one = r#"[{"id":"solo","kind":"message","title":"Welcome note","draft":{"body":"Hi"}}]"#;
    let widget = mount(one, &[]);
    settle().await;
    let bar = |selector: &str| widget.root.query_selector_all(&format!(".cs-queue-bar {selector}")).unwrap().length();
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 1");
    assert_eq!(widget.text(".cs-title"), "Welcome note");
    assert_eq!(widget.text(".cs-kind"), "message");
    assert_eq!((bar(".cs-nav"), bar(".cs-waiting"), bar(".cs-select-several")), (0, 0, 0), "nothing to move to or select for one item");
    widget.handle.as_ref().unwrap().set_items(js_sys::JSON::parse(ITEMS).unwrap());
    settle().await;
    assert_eq!((bar(".cs-nav"), bar(".cs-waiting"), bar(".cs-select-several")), (2, 1, 1));
    assert_eq!(widget.text(".cs-waiting"), "2 waiting");
    widget.click("[aria-label='Next item']");
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "2 of 2");
    widget.click(".cs-select-several");
    settle().await;
    assert!(widget.root.query_selector(".cs-queue-list").unwrap().is_some(), "the list opens");
    widget.handle.as_ref().unwrap().set_items(js_sys::JSON::parse(one).unwrap());
    settle().await;
    assert_eq!((bar(".cs-nav"), bar(".cs-select-several")), (0, 0));
    assert!(widget.root.query_selector(".cs-queue-list").unwrap().is_none(), "the list goes with the second item");
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 1");
}

#[wasm_bindgen_test]
async fn invalid_items_are_listed_while_valid_ones_stay_reviewable() {
    let items = r#"[{"id":"ok","kind":"email","draft":{"subject":"S","body":"B"}},{"id":"bad","kind":"email"},{"kind":"tweet"}]"#;
    let widget = mount(items, &[]);
    settle().await;
    let errors = widget.part("errors").unwrap().text_content().unwrap();
    assert!(errors.contains("items[1].draft: required for kind email"), "{errors}");
    assert!(errors.contains("items[2]"), "{errors}");
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 1");
    let invalid = widget.events_named("countersign:invalid");
    assert_eq!(invalid[0]["errors"].as_array().unwrap().len(), 2);
    assert_eq!(invalid[0]["errors"][0]["item_id"], "bad");
}

#[wasm_bindgen_test]
async fn items_over_the_size_limits_set_by_the_host_are_listed_as_invalid_while_the_valid_one_stays_reviewable() {
    // Bug: an item with a body over 100,000 characters or more than 1,000 leads was shown as
    // reviewable, but the server refuses every result made of it (422, never retried).
    let widget = mount(r#"[{"id":"first","kind":"message","draft":{"body":"Hi"}}]"#, &[]);
    settle().await;
    let leads = (0..=1_000).map(|at| format!(r#"{{"id":"l{at}"}}"#)).collect::<Vec<_>>().join(",");
    let items = format!(
        r#"[{{"id":"long","kind":"email","draft":{{"subject":"S","body":"{}"}}}},{{"id":"ok","kind":"email","title":"Within the limits","draft":{{"subject":"S","body":"B"}}}},{{"id":"many","kind":"lead_list","leads":[{leads}]}}]"#,
        "x".repeat(100_001)
    );
    widget.handle.as_ref().unwrap().set_items(js_sys::JSON::parse(&items).unwrap());
    settle().await;
    let errors = widget.part("errors").unwrap().text_content().unwrap();
    assert!(errors.contains("items[0].draft.body: 100001 characters; a text may have at most 100000"), "{errors}");
    assert!(errors.contains("items[2].leads: 1001 entries; a list may have at most 1000"), "{errors}");
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 1");
    assert_eq!(widget.text(".cs-title"), "Within the limits");
    let invalid = widget.events_named("countersign:invalid");
    let ids: Vec<_> = invalid.last().unwrap()["errors"].as_array().unwrap().iter().map(|error| error["item_id"].clone()).collect();
    assert_eq!(ids, vec![serde_json::json!("long"), serde_json::json!("many")]);
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.iter().map(|decision| decision["item_id"].clone()).collect::<Vec<_>>(), vec![serde_json::json!("ok")], "the valid one is decided");
}

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
async fn unmounting_removes_the_view() {
    let mut widget = mount(ITEMS, &[]);
    settle().await;
    assert!(widget.part("review").is_some());
    widget.handle.take().unwrap().unmount();
    settle().await;
    assert!(widget.part("review").is_none());
}

#[wasm_bindgen_test]
async fn two_widgets_on_one_page_keep_their_own_queues() {
    let first = mount(ITEMS, &[]);
    let second = mount(ITEMS, &[]);
    settle().await;
    first.click("[part~='approve']");
    settle().await;
    assert_eq!(first.part("queue-position").unwrap().text_content().unwrap(), "2 of 2");
    assert_eq!(second.part("queue-position").unwrap().text_content().unwrap(), "1 of 2");
    assert!(second.events_named("countersign:decision").is_empty());
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
async fn a_cancelled_rejection_leaves_nothing_in_the_regeneration_form() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.click("[part~='reject']");
    settle().await;
    widget.click(".cs-form input[value='tone']");
    type_into(&widget.root.query_selector("#cs-comment").unwrap().unwrap(), "Too pushy");
    settle().await;
    widget.click(".cs-form [data-confirm='rejected'] + button");
    settle().await;
    widget.click("[part~='regenerate']");
    settle().await;
    type_into(&widget.root.query_selector("#cs-feedback").unwrap().unwrap(), "Mention the pilot");
    settle().await;
    widget.click("[data-confirm='regenerate']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["decision"], "regenerate");
    assert_eq!(decisions[0]["feedback"], "Mention the pilot");
    assert_eq!(decisions[0]["reasons"], serde_json::json!([]));
    assert!(decisions[0].get("comment").is_none(), "{}", decisions[0]);
}

#[wasm_bindgen_test]
async fn ready_fires_once_at_the_first_render_with_data() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.handle.as_ref().unwrap().set_items(js_sys::JSON::parse(r#"[{"id":"x","kind":"message","draft":{"body":"Hi"}}]"#).unwrap());
    settle().await;
    assert_eq!(widget.part("queue-position").unwrap().text_content().unwrap(), "1 of 1");
    assert_eq!(widget.events_named("countersign:ready").len(), 1);
}

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

const SIX_PLATFORM_POST: &str = r#"[{"id":"post","kind":"social_post",
    "draft":{"body":"Launch day at #Acme: see acme.com/launch @friends",
      "platforms":["x","linkedin","facebook","instagram","threads","bluesky"],
      "variants":{"x":{"body":"Short for X"}},
      "media":[{"url":"https://example.com/a.png","alt":"Banner"},{"url":"https://example.com/b.png","alt":""}]},
    "context":{"account":{"name":"Acme Corp","handle":"acme"}}}]"#;

/// The counters as (platform, count, limit, over).
fn counters(widget: &Mounted) -> Vec<(String, String, String, String)> {
    widget
        .parts("counter")
        .iter()
        .map(|counter| {
            let data = |name: &str| counter.get_attribute(name).unwrap_or_default();
            (data("data-platform"), data("data-count"), data("data-limit"), data("data-over"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_six_platform_post_shows_six_previews_with_counters_and_the_x_variant() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    let previews: Vec<String> = widget.parts("preview").iter().map(|preview| preview.get_attribute("data-platform").unwrap_or_default()).collect();
    assert_eq!(previews, vec!["x", "linkedin", "facebook", "instagram", "threads", "bluesky"]);
    let shared = "Launch day at #Acme: see acme.com/launch @friends";
    let found = counters(&widget);
    assert_eq!(found[0], ("x".into(), "11".into(), "280".into(), "false".into()), "X counts its own variant");
    // LinkedIn: 49 characters, and # and @ cost 2 there.
    assert_eq!(found[1], ("linkedin".into(), (shared.chars().count() + 2).to_string(), "3000".into(), "false".into()));
    assert_eq!(found[5], ("bluesky".into(), shared.chars().count().to_string(), "300".into(), "false".into()));
    let x_text = widget.root.query_selector("[part~='preview'][data-platform='x'] .cs-preview-text").unwrap().unwrap().text_content().unwrap_or_default();
    assert_eq!(x_text, "Short for X");
    let linkedin = widget.root.query_selector("[part~='preview'][data-platform='linkedin']").unwrap().unwrap();
    assert_eq!(linkedin.query_selector(".cs-tag").unwrap().and_then(|tag| tag.text_content()).as_deref(), Some("#Acme"));
    assert_eq!(linkedin.query_selector(".cs-link").unwrap().and_then(|link| link.text_content()).as_deref(), Some("acme.com/launch"));
    assert!(linkedin.text_content().unwrap_or_default().contains("Acme Corp"), "the account's name is shown");
    let warning = widget.root.query_selector("[data-warning='alt']").unwrap().and_then(|warning| warning.text_content());
    assert_eq!(warning.as_deref(), Some("1 image has no alt text."));
}

#[wasm_bindgen_test]
async fn typing_updates_the_counters_and_a_301_character_post_is_over_on_x_and_bluesky_only() {
    let widget = mount(&SIX_PLATFORM_POST.replace(r#""variants":{"x":{"body":"Short for X"}},"#, ""), &[]);
    settle().await;
    type_into(&widget.part("body").unwrap(), &"a".repeat(301));
    let counted = |widget: &Mounted| counters(widget).into_iter().map(|(_, count, ..)| count).collect::<Vec<_>>();
    assert!(!counted(&widget).contains(&"301".to_string()), "the keystroke itself counts nothing: the counters follow once the browser is idle");
    idle().await;
    assert_eq!(counted(&widget), vec!["301"; 6]);
    let over: Vec<String> = counters(&widget).into_iter().filter(|(_, _, _, over)| over == "true").map(|(platform, ..)| platform).collect();
    assert_eq!(over, vec!["x", "bluesky"]);
    let x_over = widget.root.query_selector("[part~='preview'][data-platform='x'] mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(x_over.map(|text| text.len()), Some(21), "the 21 characters past 280 are marked in the X preview");
}

#[wasm_bindgen_test]
async fn approving_over_a_limit_asks_for_an_override_with_a_reason() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    type_into(&widget.part("body").unwrap(), &"b".repeat(600));
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "no silent approve over a limit");
    let note = widget.text("[data-override='limits']");
    assert!(note.contains("Bluesky") && note.contains("Threads"), "{note}");
    widget.click("[data-confirm='approved']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "an override needs a reason");
    type_into(&widget.root.query_selector("#cs-comment").unwrap().unwrap(), "Threads and Bluesky get the link card only");
    widget.click("[data-confirm='approved']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["reasons"], serde_json::json!(["over_limit"]));
    assert_eq!(decisions[0]["comment"], "Threads and Bluesky get the link card only");
}

#[wasm_bindgen_test]
async fn the_result_carries_the_ticked_platforms_and_edited_variants() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    let untick = |platform: &str| {
        let checkbox: HtmlInputElement = widget.root.query_selector(&format!(".cs-platforms [data-platform='{platform}'] input")).unwrap().unwrap().dyn_into().unwrap();
        checkbox.click();
    };
    untick("facebook");
    untick("threads");
    widget.click(".cs-tab[data-platform='x']");
    settle().await;
    type_into(&widget.part("body").unwrap(), "Shorter for X");
    settle().await;
    assert_eq!(widget.parts("preview").len(), 4, "unticked platforms have no preview");
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["platforms"], serde_json::json!(["x", "linkedin", "instagram", "bluesky"]));
    assert_eq!(decisions[0]["final"]["variants"], serde_json::json!({ "x": { "body": "Shorter for X" } }));
    assert_eq!(decisions[0]["final"]["body"], "Launch day at #Acme: see acme.com/launch @friends");
    assert_eq!(decisions[0]["edited"], true);
}

#[wasm_bindgen_test]
async fn a_platform_unticked_and_ticked_again_leaves_the_post_as_it_was() {
    // Bug: ticking put the platforms in the widget's own order, so a post to LinkedIn and X
    // whose X was unticked and ticked again showed X's preview first and was delivered with
    // `platforms: ["x", "linkedin"]` and `edited: true`, nothing having changed.
    let widget = mount(r#"[{"id":"two","kind":"social_post","draft":{"body":"Our forum recap is up.","platforms":["linkedin","x"]}}]"#, &[]);
    settle().await;
    let x: HtmlInputElement = widget.root.query_selector(".cs-platforms [data-platform='x'] input").unwrap().unwrap().dyn_into().unwrap();
    x.click();
    settle().await;
    x.click();
    settle().await;
    let previews: Vec<String> = widget.parts("preview").iter().map(|preview| preview.get_attribute("data-platform").unwrap_or_default()).collect();
    assert_eq!(previews, vec!["linkedin", "x"]);
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["platforms"], serde_json::json!(["linkedin", "x"]));
    assert_eq!(decisions[0]["edited"], false);
}

#[wasm_bindgen_test]
async fn the_fold_and_the_mark_over_the_limit_never_split_an_emoji() {
    // Bug: Instagram's fold after 125 code points showed the family emoji across it as a lone
    // man, and Threads' mark over its 500th code point split it the same way.
    let family = "👨‍👩‍👧‍👦";
    let body = format!("{}{family}{}{family} end", "a".repeat(123), "b".repeat(367));
    let widget = mount(&format!(r#"[{{"id":"fold","kind":"social_post","draft":{{"body":"{body}","platforms":["instagram","threads"]}}}}]"#), &[]);
    settle().await;
    idle().await;
    let text = |platform: &str| widget.text(&format!("[part~='preview'][data-platform='{platform}'] .cs-preview-text"));
    assert_eq!(text("instagram"), "a".repeat(123), "folded before the family");
    let over = widget.text("[part~='preview'][data-platform='threads'] mark");
    assert_eq!(over, format!("{family} end"), "the whole second family is over");
}

#[wasm_bindgen_test]
async fn platform_limits_from_config_replace_the_defaults() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    widget.configure(r#"{"platformLimits":{"x":10,"bluesky":1000}}"#);
    settle().await;
    let found = counters(&widget);
    assert_eq!(found[0], ("x".into(), "11".into(), "10".into(), "true".into()), "X's own text is now over a limit of 10");
    assert_eq!(found[5].2, "1000");
    widget.configure(r#"{"platformLimits":{"myspace":10}}"#);
    settle().await;
    assert_eq!(counters(&widget)[0].2, "10", "a refused value keeps the limits");
    let notice = widget.text(".cs-notice");
    assert!(notice.starts_with("platformLimits="), "{notice}");
}

/// The notice line's lines, in order.
fn notices(widget: &Mounted) -> Vec<String> {
    let found = widget.root.query_selector_all(".cs-notice").unwrap();
    (0..found.length()).filter_map(|at| found.item(at)).filter_map(|notice| notice.text_content()).collect()
}

#[wasm_bindgen_test]
async fn a_configuration_problem_stays_said_while_items_come_and_go() {
    // The inline items load right after the attribute is read: its problem must survive them.
    let widget = mount(ITEMS, &[("theme", "purple")]);
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("purple") && said[0].contains("light, dark or auto"), "{said:?}");
    assert!(widget.part("approve").is_some(), "the items are reviewable all the same");
    let handle = widget.handle.as_ref().unwrap();
    handle.set_items(js_sys::JSON::parse(r#"{"not":"a list"}"#).unwrap());
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 2, "the items' problem is a line of its own: {said:?}");
    assert!(said[0].contains("purple"), "{said:?}");
    handle.set_items(js_sys::JSON::parse(ITEMS).unwrap());
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 1, "items that load clear their own line only: {said:?}");
    assert!(said[0].contains("purple"), "{said:?}");
}

#[wasm_bindgen_test]
async fn a_setting_given_a_good_value_clears_its_own_problem_and_no_other() {
    let widget = mount(ITEMS, &[("theme", "purple"), ("undo-seconds", "soon")]);
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 2, "a line per setting: {said:?}");
    assert!(said[0].contains("purple") && said[1].contains("soon"), "{said:?}");
    let handle = widget.handle.as_ref().unwrap();
    handle.attribute_changed("theme", Some("pink".into()));
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].contains("soon") && said[1].contains("pink"), "the setting's new problem replaces its old one, latest last: {said:?}");
    handle.attribute_changed("theme", Some("dark".into()));
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 1, "a good theme clears the theme's line: {said:?}");
    assert!(said[0].contains("soon"), "{said:?}");
    // The same setting by its config key clears the attribute's problem.
    widget.configure(r#"{"undoSeconds":5}"#);
    settle().await;
    assert_eq!(notices(&widget), Vec::<String>::new());
    widget.configure(r#"{"keymap":{"approve":"r"}}"#);
    settle().await;
    assert_eq!(notices(&widget).len(), 1);
    widget.configure(r#"{"keymap":{"approve":"y"}}"#);
    settle().await;
    assert_eq!(notices(&widget), Vec::<String>::new(), "a keymap that works clears the clash");
}

#[wasm_bindgen_test]
async fn request_headers_that_cannot_be_sent_are_said_by_name_never_by_value() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.configure(r#"{"headers":{"X-Tenant":"acme","Authorization":"Bearer secret-9"}}"#);
    settle().await;
    assert_eq!(notices(&widget), Vec::<String>::new(), "good headers say nothing");
    widget.configure(r#"{"headers":{"X-Tenant":"acme","Bad Name":"secret-9"}}"#);
    widget.configure(r#"{"authHeaders":"Bearer secret-9"}"#);
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 2, "a line each: {said:?}");
    assert!(said[0].starts_with("config.headers: \"Bad Name\" is not a header name"), "{said:?}");
    assert!(said[1].starts_with("config.authHeaders: expected a function"), "{said:?}");
    assert!(said.iter().all(|line| !line.contains("secret-9")), "a header's value is never on screen: {said:?}");
    assert!(widget.part("approve").is_some(), "the items stay reviewable");
    // Taking them away is a good value too, and clears each one's own line; `null` gives the
    // keys and limits their defaults back.
    widget.configure(r#"{"headers":null,"authHeaders":null,"keymap":null,"platformLimits":null}"#);
    settle().await;
    assert_eq!(notices(&widget), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn a_misspelt_config_key_is_said_with_the_key_it_resembles_and_the_rest_apply() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.configure(r#"{"submitURL":"/api/results","theme":"dark"}"#);
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].starts_with(r#"config: "submitURL" (did you mean submitUrl?) ignored; the keys are itemsUrl, "#), "{said:?}");
    assert_eq!(widget.part("review").and_then(|review| review.get_attribute("data-theme")).as_deref(), Some("dark"), "the keys it knows still apply");
    // The next object set without the stray key clears the line.
    widget.configure(r#"{"submitUrl":"/api/results"}"#);
    settle().await;
    assert_eq!(notices(&widget), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn items_set_to_undefined_are_said_to_be_no_list() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    widget.handle.as_ref().unwrap().set_items(JsValue::UNDEFINED);
    settle().await;
    let said = notices(&widget);
    assert_eq!(said.len(), 1, "{said:?}");
    let invalid = widget.events_named("countersign:invalid");
    assert_eq!(invalid.len(), 1, "and said to the host: {invalid:?}");
    assert_eq!(invalid[0]["errors"][0]["message"], said[0].as_str());
}

const LEADS: &str = r#"[{"id":"leads","kind":"lead_list","title":"Q4 leads",
    "leads":[{"id":"l1","name":"Dana Kim","score":0.91,"reasons":["Visited pricing 4x"]},
             {"id":"l2","name":"Omar Haddad","score":0.8},
             {"id":"l3","name":"Ines Duarte","score":0.7},
             {"id":"l4","name":"Kai Berg","score":0.5}],
    "rationale":{"points":[{"text":"Ranked by intent"},{"text":"Excludes customers"}]}}]"#;

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
async fn hovering_a_point_marks_its_quote_in_the_draft_and_a_disagreement_is_delivered() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point = widget.parts("point")[0].clone();
    point.dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    let mark = || widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    point.dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    settle().await;
    assert!(mark().is_none());
    // Focus on a point's control marks that point's quote; focus leaving the widget clears it.
    let agree: HtmlElement = widget.parts("point")[1].query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    agree.focus().unwrap();
    settle().await;
    assert_eq!(mark(), None, "point 2's quote is not in the draft, so nothing is marked");
    let first_agree: HtmlElement = point.query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    first_agree.focus().unwrap();
    settle().await;
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    first_agree.blur().unwrap();
    settle().await;
    assert!(mark().is_none());
    let disagree: HtmlElement = widget.parts("point")[1].query_selector("button:nth-of-type(2)").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(disagree.text_content().as_deref(), Some("Disagree"));
    let note_of = |widget: &Mounted| widget.parts("point")[1].query_selector(".cs-verdict-note").unwrap();
    assert!(note_of(&widget).is_none(), "no note field before the point is judged");
    disagree.click();
    settle().await;
    assert_eq!(disagree.get_attribute("aria-pressed").as_deref(), Some("true"));
    type_into(&note_of(&widget).unwrap(), "We never said three");
    let note: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    note.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    // Agreeing instead keeps the field and its note; taking the verdict back removes both.
    let agree: HtmlElement = widget.parts("point")[1].query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    agree.click();
    settle().await;
    let kept: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    assert_eq!(kept.value(), "We never said three");
    agree.click();
    settle().await;
    assert!(note_of(&widget).is_none(), "a verdict taken back takes its note field with it");
    disagree.click();
    settle().await;
    let fresh: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    assert_eq!(fresh.value(), "", "the note went with the verdict");
    type_into(&fresh, "We never said three");
    fresh.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions[0]["points"], serde_json::json!([{ "index": 1, "verdict": "disagree", "note": "We never said three" }]));
}

#[wasm_bindgen_test]
async fn a_clicked_point_keeps_its_quote_marked_and_clicking_the_mark_focuses_the_point() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point: HtmlElement = widget.parts("point")[0].clone().dyn_into().unwrap();
    point.click();
    point.dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    settle().await;
    let mark = widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark.as_deref(), Some("expanding into two regions"), "the pinned quote stays marked");
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    let inside = body.value().find("two regions").unwrap() as u32;
    body.focus().unwrap();
    body.set_selection_range(inside, inside).unwrap();
    body.click();
    settle().await;
    let focused = widget.root.active_element().and_then(|element| element.get_attribute("part"));
    assert_eq!(focused.as_deref(), Some("point"), "clicking the marked words focuses their point");
    body.focus().unwrap();
    body.set_selection_range(0, 0).unwrap();
    body.click();
    settle().await;
    assert_eq!(widget.root.active_element().and_then(|element| element.get_attribute("part")).as_deref(), Some("body"), "a click elsewhere edits as usual");
}

#[wasm_bindgen_test]
async fn typing_empties_the_quote_mark_until_the_typing_pauses_then_marks_the_edited_text() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point: HtmlElement = widget.parts("point")[0].clone().dyn_into().unwrap();
    point.click();
    settle().await;
    let layer = || widget.root.query_selector(".cs-highlight").unwrap().unwrap();
    let mark = || layer().query_selector("mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    let body = widget.part("body").unwrap();
    body.clone().dyn_into::<HtmlElement>().unwrap().focus().unwrap();
    type_into(&body, "Sam, we are now expanding into two regions.");
    settle().await;
    assert_eq!(layer().child_nodes().length(), 0, "no mark over text that moved while the typing goes on");
    pause(80).await;
    type_into(&body, "Sam, we are now expanding into two regions!");
    settle().await;
    pause(80).await;
    assert_eq!(layer().child_nodes().length(), 0, "a keystroke before the pause waits again");
    pause(250).await;
    assert_eq!(mark().as_deref(), Some("expanding into two regions"), "marked again once the typing pauses");
    assert_eq!(layer().text_content().as_deref(), Some("Sam, we are now expanding into two regions!"), "over the text as edited");
}

#[wasm_bindgen_test]
async fn a_social_posts_quote_is_marked_in_the_text_being_edited() {
    let post = SIX_PLATFORM_POST.replace(r#""context":"#, r#""rationale":{"points":[{"text":"Names the launch","quote":"launch day"},{"text":"X text","quote":"Short for X"}]},"context":"#);
    let widget = mount(&post, &[]);
    settle().await;
    let points = widget.parts("point");
    points[0].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    let mark = || widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("Launch day"), "found in the shared text, case aside");
    points[0].dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    widget.click(".cs-tab[data-platform='x']");
    points[1].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    assert_eq!(mark().as_deref(), Some("Short for X"), "on X's tab, the X text is marked");
    assert_eq!(points[1].get_attribute("data-supported").as_deref(), Some("true"), "a quote in a platform's own text supports its point");
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

const THREE: &str = r#"[{"id":"b1","kind":"email","title":"One","draft":{"body":"1"}},
    {"id":"b2","kind":"email","title":"Two","draft":{"body":"2"}},
    {"id":"b3","kind":"email","title":"Three","draft":{"body":"3"},"policy":{"reason_required_for":["approved"],"reason_codes":[{"code":"ok","label":"OK"}]}}]"#;

const EDIT_FIRST: &str = r#"[
  {"id":"e1","kind":"message","title":"Invoice","draft":{"body":"Amount: 4800"},"policy":{"allow_approve":false}},
  {"id":"e2","kind":"message","title":"Note","draft":{"body":"Thanks"}},
  {"id":"e3","kind":"message","title":"Locked","draft":{"body":"Delete the account"},"policy":{"allow_approve":false,"allow_edit":false}}
]"#;

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

#[wasm_bindgen_test]
async fn a_json_draft_is_shown_as_code_and_approved_only_while_it_parses() {
    let widget = mount(r#"[{"id":"call","kind":"message","title":"update_crm","draft":{"body":"{\n  \"amount\": 48000\n}","format":"json"}}]"#, &[("undo-seconds", "0")]);
    settle().await;
    let draft = widget.part("draft").unwrap();
    assert_eq!(draft.get_attribute("data-format").as_deref(), Some("json"));
    let body = widget.part("body").unwrap();
    assert_eq!(body.get_attribute("spellcheck").as_deref(), Some("false"));
    let window = web_sys::window().unwrap();
    let computed: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into()).unwrap().dyn_into().unwrap();
    let style = computed.call1(&window, &body).unwrap();
    let font = js_sys::Reflect::get(&style, &"fontFamily".into()).unwrap().as_string().unwrap();
    assert!(font.contains("monospace"), "{font}");
    type_into(&body, "{\n  \"amount\": 45000,\n}");
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "a trailing comma is not JSON");
    let problem = widget.text(".cs-problem");
    assert_eq!(problem, "The draft must be a JSON object to be approved: check its braces, quotes and commas.");
    type_into(&body, "{\n  \"amount\": 45000\n}");
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["body"], "{\n  \"amount\": 45000\n}");
}

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

#[wasm_bindgen_test]
fn the_browser_counts_graphemes_as_people_see_them() {
    use countersign::browser_text::BrowserText;
    use countersign::text::social::platform::TextTools;
    // "e" with a combining accent (3 bytes), a family joined by zero-width joiners (18 bytes),
    // "x": three graphemes.
    let text = "e\u{301}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}x";
    assert_eq!(BrowserText.grapheme_ends(text), vec![3, 21, 22]);
    assert_eq!(BrowserText.grapheme_ends(""), Vec::<usize>::new());
    assert_eq!(BrowserText.nfc("e\u{301}"), "\u{e9}");
}
