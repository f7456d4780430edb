//! X's weighted length (twitter-text v3's `parseTweet`): code points in a few ranges weigh 1
//! and all others 2, every URL weighs 23, and (with emoji parsing) an emoji sequence weighs 2
//! as a whole. The text is counted NFC-normalised; the caller normalises it (the browser's
//! `String.prototype.normalize` costs the widget nothing).

use super::emoji::sequence_at;
use super::url::find_urls;

/// X's counting configuration (`v3.json`), weights scaled by 100.
#[derive(Clone, Debug, PartialEq)]
pub struct XConfig {
    /// The most weighted characters a post may have.
    pub max_weighted_length: usize,
    /// Whether emoji sequences weigh [`XConfig::default_weight`] as a whole.
    pub emoji_parsing: bool,
    /// The weight of a code point outside [`XConfig::ranges`].
    pub default_weight: usize,
    /// The weight of every URL, in characters.
    pub transformed_url_length: usize,
    /// Code point ranges (inclusive) and their weight.
    pub ranges: Vec<(u32, u32, usize)>,
}

const SCALE: usize = 100;

impl XConfig {
    /// twitter-text v3: what X counts today.
    pub fn v3() -> XConfig {
        XConfig {
            max_weighted_length: 280,
            emoji_parsing: true,
            default_weight: 200,
            transformed_url_length: 23,
            ranges: vec![(0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100)],
        }
    }

    /// twitter-text v2: the same weights without emoji parsing (its conformance cases).
    pub fn v2() -> XConfig {
        XConfig { emoji_parsing: false, ..XConfig::v3() }
    }

    fn weight(&self, character: char) -> usize {
        let code = u32::from(character);
        self.ranges.iter().find(|(start, end, _)| (*start..=*end).contains(&code)).map_or(self.default_weight, |(_, _, weight)| *weight)
    }
}

/// What X makes of a post, as twitter-text reports it. Ranges are UTF-16 indices into the
/// text as written (before normalisation), inclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XCount {
    /// The weighted length.
    pub weighted_length: usize,
    /// Whether X accepts it: not empty, within the limit, no invalid character.
    pub valid: bool,
    /// The weighted length per thousand of the limit.
    pub permillage: usize,
    /// The last index that still fits.
    pub valid_range_end: usize,
    /// The last index of the text.
    pub display_range_end: usize,
}

fn is_invalid(character: char) -> bool {
    matches!(character, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// Counts `text` as X does; `normalized` is `text` in NFC.
pub fn count(text: &str, normalized: &str, config: &XConfig) -> XCount {
    let chars: Vec<char> = normalized.chars().collect();
    let urls = find_urls(&chars);
    let limit = config.max_weighted_length * SCALE;
    let (mut weighted, mut valid, mut valid_display_index) = (0usize, true, 0usize);
    let (mut at, mut utf16, mut next_url) = (0usize, 0usize, 0usize);
    while at < chars.len() {
        let step = if urls.get(next_url).is_some_and(|(start, _)| *start == at) {
            let (_, end) = urls[next_url];
            next_url += 1;
            weighted += config.transformed_url_length * SCALE;
            end - at
        } else if let Some(length) = config.emoji_parsing.then(|| sequence_at(&chars, at)).flatten() {
            weighted += config.default_weight;
            length
        } else {
            weighted += config.weight(chars[at]);
            1
        };
        utf16 += chars[at..at + step].iter().map(|character| character.len_utf16()).sum::<usize>();
        // twitter-text checks the last UTF-16 unit of each step, which can only be invalid
        // when the step is that one character.
        if valid && step == 1 {
            valid = !is_invalid(chars[at]);
        }
        if valid && weighted <= limit {
            valid_display_index = utf16 - 1;
        }
        at += step;
    }
    let text_length: usize = text.encode_utf16().count();
    let weighted_length = weighted / SCALE;
    // Normalisation may shorten the text (Á as A + accent) or lengthen it (ﬠ-style
    // presentation forms); twitter-text shifts the valid range by the difference.
    let normalization_offset = text_length as isize - utf16 as isize;
    XCount {
        weighted_length,
        valid: valid && weighted_length > 0 && weighted_length <= config.max_weighted_length,
        permillage: weighted_length * 1000 / config.max_weighted_length.max(1),
        valid_range_end: (valid_display_index as isize + normalization_offset).max(0) as usize,
        display_range_end: text_length.saturating_sub(1),
    }
}
