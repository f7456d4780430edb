//! The trust report's numbers: how people decided, broken down by kind, model, risk and
//! confidence; how well the AI's confidence predicts an unedited approval; and, per kind and
//! model, the lowest confidence from which automation can be trusted.
//!
//! Pure: it reads stored results (joined with the item version they decided) and computes.

use countersign::json::Json;
use serde_json::{json, Value};

use crate::db::export::ExportRow;

/// One stored decision, reduced to what the report counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Decided {
    /// `email`, `social_post`, `message` or `lead_list`.
    pub kind: String,
    /// The model that drafted it (`rationale.model`), if the item said.
    pub model: Option<String>,
    /// `low`, `medium` or `high`, if the item said.
    pub risk: Option<String>,
    /// The AI's confidence from 0 to 1, if the item said.
    pub confidence: Option<f64>,
    /// `approved`, `rejected`, `regenerate` or `skipped`.
    pub decision: String,
    /// Whether the person changed the draft.
    pub edited: bool,
    /// Word-level edit distance between the original and the final text (`None` for lead
    /// lists, which have no text).
    pub edit_distance: Option<u64>,
    /// Attentive milliseconds the person spent.
    pub active_ms: u64,
    /// Made by a routing rule, not by a person: as the server recorded when it stored the
    /// result ([`ExportRow::auto_approved`]), never as the result's `reviewer` says.
    pub auto: bool,
}

impl Decided {
    /// Approved exactly as the AI wrote it: the decisions automation would have made.
    pub fn unedited_approval(&self) -> bool {
        self.decision == "approved" && !self.edited
    }
}

/// Word-level edit distance from a result's `changes` (runs of `equal` / `delete` /
/// `insert`): within each run of changes, a replaced word counts once, and an inserted or
/// deleted one once.
pub fn edit_distance(changes: Option<&Json>) -> Option<u64> {
    let changes = changes?.as_array()?;
    let (mut distance, mut deleted, mut inserted) = (0_u64, 0_u64, 0_u64);
    for change in changes {
        let words = change.get("text").and_then(Json::as_str).map_or(0, |text| text.split_whitespace().count() as u64);
        match change.get("op").and_then(Json::as_str) {
            Some("delete") => deleted += words,
            Some("insert") => inserted += words,
            _ => {
                distance += deleted.max(inserted);
                (deleted, inserted) = (0, 0);
            }
        }
    }
    Some(distance + deleted.max(inserted))
}

/// The decision in `row`, or `None` when its result is unreadable (cannot happen: every
/// stored result was validated). Read with the widget's parser, as it was validated: a number
/// out of f64's range somewhere in its metadata does not drop it from the report.
pub fn decided(row: &ExportRow) -> Option<Decided> {
    let result = Json::parse(&row.result).ok()?;
    let item = row.item.as_deref().and_then(|text| Json::parse(text).ok());
    let rationale = item.as_ref().and_then(|item| item.get("rationale"));
    let member = |value: Option<&Json>, key: &str| value.and_then(|value| value.get(key)).and_then(Json::as_str).map(str::to_string);
    let kind = member(Some(&result), "kind")?;
    Some(Decided {
        model: member(rationale, "model"),
        risk: member(rationale, "risk"),
        confidence: rationale.and_then(|rationale| rationale.get("confidence")).and_then(Json::as_f64).filter(|confidence| (0.0..=1.0).contains(confidence)),
        decision: member(Some(&result), "decision")?,
        edited: matches!(result.get("edited"), Some(Json::Bool(true))),
        edit_distance: if kind == "lead_list" { None } else { edit_distance(result.get("changes")).or(Some(0)) },
        // A whole number, as serde_json's `as_u64` read it.
        active_ms: match result.get("active_ms") {
            Some(Json::Number(text)) => text.parse().unwrap_or(0),
            _ => 0,
        },
        auto: row.auto_approved,
        kind,
    })
}

/// Counts for one group of decisions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Every decision.
    pub decisions: u64,
    /// Approved as the AI wrote it.
    pub approved_unedited: u64,
    /// Approved after the person edited it.
    pub edited: u64,
    /// Rejected.
    pub rejected: u64,
    /// Sent back for another draft.
    pub regenerated: u64,
    /// Skipped.
    pub skipped: u64,
    distances: Vec<u64>,
    active: Vec<u64>,
}

impl Tally {
    fn add(&mut self, decided: &Decided) {
        self.decisions += 1;
        match decided.decision.as_str() {
            "approved" if decided.edited => self.edited += 1,
            "approved" => self.approved_unedited += 1,
            "rejected" => self.rejected += 1,
            "regenerate" => self.regenerated += 1,
            _ => self.skipped += 1,
        }
        self.distances.extend(decided.edit_distance);
        self.active.push(decided.active_ms);
    }

    /// Mean word-level edit distance over the decisions with text.
    pub fn mean_edit_distance(&self) -> Option<f64> {
        (!self.distances.is_empty()).then(|| self.distances.iter().sum::<u64>() as f64 / self.distances.len() as f64)
    }

    /// Median attentive review time in milliseconds.
    pub fn median_active_ms(&self) -> Option<f64> {
        median(&self.active)
    }

    /// The share of verdicts (skips left out) that were unedited approvals.
    pub fn unedited_rate(&self) -> Option<f64> {
        let verdicts = self.decisions - self.skipped;
        (verdicts > 0).then(|| self.approved_unedited as f64 / verdicts as f64)
    }

    fn to_json(&self) -> Value {
        json!({
            "decisions": self.decisions,
            "approved_unedited": self.approved_unedited,
            "edited": self.edited,
            "rejected": self.rejected,
            "regenerated": self.regenerated,
            "skipped": self.skipped,
            "unedited_rate": self.unedited_rate().map(round4),
            "mean_edit_distance": self.mean_edit_distance().map(round4),
            "median_active_ms": self.median_active_ms(),
        })
    }
}

fn median(values: &[u64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        length if length % 2 == 1 => Some(sorted[middle] as f64),
        // As floats: two large u64s could overflow when added.
        _ => Some((sorted[middle - 1] as f64 + sorted[middle] as f64) / 2.0),
    }
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// The lower bound of the Wilson score interval for `successes` out of `trials`, at `z`
/// standard deviations (1.96 for 95 % confidence): how low the true rate may plausibly be.
pub fn wilson_lower_bound(successes: u64, trials: u64, z: f64) -> f64 {
    if trials == 0 {
        return 0.0;
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - margin) / (1.0 + z2 / n)).max(0.0)
}

/// What the report recommends for one kind and model.
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// The lowest confidence from which the target held.
    pub confidence: f64,
    /// The unedited-approval rate at and above it.
    pub rate: f64,
    /// How many verdicts that rate is over.
    pub samples: u64,
    /// The Wilson lower bound of the rate (95 %).
    pub lower_bound: f64,
}

/// The lowest confidence `c` such that the verdicts (skips left out) with confidence ≥ `c`
/// number at least `min_samples` and were approved unedited at least `target` of the time.
pub fn threshold(decisions: &[&Decided], target: f64, min_samples: u64) -> Option<Threshold> {
    let mut scored: Vec<(f64, bool)> =
        decisions.iter().filter(|decided| decided.decision != "skipped").filter_map(|decided| Some((decided.confidence?, decided.unedited_approval()))).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut samples, mut approved, mut best) = (0_u64, 0_u64, None);
    for (index, (confidence, unedited)) in scored.iter().enumerate() {
        samples += 1;
        approved += u64::from(*unedited);
        // Only where every decision at this confidence is counted.
        let last_at_this_confidence = scored.get(index + 1).is_none_or(|next| next.0 < *confidence);
        let rate = approved as f64 / samples as f64;
        if last_at_this_confidence && samples >= min_samples && rate >= target {
            best = Some(Threshold { confidence: *confidence, rate, samples, lower_bound: wilson_lower_bound(approved, samples, 1.96) });
        }
    }
    best
}

/// The decile of a confidence: 0 for [0, 0.1), …, 9 for [0.9, 1].
pub fn decile(confidence: f64) -> usize {
    ((confidence * 10.0).floor() as usize).min(9)
}

/// What the report is asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// The unedited-approval rate automation must reach (0.95).
    pub target: f64,
    /// The fewest verdicts a recommendation may stand on (30).
    pub min_samples: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { target: 0.95, min_samples: 30 }
    }
}

/// A named group's tally.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What the group is (`email`, `model-a`, `high`, `0.8–0.9`).
    pub name: String,
    /// Its counts.
    pub tally: Tally,
}

/// One kind and model: its calibration by decile and its recommendation.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// The kind.
    pub kind: String,
    /// The model (`unknown` when items did not say).
    pub model: String,
    /// Per decile: verdicts and unedited approvals.
    pub deciles: [(u64, u64); 10],
    /// The recommended auto-approve threshold, when the data supports one.
    pub threshold: Option<Threshold>,
}

/// How the spot checks of one routing rule turned out.
#[derive(Clone, Debug, PartialEq)]
pub struct SpotCheck {
    /// The rule, as written on the command line.
    pub rule: String,
    /// Items drawn for a person.
    pub drawn: u64,
    /// Of those, decided by now (skips left out).
    pub decided: u64,
    /// Of those, approved unedited.
    pub approved_unedited: u64,
}

impl SpotCheck {
    /// Whether enough spot checks were decided to judge, and the rate met `settings.target`.
    pub fn holds(&self, settings: Settings) -> Option<bool> {
        (self.decided >= settings.min_samples).then(|| self.approved_unedited as f64 / self.decided as f64 >= settings.target)
    }

    /// The outcome in plain words, against `settings`.
    pub fn sentence(&self, settings: Settings) -> String {
        if self.decided == 0 {
            return format!("Spot checks of {}: {} drawn, none decided yet.", self.rule, self.drawn);
        }
        let rate = self.approved_unedited as f64 / self.decided as f64;
        let verdict = match self.holds(settings) {
            Some(true) => "the threshold still holds".to_string(),
            Some(false) => "below the target: the threshold no longer holds, review it".to_string(),
            None => format!("too few decided to judge yet (at least {} are needed)", settings.min_samples),
        };
        format!(
            "Spot checks of {}: {} of {} decided were approved unedited ({:.0} %; Wilson lower bound {:.0} %); {verdict}.",
            self.rule,
            self.approved_unedited,
            self.decided,
            rate * 100.0,
            wilson_lower_bound(self.approved_unedited, self.decided, 1.96) * 100.0
        )
    }
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The settings it was computed with.
    pub settings: Settings,
    /// Every decision.
    pub overall: Tally,
    /// By kind, model, risk and confidence decile.
    pub by_kind: Vec<Group>,
    /// By model.
    pub by_model: Vec<Group>,
    /// By risk.
    pub by_risk: Vec<Group>,
    /// By confidence decile.
    pub by_confidence: Vec<Group>,
    /// Per kind and model.
    pub calibrations: Vec<Calibration>,
    /// Decisions made by routing rules, by kind (left out of everything above).
    pub auto_approved: Vec<(String, u64)>,
    /// How each routing rule's spot checks turned out.
    pub spot_checks: Vec<SpotCheck>,
}

fn grouped(decisions: &[Decided], name: impl Fn(&Decided) -> Option<String>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for decided in decisions {
        let Some(name) = name(decided) else { continue };
        match groups.iter_mut().find(|group| group.name == name) {
            Some(group) => group.tally.add(decided),
            None => {
                let mut tally = Tally::default();
                tally.add(decided);
                groups.push(Group { name, tally });
            }
        }
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups
}

/// The name of a confidence decile: `0.8–0.9`.
pub fn decile_name(decile: usize) -> String {
    format!("{:.1}–{:.1}", decile as f64 / 10.0, (decile + 1) as f64 / 10.0)
}

/// Computes the report over `decisions` (a person's and routing rules') and the routing
/// rules' `spot_checks`. Only people's decisions are tallied: an auto-approval says nothing
/// about how people judge the AI.
pub fn report(all: &[Decided], spot_checks: Vec<SpotCheck>, settings: Settings) -> Report {
    let mut auto_approved: Vec<(String, u64)> = Vec::new();
    for decided in all.iter().filter(|decided| decided.auto) {
        match auto_approved.iter_mut().find(|(kind, _)| *kind == decided.kind) {
            Some((_, count)) => *count += 1,
            None => auto_approved.push((decided.kind.clone(), 1)),
        }
    }
    auto_approved.sort();
    let decisions: Vec<Decided> = all.iter().filter(|decided| !decided.auto).cloned().collect();
    let decisions = decisions.as_slice();
    let mut overall = Tally::default();
    decisions.iter().for_each(|decided| overall.add(decided));
    let mut pairs: Vec<(String, String)> = decisions.iter().map(|decided| (decided.kind.clone(), decided.model.clone().unwrap_or_else(|| "unknown".into()))).collect();
    pairs.sort();
    pairs.dedup();
    let calibrations = pairs
        .into_iter()
        .map(|(kind, model)| {
            let members: Vec<&Decided> = decisions.iter().filter(|decided| decided.kind == kind && decided.model.as_deref().unwrap_or("unknown") == model).collect();
            let mut deciles = [(0_u64, 0_u64); 10];
            for decided in members.iter().filter(|decided| decided.decision != "skipped") {
                if let Some(confidence) = decided.confidence {
                    let slot = &mut deciles[decile(confidence)];
                    slot.0 += 1;
                    slot.1 += u64::from(decided.unedited_approval());
                }
            }
            let threshold = threshold(&members, settings.target, settings.min_samples);
            Calibration { kind, model, deciles, threshold }
        })
        .collect();
    Report {
        settings,
        overall,
        by_kind: grouped(decisions, |decided| Some(decided.kind.clone())),
        by_model: grouped(decisions, |decided| Some(decided.model.clone().unwrap_or_else(|| "unknown".into()))),
        by_risk: grouped(decisions, |decided| Some(decided.risk.clone().unwrap_or_else(|| "unknown".into()))),
        by_confidence: grouped(decisions, |decided| decided.confidence.map(|confidence| decile_name(decile(confidence)))),
        calibrations,
        auto_approved,
        spot_checks,
    }
}

/// A kind in a sentence's plural: "Emails".
pub fn kind_plural(kind: &str) -> String {
    match kind {
        "email" => "Emails".into(),
        "social_post" => "Social posts".into(),
        "message" => "Messages".into(),
        "lead_list" => "Lead lists".into(),
        other => other.to_string(),
    }
}

/// A threshold as shown: rounded *up* to two decimals, so a number copied from the report
/// into `--auto-approve` never covers confidences the evidence does not.
pub fn shown_threshold(confidence: f64) -> f64 {
    ((confidence * 100.0 - 1e-9).ceil() / 100.0).min(1.0)
}

/// The recommendation in plain words.
pub fn sentence(calibration: &Calibration, settings: Settings) -> String {
    let who = format!("{} from {}", kind_plural(&calibration.kind), calibration.model);
    match &calibration.threshold {
        Some(threshold) => format!(
            "{who} with confidence ≥ {:.2} were approved unedited {:.0} % of the time (n = {}; Wilson lower bound {:.0} %); a person is still needed below that.",
            shown_threshold(threshold.confidence),
            threshold.rate * 100.0,
            threshold.samples,
            threshold.lower_bound * 100.0
        ),
        None => format!(
            "{who}: no confidence level reaches {:.0} % unedited approval over at least {} decisions yet; a person is still needed for every one.",
            settings.target * 100.0,
            settings.min_samples
        ),
    }
}

impl Report {
    /// The report as `GET /api/stats` answers it.
    pub fn to_json(&self) -> Value {
        let groups = |groups: &[Group]| groups.iter().map(|group| json!({"name": group.name, "tally": group.tally.to_json()})).collect::<Vec<_>>();
        json!({
            "settings": {"target": self.settings.target, "min_samples": self.settings.min_samples},
            "overall": self.overall.to_json(),
            "by_kind": groups(&self.by_kind),
            "by_model": groups(&self.by_model),
            "by_risk": groups(&self.by_risk),
            "by_confidence": groups(&self.by_confidence),
            "calibration": self.calibrations.iter().map(|calibration| json!({
                "kind": calibration.kind,
                "model": calibration.model,
                "deciles": calibration.deciles.iter().enumerate().map(|(decile, (verdicts, unedited))| json!({
                    "bucket": decile_name(decile),
                    "verdicts": verdicts,
                    "approved_unedited": unedited,
                    "rate": (*verdicts > 0).then(|| round4(*unedited as f64 / *verdicts as f64)),
                })).collect::<Vec<_>>(),
                "threshold": calibration.threshold.as_ref().map(|threshold| json!({
                    "confidence": threshold.confidence,
                    "rate": round4(threshold.rate),
                    "samples": threshold.samples,
                    "wilson_lower_bound": round4(threshold.lower_bound),
                })),
                "sentence": sentence(calibration, self.settings),
            })).collect::<Vec<_>>(),
            "auto_approved": self.auto_approved.iter().map(|(kind, count)| json!({"kind": kind, "decisions": count})).collect::<Vec<_>>(),
            "spot_checks": self.spot_checks.iter().map(|check| json!({
                "rule": check.rule,
                "drawn": check.drawn,
                "decided": check.decided,
                "approved_unedited": check.approved_unedited,
                "rate": (check.decided > 0).then(|| round4(check.approved_unedited as f64 / check.decided as f64)),
                "holds": check.holds(self.settings),
                "sentence": check.sentence(self.settings),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(confidence: f64, decision: &str, edited: bool) -> Decided {
        Decided { kind: "email".into(), model: Some("model-a".into()), risk: Some("low".into()), confidence: Some(confidence), decision: decision.into(), edited, edit_distance: Some(0), active_ms: 1_000, auto: false }
    }

    #[test]
    fn the_wilson_lower_bound_matches_hand_computed_values() {
        // 95 of 100 at z = 1.96: p = 0.95, centre = 0.95 + 0.019208, margin = 1.96 * sqrt(0.000475 + 0.00009604)
        // = 1.96 * 0.0238966 = 0.0468374; (0.969208 - 0.0468374) / 1.038416 = 0.888245.
        assert!((wilson_lower_bound(95, 100, 1.96) - 0.888245).abs() < 1e-5);
        // 30 of 30: (1 + 0.064027 - 0.064027... ) → 3.8416 / (2 * 30) = 0.0640267, margin = 1.96 * sqrt(0 + 0.001067) = 0.0640267;
        // (1.0640267 - 0.0640267) / 1.1280533 = 0.886483.
        assert!((wilson_lower_bound(30, 30, 1.96) - 0.886483).abs() < 1e-5);
        assert_eq!(wilson_lower_bound(0, 0, 1.96), 0.0);
        assert!(wilson_lower_bound(0, 10, 1.96).abs() < 1e-12);
    }

    #[test]
    fn the_threshold_is_the_lowest_confidence_from_which_the_target_holds_over_enough_samples() {
        // 0.95–0.99: 40 decisions, 39 unedited. 0.80–0.89: 20 more, 19 unedited (58/60 = 96.7 %).
        // 0.5: 10 more, 2 unedited (60/70 = 85.7 %).
        let mut decisions: Vec<Decided> = (0..40).map(|index| decision(0.95 + (index % 5) as f64 / 100.0, "approved", index == 0)).collect();
        decisions.extend((0..20).map(|index| decision(0.80 + (index % 10) as f64 / 100.0, if index == 0 { "rejected" } else { "approved" }, false)));
        decisions.extend((0..10).map(|index| decision(0.5, "approved", index >= 2)));
        let members: Vec<&Decided> = decisions.iter().collect();

        let found = threshold(&members, 0.95, 30).unwrap();

        assert_eq!(found.confidence, 0.80);
        assert_eq!(found.samples, 60);
        assert!((found.rate - 58.0 / 60.0).abs() < 1e-12);
        assert!((found.lower_bound - wilson_lower_bound(58, 60, 1.96)).abs() < 1e-12);
        // Asking for 97 %: down to 0.81 (57/58 = 98.3 %), not 0.80 (58/60 = 96.7 %).
        let strict = threshold(&members, 0.97, 30).unwrap();
        assert!((strict.confidence - 0.81).abs() < 1e-9 && strict.samples == 58, "{strict:?}");
        // Asking for 100 samples: none.
        assert_eq!(threshold(&members, 0.95, 100), None);
    }

    #[test]
    fn skips_do_not_count_against_the_rate_and_ties_are_counted_together() {
        let mut decisions: Vec<Decided> = (0..30).map(|_| decision(0.9, "approved", false)).collect();
        decisions.extend((0..5).map(|_| decision(0.9, "skipped", false)));
        // Ten at 0.7, half edited: the cut cannot fall between decisions of one confidence.
        decisions.extend((0..10).map(|index| decision(0.7, "approved", index % 2 == 0)));
        let members: Vec<&Decided> = decisions.iter().collect();

        let found = threshold(&members, 0.95, 30).unwrap();

        assert_eq!((found.confidence, found.samples, found.rate), (0.9, 30, 1.0));
    }

    #[test]
    fn the_edit_distance_counts_a_replaced_word_once_and_added_words_each() {
        let changes = serde_json::json!([
            {"op": "equal", "text": "Hi Sam, we are"},
            {"op": "delete", "text": "expanding"},
            {"op": "insert", "text": "growing"},
            {"op": "equal", "text": "into"},
            {"op": "insert", "text": "two new"},
            {"op": "equal", "text": "regions."}
        ]);
        let changes = Json::parse(&changes.to_string()).unwrap();
        assert_eq!(edit_distance(Some(&changes)), Some(3));
        assert_eq!(edit_distance(Some(&Json::Array(vec![]))), Some(0));
        assert_eq!(edit_distance(Some(&Json::Null)), None);
        assert_eq!(edit_distance(None), None);
    }

    #[test]
    fn tallies_count_each_decision_and_give_means_and_medians() {
        let mut tally = Tally::default();
        for (decided, distance, ms) in [(decision(0.9, "approved", false), 0, 1_000), (decision(0.9, "approved", true), 4, 3_000), (decision(0.2, "rejected", false), 0, 8_000), (decision(0.5, "skipped", false), 0, 500)] {
            tally.add(&Decided { edit_distance: Some(distance), active_ms: ms, ..decided });
        }
        assert_eq!((tally.decisions, tally.approved_unedited, tally.edited, tally.rejected, tally.skipped), (4, 1, 1, 1, 1));
        assert_eq!(tally.mean_edit_distance(), Some(1.0));
        assert_eq!(tally.median_active_ms(), Some(2_000.0));
        assert_eq!(tally.unedited_rate(), Some(1.0 / 3.0), "skips are not verdicts");
    }

    #[test]
    fn a_decision_is_an_auto_approval_by_the_server_s_record_not_by_its_reviewer() {
        // Regression: `reviewer.id == "auto"` alone made a decision an auto-approval, and any
        // client could post that reviewer.
        let result = |reviewer: &str| json!({"kind": "email", "decision": "approved", "edited": false, "reviewer": {"id": reviewer}}).to_string();
        let row = |result: String, auto_approved: bool| ExportRow { seq: 1, stored_at: "2026-11-24T10:00:00.000Z".into(), result, item: None, auto_approved };
        assert_eq!(decided(&row(result("auto"), false)).map(|decided| decided.auto), Some(false));
        assert_eq!(decided(&row(result("u-17"), true)).map(|decided| decided.auto), Some(true));
    }

    #[test]
    fn auto_approvals_are_counted_apart_from_people_s_decisions() {
        let decisions = vec![decision(0.95, "approved", false), Decided { auto: true, ..decision(0.95, "approved", false) }, Decided { auto: true, ..decision(0.97, "approved", false) }];
        let report = report(&decisions, Vec::new(), Settings::default());
        assert_eq!(report.overall.decisions, 1);
        assert_eq!(report.auto_approved, [("email".to_string(), 2)]);
    }

    #[test]
    fn spot_checks_say_whether_the_threshold_still_holds() {
        let settings = Settings { target: 0.95, min_samples: 20 };
        let holding = SpotCheck { rule: "kind=email,min-confidence=0.9,spot-check=0.1".into(), drawn: 25, decided: 20, approved_unedited: 20 };
        assert!(holding.sentence(settings).ends_with("20 of 20 decided were approved unedited (100 %; Wilson lower bound 84 %); the threshold still holds."), "{}", holding.sentence(settings));
        let slipping = SpotCheck { approved_unedited: 15, ..holding.clone() };
        assert!(slipping.sentence(settings).contains("(75 %; Wilson lower bound 53 %); below the target: the threshold no longer holds, review it."), "{}", slipping.sentence(settings));
        let early = SpotCheck { decided: 1, approved_unedited: 1, ..holding.clone() };
        assert_eq!(early.holds(settings), None, "one decision proves nothing");
        assert!(early.sentence(settings).ends_with("too few decided to judge yet (at least 20 are needed)."));
        assert!(SpotCheck { decided: 0, approved_unedited: 0, ..holding }.sentence(settings).ends_with("25 drawn, none decided yet."));
    }

    #[test]
    fn a_shown_threshold_is_rounded_up_and_medians_of_huge_times_do_not_overflow() {
        assert_eq!(shown_threshold(0.8449), 0.85);
        assert_eq!(shown_threshold(0.85), 0.85);
        assert_eq!(shown_threshold(0.9), 0.9);
        assert_eq!(median(&[u64::MAX, u64::MAX]), Some(u64::MAX as f64));
    }

    #[test]
    fn the_sentence_says_plainly_where_a_person_is_needed() {
        let calibration = Calibration {
            kind: "email".into(),
            model: "model-a".into(),
            deciles: [(0, 0); 10],
            threshold: Some(Threshold { confidence: 0.85, rate: 0.97, samples: 118, lower_bound: 0.9277 }),
        };
        assert_eq!(
            sentence(&calibration, Settings::default()),
            "Emails from model-a with confidence ≥ 0.85 were approved unedited 97 % of the time (n = 118; Wilson lower bound 93 %); a person is still needed below that."
        );
        let none = Calibration { threshold: None, ..calibration };
        assert!(sentence(&none, Settings::default()).contains("no confidence level reaches 95 %"));
    }
}
