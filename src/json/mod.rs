//! A small JSON value with its own parser and writer.
//!
//! The widget reads items and writes results in JSON. serde with serde_json cost about a
//! quarter of the shipped wasm (every derived visitor is monomorphised per type), so the
//! browser half reads through [`Fields`], which also knows the path of every value it reads
//! and so names it in errors (`draft.body: expected a string, found a number`). Numbers keep
//! the exact digits they arrived with, so `metadata` is echoed with the same values.
//!
//! Text is parsed into a [`Tape`] (one vector of values that point into the text), which the
//! readers walk; a [`Json`] tree, with strings of its own, is built from it only where a
//! value is kept or edited as JSON (`metadata`, a result being written, the config). A queue
//! of a thousand items was tens of thousands of strings and vectors made and freed before the
//! tape.

mod number;
mod parse;
mod read;
mod write;

pub use parse::{compact_len, Extent, ParseError, Tape, Value};
pub use read::{read, read_json, Fields, Problem};

/// One JSON value. Objects keep their members in order; numbers keep their text.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as the exact text it was written with (always valid JSON number syntax).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members in order. Reading a key finds its last occurrence, as `JSON.parse` does.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses JSON text; anything but whitespace after the value is an error.
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        parse::parse(text)
    }

    /// The JSON text, without insignificant whitespace.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write::write(self, &mut out);
        out
    }

    /// `value` rounded to `places` decimals (at most 9), trailing zeros dropped. Written from
    /// integers: core's float formatting would cost the widget about 10 KiB.
    pub fn decimal(value: f64, places: u32) -> Json {
        let places = places.min(9);
        let scale = 10i64.pow(places);
        let scaled = (value * scale as f64).round() as i64;
        let (sign, magnitude) = if scaled < 0 { ("-", scaled.unsigned_abs()) } else { ("", scaled as u64) };
        let (whole, fraction) = (magnitude / scale as u64, magnitude % scale as u64);
        let digits = format!("{fraction:0width$}", width = places as usize);
        let digits = digits.trim_end_matches('0');
        Json::Number(if digits.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{digits}") })
    }

    /// An object from `(key, value)` pairs, in order. (A `Vec`, not any iterator: one copy of
    /// this code serves every caller.)
    pub fn object(members: Vec<(&str, Json)>) -> Json {
        Json::Object(members.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
    }

    /// The value of `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }

    /// Sets `key` on an object (replacing an earlier value); does nothing to other values.
    pub fn set(&mut self, key: &str, value: Json) {
        if let Json::Object(members) = self {
            members.retain(|(name, _)| name != key);
            members.push((key.to_string(), value));
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(text) => number::value(text),
            _ => None,
        }
    }

    /// The elements, when this is an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(values) => Some(values),
            _ => None,
        }
    }

    /// What kind of value this is, for messages: "a string", "an array"…
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Json {
        Json::String(text.to_string())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Json {
        Json::String(text)
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Json {
        Json::Bool(value)
    }
}

impl From<u64> for Json {
    fn from(value: u64) -> Json {
        Json::Number(value.to_string())
    }
}

impl From<usize> for Json {
    fn from(value: usize) -> Json {
        Json::Number(value.to_string())
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(values: Vec<T>) -> Json {
        Json::Array(values.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits_and_strings_their_characters_through_a_round_trip() {
        let text = r#"{"a":[1,-0.50,2e10,1E-7],"b":"é \"q\" \\ \n \u0001 😀","c":{"d":null,"e":true,"f":false},"g":[]}"#;
        let value = Json::parse(text).unwrap();
        assert_eq!(value.get("a").unwrap().as_array().unwrap()[1], Json::Number("-0.50".into()));
        assert_eq!(value.get("b").unwrap().as_str(), Some("é \"q\" \\ \n \u{1} 😀"));
        assert_eq!(Json::parse(&value.to_text()).unwrap(), value);
        assert_eq!(value.to_text(), r#"{"a":[1,-0.50,2e10,1E-7],"b":"é \"q\" \\ \n \u0001 😀","c":{"d":null,"e":true,"f":false},"g":[]}"#);
    }

    #[test]
    fn a_string_is_written_with_exactly_the_escapes_json_requires() {
        let text = "a\"b\\c\nd\re\tf\u{0}g\u{1f}h\u{7f}é😀/";
        // DEL (0x7f) is no control character to JSON: written as it is, like "é", "😀" and "/".
        assert_eq!(Json::from(text).to_text(), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0000g\\u001fh\u{7f}é😀/\"");
        assert_eq!(Json::parse(&Json::from(text).to_text()).unwrap().as_str(), Some(text));
        assert_eq!(Json::from("").to_text(), r#""""#);
    }

    #[test]
    fn the_last_of_duplicate_keys_wins_as_in_json_parse() {
        let mut value = Json::parse(r#"{"k":1,"k":2}"#).unwrap();
        assert_eq!(value.get("k").and_then(Json::as_f64), Some(2.0));
        value.set("k", "x".into());
        assert_eq!(value.to_text(), r#"{"k":"x"}"#);
    }

    #[test]
    fn decimals_are_written_without_float_formatting() {
        let cases = [(0.666_666_7, "0.6667"), (1.0, "1"), (-1.0 / 3.0, "-0.3333"), (0.5, "0.5"), (0.0, "0"), (-0.00001, "0")];
        for (value, text) in cases {
            assert_eq!(Json::decimal(value, 4), Json::Number(text.into()), "{value}");
        }
    }

    #[test]
    fn conversions_build_the_expected_text() {
        let value = Json::object(vec![("n", 7u64.into()), ("none", Option::<String>::None.into()), ("list", vec!["a", "b"].into()), ("yes", true.into())]);
        assert_eq!(value.to_text(), r#"{"n":7,"none":null,"list":["a","b"],"yes":true}"#);
    }
}
