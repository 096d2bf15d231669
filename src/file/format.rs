//! Reading and writing board files (RON): size and encoding checks, the format version,
//! migrations from older versions ([`migrate`]), validation with safe repairs, and atomic saves
//! (the writer is [`crate::file::atomic`], re-exported here).
//!
//! Every error names the file and the problem; loading never changes the file.
//!
//! **One size limit, both ways.** A board file may be at most [`MAX_FILE_BYTES`] (128 MiB). The
//! loader refuses larger files, and [`save`] refuses to write a board whose text would be larger
//! (before anything is written), and so do recovery copies, so that everything the app writes,
//! it can open again. 128 MiB is several times what the largest generated board
//! (`demo --nodes 200000`, about 45 MiB) needs, and still loads in seconds.

use crate::board::validate;
use crate::board::{Board, FORMAT_VERSION};
use crate::file::read;
use serde::Deserialize;
use std::io::Write as _;
use std::path::Path;

pub use crate::file::atomic::{
    SaveError, WriteOptions, Written, backup_path, remove_stale_temporaries, resolve_links,
};
pub use crate::file::error::FileError;
pub use crate::file::migrate;
pub use crate::file::read::MAX_FILE_BYTES;
pub(crate) use crate::file::read::{MAX_NESTING, ron_options};

/// A board read from a file, with what was repaired on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The board, valid and migrated to [`FORMAT_VERSION`].
    pub board: Board,
    /// What was repaired, in words for the user; empty when the file was clean.
    pub repairs: Vec<String>,
    /// The version the file was written in, when it was older than [`FORMAT_VERSION`].
    pub migrated_from: Option<u32>,
}

fn err(path: &Path, problem: impl Into<String>) -> FileError {
    FileError { path: path.to_owned(), problem: problem.into() }
}

/// Only the version field, read first to choose how to read the rest.
#[derive(Deserialize)]
#[serde(rename = "Board")]
struct VersionProbe {
    #[serde(default = "no_version")]
    version: i64,
}

/// Stands for a missing version field in [`VersionProbe`].
fn no_version() -> i64 {
    i64::MIN
}

/// The format version of a file that starts as mlsd-board writes it: `Board(version: N,` (the
/// struct name optional, RON white space anywhere between), read without parsing the rest.
/// `None` for any other start (a comment, an attribute, another first field, a number with a
/// sign or a suffix…): [`probed_version`] then reads the version by parsing the whole file.
///
/// Only a file whose full parse then succeeds is taken on this reading alone, and in a valid
/// file the first field is the one `version` field, so the result is always the probe's.
fn leading_version(text: &str) -> Option<u32> {
    fn ws(s: &str) -> &str {
        s.trim_start_matches(ron_whitespace)
    }
    let rest = ws(text);
    let rest = ws(rest.strip_prefix("Board").unwrap_or(rest));
    let rest = ws(rest.strip_prefix('(')?);
    let rest = ws(rest.strip_prefix("version")?);
    let rest = ws(rest.strip_prefix(':')?);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = ws(&rest[digits..]);
    if digits == 0 || digits > 9 || !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// RON's white space (`ron::parse::is_whitespace_char`, which is not public).
fn ron_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The format version of `text` by the full probe: the whole file is parsed for its `version`
/// field, which must be present, at least 1 and at most [`FORMAT_VERSION`]. The error is the
/// problem in words: the file is not RON, has no version, or is from a newer mlsd-board.
fn probed_version(text: &str) -> Result<u32, String> {
    let probe: VersionProbe = ron_options()
        .from_str(text)
        .map_err(|e| format!("is not a valid board file: {}", read::ron_problem(&e, MAX_NESTING)))?;
    match probe.version {
        i64::MIN => Err("has no `version` field; is it an mlsd-board file?".to_owned()),
        v if v > i64::from(FORMAT_VERSION) => Err(format!(
            "was written in format version {v} by a newer mlsd-board; this build reads versions 1 to {FORMAT_VERSION}. Update mlsd-board to open it"
        )),
        v if v < 1 => Err(format!("has an impossible format version {v}")),
        v => Ok(v as u32),
    }
}

/// Reads, migrates and validates the board in `path`: a regular file (links followed) of at most
/// [`MAX_FILE_BYTES`], read without blocking (see [`crate::file::read`]). Opening a board also
/// removes the temporary files a killed save of it left beside it
/// ([`remove_stale_temporaries`]); the board file itself is never changed.
pub fn load(path: &Path) -> Result<Loaded, FileError> {
    remove_stale_temporaries(path);
    let bytes = read::read_limited(path, MAX_FILE_BYTES, "a board file")?;
    parse_bytes(&bytes).map_err(|problem| err(path, problem))
}

/// Reads a board from the bytes of a file (a board file, or a PNG that carries one). The error
/// is the problem in words, without the path. A UTF-8 byte-order mark is dropped; UTF-16 and
/// UTF-32 files are refused naming the encoding.
pub fn parse_bytes(bytes: &[u8]) -> Result<Loaded, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("is larger than the {} limit for a board file", read::size(MAX_FILE_BYTES)));
    }
    // A PNG exported by mlsd-board carries the board file (see `png_board`).
    if crate::file::png_board::is_png(bytes) {
        return crate::file::png_board::board_text(bytes).and_then(|text| parse_str(&text));
    }
    let text = read::decode_text(bytes)
        .map_err(|e| if e.starts_with("is not UTF-8") { format!("{e}; is it a board file?") } else { e })?;
    parse_str(text)
}

/// Reads a board from RON text. The error is the problem in words, without the path.
///
/// ```
/// use mlsd_board::file::format::parse_str;
/// let loaded = parse_str("Board(version: 1, title: \"Empty\")").expect("a version-1 board");
/// assert_eq!(loaded.migrated_from, Some(1));
/// assert!(parse_str("Board(version: 99)").unwrap_err().contains("newer mlsd-board"));
/// assert!(parse_str("").unwrap_err().contains("empty"));
/// ```
pub fn parse_str(text: &str) -> Result<Loaded, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("is empty".to_owned());
    }
    // A file that starts the way mlsd-board writes one, `Board(version: N, …`, is parsed once.
    // Any other start, and every failure, goes through the full probe as before, so that a
    // broken, versionless or newer file gets the same message whichever way it was read.
    let quick = leading_version(text).filter(|v| (1..=FORMAT_VERSION).contains(v));
    let version = match quick {
        Some(v) => v,
        None => probed_version(text)?,
    };
    let (mut board, migrated_from) = match migrate::read(version, text) {
        Ok(read) => read,
        Err(e) => {
            if quick.is_some() {
                probed_version(text)?;
            }
            return Err(e);
        }
    };
    let mut repairs = Vec::new();
    if crate::content::frameworks::get(&board.framework).is_none() {
        repairs.push(format!(
            "the framework `{}` is unknown to this build; the board now follows `{}`",
            board.framework,
            crate::board::DEFAULT_FRAMEWORK
        ));
        board.framework = crate::board::DEFAULT_FRAMEWORK.to_owned();
    }
    let steps = crate::content::frameworks::step_count(&board.framework);
    let fatal = validate::fatal_problems(&board, steps);
    if !fatal.is_empty() {
        return Err(format!("is damaged: {}", fatal.join("; ")));
    }
    repairs.extend(validate::repair_in_place(&mut board));
    board.version = FORMAT_VERSION;
    Ok(Loaded { board, repairs, migrated_from })
}

/// The board as RON text, as written to a file.
///
/// The text always carries [`FORMAT_VERSION`]. A board that already has it (every board loaded or
/// made by this build) is written as it is; only an older one is copied to set the version.
pub fn to_string(board: &Board) -> Result<String, String> {
    let board = if board.version == FORMAT_VERSION {
        std::borrow::Cow::Borrowed(board)
    } else {
        let mut copy = board.clone();
        copy.version = FORMAT_VERSION;
        std::borrow::Cow::Owned(copy)
    };
    let mut text = ron::ser::to_string_pretty(&*board, crate::file::fast_read::written_layout())
        .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// A lower bound of the length of the board's text ([`to_string`]), found without making it: its
/// title and labels, and a few bytes for each box and arrow. Over [`MAX_FILE_BYTES`], the board
/// is certainly too large to save, and is refused without the cost of serializing it.
pub fn min_text_len(board: &Board) -> u64 {
    // `Node(id: 1, kind: Note, label: "", …)` and `Edge(id: 1, from: 1, to: 2, …)` take more.
    const PER_ITEM: u64 = 32;
    let labels = board.nodes.iter().map(|n| n.label.len()).chain(board.edges.iter().map(|e| e.label.len()));
    let text: u64 = labels.map(|l| l as u64).sum::<u64>() + board.title.len() as u64;
    text + PER_ITEM * (board.nodes.len() + board.edges.len()) as u64
}

/// Refuses a board file of `len` bytes at `path` when it is over [`MAX_FILE_BYTES`]: the one
/// limit, so that the app never writes a board it could not open again.
pub fn check_board_size(path: &Path, len: u64) -> Result<(), FileError> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(err(
        path,
        format!(
            "cannot be saved: the board would be at least {} as a file, over the {} limit of a board file \
             (the most mlsd-board can open again), so nothing was written. Delete some boxes or \
             long labels, or split it into two boards",
            read::size(len),
            read::size(MAX_FILE_BYTES)
        ),
    ))
}

/// Saves the board to `path` atomically, keeping the file it replaces as `NAME.bak`; see
/// [`save_board`], which also reports warnings and tells a read-only file apart. A read-only
/// file is refused here.
pub fn save(path: &Path, board: &Board) -> Result<(), FileError> {
    save_board(path, board, false).map(drop).map_err(FileError::from)
}

/// Saves the board to `path` atomically: the text goes to a temporary file in the same folder,
/// which is flushed to disk and then renamed over the file. If anything fails, nothing on disk
/// changed.
///
/// - A board over [`MAX_FILE_BYTES`] is refused before anything is written.
/// - When the file exists, its current content is kept beside it as `NAME.bak`, byte for byte;
///   if that backup cannot be made, the save fails. [`write_atomic`] writes without a backup.
/// - A symbolic link is followed (the file it points to is written, the link stays), the file's
///   permissions are kept, and a read-only file gives [`SaveError::ReadOnly`] unless
///   `overwrite_read_only`. Other hard links of the file keep the old content; the result's
///   [`Written::warnings`] says so. See [`crate::file::atomic`].
pub fn save_board(path: &Path, board: &Board, overwrite_read_only: bool) -> Result<Written, SaveError> {
    check_board_size(path, min_text_len(board))?;
    let text = to_string(board).map_err(|e| err(path, format!("cannot be written: {e}")))?;
    check_board_size(path, text.len() as u64)?;
    let options = WriteOptions { backup: true, overwrite_read_only };
    crate::file::atomic::write_file(path, text.as_bytes(), options, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic_with`] that keeps the file it replaces as [`backup_path`] (see
/// [`crate::file::atomic::write_file`] for the steps). No temporary file is left behind on any
/// failure.
pub fn write_atomic_with_backup(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), FileError> {
    let options = WriteOptions { backup: true, overwrite_read_only: false };
    crate::file::atomic::write_file(path, bytes, options, write).map(drop).map_err(FileError::from)
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, flush, rename),
/// without a backup. Like every write: links are followed, permissions kept, and targets that
/// are not regular files (devices, FIFOs, folders) or are read-only are refused.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomic_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the write step given, so tests can make it fail half-way.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), FileError> {
    crate::file::atomic::write_file(path, bytes, WriteOptions::default(), write)
        .map(drop)
        .map_err(FileError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_limit_is_the_same_for_writing_as_for_reading() {
        let path = Path::new("b.ron");
        assert!(check_board_size(path, MAX_FILE_BYTES).is_ok(), "what the loader reads, a save may write");
        let e = check_board_size(path, MAX_FILE_BYTES + 1).expect_err("one byte more is refused");
        assert!(e.problem.contains("128 MiB") && e.problem.contains("nothing was written"), "{e}");
    }

    #[test]
    fn the_text_carries_this_builds_version_whatever_the_board_says() {
        for version in [1, FORMAT_VERSION - 1, FORMAT_VERSION, FORMAT_VERSION + 3] {
            let mut board = Board::default();
            (board.version, board.title) = (version, "v".into());
            let text = to_string(&board).expect("to_string");
            let head: String = text.split_whitespace().take(3).collect();
            assert_eq!(head, format!("Board(version:{FORMAT_VERSION},"), "version {version} was written so");
            assert!(text.ends_with(")\n"), "one newline ends the text");
            assert_eq!(board.version, version, "the board itself is left as it was");
        }
    }

    #[test]
    fn the_quick_size_bound_never_exceeds_the_real_size() {
        for t in crate::content::templates::builtin() {
            for b in [crate::content::templates::new_board(t), crate::content::templates::reference_board(t)]
            {
                let real = to_string(&b).expect("text").len() as u64;
                assert!(min_text_len(&b) <= real, "{}: {} > {real}", b.title, min_text_len(&b));
            }
        }
        let demo = crate::board::Board::new("");
        assert!(min_text_len(&demo) <= to_string(&demo).expect("text").len() as u64);
    }
}
