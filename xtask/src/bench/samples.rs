//! The browser's samples (what benches/browser.mjs writes) turned into table rows: medians of
//! the widget next to medians of the vanilla reference, against the budgets.

use serde_json::Value;

use super::report::{Budget, Row, Unit};

/// The middle value (the mean of the two middle ones for an even count); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|value| value.is_finite()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[middle] } else { (sorted[middle - 1] + sorted[middle]) / 2.0 }
}

/// The value at `path` (e.g. `["keystroke", "widget", "work"]`), `Null` when missing.
fn at<'a>(samples: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(samples, |value, key| &value[*key])
}

/// The numbers at `path`.
fn numbers(samples: &Value, path: &[&str]) -> Result<Vec<f64>, String> {
    at(samples, path)
        .as_array()
        .ok_or_else(|| format!("the browser samples have no list at {}", path.join(".")))?
        .iter()
        .map(|value| value.as_f64().ok_or_else(|| format!("{} holds a non-number", path.join("."))))
        .collect()
}

fn number(samples: &Value, path: &[&str]) -> Result<f64, String> {
    at(samples, path).as_f64().ok_or_else(|| format!("the browser samples have no number at {}", path.join(".")))
}

/// The median of `who`'s samples at `path` (`who` goes after the path's first key).
fn side(samples: &Value, path: &[&str], who: &str) -> Result<f64, String> {
    let mut full = vec![path[0], who];
    full.extend_from_slice(&path[1..]);
    numbers(samples, &full).map(|values| median(&values))
}

/// The widget's median at `path` against the reference's, with `budget`.
fn paired(samples: &Value, metric: &str, path: &[&str], budget: Budget) -> Result<Row, String> {
    Ok(Row::new(metric, side(samples, path, "widget")?, Unit::Ms, budget).against(side(samples, path, "vanilla")?))
}

/// First paint's second reference (benches/replay.js, the widget's own first view built by
/// plain JS): that view against the vanilla reference, then the widget against that view.
fn replayed(samples: &Value) -> Result<[Row; 2], String> {
    let (widget, vanilla, replay) = (side(samples, &["first_paint"], "widget")?, side(samples, &["first_paint"], "vanilla")?, side(samples, &["first_paint"], "replay")?);
    Ok([
        Row::new("first paint: the widget's own view built by plain JS", replay, Unit::Ms, Budget::None).against(vanilla),
        Row::new("first paint: the widget against its own view built by plain JS", widget, Unit::Ms, Budget::None).against(replay),
    ])
}

/// The widget's median at `path`, against `budget`, where the reference has nothing to compare.
fn alone(samples: &Value, metric: &str, path: &[&str], budget: Budget) -> Result<Row, String> {
    let mut full = vec![path[0], "widget"];
    full.extend_from_slice(&path[1..]);
    Ok(Row::new(metric, median(&numbers(samples, &full)?), Unit::Ms, budget))
}

/// Every browser metric, in the table's order.
pub fn rows(samples: &Value) -> Result<Vec<Row>, String> {
    let memory = |who: &str| -> Result<(f64, f64), String> {
        let bytes = numbers(samples, &["memory", who, "bytes"])?;
        match bytes[..] {
            [early, late] if early > 0.0 => Ok((late / early, late / 1024.0)),
            _ => Err(format!("memory.{who}.bytes should be two positive numbers")),
        }
    };
    let reviewed = numbers(samples, &["memory", "widget", "reviewed"])?;
    let (growth, late_kib) = memory("widget")?;
    let (reference_growth, reference_kib) = memory("vanilla")?;
    let walk = |key: &str, who: &str| number(samples, &["queue_walk", who, key]);
    let [replay, against_replay] = replayed(samples)?;
    Ok(vec![
        paired(samples, "data to first paint, one email (module loaded)", &["first_paint"], Budget::RatioAtMost(1.5))?,
        paired(samples, "first paint: setting the items (script)", &["first_paint_setting"], Budget::None)?,
        paired(samples, "first paint: the rest (style and layout)", &["first_paint_layout"], Budget::None)?,
        replay,
        against_replay,
        paired(samples, "keystroke, 10,000-word draft: handled and laid out", &["keystroke", "work"], Budget::AtMost(16.0))?,
        paired(samples, "keystroke, 10,000-word draft: to the next frame", &["keystroke", "frame"], Budget::None)?,
        paired(samples, "keystroke, 10,000-word draft, a quote marked: handled and laid out", &["keystroke_marked", "work"], Budget::AtMost(16.0))?,
        alone(samples, "keystroke, 10,000-word post to six platforms: handled and laid out", &["keystroke_social", "work"], Budget::AtMost(16.0))?,
        alone(samples, "keystroke, 10,000-word post to six platforms: to the last counter updated", &["keystroke_social", "counted"], Budget::None)?,
        alone(samples, "move a lead in a list of 200 (Alt+↓): handled and laid out", &["lead_move"], Budget::AtMost(16.0))?,
        paired(samples, "approve an edited 10,000-word draft (word diff)", &["decide_edited"], Budget::AtMost(20.0))?,
        paired(samples, "approve a reordered 10,000-word draft (diff's worst case)", &["decide_reordered"], Budget::AtMost(20.0))?,
        paired(samples, "open a queue of 1,000 items, to the first item", &["queue_open"], Budget::AtMost(50.0))?,
        Row::new("long tasks (> 50 ms) moving through the queue", walk("long_tasks", "widget")?, Unit::Count, Budget::AtMost(0.0)).against(walk("long_tasks", "vanilla")?),
        Row::new("slowest step to the next item", walk("slowest_step_ms", "widget")?, Unit::Ms, Budget::None).against(walk("slowest_step_ms", "vanilla")?),
        Row::new(&format!("memory growth, {} → {} items reviewed", reviewed.first().unwrap_or(&0.0), reviewed.get(1).unwrap_or(&0.0)), growth, Unit::Times, Budget::AtMost(2.0)).against(reference_growth),
        Row::new("JS heap + wasm memory after reviewing them", late_kib, Unit::KiB, Budget::None).against(reference_kib),
    ])
}

#[cfg(test)]
mod tests {
    use super::{median, rows};
    use crate::bench::report::Budget;

    #[test]
    fn medians_take_the_middle_and_skip_what_is_not_a_number() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[f64::NAN, 5.0]), 5.0);
        assert!(median(&[]).is_nan());
    }

    fn samples() -> serde_json::Value {
        serde_json::json!({
            "first_paint": { "widget": [3.0, 2.0, 4.0], "vanilla": [1.0, 2.0, 1.5], "replay": [2.0, 1.75, 2.5] },
            "first_paint_setting": { "widget": [2.0, 1.0, 2.5], "vanilla": [0.25, 0.5, 0.5] },
            "first_paint_layout": { "widget": [1.0, 1.0, 1.5], "vanilla": [0.75, 1.5, 1.0] },
            "keystroke": { "widget": { "work": [5.0], "frame": [15.0] }, "vanilla": { "work": [4.0], "frame": [14.0] } },
            "keystroke_marked": { "widget": { "work": [6.0], "frame": [16.0] }, "vanilla": { "work": [4.0], "frame": [14.0] } },
            "keystroke_social": { "widget": { "work": [3.0, 9.0, 4.0], "frame": [16.0], "counted": [20.0, 30.0] } },
            "lead_move": { "widget": [2.0, 3.0, 2.5] },
            "decide_edited": { "widget": [4.0], "vanilla": [0.1] },
            "decide_reordered": { "widget": [16.0], "vanilla": [0.1] },
            "queue_open": { "widget": [20.0], "vanilla": [1.0] },
            "queue_walk": { "widget": { "long_tasks": 0, "longest_task_ms": 0, "slowest_step_ms": 4.0 }, "vanilla": { "long_tasks": 0, "longest_task_ms": 0, "slowest_step_ms": 1.0 } },
            "memory": { "widget": { "reviewed": [20, 200], "bytes": [1000.0, 1500.0] }, "vanilla": { "reviewed": [20, 200], "bytes": [1000.0, 1000.0] } },
        })
    }

    #[test]
    fn every_metric_becomes_a_row_with_its_reference() {
        let rows = rows(&samples()).unwrap();
        assert_eq!(rows.len(), 18);
        let paint = &rows[0];
        assert_eq!((paint.value, paint.reference, paint.budget), (3.0, Some(1.5), Budget::RatioAtMost(1.5)));
        assert_eq!(paint.within(), Some(false));
        let (setting, layout) = (&rows[1], &rows[2]);
        assert_eq!((setting.value, setting.reference, setting.budget), (2.0, Some(0.5), Budget::None), "first paint's script");
        assert_eq!((layout.value, layout.reference, layout.budget), (1.0, Some(1.0), Budget::None), "and the rest");
        let (replay, against_replay) = (&rows[3], &rows[4]);
        assert_eq!((replay.value, replay.reference, replay.budget), (2.0, Some(1.5), Budget::None), "the widget's view by plain JS against the vanilla reference");
        assert_eq!((against_replay.value, against_replay.reference), (3.0, Some(2.0)), "the widget against its view by plain JS");
        assert_eq!(rows[5].value, 5.0);
        let marked = &rows[7];
        assert_eq!((marked.value, marked.reference, marked.budget), (6.0, Some(4.0), Budget::AtMost(16.0)));
        let social = &rows[8];
        assert_eq!((social.value, social.reference, social.budget), (4.0, None, Budget::AtMost(16.0)), "no reference has a social post");
        assert_eq!((rows[9].value, rows[9].budget), (25.0, Budget::None));
        assert_eq!((rows[10].value, rows[10].reference), (2.5, None));
        assert_eq!(rows[16].metric, "memory growth, 20 → 200 items reviewed");
        assert_eq!((rows[16].value, rows[16].reference), (1.5, Some(1.0)));
    }

    #[test]
    fn a_missing_or_malformed_measurement_is_an_error_naming_it() {
        let mut broken = samples();
        broken["keystroke"]["widget"]["work"] = serde_json::json!("fast");
        assert_eq!(rows(&broken).unwrap_err(), "the browser samples have no list at keystroke.widget.work");
        let mut broken = samples();
        broken["memory"]["widget"]["bytes"] = serde_json::json!([0, 5]);
        assert!(rows(&broken).unwrap_err().contains("memory.widget.bytes"));
        let mut broken = samples();
        broken["first_paint"].as_object_mut().unwrap().remove("replay");
        assert_eq!(rows(&broken).unwrap_err(), "the browser samples have no list at first_paint.replay");
    }
}
