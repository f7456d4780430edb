//! Chooses the editor for an entry's kind, with a banner once it is decided or changed on the
//! server.


use super::dom::El;
use super::email::email_editor;
use super::leads::lead_list;
use super::social::social_editor;
use crate::actions::decision_word;
use crate::model::Kind;
use crate::state::{Entry, Outcome};

/// The draft of `entry`, with its banners.
pub fn draft_view(entry: &Entry) -> El {
    let (outcome, changed) = (entry.outcome.clone(), entry.changed.clone());
    let banners = El::new("div").children_with(move || {
        let outcome = outcome.get();
        let changed = (changed.get() && outcome == Outcome::Open).then(|| {
            El::new("p").class("cs-decided cs-changed").attr("role", "alert").text("This item changed on the server after you decided. Review this version and decide again.")
        });
        let decided = match outcome {
            Outcome::Open => None,
            Outcome::Decided(decision) => Some(format!("{} — waiting to be delivered.", decision_word(decision))),
            Outcome::Delivered(decision) => Some(format!("{} — delivered.", decision_word(decision))),
            Outcome::HandedToHost(decision) => Some(format!("{} — handed to the page.", decision_word(decision))),
        };
        changed.into_iter().chain(decided.map(|text| El::new("p").class("cs-decided").text(&text))).collect()
    });
    let editor = match entry.item.kind {
        Kind::Email | Kind::Message => email_editor(entry),
        Kind::SocialPost => social_editor(entry),
        Kind::LeadList => lead_list(entry),
    };
    El::new("div").class("cs-draft-view").child(banners).child(editor)
}
