//! The rationale's Markdown subset: paragraphs, headings (shown as strong paragraphs), quotes
//! (as paragraphs), bulleted and numbered lists, fenced code, emphasis, strong, inline code,
//! hard breaks, backslash escapes and http(s) links. The output is a tree of [`Node`]s that the
//! component turns into elements and text nodes, so nothing is ever parsed as HTML: raw HTML
//! stays visible as text, and a link to anything but http(s) keeps only its text. Entities are
//! not decoded. (A full CommonMark parser would cost the widget tens of KiB for features a
//! rationale does not need.)

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
    /// A fenced code block.
    CodeBlock(String),
    /// A bulleted (`ordered == false`) or numbered list of items.
    List { ordered: bool, items: Vec<Vec<Node>> },
    /// A link whose `href` is http or https.
    Link { href: String, children: Vec<Node> },
}

/// Whether a URL may become a clickable link or an image: only absolute http and https URLs,
/// written as they would be in an address bar. A space, a control character, a quote or an
/// angle bracket is never part of such a URL; where one appears, the text was something else
/// (`https://x.example" onclick="…` is an attribute injection attempt, not an address).
pub fn is_safe_url(url: &str) -> bool {
    let scheme_end = url.find(':').unwrap_or(0);
    let scheme = url[..scheme_end].to_ascii_lowercase();
    let unsafe_char = |char: char| char.is_control() || char.is_whitespace() || matches!(char, '"' | '\'' | '<' | '>' | '`' | '\\' | '{' | '}' | '|' | '^');
    (scheme == "http" || scheme == "https") && url[scheme_end..].starts_with("://") && url.len() > scheme_end + 3 && !url.chars().any(unsafe_char)
}

/// Renders the Markdown subset to nodes.
pub fn render(markdown: &str) -> Vec<Node> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at].trim_start();
        if line.is_empty() {
            at += 1;
        } else if let Some(fence) = fence(line) {
            let body: Vec<&str> = lines[at + 1..].iter().take_while(|line| !line.trim_start().starts_with(fence)).copied().collect();
            at += body.len() + 2;
            blocks.push(Node::CodeBlock(super::join::joined(&body, "\n")));
        } else if let Some(text) = heading(line) {
            blocks.push(Node::Paragraph(vec![Node::Strong(inline(text))]));
            at += 1;
        } else if let Some((ordered, _)) = list_item(line) {
            let mut items: Vec<String> = Vec::new();
            while let Some(line) = lines.get(at).map(|line| line.trim_start()).filter(|line| !line.is_empty()) {
                match list_item(line) {
                    Some((same, text)) if same == ordered => items.push(text.to_string()),
                    Some(_) => break,
                    None => match items.last_mut() {
                        Some(last) => {
                            last.push(' ');
                            last.push_str(line);
                        }
                        None => break,
                    },
                }
                at += 1;
            }
            blocks.push(Node::List { ordered, items: items.iter().map(|item| inline(item)).collect() });
        } else {
            let mut text = String::new();
            while let Some(line) = lines.get(at).map(|line| line.trim_start()) {
                if line.is_empty() || (!text.is_empty() && (fence(line).is_some() || heading(line).is_some() || list_item(line).is_some())) {
                    break;
                }
                let line = line.strip_prefix('>').map(str::trim_start).unwrap_or(line);
                if !text.is_empty() {
                    let hard = text.ends_with("  ") || text.ends_with('\\');
                    text.truncate(text.trim_end_matches([' ', '\\']).len());
                    text.push(if hard { '\n' } else { ' ' });
                }
                text.push_str(line);
                at += 1;
            }
            blocks.push(Node::Paragraph(inline(text.trim_end())));
        }
    }
    blocks
}

/// The fence a code block opens with, if `line` opens one.
fn fence(line: &str) -> Option<&'static str> {
    ["```", "~~~"].into_iter().find(|fence| line.starts_with(fence))
}

/// A heading's text (`# Title` to `###### Title`).
fn heading(line: &str) -> Option<&str> {
    let level = line.bytes().take_while(|byte| *byte == b'#').count();
    (1..=6).contains(&level).then(|| line[level..].strip_prefix(' ')).flatten().map(|text| text.trim_end_matches([' ', '#']))
}

/// A list item's kind (numbered or not) and text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(text) = ["- ", "* ", "+ "].into_iter().find_map(|marker| line.strip_prefix(marker)) {
        return Some((false, text));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (1..=9).contains(&digits).then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))).flatten().map(|text| (true, text))
}

/// Parses inline Markdown: code, emphasis, strong, links, autolinks, escapes and breaks.
fn inline(text: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(character) = rest.chars().next() {
        let mut skip = character.len_utf8();
        let parsed: Option<Vec<Node>> = match character {
            '\\' => match rest[1..].chars().next() {
                Some(next) if next.is_ascii_punctuation() => {
                    plain.push(next);
                    skip = 2;
                    Some(Vec::new())
                }
                _ => None,
            },
            '\n' => Some(vec![Node::Break]),
            '`' => code_span(rest).map(|(code, length)| {
                skip = length;
                vec![Node::Code(code)]
            }),
            '*' | '_' if !(character == '_' && previous.is_some_and(is_word_char)) => emphasis(rest, character).map(|(node, length)| {
                skip = length;
                vec![node]
            }),
            '!' if rest[1..].starts_with('[') => link(&rest[1..]).map(|(label, _, length)| {
                skip = length + 1;
                vec![Node::Text(label.to_string())]
            }),
            '[' => link(rest).map(|(label, href, length)| {
                skip = length;
                let children = inline(label);
                if is_safe_url(href) { vec![Node::Link { href: href.to_string(), children }] } else { children }
            }),
            '<' => autolink(rest).map(|(href, length)| {
                skip = length;
                vec![Node::Link { href: href.to_string(), children: vec![Node::Text(href.to_string())] }]
            }),
            _ => None,
        };
        match parsed {
            Some(parsed) => {
                for node in parsed {
                    push_node(&mut nodes, &mut plain, node);
                }
            }
            None => plain.push(character),
        }
        previous = rest[..skip].chars().last();
        rest = &rest[skip..];
    }
    push_node(&mut nodes, &mut plain, Node::Text(String::new()));
    nodes
}

/// Appends `node` after the pending plain text, merging adjacent text.
fn push_node(nodes: &mut Vec<Node>, plain: &mut String, node: Node) {
    let pending = std::mem::take(plain);
    for node in [Node::Text(pending), node] {
        match (nodes.last_mut(), node) {
            (_, Node::Text(text)) if text.is_empty() => {}
            (Some(Node::Text(last)), Node::Text(text)) => last.push_str(&text),
            (_, node) => nodes.push(node),
        }
    }
}

/// `` `code` ``: the code and the span's length, when a closing run of as many backticks exists.
fn code_span(text: &str) -> Option<(String, usize)> {
    let ticks = text.bytes().take_while(|byte| *byte == b'`').count();
    let fence = &text[..ticks];
    let close = text[ticks..].find(fence)? + ticks;
    let code = &text[ticks..close];
    let code = code.strip_prefix(' ').and_then(|code| code.strip_suffix(' ')).filter(|code| !code.trim().is_empty()).unwrap_or(code);
    Some((code.to_string(), close + ticks))
}

/// `*em*`, `_em_`, `**strong**`, `__strong__`: the node and its length, when it closes.
fn emphasis(text: &str, marker: char) -> Option<(Node, usize)> {
    let double = text[1..].starts_with(marker);
    let width = if double { 2 } else { 1 };
    let delimiter = &text[..width];
    let inner_start = &text[width..];
    if inner_start.starts_with(char::is_whitespace) || inner_start.is_empty() {
        return None;
    }
    let mut search = 0;
    while let Some(found) = inner_start[search..].find(delimiter) {
        let close = search + found;
        let after = &inner_start[close + width..];
        let closes = close > 0
            && !inner_start[..close].ends_with(char::is_whitespace)
            && (double || !after.starts_with(marker))
            && !(marker == '_' && after.starts_with(is_word_char));
        if closes {
            let children = inline(&inner_start[..close]);
            let node = if double { Node::Strong(children) } else { Node::Emphasis(children) };
            return Some((node, close + 2 * width));
        }
        search = close + width;
    }
    None
}

/// `[label](href "title")`: the label, the href and the link's length.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let label_end = matching(text, '[', ']')?;
    let after = &text[label_end + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let target_end = matching(after, '(', ')')?;
    let target = after[1..target_end].trim();
    let href = target.split_whitespace().next().unwrap_or_default();
    let href = href.strip_prefix('<').and_then(|href| href.strip_suffix('>')).unwrap_or(href);
    Some((&text[1..label_end], href, label_end + 1 + target_end + 1))
}

/// `<https://…>`: the href and the autolink's length, for http(s) URLs only.
fn autolink(text: &str) -> Option<(&str, usize)> {
    let end = text.find('>')?;
    let href = &text[1..end];
    (is_safe_url(href) && !href.contains(char::is_whitespace)).then_some((href, end + 1))
}

/// The index of the bracket closing the one `text` opens with, skipping escapes and nesting.
fn matching(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (at, character) in text.char_indices() {
        match character {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if character == open => depth += 1,
            _ if character == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `character` belongs to a word, for the intraword `_` rule. Any letter outside
/// ASCII counts, which spares the wasm Unicode's alphabetic tables.
fn is_word_char(character: char) -> bool {
    character.is_ascii_alphanumeric() || (!character.is_ascii() && !character.is_whitespace())
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
    fn headings_quotes_code_blocks_and_breaks_stay_readable() {
        assert_eq!(render("## Why now"), vec![Node::Paragraph(vec![Node::Strong(vec![text("Why now")])])]);
        assert_eq!(render("> quoted"), vec![Node::Paragraph(vec![text("quoted")])]);
        assert_eq!(render("```\n<b>x</b>\n```\nafter"), vec![Node::CodeBlock("<b>x</b>".into()), Node::Paragraph(vec![text("after")])]);
        assert_eq!(render("one  \ntwo\nthree"), vec![Node::Paragraph(vec![text("one"), Node::Break, text("two three")])]);
    }

    #[test]
    fn unclosed_or_intraword_markers_stay_literal() {
        for source in ["2 * 3 = 6", "snake_case_name", "**open", "`open", "[label](", "a_b_"] {
            assert_eq!(render(source), vec![Node::Paragraph(vec![text(source)])], "{source:?}");
        }
        assert_eq!(render("\\*not em\\*"), vec![Node::Paragraph(vec![text("*not em*")])]);
    }

    #[test]
    fn nested_emphasis_and_autolinks_render() {
        assert_eq!(
            render("**bold _and em_** <https://example.com>"),
            vec![Node::Paragraph(vec![
                Node::Strong(vec![text("bold "), Node::Emphasis(vec![text("and em")])]),
                text(" "),
                Node::Link { href: "https://example.com".into(), children: vec![text("https://example.com")] },
            ])]
        );
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
        assert!(!is_safe_url("https://"));
    }

    #[test]
    fn urls_with_characters_no_address_has_are_not_links() {
        for url in ["https://x.example\" onclick=\"alert(1)", "https://x.example/\"><script>", "https://x.example/<b>", "https://x.example/a b", " https://x.example", "https://x.example/`", "https://x.example/\u{2028}", "https://x.example'onmouseover='x"] {
            assert!(!is_safe_url(url), "{url:?}");
        }
        assert!(is_safe_url("https://x.example/path?q=a%20b&r=1#frag"));
        assert!(is_safe_url("https://münchen.example/straße"));
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
