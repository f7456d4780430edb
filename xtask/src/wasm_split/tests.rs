//! The split on a hand-made module: what moves and what stays, and both halves run in node.

use super::write::{section, write_signed};
use super::*;
use crate::wasm_module::{write_leb, write_name, CODE_SECTION, CUSTOM_SECTION, DATA_SECTION, ELEMENT_SECTION, EXPORT_SECTION, FUNCTION_SECTION, GLOBAL_SECTION, IMPORT_SECTION, MEMORY_SECTION, TABLE_SECTION, TYPE_SECTION};


const MAIN: &str = "countersign[0123456789abcdef]::app::main";
const ENTRY: &str = "countersign::components::social::social_editor";

fn add_section(wasm: &mut Vec<u8>, id: u8, body: Vec<u8>) {
    section(wasm, id, &body);
}

fn vector(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    write_leb(&mut out, items.len() as u64);
    for item in items {
        out.extend_from_slice(item);
    }
    out
}

fn constant(value: i64) -> Vec<u8> {
    let mut out = vec![0x41];
    write_signed(&mut out, value);
    out
}

/// A body of type `(i32) -> i32` from its instructions.
fn body(parts: &[&[u8]]) -> Vec<u8> {
    let mut code = vec![0];
    for part in parts {
        code.extend_from_slice(part);
    }
    code.push(0x0b);
    let mut sized = Vec::new();
    write_leb(&mut sized, code.len() as u64);
    sized.extend_from_slice(&code);
    sized
}

/// A module importing `m.f`, with seven functions of type `(i32) -> i32`: `main` (1), the
/// entry (2), a counter (3) and its helper (4) that only the entry reaches, a function
/// under the paths that `main` calls too (5), a closure the entry makes (6) and a closure
/// of something that is not a function here (7), both in the table.
fn module() -> Vec<u8> {
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    add_section(&mut wasm, TYPE_SECTION, vec![1, 0x60, 1, 0x7f, 1, 0x7f]);
    let mut import = Vec::new();
    write_name(&mut import, "m");
    write_name(&mut import, "f");
    import.extend_from_slice(&[0, 0]);
    add_section(&mut wasm, IMPORT_SECTION, vector(&[import]));
    add_section(&mut wasm, FUNCTION_SECTION, vec![7, 0, 0, 0, 0, 0, 0, 0]);
    add_section(&mut wasm, TABLE_SECTION, vec![1, 0x70, 0, 2]);
    add_section(&mut wasm, MEMORY_SECTION, vec![1, 0, 1]);
    add_section(&mut wasm, GLOBAL_SECTION, vec![1, 0x7f, 1, 0x41, 5, 0x0b]);
    let mut main = Vec::new();
    write_name(&mut main, "main");
    main.extend_from_slice(&[0, 1]);
    let mut memory = Vec::new();
    write_name(&mut memory, "memory");
    memory.extend_from_slice(&[2, 0]);
    add_section(&mut wasm, EXPORT_SECTION, vector(&[main, memory]));
    add_section(&mut wasm, ELEMENT_SECTION, vec![1, 0, 0x41, 0, 0x0b, 2, 6, 7]);
    let get = [0x20, 0];
    let add = [0x6a];
    let bodies = [
        body(&[&get, &[0x10, 2], &get, &[0x10, 5], &add, &constant(16), &[0x1a]]),
        body(&[&get, &[0x10, 3], &get, &[0x10, 0], &add, &get, &[0x10, 5], &add, &get, &constant(0), &[0x11, 0, 0], &add]),
        body(&[&get, &[0x10, 4], &constant(2), &[0x6c]]),
        body(&[&get, &constant(1), &add, &[0x23, 0], &add, &constant(i64::from(BLOB_AT)), &[0x2d, 0, 0], &add]),
        body(&[&get, &constant(100), &add]),
        body(&[&get, &constant(7), &add]),
        body(&[&get, &constant(9), &add]),
    ];
    let mut code = Vec::new();
    write_leb(&mut code, bodies.len() as u64);
    for body in &bodies {
        code.extend_from_slice(body);
    }
    add_section(&mut wasm, CODE_SECTION, code);
    let mut data = vec![1, 0, 0x41, 16, 0x0b, 10];
    data.extend_from_slice(b"xyzABCDqrs");
    add_section(&mut wasm, DATA_SECTION, data);
    let names = [MAIN, ENTRY, "countersign::text::social::count", "core::helper", "countersign::text::social::platform::parse", "countersign::components::social::social_editor::{closure#0}", "countersign::text::social::Thing::{closure#0}"];
    let mut entries = Vec::new();
    for (at, name) in names.iter().enumerate() {
        let mut entry = Vec::new();
        write_leb(&mut entry, at as u64 + 1);
        write_name(&mut entry, name);
        entries.push(entry);
    }
    let functions = vector(&entries);
    let mut custom = Vec::new();
    write_name(&mut custom, "name");
    custom.push(1);
    write_leb(&mut custom, functions.len() as u64);
    custom.extend_from_slice(&functions);
    add_section(&mut wasm, CUSTOM_SECTION, custom);
    wasm
}

const PATHS: [&str; 2] = ["countersign::components::social::", "countersign::text::social::"];

/// Where the helper reads a byte of the data segment (at 16, `xyzABCDqrs`): the `A` of
/// [`BLOB`].
const BLOB_AT: u8 = 19;
const BLOB: &[u8] = b"ABCD";

#[test]
fn what_only_the_entries_reach_moves_and_what_the_rest_reaches_stays() {
    let split = split(&module(), &PATHS, &[], &[ENTRY], &[]).unwrap();
    assert_eq!(split.moved, 4, "the entry, the counter, its helper and the entry's closure");
    let mut kept = split.kept.clone();
    kept.sort();
    assert_eq!(kept, ["countersign::text::social::Thing::{closure#0}", "countersign::text::social::platform::parse"]);
}

#[test]
fn without_entries_nothing_moves_that_the_core_reaches() {
    // main reaches the would-be entry, so it stays with all it calls, and so does its
    // closure: what made it did not move.
    assert_eq!(split(&module(), &PATHS, &[], &[], &[]).err().as_deref(), Some("no function would move"));
}

#[test]
fn closures_under_private_paths_move_though_their_maker_is_not_there() {
    // The closure of `Thing`, which is no function here (inlined), moves when its path is
    // private: only the entries run code there.
    let split = split(&module(), &PATHS, &["countersign::text::social::Thing"], &[ENTRY], &[]).unwrap();
    assert_eq!(split.moved, 5);
    assert_eq!(split.kept, ["countersign::text::social::platform::parse"]);
}

#[test]
fn a_module_without_names_is_not_split() {
    let wasm = crate::wasm_module::without_name_section(&module()).unwrap();
    assert_eq!(split(&wasm, &PATHS, &[], &[ENTRY], &[]).err().as_deref(), Some("the module has no function names"));
}

#[test]
fn names_lose_their_crate_disambiguators_and_closures_name_their_maker() {
    assert_eq!(plain_name("<countersign[81ee0887e661ac86]::a::B as core[27cd0353e63fa9bc]::x::Y>::m"), "<countersign::a::B as core::x::Y>::m");
    assert_eq!(plain_name("a[not hex]::b[]"), "a[not hex]::b[]");
    assert_eq!(maker("a::b::{closure#0}::{closure#1}").as_deref(), Some("a::b::{closure#0}"));
    assert_eq!(maker("<a::b::{closure#3} as core::ops::function::FnOnce<()>>::call_once::{shim:vtable#0}").as_deref(), Some("a::b"));
    assert_eq!(maker("a::b"), None);
    assert_eq!(maker("<a::B as c::D>::e"), None);
}

/// The two modules run in node: the core alone traps where it would run moved code, and
/// with the kinds module instantiated against it computes what the whole module did. Moved
/// data is not in the core's memory until then.
fn run_in_node(data: &[&[u8]]) -> String {
    let split = split(&module(), &PATHS, &[], &[ENTRY], data).unwrap();
    let dir = std::env::temp_dir().join(format!("countersign-split-{}-{}", std::process::id(), data.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let (primary, secondary, whole) = (dir.join("primary.wasm"), dir.join("secondary.wasm"), dir.join("whole.wasm"));
    std::fs::write(&primary, &split.primary).unwrap();
    std::fs::write(&secondary, &split.secondary).unwrap();
    std::fs::write(&whole, module()).unwrap();
    let script = "
        const fs = require('fs');
        const load = (file, imports) => new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), imports);
        const m = { f: (x) => x + 1000 };
        const whole = load(process.argv[3], { m }).exports.main(1);
        const core = load(process.argv[1], { m });
        const byte = () => new Uint8Array(core.exports.memory.buffer)[19];
        let alone;
        try { alone = core.exports.main(1); } catch (e) { alone = e.constructor.name; }
        const before = byte();
        load(process.argv[2], { p: core.exports });
        console.log(`${whole} ${alone} ${before} ${core.exports.main(1)} ${byte()} ${core.exports.cs_t0.get(1)(1)}`);";
    let out = std::process::Command::new("node").arg("-e").arg(script).arg(&primary).arg(&secondary).arg(&whole).output().expect("node runs");
    let _ = std::fs::remove_dir_all(&dir);
    format!("{}{}", String::from_utf8_lossy(&out.stdout).trim(), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn the_split_modules_run_as_the_whole_one_did() {
    assert_eq!(run_in_node(&[]), "1355 RuntimeError 65 1355 65 10");
}

#[test]
fn data_only_moved_code_reads_moves_with_it() {
    assert_eq!(split(&module(), &PATHS, &[], &[ENTRY], &[BLOB]).unwrap().data, Ok(4));
    assert_eq!(run_in_node(&[BLOB]), "1355 RuntimeError 0 1355 65 10");
}

#[test]
fn data_that_code_which_stays_names_stays() {
    // `main` stays and pushes 16, the segment's start, as a constant.
    let stays = split(&module(), &PATHS, &[], &[ENTRY], &[b"xyz"]).unwrap();
    assert_eq!(stays.data, Err("code that stays names the data at 16".to_string()));
    assert_eq!(split(&module(), &PATHS, &[], &[ENTRY], &[b"nowhere"]).unwrap().data, Err("7 bytes of data found 0 times".to_string()));
}

