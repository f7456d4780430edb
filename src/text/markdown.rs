//! The rationale's Markdown subset: paragraphs, emphasis, strong, inline code, code blocks,
//! lists and http(s) links. The output is a tree of [`Node`]s that the component turns into
//! elements and text nodes, so nothing is ever parsed as HTML: raw HTML stays visible as text,
//! and a link to anything but http(s) is kept as its plain text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A piece of rendered Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Literal text, shown as text.
    Text(String),
    /// A line break inside a paragraph.
    Break,
    /// A paragraph (headings and quotes are shown as paragraphs too).
    Paragraph(Vec<Node>),
    /// `*emphasis*`.
    Emphasis(Vec<Node>),
    /// `**strong**` (and headings' text).
    Strong(Vec<Node>),
    /// `` `code` ``.
    Code(String),
    /// A fenced or indented code block.
    CodeBlock(String),
    /// A bulleted (`ordered == false`) or numbered list of items.
    List { ordered: bool, items: Vec<Vec<Node>> },
    /// A link whose `href` is http or https.
    Link { href: String, children: Vec<Node> },
}

/// Whether a URL may become a clickable link: only absolute http and https URLs.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':').unwrap_or(0);
    let scheme = url[..scheme_end].to_ascii_lowercase();
    (scheme == "http" || scheme == "https") && url[scheme_end..].starts_with("://") && !url.chars().any(char::is_control)
}

/// Renders the Markdown subset to nodes.
pub fn render(markdown: &str) -> Vec<Node> {
    let mut builder = TreeBuilder::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        builder.event(event);
    }
    builder.finish()
}

/// What an open container will become when it closes.
enum Open {
    Paragraph,
    Emphasis,
    Strong,
    CodeBlock,
    Link(Option<String>),
    List(bool),
    Item,
    /// Something shown as its contents only (images' alt text, tables, …).
    Transparent,
}

#[derive(Default)]
struct TreeBuilder {
    /// The open containers with the children collected so far; the root is implicit.
    stack: Vec<(Open, Vec<Node>)>,
    root: Vec<Node>,
    /// Items of the lists being built, innermost last.
    lists: Vec<Vec<Vec<Node>>>,
}

impl TreeBuilder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.stack.last_mut() {
            Some((_, children)) => children,
            None => &mut self.root,
        }
    }

    fn push_text(&mut self, text: &str) {
        let children = self.children();
        match children.last_mut() {
            Some(Node::Text(last)) => last.push_str(text),
            _ => children.push(Node::Text(text.to_string())),
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => {
                let open = match tag {
                    Tag::Paragraph | Tag::Heading { .. } | Tag::BlockQuote(_) => {
                        if matches!(tag, Tag::Heading { .. }) { Open::Strong } else { Open::Paragraph }
                    }
                    Tag::Emphasis => Open::Emphasis,
                    Tag::Strong => Open::Strong,
                    Tag::CodeBlock(_) => Open::CodeBlock,
                    Tag::Link { dest_url, .. } => {
                        Open::Link(Some(dest_url.to_string()).filter(|url| is_safe_url(url)))
                    }
                    Tag::List(start) => {
                        self.lists.push(Vec::new());
                        Open::List(start.is_some())
                    }
                    Tag::Item => Open::Item,
                    _ => Open::Transparent,
                };
                self.stack.push((open, Vec::new()));
            }
            Event::End(end) => self.close(end),
            Event::Text(text) => self.push_text(&text),
            Event::Code(code) => self.children().push(Node::Code(code.to_string())),
            Event::Html(html) | Event::InlineHtml(html) => self.push_text(&html),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.children().push(Node::Break),
            Event::Rule => {}
            other => {
                if let Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) = other {
                    self.push_text(&text);
                }
            }
        }
    }

    fn close(&mut self, _end: TagEnd) {
        let Some((open, children)) = self.stack.pop() else { return };
        let node = match open {
            Open::Paragraph => Some(Node::Paragraph(children)),
            Open::Emphasis => Some(Node::Emphasis(children)),
            Open::Strong if self.stack.is_empty() => Some(Node::Paragraph(vec![Node::Strong(children)])),
            Open::Strong => Some(Node::Strong(children)),
            Open::CodeBlock => Some(Node::CodeBlock(plain_text(&children))),
            Open::Link(Some(href)) => Some(Node::Link { href, children }),
            Open::Link(None) | Open::Transparent => {
                self.children().extend(children);
                None
            }
            Open::Item => {
                if let Some(items) = self.lists.last_mut() {
                    items.push(children);
                }
                None
            }
            Open::List(ordered) => Some(Node::List { ordered, items: self.lists.pop().unwrap_or_default() }),
        };
        if let Some(node) = node {
            self.children().push(node);
        }
    }

    fn finish(mut self) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.close(TagEnd::Paragraph);
        }
        self.root
    }
}

fn plain_text(nodes: &[Node]) -> String {
    nodes
        .iter()
        .map(|node| match node {
            Node::Text(text) | Node::Code(text) | Node::CodeBlock(text) => text.clone(),
            _ => String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Node {
        Node::Text(value.to_string())
    }

    #[test]
    fn emphasis_strong_code_and_links_render_as_nodes() {
        let nodes = render("A *big* **deal** with `code` and [docs](https://example.com/a).");
        assert_eq!(
            nodes,
            vec![Node::Paragraph(vec![
                text("A "),
                Node::Emphasis(vec![text("big")]),
                text(" "),
                Node::Strong(vec![text("deal")]),
                text(" with "),
                Node::Code("code".into()),
                text(" and "),
                Node::Link { href: "https://example.com/a".into(), children: vec![text("docs")] },
                text("."),
            ])]
        );
    }

    #[test]
    fn lists_keep_their_items() {
        let nodes = render("- one\n- two\n\n1. first\n");
        assert_eq!(
            nodes,
            vec![
                Node::List { ordered: false, items: vec![vec![text("one")], vec![text("two")]] },
                Node::List { ordered: true, items: vec![vec![text("first")]] },
            ]
        );
    }

    #[test]
    fn script_tags_and_raw_html_stay_visible_as_text() {
        for source in ["<script>alert(1)</script>", "Hi <img src=x onerror=alert(1)> there", "<b>bold</b>"] {
            let nodes = render(source);
            let shown = flatten(&nodes);
            assert!(shown.contains('<'), "{source:?} should stay text, got {nodes:?}");
            assert!(!has_link(&nodes));
        }
    }

    #[test]
    fn links_to_anything_but_http_and_https_are_plain_text() {
        for source in [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click](vbscript:msgbox)",
            "[click](/relative/path)",
            "[click](//evil.example/x)",
            "<javascript:alert(1)>",
            "[click](&#106;avascript:alert(1))",
        ] {
            let nodes = render(source);
            assert!(!has_link(&nodes), "{source:?} gave a link: {nodes:?}");
            assert!(flatten(&nodes).contains("click") || flatten(&nodes).contains("javascript"), "{source:?} lost its text");
        }
    }

    #[test]
    fn images_show_only_their_alt_text() {
        assert_eq!(render("![a chart](https://example.com/x.png)"), vec![Node::Paragraph(vec![text("a chart")])]);
    }

    #[test]
    fn safe_urls_are_absolute_http_or_https() {
        assert!(is_safe_url("https://example.com"));
        assert!(is_safe_url("HTTP://example.com/a?b=c"));
        assert!(!is_safe_url("https:example.com"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("java\nscript://x"));
        assert!(!is_safe_url("ftp://example.com"));
    }

    fn flatten(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|node| match node {
                Node::Text(text) | Node::Code(text) | Node::CodeBlock(text) => text.clone(),
                Node::Paragraph(children) | Node::Emphasis(children) | Node::Strong(children) => flatten(children),
                Node::Link { children, .. } => flatten(children),
                Node::List { items, .. } => items.iter().map(|item| flatten(item)).collect(),
                Node::Break => "\n".into(),
            })
            .collect()
    }

    fn has_link(nodes: &[Node]) -> bool {
        nodes.iter().any(|node| match node {
            Node::Link { .. } => true,
            Node::Paragraph(children) | Node::Emphasis(children) | Node::Strong(children) => has_link(children),
            Node::List { items, .. } => items.iter().any(|item| has_link(item)),
            _ => false,
        })
    }
}
