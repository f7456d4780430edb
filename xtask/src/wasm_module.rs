//! Reading and writing the few parts of a wasm module's binary format that dist rewrites
//! (import and export names, the name section): sections, LEB128 numbers, names.

pub const CUSTOM_SECTION: u8 = 0;
pub const TYPE_SECTION: u8 = 1;
pub const IMPORT_SECTION: u8 = 2;
pub const FUNCTION_SECTION: u8 = 3;
pub const TABLE_SECTION: u8 = 4;
pub const MEMORY_SECTION: u8 = 5;
pub const GLOBAL_SECTION: u8 = 6;
pub const EXPORT_SECTION: u8 = 7;
pub const START_SECTION: u8 = 8;
pub const ELEMENT_SECTION: u8 = 9;
pub const CODE_SECTION: u8 = 10;
pub const DATA_SECTION: u8 = 11;
pub const DATA_COUNT_SECTION: u8 = 12;

use std::collections::BTreeMap;

/// One section: its id and its bytes after the size.
pub struct Section<'a> {
    pub id: u8,
    pub body: &'a [u8],
}

/// The sections of `wasm`, in order; fails on anything but a whole module.
pub fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut reader = Reader { bytes: wasm, at: 8 };
    let mut sections = Vec::new();
    while !reader.done() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        sections.push(Section { id, body: reader.take(size)? });
    }
    Ok(sections)
}

/// A cursor over a module's bytes; each read fails, rather than panics, past the end.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        let byte = *self.bytes.get(self.at).ok_or("the module ends early")?;
        self.at += 1;
        Ok(byte)
    }

    pub fn take(&mut self, len: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(len).filter(|end| *end <= self.bytes.len()).ok_or("the module ends early")?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    pub fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number in the module is too long".into())
    }

    pub fn name(&mut self) -> Result<&'a str, String> {
        let len = self.leb()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| "a name in the module is not UTF-8".to_string())
    }
}

/// How many of the imports (an import section's body) are functions: they come first in
/// the function index space.
pub fn imported_functions(body: &[u8]) -> Result<usize, String> {
    let mut reader = Reader::new(body);
    let mut functions = 0;
    for _ in 0..reader.leb()? {
        reader.name()?;
        reader.name()?;
        let kind = body.get(reader.at).copied();
        skip_import_description(&mut reader)?;
        functions += usize::from(kind == Some(0));
    }
    Ok(functions)
}

/// The bodies (locals and instructions) of the defined functions (a code section's body), in
/// index order.
pub fn function_bodies(body: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut reader = Reader::new(body);
    let count = reader.leb()?;
    let mut bodies = Vec::new();
    for _ in 0..count {
        let size = reader.leb()? as usize;
        bodies.push(reader.take(size)?);
    }
    Ok(bodies)
}

/// Appends `value` as unsigned LEB128.
pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `name` as the format writes names: its length, then its UTF-8 bytes.
pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

/// Reads past what follows an import's names (its kind and type).
pub fn skip_import_description(reader: &mut Reader) -> Result<(), String> {
    match reader.byte()? {
        // A function or a tag: a type index (a tag has an attribute byte first).
        0 => skip_leb(reader),
        4 => {
            reader.byte()?;
            skip_leb(reader)
        }
        // A table: its element type, then limits.
        1 => {
            reader.byte()?;
            skip_limits(reader)
        }
        2 => skip_limits(reader),
        // A global: value type and mutability.
        3 => reader.take(2).map(|_| ()),
        kind => Err(format!("an import of unknown kind {kind}")),
    }
}

/// Reads past a table's or a memory's limits.
pub fn skip_limits(reader: &mut Reader) -> Result<(), String> {
    let flags = reader.byte()?;
    skip_leb(reader)?;
    if flags & 1 == 1 {
        skip_leb(reader)?;
    }
    Ok(())
}

pub fn skip_leb(reader: &mut Reader) -> Result<(), String> {
    reader.leb().map(|_| ())
}

/// `wasm` without its name section (the function and local names), every other section as
/// it was.
pub fn without_name_section(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = wasm.get(..8).ok_or("not a wasm module")?.to_vec();
    for section in sections(wasm)? {
        if section.id == CUSTOM_SECTION && Reader::new(section.body).name().ok() == Some("name") {
            continue;
        }
        out.push(section.id);
        write_leb(&mut out, section.body.len() as u64);
        out.extend_from_slice(section.body);
    }
    Ok(out)
}

/// The function names of a name section, read after its own name, by function index.
pub fn function_names(section: &mut Reader) -> Result<BTreeMap<u32, String>, String> {
    let mut names = BTreeMap::new();
    while !section.done() {
        let kind = section.byte()?;
        let size = section.leb()? as usize;
        let mut subsection = Reader::new(section.take(size)?);
        if kind == 1 {
            for _ in 0..subsection.leb()? {
                let index = subsection.leb()? as u32;
                names.insert(index, subsection.name()?.to_string());
            }
        }
    }
    Ok(names)
}
