//! The invalid items, each with its problem, so a host can fix its pipeline.

use leptos::prelude::*;

use crate::state::use_review;

/// Lists items that failed validation; renders nothing when all were valid.
#[component]
pub fn InvalidItems() -> impl IntoView {
    let state = use_review();
    move || {
        let errors = state.errors.get();
        (!errors.is_empty()).then(|| {
            let heading = if errors.len() == 1 { "1 item could not be shown".to_string() } else { format!("{} items could not be shown", errors.len()) };
            view! {
                <section part="errors" class="cs-errors" role="alert" aria-label="Invalid items">
                    <h2>{heading}</h2>
                    <ul>
                        {errors.into_iter().map(|error| view! { <li data-index=error.index>{error.message}</li> }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
