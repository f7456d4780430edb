//! The notice line in headless Chromium: a line per setting the widget could not use, each
//! cleared by a good value of its own, header values never shown, a misspelt config key, and
//! items that are no list.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::ITEMS;
use support::mounted::{mount, Mounted};
use support::settle;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
