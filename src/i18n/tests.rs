use std::collections::BTreeSet;

use super::*;

/// The `{names}` a message fills in, across all its forms.
fn placeholders(message: &str) -> BTreeSet<String> {
    message.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string())).collect()
}

#[test]
fn the_locale_attribute_wins_then_the_page_lang_then_english() {
    assert_eq!(resolve(Some("de"), Some("fr")).code, "de");
    assert_eq!(resolve(None, Some("fr-CA")).code, "fr");
    assert_eq!(resolve(Some(""), Some("ja")).code, "ja", "an empty attribute is no choice");
    assert_eq!(resolve(Some("not a tag!"), Some("es")).code, "es", "an unusable tag is skipped");
    assert_eq!(resolve(None, None).code, "en");
    assert_eq!(resolve(Some("<script>"), None).tag, "en", "nothing malformed reaches Intl");
}

#[test]
fn a_tag_the_formatter_refuses_is_skipped_like_an_unusable_one() {
    let intl = |tag: &str| tag != "en-x";
    assert_eq!(resolve_with(Some("en-x"), Some("de"), &intl).code, "de");
    assert_eq!(resolve_with(Some("en_x"), None, &intl).tag, "en", "checked after `_` is read as `-`");
    assert_eq!(resolve_with(Some("fr"), None, &intl).code, "fr");
}

#[test]
fn a_regional_tag_keeps_its_region_for_intl_and_uses_its_language_s_messages() {
    let lang = resolve(Some("de-AT"), None);
    assert_eq!((lang.tag.as_str(), lang.code), ("de-AT", "de"));
    assert_eq!(resolve(Some("en_GB"), None).tag, "en-GB");
    assert_eq!(resolve(Some("JA-jp"), None).code, "ja");
}

#[test]
fn a_language_without_messages_speaks_english_in_its_own_direction() {
    for tag in ["ar", "he-IL", "fa", "ur-PK"] {
        let lang = resolve(Some(tag), None);
        assert_eq!(lang.code, "en", "{tag}");
        assert!(lang.rtl, "{tag} is written right to left");
        assert_eq!(lang.tag, tag);
    }
    assert!(!resolve(Some("pt-BR"), None).rtl);
    assert!(!resolve(Some("de"), None).rtl);
}

#[test]
fn plural_forms_follow_each_language_s_rule() {
    let message = "{n} decision|{n} decisions";
    let pick = |code: &str, n: u64| resolve(Some(code), None).plural(message, n);
    assert_eq!([pick("en", 0), pick("en", 1), pick("en", 2)], ["{n} decisions", "{n} decision", "{n} decisions"]);
    assert_eq!([pick("fr", 0), pick("fr", 1), pick("fr", 2)], ["{n} decision", "{n} decision", "{n} decisions"], "French: 0 and 1 are singular");
    assert_eq!(pick("ja", 1), "{n} decisions", "Japanese has one form; the last is used");
    assert_eq!(resolve(Some("ja"), None).plural("{n} 件", 1), "{n} 件", "a message without forms is the same for every count");
    assert_eq!(pick("de", 1), "{n} decision");
}

#[test]
fn fill_replaces_known_names_and_leaves_the_rest() {
    assert_eq!(fill("{n} of {total}", &[("n", "3"), ("total", "12")]), "3 of 12");
    assert_eq!(fill("{missing} and {", &[("n", "1")]), "{missing} and {");
    assert_eq!(fill("「{title}」", &[("title", "{n}")]), "「{n}」", "a value is never expanded again");
    assert_eq!(fill("no names", &[]), "no names");
}

#[test]
fn language_tags_are_checked_for_their_shape() {
    for good in ["en", "de-AT", "zh-Hant-TW", "sr-Latn", "es-419", "tlh"] {
        assert!(is_language_tag(good), "{good}");
    }
    for bad in ["", "e", "en-", "-en", "en--US", "1en", "en US", "en-toolongsubtag", "ü"] {
        assert!(!is_language_tag(bad), "{bad:?}");
    }
}

#[test]
fn every_locale_fills_in_the_same_names_as_english_in_every_form() {
    let english = en::MESSAGES.entries();
    for (code, messages) in LOCALES {
        let entries = messages.entries();
        assert_eq!(entries.len(), english.len());
        for ((key, text), (_, source)) in entries.iter().zip(&english) {
            assert!(!text.trim().is_empty(), "{code}.{key} is empty");
            assert!(text.split('|').count() <= 2, "{code}.{key} has more than two plural forms");
            for form in text.split('|') {
                assert_eq!(placeholders(form), placeholders(source.split('|').next().unwrap_or_default()), "{code}.{key}: {form:?} fills in other names than English");
            }
        }
    }
}

/// Messages that may read the same as in English: key names, punctuation around names, and
/// words the language shares with English.
const SAME_AS_ENGLISH: [(&str, &str); 10] = [
    ("de", "announce_decided"),
    ("de", "key_move_lead"),
    ("es", "key_move_lead"),
    ("fr", "key_move_lead"),
    ("ja", "key_move_lead"),
    ("ja", "key_command_enter"),
    ("ja", "percent"),
    ("fr", "kind_message"),
    ("fr", "score"),
    ("fr", "lead_position"),
];

#[test]
fn no_message_of_a_translated_locale_is_left_in_english() {
    let english = en::MESSAGES.entries();
    for (code, messages) in LOCALES.into_iter().skip(1) {
        for ((key, text), (_, source)) in messages.entries().iter().zip(&english) {
            if SAME_AS_ENGLISH.contains(&(code, key)) {
                continue;
            }
            assert_ne!(text, source, "{code}.{key} is still English");
        }
    }
}

#[test]
fn the_allowed_exceptions_are_still_the_same_as_english() {
    // An exception that no longer applies should be taken off the list.
    let english = en::MESSAGES.entries();
    for (code, key) in SAME_AS_ENGLISH {
        let messages = LOCALES.iter().find(|(locale, _)| *locale == code).map(|(_, messages)| messages.entries()).unwrap_or_default();
        let text = messages.iter().find(|(name, _)| *name == key).map(|(_, text)| *text);
        let source = english.iter().find(|(name, _)| *name == key).map(|(_, text)| *text);
        assert_eq!(text, source, "{code}.{key} differs from English now; drop it from SAME_AS_ENGLISH");
    }
}

#[test]
fn every_locale_ships_joined_and_splits_back_into_its_messages() {
    for (at, (code, messages)) in LOCALES.iter().enumerate() {
        assert_eq!(JOINED[at].0, *code);
        assert_eq!(messages_at(at).map(Messages::entries), Some(messages.entries()), "{code}");
        assert_eq!(JOINED[at].1.matches(char::from(messages::SEPARATOR)).count(), messages::MESSAGE_COUNT, "{code}");
    }
    assert_eq!(resolve(Some("ja"), None).messages.approve(), ja::MESSAGES.approve);
}

#[test]
fn every_locale_file_is_a_whole_locale_that_splits_into_its_messages() {
    let files = locale_files();
    assert_eq!(files.iter().map(|(code, _)| *code).collect::<Vec<_>>(), ["de", "es", "fr", "ja"], "English is compiled in, never a file");
    for (code, text) in files {
        assert!(is_whole_locale(text), "{code}");
        let compiled = LOCALES.iter().find(|(known, _)| *known == code).map(|(_, messages)| messages.entries());
        assert_eq!(Some(Messages::from_joined(text).entries()), compiled, "{code}");
        assert!(load(code, text.to_string()), "{code}: a whole file is taken");
    }
}

#[test]
fn only_a_whole_locale_of_a_known_language_is_loaded() {
    let german = locale_files().into_iter().find(|(code, _)| *code == "de").map(|(_, text)| text).unwrap_or_default();
    assert!(!load("xx", german.to_string()), "no such locale");
    assert!(!is_whole_locale("<!doctype html><p>Not found</p>"), "an error page served in its place");
    assert!(!is_whole_locale(&german[..german.len() - 1]), "cut short by one byte");
    assert!(!is_whole_locale(&german.replacen('\u{1f}', "", 1)), "one message fewer");
    assert!(!is_whole_locale(&format!("{german}extra")), "text after the last message");
}

#[test]
fn small_whole_numbers_skip_intl_only_where_intl_writes_plain_digits() {
    for tag in ["en", "de-DE", "fr-CA", "ja", "ES-mx", "en-x-private"] {
        assert!(writes_plain_digits(tag), "{tag}");
    }
    // Arabic and Hindi have digits of their own; a `-u-nu-` extension asks for another system.
    for tag in ["ar-EG", "hi", "en-u-nu-arab", "de-U-nu-thai", "", "english"] {
        assert!(!writes_plain_digits(tag), "{tag}");
    }
}
