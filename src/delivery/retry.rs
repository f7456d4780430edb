//! When to try a delivery again: which answers are worth retrying, how long to wait
//! (exponential backoff with full jitter, or the server's `Retry-After`), and which answers are
//! conflicts a person must see. Pure, so the schedule is tested natively.

/// The first retry waits up to this long.
pub const BASE_DELAY_MS: u64 = 1_000;
/// No retry waits longer than this.
pub const MAX_DELAY_MS: u64 = 300_000;
/// A request that has not answered after this long is aborted and retried.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// What an attempt's answer means for the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// 2xx: the backend has it.
    Delivered,
    /// A network error, a timeout, 408, 429 or 5xx: try again later.
    Retry,
    /// 409 or 412: the item changed; never resent blindly.
    Conflict,
    /// Any other status: resending the same body cannot succeed.
    Permanent,
}

/// Classifies an attempt by its HTTP status; 0 stands for a network error or a timeout.
pub fn classify(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Delivered,
        0 | 408 | 429 | 500..=599 => Verdict::Retry,
        409 | 412 => Verdict::Conflict,
        _ => Verdict::Permanent,
    }
}

/// The wait before retry number `attempt` (0 for the first retry): a uniformly random share
/// (`random` in 0..1) of `BASE_DELAY_MS · 2^attempt`, capped at `MAX_DELAY_MS` ("full jitter").
pub fn backoff_ms(attempt: u32, random: f64) -> u64 {
    let ceiling = BASE_DELAY_MS.saturating_mul(1u64 << attempt.min(30)).min(MAX_DELAY_MS);
    (ceiling as f64 * random.clamp(0.0, 1.0)).round() as u64
}

/// The wait before the next attempt: the server's `Retry-After` when it gave one (capped),
/// otherwise the backoff.
pub fn next_delay_ms(attempt: u32, random: f64, retry_after_ms: Option<u64>) -> u64 {
    retry_after_ms.map_or_else(|| backoff_ms(attempt, random), |wait| wait.min(MAX_DELAY_MS))
}

/// Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now_ms` since the epoch.
pub fn retry_after_ms(header: &str, now_ms: f64) -> Option<u64> {
    let header = header.trim();
    if let Some(seconds) = digits(header) {
        return Some(seconds.saturating_mul(1_000));
    }
    let at = http_date_ms(header)?;
    Some((at - now_ms).max(0.0) as u64)
}

/// `text` as a number when it is ASCII digits only (HTTP's `1*DIGIT`): Rust's own parse also
/// takes a leading `+`, which no `Retry-After` has.
fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    // Too many digits to be a number of seconds or a date part: as good as forever.
    Some(text.parse().unwrap_or(u64::MAX))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to milliseconds since the epoch.
fn http_date_ms(text: &str) -> Option<f64> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let part = |text: &str| digits(text).and_then(|value| i64::try_from(value).ok());
    let day = part(parts.next()?)?;
    let month_name = parts.next()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|name| *name == month_name)? as i64 + 1;
    let year = part(parts.next()?)?;
    let mut clock = parts.next()?.split(':').map(part);
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || year > 9_999 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + hour * 3_600 + minute * 60 + second) * 1_000) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_as_the_contract_says() {
        for (status, verdict) in [
            (201, Verdict::Delivered),
            (200, Verdict::Delivered),
            (0, Verdict::Retry),
            (408, Verdict::Retry),
            (429, Verdict::Retry),
            (500, Verdict::Retry),
            (503, Verdict::Retry),
            (409, Verdict::Conflict),
            (412, Verdict::Conflict),
            (400, Verdict::Permanent),
            (401, Verdict::Permanent),
            (404, Verdict::Permanent),
            (422, Verdict::Permanent),
        ] {
            assert_eq!(classify(status), verdict, "status {status}");
        }
    }

    #[test]
    fn backoff_doubles_its_ceiling_up_to_the_cap_with_full_jitter() {
        assert_eq!(backoff_ms(0, 1.0), 1_000);
        assert_eq!(backoff_ms(1, 1.0), 2_000);
        assert_eq!(backoff_ms(4, 1.0), 16_000);
        assert_eq!(backoff_ms(8, 1.0), 256_000);
        assert_eq!(backoff_ms(9, 1.0), MAX_DELAY_MS);
        assert_eq!(backoff_ms(60, 1.0), MAX_DELAY_MS, "huge attempt counts must not overflow");
        assert_eq!(backoff_ms(3, 0.0), 0);
        assert_eq!(backoff_ms(3, 0.5), 4_000);
        assert_eq!(backoff_ms(3, 7.0), 8_000, "random is clamped to 0..1");
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_an_http_date() {
        let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after_ms("120", now), Some(120_000));
        assert_eq!(retry_after_ms(" 0 ", now), Some(0));
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(0));
        assert_eq!(retry_after_ms("Sun, 06 Nov 1994 08:50:07 GMT", now), Some(30_000));
        assert_eq!(retry_after_ms("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(0), "a past date means now");
        assert_eq!(retry_after_ms("Thu, 01 Jan 1970 00:00:00 GMT", 0.0), Some(0));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480_000.0), Some(0));
        assert_eq!(retry_after_ms("99999999999999999999999", now), Some(u64::MAX), "a delay too long for u64 saturates");
        for bad in ["soon", "-5", "+5", "5.0", "5 s", "Sun, +6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov +1994 08:49:37 GMT", "Sun, 06 Nov 1994 +8:49:37 GMT", "Sun, 06 Nov 99999999999999999999 08:49:37 GMT", "", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT"] {
            assert_eq!(retry_after_ms(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn the_server_s_retry_after_wins_over_the_backoff_but_not_over_the_cap() {
        assert_eq!(next_delay_ms(0, 1.0, Some(2_000)), 2_000);
        assert_eq!(next_delay_ms(5, 1.0, Some(10_000_000)), MAX_DELAY_MS);
        assert_eq!(next_delay_ms(2, 1.0, None), 4_000);
    }
}
