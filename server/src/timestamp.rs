//! Times as the server writes and compares them: ISO 8601 UTC text. Every stored `created_at`
//! has one shape, `2026-11-23T09:30:00.000Z` (milliseconds, `Z`), so comparing two of them as
//! text compares them as times, in SQLite and PostgreSQL alike, and an index on the column
//! serves `?since=`.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch now.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_secs()).unwrap_or(0)
}

/// `seconds` since the epoch as ISO 8601 UTC to the second: `2026-11-23T00:00:00Z`.
pub fn iso(seconds: u64) -> String {
    let (date, time) = civil(i64::try_from(seconds).unwrap_or(i64::MAX).saturating_mul(1_000));
    format!("{date}T{}Z", &time[..8])
}

/// `millis` since the epoch in the stored shape: `2026-11-23T00:00:00.000Z`.
fn stored_at(millis: i64) -> String {
    let (date, time) = civil(millis);
    format!("{date}T{time}Z")
}

/// The date (`2026-11-23`) and time (`09:30:00.000`) of `millis` since the epoch.
fn civil(millis: i64) -> (String, String) {
    let days = millis.div_euclid(86_400_000);
    let rest = millis.rem_euclid(86_400_000);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let seconds = rest / 1_000;
    (
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{:02}:{:02}:{:02}.{:03}", seconds / 3_600, seconds % 3_600 / 60, seconds % 60, rest % 1_000),
    )
}

/// Days since the epoch of a civil date (Howard Hinnant's days-from-civil).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads an ISO 8601 time — `2026-11-01`, `2026-11-01T09:30`, `…:15`, `…:15.250`, with `Z`, an
/// offset (`+02:00`, `-0500`) or none (UTC) — and writes it in the stored shape, in UTC.
/// `None` for anything else, a date that does not exist included.
pub fn stored(text: &str) -> Option<String> {
    let mut rest = text.trim();
    let year = digits(&mut rest, 4)?;
    let month = skip(&mut rest, "-").then(|| two_digits(&mut rest))??;
    let day = skip(&mut rest, "-").then(|| two_digits(&mut rest))??;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let (mut hour, mut minute, mut second, mut millis) = (0, 0, 0, 0);
    if skip(&mut rest, "T") || skip(&mut rest, "t") || skip(&mut rest, " ") {
        hour = two_digits(&mut rest)?;
        minute = skip(&mut rest, ":").then(|| two_digits(&mut rest))??;
        if skip(&mut rest, ":") {
            second = two_digits(&mut rest)?;
            if skip(&mut rest, ".") {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if digits == 0 {
                    return None;
                }
                // Milliseconds: the first three digits, padded; finer ones are dropped.
                let kept = format!("{:0<3}", &rest[..digits.min(3)]);
                millis = kept.parse().ok()?;
                rest = &rest[digits..];
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
    }
    let offset_minutes = if rest.is_empty() || skip(&mut rest, "Z") || skip(&mut rest, "z") {
        0
    } else {
        let sign = if skip(&mut rest, "+") { 1 } else if skip(&mut rest, "-") { -1 } else { return None };
        let hours = two_digits(&mut rest)?;
        let minutes = if rest.is_empty() { 0 } else { skip(&mut rest, ":"); two_digits(&mut rest)? };
        if hours > 23 || minutes > 59 {
            return None;
        }
        sign * (hours * 60 + minutes)
    };
    if !rest.is_empty() {
        return None;
    }
    let local = ((days_from_civil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
    Some(stored_at((local - offset_minutes * 60) * 1_000 + millis))
}

/// Takes `prefix` off the front of `rest` when it is there.
fn skip(rest: &mut &str, prefix: &str) -> bool {
    match rest.strip_prefix(prefix) {
        Some(after) => {
            *rest = after;
            true
        }
        None => false,
    }
}

/// Takes `count` ASCII digits off the front of `rest`, as a number.
fn digits(rest: &mut &str, count: usize) -> Option<i64> {
    let part = rest.get(..count).filter(|part| part.bytes().all(|byte| byte.is_ascii_digit()))?;
    *rest = &rest[count..];
    part.parse().ok()
}

fn two_digits(rest: &mut &str) -> Option<i64> {
    digits(rest, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_written_as_iso_8601() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_795_392_000), "2026-11-23T00:00:00Z");
        assert_eq!(iso(951_782_400 + 3_723), "2000-02-29T01:02:03Z");
    }

    #[test]
    fn every_accepted_spelling_becomes_the_stored_shape_in_utc() {
        assert_eq!(stored("2026-11-01").as_deref(), Some("2026-11-01T00:00:00.000Z"));
        assert_eq!(stored("2026-11-01T09:30").as_deref(), Some("2026-11-01T09:30:00.000Z"));
        assert_eq!(stored("2026-11-01 09:30:15Z").as_deref(), Some("2026-11-01T09:30:15.000Z"));
        assert_eq!(stored("2026-11-01T09:30:15.25Z").as_deref(), Some("2026-11-01T09:30:15.250Z"));
        assert_eq!(stored("2026-11-01T09:30:15.123456Z").as_deref(), Some("2026-11-01T09:30:15.123Z"));
        assert_eq!(stored("2026-11-01T01:30:00+02:00").as_deref(), Some("2026-10-31T23:30:00.000Z"));
        assert_eq!(stored("2026-12-31T23:00:00-0130").as_deref(), Some("2027-01-01T00:30:00.000Z"));
        assert_eq!(stored("2028-02-29T12:00:00Z").as_deref(), Some("2028-02-29T12:00:00.000Z"));
        // What the server writes reads back unchanged.
        assert_eq!(stored("2026-11-23T00:00:00.000Z").as_deref(), Some("2026-11-23T00:00:00.000Z"));
        assert_eq!(stored(&iso(1_795_392_000)).as_deref(), Some("2026-11-23T00:00:00.000Z"));
    }

    #[test]
    fn anything_else_is_refused() {
        for text in ["", "yesterday", "2026-11", "2026-13-01", "2026-02-29", "2026-04-31", "2026-11-01T24:00", "2026-11-01T09", "2026-11-01T09:30:15.", "2026-11-01T09:30Q", "2026-11-01T09:30+2", "2026-11-01Textra", "２０２６-11-01"] {
            assert_eq!(stored(text), None, "{text}");
        }
    }
}
