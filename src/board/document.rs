//! An open board: its content, its undo history and whether it differs from the file on disk.

use crate::board::Board;
use crate::board::command::{Command, CommandError};
use crate::board::history::History;
use std::path::PathBuf;

/// A board being edited. The board's content only changes through [`Document::apply`],
/// [`Document::undo`] and [`Document::redo`].
#[derive(Clone, Debug, Default)]
pub struct Document {
    board: Board,
    history: History,
    /// The file the board was loaded from or last saved to; `None` for an untitled board.
    pub path: Option<PathBuf>,
    /// History state at the last save or load.
    saved_state: u64,
    /// Set by changes that are not undoable commands (session state, a view change worth saving).
    dirty_outside_history: bool,
    /// Counts every change to what is saved (commands, undo, redo, session edits).
    revision: u64,
}

impl Document {
    /// A document for `board`, with no history, counting as saved to `path`.
    pub fn new(board: Board, path: Option<PathBuf>) -> Self {
        let mut board = board;
        board.reindex();
        Self {
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

    /// Applies a command as one undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<(), CommandError> {
        self.history.apply(&mut self.board, cmd)?;
        self.revision += 1;
        Ok(())
    }

    /// Undoes the newest step; returns the command applied to do it.
    pub fn undo(&mut self) -> Option<Command> {
        let done = self.history.undo(&mut self.board);
        self.revision += u64::from(done.is_some());
        done
    }

    /// Redoes the newest undone step; returns the command applied.
    pub fn redo(&mut self) -> Option<Command> {
        let done = self.history.redo(&mut self.board);
        self.revision += u64::from(done.is_some());
        done
    }

    /// A number that changes with every change to what is saved; equal numbers mean an
    /// unchanged board (used to notice edits, e.g. for recovery copies).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The undo history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Reserves `n` fresh ids for nodes or edges that a command is about to add.
    /// Ids are never handed out twice, even when the command that used them is undone.
    pub fn fresh_ids(&mut self, n: usize) -> Vec<u64> {
        (0..n).map(|_| self.board.fresh_id()).collect()
    }

    /// Whether the board differs from the file on disk (or is untitled and changed).
    pub fn is_dirty(&self) -> bool {
        self.dirty_outside_history || self.history.state() != self.saved_state
    }

    /// Marks a change that is saved with the board but not undoable (e.g. session state).
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

    /// The session record, to change without an undo step (the clock's time, the current step).
    /// Marks the board as changed.
    pub fn session_mut(&mut self) -> &mut crate::board::record::Session {
        self.dirty_outside_history = true;
        self.revision += 1;
        &mut self.board.session
    }

    /// Changes parts of the board that are not its content and need no undo step (the saved
    /// view, session state). The closure must not touch nodes or edges.
    pub fn edit_meta(&mut self, f: impl FnOnce(&mut crate::board::View)) {
        f(&mut self.board.view);
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
}
