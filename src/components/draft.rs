//! Chooses the view for an entry's kind. Emails, messages and social posts have full editors;
//! lead lists get a readable view of the ranked leads until their editor arrives.

use leptos::prelude::*;

use super::email::EmailEditor;
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
        Kind::LeadList => lead_view(&entry).into_any(),
    };
    view! { {changed_banner} {banner} {body} }
}

fn lead_view(entry: &Entry) -> impl IntoView {
    let leads = entry
        .item
        .leads
        .iter()
        .enumerate()
        .map(|(rank, lead)| {
            let score = lead.score.map(|score| format!("{}%", (score * 100.0).round() as u32)).unwrap_or_default();
            let who = [lead.title.clone(), lead.company.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
            let fields = lead.fields.iter().map(|(name, value)| format!("{name}: {value}")).collect::<Vec<_>>().join(" · ");
            view! {
                <li part="lead" class="cs-lead" data-lead-id=lead.id.clone()>
                    <span class="cs-rank">{rank + 1}</span>
                    <div>
                        <strong>{lead.name.clone()}</strong>
                        <span class="cs-muted">{who}</span>
                        <ul class="cs-reasons">{lead.reasons.iter().map(|reason| view! { <li>{reason.clone()}</li> }).collect_view()}</ul>
                        <span class="cs-muted">{fields}</span>
                    </div>
                    <span class="cs-score" aria-label=format!("Score {score}")>{score.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div part="draft" class="cs-draft">
            <ol class="cs-leads" aria-label="Leads in the AI's order">{leads}</ol>
        </div>
    }
}
