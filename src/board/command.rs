//! The one command type: every change to a board's content is a [`Command`].
//!
//! Applying a command returns its inverse, so undo is "apply the inverse" and redo is "apply the
//! command again". A command is checked in full before anything changes: it either applies
//! completely or leaves the board untouched.

use crate::board::{ArrowStyle, Board, Edge, EdgeId, Node, NodeId, Point, Size};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// A change to a board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Adds nodes and edges on top of the board: a new node, a new edge, a paste or a duplicate.
    /// Their ids must be new; edges may join added nodes and existing ones.
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
    /// Several commands as one undo step, applied in order.
    Batch(Vec<Command>),
}

/// Why a command could not be applied. The board is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandError {
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
                write!(f, "the label is longer than {} characters", crate::board::validate::MAX_LABEL_CHARS)
            }
            Self::BadStage(id) => write!(f, "node {} would be stage 0; stages count from 1", id.0),
            Self::IdTooLarge(id) => write!(f, "id {id} is too large"),
        }
    }
}

impl std::error::Error for CommandError {}

fn finite(p: Point) -> bool {
    p.x.is_finite() && p.y.is_finite()
}

/// The same limits the loader enforces, so that the app never saves a board it would refuse to
/// open.
fn good_rect(id: NodeId, pos: Point, size: Size) -> Result<(), CommandError> {
    use crate::board::validate::{MAX_COORD, MAX_SIDE};
    let side_ok = |s: f32| s.is_finite() && s > 0.0 && s <= MAX_SIDE;
    if finite(pos)
        && pos.x.abs() <= MAX_COORD
        && pos.y.abs() <= MAX_COORD
        && side_ok(size.w)
        && side_ok(size.h)
    {
        Ok(())
    } else {
        Err(CommandError::BadGeometry(id))
    }
}

fn good_label(label: &str) -> Result<(), CommandError> {
    if label.chars().count() > crate::board::validate::MAX_LABEL_CHARS {
        Err(CommandError::LabelTooLong)
    } else {
        Ok(())
    }
}

fn good_node(n: &Node) -> Result<(), CommandError> {
    good_rect(n.id, n.pos, n.size)?;
    good_label(&n.label)?;
    if n.id.0 > crate::board::validate::MAX_ID {
        return Err(CommandError::IdTooLarge(n.id.0));
    }
    if n.kind == crate::board::NodeKind::Stage(0) {
        return Err(CommandError::BadStage(n.id));
    }
    Ok(())
}

impl Command {
    /// Whether the command changes nothing (an empty move, an empty batch, …).
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Add { nodes, edges } => nodes.is_empty() && edges.is_empty(),
            Self::Delete { nodes, edges } => nodes.is_empty() && edges.is_empty(),
            Self::Restore { nodes, edges } => nodes.is_empty() && edges.is_empty(),
            Self::Move { ids, delta } => ids.is_empty() || (delta.x == 0.0 && delta.y == 0.0),
            Self::SetRects { rects } => rects.is_empty(),
            Self::Batch(cmds) => cmds.iter().all(Command::is_empty),
            Self::RelabelNode { .. }
            | Self::RelabelEdge { .. }
            | Self::SetEdgeStyle { .. }
            | Self::SetTitle(_)
            | Self::SetTick { .. }
            | Self::SetNotes { .. }
            | Self::SetBudget { .. }
            | Self::SetProblem(_) => false,
        }
    }

    /// Applies the command and returns its inverse. On error the board is unchanged.
    pub fn apply(&self, board: &mut Board) -> Result<Command, CommandError> {
        match self {
            Self::Add { nodes, edges } => add(board, nodes, edges),
            Self::Delete { nodes, edges } => delete(board, nodes, edges),
            Self::Restore { nodes, edges } => restore(board, nodes, edges),
            Self::Move { ids, delta } => {
                let mut rects = Vec::with_capacity(ids.len());
                let mut seen = HashSet::with_capacity(ids.len());
                // A node named twice moves once.
                let ids: Vec<NodeId> = ids.iter().copied().filter(|id| seen.insert(*id)).collect();
                for &id in &ids {
                    let n = board.node(id).ok_or(CommandError::NoSuchNode(id))?;
                    let to = Point::new(n.pos.x + delta.x, n.pos.y + delta.y);
                    good_rect(id, to, n.size)?;
                    rects.push((id, n.pos, n.size));
                }
                for &id in &ids {
                    if let Some(n) = board.node_mut(id) {
                        n.pos = Point::new(n.pos.x + delta.x, n.pos.y + delta.y);
                    }
                }
                Ok(Self::SetRects { rects })
            }
            Self::SetRects { rects } => {
                let mut old = Vec::with_capacity(rects.len());
                for &(id, pos, size) in rects {
                    let n = board.node(id).ok_or(CommandError::NoSuchNode(id))?;
                    good_rect(id, pos, size)?;
                    old.push((id, n.pos, n.size));
                }
                for &(id, pos, size) in rects {
                    if let Some(n) = board.node_mut(id) {
                        n.pos = pos;
                        n.size = size;
                    }
                }
                // Undoing several changes to one node must end at the first old value.
                old.reverse();
                Ok(Self::SetRects { rects: old })
            }
            Self::RelabelNode { id, label } => {
                good_label(label)?;
                let n = board.node_mut(*id).ok_or(CommandError::NoSuchNode(*id))?;
                let old = std::mem::replace(&mut n.label, label.clone());
                Ok(Self::RelabelNode { id: *id, label: old })
            }
            Self::RelabelEdge { id, label } => {
                good_label(label)?;
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                let old = std::mem::replace(&mut board.edges[i].label, label.clone());
                Ok(Self::RelabelEdge { id: *id, label: old })
            }
            Self::SetEdgeStyle { id, style } => {
                let i = board.edge_index(*id).ok_or(CommandError::NoSuchEdge(*id))?;
                let old = std::mem::replace(&mut board.edges[i].style, *style);
                Ok(Self::SetEdgeStyle { id: *id, style: old })
            }
            Self::SetTitle(title) => {
                let old = std::mem::replace(&mut board.title, title.clone());
                Ok(Self::SetTitle(old))
            }
            Self::SetTick { step, item, done } => {
                let rec = board.session.step_mut(step);
                let was = rec.ticked.iter().any(|t| t == item);
                if *done && !was {
                    rec.ticked.push(item.clone());
                } else if !*done {
                    rec.ticked.retain(|t| t != item);
                }
                board.session.normalize();
                Ok(Self::SetTick { step: step.clone(), item: item.clone(), done: was })
            }
            Self::SetNotes { step, notes } => {
                let old = std::mem::replace(&mut board.session.step_mut(step).notes, notes.clone());
                board.session.normalize();
                Ok(Self::SetNotes { step: step.clone(), notes: old })
            }
            Self::SetBudget { step, minutes } => {
                let old = std::mem::replace(&mut board.session.step_mut(step).budget_min, *minutes);
                board.session.normalize();
                Ok(Self::SetBudget { step: step.clone(), minutes: old })
            }
            Self::SetProblem(text) => {
                let old = std::mem::replace(&mut board.session.problem, text.clone());
                Ok(Self::SetProblem(old))
            }
            Self::Batch(cmds) => {
                let mut inverses = Vec::with_capacity(cmds.len());
                for cmd in cmds {
                    match cmd.apply(board) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            // Roll back what this batch already did, newest first.
                            for inv in inverses.iter().rev() {
                                let _ = inv.apply(board);
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Self::Batch(inverses))
            }
        }
    }
}

fn add(board: &mut Board, nodes: &[Node], edges: &[Edge]) -> Result<Command, CommandError> {
    let mut new_nodes = HashSet::new();
    for n in nodes {
        if board.node(n.id).is_some() || !new_nodes.insert(n.id) {
            return Err(CommandError::IdInUse(n.id.0));
        }
        good_node(n)?;
    }
    let mut new_edges = HashSet::new();
    for e in edges {
        if board.edge(e.id).is_some() || !new_edges.insert(e.id) {
            return Err(CommandError::IdInUse(e.id.0));
        }
        if e.id.0 > crate::board::validate::MAX_ID {
            return Err(CommandError::IdTooLarge(e.id.0));
        }
        good_label(&e.label)?;
        if e.from == e.to {
            return Err(CommandError::SelfLoop(e.id));
        }
        for end in [e.from, e.to] {
            if !new_nodes.contains(&end) && board.node(end).is_none() {
                return Err(CommandError::NoSuchNode(end));
            }
        }
    }
    board.nodes.extend(nodes.iter().cloned());
    board.edges.extend(edges.iter().cloned());
    board.reindex();
    let top = nodes.iter().map(|n| n.id.0).chain(edges.iter().map(|e| e.id.0)).max();
    if let Some(top) = top {
        board.next_id = board.next_id.max(top.saturating_add(1));
    }
    Ok(Command::Delete {
        nodes: nodes.iter().map(|n| n.id).collect(),
        edges: edges.iter().map(|e| e.id).collect(),
    })
}

fn delete(board: &mut Board, nodes: &[NodeId], edges: &[EdgeId]) -> Result<Command, CommandError> {
    for &id in nodes {
        board.node(id).ok_or(CommandError::NoSuchNode(id))?;
    }
    for &id in edges {
        board.edge(id).ok_or(CommandError::NoSuchEdge(id))?;
    }
    let node_set: HashSet<NodeId> = nodes.iter().copied().collect();
    let edge_set: HashSet<EdgeId> = edges.iter().copied().collect();
    let mut removed_nodes = Vec::new();
    let mut kept_nodes = Vec::with_capacity(board.nodes.len());
    for (i, n) in std::mem::take(&mut board.nodes).into_iter().enumerate() {
        if node_set.contains(&n.id) {
            removed_nodes.push((i, n));
        } else {
            kept_nodes.push(n);
        }
    }
    board.nodes = kept_nodes;
    let mut removed_edges = Vec::new();
    let mut kept_edges = Vec::with_capacity(board.edges.len());
    for (i, e) in std::mem::take(&mut board.edges).into_iter().enumerate() {
        if edge_set.contains(&e.id) || node_set.contains(&e.from) || node_set.contains(&e.to) {
            removed_edges.push((i, e));
        } else {
            kept_edges.push(e);
        }
    }
    board.edges = kept_edges;
    board.reindex();
    Ok(Command::Restore { nodes: removed_nodes, edges: removed_edges })
}

fn restore(
    board: &mut Board,
    nodes: &[(usize, Node)],
    edges: &[(usize, Edge)],
) -> Result<Command, CommandError> {
    // Check everything first: indices in range once the earlier items are in, ids free, ends known.
    let mut ids = HashSet::new();
    for (k, (i, n)) in nodes.iter().enumerate() {
        if *i > board.nodes.len() + k {
            return Err(CommandError::BadIndex(*i));
        }
        if board.node(n.id).is_some() || !ids.insert(n.id) {
            return Err(CommandError::IdInUse(n.id.0));
        }
    }
    let mut edge_ids = HashSet::new();
    for (k, (i, e)) in edges.iter().enumerate() {
        if *i > board.edges.len() + k {
            return Err(CommandError::BadIndex(*i));
        }
        if board.edge(e.id).is_some() || !edge_ids.insert(e.id) {
            return Err(CommandError::IdInUse(e.id.0));
        }
        for end in [e.from, e.to] {
            if !ids.contains(&end) && board.node(end).is_none() {
                return Err(CommandError::NoSuchNode(end));
            }
        }
    }
    for (i, n) in nodes {
        board.nodes.insert(*i, n.clone());
    }
    for (i, e) in edges {
        board.edges.insert(*i, e.clone());
    }
    board.reindex();
    Ok(Command::Delete {
        nodes: nodes.iter().map(|(_, n)| n.id).collect(),
        edges: edges.iter().map(|(_, e)| e.id).collect(),
    })
}
