//! Reading a [`ReviewItem`] out of JSON, every field with its path, so a wrong value is named
//! where it is (`draft.body: expected a string, found a number`).

use crate::json::{read, Fields, Problem, Value};

use super::item::{Account, Context, Draft, Kind, Lead, Media, Point, Policy, Rationale, ReasonCode, Recipient, ReviewItem, Risk, Source, Variant};

/// Reads an item (without the checks across fields; see `validate`).
pub fn read_item(value: Value<'_>) -> Result<ReviewItem, Problem> {
    read(value, |item| {
        // A stand-in where the kind is wrong: `read` then answers the problem, not the item.
        let kind = item.required("kind").and_then(|_| item.choice("kind", &Kind::ALL, Kind::as_str)).unwrap_or(Kind::Email);
        ReviewItem {
            id: item.required_string("id"),
            version: item.string_or_number("version"),
            kind,
            title: item.string("title"),
            draft: item.object("draft", read_draft),
            leads: item.list("leads", |lead, path| read_lead(item.at(lead, path))).unwrap_or_default(),
            rationale: item.object("rationale", read_rationale),
            context: item.object("context", read_context),
            policy: item.object("policy", read_policy).unwrap_or_default(),
            metadata: item.value("metadata").map(Value::to_json),
        }
    })
}

fn read_draft(draft: Fields) -> Draft {
    Draft {
        subject: draft.string("subject"),
        body: draft.string("body").unwrap_or_default(),
        platforms: draft.strings("platforms"),
        variants: draft.map("variants", |variant, path| read_variant(draft.at(variant, path))).unwrap_or_default(),
        media: draft.list("media", |media, path| read_media(draft.at(media, path))).unwrap_or_default(),
        // `"text"` (the default) or `"json"`, read as whether the body is JSON.
        body_is_json: draft.choice("format", &[false, true], |json| if json { "json" } else { "text" }).unwrap_or(false),
    }
}

/// A social post's per-platform text, `{ "body": "…" }`. The body is required: without it the
/// platform would get an empty post.
pub fn read_variant(variant: Fields) -> Variant {
    Variant { body: variant.required_string("body") }
}

fn read_media(media: Fields) -> Media {
    Media { url: media.required_string("url"), alt: media.string("alt").unwrap_or_default() }
}

fn read_lead(lead: Fields) -> Lead {
    Lead {
        id: lead.required_string("id"),
        name: lead.string("name").unwrap_or_default(),
        company: lead.string("company"),
        title: lead.string("title"),
        score: lead.number("score"),
        reasons: lead.strings("reasons"),
        fields: lead.string_pairs("fields"),
    }
}

fn read_rationale(rationale: Fields) -> Rationale {
    Rationale {
        summary: rationale.string("summary"),
        points: rationale.list("points", |point, path| read_point(rationale.at(point, path))).unwrap_or_default(),
        confidence: rationale.number("confidence"),
        risk: rationale.choice("risk", &Risk::ALL, Risk::as_str),
        model: rationale.string("model"),
    }
}

fn read_point(point: Fields) -> Point {
    Point {
        text: point.required_string("text"),
        quote: point.string("quote"),
        source: point.object("source", |source| Source { label: source.string("label").unwrap_or_default(), url: source.string("url") }),
    }
}

fn read_context(context: Fields) -> Context {
    Context {
        recipient: context.object("recipient", |recipient| Recipient {
            name: recipient.string("name"),
            email: recipient.string("email"),
            company: recipient.string("company"),
            title: recipient.string("title"),
        }),
        account: context.object("account", |account| Account { name: account.string("name"), handle: account.string("handle") }),
        fields: context.string_pairs("fields"),
    }
}

fn read_policy(policy: Fields) -> Policy {
    Policy {
        allow_approve: policy.bool_or("allow_approve", true),
        allow_edit: policy.bool_or("allow_edit", true),
        allow_reject: policy.bool_or("allow_reject", true),
        allow_regenerate: policy.bool_or("allow_regenerate", true),
        allow_skip: policy.bool_or("allow_skip", true),
        reason_required_for: policy.strings("reason_required_for"),
        reason_codes: policy
            .list("reason_codes", |code, path| {
                let code = policy.at(code, path);
                ReasonCode { code: code.required_string("code"), label: code.string("label").unwrap_or_default() }
            })
            .unwrap_or_default(),
    }
}
