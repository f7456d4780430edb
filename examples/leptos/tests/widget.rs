//! `countersign::ReviewWidget` in headless Chromium, mounted with Leptos as a Rust host would
//! and driven through the widget's shadow root.
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use countersign::model::ReviewResult;
use countersign::{Delivered, ReviewWidget};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// An email item as JSON.
fn email(id: &str, body: &str) -> String {
    format!(r#"{{"id":"{id}","kind":"email","draft":{{"subject":"Hello","body":"{body}"}}}}"#)
}

/// The JSON text of an array of emails with these ids, each body naming its id.
fn emails(ids: &[&str]) -> String {
    format!("[{}]", ids.iter().map(|id| email(id, &format!("Body of {id}."))).collect::<Vec<_>>().join(","))
}

/// A fresh element in the page for one test's view.
fn parent() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let parent: HtmlElement = document.create_element("section").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    parent
}

/// The component's div under `parent`.
fn host(parent: &HtmlElement) -> Option<HtmlElement> {
    parent.query_selector(".countersign-host").unwrap().map(|host| host.dyn_into().unwrap())
}

/// The widget's element with `part`, inside the host's shadow root.
fn part(root: &ShadowRoot, name: &str) -> Option<Element> {
    root.query_selector(&format!("[part~='{name}']")).unwrap()
}

/// The text of the widget's element with `part`, or "" while there is none.
fn text_of(parent: &HtmlElement, name: &str) -> String {
    host(parent).and_then(|host| host.shadow_root()).and_then(|root| part(&root, name)).and_then(|element| element.text_content()).unwrap_or_default()
}

/// Waits `millis` milliseconds.
async fn pause(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until `done` holds: Leptos runs effects, and so attaches the widget, asynchronously.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..250 {
        if done() {
            return;
        }
        pause(20).await;
    }
    panic!("timed out waiting until {what}");
}

/// Dispatches `name` with the JSON `detail` on `host`, as the widget does.
fn dispatch(host: &HtmlElement, name: &str, detail: &str) {
    let init = CustomEventInit::new();
    init.set_detail(&js_sys::JSON::parse(detail).unwrap());
    host.dispatch_event(&CustomEvent::new_with_event_init_dict(name, &init).unwrap()).unwrap();
}

/// A list a callback appends to.
fn recorder<T>() -> Arc<Mutex<Vec<T>>> {
    Arc::new(Mutex::new(Vec::new()))
}

fn delivered(key: &str) -> Delivered {
    Delivered { item_id: "itm".into(), idempotency_key: key.into(), status: 201 }
}

#[wasm_bindgen_test]
async fn the_widget_renders_in_the_divs_shadow_root_and_reports_ready() {
    let parent = parent();
    let ready = recorder();
    let seen = ready.clone();
    let items = emails(&["a", "b"]);
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items on_ready=move |count: usize| seen.lock().unwrap().push(count) /> });
    until("the queue shows", || text_of(&parent, "queue-position") == "1 of 2").await;
    assert_eq!(*ready.lock().unwrap(), vec![2]);
    assert!(parent.query_selector("countersign-review").unwrap().is_none(), "no custom element is involved");
}

#[wasm_bindgen_test]
async fn a_new_items_value_replaces_the_queue() {
    let parent = parent();
    let items = RwSignal::new(emails(&["a"]));
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items /> });
    until("the first queue shows", || text_of(&parent, "queue-position") == "1 of 1").await;
    items.set(emails(&["c", "d", "e"]));
    until("the new queue shows", || text_of(&parent, "queue-position") == "1 of 3").await;
}

#[wasm_bindgen_test]
async fn a_changed_prop_becomes_an_attribute_the_widget_follows() {
    let parent = parent();
    let locale = RwSignal::new(None::<String>);
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items locale=locale /> });
    until("the English buttons show", || text_of(&parent, "approve") == "Approve").await;
    locale.set(Some("fr".into()));
    until("the French buttons show", || text_of(&parent, "approve") == "Approuver").await;
    assert_eq!(host(&parent).unwrap().get_attribute("locale").as_deref(), Some("fr"));
    locale.set(None);
    until("the English buttons are back", || text_of(&parent, "approve") == "Approve").await;
    assert!(!host(&parent).unwrap().has_attribute("locale"));
}

#[wasm_bindgen_test]
async fn approving_hands_on_decision_the_result_with_the_final_text() {
    let parent = parent();
    let decisions = recorder::<ReviewResult>();
    let seen = decisions.clone();
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items on_decision=move |result: ReviewResult| seen.lock().unwrap().push(result) /> });
    until("the approve button shows", || text_of(&parent, "approve") == "Approve").await;
    let root = host(&parent).unwrap().shadow_root().unwrap();
    part(&root, "approve").unwrap().dyn_into::<HtmlElement>().unwrap().click();
    until("the decision arrives", || !decisions.lock().unwrap().is_empty()).await;
    let result = decisions.lock().unwrap()[0].clone();
    assert_eq!((result.item_id.as_str(), result.final_content.body.as_deref()), ("a", Some("Body of a.")));
}

#[wasm_bindgen_test]
async fn an_event_whose_detail_does_not_read_is_skipped() {
    let parent = parent();
    let deliveries = recorder();
    let seen = deliveries.clone();
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items on_delivered=move |delivered: Delivered| seen.lock().unwrap().push(delivered) /> });
    until("the widget is attached", || text_of(&parent, "queue-position") == "1 of 1").await;
    let host = host(&parent).unwrap();
    dispatch(&host, "countersign:delivered", r#"{"item_id":"itm","status":201}"#);
    dispatch(&host, "countersign:delivered", r#"{"item_id":"itm","idempotency_key":"k","status":"201"}"#);
    dispatch(&host, "countersign:delivered", "null");
    assert!(deliveries.lock().unwrap().is_empty());
    dispatch(&host, "countersign:delivered", r#"{"item_id":"itm","idempotency_key":"k","status":201}"#);
    assert_eq!(*deliveries.lock().unwrap(), vec![delivered("k")]);
}

#[wasm_bindgen_test]
async fn removing_the_component_unmounts_the_widget_and_stops_its_callbacks() {
    let parent = parent();
    let shown = RwSignal::new(true);
    let deliveries = recorder();
    let seen = deliveries.clone();
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || {
        view! {
            <Show when=move || shown.get()>
                <ReviewWidget items=items.clone() on_delivered={
                    let seen = seen.clone();
                    move |delivered: Delivered| seen.lock().unwrap().push(delivered)
                } />
            </Show>
        }
    });
    until("the widget is attached", || text_of(&parent, "queue-position") == "1 of 1").await;
    let host = host(&parent).unwrap();
    let root = host.shadow_root().unwrap();
    dispatch(&host, "countersign:delivered", r#"{"item_id":"itm","idempotency_key":"before","status":201}"#);
    shown.set(false);
    until("the div is gone", || !host.is_connected()).await;
    assert_eq!(root.child_element_count(), 0, "the widget's view is removed from the shadow root");
    dispatch(&host, "countersign:delivered", r#"{"item_id":"itm","idempotency_key":"after","status":201}"#);
    assert_eq!(*deliveries.lock().unwrap(), vec![delivered("before")]);
}

/// The widget's element matching `selector`, inside the host's shadow root.
fn inside(parent: &HtmlElement, selector: &str) -> Option<Element> {
    host(parent).and_then(|host| host.shadow_root()).and_then(|root| root.query_selector(selector).unwrap())
}

#[wasm_bindgen_test]
async fn the_config_prop_reaches_the_widget_and_text_that_is_no_object_is_left_aside() {
    let parent = parent();
    let config = RwSignal::new(Some(r#"{"theme": "dark"}"#.to_string()));
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || view! { <ReviewWidget items=items config=config /> });
    let theme = || inside(&parent, "[part~='review']").and_then(|review| review.get_attribute("data-theme")).unwrap_or_default();
    until("the dark theme shows", || theme() == "dark").await;
    assert_eq!(text_of(&parent, "queue-position"), "1 of 1", "the items came too");
    config.set(Some(r#"{"theme": "light"}"#.into()));
    until("the light theme shows", || theme() == "light").await;
    // Not an object: warned about in the console, and the configuration stays as it was.
    config.set(Some(r#"["theme", "dark"]"#.into()));
    pause(60).await;
    assert_eq!(theme(), "light");
}

#[wasm_bindgen_test]
async fn deliver_takes_each_decision_from_the_widget_after_on_decision_sees_it() {
    let parent = parent();
    let calls = recorder::<(&'static str, String)>();
    let (decided, delivering) = (calls.clone(), calls.clone());
    let items = emails(&["a"]);
    let _view = mount_to(parent.clone(), move || {
        view! {
            <ReviewWidget items=items submit_url="/nowhere"
                on_decision=move |result: ReviewResult| decided.lock().unwrap().push(("on_decision", result.item_id))
                deliver=move |result: ReviewResult| delivering.lock().unwrap().push(("deliver", result.item_id)) />
        }
    });
    until("the approve button shows", || text_of(&parent, "approve") == "Approve").await;
    part(&host(&parent).unwrap().shadow_root().unwrap(), "approve").unwrap().dyn_into::<HtmlElement>().unwrap().click();
    until("the decision is delivered by the host", || calls.lock().unwrap().len() == 2).await;
    assert_eq!(*calls.lock().unwrap(), vec![("on_decision", "a".to_string()), ("deliver", "a".to_string())]);
    // The widget neither holds nor posts it: the item says so, and the status line has nothing waiting.
    let banner = inside(&parent, ".cs-decided").and_then(|banner| banner.text_content()).unwrap_or_default();
    assert!(banner.ends_with("handed to the page."), "{banner}");
    assert!(!text_of(&parent, "status").contains("waiting"), "{}", text_of(&parent, "status"));
}
