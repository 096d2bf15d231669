//! Bulk edits through the document as the canvas makes them (paste, duplicate, delete of groups,
//! moves, typed notes, a batch that fails), mixed with undo and redo: every state is exactly the
//! one a plain list of boards says it should be, and the replay log of the session ends at the
//! board as it is. The undo history moves the items of adds and restores instead of copying
//! them; these tests are what says it loses nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use mlsd_board::board::{Board, Command, Document, Edge, Fragment, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::practice::replay::Replay;
use proptest::prelude::*;
use std::collections::HashSet;

#[derive(Clone, Debug)]
enum Op {
    /// Copy the picked boxes, then paste the copy (the copy stays, as on the clipboard).
    Paste {
        mask: u64,
        d: f32,
    },
    /// Duplicate the picked boxes.
    Duplicate {
        mask: u64,
    },
    /// Delete the picked boxes (and their arrows).
    Delete {
        mask: u64,
    },
    /// Move the picked boxes.
    Move {
        mask: u64,
        d: f32,
    },
    /// Type into a step's notes (consecutive typing in one step is one undo step).
    Notes {
        step: usize,
        text: String,
    },
    /// A batch that adds a box and then fails: nothing may change.
    FailingBatch,
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<u64>(), -50.0f32..50.0).prop_map(|(mask, d)| Op::Paste { mask, d }),
        any::<u64>().prop_map(|mask| Op::Duplicate { mask }),
        any::<u64>().prop_map(|mask| Op::Delete { mask }),
        (any::<u64>(), -50.0f32..50.0).prop_map(|(mask, d)| Op::Move { mask, d }),
        (0..2usize, "[a-z]{0,6}").prop_map(|(step, text)| Op::Notes { step, text }),
        Just(Op::FailingBatch),
        Just(Op::Undo),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

/// The boxes whose place on the board has its bit set in `mask` (places taken modulo 64).
fn picked(board: &Board, mask: u64) -> HashSet<NodeId> {
    board.nodes.iter().enumerate().filter(|(i, _)| mask >> (i % 64) & 1 == 1).map(|(_, n)| n.id).collect()
}

/// What undo and redo must restore: boxes, arrows, and the steps' notes.
fn content(board: &Board) -> (Vec<Node>, Vec<Edge>, Vec<String>) {
    let notes = board.session.steps.iter().map(|s| format!("{}={}", s.id, s.notes)).collect();
    (board.nodes.clone(), board.edges.clone(), notes)
}

const STEPS: [&str; 2] = ["clarify", "frame"];

/// A board of `n` boxes and arrows whose ids are spread out (every id times `spread`), as in a
/// file written by another program.
fn board_with_ids(n: usize, spread: u64) -> Board {
    let mut board = mlsd_board::cli::demo::board(n);
    for node in &mut board.nodes {
        node.id = NodeId(node.id.0 * spread);
    }
    for e in &mut board.edges {
        e.id.0 *= spread;
        e.from.0 *= spread;
        e.to.0 *= spread;
    }
    board.next_id = 0;
    board.reindex();
    board
}

/// Runs `ops` on a document of `board` with the clock started, checking every state against a
/// list of expected states; returns the document.
fn run(board: Board, ops: &[Op]) -> Result<Document, TestCaseError> {
    let mut doc = Document::new(board, None);
    doc.start_replay();
    // The expected states, each with the step whose notes made it (typing there merges), and
    // the current one.
    let mut states = vec![(content(doc.board()), None::<usize>)];
    let mut at = 0usize;
    for op in ops {
        let before = content(doc.board());
        let cmd = match op {
            Op::Paste { mask, d } => {
                let f = Fragment::copy(doc.board(), &picked(doc.board(), *mask));
                (!f.is_empty()).then(|| f.paste(Point::new(*d, -*d)))
            }
            Op::Duplicate { mask } => {
                let f = Fragment::copy(doc.board(), &picked(doc.board(), *mask));
                (!f.is_empty()).then(|| f.into_paste(Point::new(20.0, 20.0)))
            }
            Op::Delete { mask } => {
                let nodes = doc.board().in_board_order(&picked(doc.board(), *mask));
                (!nodes.is_empty()).then_some(Command::Delete { nodes, edges: Vec::new() })
            }
            Op::Move { mask, d } => {
                let ids = doc.board().in_board_order(&picked(doc.board(), *mask));
                (!ids.is_empty() && *d != 0.0).then_some(Command::Move { ids, delta: Point::new(*d, *d) })
            }
            Op::Notes { step, text } => {
                Some(Command::SetNotes { step: STEPS[*step].to_owned(), notes: text.clone() })
            }
            Op::FailingBatch => {
                let node = Node {
                    id: NodeId(1),
                    kind: NodeKind::Note,
                    label: "never".into(),
                    pos: Point::new(0.0, 0.0),
                    size: Size::new(100.0, 50.0),
                    color: None,
                };
                let missing = Command::Move { ids: vec![NodeId(u64::MAX / 2)], delta: Point::new(1.0, 1.0) };
                let batch =
                    Command::Batch(vec![Command::Insert { nodes: vec![node], edges: vec![] }, missing]);
                prop_assert!(doc.apply(batch).is_err(), "a batch with a missing box must fail");
                prop_assert_eq!(content(doc.board()), before, "a failed batch changed the board");
                continue;
            }
            Op::Undo => {
                let undone = doc.undo().is_some();
                prop_assert_eq!(undone, at > 0);
                at = at.saturating_sub(1);
                prop_assert_eq!(&content(doc.board()), &states[at].0, "after undo");
                continue;
            }
            Op::Redo => {
                let redone = doc.redo().is_some();
                prop_assert_eq!(redone, at + 1 < states.len());
                if redone {
                    at += 1;
                }
                prop_assert_eq!(&content(doc.board()), &states[at].0, "after redo");
                continue;
            }
        };
        let Some(cmd) = cmd else { continue };
        let step = match op {
            Op::Notes { step, .. } => Some(*step),
            _ => None,
        };
        let steps_before = doc.history().undo_len();
        doc.apply(cmd).expect("a command the canvas makes applies");
        let now = content(doc.board());
        states.truncate(at + 1);
        if doc.history().undo_len() > steps_before {
            states.push((now, step));
            at += 1;
        } else if step.is_some() {
            // Typing on in the same step's notes merges into its undo step.
            prop_assert!(at > 0 && states[at].1 == step, "notes merged into another kind of step");
            states[at].0 = now;
        } else {
            prop_assert_eq!(now, before, "a command that made no undo step changed the board");
        }
    }
    // The replay of the session ends at the board as it is.
    let replay = Replay::new(&doc.board().session).expect("the clock was started");
    let end = replay.board_at(replay.duration_ms());
    prop_assert_eq!(&end.nodes, &doc.board().nodes, "the replay's boxes");
    prop_assert_eq!(&end.edges, &doc.board().edges, "the replay's arrows");
    Ok(doc)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn bulk_edits_undo_and_redo_exactly(ops in proptest::collection::vec(op(), 0..30)) {
        run(mlsd_board::cli::demo::board(12), &ops)?;
    }

    /// The same with ids far apart, which the board's id tables keep in their hash maps.
    #[test]
    fn bulk_edits_on_sparse_ids_undo_and_redo_exactly(ops in proptest::collection::vec(op(), 0..30)) {
        run(board_with_ids(12, 1 << 40), &ops)?;
    }
}

/// Undoing everything after a run of bulk edits gives back the first board, and redoing it all
/// gives back the last, on a board big enough that each edit touches thousands of items.
#[test]
fn a_long_run_of_bulk_edits_undoes_to_the_start_and_redoes_to_the_end() {
    let start = mlsd_board::cli::demo::board(3_000);
    let ops: Vec<Op> = (0..12)
        .map(|i| match i % 4 {
            0 => Op::Duplicate { mask: 0x5555_5555_5555_5555 },
            1 => Op::Paste { mask: u64::MAX, d: 30.0 },
            2 => Op::Delete { mask: 0x0f0f_0f0f_0f0f_0f0f << (i % 3) },
            _ => Op::Move { mask: 0x3333_3333_3333_3333, d: -10.0 },
        })
        .collect();
    let mut doc = run(start.clone(), &ops).expect("every state as expected");
    let end = content(doc.board());
    assert!(doc.board().nodes.len() > 3_000, "the edits added boxes: {}", doc.board().nodes.len());
    while doc.undo().is_some() {}
    assert_eq!(content(doc.board()), content(&start));
    while doc.redo().is_some() {}
    assert_eq!(content(doc.board()), end);
}
