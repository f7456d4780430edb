//! The platform counters: any post counts on every platform without a panic, and where a
//! post is over its limit, the part beyond it starts on a character boundary inside the text.
#![no_main]

use countersign::text::social::count::count_post;
use countersign::text::social::graphemes::TextTools;
use countersign::text::social::platform::Platform;
use libfuzzer_sys::fuzz_target;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// What the browser does for the widget (String.normalize, Intl.Segmenter), natively.
struct Native;

impl TextTools for Native {
    fn nfc(&self, text: &str) -> String {
        text.nfc().collect()
    }

    fn grapheme_ends(&self, text: &str) -> Vec<usize> {
        text.grapheme_indices(true).map(|(offset, grapheme)| offset + grapheme.len()).collect()
    }
}

fuzz_target!(|data: (u16, &str)| {
    let (limit, text) = data;
    for platform in Platform::ALL {
        let limit = usize::from(limit % 4_000);
        let counted = count_post(platform, text, limit, &Native);
        assert_eq!(counted.overflow_from.is_some(), counted.count > limit, "{platform:?}: {} of {limit}", counted.count);
        assert!(counted.count <= limit || counted.is_over(), "{platform:?}: over the limit but not over");
        if let Some(from) = counted.overflow_from {
            assert!(from <= text.len() && text.is_char_boundary(from), "{platform:?}: the overflow starts at {from} of {}", text.len());
        }
    }
});
