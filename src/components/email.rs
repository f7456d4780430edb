//! The email and message editor: the recipient and CRM context, the subject (emails only) and
//! the body, editable when the policy allows and the item is still open, with the marked
//! quote of a rationale point behind it. Built with [`super::dom`].

use crate::runtime::*;

use super::dom::El;
use super::quote_mark::marked_editor;
use crate::model::Kind;
use crate::i18n::Messages;
use crate::state::{use_review, Entry, Outcome};
use crate::text::join::joined_present;

/// The recipient line and the CRM fields, when the item has them.
fn context_view(m: &'static Messages, entry: &Entry) -> [Option<El>; 2] {
    let context = entry.item.context.clone().unwrap_or_default();
    let recipient = context.recipient.map(|recipient| {
        let who = joined_present(&[recipient.title.as_deref(), recipient.company.as_deref()], ", ");
        El::new("div")
            .class("cs-recipient")
            .child(El::new("span").class("cs-label").text(m.to()))
            .child(El::new("strong").text_of(&recipient.name.unwrap_or_default()))
            .maybe(recipient.email.map(|email| El::new("span").class("cs-muted").text_of(&format!("<{email}>"))))
            .maybe(who.map(|who| El::new("span").class("cs-muted").text_of(&who)))
    });
    let crm = (!context.fields.is_empty()).then(|| {
        El::new("dl")
            .class("cs-fields")
            .attr("aria-label", m.crm_fields())
            .children(context.fields.iter().map(|(name, value)| El::new("div").child(El::new("dt").text_of(name)).child(El::new("dd").text_of(value))))
    });
    [recipient, crm]
}

/// Edits an email's subject and body, or a message's body.
pub fn email_editor(entry: &Entry) -> El {
    let (outcome, allow_edit) = (entry.outcome.clone(), entry.item.policy.allow_edit);
    let read_only = Memo::new(move |_| !allow_edit || outcome.get() != Outcome::Open);
    let email = entry.item.kind == Kind::Email;
    let json = entry.item.draft.as_ref().is_some_and(|draft| draft.body_is_json);
    let m = use_review().messages();
    let subject = email.then(|| {
        let (shown, typed) = (entry.subject.clone(), entry.subject.clone());
        [
            El::new("label").class("cs-label").attr("for", "cs-subject").text(m.subject()),
            El::new("input")
                .attr("id", "cs-subject")
                .attr("part", "subject")
                .class("cs-input")
                .attr("type", "text")
                .attr("autocomplete", "off")
                .edit_with(move || shown.get(), move |text| typed.set(text))
                .flag_with("readonly", move || read_only.get()),
        ]
    });
    let (shown, typed) = (entry.body.clone(), entry.body.clone());
    let body = El::new("textarea")
        .attr("id", "cs-body")
        .attr("part", "body")
        .class("cs-input cs-body")
        .attr("rows", "12")
        .attr("spellcheck", if json { "false" } else { "true" })
        .edit_with(move || shown.get(), move |text| typed.set(text))
        .flag_with("readonly", move || read_only.get());
    let view = El::new("div").attr("part", "draft").class("cs-draft");
    let view = if json { view.attr("data-format", "json") } else { view };
    view.children(context_view(m, entry).into_iter().flatten())
        .children(subject.into_iter().flatten())
        .child(El::new("label").class("cs-label").attr("for", "cs-body").text(if email { m.email_body() } else { m.message_body() }))
        .child(marked_editor(
            entry,
            body,
            {
                let body = entry.body.clone();
                move || body.get()
            },
            {
                let body = entry.body.clone();
                move || body.with(|_| ())
            },
        ))
}
