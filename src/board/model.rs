//! [`Board`]: the saved content of one board file — its nodes, edges, saved view and session
//! record. The open, editable board (content, undo history, file state) is
//! [`crate::board::Document`].

use crate::board::items::{Edge, EdgeId, Node, NodeId, Point, View};
use crate::board::record::SessionRecord;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// Hashes node and edge ids for the board's indexes and the commands' id sets: one multiply of
/// the id with a key drawn at random once per run (as foldhash does), instead of SipHash's
/// rounds. The random key keeps ids in a crafted file from piling into one bucket.
#[derive(Clone, Copy, Debug)]
pub struct IdHash(u64);

impl Default for IdHash {
    fn default() -> Self {
        static KEY: OnceLock<u64> = OnceLock::new();
        Self(
            *KEY.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(0x9e37_79b9_u64) | 1),
        )
    }
}

impl BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher { key: self.0, hash: 0 }
    }
}

/// The hasher of [`IdHash`]: meant for one `u64` (an id); other input is folded in word by word.
#[derive(Clone, Copy, Debug)]
pub struct IdHasher {
    key: u64,
    hash: u64,
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, v: u64) {
        // The folded multiply: both halves of the 128-bit product, so every bit of the id
        // reaches the bits the table uses.
        let p = u128::from(self.hash ^ v ^ self.key)
            .wrapping_mul(u128::from(0x5851_f42d_4c95_7f2d_u64 ^ self.key));
        self.hash = (p as u64) ^ ((p >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A map keyed by node or edge ids, hashed with [`IdHash`].
pub type IdMap<K, V> = HashMap<K, V, IdHash>;
/// A set of node or edge ids, hashed with [`IdHash`].
pub type IdSet<K> = HashSet<K, IdHash>;

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
    index: IdMap<NodeId, usize>,
    /// Position of each edge in `edges`, by id. Derived like `index`.
    #[serde(skip)]
    edge_index: IdMap<EdgeId, usize>,
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
            index: IdMap::default(),
            edge_index: IdMap::default(),
        }
    }

    /// Rebuilds the id → position indexes and moves `next_id` past every id in use. Call after
    /// changing `nodes` or `edges` directly (commands keep both up to date themselves).
    pub fn reindex(&mut self) {
        self.index.clear();
        self.index.extend(self.nodes.iter().enumerate().map(|(i, n)| (n.id, i)));
        self.edge_index.clear();
        self.edge_index.extend(self.edges.iter().enumerate().map(|(i, e)| (e.id, i)));
        self.next_id = self.next_id.max(self.highest_id().saturating_add(1));
    }

    /// Indexes the nodes and edges appended since there were `nodes` nodes and `edges` edges:
    /// the cost of an addition is the size of what was added, not of the board.
    pub(crate) fn index_appended(&mut self, nodes: usize, edges: usize) {
        for (i, n) in self.nodes.iter().enumerate().skip(nodes) {
            self.index.insert(n.id, i);
            self.next_id = self.next_id.max(n.id.0.saturating_add(1));
        }
        for (i, e) in self.edges.iter().enumerate().skip(edges) {
            self.edge_index.insert(e.id, i);
            self.next_id = self.next_id.max(e.id.0.saturating_add(1));
        }
    }

    /// The largest node or edge id in use (0 on an empty board).
    pub fn highest_id(&self) -> u64 {
        self.nodes.iter().map(|n| n.id.0).chain(self.edges.iter().map(|e| e.id.0)).max().unwrap_or(0)
    }

    /// Position of the node in `nodes`.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        match self.index.get(&id) {
            Some(&i) if self.nodes.get(i).is_some_and(|n| n.id == id) => Some(i),
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
        match self.edge_index.get(&id) {
            Some(&i) if self.edges.get(i).is_some_and(|e| e.id == id) => Some(i),
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
