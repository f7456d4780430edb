//! Social posts' previews and counters in headless Chromium: six previews and the X variant,
//! counters that follow the typing once the browser is idle, an approval over a limit, the
//! ticked platforms in the result, a fold and a mark that never split an emoji, limits from
//! config, and the browser's grapheme clusters.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::SIX_PLATFORM_POST;
use support::mounted::{mount, Mounted};
use support::{idle, settle, type_into};

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The counters as (platform, count, limit, over).
fn counters(widget: &Mounted) -> Vec<(String, String, String, String)> {
    widget
        .parts("counter")
        .iter()
        .map(|counter| {
            let data = |name: &str| counter.get_attribute(name).unwrap_or_default();
            (data("data-platform"), data("data-count"), data("data-limit"), data("data-over"))
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_six_platform_post_shows_six_previews_with_counters_and_the_x_variant() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    let previews: Vec<String> = widget.parts("preview").iter().map(|preview| preview.get_attribute("data-platform").unwrap_or_default()).collect();
    assert_eq!(previews, vec!["x", "linkedin", "facebook", "instagram", "threads", "bluesky"]);
    let shared = "Launch day at #Acme: see acme.com/launch @friends";
    let found = counters(&widget);
    assert_eq!(found[0], ("x".into(), "11".into(), "280".into(), "false".into()), "X counts its own variant");
    // LinkedIn: 49 characters, and # and @ cost 2 there.
    assert_eq!(found[1], ("linkedin".into(), (shared.chars().count() + 2).to_string(), "3000".into(), "false".into()));
    assert_eq!(found[5], ("bluesky".into(), shared.chars().count().to_string(), "300".into(), "false".into()));
    let x_text = widget.root.query_selector("[part~='preview'][data-platform='x'] .cs-preview-text").unwrap().unwrap().text_content().unwrap_or_default();
    assert_eq!(x_text, "Short for X");
    let linkedin = widget.root.query_selector("[part~='preview'][data-platform='linkedin']").unwrap().unwrap();
    assert_eq!(linkedin.query_selector(".cs-tag").unwrap().and_then(|tag| tag.text_content()).as_deref(), Some("#Acme"));
    assert_eq!(linkedin.query_selector(".cs-link").unwrap().and_then(|link| link.text_content()).as_deref(), Some("acme.com/launch"));
    assert!(linkedin.text_content().unwrap_or_default().contains("Acme Corp"), "the account's name is shown");
    let warning = widget.root.query_selector("[data-warning='alt']").unwrap().and_then(|warning| warning.text_content());
    assert_eq!(warning.as_deref(), Some("1 image has no alt text."));
}

#[wasm_bindgen_test]
async fn typing_updates_the_counters_and_a_301_character_post_is_over_on_x_and_bluesky_only() {
    let widget = mount(&SIX_PLATFORM_POST.replace(r#""variants":{"x":{"body":"Short for X"}},"#, ""), &[]);
    settle().await;
    type_into(&widget.part("body").unwrap(), &"a".repeat(301));
    let counted = |widget: &Mounted| counters(widget).into_iter().map(|(_, count, ..)| count).collect::<Vec<_>>();
    assert!(!counted(&widget).contains(&"301".to_string()), "the keystroke itself counts nothing: the counters follow once the browser is idle");
    idle().await;
    assert_eq!(counted(&widget), vec!["301"; 6]);
    let over: Vec<String> = counters(&widget).into_iter().filter(|(_, _, _, over)| over == "true").map(|(platform, ..)| platform).collect();
    assert_eq!(over, vec!["x", "bluesky"]);
    let x_over = widget.root.query_selector("[part~='preview'][data-platform='x'] mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(x_over.map(|text| text.len()), Some(21), "the 21 characters past 280 are marked in the X preview");
}

#[wasm_bindgen_test]
async fn approving_over_a_limit_asks_for_an_override_with_a_reason() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    type_into(&widget.part("body").unwrap(), &"b".repeat(600));
    settle().await;
    widget.click("[part~='approve']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "no silent approve over a limit");
    let note = widget.text("[data-override='limits']");
    assert!(note.contains("Bluesky") && note.contains("Threads"), "{note}");
    widget.click("[data-confirm='approved']");
    settle().await;
    assert!(widget.events_named("countersign:decision").is_empty(), "an override needs a reason");
    type_into(&widget.root.query_selector("#cs-comment").unwrap().unwrap(), "Threads and Bluesky get the link card only");
    widget.click("[data-confirm='approved']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["reasons"], serde_json::json!(["over_limit"]));
    assert_eq!(decisions[0]["comment"], "Threads and Bluesky get the link card only");
}

#[wasm_bindgen_test]
async fn the_result_carries_the_ticked_platforms_and_edited_variants() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    let untick = |platform: &str| {
        let checkbox: HtmlInputElement = widget.root.query_selector(&format!(".cs-platforms [data-platform='{platform}'] input")).unwrap().unwrap().dyn_into().unwrap();
        checkbox.click();
    };
    untick("facebook");
    untick("threads");
    widget.click(".cs-tab[data-platform='x']");
    settle().await;
    type_into(&widget.part("body").unwrap(), "Shorter for X");
    settle().await;
    assert_eq!(widget.parts("preview").len(), 4, "unticked platforms have no preview");
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["platforms"], serde_json::json!(["x", "linkedin", "instagram", "bluesky"]));
    assert_eq!(decisions[0]["final"]["variants"], serde_json::json!({ "x": { "body": "Shorter for X" } }));
    assert_eq!(decisions[0]["final"]["body"], "Launch day at #Acme: see acme.com/launch @friends");
    assert_eq!(decisions[0]["edited"], true);
}

#[wasm_bindgen_test]
async fn a_platform_unticked_and_ticked_again_leaves_the_post_as_it_was() {
    // Bug: ticking put the platforms in the widget's own order, so a post to LinkedIn and X
    // whose X was unticked and ticked again showed X's preview first and was delivered with
    // `platforms: ["x", "linkedin"]` and `edited: true`, nothing having changed.
    let widget = mount(r#"[{"id":"two","kind":"social_post","draft":{"body":"Our forum recap is up.","platforms":["linkedin","x"]}}]"#, &[]);
    settle().await;
    let x: HtmlInputElement = widget.root.query_selector(".cs-platforms [data-platform='x'] input").unwrap().unwrap().dyn_into().unwrap();
    x.click();
    settle().await;
    x.click();
    settle().await;
    let previews: Vec<String> = widget.parts("preview").iter().map(|preview| preview.get_attribute("data-platform").unwrap_or_default()).collect();
    assert_eq!(previews, vec!["linkedin", "x"]);
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0]["final"]["platforms"], serde_json::json!(["linkedin", "x"]));
    assert_eq!(decisions[0]["edited"], false);
}

#[wasm_bindgen_test]
async fn the_fold_and_the_mark_over_the_limit_never_split_an_emoji() {
    // Bug: Instagram's fold after 125 code points showed the family emoji across it as a lone
    // man, and Threads' mark over its 500th code point split it the same way.
    let family = "👨‍👩‍👧‍👦";
    let body = format!("{}{family}{}{family} end", "a".repeat(123), "b".repeat(367));
    let widget = mount(&format!(r#"[{{"id":"fold","kind":"social_post","draft":{{"body":"{body}","platforms":["instagram","threads"]}}}}]"#), &[]);
    settle().await;
    idle().await;
    let text = |platform: &str| widget.text(&format!("[part~='preview'][data-platform='{platform}'] .cs-preview-text"));
    assert_eq!(text("instagram"), "a".repeat(123), "folded before the family");
    let over = widget.text("[part~='preview'][data-platform='threads'] mark");
    assert_eq!(over, format!("{family} end"), "the whole second family is over");
}

#[wasm_bindgen_test]
async fn platform_limits_from_config_replace_the_defaults() {
    let widget = mount(SIX_PLATFORM_POST, &[]);
    settle().await;
    widget.configure(r#"{"platformLimits":{"x":10,"bluesky":1000}}"#);
    settle().await;
    let found = counters(&widget);
    assert_eq!(found[0], ("x".into(), "11".into(), "10".into(), "true".into()), "X's own text is now over a limit of 10");
    assert_eq!(found[5].2, "1000");
    widget.configure(r#"{"platformLimits":{"myspace":10}}"#);
    settle().await;
    assert_eq!(counters(&widget)[0].2, "10", "a refused value keeps the limits");
    let notice = widget.text(".cs-notice");
    assert!(notice.starts_with("platformLimits="), "{notice}");
}

#[wasm_bindgen_test]
fn the_browser_counts_graphemes_as_people_see_them() {
    use countersign::browser_text::BrowserText;
    use countersign::text::social::graphemes::TextTools;
    // "e" with a combining accent (3 bytes), a family joined by zero-width joiners (18 bytes),
    // "x": three graphemes.
    let text = "e\u{301}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}x";
    assert_eq!(BrowserText.grapheme_ends(text), vec![3, 21, 22]);
    assert_eq!(BrowserText.grapheme_ends(""), Vec::<usize>::new());
    assert_eq!(BrowserText.nfc("e\u{301}"), "\u{e9}");
}
