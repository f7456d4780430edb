//! Reading a [`ReviewItem`] out of JSON, every field with its path, so a wrong value is named
//! where it is (`draft.body: expected a string, found a number`).

use crate::json::{Fields, Json, Problem};

use super::item::{Account, Context, Draft, Kind, Lead, Media, Point, Policy, Rationale, ReasonCode, Recipient, ReviewItem, Risk, Source, Variant};

/// One of a fixed set of wire names (`kind`, `risk`, `decision`…), as `T`.
pub fn choice<T: Copy>(value: &Json, path: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, Problem> {
    let text = value.as_str().ok_or_else(|| Problem::at(path, format!("expected a string, found {}", value.type_name())))?;
    all.iter().copied().find(|option| name(*option) == text).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|option| name(*option)).collect();
        Problem::at(path, format!("unknown value \"{text}\"; expected one of {}", names.join(", ")))
    })
}

/// Reads an item (without the checks across fields; see `validate`).
pub fn read_item(value: &Json) -> Result<ReviewItem, Problem> {
    let item = Fields::of(value, "")?;
    let kind = match item.value("kind") {
        Some(kind) => choice(kind, "kind", &Kind::ALL, Kind::as_str)?,
        None => return Err(Problem::at("kind", "required")),
    };
    Ok(ReviewItem {
        id: item.required_string("id")?,
        version: item.string_or_number("version")?,
        kind,
        title: item.string("title")?,
        draft: item.object("draft", read_draft)?,
        leads: item.list("leads", |lead, path| Fields::of(lead, path).and_then(read_lead))?.unwrap_or_default(),
        rationale: item.object("rationale", read_rationale)?,
        context: item.object("context", read_context)?,
        policy: item.object("policy", read_policy)?.unwrap_or_default(),
        metadata: item.value("metadata").cloned(),
    })
}

fn read_draft(draft: Fields) -> Result<Draft, Problem> {
    Ok(Draft {
        subject: draft.string("subject")?,
        body: draft.string("body")?.unwrap_or_default(),
        platforms: draft.strings("platforms")?,
        variants: draft.map("variants", read_variant)?.unwrap_or_default(),
        media: draft.list("media", |media, path| Fields::of(media, path).and_then(read_media))?.unwrap_or_default(),
    })
}

/// A social post's per-platform text, `{ "body": "…" }`, found at `path`.
pub fn read_variant(value: &Json, path: &str) -> Result<Variant, Problem> {
    let variant = Fields::of(value, path)?;
    Ok(Variant { body: variant.string("body")?.unwrap_or_default() })
}

fn read_media(media: Fields) -> Result<Media, Problem> {
    Ok(Media { url: media.required_string("url")?, alt: media.string("alt")?.unwrap_or_default() })
}

fn read_lead(lead: Fields) -> Result<Lead, Problem> {
    Ok(Lead {
        id: lead.required_string("id")?,
        name: lead.string("name")?.unwrap_or_default(),
        company: lead.string("company")?,
        title: lead.string("title")?,
        score: lead.number("score")?,
        reasons: lead.strings("reasons")?,
        fields: lead.string_map("fields")?,
    })
}

fn read_rationale(rationale: Fields) -> Result<Rationale, Problem> {
    Ok(Rationale {
        summary: rationale.string("summary")?,
        points: rationale.list("points", |point, path| Fields::of(point, path).and_then(read_point))?.unwrap_or_default(),
        confidence: rationale.number("confidence")?,
        risk: rationale.value("risk").map(|risk| choice(risk, &rationale.path_of("risk"), &Risk::ALL, Risk::as_str)).transpose()?,
        model: rationale.string("model")?,
    })
}

fn read_point(point: Fields) -> Result<Point, Problem> {
    Ok(Point {
        text: point.string("text")?.unwrap_or_default(),
        quote: point.string("quote")?,
        source: point.object("source", |source| Ok(Source { label: source.string("label")?.unwrap_or_default(), url: source.string("url")? }))?,
    })
}

fn read_context(context: Fields) -> Result<Context, Problem> {
    Ok(Context {
        recipient: context.object("recipient", |recipient| {
            Ok(Recipient { name: recipient.string("name")?, email: recipient.string("email")?, company: recipient.string("company")?, title: recipient.string("title")? })
        })?,
        account: context.object("account", |account| Ok(Account { name: account.string("name")?, handle: account.string("handle")? }))?,
        fields: context.string_map("fields")?,
    })
}

fn read_policy(policy: Fields) -> Result<Policy, Problem> {
    Ok(Policy {
        allow_edit: policy.bool_or("allow_edit", true)?,
        allow_reject: policy.bool_or("allow_reject", true)?,
        allow_regenerate: policy.bool_or("allow_regenerate", true)?,
        allow_skip: policy.bool_or("allow_skip", true)?,
        reason_required_for: policy.strings("reason_required_for")?,
        reason_codes: policy
            .list("reason_codes", |code, path| Fields::of(code, path).and_then(|code| Ok(ReasonCode { code: code.required_string("code")?, label: code.string("label")?.unwrap_or_default() })))?
            .unwrap_or_default(),
    })
}
