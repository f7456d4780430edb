//! Who may use the API: the bearer token `COUNTERSIGN_TOKEN` asks for, and the other origins
//! `--allow-origin` lets in. Pure checks; `routes::guard` applies them to requests.

/// The API's access rules. The default is the demo's: no token, same origin only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Access {
    /// With a token, every `/api` request needs `Authorization: Bearer <token>`.
    token: Option<String>,
    /// The origins besides the server's own whose pages may call the API, as
    /// `scheme://host[:port]`, lowercase.
    origins: Vec<String>,
}

/// The environment variable holding the API's bearer token.
pub const TOKEN_ENV: &str = "COUNTERSIGN_TOKEN";

impl Access {
    /// Rules asking for `token` (when given) and letting `origins` in.
    pub fn new(token: Option<String>, origins: Vec<String>) -> Access {
        Access { token, origins }
    }

    /// Whether an `Authorization` header (if any) satisfies the token rule.
    pub fn authorizes(&self, authorization: Option<&[u8]>) -> bool {
        let Some(token) = &self.token else { return true };
        let Some(given) = authorization.and_then(bearer) else { return false };
        same_secret(given, token.as_bytes())
    }

    /// Whether a page from `origin` (an `Origin` header) may call the API.
    pub fn allows_origin(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        self.origins.contains(&origin)
    }
}

/// The token of `Bearer <token>` (the scheme in any case, as RFC 7235 has it).
fn bearer(header: &[u8]) -> Option<&[u8]> {
    let scheme = header.get(..7)?;
    scheme.eq_ignore_ascii_case(b"bearer ").then(|| header[7..].trim_ascii())
}

/// Compares two secrets in time that depends only on their lengths, never on where they first
/// differ, so a client cannot find the token a byte at a time by timing answers.
pub fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    let mut difference = (given.len() ^ expected.len()) as u64;
    for index in 0..given.len().max(expected.len()) {
        let (a, b) = (given.get(index).copied().unwrap_or(0), expected.get(index).copied().unwrap_or(0));
        difference |= u64::from(a ^ b);
    }
    // Keep the compiler from turning the loop into an early exit.
    std::hint::black_box(difference) == 0
}

/// Reads `COUNTERSIGN_TOKEN`: unset is no token; set but blank is a mistake that would leave
/// the API open while its operator believes it is closed.
pub fn token_from_env(value: Option<String>) -> Result<Option<String>, String> {
    match value {
        None => Ok(None),
        Some(token) if token.trim().is_empty() => Err(format!("{TOKEN_ENV} is set but empty; unset it to run without a token")),
        Some(token) if token.trim() != token || token.chars().any(|char| char.is_control()) => {
            Err(format!("{TOKEN_ENV} has spaces around it or control characters; a header could not carry it"))
        }
        Some(token) => Ok(Some(token)),
    }
}

/// Reads an `--allow-origin` value: `scheme://host[:port]`, nothing after it, as browsers send
/// it in `Origin`. Several may be given comma-separated.
pub fn parse_origins(value: &str) -> Result<Vec<String>, String> {
    value.split(',').map(str::trim).filter(|origin| !origin.is_empty()).map(parse_origin).collect()
}

fn parse_origin(origin: &str) -> Result<String, String> {
    let origin = origin.trim_end_matches('/').to_ascii_lowercase();
    let problem = |why: &str| Err(format!("\"{origin}\" is not an origin ({why}); write it as https://crm.example.com or http://localhost:3000"));
    let Some((scheme, rest)) = origin.split_once("://") else { return problem("no scheme") };
    if scheme != "http" && scheme != "https" {
        return problem("the scheme must be http or https");
    }
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return problem("only a host and a port may follow the scheme");
    }
    // An IPv6 host is bracketed; a port, if any, follows the host after a colon.
    let port = match rest.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((_, after)) => after.strip_prefix(':').map(Some).unwrap_or(if after.is_empty() { None } else { Some("") }),
            None => return problem("the IPv6 address is not closed with ]"),
        },
        None => rest.split_once(':').map(|(_, port)| port),
    };
    if port.is_some_and(|port| port.parse::<u16>().is_err()) {
        return problem("the port is not a number");
    }
    Ok(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_token_every_request_is_authorized() {
        let open = Access::default();
        assert!(open.authorizes(None));
        assert!(open.authorizes(Some(b"Bearer anything")));
    }

    #[test]
    fn with_a_token_only_that_bearer_token_is_authorized() {
        let closed = Access::new(Some("s3cret-token".into()), Vec::new());
        assert!(closed.authorizes(Some(b"Bearer s3cret-token")));
        assert!(closed.authorizes(Some(b"bearer s3cret-token")));
        assert!(closed.authorizes(Some(b"BEARER  s3cret-token ")));
        for wrong in [&b"Bearer s3cret-toke"[..], b"Bearer s3cret-token2", b"Bearer ", b"Basic s3cret-token", b"s3cret-token", b"Bearer S3CRET-TOKEN", b""] {
            assert!(!closed.authorizes(Some(wrong)), "{:?}", String::from_utf8_lossy(wrong));
        }
        assert!(!closed.authorizes(None));
    }

    #[test]
    fn secrets_compare_equal_only_when_every_byte_and_the_length_match() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(same_secret(b"", b""));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
        assert!(!same_secret(b"abcd", b"abc"));
        assert!(!same_secret(b"", b"a"));
        // A longer guess that only adds zero bytes is still a different secret.
        assert!(!same_secret(b"abc\0", b"abc"));
    }

    #[test]
    fn a_blank_or_padded_token_is_refused_rather_than_leaving_the_api_open() {
        assert_eq!(token_from_env(None), Ok(None));
        assert_eq!(token_from_env(Some("tok".into())), Ok(Some("tok".into())));
        assert!(token_from_env(Some(String::new())).unwrap_err().contains("empty"));
        assert!(token_from_env(Some("  ".into())).is_err());
        assert!(token_from_env(Some(" tok".into())).is_err());
        assert!(token_from_env(Some("to\nk".into())).is_err());
    }

    #[test]
    fn origins_are_read_as_browsers_send_them() {
        assert_eq!(parse_origins("https://CRM.example.com/").unwrap(), ["https://crm.example.com"]);
        assert_eq!(parse_origins("http://localhost:3000, https://a.example").unwrap(), ["http://localhost:3000", "https://a.example"]);
        assert_eq!(parse_origins("http://[::1]:8080").unwrap(), ["http://[::1]:8080"]);
        for wrong in ["crm.example.com", "ftp://crm.example.com", "https://crm.example.com/path", "https://", "https://a:b", "https://user@a.example"] {
            let problem = parse_origins(wrong).unwrap_err();
            assert!(problem.contains("is not an origin"), "{wrong}: {problem}");
        }
    }

    #[test]
    fn only_listed_origins_are_allowed() {
        let access = Access::new(None, vec!["https://crm.example.com".into()]);
        assert!(access.allows_origin("https://crm.example.com"));
        assert!(access.allows_origin("https://CRM.example.com"));
        assert!(!access.allows_origin("http://crm.example.com"));
        assert!(!access.allows_origin("https://crm.example.com.evil.test"));
        assert!(!access.allows_origin("null"));
        assert!(!Access::default().allows_origin("https://crm.example.com"));
    }
}
