//! `ReviewItem`, the input of the widget (contract §3): plain types, read from JSON by
//! [`super::read`]. Unknown fields are ignored everywhere so that a pipeline may send more than
//! Countersign reads; `metadata` is kept as JSON and echoed back with the same values.

use crate::key_map::KeyMap;

use crate::json::Json;

/// CRM fields as (label, value) pairs, in the order the item gives them: a host lists what
/// matters most first ("Stage" before "ARR"), and the widget shows them so.
pub type CrmFields = Vec<(String, String)>;

/// What is being reviewed; decides which editor the widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewItem {
    /// The caller's id; required and non-empty.
    pub id: String,
    /// Optional version, echoed as `item_version` and sent as `If-Match`.
    pub version: Option<String>,
    /// What is being reviewed.
    pub kind: Kind,
    /// A short human title for the queue.
    pub title: Option<String>,
    /// The text to review; required unless `kind` is `lead_list`.
    pub draft: Option<Draft>,
    /// The leads of a `lead_list`, in the AI's order.
    pub leads: Vec<Lead>,
    /// Why the AI wrote what it wrote.
    pub rationale: Option<Rationale>,
    /// Who the draft is for, and CRM fields worth seeing next to it.
    pub context: Option<Context>,
    /// What the person may do with this item.
    pub policy: Policy,
    /// Any JSON, echoed back untouched in the result.
    pub metadata: Option<Json>,
}

/// The AI's draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    /// The email subject.
    pub subject: Option<String>,
    /// Plain text; never interpreted as HTML.
    pub body: String,
    /// The platforms of a social post.
    pub platforms: Vec<String>,
    /// Optional per-platform text of a social post.
    pub variants: KeyMap<Variant>,
    /// Images attached to a social post.
    pub media: Vec<Media>,
    /// The body is a JSON object's text (`"format": "json"`: a tool call's arguments), shown
    /// as code and approved only while it still is one.
    pub body_is_json: bool,
}

/// A platform-specific version of a social post's text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Variant {
    /// The text shown on that platform instead of the main body.
    pub body: String,
}

/// An image attached to a post.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    /// Where the image is; only http(s) and data:image URLs are shown.
    pub url: String,
    /// The alt text.
    pub alt: String,
}

/// One lead in a lead list.
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    /// The lead's id, unique within the list.
    pub id: String,
    /// The person's name.
    pub name: String,
    /// Their company.
    pub company: Option<String>,
    /// Their job title.
    pub title: Option<String>,
    /// The AI's score, 0..1.
    pub score: Option<f64>,
    /// Why the AI ranked them here.
    pub reasons: Vec<String>,
    /// CRM fields to show, as label and value, in the order given.
    pub fields: CrmFields,
}

/// Why the AI produced the draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rationale {
    /// A small Markdown subset, rendered safely.
    pub summary: Option<String>,
    /// The arguments, each ideally pointing at draft text.
    pub points: Vec<Point>,
    /// The model's confidence, 0..1.
    pub confidence: Option<f64>,
    /// The risk the pipeline assigned.
    pub risk: Option<Risk>,
    /// The model that wrote the draft.
    pub model: Option<String>,
}

impl Rationale {
    /// Whether it says nothing at all: no summary, point, confidence, risk or model.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.points.is_empty() && self.confidence.is_none() && self.risk.is_none() && self.model.is_none()
    }
}

/// How risky sending the draft unchecked would be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Risk {
    /// Little harm if wrong.
    Low,
    /// Worth a careful read.
    Medium,
    /// Must be checked.
    High,
}

impl Risk {
    /// Every risk level, from low to high.
    pub const ALL: [Risk; 3] = [Risk::Low, Risk::Medium, Risk::High];

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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Point {
    /// The argument.
    pub text: String,
    /// Draft text this argument supports.
    pub quote: Option<String>,
    /// Where the fact comes from.
    pub source: Option<Source>,
}

/// A source of a rationale point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    /// What to call it.
    pub label: String,
    /// A link; shown only when it is http(s).
    pub url: Option<String>,
}

/// Who the draft is for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// The recipient.
    pub recipient: Option<Recipient>,
    /// The account a social post is published from, as its previews show it.
    pub account: Option<Account>,
    /// CRM fields, shown as label and value in the order given.
    pub fields: CrmFields,
}

/// The account a social post goes out from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    /// The display name, such as `Northwind`.
    pub name: Option<String>,
    /// The handle, such as `northwindhq` (with or without `@`).
    pub handle: Option<String>,
}

/// The person a draft is addressed to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recipient {
    /// Their name.
    pub name: Option<String>,
    /// Their email address.
    pub email: Option<String>,
    /// Their company.
    pub company: Option<String>,
    /// Their job title.
    pub title: Option<String>,
}

/// What a person may do with an item. Everything is allowed unless the item says otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// The draft may be approved as it is. `false` with [`Policy::allow_edit`]: approving needs
    /// an edit first (LangChain's `edit` without `approve`); without it, no approval at all.
    pub allow_approve: bool,
    /// The draft may be edited.
    pub allow_edit: bool,
    /// The item may be rejected.
    pub allow_reject: bool,
    /// A regeneration may be asked for.
    pub allow_regenerate: bool,
    /// The item may be skipped.
    pub allow_skip: bool,
    /// Decisions (`rejected`, `regenerate`…) that need at least one reason.
    pub reason_required_for: Vec<String>,
    /// The reasons offered to the person.
    pub reason_codes: Vec<ReasonCode>,
}

impl Policy {
    /// Whether the policy asks for at least one reason code for `decision` (by its wire name).
    pub fn requires_reason(&self, decision: &str) -> bool {
        self.reason_required_for.iter().any(|name| name == decision)
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            allow_approve: true,
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
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonCode {
    /// The machine code, sent in `reasons`.
    pub code: String,
    /// What the person reads.
    pub label: String,
}
