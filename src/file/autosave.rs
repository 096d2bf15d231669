//! Keeping the open board safe: recovery copies of unsaved changes (written in the background,
//! see [`crate::file::recovery`]) and the on-disk stamp of the board's file, to notice when another
//! program changed it.

use crate::board::Document;
use crate::file::disk::DiskStamp;
use crate::file::recovery::{self, AutosavePolicy, Autosaver, RecoveryEntry, RecoveryMeta, RecoveryStore};
use std::path::Path;
use std::time::Duration;

/// The recovery state of the open board.
pub struct Keeper {
    autosaver: Option<Autosaver>,
    policy: AutosavePolicy,
    /// The open board's recovery id (a new board gets a new one; a restored board keeps its).
    pub id: String,
    seen_revision: u64,
    last_edit: Duration,
    first_unsaved_edit: Option<Duration>,
    last_write: Option<Duration>,
    /// The board file as it was when opened or last saved.
    pub stamp: Option<DiskStamp>,
    /// The board was restored from a recovery copy that does not say what its file looked like:
    /// treat the file as changed until the board is saved.
    original_unverified: bool,
}

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeper").field("id", &self.id).field("enabled", &self.autosaver.is_some()).finish()
    }
}

impl Keeper {
    /// A keeper writing recovery copies to `store` (none when `None`: no data folder).
    pub fn new(store: Option<RecoveryStore>) -> Self {
        Self {
            autosaver: store.map(Autosaver::new),
            policy: AutosavePolicy::default(),
            id: recovery::new_id(),
            seen_revision: 0,
            last_edit: Duration::ZERO,
            first_unsaved_edit: None,
            last_write: None,
            stamp: None,
            original_unverified: false,
        }
    }

    /// The recovery folder, when copies are kept.
    pub fn store(&self) -> Option<&RecoveryStore> {
        self.autosaver.as_ref().map(Autosaver::store)
    }

    /// A new board is open: forget the old one's copy (the user has decided about it) unless
    /// `keep_old`, and start afresh under `id` (a restored board keeps its recovery id).
    pub fn switch_to(&mut self, doc: &Document, id: Option<String>, keep_old: bool) {
        if !keep_old && let Some(a) = &self.autosaver {
            a.discard(&self.id);
        }
        self.id = id.unwrap_or_else(recovery::new_id);
        self.seen_revision = doc.revision();
        self.first_unsaved_edit = None;
        self.last_write = None;
        self.stamp = doc.path().and_then(DiskStamp::of);
        self.original_unverified = false;
    }

    /// The open board was just restored from `entry` (after [`Keeper::switch_to`] with the
    /// entry's id): the board's file is compared from now on with what it was when the board was
    /// opened or last saved before the crash, as the copy recorded it, not with the file as it
    /// is now. So [`Keeper::changed_on_disk`] is true when another program changed (or removed)
    /// the file since, and also when the copy is too old to say, and saving can ask first.
    pub fn restored(&mut self, entry: &RecoveryEntry) {
        self.stamp = entry.original_stamp;
        self.original_unverified = entry.original_path.is_some() && entry.original_stamp.is_none();
    }

    /// The board was saved to `path`: its recovery copy is no longer needed.
    pub fn saved(&mut self, doc: &Document, path: &Path) {
        if let Some(a) = &self.autosaver {
            a.discard(&self.id);
        }
        self.seen_revision = doc.revision();
        self.first_unsaved_edit = None;
        self.last_write = None;
        self.stamp = DiskStamp::of(path);
        self.original_unverified = false;
    }

    /// Whether the board's file changed on disk since it was opened or saved here (or, for a
    /// restored board, since it was opened or saved before the crash; see [`Keeper::restored`]).
    pub fn changed_on_disk(&self, path: &Path) -> bool {
        self.original_unverified || self.stamp.as_ref().is_some_and(|s| s.changed_since(path))
    }

    /// The user quit or dropped the board on purpose: remove its copy and wait for the writer.
    pub fn discard_now(&mut self) {
        if let Some(a) = &self.autosaver {
            a.discard(&self.id);
            a.flush();
        }
    }

    /// Call every frame with the time since the app started. Notices edits, writes a recovery
    /// copy when one is due, and returns when the next check is needed (for a repaint).
    pub fn tick(&mut self, doc: &Document, now: Duration) -> Option<Duration> {
        self.autosaver.as_ref()?;
        if doc.revision() != self.seen_revision {
            self.seen_revision = doc.revision();
            self.last_edit = now;
            if doc.is_dirty() {
                self.first_unsaved_edit.get_or_insert(now);
            }
        }
        if !doc.is_dirty() {
            self.first_unsaved_edit = None;
            return None;
        }
        if self.policy.due(self.last_edit, self.first_unsaved_edit, self.last_write, now) {
            // Cloning the board is the only work on the UI thread; serializing and writing
            // happen in the background.
            self.write_now(doc);
            self.last_write = Some(now);
        }
        self.policy
            .due_at(self.last_edit, self.first_unsaved_edit, self.last_write)
            .map(|t| t.saturating_sub(now))
    }

    /// Hands over a copy of the board now, whatever the policy says. The only work on the
    /// caller's thread is cloning the board; it is turned into text and written in the
    /// background.
    pub fn write_now(&mut self, doc: &Document) {
        let Some(autosaver) = &self.autosaver else { return };
        let meta = RecoveryMeta {
            title: doc.display_name(),
            original_path: doc.path().map(Path::to_owned),
            original_stamp: self.stamp,
        };
        autosaver.submit_board(&self.id, meta, doc.board().clone());
    }

    /// Errors from the background writer since the last call.
    pub fn take_errors(&self) -> Vec<String> {
        self.autosaver.as_ref().map(Autosaver::take_errors).unwrap_or_default()
    }

    /// Waits until every copy handed over is written (for tests and a clean exit).
    pub fn flush(&self) {
        if let Some(a) = &self.autosaver {
            a.flush();
        }
    }
}
