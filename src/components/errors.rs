//! The invalid items, each with its problem, so a host can fix its pipeline.


use super::dom::El;
use crate::state::ReviewContext;

/// Lists items that failed validation; empty when all were valid.
pub fn invalid_items(state: ReviewContext) -> El {
    El::new("div").children_with(move || {
        let errors = state.errors.get();
        if errors.is_empty() {
            return Vec::new();
        }
        let lang = state.lang.get_untracked();
        let heading = lang.count(lang.messages.invalid_heading(), errors.len());
        let list = El::new("ul").children(errors.iter().map(|error| El::new("li").attr_of("data-index", &error.index.to_string()).text_of(&error.message)));
        vec![El::new("section").attr("part", "errors").class("cs-errors").attr("role", "alert").attr("aria-label", lang.messages.invalid_label()).child(El::new("h2").text_of(&heading)).child(list)]
    })
}
