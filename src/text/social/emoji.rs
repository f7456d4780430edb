//! Emoji sequences, which X counts as 2 whatever their length (twitter-text v3 with emoji
//! parsing): keycaps, flags, tag sequences, and pictographs with variation selectors, skin
//! tones and zero-width joiners. The pictograph ranges are Unicode's Extended_Pictographic
//! blocks, coarsened: a false match among characters that weigh 2 anyway changes nothing.

const ZWJ: char = '\u{200D}';
const VARIATION_EMOJI: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

fn is_pictograph(character: char) -> bool {
    matches!(u32::from(character),
        0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x2199 | 0x21A9..=0x21AA | 0x231A..=0x231B | 0x2328 | 0x2388 | 0x23CF
        | 0x23E9..=0x23F3 | 0x23F8..=0x23FA | 0x24C2 | 0x25AA..=0x25AB | 0x25B6 | 0x25C0 | 0x25FB..=0x25FE | 0x2600..=0x27BF
        | 0x2934..=0x2935 | 0x2B05..=0x2B07 | 0x2B1B..=0x2B1C | 0x2B50 | 0x2B55 | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0x1F000..=0x1F1E5 | 0x1F200..=0x1F3FA | 0x1F400..=0x1FAFF)
}

fn is_skin_tone(character: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&character)
}

fn is_regional_indicator(character: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&character)
}

fn is_tag(character: char) -> bool {
    ('\u{E0020}'..='\u{E007E}').contains(&character)
}

/// One emoji element at `chars[at]`: a pictograph with an optional variation selector or skin
/// tone, or © / ® only when asked for emoji presentation. Returns its length in characters.
fn element(chars: &[char], at: usize) -> Option<usize> {
    let first = *chars.get(at)?;
    let next = chars.get(at + 1).copied();
    if matches!(first, '\u{A9}' | '\u{AE}') {
        return (next == Some(VARIATION_EMOJI)).then_some(2);
    }
    if is_skin_tone(first) {
        return Some(1);
    }
    if !is_pictograph(first) {
        return None;
    }
    Some(match next {
        Some(VARIATION_EMOJI) => 2,
        Some(tone) if is_skin_tone(tone) => 2,
        _ => 1,
    })
}

/// The length, in characters, of the emoji sequence starting at `chars[at]`, if one does.
pub fn sequence_at(chars: &[char], at: usize) -> Option<usize> {
    let first = *chars.get(at)?;
    // Keycaps: 1⃣ or 1️⃣.
    if first.is_ascii_digit() || first == '#' || first == '*' {
        return match (chars.get(at + 1), chars.get(at + 2)) {
            (Some(&KEYCAP), _) => Some(2),
            (Some(&VARIATION_EMOJI), Some(&KEYCAP)) => Some(3),
            _ => None,
        };
    }
    if is_regional_indicator(first) {
        return Some(if chars.get(at + 1).is_some_and(|second| is_regional_indicator(*second)) { 2 } else { 1 });
    }
    // Subdivision flags: 🏴 followed by tag letters and a cancel tag.
    if first == BLACK_FLAG && chars.get(at + 1).is_some_and(|next| is_tag(*next)) {
        let tags = chars[at + 1..].iter().take_while(|next| is_tag(**next)).count();
        if chars.get(at + 1 + tags) == Some(&CANCEL_TAG) {
            return Some(tags + 2);
        }
    }
    let mut length = element(chars, at)?;
    while chars.get(at + length) == Some(&ZWJ) {
        match element(chars, at + length + 1) {
            Some(next) => length += 1 + next,
            None => break,
        }
    }
    Some(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(text: &str) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        let mut at = 0;
        let mut found = Vec::new();
        while at < chars.len() {
            match sequence_at(&chars, at) {
                Some(length) => {
                    found.push(length);
                    at += length;
                }
                None => at += 1,
            }
        }
        found
    }

    #[test]
    fn sequences_are_found_whole() {
        assert_eq!(lengths("👨‍👩‍👧‍👦"), vec![7], "a ZWJ family is one");
        assert_eq!(lengths("🙋🏽👨‍🎤"), vec![2, 3], "skin tone, then a ZWJ profession");
        assert_eq!(lengths("1⃣ 2️⃣"), vec![2, 3], "keycaps");
        assert_eq!(lengths("🇩🇪🇫🇷"), vec![2, 2], "flags pair up");
        assert_eq!(lengths("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"), vec![7], "England's flag");
        assert_eq!(lengths("❤️‍🔥"), vec![4], "a BMP pictograph with a selector joined to another");
        assert_eq!(lengths("© ©️ plain 1 text"), vec![2], "© is an emoji only with emoji presentation");
        assert_eq!(lengths("abc 東京"), Vec::<usize>::new());
    }
}
