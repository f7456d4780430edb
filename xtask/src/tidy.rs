//! Tidy checks: project rules that are cheap to check, as ordinary tests.

use crate::project_root;
use std::fs;
use std::path::{Path, PathBuf};

fn read(path: &str) -> String {
    fs::read_to_string(project_root().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn ci_runs_the_whole_suite_through_xtask() {
    let script = read(".ci/run");
    assert!(script.starts_with("#!/usr/bin/env bash\n"), ".ci/run must start with a bash shebang");
    assert!(script.contains("set -euo pipefail"), ".ci/run must stop at the first error");
    assert!(script.lines().any(|line| line.trim() == "cargo xtask test"), ".ci/run must run `cargo xtask test`");

    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(project_root().join(".ci/run")).unwrap().permissions().mode();
    assert!(mode & 0o111 != 0, ".ci/run must be executable");
}

#[test]
fn readme_names_the_demo_and_test_commands() {
    let Ok(readme) = fs::read_to_string(project_root().join("README.md")) else { return };
    for command in ["cargo xtask demo", "cargo xtask test"] {
        assert!(readme.contains(command), "README.md should mention `{command}`");
    }
}

#[test]
fn webdriver_json_runs_chromium_headless_without_a_sandbox() {
    let config: serde_json::Value = serde_json::from_str(&read("webdriver.json")).unwrap();
    let args = config["goog:chromeOptions"]["args"].as_array().expect("goog:chromeOptions.args");
    for wanted in ["--headless=new", "--no-sandbox", "--disable-background-networking"] {
        assert!(args.iter().any(|arg| arg == wanted), "webdriver.json lacks {wanted}");
    }
}

#[test]
fn library_and_server_code_never_unwraps_outside_tests() {
    let mut files = Vec::new();
    for dir in ["src", "server/src"] {
        rust_files(&project_root().join(dir), &mut files);
    }
    let mut offenders = Vec::new();
    for file in files {
        // A file named tests.rs, or under a tests/ folder, is a `#[cfg(test)] mod tests;`.
        if file.file_name().is_some_and(|n| n == "tests.rs") || file.components().any(|c| c.as_os_str() == "tests") {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        for line in unwraps_outside_tests(&source) {
            offenders.push(format!("{}:{line}", file.strip_prefix(project_root()).unwrap().display()));
        }
    }
    assert!(offenders.is_empty(), "`.unwrap()` or `.expect()` outside #[cfg(test)]; return an error instead:\n{}", offenders.join("\n"));
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// Line numbers (from 1) of `.unwrap()` and `.expect(…)` calls outside `#[cfg(test)]` items
/// and comments (style.md allows neither on data from outside).
/// A line scanner, not a parser: it follows braces after `#[cfg(test)]`, which is enough
/// for the usual `#[cfg(test)] mod tests { … }` at the end of a file.
fn unwraps_outside_tests(source: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut cfg_test_pending = false;
    let mut skip_depth: Option<i64> = None;
    for (index, line) in source.lines().enumerate() {
        let mut code = line.split("//").next().unwrap_or("");
        let braces = |text: &str| text.matches('{').count() as i64 - text.matches('}').count() as i64;
        if let Some(depth) = skip_depth {
            let depth = depth + braces(code);
            skip_depth = (depth > 0).then_some(depth);
            continue;
        }
        if let Some(rest) = test_only_attribute(code) {
            cfg_test_pending = true;
            code = rest;
        }
        if cfg_test_pending {
            if code.contains('{') {
                cfg_test_pending = false;
                let depth = braces(code);
                skip_depth = (depth > 0).then_some(depth);
            } else if code.trim_end().ends_with(';') {
                cfg_test_pending = false;
            }
            continue;
        }
        if code.contains(".unwrap()") || code.contains(".expect(") {
            found.push(index + 1);
        }
    }
    found
}

/// For a line opening with `#[cfg(test)]` or `#[cfg(all(test, …))]`, the code after it.
fn test_only_attribute(code: &str) -> Option<&str> {
    let attribute = code.trim_start().strip_prefix("#[cfg(")?;
    let end = attribute.find(")]")?;
    let condition = &attribute[..end];
    let mentions_test = condition
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|word| word == "test");
    (mentions_test && !condition.contains("not(test)") && !condition.starts_with("any(")).then(|| &attribute[end + 2..])
}

#[test]
fn the_unwrap_scanner_skips_test_modules_and_comments() {
    let source = r#"fn a() -> u8 { Some(1).unwrap() }
// Some(2).unwrap() in a comment is fine
/// Doc: x.unwrap()
#[cfg(test)]
mod tests {
    fn b() { Some(3).unwrap(); }
    mod inner { fn c() { Some(4).unwrap(); } }
}
#[cfg(test)] mod more { fn d() { None::<u8>.unwrap(); } }
fn e() { Some(5).unwrap(); }
fn f() { Some(6).expect("six"); }
#[cfg(all(test, not(target_arch = "wasm32")))]
mod native_tests { fn f() { Some(6).unwrap(); } }
#[cfg(not(test))]
fn g() { Some(7).unwrap(); }
"#;
    assert_eq!(unwraps_outside_tests(source), vec![1, 10, 11, 15]);
}
