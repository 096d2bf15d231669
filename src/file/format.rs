//! Reading and writing board files (RON): size and encoding checks, the format version,
//! migrations from older versions, validation with safe repairs, and atomic saves.
//!
//! Every error names the file and the problem; loading never changes the file.

use crate::board::validate;
use crate::board::{Board, FORMAT_VERSION};
use serde::Deserialize;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before reading them.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Nesting deeper than this is refused while parsing, so no input can exhaust the stack.
const MAX_NESTING: usize = 64;

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

/// A file that could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong, in words for the user.
    pub problem: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)
    }
}

impl std::error::Error for FileError {}

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

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(MAX_NESTING)
}

/// Reads, migrates and validates the board in `path`.
pub fn load(path: &Path) -> Result<Loaded, FileError> {
    let meta = std::fs::metadata(path).map_err(|e| err(path, io_problem(&e, "cannot be read")))?;
    if meta.is_dir() {
        return Err(err(path, "is a folder, not a board file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(
            path,
            format!(
                "is {:.1} MiB, larger than the {} MiB limit for a board file",
                meta.len() as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| err(path, io_problem(&e, "cannot be read")))?;
    parse_bytes(&bytes).map_err(|problem| err(path, problem))
}

/// Reads a board from the bytes of a file (a board file, or a PNG that carries one). The error
/// is the problem in words, without the path.
pub fn parse_bytes(bytes: &[u8]) -> Result<Loaded, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("is larger than the {} MiB limit", MAX_FILE_BYTES / (1024 * 1024)));
    }
    // A PNG exported by mlsd-board carries the board file (see `png_board`).
    if crate::file::png_board::is_png(bytes) {
        return crate::file::png_board::board_text(bytes).and_then(|text| parse_str(&text));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!("is not UTF-8 text (invalid byte at offset {}); is it a board file?", e.valid_up_to())
    })?;
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
    if text.trim().is_empty() {
        return Err("is empty".to_owned());
    }
    let probe: VersionProbe =
        ron_options().from_str(text).map_err(|e| format!("is not a valid board file: {e}"))?;
    let version = match probe.version {
        i64::MIN => return Err("has no `version` field; is it an mlsd-board file?".to_owned()),
        v if v > i64::from(FORMAT_VERSION) => {
            return Err(format!(
                "was written in format version {v} by a newer mlsd-board; this build reads versions 1 to {FORMAT_VERSION}. Update mlsd-board to open it"
            ));
        }
        v if v < 1 => return Err(format!("has an impossible format version {v}")),
        v => v as u32,
    };
    let (mut board, migrated_from) = migrate::read(version, text)?;
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

/// Format migrations: one reader per version ever written, each converted to the next.
/// A version's struct is frozen once released; the fixtures in `tests/fixtures/vN/` keep them honest.
pub mod migrate {
    use super::*;
    use crate::board::{Edge, Node, View};

    /// A board as format version 1 wrote it: no session record.
    #[derive(Deserialize)]
    #[serde(rename = "Board")]
    pub struct BoardV1 {
        /// Always 1.
        pub version: u32,
        /// Title.
        #[serde(default)]
        pub title: String,
        /// Framework id; empty when the file has none.
        #[serde(default)]
        pub framework: String,
        /// Template id.
        #[serde(default)]
        pub template: Option<String>,
        /// Nodes.
        #[serde(default)]
        pub nodes: Vec<Node>,
        /// Edges.
        #[serde(default)]
        pub edges: Vec<Edge>,
        /// Saved view.
        #[serde(default)]
        pub view: View,
        /// Id counter.
        #[serde(default)]
        pub next_id: u64,
    }

    impl From<BoardV1> for Board {
        /// Version 1 → 2: the board gains an empty session record.
        fn from(v1: BoardV1) -> Self {
            let mut b = Board::new(&v1.title);
            b.version = 2;
            if !v1.framework.is_empty() {
                b.framework = v1.framework;
            }
            b.template = v1.template;
            b.nodes = v1.nodes;
            b.edges = v1.edges;
            b.view = v1.view;
            b.next_id = v1.next_id;
            b.reindex();
            b
        }
    }

    /// Reads `text`, written in `version`, and brings it to the current version.
    /// Returns the board and the version it came from when that was older.
    pub fn read(version: u32, text: &str) -> Result<(Board, Option<u32>), String> {
        match version {
            1 => {
                let v1: BoardV1 = ron_options()
                    .from_str(text)
                    .map_err(|e| format!("is not a valid version-1 board: {e}"))?;
                Ok((Board::from(v1), Some(1)))
            }
            // Versions 3 and 4 only added fields that default to empty (3: the replay log, the
            // review, interviewer follow-ups; 4: box colours, arrow routing, signal ratings, the
            // estimator, answer peeks, why a follow-up was asked), so a version-2 or -3 file
            // reads as a version-4 board as it is. A version needs a frozen struct of its own
            // once a later one renames, removes or changes the meaning of a field.
            2..=4 => {
                let board: Board =
                    ron_options().from_str(text).map_err(|e| format!("is not a valid board: {e}"))?;
                Ok((board, (version < FORMAT_VERSION).then_some(version)))
            }
            v => Err(format!("has format version {v}, which no mlsd-board ever wrote")),
        }
    }
}

/// The board as RON text, as written to a file.
pub fn to_string(board: &Board) -> Result<String, String> {
    let mut board = board.clone();
    board.version = FORMAT_VERSION;
    let config = ron::ser::PrettyConfig::new().struct_names(true).depth_limit(2).indentor("  ");
    ron::ser::to_string_pretty(&board, config).map(|s| s + "\n").map_err(|e| e.to_string())
}

/// Saves the board to `path` atomically: the text goes to a temporary file in the same folder,
/// which is flushed to disk and then renamed over `path`. If anything fails, `path` is untouched.
///
/// When `path` already exists, its current content is kept beside it as `NAME.bak` (e.g.
/// `board.ron.bak`), byte for byte; see [`write_atomic_with_backup`]. If that backup cannot be
/// made, the save fails and nothing on disk changes; [`write_atomic`] saves without a backup.
pub fn save(path: &Path, board: &Board) -> Result<(), FileError> {
    let text = to_string(board).map_err(|e| err(path, format!("cannot be written: {e}")))?;
    write_atomic_with_backup(path, text.as_bytes(), |file, bytes| file.write_all(bytes))
}

/// The backup kept beside `path` when a save replaces it: `NAME.bak` (`board.ron` →
/// `board.ron.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// [`write_atomic_with`] that keeps the file it replaces as [`backup_path`]:
///
/// 1. `bytes` go to a temporary file in the same folder (through `write`), flushed and synced;
///    if that fails, nothing on disk changes.
/// 2. If `path` exists, it is hard-linked (or, where links are not possible, copied and synced)
///    to a second temporary file, which is renamed over `NAME.bak`. If that fails, the new
///    temporary file is removed and the save fails: `path` and the old `NAME.bak` are untouched.
/// 3. The new temporary file is renamed over `path`. If that fails, `path` is untouched and
///    `NAME.bak` holds a copy of it.
///
/// No temporary file is left behind on any failure.
pub fn write_atomic_with_backup(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), FileError> {
    write_atomic_impl(path, bytes, write, true)
}

/// The one atomic writer behind [`write_atomic_with`] and [`write_atomic_with_backup`].
fn write_atomic_impl(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
    backup: bool,
) -> Result<(), FileError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Temporary names are unique per process and per call, so two saves never share one.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if path.is_dir() {
        return Err(err(path, "is a folder; choose a file name"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(err(path, format!("cannot be saved: the folder {} does not exist", dir.display())));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let unique = format!("{}.{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
    let tmp = dir.join(format!(".{name}.{unique}.tmp"));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        write(&mut file, bytes)?;
        file.flush()?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(path, io_problem(&e, "cannot be saved")));
    }
    // Through links: a dangling link has nothing to keep and is replaced.
    if backup && std::fs::metadata(path).is_ok() {
        let bak = backup_path(path);
        let bak_tmp = dir.join(format!(".{name}.bak.{unique}.tmp"));
        if let Err(e) = keep_backup(path, &bak_tmp, &bak) {
            let _ = std::fs::remove_file(&bak_tmp);
            let _ = std::fs::remove_file(&tmp);
            let why = io_problem(&e, "could not be written");
            return Err(err(
                path,
                format!("cannot be saved: its backup {} {why}; the file was not changed", bak.display()),
            ));
        }
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(path, io_problem(&e, "cannot be saved"))
    })
}

/// Puts the current content of `path` at `bak`, atomically, through the temporary `bak_tmp`.
fn keep_backup(path: &Path, bak_tmp: &Path, bak: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    // A hard link costs no space and no reading, and is the old file byte for byte. Not for a
    // symbolic link (the link itself would be linked) nor a file with other links (editing
    // those in place would change the backup).
    #[cfg(unix)]
    let single = std::os::unix::fs::MetadataExt::nlink(&meta) == 1;
    #[cfg(not(unix))]
    let single = true;
    let linked = meta.is_file() && single && std::fs::hard_link(path, bak_tmp).is_ok();
    if !linked {
        std::fs::copy(path, bak_tmp)?;
        std::fs::OpenOptions::new().write(true).open(bak_tmp)?.sync_all()?;
    }
    std::fs::rename(bak_tmp, bak)
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, flush, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomic_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the write step given, so tests can make it fail half-way.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), FileError> {
    write_atomic_impl(path, bytes, write, false)
}

/// An I/O error in words.
fn io_problem(e: &std::io::Error, what: &str) -> String {
    use std::io::ErrorKind as K;
    let why = match e.kind() {
        K::NotFound => "no such file or folder".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::StorageFull => "the disk is full".to_owned(),
        K::ReadOnlyFilesystem => "the file system is read-only".to_owned(),
        K::IsADirectory => "it is a folder".to_owned(),
        _ => e.to_string(),
    };
    format!("{what}: {why}")
}
