//! The bench's results: rows of metric, value, budget and reference, printed as one table and
//! written as JSON so runs can be compared.

use serde_json::{json, Value};

/// What a number counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    Ms,
    KiB,
    PerSecond,
    Count,
    /// A ratio of two measurements (growth).
    Times,
}

/// The limit a value must keep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    /// No budget: shown for information.
    None,
    AtMost(f64),
    AtLeast(f64),
    /// At most this many times the reference.
    RatioAtMost(f64),
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub metric: String,
    pub value: f64,
    pub unit: Unit,
    pub budget: Budget,
    /// The same measurement of the vanilla reference, taken in the same run.
    pub reference: Option<f64>,
}

impl Row {
    pub fn new(metric: &str, value: f64, unit: Unit, budget: Budget) -> Row {
        Row { metric: metric.into(), value, unit, budget, reference: None }
    }

    pub fn against(mut self, reference: f64) -> Row {
        self.reference = Some(reference);
        self
    }

    /// `value / reference`, when there is a reference to divide by.
    pub fn ratio(&self) -> Option<f64> {
        self.reference.filter(|reference| *reference > 0.0).map(|reference| self.value / reference)
    }

    /// Whether the value keeps its budget; `None` without one. A value that could not be
    /// measured (NaN) keeps none.
    pub fn within(&self) -> Option<bool> {
        match self.budget {
            Budget::None => None,
            Budget::AtMost(limit) => Some(self.value <= limit),
            Budget::AtLeast(limit) => Some(self.value >= limit),
            Budget::RatioAtMost(limit) => Some(self.ratio().is_some_and(|ratio| ratio <= limit)),
        }
    }
}

/// `value` in `unit`, as a person reads it.
pub fn show(value: f64, unit: Unit) -> String {
    if value.is_nan() {
        return "n/a".into();
    }
    match unit {
        Unit::Ms if value < 10.0 => format!("{value:.2} ms"),
        Unit::Ms => format!("{value:.1} ms"),
        Unit::KiB => format!("{value:.1} KiB"),
        Unit::PerSecond => format!("{}/s", thousands(value.round() as u64)),
        Unit::Count => thousands(value.round() as u64),
        Unit::Times => format!("{value:.2}×"),
    }
}

/// `12345` → `12,345`.
fn thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn budget_text(row: &Row) -> String {
    match row.budget {
        Budget::None => "—".into(),
        Budget::AtMost(limit) => format!("≤ {}", show(limit, row.unit)),
        Budget::AtLeast(limit) => format!("≥ {}", show(limit, row.unit)),
        Budget::RatioAtMost(limit) => format!("≤ {limit}× ref."),
    }
}

fn verdict(row: &Row) -> &'static str {
    match row.within() {
        None => "",
        Some(true) => "ok",
        Some(false) => "OVER",
    }
}

/// The table as Markdown, which reads as well in a terminal as in the README.
pub fn table(rows: &[Row]) -> String {
    let mut text = String::from("| metric | value | budget | reference | ratio | |\n|---|---:|---:|---:|---:|---|\n");
    for row in rows {
        let reference = row.reference.map_or("—".into(), |reference| show(reference, row.unit));
        let ratio = row.ratio().map_or("—".into(), |ratio| format!("{ratio:.2}×"));
        text += &format!("| {} | {} | {} | {reference} | {ratio} | {} |\n", row.metric, show(row.value, row.unit), budget_text(row), verdict(row));
    }
    let budgeted: Vec<bool> = rows.iter().filter_map(Row::within).collect();
    text += &format!("\n{} of {} budgets met\n", budgeted.iter().filter(|within| **within).count(), budgeted.len());
    text
}

/// The rows as JSON, with what the run was about (`context`: machine, quick or not, …).
pub fn to_json(rows: &[Row], context: Value) -> Value {
    let unit = |unit: Unit| match unit {
        Unit::Ms => "ms",
        Unit::KiB => "KiB",
        Unit::PerSecond => "per_second",
        Unit::Count => "count",
        Unit::Times => "times",
    };
    let budget = |budget: Budget| match budget {
        Budget::None => Value::Null,
        Budget::AtMost(limit) => json!({ "at_most": limit }),
        Budget::AtLeast(limit) => json!({ "at_least": limit }),
        Budget::RatioAtMost(limit) => json!({ "ratio_at_most": limit }),
    };
    let finite = |value: f64| if value.is_finite() { json!(value) } else { Value::Null };
    let metrics: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "metric": row.metric,
                "value": finite(row.value),
                "unit": unit(row.unit),
                "budget": budget(row.budget),
                "reference": row.reference.map(finite),
                "ratio": row.ratio().map(finite),
                "within_budget": row.within(),
            })
        })
        .collect();
    json!({ "context": context, "metrics": metrics })
}

/// How this run's rows moved since an earlier run's JSON (`previous`, as [`to_json`] wrote it),
/// as a Markdown table: a timing budgeted as a ratio is compared by its ratio to the reference
/// (the machine's speed drifts between runs, the ratio much less), anything else by its value,
/// which is what its budget reads.
/// `None` when no metric is in both.
pub fn changes(previous: &Value, rows: &[Row]) -> Option<String> {
    let metrics = previous["metrics"].as_array();
    let before = |metric: &str| metrics?.iter().find(|old| old["metric"] == metric);
    let mut text = String::from("| metric | before | now | change |\n|---|---:|---:|---:|\n");
    let mut any = false;
    for row in rows {
        let Some(old) = before(&row.metric) else { continue };
        let (was, now, by_ratio) = match (old["ratio"].as_f64(), row.ratio()) {
            (Some(was), Some(now)) if matches!(row.budget, Budget::RatioAtMost(_)) => (was, now, true),
            _ => match old["value"].as_f64() {
                Some(was) => (was, row.value, false),
                None => continue,
            },
        };
        let shown = |value: f64| if by_ratio { format!("{value:.2}× ref.") } else { show(value, row.unit) };
        let (was_text, now_text) = (shown(was), shown(now));
        let change = if was != 0.0 && now.is_finite() { format!("{:+.1}%", (now / was - 1.0) * 100.0) } else { "—".into() };
        text += &format!("| {} | {was_text} | {now_text} | {change} |\n", row.metric);
        any = true;
    }
    any.then_some(text)
}

#[cfg(test)]
mod tests {
    use super::{changes, show, table, to_json, Budget, Row, Unit};

    #[test]
    fn budgets_are_kept_or_not_and_ratios_need_a_reference() {
        assert_eq!(Row::new("size", 89.0, Unit::KiB, Budget::AtMost(90.0)).within(), Some(true));
        assert_eq!(Row::new("size", 91.0, Unit::KiB, Budget::AtMost(90.0)).within(), Some(false));
        assert_eq!(Row::new("rate", 1999.0, Unit::PerSecond, Budget::AtLeast(2000.0)).within(), Some(false));
        let paint = Row::new("paint", 3.0, Unit::Ms, Budget::RatioAtMost(1.5));
        assert_eq!(paint.within(), Some(false), "no reference, no ratio: the budget is not met");
        assert_eq!(paint.clone().against(2.0).ratio(), Some(1.5));
        assert_eq!(paint.clone().against(2.0).within(), Some(true));
        assert_eq!(paint.against(1.0).within(), Some(false));
        assert_eq!(Row::new("info", 1.0, Unit::Ms, Budget::None).within(), None);
        assert_eq!(Row::new("lost", f64::NAN, Unit::Ms, Budget::AtMost(16.0)).within(), Some(false));
    }

    #[test]
    fn values_read_with_their_units() {
        assert_eq!(show(3.256, Unit::Ms), "3.26 ms");
        assert_eq!(show(42.25, Unit::Ms), "42.2 ms");
        assert_eq!(show(18031.9, Unit::PerSecond), "18,032/s");
        assert_eq!(show(1234567.0, Unit::Count), "1,234,567");
        assert_eq!(show(1.5, Unit::Times), "1.50×");
        assert_eq!(show(f64::NAN, Unit::Ms), "n/a");
    }

    #[test]
    fn the_table_has_a_line_per_row_and_counts_the_budgets_met() {
        let rows = [
            Row::new("shipped", 151.0, Unit::KiB, Budget::AtMost(90.0)),
            Row::new("paint", 2.0, Unit::Ms, Budget::RatioAtMost(1.5)).against(1.6),
            Row::new("p50", 1.2, Unit::Ms, Budget::None),
        ];
        let text = table(&rows);
        assert!(text.contains("| shipped | 151.0 KiB | ≤ 90.0 KiB | — | — | OVER |"), "{text}");
        assert!(text.contains("| paint | 2.00 ms | ≤ 1.5× ref. | 1.60 ms | 1.25× | ok |"), "{text}");
        assert!(text.contains("| p50 | 1.20 ms | — | — | — |  |"), "{text}");
        assert!(text.ends_with("1 of 2 budgets met\n"), "{text}");
    }

    #[test]
    fn the_json_keeps_every_number_and_verdict() {
        let rows = [Row::new("paint", 2.0, Unit::Ms, Budget::RatioAtMost(1.5)).against(1.6), Row::new("lost", f64::NAN, Unit::Ms, Budget::None)];
        let json = to_json(&rows, serde_json::json!({ "quick": true }));
        assert_eq!(json["context"]["quick"], true);
        assert_eq!(json["metrics"][0]["ratio"], 1.25);
        assert_eq!(json["metrics"][0]["budget"]["ratio_at_most"], 1.5);
        assert_eq!(json["metrics"][0]["within_budget"], true);
        assert!(json["metrics"][1]["value"].is_null());
        assert!(json["metrics"][1]["within_budget"].is_null());
    }

    #[test]
    fn changes_compare_ratios_where_the_budget_is_one_and_values_elsewhere() {
        let before = to_json(
            &[
                Row::new("paint", 2.4, Unit::Ms, Budget::RatioAtMost(1.5)).against(1.0),
                Row::new("shipped", 114.0, Unit::KiB, Budget::AtMost(90.0)),
                Row::new("diff", 4.0, Unit::Ms, Budget::AtMost(20.0)).against(0.1),
                Row::new("gone", 1.0, Unit::Ms, Budget::None),
            ],
            serde_json::json!({}),
        );
        // The machine ran slower this time: the value grew, the ratio fell.
        let now = [
            Row::new("paint", 2.7, Unit::Ms, Budget::RatioAtMost(1.5)).against(1.5),
            Row::new("shipped", 111.72, Unit::KiB, Budget::AtMost(90.0)),
            Row::new("diff", 5.0, Unit::Ms, Budget::AtMost(20.0)).against(0.2),
            Row::new("new", 1.0, Unit::Ms, Budget::None),
        ];
        let text = changes(&before, &now).expect("two metrics in both runs");
        assert!(text.contains("| paint | 2.40× ref. | 1.80× ref. | -25.0% |"), "{text}");
        assert!(text.contains("| shipped | 114.0 KiB | 111.7 KiB | -2.0% |"), "{text}");
        // A budget in milliseconds is read by the value, reference or not.
        assert!(text.contains("| diff | 4.00 ms | 5.00 ms | +25.0% |"), "{text}");
        assert!(!text.contains("gone") && !text.contains("new"), "{text}");
        assert_eq!(changes(&serde_json::json!({ "metrics": [] }), &now), None);
        assert_eq!(changes(&serde_json::json!("not a run"), &now), None);
    }
}
