//! Renders the Markdown subset's nodes straight into the DOM as elements and text nodes.
//! Nothing is parsed as HTML: every piece of text becomes a text node, and the only attribute
//! taken from the source is an http(s) `href` that [`crate::text::markdown`] already checked.
//! Building these few elements directly also costs less wasm than one Leptos view type per
//! node kind.

use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node as DomNode};

use crate::js_text;
use crate::text::markdown::{render, Node};

/// Renders `source` as the safe Markdown subset under `parent`.
pub fn append_markdown(document: &Document, parent: &Element, source: &str) {
    append(document, parent, &render(source));
}

/// Appends `nodes` under `parent`.
fn append(document: &Document, parent: &DomNode, nodes: &[Node]) {
    for node in nodes {
        append_one(document, parent, node);
    }
}

/// Appends `node` under `parent`. Tags and fixed attributes go through [`js_text`], decoded
/// once; the DOM calls cannot fail for a new element.
fn append_one(document: &Document, parent: &DomNode, node: &Node) {
    let element = |tag: &'static str| js_text::create_element(document, tag);
    let with_children = |tag: &'static str, children: &[Node]| {
        let element = element(tag);
        append(document, &element, children);
        element
    };
    let text_element = |tag: &'static str, text: &str| {
        let element = element(tag);
        element.set_text_content(Some(text));
        element
    };
    let child: Element = match node {
        Node::Text(text) => {
            js_text::append(parent, &document.create_text_node(text));
            return;
        }
        Node::Break => element("br"),
        Node::Paragraph(children) => with_children("p", children),
        Node::Emphasis(children) => with_children("em", children),
        Node::Strong(children) => with_children("strong", children),
        Node::Code(text) => text_element("code", text),
        Node::CodeBlock(text) => {
            let pre = element("pre");
            js_text::append(&pre, &text_element("code", text));
            pre
        }
        Node::List { ordered, items } => {
            let list = element(if *ordered { "ol" } else { "ul" });
            for item in items {
                js_text::append(&list, &with_children("li", item));
            }
            list
        }
        Node::Link { href, children } => {
            let link = with_children("a", children);
            js_text::set_attribute(&link, "href", &JsValue::from_str(href));
            js_text::set_attribute(&link, "target", &js_text::js("_blank"));
            js_text::set_attribute(&link, "rel", &js_text::js("noopener noreferrer nofollow"));
            link
        }
    };
    js_text::append(parent, &child);
}
