//! PNG export: image sizes, pixels in the right places, the transparent option, every built-in
//! template, a golden image, and the `export` command line.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

use egui::{Color32, Pos2};
use image::{Rgba, RgbaImage};
use mlsd_board::board::{Board, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::content::embedded::TEMPLATES;
use mlsd_board::content::schema::Template;
use mlsd_board::file::format;
use mlsd_board::render::export::{self, ExportError, ExportOptions};
use mlsd_board::render::geometry::{self, Preview};
use mlsd_board::render::theme::{Colors, ThemeKind};
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v1/small-board.ron");
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/export_small_board.png");

fn small_board() -> Board {
    match format::load(Path::new(FIXTURE)) {
        Ok(l) => l.board,
        Err(e) => panic!("{e}"),
    }
}

fn render(board: &Board, opts: &ExportOptions) -> RgbaImage {
    match export::render_board(board, opts) {
        Ok(img) => img,
        Err(e) => panic!("export failed: {e}"),
    }
}

fn opts(scale: u8) -> ExportOptions {
    ExportOptions { scale, ..Default::default() }
}

/// The pixel showing a board point in an export with these options (no summary band).
fn to_px(board: &Board, o: &ExportOptions, p: Pos2) -> (u32, u32) {
    let (min, _) = board.bounds().expect("not empty");
    let s = f32::from(o.scale);
    (((p.x - min.x + o.padding) * s) as u32, ((p.y - min.y + o.padding) * s) as u32)
}

fn close(a: Rgba<u8>, b: Color32, tol: i32) -> bool {
    let b = b.to_array();
    (0..4).all(|i| (i32::from(a.0[i]) - i32::from(b[i])).abs() <= tol)
}

/// How much of `fg` over `bg` the pixel shows (0 = background, 1 = foreground), or 0 when the
/// pixel is not a mix of the two.
fn ink(px: Rgba<u8>, bg: Color32, fg: Color32) -> f32 {
    let (bg, fg) = (bg.to_array(), fg.to_array());
    let ts: Vec<f32> = (0..3)
        .filter(|&i| bg[i].abs_diff(fg[i]) > 40)
        .map(|i| (f32::from(bg[i]) - f32::from(px.0[i])) / (f32::from(bg[i]) - f32::from(fg[i])))
        .collect();
    let t = ts.iter().sum::<f32>() / ts.len().max(1) as f32;
    let mixed = (0..3).all(|i| {
        let want = f32::from(bg[i]) + (f32::from(fg[i]) - f32::from(bg[i])) * t;
        (want - f32::from(px.0[i])).abs() <= 12.0
    });
    if mixed { t } else { 0.0 }
}

fn node(b: &Board, id: u64) -> &Node {
    b.node(NodeId(id)).expect("node in the fixture")
}

#[test]
fn size_is_content_bounds_plus_padding_times_scale() {
    let board = small_board();
    let (min, max) = board.bounds().expect("not empty");
    let (bw, bh) = (max.x - min.x, max.y - min.y);
    let mut sizes = Vec::new();
    for scale in [1u8, 2, 3] {
        for padding in [0.0, 32.0, 50.5] {
            let o = ExportOptions { scale, padding, ..Default::default() };
            let img = render(&board, &o);
            let s = f32::from(scale);
            let (ew, eh) = ((bw + 2.0 * padding) * s, (bh + 2.0 * padding) * s);
            assert!((img.width() as f32 - ew).abs() <= 1.0, "width {} vs {ew} at {scale}×", img.width());
            assert!((img.height() as f32 - eh).abs() <= 1.0, "height {} vs {eh} at {scale}×", img.height());
            if padding == 32.0 {
                sizes.push((img.width(), img.height()));
            }
        }
    }
    let (w1, h1) = sizes[0];
    let (w2, h2) = sizes[1];
    assert!(w2.abs_diff(2 * w1) <= 1 && h2.abs_diff(2 * h1) <= 1, "1×: {w1}×{h1}, 2×: {w2}×{h2}");
    // The fixture's bounds are whole numbers: exact sizes.
    assert_eq!(sizes[0], (740 + 64, 360 + 64));
    assert_eq!(sizes[2], (3 * (740 + 64), 3 * (360 + 64)));
}

#[test]
fn summary_band_adds_height_only() {
    let board = small_board();
    let plain = render(&board, &opts(2));
    let with = render(&board, &ExportOptions { summary: true, ..opts(2) });
    assert_eq!(with.width(), plain.width());
    assert!(with.height() > plain.height() + 40, "{} vs {}", with.height(), plain.height());
    let lines = export::summary_lines(&board);
    assert_eq!(lines[0], "Visual search practice", "the title comes first");
    let steps = mlsd_board::practice::steps::steps(&board);
    assert_eq!(
        lines.len(),
        1 + steps.len() + 1,
        "title, one line per step, the total (no problem statement)"
    );
    assert!(
        lines[1].starts_with(&format!("1. {}: 0:00 of {}:00", steps[0].title, steps[0].budget_min)),
        "{}",
        lines[1]
    );
    assert!(lines.last().is_some_and(|l| l.starts_with("Total: 0:00 of 45:00")), "{lines:?}");
}

#[test]
fn node_fills_are_inside_their_boxes() {
    let board = small_board();
    for theme in [ThemeKind::Light, ThemeKind::Dark] {
        let palette = Colors::of(theme);
        for scale in [1u8, 2] {
            let o = ExportOptions { theme, ..opts(scale) };
            let img = render(&board, &o);
            // Near the bottom-right corner of each box, clear of text, caption and folded corner.
            for (id, fill) in [
                (1, palette.stage_fill(1)),
                (2, palette.stage_fill(3)),
                (5, palette.component_fill),
                (7, palette.component_fill),
                (8, palette.note_fill),
            ] {
                let n = node(&board, id);
                let p = Pos2::new(n.pos.x + n.size.w - 14.0, n.pos.y + n.size.h - 10.0);
                let (x, y) = to_px(&board, &o, p);
                let got = *img.get_pixel(x, y);
                assert!(
                    close(got, fill, 1),
                    "{theme:?} {scale}×: node {id} at ({x}, {y}) is {got:?}, not {fill:?}"
                );
            }
            // The background between boxes.
            let (x, y) = to_px(&board, &o, Pos2::new(220.0, 100.0));
            assert!(close(*img.get_pixel(x, y), palette.background, 0));
        }
    }
}

#[test]
fn edges_are_drawn_along_their_lines() {
    let board = small_board();
    let palette = Colors::of(ThemeKind::Light);
    for scale in [1u8, 2, 3] {
        let o = opts(scale);
        let img = render(&board, &o);
        // Edge 12 (no label) runs diagonally from the re-ranker back to the client; edge 11 is a
        // short vertical one with its label in the middle (away from the sample points).
        for (edge, ts) in [(12, &[0.25, 0.4, 0.6, 0.75][..]), (11, &[0.15, 0.85][..])] {
            let e = board.edge(EdgeId(edge)).expect("edge in the fixture");
            let (a, b) = geometry::edge_ends_of(&board, &Preview::default(), e).expect("drawable edge");
            for &t in ts {
                let (x, y) = to_px(&board, &o, a.lerp(b, t));
                let r = 1i64;
                let found = (-r..=r).flat_map(|dy| (-r..=r).map(move |dx| (dx, dy))).any(|(dx, dy)| {
                    let (px, py) = ((i64::from(x) + dx) as u32, (i64::from(y) + dy) as u32);
                    let got = *img.get_pixel(px, py);
                    // A thin line may straddle two pixels at 1×: accept the edge colour mixed with
                    // at most 40% of the background.
                    ink(got, palette.background, palette.edge) >= 0.6
                });
                assert!(found, "{scale}×: no edge colour near ({x}, {y}) on edge {edge} at t = {t}");
            }
        }
    }
}

#[test]
fn labels_are_dark_text_inside_their_boxes() {
    let board = small_board();
    let o = opts(2);
    let img = render(&board, &o);
    for id in [4, 5, 6, 7] {
        let n = node(&board, id);
        // The box without its accent bar and border.
        let (x0, y0) = to_px(&board, &o, Pos2::new(n.pos.x + 8.0, n.pos.y + 4.0));
        let (x1, y1) = to_px(&board, &o, Pos2::new(n.pos.x + n.size.w - 4.0, n.pos.y + n.size.h - 4.0));
        let dark = (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[..3].iter().all(|&c| c < 80))
            .count();
        assert!(dark > 60, "node {id}: only {dark} dark text pixels");
    }
    // And none outside the boxes, in an empty stretch of background.
    let (x0, y0) = to_px(&board, &o, Pos2::new(200.0, 80.0));
    let (x1, y1) = to_px(&board, &o, Pos2::new(250.0, 130.0));
    assert!((y0..y1).all(|y| (x0..x1).all(|x| img.get_pixel(x, y).0[..3].iter().any(|&c| c > 200))));
}

#[test]
fn transparent_leaves_the_corners_clear() {
    let board = small_board();
    let palette = Colors::of(ThemeKind::Dark);
    let o = ExportOptions { theme: ThemeKind::Dark, ..opts(2) };
    let opaque = render(&board, &o);
    let clear = render(&board, &ExportOptions { transparent: true, ..o.clone() });
    let (w, h) = (clear.width() - 1, clear.height() - 1);
    for (x, y) in [(0, 0), (w, 0), (0, h), (w, h), (w / 2, 2)] {
        assert_eq!(clear.get_pixel(x, y).0[3], 0, "corner ({x}, {y})");
        assert!(close(*opaque.get_pixel(x, y), palette.background, 0), "corner ({x}, {y})");
    }
    // The boxes are still there, opaque.
    let n = node(&board, 5);
    let (x, y) = to_px(&board, &o, Pos2::new(n.pos.x + n.size.w - 14.0, n.pos.y + n.size.h - 10.0));
    assert!(close(*clear.get_pixel(x, y), palette.component_fill, 1));
}

#[test]
fn empty_board_gives_a_small_image_with_a_note() {
    let board = Board::new("Nothing yet");
    for scale in [1u8, 3] {
        let img = render(&board, &opts(scale));
        assert_eq!((img.width(), img.height()), (400 * u32::from(scale), 200 * u32::from(scale)));
        let bg = Colors::of(ThemeKind::Light).background;
        let ink = img.pixels().filter(|p| !close(**p, bg, 8)).count();
        assert!(ink > 50, "the note is missing ({ink} pixels)");
    }
}

#[test]
fn oversized_images_are_refused_with_a_lower_scale_suggested() {
    let mut board = Board::new("Wide");
    for (id, x) in [(1, 0.0), (2, 7000.0)] {
        board.nodes.push(Node {
            id: NodeId(id),
            kind: NodeKind::Note,
            label: "far".into(),
            pos: Point::new(x, 0.0),
            size: Size::new(100.0, 60.0),
            color: None,
        });
    }
    board.reindex();
    let err = export::render_board(&board, &opts(3)).expect_err("21,000 px wide");
    assert!(matches!(err, ExportError::TooLarge { fits: Some(2), .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("16384") && msg.contains("lower scale") && msg.contains("scale 2"), "{msg}");
    assert!(export::render_board(&board, &opts(2)).is_ok());
}

fn template_boards() -> Vec<(String, Board)> {
    let mut out = Vec::new();
    for (id, text) in TEMPLATES {
        let t: Template = match ron::from_str(text) {
            Ok(t) => t,
            Err(e) => panic!("template {id}: {e}"),
        };
        out.push((format!("{id} (start)"), t.start.to_board(&t.title, &t.framework)));
        out.push((format!("{id} (reference)"), t.reference.to_board(&t.title, &t.framework)));
    }
    out
}

#[test]
fn every_template_exports_to_a_non_blank_image() {
    let boards = template_boards();
    assert!(boards.len() >= 2);
    let bg = Colors::of(ThemeKind::Light).background;
    for (name, board) in boards {
        let img = match export::render_board(&board, &opts(1)) {
            Ok(img) => img,
            Err(e) => panic!("{name}: {e}"),
        };
        let ink = img.pixels().filter(|p| !close(**p, bg, 4)).count();
        assert!(ink > 100, "{name}: blank image ({ink} pixels drawn)");
        if !board.nodes.is_empty() {
            let (min, max) = board.bounds().expect("not empty");
            assert!((img.width() as f32 - (max.x - min.x + 64.0)).abs() <= 1.0, "{name}");
        }
    }
}

/// The golden image: no more than 0.5% of the pixels may differ by more than 8 in any channel.
/// A missing golden image fails the test; `UPDATE_SNAPSHOTS=1` writes it (and look at it).
#[test]
fn small_board_matches_the_golden_image() {
    let img = render(&small_board(), &opts(1));
    let golden = Path::new(GOLDEN);
    let update =
        std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no"));
    assert!(
        update || golden.exists(),
        "the golden image {} is missing; run with UPDATE_SNAPSHOTS=1 to write it, then look at it",
        golden.display()
    );
    if update {
        if let Err(e) = export::save_png(&img, golden) {
            panic!("{e}");
        }
        eprintln!("wrote {}", golden.display());
        return;
    }
    let want = match image::open(golden) {
        Ok(i) => i.to_rgba8(),
        Err(e) => panic!("{}: {e}", golden.display()),
    };
    assert_eq!(img.dimensions(), want.dimensions(), "size differs from {}", golden.display());
    let differing =
        img.pixels().zip(want.pixels()).filter(|(a, b)| (0..4).any(|i| a.0[i].abs_diff(b.0[i]) > 8)).count();
    let total = (img.width() * img.height()) as usize;
    if differing * 200 > total {
        let new = golden.with_extension("new.png");
        let _ = img.save(&new);
        panic!(
            "{differing} of {total} pixels differ from {} (see {}); run with UPDATE_SNAPSHOTS=1 to accept",
            golden.display(),
            new.display()
        );
    }
}

// ---- the command line ----

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mlsd-board"))
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = match bin().args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run mlsd-board: {e}"),
    };
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn cli_exports_a_png() {
    let dir = tempdir();
    let out = dir.path().join("board.png");
    let (code, stdout, stderr) = run(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--scale".as_ref(),
        "2".as_ref(),
        "--theme".as_ref(),
        "dark".as_ref(),
    ]);
    assert_eq!(code, 0, "stderr: {stderr}");
    assert!(stdout.contains(&out.display().to_string()) && stdout.contains("1608×848"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let img = match image::open(&out) {
        Ok(i) => i.to_rgba8(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(img.dimensions(), (1608, 848));
    assert!(close(*img.get_pixel(0, 0), Colors::of(ThemeKind::Dark).background, 0));
    // No temporary file is left beside it.
    let names: Vec<PathBuf> =
        std::fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|e| e.path()).collect();
    assert_eq!(names, vec![out]);
}

#[test]
fn cli_transparent_and_summary() {
    let dir = tempdir();
    let out = dir.path().join("t.png");
    let (code, _, stderr) = run(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
        "--transparent".as_ref(),
        "--summary".as_ref(),
    ]);
    assert_eq!(code, 0, "stderr: {stderr}");
    let img = image::open(&out).map(|i| i.to_rgba8()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(img.width(), 804);
    assert!(img.height() > 424);
    let (w, h) = (img.width() - 1, img.height() - 1);
    assert_eq!(img.get_pixel(0, h).0[3], 0);
    assert_eq!(img.get_pixel(w, h).0[3], 0);
}

#[test]
fn cli_bad_board_exits_1_naming_the_file() {
    let dir = tempdir();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "this is not a board").unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out.png");
    let (code, _, stderr) = run(&["export".as_ref(), bad.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 1, "stderr: {stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains(&bad.display().to_string()), "{stderr}");
    assert!(!out.exists());

    let missing = dir.path().join("missing.ron");
    let (code, _, stderr) = run(&["export".as_ref(), missing.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 1, "stderr: {stderr}");
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
}

#[test]
fn cli_unknown_scale_fails_without_a_panic() {
    let dir = tempdir();
    let out = dir.path().join("out.png");
    for bad in
        [&["--scale", "5"][..], &["--scale", "two"][..], &["--theme", "sepia"][..], &["--frobnicate"][..]]
    {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["export".as_ref(), FIXTURE.as_ref(), "-o".as_ref(), out.as_os_str()];
        args.extend(bad.iter().map(std::ffi::OsStr::new));
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 1, "{bad:?}: exit {code}; {stderr}");
        assert!(!stderr.contains("panicked"), "{bad:?}: {stderr}");
        assert!(stderr.contains("error"), "{bad:?}: {stderr}");
        assert!(!out.exists(), "{bad:?}");
    }
}

#[test]
fn cli_unwritable_output_exits_1_naming_the_path() {
    let dir = tempdir();
    let out = dir.path().join("no-such-folder").join("out.png");
    let (code, stdout, stderr) = run(&["export".as_ref(), FIXTURE.as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 1, "stdout: {stdout}, stderr: {stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains(&out.display().to_string()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_summary_band_includes_the_review_of_a_reviewed_board() {
    let board =
        format::load(std::path::Path::new("tests/fixtures/v3/reviewed-board.ron")).expect("fixture").board;
    let lines = export::summary_lines(&board);
    let coverage =
        lines.iter().find(|l| l.starts_with("Coverage of the reference: 40%")).expect("a coverage line");
    assert!(coverage.contains("1/2 components") && coverage.contains("1/1 connections"), "{coverage}");
    assert!(lines.iter().any(|l| l == "Missing: Feature store"), "{lines:?}");
    let img = export::render_board(&board, &ExportOptions { summary: true, ..opts(1) }).expect("renders");
    let plain = export::render_board(&board, &opts(1)).expect("renders");
    assert!(img.height() > plain.height());
}

/// `export` never writes over the board it exports (by its own name, a symbolic link or a hard
/// link), nor over anything that is not a regular file, and replaces an existing file that is
/// not a PNG image only with `--force`. Each refusal exits 1, names the file and changes nothing.
#[cfg(unix)]
#[test]
fn cli_export_refuses_its_own_board_special_files_and_other_files_unless_forced() {
    let dir = tempdir();
    let board = dir.path().join("b.ron");
    let original = std::fs::read(FIXTURE).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&board, &original).unwrap_or_else(|e| panic!("{e}"));
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&board, &link).unwrap_or_else(|e| panic!("{e}"));
    let hard = dir.path().join("hard.png");
    std::fs::hard_link(&board, &hard).unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("folder.png");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.path().join("pipe.png");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success());
    assert!(matches!(made, Ok(true)), "mkfifo");
    let notes = dir.path().join("notes.png");
    std::fs::write(&notes, "my notes, not an image").unwrap_or_else(|e| panic!("{e}"));

    let export_to = |from: &Path, to: &Path, force: bool| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["export".as_ref(), from.as_os_str(), "-o".as_ref(), to.as_os_str()];
        if force {
            args.push("--force".as_ref());
        }
        run(&args)
    };
    let refusals: [(&Path, &Path, bool, &str); 7] = [
        (&board, &board, false, "board being exported"),
        (&board, &board, true, "board being exported"),
        (&board, &link, true, "board being exported"),
        (&link, &hard, true, "board being exported"),
        (&board, &folder, true, "folder"),
        (&board, &fifo, true, "named pipe"),
        (&board, &notes, false, "not a PNG image"),
    ];
    for (from, to, force, says) in refusals {
        let (code, stdout, stderr) = export_to(from, to, force);
        let what = format!("export {} -o {} (force {force})", from.display(), to.display());
        assert_eq!(code, 1, "{what}: stdout {stdout}, stderr {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(&to.display().to_string()),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(says), "{what}: {stderr}");
        if says.contains("PNG") {
            assert!(stderr.contains("--force"), "{what}: it says how to replace it: {stderr}");
        }
    }
    assert_eq!(std::fs::read(&board).unwrap_or_default(), original, "the board is untouched");
    assert!(std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()));
    use std::os::unix::fs::FileTypeExt as _;
    assert!(std::fs::symlink_metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo()), "the FIFO is still one");
    assert_eq!(std::fs::read_to_string(&notes).unwrap_or_default(), "my notes, not an image");

    // With --force the other file is replaced; a PNG or an empty file is replaced without it.
    let (code, _, stderr) = export_to(&board, &notes, true);
    assert_eq!(code, 0, "{stderr}");
    assert!(image::open(&notes).is_ok(), "notes.png is now an image");
    let (code, _, stderr) = export_to(&board, &notes, false);
    assert_eq!(code, 0, "an existing PNG is replaced: {stderr}");
    let empty = dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = export_to(&board, &empty, false);
    assert_eq!(code, 0, "an empty file holds nothing to lose: {stderr}");
}

#[test]
fn elbow_arrows_export_along_their_route_and_the_image_holds_it() {
    use mlsd_board::board::{Edge, Route};
    use mlsd_board::render::route;
    // A and B either side of a tall wall: the elbow arrow must go round it, above or below
    // every box.
    let mut board = Board::new("Round the wall");
    let n = |id, x, y, w, h| {
        Node::new(NodeId(id), NodeKind::Component("ranker".into()), "", Point::new(x, y), Size::new(w, h))
    };
    board.nodes =
        vec![n(1, 0.0, 100.0, 100.0, 60.0), n(2, 400.0, 100.0, 100.0, 60.0), n(3, 180.0, 0.0, 120.0, 260.0)];
    let mut e = Edge::new(EdgeId(4), NodeId(1), NodeId(2));
    e.route = Route::Elbow;
    board.edges = vec![e];
    board.reindex();
    let path = route::edge_path(&board, &Preview::default(), &board.edges[0]).expect("a route");
    let bounds = route::content_bounds(&board).expect("not empty");
    let (min, max) = board.bounds().expect("not empty");
    assert!(bounds.min.y < min.y || bounds.max.y > max.y, "the route leaves the boxes' bounds: {bounds:?}");

    let o = opts(2);
    let img = render(&board, &o);
    let s = f32::from(o.scale);
    let want = ((bounds.width() + 2.0 * o.padding) * s, (bounds.height() + 2.0 * o.padding) * s);
    assert!((img.width() as f32 - want.0).abs() <= 1.0 && (img.height() as f32 - want.1).abs() <= 1.0);
    let palette = Colors::of(ThemeKind::Light);
    let px = |p: Pos2| {
        (((p.x - bounds.min.x + o.padding) * s) as u32, ((p.y - bounds.min.y + o.padding) * s) as u32)
    };
    // The middle of every segment but the last (the arrowhead's) is drawn in the edge colour.
    let pts = path.points();
    assert!(pts.len() >= 4, "the route bends round the wall: {pts:?}");
    for w in pts[..pts.len() - 1].windows(2) {
        let (x, y) = px(w[0].lerp(w[1], 0.5));
        let found = (-1i64..=1).flat_map(|dy| (-1i64..=1).map(move |dx| (dx, dy))).any(|(dx, dy)| {
            let got = *img.get_pixel((i64::from(x) + dx) as u32, (i64::from(y) + dy) as u32);
            ink(got, palette.background, palette.edge) >= 0.6
        });
        assert!(found, "no edge colour near ({x}, {y}), the middle of {w:?}");
    }
}

/// A board with one sticky note labelled `label`, exported at 2×.
fn note_export(label: &str) -> RgbaImage {
    let mut b = Board::new("Script");
    b.nodes.push(Node {
        id: NodeId(1),
        kind: NodeKind::Note,
        label: label.to_owned(),
        pos: Point::new(0.0, 0.0),
        size: Size::new(240.0, 80.0),
        color: None,
    });
    b.next_id = 2;
    b.reindex();
    render(&b, &opts(2))
}

/// How many pixels two images of the same size differ in.
fn differing(a: &RgbaImage, b: &RgbaImage) -> usize {
    assert_eq!(a.dimensions(), b.dimensions());
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count()
}

/// Chinese, Japanese and Korean labels are drawn with a system font (CI installs
/// `fonts-noto-cjk`), not as boxes: two different labels give different pixels, and a label
/// differs from one of characters no font has (which all draw as the same box).
#[test]
fn cjk_labels_render_their_glyphs() {
    let provider = mlsd_board::render::fonts::system_fonts();
    assert!(
        provider.font_name_for('数', false).is_some(),
        "no system font draws Chinese; install one (Debian: fonts-noto-cjk)"
    );
    // Private-use characters: no font draws them, so both labels are the same row of boxes.
    let tofu_a = note_export("\u{E000}\u{E001}\u{E002}");
    let tofu_b = note_export("\u{E010}\u{E011}\u{E012}");
    assert_eq!(differing(&tofu_a, &tofu_b), 0, "unknown characters all draw as the same box");
    let zh = note_export("数据管道");
    let zh2 = note_export("模型训练");
    assert!(differing(&zh, &zh2) > 200, "two Chinese labels look the same: their glyphs are missing");
    assert!(differing(&zh, &tofu_a) > 200, "a Chinese label draws like boxes of unknown characters");
    let ja = note_export("データ準備");
    let ko = note_export("데이터 준비");
    assert!(differing(&ja, &ko) > 200, "Japanese and Korean labels look the same");
    // Ink: the glyphs leave dark pixels over the note's fill.
    let note = Colors::of(ThemeKind::Light).note_fill;
    let dark = |img: &RgbaImage| img.pixels().filter(|p| !close(**p, note, 60) && p.0[0] < 120).count();
    assert!(dark(&zh) > dark(&tofu_a) / 2, "the Chinese label has little ink");
}
