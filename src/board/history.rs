//! Undo and redo over [`Command`]s.

use crate::board::command::{Command, CommandError};
use crate::board::model::Board;
use std::collections::VecDeque;

/// How many steps undo can go back by default.
pub const DEFAULT_LIMIT: usize = 500;

/// A step that is done: what undoes it.
#[derive(Clone, Debug)]
struct Done {
    /// The inverse computed when the step was applied.
    undo: Command,
    /// The command that made the step when it is a text edit, kept so that the next keystroke
    /// can merge into it. Other commands are not kept: an add's items moved into the board, and
    /// undo gets them back from there.
    made_by: Option<Command>,
    /// Identifies the board state this step leads to (see [`History::state`]).
    state: u64,
}

/// A step that was undone: what redoes it.
#[derive(Clone, Debug)]
struct Undone {
    /// The inverse of what undo applied: what makes the step again.
    redo: Command,
    /// The state the step leads to.
    state: u64,
}

/// The undo and redo stacks of one board.
#[derive(Clone, Debug)]
pub struct History {
    done: VecDeque<Done>,
    undone: Vec<Undone>,
    limit: usize,
    /// The last state id handed out.
    last_state: u64,
    /// The state reached by undoing every step still held: 0 at first, then the state of the
    /// newest step dropped by the limit.
    base_state: u64,
}

impl Default for History {
    fn default() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }
}

impl History {
    /// An empty history that keeps at most `limit` undo steps (at least 1).
    pub fn with_limit(limit: usize) -> Self {
        Self { done: VecDeque::new(), undone: Vec::new(), limit: limit.max(1), last_state: 0, base_state: 0 }
    }

    /// Applies `cmd` to `board` as a new undo step, and forgets the redo stack.
    /// A command that changes nothing is not recorded.
    pub fn apply(&mut self, board: &mut Board, cmd: Command) -> Result<(), CommandError> {
        if cmd.is_empty() {
            return Ok(());
        }
        let text_edit = cmd.is_text_edit().then(|| cmd.clone());
        let undo = cmd.apply_owned(board)?;
        self.record(undo, text_edit);
        Ok(())
    }

    /// [`History::apply`] of a command the caller keeps (the document logs it): what it adds
    /// is cloned straight into the board's lists.
    pub fn apply_ref(&mut self, board: &mut Board, cmd: &Command) -> Result<(), CommandError> {
        if cmd.is_empty() {
            return Ok(());
        }
        let undo = cmd.apply(board)?;
        self.record(undo, cmd.is_text_edit().then(|| cmd.clone()));
        Ok(())
    }

    /// Records an applied change, whose inverse is `undo`, as a new undo step (or as part of the
    /// newest one, for a text edit that continues it), and forgets the redo stack.
    fn record(&mut self, undo: Command, text_edit: Option<Command>) {
        self.undone.clear();
        // Typing notes or dragging a budget: consecutive edits of one step make one undo step,
        // whose inverse goes back to the value before the first edit.
        if let Some(edit) = &text_edit
            && let Some(top) = self.done.back_mut()
            && top.made_by.as_ref().is_some_and(|prev| edit.continues(prev))
        {
            top.made_by = text_edit;
            self.last_state += 1;
            top.state = self.last_state;
            return;
        }
        self.last_state += 1;
        self.done.push_back(Done { undo, made_by: text_edit, state: self.last_state });
        while self.done.len() > self.limit {
            if let Some(dropped) = self.done.pop_front() {
                self.base_state = dropped.state;
            }
        }
    }

    /// The command [`History::undo`] would apply next.
    pub fn next_undo(&self) -> Option<&Command> {
        self.done.back().map(|s| &s.undo)
    }

    /// The command [`History::redo`] would apply next.
    pub fn next_redo(&self) -> Option<&Command> {
        self.undone.last().map(|s| &s.redo)
    }

    /// Undoes the newest step. Returns the command that redoes it, or `None` when there is
    /// nothing to undo. The step's items move between the board and the history; nothing is
    /// copied.
    pub fn undo(&mut self, board: &mut Board) -> Option<&Command> {
        let step = self.done.pop_back()?;
        let Ok(redo) = step.undo.apply_owned(board) else {
            // The board no longer matches the history (it cannot happen when every change
            // goes through here); drop the stale history rather than corrupt the board.
            self.clear();
            return None;
        };
        self.undone.push(Undone { redo, state: step.state });
        self.undone.last().map(|s| &s.redo)
    }

    /// Redoes the newest undone step. Returns the command that undoes it again, or `None`.
    pub fn redo(&mut self, board: &mut Board) -> Option<&Command> {
        let step = self.undone.pop()?;
        // A text edit is kept so that typing on merges into it, as after the edit itself.
        let made_by = step.redo.is_text_edit().then(|| step.redo.clone());
        let Ok(undo) = step.redo.apply_owned(board) else {
            self.clear();
            return None;
        };
        self.done.push_back(Done { undo, made_by, state: step.state });
        self.done.back().map(|s| &s.undo)
    }

    /// An id of the board's current state: it changes with every apply, undo and redo, and comes
    /// back when undo or redo returns to an earlier state. Used to tell whether the board differs
    /// from what was saved.
    pub fn state(&self) -> u64 {
        self.done.back().map_or(self.base_state, |s| s.state)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.done.len()
    }

    /// Forgets every step.
    pub fn clear(&mut self) {
        self.done.clear();
        self.undone.clear();
        // The board is in a state no undo can reach: give it a state id of its own.
        self.last_state += 1;
        self.base_state = self.last_state;
    }
}
