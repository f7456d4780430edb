//! Lower-casing for comparisons, without shipping Unicode's full case tables (about 7 KiB of
//! brotli in the widget). It covers the scripts the widget's locales write in: ASCII, Latin-1,
//! Latin Extended-A, Greek and Cyrillic. Other letters compare as they are, which for scripts
//! without case (CJK, Arabic, Hebrew) is exact.

/// `character` in lower case, where that is one character in the covered ranges.
pub fn fold(character: char) -> char {
    let code = character as u32;
    let folded = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => code + 0x20,
        0x400..=0x40F => code + 0x50,
        0x178 => 0xFF,
        // Turkish dotted capital I: its full lower case adds a combining dot; plain i matches better.
        0x130 => 0x69,
        // Latin Extended-A pairs capital and small letters as even/odd neighbours, except in
        // two runs where the capital is the odd one.
        0x100..=0x137 | 0x14A..=0x177 if code.is_multiple_of(2) => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        // Ukrainian, Belarusian and other Cyrillic letters beyond the basic block pair the same way.
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if code.is_multiple_of(2) => code + 1,
        _ => code,
    };
    char::from_u32(folded).unwrap_or(character)
}

/// `text` with every character folded by [`fold`].
pub fn lower(text: &str) -> String {
    text.chars().map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_agrees_with_the_standard_library_on_every_covered_letter() {
        let covered = (0x41..=0x5A).chain(0xC0..=0xDE).chain(0x100..=0x17F).chain(0x391..=0x3AB).chain(0x400..=0x42F).chain(0x460..=0x481).chain(0x48A..=0x4BF).chain(0x4D0..=0x52F);
        for code in covered {
            let Some(character) = char::from_u32(code) else { continue };
            let standard: Vec<char> = character.to_lowercase().collect();
            // Letters whose lower case is not one character (İ) or that have none stay out of scope.
            if standard.len() == 1 && code != 0x130 && code != 0x149 {
                assert_eq!(fold(character), standard[0], "U+{code:04X} {character}");
            }
        }
    }

    #[test]
    fn text_in_the_widgets_languages_folds_like_to_lowercase() {
        for text in ["Grüße aus MÜNCHEN", "ÉTÉ à Paris", "ÑANDÚ", "ΑΘΗΝΑ", "МОСКВА", "Łódź ŻÓŁW", "東京 Tokyo", "שלום"] {
            assert_eq!(lower(text), text.to_lowercase(), "{text}");
        }
    }
}
