//! Chooses the editor for an entry's kind, with a banner once it is decided or changed on the
//! server.


use super::dom::El;
use super::email::email_editor;
use super::leads::lead_list;
use super::social::social_editor;
use crate::actions::decision_word;
use crate::i18n::fill;
use crate::kinds;
use crate::model::Kind;
use crate::state::{use_review, Entry, Outcome};

/// The draft of `entry`, with its banners.
pub fn draft_view(entry: &Entry) -> El {
    let (outcome, changed, decided_ms) = (entry.outcome.clone(), entry.changed.clone(), entry.decided_ms.clone());
    let lang = use_review().lang.get_untracked();
    let m = lang.messages;
    let banners = El::new("div").children_with(move || {
        let outcome = outcome.get();
        let changed = (changed.get() && outcome == Outcome::Open).then(|| El::new("p").class("cs-decided cs-changed").attr("role", "alert").text(m.banner_changed()));
        let banner = |template: &str, decision| {
            let time = decided_ms.get().map(|ms| lang.time(ms)).unwrap_or_default();
            fill(template, &[("decision", decision_word(m, decision)), ("time", &time)])
        };
        let decided = match outcome {
            Outcome::Open => None,
            Outcome::Decided(decision) => Some(banner(m.banner_waiting(), decision)),
            Outcome::Delivered(decision) => Some(banner(m.banner_delivered(), decision)),
            Outcome::HandedToHost(decision) => Some(banner(m.banner_handed(), decision)),
            Outcome::Elsewhere(decision) => Some(banner(m.banner_elsewhere(), decision)),
            Outcome::DeliveredElsewhere(decision) => Some(banner(m.banner_delivered_elsewhere(), decision)),
        };
        changed.into_iter().chain(decided.map(|text| El::new("p").class("cs-decided").text_of(&text))).collect()
    });
    let editor = match entry.item.kind {
        Kind::Email | Kind::Message => email_editor(entry),
        // Entries of these kinds exist only once their code is in (`crate::kinds`); were one
        // shown before, it would say it is loading rather than run code that is not there.
        Kind::SocialPost | Kind::LeadList if !kinds::ready() => El::new("p").class("cs-empty").text(m.loading()),
        Kind::SocialPost => social_editor(entry),
        Kind::LeadList => lead_list(entry),
    };
    El::new("div").class("cs-draft-view").child(banners).child(editor)
}
