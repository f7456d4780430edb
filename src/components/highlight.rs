//! The quote of the rationale point being hovered or focused, marked in the draft: a layer
//! behind the plain-text editor with the same text, transparent, and the quote in a `<mark>`.
//! The editor itself stays a plain `<textarea>`.

use leptos::prelude::*;

use crate::state::Entry;
use crate::text::quote::find_quote;

/// The highlight layer for `text`, to be placed just before its editor in a `.cs-editor`.
#[component]
pub fn QuoteHighlight(
    /// The entry on screen (its rationale's quotes and which point is highlighted).
    entry: Entry,
    /// The text the editor shows.
    text: ArcRwSignal<String>,
) -> impl IntoView {
    let quotes: Vec<Option<String>> = entry.item.rationale.as_ref().map(|rationale| rationale.points.iter().map(|point| point.quote.clone()).collect()).unwrap_or_default();
    let highlighted = entry.highlighted.clone();
    let parts = move || {
        let quote = quotes.get(highlighted.get()?)?.clone()?;
        text.with(|text| {
            let range = find_quote(text, &quote)?;
            Some((text[..range.start].to_string(), text[range.clone()].to_string(), text[range.end..].to_string()))
        })
    };
    view! {
        <div class="cs-highlight" aria-hidden="true">
            {move || parts().map(|(before, quote, after)| view! { {before}<mark>{quote}</mark>{after} })}
        </div>
    }
}
