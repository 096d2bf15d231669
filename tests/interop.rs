//! Carrying a board elsewhere: the SVG against the PNG (rendered by librsvg's `rsvg-convert`),
//! the PDF report (read back with poppler's `pdfinfo`, `pdftotext` and `pdftoppm`), the PNG that
//! reopens as its board, Excalidraw out and back in, Mermaid checked against a small grammar of
//! Mermaid's flowchart syntax, every template in every format, the command line, and hostile
//! `.excalidraw` and PNG files.
//!
//! The tests that need `rsvg-convert` or poppler fail when the tool is missing (CI installs
//! them): a skipped check would prove nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap in a test is a failed test

mod common;

use common::{fixture_path, load, require_tool, run, template_boards, text, tool};
use image::RgbaImage;
use mlsd_board::board::{ArrowStyle, Board, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use mlsd_board::file::{excalidraw, format, mermaid, png_board};
use mlsd_board::render::export::{self, ExportError, ExportOptions, Oversize, Paper};
use mlsd_board::render::formats::{self, Format};
use mlsd_board::render::interop;
use mlsd_board::render::theme::ThemeKind;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::Path;

fn bytes(board: &Board, format: Format, opts: &ExportOptions) -> Vec<u8> {
    match formats::export_bytes(board, format, opts) {
        Ok(e) => e.bytes,
        Err(e) => panic!("{format:?}: {e}"),
    }
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// A board with the labels that break naive writers: quotes, brackets, Mermaid's `end`, a
/// directive, markup, entities, newlines, non-ASCII, an empty label, all three arrow styles.
fn hostile_labels() -> Board {
    let labels = [
        "say \"hi\" [x] (y) {z}",
        "end",
        "%%{init: {\"theme\": \"dark\"}}%%",
        "<script>alert(1)</script> & #quot; `tick`",
        "line one\nline two",
        "Größe 東京 → ✓ 🙂",
        "",
        "a|b; c:::d --> e",
    ];
    let mut b = Board::new("Hostile \"labels\" <&>");
    for (i, l) in labels.iter().enumerate() {
        let kind = match i % 3 {
            0 => NodeKind::Component("feature_store".into()),
            1 => NodeKind::Note,
            _ => NodeKind::Component("heavy_ranker".into()),
        };
        b.nodes.push(Node {
            id: NodeId(i as u64 + 1),
            kind,
            label: (*l).to_owned(),
            pos: Point::new((i % 4) as f32 * 240.0, (i / 4) as f32 * 160.0),
            size: Size::new(180.0, 72.0),
            color: None,
        });
    }
    let styles = [ArrowStyle::OneWay, ArrowStyle::TwoWay, ArrowStyle::None];
    for i in 0..labels.len() as u64 - 1 {
        b.edges.push(Edge {
            id: EdgeId(100 + i),
            from: NodeId(i + 1),
            to: NodeId(i + 2),
            label: labels[(i as usize + 3) % labels.len()].to_owned(),
            style: styles[i as usize % 3],
            route: Default::default(),
        });
    }
    b.next_id = 200;
    b.reindex();
    b
}

// ---------------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------------

/// (mean difference per channel, share of pixels differing by more than 64 in some channel).
fn difference(a: &RgbaImage, b: &RgbaImage) -> (f64, f64) {
    assert_eq!(a.dimensions(), b.dimensions(), "sizes differ");
    let mut sum = 0u64;
    let mut off = 0usize;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d: Vec<u8> = (0..4).map(|i| p.0[i].abs_diff(q.0[i])).collect();
        sum += d.iter().map(|&v| u64::from(v)).sum::<u64>();
        if d.iter().any(|&v| v > 64) {
            off += 1;
        }
    }
    let n = f64::from(a.width() * a.height());
    (sum as f64 / (4.0 * n), off as f64 / n)
}

/// A board file outside `tests/fixtures` (the README's screenshot boards).
fn board_file(path: &str) -> Board {
    mlsd_board::file::format::load(std::path::Path::new(path)).expect("board loads").board
}

/// Notes labelled in Chinese, Japanese, Korean and Cyrillic: the glyphs come from system fonts
/// (CI installs `fonts-noto-cjk`), in the SVG as in the PNG.
fn scripts_board() -> Board {
    let mut b = Board::new("Scripts");
    for (i, label) in ["数据管道", "データ準備", "데이터 준비", "Мониторинг"].into_iter().enumerate()
    {
        let id = mlsd_board::board::NodeId(i as u64 + 1);
        let pos = mlsd_board::board::Point::new(260.0 * i as f32, 0.0);
        b.nodes.push(mlsd_board::board::Node::new(
            id,
            mlsd_board::board::NodeKind::Note,
            label,
            pos,
            mlsd_board::board::Size::new(220.0, 80.0),
        ));
    }
    b.next_id = 5;
    b.reindex();
    b
}

/// Renders the SVG export with rsvg-convert at 1× and compares it with the PNG export.
fn svg_matches_png(name: &str, board: &Board, opts: &ExportOptions) -> (f64, f64) {
    require_tool("rsvg-convert", "librsvg2-bin");
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("board.svg");
    let out = dir.path().join("board.png");
    std::fs::write(&svg, bytes(board, Format::Svg, opts)).expect("write svg");
    tool("rsvg-convert", &[svg.as_os_str(), os("-o"), out.as_os_str()]);
    let from_svg = image::open(&out).expect("rsvg output").to_rgba8();
    let png = export::render_board(board, opts).expect("renders");
    let (mean, off) = difference(&from_svg, &png);
    eprintln!(
        "{name}: SVG via rsvg-convert vs PNG: mean difference {mean:.2}/255, {:.3}% of pixels off",
        off * 100.0
    );
    (mean, off)
}

#[test]
fn svg_rendered_by_librsvg_matches_the_png_export() {
    let o = ExportOptions::default();
    for (name, board, opts) in [
        ("small board", load("v1/small-board.ron"), o.clone()),
        (
            "rated board, dark",
            load("v4/rated-board.ron"),
            ExportOptions { theme: ThemeKind::Dark, ..o.clone() },
        ),
        (
            "largest template, summary band",
            common::largest_template(),
            ExportOptions { summary: true, ..o.clone() },
        ),
        ("hostile labels", hostile_labels(), o.clone()),
        ("elbow arrows and box colours", board_file("docs/elbow-board.ron"), o.clone()),
        ("labels in every script", scripts_board(), o.clone()),
    ] {
        let (mean, off) = svg_matches_png(name, &board, &opts);
        // Edges are anti-aliased by two different rasterizers and egui hints its glyphs: a
        // little everywhere, almost never a lot.
        assert!(mean < 1.5, "{name}: mean difference {mean:.2}");
        assert!(off < 0.01, "{name}: {:.2}% of pixels differ by more than 64", off * 100.0);
    }
}

#[test]
fn the_svg_comparison_can_fail() {
    // The same board drawn in the other theme must not pass as a match.
    require_tool("rsvg-convert", "librsvg2-bin");
    let board = load("v1/small-board.ron");
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("dark.svg");
    let out = dir.path().join("dark.png");
    std::fs::write(
        &svg,
        bytes(&board, Format::Svg, &ExportOptions { theme: ThemeKind::Dark, ..Default::default() }),
    )
    .expect("write");
    tool("rsvg-convert", &[svg.as_os_str(), os("-o"), out.as_os_str()]);
    let dark = image::open(&out).expect("png").to_rgba8();
    let light = export::render_board(&board, &ExportOptions::default()).expect("renders");
    let (mean, _) = difference(&dark, &light);
    assert!(mean > 20.0, "{mean}");
}

#[test]
fn svg_text_is_outlines_with_no_font_needed() {
    let svg = text(&bytes(&load("v1/small-board.ron"), Format::Svg, &ExportOptions::default()));
    assert!(svg.starts_with("<?xml"));
    assert!(!svg.contains("<text") && !svg.contains("font-family"), "text must not depend on fonts");
    assert!(svg.contains("<use") && svg.contains("xlink:href=\"#g"), "glyphs are placed outlines");
    assert!(svg.contains("<title>Visual search practice</title>"));
    let size = export::render_board(&load("v1/small-board.ron"), &ExportOptions::default()).expect("renders");
    assert!(svg.contains(&format!("width=\"{}\"", size.width())), "1× size is the PNG's");
}

#[test]
fn svg_keeps_transparency_and_scale() {
    let board = load("v1/small-board.ron");
    let first_fill = |o: &ExportOptions| {
        let scene = export::board_scene(&board, o).expect("scene");
        scene.items().find_map(|(_, i)| match i {
            mlsd_board::render::vector::Item::Path {
                paint: mlsd_board::render::vector::Paint::Fill(c),
                ..
            } => Some(*c),
            _ => None,
        })
    };
    let bg = mlsd_board::render::theme::Colors::of(ThemeKind::Light).background;
    let bg = mlsd_board::render::vector::Rgba::from_color32(bg);
    assert_eq!(first_fill(&ExportOptions::default()), Some(bg), "the background comes first");
    assert_ne!(
        first_fill(&ExportOptions { transparent: true, ..Default::default() }),
        Some(bg),
        "or not at all"
    );
    let twice = text(&bytes(&board, Format::Svg, &ExportOptions { scale: 2, ..Default::default() }));
    assert!(
        twice.contains("width=\"1608\"") && twice.contains("viewBox=\"0 0 804 424\""),
        "{}",
        &twice[..400]
    );
}

#[test]
fn transparent_svg_renders_transparent() {
    require_tool("rsvg-convert", "librsvg2-bin");
    let dir = tempfile::tempdir().expect("temp dir");
    let svg = dir.path().join("clear.svg");
    let out = dir.path().join("clear.png");
    let opts = ExportOptions { transparent: true, ..Default::default() };
    std::fs::write(&svg, bytes(&load("v1/small-board.ron"), Format::Svg, &opts)).expect("write");
    tool("rsvg-convert", &[svg.as_os_str(), os("-o"), out.as_os_str()]);
    let img = image::open(&out).expect("png").to_rgba8();
    assert_eq!(img.get_pixel(2, 2).0[3], 0, "the corner shows through");
    let png = export::render_board(&load("v1/small-board.ron"), &opts).expect("renders");
    let (mean, off) = difference(&img, &png);
    assert!(mean < 1.5 && off < 0.01, "{mean} {off}");
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

fn write_pdf(board: &Board, opts: &ExportOptions) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes(board, Format::Pdf, opts)).expect("write pdf");
    (dir, path)
}

fn pdf_pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

#[test]
fn pdf_report_opens_and_its_text_is_there() {
    require_tool("pdftotext", "poppler-utils");
    let board = load("v4/rated-board.ron");
    let (_dir, path) = write_pdf(&board, &ExportOptions::default());
    let info = text(&tool("pdfinfo", &[path.as_os_str()]).stdout);
    assert!(info.contains("A4"), "{info}");
    assert!(pdf_pages(&info) >= 2, "the board, then the session: {info}");
    let body = text(&tool("pdftotext", &[path.as_os_str(), os("-")]).stdout);
    assert!(body.contains(&board.title), "title");
    for s in mlsd_board::practice::steps::steps(&board) {
        assert!(body.contains(&s.title), "step {} missing from\n{body}", s.title);
    }
    assert!(body.contains("Coverage of the reference: 40%"), "coverage");
    assert!(body.contains("Missing components: Feature store"), "what the review found missing");
    assert!(body.contains("Feature engineering: 1 of 4"), "the rubric");
    assert!(body.contains("DAU 100M; p95 < 200 ms"), "the notes");
    assert!(body.contains("Image encoder") && body.contains("ANN index"), "the board's own labels are text");
    assert!(body.contains("Problem") && body.contains("Time per step") && body.contains("Checklist"));
}

#[test]
fn pdf_pages_are_not_blank() {
    require_tool("pdftoppm", "poppler-utils");
    let (dir, path) = write_pdf(&load("v4/rated-board.ron"), &ExportOptions::default());
    let prefix = dir.path().join("page");
    tool("pdftoppm", &[os("-r"), os("40"), os("-png"), path.as_os_str(), prefix.as_os_str()]);
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "{pages:?}");
    for p in &pages {
        let img = image::open(p).expect("page image").to_rgba8();
        let ink = img.pixels().filter(|px| px.0[..3].iter().any(|&c| c < 200)).count();
        assert!(ink > 500, "{}: blank ({ink} dark pixels)", p.display());
    }
}

#[test]
fn pdf_paper_and_long_notes_flow_onto_more_pages() {
    require_tool("pdfinfo", "poppler-utils");
    let mut board = load("v4/rated-board.ron");
    let (_d, short) = write_pdf(&board, &ExportOptions { paper: Paper::Letter, ..Default::default() });
    let info = text(&tool("pdfinfo", &[short.as_os_str()]).stdout);
    assert!(info.contains("612 x 792") || info.contains("792 x 612"), "Letter: {info}");
    let short_pages = pdf_pages(&info);
    let para = "Sharding the index by embedding cluster keeps each shard's recall high while the fan-out stays small. ";
    let long: String = (0..40).map(|i| format!("{i}. {}\n", para.repeat(3))).collect();
    board.session.step_mut("model").notes = format!("{long}THE LAST LINE OF THE NOTES");
    let (_d2, path) = write_pdf(&board, &ExportOptions::default());
    let info = text(&tool("pdfinfo", &[path.as_os_str()]).stdout);
    assert!(pdf_pages(&info) >= short_pages + 2, "long notes on more pages: {info}");
    let body = text(&tool("pdftotext", &[path.as_os_str(), os("-")]).stdout);
    assert!(body.contains("THE LAST LINE OF THE NOTES"), "nothing of the notes is lost");
    assert!(body.contains("39. Sharding"), "the last paragraph");
}

#[test]
fn a_large_board_is_scaled_onto_the_first_page() {
    require_tool("pdfinfo", "poppler-utils");
    let board = mlsd_board::cli::demo::board(400);
    let (_d, path) = write_pdf(&board, &ExportOptions::default());
    let info = text(&tool("pdfinfo", &[path.as_os_str()]).stdout);
    assert!(info.contains("A4"), "{info}");
    let first =
        text(&tool("pdftotext", &[os("-f"), os("1"), os("-l"), os("1"), path.as_os_str(), os("-")]).stdout);
    assert!(first.contains(" 399"), "the board's boxes are on page 1, as text");
}

// ---------------------------------------------------------------------------------------------
// PNG with the board inside
// ---------------------------------------------------------------------------------------------

#[test]
fn png_carries_the_board_and_reopens_as_it_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut boards = template_boards();
    for rel in ["v1/small-board.ron", "v2/session-board.ron", "v3/reviewed-board.ron", "v4/rated-board.ron"] {
        boards.push((rel.to_owned(), load(rel)));
    }
    boards.push(("hostile labels".into(), hostile_labels()));
    for (name, board) in boards {
        let path = dir.path().join("board.png");
        let png = bytes(&board, Format::Png, &ExportOptions::default());
        // A compressed iTXt chunk: keyword, then compression flag 1, method 0.
        let chunk = [b"iTXt".as_slice(), png_board::KEYWORD.as_bytes(), &[0, 1, 0]].concat();
        assert!(png.windows(chunk.len()).any(|w| w == chunk.as_slice()), "{name}: no compressed board chunk");
        std::fs::write(&path, &png).expect("write");
        // Still a normal PNG.
        let img = image::open(&path).unwrap_or_else(|e| panic!("{name}: not a PNG: {e}"));
        assert!(img.width() > 10, "{name}");
        let loaded = format::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.board, board, "{name}: the board read back differs");
        assert!(loaded.repairs.is_empty(), "{name}: {:?}", loaded.repairs);
    }
}

#[test]
fn check_accepts_a_board_png_and_refuses_other_pngs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let board = load("v4/rated-board.ron");
    let good = dir.path().join("board.png");
    std::fs::write(&good, bytes(&board, Format::Png, &ExportOptions { scale: 2, ..Default::default() }))
        .expect("w");
    let out = run(&[os("check"), good.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&board.title));

    let plain = dir.path().join("photo.png");
    let img = export::render_board(&board, &ExportOptions::default()).expect("renders");
    export::save_png(&img, &plain).expect("save");
    let out = run(&[os("check"), plain.as_os_str()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains(&plain.display().to_string()) && err.contains("without an mlsd-board board"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Excalidraw
// ---------------------------------------------------------------------------------------------

fn scene(board: &Board) -> Value {
    let json = interop::excalidraw(board, ThemeKind::Light).expect("writes");
    serde_json::from_str(&json).expect("valid JSON")
}

fn elements(scene: &Value) -> Vec<&Value> {
    scene["elements"].as_array().expect("elements").iter().collect()
}

/// The fields Excalidraw's element types declare, by type (packages/element/src/types.ts).
fn assert_excalidraw_shape(scene: &Value) {
    assert_eq!(scene["type"], "excalidraw");
    assert_eq!(scene["version"], 2);
    assert!(scene["appState"].is_object() && scene["files"].is_object());
    let els = elements(scene);
    let by_id: HashMap<&str, &Value> = els.iter().map(|e| (e["id"].as_str().expect("id"), *e)).collect();
    assert_eq!(by_id.len(), els.len(), "ids are unique");
    let base = [
        "id",
        "type",
        "x",
        "y",
        "width",
        "height",
        "angle",
        "strokeColor",
        "backgroundColor",
        "fillStyle",
        "strokeWidth",
        "strokeStyle",
        "roughness",
        "opacity",
        "seed",
        "version",
        "versionNonce",
        "index",
        "isDeleted",
        "groupIds",
        "frameId",
        "boundElements",
        "updated",
        "link",
        "locked",
        "roundness",
    ];
    let mut last_index = String::new();
    for e in &els {
        for f in base {
            assert!(e.get(f).is_some(), "{} lacks {f}", e["id"]);
        }
        let index = e["index"].as_str().expect("index").to_owned();
        assert!(index > last_index, "fractional indices follow the element order");
        last_index = index;
        for f in ["x", "y", "width", "height"] {
            assert!(e[f].as_f64().is_some_and(f64::is_finite), "{} {f}", e["id"]);
        }
        match e["type"].as_str().expect("type") {
            "rectangle" => {}
            "text" => {
                for f in [
                    "fontSize",
                    "fontFamily",
                    "text",
                    "textAlign",
                    "verticalAlign",
                    "containerId",
                    "originalText",
                    "autoResize",
                    "lineHeight",
                ] {
                    assert!(e.get(f).is_some(), "text {} lacks {f}", e["id"]);
                }
                let container = by_id[e["containerId"].as_str().expect("bound")];
                let listed = container["boundElements"].as_array().expect("container lists its text");
                assert!(listed.iter().any(|b| b["id"] == e["id"] && b["type"] == "text"));
            }
            "arrow" => {
                for f in ["points", "startBinding", "endBinding", "startArrowhead", "endArrowhead", "elbowed"]
                {
                    assert!(e.get(f).is_some(), "arrow {} lacks {f}", e["id"]);
                }
                for end in ["startBinding", "endBinding"] {
                    let b = &e[end];
                    assert_eq!(b["mode"], "orbit", "the current binding format");
                    let fp = b["fixedPoint"].as_array().expect("fixedPoint");
                    assert!(
                        fp.len() == 2
                            && fp.iter().all(|v| v
                                .as_f64()
                                .is_some_and(|f| (0.0..=1.0).contains(&f) && (f - 0.5).abs() > 1e-5))
                    );
                    let target = by_id[b["elementId"].as_str().expect("elementId")];
                    assert_eq!(target["type"], "rectangle");
                    let listed = target["boundElements"].as_array().expect("the box lists its arrows");
                    assert!(listed.iter().any(|x| x["id"] == e["id"] && x["type"] == "arrow"));
                }
                let pts = e["points"].as_array().expect("points");
                assert_eq!(pts[0], serde_json::json!([0.0, 0.0]));
            }
            other => panic!("unexpected element type {other}"),
        }
    }
}

#[test]
fn excalidraw_scene_has_bound_labels_and_arrows() {
    for (name, board) in template_boards().into_iter().chain([("hostile".into(), hostile_labels())]) {
        let s = scene(&board);
        assert_excalidraw_shape(&s);
        let els = elements(&s);
        let rects = els.iter().filter(|e| e["type"] == "rectangle").count();
        let arrows = els.iter().filter(|e| e["type"] == "arrow").count();
        assert_eq!(rects, board.nodes.len(), "{name}: one rectangle per box");
        assert_eq!(arrows, board.edges.len(), "{name}: one arrow per edge");
        let labelled = board.nodes.iter().filter(|n| !n.label.is_empty()).count()
            + board.edges.iter().filter(|e| !e.label.is_empty()).count();
        assert_eq!(
            els.iter().filter(|e| e["type"] == "text").count(),
            labelled,
            "{name}: one text per label"
        );
    }
}

#[test]
fn excalidraw_keeps_the_stage_and_note_colours_and_stable_ids() {
    let board = load("v4/rated-board.ron");
    let colors = mlsd_board::render::theme::Colors::of(ThemeKind::Light);
    let hex = |c: egui::Color32| format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b());
    let s = scene(&board);
    let by_id: HashMap<&str, &Value> =
        elements(&s).into_iter().map(|e| (e["id"].as_str().unwrap_or(""), e)).collect();
    let stage = by_id["node-2"]; // Stage(3)
    assert_eq!(stage["backgroundColor"], hex(colors.stage_fill(3)));
    assert_eq!(stage["strokeColor"], hex(colors.stage(3)));
    let note = by_id["node-8"];
    assert_eq!(note["backgroundColor"], hex(colors.note_fill));
    let label = by_id["node-8-label"];
    assert_eq!((label["textAlign"].as_str(), label["verticalAlign"].as_str()), (Some("left"), Some("top")));
    assert_eq!(label["originalText"], "Latency budget ~200 ms; 1B images");
    // The same board gives the same file.
    assert_eq!(interop::excalidraw(&board, ThemeKind::Light), interop::excalidraw(&board, ThemeKind::Light));
    let dark: Value =
        serde_json::from_str(&interop::excalidraw(&board, ThemeKind::Dark).expect("w")).expect("json");
    assert_eq!(dark["appState"]["theme"], "dark");
}

/// What an import must keep: each box's kind, label, place and size; each edge's ends, label and
/// style.
fn same_drawing(a: &Board, b: &Board, name: &str) {
    assert_eq!(a.nodes.len(), b.nodes.len(), "{name}: boxes");
    assert_eq!(a.edges.len(), b.edges.len(), "{name}: edges");
    for (x, y) in a.nodes.iter().zip(&b.nodes) {
        assert_eq!((&x.kind, &x.label, x.color), (&y.kind, &y.label, y.color), "{name}: box {}", x.id.0);
        assert!(
            (x.pos.x - y.pos.x).abs() < 0.01 && (x.pos.y - y.pos.y).abs() < 0.01,
            "{name}: box {} moved",
            x.id.0
        );
        assert!(
            (x.size.w - y.size.w).abs() < 0.01 && (x.size.h - y.size.h).abs() < 0.01,
            "{name}: box {} resized",
            x.id.0
        );
    }
    let label_of = |b: &Board, id: NodeId| b.node(id).map(|n| (n.label.clone(), n.pos.x, n.pos.y));
    for (x, y) in a.edges.iter().zip(&b.edges) {
        assert_eq!((&x.label, x.style), (&y.label, y.style), "{name}: edge {}", x.id.0);
        assert_eq!(label_of(a, x.from), label_of(b, y.from), "{name}: edge {} start", x.id.0);
        assert_eq!(label_of(a, x.to), label_of(b, y.to), "{name}: edge {} end", x.id.0);
    }
}

#[test]
fn excalidraw_round_trip_keeps_boxes_labels_and_edges() {
    let none = |_: &str| None;
    let mut boards = template_boards();
    boards.push(("v4".into(), load("v4/rated-board.ron")));
    boards.push(("hostile".into(), hostile_labels()));
    for (name, board) in boards {
        let json = interop::excalidraw(&board, ThemeKind::Light).expect("writes");
        let back = excalidraw::import(&json, "back", &none).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.skipped.is_empty(), "{name}: {:?}", back.skipped);
        same_drawing(&board, &back.board, &name);
        // Our own ids come back too, and the routing.
        let ids = |b: &Board| {
            (
                b.nodes.iter().map(|n| n.id).collect::<Vec<_>>(),
                b.edges.iter().map(|e| (e.id, e.route)).collect::<Vec<_>>(),
            )
        };
        assert_eq!(ids(&board), ids(&back.board), "{name}");
    }
}

#[test]
fn excalidraw_drawn_elsewhere_imports_by_label() {
    // The scene without our customData, as someone else's Excalidraw would have it.
    let board = load("v4/rated-board.ron");
    let mut s = scene(&board);
    for e in s["elements"].as_array_mut().expect("elements") {
        if let Some(m) = e.as_object_mut() {
            m.remove("customData");
        }
    }
    // Extras that cannot become boxes or edges.
    let els = s["elements"].as_array_mut().expect("elements");
    els.push(serde_json::json!({"id": "e1", "type": "ellipse", "x": 0, "y": 0, "width": 10, "height": 10}));
    els.push(serde_json::json!({"id": "t1", "type": "text", "x": 0, "y": 0, "width": 10, "height": 10, "text": "free", "containerId": null}));
    els.push(serde_json::json!({"id": "a1", "type": "arrow", "x": 0, "y": 0, "width": 10, "height": 10, "points": [[0,0],[10,0]], "startBinding": null, "endBinding": null}));
    els.push(serde_json::json!({"id": "r1", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10}));
    els.push(serde_json::json!({"id": "r2", "type": "rectangle", "x": 5, "y": 5, "width": 10, "height": 10, "isDeleted": true}));
    let json = serde_json::to_string(&s).expect("json");
    let got = excalidraw::import(&json, "elsewhere", &interop::kind_of_label).expect("imports");
    let b = &got.board;
    assert_eq!(b.nodes.len(), board.nodes.len());
    assert_eq!(b.edges.len(), board.edges.len());
    let kind = |label: &str| b.nodes.iter().find(|n| n.label == label).map(|n| n.kind.clone());
    assert_eq!(kind("ANN index"), Some(NodeKind::Component("ann_index".into())));
    assert_eq!(kind("Image encoder"), Some(NodeKind::Component("visual_encoder".into()))); // the catalogue tells image and text encoders apart
    assert_eq!(kind("Latency budget ~200 ms; 1B images"), Some(NodeKind::Note), "no kind named: a note");
    let skipped = got.skipped.join(", ");
    for want in ["1 ellipse", "1 text outside a box", "1 arrow not bound", "1 rectangle without text"] {
        assert!(skipped.contains(want), "{want} in {skipped}");
    }
    // Two-way and plain arrows keep their heads.
    for (x, y) in board.edges.iter().zip(&b.edges) {
        assert_eq!(x.style, y.style);
    }
}

// ---------------------------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------------------------

/// A small grammar of Mermaid's flowchart syntax (the subset the exporter writes, with
/// Mermaid's own rules: packages/mermaid/src/diagrams/flowchart/parser/flow.jison), so a
/// broken label or a keyword used as an id is caught without Mermaid itself.
mod mermaid_grammar {
    use std::collections::{HashMap, HashSet};

    /// A parsed flowchart.
    #[derive(Debug, Default)]
    pub struct Chart {
        pub direction: String,
        /// Node id → (shape, label as shown).
        pub nodes: HashMap<String, (&'static str, String)>,
        /// (from, arrow, label, to).
        pub edges: Vec<(String, String, String, String)>,
        /// (subgraph id, title, member node ids).
        pub subgraphs: Vec<(String, String, Vec<String>)>,
    }

    const KEYWORDS: [&str; 14] = [
        "end",
        "subgraph",
        "graph",
        "flowchart",
        "style",
        "linkStyle",
        "classDef",
        "class",
        "click",
        "call",
        "href",
        "default",
        "interpolate",
        "direction",
    ];
    const SHAPES: [(&str, &str, &str); 8] = [
        ("([", "])", "stadium"),
        ("[(", ")]", "cylinder"),
        ("[[", "]]", "subroutine"),
        ("((", "))", "circle"),
        ("[", "]", "rect"),
        ("(", ")", "round"),
        (">", "]", "flag"),
        ("{", "}", "diamond"),
    ];

    fn id(s: &str) -> Result<&str, String> {
        let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err(format!("bad id {s:?}"));
        }
        if KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(s)) {
            return Err(format!("the id {s:?} is a Mermaid keyword"));
        }
        Ok(s)
    }

    /// A quoted label: `"…"` with no quote inside, entities well formed, no raw markup but
    /// `<br>`, no directive, no markdown backtick; returns it as Mermaid shows it.
    fn quoted(s: &str) -> Result<(String, &str), String> {
        let rest = s.strip_prefix('"').ok_or_else(|| format!("label not quoted: {s:?}"))?;
        let end = rest.find('"').ok_or_else(|| format!("unterminated label: {s:?}"))?;
        let (body, after) = (&rest[..end], &rest[end + 1..]);
        if body.contains("%%") || body.starts_with('`') || body.chars().any(|c| c.is_control()) {
            return Err(format!("label {body:?} holds a directive, markdown or a control character"));
        }
        let mut out = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '#' => {
                    let semi = body[i..].find(';').ok_or_else(|| format!("a lone # in {body:?}"))?;
                    let name = &body[i + 1..i + semi];
                    let shown = match name {
                        "quot" => "\"".to_owned(),
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        n if !n.is_empty() && n.chars().all(|d| d.is_ascii_digit()) => {
                            char::from_u32(n.parse().map_err(|_| "entity")?).ok_or("entity")?.to_string()
                        }
                        n => return Err(format!("unknown entity #{n}; in {body:?}")),
                    };
                    out.push_str(&shown);
                    for _ in 0..semi {
                        chars.next();
                    }
                }
                '<' if body[i..].starts_with("<br>") => {
                    out.push('\n');
                    for _ in 0..3 {
                        chars.next();
                    }
                }
                '<' | '>' => return Err(format!("raw markup in {body:?}")),
                c => out.push(c),
            }
        }
        Ok((out, after))
    }

    fn node(s: &str) -> Result<(String, &'static str, String), String> {
        let split = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .ok_or_else(|| format!("no shape: {s:?}"))?;
        let name = id(&s[..split])?.to_owned();
        let rest = &s[split..];
        for (open, close, shape) in SHAPES {
            if let Some(inner) = rest.strip_prefix(open) {
                let (label, after) = quoted(inner)?;
                if after != close {
                    return Err(format!("{name}: expected {close:?} after the label, got {after:?}"));
                }
                return Ok((name, shape, label));
            }
        }
        Err(format!("unknown shape in {s:?}"))
    }

    pub fn parse(text: &str) -> Result<Chart, String> {
        let mut chart = Chart::default();
        let mut stack: Vec<usize> = Vec::new();
        let mut seen_subgraphs = HashSet::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let at = |e: String| format!("line {}: {e}: {raw:?}", n + 1);
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix("%%") {
                if comment.contains('{') || comment.contains("%%") {
                    return Err(at("a comment that reads as a directive".into()));
                }
                continue;
            }
            if chart.direction.is_empty() {
                let dir = line
                    .strip_prefix("flowchart ")
                    .ok_or_else(|| at("must start with `flowchart`".into()))?;
                if !["TB", "TD", "BT", "LR", "RL"].contains(&dir) {
                    return Err(at("unknown direction".into()));
                }
                chart.direction = dir.to_owned();
                continue;
            }
            if let Some(rest) = line.strip_prefix("subgraph ") {
                let (name, title) =
                    rest.split_once(" [").ok_or_else(|| at("subgraph needs an id and a title".into()))?;
                let name = id(name).map_err(at)?;
                let (title, after) = quoted(title).map_err(at)?;
                if after != "]" || !seen_subgraphs.insert(name.to_owned()) {
                    return Err(at("bad or repeated subgraph".into()));
                }
                chart.subgraphs.push((name.to_owned(), title, Vec::new()));
                stack.push(chart.subgraphs.len() - 1);
                continue;
            }
            if line == "end" {
                stack.pop().ok_or_else(|| at("`end` without a subgraph".into()))?;
                continue;
            }
            if let Some(dir) = line.strip_prefix("direction ") {
                if stack.is_empty() || !["TB", "BT", "LR", "RL"].contains(&dir) {
                    return Err(at("bad direction".into()));
                }
                continue;
            }
            // An id followed by a space starts an edge; followed by a bracket, a node.
            let id_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(line.len());
            let arrow = if line[id_end..].starts_with(' ') {
                let rest = &line[id_end + 1..];
                let a = ["<-->", "-->", "---"].into_iter().find(|a| rest.starts_with(a));
                Some((id_end, a.ok_or_else(|| at("unknown arrow".into()))?))
            } else {
                None
            };
            if let Some((i, a)) = arrow {
                let from = id(&line[..i]).map_err(at)?.to_owned();
                let mut rest = &line[i + 1 + a.len()..];
                let mut label = String::new();
                if let Some(r) = rest.strip_prefix('|') {
                    let (l, after) = quoted(r).map_err(at)?;
                    rest = after.strip_prefix('|').ok_or_else(|| at("edge label not closed".into()))?;
                    label = l;
                }
                let to = id(rest.strip_prefix(' ').ok_or_else(|| at("space before the target".into()))?)
                    .map_err(at)?;
                for end in [&from, &to.to_owned()] {
                    if !chart.nodes.contains_key(end.as_str()) {
                        return Err(at(format!("edge to undeclared node {end}")));
                    }
                }
                chart.edges.push((from, a.to_owned(), label, to.to_owned()));
                continue;
            }
            let (name, shape, label) = node(line).map_err(at)?;
            if chart.nodes.insert(name.clone(), (shape, label)).is_some() {
                return Err(at(format!("node {name} declared twice")));
            }
            if let Some(&g) = stack.last() {
                chart.subgraphs[g].2.push(name);
            }
        }
        if chart.direction.is_empty() {
            return Err("no `flowchart` line".into());
        }
        if !stack.is_empty() {
            return Err("a subgraph is not closed".into());
        }
        Ok(chart)
    }
}

#[test]
fn the_mermaid_grammar_check_accepts_and_refuses() {
    let good = "flowchart LR\n  a[\"x #quot;y#quot;\"]\n  b[(\"db\")]\n  a -->|\"go\"| b\n  subgraph s1 [\"lane\"]\n    c>\"note<br>two\"]\n  end\n";
    let chart = mermaid_grammar::parse(good).expect("valid");
    assert_eq!(chart.nodes["a"].1, "x \"y\"");
    assert_eq!(chart.nodes["c"], ("flag", "note\ntwo".to_owned()));
    for bad in [
        "graph LR\n",                           // not a flowchart line
        "flowchart LR\n  end[\"x\"]\n",         // keyword as id
        "flowchart LR\n  a[\"say \"hi\"\"]\n",  // quote in a label
        "flowchart LR\n  a[\"#1 fan\"]\n",      // lone #
        "flowchart LR\n  a[\"<b>\"]\n",         // markup
        "flowchart LR\n  a --> b\n",            // undeclared nodes
        "flowchart LR\n  subgraph s [\"t\"]\n", // unclosed subgraph
        "flowchart LR\n  a[\"%%{init}%%\"]\n",  // directive
        "flowchart LR\n  a[\"x\"\n",            // unclosed shape
    ] {
        assert!(mermaid_grammar::parse(bad).is_err(), "should be refused: {bad:?}");
    }
}

/// Checks a board's Mermaid against the board: one node per box with its label and shape, one
/// edge per arrow with its label and direction.
fn mermaid_matches(board: &Board, name: &str) -> mermaid_grammar::Chart {
    let text = mermaid::to_mermaid(board);
    let chart = mermaid_grammar::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
    assert_eq!(chart.nodes.len(), board.nodes.len(), "{name}: one node per box");
    for n in &board.nodes {
        let (shape, label) = &chart.nodes[&format!("n{}", n.id.0)];
        if !n.label.trim().is_empty() {
            let want: String = n.label.chars().filter(|c| *c != '\r').collect();
            assert_eq!(label, &want, "{name}: label of box {}", n.id.0);
        }
        let want_shape = match &n.kind {
            NodeKind::Stage(_) => "stadium",
            NodeKind::Note => "flag",
            NodeKind::Component(k) if k == "feature_store" || k == "kv_store" || k == "ann_index" => {
                "cylinder"
            }
            NodeKind::Component(k) if k == "client" => "round",
            NodeKind::Component(k) if k == "heavy_ranker" || k == "api_gateway" => "rect",
            NodeKind::Component(_) => shape,
        };
        assert_eq!(*shape, want_shape, "{name}: shape of box {} ({:?})", n.id.0, n.kind);
    }
    assert_eq!(chart.edges.len(), board.edges.len(), "{name}: one edge per arrow");
    for (e, (from, arrow, label, to)) in board.edges.iter().zip(&chart.edges) {
        assert_eq!(
            (from.as_str(), to.as_str()),
            (format!("n{}", e.from.0).as_str(), format!("n{}", e.to.0).as_str())
        );
        let want = match e.style {
            ArrowStyle::OneWay => "-->",
            ArrowStyle::TwoWay => "<-->",
            ArrowStyle::None => "---",
        };
        assert_eq!(arrow, want, "{name}: edge {}", e.id.0);
        assert_eq!(label.trim(), e.label.trim(), "{name}: label of edge {}", e.id.0);
    }
    chart
}

#[test]
fn mermaid_of_every_template_parses_and_matches_the_board() {
    for (name, board) in template_boards() {
        let chart = mermaid_matches(&board, &name);
        let stages = board.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Stage(_))).count();
        assert_eq!(chart.subgraphs.len(), stages, "{name}: a subgraph per stage lane");
    }
}

#[test]
fn mermaid_escapes_any_label() {
    let chart = mermaid_matches(&hostile_labels(), "hostile");
    assert_eq!(chart.nodes["n2"].1, "end");
}

#[test]
fn mermaid_stage_lanes_are_subgraphs() {
    let board = load("v1/small-board.ron");
    let chart = mermaid_matches(&board, "small board");
    assert!(!chart.subgraphs.is_empty());
    for (_, title, members) in &chart.subgraphs {
        assert!(title.chars().next().is_some_and(|c| c.is_ascii_digit()), "{title}");
        assert!(
            members.first().is_some_and(|m| chart.nodes[m].0 == "stadium"),
            "the stage box leads its lane"
        );
    }
}

/// The golden Mermaid files in `tests/fixtures/mermaid/`: written when missing or with
/// `UPDATE_SNAPSHOTS=1`, otherwise the output must be the same text.
#[test]
fn mermaid_matches_the_fixtures() {
    let update =
        std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "no"));
    for (file, board) in
        [("small-board.mmd", load("v1/small-board.ron")), ("hostile-labels.mmd", hostile_labels())]
    {
        let path = fixture_path("mermaid").join(file);
        let got = mermaid::to_mermaid(&board);
        if update || !path.exists() {
            std::fs::create_dir_all(fixture_path("mermaid")).expect("mkdir");
            std::fs::write(&path, &got).expect("write fixture");
            continue;
        }
        let want = std::fs::read_to_string(&path).expect("read fixture");
        assert_eq!(got, want, "{file} changed; run with UPDATE_SNAPSHOTS=1 if that is intended");
        mermaid_grammar::parse(&want).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Every template in every format, and the command line
// ---------------------------------------------------------------------------------------------

#[test]
fn every_template_exports_in_every_format() {
    for (name, board) in template_boards() {
        for format in Format::ALL {
            let out = formats::export_bytes(&board, format, &ExportOptions::default())
                .unwrap_or_else(|e| panic!("{name} as {format:?}: {e}"));
            let b = &out.bytes;
            let ok = match format {
                Format::Png => png_board::is_png(b),
                Format::Svg => b.starts_with(b"<?xml") && text(b).contains("</svg>"),
                Format::Pdf => b.starts_with(b"%PDF-") && text(b).contains("%%EOF"),
                Format::Excalidraw => serde_json::from_slice::<Value>(b).is_ok(),
                Format::Mermaid => text(b).starts_with("%%"),
            };
            assert!(ok, "{name} as {format:?}: not a {} file", format.extension());
        }
    }
}

#[test]
fn cli_exports_by_extension_or_format_and_refuses_mismatches() {
    let dir = tempfile::tempdir().expect("temp dir");
    let board = fixture_path("v4/rated-board.ron");
    for ext in ["png", "svg", "pdf", "excalidraw", "mmd"] {
        let out_path = dir.path().join(format!("out.{ext}"));
        let out = run(&[os("export"), board.as_os_str(), os("-o"), out_path.as_os_str()]);
        assert_eq!(out.status.code(), Some(0), "{ext}: {}", text(&out.stderr));
        assert!(std::fs::metadata(&out_path).is_ok_and(|m| m.len() > 100), "{ext}");
        assert!(text(&out.stdout).starts_with("wrote "), "{ext}");
    }
    // --format for a name without a known extension.
    let odd = dir.path().join("diagram.txt");
    let out = run(&[os("export"), board.as_os_str(), os("-o"), odd.as_os_str(), os("--format"), os("mmd")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(std::fs::read_to_string(&odd).is_ok_and(|t| t.contains("flowchart")));
    // No way to tell, or a contradiction: exit 1, nothing written.
    let none = dir.path().join("diagram");
    let out = run(&[os("export"), board.as_os_str(), os("-o"), none.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--format") && !none.exists());
    let clash = dir.path().join("clash.png");
    let out = run(&[os("export"), board.as_os_str(), os("-o"), clash.as_os_str(), os("--format"), os("svg")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!clash.exists());
    // Options that do not apply are noted, not fatal; unknown values are usage errors (exit 1).
    let mmd = dir.path().join("x.mmd");
    let out = run(&[os("export"), board.as_os_str(), os("-o"), mmd.as_os_str(), os("--scale"), os("2")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("--scale does not apply"), "{}", text(&out.stderr));
    let out = run(&[os("export"), board.as_os_str(), os("-o"), mmd.as_os_str(), os("--paper"), os("a3")]);
    assert_eq!(out.status.code(), Some(1));
    let letter = dir.path().join("letter.pdf");
    let out =
        run(&[os("export"), board.as_os_str(), os("-o"), letter.as_os_str(), os("--paper"), os("letter")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("Letter"), "{}", text(&out.stdout));
    // Never over the board itself.
    let copy = dir.path().join("self.png");
    std::fs::write(&copy, bytes(&load("v4/rated-board.ron"), Format::Png, &ExportOptions::default()))
        .expect("w");
    let before = std::fs::read(&copy).expect("read");
    let out = run(&[os("export"), copy.as_os_str(), os("-o"), copy.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&copy).expect("read"), before, "the board is untouched");
}

#[test]
fn cli_import_writes_a_board_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scene_path = dir.path().join("drawing.excalidraw");
    std::fs::write(
        &scene_path,
        interop::excalidraw(&load("v4/rated-board.ron"), ThemeKind::Light).expect("w"),
    )
    .expect("write");
    let board_path = dir.path().join("board.ron");
    let out = run(&[os("import"), scene_path.as_os_str(), os("-o"), board_path.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let loaded = format::load(&board_path).expect("a board");
    assert_eq!(loaded.board.nodes.len(), 8);
    assert_eq!(loaded.board.title, "drawing");
    assert!(text(&out.stdout).contains("8 boxes"));
    // Again: refused, file unchanged; with --force: written.
    std::fs::write(&board_path, "keep me").expect("write");
    let out = run(&[os("import"), scene_path.as_os_str(), os("-o"), board_path.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&board_path).expect("read"), "keep me");
    let out = run(&[os("import"), scene_path.as_os_str(), os("-o"), board_path.as_os_str(), os("--force")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(format::load(&board_path).is_ok());
}

#[test]
fn a_summary_band_too_tall_names_the_band_not_the_padding() {
    let mut board = load("v1/small-board.ron");
    board.session.problem = "word ".repeat(400_000);
    let err = export::render_board(&board, &ExportOptions { summary: true, ..Default::default() })
        .expect_err("too tall");
    assert!(matches!(err, ExportError::TooLarge { cause: Oversize::SummaryBand, fits: None, .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("summary band") && !msg.contains("padding"), "{msg}");
    // Without the band it exports, and the SVG has no pixel limit at all.
    assert!(export::render_board(&board, &ExportOptions::default()).is_ok());
    let mut far = Board::new("far");
    for (i, x) in [0.0f32, 30_000.0].iter().enumerate() {
        far.nodes.push(Node {
            id: NodeId(i as u64 + 1),
            kind: NodeKind::Note,
            label: "x".into(),
            pos: Point::new(*x, 0.0),
            size: Size::new(50.0, 50.0),
            color: None,
        });
    }
    far.reindex();
    let err = export::render_board(&far, &ExportOptions::default()).expect_err("too wide");
    assert!(err.to_string().contains("move far-away boxes closer"), "{err}");
    assert!(formats::export_bytes(&far, Format::Svg, &ExportOptions::default()).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Hostile files
// ---------------------------------------------------------------------------------------------

/// Imports `bytes` as a `.excalidraw` file through the real binary and checks it fails or
/// succeeds cleanly, writing nothing on failure.
fn import_cleanly(dir: &Path, name: &str, bytes: &[u8]) -> bool {
    let input = dir.join(format!("{name}.excalidraw"));
    let output = dir.join(format!("{name}.ron"));
    std::fs::write(&input, bytes).expect("write");
    let out = run(&[os("import"), input.as_os_str(), os("-o"), output.as_os_str()]);
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    match out.status.code() {
        Some(0) => {
            assert!(format::load(&output).is_ok(), "{name}: the imported board must open");
            true
        }
        Some(1) => {
            assert!(
                stderr.contains(&input.display().to_string()),
                "{name}: the error names the file: {stderr}"
            );
            assert!(!output.exists(), "{name}: nothing written on failure");
            false
        }
        other => panic!("{name}: exit {other:?}: {stderr}"),
    }
}

#[test]
fn hostile_excalidraw_files_fail_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = interop::excalidraw(&load("v4/rated-board.ron"), ThemeKind::Light).expect("w");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_label = serde_json::json!({"type": "excalidraw", "elements": [
        {"id": "r", "type": "rectangle", "x": 0, "y": 0, "width": 1e300, "height": -5, "boundElements": [{"id": "t", "type": "text"}]},
        {"id": "t", "type": "text", "containerId": "r", "text": "x".repeat(300_000)},
        {"id": "far", "type": "rectangle", "x": 1e30, "y": 0, "width": 10, "height": 10},
        {"id": "t2", "type": "text", "containerId": "far", "text": "far"},
        {"id": "a", "type": "arrow", "startBinding": {"elementId": "r"}, "endBinding": {"elementId": "missing"}},
        {"id": "r", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10},
        {"id": "c", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 10,
         "customData": {"mlsdBoard": {"kind": "stage", "step": 99, "id": 1e20}}},
        {"id": "c2", "type": "text", "containerId": "c", "text": "stage?"}
    ]})
    .to_string();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("not utf8", vec![0xff, 0xfe, b'{', 0x80]),
        ("deep", deep.into_bytes()),
        ("wrong type", br#"{"type": "excalidrawlib", "libraryItems": []}"#.to_vec()),
        ("elements not a list", br#"{"type": "excalidraw", "elements": {"a": 1}}"#.to_vec()),
        ("a number", b"42".to_vec()),
        ("huge and odd", huge_label.into_bytes()),
    ];
    let mut imported = 0;
    for (name, bytes) in cases {
        imported += usize::from(import_cleanly(dir.path(), name, &bytes));
    }
    assert!(imported >= 1, "the odd but readable scene imports");
    // An existing board is never overwritten by a failed import, even with --force.
    let target = dir.path().join("keep.ron");
    std::fs::write(&target, "precious").expect("write");
    let bad = dir.path().join("bad.excalidraw");
    std::fs::write(&bad, "{").expect("write");
    let out = run(&[os("import"), bad.as_os_str(), os("-o"), target.as_os_str(), os("--force")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");
}

#[test]
fn mutated_excalidraw_scenes_import_or_fail_cleanly() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let good = interop::excalidraw(&load("v4/rated-board.ron"), ThemeKind::Light).expect("w");
    let mut runner = TestRunner::new(Config { cases: 600, failure_persistence: None, ..Config::default() });
    let result =
        runner.run(&(proptest::collection::vec((0..good.len(), any::<u8>(), 0u8..4), 1..6)), |muts| {
            let mut b = good.clone().into_bytes();
            for (at, byte, how) in muts {
                let at = at.min(b.len());
                match how {
                    0 => b.truncate(at),
                    1 => b.insert(at, byte),
                    2 if at < b.len() => b[at] = byte,
                    _ => {
                        if at < b.len() {
                            b.remove(at);
                        }
                    }
                }
            }
            if let Ok(text) = std::str::from_utf8(&b)
                && let Ok(got) = excalidraw::import(text, "m", &interop::kind_of_label)
            {
                let steps = mlsd_board::content::frameworks::step_count(&got.board.framework);
                prop_assert!(mlsd_board::board::validate::fatal_problems(&got.board, steps).is_empty());
                let saved = format::to_string(&got.board).expect("saves");
                prop_assert!(format::parse_str(&saved).is_ok());
            }
            Ok(())
        });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_png_cut_after_its_board_still_opens_as_the_board() {
    // The board chunk comes before the image data, with its own checksum: a PNG whose image
    // was cut short still holds the whole board, and it opens.
    let board = load("v4/rated-board.ron");
    let good = bytes(&board, Format::Png, &ExportOptions::default());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.png");
    std::fs::write(&path, &good[..good.len() / 2]).expect("write");
    assert_eq!(format::load(&path).expect("opens").board, board);
}

#[test]
fn hostile_pngs_fail_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = bytes(&load("v4/rated-board.ron"), Format::Png, &ExportOptions::default());
    let img = export::render_board(&load("v1/small-board.ron"), &ExportOptions::default()).expect("renders");
    let encode =
        |board: Option<&str>| png_board::encode(img.as_raw(), img.width(), img.height(), board).expect("png");
    let mut flipped = good.clone();
    // A byte of the board chunk's compressed text: its checksum no longer matches.
    let at = flipped.windows(4).position(|w| w == b"iTXt").expect("a board chunk") + 30;
    flipped[at] ^= 0x55;
    let bomb_text = "(".repeat(40 * 1024 * 1024);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut inside the board chunk", good[..60].to_vec()),
        ("signature only", good[..8].to_vec()),
        ("a flipped byte in the board chunk", flipped),
        ("not a board inside", encode(Some("just some text"))),
        ("a newer board inside", encode(Some("Board(version: 99)"))),
        ("a huge chunk", encode(Some(&bomb_text))),
        ("no board", encode(None)),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{}.png", name.replace(' ', "-")));
        std::fs::write(&path, &bytes).expect("write");
        let before = std::fs::read(&path).expect("read");
        let result = format::load(&path);
        let e = match result {
            Err(e) => e,
            Ok(_) => panic!("{name}: should be refused"),
        };
        assert_eq!(e.path, path, "{name}: names the file");
        assert!(!e.problem.trim().is_empty());
        let out = run(&[os("check"), path.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(err.contains(&path.display().to_string()) && !err.contains("panicked"), "{name}: {err}");
        assert_eq!(std::fs::read(&path).expect("read"), before, "{name}: the file is untouched");
    }
}

#[test]
fn ids_and_element_counts_of_a_thousand_boxes_stay_consistent() {
    let board = mlsd_board::cli::demo::board(1000);
    let s = scene(&board);
    let ids: HashSet<&str> = elements(&s).iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids.len(), elements(&s).len());
    assert!(ids.contains("node-1000") && ids.contains("edge-2000"));
}

#[test]
fn a_scene_drawn_in_excalidraw_itself_imports() {
    // Made with Excalidraw 0.18.1's own convertToExcalidrawElements and serializeAsJSON: two
    // labelled boxes naming catalogue kinds, one box of free text, a labelled arrow, a two-way
    // arrow, an ellipse and a free text.
    let path = fixture_path("excalidraw/drawn-in-excalidraw-0.18.excalidraw");
    let got = interop::import_excalidraw(&path).expect("imports");
    let b = &got.board;
    let kinds: Vec<(&str, &NodeKind)> = b.nodes.iter().map(|n| (n.label.as_str(), &n.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("Feature store", &NodeKind::Component("feature_store".into())),
            ("Heavy ranker", &NodeKind::Component("heavy_ranker".into())),
            ("remember to ask about latency", &NodeKind::Note),
        ]
    );
    let edges: Vec<(u64, u64, &str, ArrowStyle)> =
        b.edges.iter().map(|e| (e.from.0, e.to.0, e.label.as_str(), e.style)).collect();
    let id = |label: &str| b.nodes.iter().find(|n| n.label == label).map_or(0, |n| n.id.0);
    assert_eq!(
        edges,
        vec![
            (id("Feature store"), id("Heavy ranker"), "features", ArrowStyle::OneWay),
            (id("Feature store"), id("remember to ask about latency"), "", ArrowStyle::TwoWay),
        ]
    );
    assert_eq!(got.skipped, vec!["1 ellipse".to_owned(), "1 text outside a box".to_owned()]);
    assert_eq!(b.title, "drawn-in-excalidraw-0.18");
}
