//! Every case of twitter-text's `WeightedTweetsCounterTest` (v2 weights),
//! `WeightedTweetsWithDiscountedEmojiCounterTest` and `UnicodeDirectionalMarkerCounterTest`
//! (v3), read from `tests/fixtures/twitter-text/validate.yml`.

use unicode_normalization::UnicodeNormalization;
use yaml_rust2::YamlLoader;

use super::x::{count, XConfig, XCount};

fn cases(section: &str) -> Vec<(String, String, XCount)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/twitter-text/validate.yml");
    let text = std::fs::read_to_string(path).expect("the twitter-text fixture is in tests/fixtures");
    let documents = YamlLoader::load_from_str(&text).expect("validate.yml is YAML");
    let list = documents[0]["tests"][section].as_vec().cloned().unwrap_or_default();
    list.iter()
        .map(|case| {
            let expected = &case["expected"];
            let number = |key: &str| expected[key].as_i64().unwrap_or(-1) as usize;
            assert_eq!((number("displayRangeStart"), number("validRangeStart")), (0, 0));
            let count = XCount {
                weighted_length: number("weightedLength"),
                valid: expected["valid"].as_bool().unwrap_or_default(),
                permillage: number("permillage"),
                valid_range_end: number("validRangeEnd"),
                display_range_end: number("displayRangeEnd"),
            };
            (case["description"].as_str().unwrap_or_default().to_string(), case["text"].as_str().unwrap_or_default().to_string(), count)
        })
        .collect()
}

/// Runs every case of `section`; returns how many passed, listing each failure.
fn run(section: &str, config: &XConfig) -> usize {
    let cases = cases(section);
    assert!(!cases.is_empty(), "{section} has cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(description, text, expected)| {
            let normalized: String = text.nfc().collect();
            let got = count(text, &normalized, config);
            (got != *expected).then(|| format!("{description}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{section}: {} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
    println!("{section}: all {} cases pass", cases.len());
    cases.len()
}

#[test]
fn every_weighted_tweets_counter_case_passes() {
    assert_eq!(run("WeightedTweetsCounterTest", &XConfig::v2()), 20);
}

#[test]
fn every_weighted_tweets_with_discounted_emoji_case_passes() {
    assert_eq!(run("WeightedTweetsWithDiscountedEmojiCounterTest", &XConfig::v3()), 22);
}

#[test]
fn every_unicode_directional_marker_case_passes() {
    assert_eq!(run("UnicodeDirectionalMarkerCounterTest", &XConfig::v3()), 2);
}
