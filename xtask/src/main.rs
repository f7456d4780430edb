//! `cargo xtask`: Countersign's developer commands, written in Rust so that a fresh clone
//! needs nothing but cargo to build, run and test everything.
//!
//! One file per command (`dist.rs`, `demo.rs`, `test.rs`, `bench.rs`); `tools.rs` finds or
//! installs the external tools they need and says so when it installs one. Every path is
//! taken from the project root, so the commands work from any directory in the tree.

mod bench;
mod demo;
mod dist;
mod examples;
mod fuzz;
mod js;
mod postgres;
mod test;
mod tools;
mod wasm_module;
mod wasm_names;
mod wasm_order;
mod wasm_split;

#[cfg(test)]
mod tidy;

use std::error::Error;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The names of the `.rs` files directly in `dir`, without the extension, sorted.
pub fn rust_file_stems(dir: &Path) -> Result<Vec<String>> {
    file_stems(dir, ".rs")
}

/// The names of the files directly in `dir` that end in `suffix`, without it, sorted.
pub fn file_stems(dir: &Path, suffix: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(suffix).map(str::to_owned))
        .collect();
    names.sort();
    Ok(names)
}

/// Errors are reported once, by `main`, as `xtask: error: …`.
pub type Result<T = (), E = Box<dyn Error>> = std::result::Result<T, E>;

const HELP: &str = "\
cargo xtask <command> [options]

commands:
  dist                       build the release widget into dist/ and print its sizes
  demo [--port N] [--db PATH]
                             dist, then run the reference server with the demo page
                             (default port 8080, db countersign-demo.db in the project root,
                             or the PostgreSQL database of DATABASE_URL when that is set)
  examples                   build the embedding examples (examples/: React and Vue with
                             esbuild, the Leptos host to wasm); the server serves them
                             under /examples/
  test [--native] [--postgres] [--js] [--browser] [--e2e] [--bench] [--fuzz] [--fuzz-seconds N]
                             the whole test suite (or only the stages named): native tests,
                             the server's storage tests again on a throwaway PostgreSQL,
                             the TypeScript types (tsc) and JS modules (node --test),
                             wasm tests in headless Chromium, Playwright against the server
                             and the embedding examples,
                             the bench's quick run, each fuzz target for N seconds (30);
                             installs missing tools first; ends with `N passed, N failed`
  bench [--quick] [--against FILE]
                             size, browser timings next to a vanilla reference element and
                             server throughput, against their budgets; writes target/bench.json
                             and says how each metric moved since the last run's (or FILE's)
                             (--quick: a few repetitions, to check the bench still runs)
  bench --compare REV [--quick]
                             this build against git revision REV's (built in a worktree under
                             target/compare/), timed side by side in one page: each timing's
                             median change with a 95 % interval, and both sizes;
                             target/bench-compare.json (--compare-dist DIR: against a dist/
                             built already)
  bench --soak [--seconds N] the release server under mixed traffic for N seconds (60, at
                             least 3): p99 under 50 ms and flat memory, or it fails;
                             target/soak.json
  help                       this text
";

fn main() -> ExitCode {
    tools::put_cargo_bin_on_path();
    let mut args = Args::new(std::env::args().skip(1).collect());
    let command = args.next_command();
    let result = match command.as_deref() {
        Some("dist") => dist::run(args).map(|()| ExitCode::SUCCESS),
        Some("demo") => demo::run(args).map(|()| ExitCode::SUCCESS),
        Some("examples") => examples::run(args).map(|()| ExitCode::SUCCESS),
        Some("test") => test::run(args),
        Some("bench") => bench::run(args).map(|()| ExitCode::SUCCESS),
        None | Some("help" | "-h" | "--help") => {
            print!("{HELP}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => Err(format!("unknown command `{other}`; try `cargo xtask help`").into()),
    };
    result.unwrap_or_else(|error| {
        eprintln!("xtask: error: {error}");
        ExitCode::FAILURE
    })
}

/// The workspace root: the directory above this crate's manifest.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the project root")
        .to_path_buf()
}

/// Cargo's target directory (`target/` unless CARGO_TARGET_DIR or a cargo config moves it),
/// asked of `cargo metadata` once.
pub fn target_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        output(cargo().args(["metadata", "--format-version", "1", "--no-deps"]))
            .and_then(|json| serde_json::from_str::<serde_json::Value>(&json).ok())
            .and_then(|meta| meta["target_directory"].as_str().map(PathBuf::from))
            .unwrap_or_else(|| project_root().join("target"))
    })
    .clone()
}

/// A command that runs in the project root.
pub fn cmd(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.current_dir(project_root());
    command
}

/// The cargo that started us (so the same toolchain builds everything), or `cargo`.
pub fn cargo() -> Command {
    cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Echoes a command the way a shell would show it.
pub fn echo(command: &Command) {
    let args: Vec<_> = command.get_args().map(|arg| arg.to_string_lossy()).collect();
    println!("$ {} {}", command.get_program().to_string_lossy(), args.join(" "));
}

/// Runs a command with inherited stdio and fails unless it exits 0.
pub fn run_command(command: &mut Command) -> Result {
    echo(command);
    let status = command
        .status()
        .map_err(|error| format!("could not start `{}`: {error}", command.get_program().to_string_lossy()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", command.get_program().to_string_lossy()).into())
    }
}

/// Runs a command quietly and returns its stdout, or `None` if it could not start or failed.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Hand-rolled argument parsing: a command name, then `--flag` and `--key value` (or
/// `--key=value`) options. Anything left over is an error, so typos are never ignored.
pub struct Args {
    rest: Vec<String>,
}

impl Args {
    fn new(rest: Vec<String>) -> Args {
        Args { rest }
    }

    fn next_command(&mut self) -> Option<String> {
        (!self.rest.is_empty()).then(|| self.rest.remove(0))
    }

    /// Takes a bare `--name` flag.
    pub fn flag(&mut self, name: &str) -> bool {
        let before = self.rest.len();
        self.rest.retain(|arg| arg != name);
        self.rest.len() != before
    }

    /// Takes `--name value` or `--name=value`.
    pub fn value(&mut self, name: &str) -> Result<Option<String>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.rest.iter().position(|arg| arg.starts_with(&prefix)) {
            return Ok(Some(self.rest.remove(i)[prefix.len()..].to_string()));
        }
        match self.rest.iter().position(|arg| arg == name) {
            None => Ok(None),
            Some(i) if i + 1 < self.rest.len() => {
                self.rest.remove(i);
                Ok(Some(self.rest.remove(i)))
            }
            Some(_) => Err(format!("`{name}` needs a value").into()),
        }
    }

    /// Fails if anything was not taken.
    pub fn finish(self) -> Result {
        match self.rest.first() {
            None => Ok(()),
            Some(arg) => Err(format!("unexpected argument `{arg}`; try `cargo xtask help`").into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Args;

    fn args(list: &[&str]) -> Args {
        Args::new(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn options_are_taken_in_either_spelling_and_leftovers_are_errors() {
        let mut a = args(&["--port", "9000", "--db=x.db", "--e2e"]);
        assert_eq!(a.value("--port").unwrap().as_deref(), Some("9000"));
        assert_eq!(a.value("--db").unwrap().as_deref(), Some("x.db"));
        assert!(a.flag("--e2e"));
        assert!(!a.flag("--native"));
        a.finish().unwrap();

        let mut a = args(&["--port"]);
        assert!(a.value("--port").is_err());
        assert!(args(&["--bogus"]).finish().is_err());
    }
}
