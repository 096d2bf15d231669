//! The atomic writer behind every file mlsd-board writes (boards, exports, templates, recovery
//! copies, CSV): the bytes go to a temporary file in the target's folder, which is flushed to disk
//! and then renamed over the target, so the target is either the old file or the whole new one.
//!
//! What it does with targets that are not plain files:
//!
//! - **A symbolic link** is followed: the file it points to is written (its folder holds the
//!   temporary file and the backup), and the link stays a link. A dangling link creates the file
//!   it names.
//! - **Anything that is not a regular file** (a folder, a device such as `/dev/full`, a named pipe,
//!   a socket) is refused, and nothing is written.
//! - **A read-only file** (no write permission for anyone, or none for this user) is refused with
//!   [`SaveError::ReadOnly`], which the app can turn into a question; it is replaced only with
//!   [`WriteOptions::overwrite_read_only`].
//! - **Permissions** of the file replaced are kept (a private `0600` board stays `0600`), and so is
//!   its owner where the system allows it. A new file gets the usual permissions (umask).
//! - **Hard links**: the save replaces this name with a new file; any other name (hard link) of
//!   the old file keeps the old content. The save succeeds and says so in [`Written::warnings`].
//!
//! Temporary files are named `.NAME.PID.N.tmp` (and `.NAME.bak.PID.N.tmp` for a backup); none is
//! left behind by a failed write, and those a killed process left are removed by
//! [`remove_stale_temporaries`] the next time the same file is written or opened.

use crate::file::error::FileError;
use crate::file::read::{io_problem, not_regular};
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A temporary file older than this is stale even if the process that made it still runs.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// How deep a chain of symbolic links is followed before it counts as a loop.
const MAX_LINKS: usize = 40;

/// How a write may treat the file it replaces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the replaced file as `NAME.bak` beside it ([`backup_path`]).
    pub backup: bool,
    /// Replace a read-only file (the user said yes); it keeps its read-only permissions.
    pub overwrite_read_only: bool,
}

/// A successful write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The file written: the path given, or the file a symbolic link there points to.
    pub path: PathBuf,
    /// What the user should know although the write succeeded (e.g. hard links that keep the
    /// old content), in words; empty as a rule.
    pub warnings: Vec<String>,
}

/// A write that did not happen. Either way, nothing on disk changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveError {
    /// The file is read-only. The app may ask whether to replace it anyway
    /// ([`WriteOptions::overwrite_read_only`]) or to save elsewhere; the command line refuses.
    ReadOnly(FileError),
    /// Any other problem (folder missing, disk full, not a regular file, too large…).
    Failed(FileError),
}

impl SaveError {
    /// The error, naming the file and the problem.
    pub fn file_error(&self) -> &FileError {
        match self {
            Self::ReadOnly(e) | Self::Failed(e) => e,
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.file_error().fmt(f)
    }
}

impl std::error::Error for SaveError {}

impl From<SaveError> for FileError {
    fn from(e: SaveError) -> Self {
        match e {
            SaveError::ReadOnly(e) | SaveError::Failed(e) => e,
        }
    }
}

impl From<FileError> for SaveError {
    fn from(e: FileError) -> Self {
        Self::Failed(e)
    }
}

/// The backup kept beside `path` when a save replaces it: `NAME.bak` (`board.ron` →
/// `board.ron.bak`). When `path` is a symbolic link, the backup is kept beside the file it points
/// to, under that file's name: `backup_path(&resolve_links(path))`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// The file that writing `path` writes: `path` itself, or where its chain of symbolic links
/// ends (which may not exist yet). The error, in words, is a loop or an unreadable link.
pub fn resolve_links(path: &Path) -> Result<PathBuf, String> {
    let mut p = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to =
                    std::fs::read_link(&p).map_err(|e| io_problem(&e, "is a link that cannot be read"))?;
                p = if to.is_absolute() { to } else { p.parent().unwrap_or(Path::new("")).join(to) };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(io_problem(&e, "cannot be looked at")),
        }
    }
    Err(format!("is a symbolic link in a loop (or a chain of more than {MAX_LINKS} links)"))
}

/// Writes `bytes` to `path` atomically, through `write` (which tests use to fail half-way), as
/// the module's documentation says. On any error nothing on disk changed and no temporary file
/// is left.
///
/// With a backup:
///
/// 1. `bytes` go to a temporary file in the same folder, flushed and synced;
/// 2. if the file exists, it is hard-linked (or, when it has other links or links are not
///    possible, copied and synced) to a second temporary file, which is renamed over `NAME.bak`;
///    if that fails, the save fails: the file and the old `NAME.bak` are untouched;
/// 3. the new temporary file is renamed over the file.
pub fn write_file(
    path: &Path,
    bytes: &[u8],
    options: WriteOptions,
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<Written, SaveError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Temporary names are unique per process and per call, so two saves never share one.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let fail = |problem: String| SaveError::Failed(FileError { path: path.to_owned(), problem });

    let target = resolve_links(path).map_err(fail)?;
    // Where the name given is a link, say where it leads when that helps.
    let via =
        if target == path { String::new() } else { format!(" (the link leads to {})", target.display()) };
    let existing = match std::fs::symlink_metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(format!("{}{via}", io_problem(&e, "cannot be saved")))),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(fail(format!("is a folder{via}; choose a file name")));
        }
        if let Some(kind) = not_regular(meta) {
            return Err(fail(format!(
                "{kind}{via}, not a regular file; mlsd-board writes only regular files, so nothing was written"
            )));
        }
        if !options.overwrite_read_only && is_read_only(&target, meta) {
            return Err(SaveError::ReadOnly(FileError {
                path: path.to_owned(),
                problem: format!(
                    "is read-only{via}; it was not changed. Save under another name, or make it writable first"
                ),
            }));
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("cannot be saved: the folder {} does not exist", dir.display())));
    }
    remove_stale_temporaries(&target);

    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let unique = format!("{}.{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
    let tmp = dir.join(format!(".{name}.{unique}.tmp"));
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            return Err(fail(format!(
                "cannot be saved: the folder {} does not let you create files in it (permission denied)",
                dir.display()
            )));
        }
        Err(e) => return Err(fail(io_problem(&e, "cannot be saved"))),
    };
    let written = (|| {
        write(&mut file, bytes)?;
        file.flush()?;
        if let Some(meta) = &existing {
            keep_owner_and_permissions(&file, meta)?;
        }
        file.sync_all()
    })();
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(io_problem(&e, "cannot be saved")));
    }

    let mut warnings = Vec::new();
    if let Some(meta) = &existing {
        if options.backup {
            let bak = backup_path(&target);
            let bak_tmp = dir.join(format!(".{name}.bak.{unique}.tmp"));
            if let Err(why) = keep_backup(&target, meta, &bak_tmp, &bak) {
                let _ = std::fs::remove_file(&bak_tmp);
                let _ = std::fs::remove_file(&tmp);
                return Err(fail(format!(
                    "cannot be saved: its backup {} {why}; the file was not changed",
                    bak.display()
                )));
            }
        }
        let others = links(meta).saturating_sub(1);
        if others > 0 {
            let s = if others == 1 { "" } else { "s" };
            warnings.push(format!(
                "{}{via} had {others} other hard link{s}: saving replaced this name with a new file, so the other name{s} still hold the previous version",
                path.display()
            ));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(format!("{}{via}", io_problem(&e, "cannot be saved"))));
    }
    sync_folder(&dir);
    Ok(Written { path: target, warnings })
}

/// Whether the existing regular file `target` is read-only: no write permission for anyone, or
/// none for this user (tried by opening it for writing, which changes nothing).
fn is_read_only(target: &Path, meta: &std::fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return true;
    }
    matches!(
        std::fs::OpenOptions::new().write(true).open(target),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}

/// Gives the new file the permissions (and, where allowed, the owner) of the one it replaces.
fn keep_owner_and_permissions(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            // Only possible for the owner's own groups, or for root; otherwise the new file is
            // this user's, as any new file would be.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
        file.set_permissions(std::fs::Permissions::from_mode(old.permissions().mode() & 0o7777))
    }
    #[cfg(not(unix))]
    {
        file.set_permissions(old.permissions())
    }
}

/// How many names (hard links) the file has.
fn links(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::nlink(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        1
    }
}

/// Puts the current content of `path` at `bak`, atomically, through the temporary `bak_tmp`.
/// The error is what went wrong, in words, after "its backup NAME".
fn keep_backup(path: &Path, meta: &std::fs::Metadata, bak_tmp: &Path, bak: &Path) -> Result<(), String> {
    // The backup's own name must be a file (or a link, which the rename replaces) or free.
    if let Ok(m) = std::fs::symlink_metadata(bak)
        && !m.is_file()
        && !m.file_type().is_symlink()
    {
        let kind = not_regular(&m).unwrap_or("is a special file");
        return Err(format!(
            "cannot be written: {} of that name is in the way",
            kind.trim_start_matches("is ")
        ));
    }
    // A hard link costs no space and no reading, and is the old file byte for byte. Not for a
    // file with other links (editing those in place would change the backup).
    let linked = links(meta) == 1 && std::fs::hard_link(path, bak_tmp).is_ok();
    if !linked {
        copy_synced(path, meta, bak_tmp).map_err(|e| io_problem(&e, "could not be written"))?;
    }
    std::fs::rename(bak_tmp, bak).map_err(|e| io_problem(&e, "could not be written"))
}

/// Copies `from` to the new file `to`, synced, with `from`'s permissions set last (so a
/// read-only original gives a read-only copy without the copying failing).
fn copy_synced(from: &Path, meta: &std::fs::Metadata, to: &Path) -> std::io::Result<()> {
    let mut src = std::fs::File::open(from)?;
    let mut dst = std::fs::OpenOptions::new().write(true).create_new(true).open(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    dst.set_permissions(meta.permissions())
}

/// Makes the rename itself durable, where the system allows syncing a folder.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temporary files this app's writer left beside `path` (after following links)
/// when a process was killed mid-save: exactly `.NAME.PID.N.tmp` and `.NAME.bak.PID.N.tmp`,
/// regular files only, whose process is no longer running or which are older than
/// [`STALE_AFTER`]. Nothing else is touched. Returns how many were removed.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let Ok(target) = resolve_links(path) else { return 0 };
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else { return 0 };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(read) = std::fs::read_dir(&dir) else { return 0 };
    let prefix = format!(".{name}.");
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in read.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(temporary_pid)
        else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        if (old || !process_alive(pid)) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in the middle part of a temporary name: `PID.N` or `bak.PID.N`.
fn temporary_pid(middle: &str) -> Option<u32> {
    let middle = middle.strip_prefix("bak.").unwrap_or(middle);
    let (pid, n) = middle.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running; `true` when that cannot be told (then only the age of a
/// temporary file makes it stale).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_temporary_names_are_recognised() {
        assert_eq!(temporary_pid("123.4"), Some(123));
        assert_eq!(temporary_pid("bak.123.4"), Some(123));
        for bad in ["", "123", "123.", ".4", "x.4", "123.4.5", "bak.123", "123.4a", "bak.bak.1.2"] {
            assert_eq!(temporary_pid(bad), None, "{bad:?}");
        }
    }
}
