//! The code of the social post and lead list kinds out of the shipped module, into a second
//! module that a page loads only when it has such an item.
//!
//! A page that reviews emails never runs the counters, previews and lead rows, yet every page
//! downloaded them. [`split`] takes the bound module (with its name section) and moves out the
//! functions named under the given paths, with every function only they reach, and leaves
//! behind, in the *primary*, a stub of the same index and type for each: it calls the real
//! function through a new table (`cs_kinds`), which the *secondary* fills when it is
//! instantiated. The secondary imports the primary's memory, tables and globals (exported
//! under `cs_*` names), and calls back into the primary through the same table, whose upper
//! slots the primary fills with the functions the secondary needs. Nothing else of the primary
//! changes: data stays where it is, indices stay, so the glue and later passes see the module
//! they knew.
//!
//! Safety is by construction. A function stays in the primary when the primary can reach it
//! (from an export, the start function, a function-table entry of its own, or a call) other
//! than through the given *entries*; the widget calls an entry only once the secondary is in
//! (`src/kinds.rs`). A closure of a moved function may sit in the function table: it can only
//! exist once the function that made it ran, so it moves with it; any other table entry counts
//! as reachable. Were the primary to call a moved function anyway, the empty table slot would
//! trap rather than run something else.

use std::collections::BTreeMap;

use crate::wasm_module::{function_names, sections, write_leb, write_name, Reader, CODE_SECTION, CUSTOM_SECTION, EXPORT_SECTION, IMPORT_SECTION};

const TYPE_SECTION: u8 = 1;
const FUNCTION_SECTION: u8 = 3;
const TABLE_SECTION: u8 = 4;
const MEMORY_SECTION: u8 = 5;
const GLOBAL_SECTION: u8 = 6;
const START_SECTION: u8 = 8;
const ELEMENT_SECTION: u8 = 9;
const DATA_SECTION: u8 = 11;
const DATA_COUNT_SECTION: u8 = 12;

/// The module this names is imported as by the secondary.
pub const IMPORT_MODULE: &str = "p";
/// The primary's export of the new table; its presence tells the widget the module was split.
pub const TABLE_EXPORT: &str = "cs_kinds";

/// The two modules, and what the split did.
pub struct Split {
    pub primary: Vec<u8>,
    pub secondary: Vec<u8>,
    /// How many functions moved.
    pub moved: usize,
    /// Functions under the given paths that stay, because the primary reaches them.
    pub kept: Vec<String>,
    /// Bytes of data that moved with the code, or why the data stayed.
    pub data: Result<usize, String>,
}

/// A defined function's instructions: where its calls and function references are, so they
/// can be followed and renumbered.
struct Body<'a> {
    bytes: &'a [u8],
    /// Where the instructions start (after the locals).
    code: usize,
    /// (offset of the opcode, end of the immediate, the function index) for each `call` and
    /// `ref.func`.
    references: Vec<(usize, usize, u32, bool)>,
    /// Whether it uses data segments (`memory.init`, `data.drop`), which stay in the primary.
    uses_data: bool,
    /// The values its `i32.const`s push (read as unsigned: a negative one never equals an
    /// address).
    constants: Vec<u64>,
}

/// An active data segment at a constant address.
struct Segment<'a> {
    address: u64,
    bytes: &'a [u8],
}

/// The data that moves: the primary's data section without it, and the secondary's segments.
struct DataMove {
    primary: Vec<u8>,
    segments: usize,
    secondary: Vec<(u64, Vec<u8>)>,
}

/// The parts of the module the split reads.
#[derive(Default)]
struct Module<'a> {
    types: Vec<(usize, &'a [u8])>,
    type_section: &'a [u8],
    imported_functions: usize,
    function_types: Vec<u32>,
    tables: Vec<&'a [u8]>,
    memory: Option<&'a [u8]>,
    globals: Vec<&'a [u8]>,
    exported_functions: Vec<u32>,
    start: Option<u32>,
    table_functions: Vec<u32>,
    has_elements: bool,
    bodies: Vec<Body<'a>>,
    names: BTreeMap<u32, String>,
    data: Option<&'a [u8]>,
}

/// `wasm` split into a primary and a secondary, the secondary holding the functions whose
/// names start with one of `paths` (and what only they reach), apart from those the primary
/// reaches other than through `entries` (names of functions). The code under the `private`
/// paths (modules whose only public items are entries) runs only beneath an entry, so the
/// table entries of its closures are never reached before. Fails, saying why, when the module
/// holds something the split does not handle, has no names, or nothing would move.
/// Each of `data` (bytes found once in the module's data, such as an `include_str!`) moves too
/// when only moved functions name its address, and no data holds it.
pub fn split(wasm: &[u8], paths: &[&str], private: &[&str], entries: &[&str], data: &[&[u8]]) -> Result<Split, String> {
    let module = read(wasm)?;
    if module.names.is_empty() {
        return Err("the module has no function names".into());
    }
    let imported = module.imported_functions as u32;
    let total = imported + module.bodies.len() as u32;
    let plain: BTreeMap<u32, String> = module.names.iter().map(|(&index, name)| (index, plain_name(name))).collect();
    let by_name: BTreeMap<&str, u32> = plain.iter().map(|(&index, name)| (name.as_str(), index)).collect();
    let name_of = |index: u32| plain.get(&index).cloned().unwrap_or_default();
    let in_paths = |index: u32| {
        let name = name_of(index);
        let name = name.strip_prefix('<').unwrap_or(&name);
        paths.iter().any(|path| name.starts_with(path))
    };
    let in_private = |index: u32| {
        let name = name_of(index);
        let name = name.strip_prefix('<').unwrap_or(&name);
        private.iter().any(|path| name.starts_with(path))
    };
    let is_entry: Vec<bool> = (0..total).map(|index| index >= imported && entries.contains(&name_of(index).as_str())).collect();
    let callees = |index: u32| -> Vec<u32> {
        if index < imported {
            return Vec::new();
        }
        module.bodies[(index - imported) as usize].references.iter().filter(|(_, _, _, is_call)| *is_call).map(|(_, _, callee, _)| *callee).collect()
    };
    let mut referenced = vec![false; total as usize];
    for body in &module.bodies {
        for &(_, _, target, is_call) in &body.references {
            if !is_call {
                referenced[target as usize] = true;
            }
        }
    }
    // Candidates: the named functions and the entries, with all they call.
    let mut candidate = vec![false; total as usize];
    let mut stack: Vec<u32> = (imported..total).filter(|&index| in_paths(index) || is_entry[index as usize]).collect();
    while let Some(index) = stack.pop() {
        if index < imported || std::mem::replace(&mut candidate[index as usize], true) {
            continue;
        }
        stack.extend(callees(index));
    }
    // Table entries made by a moving function move with it; the rest are roots. That depends
    // on what moves, so repeat until it settles.
    let mut moved = vec![false; total as usize];
    loop {
        let mut roots: Vec<u32> = module.exported_functions.iter().copied().chain(module.start).collect();
        roots.extend((0..total).filter(|&index| referenced[index as usize]));
        for &index in &module.table_functions {
            let made_by_moved = in_private(index) || in_paths(index) && maker(&name_of(index)).and_then(|maker| by_name.get(maker.as_str()).copied()).is_some_and(|maker| moved[maker as usize]);
            if !made_by_moved {
                roots.push(index);
            }
        }
        let mut reached = vec![false; total as usize];
        let mut stack = roots;
        while let Some(index) = stack.pop() {
            if is_entry[index as usize] || std::mem::replace(&mut reached[index as usize], true) {
                continue;
            }
            stack.extend(callees(index));
        }
        let next: Vec<bool> = (0..total).map(|index| candidate[index as usize] && !reached[index as usize]).collect();
        if next == moved {
            break;
        }
        moved = next;
    }
    let moving: Vec<u32> = (imported..total).filter(|&index| moved[index as usize]).collect();
    if moving.is_empty() {
        return Err("no function would move".into());
    }
    if let Some(&index) = moving.iter().find(|&&index| module.bodies[(index - imported) as usize].uses_data) {
        return Err(format!("{} uses a data segment", name_of(index)));
    }
    let kept = (imported..total).filter(|&index| in_paths(index) && !moved[index as usize]).map(name_of).collect();

    // The table: moved functions first, then the primary's functions the secondary calls.
    let mut slot = BTreeMap::new();
    for (at, &index) in moving.iter().enumerate() {
        slot.insert(index, at as u32);
    }
    let mut called_back = Vec::new();
    for &index in &moving {
        for callee in callees(index) {
            if !moved[callee as usize] && !slot.contains_key(&callee) {
                slot.insert(callee, (moving.len() + called_back.len()) as u32);
                called_back.push(callee);
            }
        }
    }
    let table_size = (moving.len() + called_back.len()) as u32;
    let new_table = module.tables.len() as u32;
    let type_of = |index: u32| module.function_types[index as usize];

    let data_move = if data.is_empty() { Err("none asked for".to_string()) } else { move_data(&module, &moved, data) };
    let primary = write_primary(wasm, &module, &moved, &slot, &called_back, new_table, table_size, data_move.as_ref().ok())?;
    let secondary = write_secondary(&module, &moving, &moved, &slot, new_table, table_size, &type_of, data_move.as_ref().ok())?;
    let data = data_move.map(|data_move| data_move.secondary.iter().map(|(_, bytes)| bytes.len()).sum());
    Ok(Split { primary, secondary, moved: moving.len(), kept, data })
}

/// The module's active data segments, or why they cannot be moved among.
fn segments<'a>(data: &'a [u8]) -> Result<Vec<Segment<'a>>, String> {
    let mut reader = Reader::new(data);
    let mut segments = Vec::new();
    for _ in 0..reader.leb()? {
        if reader.leb()? != 0 || reader.byte()? != 0x41 {
            return Err("a data segment that is passive or not at a constant address".into());
        }
        let address = reader.leb()?;
        if reader.byte()? != 0x0b {
            return Err("a data segment's address is not a plain constant".into());
        }
        let len = reader.leb()? as usize;
        segments.push(Segment { address, bytes: reader.take(len)? });
    }
    Ok(segments)
}

/// Cuts each of `blobs` out of the data, for the secondary to put back at the same address:
/// only moved code names it, so the primary never reads it before the secondary is in.
fn move_data(module: &Module, moved: &[bool], blobs: &[&[u8]]) -> Result<DataMove, String> {
    let imported = module.imported_functions;
    if module.bodies.iter().any(|body| body.uses_data) {
        return Err("the code uses data segments by number".into());
    }
    let mut segments: Vec<(u64, Vec<u8>)> = segments(module.data.ok_or("the module has no data")?)?.into_iter().map(|segment| (segment.address, segment.bytes.to_vec())).collect();
    let mut secondary = Vec::new();
    for blob in blobs {
        let found: Vec<(usize, usize)> = segments.iter().enumerate().flat_map(|(at, (_, bytes))| find_all(bytes, blob).into_iter().map(move |offset| (at, offset))).collect();
        let [(at, offset)] = found[..] else { return Err(format!("{} bytes of data found {} times", blob.len(), found.len())) };
        let address = segments[at].0 + offset as u64;
        let named_by = |moving: bool| module.bodies.iter().enumerate().any(|(defined, body)| moved[imported + defined] == moving && body.constants.contains(&address));
        if named_by(false) {
            return Err(format!("code that stays names the data at {address}"));
        }
        if !named_by(true) {
            return Err(format!("no moved code names the data at {address}"));
        }
        if segments.iter().any(|(_, bytes)| !find_all(bytes, &(address as u32).to_le_bytes()).is_empty()) {
            return Err(format!("the data may hold the address {address}"));
        }
        let (start, bytes) = segments.remove(at);
        let after = offset + blob.len();
        if after < bytes.len() {
            segments.insert(at, (start + after as u64, bytes[after..].to_vec()));
        }
        if offset > 0 {
            segments.insert(at, (start, bytes[..offset].to_vec()));
        }
        secondary.push((address, blob.to_vec()));
    }
    Ok(DataMove { primary: data_section(&segments), segments: segments.len(), secondary })
}

/// Where `needle` starts in `haystack`, every time.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    haystack.windows(needle.len()).enumerate().filter(|(_, window)| *window == needle).map(|(at, _)| at).collect()
}

/// A data section of active segments at constant addresses.
fn data_section(segments: &[(u64, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    write_leb(&mut out, segments.len() as u64);
    for (address, bytes) in segments {
        out.extend_from_slice(&[0, 0x41]);
        write_signed(&mut out, *address as i64);
        out.push(0x0b);
        write_leb(&mut out, bytes.len() as u64);
        out.extend_from_slice(bytes);
    }
    out
}

/// `name` without rustc's crate disambiguators (`countersign[81ee0887e661ac86]::…`).
fn plain_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|close| open + close);
        match close {
            Some(close) if rest[open + 1..close].bytes().all(|byte| byte.is_ascii_hexdigit()) && close > open + 1 => {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The function that makes the closure `name` is, or whose call shim it is:
/// `a::b::{closure#0}::{closure#1}` and `<a::b::{closure#0}::{closure#1} as FnOnce<()>>::call_once`
/// are made in `a::b::{closure#0}`. `None` for anything but a closure or its shim.
fn maker(name: &str) -> Option<String> {
    let subject = match name.strip_prefix('<') {
        Some(rest) => &rest[..rest.find(" as ")?],
        None => name,
    };
    let cut = subject.rfind("::{closure#")?;
    subject[cut..].ends_with('}').then(|| subject[..cut].to_string())
}

fn read(wasm: &[u8]) -> Result<Module<'_>, String> {
    let mut module = Module::default();
    let mut defined_types = Vec::new();
    for section in sections(wasm)? {
        let mut reader = Reader::new(section.body);
        match section.id {
            TYPE_SECTION => {
                module.type_section = section.body;
                for _ in 0..reader.leb()? {
                    let start = reader.at;
                    if reader.byte()? != 0x60 {
                        return Err("a type that is not a function type".into());
                    }
                    let params = reader.leb()? as usize;
                    reader.take(params)?;
                    let results = reader.leb()? as usize;
                    reader.take(results)?;
                    module.types.push((params, &section.body[start..reader.at]));
                }
            }
            IMPORT_SECTION => {
                for _ in 0..reader.leb()? {
                    reader.name()?;
                    reader.name()?;
                    if reader.byte()? != 0 {
                        return Err("the module imports something other than functions".into());
                    }
                    module.function_types.push(reader.leb()? as u32);
                    module.imported_functions += 1;
                }
            }
            FUNCTION_SECTION => {
                for _ in 0..reader.leb()? {
                    defined_types.push(reader.leb()? as u32);
                }
            }
            TABLE_SECTION => {
                for _ in 0..reader.leb()? {
                    let start = reader.at;
                    reader.byte()?;
                    skip_limits(&mut reader)?;
                    module.tables.push(&section.body[start..reader.at]);
                }
            }
            MEMORY_SECTION => {
                if reader.leb()? != 1 {
                    return Err("the module has more than one memory".into());
                }
                let start = reader.at;
                skip_limits(&mut reader)?;
                module.memory = Some(&section.body[start..reader.at]);
            }
            GLOBAL_SECTION => {
                for _ in 0..reader.leb()? {
                    let start = reader.at;
                    reader.take(2)?;
                    module.globals.push(&section.body[start..reader.at]);
                    skip_expression(&mut reader)?;
                }
            }
            EXPORT_SECTION => {
                for _ in 0..reader.leb()? {
                    reader.name()?;
                    let kind = reader.byte()?;
                    let index = reader.leb()? as u32;
                    if kind == 0 {
                        module.exported_functions.push(index);
                    }
                }
            }
            START_SECTION => module.start = Some(reader.leb()? as u32),
            DATA_SECTION => module.data = Some(section.body),
            ELEMENT_SECTION => {
                module.table_functions = element_functions(section.body)?;
                module.has_elements = true;
            }
            CODE_SECTION => {
                for _ in 0..reader.leb()? {
                    let size = reader.leb()? as usize;
                    module.bodies.push(body(reader.take(size)?)?);
                }
            }
            CUSTOM_SECTION if reader.name().ok() == Some("name") => module.names = function_names(&mut reader)?,
            _ => {}
        }
    }
    module.function_types.extend(defined_types);
    if module.memory.is_none() || module.tables.is_empty() || !module.has_elements {
        return Err("the module has no memory, no table or no element section".into());
    }
    if module.function_types.len() != module.imported_functions + module.bodies.len() {
        return Err("the function and code sections disagree".into());
    }
    Ok(module)
}

fn skip_limits(reader: &mut Reader) -> Result<(), String> {
    let flags = reader.byte()?;
    reader.leb()?;
    if flags & 1 == 1 {
        reader.leb()?;
    }
    Ok(())
}

/// Reads past a constant expression (up to and with its `end`).
fn skip_expression(reader: &mut Reader) -> Result<(), String> {
    loop {
        let opcode = reader.byte()?;
        if opcode == 0x0b {
            return Ok(());
        }
        immediates(reader, opcode)?;
    }
}

/// Every function an element section puts in a table.
fn element_functions(body: &[u8]) -> Result<Vec<u32>, String> {
    let mut reader = Reader::new(body);
    let mut functions = Vec::new();
    for _ in 0..reader.leb()? {
        let flags = reader.leb()?;
        if flags & 1 == 0 {
            if flags & 2 == 2 {
                reader.leb()?;
            }
            skip_expression(&mut reader)?;
        }
        let expressions = flags & 4 == 4;
        if flags & 3 != 0 {
            reader.byte()?; // element kind or reference type
        }
        for _ in 0..reader.leb()? {
            if expressions {
                let opcode = reader.byte()?;
                if opcode == 0xd2 {
                    functions.push(reader.leb()? as u32);
                } else {
                    immediates(&mut reader, opcode)?;
                }
                skip_expression(&mut reader)?;
            } else {
                functions.push(reader.leb()? as u32);
            }
        }
    }
    Ok(functions)
}

fn body(bytes: &[u8]) -> Result<Body<'_>, String> {
    let mut reader = Reader::new(bytes);
    for _ in 0..reader.leb()? {
        reader.leb()?;
        reader.byte()?;
    }
    let code = reader.at;
    let mut references = Vec::new();
    let mut uses_data = false;
    let mut constants = Vec::new();
    while !reader.done() {
        let at = reader.at;
        let opcode = reader.byte()?;
        match opcode {
            0x10 | 0xd2 => {
                let index = reader.leb()? as u32;
                references.push((at, reader.at, index, opcode == 0x10));
            }
            0xfc => {
                let sub = reader.leb()?;
                uses_data |= matches!(sub, 8 | 9);
                prefixed_immediates(&mut reader, sub)?;
            }
            0x41 => constants.push(reader.leb()?),
            _ => immediates(&mut reader, opcode)?,
        }
    }
    Ok(Body { bytes, code, references, uses_data, constants })
}

/// Reads past the immediates of `opcode` (not `0xfc`-prefixed ones).
fn immediates(reader: &mut Reader, opcode: u8) -> Result<(), String> {
    match opcode {
        0x00 | 0x01 | 0x05 | 0x0b | 0x0f | 0x1a | 0x1b | 0xd1 | 0x45..=0xc4 => {}
        0x02..=0x04 => {
            // A block type: empty, a value type, or a type index (a signed LEB128).
            let byte = reader.byte()?;
            if byte != 0x40 && !(0x6f..=0x7f).contains(&byte) && byte & 0x80 != 0 {
                reader.leb()?;
            }
        }
        0x0c | 0x0d | 0x10 | 0x20..=0x26 | 0xd2 => {
            reader.leb()?;
        }
        0x0e => {
            for _ in 0..=reader.leb()? {
                reader.leb()?;
            }
        }
        0x11 | 0x28..=0x3e => {
            reader.leb()?;
            reader.leb()?;
        }
        0x1c => {
            let count = reader.leb()? as usize;
            reader.take(count)?;
        }
        0x3f | 0x40 | 0xd0 => {
            reader.byte()?;
        }
        0x41 | 0x42 => {
            reader.leb()?;
        }
        0x43 => {
            reader.take(4)?;
        }
        0x44 => {
            reader.take(8)?;
        }
        0xfc => {
            let sub = reader.leb()?;
            prefixed_immediates(reader, sub)?;
        }
        _ => return Err(format!("an instruction the split does not know (0x{opcode:02x})")),
    }
    Ok(())
}

/// Reads past the immediates of the `0xfc`-prefixed instruction `sub`.
fn prefixed_immediates(reader: &mut Reader, sub: u64) -> Result<(), String> {
    match sub {
        0..=7 => {}
        8 => {
            reader.leb()?;
            reader.byte()?;
        }
        9 | 13 | 15..=17 => {
            reader.leb()?;
        }
        10 => {
            reader.take(2)?;
        }
        11 => {
            reader.byte()?;
        }
        12 | 14 => {
            reader.leb()?;
            reader.leb()?;
        }
        _ => return Err(format!("an instruction the split does not know (0xfc {sub})")),
    }
    Ok(())
}

fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// Appends `items` to a vector-shaped section body (its count first).
fn appended(body: &[u8], items: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut reader = Reader::new(body);
    let count = reader.leb()?;
    let mut out = Vec::new();
    write_leb(&mut out, count + items.len() as u64);
    out.extend_from_slice(&body[reader.at..]);
    for item in items {
        out.extend_from_slice(item);
    }
    Ok(out)
}

/// An active element segment (format 2) putting `functions` in `table` from `offset`.
fn element_segment(table: u32, offset: u32, functions: impl IntoIterator<Item = u32>) -> Vec<u8> {
    let functions: Vec<u32> = functions.into_iter().collect();
    let mut segment = vec![2];
    write_leb(&mut segment, u64::from(table));
    segment.push(0x41);
    write_signed(&mut segment, i64::from(offset));
    segment.push(0x0b);
    segment.push(0);
    write_leb(&mut segment, functions.len() as u64);
    for function in functions {
        write_leb(&mut segment, u64::from(function));
    }
    segment
}

fn write_signed(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            return;
        }
    }
}

/// The primary: moved bodies become stubs calling through the new table, which is added,
/// filled above the moved functions' slots with what the secondary calls, and exported with
/// the memory, tables and globals the secondary imports. The name section is left out.
#[allow(clippy::too_many_arguments)]
fn write_primary(wasm: &[u8], module: &Module, moved: &[bool], slot: &BTreeMap<u32, u32>, called_back: &[u32], new_table: u32, table_size: u32, data: Option<&DataMove>) -> Result<Vec<u8>, String> {
    let imported = module.imported_functions as u32;
    let moving = slot.len() - called_back.len();
    let mut out = wasm[..8].to_vec();
    for part in sections(wasm)? {
        let body = match part.id {
            TABLE_SECTION => {
                let mut table = vec![0x70, 0];
                write_leb(&mut table, u64::from(table_size));
                appended(part.body, &[table])?
            }
            EXPORT_SECTION => {
                let mut exports = Vec::new();
                let mut export = |name: &str, kind: u8, index: u32| {
                    let mut entry = Vec::new();
                    write_name(&mut entry, name);
                    entry.push(kind);
                    write_leb(&mut entry, u64::from(index));
                    exports.push(entry);
                };
                export("cs_m", 2, 0);
                for table in 0..module.tables.len() as u32 {
                    export(&format!("cs_t{table}"), 1, table);
                }
                export(TABLE_EXPORT, 1, new_table);
                for global in 0..module.globals.len() as u32 {
                    export(&format!("cs_g{global}"), 3, global);
                }
                appended(part.body, &exports)?
            }
            ELEMENT_SECTION => appended(part.body, &[element_segment(new_table, moving as u32, called_back.iter().copied())])?,
            CODE_SECTION => {
                let mut code = Vec::new();
                write_leb(&mut code, module.bodies.len() as u64);
                for (defined, body) in module.bodies.iter().enumerate() {
                    let index = defined as u32 + imported;
                    let bytes = if moved[index as usize] { stub(module, index, slot[&index], new_table) } else { body.bytes.to_vec() };
                    write_leb(&mut code, bytes.len() as u64);
                    code.extend_from_slice(&bytes);
                }
                code
            }
            DATA_SECTION if data.is_some() => data.map(|data| data.primary.clone()).unwrap_or_default(),
            DATA_COUNT_SECTION if data.is_some() => {
                let mut count = Vec::new();
                write_leb(&mut count, data.map_or(0, |data| data.segments) as u64);
                count
            }
            CUSTOM_SECTION if Reader::new(part.body).name().ok() == Some("name") => continue,
            _ => part.body.to_vec(),
        };
        section(&mut out, part.id, &body);
    }
    Ok(out)
}

/// A body that passes its arguments on to the function in `slot` of `table`.
fn stub(module: &Module, index: u32, slot: u32, table: u32) -> Vec<u8> {
    let type_index = module.function_types[index as usize];
    let params = module.types[type_index as usize].0;
    let mut body = vec![0];
    for param in 0..params {
        body.push(0x20);
        write_leb(&mut body, param as u64);
    }
    body.push(0x41);
    write_signed(&mut body, i64::from(slot));
    body.push(0x11);
    write_leb(&mut body, u64::from(type_index));
    write_leb(&mut body, u64::from(table));
    body.push(0x0b);
    body
}

/// The secondary: the primary's types, its memory, tables and globals imported, the moved
/// functions (calls among them direct, calls back through the table), and a segment putting
/// them in their slots.
#[allow(clippy::too_many_arguments)]
fn write_secondary(module: &Module, moving: &[u32], moved: &[bool], slot: &BTreeMap<u32, u32>, new_table: u32, table_size: u32, type_of: &dyn Fn(u32) -> u32, data: Option<&DataMove>) -> Result<Vec<u8>, String> {
    let imported = module.imported_functions as u32;
    let mut out = b"\0asm\x01\0\0\0".to_vec();
    section(&mut out, TYPE_SECTION, module.type_section);

    let mut imports = Vec::new();
    let mut count = 0;
    let mut import = |name: &str, description: &[u8]| {
        write_name(&mut imports, IMPORT_MODULE);
        write_name(&mut imports, name);
        imports.extend_from_slice(description);
        count += 1;
    };
    let mut memory = vec![2];
    memory.extend_from_slice(module.memory.unwrap_or_default());
    import("cs_m", &memory);
    for (at, table) in module.tables.iter().enumerate() {
        let mut description = vec![1];
        description.extend_from_slice(table);
        import(&format!("cs_t{at}"), &description);
    }
    let mut table = vec![1, 0x70, 0];
    write_leb(&mut table, u64::from(table_size));
    import(TABLE_EXPORT, &table);
    for (at, global) in module.globals.iter().enumerate() {
        let mut description = vec![3];
        description.extend_from_slice(global);
        import(&format!("cs_g{at}"), &description);
    }
    let mut import_section = Vec::new();
    write_leb(&mut import_section, count);
    import_section.extend_from_slice(&imports);
    section(&mut out, IMPORT_SECTION, &import_section);

    let mut functions = Vec::new();
    write_leb(&mut functions, moving.len() as u64);
    for &index in moving {
        write_leb(&mut functions, u64::from(type_of(index)));
    }
    section(&mut out, FUNCTION_SECTION, &functions);

    let mut elements = Vec::new();
    write_leb(&mut elements, 1);
    elements.extend_from_slice(&element_segment(new_table, 0, 0..moving.len() as u32));
    section(&mut out, ELEMENT_SECTION, &elements);

    let mut code = Vec::new();
    write_leb(&mut code, moving.len() as u64);
    for &index in moving {
        let body = &module.bodies[(index - imported) as usize];
        let mut bytes = body.bytes[..body.code].to_vec();
        let mut copied = body.code;
        for &(at, end, target, is_call) in &body.references {
            bytes.extend_from_slice(&body.bytes[copied..at]);
            copied = end;
            if moved[target as usize] {
                bytes.push(if is_call { 0x10 } else { 0xd2 });
                write_leb(&mut bytes, u64::from(slot[&target]));
            } else if is_call {
                bytes.push(0x41);
                write_signed(&mut bytes, i64::from(slot[&target]));
                bytes.push(0x11);
                write_leb(&mut bytes, u64::from(type_of(target)));
                write_leb(&mut bytes, u64::from(new_table));
            } else {
                return Err("a moved function refers to one that stays (ref.func)".into());
            }
        }
        bytes.extend_from_slice(&body.bytes[copied..]);
        write_leb(&mut code, bytes.len() as u64);
        code.extend_from_slice(&bytes);
    }
    section(&mut out, CODE_SECTION, &code);
    if let Some(data) = data {
        section(&mut out, DATA_SECTION, &data_section(&data.secondary));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
