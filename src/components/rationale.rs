//! The AI's rationale beside the draft: the summary, the confidence meter, the risk badge and
//! each point, marked supported only when its quote is in the draft as edited.

use leptos::prelude::*;

use super::markdown::Markdown;
use crate::text::markdown::is_safe_url;
use crate::text::quote::quote_is_in;
use crate::state::Entry;

/// The rationale of `entry`'s item.
#[component]
pub fn RationalePanel(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let rationale = entry.item.rationale.clone().unwrap_or_default();
    let summary = rationale.summary.clone().map(|source| view! { <Markdown source/> });
    let confidence = rationale.confidence.map(|confidence| {
        // Whole percent and hundredths as integers: formatting an f64 would ship core's
        // float printing (several KiB) for one attribute.
        let hundredths = (confidence * 100.0).round() as u32;
        let percent = format!("{hundredths}%");
        let value = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        view! {
            <div class="cs-confidence">
                <label for="cs-confidence">"Confidence"</label>
                <meter id="cs-confidence" min="0" max="1" low="0.5" high="0.8" optimum="1" value=value aria-valuetext=percent.clone()>{percent.clone()}</meter>
                <span>{percent}</span>
            </div>
        }
    });
    let risk = rationale.risk.map(|risk| {
        view! { <span class="cs-risk" data-risk=risk.as_str()>{format!("Risk: {}", risk.as_str())}</span> }
    });
    let model = rationale.model.clone().map(|model| view! { <span class="cs-muted">{format!("Model: {model}")}</span> });
    let points = rationale
        .points
        .into_iter()
        .map(|point| {
            let quote = point.quote.clone();
            let entry = entry.clone();
            let supported = Memo::new(move |_| quote.as_deref().is_some_and(|quote| quote_is_in(&entry.searchable_text(), quote)));
            let source = point.source.map(|source| match source.url.filter(|url| is_safe_url(url)) {
                Some(url) => view! { <a class="cs-source" href=url target="_blank" rel="noopener noreferrer nofollow">{source.label}</a> }.into_any(),
                None => view! { <span class="cs-source">{source.label}</span> }.into_any(),
            });
            let quote_view = point.quote.map(|quote| view! { <q class="cs-quote">{quote}</q> });
            view! {
                <li part="point" class="cs-point" data-supported=move || supported.get().to_string()>
                    <span>{point.text}</span>
                    {quote_view}
                    <span class="cs-support">{move || if supported.get() { "Found in the draft" } else { "Not found in the draft" }}</span>
                    {source}
                </li>
            }
        })
        .collect_view();
    view! {
        <aside part="rationale" class="cs-rationale" aria-label="Why the AI wrote this">
            <h3>"Why"</h3>
            <div class="cs-badges">{confidence}{risk}{model}</div>
            {summary}
            <ul class="cs-points">{points}</ul>
        </aside>
    }
}
