//! The board's egui shapes as vector primitives, for the SVG and PDF exports.
//!
//! The vector exports draw with the very painter the canvas and the PNG export use
//! ([`crate::render::paint::paint_board`]): it paints into a headless egui context, and instead
//! of tessellating the shapes into triangles, [`Scene::from_shapes`] turns each one (rectangles
//! with rounded corners, fills and strokes, circles, paths, line segments, meshes of flat quads,
//! text galleys) into filled or stroked paths and runs of glyphs. Glyphs keep egui's layout
//! (line breaks, positions, font fallback) and take their outlines from the app's own fonts
//! ([`crate::render::outline::FontBook`]), so text looks the same everywhere.

use crate::render::outline::{FontBook, Seg};
use egui::emath::GuiRounding as _;
use egui::epaint::{
    CircleShape, ClippedShape, ColorMode, CornerRadiusF32, CubicBezierShape, EllipseShape, Mesh, PathShape,
    QuadraticBezierShape, RectShape, TextShape,
};
use egui::{Color32, FontFamily, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, pos2};
use std::ops::Range;

/// A colour without premultiplied alpha: sRGB bytes and an opacity from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgba {
    /// Red, green and blue, sRGB.
    pub rgb: [u8; 3],
    /// Opacity, 0 (invisible) to 1 (opaque).
    pub alpha: f32,
}

impl Rgba {
    /// From egui's premultiplied colour.
    pub fn from_color32(c: Color32) -> Self {
        let [r, g, b, a] = c.to_srgba_unmultiplied();
        Self { rgb: [r, g, b], alpha: f32::from(a) / 255.0 }
    }

    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.rgb[0], self.rgb[1], self.rgb[2])
    }

    /// Whether nothing would be drawn with it.
    pub fn is_invisible(&self) -> bool {
        self.alpha <= 0.0
    }
}

/// How a path is painted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paint {
    /// Filled (non-zero rule).
    Fill(Rgba),
    /// Stroked along its centre line with butt ends and miter joins.
    Stroke {
        /// The colour.
        color: Rgba,
        /// The width, in points.
        width: f32,
    },
}

/// One glyph of a run, placed on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedGlyph {
    /// The glyph id in the run's face.
    pub id: u32,
    /// The glyph origin (on the baseline), in points.
    pub pos: Pos2,
    /// The bytes of the run's text this glyph stands for (a ligature covers several characters).
    pub text: Range<usize>,
}

/// Glyphs of one face, size and colour.
#[derive(Clone, Debug, PartialEq)]
pub struct GlyphRun {
    /// Index of the face in [`FontBook::faces`].
    pub face: usize,
    /// The em size the outlines are drawn at, in points.
    pub size: f32,
    /// The pixels per point the text was laid out (and egui hinted it) at.
    pub pixels_per_point: f32,
    /// The colour.
    pub color: Rgba,
    /// The text the glyphs stand for.
    pub text: String,
    /// The glyphs, in text order.
    pub glyphs: Vec<PlacedGlyph>,
}

/// One thing to draw.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A path (points, y down) and how to paint it.
    Path {
        /// The outline.
        path: Vec<Seg>,
        /// Fill or stroke.
        paint: Paint,
    },
    /// Text.
    Text(GlyphRun),
}

/// Items drawn under one clip rectangle, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// The clip rectangle, or `None` when nothing is clipped.
    pub clip: Option<Rect>,
    /// The items, back to front.
    pub items: Vec<Item>,
}

/// A page of vector drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// The page size, in points.
    pub size: Vec2,
    /// The layers, back to front.
    pub layers: Vec<Layer>,
}

/// How far a cubic Bézier's control points sit along the tangents for a quarter circle.
const KAPPA: f32 = 0.552_284_8;

fn p(v: Pos2) -> [f32; 2] {
    [v.x, v.y]
}

/// A rectangle with rounded corners (radii clamped to half the shorter side).
pub fn rounded_rect(r: Rect, radius: CornerRadiusF32) -> Vec<Seg> {
    let max = (r.width().min(r.height()) / 2.0).max(0.0);
    let c = |v: f32| v.clamp(0.0, max);
    let (nw, ne, sw, se) = (c(radius.nw), c(radius.ne), c(radius.sw), c(radius.se));
    let k = 1.0 - KAPPA;
    let mut s = vec![Seg::Move([r.min.x + nw, r.min.y]), Seg::Line([r.max.x - ne, r.min.y])];
    if ne > 0.0 {
        s.push(Seg::Cubic([r.max.x - ne * k, r.min.y], [r.max.x, r.min.y + ne * k], [r.max.x, r.min.y + ne]));
    }
    s.push(Seg::Line([r.max.x, r.max.y - se]));
    if se > 0.0 {
        s.push(Seg::Cubic([r.max.x, r.max.y - se * k], [r.max.x - se * k, r.max.y], [r.max.x - se, r.max.y]));
    }
    s.push(Seg::Line([r.min.x + sw, r.max.y]));
    if sw > 0.0 {
        s.push(Seg::Cubic([r.min.x + sw * k, r.max.y], [r.min.x, r.max.y - sw * k], [r.min.x, r.max.y - sw]));
    }
    s.push(Seg::Line([r.min.x, r.min.y + nw]));
    if nw > 0.0 {
        s.push(Seg::Cubic([r.min.x, r.min.y + nw * k], [r.min.x + nw * k, r.min.y], [r.min.x + nw, r.min.y]));
    }
    s.push(Seg::Close);
    s
}

/// An ellipse around `c` with radii `r`, as four cubic arcs.
pub fn ellipse(c: Pos2, r: Vec2) -> Vec<Seg> {
    let (kx, ky) = (r.x * KAPPA, r.y * KAPPA);
    vec![
        Seg::Move([c.x + r.x, c.y]),
        Seg::Cubic([c.x + r.x, c.y + ky], [c.x + kx, c.y + r.y], [c.x, c.y + r.y]),
        Seg::Cubic([c.x - kx, c.y + r.y], [c.x - r.x, c.y + ky], [c.x - r.x, c.y]),
        Seg::Cubic([c.x - r.x, c.y - ky], [c.x - kx, c.y - r.y], [c.x, c.y - r.y]),
        Seg::Cubic([c.x + kx, c.y - r.y], [c.x + r.x, c.y - ky], [c.x + r.x, c.y]),
        Seg::Close,
    ]
}

/// A polygon or polyline through `points`.
fn polyline(points: &[Pos2], closed: bool) -> Vec<Seg> {
    let mut s: Vec<Seg> = Vec::with_capacity(points.len() + 1);
    for (i, &q) in points.iter().enumerate() {
        s.push(if i == 0 { Seg::Move(p(q)) } else { Seg::Line(p(q)) });
    }
    if closed {
        s.push(Seg::Close);
    }
    s
}

/// Builds a [`Scene`] from shapes.
struct Builder<'a> {
    book: &'a FontBook,
    ppp: f32,
    screen: Rect,
    layers: Vec<Layer>,
    clip: Rect,
}

impl Builder<'_> {
    fn push(&mut self, item: Item) {
        let clip = (!self.clip.contains_rect(self.screen)).then_some(self.clip);
        match self.layers.last_mut() {
            Some(layer) if layer.clip == clip => {
                // Opaque fills of one colour in a row become one path: the same pixels, fewer
                // elements (a zoomed-out board is thousands of flat quads).
                if let (
                    Some(Item::Path { path, paint: Paint::Fill(a) }),
                    Item::Path { path: more, paint: Paint::Fill(b) },
                ) = (layer.items.last_mut(), &item)
                    && a == b
                    && a.alpha >= 1.0
                {
                    path.extend_from_slice(more);
                    return;
                }
                layer.items.push(item);
            }
            _ => self.layers.push(Layer { clip, items: vec![item] }),
        }
    }

    fn fill(&mut self, path: Vec<Seg>, color: Color32) {
        let color = Rgba::from_color32(color);
        if !color.is_invisible() && !path.is_empty() {
            self.push(Item::Path { path, paint: Paint::Fill(color) });
        }
    }

    fn stroke(&mut self, path: Vec<Seg>, width: f32, color: Color32) {
        let color = Rgba::from_color32(color);
        if !color.is_invisible() && width > 0.0 && !path.is_empty() {
            self.push(Item::Path { path, paint: Paint::Stroke { color, width } });
        }
    }

    fn shape(&mut self, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) | Shape::Band(_) => {}
            Shape::Vec(shapes) => shapes.iter().for_each(|s| self.shape(s)),
            Shape::Circle(c) => self.circle(c),
            Shape::Ellipse(e) => self.ellipse(e),
            Shape::LineSegment { points, stroke } => self.line(*points, *stroke),
            Shape::Path(path) => self.path(path),
            Shape::Rect(r) => self.rect(r),
            Shape::Text(t) => self.text(t),
            Shape::Mesh(m) => self.mesh(m),
            Shape::QuadraticBezier(q) => self.quadratic(q),
            Shape::CubicBezier(c) => self.cubic(c),
        }
    }

    fn circle(&mut self, c: &CircleShape) {
        self.fill(ellipse(c.center, Vec2::splat(c.radius)), c.fill);
        self.stroke(ellipse(c.center, Vec2::splat(c.radius)), c.stroke.width, c.stroke.color);
    }

    fn ellipse(&mut self, e: &EllipseShape) {
        // The painter draws no rotated ellipses; an angle is ignored.
        self.fill(ellipse(e.center, e.radius), e.fill);
        self.stroke(ellipse(e.center, e.radius), e.stroke.width, e.stroke.color);
    }

    fn line(&mut self, points: [Pos2; 2], stroke: Stroke) {
        self.stroke(polyline(&points, false), stroke.width, stroke.color);
    }

    fn path_stroke(&mut self, segs: Vec<Seg>, stroke: &egui::epaint::PathStroke) {
        if let ColorMode::Solid(color) = stroke.color {
            self.stroke(segs, stroke.width, color);
        }
    }

    fn path(&mut self, path: &PathShape) {
        if path.points.len() < 2 {
            return;
        }
        if path.closed {
            self.fill(polyline(&path.points, true), path.fill);
        }
        self.path_stroke(polyline(&path.points, path.closed), &path.stroke);
    }

    fn quadratic(&mut self, q: &QuadraticBezierShape) {
        let [a, c, b] = q.points;
        let mut segs = vec![Seg::Move(p(a)), Seg::Quad(p(c), p(b))];
        if q.closed {
            segs.push(Seg::Close);
            self.fill(segs.clone(), q.fill);
        }
        self.path_stroke(segs, &q.stroke);
    }

    fn cubic(&mut self, c: &CubicBezierShape) {
        let [a, c1, c2, b] = c.points;
        let mut segs = vec![Seg::Move(p(a)), Seg::Cubic(p(c1), p(c2), p(b))];
        if c.closed {
            segs.push(Seg::Close);
            self.fill(segs.clone(), c.fill);
        }
        self.path_stroke(segs, &c.stroke);
    }

    fn rect(&mut self, r: &RectShape) {
        // As egui's tessellator: the rectangle on whole pixels (by default), then the stroke
        // inside, centred on or outside its border.
        let rect = if r.round_to_pixels.unwrap_or(true) { r.rect.round_to_pixels(self.ppp) } else { r.rect };
        let radius = CornerRadiusF32::from(r.corner_radius);
        self.fill(rounded_rect(rect, radius), r.fill);
        let w = r.stroke.width;
        if w > 0.0 {
            let (line, grow) = match r.stroke_kind {
                StrokeKind::Inside => (rect.shrink(w / 2.0), -w / 2.0),
                StrokeKind::Middle => (rect, 0.0),
                StrokeKind::Outside => (rect.expand(w / 2.0), w / 2.0),
            };
            let radius = CornerRadiusF32 {
                nw: (radius.nw + grow).max(0.0),
                ne: (radius.ne + grow).max(0.0),
                sw: (radius.sw + grow).max(0.0),
                se: (radius.se + grow).max(0.0),
            };
            self.stroke(rounded_rect(line, radius), w, r.stroke.color);
        }
    }

    /// A mesh of flat triangles (the painter's batched quads): each pair of triangles making a
    /// quad becomes a four-sided polygon, any other triangle a triangle. Textures are ignored
    /// (the painter batches no images).
    fn mesh(&mut self, m: &Mesh) {
        let v = |i: u32| m.vertices.get(i as usize);
        let tris: Vec<[u32; 3]> = m.indices.chunks_exact(3).map(|t| [t[0], t[1], t[2]]).collect();
        let mut i = 0;
        while i < tris.len() {
            let [a, b, c] = tris[i];
            let (Some(va), Some(vb), Some(vc)) = (v(a), v(b), v(c)) else {
                i += 1;
                continue;
            };
            // egui's quads: (a, b, c) then (c, b, d).
            if let Some(&[c2, b2, d]) = tris.get(i + 1)
                && c2 == c
                && b2 == b
                && let Some(vd) = v(d)
                && [vb.color, vc.color, vd.color].iter().all(|&col| col == va.color)
            {
                self.fill(polyline(&[va.pos, vb.pos, vd.pos, vc.pos], true), va.color);
                i += 2;
                continue;
            }
            self.fill(polyline(&[va.pos, vb.pos, vc.pos], true), va.color);
            i += 1;
        }
    }

    /// A galley as runs of glyphs: per row, the characters split into runs of one font face
    /// (picked per grapheme as egui picks it), each run shaped as egui shapes it, each glyph
    /// put where egui put its character.
    fn text(&mut self, t: &TextShape) {
        use unicode_segmentation::UnicodeSegmentation as _;
        let galley = &t.galley;
        if galley.is_empty() || t.opacity_factor <= 0.0 {
            return;
        }
        let origin = t.pos.round_to_pixels(self.ppp);
        let sections = &galley.job.sections;
        let section_of = |byte: usize| {
            sections
                .iter()
                .position(|s| (s.byte_range.start.0..s.byte_range.end.0).contains(&byte))
                .unwrap_or(sections.len().saturating_sub(1))
        };
        // The job's text, to find each glyph's section; glyphs follow its characters in order,
        // less newlines, and with "…" in place of a truncated tail.
        let job_chars: Vec<(usize, char)> =
            if sections.len() > 1 { galley.job.text.char_indices().collect() } else { Vec::new() };
        let mut cursor = 0;
        let color_of = |c: Color32| {
            let c = match t.override_text_color {
                Some(o) => o,
                None if c == Color32::PLACEHOLDER => t.fallback_color,
                None => c,
            };
            if t.opacity_factor < 1.0 { c.gamma_multiply(t.opacity_factor) } else { c }
        };
        for placed in &galley.rows {
            let row = &placed.row;
            let row_origin = origin + placed.pos.to_vec2();
            let row_rect = Rect::from_min_size(row_origin, row.size);
            if !row_rect.intersects(self.clip) || row.glyphs.is_empty() {
                continue;
            }
            // The row's text, each glyph's byte offset in it, section and colour.
            let mut text = String::new();
            let mut starts = Vec::with_capacity(row.glyphs.len());
            let mut glyph_section = Vec::with_capacity(row.glyphs.len());
            for g in &row.glyphs {
                starts.push(text.len());
                text.push(g.chr);
                let section = if job_chars.is_empty() {
                    0
                } else {
                    match job_chars[cursor.min(job_chars.len())..]
                        .iter()
                        .take(8)
                        .position(|&(_, c)| c == g.chr)
                    {
                        Some(k) => {
                            cursor += k + 1;
                            section_of(job_chars[cursor - 1].0)
                        }
                        None => section_of(job_chars.get(cursor).map_or(usize::MAX, |&(b, _)| b)),
                    }
                };
                glyph_section.push(section);
            }
            let glyph_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
            let glyph_color = |i: usize| {
                let g = &row.glyphs[i];
                let vertex = (!g.uv_rect.is_nothing())
                    .then(|| row.visuals.mesh.vertices.get(g.first_vertex as usize))
                    .flatten();
                let fallback = sections.get(glyph_section[i]).map_or(t.fallback_color, |s| s.format.color);
                color_of(vertex.map_or(fallback, |v| v.color))
            };
            // Runs: consecutive graphemes of one section, face and colour.
            let mut runs: Vec<(Range<usize>, usize, usize, Color32)> = Vec::new();
            for (byte, grapheme) in text.grapheme_indices(true) {
                let gi = glyph_at(byte);
                let section = glyph_section[gi];
                let family = sections
                    .get(section)
                    .map_or(FontFamily::Proportional, |s| s.format.font_id.family.clone());
                let first = grapheme.chars().next().unwrap_or(' ');
                let Some(face) = self.book.face_for(&family, first) else { continue };
                let color = glyph_color(gi);
                let end = byte + grapheme.len();
                match runs.last_mut() {
                    Some((range, s, f, c))
                        if range.end == byte && *s == section && *f == face && *c == color =>
                    {
                        range.end = end;
                    }
                    _ => runs.push((byte..end, section, face, color)),
                }
            }
            for (range, section, face_index, color) in runs {
                let Some(face) = self.book.faces.get(face_index) else { continue };
                let font_size = sections.get(section).map_or(14.0, |s| s.format.font_id.size);
                let size = font_size * face.scale;
                let units = size / face.units_per_em;
                let y_offset = (font_size * face.scale * face.y_offset.0 + face.y_offset.1).round_ui();
                let run_text = &text[range.clone()];
                let shaped = self.book.shape(face_index, run_text);
                let mut glyphs = Vec::with_capacity(shaped.len());
                let mut pen_x = 0.0;
                let mut prev_cluster = usize::MAX;
                let mut cluster_ends: Vec<usize> = shaped.iter().map(|g| g.cluster).collect();
                cluster_ends.sort_unstable();
                cluster_ends.dedup();
                for g in &shaped {
                    let head = glyph_at(range.start + g.cluster);
                    let egui_glyph = &row.glyphs[head];
                    if g.cluster != prev_cluster {
                        pen_x = row_origin.x + egui_glyph.pos.x;
                        prev_cluster = g.cluster;
                    }
                    let x = pen_x + g.x_offset as f32 * units;
                    pen_x += g.x_advance as f32 * units;
                    // Controls and joiners have no glyph; spaces are kept (they draw nothing, but
                    // a PDF reader needs them to find the words).
                    if egui_glyph.uv_rect.is_nothing() && !egui_glyph.chr.is_whitespace() {
                        continue;
                    }
                    if crate::render::outline::invisible(egui_glyph.chr) && egui_glyph.chr != ' ' {
                        continue;
                    }
                    let y = row_origin.y + egui_glyph.pos.y + y_offset - g.y_offset as f32 * units;
                    let end =
                        cluster_ends.iter().find(|&&c| c > g.cluster).copied().unwrap_or(run_text.len());
                    glyphs.push(PlacedGlyph { id: g.id, pos: pos2(x, y), text: g.cluster..end });
                }
                let color = Rgba::from_color32(color);
                if !glyphs.is_empty() && !color.is_invisible() {
                    self.push(Item::Text(GlyphRun {
                        face: face_index,
                        size,
                        pixels_per_point: self.ppp,
                        color,
                        text: run_text.to_owned(),
                        glyphs,
                    }));
                }
            }
        }
    }
}

impl Scene {
    /// The vector form of `shapes` (as egui's painter produced them, in points) on a page of
    /// `screen`, laid out at `pixels_per_point`.
    pub fn from_shapes(shapes: &[ClippedShape], screen: Rect, pixels_per_point: f32) -> Scene {
        let mut b = Builder {
            book: FontBook::get(),
            ppp: pixels_per_point,
            screen,
            layers: Vec::new(),
            clip: screen,
        };
        for s in shapes {
            b.clip = s.clip_rect.intersect(screen);
            if b.clip.is_positive() {
                b.shape(&s.shape);
            }
        }
        Scene { size: screen.size(), layers: b.layers }
    }

    /// Every item, with its layer's clip rectangle.
    pub fn items(&self) -> impl Iterator<Item = (Option<Rect>, &Item)> {
        self.layers.iter().flat_map(|l| l.items.iter().map(move |i| (l.clip, i)))
    }
}

/// Runs `draw` in a headless egui context of `screen` (points) at `pixels_per_point`, with the
/// app's fonts and the given theme, and returns the shapes it painted.
pub fn capture(
    screen: Rect,
    pixels_per_point: f32,
    theme: crate::render::theme::ThemeKind,
    draw: impl Fn(&egui::Painter),
) -> Vec<ClippedShape> {
    let (_, mut output) = crate::render::headless::run_headless(
        screen,
        pixels_per_point,
        theme,
        |ui| {
            draw(&ui.painter().with_clip_rect(screen));
        },
        |delta| delta.clear(),
    );
    output.textures_delta.clear();
    std::mem::take(&mut output.shapes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::ThemeKind;
    use egui::{Align2, CornerRadius, FontId, vec2};

    fn scene(draw: impl Fn(&egui::Painter)) -> Scene {
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(300.0, 200.0));
        Scene::from_shapes(&capture(screen, 1.0, ThemeKind::Light, draw), screen, 1.0)
    }

    #[test]
    fn rects_circles_and_lines_become_paths() {
        let s = scene(|p| {
            p.rect_filled(
                Rect::from_min_size(pos2(10.0, 10.0), vec2(50.0, 30.0)),
                CornerRadius::same(8),
                Color32::RED,
            );
            p.circle_filled(pos2(100.0, 50.0), 10.0, Color32::BLUE);
            p.line_segment([pos2(0.0, 0.0), pos2(50.0, 50.0)], Stroke::new(2.0, Color32::GREEN));
        });
        let paints: Vec<Paint> = s
            .items()
            .filter_map(|(_, i)| match i {
                Item::Path { paint, .. } => Some(*paint),
                Item::Text(_) => None,
            })
            .collect();
        assert_eq!(paints.len(), 3, "{paints:?}");
        assert_eq!(paints[0], Paint::Fill(Rgba { rgb: [255, 0, 0], alpha: 1.0 }));
        assert_eq!(paints[1], Paint::Fill(Rgba { rgb: [0, 0, 255], alpha: 1.0 }));
        assert!(matches!(paints[2], Paint::Stroke { width: 2.0, .. }));
        // The rounded corner is a curve.
        let Some((_, Item::Path { path, .. })) = s.items().next() else { panic!("no path") };
        assert!(path.iter().any(|seg| matches!(seg, Seg::Cubic(..))));
    }

    #[test]
    fn text_becomes_glyph_runs_with_the_same_text() {
        let s = scene(|p| {
            p.text(
                pos2(10.0, 10.0),
                Align2::LEFT_TOP,
                "Feature store → ranker",
                FontId::proportional(14.0),
                Color32::BLACK,
            );
        });
        let runs: Vec<&GlyphRun> =
            s.items().filter_map(|(_, i)| if let Item::Text(r) = i { Some(r) } else { None }).collect();
        // Ubuntu for the letters, DejaVu Sans for the arrow.
        assert!(runs.len() >= 2, "{runs:?}");
        let all: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(all, "Feature store → ranker");
        let glyphs: usize = runs.iter().map(|r| r.glyphs.len()).sum();
        assert_eq!(glyphs, "Feature store → ranker".chars().count(), "one glyph per character");
        // Glyphs advance left to right on one baseline.
        let xs: Vec<f32> = runs.iter().flat_map(|r| r.glyphs.iter().map(|g| g.pos.x)).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        assert!(runs.iter().all(|r| (r.size - 14.0).abs() < 1e-3 && r.color.rgb == [0, 0, 0]));
    }

    #[test]
    fn clipped_shapes_keep_their_clip() {
        let s = scene(|p| {
            let clip = Rect::from_min_size(pos2(20.0, 20.0), vec2(40.0, 40.0));
            p.with_clip_rect(clip).rect_filled(
                Rect::from_min_size(pos2(0.0, 0.0), vec2(100.0, 100.0)),
                0,
                Color32::RED,
            );
        });
        assert_eq!(s.layers.len(), 1);
        assert_eq!(s.layers[0].clip, Some(Rect::from_min_size(pos2(20.0, 20.0), vec2(40.0, 40.0))));
    }
}
