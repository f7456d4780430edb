//! `cargo xtask examples`: builds the embedding examples in examples/ so the reference server
//! can serve them under `/examples/`: React and Vue bundled by esbuild (from
//! examples/package.json), the Leptos host compiled to wasm with its glue. The plain HTML
//! example needs no build. The e2e stage of `cargo xtask test` runs this before Playwright.

use crate::{Args, Result, cargo, cmd, project_root, run_command, target_dir, tools};
use std::fs;

pub fn run(args: Args) -> Result {
    args.finish()?;
    build()?;
    println!("xtask: examples built; with `cargo xtask demo` running, open http://127.0.0.1:8080/examples/html/ (or react/, vue/, leptos/)");
    Ok(())
}

/// Builds every example that needs a build.
pub fn build() -> Result {
    build_bundles()?;
    build_leptos()
}

/// The esbuild settings every bundle shares: the widget stays an import of `/dist/countersign.js`,
/// served by the reference server (a host loads it from wherever it serves dist/), and React's
/// and Vue's production builds are chosen.
const ESBUILD_COMMON: [&str; 6] = [
    "--bundle",
    "--format=esm",
    "--minify",
    "--log-level=warning",
    "--external:/dist/*",
    "--define:process.env.NODE_ENV=\"production\"",
];

/// Vue's compile-time flags for its esm-bundler build, which warns when they are unset.
const VUE_FLAGS: [&str; 3] = [
    "--define:__VUE_OPTIONS_API__=false",
    "--define:__VUE_PROD_DEVTOOLS__=false",
    "--define:__VUE_PROD_HYDRATION_MISMATCH_DETAILS__=false",
];

fn build_bundles() -> Result {
    let examples = project_root().join("examples");
    tools::ensure_npm(&examples)?;
    let esbuild = examples.join("node_modules/.bin/esbuild");
    run_command(cmd(&esbuild)
        .current_dir(&examples)
        .args(["react/src/main.jsx", "--jsx=automatic", "--outfile=react/build/main.js"])
        .args(ESBUILD_COMMON))?;
    run_command(cmd(&esbuild)
        .current_dir(&examples)
        .args(["vue/src/main.js", "--outfile=vue/build/main.js"])
        .args(ESBUILD_COMMON)
        .args(VUE_FLAGS))
}

/// The Leptos host: its own crate (outside the workspace, with its own lock) built into the
/// shared target directory, then wasm-bindgen's web glue into examples/leptos/pkg/.
fn build_leptos() -> Result {
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;
    let example = project_root().join("examples/leptos");
    run_command(cargo()
        .args(["build", "--target", "wasm32-unknown-unknown", "--manifest-path"])
        .arg(example.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir()))?;
    let pkg = example.join("pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    run_command(cmd("wasm-bindgen")
        .arg(target_dir().join("wasm32-unknown-unknown/debug/countersign-leptos-example.wasm"))
        .args(["--target", "web", "--no-typescript", "--out-name", "countersign_leptos_example", "--out-dir"])
        .arg(&pkg))
}
