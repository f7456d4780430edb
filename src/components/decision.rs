//! The decision bar: Approve, Reject (with the policy's reasons and a comment), Regenerate
//! (with feedback for the AI) and Skip. A decision the policy disallows is not offered.

use leptos::prelude::*;

use crate::actions::use_actions;
use crate::model::{Decision, ReasonCode};
use crate::state::{Entry, Outcome};

/// Which follow-up form is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    None,
    Reject,
    Regenerate,
}

/// The decision controls for `entry`.
#[component]
pub fn DecisionBar(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let actions = use_actions();
    let policy = entry.item.policy.clone();
    let outcome = entry.outcome.clone();
    let form = RwSignal::new(Form::None);
    let problem = RwSignal::new(None::<String>);
    let reasons = RwSignal::new(Vec::<String>::new());
    let comment = RwSignal::new(String::new());
    let feedback = RwSignal::new(String::new());
    let decided = Memo::new(move |_| outcome.get() != Outcome::Open);

    let submit = move |decision: Decision| {
        let Some(actions) = actions else { return };
        let text = |signal: RwSignal<String>| Some(signal.get_untracked()).filter(|text| !text.trim().is_empty());
        let (comment, feedback) = match decision {
            Decision::Rejected => (text(comment), None),
            Decision::Regenerate => (text(comment), text(feedback)),
            _ => (None, None),
        };
        let picked = if matches!(decision, Decision::Rejected | Decision::Regenerate) { reasons.get_untracked() } else { Vec::new() };
        match actions.decide(decision, picked, comment, feedback) {
            Ok(()) => problem.set(None),
            Err(message) => problem.set(Some(message)),
        }
    };

    let reason_list = policy.reason_codes.clone();
    let reason_boxes = move || {
        reason_list
            .iter()
            .cloned()
            .map(|ReasonCode { code, label }| {
                let label = if label.is_empty() { code.clone() } else { label };
                let checked_code = code.clone();
                view! {
                    <label class="cs-check">
                        <input type="checkbox" value=code.clone()
                            prop:checked=move || reasons.with(|picked| picked.contains(&checked_code))
                            on:change=move |event| {
                                let on = event_target_checked(&event);
                                let code = code.clone();
                                reasons.update(|picked| { picked.retain(|known| *known != code); if on { picked.push(code); } });
                            }/>
                        {label}
                    </label>
                }
            })
            .collect_view()
    };
    let reason_boxes_regenerate = reason_boxes.clone();

    let reject_form = move || {
        view! {
            <fieldset class="cs-form" aria-label="Why reject?">
                <legend>"Why reject?"</legend>
                <div class="cs-reasons-picker">{reason_boxes()}</div>
                <label class="cs-label" for="cs-comment">"Comment"</label>
                <textarea id="cs-comment" class="cs-input" rows="2" prop:value=move || comment.get() on:input=move |event| comment.set(event_target_value(&event))></textarea>
                <div class="cs-actions">
                    <button type="button" class="cs-button cs-danger" on:click=move |_| submit(Decision::Rejected)>"Confirm rejection"</button>
                    <button type="button" class="cs-button" on:click=move |_| { form.set(Form::None); problem.set(None) }>"Cancel"</button>
                </div>
            </fieldset>
        }
    };
    let regenerate_form = move || {
        view! {
            <fieldset class="cs-form" aria-label="What should the AI change?">
                <legend>"What should the AI change?"</legend>
                <label class="cs-label" for="cs-feedback">"Feedback for the AI"</label>
                <textarea id="cs-feedback" class="cs-input" rows="3" prop:value=move || feedback.get() on:input=move |event| feedback.set(event_target_value(&event))></textarea>
                <div class="cs-reasons-picker">{reason_boxes_regenerate()}</div>
                <div class="cs-actions">
                    <button type="button" class="cs-button" on:click=move |_| submit(Decision::Regenerate)>"Send feedback"</button>
                    <button type="button" class="cs-button" on:click=move |_| { form.set(Form::None); problem.set(None) }>"Cancel"</button>
                </div>
            </fieldset>
        }
    };

    view! {
        <div class="cs-decisions" role="group" aria-label="Decision">
            <div class="cs-actions">
                <button type="button" part="approve" class="cs-button cs-primary" disabled=decided on:click=move |_| submit(Decision::Approved)>"Approve"</button>
                {policy.allow_reject.then(|| view! {
                    <button type="button" part="reject" class="cs-button cs-danger" disabled=decided aria-expanded=move || (form.get() == Form::Reject).to_string()
                        on:click=move |_| form.set(Form::Reject)>"Reject"</button>
                })}
                {policy.allow_regenerate.then(|| view! {
                    <button type="button" part="regenerate" class="cs-button" disabled=decided aria-expanded=move || (form.get() == Form::Regenerate).to_string()
                        on:click=move |_| form.set(Form::Regenerate)>"Regenerate"</button>
                })}
                {policy.allow_skip.then(|| view! {
                    <button type="button" part="skip" class="cs-button" disabled=decided on:click=move |_| submit(Decision::Skipped)>"Skip"</button>
                })}
            </div>
            {move || match form.get() {
                Form::Reject if !decided.get() => reject_form().into_any(),
                Form::Regenerate if !decided.get() => regenerate_form().into_any(),
                _ => ().into_any(),
            }}
            {move || problem.get().map(|text| view! { <p class="cs-problem" role="alert">{text}</p> })}
        </div>
    }
}
