//! An open board: its content, its undo history and whether it differs from the file on disk.
//!
//! The board's content changes only here, in two ways:
//! - [`Document::apply`], [`Document::undo`] and [`Document::redo`]: every change a user would
//!   undo, as a [`Command`];
//! - the named session operations below (time accrued, the current step, follow-ups asked, the
//!   summary at Finish…): changes that are saved with the board but are not undo steps.
//!
//! There is no other way in: no `&mut Board` and no `&mut SessionRecord` is handed out.

use crate::board::command::{Added, Command, CommandError};
use crate::board::history::History;
use crate::board::items::View;
use crate::board::model::Board;
use crate::board::record::{
    FollowUp, LogEntry, Peek, Rating, ReviewRecord, SessionRecord, Signal, Snapshot, Summary,
};
use std::path::{Path, PathBuf};

/// A number no other document of this run has had (see [`Document::content_stamp`]).
fn fresh_document_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A board being edited.
#[derive(Debug)]
pub struct Document {
    /// Unique to this document in this run; a copy gets its own (see [`Document::content_stamp`]).
    id: u64,
    board: Board,
    history: History,
    /// The file the board was loaded from or last saved to; `None` for an untitled board.
    path: Option<PathBuf>,
    /// History state at the last save or load.
    saved_state: u64,
    /// Set by changes that are not undoable commands (session state, a repair on opening).
    dirty_outside_history: bool,
    /// Counts every change to what is saved (commands, undo, redo, session operations).
    revision: u64,
}

impl Default for Document {
    fn default() -> Self {
        Self::new(Board::default(), None)
    }
}

impl Clone for Document {
    /// A copy with a [`Document::content_stamp`] of its own: the two may change apart.
    fn clone(&self) -> Self {
        Self {
            id: fresh_document_id(),
            board: self.board.clone(),
            history: self.history.clone(),
            path: self.path.clone(),
            saved_state: self.saved_state,
            dirty_outside_history: self.dirty_outside_history,
            revision: self.revision,
        }
    }
}

/// Adds an applied change to the session's replay log. Called only once the clock has been
/// started ([`Document::logging`], checked before the change is copied); changes while it is
/// paused are logged too, at the paused time, so a replay ends at the board as it is.
fn log(session: &mut SessionRecord, cmd: Command) {
    if cmd.is_empty() {
        return;
    }
    let entry = LogEntry { at_ms: session.total_used_ms(), step: session.current, cmd };
    session.push_log(entry);
}

impl Document {
    /// A document for `board`, with no history, counting as saved to `path`.
    pub fn new(board: Board, path: Option<PathBuf>) -> Self {
        let mut board = board;
        board.reindex();
        Self {
            id: fresh_document_id(),
            board,
            history: History::default(),
            path,
            saved_state: 0,
            dirty_outside_history: false,
            revision: 0,
        }
    }

    /// The board's content.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// The file the board was loaded from or last saved to; `None` for an untitled board.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Applies a command as one undo step, and returns the ids it added. A
    /// [`Command::Insert`] gets fresh ids here: the document allocates every id. Once the clock
    /// has first been started, the change also goes into the session's replay log.
    pub fn apply(&mut self, cmd: Command) -> Result<Added, CommandError> {
        let (cmd, added) = cmd.resolve(&mut self.board);
        if self.logging() {
            // The board gets the one copy of the command's items, cloned straight into its
            // lists, and the replay log keeps the command.
            self.history.apply_ref(&mut self.board, &cmd)?;
            log(&mut self.board.session, cmd);
        } else {
            // The history moves the command's items into the board.
            self.history.apply(&mut self.board, cmd)?;
        }
        self.revision += 1;
        Ok(added)
    }

    /// Undoes the newest step; returns the command that redoes it.
    pub fn undo(&mut self) -> Option<&Command> {
        self.travel(History::next_undo, History::undo)
    }

    /// Redoes the newest undone step; returns the command that undoes it again.
    pub fn redo(&mut self) -> Option<&Command> {
        self.travel(History::next_redo, History::redo)
    }

    /// Undo or redo: `step` applies the history's next command (`next` shows it beforehand) and
    /// returns the command that goes back. The replay log gets a copy of what is applied; the
    /// history moves the rest.
    fn travel(
        &mut self,
        next: fn(&History) -> Option<&Command>,
        step: for<'h> fn(&'h mut History, &mut Board) -> Option<&'h Command>,
    ) -> Option<&Command> {
        let logged = self.logging().then(|| next(&self.history).cloned()).flatten();
        let back = step(&mut self.history, &mut self.board)?;
        self.revision += 1;
        if let Some(cmd) = logged {
            log(&mut self.board.session, cmd);
        }
        Some(back)
    }

    /// Whether changes go into the replay log: once the clock has first been started.
    fn logging(&self) -> bool {
        self.board.session.replay_base.is_some()
    }

    /// A number that changes with every change to what is saved; equal numbers mean an
    /// unchanged board (used to notice edits, e.g. for recovery copies).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Identifies the board's content as it is now: equal at two moments only for the same
    /// document (not a copy, not another board opened in its place) at the same
    /// [`Document::revision`]. What is drawn from the board can be cached under it.
    pub fn content_stamp(&self) -> (u64, u64) {
        (self.id, self.revision)
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether the board differs from the file on disk (or is untitled and changed).
    pub fn is_dirty(&self) -> bool {
        self.dirty_outside_history || self.history.state() != self.saved_state
    }

    /// Marks the board as changed although no command ran (e.g. it was repaired on opening, or
    /// restored from a recovery copy), so that it counts as unsaved.
    pub fn mark_dirty(&mut self) {
        self.dirty_outside_history = true;
        self.revision += 1;
    }

    /// Records that the board was just saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = self.history.state();
        self.dirty_outside_history = false;
    }

    /// Sets the view saved with the board (where the canvas looks). Not a change of content: it
    /// neither marks the board unsaved nor makes an undo step.
    pub fn set_view(&mut self, view: View) {
        self.board.view = view;
    }

    /// The board's name for a window title: its title, or the file name, or "Untitled".
    pub fn display_name(&self) -> String {
        if !self.board.title.trim().is_empty() {
            return self.board.title.clone();
        }
        self.path
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "Untitled".to_owned(), |s| s.to_string_lossy().into_owned())
    }

    // -----------------------------------------------------------------------------------------
    // Session operations: saved with the board, not undo steps.
    // -----------------------------------------------------------------------------------------

    /// Runs `f` on the session record and counts the change.
    fn session_change<T>(&mut self, f: impl FnOnce(&mut SessionRecord) -> T) -> T {
        self.dirty_outside_history = true;
        self.revision += 1;
        f(&mut self.board.session)
    }

    /// Counts `ms` milliseconds of interview time into step `step` (a step id).
    pub fn accrue_time(&mut self, step: &str, ms: u64) {
        if ms == 0 {
            return;
        }
        self.session_change(|s| {
            let rec = s.step_mut(step);
            rec.used_ms = rec.used_ms.saturating_add(ms);
            s.normalize();
        });
    }

    /// Makes step `index` (0-based) the current one. The caller keeps it within the framework.
    pub fn set_current_step(&mut self, index: usize) {
        if self.board.session.current != index {
            self.session_change(|s| s.current = index);
        }
    }

    /// Clears the time of every step, goes back to the first step and forgets the summary.
    /// Ticks, notes and budgets stay.
    pub fn reset_times(&mut self) {
        self.session_change(|s| {
            for rec in &mut s.steps {
                rec.used_ms = 0;
            }
            s.current = 0;
            s.finished = None;
            s.normalize();
        });
    }

    /// Starts the replay log from the board as it is now, unless it was started before.
    pub fn start_replay(&mut self) {
        if self.board.session.replay_base.is_some() {
            return;
        }
        let base = Snapshot::of(&self.board.nodes, &self.board.edges);
        self.session_change(|s| s.replay_base = Some(base));
    }

    /// Records the summary and the review made at Finish.
    pub fn finish(&mut self, summary: Summary, review: Option<ReviewRecord>) {
        self.session_change(|s| {
            s.finished = Some(summary);
            s.review = review;
        });
    }

    /// Forgets the Finish summary: the session goes on.
    pub fn resume_after_finish(&mut self) {
        if self.board.session.finished.is_some() {
            self.session_change(|s| s.finished = None);
        }
    }

    /// Replaces the stored review (recomputed, e.g. for a board from an older build).
    pub fn set_review(&mut self, review: Option<ReviewRecord>) {
        if self.board.session.review != review {
            self.session_change(|s| s.review = review);
        }
    }

    /// Records an interviewer question that was asked.
    pub fn record_follow_up(&mut self, follow_up: FollowUp) {
        self.session_change(|s| s.follow_ups.push(follow_up));
    }

    /// Turns interviewer mode on or off.
    pub fn set_interviewer_mode(&mut self, on: bool) {
        if self.board.session.interviewer_mode != on {
            self.session_change(|s| s.interviewer_mode = on);
        }
    }

    /// Sets the user's rating of `signal` (1 to 4; anything else removes the rating).
    pub fn set_rating(&mut self, signal: Signal, level: u8) {
        self.session_change(|s| {
            s.ratings.retain(|r| r.signal != signal);
            if (1..=4).contains(&level) {
                s.ratings.push(Rating { signal, level });
                s.ratings.sort_by_key(|r| r.signal);
            }
        });
    }

    /// Records a look at a step's strong answer before the session was finished.
    pub fn record_peek(&mut self, peek: Peek) {
        self.session_change(|s| s.peeks.push(peek));
    }
}
