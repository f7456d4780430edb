//! The root: invalid items, the queue, the draft beside its rationale, the decision bar and
//! the delivery status. Also tracks the person's attention for `active_ms`.

use wasm_bindgen::JsCast;

use super::decision::decision_bar;
use super::dom::{after_render, El};
use super::draft::draft_view;
use super::focus::keep_focus;
use super::keys::{help_overlay, Shortcuts};
use super::errors::invalid_items;
use super::queue::queue_nav;
use super::rationale::rationale_panel;
use super::status::delivery_status;
use crate::actions::{now_ms, use_actions, Actions};
use crate::element::{is_attentive, is_visible};
use crate::runtime::*;
use crate::state::{use_review, ReviewContext};

/// The whole review widget: a `<section part="review">` to append where it should show, alive
/// as long as the current reactive owner.
pub fn review() -> El {
    let state = use_review();
    let actions = use_actions();
    let on_attention = move || state.attention_changed(is_attentive(), now_ms());
    // Back online, or back on the page: what waits for a retry goes now.
    let resend = move || {
        if let Some(actions) = actions {
            actions.reload_waiting_items();
            actions.resend_waiting();
        }
    };
    if let Some(window) = web_sys::window() {
        listen(&window, "focus", Box::new(move |_| on_attention()));
        listen(&window, "blur", Box::new(move |_| on_attention()));
        listen(&window, "online", Box::new(move |_| resend()));
        if let Some(document) = window.document() {
            listen(
                &document,
                "visibilitychange",
                Box::new(move |_| {
                    on_attention();
                    if is_visible() {
                        resend();
                    }
                }),
            );
        }
    }

    let shortcuts = Shortcuts { state, actions, help_open: Value::new(false), return_focus: Stored::new(None) };
    let section = El::new("section")
        .attr("part", "review")
        .class("cs-review")
        .attr("tabindex", "-1")
        .attr_with("aria-label", move || Some(state.messages().review_label().to_string()))
        .attr_with("lang", move || state.lang.with(|lang| Some(if lang.tag.to_ascii_lowercase().starts_with(lang.code) { lang.tag.clone() } else { lang.code.to_string() })))
        // An explicit left-to-right locale sets `dir="ltr"`; without one the widget follows
        // the host's direction.
        .attr_with("dir", move || if state.lang.with(|lang| lang.rtl) { Some("rtl".into()) } else { state.config.with(|config| config.locale.is_some()).then(|| "ltr".into()) })
        .attr_with("data-theme", move || Some(state.config.with(|config| config.theme.as_str().to_string())))
        // Hidden while its language's messages load, rather than shown in English first.
        .flag_with("hidden", move || state.lang.with(|lang| lang.wanted.is_some()))
        .on("keydown", move |event| {
            if let (Some(root), Some(event)) = (event.current_target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()), event.dyn_ref::<web_sys::KeyboardEvent>()) {
                shortcuts.on_keydown(&root, event);
            }
        });
    let host: web_sys::HtmlElement = section.node().clone().unchecked_into();
    keep_focus(&host);
    // Everything is rebuilt in the new language when it changes (it is only set when it
    // does); the person's work lives in the state, not in the DOM, and survives.
    El::from_node(host.clone().into()).children_with(move || {
        state.lang.with(|_| ());
        untrack(|| parts(state, actions, shortcuts, &host))
    })
}

/// The widget's parts, in the current language.
fn parts(state: ReviewContext, actions: Option<Actions>, shortcuts: Shortcuts, host: &web_sys::HtmlElement) -> Vec<El> {
    {
        let m = state.messages();
        let notice = El::new("div").children_with(move || state.notice.with(|notices| notices.lines().map(|text| El::new("p").class("cs-notice").attr("role", "alert").text_of(text)).collect()));
        // None, one or several items: the bar is rebuilt when that changes, not on every item.
        let size = Memo::new(move |_| Some(state.entries.with(Vec::len).min(2)).filter(|&size| size > 0));
        // The empty line stays, hidden while there are items: hiding it costs a laid-out
        // widget less than taking it out when the first items arrive.
        let empty = El::new("p")
            .class("cs-empty")
            .flag_with("hidden", move || size.get().is_some())
            .text_with(move || if state.loading.get() { m.loading() } else { m.nothing_to_review() }.to_string());
        let queue = El::new("div").children_with(move || size.get().map(|size| untrack(|| queue_nav(state, actions, size > 1))).into_iter().collect());
        // Rebuilt whenever another entry comes on screen (a new batch makes new entries, even
        // for the same item), so each gets fresh DOM and state (forms, focus, bindings); the
        // entry's own signals keep the person's work.
        let shown_key = Memo::new(move |_| state.current_entry().map(|entry| std::sync::Arc::as_ptr(&entry.item) as usize));
        let root = host.clone();
        let main = El::new("div").children_with(move || {
            shown_key.get();
            let Some(entry) = untrack(|| state.current_entry()) else { return Vec::new() };
            // After a decision the next item's draft gets focus. Focus the view change takes
            // away otherwise (j/k, the queue buttons) goes to the widget (`focus.rs`).
            if state.focus_next_draft.get_value() {
                let root = root.clone();
                after_render(move || {
                    if let Some(draft) = root.query_selector("[part~='body'], [part~='lead']").ok().flatten().and_then(|draft| draft.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = draft.focus();
                    }
                });
            }
            vec![El::new("div").class("cs-main").child(El::new("div").class("cs-draft-column").child(draft_view(&entry)).child(decision_bar(&entry))).child(rationale_panel(&entry))]
        });
        vec![invalid_items(state), notice, empty, queue, main, delivery_status(state, actions), help_overlay(shortcuts)]
    }
}
