//! The decision bar: Approve, Reject (with the policy's reasons and a comment), Regenerate
//! (with feedback for the AI) and Skip. A decision the policy disallows is not offered; one for
//! which the policy requires a reason opens a form to give it.

use leptos::prelude::*;

use super::social::over_limit;
use crate::actions::use_actions;
use crate::model::{Decision, Kind, ReasonCode};
use crate::state::{use_review, Entry, Outcome};

/// The wording of the form that completes a decision.
struct FormText {
    legend: &'static str,
    confirm: &'static str,
}

fn form_text(decision: Decision) -> FormText {
    match decision {
        Decision::Rejected => FormText { legend: "Why reject?", confirm: "Confirm rejection" },
        Decision::Regenerate => FormText { legend: "What should the AI change?", confirm: "Send feedback" },
        Decision::Approved => FormText { legend: "Why approve?", confirm: "Confirm approval" },
        Decision::Skipped => FormText { legend: "Why skip?", confirm: "Confirm skip" },
    }
}

/// The decision controls for `entry`.
#[component]
pub fn DecisionBar(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let actions = use_actions();
    let state = use_review();
    let policy = entry.item.policy.clone();
    let outcome = entry.outcome.clone();
    let decided = Memo::new(move |_| outcome.get() != Outcome::Open);
    // The decision whose form is open; each opening starts from an empty form.
    let form = RwSignal::new(None::<Decision>);
    let problem = RwSignal::new(None::<String>);
    let reasons = RwSignal::new(Vec::<String>::new());
    let comment = RwSignal::new(String::new());
    let feedback = RwSignal::new(String::new());
    // The platforms a social post is over the limit on, when approving it opened the
    // override form.
    let overriding = RwSignal::new(Vec::<String>::new());
    let open_form = move |decision: Option<Decision>| {
        reasons.set(Vec::new());
        comment.set(String::new());
        feedback.set(String::new());
        problem.set(None);
        overriding.set(Vec::new());
        form.set(decision);
    };

    let submit = move |decision: Decision| {
        let Some(actions) = actions else { return };
        let text = |signal: RwSignal<String>| Some(signal.get_untracked()).filter(|text| !text.trim().is_empty());
        let in_form = form.get_untracked() == Some(decision);
        let picked = if in_form { reasons.get_untracked() } else { Vec::new() };
        let feedback = if decision == Decision::Regenerate { text(feedback) } else { None };
        let comment = if in_form { text(comment) } else { None };
        let override_limits = in_form && decision == Decision::Approved && overriding.with_untracked(|over| !over.is_empty());
        match actions.decide(decision, picked, comment, feedback, override_limits) {
            Ok(()) => problem.set(None),
            Err(message) => problem.set(Some(message)),
        }
    };
    let required = |decision: Decision| policy.reason_required_for.iter().any(|name| name == decision.as_str());
    let (approve_needs_reason, skip_needs_reason) = (required(Decision::Approved), required(Decision::Skipped));
    let needs_form = move |decision: Decision| match decision {
        Decision::Rejected | Decision::Regenerate => true,
        Decision::Approved => approve_needs_reason,
        Decision::Skipped => skip_needs_reason,
    };
    let social_entry = StoredValue::new((entry.item.kind == Kind::SocialPost).then(|| entry.clone()));
    let press = move |decision: Decision| {
        let limits = state.config.with_untracked(|config| config.platform_limits.clone());
        let over = social_entry.with_value(|social| social.as_ref().filter(|_| decision == Decision::Approved).map(|entry| over_limit(entry, &limits))).unwrap_or_default();
        if !over.is_empty() {
            // Never a silent approve over a limit: the person overrides it, with a reason.
            open_form(Some(decision));
            overriding.set(over);
        } else if needs_form(decision) {
            open_form(Some(decision));
        } else {
            submit(decision);
        }
    };

    let reason_codes = policy.reason_codes.clone();
    let reason_boxes = move || {
        reason_codes
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
                                reasons.update(|picked| {
                                    picked.retain(|known| *known != code);
                                    if on {
                                        picked.push(code);
                                    }
                                });
                            }/>
                        {label}
                    </label>
                }
            })
            .collect_view()
    };

    let form_view = move |decision: Decision| {
        let over = overriding.get();
        let FormText { legend, confirm } = if over.is_empty() { form_text(decision) } else { FormText { legend: "Approve over the limit?", confirm: "Approve anyway" } };
        let override_note = (!over.is_empty()).then(|| {
            view! { <p class="cs-problem" data-override="limits">{format!("Over the limit on {}. Say in the comment why it may go out anyway.", over.join(", "))}</p> }
        });
        let feedback_field = (decision == Decision::Regenerate).then(|| {
            view! {
                <label class="cs-label" for="cs-feedback">"Feedback for the AI"</label>
                <textarea id="cs-feedback" class="cs-input" rows="3" prop:value=move || feedback.get()
                    on:input=move |event| feedback.set(event_target_value(&event))></textarea>
            }
        });
        let danger = if decision == Decision::Rejected { "cs-button cs-danger" } else { "cs-button cs-primary" };
        view! {
            <fieldset class="cs-form" aria-label=legend>
                <legend>{legend}</legend>
                {override_note}
                {feedback_field}
                <div class="cs-reasons-picker">{reason_boxes()}</div>
                <label class="cs-label" for="cs-comment">"Comment"</label>
                <textarea id="cs-comment" class="cs-input" rows="2" prop:value=move || comment.get()
                    on:input=move |event| comment.set(event_target_value(&event))></textarea>
                <div class="cs-actions">
                    <button type="button" class=danger data-confirm=decision.as_str() on:click=move |_| submit(decision)>{confirm}</button>
                    <button type="button" class="cs-button" on:click=move |_| open_form(None)>"Cancel"</button>
                </div>
            </fieldset>
        }
    };

    let expanded = move |decision: Decision| move || (form.get() == Some(decision)).to_string();
    view! {
        <div class="cs-decisions" role="group" aria-label="Decision">
            <div class="cs-actions">
                <button type="button" part="approve" class="cs-button cs-primary" disabled=decided
                    on:click=move |_| press(Decision::Approved)>"Approve"</button>
                {policy.allow_reject.then(|| view! {
                    <button type="button" part="reject" class="cs-button cs-danger" disabled=decided
                        aria-expanded=expanded(Decision::Rejected) on:click=move |_| press(Decision::Rejected)>"Reject"</button>
                })}
                {policy.allow_regenerate.then(|| view! {
                    <button type="button" part="regenerate" class="cs-button" disabled=decided
                        aria-expanded=expanded(Decision::Regenerate) on:click=move |_| press(Decision::Regenerate)>"Regenerate"</button>
                })}
                {policy.allow_skip.then(|| view! {
                    <button type="button" part="skip" class="cs-button" disabled=decided on:click=move |_| press(Decision::Skipped)>"Skip"</button>
                })}
            </div>
            {move || form.get().filter(|_| !decided.get()).map(&form_view)}
            {move || problem.get().map(|text| view! { <p class="cs-problem" role="alert">{text}</p> })}
        </div>
    }
}
