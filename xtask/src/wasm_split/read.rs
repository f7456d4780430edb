//! Reading what the split needs of a module: its types, imports, tables, memory, globals,
//! exports, table entries, function bodies (with their calls, function references and
//! constants) and names. Each instruction is read past by its immediates, for the opcodes of
//! the features dist enables; any other fails the split.

use std::collections::BTreeMap;

use crate::wasm_module::{function_names, sections, skip_limits, Reader, CODE_SECTION, CUSTOM_SECTION, DATA_SECTION, ELEMENT_SECTION, EXPORT_SECTION, FUNCTION_SECTION, GLOBAL_SECTION, IMPORT_SECTION, MEMORY_SECTION, START_SECTION, TABLE_SECTION, TYPE_SECTION};

/// A defined function's instructions: where its calls and function references are, so they
/// can be followed and renumbered.
pub struct Body<'a> {
    pub bytes: &'a [u8],
    /// Where the instructions start (after the locals).
    pub code: usize,
    /// (offset of the opcode, end of the immediate, the function index) for each `call` and
    /// `ref.func`.
    pub references: Vec<(usize, usize, u32, bool)>,
    /// Whether it uses data segments (`memory.init`, `data.drop`), which stay in the primary.
    pub uses_data: bool,
    /// The values its `i32.const`s push (read as unsigned: a negative one never equals an
    /// address).
    pub constants: Vec<u64>,
}

/// The parts of the module the split reads.
#[derive(Default)]
pub struct Module<'a> {
    pub types: Vec<(usize, &'a [u8])>,
    pub type_section: &'a [u8],
    pub imported_functions: usize,
    pub function_types: Vec<u32>,
    pub tables: Vec<&'a [u8]>,
    pub memory: Option<&'a [u8]>,
    pub globals: Vec<&'a [u8]>,
    pub exported_functions: Vec<u32>,
    pub start: Option<u32>,
    pub table_functions: Vec<u32>,
    pub has_elements: bool,
    pub bodies: Vec<Body<'a>>,
    pub names: BTreeMap<u32, String>,
    pub data: Option<&'a [u8]>,
}

pub fn read(wasm: &[u8]) -> Result<Module<'_>, String> {
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
