//! `ReviewResult`, the output of the widget (contract §4): the POST body and the
//! `countersign:decision` event's detail.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use super::raw::RawJson;

use super::item::{Kind, Variant};

/// The schema tag every result carries.
pub const RESULT_SCHEMA: &str = "countersign.result.v1";

/// What the person decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Send it (as edited).
    Approved,
    /// Do not send it.
    Rejected,
    /// Ask the AI for another draft, with feedback.
    Regenerate,
    /// Not now; leave it for later or for someone else.
    Skipped,
}

impl Decision {
    /// The wire name, as in `"decision": "approved"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Regenerate => "regenerate",
            Decision::Skipped => "skipped",
        }
    }
}

/// A person's decision on one item, with everything needed to learn from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewResult {
    /// Always [`RESULT_SCHEMA`].
    pub schema: String,
    /// Unique per decision, identical on every retry.
    pub idempotency_key: String,
    /// The item's id.
    pub item_id: String,
    /// The item's version, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_version: Option<String>,
    /// The item's kind.
    pub kind: Kind,
    /// What the person decided.
    pub decision: Decision,
    /// Whether the final content differs from the original.
    pub edited: bool,
    /// The AI's content.
    pub original: Content,
    /// The content the person countersigned.
    #[serde(rename = "final")]
    pub final_content: Content,
    /// The person's verdict on rationale points, when given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<PointVerdict>,
    /// Word-level changes from the original body to the final one.
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Reason codes the person picked.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// A free comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Instructions for a regeneration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Who decided, as the host described them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<RawJson>,
    /// When the item was first shown, ISO 8601 UTC.
    pub opened_at: String,
    /// When the decision was made, ISO 8601 UTC.
    pub decided_at: String,
    /// Milliseconds the item was on screen with the page visible and focused.
    pub active_ms: u64,
    /// The item's metadata, untouched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<RawJson>,
    /// What produced the result.
    pub client: Client,
}

/// The content of a draft, before or after review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// An email's subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The text (absent for lead lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A social post's platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<Vec<String>>,
    /// A social post's per-platform texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<BTreeMap<String, Variant>>,
    /// A lead list's order (excluded ids left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
    /// A lead list's excluded ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Vec<String>>,
    /// A lead list's notes per lead id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<BTreeMap<String, String>>,
}

/// A person's verdict on one rationale point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointVerdict {
    /// The point's index in `rationale.points`.
    pub index: usize,
    /// `agree` or `disagree`.
    pub verdict: String,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One run of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What happened to the text.
    pub op: ChangeOp,
    /// The words (with their whitespace).
    pub text: String,
}

/// How a run of text changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// In both texts.
    Equal,
    /// Only in the original.
    Delete,
    /// Only in the final text.
    Insert,
}

/// The software that produced a result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// `countersign`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Client {
    fn default() -> Self {
        Client { name: "countersign".into(), version: env!("CARGO_PKG_VERSION").into() }
    }
}
