//! The board document: nodes, edges, the saved view and the session record.
//!
//! Plain data with serde and nothing else, so that the library, the command line and `build.rs`
//! (which validates the template boards) all share one definition.

use crate::board::record::Session;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The file format version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 4;

/// The framework a new board follows when nothing else is said.
pub const DEFAULT_FRAMEWORK: &str = "ml-system-design";

/// A point or a displacement in board (world) coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal coordinate, growing to the right.
    pub x: f32,
    /// Vertical coordinate, growing downwards.
    pub y: f32,
}

impl Point {
    /// Makes a point.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// A width and a height in board coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Size {
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Size {
    /// Makes a size.
    pub const fn new(w: f32, h: f32) -> Self {
        Self { w, h }
    }
}

/// The stable identity of a node. Never reused within a board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u64);

/// The stable identity of an edge. Never reused within a board.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EdgeId(pub u64);

/// What a node stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NodeKind {
    /// A framework stage box: the step's number, counted from 1, in the board's framework.
    Stage(u8),
    /// A system component: the id of a kind in the component catalogue (e.g. `"feature_store"`).
    Component(String),
    /// A free sticky note.
    Note,
}

/// A box on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: NodeId,
    /// What the box stands for.
    pub kind: NodeKind,
    /// The text shown in the box.
    #[serde(default)]
    pub label: String,
    /// Top-left corner in board coordinates.
    pub pos: Point,
    /// Width and height in board coordinates.
    pub size: Size,
    /// A colour of the box palette; `None` draws the kind's own colour (format version 4 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<BoxColor>,
}

/// The colours a user can give a box. Each theme maps them to a fill that keeps the label
/// readable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BoxColor {
    /// Neutral grey.
    Gray,
    /// Red.
    Red,
    /// Orange.
    Orange,
    /// Yellow.
    Yellow,
    /// Green.
    Green,
    /// Teal.
    Teal,
    /// Blue.
    Blue,
    /// Purple.
    Purple,
}

impl BoxColor {
    /// Every colour, in palette order.
    pub const ALL: [BoxColor; 8] = [
        Self::Gray,
        Self::Red,
        Self::Orange,
        Self::Yellow,
        Self::Green,
        Self::Teal,
        Self::Blue,
        Self::Purple,
    ];
}

/// How an edge runs between its boxes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Route {
    /// A straight line between the borders.
    #[default]
    Straight,
    /// Horizontal and vertical segments that go around other boxes.
    Elbow,
}

impl Route {
    /// Whether this is the default, straight routing (not written to files).
    pub fn is_straight(&self) -> bool {
        *self == Route::Straight
    }
}

impl Node {
    /// The centre of the box.
    pub fn center(&self) -> Point {
        Point::new(self.pos.x + self.size.w / 2.0, self.pos.y + self.size.h / 2.0)
    }

    /// Whether `p` lies inside the box (borders included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.pos.x
            && p.y >= self.pos.y
            && p.x <= self.pos.x + self.size.w
            && p.y <= self.pos.y + self.size.h
    }
}

/// How an edge's ends are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ArrowStyle {
    /// An arrowhead at the target.
    #[default]
    OneWay,
    /// Arrowheads at both ends.
    TwoWay,
    /// A plain line.
    None,
}

/// A connection between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Stable id.
    pub id: EdgeId,
    /// The node the edge starts at.
    pub from: NodeId,
    /// The node the edge points at.
    pub to: NodeId,
    /// Text drawn at the middle of the edge; empty for none.
    #[serde(default)]
    pub label: String,
    /// How the ends are drawn.
    #[serde(default)]
    pub style: ArrowStyle,
    /// How the edge runs between its boxes (format version 4 on).
    #[serde(default, skip_serializing_if = "Route::is_straight")]
    pub route: Route,
}

/// The part of the board shown when it was saved: the board point at the centre of the canvas and
/// the zoom factor (1.0 = 100%).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Board point shown at the centre of the canvas.
    pub center: Point,
    /// Zoom factor: screen points per board unit.
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        Self { center: Point::new(0.0, 0.0), zoom: 1.0 }
    }
}

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
    pub session: Session,
    /// Position of each node in `nodes`, by id. Derived; rebuilt after every structural change.
    #[serde(skip)]
    index: HashMap<NodeId, usize>,
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
            session: Session::default(),
            index: HashMap::new(),
        }
    }

    /// Rebuilds the id → position index. Call after changing `nodes` directly.
    pub fn reindex(&mut self) {
        self.index.clear();
        self.index.extend(self.nodes.iter().enumerate().map(|(i, n)| (n.id, i)));
    }

    /// Position of the node in `nodes`.
    pub fn node_index(&self, id: NodeId) -> Option<usize> {
        match self.index.get(&id) {
            Some(&i) if self.nodes.get(i).is_some_and(|n| n.id == id) => Some(i),
            // The index is stale or was never built (e.g. a board made field by field in a test).
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
        self.edges.iter().position(|e| e.id == id)
    }

    /// The edge with this id.
    pub fn edge(&self, id: EdgeId) -> Option<&Edge> {
        self.edges.iter().find(|e| e.id == id)
    }

    /// Hands out a fresh id, never used before on this board.
    pub fn fresh_id(&mut self) -> u64 {
        let highest =
            self.nodes.iter().map(|n| n.id.0).chain(self.edges.iter().map(|e| e.id.0)).max().unwrap_or(0);
        // Ids stay far below u64::MAX (the loader refuses larger ones), so this cannot wrap.
        let id = self.next_id.max(highest.saturating_add(1)).max(1);
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
