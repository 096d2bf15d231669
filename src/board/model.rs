//! [`Board`]: the saved content of one board file — its nodes, edges, saved view and session
//! record. The open, editable board (content, undo history, file state) is
//! [`crate::board::Document`].

use crate::board::ids::{IdMarks, PositionIndex};
use crate::board::items::{Edge, EdgeId, Node, NodeId, Point, View};
use crate::board::record::SessionRecord;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The file format version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 4;

/// The framework a new board follows when nothing else is said.
pub const DEFAULT_FRAMEWORK: &str = "ml-system-design";

/// A whole board, as saved in a `.ron` file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Board {
    /// File format version ([`FORMAT_VERSION`] when written by this build).
    pub version: u32,
    /// The board's title.
    #[serde(default)]
    pub title: String,
    /// Id of the framework the board follows (e.g. `"ml-system-design"`).
    #[serde(default = "default_framework")]
    pub framework: String,
    /// Id of the template the board was started from, if any.
    #[serde(default)]
    pub template: Option<String>,
    /// The boxes, back to front.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// The connections, back to front.
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// The view when the board was saved.
    #[serde(default)]
    pub view: View,
    /// The next id to hand out to a node or an edge.
    #[serde(default)]
    pub next_id: u64,
    /// The practice session: steps, time, checklists, notes (format version 2 on).
    #[serde(default)]
    pub session: SessionRecord,
    /// Position of each node in `nodes`, by id. Derived; kept up to date by every command.
    #[serde(skip)]
    index: PositionIndex,
    /// Position of each edge in `edges`, by id. Derived like `index`.
    #[serde(skip)]
    edge_index: PositionIndex,
}

fn default_framework() -> String {
    DEFAULT_FRAMEWORK.to_owned()
}

impl Default for Board {
    fn default() -> Self {
        Self::new("Untitled board")
    }
}

impl PartialEq for Board {
    /// Two boards are equal when their content is equal. The derived index and the id counter
    /// (`next_id`, which only ever grows, even across undo) are not compared.
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && self.title == other.title
            && self.framework == other.framework
            && self.template == other.template
            && self.nodes == other.nodes
            && self.edges == other.edges
            && self.view == other.view
            && self.session == other.session
    }
}

impl Board {
    /// An empty board with the given title, following the default framework.
    pub fn new(title: &str) -> Self {
        Self {
            version: FORMAT_VERSION,
            title: title.to_owned(),
            framework: default_framework(),
            template: None,
            nodes: Vec::new(),
            edges: Vec::new(),
            view: View::default(),
            next_id: 1,
            session: SessionRecord::default(),
            index: PositionIndex::default(),
            edge_index: PositionIndex::default(),
        }
    }

    /// Rebuilds the id → position indexes and moves `next_id` past every id in use. Call after
    /// changing `nodes` or `edges` directly (commands keep both up to date themselves).
    pub fn reindex(&mut self) {
        self.index.rebuild(self.nodes.iter().map(|n| n.id.0));
        self.edge_index.rebuild(self.edges.iter().map(|e| e.id.0));
        self.next_id = self.next_id.max(self.highest_id().saturating_add(1));
    }

    /// Indexes the nodes and edges appended since there were `nodes` nodes and `edges` edges,
    /// and returns their ids: the cost of an addition is the size of what was added, not of the
    /// board.
    pub(crate) fn index_appended(&mut self, nodes: usize, edges: usize) -> (Vec<NodeId>, Vec<EdgeId>) {
        let node_ids = index_tail(&self.nodes, nodes, &mut self.index, &mut self.next_id, |n| (n.id, n.id.0));
        let edge_ids =
            index_tail(&self.edges, edges, &mut self.edge_index, &mut self.next_id, |e| (e.id, e.id.0));
        (node_ids, edge_ids)
    }

    /// The nodes of `selected` that are on the board, in board order (back to front).
    pub fn in_board_order(&self, selected: &HashSet<NodeId>) -> Vec<NodeId> {
        let mut out = Vec::with_capacity(selected.len().min(self.nodes.len()));
        let selected = IdMarks::of(selected.iter().map(|id| id.0));
        out.extend(self.nodes.iter().map(|n| n.id).filter(|id| selected.contains(id.0)));
        out
    }

    /// The largest node or edge id in use (0 on an empty board).
    pub fn highest_id(&self) -> u64 {
        self.nodes.iter().map(|n| n.id.0).chain(self.edges.iter().map(|e| e.id.0)).max().unwrap_or(0)
    }

    /// Position of the node in `nodes`.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        match self.index.get(id.0) {
            Some(i) if self.nodes.get(i).is_some_and(|n| n.id == id) => Some(i),
            // An up-to-date index answers a miss at once (adding many nodes checks many misses).
            None if self.index.len() == self.nodes.len() => None,
            // The index is stale or was never built (a board made field by field in a test).
            _ => self.nodes.iter().position(|n| n.id == id),
        }
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.node_index(id).map(|i| &self.nodes[i])
    }

    /// The node with this id, to change.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.node_index(id).map(move |i| &mut self.nodes[i])
    }

    /// Position of the edge in `edges`.
    pub fn edge_index(&self, id: EdgeId) -> Option<usize> {
        match self.edge_index.get(id.0) {
            Some(i) if self.edges.get(i).is_some_and(|e| e.id == id) => Some(i),
            None if self.edge_index.len() == self.edges.len() => None,
            _ => self.edges.iter().position(|e| e.id == id),
        }
    }

    /// The edge with this id.
    pub fn edge(&self, id: EdgeId) -> Option<&Edge> {
        self.edge_index(id).map(|i| &self.edges[i])
    }

    /// The edge with this id, to change.
    pub fn edge_mut(&mut self, id: EdgeId) -> Option<&mut Edge> {
        self.edge_index(id).map(move |i| &mut self.edges[i])
    }

    /// Hands out a fresh id, never used before on this board: `next_id`, which every command and
    /// [`Board::reindex`] keep above every id in use, so this costs nothing whatever the board's
    /// size.
    pub fn fresh_id(&mut self) -> u64 {
        let mut id = self.next_id.max(1);
        if self.node(NodeId(id)).is_some() || self.edge(EdgeId(id)).is_some() {
            // Nodes or edges were pushed without a reindex: step past everything once.
            id = id.max(self.highest_id().saturating_add(1));
        }
        // Ids stay far below u64::MAX (the loader repairs larger counters), so this cannot wrap.
        self.next_id = id.saturating_add(1);
        id
    }

    /// The smallest rectangle holding every node, as (top-left, bottom-right); `None` when empty.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        let mut it = self.nodes.iter();
        let first = it.next()?;
        let mut min = first.pos;
        let mut max = Point::new(first.pos.x + first.size.w, first.pos.y + first.size.h);
        for n in it {
            min.x = min.x.min(n.pos.x);
            min.y = min.y.min(n.pos.y);
            max.x = max.x.max(n.pos.x + n.size.w);
            max.y = max.y.max(n.pos.y + n.size.h);
        }
        Some((min, max))
    }
}

/// Indexes the items of `list` from `start` on in `index`, keeps `next_id` above their ids, and
/// returns the ids (one pass for [`Board::index_appended`], for nodes and for edges alike).
fn index_tail<T, I: Copy>(
    list: &[T],
    start: usize,
    index: &mut PositionIndex,
    next_id: &mut u64,
    id_of: impl Fn(&T) -> (I, u64),
) -> Vec<I> {
    let added = list.get(start..).unwrap_or_default();
    let mut ids = Vec::with_capacity(added.len());
    index.reserve(added.last().map(|item| id_of(item).1), added.len());
    for (i, item) in added.iter().enumerate() {
        let (id, raw) = id_of(item);
        index.insert(raw, start + i);
        *next_id = (*next_id).max(raw.saturating_add(1));
        ids.push(id);
    }
    ids
}
