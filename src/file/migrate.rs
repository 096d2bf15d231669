//! Format migrations: one reader per version ever written, each converted to the next. A
//! version's struct is frozen once released; the fixtures in `tests/fixtures/vN/` keep them
//! honest. Reached as [`crate::file::format::migrate`] too.

use crate::board::{Board, Edge, FORMAT_VERSION, Node, View};
use crate::file::read::ron_problem;
use crate::file::read::{MAX_NESTING, ron_options};
use serde::Deserialize;

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
                .map_err(|e| format!("is not a valid version-1 board: {}", ron_problem(&e, MAX_NESTING)))?;
            Ok((Board::from(v1), Some(1)))
        }
        // Versions 3 and 4 only added fields that default to empty (3: the replay log, the
        // review, interviewer follow-ups; 4: box colours, arrow routing, signal ratings, the
        // estimator, answer peeks, why a follow-up was asked), so a version-2 or -3 file
        // reads as a version-4 board as it is. A version needs a frozen struct of its own
        // once a later one renames, removes or changes the meaning of a field.
        2..=4 => {
            // Nearly the whole file is its boxes and arrows; as mlsd-board writes them they are
            // read without the general parser (the same board, see `fast_read`).
            if let Some((v, board)) = crate::file::fast_read::read(text)
                && v == version
            {
                return Ok((board, (version < FORMAT_VERSION).then_some(version)));
            }
            let board: Board = ron_options()
                .from_str(text)
                .map_err(|e| format!("is not a valid board: {}", ron_problem(&e, MAX_NESTING)))?;
            Ok((board, (version < FORMAT_VERSION).then_some(version)))
        }
        v => Err(format!("has format version {v}, which no mlsd-board ever wrote")),
    }
}
