//! A strict JSON parser (RFC 8259) over bytes, with a nesting limit so hostile input cannot
//! exhaust the stack.
//!
//! It writes a [`Tape`]: every value of the text, in order, as a node that says where its
//! text is and where the next value after it starts, so a thousand items are one vector
//! rather than tens of thousands of strings and vectors. Strings stay in the text until they
//! are read (their escapes checked here, decoded then); [`Json`] trees are built from it.

use std::borrow::Cow;

use super::{number, Json};

/// How deeply arrays and objects may nest.
const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message} at line {line}, column {column}")]
pub struct ParseError {
    /// What was wrong.
    pub message: &'static str,
    /// The 1-based line of the problem.
    pub line: usize,
    /// The 1-based column (in characters) of the problem.
    pub column: usize,
}

/// What a value on the tape is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Null,
    False,
    True,
    Number,
    /// A string without escapes: its text is the string.
    Plain,
    /// A string with escapes, decoded when read.
    Escaped,
    Array,
    /// Members as pairs of nodes: the key (a string), then the value.
    Object,
}

/// One value: its text is `text[start..end]` (a string's between the quotes, an array's or
/// object's from its bracket to the closing one); the values inside an array or object follow
/// it, up to `after`, where the next value starts.
#[derive(Clone, Copy, Debug)]
struct Node {
    kind: Kind,
    start: usize,
    end: usize,
    after: usize,
}

/// A parsed JSON text: its values in order, the first one the whole text's.
pub struct Tape<'t> {
    text: &'t str,
    nodes: Vec<Node>,
}

impl<'t> Tape<'t> {
    /// Parses `text` as one JSON value surrounded by optional whitespace.
    pub fn parse(text: &'t str) -> Result<Tape<'t>, ParseError> {
        let mut parser = Parser { text, at: 0, depth: 0, nodes: Vec::new() };
        parser.value()?;
        parser.skip_space();
        if parser.at < text.len() {
            return Err(parser.fail("unexpected text after the value"));
        }
        Ok(Tape { text, nodes: parser.nodes })
    }

    /// The whole text's value.
    pub fn root(&self) -> Value<'_> {
        Value { tape: self, index: 0 }
    }
}

/// How far a value reaches ([`Value::extent`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extent {
    /// How many arrays and objects deep it nests: 0 for a string, 1 for a flat list.
    pub depth: usize,
    /// The most entries of any array in it, or members of any object.
    pub entries: usize,
    /// The longest string in it (member names included), in bytes as written between the
    /// quotes: never fewer than its characters.
    pub text: usize,
}

/// One value on a [`Tape`].
#[derive(Clone, Copy)]
pub struct Value<'t> {
    tape: &'t Tape<'t>,
    index: usize,
}

impl<'t> Value<'t> {
    fn node(self) -> Node {
        self.tape.nodes[self.index]
    }

    fn at(self, index: usize) -> Value<'t> {
        Value { tape: self.tape, index }
    }

    fn raw(self) -> &'t str {
        let node = self.node();
        &self.tape.text[node.start..node.end]
    }

    /// Whether this is `null`.
    pub fn is_null(self) -> bool {
        self.node().kind == Kind::Null
    }

    /// The boolean, when this is one.
    pub fn as_bool(self) -> Option<bool> {
        match self.node().kind {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    /// The string, when this is one: borrowed from the text unless it has escapes.
    pub fn as_str(self) -> Option<Cow<'t, str>> {
        match self.node().kind {
            Kind::Plain => Some(Cow::Borrowed(self.raw())),
            Kind::Escaped => Some(Cow::Owned(decode(self.raw()))),
            _ => None,
        }
    }

    /// How many bytes of the text this value is: a string's between its quotes, escapes as
    /// written (so never fewer than the string has characters), an array's or object's from
    /// its bracket to the closing one.
    pub fn text_len(self) -> usize {
        let node = self.node();
        node.end - node.start
    }

    /// How many bytes of the text this value is without the whitespace between its tokens:
    /// its size however it was laid out (pretty-printed or not), as [`compact_len`] counts it.
    pub fn compact_len(self) -> usize {
        compact_len(self.raw())
    }

    /// How far this value reaches, found in one pass over its nodes rather than value by
    /// value: a bound to hold it to that is cheap to check, and only a value that breaks one
    /// needs walking to find where.
    pub fn extent(self) -> Extent {
        let nodes = &self.tape.nodes[self.index..self.node().after];
        let mut extent = Extent::default();
        // The `after` of each array or object the node looked at is inside.
        let mut open = [0usize; MAX_DEPTH];
        let mut depth = 0;
        for (offset, node) in nodes.iter().enumerate() {
            let at = self.index + offset;
            while depth > 0 && open.get(depth - 1).is_some_and(|after| *after <= at) {
                depth -= 1;
            }
            match node.kind {
                Kind::Plain | Kind::Escaped => extent.text = extent.text.max(node.end - node.start),
                Kind::Array | Kind::Object => {
                    // The parser nests at most MAX_DEPTH deep.
                    if let Some(slot) = open.get_mut(depth) {
                        *slot = node.after;
                    }
                    depth += 1;
                    extent.depth = extent.depth.max(depth);
                    let (mut inside, mut next) = (0, at + 1);
                    while next < node.after {
                        inside += 1;
                        next = self.tape.nodes[next].after;
                    }
                    // An object's nodes are its members' names and values.
                    let entries = if node.kind == Kind::Object { inside / 2 } else { inside };
                    extent.entries = extent.entries.max(entries);
                }
                _ => {}
            }
        }
        extent
    }

    /// The number's text, exactly as written, when this is one.
    pub fn number(self) -> Option<&'t str> {
        (self.node().kind == Kind::Number).then(|| self.raw())
    }

    /// The number, when this is one.
    pub fn as_f64(self) -> Option<f64> {
        self.number().and_then(number::value)
    }

    /// The values inside an array or object, keys and values alike, in order.
    fn inside(self) -> impl Iterator<Item = Value<'t>> {
        let (mut next, after) = (self.index + 1, self.node().after);
        std::iter::from_fn(move || {
            (next < after).then(|| {
                let value = self.at(next);
                next = value.node().after;
                value
            })
        })
    }

    /// The elements, when this is an array.
    pub fn elements(self) -> Option<impl Iterator<Item = Value<'t>>> {
        (self.node().kind == Kind::Array).then(|| self.inside())
    }

    /// The members as keys and values in order, when this is an object.
    pub fn members(self) -> Option<impl Iterator<Item = (Cow<'t, str>, Value<'t>)>> {
        (self.node().kind == Kind::Object).then(|| {
            let mut inside = self.inside();
            std::iter::from_fn(move || Some((inside.next()?.as_str().unwrap_or_default(), inside.next()?)))
        })
    }

    /// The value of `key`, when this is an object that has it (its last occurrence, as
    /// `JSON.parse` keeps).
    pub fn get(self, key: &str) -> Option<Value<'t>> {
        let node = self.node();
        if node.kind != Kind::Object {
            return None;
        }
        let (mut at, mut found) = (self.index + 1, None);
        while at < node.after {
            // A key without escapes is read in place, without a copy.
            if self.at(at).as_str().is_some_and(|name| name == key) {
                found = Some(self.at(at + 1));
            }
            at = self.tape.nodes[at + 1].after;
        }
        found
    }

    /// What kind of value this is, for messages: "a string", "an array"…
    pub fn type_name(self) -> &'static str {
        match self.node().kind {
            Kind::Null => "null",
            Kind::False | Kind::True => "a boolean",
            Kind::Number => "a number",
            Kind::Plain | Kind::Escaped => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }

    /// The value as a [`Json`] tree of its own.
    pub fn to_json(self) -> Json {
        match self.node().kind {
            Kind::Null => Json::Null,
            Kind::False => Json::Bool(false),
            Kind::True => Json::Bool(true),
            Kind::Number => Json::Number(self.raw().to_string()),
            Kind::Plain | Kind::Escaped => Json::String(self.as_str().unwrap_or_default().into_owned()),
            Kind::Array => {
                let mut values = Vec::new();
                for value in self.inside() {
                    values.push(value.to_json());
                }
                Json::Array(values)
            }
            Kind::Object => {
                let mut members = Vec::new();
                for (key, value) in self.members().into_iter().flatten() {
                    members.push((key.into_owned(), value.to_json()));
                }
                Json::Object(members)
            }
        }
    }
}

/// The characters of a string's text whose escapes the parser has checked.
fn decode(raw: &str) -> String {
    let mut parser = Parser { text: raw, at: 0, depth: 0, nodes: Vec::new() };
    let mut out = String::with_capacity(raw.len());
    while parser.at < raw.len() {
        let start = parser.at;
        parser.at += raw[start..].find('\\').unwrap_or(raw.len() - start);
        out.push_str(&raw[start..parser.at]);
        if parser.at < raw.len() {
            parser.at += 1;
            out.push(parser.escape().unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// How many bytes the JSON `text` is without whitespace outside its strings: the same for a
/// value however it is laid out. Not checked: `text` is JSON already parsed.
pub fn compact_len(text: &str) -> usize {
    let (mut bytes, mut in_string, mut escaped) = (0, false, false);
    for byte in text.bytes() {
        if in_string {
            (in_string, escaped) = (escaped || byte != b'"', !escaped && byte == b'\\');
        } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        } else {
            in_string = byte == b'"';
        }
        bytes += 1;
    }
    bytes
}

/// Parses `text` as one JSON value surrounded by optional whitespace.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    Ok(Tape::parse(text)?.root().to_json())
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    nodes: Vec<Node>,
}

impl Parser<'_> {
    fn fail(&self, message: &'static str) -> ParseError {
        // Bytes, not a `str` slice: the parser may stop inside a multi-byte character.
        let before = &self.text.as_bytes()[..self.at.min(self.text.len())];
        let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
        let last_line = before.rsplit(|byte| *byte == b'\n').next().unwrap_or_default();
        // A character starts at every byte that is not a UTF-8 continuation byte.
        let column = last_line.iter().filter(|byte| **byte & 0xC0 != 0x80).count() + 1;
        ParseError { message, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    /// Adds a node for a value of `kind` whose text is `start..self.at`, with nothing inside.
    fn leaf(&mut self, kind: Kind, start: usize) {
        let after = self.nodes.len() + 1;
        self.nodes.push(Node { kind, start, end: self.at, after });
    }

    fn value(&mut self) -> Result<(), ParseError> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.nested(Kind::Object),
            Some(b'[') => self.nested(Kind::Array),
            Some(b'"') => self.string(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Kind::True),
            Some(b'f') => self.word("false", Kind::False),
            Some(b'n') => self.word("null", Kind::Null),
            Some(_) => Err(self.fail("expected a value")),
            None => Err(self.fail("unexpected end of the text")),
        }
    }

    fn nested(&mut self, kind: Kind) -> Result<(), ParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.depth += 1;
        let index = self.nodes.len();
        self.nodes.push(Node { kind, start: self.at, end: self.at, after: index + 1 });
        self.at += 1;
        if kind == Kind::Object { self.object()? } else { self.array()? }
        self.depth -= 1;
        self.nodes[index].end = self.at;
        self.nodes[index].after = self.nodes.len();
        Ok(())
    }

    fn word(&mut self, word: &str, kind: Kind) -> Result<(), ParseError> {
        if self.text[self.at..].starts_with(word) {
            let start = self.at;
            self.at += word.len();
            self.leaf(kind, start);
            Ok(())
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn object(&mut self) -> Result<(), ParseError> {
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a key in double quotes"));
            }
            self.string()?;
            if !self.eat(b':') {
                return Err(self.fail("expected ':' after a key"));
            }
            self.value()?;
            if self.eat(b'}') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or '}' in an object"));
            }
        }
    }

    fn array(&mut self) -> Result<(), ParseError> {
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            self.value()?;
            if self.eat(b']') {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or ']' in an array"));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<(), ParseError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.fail("expected a digit")),
            count if leading_zero && count > 1 => return Err(self.fail("a number must not start with 0")),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.fail("expected a digit after '.'"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("expected a digit in the exponent"));
            }
        }
        self.leaf(Kind::Number, start);
        Ok(())
    }

    /// A string's node, its escapes checked: its text is what lies between the quotes.
    fn string(&mut self) -> Result<(), ParseError> {
        self.at += 1;
        let start = self.at;
        let mut kind = Kind::Plain;
        loop {
            // Up to the next quote, backslash or control character at once (a byte-by-byte
            // `peek` loop was a fifth of reading a queue of a thousand items).
            let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
            self.at += rest.iter().position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20).unwrap_or(rest.len());
            match self.peek() {
                Some(b'"') => {
                    self.leaf(kind, start);
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape()?;
                    kind = Kind::Escaped;
                }
                Some(_) => return Err(self.fail("control character in a string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, ParseError> {
        let Some(byte) = self.peek() else { return Err(self.fail("unterminated string")) };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) && self.text[self.at..].starts_with("\\u") {
                    let resume = self.at;
                    self.at += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        return Ok(char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).unwrap_or('\u{FFFD}'));
                    }
                    self.at = resume;
                }
                // A lone surrogate cannot live in a Rust string; it becomes U+FFFD, as in a
                // browser's TextDecoder.
                char::from_u32(high).unwrap_or('\u{FFFD}')
            }
            _ => return Err(self.fail("unknown escape in a string")),
        })
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.text.get(self.at..self.at + 4).ok_or_else(|| self.fail("expected four hex digits after \\u"))?;
        let value = u32::from_str_radix(digits, 16).map_err(|_| self.fail("expected four hex digits after \\u"))?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(self.fail("expected four hex digits after \\u"));
        }
        self.at += 4;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_inside_a_multi_byte_character_is_reported_not_a_panic() {
        // Found by the `items` fuzz target: a bad escape before a Hebrew geresh put the error's
        // position inside the character, and slicing the text there panicked.
        let error = parse("{\n  \"a\": \"x\\\u{5F3}\"}").unwrap_err();
        assert_eq!((error.line, error.column), (2, 12));
        let error = parse("[\"é\\é").unwrap_err();
        assert_eq!((error.line, error.column), (1, 6));
    }

    #[test]
    fn a_value_knows_how_long_its_text_is() {
        let text = r#" [ {"a": [1, 2]} , "x\u00e9y", 12.5 ] "#;
        let tape = Tape::parse(text).unwrap();
        let values: Vec<Value> = tape.root().elements().unwrap().collect();
        assert_eq!(tape.root().text_len(), text.trim().len(), "the array, bracket to bracket");
        assert_eq!(values.iter().map(|value| value.text_len()).collect::<Vec<_>>(), vec![r#"{"a": [1, 2]}"#.len(), r#"x\u00e9y"#.len(), 4]);
    }

    #[test]
    fn a_value_s_compact_length_leaves_out_only_the_whitespace_between_tokens() {
        let text = " {\n  \"a b\" : [ 1 ,\t\"x \\\" y\" ] ,\r\n  \"c\" : \"\\\\\" , \"d\" : { } } ";
        let compact = r#"{"a b":[1,"x \" y"],"c":"\\","d":{}}"#;
        assert_eq!(compact_len(text), compact.len());
        assert_eq!(Tape::parse(text).unwrap().root().compact_len(), compact.len());
        assert_eq!(compact_len(compact), compact.len(), "a compact text is its own length");
    }

    #[test]
    fn a_value_s_extent_is_how_deep_it_nests_its_longest_list_and_its_longest_text() {
        let extent = |text: &str| Tape::parse(text).unwrap().root().extent();
        assert_eq!(extent(r#""abc""#), Extent { depth: 0, entries: 0, text: 3 });
        assert_eq!(extent("[]"), Extent { depth: 1, entries: 0, text: 0 });
        let text = r#"{"a":[1,[2,3,4],{"b":{"c":"x\u00e9yz"}}],"long key":[],"d":{"e":1,"f":2}}"#;
        assert_eq!(extent(text), Extent { depth: 4, entries: 3, text: 9 }, "a list of three and three members; the escape counted as written");
        let tape = Tape::parse(text).unwrap();
        let values: Vec<Value> = tape.root().members().unwrap().map(|(_, value)| value).collect();
        assert_eq!(values[2].extent(), Extent { depth: 1, entries: 2, text: 1 }, "a value's own, not its siblings'");
    }

    #[test]
    fn valid_json_parses() {
        for text in ["0", "-0", "1.5e+3", " [ ] ", "{}", r#"{"a" : [true, false, null]}"#, r#""\ud83d\ude00""#, r#""\/""#] {
            assert!(parse(text).is_ok(), "{text}");
        }
        assert_eq!(parse(r#""\ud83d\ude00 \u00e9""#), Ok(Json::String("😀 é".into())));
        assert_eq!(parse(r#""\ud800x""#), Ok(Json::String("\u{FFFD}x".into())));
    }

    #[test]
    fn invalid_json_is_an_error_with_its_position() {
        let cases = [
            ("", "unexpected end of the text"),
            ("{", "expected a key in double quotes"),
            ("[1,]", "expected a value"),
            ("01", "a number must not start with 0"),
            ("1.", "expected a digit after '.'"),
            ("-", "expected a digit"),
            ("1e", "expected a digit in the exponent"),
            ("\"a\nb\"", "control character in a string"),
            ("\"abc", "unterminated string"),
            (r#""\x""#, "unknown escape in a string"),
            (r#""\u12""#, "expected four hex digits after \\u"),
            (r#""\u+123""#, "expected four hex digits after \\u"),
            ("{\"a\" 1}", "expected ':' after a key"),
            ("[1 2]", "expected ',' or ']' in an array"),
            ("{\"a\":1 \"b\":2}", "expected ',' or '}' in an object"),
            ("tru", "expected a value"),
            ("1 2", "unexpected text after the value"),
            ("'a'", "expected a value"),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).map_err(|error| error.message), Err(message), "{text:?}");
        }
        assert_eq!(parse("[\n  1,\n  x]").unwrap_err().to_string(), "expected a value at line 3, column 3");
    }

    #[test]
    fn a_tape_reads_values_in_place_and_builds_the_same_tree() {
        let text = r#"{"k":1,"list":[true,null,"a\nb",{"x":[]}],"k":"last","\u0041b":"é","n":-0.50}"#;
        let tape = Tape::parse(text).unwrap();
        let root = tape.root();
        assert_eq!(root.type_name(), "an object");
        // The last of duplicate keys wins, as in `JSON.parse`; a key with escapes is decoded.
        assert_eq!(root.get("k").and_then(Value::as_str).as_deref(), Some("last"));
        assert_eq!(root.get("Ab").and_then(Value::as_str).as_deref(), Some("é"));
        assert!(root.get("missing").is_none() && root.get("list").is_some_and(|list| list.get("x").is_none()));
        assert_eq!(root.get("n").and_then(Value::number), Some("-0.50"));
        assert_eq!(root.get("n").and_then(Value::as_f64), Some(-0.5));
        let list: Vec<Value> = root.get("list").and_then(Value::elements).unwrap().collect();
        assert_eq!(list.iter().map(|value| value.type_name()).collect::<Vec<_>>(), ["a boolean", "null", "a string", "an object"]);
        assert_eq!((list[0].as_bool(), list[1].is_null()), (Some(true), true));
        assert_eq!(list[3].get("x").and_then(Value::elements).map(Iterator::count), Some(0));
        // A string without escapes is the text itself; one with escapes is decoded when read.
        assert!(matches!(root.get("k").and_then(Value::as_str), Some(Cow::Borrowed("last"))));
        assert!(matches!(list[2].as_str(), Some(Cow::Owned(text)) if text == "a\nb"));
        assert!(root.members().is_some() && root.elements().is_none() && list[2].members().is_none());
        assert_eq!(root.members().unwrap().map(|(key, _)| key).collect::<Vec<_>>(), ["k", "list", "k", "Ab", "n"]);
        assert_eq!(root.to_json().to_text(), r#"{"k":1,"list":[true,null,"a\nb",{"x":[]}],"k":"last","Ab":"é","n":-0.50}"#);
    }

    #[test]
    fn deep_nesting_is_refused_instead_of_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }
}
