//! Short names for what the bound module and its wasm-bindgen glue say to each other.
//!
//! wasm-bindgen names every import after the method it wraps plus a 16-digit hash
//! (`__wbg_appendChild_dbf7ad2f48413560`), and its closure adapters after their full Rust
//! types. Each name is written twice, in the module's import or export section and in the
//! glue, and the hashes are random digits brotli cannot compress: ~4.5 KiB over the wire for
//! ~200 names. [`shorten`] renames them `a`, `b`, … in both files. The names hosts might read
//! (`attach`, `elementhandle_*`, `memory`) stay.

use std::collections::BTreeMap;

use crate::wasm_module::{sections, skip_import_description, skip_leb, write_leb, write_name, Reader, EXPORT_SECTION, IMPORT_SECTION};

/// The module and the glue with short names, or why they could not be renamed (then both
/// stay as they are).
pub fn shorten(wasm: &[u8], glue: &str) -> Result<(Vec<u8>, String), String> {
    let sections = sections(wasm)?;
    let mut imports = Names::default();
    let mut modules = Names::default();
    let mut exports = Names::default();
    let mut out = wasm[..8].to_vec();
    for section in &sections {
        let body = match section.id {
            IMPORT_SECTION => rename_imports(section.body, &mut modules, &mut imports)?,
            EXPORT_SECTION => rename_exports(section.body, &mut exports)?,
            _ => section.body.to_vec(),
        };
        out.push(section.id);
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    let mut glue = glue.to_string();
    for (old, new) in &modules.renamed {
        glue = replace_module(&glue, old, new)?;
    }
    for (old, new) in &imports.renamed {
        glue = replace_identifier(&glue, old, new, Place::Key)?;
    }
    for (old, new) in &exports.renamed {
        glue = replace_identifier(&glue, old, new, Place::Member)?;
    }
    Ok((out, glue))
}

/// Exports the glue alone calls; the others keep their names.
fn is_internal_export(name: &str) -> bool {
    ["__wbg", "__wbindgen", "__externref", "wasm_bindgen_"].iter().any(|prefix| name.starts_with(prefix))
}

/// Old names and the short ones given to them (each short name by how many came before).
#[derive(Default)]
struct Names {
    renamed: BTreeMap<String, String>,
    /// Names that must not be given (the exports that keep theirs).
    taken: Vec<String>,
}

impl Names {
    fn short_for(&mut self, old: &str) -> String {
        if let Some(new) = self.renamed.get(old) {
            return new.clone();
        }
        let mut index = self.renamed.len();
        let new = loop {
            let candidate = short_name(index);
            if !self.taken.contains(&candidate) {
                break candidate;
            }
            index += 1;
        };
        self.taken.push(new.clone());
        self.renamed.insert(old.to_string(), new.clone());
        new
    }
}

/// `a` … `z`, `A` … `Z`, `aa`, `ab`, …: the `index`th short name.
fn short_name(index: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        rest -= 1;
        name.push(LETTERS[rest % 52]);
        rest /= 52;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

fn rename_imports(body: &[u8], modules: &mut Names, imports: &mut Names) -> Result<Vec<u8>, String> {
    let mut reader = Reader::new(body);
    let count = reader.leb()?;
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        let module = reader.name()?;
        let field = reader.name()?;
        let start = reader.at;
        skip_import_description(&mut reader)?;
        write_name(&mut out, &modules.short_for(module));
        write_name(&mut out, &imports.short_for(field));
        out.extend_from_slice(&body[start..reader.at]);
    }
    Ok(out)
}

fn rename_exports(body: &[u8], exports: &mut Names) -> Result<Vec<u8>, String> {
    let mut reader = Reader::new(body);
    let count = reader.leb()?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let name = reader.name()?;
        let start = reader.at;
        reader.byte()?;
        skip_leb(&mut reader)?;
        entries.push((name, &body[start..reader.at]));
    }
    exports.taken.extend(entries.iter().filter(|(name, _)| !is_internal_export(name)).map(|(name, _)| name.to_string()));
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for (name, description) in entries {
        let new = if is_internal_export(name) { exports.short_for(name) } else { name.to_string() };
        write_name(&mut out, &new);
        out.extend_from_slice(description);
    }
    Ok(out)
}

/// Where a renamed name may stand in the glue.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Place {
    /// A key of the imports object: `name: function(…)`.
    Key,
    /// A property of the exports: `wasm.name`.
    Member,
}

/// `glue` with `old` replaced by `new` where it stands in `place`. Fails when `old` never
/// stands there, or when it stands where renaming could break the glue: a key named in any
/// other way (`{ old }`), or an export read by a quoted name (`wasm["old"]`). Elsewhere an
/// export's name may also name a JS function of the glue's own, which stays.
fn replace_identifier(glue: &str, old: &str, new: &str, place: Place) -> Result<String, String> {
    let is_identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    if place == Place::Member && [format!("\"{old}\""), format!("'{old}'")].iter().any(|quoted| glue.contains(quoted.as_str())) {
        return Err(format!("the glue names {old} in quotes"));
    }
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    let mut found = 0;
    while let Some(at) = rest.find(old) {
        let (before, after) = (&rest[..at], &rest[at + old.len()..]);
        let whole = !before.ends_with(is_identifier) && !after.starts_with(is_identifier);
        let placed = match place {
            Place::Key => after.trim_start().starts_with(':'),
            Place::Member => before.ends_with('.'),
        };
        if whole && !placed && place == Place::Key {
            return Err(format!("the glue uses {old} other than as {place:?}"));
        }
        out.push_str(before);
        if whole && placed {
            out.push_str(new);
            found += 1;
        } else {
            out.push_str(old);
        }
        rest = after;
    }
    out.push_str(rest);
    if found == 0 {
        return Err(format!("the glue never names {old} as {place:?}"));
    }
    Ok(out)
}

/// `glue` with the imports object's key `"old"` (an import module's name) made `"new"`.
fn replace_module(glue: &str, old: &str, new: &str) -> Result<String, String> {
    let quoted = |name: &str| format!("\"{name}\"");
    match glue.matches(&quoted(old)).count() {
        1 => Ok(glue.replacen(&quoted(old), &quoted(new), 1)),
        count => Err(format!("the glue names the import module {old} {count} times, not once")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions (one twice) and a memory from "./core_bg.js", and
    /// exporting `attach`, `memory` and `__wbindgen_malloc`.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut types = Vec::new();
        write_leb(&mut types, 1);
        types.extend_from_slice(&[0x60, 0, 0]);
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for field in ["__wbg_append_0123456789abcdef", "__wbindgen_throw", "__wbg_append_0123456789abcdef"] {
            write_name(&mut imports, "./core_bg.js");
            write_name(&mut imports, field);
            imports.extend_from_slice(&[0, 0]);
        }
        write_name(&mut imports, "./core_bg.js");
        write_name(&mut imports, "__wbindgen_memory");
        imports.extend_from_slice(&[2, 1, 1, 0x80, 0x01]);
        let mut exports = Vec::new();
        write_leb(&mut exports, 3);
        for (name, kind) in [("attach", 0), ("memory", 2), ("__wbindgen_malloc", 0)] {
            write_name(&mut exports, name);
            exports.extend_from_slice(&[kind, 0]);
        }
        for (id, body) in [(1u8, types), (IMPORT_SECTION, imports), (EXPORT_SECTION, exports)] {
            wasm.push(id);
            write_leb(&mut wasm, body.len() as u64);
            wasm.extend_from_slice(&body);
        }
        wasm
    }

    const GLUE: &str = r#"const imports = { "./core_bg.js": { __wbg_append_0123456789abcdef: function(a) {}, __wbindgen_throw : function() {}, __wbindgen_memory: function() {} } };
function attach() { return wasm.attach(wasm.__wbindgen_malloc(1)); }
function __wbindgen_malloc(n) { return wasm.__wbindgen_malloc(n); }"#;

    fn names_in(wasm: &[u8], id: u8) -> Vec<String> {
        let section = sections(wasm).unwrap().into_iter().find(|section| section.id == id).unwrap();
        let mut reader = Reader::new(section.body);
        let count = reader.leb().unwrap();
        let mut names = Vec::new();
        for _ in 0..count {
            if id == IMPORT_SECTION {
                let module = reader.name().unwrap();
                names.push(format!("{module}/{}", reader.name().unwrap()));
                skip_import_description(&mut reader).unwrap();
            } else {
                names.push(reader.name().unwrap().to_string());
                reader.byte().unwrap();
                reader.leb().unwrap();
            }
        }
        names
    }

    #[test]
    fn renames_imports_and_internal_exports_in_the_module_and_the_glue() {
        let (wasm, glue) = shorten(&module(), GLUE).unwrap();
        assert_eq!(names_in(&wasm, IMPORT_SECTION), ["a/a", "a/b", "a/a", "a/c"]);
        assert_eq!(names_in(&wasm, EXPORT_SECTION), ["attach", "memory", "a"]);
        assert_eq!(
            glue,
            r#"const imports = { "a": { a: function(a) {}, b : function() {}, c: function() {} } };
function attach() { return wasm.attach(wasm.a(1)); }
function __wbindgen_malloc(n) { return wasm.a(n); }"#
        );
        // Everything but the names is as it was: the type section, and the memory's limits.
        let types = |wasm: &[u8]| sections(wasm).unwrap()[0].body.to_vec();
        assert_eq!(types(&wasm), types(&module()));
        assert!(wasm.windows(6).any(|window| window == b"\x01c\x02\x01\x01\x80"));
    }

    #[test]
    fn refuses_a_glue_that_uses_a_name_elsewhere() {
        let glue = format!("{GLUE}\nconst f = __wbindgen_throw;");
        assert_eq!(shorten(&module(), &glue).unwrap_err(), "the glue uses __wbindgen_throw other than as Key");
        let glue = GLUE.replace("wasm.__wbindgen_malloc", "__wbindgen_malloc");
        assert_eq!(shorten(&module(), &glue).unwrap_err(), "the glue never names __wbindgen_malloc as Member");
        let glue = format!("{GLUE}\nwasm['__wbindgen_malloc'](2);");
        assert_eq!(shorten(&module(), &glue).unwrap_err(), "the glue names __wbindgen_malloc in quotes");
        let glue = GLUE.replace("__wbindgen_memory", "__wbindgen_memory2");
        assert_eq!(shorten(&module(), &glue).unwrap_err(), "the glue never names __wbindgen_memory as Key");
    }

    #[test]
    fn leaves_longer_names_that_start_alike() {
        assert_eq!(replace_identifier("x.__wbg_a_1 + x.__wbg_a_12", "__wbg_a_1", "q", Place::Member).unwrap(), "x.q + x.__wbg_a_12");
    }

    #[test]
    fn short_names_run_through_the_letters() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 53, 52 * 53].iter().map(|index| short_name(*index)).collect();
        assert_eq!(names, ["a", "z", "A", "Z", "aa", "ab", "aaa"]);
    }

    #[test]
    fn rejects_what_is_not_a_module() {
        assert!(shorten(b"hello", "").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 3);
        assert_eq!(shorten(&cut, GLUE).unwrap_err(), "the module ends early");
    }
}
