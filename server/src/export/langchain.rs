//! The `langchain` export: each decision in LangChain's human-in-the-loop vocabulary, to resume
//! an agent: `approve`, `edit` with the edited arguments, `reject` with a message (a
//! regeneration's feedback too: the agent reads it and tries again), `respond` with the
//! person's answer to an "ask the user" action. Skips are left out (the agent keeps waiting).
//!
//! An item made by the widget's `fromLangChainInterrupt` carries its tool call in
//! `metadata.langchain` and exports exactly what `toLangChainResume` (src/element/langchain.js)
//! gives for it, or nothing where that function throws; tests/fixtures/langchain/agreement.json
//! holds the cases both sides are tested against. A pipeline's own item may carry its call in
//! `metadata.action` (`{name, args}`); other items get a tool name by kind (`send_email`…).

use countersign::json::Json;

use super::{echoed, or_null, path, said, string};

/// The decisions LangChain's `HumanInTheLoopMiddleware` knows.
const ALL_DECISIONS: [&str; 4] = ["approve", "edit", "reject", "respond"];

/// The line for `result` (deciding the stored `item`, when known), or `None` when it is left
/// out: a skip, or what `toLangChainResume` refuses.
pub(super) fn decision(result: &Json, item: Option<&Json>) -> Option<Json> {
    let decision = string(result.get("decision"))?;
    let edited = matches!(result.get("edited"), Some(Json::Bool(true)));
    let answer = match echoed(result, item, "langchain", is_object) {
        Some(call) => interrupt_answer(&decision, edited, result, written(call)?)?,
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

fn is_object(value: &Json) -> bool {
    matches!(value, Json::Object(_))
}

/// A non-empty string member of `value`: the one test for a name, here and in
/// `toLangChainResume`.
fn named(value: &Json, key: &str) -> Option<String> {
    string(value.get(key)).filter(|name| !name.is_empty())
}

/// `call` when it is a `metadata.langchain` as `fromLangChainInterrupt` writes it, by the same
/// test as `written` in src/element/langchain.js: an `interrupt` string, a whole `index` below
/// a whole `count`, a `name`, `args` as an object, `allowed` as a list of LangChain's
/// decisions, and an `edit` rule. `toLangChainResume` throws on any other, so the export leaves
/// it out rather than guess (a call without `edit` was exported as if it had one).
fn written(call: &Json) -> Option<&Json> {
    let whole = |key: &str| call.get(key).and_then(Json::as_f64).filter(|number| number.is_finite() && number.fract() == 0.0);
    let (index, count) = (whole("index")?, whole("count")?);
    let allowed = call.get("allowed").and_then(Json::as_array)?;
    let edit = call.get("edit").filter(|edit| is_object(edit))?;
    let rule = matches!(edit.get("respond"), Some(Json::Bool(true)))
        || matches!(edit.get("json"), Some(Json::Bool(true)))
        || named(edit, "text").is_some()
        || (named(edit, "subject").is_some() && named(edit, "body").is_some());
    let fine = call.get("interrupt").and_then(Json::as_str).is_some()
        && (0.0..count).contains(&index)
        && named(call, "name").is_some()
        && call.get("args").is_some_and(is_object)
        && allowed.iter().all(|decision| decision.as_str().is_some_and(|decision| ALL_DECISIONS.contains(&decision)))
        && rule;
    fine.then_some(call)
}

/// The tool a decision answers: the pipeline's `metadata.action`, else one named after the kind.
fn action_name(result: &Json, item: Option<&Json>) -> String {
    string(path(echoed(result, item, "action", is_object), &["name"])).unwrap_or_else(|| {
        match string(result.get("kind")).as_deref() {
            Some("email") => "send_email",
            Some("social_post") => "publish_post",
            Some("lead_list") => "update_lead_list",
            _ => "send_message",
        }
        .to_string()
    })
}

/// The tool call's arguments as the person left them: the pipeline's `metadata.action`
/// arguments (when it sent one) with the final content put in. A `null` there is no content,
/// as for the interrupts' calls, and leaves its argument as it was.
fn edited_args(result: &Json, item: Option<&Json>) -> Json {
    let mut args = match path(echoed(result, item, "action", is_object), &["args"]) {
        Some(args @ Json::Object(_)) => args.clone(),
        _ => Json::object(vec![]),
    };
    if let Some(Json::Object(members)) = result.get("final") {
        for (key, value) in members.iter().filter(|(_, value)| !matches!(value, Json::Null)) {
            args.set(key, value.clone());
        }
    }
    args
}

/// The edited arguments of an item from `fromLangChainInterrupt` (its `metadata.langchain` is
/// `call`), by its `edit` rule, as `editedArgs` in src/element/langchain.js: the email's subject
/// and body put back under their argument names, the single text argument replaced, or the
/// edited JSON text parsed. A subject or body the result leaves out or sets to `null` keeps
/// the argument as it was (a text argument used to become empty in the adapter, and a `null`
/// subject `null` here). `None` when the JSON is not an object: `toLangChainResume` refuses it,
/// so the export leaves it out.
fn interrupt_args(result: &Json, call: &Json) -> Option<Json> {
    let mut args = call.get("args").filter(|args| is_object(args))?.clone();
    let edit = call.get("edit")?;
    let final_content = result.get("final");
    let mut put = |key: String, member: &str| {
        if let Some(value) = path(final_content, &[member]).filter(|value| !matches!(value, Json::Null)) {
            args.set(&key, value.clone());
        }
    };
    if let (Some(subject), Some(body)) = (named(edit, "subject"), named(edit, "body")) {
        put(subject, "subject");
        put(body, "body");
        return Some(args);
    }
    if let Some(text) = named(edit, "text") {
        put(text, "body");
        return Some(args);
    }
    let parsed = Json::parse(&string(path(final_content, &["body"]))?).ok()?;
    is_object(&parsed).then_some(parsed)
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
    let name = named(call, "name")?;
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
