//! How each platform counts a post, where the part beyond its limit starts, and what else it
//! will not take (too many hashtags or links, Bluesky's bytes, a character X refuses).

use super::graphemes::{ascii_grapheme_ends, grapheme_start, TextTools};
use super::platform::{Facts, Platform, MAX_BLUESKY_BYTES};
use super::tokens::{tokens, TokenKind};
use super::x::{self, XConfig};

/// LinkedIn's little-text-format characters, which the API receives backslash-escaped.
const LINKEDIN_RESERVED: &str = "\\|{}@[]()<>#*_~";

/// Something about a post a platform will not take well, short of the length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// More hashtags than the platform allows.
    Hashtags {
        /// How many there are.
        found: usize,
        /// How many are allowed.
        max: usize,
    },
    /// More links than the platform allows.
    Links {
        /// How many there are.
        found: usize,
        /// How many are allowed.
        max: usize,
    },
    /// More UTF-8 bytes than the platform allows.
    Bytes {
        /// How many there are.
        found: usize,
        /// How many are allowed.
        max: usize,
    },
    /// A character X refuses (U+FFFE, U+FEFF, U+FFFF).
    InvalidCharacter,
}

/// A post as one platform counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostCount {
    /// The platform.
    pub platform: Platform,
    /// The count in the platform's unit.
    pub count: usize,
    /// The limit in force.
    pub limit: usize,
    /// The byte offset where the part beyond the limit starts, when there is one (on Bluesky,
    /// beyond either of its limits: 300 graphemes or 3,000 bytes).
    pub overflow_from: Option<usize>,
    /// What else is wrong.
    pub warnings: Vec<Warning>,
}

impl PostCount {
    /// How far over the limit the post is (0 when it fits).
    pub fn over_by(&self) -> usize {
        self.count.saturating_sub(self.limit)
    }

    /// Whether the post cannot go out as it is.
    pub fn is_over(&self) -> bool {
        self.count > self.limit || self.warnings.iter().any(|warning| matches!(warning, Warning::Bytes { .. } | Warning::InvalidCharacter))
    }

    /// How the post stands, as its counter says it: over the limit by so much in the
    /// platform's unit, else over its bytes by so many (Bluesky's 3,000), else refused as it is
    /// (a character X does not accept), else with so much left.
    // Inlined into the counter, its one caller: a function of its own costs the kinds module
    // about 0.1 KiB brotli.
    #[inline]
    pub fn standing(&self) -> Standing {
        let bytes_over = self.warnings.iter().find_map(|warning| match warning {
            Warning::Bytes { found, max } => Some(found.saturating_sub(*max)),
            _ => None,
        });
        match (self.over_by(), bytes_over) {
            (0, Some(bytes)) => Standing::BytesOver(bytes),
            (0, None) if self.is_over() => Standing::Refused,
            (0, None) => Standing::Left(self.limit - self.count),
            (over, _) => Standing::Over(over),
        }
    }
}

/// What a post's counter says beside the count (see [`PostCount::standing`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Over the limit by this much, in the platform's unit (the warnings say the rest).
    Over(usize),
    /// Within the limit but over the platform's bytes by this many.
    BytesOver(usize),
    /// Within the limit yet not to go out as it is: a character X does not accept.
    Refused,
    /// This much left before the limit.
    Left(usize),
}

/// The byte offset of UTF-16 index `index` in `text` (its end when past it).
fn byte_of_utf16(text: &str, index: usize) -> usize {
    let mut units = 0;
    for (offset, character) in text.char_indices() {
        if units >= index {
            return offset;
        }
        units += character.len_utf16();
    }
    text.len()
}

/// The byte offset after the first `limit` characters, each costing `cost`, when the text
/// costs more than that.
fn overflow_by_cost(text: &str, limit: usize, cost: impl Fn(char) -> usize) -> (usize, Option<usize>) {
    let (mut total, mut overflow) = (0, None);
    for (offset, character) in text.char_indices() {
        total += cost(character);
        if total > limit && overflow.is_none() {
            overflow = Some(offset);
        }
    }
    (total, overflow)
}

/// Counts `text` for `platform` against `limit`.
/// Never inlined: an entry into the code `cargo xtask dist` moves to `countersign_kinds.wasm`
/// (see the widget's `kinds` module).
#[inline(never)]
pub fn count_post(platform: Platform, text: &str, limit: usize, tools: &dyn TextTools) -> PostCount {
    let mut warnings = Vec::new();
    let (count, overflow_from) = match platform {
        Platform::X => {
            let config = XConfig { max_weighted_length: limit, ..XConfig::v3() };
            let counted = x::count(text, &tools.nfc(text), &config);
            if !counted.valid && counted.weighted_length <= limit && counted.weighted_length > 0 {
                warnings.push(Warning::InvalidCharacter);
            }
            let overflow = (counted.weighted_length > limit).then(|| byte_of_utf16(text, counted.valid_range_end + 1));
            (counted.weighted_length, overflow)
        }
        Platform::LinkedIn | Platform::Facebook | Platform::Instagram | Platform::Threads => {
            let reserved = platform == Platform::LinkedIn;
            let (count, overflow) = overflow_by_cost(text, limit, |character| if reserved && LINKEDIN_RESERVED.contains(character) { 2 } else { 1 });
            // Counted by code points, marked by what people see: a flag or a family emoji
            // that does not fit is over as a whole.
            (count, overflow.map(|at| grapheme_start(text, at, tools)))
        }
        Platform::Bluesky => {
            let ends = if text.is_ascii() { ascii_grapheme_ends(text) } else { tools.grapheme_ends(text) };
            // Two limits, either of which stops the post: the part over the limit starts at
            // the first grapheme past 300 or the first one that ends past 3,000 bytes.
            let by_graphemes = (ends.len() > limit).then(|| if limit == 0 { 0 } else { ends[limit - 1] });
            let by_bytes = (text.len() > MAX_BLUESKY_BYTES).then(|| ends.iter().take_while(|end| **end <= MAX_BLUESKY_BYTES).last().copied().unwrap_or(0));
            if by_bytes.is_some() {
                warnings.push(Warning::Bytes { found: text.len(), max: MAX_BLUESKY_BYTES });
            }
            let overflow = match (by_graphemes, by_bytes) {
                (Some(graphemes), Some(bytes)) => Some(graphemes.min(bytes)),
                (graphemes, bytes) => graphemes.or(bytes),
            };
            (ends.len(), overflow)
        }
    };
    warnings.extend(token_warnings(platform, text));
    PostCount { platform, count, limit, overflow_from, warnings }
}

/// More hashtags or links in `text` than `platform` takes, each a warning; the text is looked
/// through for tokens once, and only for a platform that limits them.
fn token_warnings(platform: Platform, text: &str) -> Vec<Warning> {
    let Facts { hashtags, links, .. } = *platform.facts();
    if hashtags.is_none() && links.is_none() {
        return Vec::new();
    }
    let found = tokens(text);
    let count = |kind: TokenKind| found.iter().filter(|token| token.kind == kind).count();
    let hashtags = hashtags.map(|max| (count(TokenKind::Hashtag), max)).filter(|(found, max)| found > max).map(|(found, max)| Warning::Hashtags { found, max });
    let links = links.map(|max| (count(TokenKind::Link), max)).filter(|(found, max)| found > max).map(|(found, max)| Warning::Links { found, max });
    hashtags.into_iter().chain(links).collect()
}

/// `text` counted for `platform` against its default limit, with the native text tools.
#[cfg(test)]
pub(super) fn counted(platform: Platform, text: &str) -> PostCount {
    count_post(platform, text, platform.default_limit(), &super::graphemes::Native)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::social::graphemes::Native;
    use crate::text::social::platform::limit_for;

    #[test]
    fn a_post_over_300_characters_is_over_on_x_and_bluesky_only() {
        // 300 graphemes is Bluesky's limit itself, so one more.
        let post = "a".repeat(301);
        let over: Vec<&str> = Platform::ALL.into_iter().filter(|platform| counted(*platform, &post).is_over()).map(Platform::id).collect();
        assert_eq!(over, vec!["x", "bluesky"]);
        let x = counted(Platform::X, &post);
        assert_eq!((x.count, x.over_by(), x.overflow_from), (301, 21, Some(280)));
        assert_eq!(counted(Platform::Bluesky, &post).overflow_from, Some(300));
        assert!(!counted(Platform::Bluesky, &post[..300]).is_over(), "exactly 300 fits");
    }

    #[test]
    fn bluesky_counts_graphemes_and_bytes() {
        let family = "👨‍👩‍👧‍👦";
        let cases = [(family, 1, 25), ("e\u{301}", 1, 3), ("東京", 2, 6), ("\u{200F}שלום", 5, 11), ("1⃣", 1, 4)];
        for (text, graphemes, bytes) in cases {
            assert_eq!((counted(Platform::Bluesky, text).count, text.len()), (graphemes, bytes), "{text}");
        }
        let heavy = family.repeat(150);
        let count = counted(Platform::Bluesky, &heavy);
        assert_eq!(count.count, 150);
        assert_eq!(count.warnings, vec![Warning::Bytes { found: 3_750, max: 3_000 }]);
        assert!(count.is_over(), "within 300 graphemes but over 3,000 bytes");
        for ascii in ["plain text", "two\r\nlines\n\rand \r\r\n\n\t\u{7f}\u{0} controls", "\r\n", "\r", ""] {
            assert_eq!(ascii_grapheme_ends(ascii), Native.grapheme_ends(ascii), "{ascii:?}");
        }
        let long = "é".repeat(301);
        assert_eq!(counted(Platform::Bluesky, &long).overflow_from, Some(600), "the 301st grapheme starts at byte 600");
    }

    #[test]
    fn linkedin_counts_reserved_characters_twice_and_instagram_and_threads_flag_tags_and_links() {
        assert_eq!(counted(Platform::LinkedIn, "a (b) #c @d").count, 15);
        let tags = "#one #two #three #four #five #six";
        assert_eq!(counted(Platform::Instagram, tags).warnings, vec![Warning::Hashtags { found: 6, max: 5 }]);
        assert!(counted(Platform::Instagram, "#one #two").warnings.is_empty());
        let links = "a.com b.com c.com d.com e.com f.com";
        assert_eq!(counted(Platform::Threads, links).warnings, vec![Warning::Links { found: 6, max: 5 }]);
        assert_eq!(counted(Platform::Facebook, "東京 😀").count, 4, "characters are code points");
    }

    #[test]
    fn threads_flags_a_second_hashtag_as_it_takes_one_topic() {
        // Bug: only Instagram's hashtags were counted, so a Threads post with two topics (it
        // takes one) showed no warning.
        assert!(counted(Platform::Threads, "Launch day #RevOps").warnings.is_empty(), "one topic is fine");
        assert_eq!(counted(Platform::Threads, "Launch day #RevOps #AI").warnings, vec![Warning::Hashtags { found: 2, max: 1 }]);
        let both = "#one #two a.com b.com c.com d.com e.com f.com";
        assert_eq!(counted(Platform::Threads, both).warnings, vec![Warning::Hashtags { found: 2, max: 1 }, Warning::Links { found: 6, max: 5 }]);
        for platform in [Platform::X, Platform::LinkedIn, Platform::Facebook] {
            assert!(counted(platform, &format!("{} {both}", "#tag ".repeat(10))).warnings.is_empty(), "{platform:?} limits neither");
        }
    }

    #[test]
    fn bluesky_flags_a_ninth_hashtag_as_it_takes_eight_tags() {
        // Bug: Bluesky's hashtags were not counted, so a post with nine tags showed no warning.
        let eight = "#a1 #b2 #c3 #d4 #e5 #f6 #g7 #h8";
        assert!(counted(Platform::Bluesky, eight).warnings.is_empty(), "eight tags are fine");
        assert_eq!(counted(Platform::Bluesky, &format!("{eight} #i9")).warnings, vec![Warning::Hashtags { found: 9, max: 8 }]);
        assert!(counted(Platform::Bluesky, "a.com b.com c.com d.com e.com f.com").warnings.is_empty(), "nor does it limit links");
    }

    #[test]
    fn a_bluesky_post_over_3000_bytes_is_over_and_marked_from_the_first_grapheme_past_them() {
        // Bug: over 3,000 bytes but within 300 graphemes, the post counted as over (the counter,
        // the "Approve anyway" form) but nothing in the preview was marked: no `overflow_from`.
        let family = "👨‍👩‍👧‍👦";
        let heavy = format!("a{}", family.repeat(150));
        let count = counted(Platform::Bluesky, &heavy);
        assert_eq!(count.count, 151);
        assert!(count.is_over());
        // 1 + 119 families of 25 bytes end at 2,976; the 120th would end at 3,001.
        assert_eq!(count.overflow_from, Some(1 + 119 * 25), "the family across the 3,000th byte is over as a whole");
        let bytes_first = format!("{}{}", family.repeat(119), "a".repeat(200));
        assert_eq!(counted(Platform::Bluesky, &bytes_first).overflow_from, Some(3_000), "past 3,000 bytes before 300 graphemes");
        let graphemes_first = format!("{}{}", "a".repeat(301), family.repeat(120));
        assert_eq!(counted(Platform::Bluesky, &graphemes_first).overflow_from, Some(300), "past 300 graphemes before 3,000 bytes");
        let exactly = "a".repeat(3_000);
        let limits = vec![("bluesky".to_string(), 5_000)];
        let fits = count_post(Platform::Bluesky, &exactly, limit_for(Platform::Bluesky, &limits), &Native);
        assert!(!fits.is_over() && fits.overflow_from.is_none(), "exactly 3,000 bytes fits");
        let over = count_post(Platform::Bluesky, &format!("{exactly}b"), 5_000, &Native);
        assert_eq!((over.is_over(), over.overflow_from), (true, Some(3_000)));
    }

    #[test]
    fn a_bluesky_post_over_only_its_bytes_stands_that_many_bytes_over() {
        // Bug: a Bluesky post within its 300 graphemes but over its 3,000 bytes showed
        // "Cannot be posted as it is" beside its counter, where a post over its graphemes says
        // by how many it is over.
        let family = "👨‍👩‍👧‍👦";
        // 151 graphemes, 3,751 bytes.
        let heavy = format!("a{}", family.repeat(150));
        assert_eq!(counted(Platform::Bluesky, &heavy).standing(), Standing::BytesOver(751));
        let fits = "a".repeat(3_000);
        let over_by_one = count_post(Platform::Bluesky, &format!("{fits}b"), 5_000, &Native);
        assert_eq!(over_by_one.standing(), Standing::BytesOver(1), "one byte over a raised grapheme limit");
        assert_eq!(count_post(Platform::Bluesky, &fits, 5_000, &Native).standing(), Standing::Left(2_000));
        // Over its graphemes, it says by how many graphemes, over its bytes as well or not.
        assert_eq!(counted(Platform::Bluesky, &"a".repeat(301)).standing(), Standing::Over(1));
        assert_eq!(counted(Platform::Bluesky, &"a".repeat(3_001)).standing(), Standing::Over(2_701));
        assert_eq!(counted(Platform::X, "ok\u{FFFF}").standing(), Standing::Refused, "a character X refuses has no count to give");
        assert_eq!(counted(Platform::Bluesky, "hello").standing(), Standing::Left(295));
        assert_eq!(counted(Platform::Bluesky, &"a".repeat(300)).standing(), Standing::Left(0));
    }

    #[test]
    fn x_counts_by_weight_and_marks_where_the_overflow_starts() {
        let post = format!("{} https://example.com/a/very/long/path", "東".repeat(130));
        let count = counted(Platform::X, &post);
        assert_eq!(count.count, 130 * 2 + 1 + 23);
        assert_eq!(count.overflow_from, post.find("https"), "the space still fits; the URL does not");
        assert_eq!(counted(Platform::X, "ok\u{FFFF}").warnings, vec![Warning::InvalidCharacter]);
    }

    #[test]
    fn the_part_over_a_limit_starts_where_a_character_people_see_as_one_starts() {
        // Bug: on the platforms that count code points, the mark over the part beyond the limit
        // started at the first code point that did not fit, so a family emoji across Threads'
        // 500th showed as a man in the text and a woman and two children in the mark.
        let post = format!("{}👨‍👩‍👧‍👦 end", "a".repeat(498));
        let threads = counted(Platform::Threads, &post);
        assert_eq!((threads.count, threads.overflow_from), (509, Some(498)));
        let linkedin = format!("{}🇺🇸", "a".repeat(2_999));
        assert_eq!(counted(Platform::LinkedIn, &linkedin).overflow_from, Some(2_999), "the whole flag is over");
        assert_eq!(counted(Platform::Facebook, &"a".repeat(63_207)).overflow_from, Some(63_206));
    }
}
