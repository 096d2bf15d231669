//! Noticing that a board file changed on disk since it was opened or saved (another program,
//! another window), so that saving can ask before overwriting it.
//!
//! A [`DiskStamp`] is taken when a board is opened or saved: the file's length, modification
//! time and a 64-bit FNV-1a hash of its bytes. A file counts as changed when its *content*
//! differs: a different length or a different hash, or the file is gone. A new modification
//! time with the same bytes (`touch`, a sync tool, a re-save of identical bytes by this or another
//! program) is not a change: overwriting it loses nothing. Pure file reading; no UI.

use std::io::Read as _;
use std::path::Path;
use std::time::SystemTime;

/// What a board file looked like on disk when it was opened or saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    /// Length in bytes.
    pub len: u64,
    /// Modification time, when the file system gives one (informative: not compared).
    pub modified: Option<SystemTime>,
    /// FNV-1a (64-bit) hash of the bytes.
    pub hash: u64,
}

/// How a file compares with a [`DiskStamp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskChange {
    /// Same content as when stamped.
    Same,
    /// Different content.
    Modified,
    /// The file is gone (deleted, moved) or cannot be read any more.
    Missing,
}

impl DiskStamp {
    /// The stamp of the file at `path` now; `None` when it cannot be read (missing, not a
    /// regular file, permission denied). It is read the safe way ([`crate::file::read`]: never a
    /// FIFO or a device). Files over [`crate::file::format::MAX_FILE_BYTES`] are hashed up to just
    /// past that limit (the loader refuses them anyway; their length still tells changes apart).
    pub fn of(path: &Path) -> Option<Self> {
        let (file, meta) = crate::file::read::open_regular(path).ok()?;
        let mut bytes = Vec::new();
        file.take(crate::file::format::MAX_FILE_BYTES + 1).read_to_end(&mut bytes).ok()?;
        Some(Self { len: meta.len(), modified: meta.modified().ok(), hash: fnv1a64(&bytes) })
    }

    /// The stamp of a file holding exactly `bytes`, e.g. the text just saved (which avoids
    /// re-reading the file, and so also a race with a program writing it right after the save).
    pub fn of_bytes(bytes: &[u8]) -> Self {
        Self { len: bytes.len() as u64, modified: None, hash: fnv1a64(bytes) }
    }

    /// How the file at `path` compares with this stamp now. Reads the whole file when its length
    /// is unchanged: call it when about to save, not every frame.
    pub fn compare(&self, path: &Path) -> DiskChange {
        // The length first: a cheap answer without reading the file.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {
                if meta.len() != self.len {
                    return DiskChange::Modified;
                }
            }
            _ => return DiskChange::Missing,
        }
        match Self::of(path) {
            Some(now) if now.len == self.len && now.hash == self.hash => DiskChange::Same,
            Some(_) => DiskChange::Modified,
            None => DiskChange::Missing,
        }
    }

    /// Whether the file at `path` changed since this stamp: different content, or gone.
    pub fn changed_since(&self, path: &Path) -> bool {
        self.compare(path) != DiskChange::Same
    }
}

/// The 64-bit FNV-1a hash of `bytes`: fast, not cryptographic.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_known_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn of_bytes_matches_of() {
        let dir = std::env::temp_dir().join(format!("mlsd-disk-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("b.ron");
        std::fs::write(&path, b"Board(version: 2)").unwrap();
        let stamp = DiskStamp::of(&path).unwrap();
        let from_bytes = DiskStamp::of_bytes(b"Board(version: 2)");
        assert_eq!((stamp.len, stamp.hash), (from_bytes.len, from_bytes.hash));
        assert_eq!(from_bytes.compare(&path), DiskChange::Same);
        assert!(DiskStamp::of(&dir).is_none(), "a folder has no stamp");
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(stamp.compare(&path), DiskChange::Missing);
    }
}
