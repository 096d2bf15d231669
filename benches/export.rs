//! `cargo bench --bench export`: the 2× PNG export (render to pixels, and PNG encoding) of the
//! largest built-in template's reference board and of a generated 1,000-node board; then every
//! export format (PNG with the board inside, SVG, the PDF report, Excalidraw, Mermaid) at its
//! defaults, in memory, of the largest template and of `mlsd-board demo --nodes 1000`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use criterion::{Criterion, criterion_group, criterion_main};
use mlsd_board::board::{Board, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::embedded::TEMPLATES;
use mlsd_board::content::schema::Template;
use mlsd_board::render::export::{self, ExportOptions};
use mlsd_board::render::formats::{self, Format};
use std::hint::black_box;
use std::time::Duration;

/// The reference board of the template with the most boxes.
fn largest_template() -> Board {
    let mut best: Option<Template> = None;
    for (id, text) in TEMPLATES {
        let t: Template = match ron::from_str(text) {
            Ok(t) => t,
            Err(e) => panic!("template {id}: {e}"),
        };
        if best.as_ref().is_none_or(|b| t.reference.nodes.len() > b.reference.nodes.len()) {
            best = Some(t);
        }
    }
    let Some(t) = best else { panic!("no built-in templates") };
    t.reference.to_board(&t.title, &t.framework)
}

/// 1,000 labelled component boxes in a 40 × 25 grid, each with one edge to its right-hand
/// neighbour (or, at the end of a row, to the box below).
fn generated_board(cols: u64, rows: u64) -> Board {
    const KINDS: [&str; 5] = ["feature_store", "ann_index", "re_ranker", "client", "embedding_generator"];
    let mut b = Board::new("Generated");
    for r in 0..rows {
        for c in 0..cols {
            let id = r * cols + c + 1;
            b.nodes.push(Node {
                id: NodeId(id),
                kind: NodeKind::Component(KINDS[(id % 5) as usize].to_owned()),
                label: format!("Service {id}"),
                pos: Point::new(c as f32 * 200.0, r as f32 * 90.0),
                size: Size::new(160.0, 56.0),
                color: None,
            });
        }
    }
    let n = cols * rows;
    for id in 1..=n {
        let to = if id % cols != 0 {
            id + 1
        } else if id + cols <= n {
            id + cols
        } else {
            1
        };
        b.edges.push(Edge {
            id: EdgeId(n + id),
            from: NodeId(id),
            to: NodeId(to),
            label: String::new(),
            style: Default::default(),
            route: Default::default(),
        });
    }
    b.next_id = 2 * n + 1;
    b.reindex();
    b
}

fn bench_export(c: &mut Criterion) {
    let opts = ExportOptions { scale: 2, ..Default::default() };
    let template = largest_template();
    let big = generated_board(40, 25);

    let mut group = c.benchmark_group("export");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("largest_template_2x", |b| {
        b.iter(|| export::render_board(black_box(&template), &opts).map(|img| img.width()))
    });
    group.bench_function("largest_template_2x_png", |b| {
        let dir = std::env::temp_dir().join(format!("mlsd-board-bench-{}.png", std::process::id()));
        b.iter(|| export::export_png(black_box(&template), &opts, &dir));
        let _ = std::fs::remove_file(&dir);
    });
    group.bench_function("generated_1000_nodes_2x", |b| {
        b.iter(|| export::render_board(black_box(&big), &opts).map(|img| img.width()))
    });
    group.finish();
}

fn bench_formats(c: &mut Criterion) {
    let opts = ExportOptions::default();
    let mut template = largest_template();
    if let Some(t) = mlsd_board::content::templates::builtin().iter().find(|t| t.title == template.title) {
        template.session.problem = t.statement.clone();
    }
    let demo = mlsd_board::cli::demo::board(1000);
    let mut group = c.benchmark_group("formats");
    group.sample_size(10).measurement_time(Duration::from_secs(8));
    for format in Format::ALL {
        for (name, board) in [("largest_template", &template), ("demo_1000", &demo)] {
            group.bench_function(format!("{}_{name}", format.extension()), |b| {
                b.iter(|| formats::export_bytes(black_box(board), format, &opts).map(|e| e.bytes.len()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_export, bench_formats);
criterion_main!(benches);
