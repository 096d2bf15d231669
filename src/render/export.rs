//! Exports: PNG, SVG, the PDF report, Excalidraw and Mermaid, all from the same board.
//!
//! The PNG is the board drawn by the canvas's own painter ([`paint_board`]) in a headless egui
//! context, tessellated by egui and filled on the CPU by [`crate::render::raster`]. No second
//! painter, so an export is what the user saw (without grid, selection or hover). Text is laid
//! out and rasterized by egui at the export scale (`pixels_per_point` = scale), so a 2× or 3×
//! export is sharp, never an upscaled 1× bitmap. The PNG carries the board file, so it reopens
//! as the board.
//!
//! SVG and PDF come from the same painter and layout: the shapes it paints are turned into
//! vector paths and glyph outlines ([`crate::render::vector`]) instead of triangles.
//!
//! [`export_bytes`](crate::render::formats::export_bytes) makes any format in memory (for a preview or the clipboard);
//! [`export_file`](crate::render::formats::export_file) writes one atomically.

use crate::board::Board;
use crate::file::format::{self, FileError};
use crate::render::Rasterizer;
use crate::render::geometry::Preview;
use crate::render::paint::{Highlights, paint_board};
use crate::render::theme::{self, Colors, ThemeKind};
use crate::render::vector::Scene;
use crate::render::view::ViewTransform;
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Vec2, pos2, vec2};
use image::RgbaImage;
use std::fmt;
use std::path::Path;

/// No side of an exported image may be longer than this, in pixels.
pub const MAX_SIDE: u32 = 16384;
/// The padding around the board's content, in board units, unless told otherwise.
pub const DEFAULT_PADDING: f32 = 32.0;
/// The largest padding accepted, in board units.
pub const MAX_PADDING: f32 = 2048.0;
/// The size of the image of an empty board, in points (pixels at 1×).
pub const EMPTY_SIZE: Vec2 = vec2(400.0, 200.0);
/// The scales an image can be exported at.
pub const SCALES: [u8; 3] = [1, 2, 3];

/// Room above and below the text of the summary band, in points.
const HEADER_MARGIN: f32 = 14.0;
/// Left and right margin of the summary text, in points.
const HEADER_SIDE: f32 = 16.0;
/// Font size of the summary's first line (the title).
const HEADER_TITLE_SIZE: f32 = 20.0;
/// Height of the title line.
const HEADER_TITLE_LINE: f32 = 26.0;
/// Font size of the summary's other lines.
const HEADER_LINE_SIZE: f32 = 13.0;
/// Height of each other line.
const HEADER_LINE: f32 = 18.0;

/// The paper size of a PDF report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in PDF points (1/72 in), portrait.
    pub fn size(self) -> Vec2 {
        match self {
            Self::A4 => vec2(595.276, 841.89),
            Self::Letter => vec2(612.0, 792.0),
        }
    }

    /// The paper's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::A4 => "A4",
            Self::Letter => "Letter",
        }
    }
}

/// How to export a board.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// Pixels per board unit: 1, 2 or 3 (an SVG's nominal size follows it too).
    pub scale: u8,
    /// Room around the board's content, in board units.
    pub padding: f32,
    /// The colours to draw with.
    pub theme: ThemeKind,
    /// Leave the background transparent instead of the theme's background colour.
    pub transparent: bool,
    /// Draw a band above the board with the board's title (see [`summary_lines`]).
    pub summary: bool,
    /// The paper of a PDF report.
    pub paper: Paper,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            scale: 1,
            padding: DEFAULT_PADDING,
            theme: ThemeKind::Light,
            transparent: false,
            summary: false,
            paper: Paper::A4,
        }
    }
}

/// What made an image too large, so the message names the real cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Oversize {
    /// The boxes themselves lie too far apart.
    Board,
    /// The boxes fit; the padding around them does not.
    Padding,
    /// The board fits; the session summary band above it (a long problem statement, many
    /// steps) makes the image too tall.
    SummaryBand,
}

/// Why a board could not be exported.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    /// The options make no sense (a scale other than 1, 2 or 3; a negative padding).
    Options(String),
    /// The board cannot be drawn (coordinates that are not finite numbers).
    Board(String),
    /// The image would be larger than [`MAX_SIDE`] pixels on a side.
    TooLarge {
        /// The width the image would have, in pixels.
        width: u64,
        /// The height the image would have, in pixels.
        height: u64,
        /// The scale asked for.
        scale: u8,
        /// The largest scale that fits, if any.
        fits: Option<u8>,
        /// What makes it too large at scale 1.
        cause: Oversize,
    },
    /// The file could not be encoded or written; names the file.
    File(FileError),
    /// The export could not be made (a PDF or JSON writer failed); the problem in words.
    Encode(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Options(problem) | Self::Board(problem) | Self::Encode(problem) => f.write_str(problem),
            Self::TooLarge { width, height, scale, fits, cause } => {
                write!(
                    f,
                    "the image would be {width}×{height} pixels at scale {scale}, over the limit of {MAX_SIDE} pixels on a side; "
                )?;
                match (fits, cause) {
                    (Some(s), _) => write!(f, "export it at a lower scale (scale {s} fits)"),
                    (None, Oversize::SummaryBand) => f.write_str(
                        "the session summary band above the board is what makes it too tall (it has a line per \
                         step and the problem statement in full); export without the summary band, or shorten \
                         the problem statement",
                    ),
                    (None, Oversize::Padding) => f.write_str(
                        "the boxes fit, but not with the padding around them; reduce the padding",
                    ),
                    (None, Oversize::Board) => f.write_str(
                        "the boxes lie too far apart to export as one image even at scale 1; move far-away \
                         boxes closer, or export as SVG or PDF, which have no pixel limit",
                    ),
                }
            }
            Self::File(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::File(e) => Some(e),
            _ => None,
        }
    }
}

impl From<FileError> for ExportError {
    fn from(e: FileError) -> Self {
        Self::File(e)
    }
}

/// The lines of the session summary drawn above the board, first line first: the title, the
/// problem statement (in lines of about 110 characters), then per step the time used against its
/// budget and the checklist done/total, and the total.
pub fn summary_lines(board: &Board) -> Vec<String> {
    let title = board.title.trim();
    let mut lines = vec![if title.is_empty() { "Untitled board".to_owned() } else { title.to_owned() }];
    lines.extend(wrap_words(board.session.problem.trim(), 110));
    let summary = crate::practice::steps::summary(board);
    for (i, r) in summary.rows.iter().enumerate() {
        lines.push(format!(
            "{}. {}: {} of {}:00 ({}), checklist {}/{}",
            i + 1,
            r.title,
            crate::practice::steps::clock_text(r.used_ms),
            r.budget_min,
            crate::practice::steps::over_under_text(r.used_ms, r.budget_min),
            r.done,
            r.total
        ));
    }
    let done: usize = summary.rows.iter().map(|r| r.done).sum();
    let total: usize = summary.rows.iter().map(|r| r.total).sum();
    lines.push(format!(
        "Total: {} of {}:00, checklist {done}/{total}",
        crate::practice::steps::clock_text(summary.used_ms()),
        summary.budget_min()
    ));
    if let Some(rec) = &board.session.review {
        let missing: Vec<&str> = rec
            .components
            .iter()
            .filter(|c| !c.covered)
            .map(|c| crate::content::catalogue::kind_name(&c.kind))
            .collect();
        let covered = rec.components.len() - missing.len();
        let joined = rec.connections.iter().filter(|c| c.covered).count();
        lines.push(format!(
            "Coverage of the reference: {:.0}% ({covered}/{} components, {joined}/{} connections)",
            rec.coverage_percent,
            rec.components.len(),
            rec.connections.len()
        ));
        if !missing.is_empty() {
            lines.extend(wrap_words(&format!("Missing: {}", missing.join(", ")), 110));
        }
    }
    lines
}

/// Splits `text` into lines of at most about `width` characters, at spaces.
pub(crate) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Height of the summary band for this many lines, in points.
fn header_height(lines: usize) -> f32 {
    if lines == 0 {
        return 0.0;
    }
    2.0 * HEADER_MARGIN + HEADER_TITLE_LINE + (lines - 1) as f32 * HEADER_LINE
}

/// Where things go in the image, in points.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// The whole image.
    pub(crate) screen: Rect,
    /// The summary band (zero height without a summary).
    header: Rect,
    /// The board's canvas: the content bounds plus padding, or the empty-board note's area.
    body: Rect,
    /// The board's content bounds (board units), `None` for an empty board.
    bounds: Option<Rect>,
    /// Image size in pixels.
    pub(crate) pixels: [u32; 2],
}

/// Where the summary band, the board and the padding go. With `limit`, an image over
/// [`MAX_SIDE`] pixels is refused (raster output); vector output has no such limit.
pub(crate) fn layout(
    board: &Board,
    opts: &ExportOptions,
    summary: &[String],
    limit: bool,
) -> Result<Layout, ExportError> {
    if !SCALES.contains(&opts.scale) {
        return Err(ExportError::Options(format!("the scale must be 1, 2 or 3, not {}", opts.scale)));
    }
    if !(opts.padding.is_finite() && (0.0..=MAX_PADDING).contains(&opts.padding)) {
        return Err(ExportError::Options(format!(
            "the padding must be between 0 and {MAX_PADDING} board units, not {}",
            opts.padding
        )));
    }
    let bounds = match board.bounds() {
        Some((min, max)) => {
            if ![min.x, min.y, max.x, max.y].iter().all(|v| v.is_finite()) {
                return Err(ExportError::Board("the board has boxes at impossible coordinates".to_owned()));
            }
            // Elbow arrows may run outside the boxes to go round them: the image holds them too.
            crate::render::route::content_bounds(board)
                .or(Some(Rect::from_min_max(pos2(min.x, min.y), pos2(max.x, max.y))))
        }
        None => None,
    };
    // Sizes in f64 so that absurd boards report their size instead of overflowing.
    let (content_w, content_h, pad) = match bounds {
        Some(b) => (
            f64::from(b.max.x) - f64::from(b.min.x),
            f64::from(b.max.y) - f64::from(b.min.y),
            f64::from(opts.padding) * 2.0,
        ),
        None => (f64::from(EMPTY_SIZE.x), f64::from(EMPTY_SIZE.y), 0.0),
    };
    let (body_w, body_h) = (content_w + pad, content_h + pad);
    let header_h = f64::from(header_height(summary.len()));
    let (w_pts, h_pts) = (body_w.max(1.0), (body_h + header_h).max(1.0));
    let px = |pts: f64, scale: u8| (pts * f64::from(scale) - 1e-3).ceil().max(1.0) as u64;
    let (width, height) = (px(w_pts, opts.scale), px(h_pts, opts.scale));
    let max = u64::from(MAX_SIDE);
    if limit && (width > max || height > max) {
        let fits = (1..opts.scale).rev().find(|&s| px(w_pts, s) <= max && px(h_pts, s) <= max);
        let cause = if px(content_w, 1) > max || px(content_h, 1) > max {
            Oversize::Board
        } else if px(body_w, 1) > max || px(body_h, 1) > max {
            Oversize::Padding
        } else {
            Oversize::SummaryBand
        };
        return Err(ExportError::TooLarge { width, height, scale: opts.scale, fits, cause });
    }
    if !(w_pts * f64::from(opts.scale) < 1e9 && h_pts * f64::from(opts.scale) < 1e9) {
        return Err(ExportError::Board("the board is too large to draw".to_owned()));
    }
    let scale = f32::from(opts.scale);
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(width as f32 / scale, height as f32 / scale));
    let header_h = header_h as f32;
    Ok(Layout {
        screen,
        header: Rect::from_min_size(Pos2::ZERO, vec2(screen.width(), header_h)),
        body: Rect::from_min_size(pos2(0.0, header_h), vec2(body_w as f32, body_h as f32)),
        bounds,
        pixels: [width.min(u64::from(u32::MAX)) as u32, height.min(u64::from(u32::MAX)) as u32],
    })
}

/// Paints an export: the background (unless transparent), the summary band, the board (or the
/// empty-board note), as laid out.
fn paint_export(painter: &Painter, board: &Board, lay: &Layout, opts: &ExportOptions, summary: &[String]) {
    let colors = Colors::of(opts.theme);
    if !opts.transparent {
        painter.rect_filled(lay.screen, 0, colors.background);
    }
    if !summary.is_empty() {
        paint_summary(painter, lay.header, summary, &colors);
    }
    match lay.bounds {
        Some(bounds) => {
            let view = ViewTransform { center: bounds.center(), zoom: 1.0, canvas: lay.body };
            paint_board(painter, board, &view, &colors, &Highlights::default(), &Preview::default());
        }
        None => {
            painter.text(
                lay.body.center(),
                Align2::CENTER_CENTER,
                "Empty board",
                FontId::proportional(16.0),
                colors.text_weak,
            );
        }
    }
}

/// Draws the board as an image: its content bounds plus `padding` on every side, at `scale`
/// pixels per board unit (± 1 px of rounding). An empty board gives a small image with a note.
pub fn render_board(board: &Board, opts: &ExportOptions) -> Result<RgbaImage, ExportError> {
    let summary = if opts.summary { summary_lines(board) } else { Vec::new() };
    let lay = layout(board, opts, &summary, true)?;
    let scale = f32::from(opts.scale);
    let mut raster = Rasterizer::new();
    let draw = |ui: &mut egui::Ui| {
        let painter = ui.painter().with_clip_rect(lay.screen);
        paint_export(&painter, board, &lay, opts, &summary);
    };
    let (ctx, mut output) = crate::render::headless::run_headless(lay.screen, scale, opts.theme, draw, |d| {
        raster.handle_delta(d)
    });
    let ppp = output.pixels_per_point;
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), ppp);
    Ok(raster.render(&primitives, ppp, lay.pixels, Color32::TRANSPARENT))
}

/// The export as vector primitives, laid out exactly as [`render_board`] lays out the image
/// (same size in points, same padding, band and theme), with no pixel limit. Text is laid out
/// at `scale` pixels per point, as in the image of that scale.
pub fn board_scene(board: &Board, opts: &ExportOptions) -> Result<Scene, ExportError> {
    let summary = if opts.summary { summary_lines(board) } else { Vec::new() };
    let lay = layout(board, opts, &summary, false)?;
    let ppp = f32::from(opts.scale);
    let shapes = crate::render::vector::capture(lay.screen, ppp, opts.theme, |painter| {
        paint_export(painter, board, &lay, opts, &summary);
    });
    Ok(Scene::from_shapes(&shapes, lay.screen, ppp))
}

/// The summary band: the lines over a faint band with a rule below.
fn paint_summary(painter: &Painter, rect: Rect, lines: &[String], colors: &Colors) {
    painter.rect_filled(rect, 0, theme::mix(colors.background, colors.text, 0.06));
    painter.hline(rect.x_range(), rect.max.y - 0.5, Stroke::new(1.0, colors.outline));
    let max_width = (rect.width() - 2.0 * HEADER_SIDE).max(10.0);
    let mut y = rect.min.y + HEADER_MARGIN;
    for (i, line) in lines.iter().enumerate() {
        let (size, height, color) = if i == 0 {
            (HEADER_TITLE_SIZE, HEADER_TITLE_LINE, colors.text)
        } else {
            (HEADER_LINE_SIZE, HEADER_LINE, colors.text_weak)
        };
        let mut job = LayoutJob::simple_singleline(line.clone(), FontId::proportional(size), color);
        job.wrap = TextWrapping::truncate_at_width(max_width);
        let galley = painter.layout_job(job);
        let top = y + (height - galley.size().y) / 2.0;
        painter.galley(pos2(rect.min.x + HEADER_SIDE, top), galley, color);
        y += height;
    }
}

/// The image as PNG bytes, carrying `board`'s file text (see [`crate::file::png_board`]) when
/// given, so the PNG reopens as that board.
pub fn encode_png(img: &RgbaImage, board: Option<&Board>) -> Result<Vec<u8>, ExportError> {
    let text = match board {
        Some(b) => Some(
            format::to_string(b)
                .map_err(|e| ExportError::Encode(format!("the board cannot be written: {e}")))?,
        ),
        None => None,
    };
    crate::file::png_board::encode(img.as_raw(), img.width(), img.height(), text.as_deref())
        .map_err(ExportError::Encode)
}

/// Encodes the image as PNG (without a board inside) and writes it to `path` atomically (a
/// temporary file in the same folder, renamed over `path`), so a failed export never leaves a
/// half-written file.
pub fn save_png(img: &RgbaImage, path: &Path) -> Result<(), ExportError> {
    let bytes = encode_png(img, None)
        .map_err(|e| ExportError::File(FileError { path: path.to_owned(), problem: e.to_string() }))?;
    format::write_atomic(path, &bytes)?;
    Ok(())
}

/// Renders the board and saves it as a PNG that carries the board at `path`; returns the image
/// size in pixels.
pub fn export_png(board: &Board, opts: &ExportOptions, path: &Path) -> Result<[u32; 2], ExportError> {
    let img = render_board(board, opts)?;
    let bytes = encode_png(&img, Some(board))?;
    format::write_atomic(path, &bytes)?;
    Ok([img.width(), img.height()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{Node, NodeId, NodeKind, Point, Size};

    fn one_box(w: f32, h: f32) -> Board {
        let mut b = Board::new("One box");
        b.nodes.push(Node {
            id: NodeId(1),
            kind: NodeKind::Note,
            label: String::new(),
            pos: Point::new(0.0, 0.0),
            size: Size::new(w, h),
            color: None,
        });
        b.reindex();
        b
    }

    #[test]
    fn layout_sizes() {
        let b = one_box(100.0, 50.0);
        let l = layout(&b, &ExportOptions { scale: 2, ..Default::default() }, &[], true).expect("fits");
        assert_eq!(l.pixels, [2 * 164, 2 * 114]);
        let lines = summary_lines(&b);
        let l = layout(&b, &ExportOptions::default(), &lines, true).expect("fits");
        assert_eq!(l.pixels[1] as f32, 114.0 + header_height(lines.len()));
    }

    #[test]
    fn too_large_suggests_a_scale() {
        let b = one_box(7000.0, 100.0);
        let e =
            layout(&b, &ExportOptions { scale: 3, ..Default::default() }, &[], true).expect_err("too wide");
        assert!(matches!(e, ExportError::TooLarge { fits: Some(2), .. }), "{e:?}");
        assert!(e.to_string().contains("scale 2"), "{e}");
        let b = one_box(20000.0, 100.0);
        let e = layout(&b, &ExportOptions::default(), &[], true).expect_err("too wide");
        assert!(matches!(e, ExportError::TooLarge { fits: None, .. }), "{e:?}");
    }

    #[test]
    fn bad_options_are_errors() {
        let b = one_box(10.0, 10.0);
        assert!(layout(&b, &ExportOptions { scale: 0, ..Default::default() }, &[], true).is_err());
        assert!(layout(&b, &ExportOptions { scale: 4, ..Default::default() }, &[], true).is_err());
        assert!(layout(&b, &ExportOptions { padding: f32::NAN, ..Default::default() }, &[], true).is_err());
        assert!(layout(&b, &ExportOptions { padding: -1.0, ..Default::default() }, &[], true).is_err());
    }
}
