//! Generated boards of any size: for benchmarks, tests, and users checking their machine
//! (`mlsd-board demo --nodes N -o OUT.ron`).

use crate::board::{ArrowStyle, Board, Edge, EdgeId, Node, NodeId, NodeKind, Point, Route, Size};
use crate::content::catalogue;

/// Horizontal distance between node columns, in board units.
const STEP_X: f32 = 240.0;
/// Vertical distance between node rows.
const STEP_Y: f32 = 120.0;

/// A board of `n` labelled component nodes in a square-ish grid, each joined by one edge to the
/// next node in its row (the last of a row to the first of the next row), so `n - 1` edges plus
/// one closing edge when `n > 1`: as many edges as nodes.
pub fn board(n: usize) -> Board {
    let mut b = Board::new(&format!("Demo board with {n} boxes"));
    let kinds: Vec<&str> = catalogue::all_kinds().map(|(_, k)| k.id.as_str()).collect();
    let cols = ((n as f64).sqrt().ceil() as usize).max(1);
    b.nodes.reserve(n);
    for i in 0..n {
        let (row, col) = (i / cols, i % cols);
        let kind = kinds
            .get(i % kinds.len().max(1))
            .map_or(NodeKind::Note, |k| NodeKind::Component((*k).to_owned()));
        let label = format!("{} {}", kind_label(&kind), i + 1);
        b.nodes.push(Node {
            id: NodeId(i as u64 + 1),
            kind,
            label,
            pos: Point::new(col as f32 * STEP_X, row as f32 * STEP_Y),
            size: Size::new(180.0, 64.0),
            color: None,
        });
    }
    if n > 1 {
        b.edges.reserve(n);
        for i in 0..n {
            let from = i as u64 + 1;
            let to = (i as u64 + 1) % n as u64 + 1;
            b.edges.push(Edge {
                id: EdgeId(n as u64 + 1 + i as u64),
                from: NodeId(from),
                to: NodeId(to),
                label: String::new(),
                style: ArrowStyle::OneWay,
                route: Route::Straight,
            });
        }
    }
    b.next_id = 2 * n as u64 + 1;
    b.reindex();
    if let Some((min, max)) = b.bounds() {
        b.view.center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
    }
    b
}

fn kind_label(kind: &NodeKind) -> &str {
    match kind {
        NodeKind::Component(k) => catalogue::kind_name(k),
        _ => "Note",
    }
}
