//! The rationale's points in headless Chromium: supported only while their quote is in the
//! draft, a hovered or pinned point's quote marked (in an email and in a social post), the
//! mark following the typing once it pauses, and a disagreement with its note delivered.
#![cfg(target_arch = "wasm32")]

// This file needs only some of the shared helpers.
#[allow(dead_code)]
mod support;

use support::items::{ITEMS, SIX_PLATFORM_POST};
use support::mounted::{mount, Mounted};
use support::{pause, settle, type_into};

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn points_are_marked_supported_only_when_their_quote_is_in_the_draft() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let supported: Vec<String> = widget.parts("point").iter().map(|point| point.get_attribute("data-supported").unwrap()).collect();
    assert_eq!(supported, vec!["true", "false"]);
    assert_eq!(widget.text(".cs-quote"), "“expanding into two regions”", "the quote between English quotation marks, as text");
    type_into(&widget.part("body").unwrap(), "Hi Sam, we are expanding into three new regions.");
    settle().await;
    let supported = || widget.parts("point").iter().map(|point| point.get_attribute("data-supported").unwrap()).collect::<Vec<String>>();
    assert_eq!(supported(), vec!["true", "false"], "not looked for again while the typing goes on");
    pause(300).await;
    assert_eq!(supported(), vec!["false", "true"], "support follows the edited text once the typing pauses");
}

#[wasm_bindgen_test]
async fn hovering_a_point_marks_its_quote_in_the_draft_and_a_disagreement_is_delivered() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point = widget.parts("point")[0].clone();
    point.dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    let mark = || widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    point.dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    settle().await;
    assert!(mark().is_none());
    // Focus on a point's control marks that point's quote; focus leaving the widget clears it.
    let agree: HtmlElement = widget.parts("point")[1].query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    agree.focus().unwrap();
    settle().await;
    assert_eq!(mark(), None, "point 2's quote is not in the draft, so nothing is marked");
    let first_agree: HtmlElement = point.query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    first_agree.focus().unwrap();
    settle().await;
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    first_agree.blur().unwrap();
    settle().await;
    assert!(mark().is_none());
    let disagree: HtmlElement = widget.parts("point")[1].query_selector("button:nth-of-type(2)").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(disagree.text_content().as_deref(), Some("Disagree"));
    let note_of = |widget: &Mounted| widget.parts("point")[1].query_selector(".cs-verdict-note").unwrap();
    assert!(note_of(&widget).is_none(), "no note field before the point is judged");
    disagree.click();
    settle().await;
    assert_eq!(disagree.get_attribute("aria-pressed").as_deref(), Some("true"));
    type_into(&note_of(&widget).unwrap(), "We never said three");
    let note: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    note.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    // Agreeing instead keeps the field and its note; taking the verdict back removes both.
    let agree: HtmlElement = widget.parts("point")[1].query_selector("button").unwrap().unwrap().dyn_into().unwrap();
    agree.click();
    settle().await;
    let kept: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    assert_eq!(kept.value(), "We never said three");
    agree.click();
    settle().await;
    assert!(note_of(&widget).is_none(), "a verdict taken back takes its note field with it");
    disagree.click();
    settle().await;
    let fresh: HtmlInputElement = note_of(&widget).unwrap().dyn_into().unwrap();
    assert_eq!(fresh.value(), "", "the note went with the verdict");
    type_into(&fresh, "We never said three");
    fresh.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    widget.click("[part~='approve']");
    settle().await;
    let decisions = widget.events_named("countersign:decision");
    assert_eq!(decisions[0]["points"], serde_json::json!([{ "index": 1, "verdict": "disagree", "note": "We never said three" }]));
}

#[wasm_bindgen_test]
async fn a_clicked_point_keeps_its_quote_marked_and_clicking_the_mark_focuses_the_point() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point: HtmlElement = widget.parts("point")[0].clone().dyn_into().unwrap();
    point.click();
    point.dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    settle().await;
    let mark = widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark.as_deref(), Some("expanding into two regions"), "the pinned quote stays marked");
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    let inside = body.value().find("two regions").unwrap() as u32;
    body.focus().unwrap();
    body.set_selection_range(inside, inside).unwrap();
    body.click();
    settle().await;
    let focused = widget.root.active_element().and_then(|element| element.get_attribute("part"));
    assert_eq!(focused.as_deref(), Some("point"), "clicking the marked words focuses their point");
    body.focus().unwrap();
    body.set_selection_range(0, 0).unwrap();
    body.click();
    settle().await;
    assert_eq!(widget.root.active_element().and_then(|element| element.get_attribute("part")).as_deref(), Some("body"), "a click elsewhere edits as usual");
}

#[wasm_bindgen_test]
async fn a_source_without_a_label_is_named_by_its_link_and_one_with_neither_shows_nothing() {
    // Bug: a source given only as a URL was an empty link, which no one could see or follow.
    let points = r#"[{"text":"Linked","source":{"url":"https://example.com/crm/1"}},{"text":"Named","source":{"label":"CRM note"}},
        {"text":"Both","source":{"label":"Call","url":"https://example.com/call"}},{"text":"Neither","source":{}},{"text":"Unsafe","source":{"url":"javascript:alert(1)"}}]"#;
    let widget = mount(&format!(r#"[{{"id":"s","kind":"email","draft":{{"subject":"s","body":"b"}},"rationale":{{"points":{points}}}}}]"#), &[]);
    settle().await;
    let shown: Vec<Option<(String, String, Option<String>)>> = widget
        .parts("point")
        .iter()
        .map(|point| point.query_selector(".cs-source").unwrap().map(|source| (source.tag_name(), source.text_content().unwrap_or_default(), source.get_attribute("href"))))
        .collect();
    let link = |text: &str, href: &str| Some(("A".to_string(), text.to_string(), Some(href.to_string())));
    assert_eq!(shown, vec![link("https://example.com/crm/1", "https://example.com/crm/1"), Some(("SPAN".to_string(), "CRM note".to_string(), None)), link("Call", "https://example.com/call"), None, None]);
}

#[wasm_bindgen_test]
async fn a_marked_quote_far_down_a_long_draft_is_scrolled_into_view_and_the_field_keeps_its_size() {
    // Bug: the mark's layer, holding the whole text, set the editor's height: hovering a point
    // grew the field to the whole draft's height (and shrank it on leaving), so the page jumped
    // on every hover; kept to the field's size, a quote below its fold would be marked out of
    // sight, so it is scrolled into view.
    let lines: Vec<String> = (1..=80).map(|line| format!("Line {line} of the draft.")).collect();
    let item = serde_json::json!([{"id": "far", "kind": "email", "draft": {"subject": "s", "body": lines.join("\n")},
        "rationale": {"points": [{"text": "Near the end", "quote": "Line 75 of the draft."}, {"text": "At the top", "quote": "Line 1 of the draft."}]}}]);
    let widget = mount(&item.to_string(), &[]);
    settle().await;
    let body: HtmlTextAreaElement = widget.part("body").unwrap().dyn_into().unwrap();
    let height = body.client_height();
    assert!(body.scroll_height() > 2 * height, "the draft is taller than its field");
    let points = widget.parts("point");
    points[0].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    assert_eq!(body.client_height(), height, "marking a quote leaves the field its size");
    let mark = widget.root.query_selector(".cs-highlight mark").unwrap().expect("the quote is marked");
    let (field, marked) = (body.get_bounding_client_rect(), mark.get_bounding_client_rect());
    assert!(marked.top() >= field.top() && marked.bottom() <= field.bottom(), "the mark is within the field: {} to {} in {} to {}", marked.top(), marked.bottom(), field.top(), field.bottom());
    let layer = widget.root.query_selector(".cs-highlight").unwrap().unwrap();
    assert_eq!(layer.scroll_top(), body.scroll_top(), "the layer scrolled with the field");
    // A quote already in view moves nothing; the one at the top is scrolled back to.
    let far = body.scroll_top();
    assert!(far > 0);
    points[0].dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    points[1].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    assert_eq!(body.scroll_top(), 0, "the top quote scrolled back into view");
    // A pinned quote marked again after a typing pause does not pull the field back to it.
    let pinned: HtmlElement = points[1].clone().dyn_into().unwrap();
    pinned.click();
    points[1].dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    settle().await;
    body.focus().unwrap();
    body.set_scroll_top(far);
    type_into(&body.clone().dyn_into().unwrap(), &format!("{}\nP.S.", lines.join("\n")));
    pause(400).await;
    assert_eq!(widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content()).as_deref(), Some("Line 1 of the draft."), "marked again once the typing pauses");
    assert!(body.scroll_top() > 0, "the field stays where the person is writing");
}

#[wasm_bindgen_test]
async fn typing_empties_the_quote_mark_until_the_typing_pauses_then_marks_the_edited_text() {
    let widget = mount(ITEMS, &[]);
    settle().await;
    let point: HtmlElement = widget.parts("point")[0].clone().dyn_into().unwrap();
    point.click();
    settle().await;
    let layer = || widget.root.query_selector(".cs-highlight").unwrap().unwrap();
    let mark = || layer().query_selector("mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("expanding into two regions"));
    let body = widget.part("body").unwrap();
    body.clone().dyn_into::<HtmlElement>().unwrap().focus().unwrap();
    type_into(&body, "Sam, we are now expanding into two regions.");
    settle().await;
    assert_eq!(layer().child_nodes().length(), 0, "no mark over text that moved while the typing goes on");
    pause(80).await;
    type_into(&body, "Sam, we are now expanding into two regions!");
    settle().await;
    pause(80).await;
    assert_eq!(layer().child_nodes().length(), 0, "a keystroke before the pause waits again");
    pause(250).await;
    assert_eq!(mark().as_deref(), Some("expanding into two regions"), "marked again once the typing pauses");
    assert_eq!(layer().text_content().as_deref(), Some("Sam, we are now expanding into two regions!"), "over the text as edited");
}

#[wasm_bindgen_test]
async fn a_social_posts_quote_is_marked_in_the_text_being_edited() {
    let post = SIX_PLATFORM_POST.replace(r#""context":"#, r#""rationale":{"points":[{"text":"Names the launch","quote":"launch day"},{"text":"X text","quote":"Short for X"}]},"context":"#);
    let widget = mount(&post, &[]);
    settle().await;
    let points = widget.parts("point");
    points[0].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    let mark = || widget.root.query_selector(".cs-highlight mark").unwrap().and_then(|mark| mark.text_content());
    assert_eq!(mark().as_deref(), Some("Launch day"), "found in the shared text, case aside");
    points[0].dispatch_event(&web_sys::Event::new("mouseleave").unwrap()).unwrap();
    widget.click(".cs-tab[data-platform='x']");
    points[1].dispatch_event(&web_sys::Event::new("mouseenter").unwrap()).unwrap();
    settle().await;
    assert_eq!(mark().as_deref(), Some("Short for X"), "on X's tab, the X text is marked");
    assert_eq!(points[1].get_attribute("data-supported").as_deref(), Some("true"), "a quote in a platform's own text supports its point");
}
