//! Turning a person's decision on an item into a [`ReviewResult`]. Pure: the browser supplies
//! the clock, the key and the reviewer.

use crate::key_map::KeyMap;

use super::item::{Kind, ReviewItem, Variant};
use crate::json::{Json, Tape};
use super::leads::LeadEdits;
use super::limit_check::result_over_limits;
use super::limits::{first_too_long, Remarks, TextField, MAX_REQUEST_BYTES, MAX_TEXT_CHARS};
use super::result::{Client, Content, Decision, Metrics, PointVerdict, ReviewResult, RESULT_SCHEMA};
use crate::text::rank::{kendall_tau, moved};
use crate::text::social::platform::Platform;
use crate::text::diff::word_changes;

/// What the person did, as the editor and decision bar collected it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionInput {
    /// The decision.
    pub decision: Decision,
    /// The subject as edited (emails).
    pub subject: Option<String>,
    /// The body as edited.
    pub body: String,
    /// Reason codes picked.
    pub reasons: Vec<String>,
    /// A free comment.
    pub comment: Option<String>,
    /// Instructions for a regeneration.
    pub feedback: Option<String>,
    /// A social post's platforms as ticked (`None` keeps the item's).
    pub platforms: Option<Vec<String>>,
    /// A social post's per-platform texts as edited, (platform id, text) (`None` keeps the item's).
    pub variants: Option<Vec<(String, String)>>,
    /// The platforms whose limits the final post breaks, as the counters found.
    pub over_limit: Vec<String>,
    /// A lead list as the person left it (`None` keeps the AI's).
    pub leads: Option<LeadEdits>,
    /// The person's verdicts on rationale points.
    pub points: Vec<PointVerdict>,
    /// Whether the person chose to approve despite [`DecisionInput::over_limit`]; the
    /// comment then says why.
    pub override_limits: bool,
}

impl DecisionInput {
    /// The input for `decision` on `body`, with nothing else given.
    pub fn new(decision: Decision, body: String) -> DecisionInput {
        DecisionInput {
            decision,
            subject: None,
            body,
            reasons: Vec::new(),
            comment: None,
            feedback: None,
            platforms: None,
            variants: None,
            leads: None,
            points: Vec::new(),
            over_limit: Vec::new(),
            override_limits: false,
        }
    }
}

/// The reason code a result carries when a post was approved over a platform's limit.
pub const OVER_LIMIT_REASON: &str = "over_limit";

/// Facts about the decision that come from the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionContext {
    /// A fresh UUID v4.
    pub idempotency_key: String,
    /// Who decided.
    pub reviewer: Option<Json>,
    /// When the item was first shown (ISO 8601 UTC).
    pub opened_at: String,
    /// Now (ISO 8601 UTC).
    pub decided_at: String,
    /// Attentive milliseconds spent on the item.
    pub active_ms: u64,
}

/// Why a decision cannot be recorded yet; shown to the person next to the control.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecisionError {
    /// The policy asks for a reason for this decision.
    #[error("Pick at least one reason to {0}.")]
    ReasonRequired(&'static str),
    /// The policy does not offer this decision.
    #[error("This item does not allow {0}.")]
    NotAllowed(&'static str),
    /// The post breaks these platforms' limits and the person has not overridden them.
    #[error("Over the limit on {0}: shorten the post, untick the platform, or approve anyway with a reason.")]
    OverLimit(String),
    /// An override of the limits needs a reason.
    #[error("Say why this post may go out over the limit.")]
    OverrideNeedsReason,
    /// A verdict names a point the item does not have, or is neither agree nor disagree.
    #[error("The verdict on point {0} cannot be recorded.")]
    BadVerdict(usize),
    /// A social post needs a platform to go to.
    #[error("Tick at least one platform to post to.")]
    NoPlatform,
    /// A social post's text for these ticked platforms (the shared one, or the platform's
    /// own) is empty or blank: approving it would publish nothing there.
    #[error("The post is empty on {0}: write its text or untick the platform.")]
    EmptyPost(String),
    /// An email's body is empty or blank: approving it would send an empty email (an item
    /// with a blank body is refused when read; this is one emptied in the editor).
    #[error("The email is empty: write its text before approving it.")]
    EmptyEmail,
    /// The policy lets the draft be approved only once it is edited, and it was not.
    #[error("Edit the draft first: this item cannot be approved as it is.")]
    NeedsEdit,
    /// The draft's body must be a JSON object (`draft.format` is `json`) and no longer is one.
    #[error("The draft must be a JSON object to be approved: check its braces, quotes and commas.")]
    NotJsonObject,
    /// A text of the result is longer than a result may carry ([`MAX_TEXT_CHARS`]
    /// characters): the server would refuse it for good (422, never retried), whatever the
    /// decision, so it is never queued.
    #[error("{field} is {over} characters over the {max} a result can carry.", max = MAX_TEXT_CHARS)]
    TooLong {
        /// Which text.
        field: TextField,
        /// By how many characters.
        over: usize,
    },
    /// The result, its texts each within [`MAX_TEXT_CHARS`], is larger as JSON than a request
    /// to the server may be ([`MAX_REQUEST_BYTES`]): it would be refused (413, never retried),
    /// so it is never queued. It carries the draft as it was and as edited, each twice.
    #[error("This decision is too large to send: its result would be {kib} KiB, over the {max} KiB the server accepts. It carries the draft as it was and as edited: shorten the longest text.", max = MAX_REQUEST_BYTES / 1024)]
    TooLarge {
        /// The result's size as JSON, in KiB rounded up.
        kib: usize,
    },
    /// The result breaks another of the server's limits ([`result_over_limits`]; more than
    /// 1,000 reasons, say), given as the server would say it: refused (422, never retried),
    /// so never queued.
    #[error("This decision cannot be sent: the server would refuse it ({0}).")]
    Unsendable(String),
}

/// Whether `text` is a JSON object.
pub fn is_json_object(text: &str) -> bool {
    Tape::parse(text).is_ok_and(|tape| tape.root().members().is_some())
}

/// The original content of an item, as `original` in its result.
pub fn original_content(item: &ReviewItem) -> Content {
    let draft = item.draft.clone().unwrap_or_default();
    match item.kind {
        Kind::LeadList => Content {
            order: Some(item.leads.iter().map(|lead| lead.id.clone()).collect()),
            excluded: Some(Vec::new()),
            notes: Some(Default::default()),
            ..Content::default()
        },
        Kind::SocialPost => {
            // A variant for a platform the post does not list is never shown, so it is no part
            // of what was reviewed: left out here, it is not counted as an edit either.
            let mut variants = draft.variants;
            let unlisted: Vec<String> = variants.keys().filter(|platform| !draft.platforms.contains(*platform)).cloned().collect();
            for platform in unlisted {
                variants.remove(&platform);
            }
            Content { body: Some(draft.body), platforms: Some(draft.platforms), variants: (!variants.is_empty()).then_some(variants), ..Content::default() }
        }
        Kind::Email => Content { subject: Some(draft.subject.unwrap_or_default()), body: Some(draft.body), ..Content::default() },
        Kind::Message => Content { body: Some(draft.body), ..Content::default() },
    }
}

/// Checks the decision against the item's policy and builds the result, refused when the
/// server would refuse it.
pub fn decide(item: &ReviewItem, input: DecisionInput, context: DecisionContext) -> Result<ReviewResult, DecisionError> {
    decide_with_json(item, input, context).map(|(result, _)| result)
}

/// [`decide`], with the result's JSON text as it is sent: written once, to be measured and
/// checked, and kept for the outbox, which would otherwise write it again.
pub fn decide_with_json(item: &ReviewItem, input: DecisionInput, context: DecisionContext) -> Result<(ReviewResult, String), DecisionError> {
    // Every check comes before anything is built, so a refusal has nothing to take apart.
    check(item, &input)?;
    let policy = &item.policy;
    let mut reasons = input.reasons;
    let comment = input.comment.filter(|text| !text.trim().is_empty());
    let feedback = input.feedback.filter(|text| !text.trim().is_empty());
    let original = original_content(item);
    let mut final_content = original.clone();
    if policy.allow_edit && item.kind != Kind::LeadList {
        final_content.body = Some(input.body);
        if item.kind == Kind::Email {
            final_content.subject = input.subject.or(final_content.subject);
        }
    }
    let mut metrics = None;
    if item.kind == Kind::LeadList {
        let edits = input.leads.filter(|_| policy.allow_edit).unwrap_or_else(|| LeadEdits::from_item(item));
        let excluded: Vec<String> = edits.excluded.iter().map(|(id, _)| id.clone()).collect();
        metrics = Some(Metrics { kendall_tau: kendall_tau(&edits.ai_order, &edits.order), moved: moved(&edits.ai_order, &edits.order), excluded: excluded.len() });
        // Maps built by insertion, in the order of the lead edits.
        let (mut notes, mut reasons_by_lead) = (KeyMap::new(), KeyMap::new());
        for (id, note) in &edits.notes {
            notes.insert(id.clone(), note.clone());
        }
        for (id, reason) in &edits.excluded {
            if let Some(reason) = reason {
                reasons_by_lead.insert(id.clone(), reason.clone());
            }
        }
        final_content.order = Some(edits.order);
        final_content.excluded = Some(excluded);
        final_content.notes = Some(notes);
        final_content.exclusion_reasons = (!reasons_by_lead.is_empty()).then_some(reasons_by_lead);
    }
    if item.kind == Kind::SocialPost {
        if let Some(platforms) = input.platforms {
            final_content.platforms = Some(platforms);
        }
        let ticked = final_content.platforms.clone().unwrap_or_default();
        if let Some(variants) = input.variants.filter(|_| policy.allow_edit) {
            // Inserted one by one, keeping the ticked platforms only.
            let mut kept = KeyMap::new();
            for (platform, body) in variants.into_iter().filter(|(platform, _)| ticked.contains(platform)) {
                kept.insert(platform, Variant { body });
            }
            final_content.variants = (!kept.is_empty()).then_some(kept);
        }
        // Once, even when the policy offers `over_limit` and the person ticked it too.
        if input.decision == Decision::Approved && !input.over_limit.is_empty() && !reasons.iter().any(|reason| reason == OVER_LIMIT_REASON) {
            reasons.push(OVER_LIMIT_REASON.to_string());
        }
    }
    // The checks that need the final content; before the diff, the costliest part. First its
    // size, which holds for every decision: a result too large to store is never sent.
    let remarks = Remarks { comment: comment.as_deref(), feedback: feedback.as_deref(), points: &input.points };
    if let Some((field, over)) = first_too_long(item, &final_content, &remarks) {
        return Err(DecisionError::TooLong { field, over });
    }
    if input.decision == Decision::Approved && item.kind == Kind::SocialPost {
        let empty = empty_platforms(&final_content);
        if !empty.is_empty() {
            return Err(DecisionError::EmptyPost(crate::text::join::joined(&empty, ", ")));
        }
        // After the emptiness: a post with nothing to publish on a platform is refused as
        // such, never offered "Approve anyway" for its limits first.
        check_limits(&input.over_limit, input.override_limits, comment.as_deref())?;
    }
    if input.decision == Decision::Approved && item.kind == Kind::Email && final_content.body.as_deref().is_none_or(|body| body.trim().is_empty()) {
        return Err(DecisionError::EmptyEmail);
    }
    if input.decision == Decision::Approved && !policy.allow_approve && final_content == original {
        return Err(DecisionError::NeedsEdit);
    }
    let body_is_json = item.draft.as_ref().is_some_and(|draft| draft.body_is_json);
    if input.decision == Decision::Approved && body_is_json && !final_content.body.as_deref().is_some_and(is_json_object) {
        return Err(DecisionError::NotJsonObject);
    }
    let original_body = original.body.as_deref().unwrap_or_default();
    let final_body = final_content.body.as_deref().unwrap_or_default();
    let result = ReviewResult {
        schema: RESULT_SCHEMA.into(),
        idempotency_key: context.idempotency_key,
        item_id: item.id.clone(),
        item_version: item.version.clone(),
        kind: item.kind,
        decision: input.decision,
        edited: final_content != original,
        changes: word_changes(original_body, final_body),
        original,
        final_content,
        points: input.points,
        reasons,
        comment,
        feedback,
        reviewer: context.reviewer,
        opened_at: context.opened_at,
        decided_at: context.decided_at,
        active_ms: context.active_ms,
        metadata: item.metadata.clone(),
        metrics,
        client: Client::default(),
    };
    let json = sendable_json(&result)?;
    Ok((result, json))
}

/// The JSON text of `result`, unless the server would refuse it: over the request's size
/// (413) or another limit (422), neither of which the outbox retries. Checked on the result
/// as a whole, once built: the person's texts are held to [`MAX_TEXT_CHARS`] before (with the
/// text named), but several of them, each within it, may still make a result too large.
fn sendable_json(result: &ReviewResult) -> Result<String, DecisionError> {
    let text = result.to_json().to_text();
    if text.len() > MAX_REQUEST_BYTES {
        return Err(DecisionError::TooLarge { kib: text.len().div_ceil(1024) });
    }
    // The widget's own writing parses; were it not to, the result is refused, not sent unchecked.
    let problem = match Tape::parse(&text) {
        Ok(tape) => result_over_limits(tape.root()),
        Err(error) => Some(error.to_string()),
    };
    match problem {
        Some(problem) => Err(DecisionError::Unsendable(problem)),
        None => Ok(text),
    }
}

/// Why `input` cannot be recorded for `item`, if it cannot: the policy, the reasons it asks
/// for, the point verdicts, and for an approved social post that it has a platform (its
/// limits are checked once its text is known not to be empty, [`check_limits`]).
fn check(item: &ReviewItem, input: &DecisionInput) -> Result<(), DecisionError> {
    let policy = &item.policy;
    let allowed = match input.decision {
        Decision::Approved => policy.allow_approve || policy.allow_edit,
        Decision::Rejected => policy.allow_reject,
        Decision::Regenerate => policy.allow_regenerate,
        Decision::Skipped => policy.allow_skip,
    };
    if !allowed {
        return Err(DecisionError::NotAllowed(verb(input.decision)));
    }
    if input.reasons.is_empty() && policy.requires_reason(input.decision.as_str()) {
        return Err(DecisionError::ReasonRequired(verb(input.decision)));
    }
    let point_count = item.rationale.as_ref().map_or(0, |rationale| rationale.points.len());
    if let Some(bad) = input.points.iter().find(|point| point.index >= point_count || !matches!(point.verdict.as_str(), "agree" | "disagree")) {
        return Err(DecisionError::BadVerdict(bad.index));
    }
    if item.kind == Kind::SocialPost && input.decision == Decision::Approved {
        let item_platforms = item.draft.as_ref().map(|draft| draft.platforms.as_slice());
        if input.platforms.as_deref().or(item_platforms).is_none_or(<[String]>::is_empty) {
            return Err(DecisionError::NoPlatform);
        }
    }
    Ok(())
}

/// Why an approved social post over the limits on `over_limit` cannot be recorded, if it
/// cannot: the person has not overridden them (`override_limits`), or gave no `comment` why.
fn check_limits(over_limit: &[String], override_limits: bool, comment: Option<&str>) -> Result<(), DecisionError> {
    if over_limit.is_empty() {
        return Ok(());
    }
    if !override_limits {
        return Err(DecisionError::OverLimit(crate::text::join::joined(over_limit, ", ")));
    }
    if comment.is_none_or(|text| text.trim().is_empty()) {
        return Err(DecisionError::OverrideNeedsReason);
    }
    Ok(())
}

/// The names of the platforms a social post goes to whose text (their own, else the shared
/// one) is blank: approved, the post would go out with nothing in it there.
fn empty_platforms(post: &Content) -> Vec<String> {
    let text_for = |id: &str| post.variants.as_ref().and_then(|variants| variants.get(id)).map_or(post.body.as_deref().unwrap_or_default(), |variant| variant.body.as_str());
    blank_platforms(post.platforms.as_deref().unwrap_or_default(), text_for)
}

/// The names of the platforms of `ticked` whose text (`text_for` each platform id) is empty
/// or blank. The editor asks this of the post as edited before it offers "Approve anyway".
pub fn blank_platforms<T: AsRef<str>>(ticked: &[String], text_for: impl Fn(&str) -> T) -> Vec<String> {
    ticked.iter().filter(|id| text_for(id).as_ref().trim().is_empty()).map(|id| Platform::name_of(id)).collect()
}

fn verb(decision: Decision) -> &'static str {
    match decision {
        Decision::Approved => "approve",
        Decision::Rejected => "reject",
        Decision::Regenerate => "regenerate",
        Decision::Skipped => "skip",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_item, ChangeOp, MAX_LIST_LEN};
    use crate::text::diff::rebuild;

    const EMAIL: &str = r#"{"id":"itm_1","version":"3","kind":"email",
        "draft":{"subject":"Next steps","body":"Hi Sam, thanks for the demo."},
        "policy":{"reason_required_for":["rejected"],"reason_codes":[{"code":"tone","label":"Wrong tone"}]},
        "metadata":{"run": 7, "tags":["a","b"]}}"#;

    fn item() -> ReviewItem {
        parse_item(0, Tape::parse(EMAIL).unwrap().root()).unwrap()
    }

    fn context() -> DecisionContext {
        DecisionContext {
            idempotency_key: "k-1".into(),
            reviewer: Some(Json::parse(r#"{"id":"u-17"}"#).unwrap()),
            opened_at: "2026-11-22T10:00:00.000Z".into(),
            decided_at: "2026-11-22T10:01:12.000Z".into(),
            active_ms: 4_200,
        }
    }

    fn input(decision: Decision, body: &str) -> DecisionInput {
        DecisionInput { subject: Some("Next steps".into()), ..DecisionInput::new(decision, body.into()) }
    }

    const POST: &str = r#"{"id":"itm_p","kind":"social_post",
        "draft":{"body":"Launch day","platforms":["x","linkedin","bluesky"],"variants":{"x":{"body":"Launch!"},"bluesky":{"body":"Launch."}}}}"#;

    #[test]
    fn a_variant_for_a_platform_the_post_does_not_list_is_no_part_of_the_review() {
        // Bug: such a variant was never shown, yet the approval of the untouched post dropped
        // it from the final content and said the post was edited.
        let item = parse_item(0, Tape::parse(r#"{"id":"p","kind":"social_post","draft":{"body":"Launch day","platforms":["x"],"variants":{"x":{"body":"Launch!"},"linkedin":{"body":"Launch today."}}}}"#).unwrap().root()).unwrap();
        let mut input = DecisionInput::new(Decision::Approved, "Launch day".into());
        input.variants = Some(vec![("x".to_string(), "Launch!".to_string())]);
        let result = decide(&item, input, context()).unwrap();
        assert!(!result.edited, "nothing the person saw was changed");
        assert_eq!(result.original.variants.as_ref().map(|variants| variants.keys().cloned().collect::<Vec<_>>()), Some(vec!["x".to_string()]));
    }

    #[test]
    fn an_email_emptied_in_the_editor_is_not_approved() {
        // Bug: an email whose body the person deleted (or left as spaces) was approved and
        // delivered as an empty email, though an item with a blank body is refused when read.
        assert_eq!(decide(&item(), input(Decision::Approved, " \n "), context()).unwrap_err(), DecisionError::EmptyEmail);
        assert!(decide(&item(), input(Decision::Rejected, ""), context()).is_err_and(|error| error != DecisionError::EmptyEmail), "only an approval sends it");
        assert!(decide(&item(), input(Decision::Skipped, ""), context()).is_ok());
    }

    #[test]
    fn a_post_whose_text_for_a_ticked_platform_is_blank_is_not_approved() {
        // Bug: a social post whose shared text, or a ticked platform's own text, was emptied
        // (or left as spaces) was approved and delivered as a post with nothing in it.
        let item = parse_item(0, Tape::parse(POST).unwrap().root()).unwrap();
        let mut blank_shared = DecisionInput::new(Decision::Approved, "  \n ".into());
        blank_shared.variants = Some(vec![("x".to_string(), "Launch!".to_string()), ("bluesky".to_string(), "Launch.".to_string())]);
        assert_eq!(decide(&item, blank_shared.clone(), context()).unwrap_err(), DecisionError::EmptyPost("LinkedIn".into()), "LinkedIn has no text of its own");
        let mut blank_variant = DecisionInput::new(Decision::Approved, "Launch day".into());
        blank_variant.variants = Some(vec![("x".to_string(), String::new()), ("bluesky".to_string(), " ".to_string())]);
        assert_eq!(decide(&item, blank_variant.clone(), context()).unwrap_err(), DecisionError::EmptyPost("X, Bluesky".into()));
        // Unticked, a blank platform goes nowhere; and only an approval publishes.
        blank_variant.platforms = Some(vec!["linkedin".into()]);
        assert!(decide(&item, blank_variant, context()).is_ok());
        blank_shared.decision = Decision::Rejected;
        assert!(decide(&item, blank_shared, context()).is_ok());
    }

    #[test]
    fn a_post_both_empty_and_over_a_limit_is_refused_as_empty_first() {
        // Bug: the limits were checked before the text, so a post blank on LinkedIn and over
        // X's limit asked for "Approve anyway" and a reason, and only then said it was empty.
        let item = parse_item(0, Tape::parse(POST).unwrap().root()).unwrap();
        let mut both = DecisionInput::new(Decision::Approved, " ".into());
        both.over_limit = vec!["X".into()];
        assert_eq!(decide(&item, both.clone(), context()).unwrap_err(), DecisionError::EmptyPost("LinkedIn".into()), "not overridden");
        both.override_limits = true;
        assert_eq!(decide(&item, both.clone(), context()).unwrap_err(), DecisionError::EmptyPost("LinkedIn".into()), "overridden without a reason");
        both.body = "Launch day".into();
        assert_eq!(decide(&item, both, context()).unwrap_err(), DecisionError::OverrideNeedsReason, "with text, the limits come next");
        let texts = [("linkedin", ""), ("x", " \n"), ("bluesky", "Launch.")];
        let ticked: Vec<String> = texts.iter().map(|(id, _)| id.to_string()).collect();
        let text_for = |id: &str| texts.iter().find(|(platform, _)| *platform == id).map_or("", |(_, text)| *text);
        assert_eq!(blank_platforms(&ticked, text_for), vec!["LinkedIn".to_string(), "X".to_string()], "what the editor asks first");
    }

    #[test]
    fn a_social_post_carries_its_platforms_and_variants_as_edited() {
        let item = parse_item(0, Tape::parse(POST).unwrap().root()).unwrap();
        let mut edit = DecisionInput::new(Decision::Approved, "Launch day today".into());
        edit.platforms = Some(vec!["x".into(), "linkedin".into()]);
        edit.variants = Some(vec![("x".to_string(), "Launch today!".to_string()), ("bluesky".to_string(), "Launch.".to_string())]);
        let result = decide(&item, edit, context()).unwrap();
        assert!(result.edited);
        assert_eq!(result.final_content.platforms, Some(vec!["x".to_string(), "linkedin".to_string()]));
        let variants = result.final_content.variants.unwrap();
        assert_eq!(variants.keys().collect::<Vec<_>>(), vec!["x"], "an unticked platform's variant goes with it");
        assert_eq!(variants.get("x").map(|variant| variant.body.as_str()), Some("Launch today!"));
        assert_eq!(rebuild(&result.changes, ChangeOp::Insert), "Launch day today", "changes diff the shared body");
        let text = result.original.to_json().to_text();
        assert!(text.contains(r#""platforms":["x","linkedin","bluesky"]"#) && text.contains(r#""bluesky":{"body":"Launch."}"#), "{text}");
    }

    #[test]
    fn an_override_whose_reason_the_person_also_ticked_carries_it_once() {
        // Bug: a policy offering `over_limit` among its reason codes, ticked in the "Approve
        // anyway" form, gave the stored result `["over_limit", "over_limit"]`.
        let text = POST.replace(r#""draft""#, r#""policy":{"reason_codes":[{"code":"over_limit"},{"code":"tone"}]},"draft""#);
        let item = parse_item(0, Tape::parse(&text).unwrap().root()).unwrap();
        let mut over = DecisionInput::new(Decision::Approved, "Launch day".into());
        over.over_limit = vec!["X".into()];
        over.override_limits = true;
        over.comment = Some("X Premium account".into());
        over.reasons = vec![OVER_LIMIT_REASON.into(), "tone".into()];
        let result = decide(&item, over, context()).unwrap();
        assert_eq!(result.reasons, vec![OVER_LIMIT_REASON.to_string(), "tone".to_string()]);
    }

    #[test]
    fn approving_over_a_limit_needs_an_override_with_a_reason() {
        let item = parse_item(0, Tape::parse(POST).unwrap().root()).unwrap();
        let mut over = DecisionInput::new(Decision::Approved, "Launch day".into());
        over.over_limit = vec!["X".into()];
        assert_eq!(decide(&item, over.clone(), context()).unwrap_err(), DecisionError::OverLimit("X".into()));
        over.override_limits = true;
        assert_eq!(decide(&item, over.clone(), context()).unwrap_err(), DecisionError::OverrideNeedsReason);
        over.comment = Some("X Premium account".into());
        let result = decide(&item, over.clone(), context()).unwrap();
        assert_eq!((result.reasons, result.comment.as_deref()), (vec![OVER_LIMIT_REASON.to_string()], Some("X Premium account")));
        let mut rejected = over.clone();
        rejected.decision = Decision::Rejected;
        rejected.override_limits = false;
        assert!(decide(&item, rejected, context()).is_ok(), "only approving is held back by the limits");
        let mut nowhere = DecisionInput::new(Decision::Approved, "Launch day".into());
        nowhere.platforms = Some(vec![]);
        assert_eq!(decide(&item, nowhere, context()).unwrap_err(), DecisionError::NoPlatform);
    }

    #[test]
    fn an_edited_approval_records_the_word_changes_and_echoes_metadata() {
        let result = decide(&item(), input(Decision::Approved, "Hi Samantha, thanks for the demo."), context()).unwrap();
        assert!(result.edited);
        assert_eq!(result.item_version.as_deref(), Some("3"));
        assert_eq!(result.final_content.body.as_deref(), Some("Hi Samantha, thanks for the demo."));
        assert_eq!(rebuild(&result.changes, ChangeOp::Delete), "Hi Sam, thanks for the demo.");
        assert_eq!(rebuild(&result.changes, ChangeOp::Insert), "Hi Samantha, thanks for the demo.");
        assert_eq!(result.metadata.unwrap().to_text(), r#"{"run":7,"tags":["a","b"]}"#);
        let json = decide(&item(), input(Decision::Approved, "x"), context()).unwrap().to_json();
        assert_eq!(json.get("schema").and_then(Json::as_str), Some("countersign.result.v1"));
        assert_eq!(json.get("final").and_then(|content| content.get("subject")).and_then(Json::as_str), Some("Next steps"));
        assert_eq!(json.get("reviewer").and_then(|reviewer| reviewer.get("id")).and_then(Json::as_str), Some("u-17"));
    }

    #[test]
    fn an_untouched_approval_is_not_edited() {
        let result = decide(&item(), input(Decision::Approved, "Hi Sam, thanks for the demo."), context()).unwrap();
        assert!(!result.edited);
        assert!(result.changes.iter().all(|change| change.op == ChangeOp::Equal));
    }

    #[test]
    fn a_rejection_needs_a_reason_when_the_policy_says_so() {
        let error = decide(&item(), input(Decision::Rejected, "Hi Sam, thanks for the demo."), context()).unwrap_err();
        assert_eq!(error, DecisionError::ReasonRequired("reject"));
        let mut with_reason = input(Decision::Rejected, "Hi Sam, thanks for the demo.");
        with_reason.reasons = vec!["tone".into()];
        with_reason.comment = Some("Too pushy".into());
        let result = decide(&item(), with_reason, context()).unwrap();
        assert_eq!((result.reasons, result.comment.as_deref()), (vec!["tone".to_string()], Some("Too pushy")));
    }

    #[test]
    fn a_policy_that_forbids_editing_keeps_the_original_text() {
        let mut item = item();
        item.policy.allow_edit = false;
        item.policy.allow_skip = false;
        let result = decide(&item, input(Decision::Approved, "changed"), context()).unwrap();
        assert!(!result.edited);
        assert_eq!(result.final_content.body.as_deref(), Some("Hi Sam, thanks for the demo."));
        assert_eq!(decide(&item, input(Decision::Skipped, ""), context()).unwrap_err(), DecisionError::NotAllowed("skip"));
    }

    #[test]
    fn a_policy_without_approve_lets_a_draft_through_only_once_it_is_edited() {
        let mut item = item();
        item.policy.allow_approve = false;
        let untouched = input(Decision::Approved, "Hi Sam, thanks for the demo.");
        assert_eq!(decide(&item, untouched, context()).unwrap_err(), DecisionError::NeedsEdit);
        let result = decide(&item, input(Decision::Approved, "Hi Sam, thanks for Tuesday's demo."), context()).unwrap();
        assert!(result.edited);
        // Without edits allowed either, there is nothing to approve.
        item.policy.allow_edit = false;
        assert_eq!(decide(&item, input(Decision::Approved, "changed"), context()).unwrap_err(), DecisionError::NotAllowed("approve"));
        // Read from the item's JSON, where it is absent (allowed) unless said.
        let said = parse_item(0, Tape::parse(&EMAIL.replace(r#""policy":{"#, r#""policy":{"allow_approve":false,"#)).unwrap().root()).unwrap();
        assert!(!said.policy.allow_approve && self::item().policy.allow_approve);
    }

    #[test]
    fn a_json_draft_is_approved_only_while_it_is_a_json_object() {
        let item = parse_item(0, Tape::parse(r#"{"id":"call","kind":"message","draft":{"body":"{\"amount\": 4800}","format":"json"}}"#).unwrap().root()).unwrap();
        assert!(item.draft.as_ref().is_some_and(|draft| draft.body_is_json));
        for broken in ["{\"amount\": 4800", "[4800]", "", "amount: 4800"] {
            assert_eq!(decide(&item, DecisionInput::new(Decision::Approved, broken.into()), context()).unwrap_err(), DecisionError::NotJsonObject, "{broken:?}");
        }
        let result = decide(&item, DecisionInput::new(Decision::Approved, "{\"amount\": 4500}".into()), context()).unwrap();
        assert_eq!(result.final_content.body.as_deref(), Some("{\"amount\": 4500}"));
        // Only an approval sends the arguments on: rejecting a broken draft is fine.
        assert!(decide(&item, DecisionInput::new(Decision::Rejected, "{".into()), context()).is_ok());
        // Plain text is never checked.
        let text = parse_item(0, Tape::parse(r#"{"id":"t","kind":"message","draft":{"body":"{ not json","format":"text"}}"#).unwrap().root()).unwrap();
        assert!(decide(&text, DecisionInput::new(Decision::Approved, "{ still not".into()), context()).is_ok());
    }

    const LEADS: &str = r#"{"id":"itm_l","kind":"lead_list","leads":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":"d"}],
        "rationale":{"points":[{"text":"Ranked by intent"},{"text":"Excludes customers"}]}}"#;

    #[test]
    fn a_lead_list_records_order_exclusions_notes_and_rank_metrics() {
        let item = parse_item(0, Tape::parse(LEADS).unwrap().root()).unwrap();
        let mut edits = LeadEdits::from_item(&item);
        edits.move_to("c", 0);
        edits.exclude("b", Some("Already a customer".into()));
        edits.set_note("a", "Personal agreement with their CFO");
        let mut input = DecisionInput::new(Decision::Approved, String::new());
        input.leads = Some(edits);
        let result = decide(&item, input, context()).unwrap();
        assert!(result.edited);
        assert_eq!(result.final_content.order, Some(vec!["c".to_string(), "a".to_string(), "d".to_string()]));
        assert_eq!(result.final_content.excluded, Some(vec!["b".to_string()]));
        let text = result.to_json().to_text();
        assert!(text.contains(r#""final":{"order":["c","a","d"],"excluded":["b"],"notes":{"a":"Personal agreement with their CFO"},"exclusion_reasons":{"b":"Already a customer"}}"#), "{text}");
        // Among the kept a, c, d: (a,c) is discordant, (a,d) and (c,d) concordant: (2 - 1) / 3.
        assert!(text.contains(r#""metrics":{"kendall_tau":0.3333,"moved":2,"excluded":1}"#), "{text}");
        let untouched = decide(&item, DecisionInput::new(Decision::Approved, String::new()), context()).unwrap();
        assert!(!untouched.edited);
        assert_eq!(untouched.metrics.map(|metrics| (metrics.kendall_tau, metrics.moved, metrics.excluded)), Some((1.0, 0, 0)));
    }

    #[test]
    fn verdicts_on_points_are_carried_and_checked() {
        let item = parse_item(0, Tape::parse(LEADS).unwrap().root()).unwrap();
        let mut input = DecisionInput::new(Decision::Rejected, String::new());
        input.points = vec![PointVerdict { index: 1, verdict: "disagree".into(), note: Some("We sell to customers too".into()) }];
        let result = decide(&item, input.clone(), context()).unwrap();
        assert!(result.to_json().to_text().contains(r#""points":[{"index":1,"verdict":"disagree","note":"We sell to customers too"}]"#));
        input.points[0].index = 2;
        assert_eq!(decide(&item, input.clone(), context()).unwrap_err(), DecisionError::BadVerdict(2));
        input.points[0] = PointVerdict { index: 0, verdict: "maybe".into(), note: None };
        assert_eq!(decide(&item, input, context()).unwrap_err(), DecisionError::BadVerdict(0));
    }

    #[test]
    fn a_body_exactly_at_the_limit_is_decided_and_one_character_over_is_refused() {
        // Bug: a body over the 100,000 characters the server stores was decided and queued;
        // the server refused it (422, never retried), and the decision sat failed for good.
        let at_limit = "é".repeat(MAX_TEXT_CHARS);
        let result = decide(&item(), input(Decision::Approved, &at_limit), context()).unwrap();
        assert_eq!(result.final_content.body.map(|body| body.chars().count()), Some(MAX_TEXT_CHARS), "characters, not bytes: 200,000 of them");
        let over = format!("{at_limit}{}", "x".repeat(12_345));
        for decision in [Decision::Approved, Decision::Skipped] {
            assert_eq!(decide(&item(), input(decision, &over), context()).unwrap_err(), DecisionError::TooLong { field: TextField::Body, over: 12_345 }, "{decision:?}");
        }
        let mut rejected = input(Decision::Rejected, &over);
        rejected.reasons = vec!["tone".into()];
        assert_eq!(decide(&item(), rejected, context()).unwrap_err(), DecisionError::TooLong { field: TextField::Body, over: 12_345 }, "a rejection carries the edited body too");
        assert_eq!(DecisionError::TooLong { field: TextField::Body, over: 12_345 }.to_string(), "The body is 12345 characters over the 100000 a result can carry.");
        // A body the policy does not let the person edit is the item's, whatever was typed.
        let mut locked = item();
        locked.policy.allow_edit = false;
        assert!(decide(&locked, input(Decision::Approved, &over), context()).is_ok());
    }

    #[test]
    fn a_result_too_large_to_send_is_refused_though_each_text_is_within_the_limit() {
        // Bug: with every text within 100,000 characters, a result could still be over the
        // server's 1 MiB request cap, as it carries the draft as it was and as edited, each
        // twice (as text and in the diff's runs). The server refused it (413, never retried)
        // and the decision sat in the outbox, failed for good.
        let item = parse_item(0, Tape::parse(&EMAIL.replace("Hi Sam, thanks for the demo.", &"語".repeat(80_000))).unwrap().root()).unwrap();
        let rewritten = "本".repeat(MAX_TEXT_CHARS);
        let size = |result: ReviewResult| result.to_json().to_text().len();
        for decision in [Decision::Approved, Decision::Skipped] {
            let error = decide(&item, input(decision, &rewritten), context()).unwrap_err();
            assert!(matches!(error, DecisionError::TooLarge { kib } if kib * 1024 > MAX_REQUEST_BYTES && kib < 1_100), "{decision:?}: {error:?}");
        }
        let error = decide(&item, input(Decision::Approved, &rewritten), context()).unwrap_err();
        assert_eq!(error.to_string(), "This decision is too large to send: its result would be 1056 KiB, over the 1024 KiB the server accepts. It carries the draft as it was and as edited: shorten the longest text.");
        // Shortened, or left as it was, the draft is sent, as the text that was measured.
        let (shortened, json) = decide_with_json(&item, input(Decision::Approved, &"本".repeat(60_000)), context()).unwrap();
        assert_eq!(json, shortened.to_json().to_text());
        assert!(size(shortened) <= MAX_REQUEST_BYTES);
        assert!(decide(&item, input(Decision::Approved, &"語".repeat(80_000)), context()).is_ok());
        // A text over its own limit is named first, however large the whole.
        let over = "本".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(decide(&item, input(Decision::Approved, &over), context()).unwrap_err(), DecisionError::TooLong { field: TextField::Body, over: 1 });
    }

    #[test]
    fn a_thousand_reasons_and_over_limit_are_refused_as_the_server_would_refuse_them() {
        // Bug: a policy may offer 1,000 reason codes; all of them ticked on a post approved over
        // a platform's limit, `over_limit` made 1,001 reasons, more than a list may have, and
        // the server refused the result (422, never retried).
        let codes = (0..MAX_LIST_LEN).map(|at| format!(r#"{{"code":"c{at}"}}"#)).collect::<Vec<_>>().join(",");
        let text = POST.replace(r#""draft""#, &format!(r#""policy":{{"reason_codes":[{codes}]}},"draft""#));
        let item = parse_item(0, Tape::parse(&text).unwrap().root()).unwrap();
        let mut over = DecisionInput::new(Decision::Approved, "Launch day".into());
        (over.over_limit, over.override_limits, over.comment) = (vec!["X".into()], true, Some("X Premium account".into()));
        over.reasons = (0..MAX_LIST_LEN).map(|at| format!("c{at}")).collect();
        let error = decide(&item, over.clone(), context()).unwrap_err();
        assert_eq!(error, DecisionError::Unsendable("reasons: 1001 entries; a list may have at most 1000".into()));
        assert_eq!(error.to_string(), "This decision cannot be sent: the server would refuse it (reasons: 1001 entries; a list may have at most 1000).");
        over.reasons.pop();
        assert_eq!(decide(&item, over, context()).map(|result| result.reasons.len()), Ok(MAX_LIST_LEN), "one fewer is sent");
    }

    #[test]
    fn every_text_the_person_writes_is_held_to_the_limit() {
        let long = || "x".repeat(MAX_TEXT_CHARS + 1);
        let refused = |item: &ReviewItem, input: DecisionInput| decide(item, input, context()).err();
        let too_long = |field: TextField| Some(DecisionError::TooLong { field, over: 1 });

        let mut subject = input(Decision::Approved, "Hi");
        subject.subject = Some(long());
        assert_eq!(refused(&item(), subject), too_long(TextField::Subject));
        let mut comment = input(Decision::Rejected, "Hi");
        (comment.reasons, comment.comment) = (vec!["tone".into()], Some(long()));
        assert_eq!(refused(&item(), comment), too_long(TextField::Comment));
        let mut feedback = input(Decision::Regenerate, "Hi");
        feedback.feedback = Some(long());
        assert_eq!(refused(&item(), feedback), too_long(TextField::Feedback));

        let post = parse_item(0, Tape::parse(POST).unwrap().root()).unwrap();
        let mut variant = DecisionInput::new(Decision::Approved, "Launch day".into());
        variant.variants = Some(vec![("x".to_string(), "Launch!".to_string()), ("bluesky".to_string(), long())]);
        assert_eq!(refused(&post, variant.clone()), too_long(TextField::Variant("Bluesky".into())));
        variant.platforms = Some(vec!["x".into(), "linkedin".into()]);
        assert_eq!(refused(&post, variant), None, "an unticked platform's text is not sent");

        let leads = parse_item(0, Tape::parse(r#"{"id":"l","kind":"lead_list","leads":[{"id":"a","name":"Dana Kim"},{"id":"b","name":"Sam Lee"}],
            "rationale":{"points":[{"text":"Ranked by intent"}]}}"#).unwrap().root()).unwrap();
        let with_leads = |edit: &dyn Fn(&mut LeadEdits)| {
            let mut edits = LeadEdits::from_item(&leads);
            edit(&mut edits);
            DecisionInput { leads: Some(edits), ..DecisionInput::new(Decision::Approved, String::new()) }
        };
        assert_eq!(refused(&leads, with_leads(&|edits| edits.set_note("a", &long()))), too_long(TextField::LeadNote("Dana Kim".into())));
        assert_eq!(refused(&leads, with_leads(&|edits| edits.exclude("b", Some(long())))), too_long(TextField::ExclusionReason("Sam Lee".into())));
        let mut point = with_leads(&|_| {});
        point.points = vec![PointVerdict { index: 0, verdict: "disagree".into(), note: Some(long()) }];
        assert_eq!(refused(&leads, point), too_long(TextField::PointNote(1)));
    }
}
