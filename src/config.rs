//! The element's configuration: attributes (the source of truth) and the `config` property's
//! camelCase keys, parsed into one value. Pure, so every rule is tested natively.

use crate::json::{read, Json, Tape};
use crate::keymap::Keymap;
use crate::model::{check_reviewer, reviewer_over_limits};

/// The attributes the element observes, in the contract's order.
pub const ATTRIBUTES: [&str; 7] = ["items-url", "submit-url", "reviewer", "locale", "theme", "credentials", "undo-seconds"];

/// How long a decision can be taken back when `undo-seconds` is absent.
pub const DEFAULT_UNDO_SECONDS: u32 = 5;

/// The colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Whether requests carry cookies, as in `fetch`'s `credentials`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// Never.
    Omit,
    /// Only to the page's own origin (fetch's default).
    #[default]
    SameOrigin,
    /// Also cross-origin.
    Include,
}

/// A configuration value that could not be used; the widget shows it and keeps the previous one.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// The value is not one the attribute accepts.
    #[error("{name}=\"{value}\" is not valid: expected {expected}")]
    Invalid {
        /// The attribute.
        name: String,
        /// What it was set to.
        value: String,
        /// What it accepts.
        expected: &'static str,
    },
    /// The value breaks a size limit results are held to ([`crate::model::limits`]); it is
    /// not shown, being too large to read.
    #[error("{name} is not valid: {problem}")]
    OverLimit {
        /// The attribute.
        name: String,
        /// Where and what: `reviewer.name: 100001 characters; a text may have at most 100000`.
        problem: String,
    },
    /// `config.headers` could not be used. Says which header, never its value: values are
    /// often tokens, and the notice line is on the reviewer's screen.
    #[error("config.headers: {0}; the previous headers stay")]
    Headers(String),
    /// Keys of the `config` property that are none of the widget's (each with the key it
    /// resembles, when one matches but for case, `-` or `_`). They are ignored.
    #[error("config: {0} ignored; the keys are itemsUrl, submitUrl, reviewer, locale, theme, credentials, undoSeconds, headers, authHeaders, keymap and platformLimits")]
    UnknownKeys(String),
    /// `config.authHeaders` is neither a function nor `null`.
    #[error("config.authHeaders: expected a function that returns (a promise of) an object of headers; the previous one stays")]
    AuthHeaders,
}

/// Everything the element is configured with.
#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    /// Where to GET `{ "items": [...] }` from.
    pub items_url: Option<String>,
    /// Where to POST each ReviewResult.
    pub submit_url: Option<String>,
    /// Who is reviewing, echoed in every result.
    pub reviewer: Option<Json>,
    /// BCP 47 language tag.
    pub locale: Option<String>,
    /// Colour scheme.
    pub theme: Theme,
    /// Cookies on requests.
    pub credentials: Credentials,
    /// Seconds a decision waits before it is sent, during which it can be undone.
    pub undo_seconds: u32,
    /// Extra request headers (from `config.headers`).
    pub headers: Vec<(String, String)>,
    /// Per-platform limits that replace the defaults (from `config.platformLimits`).
    pub platform_limits: Vec<(String, usize)>,
    /// The single-key shortcuts (from `config.keymap`).
    pub keymap: Keymap,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            items_url: None,
            submit_url: None,
            reviewer: None,
            locale: None,
            theme: Theme::Auto,
            credentials: Credentials::SameOrigin,
            undo_seconds: DEFAULT_UNDO_SECONDS,
            headers: Vec::new(),
            platform_limits: Vec::new(),
            keymap: Keymap::default(),
        }
    }
}

impl WidgetConfig {
    /// Applies one attribute (`None` when it was removed). Unknown names are ignored.
    pub fn apply_attribute(&mut self, name: &str, value: Option<&str>) -> Result<(), ConfigError> {
        let text = value.map(str::trim).filter(|text| !text.is_empty());
        let invalid = |expected| ConfigError::Invalid { name: name.into(), value: value.unwrap_or_default().into(), expected };
        match name {
            "items-url" => self.items_url = text.map(Into::into),
            "submit-url" => self.submit_url = text.map(Into::into),
            "locale" => self.locale = text.map(Into::into),
            "reviewer" => {
                self.reviewer = match text {
                    None => None,
                    Some(json) => {
                        // Held to the rule the server reads results by, so a reviewer it would
                        // refuse is shown here, once, rather than on every decision's delivery.
                        let expected = "a JSON object such as {\"id\":\"u-17\",\"name\":\"Dana Kim\"}, its id a string or a number and its name a string";
                        let tape = Tape::parse(json).map_err(|_| invalid(expected))?;
                        read(tape.root(), check_reviewer).map_err(|_| invalid(expected))?;
                        if let Some(problem) = reviewer_over_limits(tape.root()) {
                            return Err(ConfigError::OverLimit { name: name.into(), problem });
                        }
                        Some(tape.root().to_json())
                    }
                }
            }
            "theme" => {
                self.theme = match text {
                    None | Some("auto") => Theme::Auto,
                    Some("light") => Theme::Light,
                    Some("dark") => Theme::Dark,
                    Some(_) => return Err(invalid("light, dark or auto")),
                }
            }
            "credentials" => {
                self.credentials = match text {
                    None | Some("same-origin") => Credentials::SameOrigin,
                    Some("omit") => Credentials::Omit,
                    Some("include") => Credentials::Include,
                    Some(_) => return Err(invalid("omit, same-origin or include")),
                }
            }
            "undo-seconds" => {
                self.undo_seconds = match text {
                    None => DEFAULT_UNDO_SECONDS,
                    // Digits only: Rust's parse would also take a leading `+`.
                    Some(seconds) => Some(seconds).filter(|seconds| seconds.bytes().all(|byte| byte.is_ascii_digit())).and_then(|seconds| seconds.parse::<u32>().ok()).filter(|seconds| *seconds <= 3600).ok_or_else(|| invalid("a whole number of seconds from 0 to 3600"))?,
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Applies `config.platformLimits`, given as JSON such as `{"x": 25000}`: every key a
    /// platform id, every value a whole number above 0. Nothing changes when any entry is wrong.
    pub fn apply_platform_limits(&mut self, json: &str) -> Result<(), ConfigError> {
        let invalid = || ConfigError::Invalid {
            name: "platformLimits".into(),
            value: json.into(),
            expected: "an object of platform ids (x, linkedin, facebook, instagram, threads, bluesky) and whole numbers above 0, such as {\"x\": 25000}",
        };
        let Ok(Json::Object(members)) = Json::parse(json) else { return Err(invalid()) };
        let mut limits = Vec::new();
        for (platform, value) in members {
            let limit = match &value {
                Json::Number(digits) => digits.parse::<usize>().ok().filter(|limit| *limit > 0),
                _ => None,
            };
            match (crate::model::PLATFORMS.contains(&platform.as_str()), limit) {
                (true, Some(limit)) => limits.push((platform, limit)),
                _ => return Err(invalid()),
            }
        }
        self.platform_limits = limits;
        Ok(())
    }

    /// Applies `config.headers`, given as JSON (see [`parse_headers`]; `None`: the key was
    /// set to `null` or `undefined`, which removes them). Nothing changes when any header is
    /// wrong: a request without a header the backend needs would fail every time.
    pub fn apply_headers(&mut self, json: Option<&str>) -> Result<(), ConfigError> {
        self.headers = match json {
            None => Vec::new(),
            Some(json) => parse_headers(json).map_err(ConfigError::Headers)?,
        };
        Ok(())
    }
}

/// Request headers given as JSON such as `{"X-CSRF-Token": "…"}`: every name an HTTP token,
/// every value a string a request can carry. The problem names the header, never its value:
/// values are often tokens, and problems are shown on the reviewer's screen.
pub fn parse_headers(json: &str) -> Result<Vec<(String, String)>, String> {
    let Ok(Json::Object(members)) = Json::parse(json) else {
        return Err("expected an object of header names and string values, such as {\"X-CSRF-Token\": \"…\"}".into());
    };
    let mut headers = Vec::new();
    for (name, value) in members {
        let problem = match value {
            _ if !is_header_name(&name) => "is not a header name",
            Json::String(value) if is_header_value(&value) => {
                headers.push((name, value));
                continue;
            }
            Json::String(_) => "has a value with a line break or a character a request cannot carry",
            _ => "has a value that is not a string",
        };
        return Err(format!("\"{name}\" {problem}"));
    }
    Ok(headers)
}

/// Whether `name` can be a request header's name: an HTTP token (RFC 9110's `tchar`s).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// Whether `fetch` can send `value`: no line break or NUL, every character within Latin-1.
fn is_header_value(value: &str) -> bool {
    value.chars().all(|character| !matches!(character, '\0' | '\r' | '\n') && u32::from(character) <= 0xFF)
}

/// Every key of the `config` property: the attributes' in camelCase, in [`ATTRIBUTES`]' order
/// (so the one at an attribute's place names it), then the others.
const KEYS: [&str; 11] = ["itemsUrl", "submitUrl", "reviewer", "locale", "theme", "credentials", "undoSeconds", "headers", "authHeaders", "keymap", "platformLimits"];

/// What to say of the `config` keys that are not the widget's, each named with the key it
/// resembles when there is one (`submitURL`, `submit_url` → `submitUrl`); `None` when all are.
/// Silently ignoring a misspelt key would leave the host wondering why nothing happens.
pub fn unknown_keys(keys: &[String]) -> Option<ConfigError> {
    let loose = |key: &str| key.bytes().filter(|byte| !matches!(byte, b'-' | b'_')).map(|byte| byte.to_ascii_lowercase()).collect::<Vec<u8>>();
    let mut said = String::new();
    for key in keys.iter().filter(|key| !KEYS.contains(&key.as_str())) {
        if !said.is_empty() {
            said.push_str(", ");
        }
        said.push('"');
        said.push_str(key);
        said.push('"');
        if let Some(name) = KEYS.into_iter().find(|name| loose(name) == loose(key)) {
            said.push_str(" (did you mean ");
            said.push_str(name);
            said.push_str("?)");
        }
    }
    (!said.is_empty()).then_some(ConfigError::UnknownKeys(said))
}

/// The attribute behind a `config` property key (`itemsUrl` → `items-url`).
pub fn attribute_for_key(key: &str) -> Option<&'static str> {
    KEYS.iter().position(|name| *name == key).and_then(|at| ATTRIBUTES.get(at).copied())
}

#[cfg(test)]
fn camel_case(attribute: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for character in attribute.chars() {
        if character == '-' {
            upper = true;
        } else if upper {
            out.push(character.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(character);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{result_over_limits, MAX_DEPTH, MAX_LIST_LEN, MAX_TEXT_CHARS};

    #[test]
    fn attributes_set_and_reset_their_values() {
        let mut config = WidgetConfig::default();
        for (name, value) in [("items-url", "/api/items"), ("submit-url", "/api/results"), ("theme", "dark"), ("credentials", "include"), ("undo-seconds", "0"), ("locale", "de")] {
            config.apply_attribute(name, Some(value)).unwrap();
        }
        assert_eq!(config.items_url.as_deref(), Some("/api/items"));
        assert_eq!(config.submit_url.as_deref(), Some("/api/results"));
        assert_eq!((config.theme, config.credentials, config.undo_seconds), (Theme::Dark, Credentials::Include, 0));
        assert_eq!(config.locale.as_deref(), Some("de"));
        config.apply_attribute("undo-seconds", None).unwrap();
        config.apply_attribute("theme", None).unwrap();
        assert_eq!((config.theme, config.undo_seconds), (Theme::Auto, DEFAULT_UNDO_SECONDS));
    }

    #[test]
    fn invalid_values_are_errors_that_keep_the_previous_value() {
        let mut config = WidgetConfig::default();
        for (name, value) in [("theme", "purple"), ("credentials", "always"), ("undo-seconds", "-1"), ("undo-seconds", "soon"), ("reviewer", "{not json")] {
            let error = config.apply_attribute(name, Some(value)).unwrap_err();
            assert!(error.to_string().starts_with(&format!("{name}=")), "{error}");
        }
        assert_eq!(config, WidgetConfig::default());
    }

    #[test]
    fn undo_seconds_takes_only_digits_and_refuses_signs_fractions_and_exponents() {
        // Bug: Rust's integer parsing takes a leading `+`, so `undo-seconds="+5"` held
        // decisions for 5 seconds instead of being reported, unlike "5.0" or "5s".
        let mut config = WidgetConfig::default();
        for bad in ["+5", "+0", "5.0", "1e1", "5s", "0x5", "- 5", "3601", "99999999999"] {
            let error = config.apply_attribute("undo-seconds", Some(bad)).unwrap_err();
            assert_eq!(error.to_string(), format!("undo-seconds=\"{bad}\" is not valid: expected a whole number of seconds from 0 to 3600"));
        }
        assert_eq!(config.undo_seconds, DEFAULT_UNDO_SECONDS, "a refused value keeps the previous one");
        // Whitespace around a value is dropped for every attribute, as for `theme=" dark "`.
        for (good, seconds) in [("0", 0), ("12", 12), ("0030", 30), ("3600", 3600), (" 7 ", 7)] {
            config.apply_attribute("undo-seconds", Some(good)).unwrap();
            assert_eq!(config.undo_seconds, seconds, "{good:?}");
        }
    }

    #[test]
    fn reviewer_json_is_kept_verbatim() {
        let mut config = WidgetConfig::default();
        config.apply_attribute("reviewer", Some(r#"{"id":"u-17","name":"Dana Kim"}"#)).unwrap();
        assert_eq!(config.reviewer.unwrap().to_text(), r#"{"id":"u-17","name":"Dana Kim"}"#);
    }

    #[test]
    fn a_reviewer_the_server_would_refuse_is_refused_when_it_is_set() {
        // Regression: any JSON was taken (`reviewer='"Dana"'`), and every result then carried
        // a reviewer the reference server answers with 422, which is not retried.
        let mut config = WidgetConfig::default();
        config.apply_attribute("reviewer", Some(r#"{"id":17,"name":"Dana Kim"}"#)).unwrap();
        for bad in [r#""Dana""#, "17", r#"[{"id":"u-17"}]"#, r#"{"id":true}"#, r#"{"id":"u-17","name":["Dana"]}"#] {
            let error = config.apply_attribute("reviewer", Some(bad)).unwrap_err();
            assert!(error.to_string().starts_with(&format!("reviewer=\"{bad}\" is not valid: expected a JSON object")), "{error}");
        }
        assert_eq!(config.reviewer.unwrap().to_text(), r#"{"id":17,"name":"Dana Kim"}"#, "a refused value keeps the previous one");
    }

    #[test]
    fn a_reviewer_over_a_size_limit_is_refused_when_it_is_set() {
        // Bug: a reviewer whose name (or a member of the host's own) was over a text limit was
        // taken, and every decision was then refused as unsendable, one by one.
        let mut config = WidgetConfig::default();
        config.apply_attribute("reviewer", Some(r#"{"id":"u-17"}"#)).unwrap();
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        let cases = [
            (format!(r#"{{"id":"u-17","name":"{long}"}}"#), format!("reviewer is not valid: reviewer.name: {} characters; a text may have at most {MAX_TEXT_CHARS}", MAX_TEXT_CHARS + 1)),
            (format!(r#"{{"id":"u-17","teams":[{}]}}"#, vec!["1"; MAX_LIST_LEN + 1].join(",")), format!("reviewer is not valid: reviewer.teams: {} entries; a list may have at most {MAX_LIST_LEN}", MAX_LIST_LEN + 1)),
            // Its depth counts from the result it rides in: 31 levels inside it are 32 there.
            (format!(r#"{{"id":"u-17","deep":{}1{}}}"#, "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1)), format!("reviewer is not valid: reviewer.deep{}: nested more than {MAX_DEPTH} levels deep", "[0]".repeat(MAX_DEPTH - 2))),
        ];
        for (bad, said) in cases {
            assert_eq!(config.apply_attribute("reviewer", Some(&bad)).unwrap_err().to_string(), said);
        }
        assert_eq!(config.reviewer.as_ref().unwrap().to_text(), r#"{"id":"u-17"}"#, "a refused value keeps the previous one");
        // One level less is taken, and a result carrying it is within the limits.
        let deepest = format!(r#"{{"id":"u-17","deep":{}1{}}}"#, "[".repeat(MAX_DEPTH - 2), "]".repeat(MAX_DEPTH - 2));
        config.apply_attribute("reviewer", Some(&deepest)).unwrap();
        let result = format!(r#"{{"schema":"countersign.result.v1","reviewer":{deepest}}}"#);
        assert_eq!(result_over_limits(Tape::parse(&result).unwrap().root()), None);
    }

    #[test]
    fn platform_limits_replace_defaults_and_bad_ones_are_refused_whole() {
        let mut config = WidgetConfig::default();
        config.apply_platform_limits(r#"{"x": 25000, "threads": 600}"#).unwrap();
        assert_eq!(config.platform_limits, vec![("x".to_string(), 25_000), ("threads".to_string(), 600)]);
        for bad in [r#"{"myspace": 10}"#, r#"{"x": 0}"#, r#"{"x": "many"}"#, r#"{"x": 2.5}"#, "[1]", "nope"] {
            let error = config.apply_platform_limits(bad).unwrap_err();
            assert!(error.to_string().starts_with("platformLimits="), "{error}");
        }
        assert_eq!(config.platform_limits.len(), 2, "a refused value keeps the previous limits");
    }

    #[test]
    fn headers_are_taken_whole_or_refused_whole_without_saying_a_value() {
        let mut config = WidgetConfig::default();
        config.apply_headers(Some(r#"{"X-CSRF-Token": "abc123", "X-Tenant": "acme"}"#)).unwrap();
        assert_eq!(config.headers, vec![("X-CSRF-Token".to_string(), "abc123".to_string()), ("X-Tenant".to_string(), "acme".to_string())]);
        let refused = [
            (r#"{"X-Tenant": "acme", "Bad Name": "secret-1"}"#, "\"Bad Name\" is not a header name"),
            (r#"{"": "secret-1"}"#, "\"\" is not a header name"),
            (r#"{"X-Tenant": 42}"#, "\"X-Tenant\" has a value that is not a string"),
            (r#"{"X-Tenant": null}"#, "\"X-Tenant\" has a value that is not a string"),
            (r#"{"Authorization": "Bearer secret-1\r\nX-Evil: 1"}"#, "\"Authorization\" has a value with a line break"),
            (r#"{"Authorization": "Bearer secret-1 ✓"}"#, "\"Authorization\" has a value with a line break"),
            ("[\"secret-1\"]", "expected an object"),
            ("\"X-Tenant: acme\"", "expected an object"),
            ("", "expected an object"),
        ];
        for (json, said) in refused {
            let error = config.apply_headers(Some(json)).unwrap_err().to_string();
            assert!(error.starts_with("config.headers: ") && error.contains(said) && error.ends_with("the previous headers stay"), "{json}: {error}");
            assert!(!error.contains("secret-1"), "a value is never said: {error}");
        }
        assert_eq!(config.headers.len(), 2, "a refused value keeps the previous headers");
        config.apply_headers(Some("{}")).unwrap();
        assert!(config.headers.is_empty());
        config.apply_headers(Some(r#"{"X-Tenant": "acme"}"#)).unwrap();
        config.apply_headers(None).unwrap();
        assert!(config.headers.is_empty(), "null or undefined removes them");
    }

    #[test]
    fn header_names_are_http_tokens_and_values_what_fetch_can_send() {
        for name in ["X-CSRF-Token", "x_tenant", "A1", "weird!#$%&'*+.^`|~"] {
            assert!(is_header_name(name), "{name}");
        }
        for name in ["", "Bad Name", "X:Tenant", "Ünïcode", "X\nY", "(paren)", "quote\""] {
            assert!(!is_header_name(name), "{name}");
        }
        for value in ["", "Bearer abc.def", "café", " spaced \t"] {
            assert!(is_header_value(value), "{value}");
        }
        for value in ["a\nb", "a\rb", "a\0b", "€"] {
            assert!(!is_header_value(value), "{value}");
        }
    }

    #[test]
    fn config_keys_map_to_attributes() {
        assert_eq!(attribute_for_key("itemsUrl"), Some("items-url"));
        assert_eq!(attribute_for_key("undoSeconds"), Some("undo-seconds"));
        assert_eq!(attribute_for_key("theme"), Some("theme"));
        assert_eq!(attribute_for_key("items-url"), None);
    }

    #[test]
    fn unknown_config_keys_are_named_with_the_key_they_resemble() {
        let keys = |keys: &[&str]| keys.iter().map(|key| key.to_string()).collect::<Vec<_>>();
        let all = ["itemsUrl", "submitUrl", "reviewer", "locale", "theme", "credentials", "undoSeconds", "headers", "authHeaders", "keymap", "platformLimits"];
        assert_eq!(unknown_keys(&keys(&all)), None, "every key the README lists is known");
        assert_eq!(ATTRIBUTES.map(camel_case), KEYS[..ATTRIBUTES.len()], "the attributes' camelCase names come first, in their order");
        assert_eq!(unknown_keys(&[]), None);
        let error = unknown_keys(&keys(&["theme", "submitURL", "items", "undo_seconds", "platform-limits"])).map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "config: \"submitURL\" (did you mean submitUrl?), \"items\", \"undo_seconds\" (did you mean undoSeconds?), \"platform-limits\" (did you mean platformLimits?) ignored; \
                 the keys are itemsUrl, submitUrl, reviewer, locale, theme, credentials, undoSeconds, headers, authHeaders, keymap and platformLimits"
            )
        );
    }
}
