//! Writing the two modules: the primary as it was but for the stubs, the new table, its
//! exports and the cut data; the secondary from the moved bodies, calls renumbered.

use super::data::{data_section, DataMove};
use super::read::Module;
use super::*;
use crate::wasm_module::{sections, write_leb, write_name, Reader, CODE_SECTION, CUSTOM_SECTION, DATA_COUNT_SECTION, DATA_SECTION, ELEMENT_SECTION, EXPORT_SECTION, FUNCTION_SECTION, IMPORT_SECTION, TABLE_SECTION, TYPE_SECTION};

pub fn section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
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
pub fn element_segment(table: u32, offset: u32, functions: impl IntoIterator<Item = u32>) -> Vec<u8> {
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

pub fn write_signed(out: &mut Vec<u8>, mut value: i64) {
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
pub fn write_primary(wasm: &[u8], module: &Module, layout: &Layout, data: Option<&DataMove>) -> Result<Vec<u8>, String> {
    let Layout { moved, slot, called_back, new_table, table_size, .. } = layout;
    let (new_table, table_size) = (*new_table, *table_size);
    let imported = module.imported_functions as u32;
    let moving = layout.moving.len();
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
pub fn write_secondary(module: &Module, layout: &Layout, data: Option<&DataMove>) -> Result<Vec<u8>, String> {
    let Layout { moving, moved, slot, .. } = layout;
    let (new_table, table_size) = (layout.new_table, layout.table_size);
    let type_of = |index: u32| module.function_types[index as usize];
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
