//! Where the widget's bytes go: each function's code size, read from the release module's
//! name section (before wasm-bindgen and wasm-opt, which drop the names), and the same summed
//! per crate. Raw sizes: they rank the contributors; the shipped, compressed total is
//! `dist`'s table.

use std::collections::HashMap;

use crate::wasm_module::{function_bodies, function_names, imported_functions, sections, Reader, CODE_SECTION, CUSTOM_SECTION, IMPORT_SECTION};

/// A function or a crate and the bytes of code it accounts for.
#[derive(Debug, PartialEq)]
pub struct Contributor {
    pub name: String,
    pub bytes: usize,
}

/// Every defined function's demangled name and body size, largest first, leaving out the
/// type descriptors wasm-bindgen runs at build time and drops (about a quarter of the raw
/// module, none of it shipped). Fails on a module that is not wasm; a module without a name
/// section gives `function #N` names.
pub fn functions(module: &[u8]) -> Result<Vec<Contributor>, String> {
    let mut functions: Vec<Contributor> = bodies(module)?.into_iter().filter(|(name, _)| !is_build_time_only(name)).map(|(name, body)| Contributor { name, bytes: body.len() }).collect();
    functions.sort_by_key(|function| std::cmp::Reverse(function.bytes));
    Ok(functions)
}

/// Every defined function's demangled name and body, in the module's order.
pub fn bodies(module: &[u8]) -> Result<Vec<(String, &[u8])>, String> {
    let (mut imported, mut bodies, mut names) = (0, Vec::new(), std::collections::BTreeMap::new());
    for section in sections(module)? {
        match section.id {
            IMPORT_SECTION => imported = imported_functions(section.body)?,
            CODE_SECTION => bodies = function_bodies(section.body)?,
            CUSTOM_SECTION => {
                let mut reader = Reader::new(section.body);
                if reader.name()? == "name" {
                    names = function_names(&mut reader)?;
                }
            }
            _ => {}
        }
    }
    Ok(bodies
        .into_iter()
        .enumerate()
        .map(|(index, body)| {
            let name = names.get(&((index + imported) as u32)).map_or_else(|| format!("function #{}", index + imported), |name: &String| rustc_demangle::demangle(name).to_string());
            (strip_hash(&name), body)
        })
        .collect())
}

/// Whether a function is one of wasm-bindgen's descriptors: run by `wasm-bindgen` to learn
/// the types at the boundary, then removed from the module it writes.
pub fn is_build_time_only(name: &str) -> bool {
    // Crate names may carry their disambiguator (`wasm_bindgen[a283fd348162c721]::describe`).
    name.starts_with("__wbindgen_describe") || name.contains("::describe::WasmDescribe") || name.contains("::closure::WasmClosure>::describe_invoke")
}

/// `functions` summed by the crate each belongs to, largest first.
pub fn by_crate(functions: &[Contributor]) -> Vec<Contributor> {
    let mut sums: HashMap<String, usize> = HashMap::new();
    for function in functions {
        *sums.entry(crate_of(&function.name)).or_default() += function.bytes;
    }
    let mut crates: Vec<Contributor> = sums.into_iter().map(|(name, bytes)| Contributor { name, bytes }).collect();
    crates.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
    crates
}

/// The crate a demangled name belongs to: its first path segment, or for `<T as Trait>::f`
/// the crate of `T` (monomorphised code lands where its type lives).
pub fn crate_of(name: &str) -> String {
    if name.starts_with("function #") {
        return "(unnamed)".into();
    }
    let name = name.trim_start_matches('<').trim_start_matches('&').trim_start_matches("mut ").trim_start_matches('[');
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
    match &name[..end] {
        "" => "(other)".into(),
        // `<&T as Trait>::f`: a blanket impl over a type parameter.
        generic if generic.len() == 1 && generic.chars().all(|c| c.is_ascii_uppercase()) => "(generic impls)".into(),
        first => first.into(),
    }
}

/// `a::b::h0123456789abcdef` → `a::b`.
fn strip_hash(name: &str) -> String {
    match name.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => path.into(),
        _ => name.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{by_crate, crate_of, functions, is_build_time_only, Contributor};

    /// A section: id, size, contents.
    fn section(id: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![id, contents.len() as u8];
        out.extend_from_slice(contents);
        out
    }

    fn name(text: &str) -> Vec<u8> {
        let mut out = vec![text.len() as u8];
        out.extend_from_slice(text.as_bytes());
        out
    }

    /// One imported function, then two defined ones with bodies of 3 and 5 bytes (indices 1
    /// and 2, after the import), named
    /// (mangled) in the name section.
    fn module() -> Vec<u8> {
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        let mut imports = vec![1];
        imports.extend(name("env"));
        imports.extend(name("f"));
        imports.extend([0, 0]);
        module.extend(section(2, &imports));
        module.extend(section(10, &[2, 3, 0, 0x41, 0x0b, 5, 0, 0x41, 0, 0x1a, 0x0b]));
        let (small, large) = ("_ZN4demo5small17h0123456789abcdefE", "_ZN5other5large17hfedcba9876543210E");
        let mut names = vec![2, 1];
        names.extend(name(small));
        names.push(2);
        names.extend(name(large));
        let mut subsection = vec![1, names.len() as u8];
        subsection.extend(names);
        let mut custom = name("name");
        custom.extend(subsection);
        module.extend(section(0, &custom));
        module
    }

    #[test]
    fn functions_are_named_sized_and_ranked() {
        let found = functions(&module()).unwrap();
        assert_eq!(found, vec![Contributor { name: "other::large".into(), bytes: 5 }, Contributor { name: "demo::small".into(), bytes: 3 }]);
        assert_eq!(by_crate(&found).iter().map(|c| (c.name.as_str(), c.bytes)).collect::<Vec<_>>(), vec![("other", 5), ("demo", 3)]);
    }

    #[test]
    fn a_module_that_is_not_wasm_or_ends_early_is_an_error() {
        assert!(functions(b"not wasm at all").is_err());
        let mut cut = module();
        cut.truncate(20);
        assert!(functions(&cut).is_err());
    }

    #[test]
    fn wasm_bindgen_descriptors_are_not_counted() {
        assert!(is_build_time_only("__wbindgen_describe___wbg_call_a298a693f62c0e7a"));
        assert!(is_build_time_only("<js_sys::Intl::SegmenterGranularity as wasm_bindgen::describe::WasmDescribe>::describe"));
        assert!(is_build_time_only("<u8 as wasm_bindgen[a283fd348162c721]::describe::WasmDescribeVector>::describe_vector"));
        assert!(is_build_time_only("<dyn FnMut() as wasm_bindgen::closure::WasmClosure>::describe_invoke::<true>"));
        assert!(!is_build_time_only("countersign::text::describe"));
        assert!(!is_build_time_only("<countersign::Item as countersign::Describe>::describe"));
    }

    #[test]
    fn monomorphised_code_counts_for_the_crate_of_its_type() {
        assert_eq!(crate_of("<alloc::vec::Vec<T> as core::clone::Clone>::clone"), "alloc");
        assert_eq!(crate_of("countersign::cells::Value<T>::set"), "countersign");
        assert_eq!(crate_of("<&T as core::fmt::Display>::fmt"), "(generic impls)");
        assert_eq!(crate_of("function #12"), "(unnamed)");
    }
}
