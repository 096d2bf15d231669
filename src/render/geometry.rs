//! Shapes on the board: node rectangles, where arrows meet boxes, and what is under a point.

use crate::board::{Board, Edge, Node, NodeId};
use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// A node's rectangle in board coordinates.
pub fn node_rect(n: &Node) -> Rect {
    Rect::from_min_size(pos2(n.pos.x, n.pos.y), vec2(n.size.w, n.size.h))
}

/// Where the ray from the centre of `rect` towards `toward` leaves the rectangle.
pub fn border_point(rect: Rect, toward: Pos2) -> Pos2 {
    let c = rect.center();
    let d = toward - c;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return c;
    }
    let half = rect.size() / 2.0;
    let tx = if d.x.abs() > f32::EPSILON { half.x / d.x.abs() } else { f32::INFINITY };
    let ty = if d.y.abs() > f32::EPSILON { half.y / d.y.abs() } else { f32::INFINITY };
    c + d * tx.min(ty)
}

/// The two ends of an arrow between two rectangles: on each border, on the line between the
/// centres. `None` when the rectangles overlap so much that no visible line is left.
pub fn edge_ends(from: Rect, to: Rect) -> Option<(Pos2, Pos2)> {
    let a = border_point(from, to.center());
    let b = border_point(to, from.center());
    let inside = to.contains(a) && from.contains(b);
    (!inside && a.distance(b) > 1.0).then_some((a, b))
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Where things are drawn during a gesture: nodes being moved or resized are shown at their
/// preview place before the command is applied on release. Borrows the moved set, so making
/// one costs nothing however many nodes are selected.
#[derive(Clone, Copy, Debug, Default)]
pub struct Preview<'a> {
    /// The moved nodes and the displacement, in board units.
    pub moved: Option<(&'a std::collections::HashSet<NodeId>, Vec2)>,
    /// A node being resized and its new rectangle.
    pub resized: Option<(NodeId, Rect)>,
}

impl Preview<'_> {
    /// The rectangle at which `n` is drawn.
    pub fn rect(&self, n: &Node) -> Rect {
        if let Some((id, r)) = self.resized
            && id == n.id
        {
            return r;
        }
        let r = node_rect(n);
        match self.moved {
            Some((ids, d)) if ids.contains(&n.id) => r.translate(d),
            _ => r,
        }
    }
}

/// The topmost node under the board point `p`.
pub fn node_at(board: &Board, preview: &Preview<'_>, p: Pos2) -> Option<NodeId> {
    board.nodes.iter().rev().find(|n| preview.rect(n).contains(p)).map(|n| n.id)
}

/// The ends of an edge as drawn, given the preview.
pub fn edge_ends_of(board: &Board, preview: &Preview<'_>, e: &Edge) -> Option<(Pos2, Pos2)> {
    let from = board.node(e.from)?;
    let to = board.node(e.to)?;
    edge_ends(preview.rect(from), preview.rect(to))
}

/// The ids of the nodes lying wholly inside `area` (board coordinates).
pub fn nodes_in(board: &Board, area: Rect) -> Vec<NodeId> {
    board.nodes.iter().filter(|n| area.contains_rect(node_rect(n))).map(|n| n.id).collect()
}

/// The corners of a rectangle, for resize handles: top-left, top-right, bottom-left, bottom-right.
pub fn corners(r: Rect) -> [Pos2; 4] {
    [r.left_top(), r.right_top(), r.left_bottom(), r.right_bottom()]
}

/// The middles of the four sides, for connection handles.
pub fn side_middles(r: Rect) -> [Pos2; 4] {
    [r.center_top(), r.right_center(), r.center_bottom(), r.left_center()]
}
