//! Similar functions next to each other in the shipped module, for brotli.
//!
//! rustc writes a module's functions roughly in the order it compiled them, so the many near
//! copies monomorphisation makes (one per closure or value type) lie far apart. Brotli finds
//! them anyway, but a match far back costs more bits than one just behind. Laid out so that
//! each function follows the one most like it, the widget's module is ~3 KiB brotli smaller
//! (2.5%), with not one instruction changed.
//!
//! Moving functions means renumbering every call, which binaryen already knows how to do:
//! [`names_in_similarity_order`] only writes a name section whose names sort in the wanted
//! order, and `wasm-opt --reorder-functions-by-name --strip-debug` moves the functions and
//! drops the names again.
//!
//! Likeness is estimated by MinHash: each body's set of 3-byte runs is summarised by the
//! smallest of [`HASHES`] hashes over it, and two bodies agree on about as many of those
//! minima as the share of runs they have in common. The order is greedy: start from some
//! function, then always take the unplaced one that agrees most with the last placed. Chains
//! from a few starts are made and the one brotli packs smallest is kept.

use crate::wasm_module::{function_bodies, imported_functions, sections, write_leb, write_name, Reader, CODE_SECTION, CUSTOM_SECTION, IMPORT_SECTION};

/// How many minima summarise a body: more tell likeness more finely, and cost time. 256
/// measured ~0.2 KiB better than 128, 512 no better.
const HASHES: usize = 256;

/// The module with a name section (in place of any it had) that names every defined
/// function `f000000`, `f000001`, … in the order that puts similar bodies together.
/// `packed_len` is the compressor the order is for (brotli's length of some bytes): it
/// chooses among the chains tried.
pub fn names_in_similarity_order(wasm: &[u8], packed_len: impl Fn(&[u8]) -> Result<usize, String>) -> Result<Vec<u8>, String> {
    let sections = sections(wasm)?;
    let mut imported = 0;
    let mut bodies = Vec::new();
    for section in &sections {
        match section.id {
            IMPORT_SECTION => imported = imported_functions(section.body)?,
            CODE_SECTION => bodies = function_bodies(section.body)?,
            _ => {}
        }
    }
    let signatures: Vec<Signature> = bodies.iter().map(|body| signature(body)).collect();
    let order = best_order(&bodies, &signatures, packed_len)?;
    let mut rank = vec![0; order.len()];
    for (place, &function) in order.iter().enumerate() {
        rank[function] = place;
    }

    let mut out = wasm[..8].to_vec();
    for section in sections.iter().filter(|section| !is_name_section(section.id, section.body)) {
        out.push(section.id);
        write_leb(&mut out, section.body.len() as u64);
        out.extend_from_slice(section.body);
    }
    let mut function_names = Vec::new();
    write_leb(&mut function_names, rank.len() as u64);
    for (defined, place) in rank.iter().enumerate() {
        write_leb(&mut function_names, (imported + defined) as u64);
        write_name(&mut function_names, &format!("f{place:06}"));
    }
    let mut names = Vec::new();
    write_name(&mut names, "name");
    names.push(FUNCTION_NAMES);
    write_leb(&mut names, function_names.len() as u64);
    names.extend_from_slice(&function_names);
    out.push(CUSTOM_SECTION);
    write_leb(&mut out, names.len() as u64);
    out.extend_from_slice(&names);
    Ok(out)
}

/// The name section's subsection of function names.
const FUNCTION_NAMES: u8 = 1;

fn is_name_section(id: u8, body: &[u8]) -> bool {
    id == CUSTOM_SECTION && Reader::new(body).name().is_ok_and(|name| name == "name")
}

/// A body's MinHash: the smallest value of each of [`HASHES`] hash functions over its 3-byte
/// runs.
type Signature = Vec<u32>;

fn signature(body: &[u8]) -> Signature {
    let mut runs: Vec<u32> = body.windows(3).map(|run| u32::from_le_bytes([run[0], run[1], run[2], 0])).collect();
    if runs.is_empty() {
        // A body too short for a run of three is its own only run.
        runs.push(body.iter().fold(1 << 24, |value, &byte| (value << 8) | u32::from(byte)));
    }
    runs.sort_unstable();
    runs.dedup();
    (0..HASHES).map(|seed| runs.iter().map(|&run| hash(run, seed)).min().unwrap_or(u32::MAX)).collect()
}

/// The `seed`th hash function: splitmix64's finaliser over the value and the seed.
fn hash(value: u32, seed: usize) -> u32 {
    let mut mixed = u64::from(value) ^ (seed as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((mixed ^ (mixed >> 31)) >> 32) as u32
}

/// Where the chains tried start: the shortest body (the bytewise smallest among equals), and
/// the functions a quarter, half and three quarters of the way through the module.
fn starts(bodies: &[&[u8]]) -> Vec<usize> {
    let shortest = (0..bodies.len()).min_by_key(|&index| (bodies[index].len(), bodies[index]));
    let mut starts: Vec<usize> = shortest.into_iter().chain([1, 2, 3].map(|quarter| bodies.len() * quarter / 4)).collect();
    starts.dedup();
    starts.retain(|&start| start < bodies.len());
    starts
}

/// The greedy chain, among those from [`starts`], whose bodies laid end to end `packed_len`
/// finds smallest. A chain's length over the wire varies with its start by a few tenths of a
/// KiB, and the bodies alone rank the chains as the whole module does.
fn best_order(bodies: &[&[u8]], signatures: &[Signature], packed_len: impl Fn(&[u8]) -> Result<usize, String>) -> Result<Vec<usize>, String> {
    let mut best: Option<(usize, Vec<usize>)> = None;
    for start in starts(bodies) {
        let order = similarity_order(signatures, start);
        let laid_out: Vec<u8> = order.iter().flat_map(|&function| bodies[function].iter().copied()).collect();
        let len = packed_len(&laid_out)?;
        if best.as_ref().is_none_or(|(smallest, _)| len < *smallest) {
            best = Some((len, order));
        }
    }
    Ok(best.map(|(_, order)| order).unwrap_or_default())
}

/// How many minima two signatures share.
fn agreement(a: &Signature, b: &Signature) -> usize {
    let mut same = 0;
    for index in 0..a.len().min(b.len()) {
        same += usize::from(a[index] == b[index]);
    }
    same
}

/// The functions in greedy nearest-neighbour order: `start`, then each time the unplaced one
/// that agrees most with the last placed (the lowest index among equals).
fn similarity_order(signatures: &[Signature], start: usize) -> Vec<usize> {
    let mut placed = vec![false; signatures.len()];
    let mut order = Vec::with_capacity(signatures.len());
    let mut last = start;
    while order.len() < signatures.len() {
        placed[last] = true;
        order.push(last);
        let mut best: Option<(usize, usize)> = None;
        for (candidate, signature) in signatures.iter().enumerate() {
            if placed[candidate] {
                continue;
            }
            let same = agreement(&signatures[last], signature);
            if best.is_none_or(|(_, most)| same > most) {
                best = Some((candidate, same));
            }
        }
        match best {
            Some((next, _)) => last = next,
            None => break,
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one imported function and the given bodies (all of type 0, `[] -> []`).
    fn module(bodies: &[&[u8]]) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let mut section = |id: u8, body: Vec<u8>| {
            wasm.push(id);
            write_leb(&mut wasm, body.len() as u64);
            wasm.extend_from_slice(&body);
        };
        section(1, vec![1, 0x60, 0, 0]);
        let mut imports = Vec::new();
        write_leb(&mut imports, 1);
        write_name(&mut imports, "m");
        write_name(&mut imports, "f");
        imports.extend_from_slice(&[0, 0]);
        section(IMPORT_SECTION, imports);
        let mut functions = vec![bodies.len() as u8];
        functions.extend(std::iter::repeat_n(0, bodies.len()));
        section(3, functions);
        let mut code = Vec::new();
        write_leb(&mut code, bodies.len() as u64);
        for body in bodies {
            write_leb(&mut code, body.len() as u64);
            code.extend_from_slice(body);
        }
        section(CODE_SECTION, code);
        let mut old_names = Vec::new();
        write_name(&mut old_names, "name");
        old_names.extend_from_slice(&[1, 4, 1, 1, 1, b'x']);
        section(CUSTOM_SECTION, old_names);
        wasm
    }

    /// The function names the module's name section gives, as (index, name).
    fn function_names(wasm: &[u8]) -> Vec<(u64, String)> {
        let sections = sections(wasm).unwrap();
        let names: Vec<_> = sections.iter().filter(|section| is_name_section(section.id, section.body)).collect();
        assert_eq!(names.len(), 1, "one name section");
        let mut reader = Reader::new(names[0].body);
        assert_eq!(reader.name().unwrap(), "name");
        assert_eq!(reader.byte().unwrap(), FUNCTION_NAMES);
        reader.leb().unwrap();
        let count = reader.leb().unwrap();
        let names = (0..count).map(|_| (reader.leb().unwrap(), reader.name().unwrap().to_string())).collect();
        assert!(reader.done());
        names
    }

    // `i32.const n; drop` repeated: bodies alike when their constants are.
    fn body(constants: &[u8]) -> Vec<u8> {
        let mut body = vec![0];
        for &constant in constants {
            body.extend_from_slice(&[0x41, constant, 0x1a]);
        }
        body.push(0x0b);
        body
    }

    #[test]
    fn similar_bodies_are_named_next_to_each_other() {
        let a = body(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let b = body(&[40, 41, 42, 43, 44, 45, 46, 47]);
        let a_again = body(&[1, 2, 3, 4, 5, 6, 7, 9]);
        let b_again = body(&[40, 41, 42, 43, 44, 45, 46, 48]);
        let wasm = names_in_similarity_order(&module(&[&a, &b, &a_again, &b_again]), any_len).unwrap();
        // Index 0 is the import, which gets no name; the others follow their likeness.
        assert_eq!(function_names(&wasm), [(1, "f000000"), (2, "f000002"), (3, "f000001"), (4, "f000003")].map(|(index, name)| (index, name.to_string())));
    }

    /// A compressor that finds every order alike (the first chain tried stays).
    fn any_len(_: &[u8]) -> Result<usize, String> {
        Ok(0)
    }

    #[test]
    fn the_chain_the_compressor_packs_smallest_is_kept() {
        let plain = body(&[1, 2, 3, 4]);
        let marked = body(&[99, 98, 97, 96]);
        // "Packs" best the order that puts the marked body first; it starts at index 2.
        let marked_first = |laid_out: &[u8]| Ok(laid_out.windows(marked.len()).position(|window| window == marked.as_slice()).unwrap_or(usize::MAX));
        let wasm = names_in_similarity_order(&module(&[&plain, &plain, &marked, &plain]), marked_first).unwrap();
        assert_eq!(function_names(&wasm)[2], (3, "f000000".to_string()));
        let refused = names_in_similarity_order(&module(&[&plain]), |_| Err("no compressor".to_string()));
        assert_eq!(refused.err().as_deref(), Some("no compressor"));
    }

    #[test]
    fn the_first_chain_starts_from_the_shortest_body() {
        let long = body(&[1, 2, 3, 4, 5, 6]);
        let short = body(&[1]);
        let wasm = names_in_similarity_order(&module(&[&long, &short, &long]), any_len).unwrap();
        assert_eq!(function_names(&wasm)[1], (2, "f000000".to_string()));
    }

    #[test]
    fn everything_but_the_names_stays_byte_for_byte() {
        let original = module(&[&body(&[1]), &body(&[])]);
        let named = names_in_similarity_order(&original, any_len).unwrap();
        let kept = |wasm: &[u8]| sections(wasm).unwrap().iter().filter(|section| !is_name_section(section.id, section.body)).map(|section| (section.id, section.body.to_vec())).collect::<Vec<_>>();
        assert_eq!(kept(&named), kept(&original));
        assert_eq!(function_names(&named).len(), 2);
    }

    #[test]
    fn agreement_follows_shared_runs() {
        let base = signature(&body(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        let close = signature(&body(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 11]));
        let far = signature(&body(&[90, 91, 92, 93, 94, 95, 96, 97, 98, 99]));
        assert_eq!(agreement(&base, &base), HASHES);
        assert!(agreement(&base, &close) > agreement(&base, &far) + HASHES / 4);
        assert_eq!(signature(&[0x0b]).len(), HASHES, "a one-byte body has a signature too");
    }

    #[test]
    fn a_broken_module_is_refused() {
        assert!(names_in_similarity_order(b"not wasm", any_len).is_err());
        let mut cut = module(&[&body(&[1])]);
        cut.truncate(cut.len() - 12);
        assert!(names_in_similarity_order(&cut, any_len).is_err());
    }
}
