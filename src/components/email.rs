//! The email and message editor: the recipient and CRM context, the subject (emails only) and
//! the body, editable when the policy allows and the item is still open. Behind the body, the
//! quote of the hovered or focused rationale point is marked. Built with [`super::dom`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{event_value, El};
use crate::model::Kind;
use crate::state::{Entry, Outcome};
use crate::text::quote::find_quote;

/// Keeps the highlight layer scrolled with its editor.
fn follow_scroll(event: web_sys::Event) {
    let Some(editor) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) else { return };
    if let Some(layer) = editor.previous_element_sibling() {
        layer.set_scroll_top(editor.scroll_top());
    }
}

/// The layer behind the body: the same text, transparent, with the highlighted point's quote
/// in a `<mark>`. The editor itself stays a plain `<textarea>`.
fn highlight_layer(entry: &Entry) -> El {
    let quotes: Vec<Option<String>> = entry.item.rationale.as_ref().map(|rationale| rationale.points.iter().map(|point| point.quote.clone()).collect()).unwrap_or_default();
    let (highlighted, body) = (entry.highlighted.clone(), entry.body.clone());
    El::new("div").class("cs-highlight").attr("aria-hidden", "true").children_with(move || {
        let Some(quote) = highlighted.get().and_then(|index| quotes.get(index).cloned().flatten()) else { return Vec::new() };
        body.with(|text| match find_quote(text, &quote) {
            Some(range) => vec![El::new("span").text(&text[..range.start]), El::new("mark").text(&text[range.clone()]), El::new("span").text(&text[range.end..])],
            None => Vec::new(),
        })
    })
}

/// The recipient line and the CRM fields, when the item has them.
fn context_view(entry: &Entry) -> [Option<El>; 2] {
    let context = entry.item.context.clone().unwrap_or_default();
    let recipient = context.recipient.map(|recipient| {
        let who = [recipient.title, recipient.company].into_iter().flatten().collect::<Vec<_>>().join(", ");
        El::new("div")
            .class("cs-recipient")
            .child(El::new("span").class("cs-label").text("To"))
            .child(El::new("strong").text(&recipient.name.unwrap_or_default()))
            .maybe(recipient.email.map(|email| El::new("span").class("cs-muted").text(&format!("<{email}>"))))
            .child(El::new("span").class("cs-muted").text(&who))
    });
    let crm = (!context.fields.is_empty()).then(|| {
        El::new("dl")
            .class("cs-fields")
            .attr("aria-label", "CRM fields")
            .children(context.fields.iter().map(|(name, value)| El::new("div").child(El::new("dt").text(name)).child(El::new("dd").text(value))))
    });
    [recipient, crm]
}

/// Edits an email's subject and body, or a message's body.
pub fn email_editor(entry: &Entry) -> El {
    let (outcome, allow_edit) = (entry.outcome.clone(), entry.item.policy.allow_edit);
    let read_only = Memo::new(move |_| !allow_edit || outcome.get() != Outcome::Open);
    let email = entry.item.kind == Kind::Email;
    let subject = email.then(|| {
        let (shown, typed) = (entry.subject.clone(), entry.subject.clone());
        [
            El::new("label").class("cs-label").attr("for", "cs-subject").text("Subject"),
            El::new("input")
                .attr("id", "cs-subject")
                .attr("part", "subject")
                .class("cs-input")
                .attr("type", "text")
                .attr("autocomplete", "off")
                .value_with(move || shown.get())
                .flag_with("readonly", move || read_only.get())
                .on("input", move |event| typed.set(event_value(&event))),
        ]
    });
    let (shown, typed) = (entry.body.clone(), entry.body.clone());
    let body = El::new("textarea")
        .attr("id", "cs-body")
        .attr("part", "body")
        .class("cs-input cs-body")
        .attr("rows", "12")
        .attr("spellcheck", "true")
        .value_with(move || shown.get())
        .flag_with("readonly", move || read_only.get())
        .on("input", move |event| typed.set(event_value(&event)))
        .on("scroll", follow_scroll);
    El::new("div")
        .attr("part", "draft")
        .class("cs-draft")
        .children(context_view(entry).into_iter().flatten())
        .children(subject.into_iter().flatten())
        .child(El::new("label").class("cs-label").attr("for", "cs-body").text(if email { "Email body" } else { "Message" }))
        .child(El::new("div").class("cs-editor").child(highlight_layer(entry)).child(body))
}
