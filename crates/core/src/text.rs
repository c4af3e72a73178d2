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

/// Largest input file read [B]: an EPW year is about 1.5 MB and a century of hourly values
/// about 30 MB; a file beyond this is not a scenario input, and reading it would take the
/// memory the run needs.
pub const MAX_INPUT_FILE_BYTES: u64 = 512 << 20;

/// Reads a text file with [`decode_text`]; a file over [`MAX_INPUT_FILE_BYTES`] is refused
/// before it is read.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_INPUT_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "the file is {} MiB; dctwin reads input files of up to {} MiB",
                size >> 20,
                MAX_INPUT_FILE_BYTES >> 20
            ),
        ));
    }
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

    #[test]
    fn files_beyond_the_limit_are_refused_before_reading() {
        let path = std::env::temp_dir().join(format!("dctwin-text-{}.csv", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        // A sparse file: its size is set without writing (or reading) its bytes.
        file.set_len(MAX_INPUT_FILE_BYTES + 1).unwrap();
        let e = read_text(&path).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("512 MiB"), "{e}");
        std::fs::write(&path, "time,value\n").unwrap();
        assert_eq!(read_text(&path).unwrap(), "time,value\n");
        let _ = std::fs::remove_file(&path);
    }
}
