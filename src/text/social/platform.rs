//! The six platforms, their limits (one table; `config.platformLimits` overrides any of them),
//! how each counts a post, and where its feed folds it. Facts: `../shared/platforms.md`.

use super::tokens::{tokens, TokenKind};
use super::x::{self, XConfig};

/// A social network a post can go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Platform {
    /// X (Twitter).
    X,
    /// LinkedIn.
    LinkedIn,
    /// Facebook.
    Facebook,
    /// Instagram.
    Instagram,
    /// Threads.
    Threads,
    /// Bluesky.
    Bluesky,
}

/// What the browser (or, in tests, a Unicode crate) does for the counters: NFC normalisation
/// and grapheme clusters, which would cost the widget large Unicode tables if done in Rust.
pub trait TextTools {
    /// `text` in Unicode normalisation form C.
    fn nfc(&self, text: &str) -> String;
    /// The byte offset where each grapheme cluster of `text` ends, in order.
    fn grapheme_ends(&self, text: &str) -> Vec<usize>;
}

/// One row of the limits table.
struct Facts {
    id: &'static str,
    name: &'static str,
    limit: usize,
    /// Characters the feed shows before "… see more".
    fold: Option<usize>,
    /// The most hashtags it takes, where it limits them.
    hashtags: Option<usize>,
    /// The most links it takes, where it limits them.
    links: Option<usize>,
}

const FACTS: [Facts; 6] = [
    Facts { id: "x", name: "X", limit: 280, fold: None, hashtags: None, links: None },
    Facts { id: "linkedin", name: "LinkedIn", limit: 3_000, fold: Some(210), hashtags: None, links: None },
    Facts { id: "facebook", name: "Facebook", limit: 63_206, fold: Some(480), hashtags: None, links: None },
    Facts { id: "instagram", name: "Instagram", limit: 2_200, fold: Some(125), hashtags: Some(MAX_INSTAGRAM_HASHTAGS), links: None },
    Facts { id: "threads", name: "Threads", limit: 500, fold: None, hashtags: Some(MAX_THREADS_HASHTAGS), links: Some(MAX_THREADS_LINKS) },
    Facts { id: "bluesky", name: "Bluesky", limit: 300, fold: None, hashtags: Some(MAX_BLUESKY_HASHTAGS), links: None },
];

/// Instagram flags more hashtags than this.
pub const MAX_INSTAGRAM_HASHTAGS: usize = 5;
/// Threads flags more hashtags than this: a post has one topic.
pub const MAX_THREADS_HASHTAGS: usize = 1;
/// Threads flags more links than this.
pub const MAX_THREADS_LINKS: usize = 5;
/// Bluesky flags more hashtags than this (its tags).
pub const MAX_BLUESKY_HASHTAGS: usize = 8;
/// Bluesky's second limit, in UTF-8 bytes.
pub const MAX_BLUESKY_BYTES: usize = 3_000;
/// LinkedIn's little-text-format characters, which the API receives backslash-escaped.
const LINKEDIN_RESERVED: &str = "\\|{}@[]()<>#*_~";

impl Platform {
    /// Every platform, in the contract's order.
    pub const ALL: [Platform; 6] = [Platform::X, Platform::LinkedIn, Platform::Facebook, Platform::Instagram, Platform::Threads, Platform::Bluesky];

    fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// The wire name, as in `"platforms": ["x"]`.
    pub fn id(self) -> &'static str {
        self.facts().id
    }

    /// The platform named `id`, if any.
    pub fn parse(id: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|platform| platform.id() == id)
    }

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The name people know the platform `id` by, or `id` itself for one that is not known.
    pub fn name_of(id: &str) -> String {
        Platform::parse(id).map_or_else(|| id.to_string(), |platform| platform.name().to_string())
    }

    /// Its limit unless the host overrides it.
    pub fn default_limit(self) -> usize {
        self.facts().limit
    }

    /// Characters its feed shows before folding the rest behind "see more".
    pub fn fold(self) -> Option<usize> {
        self.facts().fold
    }
}

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

/// The grapheme ends of ASCII `text` without asking the browser (whose segmenter answers one
/// object per grapheme, milliseconds for a long post): every character is one grapheme
/// except CR LF, which is one together.
fn ascii_grapheme_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (1..=bytes.len()).filter(|end| !(bytes[end - 1] == b'\r' && bytes.get(*end) == Some(&b'\n'))).collect()
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

/// The byte offset where `platform`'s feed folds `text` behind "see more", if it does: after
/// the platform's number of characters (moved back to the start of the grapheme cluster the
/// cut falls in, as a feed never shows half a flag or a family emoji), or LinkedIn's third line.
pub fn fold_at(platform: Platform, text: &str, tools: &dyn TextTools) -> Option<usize> {
    let by_length = platform.fold().and_then(|shown| text.char_indices().nth(shown).map(|(offset, _)| grapheme_start(text, offset, tools)));
    let by_lines = (platform == Platform::LinkedIn).then(|| text.match_indices('\n').nth(2).map(|(offset, _)| offset)).flatten();
    match (by_length, by_lines) {
        (Some(length), Some(lines)) => Some(length.min(lines)),
        (length, lines) => length.or(lines),
    }
}

/// The start of the grapheme cluster that the character at byte `at` of `text` belongs to.
/// Whether a grapheme boundary falls before a character depends only on the text before it and
/// the character itself, and one falls before every space and line feed (but for the rare
/// prepended marks and CR LF, which a cut there leaves as harmless), so only the text from the
/// last of them up to that character is segmented: a post may be long, and the browser's
/// segmenter answers one object per grapheme. Nor further back than [`GRAPHEME_WINDOW`]
/// bytes, for text without spaces (Japanese, Chinese): a cluster is far shorter (a family
/// emoji is 25 bytes), so only a run of dozens of flags could be paired off by one there.
fn grapheme_start(text: &str, at: usize, tools: &dyn TextTools) -> usize {
    let through = text[at..].chars().next().map_or(text.len(), |character| at + character.len_utf8());
    let mut window_start = at.saturating_sub(GRAPHEME_WINDOW);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let from = text[..at].rfind([' ', '\n']).unwrap_or(0).max(window_start);
    let window = &text[from..through];
    let ends = if window.is_ascii() { ascii_grapheme_ends(window) } else { tools.grapheme_ends(window) };
    ends.into_iter().map(|end| from + end).take_while(|end| *end <= at).last().unwrap_or(from)
}

/// How far back [`grapheme_start`] looks for the cluster a cut falls in, in bytes.
const GRAPHEME_WINDOW: usize = 256;

/// The limit for `platform`: the host's override (`config.platformLimits`) or the default.
pub fn limit_for(platform: Platform, overrides: &[(String, usize)]) -> usize {
    overrides.iter().find(|(id, _)| id == platform.id()).map_or(platform.default_limit(), |(_, limit)| *limit)
}

/// The platforms a post goes to once `platform` is ticked (`on`) or unticked, in the order the
/// item lists them (`listed`): unticking a platform and ticking it again gives the post back as
/// it was, not reordered (which the result would call an edit).
pub fn retick(listed: &[String], ticked: &[String], platform: &str, on: bool) -> Vec<String> {
    listed.iter().filter(|candidate| if *candidate == platform { on } else { ticked.contains(candidate) }).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;
    use unicode_segmentation::UnicodeSegmentation;

    struct Native;

    impl TextTools for Native {
        fn nfc(&self, text: &str) -> String {
            text.nfc().collect()
        }

        fn grapheme_ends(&self, text: &str) -> Vec<usize> {
            text.grapheme_indices(true).map(|(offset, grapheme)| offset + grapheme.len()).collect()
        }
    }

    fn counted(platform: Platform, text: &str) -> PostCount {
        count_post(platform, text, platform.default_limit(), &Native)
    }

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
    fn x_counts_by_weight_and_marks_where_the_overflow_starts() {
        let post = format!("{} https://example.com/a/very/long/path", "東".repeat(130));
        let count = counted(Platform::X, &post);
        assert_eq!(count.count, 130 * 2 + 1 + 23);
        assert_eq!(count.overflow_from, post.find("https"), "the space still fits; the URL does not");
        assert_eq!(counted(Platform::X, "ok\u{FFFF}").warnings, vec![Warning::InvalidCharacter]);
    }

    #[test]
    fn hosts_override_limits_per_platform() {
        let overrides = vec![("x".to_string(), 25_000)];
        assert_eq!(limit_for(Platform::X, &overrides), 25_000);
        assert_eq!(limit_for(Platform::Threads, &overrides), 500);
        let long = "a".repeat(1_000);
        assert!(!count_post(Platform::X, &long, 25_000, &Native).is_over());
    }

    #[test]
    fn ticking_a_platform_back_keeps_the_items_order() {
        // Bug: ticking kept the platforms in the widget's own order (x first), so unticking X
        // on a post to ["linkedin", "x"] and ticking it again moved X's preview first and
        // the result said "edited" with nothing changed.
        let ids = |list: &[&str]| list.iter().map(|id| id.to_string()).collect::<Vec<String>>();
        let listed = ids(&["linkedin", "x", "bluesky"]);
        let without_x = retick(&listed, &listed, "x", false);
        assert_eq!(without_x, ids(&["linkedin", "bluesky"]));
        assert_eq!(retick(&listed, &without_x, "x", true), listed);
        assert_eq!(retick(&listed, &ids(&["bluesky"]), "linkedin", true), ids(&["linkedin", "bluesky"]));
    }

    #[test]
    fn a_fold_never_cuts_what_people_see_as_one_character() {
        // Bug: the fold fell after 125 code points whatever they made up, so an Instagram caption
        // with a family emoji across the 125th showed a lone man (the family's first code point
        // and its joiner) before "… more", and a flag there showed half of itself.
        let family = format!("{}👨‍👩‍👧‍👦 and the rest of the caption", "a".repeat(123));
        assert_eq!(fold_at(Platform::Instagram, &family, &Native), Some(123), "folded before the family");
        let flag = format!("{}🇺🇸 and the rest of the caption", "a".repeat(124));
        assert_eq!(fold_at(Platform::Instagram, &flag, &Native), Some(124), "folded before the flag");
        let accent = format!("{}e\u{301}{}", "a".repeat(209), "b".repeat(10));
        assert_eq!(fold_at(Platform::LinkedIn, &accent, &Native), Some(209), "folded before the accented e");
        let flags = format!("{}a 🇩🇪🇺🇸 and the rest", "ab ".repeat(40));
        assert_eq!(fold_at(Platform::Instagram, &flags, &Native), Some(130), "folded before the second flag of two");
        let whole = format!("{}🇺🇸 and the rest", "a".repeat(123));
        assert_eq!(fold_at(Platform::Instagram, &whole, &Native), Some(131), "a flag before the fold stays whole");
    }

    #[test]
    fn a_cut_in_text_without_spaces_still_keeps_a_cluster_whole() {
        // Japanese has no spaces, so the cluster a cut falls in is looked for within the last
        // few hundred bytes (`GRAPHEME_WINDOW`) rather than from the start of the post.
        let post = format!("{}👨‍👩‍👧‍👦 end", "あ".repeat(2_000));
        assert_eq!(fold_at(Platform::Instagram, &post, &Native), Some(125 * 3));
        let threads = counted(Platform::Threads, &format!("{}👨‍👩‍👧‍👦", "あ".repeat(498)));
        assert_eq!(threads.overflow_from, Some(498 * 3), "the family is over as a whole");
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

    #[test]
    fn feeds_fold_where_each_platform_does() {
        let long = "x".repeat(600);
        assert_eq!(fold_at(Platform::Instagram, &long, &Native), Some(125));
        assert_eq!(fold_at(Platform::Facebook, &long, &Native), Some(480));
        assert_eq!(fold_at(Platform::LinkedIn, "one\ntwo\nthree\nfour", &Native), Some(13), "LinkedIn folds after three lines");
        assert_eq!(fold_at(Platform::X, &long, &Native), None);
        assert_eq!(fold_at(Platform::Instagram, "short", &Native), None);
        assert_eq!(Platform::parse("linkedin"), Some(Platform::LinkedIn));
    }
}
