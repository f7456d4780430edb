//! `cargo xtask bench [--quick]`: what the widget weighs, how fast it is in headless Chromium
//! next to a vanilla reference element measured in the same run (benches/), and how fast the
//! reference server stores results. One table (metric, value, budget, reference, ratio) on
//! stdout and as JSON in `target/bench.json`.
//!
//! `--quick` takes a few repetitions and a small load on the debug server: it proves every
//! part still runs (the test suite runs it) but its numbers are not measurements.
//!
//! `--compare REV` (or `--compare-dist DIR`) times this build against another build of the
//! widget side by side in one page instead ([`compare`]): the way to tell whether a change
//! made the widget faster, since the machine drifts more between runs than most changes move.

pub mod compare;
mod load;
mod locales;
mod report;
mod samples;
pub mod soak;
mod wasm_top;

use std::fs;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::{Args, Result, cmd, demo, dist, project_root, run_command, target_dir, tools};
use report::{Budget, Row, Unit};

/// Concurrent keep-alive connections posting results, as the budget is stated.
const CONNECTIONS: usize = 32;

pub fn run(mut args: Args) -> Result {
    let quick = args.flag("--quick");
    let soak = args.flag("--soak");
    let seconds = args.value("--seconds")?;
    let baseline = args.value("--against")?;
    let revision = args.value("--compare")?;
    let compare_dist = args.value("--compare-dist")?;
    args.finish()?;
    match (revision, compare_dist) {
        (Some(_), Some(_)) => return Err("`--compare` and `--compare-dist` name the other build twice: give one".into()),
        (Some(revision), None) => return run_compare(Other::Revision(revision), quick).map(drop),
        (None, Some(dir)) => return run_compare(Other::Dist(PathBuf::from(dir)), quick).map(drop),
        (None, None) => {}
    }
    if soak {
        let seconds = match seconds {
            Some(text) => text.parse::<u64>().ok().filter(|seconds| *seconds >= 3).ok_or_else(|| format!("--seconds wants a whole number, 3 or more, not \"{text}\""))?,
            None => SOAK_SECONDS,
        };
        return run_soak(seconds);
    }
    let path = target_dir().join("bench.json");
    let against = baseline.map_or_else(|| path.clone(), PathBuf::from);
    // Read before this run overwrites it; a quick run is compared only with a quick one.
    let previous = fs::read_to_string(&against).ok().and_then(|text| serde_json::from_str::<Value>(&text).ok()).filter(|previous| previous["context"]["quick"].as_bool() == Some(quick));
    let rows = measure(quick)?;
    println!("\n== bench{} ==\n", if quick { " (--quick: a smoke run, not a measurement)" } else { "" });
    print!("{}", report::table(&rows));
    if let Some(changes) = previous.as_ref().and_then(|previous| report::changes(previous, &rows)) {
        println!("\nsince {}:\n\n{changes}", against.display());
    }
    let json = report::to_json(&rows, context(quick));
    fs::write(&path, serde_json::to_string_pretty(&json)? + "\n")?;
    println!("written to {}", path.display());
    Ok(())
}

/// The build this one is compared with.
pub enum Other {
    /// A git revision of this repository, built in a worktree under `target/compare/`.
    Revision(String),
    /// A `dist/` directory built already.
    Dist(PathBuf),
}

/// `cargo xtask bench --compare REV | --compare-dist DIR [--quick]`: this build and the other
/// timed side by side (benches/compare.mjs); prints the table and writes
/// `target/bench-compare.json`. Answers the comparisons, for the test suite's smoke run.
pub fn run_compare(other: Other, quick: bool) -> Result<Vec<compare::Comparison>> {
    tools::ensure_chromium()?;
    tools::ensure_npm(&project_root().join("tests/e2e"))?;
    let (other_dist, name) = match other {
        Other::Revision(revision) => (build_revision(&revision)?, revision),
        Other::Dist(dir) => {
            let dir = if dir.is_absolute() { dir } else { std::env::current_dir()?.join(dir) };
            let name = dir.display().to_string();
            (dir, name)
        }
    };
    dist::build()?;
    let kib = |dir: &Path| dist::sizes(dir).map(|files| dist::shipped_kib(&files));
    let sizes = (kib(&dist::dist_dir())?, kib(&other_dist)?);
    let running = demo::start_fresh(if quick { demo::Profile::Dev } else { demo::Profile::Release }, "bench-compare")?;
    println!("\n== browser (benches/compare.mjs): this build against {name} ==");
    let address = format!("http://{}", running.address);
    let samples = browser_samples("compare.mjs", &address, &running.work.join("compare.json"), quick, Some(&other_dist))?;
    let comparisons = compare::read(&samples)?;
    println!("\n== this build against {name}{} ==\n", if quick { " (--quick: a smoke run, not a measurement)" } else { "" });
    print!("{}", compare::table(&comparisons, &name, sizes));
    println!("\nchange: the median of the rounds' ratios (this / other); the interval is where that median lies with 95 % confidence");
    let json = json!({
        "other": name,
        "context": context(quick),
        "shipped_kib": { "this": sizes.0, "other": sizes.1 },
        "metrics": comparisons.iter().map(|comparison| json!({
            "metric": comparison.metric,
            "this_ms": comparison.this_ms,
            "other_ms": comparison.other_ms,
            "ratio": comparison.ratio,
            "interval": comparison.interval.map(|(low, high)| [low, high]),
            "verdict": comparison.verdict(),
        })).collect::<Vec<_>>(),
    });
    let path = target_dir().join("bench-compare.json");
    fs::write(&path, serde_json::to_string_pretty(&json)? + "\n")?;
    println!("written to {}", path.display());
    Ok(comparisons)
}

/// Builds `revision`'s `dist/` in a worktree (`target/compare/tree`, kept for the next
/// comparison) with a target directory of its own, so neither build undoes the other's.
fn build_revision(revision: &str) -> Result<PathBuf> {
    let root = target_dir().join("compare");
    let tree = root.join("tree");
    let commit = crate::output(cmd("git").args(["rev-parse", "--verify", "--quiet", &format!("{revision}^{{commit}}")]))
        .map(|text| text.trim().to_string())
        .ok_or_else(|| format!("`{revision}` is not a revision of this repository"))?;
    println!("xtask: building {revision} ({}) in {} to compare with (the first time about as long as a fresh `cargo xtask dist`)…", &commit[..commit.len().min(10)], tree.display());
    if tree.join(".git").exists() {
        run_command(cmd("git").arg("-C").arg(&tree).args(["checkout", "--quiet", "--detach", "--force", &commit]))?;
    } else {
        run_command(cmd("git").args(["worktree", "prune"]))?;
        run_command(cmd("git").args(["worktree", "add", "--quiet", "--detach", "--force"]).arg(&tree).arg(&commit))?;
    }
    let mut build = crate::cargo();
    build.current_dir(&tree).args(["xtask", "dist"]).env("CARGO_TARGET_DIR", root.join("target"));
    run_command(&mut build)?;
    Ok(tree.join("dist"))
}

/// How long `--soak` runs by default.
pub const SOAK_SECONDS: u64 = 60;

/// `cargo xtask bench --soak`: the release server under the soak's mix for `seconds`; prints
/// the figures, writes `target/soak.json`, and fails when a budget is missed.
pub fn run_soak(seconds: u64) -> Result {
    let running = demo::start_fresh(demo::Profile::Release, "soak")?;
    let address = running.address;
    println!("\n== soak: {seconds} s of mixed traffic on {address} ==");
    let report = soak::run(address, running.server.pid(), seconds)?;
    drop(running);
    let (middle, last) = report.memory_thirds();
    let peak = report.rss_mib.iter().copied().fold(0.0, f64::max);
    println!("requests      {} in {:.1} s ({:.0}/s), {} unexpected answers", report.requests, report.seconds, report.requests as f64 / report.seconds, report.unexpected);
    if let Some(first) = &report.first_unexpected {
        println!("first unexpected: {first}");
    }
    println!("latency       p50 {:.2} ms, p99 {:.2} ms (budget < {} ms; every request but the export downloads)", report.p50_ms, report.p99_ms, soak::P99_BUDGET_MS);
    for (kind, p99) in &report.p99_by_kind {
        println!("  p99 {kind:<12} {p99:.2} ms");
    }
    println!("memory (RSS)  middle third {middle:.1} MiB, last third {last:.1} MiB, peak {peak:.1} MiB: {}", if report.memory_flat() { "flat" } else { "GROWING" });
    let json = json!({
        "seconds": report.seconds, "requests": report.requests, "unexpected": report.unexpected,
        "p50_ms": report.p50_ms, "p99_ms": report.p99_ms, "p99_by_kind_ms": report.p99_by_kind,
        "rss_mib": report.rss_mib, "memory_flat": report.memory_flat(), "passed": report.passed(),
        "context": context(false),
    });
    fs::write(target_dir().join("soak.json"), serde_json::to_string_pretty(&json)? + "\n")?;
    if report.passed() {
        println!("soak: passed");
        Ok(())
    } else {
        Err("soak: a budget was missed (see above)".into())
    }
}

/// Every measurement, in the table's order.
pub fn measure(quick: bool) -> Result<Vec<Row>> {
    tools::ensure_chromium()?;
    let e2e = project_root().join("tests/e2e");
    tools::ensure_npm(&e2e)?;
    dist::build()?;
    let mut rows = sizes()?;

    // Stopped when dropped, at the end of this function.
    let running = demo::start_fresh(if quick { demo::Profile::Dev } else { demo::Profile::Release }, "bench")?;
    let (address, work) = (running.address, &running.work);

    println!("\n== browser (benches/browser.mjs) ==");
    let samples = browser_samples("browser.mjs", &format!("http://{address}"), &work.join("browser.json"), quick, None)?;
    rows.extend(samples::rows(&samples)?);

    println!("\n== server: {CONNECTIONS} connections posting results ==");
    rows.extend(server_rows(address, quick)?);
    Ok(rows)
}

/// The shipped size as a row, after the per-file table and the top contributors.
fn sizes() -> Result<Vec<Row>> {
    println!("\n== size (dist/) ==");
    let files = dist::sizes(&dist::dist_dir())?;
    print!("{}", dist::size_table(&files).0);
    let module = fs::read(dist::release_module())?;
    let functions = wasm_top::functions(&module)?;
    println!("\nwhere the wasm's code goes (raw bytes before wasm-opt, wasm-bindgen's descriptors left out; crates, then functions):");
    for contributor in wasm_top::by_crate(&functions).iter().take(10) {
        println!("{:>9}  {}", contributor.bytes, contributor.name);
    }
    println!();
    for contributor in functions.iter().take(15) {
        println!("{:>9}  {}", contributor.bytes, shorten(&contributor.name, 110));
    }
    let locales = locales_kib(&files, &module)?;
    let kinds = files.iter().find(|file| file.name == dist::KINDS_FILE).map_or(0.0, |file| dist::kib(file.brotli));
    Ok(vec![
        Row::new("shipped js + wasm (brotli)", dist::shipped_kib(&files), Unit::KiB, Budget::AtMost(90.0)),
        Row::new("with a social post or a lead list: + countersign_kinds.wasm (brotli)", dist::shipped_kib(&files) + kinds, Unit::KiB, Budget::None),
        Row::new("five locales: i18n code + the largest locale file (brotli)", locales, Unit::KiB, Budget::AtMost(8.0)),
    ])
}

/// What the five locales cost a page at most: what brotli saves when the i18n module's own
/// functions (choosing the locale, plurals, filling in names, `Intl`, loading a locale file)
/// are left out of the code, which English alone would need too; plus the largest locale file,
/// the one a page in that language loads; plus any other locale's messages still found in the
/// shipped wasm ([`locales`]; none since they load from their files).
fn locales_kib(files: &[dist::FileSize], module: &[u8]) -> Result<f64> {
    let shipped = files.iter().find(|file| file.name == "countersign_core_bg.wasm").ok_or("dist has no countersign_core_bg.wasm")?;
    let wasm = fs::read(dist::dist_dir().join(&shipped.name))?;
    let in_wasm = dist::kib(locales::other_locales_bytes(&wasm, &project_root().join("src/i18n"), |bytes| dist::brotli_len(bytes).map_err(|error| error.to_string()))?);
    let largest = files.iter().filter(|file| file.name.starts_with("locales")).max_by_key(|file| file.brotli).ok_or("dist has no locale files")?;
    let code = brotli_share(&wasm_top::bodies(module)?, "::i18n::")?;
    println!(
        "\nthe five locales: {code:.1} KiB of i18n code + {:.1} KiB for the largest locale file ({}) + {in_wasm:.1} KiB of other locales' messages left in the shipped wasm",
        dist::kib(largest.brotli),
        largest.name
    );
    Ok(code + dist::kib(largest.brotli) + in_wasm)
}

/// What brotli saves when the functions whose names contain `part` are left out of the code,
/// in KiB.
pub fn brotli_share(bodies: &[(String, &[u8])], part: &str) -> Result<f64> {
    let all: Vec<u8> = bodies.iter().flat_map(|(_, body)| body.iter().copied()).collect();
    let rest: Vec<u8> = bodies.iter().filter(|(name, _)| !name.contains(part)).flat_map(|(_, body)| body.iter().copied()).collect();
    Ok(dist::kib(dist::brotli_len(&all)?) - dist::kib(dist::brotli_len(&rest)?))
}

fn shorten(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into(),
    }
}

/// Runs `benches/<script>` (browser.mjs, or compare.mjs with the other build's `compare_dist`)
/// against the server at `base_url` and reads the samples it writes to `out`.
fn browser_samples(script: &str, base_url: &str, out: &Path, quick: bool, compare_dist: Option<&Path>) -> Result<Value> {
    let _ = fs::remove_file(out);
    let mut node = cmd("node");
    if let Some(dir) = compare_dist {
        node.env("COMPARE_DIST", dir);
    }
    node.arg(project_root().join("benches").join(script))
        .env("BASE_URL", base_url)
        .env("BENCH_OUT", out)
        .env("BENCH_QUICK", if quick { "1" } else { "0" })
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run_command(&mut node)?;
    let text = fs::read_to_string(out).map_err(|error| format!("{}: {error}", out.display()))?;
    Ok(serde_json::from_str(&text)?)
}

/// Posts results at the server from [`CONNECTIONS`] connections at once.
fn server_rows(address: SocketAddr, quick: bool) -> Result<Vec<Row>> {
    // A short warm-up, so the first connections' setup is not in the numbers.
    load::run(address, CONNECTIONS, 5)?;
    let report = load::run(address, CONNECTIONS, if quick { 20 } else { 500 })?;
    println!(
        "{} requests ({} keys, every {}th a retry of the one before), {} results listed for them",
        report.requests,
        report.keys,
        load::RETRY_EVERY,
        report.listed
    );
    Ok(vec![
        Row::new("server: results stored per second", report.stored_per_second, Unit::PerSecond, Budget::AtLeast(2000.0)),
        Row::new("server: latency p50", report.p50_ms, Unit::Ms, Budget::None),
        Row::new("server: latency p99", report.p99_ms, Unit::Ms, Budget::AtMost(20.0)),
        Row::new("server: results stored twice", report.duplicates as f64, Unit::Count, Budget::AtMost(0.0)),
        Row::new("server: results lost", report.keys.saturating_sub(report.listed - report.duplicates) as f64, Unit::Count, Budget::AtMost(0.0)),
    ])
}

/// What the numbers were taken on.
fn context(quick: bool) -> Value {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| info.lines().find_map(|line| line.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())));
    let memory_gib = fs::read_to_string("/proc/meminfo").ok().and_then(|info| {
        let kib = info.lines().find_map(|line| line.strip_prefix("MemTotal:"))?.trim().trim_end_matches("kB").trim().parse::<f64>().ok()?;
        Some((kib / 1024.0 / 1024.0 * 10.0).round() / 10.0)
    });
    let chromium = crate::output(cmd(tools::CHROMIUM).arg("--version")).map(|text| text.trim().to_string());
    json!({
        "quick": quick,
        "cores": std::thread::available_parallelism().map(|cores| cores.get()).ok(),
        "cpu": cpu,
        "memory_gib": memory_gib,
        "os": std::env::consts::OS,
        "chromium": chromium,
    })
}

#[cfg(test)]
mod tests {
    use super::brotli_share;

    #[test]
    fn a_share_is_what_brotli_saves_without_those_functions() {
        // Bytes of a simple generator: distinct enough that brotli cannot make them vanish.
        let noise = |seed: u32, len: usize| -> Vec<u8> {
            let mut state = seed;
            (0..len).map(|_| { state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345); (state >> 16) as u8 }).collect()
        };
        let (kept, i18n) = (noise(1, 4000), noise(2, 3000));
        let bodies = vec![("countersign::model::read".to_string(), &kept[..]), ("countersign::i18n::fill".to_string(), &i18n[..])];
        let share = brotli_share(&bodies, "::i18n::").unwrap();
        assert!((2.5..3.2).contains(&share), "3000 incompressible bytes are about 2.9 KiB: {share}");
        assert_eq!(brotli_share(&bodies, "::nowhere::").unwrap(), 0.0);
    }
}
