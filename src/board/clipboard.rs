//! Copying a group of nodes with the edges between them, and pasting it back with new ids.

use crate::board::command::Command;
use crate::board::ids::IdMarks;
use crate::board::items::{Edge, Node, NodeId, Point};
use crate::board::model::Board;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Marks clipboard text as an mlsd-board fragment.
const MAGIC: &str = "mlsd-board-fragment";

/// Nodes and the edges among them, as copied.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    /// Always `mlsd-board-fragment`; tells a fragment from other text on the clipboard.
    pub magic: String,
    /// The copied nodes.
    pub nodes: Vec<Node>,
    /// The edges whose both ends were copied.
    pub edges: Vec<Edge>,
}

impl Fragment {
    /// The selected nodes and the edges between two selected nodes, in board order.
    pub fn copy(board: &Board, selected: &HashSet<NodeId>) -> Self {
        // Three lookups per item of the board: in bits, not in the selection's hash table.
        let count = selected.len().min(board.nodes.len());
        let selected = IdMarks::of(selected.iter().map(|id| id.0));
        let mut nodes = Vec::with_capacity(count);
        nodes.extend(board.nodes.iter().filter(|n| selected.contains(n.id.0)).cloned());
        let inside = |e: &&Edge| selected.contains(e.from.0) && selected.contains(e.to.0);
        let mut edges = Vec::with_capacity(board.edges.iter().filter(inside).count());
        edges.extend(board.edges.iter().filter(inside).cloned());
        Self { magic: MAGIC.to_owned(), nodes, edges }
    }

    /// Whether nothing was copied.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The fragment as clipboard text.
    pub fn to_text(&self) -> String {
        ron::to_string(self).unwrap_or_default()
    }

    /// Reads clipboard text; `None` when it is not a fragment.
    pub fn from_text(text: &str) -> Option<Self> {
        if !text.contains(MAGIC) || text.len() > 8 * 1024 * 1024 {
            return None;
        }
        let f: Self = ron::from_str(text).ok()?;
        (f.magic == MAGIC).then_some(f)
    }

    /// The top-left corner of the copied nodes.
    pub fn origin(&self) -> Option<Point> {
        let x = self.nodes.iter().map(|n| n.pos.x).reduce(f32::min)?;
        let y = self.nodes.iter().map(|n| n.pos.y).reduce(f32::min)?;
        Some(Point::new(x, y))
    }

    /// A command that adds a copy of the fragment moved by `offset`: a [`Command::Insert`]
    /// whose ids are the copied ones, which the document replaces with fresh ids as it applies
    /// it, so the edges keep joining the copies of their nodes. The fragment stays, to be pasted
    /// again; [`Fragment::into_paste`] makes the same command without a copy.
    pub fn paste(&self, offset: Point) -> Command {
        self.clone().into_paste(offset)
    }

    /// [`Fragment::paste`] of a fragment that is not needed afterwards: its nodes and edges go
    /// into the command as they are.
    pub fn into_paste(self, offset: Point) -> Command {
        let mut nodes = self.nodes;
        for n in &mut nodes {
            n.pos = Point::new(n.pos.x + offset.x, n.pos.y + offset.y);
        }
        Command::Insert { nodes, edges: self.edges }
    }
}
