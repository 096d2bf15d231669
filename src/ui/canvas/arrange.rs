//! Commands made from the selection: nudge, align and distribute, bring to front and send to
//! back, straight or elbow arrows, colours and kinds; and where a new box finds room. Each is one
//! command, so one undo step; none changes anything itself.

use super::{Canvas, default_size};
use crate::board::{Board, BoxColor, Command, Document, EdgeId, NodeId, NodeKind, Point, Route};
use crate::content::{catalogue, frameworks};
use crate::render::geometry::node_rect;
use egui::{Pos2, Rect, Vec2, vec2};

/// How to line boxes up or space them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrange {
    /// Left sides on the leftmost.
    Left,
    /// Centres on the middle of the selection, across.
    Center,
    /// Right sides on the rightmost.
    Right,
    /// Tops on the topmost.
    Top,
    /// Middles on the middle of the selection, down.
    Middle,
    /// Bottoms on the lowest.
    Bottom,
    /// Equal gaps between the boxes from left to right (the outermost stay).
    SpreadX,
    /// Equal gaps between the boxes from top to bottom.
    SpreadY,
}

/// The new top-left corners that line up or space out `rects` (given with their nodes), for
/// the nodes that move. Aligning needs two boxes, spacing out three.
pub fn arrange(rects: &[(NodeId, Rect)], how: Arrange) -> Vec<(NodeId, Pos2)> {
    let need = if matches!(how, Arrange::SpreadX | Arrange::SpreadY) { 3 } else { 2 };
    if rects.len() < need {
        return Vec::new();
    }
    let all = rects.iter().map(|(_, r)| *r).reduce(|a, b| a.union(b)).unwrap_or(Rect::NOTHING);
    let mut out: Vec<(NodeId, Pos2)> = match how {
        Arrange::Left => rects.iter().map(|(id, r)| (*id, Pos2::new(all.min.x, r.min.y))).collect(),
        Arrange::Right => {
            rects.iter().map(|(id, r)| (*id, Pos2::new(all.max.x - r.width(), r.min.y))).collect()
        }
        Arrange::Center => {
            rects.iter().map(|(id, r)| (*id, Pos2::new(all.center().x - r.width() / 2.0, r.min.y))).collect()
        }
        Arrange::Top => rects.iter().map(|(id, r)| (*id, Pos2::new(r.min.x, all.min.y))).collect(),
        Arrange::Bottom => {
            rects.iter().map(|(id, r)| (*id, Pos2::new(r.min.x, all.max.y - r.height()))).collect()
        }
        Arrange::Middle => {
            rects.iter().map(|(id, r)| (*id, Pos2::new(r.min.x, all.center().y - r.height() / 2.0))).collect()
        }
        Arrange::SpreadX | Arrange::SpreadY => {
            let x = how == Arrange::SpreadX;
            let along = |r: &Rect| if x { r.center().x } else { r.center().y };
            let extent = |r: &Rect| if x { r.width() } else { r.height() };
            let mut order: Vec<&(NodeId, Rect)> = rects.iter().collect();
            // Stable: boxes at the same place keep their board order.
            order.sort_by(|a, b| along(&a.1).total_cmp(&along(&b.1)));
            let (first, last) = (order[0].1, order[order.len() - 1].1);
            let span = if x { last.max.x - first.min.x } else { last.max.y - first.min.y };
            let sizes: f32 = order.iter().map(|(_, r)| extent(r)).sum();
            let gap = (span - sizes) / (order.len() - 1) as f32;
            let mut at = if x { first.min.x } else { first.min.y };
            order
                .iter()
                .map(|(id, r)| {
                    let p = if x { Pos2::new(at, r.min.y) } else { Pos2::new(r.min.x, at) };
                    at += extent(r) + gap;
                    (*id, p)
                })
                .collect()
        }
    };
    let by_id = |id: NodeId| rects.iter().find(|(i, _)| *i == id).map(|(_, r)| r.min);
    out.retain(|(id, p)| by_id(*id).is_some_and(|old| old.distance(*p) > 1e-3));
    out
}

/// What a new box's label says by default for a kind: the component's name, the step's title,
/// nothing for a note.
pub fn default_label(board: &Board, kind: &NodeKind) -> String {
    match kind {
        NodeKind::Component(k) => catalogue::kind_name(k).to_owned(),
        NodeKind::Stage(s) => frameworks::step_title(&board.framework, *s).unwrap_or_default().to_owned(),
        NodeKind::Note => String::new(),
    }
}

/// How far around the middle of the view a new box looks for room, in grid cells of
/// [`SPOT_STEP`].
const SPOT_RINGS: i32 = 30;
/// The step between the places a new box tries, in board units.
const SPOT_STEP: f32 = 40.0;
/// The room a new box keeps from the others, in board units.
const SPOT_GAP: f32 = 16.0;

impl Canvas {
    /// The selected nodes in board (stacking) order.
    pub(super) fn selected_in_order(&self, board: &Board) -> Vec<NodeId> {
        if self.selection.is_empty() {
            return Vec::new();
        }
        board.nodes.iter().map(|n| n.id).filter(|id| self.selection.contains(id)).collect()
    }

    /// Moves the selection by `delta` board units (arrow keys): one undo step per press.
    pub fn nudge(&self, doc: &Document, delta: Vec2) -> Option<Command> {
        let ids = self.selected_in_order(doc.board());
        (!ids.is_empty()).then(|| Command::Move { ids, delta: Point::new(delta.x, delta.y) })
    }

    /// Lines up or spaces out the selected boxes, as one undo step.
    pub fn arrange(&self, doc: &Document, how: Arrange) -> Option<Command> {
        let board = doc.board();
        let rects: Vec<(NodeId, Rect)> = self
            .selected_in_order(board)
            .into_iter()
            .filter_map(|id| board.node(id).map(|n| (id, node_rect(n))))
            .collect();
        let moves = arrange(&rects, how);
        let rects = moves
            .into_iter()
            .filter_map(|(id, p)| board.node(id).map(|n| (id, Point::new(p.x, p.y), n.size)))
            .collect::<Vec<_>>();
        (!rects.is_empty()).then_some(Command::SetRects { rects })
    }

    /// Draws the selected boxes over (`front`) or under all the others, keeping their order
    /// among themselves; `None` when they already are.
    pub fn restack(&self, doc: &Document, front: bool) -> Option<Command> {
        let board = doc.board();
        let ids = self.selected_in_order(board);
        let (n, k) = (board.nodes.len(), ids.len());
        if k == 0 {
            return None;
        }
        let first = if front { n - k } else { 0 };
        let nodes: Vec<(usize, NodeId)> =
            ids.into_iter().enumerate().map(|(i, id)| (first + i, id)).collect();
        let already = nodes.iter().all(|&(i, id)| board.nodes.get(i).is_some_and(|n| n.id == id));
        (!already).then_some(Command::Reorder { nodes })
    }

    /// The arrows a routing or style change applies to: the selected arrow, else every arrow
    /// between two selected boxes.
    pub(super) fn target_edges(&self, board: &Board) -> Vec<EdgeId> {
        if let Some(e) = self.selected_edge {
            return vec![e];
        }
        if self.selection.len() < 2 {
            return Vec::new();
        }
        board
            .edges
            .iter()
            .filter(|e| self.selection.contains(&e.from) && self.selection.contains(&e.to))
            .map(|e| e.id)
            .collect()
    }

    /// Switches the selected arrow between straight and elbow; for boxes, makes every arrow
    /// among them elbow (or, when all already are, straight).
    pub fn toggle_route(&self, doc: &Document) -> Option<Command> {
        let board = doc.board();
        let edges = self.target_edges(board);
        let all_elbow = edges.iter().all(|e| board.edge(*e).is_some_and(|e| e.route == Route::Elbow));
        let route = if all_elbow { Route::Straight } else { Route::Elbow };
        self.set_route(doc, route, &edges)
    }

    /// Routes `edges` with `route`, as one undo step (those already so are left out).
    pub fn set_route(&self, doc: &Document, route: Route, edges: &[EdgeId]) -> Option<Command> {
        let board = doc.board();
        let cmds: Vec<Command> = edges
            .iter()
            .filter(|e| board.edge(**e).is_some_and(|e| e.route != route))
            .map(|&id| Command::SetRoute { id, route })
            .collect();
        batch(cmds)
    }

    /// Gives the selected boxes a palette colour (`None`: their kind's own), as one undo step.
    pub fn set_color(&self, doc: &Document, color: Option<BoxColor>) -> Option<Command> {
        let board = doc.board();
        let cmds = self
            .selected_in_order(board)
            .into_iter()
            .filter(|id| board.node(*id).is_some_and(|n| n.color != color))
            .map(|id| Command::SetColor { id, color })
            .collect();
        batch(cmds)
    }

    /// Makes the selected boxes `kind`, as one undo step. A box still labelled with its old
    /// kind's default name takes the new kind's name too.
    pub fn set_kind(&self, doc: &Document, kind: &NodeKind) -> Option<Command> {
        let board = doc.board();
        let mut cmds = Vec::new();
        for id in self.selected_in_order(board) {
            let Some(n) = board.node(id) else { continue };
            if n.kind == *kind {
                continue;
            }
            cmds.push(Command::SetKind { id, kind: kind.clone() });
            if n.label.is_empty() || n.label == default_label(board, &n.kind) {
                let label = default_label(board, kind);
                if label != n.label {
                    cmds.push(Command::RelabelNode { id, label });
                }
            }
        }
        batch(cmds)
    }

    /// Where a new box of `kind` centred near `at` (board point) has room: `at` itself when no
    /// box is in the way, else the nearest free place on rings around it; `at` when there is
    /// none within reach.
    pub fn free_spot(&self, board: &Board, kind: &NodeKind, at: Pos2) -> Pos2 {
        let size = default_size(kind);
        let reach = SPOT_STEP * SPOT_RINGS as f32 + size.w.max(size.h);
        let area = Rect::from_center_size(at, vec2(2.0 * reach, 2.0 * reach));
        let near: Vec<Rect> = board
            .nodes
            .iter()
            .map(node_rect)
            .filter(|r| r.intersects(area))
            .map(|r| r.expand(SPOT_GAP))
            .collect();
        let rect_at = |c: Pos2| {
            let tl = self.snapped(c - vec2(size.w, size.h) / 2.0);
            Rect::from_min_size(tl, vec2(size.w, size.h))
        };
        let free = |c: Pos2| {
            let r = rect_at(c);
            !near.iter().any(|o| o.intersects(r))
        };
        for ring in 0..=SPOT_RINGS {
            let mut cells: Vec<(i32, i32)> = ring_cells(ring);
            // Nearest first; at equal distance, above before below and left before right.
            cells.sort_by_key(|&(i, j)| (i * i + j * j, j, i));
            for (i, j) in cells {
                let c = at + vec2(i as f32, j as f32) * SPOT_STEP;
                if free(c) {
                    return c;
                }
            }
        }
        at
    }
}

/// The cells at Chebyshev distance `r` from the origin.
fn ring_cells(r: i32) -> Vec<(i32, i32)> {
    if r == 0 {
        return vec![(0, 0)];
    }
    let mut out = Vec::with_capacity(8 * r as usize);
    for i in -r..=r {
        out.push((i, -r));
        out.push((i, r));
    }
    for j in -r + 1..r {
        out.push((-r, j));
        out.push((r, j));
    }
    out
}

/// One command for several, `None` for none.
fn batch(mut cmds: Vec<Command>) -> Option<Command> {
    match cmds.len() {
        0 => None,
        1 => cmds.pop(),
        _ => Some(Command::Batch(cmds)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn r(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_min_size(pos2(x, y), vec2(w, h))
    }

    #[test]
    fn align_moves_every_box_onto_the_line_and_leaves_those_already_there() {
        let rects = [
            (NodeId(1), r(0.0, 0.0, 100.0, 50.0)),
            (NodeId(2), r(40.0, 100.0, 60.0, 30.0)),
            (NodeId(3), r(-20.0, 200.0, 80.0, 40.0)),
        ];
        let left = arrange(&rects, Arrange::Left);
        assert_eq!(left, vec![(NodeId(1), pos2(-20.0, 0.0)), (NodeId(2), pos2(-20.0, 100.0))]);
        let right = arrange(&rects, Arrange::Right);
        assert_eq!(right, vec![(NodeId(3), pos2(20.0, 200.0))], "1 and 2 already end at x = 100");
        let centre = arrange(&rects, Arrange::Center);
        // The selection spans -20..100: centre 40.
        assert_eq!(
            centre,
            vec![
                (NodeId(1), pos2(-10.0, 0.0)),
                (NodeId(2), pos2(10.0, 100.0)),
                (NodeId(3), pos2(0.0, 200.0))
            ]
        );
        let bottom = arrange(&rects, Arrange::Bottom);
        assert!(bottom.iter().all(|(id, p)| {
            let h = rects.iter().find(|(i, _)| i == id).map(|(_, r)| r.height()).unwrap_or_default();
            (p.y + h - 240.0).abs() < 1e-3
        }));
        assert!(arrange(&rects[..1], Arrange::Left).is_empty(), "one box has nothing to line up with");
    }

    #[test]
    fn distribute_leaves_the_outer_boxes_and_makes_the_gaps_equal() {
        let rects = [
            (NodeId(1), r(0.0, 0.0, 100.0, 50.0)),
            (NodeId(2), r(500.0, 10.0, 100.0, 50.0)),
            (NodeId(3), r(130.0, 20.0, 40.0, 50.0)),
        ];
        let moves = arrange(&rects, Arrange::SpreadX);
        // From 0 to 600 with 240 of boxes: two gaps of 180. Box 3 goes to 280.
        assert_eq!(moves, vec![(NodeId(3), pos2(280.0, 20.0))]);
        assert!(arrange(&rects[..2], Arrange::SpreadX).is_empty(), "two boxes have no gap to even out");
        // Down they overlap, 10 apart each (0, 10, 20): already even, so nothing moves.
        assert!(arrange(&rects, Arrange::SpreadY).is_empty());
        let rects = [
            (NodeId(1), r(0.0, 0.0, 10.0, 10.0)),
            (NodeId(2), r(0.0, 15.0, 10.0, 10.0)),
            (NodeId(3), r(0.0, 100.0, 10.0, 10.0)),
        ];
        assert_eq!(arrange(&rects, Arrange::SpreadY), vec![(NodeId(2), pos2(0.0, 50.0))]);
    }

    #[test]
    fn rings_hold_every_cell_once() {
        for r in 0..5 {
            let cells = ring_cells(r);
            let set: std::collections::HashSet<_> = cells.iter().collect();
            assert_eq!(set.len(), cells.len());
            assert_eq!(cells.len(), if r == 0 { 1 } else { 8 * r as usize });
            assert!(cells.iter().all(|(i, j)| i.abs().max(j.abs()) == r));
        }
    }
}
