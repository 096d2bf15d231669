//! The pieces of a board: points and sizes, node and edge ids, boxes (nodes) and arrows (edges),
//! and the saved view. Plain serde data; every other part of the board layer builds on these.

use serde::{Deserialize, Serialize};

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

    /// The colour's name, as menus show it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Gray => "Grey",
            Self::Red => "Red",
            Self::Orange => "Orange",
            Self::Yellow => "Yellow",
            Self::Green => "Green",
            Self::Teal => "Teal",
            Self::Blue => "Blue",
            Self::Purple => "Purple",
        }
    }
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
    /// The other routing: straight ↔ elbow.
    pub fn toggled(self) -> Self {
        match self {
            Route::Straight => Route::Elbow,
            Route::Elbow => Route::Straight,
        }
    }

    /// Whether this is the default, straight routing (not written to files).
    pub fn is_straight(&self) -> bool {
        *self == Route::Straight
    }
}

impl Node {
    /// A box with the kind's default look (no colour of its own).
    pub fn new(id: NodeId, kind: NodeKind, label: impl Into<String>, pos: Point, size: Size) -> Self {
        Self { id, kind, label: label.into(), pos, size, color: None }
    }

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

impl Edge {
    /// A one-way, straight, unlabelled arrow from `from` to `to`.
    pub fn new(id: EdgeId, from: NodeId, to: NodeId) -> Self {
        Self { id, from, to, label: String::new(), style: ArrowStyle::OneWay, route: Route::Straight }
    }
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
