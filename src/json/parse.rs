//! A strict JSON parser (RFC 8259) over bytes, with a nesting limit so hostile input cannot
//! exhaust the stack.

use super::Json;

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

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

/// Parses `text` as one JSON value surrounded by optional whitespace.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut parser = Parser { text, at: 0, depth: 0 };
    let value = parser.value()?;
    parser.skip_space();
    if parser.at < text.len() {
        return Err(parser.fail("unexpected text after the value"));
    }
    Ok(value)
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

    fn value(&mut self) -> Result<Json, ParseError> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Json::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(_) => Err(self.fail("expected a value")),
            None => Err(self.fail("unexpected end of the text")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Json, ParseError>) -> Result<Json, ParseError> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.depth += 1;
        self.at += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, ParseError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn object(&mut self) -> Result<Json, ParseError> {
        let mut members = Vec::new();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("expected a key in double quotes"));
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return Err(self.fail("expected ':' after a key"));
            }
            members.push((key, self.value()?));
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.fail("expected ',' or '}' in an object"));
            }
        }
    }

    fn array(&mut self) -> Result<Json, ParseError> {
        let mut values = Vec::new();
        if self.eat(b']') {
            return Ok(Json::Array(values));
        }
        loop {
            values.push(self.value()?);
            if self.eat(b']') {
                return Ok(Json::Array(values));
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

    fn number(&mut self) -> Result<Json, ParseError> {
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
        Ok(Json::Number(self.text[start..self.at].to_string()))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            // Up to the next quote, backslash or control character at once (a byte-by-byte
            // `peek` loop was a fifth of reading a queue of a thousand items).
            let rest = self.text.as_bytes().get(start..).unwrap_or_default();
            self.at += rest.iter().position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20).unwrap_or(rest.len());
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    out.push(self.escape()?);
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
    fn deep_nesting_is_refused_instead_of_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }
}
