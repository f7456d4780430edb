//! Renders the Markdown subset's nodes straight into the DOM as elements and text nodes.
//! Nothing is parsed as HTML: every piece of text becomes a text node, and the only attribute
//! taken from the source is an http(s) `href` that [`crate::text::markdown`] already checked.
//! Building these few elements directly also costs less wasm than one Leptos view type per
//! node kind.

use web_sys::{Document, Element, Node as DomNode};

use super::js_text;
use crate::text::markdown::{render, Node};

/// Renders `source` as the safe Markdown subset under `parent`.
pub fn append_markdown(document: &Document, parent: &Element, source: &str) {
    append(document, parent, &render(source));
}

/// Appends `nodes` under `parent`.
fn append(document: &Document, parent: &DomNode, nodes: &[Node]) {
    for node in nodes {
        let _ = append_one(document, parent, node);
    }
}

fn append_one(document: &Document, parent: &DomNode, node: &Node) -> Result<(), wasm_bindgen::JsValue> {
    let element = |tag: &'static str, children: &[Node]| -> Result<(), wasm_bindgen::JsValue> {
        let element = js_text::create_element(document, tag);
        append(document, &element, children);
        parent.append_child(&element)?;
        Ok(())
    };
    let text_element = |tag: &'static str, text: &str| -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let element = js_text::create_element(document, tag);
        element.set_text_content(Some(text));
        Ok(element)
    };
    match node {
        Node::Text(text) => {
            parent.append_child(&document.create_text_node(text))?;
        }
        Node::Break => {
            let line_break = document.create_element("br")?;
            parent.append_child(&line_break)?;
        }
        Node::Paragraph(children) => element("p", children)?,
        Node::Emphasis(children) => element("em", children)?,
        Node::Strong(children) => element("strong", children)?,
        Node::Code(text) => {
            let code = text_element("code", text)?;
            parent.append_child(&code)?;
        }
        Node::CodeBlock(text) => {
            let pre = document.create_element("pre")?;
            let code = text_element("code", text)?;
            pre.append_child(&code)?;
            parent.append_child(&pre)?;
        }
        Node::List { ordered, items } => {
            let list = document.create_element(if *ordered { "ol" } else { "ul" })?;
            for item in items {
                let entry = document.create_element("li")?;
                append(document, &entry, item);
                list.append_child(&entry)?;
            }
            parent.append_child(&list)?;
        }
        Node::Link { href, children } => {
            let link = document.create_element("a")?;
            link.set_attribute("href", href)?;
            link.set_attribute("target", "_blank")?;
            link.set_attribute("rel", "noopener noreferrer nofollow")?;
            append(document, &link, children);
            parent.append_child(&link)?;
        }
    }
    Ok(())
}
