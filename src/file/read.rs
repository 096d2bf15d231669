//! Reading files the user controls, safely: boards, user templates, the practice log, recovery
//! descriptions, and the bytes a disk stamp hashes.
//!
//! [`read_limited`] is the one way these files are read:
//!
//! - only regular files are opened (after following symbolic links): a folder, a named pipe
//!   (FIFO), a device (`/dev/zero`, `/dev/urandom`, a terminal) or a socket is refused with a
//!   message naming the file, before it is opened;
//! - the file is opened without blocking (`O_NONBLOCK` on Unix), and the opened handle is checked
//!   again, so a file swapped for a FIFO between the check and the open cannot hang the app;
//! - the bytes actually read are capped at the limit (plus one, to notice a larger file), not
//!   only the length the file system reports, which devices and `/proc` files give as 0.
//!
//! [`decode_text`] turns the bytes into text: it drops a UTF-8 byte-order mark and names UTF-16
//! and UTF-32 encodings. [`ron_problem`] puts a parser's error in the user's words.

use crate::file::error::FileError;
use std::fs::{File, Metadata};
use std::io::Read as _;
use std::path::Path;

/// Opens `path` for reading if it is a regular file (symbolic links are followed), without
/// blocking, and returns the handle with its metadata (taken from the handle itself).
///
/// Anything else is refused with a message naming the file and saying what it is.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), FileError> {
    let err = |problem: String| FileError { path: path.to_owned(), problem };
    // Look before opening: opening a FIFO for reading blocks until a writer comes, and opening a
    // device can have effects of its own (a tape rewinds, a terminal is claimed).
    let meta = std::fs::metadata(path).map_err(|e| err(io_problem(&e, "cannot be read")))?;
    if let Some(kind) = not_regular(&meta) {
        return Err(err(format!("{kind}, not a regular file; only regular files can be opened")));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Should the file have been swapped for a FIFO since the look, the open returns at once
        // instead of waiting for a writer. Reading a regular file ignores the flag.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| err(io_problem(&e, "cannot be read")))?;
    let meta = file.metadata().map_err(|e| err(io_problem(&e, "cannot be read")))?;
    if let Some(kind) = not_regular(&meta) {
        return Err(err(format!("{kind}, not a regular file; only regular files can be opened")));
    }
    Ok((file, meta))
}

/// Reads the whole of `path`, a regular file of at most `limit` bytes (see the module's
/// documentation). `what` names the kind of file in the size message (`"a board file"`).
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, FileError> {
    let err = |problem: String| FileError { path: path.to_owned(), problem };
    let too_large =
        |len: u64| err(format!("is {}, larger than the {} limit for {what}", size(len), size(limit)));
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| err(io_problem(&e, "cannot be read")))?;
    if bytes.len() as u64 > limit {
        // The file grew while it was read, or reports a wrong length.
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The first `n` bytes of `path` (fewer if the file is shorter), read the safe way (a regular
/// file, opened without blocking).
pub fn read_head(path: &Path, n: u64) -> Result<Vec<u8>, FileError> {
    let (file, _) = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(n)
        .read_to_end(&mut bytes)
        .map_err(|e| FileError { path: path.to_owned(), problem: io_problem(&e, "cannot be read") })?;
    Ok(bytes)
}

/// What a file that is not a regular file is, in words (`"is a folder"`); `None` for a regular
/// file.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("is a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("is a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("is a device");
        }
        if t.is_socket() {
            return Some("is a socket");
        }
    }
    Some("is a special file")
}

/// The text in `bytes`, which must be UTF-8; a UTF-8 byte-order mark (which some editors write)
/// is dropped. UTF-16 and UTF-32 text (with or without a byte-order mark) is named in the error,
/// which is the problem in words, without the file's name.
///
/// ```
/// use mlsd_board::file::read::decode_text;
/// assert_eq!(decode_text(b"\xEF\xBB\xBFBoard()"), Ok("Board()"));
/// assert!(decode_text(b"\xFF\xFEB\0o\0").unwrap_err().contains("UTF-16"));
/// ```
pub fn decode_text(bytes: &[u8]) -> Result<&str, String> {
    let convert = "mlsd-board reads UTF-8 only: save it as UTF-8 in your editor and try again";
    let wide = match bytes {
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 text (big-endian)"),
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 text (little-endian)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 text (big-endian)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 text (little-endian)"),
        // No mark, but every other byte is zero: ASCII text in UTF-16.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("UTF-16 text (little-endian)"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16 text (big-endian)"),
        _ => None,
    };
    if let Some(encoding) = wide {
        return Err(format!("is {encoding}; {convert}"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 text (invalid byte at offset {})", e.valid_up_to()))
}

/// A RON parser's error in the user's words, with its line and column (`3:14: …`). `max_depth`
/// is the nesting limit the parser was given, named when the file goes past it.
pub fn ron_problem(e: &ron::error::SpannedError, max_depth: usize) -> String {
    use ron::error::Error as E;
    let what = match &e.code {
        // ron's own text suggests raising a limit in code: no use to someone opening a file.
        E::ExceededRecursionLimit => {
            format!("the file nests too deeply (brackets within brackets, more than {max_depth} levels)")
        }
        E::Eof => "the file ends too early; is it cut short?".to_owned(),
        other => other.to_string(),
    };
    format!("{}: {what}", e.span)
}

/// A number of bytes in words: `300 bytes`, `12.5 KiB`, `140.2 MiB`, `128 MiB`.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    let unit = |n: u64, unit: u64, name: &str| {
        if n.is_multiple_of(unit) {
            format!("{} {name}", n / unit)
        } else {
            format!("{:.1} {name}", n as f64 / unit as f64)
        }
    };
    match bytes {
        b if b >= MIB => unit(b, MIB, "MiB"),
        b if b >= KIB => unit(b, KIB, "KiB"),
        1 => "1 byte".to_owned(),
        b => format!("{b} bytes"),
    }
}

/// An I/O error in words: `what` (`"cannot be read"`), then why.
pub fn io_problem(e: &std::io::Error, what: &str) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "no such file or folder".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::StorageFull => "the disk is full".to_owned(),
        K::ReadOnlyFilesystem => "the file system is read-only".to_owned(),
        K::IsADirectory => "it is a folder".to_owned(),
        K::NotADirectory => "a part of its path is a file, not a folder".to_owned(),
        _ if is_link_loop(e) => "its symbolic links form a loop".to_owned(),
        _ => e.to_string(),
    };
    format!("{what}: {why}")
}

fn is_link_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The largest board file, in bytes, that is read or written (see [`crate::file::format`]: one
/// limit both ways, so everything the app can write, it can read).
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// Nesting deeper than this is refused while parsing, so no input can exhaust the stack.
pub(crate) const MAX_NESTING: usize = 64;

/// The RON options every user-controlled file is parsed with: the nesting limit.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(2048), "2 KiB");
        assert_eq!(size(128 * 1024 * 1024), "128 MiB");
        assert_eq!(size(140 * 1024 * 1024 + 200 * 1024), "140.2 MiB");
    }

    #[test]
    fn encodings_are_named() {
        assert_eq!(decode_text(b"plain"), Ok("plain"));
        assert_eq!(decode_text(b"\xEF\xBB\xBF"), Ok(""));
        for (bytes, name) in [
            (&b"\xFE\xFF\0B"[..], "UTF-16 text (big-endian)"),
            (b"\xFF\xFEB\0", "UTF-16 text (little-endian)"),
            (b"B\0o\0a\0", "UTF-16 text (little-endian)"),
            (b"\0B\0o\0a", "UTF-16 text (big-endian)"),
            (b"\xFF\xFE\0\0B\0\0\0", "UTF-32 text (little-endian)"),
            (b"\0\0\xFE\xFF\0\0\0B", "UTF-32 text (big-endian)"),
        ] {
            let e = decode_text(bytes).unwrap_err();
            assert!(e.contains(name) && e.contains("UTF-8"), "{e}");
        }
        assert!(decode_text(b"ok\xff").unwrap_err().contains("offset 2"));
    }
}
