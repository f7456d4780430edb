//! Chooses the editor for an entry's kind, with a banner once it is decided.

use leptos::prelude::*;

use super::email::EmailEditor;
use super::leads::LeadList;
use super::social::SocialEditor;
use crate::actions::decision_word;
use crate::model::Kind;
use crate::state::{Entry, Outcome};

/// The draft of `entry`, with a banner once it is decided.
#[component]
pub fn DraftView(
    /// The entry on screen.
    entry: Entry,
) -> impl IntoView {
    let outcome = entry.outcome.clone();
    let changed = entry.changed.clone();
    let still_open = entry.outcome.clone();
    let changed_banner = move || {
        (changed.get() && still_open.get() == Outcome::Open).then(|| {
            view! { <p class="cs-decided cs-changed" role="alert">"This item changed on the server after you decided. Review this version and decide again."</p> }
        })
    };
    let banner = move || {
        let text = match outcome.get() {
            Outcome::Open => return None,
            Outcome::Decided(decision) => format!("{} — waiting to be delivered.", decision_word(decision)),
            Outcome::Delivered(decision) => format!("{} — delivered.", decision_word(decision)),
            Outcome::HandedToHost(decision) => format!("{} — handed to the page.", decision_word(decision)),
        };
        Some(view! { <p class="cs-decided">{text}</p> })
    };
    let body = match entry.item.kind {
        Kind::Email | Kind::Message => view! { <EmailEditor entry=entry.clone()/> }.into_any(),
        Kind::SocialPost => view! { <SocialEditor entry=entry.clone()/> }.into_any(),
        Kind::LeadList => view! { <LeadList entry=entry.clone()/> }.into_any(),
    };
    view! { {changed_banner} {banner} {body} }
}
