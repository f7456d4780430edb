//! `cargo xtask bench --compare`: two builds of the widget timed side by side in one page
//! (benches/compare.mjs), read here round by round. Each round gives one ratio, this build's
//! time over the other's, taken moments apart, so the machine's drift between runs cancels;
//! the table gives the median ratio with a 95 % interval that assumes nothing about the
//! timings' distribution (order statistics of the ratios, as a sign test does).

use serde_json::Value;

use super::report::{show, Unit};
use super::samples::median;

/// One metric, both builds.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub metric: String,
    /// Medians, in milliseconds.
    pub this_ms: f64,
    pub other_ms: f64,
    /// The median of the rounds' ratios (this / other) and its 95 % interval, when there are
    /// enough rounds for one (six at least).
    pub ratio: f64,
    pub interval: Option<(f64, f64)>,
}

impl Comparison {
    /// What the interval says: a change only when it lies wholly on one side of 1.
    pub fn verdict(&self) -> &'static str {
        match self.interval {
            None => "too few rounds to tell",
            Some((_, high)) if high < 1.0 => "faster",
            Some((low, _)) if low > 1.0 => "slower",
            Some(_) => "no difference measured",
        }
    }
}

/// The metric from both builds' samples, paired by round; rounds where either build took no
/// time (below the clock's step) or no number are left out.
pub fn compare(metric: &str, this: &[f64], other: &[f64]) -> Comparison {
    let mut ratios: Vec<f64> = this.iter().zip(other).filter(|(a, b)| a.is_finite() && b.is_finite() && **a > 0.0 && **b > 0.0).map(|(a, b)| a / b).collect();
    ratios.sort_by(f64::total_cmp);
    let interval = median_interval(ratios.len()).map(|(low, high)| (ratios[low], ratios[high]));
    Comparison { metric: metric.into(), this_ms: median(this), other_ms: median(other), ratio: median(&ratios), interval }
}

/// The indices (0-based, in sorted order) bounding a 95 % interval for the median of `n`
/// values: the `k`-th smallest and `k`-th largest, `k` the largest with
/// P(Binomial(n, ½) < k) ≤ 2.5 %. `None` below six values, where no such `k` exists.
pub fn median_interval(n: usize) -> Option<(usize, usize)> {
    // P(B ≤ j) summed term by term: C(n, j) / 2^n, with C built up as a float.
    let mut below = 0.0; // P(B < k)
    let mut term = 0.5f64.powi(i32::try_from(n).ok()?); // P(B = 0)
    let mut k = 0;
    while below + term <= 0.025 {
        below += term;
        term *= (n - k) as f64 / (k + 1) as f64;
        k += 1;
    }
    (k >= 1).then(|| (k - 1, n - k))
}

/// The comparisons in the samples benches/compare.mjs writes: `{"metrics": [{"name", "this":
/// [...], "other": [...]}]}`.
pub fn read(samples: &Value) -> Result<Vec<Comparison>, String> {
    let metrics = samples["metrics"].as_array().ok_or("the compare samples have no metrics")?;
    let numbers = |metric: &Value, side: &str| -> Result<Vec<f64>, String> {
        let values = metric[side].as_array().ok_or_else(|| format!("a metric has no \"{side}\" samples"))?;
        values.iter().map(|value| value.as_f64().ok_or_else(|| format!("\"{side}\" holds a non-number"))).collect()
    };
    metrics
        .iter()
        .map(|metric| {
            let name = metric["name"].as_str().ok_or("a metric has no name")?;
            Ok(compare(name, &numbers(metric, "this")?, &numbers(metric, "other")?))
        })
        .collect()
}

/// `1.043` → `+4.3 %`.
fn percent(ratio: f64) -> String {
    format!("{:+.1} %", (ratio - 1.0) * 100.0)
}

/// The comparisons as a Markdown table, this build against `other` (a name for the other
/// build, such as its revision), plus the two builds' shipped sizes.
pub fn table(comparisons: &[Comparison], other: &str, sizes_kib: (f64, f64)) -> String {
    let mut text = format!("| metric | this build | {other} | change | 95 % interval | |\n|---|---:|---:|---:|---:|---|\n");
    let (this_kib, other_kib) = sizes_kib;
    text += &format!("| shipped js + wasm (brotli) | {} | {} | {:+.1} KiB | — | |\n", show(this_kib, Unit::KiB), show(other_kib, Unit::KiB), this_kib - other_kib);
    for comparison in comparisons {
        let interval = comparison.interval.map_or("—".into(), |(low, high)| format!("{} to {}", percent(low), percent(high)));
        text += &format!(
            "| {} | {} | {} | {} | {interval} | {} |\n",
            comparison.metric,
            show(comparison.this_ms, Unit::Ms),
            show(comparison.other_ms, Unit::Ms),
            percent(comparison.ratio),
            comparison.verdict()
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P(Binomial(n, ½) < k), exactly, for checking.
    fn below(n: u64, k: u64) -> f64 {
        let choose = |n: u64, j: u64| (0..j).fold(1.0, |c, i| c * (n - i) as f64 / (i + 1) as f64);
        (0..k).map(|j| choose(n, j)).sum::<f64>() / 2f64.powi(n as i32)
    }

    #[test]
    fn the_interval_is_the_widest_the_binomial_allows_at_95_percent() {
        assert_eq!(median_interval(5), None, "five rounds cannot give 95 %: all five on one side is 6.25 %");
        // Known values of the sign test's interval: n = 6 → 1st and 6th, n = 20 → 6th and 15th.
        assert_eq!(median_interval(6), Some((0, 5)));
        assert_eq!(median_interval(20), Some((5, 14)));
        for n in 6..=300 {
            let (low, high) = median_interval(n as usize).unwrap();
            let k = low as u64 + 1;
            assert_eq!(high, n as usize - k as usize, "symmetric for n = {n}");
            assert!(below(n, k) <= 0.025 && below(n, k + 1) > 0.025, "n = {n}, k = {k}");
        }
    }

    #[test]
    fn a_build_faster_in_every_round_is_faster_and_noise_is_no_difference() {
        let other: Vec<f64> = (0..40).map(|round| 1.0 + (round % 7) as f64 * 0.05).collect();
        let faster: Vec<f64> = other.iter().map(|ms| ms * 0.9).collect();
        let found = compare("first paint", &faster, &other);
        assert!((found.ratio - 0.9).abs() < 1e-9, "{found:?}");
        assert_eq!(found.verdict(), "faster");
        let slower: Vec<f64> = other.iter().map(|ms| ms * 1.2).collect();
        assert_eq!(compare("first paint", &slower, &other).verdict(), "slower");
        // Half the rounds a little faster, half a little slower: nothing to tell.
        let noisy: Vec<f64> = other.iter().enumerate().map(|(round, ms)| if round % 2 == 0 { ms * 0.97 } else { ms * 1.03 }).collect();
        let found = compare("first paint", &noisy, &other);
        assert_eq!(found.verdict(), "no difference measured", "{found:?}");
        assert_eq!(compare("first paint", &faster[..4], &other[..4]).verdict(), "too few rounds to tell");
    }

    #[test]
    fn rounds_without_a_time_are_left_out_of_the_ratios() {
        let found = compare("m", &[0.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, f64::NAN]);
        assert_eq!(found.ratio, 2.0);
        assert_eq!(found.interval, Some((2.0, 2.0)), "six rounds left, enough for an interval: {found:?}");
        let found = compare("m", &[0.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], &[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, f64::NAN]);
        assert_eq!(found.interval, None, "five left are too few: {found:?}");
    }

    #[test]
    fn samples_are_read_and_tabled() {
        let samples = serde_json::json!({ "metrics": [
            { "name": "data to first paint", "this": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "other": [2.0, 2.0, 2.0, 2.0, 2.0, 2.0] },
        ]});
        let comparisons = read(&samples).unwrap();
        assert_eq!(comparisons.len(), 1);
        let text = table(&comparisons, "HEAD~1", (116.04, 115.2));
        assert!(text.contains("| data to first paint | 1.00 ms | 2.00 ms | -50.0 % | -50.0 % to -50.0 % | faster |"), "{text}");
        assert!(text.contains("| shipped js + wasm (brotli) | 116.0 KiB | 115.2 KiB | +0.8 KiB |"), "{text}");
        assert!(read(&serde_json::json!({ "metrics": [{ "name": "x", "this": [1.0] }] })).is_err());
        assert!(read(&serde_json::json!({})).is_err());
    }
}
