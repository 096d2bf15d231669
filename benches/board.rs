//! `cargo bench --bench board`: loading (RON parse + validation) and saving (serialize + atomic
//! write) the generated 10,000-node board, and hit-testing it; and (group `bulk`) the commands a
//! select-all makes on 10,000, 100,000 and 200,000 boxes: duplicate, paste, delete, and undo of
//! each; and (group `bulk_cold`) the same commands with the CPU's caches emptied before each
//! one, so that a ratio of two sizes compares the work, not how much of each board the cache held.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main};
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

/// The three bulk commands: Ctrl+D, Ctrl+V of a copy of everything, and Delete.
const CASES: [(&str, Make); 3] = [
    ("duplicate", |d, all, _, offset| Fragment::copy(d.board(), all).into_paste(offset)),
    ("paste", |_, _, fragment, offset| fragment.paste(offset)),
    ("delete", |d, all, _, _| delete_all(d, all)),
];

/// Ctrl+A then Ctrl+D, Ctrl+V (of a copy of everything) or Delete, and Ctrl+Z after each, as the
/// canvas makes the commands (`ui/canvas.rs`) and the document applies them, on boards of each of
/// `sizes`. Each sample starts from a fresh copy of the document, made outside the timing, after
/// which `before` runs, also outside it. Each case runs at every size back to back, so the
/// figures a ratio compares are taken seconds apart, not minutes (this machine's speed drifts
/// over minutes).
fn bulk_cases(group: &mut BenchmarkGroup<'_, WallTime>, sizes: &[usize], mut before: impl FnMut()) {
    let offset = Point::new(40.0, 40.0);
    let boards: Vec<(usize, Document, HashSet<NodeId>, Fragment)> = sizes
        .iter()
        .map(|&n| {
            let (doc, all) = bulk_doc(n);
            let fragment = Fragment::copy(doc.board(), &all);
            (n, doc, all, fragment)
        })
        .collect();
    for (name, make) in CASES {
        for (n, doc, all, fragment) in &boards {
            group.bench_function(format!("{name}_{n}"), |b| {
                b.iter_batched_ref(
                    || {
                        let d = doc.clone();
                        before();
                        d
                    },
                    |d| {
                        let cmd = make(d, all, fragment, offset);
                        black_box(d.apply(cmd).expect("applies"))
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    for (name, make) in CASES {
        for (n, doc, all, fragment) in &boards {
            group.bench_function(format!("undo_{name}_{n}"), |b| {
                b.iter_batched_ref(
                    || {
                        let mut d = doc.clone();
                        let cmd = make(&d, all, fragment, offset);
                        d.apply(cmd).expect("applies");
                        before();
                        d
                    },
                    |d| _ = black_box(d.undo().expect("undoes")),
                    BatchSize::PerIteration,
                )
            });
        }
    }
}

/// The bulk commands at 10k, 100k and 200k boxes, each from a fresh copy of the document.
fn bench_bulk(c: &mut Criterion) {
    let mut group = c.benchmark_group("bulk");
    group.sample_size(30).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    bulk_cases(&mut group, &[10_000, 100_000, 200_000], || {});
    group.finish();
}

/// Bytes written to push everything else out of the CPU's caches: four times this machine's
/// 32 MiB L3 (`BENCHMARKS.md` records the machine), so that next to nothing of the board is
/// left in them.
const EVICT_BYTES: usize = 128 << 20;

/// Writes one byte of every cache line of `buf`, so that whatever the caches held before is
/// gone (and what was dirty is written back) before the timing starts.
fn evict(buf: &mut [u8]) {
    for line in buf.chunks_exact_mut(64) {
        line[0] = line[0].wrapping_add(1);
    }
    black_box(buf);
}

/// The cases of [`bench_bulk`] at 10k and 100k with every cache emptied after the fresh copy of
/// the document is made, and before the command. In `bulk/` the copy made just before the timing
/// leaves a 10k board (a few MB) in the caches and a 100k one mostly not, so its 100k / 10k ratio
/// holds the step from cache to main memory as well as the work. Here both sizes start from main
/// memory, as a command after a spell of other work (painting, typing) does, and the ratio is
/// the work's.
fn bench_bulk_cold(c: &mut Criterion) {
    let mut group = c.benchmark_group("bulk_cold");
    group.sample_size(20).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    let mut scratch = vec![0u8; EVICT_BYTES];
    bulk_cases(&mut group, &[10_000, 100_000], || evict(&mut scratch));
    group.finish();
}

criterion_group!(benches, bench_board, bench_bulk, bench_bulk_cold);
criterion_main!(benches);
