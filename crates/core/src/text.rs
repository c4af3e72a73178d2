//! Text files as users have them: UTF-8 with or without a byte-order mark, or Latin-1 (ISO
//! 8859-1), which many weather files and spreadsheet exports still use.

use std::borrow::Cow;
use std::path::Path;

/// The UTF-8 encoding of U+FEFF, which some editors put at the start of a file.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a file's bytes: a leading UTF-8 byte-order mark is dropped; valid UTF-8 is taken
/// as it is; anything else is read as Latin-1, where every byte is the code point of the same
/// value (so `0xE9` is `é`), which never fails.
pub fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Reads a text file with [`decode_text`].
pub fn read_text(path: &Path) -> std::io::Result<String> {
    std::fs::read(path).map(|bytes| decode_text(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_utf8_and_latin1() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFtime,value"), "time,value");
        assert_eq!(decode_text("Zürich,CHE".as_bytes()), "Zürich,CHE");
        // "Zürich" in Latin-1: ü is the single byte 0xFC.
        assert_eq!(decode_text(b"Z\xFCrich,CHE"), "Zürich,CHE");
        assert_eq!(decode_text(b""), "");
    }
}
