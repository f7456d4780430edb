//! Finds the external tools the commands need, and installs the missing ones, saying so
//! before each install. A fresh clone on a fresh machine has only cargo, node and npm;
//! everything else comes from here.

use crate::{Result, cargo, cmd, output, project_root, run_command, target_dir};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Debian's Chromium and its driver, where `apt-get install chromium chromium-driver` puts them.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// See [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `cargo install` puts binaries in `$CARGO_HOME/bin`, which is not always on PATH (CI,
/// a fresh shell); the test runner is found through PATH by cargo, so make sure it is.
pub fn put_cargo_bin_on_path() {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(bin) = cargo_home.map(|home| home.join("bin")) else { return };
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    if dirs.contains(&bin) {
        return;
    }
    dirs.insert(0, bin);
    if let Ok(joined) = std::env::join_paths(dirs) {
        // SAFETY: called first thing in `main`, before any thread exists.
        unsafe { std::env::set_var("PATH", joined) };
    }
}

/// The wasm32 target for rustup's toolchain.
pub fn ensure_wasm_target() -> Result {
    let installed = output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    println!("xtask: installing the rustup target wasm32-unknown-unknown…");
    run_command(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// rustup's `rust-src` component (the standard library's source), which `cargo xtask dist`
/// needs to compile `std` for size. Installed when missing; `false` (with a notice) when that
/// fails, and dist then links the prebuilt `std`.
pub fn ensure_rust_src() -> bool {
    let has_source = || {
        output(cmd("rustc").args(["--print", "sysroot"]))
            .is_some_and(|sysroot| Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library/std/Cargo.toml").is_file())
    };
    if has_source() {
        return true;
    }
    println!("xtask: installing the rustup component rust-src (to build the widget's std for size)…");
    if let Err(error) = run_command(cmd("rustup").args(["component", "add", "rust-src"])) {
        println!("xtask: rust-src could not be installed ({error}); dist links the prebuilt std, about 10 KiB brotli larger");
        return false;
    }
    has_source()
}

/// The version of the `wasm-bindgen` crate in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(project_root().join("Cargo.lock"))?;
    wasm_bindgen_version_in(&lock).ok_or_else(|| "Cargo.lock has no `wasm-bindgen` package".into())
}

fn wasm_bindgen_version_in(lock: &str) -> Option<String> {
    lock.split("[[package]]").find_map(|package| {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                let value = line.trim().strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_string())
            })
        };
        (field("name")?.as_str() == "wasm-bindgen").then(|| field("version")).flatten()
    })
}

/// `wasm-bindgen` and `wasm-bindgen-test-runner`, at exactly the version in Cargo.lock.
pub fn ensure_wasm_bindgen() -> Result {
    let version = locked_wasm_bindgen_version()?;
    let reports = |tool: &str| {
        output(cmd(tool).arg("--version"))
            .is_some_and(|out| out.split_whitespace().nth(1) == Some(version.as_str()))
    };
    if reports("wasm-bindgen") && reports("wasm-bindgen-test-runner") {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {version} (about 5 minutes)…");
    // Not `--locked`: the lock file shipped in that crate names a version of one of its
    // dependencies that the registry here does not have.
    run_command(cargo().args(["install", "wasm-bindgen-cli", "--version", &format!("={version}")]))?;
    if reports("wasm-bindgen") {
        Ok(())
    } else {
        Err(format!("wasm-bindgen {version} was installed but `wasm-bindgen --version` disagrees; is another one first on PATH?").into())
    }
}

/// Debian's Chromium and ChromeDriver, installed with apt-get when we are root.
pub fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let install = "apt-get update && apt-get install -y chromium chromium-driver";
    let root = output(cmd("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !root {
        return Err(format!("Chromium and ChromeDriver are missing; install them with:\n  sudo sh -c '{install}'").into());
    }
    println!("xtask: installing Chromium and ChromeDriver with apt-get (a minute or two)…");
    run_command(cmd("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run_command(cmd("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        Ok(())
    } else {
        Err(format!("apt-get finished but {CHROMIUM} or {CHROMEDRIVER} is still missing").into())
    }
}

/// A C++ compiler, which libfuzzer-sys needs to build libFuzzer for the fuzz targets:
/// Debian's g++ when it is missing and we are root.
pub fn ensure_cxx() -> Result {
    if output(cmd("c++").arg("--version")).is_some() {
        return Ok(());
    }
    let root = output(cmd("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    if !root {
        return Err("a C++ compiler is missing (libFuzzer is C++); install it with:\n  sudo apt-get install -y g++".into());
    }
    println!("xtask: installing g++ with apt-get, to build libFuzzer for the fuzz targets…");
    run_command(cmd("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    run_command(cmd("apt-get").args(["install", "-y", "g++"]).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Whether `npm` can be run at all.
pub fn have_npm() -> bool {
    output(cmd("npm").arg("--version")).is_some()
}

/// `npm ci` in `dir` when its `node_modules` is missing or older than its package-lock.json.
/// Playwright's own browser download is always skipped: it cannot work here, and the tests
/// use Debian's Chromium.
pub fn ensure_npm(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    // npm rewrites node_modules/.package-lock.json on every install, so its age is the
    // age of the install.
    let installed = dir.join("node_modules/.package-lock.json");
    if modified(&installed).is_some_and(|done| modified(&lock).is_some_and(|wanted| done >= wanted)) {
        return Ok(());
    }
    if !have_npm() {
        return Err("npm is missing; install Node.js 20 or later with npm".into());
    }
    let shown = dir.strip_prefix(project_root()).unwrap_or(dir);
    println!("xtask: installing npm packages in {} (npm ci)…", shown.display());
    run_command(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// The pinned npm build tools of xtask/tools/package.json (`wasm-opt` from binaryen's npm
/// build, `terser`), installed into the target directory's tools/; the directory of their
/// executables. `None` (with a notice) when npm is missing: optimising is a bonus, not a reason
/// to fail. Debian's binaryen package is deliberately not used: the wasm it writes for this
/// crate fails to load.
pub fn npm_tools() -> Result<Option<PathBuf>> {
    if !have_npm() {
        println!("xtask: npm is missing, so wasm-opt and terser are skipped (dist stays unoptimised)");
        return Ok(None);
    }
    let source = project_root().join("xtask/tools");
    let tools = target_dir().join("tools");
    fs::create_dir_all(&tools)?;
    for name in ["package.json", "package-lock.json"] {
        let wanted = fs::read(source.join(name))?;
        // Copy only on change, so an unchanged lock does not look newer than the install.
        if fs::read(tools.join(name)).ok().as_ref() != Some(&wanted) {
            fs::write(tools.join(name), wanted)?;
        }
    }
    ensure_npm(&tools)?;
    Ok(Some(tools.join("node_modules/.bin")))
}

#[cfg(test)]
mod tests {
    use super::wasm_bindgen_version_in;

    #[test]
    fn the_wasm_bindgen_version_is_read_from_its_own_package_entry() {
        let lock = r#"
[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(wasm_bindgen_version_in(lock).as_deref(), Some("0.2.130"));
        assert_eq!(wasm_bindgen_version_in("[[package]]\nname = \"serde\"\nversion = \"1\"\n"), None);
    }
}
