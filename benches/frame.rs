//! `cargo bench --bench frame`: one full UI frame of the canvas (layout + tessellation) in a
//! headless egui context at 1920×1080, for generated boards (`mlsd_board::cli::demo::board`) with
//! labels and one edge per node.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, pos2, vec2};
use mlsd_board::board::{Board, Document};
use mlsd_board::render::geometry::node_rect;
use mlsd_board::render::theme::{Colors, ThemeKind};
use mlsd_board::render::view::ViewTransform;
use mlsd_board::ui::canvas::Canvas;
use std::hint::black_box;
use std::time::Duration;

const SCREEN: Rect = Rect { min: Pos2::ZERO, max: pos2(1920.0, 1080.0) };

/// A canvas showing `board` in a 1920×1080 window, fitted or at 100%.
struct Frame {
    ctx: egui::Context,
    doc: Document,
    canvas: Canvas,
    palette: Colors,
    events: Vec<Event>,
}

impl Frame {
    fn new(board: Board, fit: bool) -> Self {
        let ctx = egui::Context::default();
        mlsd_board::render::fonts::install(&ctx);
        let mut canvas = Canvas::default();
        let mut view = ViewTransform::from_view(board.view, SCREEN);
        if fit {
            if let Some((min, max)) = board.bounds() {
                view.fit(Rect::from_min_max(pos2(min.x, min.y), pos2(max.x, max.y)), 48.0);
            }
        } else {
            view.zoom = 1.0;
        }
        canvas.view = Some(view);
        let mut f = Self {
            ctx,
            doc: Document::new(board, None),
            canvas,
            palette: Colors::of(ThemeKind::Light),
            events: Vec::new(),
        };
        // Warm up: fonts loaded, atlas filled, galley cache primed.
        for _ in 0..3 {
            f.run();
        }
        f
    }

    /// One frame: layout, painting into shapes, tessellation.
    fn run(&mut self) -> usize {
        let raw = RawInput {
            screen_rect: Some(SCREEN),
            events: std::mem::take(&mut self.events),
            ..Default::default()
        };
        let (doc, canvas, palette) = (&mut self.doc, &mut self.canvas, &self.palette);
        let out = self.ctx.run_ui(raw, |ui| {
            egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
                canvas.show(ui, doc, palette);
            });
        });
        let ppp = out.pixels_per_point;
        let prims = self.ctx.tessellate(out.shapes, ppp);
        prims.len()
    }
}

fn bench_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for (name, n, fit) in [
        ("nodes_100", 100, true),
        ("nodes_1000", 1000, true),
        ("nodes_10000", 10_000, true),
        ("nodes_10000_1to1", 10_000, false),
    ] {
        let mut f = Frame::new(mlsd_board::cli::demo::board(n), fit);
        group.bench_function(name, |b| b.iter(|| black_box(f.run())));
    }
    let mut f = Frame::new(mlsd_board::cli::demo::board(10_000), true);
    f.canvas.cache_board = false;
    group.bench_function("nodes_10000_uncached", |b| b.iter(|| black_box(f.run())));

    // A pan: the view moves by a point and a half and back every frame, nothing else changes.
    // `_uncached`: the same with the canvas's board cache off, as every frame was before it.
    for (name, n, cache) in [
        ("pan_100", 100, true),
        ("pan_10000", 10_000, true),
        ("pan_100_uncached", 100, false),
        ("pan_10000_uncached", 10_000, false),
    ] {
        let mut f = Frame::new(mlsd_board::cli::demo::board(n), true);
        f.canvas.cache_board = cache;
        let mut step = 0u32;
        group.bench_function(name, |b| {
            b.iter(|| {
                step += 1;
                let v = f.canvas.view.as_mut().expect("view set");
                v.center.x += if step.is_multiple_of(2) { 1.5 } else { -1.5 } / v.zoom;
                black_box(f.run())
            })
        });
    }

    // Every arrow of the 10k board routed as an elbow around the boxes near it: fitted (boxes
    // as blocks, routes that ignore what lies between), at 40% (the most arrows routed in full
    // in one view) and at 100%.
    for (name, zoom) in
        [("elbow_10000", None), ("elbow_10000_40", Some(0.4)), ("elbow_10000_1to1", Some(1.0))]
    {
        let mut board = mlsd_board::cli::demo::board(10_000);
        for e in &mut board.edges {
            e.route = mlsd_board::board::Route::Elbow;
        }
        let mut f = Frame::new(board, zoom.is_none());
        if let (Some(z), Some(v)) = (zoom, &mut f.canvas.view) {
            v.zoom = z;
        }
        f.run();
        group.bench_function(name, |b| b.iter(|| black_box(f.run())));
    }

    // The pointer over the fitted board, on a different box every frame (a mouse moving over
    // it): nothing a fitted frame shows changes, so this costs what a still frame does.
    for (name, n) in [("hover_100", 100), ("hover_10000", 10_000)] {
        let mut f = Frame::new(mlsd_board::cli::demo::board(n), true);
        let view = f.canvas.view.expect("view set");
        let nodes = f.doc.board().nodes.len();
        let spots: Vec<Pos2> = [nodes / 3, nodes / 2]
            .iter()
            .map(|&i| view.to_screen(node_rect(&f.doc.board().nodes[i]).center()))
            .collect();
        let mut step = 0usize;
        group.bench_function(name, |b| {
            b.iter(|| {
                step += 1;
                f.events.push(Event::PointerMoved(spots[step % 2]));
                black_box(f.run())
            })
        });
    }

    // One frame while dragging a selected node of the 10k board (fitted): the pointer moves a
    // little every frame, so each frame shows the node and its arrows somewhere new.
    let mut f = Frame::new(mlsd_board::cli::demo::board(10_000), true);
    let view = f.canvas.view.expect("view set");
    let node = f.doc.board().nodes[5050].clone();
    let at = view.to_screen(node_rect(&node).center());
    f.events.push(Event::PointerMoved(at));
    f.run();
    f.events.push(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    f.run();
    // The first move starts the drag. Checked here, before the measured frames, so that the
    // check holds whichever benches a filter (`cargo bench -- nodes_10000`) leaves out.
    f.events.push(Event::PointerMoved(at + vec2(24.0, 12.0)));
    f.run();
    assert!(f.canvas.selection.contains(&node.id), "the dragged node is selected");
    let mut step = 0u32;
    group.bench_function("drag_10000", |b| {
        b.iter(|| {
            step += 1;
            let dx = if step.is_multiple_of(2) { 12.0 } else { 24.0 };
            f.events.push(Event::PointerMoved(at + vec2(dx, dx / 2.0)));
            black_box(f.run())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_frames);
criterion_main!(benches);
