//! Replaying a practice session: the board as it stood at any moment, rebuilt from the session's
//! starting snapshot (`replay_base`) and its command log.
//!
//! [`Replay::new`] applies the whole log once and keeps a checkpoint (a copy of the nodes and
//! edges) every few entries, so [`Replay::board_at`] costs one copy plus at most that many
//! commands, whatever the moment: scrubbing a 45-minute session stays interactive.

use crate::board::Board;
use crate::board::command::Command;
use crate::board::record::{LogEntry, SessionRecord, Snapshot};
pub use crate::board::record::{MERGE_WINDOW_MS, compact_push};

/// Log entries between two checkpoints, at least.
const CHECKPOINT_EVERY: usize = 64;

/// At most about this many checkpoints are kept (a longer log spaces them further apart).
const MAX_CHECKPOINTS: usize = 256;

/// A session ready to be played back.
#[derive(Clone, Debug)]
pub struct Replay {
    /// The log, with times made non-decreasing (an entry never counts as earlier than the one
    /// logged before it).
    entries: Vec<LogEntry>,
    /// `checkpoints[k]`: the nodes and edges once the first `k * every` entries are applied.
    checkpoints: Vec<Snapshot>,
    /// Entries between checkpoints.
    every: usize,
    /// The length of the session in milliseconds.
    duration_ms: u64,
}

/// The nodes and edges of a board.
pub fn snapshot(board: &Board) -> Snapshot {
    Snapshot::of(&board.nodes, &board.edges)
}

/// A scratch board holding a snapshot, ready for commands.
fn scratch(s: &Snapshot) -> Board {
    let mut b = Board::new("");
    b.nodes = s.nodes.clone();
    b.edges = s.edges.clone();
    b.reindex();
    b.next_id = 0;
    b.next_id = b.fresh_id();
    b
}

/// Whether a command only changes board content that a snapshot does not hold (the session's
/// notes, ticks, budgets, problem, estimate, or the title), so a replay need not apply it.
fn off_snapshot(cmd: &Command) -> bool {
    match cmd {
        Command::SetTitle(_)
        | Command::SetTick { .. }
        | Command::SetNotes { .. }
        | Command::SetBudget { .. }
        | Command::SetProblem(_)
        | Command::SetEstimate(_) => true,
        Command::Batch(cmds) => cmds.iter().all(off_snapshot),
        _ => false,
    }
}

/// Applies an entry to the scratch board; one that cannot be applied is skipped.
fn apply(board: &mut Board, entry: &LogEntry) {
    if !off_snapshot(&entry.cmd) {
        // A failed command leaves the board untouched, which is what skipping means.
        let _ = entry.cmd.apply(board);
    }
}

impl Replay {
    /// The replay of a session; `None` when the session has no starting snapshot (the clock was
    /// never started).
    pub fn new(session: &SessionRecord) -> Option<Replay> {
        let every = CHECKPOINT_EVERY.max(session.log.len() / MAX_CHECKPOINTS + 1);
        Self::with_checkpoints_every(session, every)
    }

    /// [`Replay::new`] with a checkpoint every `every` entries (at least 1); for tests.
    pub fn with_checkpoints_every(session: &SessionRecord, every: usize) -> Option<Replay> {
        let base = session.replay_base.as_ref()?;
        let every = every.max(1);
        let mut entries = session.log.clone();
        let mut latest = 0;
        for e in &mut entries {
            latest = latest.max(e.at_ms);
            e.at_ms = latest;
        }
        let mut checkpoints = vec![base.clone()];
        let mut board = scratch(base);
        for (i, e) in entries.iter().enumerate() {
            apply(&mut board, e);
            if (i + 1) % every == 0 {
                checkpoints.push(snapshot(&board));
            }
        }
        let duration_ms = latest.max(session.total_used_ms());
        Some(Replay { entries, checkpoints, every, duration_ms })
    }

    /// The length of the session in milliseconds: the clock's total, or the last entry's time
    /// when that is later.
    pub fn duration_ms(&self) -> u64 {
        self.duration_ms
    }

    /// The log entries, with non-decreasing times.
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// How many entries have happened at `at_ms` (those at or before it).
    pub fn applied_at(&self, at_ms: u64) -> usize {
        self.entries.partition_point(|e| e.at_ms <= at_ms)
    }

    /// The nodes and edges at `at_ms`: the start with every entry at or before it applied, in
    /// order. An entry that cannot be applied is skipped.
    pub fn board_at(&self, at_ms: u64) -> Snapshot {
        let n = self.applied_at(at_ms);
        let k = (n / self.every).min(self.checkpoints.len() - 1);
        let checkpoint = &self.checkpoints[k];
        let start = k * self.every;
        if start == n {
            return checkpoint.clone();
        }
        let mut board = scratch(checkpoint);
        for e in &self.entries[start..n] {
            apply(&mut board, e);
        }
        snapshot(&board)
    }

    /// The step that was current at `at_ms`: that of the last entry at or before it; `None`
    /// before the first entry.
    pub fn step_at(&self, at_ms: u64) -> Option<usize> {
        self.applied_at(at_ms).checked_sub(1).map(|i| self.entries[i].step)
    }
}
