//! What the browser test files share: a host element in the page holding items inline (as a
//! page would write `<countersign-review>` with a `<script type="application/json">` child),
//! waiting for the widget's deferred work, and keys and typing as the browser sends them.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// A fresh element in the page's body with `attributes`, holding `items` inline (not attached).
pub fn host_with_items(items: &str, attributes: &[(&str, &str)]) -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    let script = document.create_element("script").unwrap();
    script.set_attribute("type", "application/json").unwrap();
    script.set_text_content(Some(items));
    host.append_child(&script).unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Lets the widget's effects, deferred focus moves and `prop:value` (set a tick after mount) run.
pub async fn settle() {
    for _ in 0..3 {
        pause(0).await;
    }
}

/// Waits `millis` milliseconds, for what the widget defers until typing pauses.
pub async fn pause(millis: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Dispatches a keydown of `key` (with Ctrl when `ctrl`) that bubbles out as a real one would.
pub fn press_key(target: &Element, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_composed(true);
    target.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Types `text` into a field as the browser does: an `input` event, no `change` yet.
pub fn type_into(field: &Element, text: &str) {
    if let Some(area) = field.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(text);
    } else if let Some(input) = field.dyn_ref::<HtmlInputElement>() {
        input.set_value(text);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    field.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
}
