//! The fuzz stage of `cargo xtask test`: the cargo-fuzz targets of `fuzz/` built on the stable
//! toolchain with libFuzzer's coverage instrumentation (the flags cargo-fuzz passes, minus the
//! nightly-only sanitizer), then each run for a while from its committed seed corpus. A crash
//! leaves its input in `target/fuzz/artifacts/<target>/` and fails the stage.

use std::fs;
use std::path::Path;

use crate::test::Tally;
use crate::{cargo, cmd, echo, project_root, rust_file_stems, target_dir, tools, Result};

/// How long each target runs by default, in seconds.
pub const DEFAULT_SECONDS: u64 = 30;

/// The coverage instrumentation libFuzzer steers by, and `cfg(fuzzing)`, as cargo-fuzz sets them.
const RUSTFLAGS: &str = "-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks";

/// The host triple the harnesses are built for: naming it keeps RUSTFLAGS off build scripts
/// and proc macros.
const HOST: &str = "x86_64-unknown-linux-gnu";

/// Builds every target and runs each for `seconds`; one pass or failure per target.
pub fn run(seconds: u64) -> Result<Tally> {
    tools::ensure_cxx()?;
    let fuzz = project_root().join("fuzz");
    let targets = targets(&fuzz.join("fuzz_targets"))?;
    let out = target_dir().join("fuzz");
    let mut build = cargo();
    build
        .args(["build", "--release", "--bins", "--target", HOST, "--manifest-path"])
        .arg(fuzz.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&out)
        .env("RUSTFLAGS", RUSTFLAGS);
    crate::run_command(&mut build)?;

    let mut tally = Tally::default();
    for target in &targets {
        let corpus = out.join("corpus").join(target);
        let artifacts = out.join("artifacts").join(target);
        fs::create_dir_all(&corpus)?;
        fs::create_dir_all(&artifacts)?;
        let mut run = cmd(out.join(HOST).join("release").join(target));
        // New inputs go to the first directory (under target/); the committed seeds are read.
        run.arg(format!("-max_total_time={seconds}"))
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg(&corpus)
            .arg(fuzz.join("corpus").join(target))
            .env("COUNTERSIGN_FUZZ_DB", out.join(format!("{target}.db")));
        echo(&run);
        let output = run.output()?;
        let log = String::from_utf8_lossy(&output.stderr);
        let runs = log.lines().find_map(|line| line.strip_prefix("stat::number_of_executed_units:")).map(str::trim).unwrap_or("?");
        if output.status.success() {
            println!("fuzz {target}: {runs} inputs in {seconds} s, no crash");
            tally.passed += 1;
        } else {
            // The last lines say what failed and where the input that did it was saved.
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            println!("fuzz {target}: FAILED\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
            tally.failed += 1;
        }
    }
    Ok(tally)
}

/// The targets: one per file in `fuzz/fuzz_targets`, named as the file.
fn targets(dir: &Path) -> Result<Vec<String>> {
    let names = rust_file_stems(dir)?;
    if names.is_empty() {
        return Err(format!("no fuzz targets in {}", dir.display()).into());
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_file_is_a_bin_of_the_fuzz_crate() {
        let fuzz = project_root().join("fuzz");
        let manifest = fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
        let names = targets(&fuzz.join("fuzz_targets")).unwrap();
        assert!(names.len() >= 5, "{names:?}");
        for name in &names {
            assert!(manifest.contains(&format!("name = \"{name}\"\npath = \"fuzz_targets/{name}.rs\"")), "{name} is not a [[bin]] of fuzz/Cargo.toml");
            assert!(fuzz.join("corpus").join(name).read_dir().unwrap().next().is_some(), "{name} has no seed corpus");
        }
    }
}
