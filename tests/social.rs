//! Social posts in headless Chromium: the edit tabs of unticked platforms, an empty post
//! refused (before its limits), Bluesky's byte limit, a preview's "see more", a reason form
//! that the post outgrew offering "Approve anyway" itself.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::{idle, settle, type_into, Widget};

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const POST: &str = r#"[{"id":"post","kind":"social_post","title":"Launch",
    "draft":{"body":"Deal Signals is live.","platforms":["linkedin","x"],"variants":{"x":{"body":"Live now. #RevOps"}}}}]"#;

fn tick(widget: &Widget, platform: &str) {
    let checkbox: HtmlInputElement = widget.find(&format!(".cs-platforms [data-platform='{platform}'] input")).dyn_into().unwrap();
    checkbox.click();
}

fn editor(widget: &Widget) -> HtmlTextAreaElement {
    widget.find("[part~='body']").dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn an_unticked_platform_has_no_edit_tab_and_ticked_again_gets_its_text_back() {
    // Bug: unticking a platform left its edit tab; text typed there went into a variant the
    // result then dropped, so the person's edit vanished without a word.
    let widget = Widget::mount(POST, &[("undo-seconds", "0")]);
    settle().await;
    widget.find(".cs-tab[data-platform='x']").click();
    settle().await;
    assert_eq!(editor(&widget).value(), "Live now. #RevOps");
    tick(&widget, "x");
    settle().await;
    assert!(widget.find(".cs-tab[data-platform='x']").hidden(), "no tab for a platform the post does not go to");
    assert!(!widget.find(".cs-tab[data-platform='linkedin']").hidden());
    assert_eq!(editor(&widget).value(), "Deal Signals is live.", "the editor went back to the shared text");
    assert!(widget.text("label[for='cs-body']").starts_with("Shared text"), "{}", widget.text("label[for='cs-body']"));
    tick(&widget, "x");
    settle().await;
    let tab = widget.find(".cs-tab[data-platform='x']");
    assert!(!tab.hidden());
    tab.click();
    settle().await;
    assert_eq!(editor(&widget).value(), "Live now. #RevOps", "X's own text is back with it");
    let decision = widget.approve_one().await;
    assert_eq!(decision["final"]["variants"], serde_json::json!({ "x": { "body": "Live now. #RevOps" } }));
    assert_eq!(decision["edited"], false);
}

#[wasm_bindgen_test]
async fn a_post_with_no_text_for_a_ticked_platform_is_not_approved() {
    // Bug: emptying the shared text (or a platform's own) let the post be approved and
    // delivered with nothing to publish.
    // A second item brings "Select several".
    let items = POST.replace("}}]", r#"}},{"id":"next","kind":"message","draft":{"body":"Hi"}}]"#);
    let widget = Widget::mount(&items, &[("undo-seconds", "0")]);
    settle().await;
    type_into(&editor(&widget), "   ");
    settle().await;
    widget.find("[part~='approve']").click();
    settle().await;
    assert!(widget.decisions.borrow().is_empty(), "not approved");
    assert_eq!(widget.text(".cs-problem"), "The post is empty on LinkedIn: write its text or untick the platform.");
    // Nor in a batch, which says which post.
    widget.find(".cs-select-several").click();
    settle().await;
    widget.find("input[data-item-id='post']").click();
    widget.find("[data-batch='approved']").click();
    settle().await;
    assert!(widget.decisions.borrow().is_empty(), "the batch decides nothing");
    assert_eq!(widget.text(".cs-batch .cs-problem"), "Launch has no text for LinkedIn.");
    // Unticked, the empty platform goes nowhere, and the rest of the post goes out.
    tick(&widget, "linkedin");
    settle().await;
    let decision = widget.approve_one().await;
    assert_eq!(decision["final"]["platforms"], serde_json::json!(["x"]));
}

#[wasm_bindgen_test]
async fn a_post_both_empty_and_over_a_limit_is_refused_as_empty_not_offered_approve_anyway() {
    // Bug: Approve looked at the limits first, so a post blank on LinkedIn and over X's limit
    // opened "Approve anyway" (and a batch said it was over a limit); only once overridden,
    // with a reason, was it refused as empty.
    let items = POST.replace("Live now. #RevOps", &"a".repeat(300)).replace("}}]", r#"}},{"id":"next","kind":"message","draft":{"body":"Hi"}}]"#);
    let widget = Widget::mount(&items, &[("undo-seconds", "0")]);
    settle().await;
    type_into(&editor(&widget), "   ");
    settle().await;
    idle().await;
    assert_eq!(widget.find("[part~='counter'][data-platform='x']").get_attribute("data-over").as_deref(), Some("true"), "X's own text is over");
    widget.find("[part~='approve']").click();
    settle().await;
    assert!(widget.all("[data-override='limits']").is_empty(), "no \"Approve anyway\" for an empty post");
    assert_eq!(widget.text(".cs-decisions [role='alert']"), "The post is empty on LinkedIn: write its text or untick the platform.");
    assert!(widget.decisions.borrow().is_empty());
    widget.find(".cs-select-several").click();
    settle().await;
    widget.find("input[data-item-id='post']").click();
    widget.find("[data-batch='approved']").click();
    settle().await;
    assert_eq!(widget.text(".cs-batch .cs-problem"), "Launch has no text for LinkedIn.");
    // With text again, its limits come next.
    widget.find(".cs-select-several").click();
    settle().await;
    type_into(&editor(&widget), "Deal Signals is live.");
    settle().await;
    widget.find("[part~='approve']").click();
    settle().await;
    assert!(widget.text("[data-override='limits']").contains('X'), "{}", widget.text("[data-override='limits']"));
    assert!(widget.decisions.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn a_bluesky_post_over_3000_bytes_is_marked_over_the_limit_and_approving_it_asks_for_an_override() {
    // Bug: within 300 graphemes but over 3,000 bytes, Bluesky's counter said the post could
    // not go out, yet its preview marked nothing as over the limit.
    let family = "👨‍👩‍👧‍👦";
    // 151 graphemes, 3,751 bytes: the 120th family ends at byte 3,001.
    let body = format!("a{}", family.repeat(150));
    let items = format!(r#"[{{"id":"heavy","kind":"social_post","title":"Family day","draft":{{"body":"{body}","platforms":["bluesky"]}}}}]"#);
    let widget = Widget::mount(&items, &[("undo-seconds", "0")]);
    settle().await;
    idle().await;
    let counter = widget.find("[part~='counter'][data-platform='bluesky']");
    assert_eq!((counter.get_attribute("data-count").as_deref(), counter.get_attribute("data-over").as_deref()), (Some("151"), Some("true")));
    assert_eq!(widget.text("[data-platform='bluesky'] [data-warning='limit']"), "3,751 bytes; at most 3,000 are allowed");
    // Bug: the counter said only "Cannot be posted as it is", where a post over its graphemes
    // says by how many.
    assert_eq!(widget.text("[part~='preview'][data-platform='bluesky'] .cs-count-status"), "751 bytes over the limit", "by how many bytes");
    let marks = widget.all("[part~='preview'][data-platform='bluesky'] mark");
    let marked: String = marks.iter().filter_map(|mark| mark.text_content()).collect();
    assert_eq!(marked, family.repeat(31), "the families from the one across the 3,000th byte on are marked");
    widget.find("[part~='approve']").click();
    settle().await;
    assert!(widget.decisions.borrow().is_empty(), "no silent approve over Bluesky's bytes");
    assert!(widget.text("[data-override='limits']").contains("Bluesky"), "{}", widget.text("[data-override='limits']"));
}

#[wasm_bindgen_test]
async fn an_unfolded_preview_stays_unfolded_when_another_platform_is_ticked_or_unticked() {
    // Bug: ticking or unticking a platform built every preview again, and whether the person
    // had clicked "see more" went with them: an unfolded LinkedIn preview folded again.
    let body = format!("{}end", "word ".repeat(60));
    let items = format!(r#"[{{"id":"long","kind":"social_post","draft":{{"body":"{body}","platforms":["linkedin","instagram","x"]}}}}]"#);
    let widget = Widget::mount(&items, &[]);
    settle().await;
    let text = |platform: &str| widget.text(&format!("[part~='preview'][data-platform='{platform}'] .cs-preview-text"));
    let more = |platform: &str| widget.find(&format!("[part~='preview'][data-platform='{platform}'] .cs-see-more"));
    assert_eq!(text("linkedin").len(), 210, "folded at first");
    more("linkedin").click();
    settle().await;
    assert_eq!(text("linkedin"), body, "unfolded");
    assert!(more("linkedin").hidden());
    tick(&widget, "x");
    settle().await;
    assert_eq!(widget.all("[part~='preview']").len(), 2, "X's preview went");
    assert_eq!(text("linkedin"), body, "still unfolded with X unticked");
    assert!(more("linkedin").hidden(), "no \"see more\" over the whole text");
    assert_eq!(text("instagram").len(), 125, "Instagram's preview, never unfolded, is still folded");
    assert!(!more("instagram").hidden());
    tick(&widget, "x");
    settle().await;
    assert_eq!(text("linkedin"), body, "still unfolded with X ticked again");
}

#[wasm_bindgen_test]
async fn a_reason_form_for_a_post_gone_over_a_limit_offers_approve_anyway_itself() {
    // Bug: with a reason required to approve, Approve opened the reason form; a post over a
    // limit by the time the form was sent (X ticked while it was open) was only refused with
    // the over-limit message, and Approve sent the same form again: "Approve anyway" was
    // reached only by Cancel and Approve, and the reason given again.
    let body = "word ".repeat(60);
    let items = format!(
        r#"[{{"id":"post","kind":"social_post","title":"Launch","draft":{{"body":"{body}","platforms":["linkedin","x"]}},
        "policy":{{"reason_required_for":["approved"],"reason_codes":[{{"code":"checked","label":"Facts checked"}}]}}}}]"#
    );
    let widget = Widget::mount(&items, &[("undo-seconds", "0")]);
    settle().await;
    tick(&widget, "x");
    settle().await;
    widget.find("[part~='approve']").click();
    settle().await;
    assert!(widget.all("[data-override='limits']").is_empty(), "within LinkedIn's limit: the reason form");
    tick(&widget, "x");
    settle().await;
    let reason: HtmlInputElement = widget.find(".cs-form input[value='checked']").dyn_into().unwrap();
    reason.click();
    type_into(&widget.find("#cs-comment"), "X Premium account");
    settle().await;
    widget.find("[data-confirm='approved']").click();
    settle().await;
    assert!(widget.decisions.borrow().is_empty(), "never a silent approve over a limit");
    assert!(widget.text("[data-override='limits']").contains('X'), "{}", widget.text("[data-override='limits']"));
    assert_eq!(widget.text("[data-confirm='approved']"), "Approve anyway");
    assert_eq!(widget.text(".cs-decisions [role='alert']"), "Over the limit on X: shorten the post, untick the platform, or approve anyway with a reason.");
    assert!(reason.is_connected() && reason.checked(), "the same form, its reason still ticked");
    widget.find("[data-confirm='approved']").click();
    settle().await;
    let decisions = widget.decisions.borrow();
    assert_eq!(decisions.len(), 1, "the one form took the reason and the override");
    assert_eq!(decisions[0]["reasons"], serde_json::json!(["checked", "over_limit"]));
    assert_eq!(decisions[0]["comment"], "X Premium account");
    assert_eq!(decisions[0]["final"]["platforms"], serde_json::json!(["linkedin", "x"]));
}
