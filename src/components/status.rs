//! The delivery status line (`part="status"`) with Undo for a held decision and Retry for a
//! failed one, plus the polite live region that announces decisions.

use leptos::prelude::*;

use crate::actions::use_actions;
use crate::state::{use_review, SendState};

/// Where the decided results stand.
#[component]
pub fn DeliveryStatus() -> impl IntoView {
    let state = use_review();
    let actions = use_actions();
    let summary = move || {
        state.outbox.with(|outbox| {
            let held = outbox.iter().filter(|outgoing| outgoing.state == SendState::Held).count();
            let sending = outbox.iter().filter(|outgoing| outgoing.state == SendState::Sending).count();
            let failed: Vec<String> = outbox
                .iter()
                .filter_map(|outgoing| match &outgoing.state {
                    SendState::Failed { message, .. } => Some(message.clone()),
                    _ => None,
                })
                .collect();
            let mut parts = Vec::new();
            if held > 0 {
                parts.push(if held == 1 { "1 decision waiting to send".to_string() } else { format!("{held} decisions waiting to send") });
            }
            if sending > 0 {
                parts.push(format!("sending {sending}"));
            }
            if let Some(last) = failed.last() {
                parts.push(format!("{} not delivered: {last}", failed.len()));
            }
            if parts.is_empty() { "All decisions delivered.".to_string() } else { parts.join(" · ") }
        })
    };
    let state_name = move || {
        state.outbox.with(|outbox| {
            if outbox.iter().any(|outgoing| matches!(outgoing.state, SendState::Failed { .. })) {
                "failed"
            } else if outbox.is_empty() {
                "idle"
            } else {
                "pending"
            }
        })
    };
    let has_held = move || state.outbox.with(|outbox| outbox.iter().any(|outgoing| outgoing.state == SendState::Held));
    let has_failed = move || state_name() == "failed";
    view! {
        <footer class="cs-footer">
            <p part="status" class="cs-status" data-state=state_name>{summary}</p>
            <Show when=has_held>
                <button type="button" part="undo" class="cs-button" on:click=move |_| if let Some(actions) = actions { actions.undo() }>"Undo"</button>
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
