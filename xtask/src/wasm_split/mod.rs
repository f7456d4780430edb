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

mod data;
mod read;
mod write;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use self::data::move_data;
use self::read::read;
use self::write::{write_primary, write_secondary};

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

/// Where everything goes: which functions move, and the new table's slots (the moved
/// functions first, then the primary's functions the secondary calls).
struct Layout {
    /// By function index: whether it moves.
    moved: Vec<bool>,
    /// The moved functions, in index order: their place is their slot and their index in the
    /// secondary.
    moving: Vec<u32>,
    slot: BTreeMap<u32, u32>,
    called_back: Vec<u32>,
    /// The new table's index in the primary, and its size.
    new_table: u32,
    table_size: u32,
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
    let layout = Layout { table_size: (moving.len() + called_back.len()) as u32, new_table: module.tables.len() as u32, moved, moving, slot, called_back };

    let data_move = if data.is_empty() { Err("none asked for".to_string()) } else { move_data(&module, &layout.moved, data) };
    let primary = write_primary(wasm, &module, &layout, data_move.as_ref().ok())?;
    let secondary = write_secondary(&module, &layout, data_move.as_ref().ok())?;
    let data = data_move.map(|data_move| data_move.secondary.iter().map(|(_, bytes)| bytes.len()).sum());
    Ok(Split { primary, secondary, moved: layout.moving.len(), kept, data })
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
