//! `GET /report`: the trust report as a page, charts in server-drawn SVG, no script.

use std::fmt::Write;

use crate::trust::{decile_name, kind_plural, sentence, Calibration, Group, Report, Settings, Tally};

/// The page's stylesheet (`GET /report.css`): light and dark, nothing inline, so a strict
/// `style-src 'self'` holds.
pub const CSS: &str = include_str!("report.css");

/// Text for HTML: the five characters that could start markup are escaped.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".into(), |rate| format!("{:.0} %", rate * 100.0))
}

fn number(value: Option<f64>, places: usize) -> String {
    value.map_or_else(|| "–".into(), |value| format!("{value:.places$}"))
}

fn seconds(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".into(), |ms| format!("{:.1} s", ms / 1000.0))
}

fn table(caption: &str, first: &str, groups: &[Group], overall: Option<&Tally>) -> String {
    let mut html = format!(
        "<div class=\"wide\"><table><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Decisions</th><th scope=\"col\">Approved unedited</th><th scope=\"col\">Edited</th><th scope=\"col\">Rejected</th><th scope=\"col\">Regenerated</th><th scope=\"col\">Skipped</th><th scope=\"col\">Unedited rate</th><th scope=\"col\">Mean edit distance (words)</th><th scope=\"col\">Median review time</th></tr></thead><tbody>",
        escape(caption),
        escape(first)
    );
    let mut row = |name: &str, tally: &Tally| {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            tally.decisions,
            tally.approved_unedited,
            tally.edited,
            tally.rejected,
            tally.regenerated,
            tally.skipped,
            percent(tally.unedited_rate()),
            number(tally.mean_edit_distance(), 1),
            seconds(tally.median_active_ms())
        );
    };
    for group in groups {
        row(&group.name, &group.tally);
    }
    if let Some(overall) = overall {
        row("All", overall);
    }
    html.push_str("</tbody></table></div>");
    html
}

/// The calibration chart of one kind and model: per confidence decile, the share of verdicts
/// approved unedited (bars, with their counts), the target as a line, and the recommended
/// threshold marked.
pub fn chart(calibration: &Calibration, settings: Settings) -> String {
    let target = settings.target;
    const WIDTH: f64 = 520.0;
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 16.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 48.0;
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x = |confidence: f64| LEFT + confidence * plot_width;
    let y = |rate: f64| TOP + (1.0 - rate) * plot_height;
    let title = format!("{} from {}: unedited approvals by confidence", kind_plural(&calibration.kind), calibration.model);
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"t-{id} d-{id}\"><title id=\"t-{id}\">{}</title><desc id=\"d-{id}\">{}</desc>",
        escape(&title),
        escape(&sentence(calibration, settings)),
        id = escape(&format!("{}-{}", calibration.kind, calibration.model)).replace(' ', "_"),
    );
    // Axes and grid.
    for step in 0..=4 {
        let rate = f64::from(step) / 4.0;
        let _ = write!(svg, "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{:.0} %</text>", WIDTH - RIGHT, y(rate), y(rate), LEFT - 6.0, y(rate) + 4.0, rate * 100.0);
    }
    for step in 0..=10 {
        let confidence = f64::from(step) / 10.0;
        let _ = write!(svg, "<text class=\"tick\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{confidence:.1}</text>", x(confidence), HEIGHT - BOTTOM + 16.0);
    }
    let _ = write!(svg, "<text class=\"axis\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">AI confidence</text>", LEFT + plot_width / 2.0, HEIGHT - 8.0);
    let _ = write!(svg, "<text class=\"axis\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">Approved unedited</text>", TOP + plot_height / 2.0);
    // Bars with their counts.
    for (decile, (verdicts, unedited)) in calibration.deciles.iter().enumerate() {
        let left = x(decile as f64 / 10.0) + 3.0;
        let width = plot_width / 10.0 - 6.0;
        if *verdicts == 0 {
            let _ = write!(svg, "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">n = 0</text>", left + width / 2.0, y(0.0) - 4.0);
            continue;
        }
        let rate = *unedited as f64 / *verdicts as f64;
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{left:.1}\" y=\"{:.1}\" width=\"{width:.1}\" height=\"{:.1}\"><title>{}: {} of {} approved unedited ({:.0} %)</title></rect><text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">n = {verdicts}</text>",
            y(rate),
            (y(0.0) - y(rate)).max(0.5),
            decile_name(decile),
            unedited,
            verdicts,
            rate * 100.0,
            left + width / 2.0,
            (y(rate) - 4.0).max(TOP - 6.0)
        );
    }
    let _ = write!(svg, "<line class=\"target\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\"/><text class=\"label\" x=\"{}\" y=\"{:.1}\">target {:.0} %</text>", WIDTH - RIGHT, y(target), y(target), LEFT + 4.0, y(target) - 4.0, target * 100.0);
    if let Some(threshold) = &calibration.threshold {
        let _ = write!(svg, "<line class=\"threshold\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"/><text class=\"label\" x=\"{:.1}\" y=\"{}\">≥ {:.2}</text>", x(threshold.confidence), x(threshold.confidence), y(0.0), x(threshold.confidence) + 4.0, TOP + 10.0, crate::trust::shown_threshold(threshold.confidence));
    }
    svg.push_str("</svg>");
    svg
}

/// The whole page.
pub fn page(report: &Report) -> String {
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"color-scheme\" content=\"light dark\"><title>Countersign · Trust report</title><link rel=\"stylesheet\" href=\"/report.css\"></head><body><header><h1>Trust report</h1><p><a href=\"/\">Back to the review queue</a> · <a href=\"/api/stats\">as JSON</a> · <a href=\"/api/export?format=jsonl\">export</a></p></header><main>",
    );
    let overall = &report.overall;
    let _ = write!(
        html,
        "<p class=\"lead\">{} decisions so far: {} approved as the AI wrote them, {} approved after edits, {} rejected, {} sent back, {} skipped.</p>",
        overall.decisions, overall.approved_unedited, overall.edited, overall.rejected, overall.regenerated, overall.skipped
    );
    let _ = write!(
        html,
        "<section aria-labelledby=\"where\"><h2 id=\"where\">Where automation can be trusted</h2><p class=\"note\">The lowest AI confidence from which at least {:.0} % of decisions were approved unedited, over at least {} decisions (skips are not counted). The Wilson lower bound says how low the true rate may plausibly be.</p><ul class=\"verdicts\">",
        report.settings.target * 100.0,
        report.settings.min_samples
    );
    for calibration in &report.calibrations {
        let class = if calibration.threshold.is_some() { "trusted" } else { "person" };
        let _ = write!(html, "<li class=\"{class}\">{}</li>", escape(&sentence(calibration, report.settings)));
    }
    html.push_str("</ul></section>");
    if !report.auto_approved.is_empty() || !report.spot_checks.is_empty() {
        html.push_str("<section aria-labelledby=\"routing\"><h2 id=\"routing\">Routing by trust</h2><p class=\"note\">Auto-approvals are left out of every other number here: they say nothing about how people judge the AI. Spot checks are items a rule would have approved, drawn at random for a person.</p><ul class=\"verdicts\">");
        for (kind, count) in &report.auto_approved {
            let _ = write!(html, "<li class=\"trusted\">{}: {count} auto-approved so far.</li>", escape(&kind_plural(kind)));
        }
        for check in &report.spot_checks {
            let class = if check.holds(report.settings) == Some(true) { "trusted" } else { "person" };
            let _ = write!(html, "<li class=\"{class}\">{}</li>", escape(&check.sentence(report.settings)));
        }
        html.push_str("</ul></section>");
    }
    html.push_str("<section aria-labelledby=\"calibration\"><h2 id=\"calibration\">Calibration</h2><p class=\"note\">Bars: the share of decisions approved unedited at each level of the AI's confidence, with how many decisions each stands on. A well-calibrated model's bars rise with its confidence.</p><div class=\"charts\">");
    for calibration in &report.calibrations {
        let _ = write!(html, "<figure>{}<figcaption>{} from {}</figcaption></figure>", chart(calibration, report.settings), escape(&kind_plural(&calibration.kind)), escape(&calibration.model));
    }
    html.push_str("</div></section><section aria-labelledby=\"breakdown\"><h2 id=\"breakdown\">Breakdown</h2>");
    html.push_str(&table("By kind", "Kind", &report.by_kind, Some(&report.overall)));
    html.push_str(&table("By model", "Model", &report.by_model, None));
    html.push_str(&table("By risk", "Risk", &report.by_risk, None));
    html.push_str(&table("By confidence", "Confidence", &report.by_confidence, None));
    html.push_str("</section></main></body></html>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_data_is_escaped() {
        assert_eq!(escape("<img src=x onerror=\"a\">&'"), "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
    }
}
