//! Moving data with the code: a blob found once in the data segments, named only by moved
//! code, is cut out of the primary's segments and put back by the secondary at the same
//! address.

use super::read::Module;
use super::write::write_signed;
use crate::wasm_module::{write_leb, Reader};

/// An active data segment at a constant address.
struct Segment<'a> {
    address: u64,
    bytes: &'a [u8],
}

/// The data that moves: the primary's data section without it, and the secondary's segments.
pub struct DataMove {
    pub primary: Vec<u8>,
    pub segments: usize,
    pub secondary: Vec<(u64, Vec<u8>)>,
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
pub fn move_data(module: &Module, moved: &[bool], blobs: &[&[u8]]) -> Result<DataMove, String> {
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
pub fn data_section(segments: &[(u64, Vec<u8>)]) -> Vec<u8> {
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
