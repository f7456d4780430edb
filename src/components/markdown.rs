//! Renders the Markdown subset's nodes as elements and text nodes; nothing is parsed as HTML.

use leptos::prelude::*;

use crate::text::markdown::Node;

/// The nodes of [`crate::text::markdown::render`], as a view.
pub fn markdown_view(nodes: Vec<Node>) -> AnyView {
    nodes.into_iter().map(node_view).collect_view().into_any()
}

fn node_view(node: Node) -> AnyView {
    match node {
        Node::Text(text) => text.into_any(),
        Node::Break => view! { <br/> }.into_any(),
        Node::Paragraph(children) => view! { <p>{markdown_view(children)}</p> }.into_any(),
        Node::Emphasis(children) => view! { <em>{markdown_view(children)}</em> }.into_any(),
        Node::Strong(children) => view! { <strong>{markdown_view(children)}</strong> }.into_any(),
        Node::Code(text) => view! { <code>{text}</code> }.into_any(),
        Node::CodeBlock(text) => view! { <pre><code>{text}</code></pre> }.into_any(),
        Node::List { ordered, items } => {
            let items = items.into_iter().map(|item| view! { <li>{markdown_view(item)}</li> }).collect_view();
            if ordered { view! { <ol>{items}</ol> }.into_any() } else { view! { <ul>{items}</ul> }.into_any() }
        }
        Node::Link { href, children } => view! {
            <a href=href target="_blank" rel="noopener noreferrer nofollow">{markdown_view(children)}</a>
        }
        .into_any(),
    }
}
