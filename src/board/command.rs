//! The one command type: every change to a board's content that a user would undo is a
//! [`Command`]. This module holds the type itself (plain data, logged in the session's replay
//! log) and the rules about commands that need no board: emptiness and which consecutive edits
//! merge into one undo step. Applying a command to a board is in [`crate::board::apply`].
//!
//! Applying a command returns its inverse, so undo is "apply the inverse" and redo is "apply the
//! command again". A command is checked in full before anything changes: it either applies
//! completely or leaves the board untouched.

use crate::board::estimate::EstimateInputs;
use crate::board::items::{ArrowStyle, BoxColor, Edge, EdgeId, Node, NodeId, NodeKind, Point, Route, Size};
use crate::board::limits;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A change to a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Adds new nodes and edges on top of the board (a new box, a new arrow, a paste, a
    /// duplicate) with ids local to the command: any distinct numbers. The document gives them
    /// fresh ids as it applies the command and records the [`Command::Add`] it made, so undo,
    /// redo and the replay log see real ids. An edge end that names one of the command's own
    /// nodes joins that node; any other end names a node already on the board.
    Insert {
        /// Nodes to add, with local ids.
        nodes: Vec<Node>,
        /// Edges to add, with local ids.
        edges: Vec<Edge>,
    },
    /// Adds nodes and edges with the ids they carry, which must be new: the concrete form of
    /// [`Command::Insert`] and the inverse of a delete's undo. Edges may join added nodes and
    /// existing ones.
    Add {
        /// Nodes to add.
        nodes: Vec<Node>,
        /// Edges to add.
        edges: Vec<Edge>,
    },
    /// Deletes nodes (with every edge touching them) and edges.
    Delete {
        /// Nodes to delete.
        nodes: Vec<NodeId>,
        /// Edges to delete.
        edges: Vec<EdgeId>,
    },
    /// Puts deleted nodes and edges back at their old places in the stacking order: the inverse
    /// of [`Command::Delete`]. Each index is the item's place after the restore, ascending.
    Restore {
        /// (index in `nodes`, node), by ascending index.
        nodes: Vec<(usize, Node)>,
        /// (index in `edges`, edge), by ascending index.
        edges: Vec<(usize, Edge)>,
    },
    /// Moves nodes by the same displacement.
    Move {
        /// Nodes to move.
        ids: Vec<NodeId>,
        /// Displacement in board units.
        delta: Point,
    },
    /// Sets the position and size of nodes: a resize, and the exact inverse of a move.
    SetRects {
        /// (node, new top-left, new size).
        rects: Vec<(NodeId, Point, Size)>,
    },
    /// Changes a node's label.
    RelabelNode {
        /// The node.
        id: NodeId,
        /// The new label.
        label: String,
    },
    /// Changes an edge's label.
    RelabelEdge {
        /// The edge.
        id: EdgeId,
        /// The new label.
        label: String,
    },
    /// Changes how an edge's ends are drawn.
    SetEdgeStyle {
        /// The edge.
        id: EdgeId,
        /// The new style.
        style: ArrowStyle,
    },
    /// Moves an edge's ends to other nodes (dragging an arrow's end onto another box).
    Retarget {
        /// The edge.
        id: EdgeId,
        /// The node it starts at afterwards.
        from: NodeId,
        /// The node it points at afterwards.
        to: NodeId,
    },
    /// Changes how an edge runs between its boxes: straight or elbow.
    SetRoute {
        /// The edge.
        id: EdgeId,
        /// The new routing.
        route: Route,
    },
    /// Gives a node a colour of the box palette, or (`None`) its kind's own look back.
    SetColor {
        /// The node.
        id: NodeId,
        /// The new colour.
        color: Option<BoxColor>,
    },
    /// Changes what a node stands for (a component of another kind, a note, a stage).
    SetKind {
        /// The node.
        id: NodeId,
        /// The new kind.
        kind: NodeKind,
    },
    /// Moves nodes to other places in the stacking order (bring to front, send to back): each
    /// named node ends at its index in the node list, the others keep their order around them.
    /// Indices are the places afterwards, ascending, like [`Command::Restore`]'s; the inverse is
    /// the same command with the old places.
    Reorder {
        /// (index in `nodes` afterwards, node), by ascending index.
        nodes: Vec<(usize, NodeId)>,
    },
    /// Renames the board.
    SetTitle(String),
    /// Ticks or unticks a checklist item of a framework step.
    SetTick {
        /// The step's id.
        step: String,
        /// The checklist item's text.
        item: String,
        /// Ticked or not.
        done: bool,
    },
    /// Replaces a step's notes.
    SetNotes {
        /// The step's id.
        step: String,
        /// The new notes.
        notes: String,
    },
    /// Sets a step's time budget; `None` goes back to the framework's.
    SetBudget {
        /// The step's id.
        step: String,
        /// Minutes.
        minutes: Option<u32>,
    },
    /// Replaces the problem statement shown in the side panel.
    SetProblem(String),
    /// Replaces the back-of-envelope estimator's inputs kept with the session (`None` forgets
    /// them). Every input must be a finite number from 0 to
    /// [`MAX_ESTIMATE`](crate::board::limits::MAX_ESTIMATE).
    SetEstimate(Option<EstimateInputs>),
    /// Several commands as one undo step, applied in order.
    Batch(Vec<Command>),
}

/// The ids a command added, in the order of its nodes and edges (see
/// [`Command::resolve`](crate::board::Command::resolve)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// New nodes.
    pub nodes: Vec<NodeId>,
    /// New edges.
    pub edges: Vec<EdgeId>,
}

/// Why a command could not be applied. The board is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
    /// An estimator input is not a finite number from 0 to the limit.
    BadEstimate,
    /// A node the command names is not on the board.
    NoSuchNode(NodeId),
    /// An edge the command names is not on the board.
    NoSuchEdge(EdgeId),
    /// An id the command would add is already used.
    IdInUse(u64),
    /// A position or size is not a finite number, or a size is not positive.
    BadGeometry(NodeId),
    /// An edge would join a node to itself.
    SelfLoop(EdgeId),
    /// A restore index lies beyond the end of the list.
    BadIndex(usize),
    /// A label is longer than a board file may hold.
    LabelTooLong,
    /// A node would be stage 0 (stages count from 1).
    BadStage(NodeId),
    /// An id is beyond the range ids are kept in.
    IdTooLarge(u64),
    /// A node is named twice where each may appear once.
    Repeated(NodeId),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchNode(id) => write!(f, "there is no node {}", id.0),
            Self::NoSuchEdge(id) => write!(f, "there is no edge {}", id.0),
            Self::IdInUse(id) => write!(f, "id {id} is already in use"),
            Self::BadGeometry(id) => write!(f, "node {} would get an impossible position or size", id.0),
            Self::SelfLoop(id) => write!(f, "edge {} would join a node to itself", id.0),
            Self::BadIndex(i) => write!(f, "index {i} is out of range"),
            Self::LabelTooLong => {
                write!(f, "the label is longer than {} characters", limits::MAX_LABEL_CHARS)
            }
            Self::BadStage(id) => write!(f, "node {} would be stage 0; stages count from 1", id.0),
            Self::IdTooLarge(id) => write!(f, "id {id} is too large"),
            Self::BadEstimate => write!(f, "an estimator input is not a sensible number"),
            Self::Repeated(id) => write!(f, "node {} is named twice", id.0),
        }
    }
}

impl std::error::Error for CommandError {}

impl Command {
    /// Whether the command changes nothing (an empty move, an empty batch, …).
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Add { nodes, edges } | Self::Insert { nodes, edges } => {
                nodes.is_empty() && edges.is_empty()
            }
            Self::Delete { nodes, edges } => nodes.is_empty() && edges.is_empty(),
            Self::Restore { nodes, edges } => nodes.is_empty() && edges.is_empty(),
            Self::Move { ids, delta } => ids.is_empty() || (delta.x == 0.0 && delta.y == 0.0),
            Self::SetRects { rects } => rects.is_empty(),
            Self::Reorder { nodes } => nodes.is_empty(),
            Self::Batch(cmds) => cmds.iter().all(Command::is_empty),
            Self::RelabelNode { .. }
            | Self::RelabelEdge { .. }
            | Self::SetEdgeStyle { .. }
            | Self::Retarget { .. }
            | Self::SetRoute { .. }
            | Self::SetColor { .. }
            | Self::SetKind { .. }
            | Self::SetTitle(_)
            | Self::SetTick { .. }
            | Self::SetNotes { .. }
            | Self::SetBudget { .. }
            | Self::SetProblem(_)
            | Self::SetEstimate(_) => false,
        }
    }

    /// Whether this command continues `prev` as one undo step and one replay-log entry: typing
    /// in the same step's notes, dragging the same step's budget, editing the problem statement
    /// or the estimator's inputs.
    /// The merged step keeps `prev`'s inverse (the value before the first edit) and this
    /// command as its forward.
    pub fn continues(&self, prev: &Command) -> bool {
        self.text_key().is_some() && self.text_key() == prev.text_key()
    }

    /// Whether this is a text edit, which the next edit of the same text may continue
    /// ([`Command::continues`]).
    pub fn is_text_edit(&self) -> bool {
        self.text_key().is_some()
    }

    /// What a text edit edits, for [`Command::continues`]; `None` for other commands.
    fn text_key(&self) -> Option<(u8, &str)> {
        match self {
            Self::SetNotes { step, .. } => Some((0, step)),
            Self::SetBudget { step, .. } => Some((1, step)),
            Self::SetProblem(_) => Some((2, "")),
            Self::SetEstimate(_) => Some((3, "")),
            _ => None,
        }
    }
}
