//! Copying a group of nodes with the edges between them, and pasting it back with new ids.

use crate::board::command::Command;
use crate::board::{Board, Edge, EdgeId, Node, NodeId, Point};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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
        let nodes: Vec<Node> = board.nodes.iter().filter(|n| selected.contains(&n.id)).cloned().collect();
        let edges = board
            .edges
            .iter()
            .filter(|e| selected.contains(&e.from) && selected.contains(&e.to))
            .cloned()
            .collect();
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

    /// A command that adds a copy of the fragment with the given fresh ids (one per node and
    /// edge, nodes first), moved by `offset`. Edges keep joining the copies of their nodes.
    /// Returns the command and the new node ids.
    pub fn paste(&self, ids: &[u64], offset: Point) -> Option<(Command, Vec<NodeId>)> {
        if ids.len() < self.nodes.len() + self.edges.len() {
            return None;
        }
        let mut map = HashMap::new();
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (n, &id) in self.nodes.iter().zip(ids) {
            map.insert(n.id, NodeId(id));
            let mut copy = n.clone();
            copy.id = NodeId(id);
            copy.pos = Point::new(n.pos.x + offset.x, n.pos.y + offset.y);
            nodes.push(copy);
        }
        let edges = self
            .edges
            .iter()
            .zip(&ids[self.nodes.len()..])
            .filter_map(|(e, &id)| {
                Some(Edge { id: EdgeId(id), from: *map.get(&e.from)?, to: *map.get(&e.to)?, ..e.clone() })
            })
            .collect();
        let new_ids = nodes.iter().map(|n| n.id).collect();
        Some((Command::Add { nodes, edges }, new_ids))
    }
}
