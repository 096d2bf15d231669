//! `cargo bench --bench board`: loading (RON parse + validation) and saving (serialize + atomic
//! write) the generated 10,000-node board, and hit-testing it; and (group `bulk`) the commands a
//! select-all makes on 10,000, 100,000 and 200,000 boxes: duplicate, paste, delete, and undo of
//! each.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mlsd_board::board::{Command, Document, Fragment, NodeId, Point};
use mlsd_board::file::format;
use mlsd_board::render::geometry::{Preview, node_at, node_rect};
use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

fn bench_board(c: &mut Criterion) {
    let board = mlsd_board::cli::demo::board(10_000);
    let dir = std::env::temp_dir().join(format!("mlsd-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp folder");
    let path = dir.join("board10k.ron");
    format::save(&path, &board).expect("save");

    let mut group = c.benchmark_group("board");
    group.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    group.bench_function("load_10000", |b| b.iter(|| black_box(format::load(&path).expect("load"))));
    group.bench_function("save_10000", |b| b.iter(|| format::save(&path, black_box(&board)).expect("save")));

    // What is under the pointer: a point inside a node in the middle of the board, and a point
    // on empty board between nodes (the worst case: nothing is hit).
    let middle = node_rect(&board.nodes[5050]).center();
    let empty = node_rect(&board.nodes[5050]).right_center() + egui::vec2(20.0, 0.0);
    let preview = Preview::default();
    assert_eq!(node_at(&board, &preview, middle), Some(board.nodes[5050].id));
    assert_eq!(node_at(&board, &preview, empty), None);
    group.bench_function("hit_test_10000", |b| {
        b.iter(|| (black_box(node_at(&board, &preview, middle)), black_box(node_at(&board, &preview, empty))))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

/// A document of the generated board of `n` boxes and `n` arrows with the interview clock started
/// (so every change also goes into the replay log, as during a practice session), and every box
/// selected.
fn bulk_doc(n: usize) -> (Document, HashSet<NodeId>) {
    let mut doc = Document::new(mlsd_board::cli::demo::board(n), None);
    doc.start_replay();
    let all = doc.board().nodes.iter().map(|x| x.id).collect();
    (doc, all)
}

/// What the canvas makes of Delete with every box selected: the boxes in board order.
fn delete_all(doc: &Document, selection: &HashSet<NodeId>) -> Command {
    let nodes = doc.board().in_board_order(selection);
    Command::Delete { nodes, edges: Vec::new() }
}

/// How the canvas makes one of the bulk commands, from the document, the selection and a
/// fragment copied earlier.
type Make = fn(&Document, &HashSet<NodeId>, &Fragment, Point) -> Command;

/// Ctrl+A then Ctrl+D, Ctrl+V (of a copy of everything) or Delete, and Ctrl+Z after each, as the
/// canvas makes the commands (`ui/canvas.rs`) and the document applies them. Each sample starts
/// from a fresh copy of the document, made outside the timing. Each case runs at every size back
/// to back, so the figures a ratio compares are taken seconds apart, not minutes (this machine's
/// speed drifts over minutes).
fn bench_bulk(c: &mut Criterion) {
    let mut group = c.benchmark_group("bulk");
    group.sample_size(30).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    let offset = Point::new(40.0, 40.0);
    let boards: Vec<(usize, Document, HashSet<NodeId>, Fragment)> = [10_000, 100_000, 200_000]
        .into_iter()
        .map(|n| {
            let (doc, all) = bulk_doc(n);
            let fragment = Fragment::copy(doc.board(), &all);
            (n, doc, all, fragment)
        })
        .collect();
    let cases: [(&str, Make); 3] = [
        ("duplicate", |d, all, _, offset| Fragment::copy(d.board(), all).into_paste(offset)),
        ("paste", |_, _, fragment, offset| fragment.paste(offset)),
        ("delete", |d, all, _, _| delete_all(d, all)),
    ];
    for (name, make) in cases {
        for (n, doc, all, fragment) in &boards {
            group.bench_function(format!("{name}_{n}"), |b| {
                b.iter_batched_ref(
                    || doc.clone(),
                    |d| {
                        let cmd = make(d, all, fragment, offset);
                        black_box(d.apply(cmd).expect("applies"))
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    for (name, make) in cases {
        for (n, doc, all, fragment) in &boards {
            let applied = || {
                let mut d = doc.clone();
                let cmd = make(&d, all, fragment, offset);
                d.apply(cmd).expect("applies");
                d
            };
            group.bench_function(format!("undo_{name}_{n}"), |b| {
                b.iter_batched_ref(
                    applied,
                    |d| _ = black_box(d.undo().expect("undoes")),
                    BatchSize::PerIteration,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_board, bench_bulk);
criterion_main!(benches);
