//! The rationale's Markdown subset: any text renders, and every link it makes is http(s).
#![no_main]

use countersign::text::markdown::{is_safe_url, render, Node};
use libfuzzer_sys::fuzz_target;

fn check(nodes: &[Node]) {
    for node in nodes {
        match node {
            Node::Link { href, children } => {
                assert!(is_safe_url(href), "an unsafe link: {href:?}");
                check(children);
            }
            Node::Paragraph(children) | Node::Emphasis(children) | Node::Strong(children) => check(children),
            Node::List { items, .. } => items.iter().for_each(|item| check(item)),
            _ => {}
        }
    }
}

fuzz_target!(|text: &str| {
    check(&render(text));
});
