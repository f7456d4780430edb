//! `ReviewResult`, the output of the widget (contract §4): the POST body and the
//! `countersign:decision` event's detail. Written and read as JSON by [`super::result_json`].

use crate::key_map::KeyMap;

use crate::json::Json;

use super::item::{Kind, Variant};

/// The schema tag every result carries.
pub const RESULT_SCHEMA: &str = "countersign.result.v1";

/// What the person decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    /// Every decision, in the contract's order.
    pub const ALL: [Decision; 4] = [Decision::Approved, Decision::Rejected, Decision::Regenerate, Decision::Skipped];

    /// The wire name, as in `"decision": "approved"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::Regenerate => "regenerate",
            Decision::Skipped => "skipped",
        }
    }

    /// Parses a wire name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|decision| decision.as_str() == name)
    }
}

/// A person's decision on one item, with everything needed to learn from it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewResult {
    /// Always [`RESULT_SCHEMA`].
    pub schema: String,
    /// Unique per decision, identical on every retry.
    pub idempotency_key: String,
    /// The item's id.
    pub item_id: String,
    /// The item's version, when it had one.
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
    pub final_content: Content,
    /// The person's verdict on rationale points, when given.
    pub points: Vec<PointVerdict>,
    /// Word-level changes from the original body to the final one.
    pub changes: Vec<Change>,
    /// Reason codes the person picked.
    pub reasons: Vec<String>,
    /// A free comment.
    pub comment: Option<String>,
    /// Instructions for a regeneration.
    pub feedback: Option<String>,
    /// Who decided, as the host described them.
    pub reviewer: Option<Json>,
    /// When the item was first shown, ISO 8601 UTC.
    pub opened_at: String,
    /// When the decision was made, ISO 8601 UTC.
    pub decided_at: String,
    /// Milliseconds the item was on screen with the page visible and focused.
    pub active_ms: u64,
    /// The item's metadata, untouched.
    pub metadata: Option<Json>,
    /// A lead list's rank comparison.
    pub metrics: Option<Metrics>,
    /// What produced the result.
    pub client: Client,
}

/// The content of a draft, before or after review.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Content {
    /// An email's subject.
    pub subject: Option<String>,
    /// The text (absent for lead lists).
    pub body: Option<String>,
    /// A social post's platforms.
    pub platforms: Option<Vec<String>>,
    /// A social post's per-platform texts.
    pub variants: Option<KeyMap<Variant>>,
    /// A lead list's order (excluded ids left out).
    pub order: Option<Vec<String>>,
    /// A lead list's excluded ids.
    pub excluded: Option<Vec<String>>,
    /// A lead list's notes per lead id.
    pub notes: Option<KeyMap<String>>,
    /// Why leads were excluded, per lead id, where the person said.
    pub exclusion_reasons: Option<KeyMap<String>>,
}

/// How the person's ranking of a lead list compares with the AI's.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Kendall's tau between the AI's order and the person's, over the leads both keep.
    pub kendall_tau: f64,
    /// How many leads the person moved.
    pub moved: usize,
    /// How many leads the person excluded.
    pub excluded: usize,
}

/// A person's verdict on one rationale point.
#[derive(Clone, Debug, PartialEq)]
pub struct PointVerdict {
    /// The point's index in `rationale.points`.
    pub index: usize,
    /// `agree` or `disagree`.
    pub verdict: String,
    /// Why.
    pub note: Option<String>,
}

/// One run of a word-level diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What happened to the text.
    pub op: ChangeOp,
    /// The words (with their whitespace).
    pub text: String,
}

/// How a run of text changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOp {
    /// In both texts.
    Equal,
    /// Only in the original.
    Delete,
    /// Only in the final text.
    Insert,
}

impl ChangeOp {
    /// Every operation.
    pub const ALL: [ChangeOp; 3] = [ChangeOp::Equal, ChangeOp::Delete, ChangeOp::Insert];

    /// The wire name, as in `"op": "insert"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeOp::Equal => "equal",
            ChangeOp::Delete => "delete",
            ChangeOp::Insert => "insert",
        }
    }
}

/// The software that produced a result.
#[derive(Clone, Debug, PartialEq)]
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
