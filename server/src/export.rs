//! The training-data export: each stored result as a line of JSON in one of three shapes.
//!
//! - `jsonl`: the result verbatim, joined with the rationale (confidence, risk, model) and
//!   metadata of the item version it decided.
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
//! The prompt is the item's `metadata.prompt` when the pipeline sent one, else a description
//! of the task built from the item. An item made by the widget's `fromLangChainInterrupt`
//! carries its tool call in `metadata.langchain` (`{name, args, allowed, edit}`, the same rules
//! as `toLangChainResume`), read from the result (which echoes it) before the stored item; a
//! pipeline's own in `metadata.action` (`{name, args}`); other items get a tool name by kind
//! (`send_email`…).

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
        Format::LangChain => langchain(&result, item.as_ref()),
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
    Json::object(vec![("seq", Json::Number(row.seq.to_string())), ("stored_at", row.stored_at.as_str().into()), ("result", result), ("item", item.unwrap_or(Json::Null))])
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
    if let Some(prompt) = string(path(item, &["metadata", "prompt"])) {
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

/// The tool a decision answers: the interrupt's own, else one named after the kind.
fn action_name(result: &Json, item: Option<&Json>) -> String {
    string(path(item, &["metadata", "action", "name"])).unwrap_or_else(|| {
        match string(result.get("kind")).as_deref() {
            Some("email") => "send_email",
            Some("social_post") => "publish_post",
            Some("lead_list") => "update_lead_list",
            _ => "send_message",
        }
        .to_string()
    })
}

/// The tool call's arguments as the person left them: the interrupt's own arguments (when the
/// item came from one) with what the person edited put in.
fn edited_args(result: &Json, item: Option<&Json>) -> Json {
    let mut args = match path(item, &["metadata", "action", "args"]) {
        Some(args @ Json::Object(_)) => args.clone(),
        _ => Json::object(vec![]),
    };
    if let Some(Json::Object(members)) = result.get("final") {
        for (key, value) in members {
            args.set(key, value.clone());
        }
    }
    args
}

/// The edited arguments of an item from `fromLangChainInterrupt` (its `metadata.langchain` is
/// `call`), by its `edit` rule: the email's subject and body put back under their argument
/// names, the single text argument replaced, or the edited JSON text parsed. `None` when that
/// JSON is not an object: `toLangChainResume` refuses it, so the export leaves it out.
fn interrupt_args(result: &Json, call: &Json) -> Option<Json> {
    let mut args = match call.get("args") {
        Some(args @ Json::Object(_)) => args.clone(),
        _ => return None,
    };
    let edit = call.get("edit")?;
    let final_content = result.get("final");
    let mut put = |key: Option<String>, member: &str| {
        if let (Some(key), Some(value)) = (key, path(final_content, &[member])) {
            args.set(&key, value.clone());
        }
    };
    if edit.get("subject").is_some() {
        put(string(edit.get("subject")), "subject");
        put(string(edit.get("body")), "body");
        return Some(args);
    }
    if edit.get("text").is_some() {
        put(string(edit.get("text")), "body");
        return Some(args);
    }
    let parsed = Json::parse(&string(path(final_content, &["body"]))?).ok()?;
    matches!(parsed, Json::Object(_)).then_some(parsed)
}

fn langchain(result: &Json, item: Option<&Json>) -> Option<Json> {
    let decision = string(result.get("decision"))?;
    let edited = matches!(result.get("edited"), Some(Json::Bool(true)));
    let answer = match interrupt_call(result, item) {
        Some(call) => interrupt_answer(&decision, edited, result, call)?,
        None => match decision.as_str() {
            "approved" if edited => Json::object(vec![("type", "edit".into()), ("edited_action", Json::object(vec![("name", action_name(result, item).into()), ("args", edited_args(result, item))]))]),
            "approved" => Json::object(vec![("type", "approve".into())]),
            "rejected" | "regenerate" => rejection(result, &decision),
            _ => return None,
        },
    };
    Some(Json::object(vec![
        ("item_id", or_null(result.get("item_id"))),
        ("idempotency_key", or_null(result.get("idempotency_key"))),
        ("decided_at", or_null(result.get("decided_at"))),
        ("decision", answer),
    ]))
}

/// The tool call of an item made by `fromLangChainInterrupt`: the result's own
/// `metadata.langchain` (every result echoes its item's metadata, and `toLangChainResume`
/// reads only the results), else the stored item's; `None` for other items.
fn interrupt_call<'a>(result: &'a Json, item: Option<&'a Json>) -> Option<&'a Json> {
    let object = |call: &&Json| matches!(call, Json::Object(_));
    path(Some(result), &["metadata", "langchain"]).filter(object).or_else(|| path(item, &["metadata", "langchain"]).filter(object))
}

/// A rejection's message: its comment (else its reason codes); a regeneration's feedback, sent
/// back as a rejection so the agent tries again (`respond` would tell it the tool ran).
fn rejection(result: &Json, decision: &str) -> Json {
    let message = if decision == "rejected" {
        said(result, "comment", "feedback").unwrap_or_else(|| "Rejected by the reviewer.".into())
    } else {
        said(result, "feedback", "comment").unwrap_or_else(|| "Write another draft.".into())
    };
    Json::object(vec![("type", "reject".into()), ("message", message.into())])
}

/// The decision for an item of `fromLangChainInterrupt`, whose `metadata.langchain` is `call`,
/// by the rules of `toLangChainResume` (src/element/langchain.js), in the interrupt's spelling
/// (`editedAction` for LangChain.js). `None` where that function refuses: a decision the action
/// does not allow, an empty answer, edited JSON arguments that are not an object.
fn interrupt_answer(decision: &str, edited: bool, result: &Json, call: &Json) -> Option<Json> {
    let allows = |wanted: &str| call.get("allowed").and_then(Json::as_array).is_some_and(|allowed| allowed.iter().any(|entry| entry.as_str() == Some(wanted)));
    let name = string(call.get("name"))?;
    let text = string(path(result.get("final"), &["body"])).unwrap_or_default();
    match decision {
        // The person's text is the answer when the action takes one and its arguments cannot be edited.
        "approved" if allows("respond") && !allows("edit") && (edited || !allows("approve")) => {
            (!text.trim().is_empty()).then(|| Json::object(vec![("type", "respond".into()), ("message", text.into())]))
        }
        "approved" if !edited && allows("approve") => Some(Json::object(vec![("type", "approve".into())])),
        "approved" if allows("edit") => {
            let args = if edited { interrupt_args(result, call)? } else { call.get("args")?.clone() };
            let key = if string(call.get("casing")).as_deref() == Some("camel") { "editedAction" } else { "edited_action" };
            Some(Json::object(vec![("type", "edit".into()), (key, Json::object(vec![("name", name.into()), ("args", args)]))]))
        }
        "rejected" | "regenerate" if allows("reject") => Some(rejection(result, decision)),
        _ => None,
    }
}
