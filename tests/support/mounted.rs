//! A widget that records every `countersign:*` event it fires that the tests read (ready,
//! decision, invalid, undo), with a handle the test may unmount itself: the helper of the
//! files that check what the widget tells its host.

use std::cell::RefCell;
use std::rc::Rc;

use countersign::element::{attach, ElementHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, Element, HtmlElement, ShadowRoot};

/// A mounted widget, its events as (name, detail as JSON text) in the order they came;
/// unmounted (unless the test did) and taken out of the page when dropped.
pub struct Mounted {
    pub host: HtmlElement,
    pub root: ShadowRoot,
    pub handle: Option<ElementHandle>,
    pub events: Rc<RefCell<Vec<(String, String)>>>,
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
    /// The first element whose `part` names `name`.
    pub fn part(&self, name: &str) -> Option<Element> {
        self.root.query_selector(&format!("[part~='{name}']")).unwrap()
    }

    /// Every element whose `part` names `name`.
    pub fn parts(&self, name: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(&format!("[part~='{name}']")).unwrap();
        (0..list.length()).filter_map(|index| list.item(index)?.dyn_into().ok()).collect()
    }

    /// Clicks the first element matching `selector`, which must be there.
    pub fn click(&self, selector: &str) {
        let button: HtmlElement = self.root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).dyn_into().unwrap();
        button.click();
    }

    /// Sets the `config` property to the object `json` describes.
    pub fn configure(&self, json: &str) {
        self.handle.as_ref().unwrap().set_config(js_sys::JSON::parse(json).unwrap());
    }

    /// The text of the first element matching `selector` (empty when there is none).
    pub fn text(&self, selector: &str) -> String {
        self.root.query_selector(selector).unwrap().and_then(|found| found.text_content()).unwrap_or_default()
    }

    /// The details of the events named `name`, in order.
    pub fn events_named(&self, name: &str) -> Vec<serde_json::Value> {
        self.events.borrow().iter().filter(|(event, _)| event == name).map(|(_, detail)| serde_json::from_str(detail).unwrap()).collect()
    }
}

/// Mounts a widget on a fresh element holding `items` inline.
pub fn mount(items: &str, attributes: &[(&str, &str)]) -> Mounted {
    let host = super::host_with_items(items, attributes);
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
