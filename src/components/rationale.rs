//! The AI's rationale beside the draft: the summary, the confidence meter, the risk badge and
//! each point, marked supported only when its quote is in the draft as edited.

use leptos::prelude::*;

use super::markdown::Markdown;
use crate::text::markdown::is_safe_url;
use crate::text::quote::quote_is_in;
use crate::model::PointVerdict;
use crate::state::{Entry, Outcome};

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
    let outcome = entry.outcome.clone();
    let open = Memo::new(move |_| outcome.get() == Outcome::Open);
    let points = rationale
        .points
        .into_iter()
        .enumerate()
        .map(|(index, point)| {
            let quote = point.quote.clone();
            let [hover, focus, leave, blur] = [(); 4].map(|_| entry.highlighted.clone());
            let verdicts = entry.verdicts.clone();
            let entry = entry.clone();
            let supported = Memo::new(move |_| quote.as_deref().is_some_and(|quote| quote_is_in(&entry.searchable_text(), quote)));
            let source = point.source.map(|source| match source.url.filter(|url| is_safe_url(url)) {
                Some(url) => view! { <a class="cs-source" href=url target="_blank" rel="noopener noreferrer nofollow">{source.label}</a> }.into_any(),
                None => view! { <span class="cs-source">{source.label}</span> }.into_any(),
            });
            let quote_view = point.quote.map(|quote| view! { <q class="cs-quote">{quote}</q> });
            view! {
                <li part="point" class="cs-point" tabindex="-1" data-supported=move || supported.get().to_string()
                    on:mouseenter=move |_| hover.set(Some(index)) on:focusin=move |_| focus.set(Some(index))
                    on:mouseleave=move |_| leave.set(None) on:focusout=move |_| blur.set(None)>
                    <span>{point.text}</span>
                    {quote_view}
                    <span class="cs-support">{move || if supported.get() { "Found in the draft" } else { "Not found in the draft" }}</span>
                    {source}
                    <PointVerdicts index verdicts open/>
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

/// Agree / Disagree toggles for point `index`, and a note once the person has judged it.
#[component]
fn PointVerdicts(
    /// The point's index in the rationale.
    index: usize,
    /// The entry's verdicts.
    verdicts: ArcRwSignal<Vec<PointVerdict>>,
    /// Whether the item is still open.
    open: Memo<bool>,
) -> impl IntoView {
    let (shown, toggled, noted, note_shown, judged) = (verdicts.clone(), verdicts.clone(), verdicts.clone(), verdicts.clone(), verdicts);
    let verdict_of = move |verdicts: &Vec<PointVerdict>| verdicts.iter().find(|verdict| verdict.index == index).map(|verdict| verdict.verdict.clone());
    let pressed = move |which: &'static str| {
        let shown = shown.clone();
        move || (shown.with(verdict_of).as_deref() == Some(which)).to_string()
    };
    // Pressing the verdict already given takes it back.
    let toggle = move |which: &'static str| {
        let toggled = toggled.clone();
        move |_| {
            toggled.update(|verdicts| {
                let before = verdicts.iter().position(|verdict| verdict.index == index);
                let same = before.is_some_and(|at| verdicts[at].verdict == which);
                let note = before.and_then(|at| verdicts.remove(at).note);
                if !same {
                    verdicts.push(PointVerdict { index, verdict: which.to_string(), note });
                }
            })
        }
    };
    view! {
        <div class="cs-verdict" role="group" aria-label="Your verdict on this argument">
            <button type="button" class="cs-tab" aria-pressed=pressed("agree") disabled=move || !open.get() on:click=toggle("agree")>"Agree"</button>
            <button type="button" class="cs-tab" aria-pressed=pressed("disagree") disabled=move || !open.get() on:click=toggle("disagree")>"Disagree"</button>
            <input type="text" class="cs-input cs-verdict-note" placeholder="Why? (optional)" aria-label="Note on this argument"
                hidden=move || judged.with(verdict_of).is_none() disabled=move || !open.get()
                prop:value=move || note_shown.with(|verdicts| verdicts.iter().find(|verdict| verdict.index == index).and_then(|verdict| verdict.note.clone()).unwrap_or_default())
                on:change=move |event| {
                    let note = event_target_value(&event);
                    noted.update(|verdicts| {
                        if let Some(verdict) = verdicts.iter_mut().find(|verdict| verdict.index == index) {
                            verdict.note = Some(note).filter(|note| !note.trim().is_empty());
                        }
                    });
                }/>
        </div>
    }
}
