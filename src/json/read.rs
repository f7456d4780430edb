//! Reading typed values out of a [`Json`] object, naming the path of whatever is wrong.
//!
//! A missing member and a `null` one read the same (absent), as serde's `default` did.
//!
//! Every reader answers a value: what the JSON holds or, where it is wrong, a stand-in (absent,
//! empty, the default), keeping the first problem met in what all the readers of one value
//! share. Code reads an object straight through, field after field, and [`read`] answers that
//! first problem instead of the value when there was one, so no stand-in gets out. (Stopping at
//! the first problem with `?` made every field an exit that dropped the fields read before it;
//! in the widget that was about 3 KiB brotli of drop code.)

use std::cell::RefCell;

use crate::key_map::KeyMap;

use super::Json;

/// A value that is not what it should be: where (`draft.body`) and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The path below the value being read, such as `leads[2].id`; empty for the value itself.
    pub path: String,
    /// What is wrong, for a person: `expected a string, found a number`.
    pub message: String,
}

impl Problem {
    /// A problem with the value at `path`.
    pub fn at(path: &str, message: impl Into<String>) -> Problem {
        Problem { path: path.to_string(), message: message.into() }
    }

    /// `path: message`, or only the message for the value itself.
    pub fn describe(&self) -> String {
        if self.path.is_empty() { self.message.clone() } else { format!("{}: {}", self.path, self.message) }
    }
}

/// Reads `value` as an object with `read`: what it answers, or the first problem any reader met.
pub fn read<T>(value: &Json, read: impl FnOnce(&Fields) -> T) -> Result<T, Problem> {
    let first = RefCell::new(None);
    let read = read(&Fields::new(value, String::new(), &first));
    match first.into_inner() {
        Some(problem) => Err(problem),
        None => Ok(read),
    }
}

/// `parent.key`, or `key` at the top.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// The members of one object, read with their paths; see the module's documentation.
pub struct Fields<'a> {
    /// The object; `None` when the value was not one (which is a problem already kept).
    members: Option<&'a Json>,
    path: String,
    first: &'a RefCell<Option<Problem>>,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Json, path: String, first: &'a RefCell<Option<Problem>>) -> Fields<'a> {
        let fields = Fields { members: None, path, first };
        match value {
            Json::Object(_) => Fields { members: Some(value), ..fields },
            other => {
                fields.expected(&fields.path, "an object", other);
                fields
            }
        }
    }

    /// Reads `value`, found at `path`, as an object sharing this one's problems (an element
    /// of a list, a member of a map).
    pub fn at(&self, value: &'a Json, path: &str) -> Fields<'a> {
        Fields::new(value, path.to_string(), self.first)
    }

    /// Keeps a problem with the value at `path`, unless one came first.
    pub fn report(&self, path: &str, message: impl Into<String>) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            *first = Some(Problem::at(path, message));
        }
    }

    fn expected(&self, path: &str, what: &str, found: &Json) {
        self.report(path, format!("expected {what}, found {}", found.type_name()));
    }

    /// The path of `key` below this object.
    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The member `key`, unless it is missing or `null`.
    pub fn value(&self, key: &str) -> Option<&'a Json> {
        self.members?.get(key).filter(|value| **value != Json::Null)
    }

    /// The member `key`; a problem when it is missing or `null`.
    pub fn required(&self, key: &str) -> Option<&'a Json> {
        let value = self.value(key);
        if value.is_none() {
            self.report(&self.path_of(key), "required");
        }
        value
    }

    /// An optional string.
    pub fn string(&self, key: &str) -> Option<String> {
        self.value(key).map(|value| self.string_at(value, &self.path_of(key)))
    }

    /// A string that must be there.
    pub fn required_string(&self, key: &str) -> String {
        self.required(key).map(|value| self.string_at(value, &self.path_of(key))).unwrap_or_default()
    }

    /// An optional string that may also be written as a number (`"version": 3`).
    pub fn string_or_number(&self, key: &str) -> Option<String> {
        match self.value(key)? {
            Json::Number(digits) => Some(digits.clone()),
            value => Some(self.string_at(value, &self.path_of(key))),
        }
    }

    /// An optional number.
    pub fn number(&self, key: &str) -> Option<f64> {
        let value = self.value(key)?;
        let number = value.as_f64();
        if number.is_none() {
            self.expected(&self.path_of(key), "a number", value);
        }
        number
    }

    /// An optional whole number that is not negative.
    pub fn count(&self, key: &str) -> Option<u64> {
        match self.value(key)? {
            Json::Number(digits) => {
                let count = digits.parse().ok();
                if count.is_none() {
                    self.report(&self.path_of(key), "expected a whole number of at least 0");
                }
                count
            }
            value => {
                self.expected(&self.path_of(key), "a whole number", value);
                None
            }
        }
    }

    /// A whole number that is not negative and must be there.
    pub fn required_count(&self, key: &str) -> Option<u64> {
        self.required(key).and_then(|_| self.count(key))
    }

    /// A boolean, `default` when absent.
    pub fn bool_or(&self, key: &str, default: bool) -> bool {
        match self.value(key) {
            Some(Json::Bool(value)) => *value,
            Some(value) => {
                self.expected(&self.path_of(key), "true or false", value);
                default
            }
            None => default,
        }
    }

    /// An optional array, each element read by `read` with its path (`leads[2]`).
    pub fn list<T>(&self, key: &str, read: impl Fn(&'a Json, &str) -> T) -> Option<Vec<T>> {
        let (values, path) = self.array(key)?;
        let mut list = Vec::with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            list.push(read(value, &format!("{path}[{index}]")));
        }
        Some(list)
    }

    /// The elements of the array `key` and its path, unless it is absent or not an array.
    fn array(&self, key: &str) -> Option<(&'a [Json], String)> {
        let value = self.value(key)?;
        let path = self.path_of(key);
        let values = value.as_array();
        if values.is_none() {
            self.expected(&path, "an array", value);
        }
        Some((values?, path))
    }

    /// An optional array of strings.
    pub fn optional_strings(&self, key: &str) -> Option<Vec<String>> {
        self.list(key, |value, path| self.string_at(value, path))
    }

    /// An optional array of strings; empty when absent.
    pub fn strings(&self, key: &str) -> Vec<String> {
        self.optional_strings(key).unwrap_or_default()
    }

    /// An optional object, read by `read`.
    pub fn object<T>(&self, key: &str, read: impl FnOnce(Fields<'a>) -> T) -> Option<T> {
        self.value(key).map(|value| read(self.at(value, &self.path_of(key))))
    }

    /// An optional object of string values (CRM fields, notes); empty when absent.
    pub fn string_map(&self, key: &str) -> KeyMap<String> {
        self.map(key, |value, path| self.string_at(value, path)).unwrap_or_default()
    }

    /// An optional object whose every value is read by `read`.
    pub fn map<T>(&self, key: &str, read: impl Fn(&'a Json, &str) -> T) -> Option<KeyMap<T>> {
        let value = self.value(key)?;
        let path = self.path_of(key);
        let Json::Object(members) = value else {
            self.expected(&path, "an object", value);
            return None;
        };
        let mut map = KeyMap::new();
        for (name, value) in members {
            map.insert(name.clone(), read(value, &join(&path, name)));
        }
        Some(map)
    }

    /// `value`, found at `path`, as a string (empty when it is not one).
    pub fn string_at(&self, value: &Json, path: &str) -> String {
        self.str_at(value, path).map(str::to_string).unwrap_or_default()
    }

    /// `value`, found at `path`, as one of a fixed set of wire names (`kind`, `risk`,
    /// `decision`…), each option's name given by `name`.
    pub fn choice<T: Copy>(&self, value: &Json, path: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        let text = self.str_at(value, path)?;
        let found = all.iter().copied().find(|option| name(*option) == text);
        if found.is_none() {
            // The names are gathered only to say what was expected.
            self.unknown_value(path, text, &all.iter().map(|option| name(*option)).collect::<Vec<_>>());
        }
        found
    }

    /// `value`, found at `path`, as a `&str`; a problem when it is not a string.
    fn str_at<'v>(&self, value: &'v Json, path: &str) -> Option<&'v str> {
        let text = value.as_str();
        if text.is_none() {
            self.expected(path, "a string", value);
        }
        text
    }

    fn unknown_value(&self, path: &str, text: &str, names: &[&str]) {
        self.report(path, format!("unknown value \"{text}\"; expected one of {}", names.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    /// The problem reading `text` with `reader` gives, described.
    fn problem<T>(text: &str, reader: impl FnOnce(&Fields) -> T) -> String {
        read(&json(text), reader).err().map(|problem| problem.describe()).unwrap_or_default()
    }

    #[test]
    fn each_reader_names_the_path_and_what_it_found() {
        let value = r#"{"d":{"s":3,"n":"x","b":1,"l":[1],"o":[],"m":{"k":2},"c":-1,"k":"big"}}"#;
        let inside = |reader: fn(&Fields)| move |fields: &Fields| fields.object("d", |draft| reader(&draft));
        assert_eq!(problem(value, inside(|d| _ = d.string("s"))), "d.s: expected a string, found a number");
        assert_eq!(problem(value, inside(|d| _ = d.number("n"))), "d.n: expected a number, found a string");
        assert_eq!(problem(value, inside(|d| _ = d.bool_or("b", true))), "d.b: expected true or false, found a number");
        assert_eq!(problem(value, inside(|d| _ = d.strings("l"))), "d.l[0]: expected a string, found a number");
        assert_eq!(problem(value, inside(|d| _ = d.object("o", |_| ()))), "d.o: expected an object, found an array");
        assert_eq!(problem(value, inside(|d| _ = d.string_map("m"))), "d.m.k: expected a string, found a number");
        assert_eq!(problem(value, inside(|d| _ = d.count("c"))), "d.c: expected a whole number of at least 0");
        assert_eq!(problem(value, inside(|d| _ = d.required_string("missing"))), "d.missing: required");
        assert_eq!(problem(value, inside(|d| _ = d.required_count("missing"))), "d.missing: required");
        assert_eq!(problem(value, inside(|d| _ = d.required_count("c"))), "d.c: expected a whole number of at least 0");
        assert_eq!(problem(value, inside(|d| _ = d.list("s", |_, _| ()))), "d.s: expected an array, found a number");
        let yes_or_no = |d: &Fields| _ = d.value("k").and_then(|k| d.choice(k, &d.path_of("k"), &[true, false], |b| if b { "yes" } else { "no" }));
        assert_eq!(problem(value, inside(yes_or_no)), "d.k: unknown value \"big\"; expected one of yes, no");
        assert_eq!(problem("null", |_| ()), "expected an object, found null");
    }

    #[test]
    fn the_first_problem_is_the_one_answered_and_reading_goes_on_past_it() {
        let mut read_after = false;
        let answer = problem(r#"{"a":1,"b":2,"c":"fine"}"#, |fields| {
            fields.string("a");
            fields.string("b");
            read_after = fields.string("c").as_deref() == Some("fine");
        });
        assert_eq!(answer, "a: expected a string, found a number");
        assert!(read_after);
    }

    #[test]
    fn absent_and_null_members_read_as_absent() {
        let value = json(r#"{"a":null,"v":4,"w":"4b","yes":false}"#);
        let read = read(&value, |item| {
            assert_eq!(item.string("a"), None);
            assert_eq!(item.string("zzz"), None);
            assert!(item.bool_or("a", true));
            assert!(!item.bool_or("yes", true));
            assert_eq!(item.strings("a"), Vec::<String>::new());
            assert_eq!(item.optional_strings("a"), None);
            assert_eq!(item.string_or_number("v"), Some("4".into()));
            assert_eq!(item.string_or_number("w"), Some("4b".into()));
            item.count("v")
        });
        assert_eq!(read, Ok(Some(4)));
    }
}
