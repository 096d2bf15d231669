//! PNG export: the board drawn by the canvas's own painter ([`paint_board`]) in a headless egui
//! context, tessellated by egui and filled on the CPU by [`crate::render::raster`]. No second
//! painter, so an export is what the user saw (without grid, selection or hover).
//!
//! Text is laid out and rasterized by egui at the export scale (`pixels_per_point` = scale), so a
//! 2× or 3× export is sharp, never an upscaled 1× bitmap.

use crate::board::Board;
use crate::file::format::{self, FileError};
use crate::render::Rasterizer;
use crate::render::geometry::Preview;
use crate::render::paint::{Highlights, paint_board};
use crate::render::theme::{self, Colors, ThemeKind};
use crate::render::view::ViewTransform;
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Vec2, ViewportId, pos2, vec2};
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

/// How to export a board.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// Pixels per board unit: 1, 2 or 3.
    pub scale: u8,
    /// Room around the board's content, in board units.
    pub padding: f32,
    /// The colours to draw with.
    pub theme: ThemeKind,
    /// Leave the background transparent instead of the theme's background colour.
    pub transparent: bool,
    /// Draw a band above the board with the board's title (see [`summary_lines`]).
    pub summary: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            scale: 1,
            padding: DEFAULT_PADDING,
            theme: ThemeKind::Light,
            transparent: false,
            summary: false,
        }
    }
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
    },
    /// The PNG could not be encoded or written; names the file.
    File(FileError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Options(problem) | Self::Board(problem) => f.write_str(problem),
            Self::TooLarge { width, height, scale, fits } => {
                write!(
                    f,
                    "the image would be {width}×{height} pixels at scale {scale}, over the limit of {MAX_SIDE} pixels on a side; "
                )?;
                match fits {
                    Some(s) => write!(f, "export it at a lower scale (scale {s} fits)"),
                    None => f.write_str(
                        "the board is too large to export as one image even at scale 1; \
                         reduce the padding or move far-away boxes closer",
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
fn wrap_words(text: &str, width: usize) -> Vec<String> {
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
struct Layout {
    /// The whole image.
    screen: Rect,
    /// The summary band (zero height without a summary).
    header: Rect,
    /// The board's canvas: the content bounds plus padding, or the empty-board note's area.
    body: Rect,
    /// The board's content bounds (board units), `None` for an empty board.
    bounds: Option<Rect>,
    /// Image size in pixels.
    pixels: [u32; 2],
}

fn layout(board: &Board, opts: &ExportOptions, summary: &[String]) -> Result<Layout, ExportError> {
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
    let (body_w, body_h) = match bounds {
        Some(b) => {
            let pad = f64::from(opts.padding) * 2.0;
            (f64::from(b.max.x) - f64::from(b.min.x) + pad, f64::from(b.max.y) - f64::from(b.min.y) + pad)
        }
        None => (f64::from(EMPTY_SIZE.x), f64::from(EMPTY_SIZE.y)),
    };
    let header_h = f64::from(header_height(summary.len()));
    let (w_pts, h_pts) = (body_w.max(1.0), (body_h + header_h).max(1.0));
    let px = |pts: f64, scale: u8| (pts * f64::from(scale) - 1e-3).ceil().max(1.0) as u64;
    let (width, height) = (px(w_pts, opts.scale), px(h_pts, opts.scale));
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) {
        let fits = (1..opts.scale)
            .rev()
            .find(|&s| px(w_pts, s) <= u64::from(MAX_SIDE) && px(h_pts, s) <= u64::from(MAX_SIDE));
        return Err(ExportError::TooLarge { width, height, scale: opts.scale, fits });
    }
    let scale = f32::from(opts.scale);
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(width as f32 / scale, height as f32 / scale));
    let header_h = header_h as f32;
    Ok(Layout {
        screen,
        header: Rect::from_min_size(Pos2::ZERO, vec2(screen.width(), header_h)),
        body: Rect::from_min_size(pos2(0.0, header_h), vec2(body_w as f32, body_h as f32)),
        bounds,
        pixels: [width as u32, height as u32],
    })
}

/// Draws the board as an image: its content bounds plus `padding` on every side, at `scale`
/// pixels per board unit (± 1 px of rounding). An empty board gives a small image with a note.
pub fn render_board(board: &Board, opts: &ExportOptions) -> Result<RgbaImage, ExportError> {
    let summary = if opts.summary { summary_lines(board) } else { Vec::new() };
    let lay = layout(board, opts, &summary)?;
    let colors = Colors::of(opts.theme);
    let scale = f32::from(opts.scale);

    let ctx = egui::Context::default();
    crate::render::fonts::install(&ctx);
    ctx.set_theme(match opts.theme {
        ThemeKind::Light => egui::Theme::Light,
        ThemeKind::Dark => egui::Theme::Dark,
    });
    let mut raw =
        egui::RawInput { screen_rect: Some(lay.screen), max_texture_side: Some(4096), ..Default::default() };
    raw.viewports.entry(ViewportId::ROOT).or_default().native_pixels_per_point = Some(scale);

    let mut raster = Rasterizer::new();
    let draw = |ui: &mut egui::Ui| {
        let painter = ui.painter().with_clip_rect(lay.screen);
        if !opts.transparent {
            painter.rect_filled(lay.screen, 0, colors.background);
        }
        if !summary.is_empty() {
            paint_summary(&painter, lay.header, &summary, &colors);
        }
        match lay.bounds {
            Some(bounds) => {
                let view = ViewTransform { center: bounds.center(), zoom: 1.0, canvas: lay.body };
                paint_board(&painter, board, &view, &colors, &Highlights::default(), &Preview::default());
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
    };
    // The first pass loads the fonts and fills the font atlas; the second is the one drawn.
    let mut first = ctx.run_ui(raw.clone(), draw);
    raster.handle_delta(&mut first.textures_delta);
    drop(first);
    let mut output = ctx.run_ui(raw, draw);
    raster.handle_delta(&mut output.textures_delta);
    let ppp = output.pixels_per_point;
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), ppp);
    Ok(raster.render(&primitives, ppp, lay.pixels, Color32::TRANSPARENT))
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

/// Encodes the image as PNG and writes it to `path` atomically (a temporary file in the same
/// folder, renamed over `path`), so a failed export never leaves a half-written file.
pub fn save_png(img: &RgbaImage, path: &Path) -> Result<(), ExportError> {
    use image::ImageEncoder as _;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(img.as_raw(), img.width(), img.height(), image::ExtendedColorType::Rgba8)
        .map_err(|e| {
            ExportError::File(FileError {
                path: path.to_owned(),
                problem: format!("cannot be encoded as PNG: {e}"),
            })
        })?;
    format::write_atomic(path, &bytes)?;
    Ok(())
}

/// Renders the board and saves it as a PNG at `path`; returns the image size in pixels.
pub fn export_png(board: &Board, opts: &ExportOptions, path: &Path) -> Result<[u32; 2], ExportError> {
    let img = render_board(board, opts)?;
    save_png(&img, path)?;
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
        let l = layout(&b, &ExportOptions { scale: 2, ..Default::default() }, &[]).expect("fits");
        assert_eq!(l.pixels, [2 * 164, 2 * 114]);
        let lines = summary_lines(&b);
        let l = layout(&b, &ExportOptions::default(), &lines).expect("fits");
        assert_eq!(l.pixels[1] as f32, 114.0 + header_height(lines.len()));
    }

    #[test]
    fn too_large_suggests_a_scale() {
        let b = one_box(7000.0, 100.0);
        let e = layout(&b, &ExportOptions { scale: 3, ..Default::default() }, &[]).expect_err("too wide");
        assert!(matches!(e, ExportError::TooLarge { fits: Some(2), .. }), "{e:?}");
        assert!(e.to_string().contains("scale 2"), "{e}");
        let b = one_box(20000.0, 100.0);
        let e = layout(&b, &ExportOptions::default(), &[]).expect_err("too wide");
        assert!(matches!(e, ExportError::TooLarge { fits: None, .. }), "{e:?}");
    }

    #[test]
    fn bad_options_are_errors() {
        let b = one_box(10.0, 10.0);
        assert!(layout(&b, &ExportOptions { scale: 0, ..Default::default() }, &[]).is_err());
        assert!(layout(&b, &ExportOptions { scale: 4, ..Default::default() }, &[]).is_err());
        assert!(layout(&b, &ExportOptions { padding: f32::NAN, ..Default::default() }, &[]).is_err());
        assert!(layout(&b, &ExportOptions { padding: -1.0, ..Default::default() }, &[]).is_err());
    }
}
