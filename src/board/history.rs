//! Undo and redo over [`Command`]s.

use crate::board::command::{Command, CommandError};
use crate::board::model::Board;
use std::collections::VecDeque;

/// How many steps undo can go back by default.
pub const DEFAULT_LIMIT: usize = 500;

/// One undoable step: the command as given and the inverse computed when it was applied.
#[derive(Clone, Debug)]
struct Step {
    forward: Command,
    inverse: Command,
    /// Identifies the board state this step leads to (see [`History::state`]).
    state: u64,
}

/// The undo and redo stacks of one board.
#[derive(Clone, Debug)]
pub struct History {
    done: VecDeque<Step>,
    undone: Vec<Step>,
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
        let inverse = cmd.apply(board)?;
        self.undone.clear();
        // Typing notes or dragging a budget: consecutive edits of one step make one undo step,
        // whose inverse goes back to the value before the first edit.
        if let Some(top) = self.done.back_mut()
            && cmd.continues(&top.forward)
        {
            top.forward = cmd;
            self.last_state += 1;
            top.state = self.last_state;
            return Ok(());
        }
        self.last_state += 1;
        self.done.push_back(Step { forward: cmd, inverse, state: self.last_state });
        while self.done.len() > self.limit {
            if let Some(dropped) = self.done.pop_front() {
                self.base_state = dropped.state;
            }
        }
        Ok(())
    }

    /// Undoes the newest step. Returns the command that was applied to do it, or `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, board: &mut Board) -> Option<Command> {
        let step = self.done.pop_back()?;
        match step.inverse.apply(board) {
            Ok(_) => {
                let applied = step.inverse.clone();
                self.undone.push(step);
                Some(applied)
            }
            Err(_) => {
                // The board no longer matches the history (it cannot happen when every change
                // goes through here); drop the stale history rather than corrupt the board.
                self.clear();
                None
            }
        }
    }

    /// Redoes the newest undone step. Returns the command applied, or `None`.
    pub fn redo(&mut self, board: &mut Board) -> Option<Command> {
        let step = self.undone.pop()?;
        match step.forward.apply(board) {
            Ok(inverse) => {
                let applied = step.forward.clone();
                self.done.push_back(Step { forward: step.forward, inverse, state: step.state });
                Some(applied)
            }
            Err(_) => {
                self.clear();
                None
            }
        }
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
