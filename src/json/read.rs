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

use std::borrow::Cow;
use std::cell::RefCell;

use crate::key_map::KeyMap;

use super::{Json, Tape, Value};

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
pub fn read<T>(value: Value<'_>, read: impl FnOnce(&Fields) -> T) -> Result<T, Problem> {
    let first = RefCell::new(None);
    let read = read(&Fields::new(value, Path::Root, &first));
    match first.into_inner() {
        Some(problem) => Err(problem),
        None => Ok(read),
    }
}

/// [`read`] for a value held as a [`Json`] tree (a Rust caller's own, such as
/// `ReviewResult::from_json`'s): written out and read back as a tape, which is what the
/// readers take.
pub fn read_json<T>(value: &Json, reader: impl FnOnce(&Fields) -> T) -> Result<T, Problem> {
    let text = value.to_text();
    read(tape_of(&text)?.root(), reader)
}

/// The tape of a tree's text, which is JSON by construction.
fn tape_of(text: &str) -> Result<Tape<'_>, Problem> {
    Tape::parse(text).map_err(|error| Problem::at("", error.to_string()))
}

/// Where a value is below the one being read, written out (`leads[2].id`) only when a problem
/// there is kept: a valid batch of a thousand items reads tens of thousands of values, and
/// writing each one's path cost a good share of reading them.
#[derive(Clone, Copy)]
pub enum Path<'p> {
    /// The value being read itself.
    Root,
    /// The member `key` of the object at the path.
    Key(&'p Path<'p>, &'p str),
    /// The element `index` of the array at the path.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    /// The path as text, `leads[2].id`; empty for the value itself.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

/// The members of one object, read with their paths; see the module's documentation.
pub struct Fields<'a> {
    /// The object; `None` when the value was not one (which is a problem already kept).
    members: Option<Value<'a>>,
    path: Path<'a>,
    first: &'a RefCell<Option<Problem>>,
}

impl<'a> Fields<'a> {
    fn new(value: Value<'a>, path: Path<'a>, first: &'a RefCell<Option<Problem>>) -> Fields<'a> {
        let fields = Fields { members: None, path, first };
        if value.members().is_some() {
            Fields { members: Some(value), ..fields }
        } else {
            fields.expected(fields.path, "an object", value);
            fields
        }
    }

    /// Reads `value`, found at `path`, as an object sharing this one's problems (an element
    /// of a list, a member of a map).
    pub fn at<'s>(&'s self, value: Value<'s>, path: Path<'s>) -> Fields<'s> {
        Fields::new(value, path, self.first)
    }

    /// Reads `value`, this object's member `key`, as an object sharing its problems.
    pub fn member<'s>(&'s self, value: Value<'s>, key: &'s str) -> Fields<'s> {
        self.at(value, self.key(key))
    }

    /// Keeps a problem with the value at `path` (written out), unless one came first.
    pub fn report(&self, path: &str, message: impl Into<String>) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            *first = Some(Problem::at(path, message));
        }
    }

    /// Keeps a problem with the value at `path`, unless one came first: only then is the path
    /// written out, and the message made.
    fn report_at(&self, path: Path<'_>, message: impl FnOnce() -> String) {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            *first = Some(Problem { path: path.text(), message: message() });
        }
    }

    fn expected(&self, path: Path<'_>, what: &str, found: Value<'_>) {
        self.report_at(path, || format!("expected {what}, found {}", found.type_name()));
    }

    /// The path of this object's member `key`.
    pub fn key<'s>(&'s self, key: &'s str) -> Path<'s> {
        Path::Key(&self.path, key)
    }

    /// The path of `key` below this object, written out.
    pub fn path_of(&self, key: &str) -> String {
        self.key(key).text()
    }

    /// The member `key`, unless it is missing or `null`.
    pub fn value(&self, key: &str) -> Option<Value<'a>> {
        self.members?.get(key).filter(|value| !value.is_null())
    }

    /// The member `key`; a problem when it is missing or `null`.
    pub fn required(&self, key: &str) -> Option<Value<'a>> {
        let value = self.value(key);
        if value.is_none() {
            self.report_at(self.key(key), || "required".into());
        }
        value
    }

    /// An optional string.
    pub fn string(&self, key: &str) -> Option<String> {
        self.value(key).map(|value| self.string_at(value, self.key(key)))
    }

    /// A string that must be there.
    pub fn required_string(&self, key: &str) -> String {
        self.required(key).map(|value| self.string_at(value, self.key(key))).unwrap_or_default()
    }

    /// An optional string that may also be written as a number (`"version": 3`).
    pub fn string_or_number(&self, key: &str) -> Option<String> {
        let value = self.value(key)?;
        Some(value.number().map_or_else(|| self.string_at(value, self.key(key)), str::to_string))
    }

    /// An optional number.
    pub fn number(&self, key: &str) -> Option<f64> {
        let value = self.value(key)?;
        let number = value.as_f64();
        if number.is_none() {
            self.expected(self.key(key), "a number", value);
        }
        number
    }

    /// An optional whole number that is not negative.
    pub fn count(&self, key: &str) -> Option<u64> {
        let value = self.value(key)?;
        match value.number() {
            Some(digits) => {
                let count = digits.parse().ok();
                if count.is_none() {
                    self.report_at(self.key(key), || "expected a whole number of at least 0".into());
                }
                count
            }
            None => {
                self.expected(self.key(key), "a whole number", value);
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
        let Some(value) = self.value(key) else { return default };
        value.as_bool().unwrap_or_else(|| {
            self.expected(self.key(key), "true or false", value);
            default
        })
    }

    /// An optional array, each element read by `read` with its path (`leads[2]`).
    pub fn list<T>(&self, key: &str, read: impl Fn(Value<'a>, Path<'_>) -> T) -> Option<Vec<T>> {
        let value = self.value(key)?;
        let path = self.key(key);
        let Some(values) = value.elements() else {
            self.expected(path, "an array", value);
            return None;
        };
        // A loop rather than `map` and `collect`, whose iterator code would be made again for
        // every type read.
        let mut list = Vec::new();
        for (index, value) in values.enumerate() {
            list.push(read(value, Path::Index(&path, index)));
        }
        Some(list)
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
    pub fn object<T>(&self, key: &str, read: impl FnOnce(Fields<'_>) -> T) -> Option<T> {
        self.value(key).map(|value| read(self.member(value, key)))
    }

    /// An optional object of string values as (name, value) pairs in the order they came
    /// (CRM fields, which a host lists most important first); empty when absent. A name given
    /// twice keeps its first place and its last value, as `JSON.parse` has it.
    pub fn string_pairs(&self, key: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        self.each_member(key, |name, value, path| {
            let read = self.string_at(value, path);
            match pairs.iter_mut().find(|(known, _)| known == name) {
                Some(pair) => pair.1 = read,
                None => pairs.push((name.to_string(), read)),
            }
        });
        pairs
    }

    /// An optional object whose every value is read by `read`.
    pub fn map<T>(&self, key: &str, read: impl Fn(Value<'a>, Path<'_>) -> T) -> Option<KeyMap<T>> {
        let mut map = KeyMap::new();
        self.each_member(key, |name, value, path| {
            map.insert(name.to_string(), read(value, path));
        })
        .then_some(map)
    }

    /// Calls `visit` with each member of the object `key` (its name, its value and the value's
    /// path), in order; false when the member is absent or, said as a problem, not an object.
    fn each_member(&self, key: &str, mut visit: impl FnMut(&str, Value<'a>, Path<'_>)) -> bool {
        let Some(value) = self.value(key) else { return false };
        let path = self.key(key);
        let Some(members) = value.members() else {
            self.expected(path, "an object", value);
            return false;
        };
        for (name, value) in members {
            visit(&name, value, Path::Key(&path, &name));
        }
        true
    }

    /// `value`, found at `path`, as a string (empty when it is not one).
    pub fn string_at(&self, value: Value<'_>, path: Path<'_>) -> String {
        self.str_at(value, path).map(Cow::into_owned).unwrap_or_default()
    }

    /// The member `key`, unless absent, as one of a fixed set of wire names (`kind`, `risk`,
    /// `decision`…), each option's name given by `name`; a problem when it is none of them.
    pub fn choice<T: Copy>(&self, key: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        let text = self.str_at(self.value(key)?, self.key(key))?;
        let found = all.iter().copied().find(|option| name(*option) == &*text);
        if found.is_none() {
            // The names are gathered only to say what was expected.
            let names = all.iter().map(|option| name(*option)).collect::<Vec<_>>();
            self.report_at(self.key(key), || format!("unknown value \"{text}\"; expected one of {}", crate::text::join::joined(&names, ", ")));
        }
        found
    }

    /// `value`, found at `path`, as a `&str`; a problem when it is not a string.
    fn str_at<'v>(&self, value: Value<'v>, path: Path<'_>) -> Option<Cow<'v, str>> {
        let text = value.as_str();
        if text.is_none() {
            self.expected(path, "a string", value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problem reading `text` with `reader` gives, described.
    fn problem<T>(text: &str, reader: impl FnOnce(&Fields) -> T) -> String {
        read(Tape::parse(text).unwrap().root(), reader).err().map(|problem| problem.describe()).unwrap_or_default()
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
        assert_eq!(problem(value, inside(|d| _ = d.string_pairs("m"))), "d.m.k: expected a string, found a number");
        assert_eq!(problem(value, inside(|d| _ = d.string_pairs("l"))), "d.l: expected an object, found an array");
        assert_eq!(problem(value, inside(|d| _ = d.count("c"))), "d.c: expected a whole number of at least 0");
        assert_eq!(problem(value, inside(|d| _ = d.required_string("missing"))), "d.missing: required");
        assert_eq!(problem(value, inside(|d| _ = d.required_count("missing"))), "d.missing: required");
        assert_eq!(problem(value, inside(|d| _ = d.required_count("c"))), "d.c: expected a whole number of at least 0");
        assert_eq!(problem(value, inside(|d| _ = d.list("s", |_, _| ()))), "d.s: expected an array, found a number");
        let yes_or_no = |d: &Fields| _ = d.choice("k", &[true, false], |b| if b { "yes" } else { "no" });
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
    fn string_pairs_keep_the_order_they_came_in() {
        // Bug: CRM fields were read into a sorted map and shown alphabetically ("ARR" before
        // the "Stage" a host had put first).
        let tape = Tape::parse(r#"{"f":{"Stage":"Demo","ARR":"$86,400","Owner":"Elena","ARR":"$90,000"},"none":null}"#).unwrap();
        let pairs = read(tape.root(), |item| (item.string_pairs("f"), item.string_pairs("none"), item.string_pairs("zzz")));
        let owned = |pairs: &[(&str, &str)]| pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect::<Vec<_>>();
        assert_eq!(pairs, Ok((owned(&[("Stage", "Demo"), ("ARR", "$90,000"), ("Owner", "Elena")]), Vec::new(), Vec::new())), "a name given twice keeps its first place and its last value");
    }

    #[test]
    fn absent_and_null_members_read_as_absent() {
        let tape = Tape::parse(r#"{"a":null,"v":4,"w":"4b","yes":false}"#).unwrap();
        let read = read(tape.root(), |item| {
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
