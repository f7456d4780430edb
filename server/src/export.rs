//! The training-data export: each stored result as a line of JSON in one of three shapes.
//!
//! - `jsonl`: the result verbatim, joined with the rationale (confidence, risk, model) and
//!   metadata of the item version it decided, and whether the server made it (an
//!   auto-approval, as the server recorded it).
//! - `pairs`: preference pairs for fine-tuning (DPO and the like): an edited approval becomes
//!   `{type: "preference", prompt, chosen, rejected}` (chosen = what the person approved,
//!   rejected = the AI's original); a rejection with reasons or a comment, or a regeneration
//!   with feedback, becomes `{type: "feedback", prompt, rejected, feedback}`. Other decisions
//!   teach nothing here and are left out.
//! - `langchain`: each decision in LangChain's human-in-the-loop vocabulary, to resume an
//!   agent: `approve`, `edit` with the edited arguments, `reject` with a message (a
//!   regeneration's feedback too: the agent reads it and tries again), `respond` with the
//!   person's answer to an "ask the user" action. Skips are left out (the agent keeps waiting).
//!
//! The prompt is the pipeline's `metadata.prompt` when it sent one, else a description of the
//! task built from the item. The LangChain shape is in [`langchain`]. Each `metadata` member is
//! read from the result (which echoes its item's metadata, so a result for an item the server
//! never saw exports the same) before the stored item.

mod langchain;

use countersign::json::Json;

use crate::db::export::ExportRow;

/// The export's shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Every result with its item's rationale and metadata.
    Jsonl,
    /// Preference pairs and feedback lines.
    Pairs,
    /// LangChain human-in-the-loop decisions.
    LangChain,
}

impl Format {
    /// Every format, as `?format=` names them.
    pub const NAMES: [&str; 3] = ["jsonl", "pairs", "langchain"];

    /// The format `?format=` names.
    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "jsonl" => Some(Format::Jsonl),
            "pairs" => Some(Format::Pairs),
            "langchain" => Some(Format::LangChain),
            _ => None,
        }
    }
}

/// `row` as one line (with its newline) in `format`, or `None` when the format leaves it out.
/// A stored result that is not JSON cannot happen (every one was validated before storing);
/// it is left out rather than stopping the export.
pub fn line(format: Format, row: &ExportRow) -> Option<String> {
    let result = Json::parse(&row.result).ok()?;
    let item = row.item.as_deref().and_then(|text| Json::parse(text).ok());
    let value = match format {
        Format::Jsonl => Some(joined(row, result, item.as_ref())),
        Format::Pairs => pair(&result, item.as_ref()),
        Format::LangChain => langchain::decision(&result, item.as_ref()),
    }?;
    let mut text = value.to_text();
    text.push('\n');
    Some(text)
}

fn string(value: Option<&Json>) -> Option<String> {
    value.and_then(Json::as_str).map(str::to_string)
}

fn path<'a>(value: Option<&'a Json>, keys: &[&str]) -> Option<&'a Json> {
    keys.iter().try_fold(value?, |value, key| value.get(key))
}

/// `metadata.<key>` of the result, which echoes its item's, else of the stored item, when
/// `wanted` accepts it there: a member the result leaves out, or gives as something unusable,
/// does not hide the item's.
fn echoed<'a>(result: &'a Json, item: Option<&'a Json>, key: &str, wanted: impl Fn(&Json) -> bool) -> Option<&'a Json> {
    path(Some(result), &["metadata", key]).filter(|value| wanted(value)).or_else(|| path(item, &["metadata", key]).filter(|value| wanted(value)))
}

fn or_null(value: Option<&Json>) -> Json {
    value.cloned().unwrap_or(Json::Null)
}

fn joined(row: &ExportRow, result: Json, item: Option<&Json>) -> Json {
    let item = item.map(|item| {
        let rationale = item.get("rationale").map(|rationale| {
            Json::object(vec![("confidence", or_null(rationale.get("confidence"))), ("risk", or_null(rationale.get("risk"))), ("model", or_null(rationale.get("model")))])
        });
        Json::object(vec![
            ("id", or_null(item.get("id"))),
            ("version", or_null(item.get("version"))),
            ("kind", or_null(item.get("kind"))),
            ("title", or_null(item.get("title"))),
            ("rationale", rationale.unwrap_or(Json::Null)),
            ("metadata", or_null(item.get("metadata"))),
        ])
    });
    Json::object(vec![
        ("seq", Json::Number(row.seq.to_string())),
        ("stored_at", row.stored_at.as_str().into()),
        ("auto_approved", Json::Bool(row.auto_approved)),
        ("result", result),
        ("item", item.unwrap_or(Json::Null)),
    ])
}

/// The text of an `original` or `final` block: the subject and the body of an email, the
/// body otherwise; `None` for a lead list.
fn text_of(content: Option<&Json>) -> Option<String> {
    let body = string(content?.get("body"))?;
    Some(match string(content?.get("subject")) {
        Some(subject) if !subject.is_empty() => format!("Subject: {subject}\n\n{body}"),
        _ => body,
    })
}

/// What the AI was asked: the pipeline's `metadata.prompt`, else the task described.
fn prompt(result: &Json, item: Option<&Json>) -> String {
    if let Some(prompt) = string(echoed(result, item, "prompt", |prompt| prompt.as_str().is_some())) {
        return prompt;
    }
    let task = match string(result.get("kind")).as_deref() {
        Some("email") => "Write an email",
        Some("social_post") => "Write a social post",
        Some("lead_list") => "Rank these leads",
        _ => "Write a message",
    };
    let mut prompt = task.to_string();
    if let Some(title) = string(path(item, &["title"])) {
        prompt.push_str(&format!(": {title}"));
    }
    let recipient = path(item, &["context", "recipient"]);
    let who: Vec<String> = ["name", "title", "company"].iter().filter_map(|key| string(path(recipient, &[key]))).collect();
    if !who.is_empty() {
        prompt.push_str(&format!(" (to {})", who.join(", ")));
    }
    prompt
}

/// What the person said about a decision: the `first` text member, else the `second`, else
/// the reason codes joined. A blank text counts as unsaid, as in the widget's `said`
/// (src/element/langchain.js), so it never hides the other one.
fn said(result: &Json, first: &str, second: &str) -> Option<String> {
    [first, second].iter().filter_map(|key| string(result.get(key))).find(|text| !text.trim().is_empty()).or_else(|| {
        let listed: Vec<&str> = result.get("reasons").and_then(Json::as_array).unwrap_or_default().iter().filter_map(Json::as_str).collect();
        (!listed.is_empty()).then(|| listed.join(", "))
    })
}

fn reasons(result: &Json) -> Json {
    or_null(result.get("reasons"))
}

fn pair(result: &Json, item: Option<&Json>) -> Option<Json> {
    let decision = string(result.get("decision"))?;
    let edited = matches!(result.get("edited"), Some(Json::Bool(true)));
    let original = text_of(result.get("original"));
    let common = |kind: &str| {
        vec![
            ("type", Json::from(kind)),
            ("item_id", or_null(result.get("item_id"))),
            ("model", or_null(path(item, &["rationale", "model"]))),
            ("prompt", prompt(result, item).into()),
        ]
    };
    match decision.as_str() {
        "approved" if edited => {
            let chosen = text_of(result.get("final"))?;
            let rejected = original?;
            (chosen != rejected).then(|| Json::object(common("preference").into_iter().chain([("chosen", chosen.into()), ("rejected", rejected.into()), ("reasons", reasons(result))]).collect()))
        }
        "rejected" | "regenerate" => {
            let feedback = said(result, "feedback", "comment")?;
            Some(Json::object(common("feedback").into_iter().chain([("rejected", original.map(Json::from).unwrap_or(Json::Null)), ("feedback", feedback.into()), ("reasons", reasons(result))]).collect()))
        }
        _ => None,
    }
}
