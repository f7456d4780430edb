//! `cargo xtask dist`: the release widget in dist/, and what it weighs over the wire.

use crate::{Args, Result, cargo, cmd, output, project_root, run_command, target_dir, tools, wasm_module, wasm_names, wasm_order, wasm_split};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a host page may download, brotli-compressed: the JS modules plus the wasm (the CSS
/// is compiled into the wasm).
const BUDGET_KIB: f64 = 120.0;
/// Every feature rustc 1.95's wasm32-unknown-unknown target emits; wasm-opt must accept
/// them or it refuses the module.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];
/// The element's hand-written entry module and its types; both must exist.
const ELEMENT_FILES: [&str; 2] = ["countersign.js", "countersign.d.ts"];

pub fn run(args: Args) -> Result {
    args.finish()?;
    build()?;
    print_sizes(&dist_dir())?;
    Ok(())
}

pub fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

/// Builds dist/ from scratch: release wasm, wasm-bindgen glue, wasm-opt, the element's JS.
pub fn build() -> Result {
    let element = project_root().join("src/element");
    // Checked first, so a missing file fails in a second rather than after the build.
    for name in ELEMENT_FILES {
        if !element.join(name).is_file() {
            return Err(format!("src/element/{name} is missing; dist needs the element's entry module and its types").into());
        }
    }
    tools::ensure_wasm_target()?;
    tools::ensure_wasm_bindgen()?;

    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::create_dir_all(&dist)?;

    let built = build_release_module()?;
    fs::copy(&built, release_module())?;
    let module = fs::read(release_module())?;
    for warning in costly_code(&module) {
        eprintln!("xtask: warning: {warning}");
    }
    let tools = tools::npm_tools()?;
    bind(&release_module(), &dist, tools.as_deref())?;
    write_locale_files(&dist)?;

    // Any other hand-written module next to the entry (langchain.js) ships too.
    let mut scripts = vec!["countersign_core.js".to_string()];
    for entry in fs::read_dir(&element)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".js") || name.ends_with(".d.ts") {
            fs::copy(&path, dist.join(&name))?;
        }
        if name.ends_with(".js") {
            scripts.push(name);
        }
    }
    if let Some(tools) = &tools {
        for name in &scripts {
            minify(tools, &dist.join(name))?;
        }
    }
    Ok(())
}

/// Every locale but English as `locales/<code>.txt` in `dist`: the shipped wasm holds English
/// alone (the `split-locales` feature) and fetches another locale's messages when a widget
/// speaks it.
fn write_locale_files(dist: &Path) -> Result {
    let dir = dist.join("locales");
    fs::create_dir_all(&dir)?;
    for (code, text) in countersign::i18n::locale_files() {
        fs::write(dir.join(format!("{code}.txt")), text)?;
    }
    Ok(())
}

/// The release module dist was last built from, with its name section (what the bench reads
/// to show where the bytes go).
pub fn release_module() -> PathBuf {
    target_dir().join("countersign-release.wasm")
}

/// What `std` is compiled with for the shipped module: a panic stops the module at once
/// (`unreachable`) instead of formatting a message nobody reads, and `{:?}` and panic
/// locations leave no code or text behind. The widget formats nothing with `{:?}` outside
/// tests.
const SIZE_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none";

/// Builds the release wasm and returns its path. With rustup's `rust-src`, `std` is compiled
/// with the widget ([`SIZE_RUSTFLAGS`], and `std`'s own `optimize_for_size`, which picks its
/// smaller sorts and string searches: about 10 KiB brotli less than the prebuilt `std` with
/// its panic messages and formatting), in a target directory of its own so the flags never
/// force other builds to start over. `-Zbuild-std` is unstable: `RUSTC_BOOTSTRAP=1` lets the
/// pinned stable toolchain use it, for this one build only. Without `rust-src`, or if that
/// build fails, the module is built the ordinary way, and says so.
fn build_release_module() -> Result<PathBuf> {
    let release = ["build", "--release", "--lib", "--target", "wasm32-unknown-unknown", "-p", "countersign", "--features", "split-locales"];
    let module_in = |dir: PathBuf| dir.join("wasm32-unknown-unknown/release/countersign.wasm");
    if tools::ensure_rust_src() {
        let dir = target_dir().join("dist-std");
        let mut build = cargo();
        build.args(release).arg("-Zbuild-std=std,panic_abort").arg("-Zbuild-std-features=optimize_for_size").arg("--target-dir").arg(&dir);
        build.env("RUSTC_BOOTSTRAP", "1").env("RUSTFLAGS", SIZE_RUSTFLAGS);
        match run_command(&mut build) {
            Ok(()) => return Ok(module_in(dir)),
            Err(error) => println!("xtask: building std for size failed ({error}); building with the prebuilt std instead"),
        }
    }
    run_command(cargo().args(release))?;
    Ok(module_in(target_dir()))
}

/// `module` through wasm-bindgen into `out` (`countersign_core.js` and
/// `countersign_core_bg.wasm`), the code of social posts and lead lists split out into
/// [`KINDS_FILE`], then both through wasm-opt when the npm tools are there (optimised, then
/// their functions laid out by likeness), then short import and export names in the core and
/// the glue.
fn bind(module: &Path, out: &Path, tools: Option<&Path>) -> Result {
    // The names stay until the split has read them (`split_kinds` drops them).
    run_command(cmd("wasm-bindgen").arg(module).arg("--out-dir").arg(out).args(["--target", "web", "--out-name", "countersign_core", "--no-typescript", "--remove-producers-section"]))?;
    split_kinds(out)?;
    if let Some(tools) = tools {
        optimise(tools, &out.join("countersign_core_bg.wasm"))?;
        let kinds = out.join(KINDS_FILE);
        if kinds.exists() {
            optimise(tools, &kinds)?;
            reorder(tools, &kinds)?;
            modules_load(&out.join("countersign_core_bg.wasm"), &kinds)?;
        }
        reorder(tools, &out.join("countersign_core_bg.wasm"))?;
    }
    shorten_names(out)
}

/// Where the code of social posts and lead lists is: [`split_kinds`] moves the functions
/// named under these paths (and what only they reach) into [`KINDS_FILE`].
const KINDS_PATHS: [&str; 3] = ["countersign::components::social::", "countersign::components::leads::", "countersign::text::social::"];

/// The views of those kinds: private modules whose only public items are the entries below,
/// so all their code runs beneath an entry.
const KINDS_PRIVATE: [&str; 2] = ["countersign::components::social::", "countersign::components::leads::"];

/// The only ways into that code (`#[inline(never)]` in the widget): the widget calls them for
/// items of those kinds alone, which it shows once the module is in (`src/kinds.rs`).
const KINDS_ENTRIES: [&str; 3] = ["countersign::components::social::social_editor", "countersign::components::leads::lead_list", "countersign::text::social::count::count_post"];

/// Data only that code reads: twitter-text's TLDs (`include_str!`'d by `text::social::tld`).
const KINDS_DATA: &str = "src/text/social/tlds.txt";

/// The module a page loads when it has a social post or a lead list.
pub const KINDS_FILE: &str = "countersign_kinds.wasm";

/// Moves the code of social posts and lead lists out of the core module into [`KINDS_FILE`]
/// ([`wasm_split`]), before wasm-opt (which drops the function names the split reads; kept
/// through it with `-g`, they cost the core module 1.7 KiB brotli). When the code cannot be
/// moved, the core keeps it (the widget then never asks for the file) and dist says why.
/// Either way the core module leaves without its name section.
fn split_kinds(out: &Path) -> Result {
    let core = out.join("countersign_core_bg.wasm");
    let wasm = fs::read(&core)?;
    let tlds = fs::read(project_root().join(KINDS_DATA))?;
    match wasm_split::split(&wasm, &KINDS_PATHS, &KINDS_PRIVATE, &KINDS_ENTRIES, &[&tlds]) {
        Ok(split) => {
            println!("xtask: {} functions of social posts and lead lists into {KINDS_FILE} ({} under their paths stay: the core reaches them)", split.moved, split.kept.len());
            match &split.data {
                Ok(bytes) => println!("xtask: {bytes} bytes of their data ({KINDS_DATA}) with them"),
                Err(why) => println!("xtask: their data ({KINDS_DATA}) stays in the core module: {why}"),
            }
            fs::write(&core, &split.primary)?;
            fs::write(out.join(KINDS_FILE), &split.secondary)?;
        }
        Err(error) => {
            println!("xtask: social posts and lead lists stay in the core module: {error}");
            fs::write(&core, wasm_module::without_name_section(&wasm)?)?;
        }
    }
    Ok(())
}

/// Checks with node that the core module and the kinds module compile, and that the second
/// instantiates against the first, filling its table. The widget could not show a social post
/// or a lead list otherwise: that fails the build.
fn modules_load(core: &Path, kinds: &Path) -> Result {
    const SCRIPT: &str = "\
        const fs = require('fs');
        const core = new WebAssembly.Module(fs.readFileSync(process.argv[1]));
        const kinds = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
        const imports = {};
        for (const { module, name, kind } of WebAssembly.Module.imports(core)) {
          imports[module] ??= {};
          imports[module][name] = kind === 'function' ? () => { throw new Error('not in the check'); } : undefined;
        }
        const primary = new WebAssembly.Instance(core, imports);
        new WebAssembly.Instance(kinds, { p: primary.exports });
        const table = primary.exports.cs_kinds;
        console.log(table && table.get(0) ? 'ok' : 'the kinds module left its table empty');";
    let said = output(cmd("node").args(["-e", SCRIPT]).arg(core).arg(kinds)).ok_or("node could not load the two modules")?;
    match said.trim() {
        "ok" => Ok(()),
        problem => Err(problem.to_string().into()),
    }
}

/// Gives the imports and exports short names in the wasm and the glue in `out`
/// ([`wasm_names`]); when they cannot be renamed, both stay as wasm-bindgen wrote them.
fn shorten_names(out: &Path) -> Result {
    let (wasm_path, glue_path) = (out.join("countersign_core_bg.wasm"), out.join("countersign_core.js"));
    let (wasm, glue) = (fs::read(&wasm_path)?, fs::read_to_string(&glue_path)?);
    match wasm_names::shorten(&wasm, &glue) {
        Ok((short_wasm, short_glue)) => {
            let saved = brotli_len(&wasm)? + brotli_len(glue.as_bytes())? - brotli_len(&short_wasm)? - brotli_len(short_glue.as_bytes())?;
            println!("xtask: short import and export names: {:.1} KiB brotli less", kib(saved));
            fs::write(&wasm_path, short_wasm)?;
            fs::write(&glue_path, short_glue)?;
        }
        Err(problem) => println!("xtask: keeping wasm-bindgen's import and export names: {problem}"),
    }
    Ok(())
}

/// Minifies an ES module in place with terser (names inside the module only; its exports and
/// the wasm's import names are properties and strings, which stay). The original stays if
/// terser fails.
fn minify(tools: &Path, module: &Path) -> Result {
    let minified = module.with_extension("min.js");
    let done = run_command(cmd(tools.join("terser")).arg(module).args(["--module", "--compress", "--mangle", "--output"]).arg(&minified));
    match done {
        Ok(()) => fs::rename(&minified, module)?,
        Err(error) => {
            println!("xtask: terser: {error}; keeping {} as it is", module.display());
            let _ = fs::remove_file(&minified);
        }
    }
    Ok(())
}

/// Parts of `core` and `std` that cost many KiB and that the widget avoids on purpose, as
/// (a symbol they leave in the module's name section, what brings them in).
const COSTLY: [(&str, &str); 4] = [
    ("flt2dec", "core's float formatting (~10 KiB brotli): something formats an f64 (format!, to_string, a view attribute)"),
    ("dec2flt", "core's float parser (~13 KiB brotli): something calls str::parse::<f64>; use json::Json::as_f64"),
    ("conversions", "Unicode's case tables (~7 KiB brotli): something calls to_lowercase/to_uppercase; use text::case"),
    ("serde_json", "serde_json (~11 KiB brotli) is linked into the widget"),
];

/// A warning for each costly part the (unstripped) release module contains.
pub fn costly_code(module: &[u8]) -> Vec<String> {
    COSTLY
        .iter()
        .filter(|(symbol, _)| module.windows(symbol.len()).any(|window| window == symbol.as_bytes()))
        .map(|(_, what)| what.to_string())
        .collect()
}

/// How wasm-opt runs: `-Os` with inlining off. Its inlining shrinks the raw module but
/// repeats code brotli had compressed well, so `-Oz` as is made the module ~4 KiB larger
/// over the wire, while these passes without inlining make it ~6 KiB smaller.
const WASM_OPT_PASSES: [&str; 7] = ["-Os", "-aimfs", "0", "-fimfs", "0", "-ocimfs", "0"];

/// Runs wasm-opt ([`WASM_OPT_PASSES`]) on the module in place. The unoptimised file stays if
/// wasm-opt is unavailable or fails, if its output would not work with the wasm-bindgen glue,
/// or if it is larger over the wire: the budget is brotli bytes.
fn optimise(tools: &Path, wasm: &Path) -> Result {
    let optimised = wasm.with_extension("opt.wasm");
    let made = run_command(cmd(tools.join("wasm-opt")).args(WASM_OPT_PASSES).args(["--strip-debug", "--strip-producers"]).args(WASM_FEATURES).arg(wasm).arg("-o").arg(&optimised));
    replace_if_not_larger(wasm, &optimised, made, &format!("wasm-opt {}", WASM_OPT_PASSES.join(" ")), "keeping the unoptimised wasm")
}

/// Lays the module's functions out so that similar ones are neighbours ([`wasm_order`]), in
/// place (or leaves them as they are, saying why).
fn reorder(tools: &Path, wasm: &Path) -> Result {
    let named = wasm.with_extension("named.wasm");
    let reordered = wasm.with_extension("reordered.wasm");
    let made = wasm_order::names_in_similarity_order(&fs::read(wasm)?, |bytes| brotli_len(bytes).map_err(|error| error.to_string()))
        .map_err(Into::into)
        .and_then(|module| Ok(fs::write(&named, module)?))
        .and_then(|()| run_command(cmd(tools.join("wasm-opt")).args(["--reorder-functions-by-name", "--strip-debug"]).args(WASM_FEATURES).arg(&named).arg("-o").arg(&reordered)));
    let _ = fs::remove_file(&named);
    replace_if_not_larger(wasm, &reordered, made, "functions laid out by likeness", "keeping them in wasm-opt's order")
}

/// Puts `candidate`, a rewrite of `wasm` by `step`, in its place when it was `made`, still
/// fits the glue and is not larger over the wire (the budget is brotli bytes). Otherwise
/// `wasm` stays, `candidate` goes, and the reason is printed before `keeping`.
fn replace_if_not_larger(wasm: &Path, candidate: &Path, made: Result, step: &str, keeping: &str) -> Result {
    let verdict = made.and_then(|()| fits_the_glue(wasm, candidate)).and_then(|()| {
        let (before, after) = (brotli_len(&fs::read(wasm)?)?, brotli_len(&fs::read(candidate)?)?);
        println!("xtask: {step}: {:.1} KiB → {:.1} KiB brotli", kib(before), kib(after));
        if after <= before { Ok(()) } else { Err("its output is larger over the wire".into()) }
    });
    match verdict {
        Ok(()) => fs::rename(candidate, wasm)?,
        Err(error) => {
            println!("xtask: {step}: {error}; {keeping}");
            let _ = fs::remove_file(candidate);
        }
    }
    Ok(())
}

/// Compiles both modules with node's WebAssembly and checks that the optimised one still
/// fits the glue: the same exports, and imports the glue provides (wasm-opt may drop
/// unused ones, never add or rename one).
fn fits_the_glue(before: &Path, after: &Path) -> Result {
    const SCRIPT: &str = "\
        const fs = require('fs');
        const load = (file) => new WebAssembly.Module(fs.readFileSync(file));
        let before, after;
        try { before = load(process.argv[1]); } catch (e) { console.log('node cannot load the unoptimised module: ' + e.message); process.exit(0); }
        try { after = load(process.argv[2]); } catch (e) { console.log('its output does not load: ' + e.message); process.exit(0); }
        const names = (list) => list.map((x) => JSON.stringify(x));
        const given = new Set(names(WebAssembly.Module.imports(before)));
        const extra = names(WebAssembly.Module.imports(after)).filter((x) => !given.has(x));
        const exports = (m) => names(WebAssembly.Module.exports(m)).sort().join();
        if (extra.length) console.log('its output has new imports: ' + extra.join(', '));
        else if (exports(before) !== exports(after)) console.log('its output has different exports');
        else console.log('ok');";
    let said = output(cmd("node").args(["-e", SCRIPT]).arg(before).arg(after))
        .ok_or("node could not check its output")?;
    match said.trim() {
        "ok" => Ok(()),
        problem => Err(problem.to_string().into()),
    }
}

/// One file's size raw and compressed the way a server would send it.
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Sizes of every file under `dir`, sorted by name.
pub fn sizes(dir: &Path) -> Result<Vec<FileSize>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path)?;
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
            Ok(FileSize { name, raw: bytes.len(), gzip: gzip_len(&bytes)?, brotli: brotli_len(&bytes)? })
        })
        .collect()
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

pub fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

pub fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// Prints the size table and the budget line; returns whether the budget holds.
pub fn print_sizes(dir: &Path) -> Result<bool> {
    let files = sizes(dir)?;
    let (table, within) = size_table(&files);
    print!("{table}");
    Ok(within)
}

/// The size table as text, and whether JS + wasm stay within the brotli budget.
pub fn size_table(files: &[FileSize]) -> (String, bool) {
    let mut text = format!(
        "{:<32} {:>10} {:>9} {:>9} {:>11}\n",
        "file", "bytes", "raw KiB", "gzip KiB", "brotli KiB"
    );
    let line = |name: &str, raw: usize, gzip: usize, brotli: usize| {
        format!("{name:<32} {raw:>10} {:>9.1} {:>9.1} {:>11.1}\n", kib(raw), kib(gzip), kib(brotli))
    };
    for file in files {
        text += &line(&file.name, file.raw, file.gzip, file.brotli);
    }
    let sum = |f: fn(&FileSize) -> usize| files.iter().map(f).sum::<usize>();
    text += &line("total", sum(|f| f.raw), sum(|f| f.gzip), sum(|f| f.brotli));
    let shipped = shipped_kib(files);
    let within = shipped <= BUDGET_KIB;
    text += &format!("budget: js + wasm ≤ {BUDGET_KIB:.0} KiB brotli: {} ({shipped:.1} KiB)\n", if within { "OK" } else { "OVER" });
    let locales: Vec<&FileSize> = files.iter().filter(|f| f.name.starts_with("locales")).collect();
    if let (Some(least), Some(most)) = (locales.iter().map(|f| f.brotli).min(), locales.iter().map(|f| f.brotli).max()) {
        text += &format!(
            "not counted: {} locale files ({:.1}–{:.1} KiB brotli each); a page loads one only when a widget speaks its language\n",
            locales.len(),
            kib(least),
            kib(most)
        );
    }
    if let Some(kinds) = files.iter().find(|f| f.name == KINDS_FILE) {
        text += &format!("not counted: {KINDS_FILE} ({:.1} KiB brotli); a page loads it only when it has a social post or a lead list\n", kib(kinds.brotli));
    }
    (text, within)
}

/// What every page loads, brotli-compressed, in KiB: the JS and the core wasm (the CSS is
/// inside the wasm; the type declarations are for editors only; the kinds module comes only
/// with a social post or a lead list).
pub fn shipped_kib(files: &[FileSize]) -> f64 {
    kib(files.iter().filter(|f| (f.name.ends_with(".js") || f.name.ends_with(".wasm")) && f.name != KINDS_FILE).map(|f| f.brotli).sum())
}

#[cfg(test)]
mod tests {
    use super::{costly_code, size_table, FileSize};

    fn file(name: &str, brotli: usize) -> FileSize {
        FileSize { name: name.into(), raw: brotli * 4, gzip: brotli * 2, brotli }
    }

    #[test]
    fn the_budget_counts_js_and_wasm_but_not_type_declarations() {
        let files = [file("countersign.js", 2048), file("countersign_core_bg.wasm", 100 * 1024), file("countersign.d.ts", 40 * 1024)];
        let (text, within) = size_table(&files);
        assert!(within, "{text}");
        assert!(text.contains("budget: js + wasm ≤ 120 KiB brotli: OK (102.0 KiB)"), "{text}");
        assert!(text.contains("total"), "{text}");

        let (text, within) = size_table(&[file("countersign_core_bg.wasm", 121 * 1024)]);
        assert!(!within);
        assert!(text.contains("brotli: OVER"), "{text}");
        assert!(!text.contains("locale files"), "{text}");
    }

    /// The split names what the widget's source says: the file it fetches, the table it
    /// looks for, and entries that stay functions of their own.
    #[test]
    fn the_split_and_the_widget_agree_on_the_kinds_module() {
        let root = crate::project_root();
        let kinds = std::fs::read_to_string(root.join("src/kinds.rs")).unwrap();
        assert!(kinds.contains(&format!("\"{}\"", super::KINDS_FILE)), "src/kinds.rs fetches another file");
        assert!(kinds.contains(&format!("\"{}\"", crate::wasm_split::TABLE_EXPORT)), "src/kinds.rs looks for another table");
        assert!(kinds.contains(&format!("JsValue::from_str(\"{}\"), &wasm_bindgen::exports()", crate::wasm_split::IMPORT_MODULE)), "src/kinds.rs passes the core's exports under another module name");
        for entry in super::KINDS_ENTRIES {
            let (path, name) = entry.strip_prefix("countersign::").unwrap().rsplit_once("::").unwrap();
            let file = ["src", &path.replace("::", "/")].join("/");
            let source = std::fs::read_to_string(format!("{}/{file}.rs", root.display())).or_else(|_| std::fs::read_to_string(format!("{}/{file}/mod.rs", root.display()))).unwrap();
            assert!(source.contains(&format!("#[inline(never)]\npub fn {name}(")), "{entry} must be #[inline(never)]: inlined, nothing behind it could move");
        }
        assert!(std::fs::read_to_string(root.join(super::KINDS_DATA)).is_ok_and(|tlds| !tlds.is_empty()));
    }

    #[test]
    fn the_kinds_module_is_listed_but_not_counted_in_the_budget() {
        let files = [file("countersign_core_bg.wasm", 100 * 1024), file(super::KINDS_FILE, 12 * 1024)];
        let (text, within) = size_table(&files);
        assert!(within, "{text}");
        assert!(text.contains("(100.0 KiB)"), "{text}");
        assert!(text.contains("not counted: countersign_kinds.wasm (12.0 KiB brotli)"), "{text}");
    }

    #[test]
    fn locale_files_are_listed_but_not_counted_in_the_budget() {
        let files = [file("countersign_core_bg.wasm", 100 * 1024), file("locales/de.txt", 1536), file("locales/ja.txt", 2048)];
        let (text, within) = size_table(&files);
        assert!(within, "{text}");
        assert!(text.contains("locales/de.txt"), "{text}");
        assert!(text.contains("(100.0 KiB)"), "{text}");
        assert!(text.contains("not counted: 2 locale files (1.5–2.0 KiB brotli each)"), "{text}");
    }

    #[test]
    fn the_locale_files_written_are_the_widget_s_other_locales() {
        let dir = std::env::temp_dir().join(format!("countersign-dist-locales-{}", std::process::id()));
        super::write_locale_files(&dir).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.join("locales")).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["de.txt", "es.txt", "fr.txt", "ja.txt"]);
        let german = std::fs::read_to_string(dir.join("locales/de.txt")).unwrap();
        assert!(german.starts_with("Countersign-Prüfung\u{1f}"), "{german:.40}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn costly_code_is_named_by_the_symbols_it_leaves() {
        let module = b"\0asm..._ZN4core3num7flt2dec8strategy5grisu...countersign..json".to_vec();
        let warnings = costly_code(&module);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("float formatting"));
        assert!(costly_code(b"\0asm nothing costly").is_empty());
    }

    #[test]
    fn compressed_sizes_are_real_and_smaller_for_repetitive_input() {
        let bytes = "countersign ".repeat(1000).into_bytes();
        assert!(super::gzip_len(&bytes).unwrap() < bytes.len() / 10);
        assert!(super::brotli_len(&bytes).unwrap() < bytes.len() / 10);
    }
}
