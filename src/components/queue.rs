//! The queue bar: previous, "3 of 12", next, and the item's title and kind.

use leptos::prelude::*;

use super::dom::El;
use crate::actions::Actions;
use crate::state::ReviewContext;

/// Navigation through the queue.
pub fn queue_nav(state: ReviewContext, actions: Option<Actions>) -> El {
    let step = move |forward: bool| {
        let current = state.current.get_untracked();
        let target = if forward { current + 1 } else { current.saturating_sub(1) };
        if let Some(actions) = actions {
            actions.go_to(target);
        }
    };
    let count = move || state.entries.with(Vec::len);
    El::new("nav")
        .attr("part", "queue")
        .class("cs-queue")
        .attr("aria-label", "Review queue")
        .child(El::new("button").attr("type", "button").class("cs-nav").attr("aria-label", "Previous item").text("‹").flag_with("disabled", move || state.current.get() == 0).on("click", move |_| step(false)))
        .child(El::new("span").attr("part", "queue-position").class("cs-position").attr("aria-live", "polite").text_with(move || format!("{} of {}", state.current.get() + 1, count())))
        .child(El::new("button").attr("type", "button").class("cs-nav").attr("aria-label", "Next item").text("›").flag_with("disabled", move || state.current.get() + 1 >= count()).on("click", move |_| step(true)))
        .child(El::new("h2").class("cs-title").text_with(move || state.current_entry().map(|entry| entry.item.title.clone().unwrap_or_else(|| entry.item.id.clone())).unwrap_or_default()))
        .child(El::new("span").class("cs-kind").text_with(move || state.current_entry().map(|entry| entry.item.kind.as_str().replace('_', " ")).unwrap_or_default()))
        .child(El::new("span").class("cs-waiting").text_with(move || {
            let open = state.open_count();
            if open == 1 { "1 waiting".to_string() } else { format!("{open} waiting") }
        }))
}
