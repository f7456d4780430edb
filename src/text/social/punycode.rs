//! The length a domain label has once IDNA-encoded (`xn--` + Punycode, RFC 3492), because a
//! URL whose label is longer than 63 bytes that way is not a link on X.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
    delta /= if first { DAMP } else { 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn digit(value: u32) -> char {
    char::from(if value < 26 { b'a' + value as u8 } else { b'0' + (value - 26) as u8 })
}

/// `label` Punycode-encoded (without the `xn--` prefix); `None` if the arithmetic overflows.
pub fn encode(label: &str) -> Option<String> {
    let input: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    while (handled as usize) < input.len() {
        let next = input.iter().copied().filter(|code| *code >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &code in &input {
            if code < n {
                delta = delta.checked_add(1)?;
            }
            if code == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let threshold = if k <= bias { T_MIN } else if k >= bias + T_MAX { T_MAX } else { k - bias };
                    if q < threshold {
                        break;
                    }
                    output.push(digit(threshold + (q - threshold) % (BASE - threshold)));
                    q = (q - threshold) / (BASE - threshold);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// The label's length in the DNS: itself when ASCII, else `xn--` and its Punycode.
pub fn ascii_length(label: &str) -> Option<usize> {
    if label.is_ascii() { Some(label.len()) } else { encode(label).map(|encoded| encoded.len() + 4) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_rfc_examples() {
        // RFC 3492 §7.1 samples, and well-known IDN labels.
        assert_eq!(encode("ليهمابتكلموشعربي؟").as_deref(), Some("egbpdaj6bu4bxfgehfvwxn"));
        assert_eq!(encode("他们为什么不说中文").as_deref(), Some("ihqwcrb4cv8a8dqg056pqjye"));
        assert_eq!(encode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(encode("münchen").as_deref(), Some("mnchen-3ya"));
        assert_eq!(encode("پاکستان").as_deref(), Some("mgbai9azgqp6j"));
        assert_eq!(ascii_length("example"), Some(7));
        assert_eq!(ascii_length("bücher"), Some(13));
    }
}
