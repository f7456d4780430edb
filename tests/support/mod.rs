//! What the browser test files share: a host element in the page holding items inline, as a
//! page would write `<countersign-review>` with a `<script type="application/json">` child.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

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
