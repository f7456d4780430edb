//! The delivery status line (`part="status"`) with Undo for a held decision and Retry for a
//! failed one, plus the polite live region that announces decisions.


use super::dom::El;
use crate::actions::Actions;
use crate::i18n::{fill, Lang};
use crate::state::{OutboxStore, Outgoing, ReviewContext, SendState};
use crate::text::join::joined;

/// The status line's words for the outbox: what waits, what is retried, what needs the person;
/// nothing when nothing does.
fn describe(lang: &Lang, outbox: &[Outgoing]) -> String {
    let m = lang.messages;
    let count = |pick: fn(&SendState) -> bool| outbox.iter().filter(|outgoing| pick(&outgoing.state)).count();
    let last_message = |pick: fn(&SendState) -> bool| {
        outbox.iter().rev().find(|outgoing| pick(&outgoing.state)).map(|outgoing| match &outgoing.state {
            SendState::Retrying { message, .. } | SendState::Conflict { message } | SendState::Failed { message, .. } => message.clone(),
            _ => String::new(),
        })
    };
    let mut parts = Vec::new();
    let held = count(|state| *state == SendState::Held);
    if held > 0 {
        parts.push(lang.count(m.status_held(), held));
    }
    let sending = count(|state| *state == SendState::Sending);
    if sending > 0 {
        parts.push(lang.count(m.status_sending(), sending));
    }
    let retrying: fn(&SendState) -> bool = |state| matches!(state, SendState::Retrying { .. });
    let conflict: fn(&SendState) -> bool = |state| matches!(state, SendState::Conflict { .. });
    let failed: fn(&SendState) -> bool = |state| matches!(state, SendState::Failed { .. });
    for (pick, template) in [(retrying, m.status_retrying()), (conflict, m.status_conflict()), (failed, m.status_failed())] {
        if let Some(message) = last_message(pick) {
            parts.push(fill(&lang.count(template, count(pick)), &[("message", &message)]));
        }
    }
    if parts.is_empty() { String::new() } else { joined(&parts, " · ") }
}

/// Where the decided results stand, with Undo, Copy JSON and Retry when they apply, and the
/// polite live region.
pub fn delivery_status(state: ReviewContext, actions: Option<Actions>) -> El {
    let lang = state.lang.get_untracked();
    let m = lang.messages;
    let summary = move || {
        let text = state.outbox.with(|outbox| describe(&lang, outbox));
        // Nothing waiting: "all delivered" once something was, else nothing to say.
        let text = if !text.is_empty() { text } else if state.delivered.get() { m.status_all_delivered().to_string() } else { return text };
        let waiting = state.outbox.with(|outbox| outbox.iter().any(|entry| !entry.state.is_superseded()));
        let offline = waiting && web_sys::window().is_some_and(|window| !window.navigator().on_line());
        let text = if offline { fill(m.status_offline(), &[("text", &text)]) } else { text };
        match state.store.get() {
            OutboxStore::LocalStorage if waiting => fill(m.status_local_storage(), &[("text", &text)]),
            OutboxStore::Memory if waiting => fill(m.status_memory(), &[("text", &text)]),
            _ => text,
        }
    };
    let state_name = move || {
        state.outbox.with(|outbox| {
            let any = |pick: fn(&SendState) -> bool| outbox.iter().any(|outgoing| pick(&outgoing.state));
            if any(|state| matches!(state, SendState::Failed { .. })) {
                "failed"
            } else if any(|state| matches!(state, SendState::Conflict { .. })) {
                "conflict"
            } else if any(|state| matches!(state, SendState::Retrying { .. })) {
                "retrying"
            } else if outbox.iter().all(|entry| entry.state.is_superseded()) {
                "idle"
            } else {
                "pending"
            }
        })
    };
    let buttons = El::new("span").class("cs-status-actions").children_with(move || {
        let Some(actions) = actions else { return Vec::new() };
        let name = state_name();
        let held = state.outbox.with(|outbox| outbox.iter().any(|outgoing| outgoing.state == SendState::Held));
        let button = |label: &'static str| El::new("button").class("cs-button").text(label);
        let mut shown = Vec::new();
        if held {
            shown.push(button(m.undo()).attr("part", "undo").on("click", move |_| actions.undo()));
        }
        if name == "failed" {
            shown.push(button(m.copy_json()).on("click", move |_| actions.copy_failed()));
        }
        if matches!(name, "failed" | "retrying") {
            shown.push(button(m.retry()).on("click", move |_| crate::runtime::spawn_local(async move { actions.retry_failed().await })));
        }
        shown
    });
    El::new("footer")
        .class("cs-footer")
        .child(El::new("p").attr("part", "status").class("cs-status").attr_with("data-state", move || Some(state_name().to_string())).text_with(summary))
        .child(buttons)
        .child(El::new("p").class("cs-visually-hidden").attr("role", "status").attr("aria-live", "polite").text_with(move || state.announcement.get()))
}
