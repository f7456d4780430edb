//! Why a decision could not be made, in the person's language: each [`DecisionError`] as the
//! sentence shown next to the decision bar, or in the batch bar naming the item.

use crate::i18n::{fill, Lang};
use crate::model::{DecisionError, TextField, MAX_REQUEST_BYTES, MAX_TEXT_CHARS};

/// Why a decision could not be made, in the person's language.
pub(super) fn refusal(lang: &Lang, error: &DecisionError) -> String {
    let m = lang.messages;
    match error {
        DecisionError::ReasonRequired(verb) => match *verb {
            "approve" => m.reason_required_approve(),
            "reject" => m.reason_required_reject(),
            "skip" => m.reason_required_skip(),
            _ => m.reason_required_regenerate(),
        }
        .to_string(),
        DecisionError::NotAllowed(_) => m.not_allowed().to_string(),
        DecisionError::OverLimit(platforms) => fill(m.over_limit(), &[("platforms", platforms)]),
        DecisionError::OverrideNeedsReason => m.override_needs_reason().to_string(),
        DecisionError::BadVerdict(index) => fill(m.bad_verdict(), &[("n", &index.to_string())]),
        DecisionError::NoPlatform => m.no_platform().to_string(),
        DecisionError::EmptyPost(platforms) => fill(m.empty_post(), &[("platforms", platforms)]),
        DecisionError::EmptyEmail => m.empty_email().to_string(),
        DecisionError::NeedsEdit => m.needs_edit().to_string(),
        DecisionError::NotJsonObject => m.not_json_object().to_string(),
        DecisionError::TooLong { field, over } => {
            let what = field_name(lang, field);
            fill(m.too_long(), &[("what", &what), ("n", &lang.number(*over as f64)), ("max", &lang.number(MAX_TEXT_CHARS as f64))])
        }
        DecisionError::TooLarge { kib } => fill(m.too_large(), &[("n", &lang.number(*kib as f64)), ("max", &lang.number((MAX_REQUEST_BYTES / 1024) as f64))]),
        DecisionError::Unsendable(problem) => fill(m.unsendable(), &[("problem", problem)]),
    }
}

/// What the person knows `field` by, as the subject of the `too_long` sentence.
fn field_name(lang: &Lang, field: &TextField) -> String {
    let m = lang.messages;
    match field {
        TextField::Subject => m.too_long_subject().to_string(),
        TextField::Body => m.too_long_body().to_string(),
        TextField::Variant(platform) => fill(m.too_long_variant(), &[("platform", platform)]),
        TextField::LeadNote(name) => fill(m.too_long_lead_note(), &[("name", name)]),
        TextField::ExclusionReason(name) => fill(m.too_long_exclusion_reason(), &[("name", name)]),
        TextField::Comment => m.too_long_comment().to_string(),
        TextField::Feedback => m.too_long_feedback().to_string(),
        TextField::PointNote(number) => fill(m.too_long_point_note(), &[("n", &lang.number(*number as f64))]),
    }
}
