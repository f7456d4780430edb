//! The queue bar: previous, "3 of 12", next, and the item's title and kind.

use leptos::prelude::*;

use crate::actions::use_actions;
use crate::state::use_review;

/// Navigation through the queue.
#[component]
pub fn QueueNav() -> impl IntoView {
    let state = use_review();
    let actions = use_actions();
    let count = move || state.entries.with(Vec::len);
    let position = move || format!("{} of {}", state.current.get() + 1, count());
    let step = move |forward: bool| {
        let current = state.current.get_untracked();
        let target = if forward { current + 1 } else { current.saturating_sub(1) };
        if let Some(actions) = actions {
            actions.go_to(target);
        }
    };
    let title = move || state.current_entry().map(|entry| entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone())).unwrap_or_default();
    let kind = move || state.current_entry().map(|entry| entry.item.kind.as_str().replace('_', " ")).unwrap_or_default();
    let waiting = move || {
        let open = state.open_count();
        if open == 1 { "1 waiting".to_string() } else { format!("{open} waiting") }
    };
    view! {
        <nav part="queue" class="cs-queue" aria-label="Review queue">
            <button type="button" class="cs-nav" aria-label="Previous item" disabled=move || state.current.get() == 0 on:click=move |_| step(false)>"‹"</button>
            <span part="queue-position" class="cs-position" aria-live="polite">{position}</span>
            <button type="button" class="cs-nav" aria-label="Next item" disabled=move || { state.current.get() + 1 >= count() } on:click=move |_| step(true)>"›"</button>
            <h2 class="cs-title">{title}</h2>
            <span class="cs-kind">{kind}</span>
            <span class="cs-waiting">{waiting}</span>
        </nav>
    }
}
