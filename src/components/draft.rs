//! Chooses the view for an entry's kind. Email and message have full editors; social posts
//! and lead lists get a readable view with a preview per platform and the ranked leads, until
//! their dedicated editors arrive.

use leptos::prelude::*;

use super::email::EmailEditor;
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
        Kind::SocialPost => social_view(&entry).into_any(),
        Kind::LeadList => lead_view(&entry).into_any(),
    };
    view! { {changed_banner} {banner} {body} }
}

fn social_view(entry: &Entry) -> impl IntoView {
    let draft = entry.item.draft.clone().unwrap_or_default();
    let body = entry.body.clone();
    let previews = draft
        .platforms
        .iter()
        .map(|platform| {
            let variant = draft.variants.get(platform).map(|variant| variant.body.clone());
            let body = body.clone();
            let text = move || variant.clone().unwrap_or_else(|| body.get());
            view! {
                <article part="preview" class="cs-preview" data-platform=platform.clone()>
                    <h3>{platform_name(platform)}</h3>
                    <p class="cs-preview-text">{text}</p>
                </article>
            }
        })
        .collect_view();
    let media = draft.media.iter().map(|media| view! { <li>{format!("Image: {}", media.alt)}</li> }).collect_view();
    view! {
        <div part="draft" class="cs-draft">
            <h3 class="cs-label" id="cs-post-label">"Post"</h3>
            <p part="body" class="cs-readonly" aria-labelledby="cs-post-label">{move || body.get()}</p>
            <ul class="cs-media">{media}</ul>
            <div class="cs-previews">{previews}</div>
        </div>
    }
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

fn platform_name(platform: &str) -> &'static str {
    match platform {
        "x" => "X",
        "linkedin" => "LinkedIn",
        "facebook" => "Facebook",
        "instagram" => "Instagram",
        "threads" => "Threads",
        "bluesky" => "Bluesky",
        _ => "Other",
    }
}
