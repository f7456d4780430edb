//! A JSON number's value as `f64`, without the standard library's float parser, whose
//! correctly-rounding tables cost about 4 KiB of brotli in the widget.
//!
//! Every number with at most 15 significant digits and a decimal exponent within ±22 (every
//! score, confidence and count the widget reads) is exact: it is one exact integer multiplied
//! or divided by one exact power of ten, which IEEE 754 rounds correctly. Longer or more
//! extreme numbers are within a few units in the last place.

/// `10^exponent`, exact up to `10^22`.
fn power_of_ten(exponent: u32) -> f64 {
    let mut value = 1.0;
    for _ in 0..exponent.min(400) {
        value *= 10.0;
    }
    value
}

/// The value of `text`, which must be JSON number syntax (as the parser guarantees).
pub fn value(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa_text, exponent_text) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let mut exponent: i64 = match exponent_text {
        Some(exponent) => exponent.trim_start_matches('+').parse::<i64>().ok()?.clamp(-9_999, 9_999),
        None => 0,
    };
    let (whole, fraction) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    for (in_fraction, digit) in whole.bytes().map(|digit| (false, digit)).chain(fraction.bytes().map(|digit| (true, digit))) {
        let digit = u64::from(digit.checked_sub(b'0').filter(|digit| *digit < 10)?);
        if significant < 19 {
            if mantissa > 0 || digit > 0 {
                significant += 1;
            }
            mantissa = mantissa * 10 + digit;
            if in_fraction {
                exponent -= 1;
            }
        } else if !in_fraction {
            // Digits past what a u64 holds only scale the value.
            exponent += 1;
        }
    }
    let magnitude = if exponent >= 0 {
        mantissa as f64 * power_of_ten(exponent as u32)
    } else if exponent >= -308 {
        mantissa as f64 / power_of_ten(exponent.unsigned_abs() as u32)
    } else {
        // Divide in two steps so the divisor does not overflow to infinity first.
        mantissa as f64 / power_of_ten(308) / power_of_ten((exponent.unsigned_abs() - 308) as u32)
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_numbers_are_exact() {
        for text in ["0", "-0", "1", "0.5", "0.82", "0.9999", "1e3", "1E-7", "-2.5e+2", "123456.789", "0.1", "0.3", "3.14159", "42", "100.000", "1e22", "1e-22", "9007199254740991"] {
            assert_eq!(value(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn long_and_extreme_numbers_are_close() {
        for text in ["0.12345678901234567890123", "123456789012345678901234567890", "1.5e308", "2.2250738585072014e-308", "5e-324", "1e-400", "1e400", "-4.9e-320"] {
            let expected: f64 = text.parse().unwrap_or_default();
            let got = value(text).unwrap_or_default();
            let close = expected == got || ((got - expected) / expected).abs() < 1e-14 || (expected.abs() < 1e-300 && (got - expected).abs() < 1e-300);
            assert!(close, "{text}: {got} vs {expected}");
        }
        assert_eq!(value("1e400"), Some(f64::INFINITY));
    }
}
