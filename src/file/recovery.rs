//! Recovery copies of boards with unsaved changes, so that a crash or a kill loses nothing.
//!
//! The copies live in one folder, [`recovery_dir`] (`Paths::data_dir/recovery/`). Each open board
//! has a stable id ([`new_id`]) and, while it has unsaved changes, two files there:
//!
//! - `ID.ron`: the board, as [`crate::file::format::to_string`] writes it, so [`RecoveryStore::load`]
//!   reads it through [`crate::file::format::load`] with every check a user's file gets;
//! - `ID.meta.ron`: a small sidecar with the title, the board's own file (if it has one) as an
//!   absolute, canonical path, what that file looked like when the board was opened or last
//!   saved (its length and hash, see [`DiskStamp`]), the time of the copy and the app instance
//!   that wrote it. [`RecoveryEntry::original_state`] compares that with the file now, so a
//!   restore can ask before overwriting a file another program changed since.
//!
//! Recovery copies follow the size limit of board files
//! ([`crate::file::format::MAX_FILE_BYTES`]): a larger board gets no copy, and the writer reports
//! why.
//!
//! Both are written atomically (temporary file, flush, rename), sidecar first; a kill at any
//! moment leaves at worst a temporary file (which [`RecoveryStore::list`] ignores and
//! [`RecoveryStore::tidy`] removes) and the previous complete copy.
//!
//! Writing happens on a background thread ([`Autosaver`]): the UI serializes the board (fast) and
//! hands over the text; [`AutosavePolicy`] says when a copy is due.
//!
//! Each [`Autosaver`] holds a lock on a file `OWNER.lock` for as long as it lives (the operating
//! system drops it when the process dies, however it dies). [`RecoveryEntry::in_use`] tells
//! whether the instance that wrote a copy is still running (another window): such copies are
//! not crash leftovers and should not be offered for restoring.

use crate::board::Board;
use crate::file::disk::{DiskChange, DiskStamp};
use crate::file::format::{self, FileError};
use crate::file::paths::Paths;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The name of the recovery folder inside the data folder.
pub const FOLDER: &str = "recovery";

/// Ending of a sidecar's file name (`ID.meta.ron`).
const SIDECAR_SUFFIX: &str = ".meta.ron";
/// Ending of a recovery board's file name (`ID.ron`).
const BOARD_SUFFIX: &str = ".ron";
/// Ending of an instance's lock file (`OWNER.lock`).
const LOCK_SUFFIX: &str = ".lock";
/// The sidecar format this build writes. Version 2 added the original file's stamp; version-1
/// sidecars still load (without a stamp).
const SIDECAR_VERSION: u32 = 2;
/// Sidecars larger than this are refused as damaged.
const MAX_SIDECAR_BYTES: u64 = 1024 * 1024;
/// Titles longer than this (in characters) are shortened in the sidecar.
const MAX_TITLE_CHARS: usize = 500;

/// The recovery folder for these app folders: `data_dir/recovery`.
pub fn recovery_dir(paths: &Paths) -> PathBuf {
    paths.data_dir.join(FOLDER)
}

/// A fresh id for an open board (or an app instance): unique across processes and time, made of
/// the time, the process id and a counter. Only `0-9`, `a-f` and `-`, so it is a safe file name.
pub fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = crate::file::wall_clock::unix_nanos();
    format!("{nanos:x}-{:x}-{:x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Whether `id` can name recovery files: 1 to 100 ASCII letters, digits, `-` or `_`.
pub fn is_valid_id(id: &str) -> bool {
    (1..=100).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the app says about a board when it hands over a recovery copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecoveryMeta {
    /// The board's name as shown to the user.
    pub title: String,
    /// The board's own file; `None` for an untitled board. Stored absolute and canonical.
    pub original_path: Option<PathBuf>,
    /// What the board's own file looked like when the board was opened or last saved
    /// ([`crate::file::autosave::Keeper::stamp`]); `None` when unknown.
    pub original_stamp: Option<DiskStamp>,
}

/// A recovery copy found in the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryEntry {
    /// The board's id (the files' names).
    pub id: String,
    /// The board's name as it was shown; empty when the sidecar was missing.
    pub title: String,
    /// The board's own file; `None` for an untitled board (or a missing sidecar). Absolute and
    /// canonical when written by this build (older sidecars hold the path as it was given).
    /// Paths that are not UTF-8 are kept with replacement characters.
    pub original_path: Option<PathBuf>,
    /// What the board's own file looked like when the board was opened or last saved (length
    /// and hash; no modification time); `None` when unknown (an older sidecar, or the file could
    /// not be read then). See [`RecoveryEntry::original_state`].
    pub original_stamp: Option<DiskStamp>,
    /// When the copy was written, in seconds since the Unix epoch.
    pub saved_at: u64,
    /// The recovery board file (`ID.ron`).
    pub board_file: PathBuf,
    /// Whether the app instance that wrote it is still running (another window, or this one):
    /// not a crash leftover; don't offer to restore it.
    pub in_use: bool,
}

/// How the board's own file compares now with what it was when the recovery copy's board was
/// opened or last saved. Restoring and then saving over a file that is not [`Self::Same`] should
/// ask first (Overwrite / Save As / Cancel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginalState {
    /// The board was never saved to a file: nothing to overwrite.
    Untitled,
    /// The file is as it was: saving over it loses nothing.
    Same,
    /// Another program changed the file since.
    Modified,
    /// The file is gone (deleted or moved) or cannot be read.
    Missing,
    /// The file exists, but the copy does not say what it looked like (an older recovery copy).
    Unknown,
}

impl RecoveryEntry {
    /// How the board's own file compares now with what it was when the board was opened or
    /// last saved. Reads the file (when its length is unchanged): call it on restoring, not
    /// every frame.
    pub fn original_state(&self) -> OriginalState {
        let Some(path) = &self.original_path else { return OriginalState::Untitled };
        match &self.original_stamp {
            Some(stamp) => match stamp.compare(path) {
                DiskChange::Same => OriginalState::Same,
                DiskChange::Modified => OriginalState::Modified,
                DiskChange::Missing => OriginalState::Missing,
            },
            None if DiskStamp::of(path).is_some() => OriginalState::Unknown,
            None => OriginalState::Missing,
        }
    }
}

/// A recovery copy that cannot be used: its sidecar is damaged, or its board file is missing.
/// It can still be discarded with [`RecoveryStore::remove`] (by `id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenEntry {
    /// The board's id (the files' names).
    pub id: String,
    /// The file with the problem.
    pub file: PathBuf,
    /// What is wrong, in words for the user.
    pub problem: String,
}

impl fmt::Display for BrokenEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.problem)
    }
}

impl std::error::Error for BrokenEntry {}

/// The sidecar file's content.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "Recovery")]
struct Sidecar {
    version: u32,
    owner: String,
    title: String,
    original_path: Option<String>,
    saved_at: u64,
    /// Since version 2: the original file's length and FNV-1a hash when opened or last saved.
    #[serde(default)]
    original_len: Option<u64>,
    #[serde(default)]
    original_hash: Option<u64>,
}

/// The recovery folder: writing, listing, loading and removing copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// The store in `dir` (created when the first copy is written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store in the app's data folder ([`recovery_dir`]).
    pub fn in_data_dir(paths: &Paths) -> Self {
        Self::new(recovery_dir(paths))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The board file of copy `id`.
    pub fn board_file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{BOARD_SUFFIX}"))
    }

    /// The sidecar of copy `id`.
    pub fn sidecar_file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}{SIDECAR_SUFFIX}"))
    }

    fn lock_file(&self, owner: &str) -> PathBuf {
        self.dir.join(format!("{owner}{LOCK_SUFFIX}"))
    }

    /// Writes copy `id` now, on this thread: the sidecar, then the board `text`, each atomically.
    fn write(&self, id: &str, owner: &str, meta: &RecoveryMeta, text: &str) -> Result<(), FileError> {
        let board_file = self.board_file(id);
        if !is_valid_id(id) {
            return Err(FileError { path: board_file, problem: format!("has an invalid id {id:?}") });
        }
        // The same limit as a board file: a copy the app could not open again helps no one.
        format::check_board_size(&board_file, text.len() as u64)?;
        std::fs::create_dir_all(&self.dir).map_err(|e| FileError {
            path: self.dir.clone(),
            problem: crate::file::read::io_problem(&e, "the recovery folder cannot be created"),
        })?;
        // Absolute and canonical: a relative path would name another file when the app is
        // started from another folder.
        let original = meta.original_path.as_deref().map(crate::file::paths::canonical);
        let sidecar = Sidecar {
            version: SIDECAR_VERSION,
            owner: owner.to_owned(),
            title: meta.title.chars().take(MAX_TITLE_CHARS).collect(),
            original_path: original.as_ref().map(|p| p.to_string_lossy().into_owned()),
            saved_at: crate::file::wall_clock::unix_secs(),
            original_len: meta.original_stamp.map(|s| s.len),
            original_hash: meta.original_stamp.map(|s| s.hash),
        };
        let sidecar_file = self.sidecar_file(id);
        let sidecar_text =
            ron::ser::to_string_pretty(&sidecar, ron::ser::PrettyConfig::new()).map_err(|e| FileError {
                path: sidecar_file.clone(),
                problem: format!("cannot be written: {e}"),
            })?;
        // Sidecar first: a board file never exists without its sidecar (so another instance
        // listing the folder can always tell whose it is), and a kill in between leaves the
        // previous complete board.
        format::write_atomic(&sidecar_file, sidecar_text.as_bytes())?;
        format::write_atomic(&board_file, text.as_bytes())
    }

    /// Every recovery copy in the folder, newest first. A copy that cannot be used is listed as
    /// an `Err` naming the file, never skipped silently and never a panic. Copies being written
    /// for the first time by another running instance are left out. A missing folder lists
    /// nothing. Files that are not recovery copies are ignored.
    pub fn list(&self) -> Vec<Result<RecoveryEntry, BrokenEntry>> {
        let Ok(read) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut sidecars = Vec::new();
        let mut boards = std::collections::BTreeSet::new();
        for entry in read.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix(SIDECAR_SUFFIX) {
                if is_valid_id(id) {
                    sidecars.push(id.to_owned());
                }
            } else if let Some(id) = name.strip_suffix(BOARD_SUFFIX)
                && is_valid_id(id)
            {
                boards.insert(id.to_owned());
            }
        }
        let mut out = Vec::new();
        for id in sidecars {
            let has_board = boards.remove(&id);
            if let Some(item) = self.entry(&id, has_board) {
                out.push(item);
            }
        }
        // A board with no sidecar: not written by this build's order of writes (damage, or a
        // hand-made file); listed all the same, with what can be known, so nothing is lost.
        for id in boards {
            let board_file = self.board_file(&id);
            let saved_at = std::fs::metadata(&board_file)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            out.push(Ok(RecoveryEntry {
                id,
                title: String::new(),
                original_path: None,
                original_stamp: None,
                saved_at,
                board_file,
                in_use: false,
            }));
        }
        let key = |r: &Result<RecoveryEntry, BrokenEntry>| match r {
            Ok(e) => (1, e.saved_at, e.id.clone()),
            Err(b) => (0, 0, b.id.clone()),
        };
        out.sort_by_key(|r| std::cmp::Reverse(key(r)));
        out
    }

    /// The entry for sidecar `id`; `None` when it is a first write still under way.
    fn entry(&self, id: &str, has_board: bool) -> Option<Result<RecoveryEntry, BrokenEntry>> {
        let sidecar_file = self.sidecar_file(id);
        let broken =
            |file: PathBuf, problem: String| Some(Err(BrokenEntry { id: id.to_owned(), file, problem }));
        let sidecar = match read_sidecar(&sidecar_file) {
            Ok(s) => s,
            Err(problem) => return broken(sidecar_file, problem),
        };
        let in_use = is_valid_id(&sidecar.owner) && self.owner_alive(&sidecar.owner);
        let board_file = self.board_file(id);
        if !has_board {
            if in_use {
                return None;
            }
            return broken(board_file, "is missing: the recovery copy has only its description".to_owned());
        }
        Some(Ok(RecoveryEntry {
            id: id.to_owned(),
            title: sidecar.title,
            original_path: sidecar.original_path.map(PathBuf::from),
            original_stamp: match (sidecar.original_len, sidecar.original_hash) {
                (Some(len), Some(hash)) => Some(DiskStamp { len, modified: None, hash }),
                _ => None,
            },
            saved_at: sidecar.saved_at,
            board_file,
            in_use,
        }))
    }

    /// Whether the instance `owner` still holds its lock.
    fn owner_alive(&self, owner: &str) -> bool {
        // Opened the safe way: something else in a lock file's place never blocks the app.
        let Ok((file, _)) = crate::file::read::open_regular(&self.lock_file(owner)) else { return false };
        matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
    }

    /// Reads the board of `entry` through [`crate::file::format::load`], with every check and repair
    /// a user's file gets.
    pub fn load(&self, entry: &RecoveryEntry) -> Result<Board, FileError> {
        format::load(&entry.board_file).map(|l| l.board)
    }

    /// Deletes copy `id`: its board file, then its sidecar. Files already gone are fine.
    /// To discard a copy that an [`Autosaver`] may still be writing, use [`Autosaver::discard`].
    pub fn remove(&self, id: &str) -> Result<(), FileError> {
        if !is_valid_id(id) {
            return Err(FileError {
                path: self.board_file(id),
                problem: format!("has an invalid id {id:?}"),
            });
        }
        for file in [self.board_file(id), self.sidecar_file(id)] {
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(FileError {
                        path: file,
                        problem: crate::file::read::io_problem(&e, "cannot be deleted"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Removes what killed instances left behind, when older than `min_age`: temporary files of
    /// interrupted writes (`.NAME….tmp`) and lock files no running instance holds. Returns how
    /// many files were removed. Recovery copies themselves are never touched.
    pub fn tidy(&self, min_age: Duration) -> usize {
        let Ok(read) = std::fs::read_dir(&self.dir) else { return 0 };
        let now = SystemTime::now();
        let mut removed = 0;
        for entry in read.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let old_enough = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or(Duration::ZERO) >= min_age);
            if !old_enough || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let stale = if name.starts_with('.') && name.ends_with(".tmp") {
                true
            } else if let Some(owner) = name.strip_suffix(LOCK_SUFFIX) {
                is_valid_id(owner) && !self.owner_alive(owner)
            } else {
                false
            };
            if stale && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

/// Reads and parses a sidecar (the safe way, see [`crate::file::read`]); the error is the problem
/// in words.
fn read_sidecar(path: &Path) -> Result<Sidecar, String> {
    const DEPTH: usize = 16;
    let bytes = crate::file::read::read_limited(path, MAX_SIDECAR_BYTES, "a recovery description")
        .map_err(|e| e.problem)?;
    let text = crate::file::read::decode_text(&bytes)?;
    let mut sidecar: Sidecar =
        ron::Options::default().with_recursion_limit(DEPTH).from_str(text).map_err(|e| {
            format!("is not a valid recovery description: {}", crate::file::read::ron_problem(&e, DEPTH))
        })?;
    // The title is shown in the recovery dialog.
    crate::board::validate::strip_controls(&mut sidecar.title);
    if sidecar.version > SIDECAR_VERSION {
        return Err(format!(
            "was written in recovery format {} by a newer mlsd-board; this build reads version {SIDECAR_VERSION}",
            sidecar.version
        ));
    }
    Ok(sidecar)
}

// ---------------------------------------------------------------------------------------------
// When to write
// ---------------------------------------------------------------------------------------------

/// When a recovery copy is due: within `debounce` of the last edit, and at least every
/// `max_interval` while edits continue. Pure: times are [`Duration`]s from any common origin
/// (e.g. the app's start), so it is tested without clocks or threads.
///
/// The default (1 s quiet time, at most 2 s between copies) means an edit is in a copy taken at
/// most 2 s after it, whatever the rhythm of editing; with the write in the background, a kill
/// loses at most the last 3 s of edits (`tests/recovery.rs` kills a child process that edits
/// to measure it). Taking a copy costs one serialization of the board on the UI thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutosavePolicy {
    /// Quiet time after the last edit before a copy is written.
    pub debounce: Duration,
    /// Longest time edits may go without a copy while they continue.
    pub max_interval: Duration,
}

impl Default for AutosavePolicy {
    fn default() -> Self {
        Self { debounce: Duration::from_secs(1), max_interval: Duration::from_secs(2) }
    }
}

impl AutosavePolicy {
    /// When the next copy is due, or `None` when none is needed.
    ///
    /// - `last_edit`: the newest edit;
    /// - `first_unsaved_edit`: the first edit since the board was last saved to its file (or
    ///   since the last copy); `None` when the board has no unsaved changes;
    /// - `last_write`: when the last recovery copy was taken (the board serialized); `None` if
    ///   never.
    ///
    /// Nothing is due when the board is clean or the last copy is not older than the last edit.
    /// Otherwise the copy is due `debounce` after the last edit, or `max_interval` after the
    /// later of the first unsaved edit and the last copy, whichever comes first.
    pub fn due_at(
        &self,
        last_edit: Duration,
        first_unsaved_edit: Option<Duration>,
        last_write: Option<Duration>,
    ) -> Option<Duration> {
        let first = first_unsaved_edit?;
        if last_write.is_some_and(|w| w >= last_edit) {
            return None;
        }
        let quiet = last_edit.saturating_add(self.debounce);
        let window_start = first.max(last_write.unwrap_or(Duration::ZERO));
        Some(quiet.min(window_start.saturating_add(self.max_interval)))
    }

    /// Whether a copy is due at `now` (see [`AutosavePolicy::due_at`]).
    pub fn due(
        &self,
        last_edit: Duration,
        first_unsaved_edit: Option<Duration>,
        last_write: Option<Duration>,
        now: Duration,
    ) -> bool {
        self.due_at(last_edit, first_unsaved_edit, last_write).is_some_and(|t| now >= t)
    }
}

// ---------------------------------------------------------------------------------------------
// Background writer
// ---------------------------------------------------------------------------------------------

enum Job {
    /// A copy, as RON text already made.
    Write {
        meta: RecoveryMeta,
        text: String,
    },
    /// A copy of a board, serialized by the writer (so the UI thread only clones it).
    WriteBoard {
        meta: RecoveryMeta,
        board: Box<Board>,
    },
    Remove,
}

#[derive(Default)]
struct State {
    /// Jobs not started yet, oldest first; at most one per id.
    queue: VecDeque<(String, Job)>,
    /// A job is being carried out.
    busy: bool,
    /// The owner is dropping the autosaver: finish the queue and stop.
    shutdown: bool,
    /// Errors not yet taken.
    errors: Vec<String>,
    /// The newest error.
    last_error: Option<String>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

/// Writes recovery copies on a background thread. [`Autosaver::submit`] returns at once; a
/// newer submission for an id replaces an older one that has not started. Dropping the
/// autosaver finishes what was submitted, then stops the thread.
pub struct Autosaver {
    store: RecoveryStore,
    owner: String,
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The instance lock, held while the autosaver lives.
    lock: Option<std::fs::File>,
}

impl fmt::Debug for Autosaver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Autosaver").field("store", &self.store).field("owner", &self.owner).finish()
    }
}

impl Autosaver {
    /// Starts the writer for `store`, and takes this instance's lock in its folder (creating the
    /// folder). Never fails: if no thread can be started, copies are written on the caller's
    /// thread; if the folder cannot be made, writes report the error.
    pub fn new(store: RecoveryStore) -> Self {
        let owner = new_id();
        let lock = Self::take_lock(&store, &owner);
        let shared = Arc::new(Shared { state: Mutex::new(State::default()), changed: Condvar::new() });
        let thread = {
            let shared = Arc::clone(&shared);
            let store = store.clone();
            let owner = owner.clone();
            std::thread::Builder::new()
                .name("mlsd-autosave".to_owned())
                .spawn(move || worker(&shared, &store, &owner))
                .ok()
        };
        Self { store, owner, shared, thread, lock }
    }

    fn take_lock(store: &RecoveryStore, owner: &str) -> Option<std::fs::File> {
        std::fs::create_dir_all(store.dir()).ok()?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            // A FIFO in the lock file's place fails at once instead of waiting for a reader.
            use std::os::unix::fs::OpenOptionsExt as _;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let file = options.open(store.lock_file(owner)).ok()?;
        if !file.metadata().ok()?.is_file() {
            return None;
        }
        file.try_lock().ok()?;
        Some(file)
    }

    /// The store written to.
    pub fn store(&self) -> &RecoveryStore {
        &self.store
    }

    /// This instance's id, written in each sidecar.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Queues a copy of board `id` (its RON `text`, from [`crate::file::format::to_string`]) and
    /// returns at once. Replaces a copy of the same id still waiting.
    pub fn submit(&self, id: &str, meta: RecoveryMeta, text: String) {
        self.enqueue(id, Job::Write { meta, text });
    }

    /// Queues a copy of `board` under `id` and returns at once: the board is turned into RON
    /// text on the writer's thread, so the caller's only cost is the clone it hands over.
    /// Replaces a copy of the same id still waiting.
    pub fn submit_board(&self, id: &str, meta: RecoveryMeta, board: Board) {
        self.enqueue(id, Job::WriteBoard { meta, board: Box::new(board) });
    }

    /// Queues the removal of copy `id` (after a clean save, or changes discarded on purpose),
    /// after any write of it under way; replaces a copy of it still waiting.
    pub fn discard(&self, id: &str) {
        self.enqueue(id, Job::Remove);
    }

    fn enqueue(&self, id: &str, job: Job) {
        if self.thread.is_none() {
            let result = perform(&self.store, &self.owner, id, job);
            let mut state = lock(&self.shared.state);
            record(&mut state, result);
            return;
        }
        let mut state = lock(&self.shared.state);
        match state.queue.iter_mut().find(|(queued, _)| queued == id) {
            Some(slot) => slot.1 = job,
            None => state.queue.push_back((id.to_owned(), job)),
        }
        drop(state);
        self.shared.changed.notify_all();
    }

    /// Waits until everything submitted so far is written (or has failed).
    pub fn flush(&self) {
        let mut state = lock(&self.shared.state);
        while !state.queue.is_empty() || state.busy {
            state = self.shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The newest writing error, if any (kept until a later error replaces it).
    pub fn last_error(&self) -> Option<String> {
        lock(&self.shared.state).last_error.clone()
    }

    /// The writing errors since the last call, oldest first, for the app to show.
    pub fn take_errors(&self) -> Vec<String> {
        std::mem::take(&mut lock(&self.shared.state).errors)
    }
}

impl Drop for Autosaver {
    fn drop(&mut self) {
        lock(&self.shared.state).shutdown = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if self.lock.take().is_some() {
            let _ = std::fs::remove_file(self.store.lock_file(&self.owner));
        }
    }
}

fn worker(shared: &Shared, store: &RecoveryStore, owner: &str) {
    loop {
        let (id, job) = {
            let mut state = lock(&shared.state);
            loop {
                if let Some(next) = state.queue.pop_front() {
                    state.busy = true;
                    break next;
                }
                if state.shutdown {
                    return;
                }
                state = shared.changed.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let result = perform(store, owner, &id, job);
        let mut state = lock(&shared.state);
        state.busy = false;
        record(&mut state, result);
        drop(state);
        shared.changed.notify_all();
    }
}

fn perform(store: &RecoveryStore, owner: &str, id: &str, job: Job) -> Result<(), String> {
    match job {
        Job::WriteBoard { meta, board } => {
            let failed =
                |e: FileError| format!("The recovery copy of “{}” could not be written: {e}", meta.title);
            // A board certainly over the limit is refused without turning it into text.
            format::check_board_size(&store.board_file(id), format::min_text_len(&board)).map_err(failed)?;
            let text = format::to_string(&board).map_err(|e| {
                failed(FileError { path: store.board_file(id), problem: format!("cannot be written: {e}") })
            })?;
            store.write(id, owner, &meta, &text).map_err(failed)
        }
        Job::Write { meta, text } => store
            .write(id, owner, &meta, &text)
            .map_err(|e| format!("The recovery copy of “{}” could not be written: {e}", meta.title)),
        Job::Remove => store.remove(id).map_err(|e| format!("A recovery copy could not be deleted: {e}")),
    }
}

fn record(state: &mut State, result: Result<(), String>) {
    if let Err(message) = result {
        state.errors.push(message.clone());
        state.last_error = Some(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_safe() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| is_valid_id(id)));
        for bad in ["", "../x", "a/b", "a.b", "a b", &"x".repeat(101)] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn policy_without_changes_is_never_due() {
        let p = AutosavePolicy::default();
        let s = Duration::from_secs;
        assert!(!p.due(s(10), None, None, s(1000)));
        assert!(!p.due(s(10), Some(s(5)), Some(s(10)), s(1000)), "the copy holds the last edit");
    }
}
