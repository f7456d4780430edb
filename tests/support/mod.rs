//! What the browser test files share: a host element in the page holding items inline (as a
//! page would write `<countersign-review>` with a `<script type="application/json">` child),
//! waiting for the widget's deferred work, and keys and typing as the browser sends them;
//! the items several files mount (`items`) and a widget recording its events (`mounted`).

// Each file uses only some of these.
#[allow(dead_code)]
pub mod items;
#[allow(dead_code)]
pub mod mounted;

use std::cell::RefCell;
use std::rc::Rc;

use countersign::element::{attach, ElementHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement, ShadowRoot};

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

/// Waits until the browser has been idle once, for what the widget defers to idle time (the
/// social previews and counters): idle callbacks run in the order they were asked for.
#[allow(dead_code)]
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_idle_callback(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Dispatches a bubbling keydown of `key` on `target`, `more` setting the rest of it.
fn keydown(target: &Element, key: &str, more: impl FnOnce(&web_sys::KeyboardEventInit)) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    more(&init);
    target.dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

/// Dispatches a keydown of `key` (with Ctrl when `ctrl`) that bubbles out as a real one would.
pub fn press_key(target: &Element, key: &str, ctrl: bool) {
    keydown(target, key, |init| {
        init.set_ctrl_key(ctrl);
        init.set_composed(true);
    });
}

/// Dispatches a keydown of `key`, with Alt when `alt`, as a focused lead row gets it.
#[allow(dead_code)]
pub fn press_on(target: &Element, key: &str, alt: bool) {
    keydown(target, key, |init| {
        init.set_alt_key(alt);
        init.set_cancelable(true);
    });
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

/// Commits what was typed in a field, as leaving it does: a `change` event.
#[allow(dead_code)]
pub fn commit(field: &Element) {
    field.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
}

/// A widget on a fresh element holding items inline, with the details of the decisions it
/// fires; unmounted and taken out of the page when dropped.
#[allow(dead_code)]
pub struct Widget {
    pub host: HtmlElement,
    pub root: ShadowRoot,
    handle: Option<ElementHandle>,
    pub decisions: Rc<RefCell<Vec<serde_json::Value>>>,
    _listener: Closure<dyn FnMut(CustomEvent)>,
}

#[allow(dead_code)]
impl Widget {
    /// Mounts a widget holding `items` inline, with `attributes` on its element.
    pub fn mount(items: &str, attributes: &[(&str, &str)]) -> Widget {
        let host = host_with_items(items, attributes);
        let decisions = Rc::new(RefCell::new(Vec::new()));
        let seen = decisions.clone();
        let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
            let detail = String::from(js_sys::JSON::stringify(&event.detail()).unwrap());
            seen.borrow_mut().push(serde_json::from_str(&detail).unwrap());
        });
        host.add_event_listener_with_callback("countersign:decision", listener.as_ref().unchecked_ref()).unwrap();
        let handle = attach(host.clone()).unwrap();
        let root = host.shadow_root().unwrap();
        Widget { host, root, handle: Some(handle), decisions, _listener: listener }
    }

    /// The first element matching `selector`, which must be there.
    pub fn find(&self, selector: &str) -> HtmlElement {
        self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap()
    }

    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|at| list.item(at)?.dyn_into().ok()).collect()
    }

    /// The text of the first element matching `selector` (empty when there is none).
    pub fn text(&self, selector: &str) -> String {
        self.root.query_selector(selector).unwrap().and_then(|found| found.text_content()).unwrap_or_default()
    }

    /// Presses Approve and returns the decision it made, which must be the only one.
    pub async fn approve_one(&self) -> serde_json::Value {
        self.find("[part~='approve']").click();
        settle().await;
        let decisions = self.decisions.borrow();
        assert_eq!(decisions.len(), 1);
        decisions[0].clone()
    }
}

impl Drop for Widget {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.unmount();
        }
        self.host.remove();
    }
}
