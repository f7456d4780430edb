//! `cargo xtask test`: every test, in stages, with one closing line `N passed, N failed`.
//!
//! Stages: tools (install what is missing), native (`cargo test --workspace`, storage on
//! SQLite), postgres (the server's storage tests again, on a throwaway PostgreSQL cluster),
//! js (the TypeScript types with `tsc`, the LangChain adapter with `node --test`), browser
//! (the wasm tests and the Leptos component's, in headless Chromium), e2e (Playwright against
//! the real server and the embedding examples),
//! bench (`cargo xtask bench --quick`, so the benchmarks cannot rot unnoticed), fuzz (each
//! fuzz target for `--fuzz-seconds`, 30 by default). A stage that
//! cannot build or run counts as at least one failure, and the later stages still run.

use crate::{Args, Result, cargo, cmd, demo, dist, postgres, project_root, tools};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// Passed and failed counts of a stage or of the whole run.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }
}

pub fn run(mut args: Args) -> Result<ExitCode> {
    let (native, postgres, js, browser, e2e, bench, fuzz) = (args.flag("--native"), args.flag("--postgres"), args.flag("--js"), args.flag("--browser"), args.flag("--e2e"), args.flag("--bench"), args.flag("--fuzz"));
    let fuzz_seconds = match args.value("--fuzz-seconds")? {
        Some(text) => text.parse::<u64>().ok().filter(|seconds| *seconds > 0).ok_or_else(|| format!("--fuzz-seconds wants a whole number of seconds, not \"{text}\""))?,
        None => crate::fuzz::DEFAULT_SECONDS,
    };
    args.finish()?;
    // No stage named means every stage.
    let all = !(native || postgres || js || browser || e2e || bench || fuzz);
    let (native, postgres, js, browser, e2e, bench, fuzz) = (all || native, all || postgres, all || js, all || browser, all || e2e, all || bench, all || fuzz);

    let mut stages: Vec<(&str, Tally)> = Vec::new();
    if browser || e2e || bench {
        stages.push(("tools", stage("tools", "wasm target, wasm-bindgen, Chromium, npm packages", || ensure_tools(e2e || bench))));
    }
    if native {
        stages.push(("native", stage("native", "cargo test --workspace", run_native)));
    }
    if postgres {
        stages.push(("postgres", stage("postgres", "the server's storage tests on a throwaway PostgreSQL", run_postgres)));
    }
    if js {
        stages.push(("js", stage("js", "tsc over tests/types, node --test over tests/js", crate::js::run)));
    }
    if browser {
        stages.push(("browser", stage("browser", "wasm tests in headless Chromium", run_browser)));
    }
    if e2e {
        stages.push(("e2e", stage("e2e", "Playwright against the reference server", run_e2e)));
    }
    if bench {
        stages.push(("bench", stage("bench", "cargo xtask bench --quick: every benchmark still runs", run_bench)));
    }
    if fuzz {
        let what = format!("every fuzz target for {fuzz_seconds} s, instrumented on stable");
        stages.push(("fuzz", stage("fuzz", &what, || crate::fuzz::run(fuzz_seconds))));
    }

    println!("\n== summary ==");
    let mut total = Tally::default();
    for (name, tally) in &stages {
        println!("{name:<8} {:>5} passed {:>4} failed", tally.passed, tally.failed);
        total += *tally;
    }
    // The closing line, alone, read by CI.
    println!("{} passed, {} failed", total.passed, total.failed);
    Ok(if total.failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Runs one stage under a header; an error is reported and counts as one failure.
fn stage(name: &str, what: &str, body: impl FnOnce() -> Result<Tally>) -> Tally {
    println!("\n== xtask test: {name} ({what}) ==");
    match body() {
        Ok(tally) => tally,
        Err(error) => {
            println!("xtask: {name} stage failed: {error}");
            Tally { passed: 0, failed: 1 }
        }
    }
}

/// Installs what the browser and e2e stages need; each tool that cannot be had is a failure.
fn ensure_tools(npm: bool) -> Result<Tally> {
    let mut results = vec![tools::ensure_wasm_target(), tools::ensure_wasm_bindgen(), tools::ensure_chromium()];
    if npm {
        results.push(tools::ensure_npm(&project_root().join("tests/e2e")));
    }
    let mut failed = 0;
    for error in results.into_iter().filter_map(Result::err) {
        println!("xtask: {error}");
        failed += 1;
    }
    Ok(Tally { passed: 0, failed })
}

fn run_native() -> Result<Tally> {
    // Storage on SQLite here, whatever the environment says.
    run_cargo_tests(cargo().args(["test", "--workspace", "--no-fail-fast"]).env_remove("COUNTERSIGN_TEST_DATABASE_URL").env_remove("DATABASE_URL"))
}

/// The server's storage tests once more, each database a fresh schema of a throwaway cluster,
/// and the multi-process test that only PostgreSQL allows (ignored in the SQLite run).
fn run_postgres() -> Result<Tally> {
    let tests = postgres::storage_tests(&project_root().join("server/tests"))?;
    // Dropped at the end, on success and on error alike: the cluster stops and is deleted.
    let cluster = postgres::Cluster::start()?;
    let mut command = cargo();
    command.args(["test", "-p", "countersign-server", "--no-fail-fast"]);
    for name in &tests {
        command.args(["--test", name]);
    }
    command.args(["--", "--include-ignored"]).env("COUNTERSIGN_TEST_DATABASE_URL", &cluster.url).env_remove("DATABASE_URL");
    run_cargo_tests(&mut command)
}

/// The wasm tests are the integration tests in tests/*.rs, named one by one: `--tests`
/// would also build the library's unit tests for wasm, and those use native-only crates.
fn run_browser() -> Result<Tally> {
    let names = crate::rust_file_stems(&project_root().join("tests"))?;
    if names.is_empty() {
        println!("xtask: no wasm tests in tests/*.rs yet");
        return Ok(Tally::default());
    }
    let mut command = cargo();
    command.args(["test", "--target", "wasm32-unknown-unknown", "-p", "countersign", "--no-fail-fast"]);
    for name in &names {
        command.args(["--test", name]);
    }
    let mut tally = run_cargo_tests(in_chromium(&mut command))?;
    // The Leptos component's tests live with the Leptos example, a workspace of its own.
    let mut leptos = cargo();
    leptos
        .args(["test", "--target", "wasm32-unknown-unknown", "--no-fail-fast", "--manifest-path"])
        .arg(project_root().join("examples/leptos/Cargo.toml"))
        .env("CARGO_TARGET_DIR", crate::target_dir());
    tally += run_cargo_tests(in_chromium(&mut leptos))?;
    Ok(tally)
}

/// Points a wasm `cargo test` at ChromeDriver, with time for a cold browser start.
fn in_chromium(command: &mut Command) -> &mut Command {
    command.env("CHROMEDRIVER", tools::CHROMEDRIVER).env("WASM_BINDGEN_TEST_TIMEOUT", "120")
}

/// Runs a `cargo test`, echoing its output while adding up every `test result:` line. A
/// run that fails without any failed test (a build error, a crashed runner) counts as one.
fn run_cargo_tests(command: &mut Command) -> Result<Tally> {
    crate::echo(command);
    let mut child = command.stdout(Stdio::piped()).spawn()?;
    let mut tally = Tally::default();
    if let Some(stdout) = child.stdout.take() {
        // Split on bytes: a test may print invalid UTF-8, which must not end the count.
        for line in BufReader::new(stdout).split(b'\n') {
            let line = String::from_utf8_lossy(&line?).into_owned();
            println!("{line}");
            if let Some(result) = parse_test_result(&line) {
                tally += result;
            }
        }
    }
    let status = child.wait()?;
    if !status.success() && tally.failed == 0 {
        println!("xtask: `cargo test` failed ({status}) without a failing test: counted as one failure");
        tally.failed = 1;
    }
    Ok(tally)
}

/// Reads `test result: ok. 12 passed; 0 failed; …` (cargo's and wasm-bindgen-test-runner's).
fn parse_test_result(line: &str) -> Option<Tally> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| {
        rest.split(';').find_map(|part| {
            let mut words = part.split_whitespace().rev();
            (words.next()? == word).then(|| words.next()?.parse::<u64>().ok()).flatten()
        })
    };
    Some(Tally { passed: count("passed")?, failed: count("failed")? })
}

fn run_e2e() -> Result<Tally> {
    let e2e = project_root().join("tests/e2e");
    tools::ensure_npm(&e2e)?;
    dist::build()?;
    crate::examples::build()?;
    // Dropped at the end of this function, on success and on error alike: the server stops.
    let running = demo::start_fresh(demo::Profile::Dev, "e2e")?;
    let work = &running.work;
    let report = work.join("report.json");
    let _ = fs::remove_file(&report);
    let base_url = format!("http://{}", running.address);
    println!("xtask: server up at {base_url} (log: {})", work.join("server.log").display());

    let mut playwright = cmd(e2e.join("node_modules/.bin/playwright"));
    playwright
        .args(["test", "--reporter=list,json"])
        .current_dir(&e2e)
        .env("BASE_URL", &base_url)
        .env("DB_PATH", &running.db)
        // For scenarios that stop and restart a server of their own.
        .env("SERVER_BIN", &running.binary)
        .env("PROJECT_ROOT", crate::project_root())
        .env("E2E_WORK", work)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report);
    crate::echo(&playwright);
    let status = playwright.status()?;
    let mut tally = match read_report(&report) {
        Ok(tally) => tally,
        Err(error) => {
            println!("xtask: no usable Playwright report: {error}");
            Tally { passed: 0, failed: 1 }
        }
    };
    if !status.success() && tally.failed == 0 {
        println!("xtask: Playwright failed ({status}) without a failing test: counted as one failure");
        tally.failed = 1;
    }
    Ok(tally)
}

/// The bench's smoke runs, the bench and `--compare-dist` (this build against itself): each
/// passes when every measurement was taken, whatever the numbers (budgets are read in a full
/// `cargo xtask bench`, not asserted in a quick run).
fn run_bench() -> Result<Tally> {
    let rows = crate::bench::measure(true)?;
    let unmeasured: Vec<&str> = rows.iter().filter(|row| row.value.is_nan()).map(|row| row.metric.as_str()).collect();
    if !unmeasured.is_empty() {
        return Err(format!("not measured: {}", unmeasured.join(", ")).into());
    }
    println!("xtask: the bench took all {} measurements", rows.len());
    // And the side-by-side comparison, of this build with itself.
    let compared = crate::bench::run_compare(crate::bench::Other::Dist(crate::dist::dist_dir()), true)?;
    let unmeasured: Vec<&str> = compared.iter().filter(|comparison| !(comparison.this_ms.is_finite() && comparison.other_ms.is_finite())).map(|comparison| comparison.metric.as_str()).collect();
    if compared.is_empty() || !unmeasured.is_empty() {
        return Err(format!("the comparison did not measure: {}", unmeasured.join(", ")).into());
    }
    println!("xtask: the comparison took all {} measurements", compared.len());
    Ok(Tally { passed: 2, failed: 0 })
}

/// Reads `stats` from Playwright's JSON report: expected and flaky tests passed, unexpected
/// ones failed (skipped ones are neither).
fn read_report(path: &Path) -> Result<Tally> {
    let text = fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    tally_from_report(&text)
}

fn tally_from_report(text: &str) -> Result<Tally> {
    let report: serde_json::Value = serde_json::from_str(text)?;
    let stat = |key: &str| report["stats"][key].as_u64().ok_or_else(|| format!("the report has no stats.{key}"));
    Ok(Tally { passed: stat("expected")? + stat("flaky")?, failed: stat("unexpected")? })
}

#[cfg(test)]
mod tests {
    use super::{Tally, parse_test_result, tally_from_report};

    #[test]
    fn cargo_and_runner_summaries_are_counted() {
        let ok = "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(parse_test_result(ok), Some(Tally { passed: 12, failed: 0 }));
        let failed = "test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out";
        assert_eq!(parse_test_result(failed), Some(Tally { passed: 3, failed: 2 }));
        assert_eq!(parse_test_result("running 12 tests"), None);
        assert_eq!(parse_test_result("test result: something else"), None);
    }

    #[test]
    fn playwright_stats_give_passed_and_failed() {
        let report = r#"{"config":{},"suites":[],"stats":{"startTime":"x","duration":1.5,"expected":4,"skipped":1,"unexpected":2,"flaky":1}}"#;
        assert_eq!(tally_from_report(report).unwrap(), Tally { passed: 5, failed: 2 });
        assert!(tally_from_report(r#"{"stats":{}}"#).is_err());
        assert!(tally_from_report("not json").is_err());
    }
}
