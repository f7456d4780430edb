//! UUID v4 formatting from random bytes. The browser supplies the bytes through
//! `crypto.getRandomValues`, which (unlike `crypto.randomUUID`) also works on plain-http hosts.

/// Formats 16 random bytes as a version 4, variant 1 UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-…`).
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (at, byte) in bytes.iter().enumerate() {
        if matches!(at, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_version_and_variant_bits_whatever_the_bytes() {
        assert_eq!(uuid_v4_from_bytes([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4_from_bytes([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
