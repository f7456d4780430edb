//! The delivery status line (`part="status"`) with Undo for a held decision and Retry for a
//! failed one, plus the polite live region that announces decisions.

use leptos::prelude::*;

use crate::actions::use_actions;
use crate::state::{use_review, OutboxStore, Outgoing, SendState};

/// The status line's words for the outbox: what waits, what is retried, what needs the person.
fn describe(outbox: &[Outgoing]) -> String {
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
        parts.push(if held == 1 { "1 decision waiting to send".to_string() } else { format!("{held} decisions waiting to send") });
    }
    let sending = count(|state| *state == SendState::Sending);
    if sending > 0 {
        parts.push(format!("sending {sending}"));
    }
    let retrying: fn(&SendState) -> bool = |state| matches!(state, SendState::Retrying { .. });
    if let Some(message) = last_message(retrying) {
        parts.push(format!("{} will be retried ({message})", count(retrying)));
    }
    let conflict: fn(&SendState) -> bool = |state| matches!(state, SendState::Conflict { .. });
    if let Some(message) = last_message(conflict) {
        parts.push(format!("{} changed on the server and must be decided again ({message})", count(conflict)));
    }
    let failed: fn(&SendState) -> bool = |state| matches!(state, SendState::Failed { .. });
    if let Some(message) = last_message(failed) {
        parts.push(format!("{} not delivered: {message}", count(failed)));
    }
    if parts.is_empty() { "All decisions delivered.".to_string() } else { parts.join(" · ") }
}

/// Where the decided results stand.
#[component]
pub fn DeliveryStatus() -> impl IntoView {
    let state = use_review();
    let actions = use_actions();
    let summary = move || {
        let text = state.outbox.with(|outbox| describe(outbox));
        let waiting = state.outbox.with(|outbox| outbox.iter().any(|entry| !entry.state.is_superseded()));
        let offline = waiting && web_sys::window().is_some_and(|window| !window.navigator().on_line());
        let text = if offline { format!("{text} — offline") } else { text };
        match state.store.get() {
            OutboxStore::LocalStorage if waiting => format!("{text} (saved in localStorage: IndexedDB is unavailable)"),
            OutboxStore::Memory if waiting => format!("{text} (kept in this page's memory only: the browser refused storage)"),
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
    let has_held = move || state.outbox.with(|outbox| outbox.iter().any(|outgoing| outgoing.state == SendState::Held));
    let has_failed = move || matches!(state_name(), "failed" | "retrying");
    view! {
        <footer class="cs-footer">
            <p part="status" class="cs-status" data-state=state_name>{summary}</p>
            <Show when=has_held>
                <button type="button" part="undo" class="cs-button" on:click=move |_| if let Some(actions) = actions { actions.undo() }>"Undo"</button>
            </Show>
            <Show when=move || state_name() == "failed">
                <button type="button" class="cs-button" on:click=move |_| if let Some(actions) = actions { actions.copy_failed() }>"Copy JSON"</button>
            </Show>
            <Show when=has_failed>
                <button type="button" class="cs-button" on:click=move |_| if let Some(actions) = actions {
                    leptos::task::spawn_local(async move { actions.retry_failed().await })
                }>"Retry"</button>
            </Show>
            <p class="cs-visually-hidden" role="status" aria-live="polite">{move || state.announcement.get()}</p>
        </footer>
    }
}
