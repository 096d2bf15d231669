//! The canvas keeps the board's painted shapes while only the view moves: a pan frame reuses
//! them, moved, and any change to the document, the zoom or the selection paints the board anew
//! (counted by `Canvas::board_rebuilds`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::epaint::Primitive;
use egui::{Pos2, RawInput, Rect, pos2, vec2};
use mlsd_board::board::{Command, Document, Point};
use mlsd_board::render::theme::{Colors, ThemeKind};
use mlsd_board::render::view::ViewTransform;
use mlsd_board::ui::canvas::Canvas;

const SCREEN: Rect = Rect { min: Pos2::ZERO, max: pos2(1920.0, 1080.0) };

/// A headless context and a canvas on the generated board of `n` boxes, fitted.
fn fitted(n: usize) -> (egui::Context, Document, Canvas) {
    let ctx = egui::Context::default();
    mlsd_board::render::fonts::install(&ctx);
    let board = mlsd_board::cli::demo::board(n);
    let mut view = ViewTransform::from_view(board.view, SCREEN);
    let (min, max) = board.bounds().expect("boxes");
    view.fit(Rect::from_min_max(pos2(min.x, min.y), pos2(max.x, max.y)), 48.0);
    let mut canvas = Canvas::default();
    canvas.view = Some(view);
    (ctx, Document::new(board, None), canvas)
}

/// One frame of the canvas, tessellated.
fn frame(ctx: &egui::Context, doc: &Document, canvas: &mut Canvas) -> Vec<egui::ClippedPrimitive> {
    frame_with(ctx, doc, canvas, Vec::new())
}

/// One frame of the canvas with these input events, tessellated.
fn frame_with(
    ctx: &egui::Context,
    doc: &Document,
    canvas: &mut Canvas,
    events: Vec<egui::Event>,
) -> Vec<egui::ClippedPrimitive> {
    let colors = Colors::of(ThemeKind::Light);
    let raw = RawInput { screen_rect: Some(SCREEN), events, ..Default::default() };
    let mut out = ctx.run_ui(raw, |ui| {
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            canvas.show(ui, doc, &colors);
        });
    });
    // Headless: nothing uploads the font texture.
    out.textures_delta.clear();
    let ppp = out.pixels_per_point;
    ctx.tessellate(std::mem::take(&mut out.shapes), ppp)
}

fn pan(canvas: &mut Canvas, screen: egui::Vec2) {
    let v = canvas.view.as_mut().expect("view");
    v.center -= screen / v.zoom;
}

/// The meshes of two frames agree: the same triangles, colours and texture places, and vertex
/// positions within a thousandth of a point.
fn assert_same_picture(a: &[egui::ClippedPrimitive], b: &[egui::ClippedPrimitive]) {
    assert_eq!(a.len(), b.len());
    for (pa, pb) in a.iter().zip(b) {
        assert_eq!(pa.clip_rect, pb.clip_rect);
        let (Primitive::Mesh(ma), Primitive::Mesh(mb)) = (&pa.primitive, &pb.primitive) else {
            panic!("only meshes are drawn");
        };
        assert_eq!(ma.indices, mb.indices);
        assert_eq!(ma.texture_id, mb.texture_id);
        assert_eq!(ma.vertices.len(), mb.vertices.len());
        for (va, vb) in ma.vertices.iter().zip(&mb.vertices) {
            assert!((va.pos - vb.pos).length() < 1e-3, "{:?} vs {:?}", va.pos, vb.pos);
            assert_eq!((va.uv, va.color), (vb.uv, vb.color));
        }
    }
}

#[test]
fn a_pan_reuses_the_painted_board_and_edits_repaint_it() {
    let (ctx, mut doc, mut canvas) = fitted(2_000);
    for _ in 0..3 {
        frame(&ctx, &doc, &mut canvas);
    }
    let base = canvas.board_rebuilds();
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base, "an unchanged frame repaints nothing");
    for step in [vec2(7.0, 3.0), vec2(-2.5, 11.25), vec2(0.3, -0.7)] {
        pan(&mut canvas, step);
        frame(&ctx, &doc, &mut canvas);
        assert_eq!(canvas.board_rebuilds(), base, "a pan reuses the shapes");
    }

    let id = doc.board().nodes[10].id;
    doc.apply(Command::Move { ids: vec![id], delta: Point::new(30.0, 0.0) }).expect("move");
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 1, "a move repaints");
    doc.apply(Command::RelabelNode { id, label: "renamed".into() }).expect("relabel");
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 2, "a relabel repaints");
    doc.undo().expect("undo");
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 3, "an undo repaints");
    pan(&mut canvas, vec2(5.0, 5.0));
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 3, "and a pan after it does not");

    canvas.selection.insert(id);
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 4, "a selection repaints");
    canvas.view.as_mut().expect("view").zoom *= 0.9;
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 5, "a zoom repaints (another level of detail)");

    // Another document at the same revision is another board.
    let other = Document::new(mlsd_board::cli::demo::board(2_000), None);
    frame(&ctx, &other, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base + 6, "another document repaints");
}

#[test]
fn hovering_boxes_or_highlighting_a_step_at_a_text_free_zoom_repaints_nothing() {
    // Fitted, boxes are drawn flat: neither the hovered box nor the highlighted step changes a
    // shape, so the pointer moving over the board must not paint it anew every frame.
    let (ctx, doc, mut canvas) = fitted(2_000);
    let view = canvas.view.expect("view");
    frame(&ctx, &doc, &mut canvas);
    frame(&ctx, &doc, &mut canvas);
    let base = canvas.board_rebuilds();
    let still = frame(&ctx, &doc, &mut canvas);
    for n in doc.board().nodes.iter().step_by(97).take(12) {
        let at = view.to_screen(pos2(n.pos.x + n.size.w / 2.0, n.pos.y + n.size.h / 2.0));
        frame_with(&ctx, &doc, &mut canvas, vec![egui::Event::PointerMoved(at)]);
    }
    let hovering = frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), base, "hovering boxes reuses the shapes");
    assert_same_picture(&still, &hovering);
    for step in [Some(1), Some(4), None] {
        canvas.highlight_step = step;
        frame(&ctx, &doc, &mut canvas);
    }
    assert_eq!(canvas.board_rebuilds(), base, "highlighting a step reuses the shapes");
}

#[test]
fn a_panned_frame_shows_what_painting_it_anew_shows() {
    let (ctx, doc, mut canvas) = fitted(2_000);
    frame(&ctx, &doc, &mut canvas);
    pan(&mut canvas, vec2(13.0, -6.5));
    frame(&ctx, &doc, &mut canvas);
    let moved = frame(&ctx, &doc, &mut canvas);
    let rebuilds = canvas.board_rebuilds();

    // A new canvas at the same view paints it anew.
    let (ctx2, doc2, mut fresh) = fitted(2_000);
    fresh.view = canvas.view;
    frame(&ctx2, &doc2, &mut fresh);
    let painted = frame(&ctx2, &doc2, &mut fresh);
    assert_eq!(rebuilds, 1, "the panned frames were moved, not painted");
    assert_same_picture(&moved, &painted);
}

#[test]
fn a_pan_past_the_painted_area_or_a_view_with_text_paints_anew() {
    // The shapes cover half a screen beyond each side: a pan of a whole screen leaves them.
    let (ctx, doc, mut canvas) = fitted(2_000);
    frame(&ctx, &doc, &mut canvas);
    let before = canvas.board_rebuilds();
    pan(&mut canvas, vec2(1920.0, 0.0));
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), before + 1);
    pan(&mut canvas, vec2(10.0, 0.0));
    frame(&ctx, &doc, &mut canvas);
    assert_eq!(canvas.board_rebuilds(), before + 1, "then pans within the new area reuse it");

    // At 100% labels are text: painted every frame, as before.
    let (ctx, doc, mut canvas) = fitted(2_000);
    canvas.view.as_mut().expect("view").zoom = 1.0;
    assert_a_small_pan_paints_anew(&ctx, &doc, &mut canvas);

    // Eight boxes fitted show their labels as text: painted every frame, as before.
    let (ctx, doc, mut canvas) = fitted(8);
    assert_a_small_pan_paints_anew(&ctx, &doc, &mut canvas);
}

/// After a frame, a pan of 4 points and another frame paint the board once more.
fn assert_a_small_pan_paints_anew(ctx: &egui::Context, doc: &Document, canvas: &mut Canvas) {
    frame(ctx, doc, canvas);
    let before = canvas.board_rebuilds();
    pan(canvas, vec2(4.0, 0.0));
    frame(ctx, doc, canvas);
    assert_eq!(canvas.board_rebuilds(), before + 1);
}

/// One frame of the canvas, rasterized by the project's CPU renderer (as the snapshots are).
fn picture(
    ctx: &egui::Context,
    doc: &Document,
    canvas: &mut Canvas,
    rast: &mut mlsd_board::render::raster::Rasterizer,
) -> image::RgbaImage {
    let colors = Colors::of(ThemeKind::Light);
    let raw = RawInput { screen_rect: Some(SCREEN), ..Default::default() };
    let mut out = ctx.run_ui(raw, |ui| {
        egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
            canvas.show(ui, doc, &colors);
        });
    });
    rast.handle_delta(&mut out.textures_delta);
    let ppp = out.pixels_per_point;
    let prims = ctx.tessellate(std::mem::take(&mut out.shapes), ppp);
    rast.render(&prims, ppp, [1920, 1080], egui::Color32::WHITE)
}

/// The largest difference of one colour channel between two images of one size.
fn max_difference(a: &image::RgbaImage, b: &image::RgbaImage) -> u8 {
    a.pixels()
        .zip(b.pixels())
        .flat_map(|(p, q)| (0..4).map(move |i| p.0[i].abs_diff(q.0[i])))
        .max()
        .unwrap_or(0)
}

#[test]
fn with_the_cache_the_screen_shows_the_same_pixels() {
    // Zoomed in a little from fitted: part of the board is off screen, labels are still bars.
    let (ctx, doc, mut cached) = fitted(2_000);
    cached.view.as_mut().expect("view").zoom *= 1.3;
    let mut rast = mlsd_board::render::raster::Rasterizer::new();
    let first = picture(&ctx, &doc, &mut cached, &mut rast);
    let start = cached.view;
    pan(&mut cached, vec2(13.0, -6.5));
    let panned = picture(&ctx, &doc, &mut cached, &mut rast);
    assert_eq!(cached.board_rebuilds(), 1, "the pan reused the shapes");

    let (ctx2, doc2, mut plain) = fitted(2_000);
    plain.cache_board = false;
    plain.view = start;
    let mut rast2 = mlsd_board::render::raster::Rasterizer::new();
    let plain_first = picture(&ctx2, &doc2, &mut plain, &mut rast2);
    assert_eq!(max_difference(&first, &plain_first), 0, "the painted frame is the uncached one");
    pan(&mut plain, vec2(13.0, -6.5));
    let plain_panned = picture(&ctx2, &doc2, &mut plain, &mut rast2);
    assert!(max_difference(&panned, &plain_panned) <= 1, "the moved frame is the painted one");
}

#[test]
fn many_pans_do_not_drift() {
    let (ctx, doc, mut cached) = fitted(2_000);
    let mut rast = mlsd_board::render::raster::Rasterizer::new();
    picture(&ctx, &doc, &mut cached, &mut rast);
    for i in 0..300 {
        let d = if i % 2 == 0 { 0.37 } else { -0.29 };
        pan(&mut cached, vec2(d, d * 0.5));
        frame(&ctx, &doc, &mut cached);
    }
    let panned = picture(&ctx, &doc, &mut cached, &mut rast);
    assert!(cached.board_rebuilds() >= 2, "painted anew after many moves");

    let (ctx2, doc2, mut plain) = fitted(2_000);
    plain.cache_board = false;
    plain.view = cached.view;
    let mut rast2 = mlsd_board::render::raster::Rasterizer::new();
    let painted = picture(&ctx2, &doc2, &mut plain, &mut rast2);
    assert!(max_difference(&panned, &painted) <= 1);
}
