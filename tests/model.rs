//! Integration tests of the board model: commands and their inverses, undo history, the
//! document's dirty flag, and copy/paste fragments.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::board::{
    ArrowStyle, Board, BoxColor, Command, CommandError, Document, Edge, EdgeId, Fragment, History, Node,
    NodeId, NodeKind, Point, Route, Size,
};
use proptest::prelude::*;
use std::collections::HashSet;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn node(id: u64, kind: NodeKind, label: &str, x: f32, y: f32) -> Node {
    Node {
        id: NodeId(id),
        kind,
        label: label.to_owned(),
        pos: Point::new(x, y),
        size: Size::new(120.0, 60.0),
        color: None,
    }
}

fn edge(id: u64, from: u64, to: u64, label: &str, style: ArrowStyle) -> Edge {
    Edge {
        id: EdgeId(id),
        from: NodeId(from),
        to: NodeId(to),
        label: label.to_owned(),
        style,
        route: Default::default(),
    }
}

/// Four nodes (1..=4) of every kind and four edges (5..=8):
/// 5: 1→2, 6: 3→4, 7: 2→3, 8: 4→1.
fn sample_board() -> Board {
    let mut b = Board::new("Sample");
    b.nodes = vec![
        node(1, NodeKind::Stage(1), "Clarify", 0.0, 0.0),
        node(2, NodeKind::Component("feature_store".into()), "Features \"online\"", 200.0, 0.0),
        node(3, NodeKind::Note, "note\nwith a newline — ü", 400.0, 0.0),
        node(4, NodeKind::Component("ann_index".into()), "ANN", 0.0, 200.0),
    ];
    b.edges = vec![
        edge(5, 1, 2, "a", ArrowStyle::OneWay),
        edge(6, 3, 4, "b", ArrowStyle::TwoWay),
        edge(7, 2, 3, "c", ArrowStyle::None),
        edge(8, 4, 1, "", ArrowStyle::OneWay),
    ];
    b.next_id = 9;
    b.reindex();
    b
}

fn node_ids(b: &Board) -> Vec<u64> {
    b.nodes.iter().map(|n| n.id.0).collect()
}

fn edge_ids(b: &Board) -> Vec<u64> {
    b.edges.iter().map(|e| e.id.0).collect()
}

/// Applies `cmd` to a copy of `start`, undoes it with the returned inverse, redoes it, and checks
/// each state. Returns the board after the first apply.
fn assert_apply_undo_redo(start: &Board, cmd: &Command) -> Board {
    let mut b = start.clone();
    let inverse = cmd.apply(&mut b).unwrap_or_else(|e| panic!("{cmd:?} failed: {e}"));
    let after = b.clone();
    assert_ne!(after, *start, "{cmd:?} should change the board");

    inverse.apply(&mut b).unwrap_or_else(|e| panic!("inverse {inverse:?} failed: {e}"));
    assert_eq!(b, *start, "undo of {cmd:?} must give back the original board");
    assert_eq!(node_ids(&b), node_ids(start));
    assert_eq!(edge_ids(&b), edge_ids(start));

    let inverse2 = cmd.apply(&mut b).unwrap_or_else(|e| panic!("redo of {cmd:?} failed: {e}"));
    assert_eq!(b, after, "redo of {cmd:?} must give the same board as the first apply");

    // And the second inverse undoes the redo too.
    inverse2.apply(&mut b).expect("second undo");
    assert_eq!(b, *start);
    after
}

// ---------------------------------------------------------------------------------------------
// Every command variant: apply, undo with the inverse, redo
// ---------------------------------------------------------------------------------------------

#[test]
fn add_node_and_edges_undo_redo() {
    let start = sample_board();
    let cmd = Command::Add {
        nodes: vec![node(20, NodeKind::Note, "new", 50.0, 50.0)],
        edges: vec![edge(21, 20, 1, "to old", ArrowStyle::TwoWay), edge(22, 3, 20, "", ArrowStyle::None)],
    };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(node_ids(&after), vec![1, 2, 3, 4, 20]);
    assert_eq!(edge_ids(&after), vec![5, 6, 7, 8, 21, 22]);
    assert!(after.next_id > 22, "next_id must move past added ids, got {}", after.next_id);
}

#[test]
fn delete_node_and_edge_undo_redo() {
    let start = sample_board();
    let cmd = Command::Delete { nodes: vec![NodeId(2)], edges: vec![EdgeId(6)] };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(node_ids(&after), vec![1, 3, 4]);
    // 5 and 7 touch node 2; 6 was named.
    assert_eq!(edge_ids(&after), vec![8]);
}

#[test]
fn restore_undo_redo() {
    let full = sample_board();
    let mut start = full.clone();
    start.nodes.retain(|n| n.id != NodeId(2));
    start.edges.retain(|e| e.from != NodeId(2) && e.to != NodeId(2));
    start.reindex();
    let cmd = Command::Restore {
        nodes: vec![(1, full.nodes[1].clone())],
        edges: vec![(0, full.edges[0].clone()), (2, full.edges[2].clone())],
    };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after, full);
    assert_eq!(node_ids(&after), node_ids(&full));
    assert_eq!(edge_ids(&after), edge_ids(&full));
}

#[test]
fn move_undo_redo() {
    let start = sample_board();
    let cmd = Command::Move { ids: vec![NodeId(1), NodeId(3)], delta: Point::new(15.5, -40.0) };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.node(NodeId(1)).unwrap().pos, Point::new(15.5, -40.0));
    assert_eq!(after.node(NodeId(3)).unwrap().pos, Point::new(415.5, -40.0));
    assert_eq!(after.node(NodeId(2)).unwrap().pos, start.node(NodeId(2)).unwrap().pos);
}

#[test]
fn set_rects_undo_redo() {
    let start = sample_board();
    let cmd = Command::SetRects {
        rects: vec![
            (NodeId(2), Point::new(-10.0, 5.0), Size::new(300.0, 90.0)),
            (NodeId(4), Point::new(1.0, 2.0), Size::new(3.0, 4.0)),
        ],
    };
    let after = assert_apply_undo_redo(&start, &cmd);
    let n2 = after.node(NodeId(2)).unwrap();
    assert_eq!((n2.pos, n2.size), (Point::new(-10.0, 5.0), Size::new(300.0, 90.0)));
}

#[test]
fn set_rects_twice_on_one_node_undoes_to_the_first_value() {
    let start = sample_board();
    let cmd = Command::SetRects {
        rects: vec![
            (NodeId(1), Point::new(10.0, 10.0), Size::new(50.0, 50.0)),
            (NodeId(1), Point::new(20.0, 20.0), Size::new(60.0, 60.0)),
        ],
    };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.node(NodeId(1)).unwrap().pos, Point::new(20.0, 20.0));
}

#[test]
fn relabel_node_undo_redo() {
    let start = sample_board();
    let cmd = Command::RelabelNode { id: NodeId(3), label: "Ünïcode \"quoted\"\nsecond line".into() };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.node(NodeId(3)).unwrap().label, "Ünïcode \"quoted\"\nsecond line");
}

#[test]
fn relabel_edge_undo_redo() {
    let start = sample_board();
    let cmd = Command::RelabelEdge { id: EdgeId(8), label: "feedback loop".into() };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.edge(EdgeId(8)).unwrap().label, "feedback loop");
}

#[test]
fn set_edge_style_undo_redo() {
    let start = sample_board();
    for style in [ArrowStyle::TwoWay, ArrowStyle::None] {
        let cmd = Command::SetEdgeStyle { id: EdgeId(5), style };
        let after = assert_apply_undo_redo(&start, &cmd);
        assert_eq!(after.edge(EdgeId(5)).unwrap().style, style);
    }
}

#[test]
fn retarget_undo_redo() {
    let start = sample_board();
    // Edge 5 runs 1→2; move its head to 3, then both ends at once.
    let cmd = Command::Retarget { id: EdgeId(5), from: NodeId(1), to: NodeId(3) };
    let after = assert_apply_undo_redo(&start, &cmd);
    let e = after.edge(EdgeId(5)).unwrap();
    assert_eq!((e.from, e.to), (NodeId(1), NodeId(3)));
    assert_eq!((e.label.as_str(), e.style), ("a", ArrowStyle::OneWay), "label and style stay");
    let cmd = Command::Retarget { id: EdgeId(5), from: NodeId(4), to: NodeId(1) };
    let after = assert_apply_undo_redo(&start, &cmd);
    let e = after.edge(EdgeId(5)).unwrap();
    assert_eq!((e.from, e.to), (NodeId(4), NodeId(1)));
    assert_eq!(edge_ids(&after), edge_ids(&start), "the edge keeps its place");
}

#[test]
fn set_route_undo_redo() {
    let start = sample_board();
    let cmd = Command::SetRoute { id: EdgeId(6), route: Route::Elbow };
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.edge(EdgeId(6)).unwrap().route, Route::Elbow);
    assert!(after.edges.iter().filter(|e| e.id != EdgeId(6)).all(|e| e.route == Route::Straight));
}

#[test]
fn set_color_undo_redo() {
    let start = sample_board();
    for color in BoxColor::ALL {
        let cmd = Command::SetColor { id: NodeId(2), color: Some(color) };
        let after = assert_apply_undo_redo(&start, &cmd);
        assert_eq!(after.node(NodeId(2)).unwrap().color, Some(color));
    }
    // And back to the kind's own look.
    let mut coloured = start.clone();
    coloured.nodes[1].color = Some(BoxColor::Teal);
    let after = assert_apply_undo_redo(&coloured, &Command::SetColor { id: NodeId(2), color: None });
    assert_eq!(after.node(NodeId(2)).unwrap().color, None);
}

#[test]
fn set_kind_undo_redo() {
    let start = sample_board();
    for kind in [NodeKind::Component("ranker".into()), NodeKind::Note, NodeKind::Stage(3)] {
        let cmd = Command::SetKind { id: NodeId(2), kind: kind.clone() };
        let after = assert_apply_undo_redo(&start, &cmd);
        let n = after.node(NodeId(2)).unwrap();
        assert_eq!(n.kind, kind);
        assert_eq!(
            (n.label.as_str(), n.pos),
            ("Features \"online\"", start.nodes[1].pos),
            "only the kind changes"
        );
    }
}

#[test]
fn reorder_to_the_front_and_to_the_back_undo_redo() {
    let start = sample_board();
    // Bring 1 and 3 to the front (they keep their order among themselves).
    let front = Command::Reorder { nodes: vec![(2, NodeId(1)), (3, NodeId(3))] };
    let after = assert_apply_undo_redo(&start, &front);
    assert_eq!(node_ids(&after), vec![2, 4, 1, 3]);
    for n in &start.nodes {
        assert_eq!(after.node(n.id), Some(n), "lookups by id follow the new order");
    }
    // Send 4 to the back.
    let back = Command::Reorder { nodes: vec![(0, NodeId(4))] };
    let after = assert_apply_undo_redo(&start, &back);
    assert_eq!(node_ids(&after), vec![4, 1, 2, 3]);
    // The inverse names the old places.
    let mut b = start.clone();
    let inverse = front.apply(&mut b).unwrap();
    assert_eq!(inverse, Command::Reorder { nodes: vec![(0, NodeId(1)), (2, NodeId(3))] });
    assert_eq!(edge_ids(&b), edge_ids(&start), "edges are not reordered");
}

#[test]
fn set_title_undo_redo() {
    let start = sample_board();
    let cmd = Command::SetTitle("Ranking — v2 \"draft\"".into());
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(after.title, "Ranking — v2 \"draft\"");
}

#[test]
fn batch_undo_redo() {
    let start = sample_board();
    let cmd = Command::Batch(vec![
        Command::Add { nodes: vec![node(30, NodeKind::Note, "n", 0.0, 0.0)], edges: vec![] },
        Command::Add { nodes: vec![], edges: vec![edge(31, 30, 2, "", ArrowStyle::OneWay)] },
        Command::Move { ids: vec![NodeId(30), NodeId(1)], delta: Point::new(5.0, 5.0) },
        Command::RelabelNode { id: NodeId(30), label: "renamed".into() },
        Command::Delete { nodes: vec![NodeId(3)], edges: vec![] },
        Command::SetEdgeStyle { id: EdgeId(31), style: ArrowStyle::TwoWay },
        Command::RelabelEdge { id: EdgeId(5), label: "changed".into() },
        Command::SetTitle("Batch".into()),
        Command::Retarget { id: EdgeId(31), from: NodeId(4), to: NodeId(30) },
        Command::SetRoute { id: EdgeId(31), route: Route::Elbow },
        Command::SetColor { id: NodeId(30), color: Some(BoxColor::Green) },
        Command::SetKind { id: NodeId(30), kind: NodeKind::Component("ranker".into()) },
        Command::Reorder { nodes: vec![(0, NodeId(30))] },
        Command::Batch(vec![Command::SetRects {
            rects: vec![(NodeId(4), Point::new(9.0, 9.0), Size::new(9.0, 9.0))],
        }]),
    ]);
    let after = assert_apply_undo_redo(&start, &cmd);
    assert_eq!(node_ids(&after), vec![30, 1, 2, 4]);
    assert_eq!(edge_ids(&after), vec![5, 8, 31]);
    assert_eq!(after.edge(EdgeId(31)).unwrap().from, NodeId(4));
    assert_eq!(after.node(NodeId(30)).unwrap().label, "renamed");
    assert_eq!(after.title, "Batch");
}

// Session commands (format version 2 on).

/// The sample board with a session record holding two touched steps.
fn board_with_session() -> Board {
    let mut b = sample_board();
    let s = &mut b.session;
    s.problem = "Design a feed".into();
    s.step_mut("clarify").notes = "ask about scale".into();
    s.step_mut("clarify").ticked = vec!["latency".into(), "users".into()];
    s.step_mut("data").budget_min = Some(5);
    s.step_mut("data").notes = "logs".into();
    b
}

#[test]
fn set_tick_undo_redo() {
    let start = board_with_session();
    let after = assert_apply_undo_redo(
        &start,
        &Command::SetTick { step: "clarify".into(), item: "metrics".into(), done: true },
    );
    assert!(after.session.is_ticked("clarify", "metrics"));
    let after = assert_apply_undo_redo(
        &start,
        &Command::SetTick { step: "clarify".into(), item: "latency".into(), done: false },
    );
    assert!(!after.session.is_ticked("clarify", "latency"));
    // A step never touched before.
    let after = assert_apply_undo_redo(
        &start,
        &Command::SetTick { step: "serve".into(), item: "a/b".into(), done: true },
    );
    assert!(after.session.is_ticked("serve", "a/b"));
}

#[test]
fn set_notes_undo_redo() {
    let start = board_with_session();
    let after = assert_apply_undo_redo(
        &start,
        &Command::SetNotes { step: "data".into(), notes: "more\nlines".into() },
    );
    assert_eq!(after.session.step("data").unwrap().notes, "more\nlines");
    let after =
        assert_apply_undo_redo(&start, &Command::SetNotes { step: "new".into(), notes: "fresh".into() });
    assert_eq!(after.session.step("new").unwrap().notes, "fresh");
}

#[test]
fn set_budget_undo_redo() {
    let start = board_with_session();
    let after =
        assert_apply_undo_redo(&start, &Command::SetBudget { step: "clarify".into(), minutes: Some(12) });
    assert_eq!(after.session.step("clarify").unwrap().budget_min, Some(12));
    let after = assert_apply_undo_redo(&start, &Command::SetBudget { step: "data".into(), minutes: None });
    assert_eq!(after.session.step("data").unwrap().budget_min, None);
}

#[test]
fn set_problem_undo_redo() {
    let start = board_with_session();
    let after = assert_apply_undo_redo(&start, &Command::SetProblem("Design \"search\" — v2".into()));
    assert_eq!(after.session.problem, "Design \"search\" — v2");
}

#[test]
fn clearing_a_step_record_then_undo_keeps_the_record_order() {
    let start = board_with_session();
    let order = |b: &Board| b.session.steps.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(order(&start), vec!["clarify", "data"]);
    let cmd = Command::Batch(vec![
        Command::SetNotes { step: "clarify".into(), notes: String::new() },
        Command::SetTick { step: "clarify".into(), item: "latency".into(), done: false },
        Command::SetTick { step: "clarify".into(), item: "users".into(), done: false },
    ]);
    let mut b = start.clone();
    let inverse = cmd.apply(&mut b).unwrap();
    assert!(b.session.step("clarify").is_none(), "an empty record is dropped");
    inverse.apply(&mut b).unwrap();
    assert_eq!(order(&b), order(&start), "undo must put the record back in its place");
    assert_eq!(b, start);
}

// ---------------------------------------------------------------------------------------------
// Delete and undo keep the stacking order
// ---------------------------------------------------------------------------------------------

#[test]
fn deleting_a_node_removes_its_edges_and_one_undo_restores_order() {
    let start = sample_board();
    let mut doc = Document::new(start.clone(), None);
    doc.apply(Command::Delete { nodes: vec![NodeId(2)], edges: vec![] }).expect("delete");
    assert!(doc.board().node(NodeId(2)).is_none());
    assert_eq!(node_ids(doc.board()), vec![1, 3, 4]);
    assert_eq!(edge_ids(doc.board()), vec![6, 8], "edges 5 (1→2) and 7 (2→3) touch node 2");
    assert!(doc.board().edges.iter().all(|e| e.from != NodeId(2) && e.to != NodeId(2)));

    assert!(doc.undo().is_some());
    assert_eq!(*doc.board(), start);
    assert_eq!(node_ids(doc.board()), vec![1, 2, 3, 4]);
    assert_eq!(edge_ids(doc.board()), vec![5, 6, 7, 8]);
    assert!(!doc.history().can_undo());
    // The restored node is findable again (the index was rebuilt).
    assert_eq!(doc.board().node(NodeId(2)).map(|n| n.label.as_str()), Some("Features \"online\""));
}

#[test]
fn deleting_several_nodes_via_history_restores_interleaved_order() {
    let start = sample_board();
    let mut board = start.clone();
    let mut history = History::default();
    history
        .apply(&mut board, Command::Delete { nodes: vec![NodeId(1), NodeId(3)], edges: vec![] })
        .expect("delete");
    assert_eq!(node_ids(&board), vec![2, 4]);
    assert!(board.edges.is_empty(), "every edge touches node 1 or 3");
    assert!(history.undo(&mut board).is_some());
    assert_eq!(board, start);
    assert_eq!(edge_ids(&board), vec![5, 6, 7, 8]);
    assert!(history.redo(&mut board).is_some());
    assert_eq!(node_ids(&board), vec![2, 4]);
}

// ---------------------------------------------------------------------------------------------
// Long histories
// ---------------------------------------------------------------------------------------------

#[test]
fn history_holds_150_steps() {
    let start = sample_board();
    let mut board = start.clone();
    let mut history = History::default();
    let mut states = vec![board.clone()];
    for i in 0..150 {
        let f = i as f32;
        let cmd =
            Command::Move { ids: vec![NodeId(1 + i % 4)], delta: Point::new(f + 1.0, -(f * 0.5) - 1.0) };
        history.apply(&mut board, cmd).expect("move");
        states.push(board.clone());
    }
    let end = board.clone();
    assert_eq!(history.undo_len(), 150);
    assert_ne!(end, start);

    for i in (0..150).rev() {
        assert!(history.undo(&mut board).is_some(), "undo #{} returned None", 150 - i);
        assert_eq!(board, states[i], "state after undoing back to step {i}");
    }
    assert_eq!(board, start);
    assert!(history.undo(&mut board).is_none(), "nothing left to undo");
    assert_eq!(board, start);

    for (i, state) in states.iter().enumerate().skip(1) {
        assert!(history.redo(&mut board).is_some(), "redo #{i} returned None");
        assert_eq!(board, *state);
    }
    assert_eq!(board, end);
    assert!(history.redo(&mut board).is_none());
}

#[test]
fn history_limit_drops_the_oldest_steps() {
    let mut board = sample_board();
    let mut history = History::with_limit(10);
    for _ in 0..25 {
        history
            .apply(&mut board, Command::Move { ids: vec![NodeId(1)], delta: Point::new(1.0, 0.0) })
            .unwrap();
    }
    assert_eq!(history.undo_len(), 10);
    let mut undone = 0;
    while history.undo(&mut board).is_some() {
        undone += 1;
    }
    assert_eq!(undone, 10);
    assert_eq!(board.node(NodeId(1)).unwrap().pos.x, 15.0);
}

#[test]
fn new_command_clears_redo() {
    let mut board = sample_board();
    let mut history = History::default();
    history.apply(&mut board, Command::SetTitle("one".into())).unwrap();
    history.undo(&mut board).unwrap();
    assert!(history.can_redo());
    history.apply(&mut board, Command::SetTitle("two".into())).unwrap();
    assert!(!history.can_redo());
    assert!(history.redo(&mut board).is_none());
    assert_eq!(board.title, "two");
}

// ---------------------------------------------------------------------------------------------
// Failing commands change nothing
// ---------------------------------------------------------------------------------------------

fn nan_node(id: u64) -> Node {
    let mut n = node(id, NodeKind::Note, "", 0.0, 0.0);
    n.pos.x = f32::NAN;
    n
}

fn sized_node(id: u64, w: f32, h: f32) -> Node {
    let mut n = node(id, NodeKind::Note, "", 0.0, 0.0);
    n.size = Size::new(w, h);
    n
}

fn failing_commands() -> Vec<(&'static str, Command, CommandError)> {
    let n = |id| node(id, NodeKind::Note, "x", 0.0, 0.0);
    let add_edge = |e: Edge| Command::Add { nodes: vec![], edges: vec![e] };
    vec![
        (
            "move of a missing node (after an existing one)",
            Command::Move { ids: vec![NodeId(1), NodeId(99)], delta: Point::new(10.0, 10.0) },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "move by NaN",
            Command::Move { ids: vec![NodeId(1)], delta: Point::new(f32::NAN, 0.0) },
            CommandError::BadGeometry(NodeId(1)),
        ),
        (
            "move by infinity",
            Command::Move { ids: vec![NodeId(2)], delta: Point::new(0.0, f32::INFINITY) },
            CommandError::BadGeometry(NodeId(2)),
        ),
        (
            "add with a node id in use",
            Command::Add { nodes: vec![n(30), n(3)], edges: vec![] },
            CommandError::IdInUse(3),
        ),
        (
            "add with the same new id twice",
            Command::Add { nodes: vec![n(30), n(30)], edges: vec![] },
            CommandError::IdInUse(30),
        ),
        (
            "add with an edge id in use",
            Command::Add { nodes: vec![n(30)], edges: vec![edge(5, 30, 1, "", ArrowStyle::OneWay)] },
            CommandError::IdInUse(5),
        ),
        (
            "add of an edge to a missing node",
            add_edge(edge(30, 1, 99, "", ArrowStyle::OneWay)),
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "add of a self-loop",
            Command::Add { nodes: vec![n(30)], edges: vec![edge(31, 2, 2, "", ArrowStyle::OneWay)] },
            CommandError::SelfLoop(EdgeId(31)),
        ),
        (
            "add of a NaN node",
            Command::Add { nodes: vec![n(30), nan_node(31)], edges: vec![] },
            CommandError::BadGeometry(NodeId(31)),
        ),
        (
            "add of a zero-size node",
            Command::Add { nodes: vec![sized_node(30, 0.0, 10.0)], edges: vec![] },
            CommandError::BadGeometry(NodeId(30)),
        ),
        (
            "add of a negative-size node",
            Command::Add { nodes: vec![sized_node(30, 10.0, -1.0)], edges: vec![] },
            CommandError::BadGeometry(NodeId(30)),
        ),
        (
            "add of an infinite-size node",
            Command::Add { nodes: vec![sized_node(30, f32::INFINITY, 10.0)], edges: vec![] },
            CommandError::BadGeometry(NodeId(30)),
        ),
        (
            "set rects with NaN size (after a good one)",
            Command::SetRects {
                rects: vec![
                    (NodeId(1), Point::new(1.0, 1.0), Size::new(10.0, 10.0)),
                    (NodeId(2), Point::new(1.0, 1.0), Size::new(f32::NAN, 10.0)),
                ],
            },
            CommandError::BadGeometry(NodeId(2)),
        ),
        (
            "set rects of a missing node",
            Command::SetRects {
                rects: vec![
                    (NodeId(1), Point::new(1.0, 1.0), Size::new(10.0, 10.0)),
                    (NodeId(77), Point::new(1.0, 1.0), Size::new(10.0, 10.0)),
                ],
            },
            CommandError::NoSuchNode(NodeId(77)),
        ),
        (
            "delete of a missing node",
            Command::Delete { nodes: vec![NodeId(1), NodeId(99)], edges: vec![] },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "delete of a missing edge",
            Command::Delete { nodes: vec![NodeId(1)], edges: vec![EdgeId(99)] },
            CommandError::NoSuchEdge(EdgeId(99)),
        ),
        (
            "restore of an id in use",
            Command::Restore { nodes: vec![(0, n(2))], edges: vec![] },
            CommandError::IdInUse(2),
        ),
        (
            "restore at an index out of range",
            Command::Restore { nodes: vec![(9, n(30))], edges: vec![] },
            CommandError::BadIndex(9),
        ),
        (
            "restore of an edge to a missing node",
            Command::Restore {
                nodes: vec![(0, n(30))],
                edges: vec![(0, edge(31, 30, 99, "", ArrowStyle::None))],
            },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "relabel of a missing node",
            Command::RelabelNode { id: NodeId(99), label: "x".into() },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "relabel of a missing edge",
            Command::RelabelEdge { id: EdgeId(99), label: "x".into() },
            CommandError::NoSuchEdge(EdgeId(99)),
        ),
        (
            "retarget of a missing edge",
            Command::Retarget { id: EdgeId(99), from: NodeId(1), to: NodeId(2) },
            CommandError::NoSuchEdge(EdgeId(99)),
        ),
        (
            "retarget onto a missing node",
            Command::Retarget { id: EdgeId(5), from: NodeId(1), to: NodeId(99) },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "retarget joining a node to itself",
            Command::Retarget { id: EdgeId(5), from: NodeId(2), to: NodeId(2) },
            CommandError::SelfLoop(EdgeId(5)),
        ),
        (
            "route of a missing edge",
            Command::SetRoute { id: EdgeId(2), route: Route::Elbow },
            CommandError::NoSuchEdge(EdgeId(2)),
        ),
        (
            "colour of a missing node",
            Command::SetColor { id: NodeId(99), color: Some(BoxColor::Red) },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "kind of a missing node",
            Command::SetKind { id: NodeId(99), kind: NodeKind::Note },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "kind stage 0",
            Command::SetKind { id: NodeId(1), kind: NodeKind::Stage(0) },
            CommandError::BadStage(NodeId(1)),
        ),
        (
            "reorder of a missing node (after an existing one)",
            Command::Reorder { nodes: vec![(0, NodeId(1)), (1, NodeId(99))] },
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "reorder naming a node twice",
            Command::Reorder { nodes: vec![(0, NodeId(1)), (1, NodeId(1))] },
            CommandError::Repeated(NodeId(1)),
        ),
        (
            "reorder past the end of the list",
            Command::Reorder { nodes: vec![(4, NodeId(1))] },
            CommandError::BadIndex(4),
        ),
        (
            "reorder with places out of order",
            Command::Reorder { nodes: vec![(2, NodeId(1)), (1, NodeId(2))] },
            CommandError::BadIndex(1),
        ),
        (
            "style of a missing edge",
            Command::SetEdgeStyle { id: EdgeId(1), style: ArrowStyle::None },
            CommandError::NoSuchEdge(EdgeId(1)),
        ),
        (
            "batch whose 2nd command fails",
            Command::Batch(vec![
                Command::Move { ids: vec![NodeId(1)], delta: Point::new(10.0, 10.0) },
                Command::Move { ids: vec![NodeId(99)], delta: Point::new(10.0, 10.0) },
            ]),
            CommandError::NoSuchNode(NodeId(99)),
        ),
        (
            "batch: delete, then a failing relabel",
            Command::Batch(vec![
                Command::Delete { nodes: vec![NodeId(2)], edges: vec![] },
                Command::RelabelNode { id: NodeId(2), label: "gone".into() },
                Command::SetTitle("never".into()),
            ]),
            CommandError::NoSuchNode(NodeId(2)),
        ),
        (
            "batch: add, then the same add again",
            Command::Batch(vec![
                Command::Add { nodes: vec![n(40)], edges: vec![edge(41, 40, 1, "", ArrowStyle::OneWay)] },
                Command::Add { nodes: vec![n(40)], edges: vec![] },
            ]),
            CommandError::IdInUse(40),
        ),
        (
            "batch: title, delete, then an edge to the deleted node",
            Command::Batch(vec![
                Command::SetTitle("changed".into()),
                Command::Delete { nodes: vec![NodeId(4)], edges: vec![] },
                Command::Add { nodes: vec![], edges: vec![edge(50, 1, 4, "", ArrowStyle::OneWay)] },
            ]),
            CommandError::NoSuchNode(NodeId(4)),
        ),
    ]
}

#[test]
fn failing_commands_return_err_and_leave_the_board_unchanged() {
    let start = sample_board();
    for (what, cmd, expected) in failing_commands() {
        let mut b = start.clone();
        let result = cmd.apply(&mut b);
        assert_eq!(result, Err(expected), "{what}");
        assert_eq!(b, start, "{what}: the board changed");
        assert_eq!(node_ids(&b), node_ids(&start), "{what}");
        assert_eq!(edge_ids(&b), edge_ids(&start), "{what}");
        // Lookups by id still work (the index was not left stale).
        for n in &start.nodes {
            assert_eq!(b.node(n.id), Some(n), "{what}");
        }
    }
}

#[test]
fn failing_commands_through_history_record_no_step() {
    let start = sample_board();
    for (what, cmd, _) in failing_commands() {
        let mut doc = Document::new(start.clone(), None);
        assert!(doc.apply(cmd).is_err(), "{what}");
        assert_eq!(*doc.board(), start, "{what}");
        assert!(!doc.history().can_undo(), "{what}: a failed command must not be an undo step");
        assert!(!doc.is_dirty(), "{what}: a failed command must not make the document dirty");
    }
}

#[test]
fn move_with_a_repeated_id_moves_once_or_is_refused() {
    // In range, so the move is allowed: the node named twice must move once, not twice.
    let mut start = sample_board();
    start.nodes[0].pos = Point::new(100.0, 0.0);
    start.reindex();
    let mut b = start.clone();
    let cmd = Command::Move { ids: vec![NodeId(1), NodeId(1)], delta: Point::new(50.0, 0.0) };
    let inverse = cmd.apply(&mut b).expect("an in-range move applies");
    let x = b.node(NodeId(1)).unwrap().pos.x;
    assert_eq!(x, 150.0, "the node should move once");
    inverse.apply(&mut b).expect("undo");
    assert_eq!(b, start, "the inverse puts it back once");

    // Out of range: refused whole, the board unchanged.
    let far = Command::Move { ids: vec![NodeId(1), NodeId(1)], delta: Point::new(1.0e38, 0.0) };
    assert!(far.apply(&mut b).is_err());
    assert_eq!(b, start, "a refused move changes nothing");
}

// ---------------------------------------------------------------------------------------------
// Dirty flag
// ---------------------------------------------------------------------------------------------

#[test]
fn document_dirty_flag_follows_saved_state() {
    let mut doc = Document::new(sample_board(), None);
    assert!(!doc.is_dirty(), "fresh document");

    doc.apply(Command::SetTitle("changed".into())).unwrap();
    assert!(doc.is_dirty(), "after apply");

    doc.undo().unwrap();
    assert!(!doc.is_dirty(), "after undo back to the saved state");

    doc.redo().unwrap();
    assert!(doc.is_dirty(), "after redo away from the saved state");

    doc.mark_saved("/tmp/x.ron".into());
    assert!(!doc.is_dirty(), "after mark_saved");
    assert_eq!(doc.path(), Some(std::path::Path::new("/tmp/x.ron")));

    doc.undo().unwrap();
    assert!(doc.is_dirty(), "undo past the save");
    doc.redo().unwrap();
    assert!(!doc.is_dirty(), "redo back to the save");

    doc.mark_dirty();
    assert!(doc.is_dirty(), "after mark_dirty");
    doc.mark_saved("/tmp/x.ron".into());
    assert!(!doc.is_dirty(), "after mark_saved again");
}

#[test]
fn document_dirty_after_undo_then_new_command() {
    let mut doc = Document::new(sample_board(), None);
    doc.apply(Command::SetTitle("a".into())).unwrap();
    doc.mark_saved("/tmp/a.ron".into());
    doc.undo().unwrap();
    doc.apply(Command::SetTitle("b".into())).unwrap();
    assert!(doc.is_dirty(), "a different branch of history is not the saved state");
    doc.undo().unwrap();
    assert!(doc.is_dirty(), "the state before the save is not the saved state");
}

#[test]
fn document_empty_command_is_not_a_change() {
    let mut doc = Document::new(sample_board(), None);
    doc.apply(Command::Move { ids: vec![NodeId(1)], delta: Point::new(0.0, 0.0) }).unwrap();
    doc.apply(Command::Batch(vec![])).unwrap();
    assert!(!doc.is_dirty());
    assert!(!doc.history().can_undo());
}

#[test]
fn document_is_dirty_when_history_limit_dropped_steps() {
    let start = sample_board();
    let mut doc = Document::new(start.clone(), None);
    // One more step than the default history keeps.
    for _ in 0..=mlsd_board::board::history::DEFAULT_LIMIT {
        doc.apply(Command::Move { ids: vec![NodeId(1)], delta: Point::new(1.0, 0.0) }).unwrap();
    }
    while doc.undo().is_some() {}
    assert_ne!(*doc.board(), start, "the oldest step was dropped, so undo cannot reach the start");
    assert!(doc.is_dirty(), "the board differs from the saved file, so the document must be dirty");
}

// ---------------------------------------------------------------------------------------------
// Fragments (copy / paste)
// ---------------------------------------------------------------------------------------------

#[test]
fn fragment_copy_keeps_only_edges_inside_the_selection() {
    let board = sample_board();
    let selected: HashSet<NodeId> = [NodeId(3), NodeId(1), NodeId(2)].into_iter().collect();
    let f = Fragment::copy(&board, &selected);
    assert!(!f.is_empty());
    assert_eq!(f.nodes.iter().map(|n| n.id.0).collect::<Vec<_>>(), vec![1, 2, 3], "board order");
    // 5: 1→2 and 7: 2→3 are inside; 6: 3→4 and 8: 4→1 leave the selection.
    assert_eq!(f.edges.iter().map(|e| e.id.0).collect::<Vec<_>>(), vec![5, 7]);
    for e in &f.edges {
        assert!(selected.contains(&e.from) && selected.contains(&e.to));
    }
    assert_eq!(f.origin(), Some(Point::new(0.0, 0.0)));

    let empty = Fragment::copy(&board, &HashSet::new());
    assert!(empty.is_empty());
    assert!(empty.edges.is_empty());
    assert_eq!(empty.origin(), None);
}

#[test]
fn fragment_paste_remaps_ids_and_offsets_positions() {
    let start = sample_board();
    let mut doc = Document::new(start.clone(), None);
    let selected: HashSet<NodeId> = [NodeId(1), NodeId(2), NodeId(3)].into_iter().collect();
    let f = Fragment::copy(doc.board(), &selected);
    let offset = Point::new(30.0, -45.5);
    // The document, not the caller, gives the pasted copies their ids.
    let added = doc.apply(f.paste(offset)).expect("apply paste");
    let new_ids = added.nodes.clone();
    let ids: Vec<u64> = added.nodes.iter().map(|n| n.0).chain(added.edges.iter().map(|e| e.0)).collect();
    let used: HashSet<u64> = node_ids(&start).into_iter().chain(edge_ids(&start)).collect();
    assert!(ids.iter().all(|id| !used.contains(id)), "fresh ids {ids:?} must be unused");
    assert_eq!(new_ids.len(), 3);
    let b = doc.board();
    assert_eq!(b.nodes.len(), 7);
    assert_eq!(b.edges.len(), 6);

    // Each copied node has a pasted twin with the same content, moved by the offset.
    let mut twin = std::collections::HashMap::new();
    for (orig, &new_id) in f.nodes.iter().zip(&new_ids) {
        let copy = b.node(new_id).expect("pasted node");
        assert_ne!(copy.id, orig.id);
        assert_eq!(copy.kind, orig.kind);
        assert_eq!(copy.label, orig.label);
        assert_eq!(copy.size, orig.size);
        assert_eq!(copy.pos, Point::new(orig.pos.x + offset.x, orig.pos.y + offset.y));
        twin.insert(orig.id, new_id);
    }
    // The pasted edges join the pasted nodes, never the originals.
    let pasted_edges: Vec<&Edge> = b.edges.iter().filter(|e| !used.contains(&e.id.0)).collect();
    assert_eq!(pasted_edges.len(), f.edges.len());
    for (orig, copy) in f.edges.iter().zip(&pasted_edges) {
        assert_eq!(copy.from, twin[&orig.from]);
        assert_eq!(copy.to, twin[&orig.to]);
        assert_eq!(copy.label, orig.label);
        assert_eq!(copy.style, orig.style);
    }
    // The originals are untouched.
    for n in &start.nodes {
        assert_eq!(b.node(n.id), Some(n));
    }

    doc.undo().expect("undo paste");
    assert_eq!(*doc.board(), start);
    // A second paste gets new ids again.
    let again = doc.apply(f.paste(offset)).expect("paste again");
    let ids2: Vec<u64> = again.nodes.iter().map(|n| n.0).chain(again.edges.iter().map(|e| e.0)).collect();
    assert!(ids2.iter().all(|id| !ids.contains(id)), "ids are never handed out twice");
}

#[test]
fn fragment_text_round_trip() {
    let board = sample_board();
    let all: HashSet<NodeId> = board.nodes.iter().map(|n| n.id).collect();
    let f = Fragment::copy(&board, &all);
    let text = f.to_text();
    assert!(!text.is_empty());
    let back = Fragment::from_text(&text).expect("round trip");
    assert_eq!(back, f);
    assert_eq!(back.nodes[2].label, "note\nwith a newline — ü");
}

#[test]
fn fragment_from_random_text_is_none() {
    let board_text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/small-board.ron"))
            .expect("fixture");
    let deep = format!("Fragment(magic: \"mlsd-board-fragment\", nodes: {}", "[".repeat(100_000));
    let cases = [
        "",
        "hello world",
        "mlsd-board-fragment",
        "(magic: \"mlsd-board-fragment\"",
        "Fragment(magic: \"something-else\", nodes: [], edges: [])",
        "Fragment(magic: \"mlsd-board-fragment\", nodes: 5, edges: [])",
        board_text.as_str(),
        deep.as_str(),
    ];
    for text in cases {
        assert!(Fragment::from_text(text).is_none(), "{:?} is not a fragment", &text[..text.len().min(60)]);
    }
}

#[test]
fn a_replay_log_with_a_change_the_commands_refuse_is_dropped_on_load() {
    use mlsd_board::board::record::{LogEntry, Snapshot};
    use mlsd_board::board::validate::repair_in_place;
    let bad = [
        Command::Reorder { nodes: vec![(2, NodeId(1)), (1, NodeId(2))] },
        Command::Reorder { nodes: vec![(0, NodeId(1)), (1, NodeId(1))] },
        Command::Retarget { id: EdgeId(5), from: NodeId(2), to: NodeId(2) },
        Command::Batch(vec![Command::SetKind { id: NodeId(1), kind: NodeKind::Stage(0) }]),
    ];
    for cmd in bad {
        let mut b = sample_board();
        b.session.replay_base = Some(Snapshot::of(&b.nodes, &b.edges));
        b.session.log.push(LogEntry { at_ms: 0, step: 0, cmd: cmd.clone() });
        let repairs = repair_in_place(&mut b);
        assert!(repairs.iter().any(|r| r.contains("replay log")), "{cmd:?}: {repairs:?}");
        assert!(b.session.log.is_empty(), "{cmd:?}");
    }
    // Good ones stay.
    let mut b = sample_board();
    b.session.replay_base = Some(Snapshot::of(&b.nodes, &b.edges));
    for cmd in [
        Command::Reorder { nodes: vec![(0, NodeId(3)), (3, NodeId(1))] },
        Command::Retarget { id: EdgeId(5), from: NodeId(2), to: NodeId(1) },
        Command::SetRoute { id: EdgeId(5), route: Route::Elbow },
        Command::SetColor { id: NodeId(1), color: Some(BoxColor::Blue) },
        Command::SetKind { id: NodeId(1), kind: NodeKind::Note },
    ] {
        b.session.log.push(LogEntry { at_ms: 0, step: 0, cmd });
    }
    assert!(repair_in_place(&mut b).is_empty());
    assert_eq!(b.session.log.len(), 5);
}

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

/// An abstract edit, turned into a valid command against the board as it is when it runs.
#[derive(Clone, Debug)]
enum Op {
    AddNode { kind: u8, x: f32, y: f32, w: f32, h: f32 },
    AddEdge { a: usize, b: usize, style: u8 },
    Move { pick: usize, dx: f32, dy: f32 },
    Resize { pick: usize, w: f32, h: f32 },
    RelabelNode { pick: usize, label: String },
    RelabelEdge { pick: usize, label: String },
    Delete { pick: usize },
    Title(String),
    Retarget { pick: usize, a: usize, b: usize },
    Route { pick: usize },
    Color { pick: usize, color: usize },
    Kind { pick: usize, kind: u8 },
    Reorder { pick: usize, front: bool },
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let coord = -2000.0f32..2000.0;
    let side = 1.0f32..500.0;
    let label = "[a-zA-Z0-9 \"\\n\\\\é—]{0,12}";
    prop_oneof![
        (0u8..3, coord.clone(), coord.clone(), side.clone(), side.clone())
            .prop_map(|(kind, x, y, w, h)| Op::AddNode { kind, x, y, w, h }),
        (any::<usize>(), any::<usize>(), 0u8..3).prop_map(|(a, b, style)| Op::AddEdge { a, b, style }),
        (any::<usize>(), coord.clone(), coord).prop_map(|(pick, dx, dy)| Op::Move { pick, dx, dy }),
        (any::<usize>(), side.clone(), side).prop_map(|(pick, w, h)| Op::Resize { pick, w, h }),
        (any::<usize>(), label).prop_map(|(pick, label)| Op::RelabelNode { pick, label }),
        (any::<usize>(), label).prop_map(|(pick, label)| Op::RelabelEdge { pick, label }),
        any::<usize>().prop_map(|pick| Op::Delete { pick }),
        label.prop_map(Op::Title),
        (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(pick, a, b)| Op::Retarget { pick, a, b }),
        any::<usize>().prop_map(|pick| Op::Route { pick }),
        (any::<usize>(), 0usize..9).prop_map(|(pick, color)| Op::Color { pick, color }),
        (any::<usize>(), 0u8..3).prop_map(|(pick, kind)| Op::Kind { pick, kind }),
        (any::<usize>(), any::<bool>()).prop_map(|(pick, front)| Op::Reorder { pick, front }),
    ]
}

/// The command `op` stands for on `board`, or `None` when it cannot apply (e.g. no nodes yet).
fn command_for(op: &Op, board: &mut Board) -> Option<Command> {
    let n = board.nodes.len();
    let node_at = |b: &Board, i: usize| b.nodes[i % b.nodes.len()].id;
    Some(match op {
        Op::AddNode { kind, x, y, w, h } => {
            let id = board.fresh_id();
            let kind = match kind {
                0 => NodeKind::Stage(1 + (id % 6) as u8),
                1 => NodeKind::Component("feature_store".into()),
                _ => NodeKind::Note,
            };
            let node = Node {
                id: NodeId(id),
                kind,
                label: format!("n{id}"),
                pos: Point::new(*x, *y),
                size: Size::new(*w, *h),
                color: None,
            };
            Command::Add { nodes: vec![node], edges: vec![] }
        }
        Op::AddEdge { a, b, style } => {
            if n < 2 {
                return None;
            }
            let from = node_at(board, *a);
            let mut to = node_at(board, *b);
            if to == from {
                to = node_at(board, a % n + 1);
            }
            let style = [ArrowStyle::OneWay, ArrowStyle::TwoWay, ArrowStyle::None][usize::from(*style)];
            let id = board.fresh_id();
            Command::Add {
                nodes: vec![],
                edges: vec![Edge {
                    id: EdgeId(id),
                    from,
                    to,
                    label: String::new(),
                    style,
                    route: Default::default(),
                }],
            }
        }
        Op::Move { pick, dx, dy } => {
            if n == 0 {
                return None;
            }
            Command::Move { ids: vec![node_at(board, *pick)], delta: Point::new(*dx, *dy) }
        }
        Op::Resize { pick, w, h } => {
            if n == 0 {
                return None;
            }
            let id = node_at(board, *pick);
            let pos = board.node(id)?.pos;
            Command::SetRects { rects: vec![(id, pos, Size::new(*w, *h))] }
        }
        Op::RelabelNode { pick, label } => {
            if n == 0 {
                return None;
            }
            Command::RelabelNode { id: node_at(board, *pick), label: label.clone() }
        }
        Op::RelabelEdge { pick, label } => {
            if board.edges.is_empty() {
                return None;
            }
            Command::RelabelEdge { id: board.edges[pick % board.edges.len()].id, label: label.clone() }
        }
        Op::Delete { pick } => {
            if n == 0 {
                return None;
            }
            Command::Delete { nodes: vec![node_at(board, *pick)], edges: vec![] }
        }
        Op::Title(t) => Command::SetTitle(t.clone()),
        Op::Retarget { pick, a, b } => {
            if board.edges.is_empty() || n < 2 {
                return None;
            }
            let from = node_at(board, *a);
            let mut to = node_at(board, *b);
            if to == from {
                to = node_at(board, a % n + 1);
            }
            Command::Retarget { id: board.edges[pick % board.edges.len()].id, from, to }
        }
        Op::Route { pick } => {
            let e = board.edges.get(pick % board.edges.len().max(1))?;
            Command::SetRoute { id: e.id, route: e.route.toggled() }
        }
        Op::Color { pick, color } => {
            if n == 0 {
                return None;
            }
            Command::SetColor { id: node_at(board, *pick), color: BoxColor::ALL.get(*color).copied() }
        }
        Op::Kind { pick, kind } => {
            if n == 0 {
                return None;
            }
            let kind = match kind {
                0 => NodeKind::Stage(2),
                1 => NodeKind::Component("ranker".into()),
                _ => NodeKind::Note,
            };
            Command::SetKind { id: node_at(board, *pick), kind }
        }
        Op::Reorder { pick, front } => {
            if n == 0 {
                return None;
            }
            let id = node_at(board, *pick);
            Command::Reorder { nodes: vec![(if *front { n - 1 } else { 0 }, id)] }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_undo_and_redo_exactly(ops in proptest::collection::vec(op_strategy(), 0..40)) {
        let initial = sample_board();
        let mut board = initial.clone();
        let mut history = History::default();
        let mut states = vec![board.clone()];
        for op in &ops {
            let Some(cmd) = command_for(op, &mut board) else { continue };
            let before = history.undo_len();
            let result = history.apply(&mut board, cmd.clone());
            prop_assert!(result.is_ok(), "valid command {:?} failed: {:?}", cmd, result);
            if history.undo_len() > before {
                states.push(board.clone());
            } else {
                prop_assert_eq!(&board, states.last().unwrap(), "an unrecorded command must change nothing");
            }
        }
        let end = board.clone();
        let steps = states.len() - 1;
        prop_assert_eq!(history.undo_len(), steps);

        for i in (0..steps).rev() {
            prop_assert!(history.undo(&mut board).is_some());
            prop_assert_eq!(&board, &states[i]);
        }
        prop_assert!(history.undo(&mut board).is_none());
        prop_assert_eq!(&board, &initial);

        for state in states.iter().skip(1) {
            prop_assert!(history.redo(&mut board).is_some());
            prop_assert_eq!(&board, state);
        }
        prop_assert!(history.redo(&mut board).is_none());
        prop_assert_eq!(&board, &end);
    }

    #[test]
    fn from_text_of_arbitrary_text_is_none(text in "\\PC{0,200}") {
        prop_assert!(Fragment::from_text(&text).is_none());
    }

    #[test]
    fn from_text_of_mangled_fragment_never_panics(cut in 0usize..2000, junk in "[\\[\\](),:\"a-z0-9 ]{0,20}") {
        let board = sample_board();
        let all: HashSet<NodeId> = board.nodes.iter().map(|n| n.id).collect();
        let text = Fragment::copy(&board, &all).to_text();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let mangled = format!("{}{}", &text[..cut], junk);
        // Clipboard text is untrusted: reading it must never panic, and whatever parses is a
        // fragment with the right marker.
        if let Some(f) = Fragment::from_text(&mangled) {
            prop_assert_eq!(f.magic.as_str(), "mlsd-board-fragment");
        }
    }
}

/// Bulk commands with the id hasher and without the unconditional log copy: a delete of every
/// other box (with the arrows touching them) and a duplicate of everything, each undone and
/// redone, come back to exactly the board they started from, and ids still resolve.
#[test]
fn bulk_delete_and_duplicate_undo_to_the_exact_board() {
    use mlsd_board::board::{Command, Document, Fragment, Point};
    let start = mlsd_board::cli::demo::board(2_000);
    let mut doc = Document::new(start.clone(), None);
    doc.start_replay();
    let half: Vec<_> = start.nodes.iter().step_by(2).map(|n| n.id).collect();
    doc.apply(Command::Delete { nodes: half.clone(), edges: Vec::new() }).expect("delete");
    assert_eq!(doc.board().nodes.len(), 1_000);
    assert!(
        doc.board()
            .edges
            .iter()
            .all(|e| doc.board().node(e.from).is_some() && doc.board().node(e.to).is_some())
    );
    doc.undo().expect("undo");
    assert!(doc.board().nodes == start.nodes && doc.board().edges == start.edges);
    assert!(start.nodes.iter().all(|n| doc.board().node(n.id) == Some(n)));
    assert!(start.edges.iter().all(|e| doc.board().edge(e.id) == Some(e)));
    doc.redo().expect("redo");
    doc.undo().expect("undo again");
    assert!(doc.board().nodes == start.nodes && doc.board().edges == start.edges);

    let all = start.nodes.iter().map(|n| n.id).collect();
    let added = doc.apply(Fragment::copy(doc.board(), &all).paste(Point::new(40.0, 40.0))).expect("dup");
    assert_eq!((added.nodes.len(), added.edges.len()), (2_000, 2_000));
    assert!(added.nodes.iter().all(|id| doc.board().node(*id).is_some()));
    doc.undo().expect("undo the duplicate");
    assert!(doc.board().nodes == start.nodes && doc.board().edges == start.edges);
    assert_eq!(doc.board().session.log.len(), 6, "every change logged once");
}
