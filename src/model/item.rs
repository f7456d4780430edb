//! `ReviewItem`, the input of the widget (contract §3): pure serde types.
//!
//! Unknown fields are ignored everywhere so that a pipeline may send more than Countersign
//! reads. `metadata` is kept as raw JSON text, so it is echoed back byte for byte.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use super::raw::RawJson;

/// What is being reviewed; decides which editor the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email with a subject and a body.
    Email,
    /// A social post for one or more platforms.
    SocialPost,
    /// A personalised message (LinkedIn, SMS…): a body without a subject.
    Message,
    /// A ranked list of leads the person may reorder and prune.
    LeadList,
}

impl Kind {
    /// Every kind, in the order the contract lists them.
    pub const ALL: [Kind; 4] = [Kind::Email, Kind::SocialPost, Kind::Message, Kind::LeadList];

    /// The wire name, as in `"kind": "social_post"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::SocialPost => "social_post",
            Kind::Message => "message",
            Kind::LeadList => "lead_list",
        }
    }

    /// Parses a wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

/// One unit of AI output waiting for a person's countersignature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The caller's id; required and non-empty.
    pub id: String,
    /// Optional version, echoed as `item_version` and sent as `If-Match`.
    #[serde(default, deserialize_with = "string_or_number", skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// What is being reviewed.
    pub kind: Kind,
    /// A short human title for the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text to review; required unless `kind` is `lead_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// The leads of a `lead_list`, in the AI's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<Lead>,
    /// Why the AI wrote what it wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Rationale>,
    /// Who the draft is for, and CRM fields worth seeing next to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// What the person may do with this item.
    #[serde(default)]
    pub policy: Policy,
    /// Any JSON, echoed back untouched in the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<RawJson>,
}

/// The AI's draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The email subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Plain text; never interpreted as HTML.
    #[serde(default)]
    pub body: String,
    /// The platforms of a social post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    /// Optional per-platform text of a social post.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, Variant>,
    /// Images attached to a social post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
}

/// A platform-specific version of a social post's text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// The text shown on that platform instead of the main body.
    pub body: String,
}

/// An image attached to a post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// Where the image is; only http(s) and data:image URLs are shown.
    pub url: String,
    /// The alt text.
    #[serde(default)]
    pub alt: String,
}

/// One lead in a lead list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// The lead's id, unique within the list.
    pub id: String,
    /// The person's name.
    #[serde(default)]
    pub name: String,
    /// Their company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Their job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The AI's score, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Why the AI ranked them here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// CRM fields to show.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// Why the AI produced the draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rationale {
    /// A small Markdown subset, rendered safely.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The arguments, each ideally pointing at draft text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<Point>,
    /// The model's confidence, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The risk the pipeline assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// The model that wrote the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// How risky sending the draft unchecked would be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Little harm if wrong.
    Low,
    /// Worth a careful read.
    Medium,
    /// Must be checked.
    High,
}

impl Risk {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

/// One argument of the rationale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// The argument.
    #[serde(default)]
    pub text: String,
    /// Draft text this argument supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Where the fact comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// A source of a rationale point.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// What to call it.
    #[serde(default)]
    pub label: String,
    /// A link; shown only when it is http(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who the draft is for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Context {
    /// The recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    /// CRM fields, shown as label and value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// The person a draft is addressed to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// Their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Their company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Their job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// What a person may do with an item. Everything is allowed unless the item says otherwise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// The draft may be edited.
    #[serde(default = "yes")]
    pub allow_edit: bool,
    /// The item may be rejected.
    #[serde(default = "yes")]
    pub allow_reject: bool,
    /// A regeneration may be asked for.
    #[serde(default = "yes")]
    pub allow_regenerate: bool,
    /// The item may be skipped.
    #[serde(default = "yes")]
    pub allow_skip: bool,
    /// Decisions (`rejected`, `regenerate`…) that need at least one reason.
    #[serde(default)]
    pub reason_required_for: Vec<String>,
    /// The reasons offered to the person.
    #[serde(default)]
    pub reason_codes: Vec<ReasonCode>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow_edit: true,
            allow_reject: true,
            allow_regenerate: true,
            allow_skip: true,
            reason_required_for: Vec::new(),
            reason_codes: Vec::new(),
        }
    }
}

/// A reason a person can give for a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonCode {
    /// The machine code, sent in `reasons`.
    pub code: String,
    /// What the person reads.
    #[serde(default)]
    pub label: String,
}

fn yes() -> bool {
    true
}

/// Accepts `"3"` or `3` for a version, so pipelines that count versions as numbers work.
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Version>::deserialize(deserializer)?.map(|version| match version {
        Version::Text(text) => text,
        Version::Number(number) => number.to_string(),
    }))
}
