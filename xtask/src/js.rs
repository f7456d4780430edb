//! The `js` stage of `cargo xtask test`: the element's TypeScript types compile against a
//! host's use of them and still catch its misuses (`tsc -p tests/types`), and the plain-JS
//! modules shipped beside the wasm pass their tests (`node --test tests/js`).

use crate::test::Tally;
use crate::{Result, cmd, project_root, tools};
use std::process::Stdio;

pub fn run() -> Result<Tally> {
    let e2e = project_root().join("tests/e2e");
    tools::ensure_npm(&e2e)?;
    let mut tally = Tally::default();

    let mut tsc = cmd(e2e.join("node_modules/.bin/tsc"));
    tsc.args(["-p", "tests/types"]);
    crate::echo(&tsc);
    if tsc.status()?.success() {
        println!("xtask: the types compile, and every misuse in tests/types/usage.ts is an error");
        tally.passed += 1;
    } else {
        println!("xtask: tsc found errors in tests/types (above)");
        tally.failed += 1;
    }

    // The files by name: Node 21 and later read a directory argument as a glob.
    let specs: Vec<String> = crate::file_stems(&project_root().join("tests/js"), ".test.mjs")?.iter().map(|name| format!("tests/js/{name}.test.mjs")).collect();
    if specs.is_empty() {
        return Err("no tests/js/*.test.mjs".into());
    }
    let mut node = cmd("node");
    node.args(["--test", "--test-reporter=tap"]).args(&specs);
    crate::echo(&node);
    let out = node.stderr(Stdio::inherit()).output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    match tap_summary(&text) {
        Some(counts) => {
            tally += counts;
            if !out.status.success() && counts.failed == 0 {
                tally.failed += 1;
            }
        }
        None => {
            println!("xtask: `node --test` gave no summary: counted as one failure");
            tally.failed += 1;
        }
    }
    Ok(tally)
}

/// Reads `# pass N` and `# fail N` from node's TAP summary.
fn tap_summary(text: &str) -> Option<Tally> {
    let count = |key: &str| text.lines().rev().find_map(|line| line.trim().strip_prefix(key)?.trim().parse::<u64>().ok());
    Some(Tally { passed: count("# pass ")?, failed: count("# fail ")? })
}

#[cfg(test)]
mod tests {
    use super::{Tally, tap_summary};

    #[test]
    fn node_tap_summaries_are_counted() {
        let text = "ok 1 - a\nnot ok 2 - b\n1..2\n# tests 2\n# suites 0\n# pass 1\n# fail 1\n# cancelled 0\n";
        assert_eq!(tap_summary(text), Some(Tally { passed: 1, failed: 1 }));
        assert_eq!(tap_summary("ok 1 - a\n"), None);
    }
}
