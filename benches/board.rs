//! `cargo bench --bench board`: loading (RON parse + validation) and saving (serialize + atomic
//! write) the generated 10,000-node board, and hit-testing it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::file::format;
use mlsd_board::render::geometry::{Preview, node_at, node_rect};
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

criterion_group!(benches, bench_board);
criterion_main!(benches);
