//! Reading typed values out of a [`Json`] object, naming the path of whatever is wrong.
//!
//! A missing member and a `null` one read the same (absent), as serde's `default` did.

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

    fn expected(path: &str, what: &str, found: &Json) -> Problem {
        Problem::at(path, format!("expected {what}, found {}", found.type_name()))
    }
}

/// `parent.key`, or `key` at the top.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

/// The members of one object, read with their paths.
pub struct Fields<'a> {
    value: &'a Json,
    path: String,
}

impl<'a> Fields<'a> {
    /// Reads `value` as an object found at `path`.
    pub fn of(value: &'a Json, path: &str) -> Result<Fields<'a>, Problem> {
        match value {
            Json::Object(_) => Ok(Fields { value, path: path.to_string() }),
            other => Err(Problem::expected(path, "an object", other)),
        }
    }

    /// The path of `key` below this object.
    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The member `key`, unless it is missing or `null`.
    pub fn value(&self, key: &str) -> Option<&'a Json> {
        self.value.get(key).filter(|value| **value != Json::Null)
    }

    /// An optional string.
    pub fn string(&self, key: &str) -> Result<Option<String>, Problem> {
        self.value(key).map(|value| string_at(value, &self.path_of(key))).transpose()
    }

    /// A string that must be there.
    pub fn required_string(&self, key: &str) -> Result<String, Problem> {
        self.string(key)?.ok_or_else(|| Problem::at(&self.path_of(key), "required"))
    }

    /// An optional string that may also be written as a number (`"version": 3`).
    pub fn string_or_number(&self, key: &str) -> Result<Option<String>, Problem> {
        match self.value(key) {
            Some(Json::Number(digits)) => Ok(Some(digits.clone())),
            Some(value) => string_at(value, &self.path_of(key)).map(Some),
            None => Ok(None),
        }
    }

    /// An optional number.
    pub fn number(&self, key: &str) -> Result<Option<f64>, Problem> {
        match self.value(key) {
            Some(value) => value.as_f64().map(Some).ok_or_else(|| Problem::expected(&self.path_of(key), "a number", value)),
            None => Ok(None),
        }
    }

    /// An optional whole number that is not negative.
    pub fn count(&self, key: &str) -> Result<Option<u64>, Problem> {
        match self.value(key) {
            Some(Json::Number(digits)) => digits.parse().map(Some).map_err(|_| Problem::at(&self.path_of(key), "expected a whole number of at least 0")),
            Some(value) => Err(Problem::expected(&self.path_of(key), "a whole number", value)),
            None => Ok(None),
        }
    }

    /// A boolean, `default` when absent.
    pub fn bool_or(&self, key: &str, default: bool) -> Result<bool, Problem> {
        match self.value(key) {
            Some(Json::Bool(value)) => Ok(*value),
            Some(value) => Err(Problem::expected(&self.path_of(key), "true or false", value)),
            None => Ok(default),
        }
    }

    /// An optional array, each element read by `read` with its path (`leads[2]`).
    pub fn list<T>(&self, key: &str, read: impl Fn(&'a Json, &str) -> Result<T, Problem>) -> Result<Option<Vec<T>>, Problem> {
        let Some(value) = self.value(key) else { return Ok(None) };
        let path = self.path_of(key);
        let values = value.as_array().ok_or_else(|| Problem::expected(&path, "an array", value))?;
        values.iter().enumerate().map(|(index, value)| read(value, &format!("{path}[{index}]"))).collect::<Result<Vec<T>, Problem>>().map(Some)
    }

    /// An optional array of strings; empty when absent.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, Problem> {
        Ok(self.list(key, string_at)?.unwrap_or_default())
    }

    /// An optional object, read by `read`.
    pub fn object<T>(&self, key: &str, read: impl FnOnce(Fields<'a>) -> Result<T, Problem>) -> Result<Option<T>, Problem> {
        self.value(key).map(|value| Fields::of(value, &self.path_of(key)).and_then(read)).transpose()
    }

    /// An optional object of string values (CRM fields, notes); empty when absent.
    pub fn string_map(&self, key: &str) -> Result<KeyMap<String>, Problem> {
        self.map(key, string_at).map(Option::unwrap_or_default)
    }

    /// An optional object whose every value is read by `read`.
    pub fn map<T>(&self, key: &str, read: impl Fn(&'a Json, &str) -> Result<T, Problem>) -> Result<Option<KeyMap<T>>, Problem> {
        let Some(value) = self.value(key) else { return Ok(None) };
        let path = self.path_of(key);
        let Json::Object(members) = value else { return Err(Problem::expected(&path, "an object", value)) };
        members.iter().map(|(name, value)| Ok((name.clone(), read(value, &join(&path, name))?))).collect::<Result<KeyMap<T>, Problem>>().map(Some)
    }
}

/// `value` as a string found at `path`.
pub fn string_at(value: &Json, path: &str) -> Result<String, Problem> {
    value.as_str().map(str::to_string).ok_or_else(|| Problem::expected(path, "a string", value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    #[test]
    fn each_reader_names_the_path_and_what_it_found() {
        let value = fields(r#"{"s":3,"n":"x","b":1,"l":[1],"o":[],"m":{"k":2},"c":-1}"#);
        let item = Fields::of(&value, "draft").unwrap();
        assert_eq!(item.string("s").unwrap_err().describe(), "draft.s: expected a string, found a number");
        assert_eq!(item.number("n").unwrap_err().describe(), "draft.n: expected a number, found a string");
        assert_eq!(item.bool_or("b", true).unwrap_err().describe(), "draft.b: expected true or false, found a number");
        assert_eq!(item.strings("l").unwrap_err().describe(), "draft.l[0]: expected a string, found a number");
        assert_eq!(item.object("o", |_| Ok(())).unwrap_err().describe(), "draft.o: expected an object, found an array");
        assert_eq!(item.string_map("m").unwrap_err().describe(), "draft.m.k: expected a string, found a number");
        assert_eq!(item.count("c").unwrap_err().describe(), "draft.c: expected a whole number of at least 0");
        assert_eq!(item.required_string("missing").unwrap_err().describe(), "draft.missing: required");
        assert_eq!(Fields::of(&Json::Null, "").err().map(|problem| problem.describe()), Some("expected an object, found null".into()));
    }

    #[test]
    fn absent_and_null_members_read_as_absent() {
        let value = fields(r#"{"a":null,"v":4,"w":"4b","yes":false}"#);
        let item = Fields::of(&value, "").unwrap();
        assert_eq!(item.string("a"), Ok(None));
        assert_eq!(item.string("zzz"), Ok(None));
        assert_eq!(item.bool_or("a", true), Ok(true));
        assert_eq!(item.bool_or("yes", true), Ok(false));
        assert_eq!(item.strings("a"), Ok(vec![]));
        assert_eq!(item.string_or_number("v"), Ok(Some("4".into())));
        assert_eq!(item.string_or_number("w"), Ok(Some("4b".into())));
    }
}
