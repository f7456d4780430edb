//! A [`ReviewResult`] as JSON (contract §4) and back. Optional members are left out when
//! absent, so a result carries only what was decided.

use crate::key_map::KeyMap;

use crate::json::{read, read_json, Fields, Json, Problem, Value};

use super::item::Kind;
use super::read::read_variant;
use super::reviewer::check_reviewer;
use super::result::{Change, ChangeOp, Client, Content, Decision, Metrics, PointVerdict, ReviewResult};

/// An object of the present members, in order.
fn present(members: Vec<(&str, Option<Json>)>) -> Json {
    Json::object(members.into_iter().filter_map(|(key, value)| value.map(|value| (key, value))).collect())
}

fn strings(values: &[String]) -> Json {
    Json::Array(values.iter().map(|value| Json::from(value.as_str())).collect())
}

fn string_map(map: &KeyMap<String>) -> Json {
    Json::Object(map.iter().map(|(key, value)| (key.clone(), value.as_str().into())).collect())
}

impl ReviewResult {
    /// The result as the JSON that is posted and put in the `decision` event.
    pub fn to_json(&self) -> Json {
        present(vec![
            ("schema", Some(self.schema.clone().into())),
            ("idempotency_key", Some(self.idempotency_key.clone().into())),
            ("item_id", Some(self.item_id.clone().into())),
            ("item_version", self.item_version.clone().map(Json::from)),
            ("kind", Some(self.kind.as_str().into())),
            ("decision", Some(self.decision.as_str().into())),
            ("edited", Some(self.edited.into())),
            ("original", Some(self.original.to_json())),
            ("final", Some(self.final_content.to_json())),
            ("points", (!self.points.is_empty()).then(|| Json::Array(self.points.iter().map(PointVerdict::to_json).collect()))),
            ("changes", Some(Json::Array(self.changes.iter().map(|change| Json::object(vec![("op", change.op.as_str().into()), ("text", change.text.clone().into())])).collect()))),
            ("reasons", Some(strings(&self.reasons))),
            ("comment", self.comment.clone().map(Json::from)),
            ("feedback", self.feedback.clone().map(Json::from)),
            ("reviewer", self.reviewer.clone()),
            ("opened_at", Some(self.opened_at.clone().into())),
            ("decided_at", Some(self.decided_at.clone().into())),
            ("active_ms", Some(self.active_ms.into())),
            ("metadata", self.metadata.clone()),
            ("metrics", self.metrics.as_ref().map(|metrics| Json::object(vec![("kendall_tau", Json::decimal(metrics.kendall_tau, 4)), ("moved", metrics.moved.into()), ("excluded", metrics.excluded.into())]))),
            ("client", Some(Json::object(vec![("name", self.client.name.clone().into()), ("version", self.client.version.clone().into())]))),
        ])
    }

    /// Reads a result from its JSON text's tape (the server's `POST /api/results`).
    pub fn read(value: Value<'_>) -> Result<ReviewResult, Problem> {
        read(value, Self::read_fields)
    }

    /// Reads a result held as a [`Json`] tree (a Rust host's `countersign:decision` detail).
    pub fn from_json(value: &Json) -> Result<ReviewResult, Problem> {
        read_json(value, Self::read_fields)
    }

    fn read_fields(result: &Fields) -> ReviewResult {
        let kind = result.required("kind").and_then(|_| result.choice("kind", &Kind::ALL, Kind::as_str));
        let decision = result.required("decision").and_then(|_| result.choice("decision", &Decision::ALL, Decision::as_str));
        // Stand-ins where a member is wrong: `read` then answers the problem, not the result.
        ReviewResult {
            schema: result.required_string("schema"),
            idempotency_key: result.required_string("idempotency_key"),
            item_id: result.required_string("item_id"),
            item_version: result.string_or_number("item_version"),
            kind: kind.unwrap_or(Kind::Email),
            decision: decision.unwrap_or(Decision::Skipped),
            edited: result.bool_or("edited", false),
            original: result.required("original").map(|original| read_content(result.member(original, "original"))).unwrap_or_default(),
            final_content: result.required("final").map(|content| read_content(result.member(content, "final"))).unwrap_or_default(),
            points: result.list("points", |point, path| read_point_verdict(result.at(point, path))).unwrap_or_default(),
            changes: result.list("changes", |change, path| read_change(result.at(change, path))).unwrap_or_default(),
            reasons: result.strings("reasons"),
            comment: result.string("comment"),
            feedback: result.string("feedback"),
            reviewer: result.value("reviewer").map(|reviewer| {
                check_reviewer(&result.member(reviewer, "reviewer"));
                reviewer.to_json()
            }),
            opened_at: result.required_string("opened_at"),
            decided_at: result.required_string("decided_at"),
            active_ms: result.required_count("active_ms").unwrap_or_default(),
            metadata: result.value("metadata").map(Value::to_json),
            metrics: result.object("metrics", |metrics| Metrics {
                kendall_tau: metrics.number("kendall_tau").unwrap_or(1.0),
                moved: metrics.count("moved").unwrap_or_default() as usize,
                excluded: metrics.count("excluded").unwrap_or_default() as usize,
            }),
            client: result
                .object("client", |client| Client { name: client.string("name").unwrap_or_default(), version: client.string("version").unwrap_or_default() })
                .unwrap_or_default(),
        }
    }
}

impl Content {
    /// The content as JSON, with only the members this kind has.
    pub fn to_json(&self) -> Json {
        present(vec![
            ("subject", self.subject.clone().map(Json::from)),
            ("body", self.body.clone().map(Json::from)),
            ("platforms", self.platforms.as_deref().map(strings)),
            ("variants", self.variants.as_ref().map(|variants| Json::Object(variants.iter().map(|(platform, variant)| (platform.clone(), Json::object(vec![("body", variant.body.clone().into())]))).collect()))),
            ("order", self.order.as_deref().map(strings)),
            ("excluded", self.excluded.as_deref().map(strings)),
            ("notes", self.notes.as_ref().map(string_map)),
            ("exclusion_reasons", self.exclusion_reasons.as_ref().map(string_map)),
        ])
    }
}

impl PointVerdict {
    fn to_json(&self) -> Json {
        present(vec![("index", Some(self.index.into())), ("verdict", Some(self.verdict.clone().into())), ("note", self.note.clone().map(Json::from))])
    }
}

fn read_content(content: Fields) -> Content {
    Content {
        subject: content.string("subject"),
        body: content.string("body"),
        platforms: content.optional_strings("platforms"),
        variants: content.map("variants", |variant, path| read_variant(content.at(variant, path))),
        order: content.optional_strings("order"),
        excluded: content.optional_strings("excluded"),
        notes: content.map("notes", |note, path| content.string_at(note, path)),
        exclusion_reasons: content.map("exclusion_reasons", |reason, path| content.string_at(reason, path)),
    }
}

fn read_point_verdict(point: Fields) -> PointVerdict {
    let index = point.required_count("index").unwrap_or_default();
    PointVerdict { index: index as usize, verdict: point.required_string("verdict"), note: point.string("note") }
}

fn read_change(change: Fields) -> Change {
    let op = change.required("op").and_then(|_| change.choice("op", &ChangeOp::ALL, ChangeOp::as_str));
    Change { op: op.unwrap_or(ChangeOp::Equal), text: change.string("text").unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> ReviewResult {
        ReviewResult {
            schema: "countersign.result.v1".into(),
            idempotency_key: "k".into(),
            item_id: "itm".into(),
            item_version: Some("3".into()),
            kind: Kind::Email,
            decision: Decision::Approved,
            edited: true,
            original: Content { subject: Some("S".into()), body: Some("Hi Sam".into()), ..Content::default() },
            final_content: Content { subject: Some("S".into()), body: Some("Hi Samantha".into()), ..Content::default() },
            points: vec![PointVerdict { index: 0, verdict: "disagree".into(), note: None }],
            changes: vec![Change { op: ChangeOp::Equal, text: "Hi ".into() }, Change { op: ChangeOp::Delete, text: "Sam".into() }, Change { op: ChangeOp::Insert, text: "Samantha".into() }],
            reasons: vec![],
            comment: Some("ok \"quoted\"".into()),
            feedback: None,
            reviewer: Some(Json::parse(r#"{"id":"u-17"}"#).unwrap()),
            opened_at: "2026-11-22T10:00:00.000Z".into(),
            decided_at: "2026-11-22T10:01:00.000Z".into(),
            active_ms: 4200,
            metadata: Some(Json::parse(r#"{"run":7,"ratio":0.50}"#).unwrap()),
            metrics: Some(Metrics { kendall_tau: 0.5, moved: 2, excluded: 1 }),
            client: Client::default(),
        }
    }

    #[test]
    fn a_result_is_written_in_the_contract_shape_and_read_back_unchanged() {
        let text = result().to_json().to_text();
        assert!(text.starts_with(r#"{"schema":"countersign.result.v1","idempotency_key":"k","item_id":"itm","item_version":"3","kind":"email","decision":"approved","edited":true,"original":{"subject":"S","body":"Hi Sam"},"final":{"subject":"S","body":"Hi Samantha"},"points":[{"index":0,"verdict":"disagree"}],"changes":[{"op":"equal","text":"Hi "}"#), "{text}");
        assert!(text.contains(r#""reasons":[],"comment":"ok \"quoted\"","reviewer":{"id":"u-17"},"opened_at""#), "{text}");
        assert!(text.contains(r#""active_ms":4200,"metadata":{"run":7,"ratio":0.50},"metrics":{"kendall_tau":0.5,"moved":2,"excluded":1},"client":{"name":"countersign""#), "{text}");
        assert!(!text.contains("feedback"), "absent members are left out: {text}");
        assert_eq!(ReviewResult::from_json(&Json::parse(&text).unwrap()), Ok(result()));
    }

    #[test]
    fn a_malformed_result_names_the_member_at_fault() {
        let mut value = result().to_json();
        value.set("decision", "maybe".into());
        assert_eq!(ReviewResult::from_json(&value).unwrap_err().describe(), "decision: unknown value \"maybe\"; expected one of approved, rejected, regenerate, skipped");
        let mut value = result().to_json();
        value.set("active_ms", Json::Number("-1".into()));
        assert_eq!(ReviewResult::from_json(&value).unwrap_err().path, "active_ms");
        let mut value = result().to_json();
        value.set("changes", Json::parse(r#"[{"op":"equal","text":"a"},{"text":"b"}]"#).unwrap());
        assert_eq!(ReviewResult::from_json(&value).unwrap_err().describe(), "changes[1].op: required");
        let mut value = result().to_json();
        value.set("final", Json::Null);
        assert_eq!(ReviewResult::from_json(&value).unwrap_err().describe(), "final: required");
    }
}
