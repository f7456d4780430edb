//! The email and message editor: the recipient and CRM context, the subject (emails only) and
//! the body, editable when the policy allows and the item is still open.

use leptos::prelude::*;

use super::highlight::QuoteHighlight;
use crate::model::Kind;
use crate::state::{Entry, Outcome};

/// Keeps the highlight layer scrolled with its editor.
fn follow_scroll(event: leptos::ev::Event) {
    use wasm_bindgen::JsCast;
    let Some(editor) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else { return };
    if let Some(layer) = editor.previous_element_sibling() {
        layer.set_scroll_top(editor.scroll_top());
    }
}

/// Edits an email's subject and body, or a message's body.
#[component]
pub fn EmailEditor(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let item = entry.item.clone();
    let outcome = entry.outcome.clone();
    let allow_edit = item.policy.allow_edit;
    let read_only = move || !allow_edit || outcome.get() != Outcome::Open;
    let recipient = item.context.as_ref().and_then(|context| context.recipient.clone()).map(|recipient| {
        let who = [recipient.title, recipient.company].into_iter().flatten().collect::<Vec<_>>().join(", ");
        view! {
            <div class="cs-recipient">
                <span class="cs-label">"To"</span>
                <strong>{recipient.name.unwrap_or_default()}</strong>
                <span class="cs-muted">{recipient.email.map(|email| format!("<{email}>"))}</span>
                <span class="cs-muted">{who}</span>
            </div>
        }
    });
    let fields = item.context.as_ref().map(|context| context.fields.clone()).unwrap_or_default();
    let crm = (!fields.is_empty()).then(|| {
        view! {
            <dl class="cs-fields" aria-label="CRM fields">
                {fields.into_iter().map(|(name, value)| view! { <div><dt>{name}</dt><dd>{value}</dd></div> }).collect_view()}
            </dl>
        }
    });
    let subject = entry.subject.clone();
    let subject_field = (item.kind == Kind::Email).then(|| {
        let shown = subject.clone();
        let read_only = read_only.clone();
        view! {
            <label class="cs-label" for="cs-subject">"Subject"</label>
            <input id="cs-subject" part="subject" class="cs-input" type="text" autocomplete="off"
                prop:value=move || shown.get() readonly=read_only
                on:input=move |event| subject.set(event_target_value(&event))/>
        }
    });
    let body = entry.body.clone();
    let shown_body = entry.body.clone();
    let body_label = if item.kind == Kind::Email { "Email body" } else { "Message" };
    view! {
        <div part="draft" class="cs-draft">
            {recipient}
            {crm}
            {subject_field}
            <label class="cs-label" for="cs-body">{body_label}</label>
            <div class="cs-editor">
                <QuoteHighlight entry=entry.clone() text=entry.body.clone()/>
                <textarea id="cs-body" part="body" class="cs-input cs-body" rows="12" spellcheck="true"
                    prop:value=move || shown_body.get() readonly=read_only
                    on:input=move |event| body.set(event_target_value(&event)) on:scroll=follow_scroll></textarea>
            </div>
        </div>
    }
}
