//! The root: invalid items, the queue, the draft beside its rationale, the decision bar and
//! the delivery status. Also tracks the person's attention for `active_ms`.

use leptos::ev;
use leptos::prelude::*;

use leptos::html::Section;

use super::decision::decision_bar;
use super::dom::El;
use super::draft::draft_view;
use super::errors::invalid_items;
use super::queue::queue_nav;
use super::rationale::rationale_panel;
use super::status::delivery_status;
use crate::actions::{now_ms, use_actions};
use crate::element::{is_attentive, is_visible};
use crate::state::use_review;

/// Clicks the Approve button of the widget the key event happened in.
fn press_approve(event: &ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let button = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|root| root.query_selector("[part~='approve']").ok().flatten())
        .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        button.click();
    }
}

/// Whether the key went to a field the person types in.
fn typing_in(event: &ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()).is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || element.closest("[contenteditable]").ok().flatten().is_some()
    })
}

/// The whole review widget.
#[component]
pub fn Review() -> impl IntoView {
    let state = use_review();
    let actions = use_actions();
    let on_attention = move || state.attention_changed(is_attentive(), now_ms());
    // Back online, or back on the page: what waits for a retry goes now.
    let resend = move || {
        if let Some(actions) = actions {
            actions.resend_waiting();
        }
    };
    let handles = [
        window_event_listener(ev::focus, move |_| on_attention()),
        window_event_listener(ev::blur, move |_| on_attention()),
        window_event_listener(ev::visibilitychange, move |_| {
            on_attention();
            if is_visible() {
                resend();
            }
        }),
        window_event_listener(ev::online, move |_| resend()),
    ];
    on_cleanup(move || handles.into_iter().for_each(|handle| handle.remove()));

    // Ctrl+Enter / ⌘+Enter approves from anywhere in the widget, the editor included.
    // `u` outside a text field takes back the latest decision still in its undo window.
    let on_keydown = move |event: ev::KeyboardEvent| {
        let Some(actions) = actions else { return };
        let plain = !(event.ctrl_key() || event.meta_key() || event.alt_key());
        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
            event.prevent_default();
            // Exactly what the Approve button does, so a policy's reason form opens too.
            press_approve(&event);
        } else if event.key() == "u" && plain && !typing_in(&event) {
            event.prevent_default();
            actions.undo();
        }
    };
    let host = NodeRef::<Section>::new();
    host.on_load(move |host| {
        let notice = El::new("div").children_with(move || state.notice.get().map(|text| El::new("p").class("cs-notice").attr("role", "alert").text(&text)).into_iter().collect());
        let queue = El::new("div").children_with(move || {
            if state.entries.with(|entries| !entries.is_empty()) {
                vec![queue_nav(state, actions)]
            } else {
                vec![El::new("p").class("cs-empty").text_with(move || if state.loading.get() { "Loading items…" } else { "Nothing to review." }.to_string())]
            }
        });
        // Rebuilt whenever another entry comes on screen (a new batch makes new entries, even
        // for the same item), so each gets fresh DOM and state (forms, focus, bindings); the
        // entry's own signals keep the person's work.
        let shown_key = Memo::new(move |_| state.current_entry().map(|entry| std::sync::Arc::as_ptr(&entry.item) as usize));
        let main = El::new("div").children_with(move || {
            shown_key.get();
            let Some(entry) = untrack(|| state.current_entry()) else { return Vec::new() };
            vec![El::new("div").class("cs-main").child(El::new("div").class("cs-draft-column").child(draft_view(&entry)).child(decision_bar(&entry))).child(rationale_panel(&entry))]
        });
        for part in [invalid_items(state), notice, queue, main, delivery_status(state, actions)] {
            let _ = host.append_child(part.node());
        }
    });
    let theme = move || state.config.with(|config| config.theme.as_str());
    view! {
        <section part="review" class="cs-review" data-theme=theme aria-label="Countersign review" on:keydown=on_keydown node_ref=host></section>
    }
}
