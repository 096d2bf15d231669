//! Draws a board with egui shapes. The one renderer: the canvas on screen, the PNG export and the
//! UI snapshots all come from here, so an export is what the user saw.

use crate::board::{ArrowStyle, Board, EdgeId, Node, NodeId, NodeKind};
use crate::content::catalogue;
use crate::content::frameworks;
use crate::render::geometry::Preview;
use crate::render::route::{RectGrid, Router, place_label, reach_of};
use crate::render::theme::{self, Colors};
use crate::render::view::ViewTransform;
use egui::{
    Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, pos2, vec2,
};
use std::collections::HashSet;

/// What to emphasise while drawing. Borrows the canvas's sets rather than copying them.
#[derive(Clone, Copy, Debug)]
pub struct Highlights<'a> {
    /// Selected nodes.
    pub selected: &'a HashSet<NodeId>,
    /// The selected edge.
    pub selected_edge: Option<EdgeId>,
    /// The node under the pointer.
    pub hovered: Option<NodeId>,
    /// The framework step whose stage boxes stand out (the side panel's current step).
    pub step: Option<u8>,
    /// Nodes shown as missing (a reference's components the user's board lacks).
    pub missing: &'a HashSet<NodeId>,
    /// Edges shown as missing.
    pub missing_edges: &'a HashSet<EdgeId>,
}

impl Default for Highlights<'_> {
    /// Nothing emphasised (as in an export).
    fn default() -> Self {
        static NO_NODES: std::sync::LazyLock<HashSet<NodeId>> = std::sync::LazyLock::new(HashSet::new);
        static NO_EDGES: std::sync::LazyLock<HashSet<EdgeId>> = std::sync::LazyLock::new(HashSet::new);
        Self {
            selected: &NO_NODES,
            selected_edge: None,
            hovered: None,
            step: None,
            missing: &NO_NODES,
            missing_edges: &NO_EDGES,
        }
    }
}

/// Draws the background grid of the visible area: crisp one-pixel lines on whole pixels,
/// batched into one mesh (anti-aliased lines would be three pixels wide and cost three times
/// the fill).
pub fn paint_grid(painter: &Painter, view: &ViewTransform, colors: &Colors) {
    let mut step = theme::GRID;
    while step * view.zoom < 12.0 {
        step *= 5.0;
    }
    let area = view.visible_board_rect();
    let (x0, x1) = ((area.min.x / step).floor() as i64, (area.max.x / step).ceil() as i64);
    let (y0, y1) = ((area.min.y / step).floor() as i64, (area.max.y / step).ceil() as i64);
    let ppp = painter.pixels_per_point();
    let px = 1.0 / ppp;
    let on_pixel = |v: f32| (v * ppp).floor() / ppp;
    let c = view.canvas;
    let mut batch = Batch::default();
    batch.mesh.reserve_triangles(2 * ((x1 - x0) + (y1 - y0) + 2).max(0) as usize);
    for i in x0..=x1 {
        let x = on_pixel(view.to_screen(pos2(i as f32 * step, 0.0)).x);
        batch.rect(Rect::from_min_max(pos2(x, c.min.y), pos2(x + px, c.max.y)), colors.grid);
    }
    for j in y0..=y1 {
        let y = on_pixel(view.to_screen(pos2(0.0, j as f32 * step)).y);
        batch.rect(Rect::from_min_max(pos2(c.min.x, y), pos2(c.max.x, y + px)), colors.grid);
    }
    batch.flush(painter);
}

/// The colour of missing items in a review.
pub const MISSING: Color32 = Color32::from_rgb(0xdc, 0x26, 0x26);

/// A box smaller than this on screen (points) is drawn as a flat block: no outline, text or
/// badge would be legible in it anyway.
pub const LOD_BOX: Vec2 = vec2(28.0, 14.0);

/// Flat shapes batched into one mesh: the level of detail for boxes and arrows too small to
/// show their details, so a zoomed-out board of thousands of boxes costs little to draw.
#[derive(Default)]
struct Batch {
    mesh: egui::Mesh,
}

impl Batch {
    fn rect(&mut self, r: Rect, color: Color32) {
        self.mesh.add_colored_rect(r, color);
    }

    /// A straight band of `width` points from `a` to `b`.
    fn line(&mut self, a: Pos2, b: Pos2, width: f32, color: Color32) {
        let n = (b - a).normalized().rot90() * (width / 2.0);
        let i = self.mesh.vertices.len() as u32;
        for p in [a + n, b + n, b - n, a - n] {
            self.mesh.colored_vertex(p, color);
        }
        self.mesh.add_triangle(i, i + 1, i + 2);
        self.mesh.add_triangle(i, i + 2, i + 3);
    }

    /// Hands the batch to the painter (keeping the stacking order) and starts a new one.
    fn flush(&mut self, painter: &Painter) {
        if !self.mesh.is_empty() {
            painter.add(Shape::mesh(std::mem::take(&mut self.mesh)));
        }
    }
}

/// The one colour of a box drawn as a flat block.
fn block_color(n: &Node, colors: &Colors) -> Color32 {
    if let Some(c) = n.color {
        return colors.box_paint(c).stroke;
    }
    match &n.kind {
        NodeKind::Stage(s) => colors.stage(*s),
        NodeKind::Component(k) => {
            let group = catalogue::kind(k).map_or("", |(g, _)| g.id.as_str());
            theme::mix(colors.group(group), colors.component_fill, 0.35)
        }
        NodeKind::Note => theme::mix(colors.note_fill, Color32::BLACK, 0.1),
    }
}

/// The fill, outline and text colours of a box: its palette colour's when it has one, else its
/// kind's.
fn node_look(n: &Node, colors: &Colors) -> theme::BoxPaint {
    if let Some(c) = n.color {
        return colors.box_paint(c);
    }
    match &n.kind {
        NodeKind::Stage(s) => theme::BoxPaint {
            fill: colors.stage_fill(*s),
            stroke: colors.stage(*s),
            text: colors.text,
            caption: colors.stage(*s),
        },
        NodeKind::Component(_) => theme::BoxPaint {
            fill: colors.component_fill,
            stroke: colors.outline,
            text: colors.text,
            caption: colors.text_weak,
        },
        NodeKind::Note => theme::BoxPaint {
            fill: colors.note_fill,
            stroke: theme::mix(colors.note_fill, Color32::BLACK, 0.25),
            text: colors.note_text,
            caption: colors.note_text,
        },
    }
}

/// A box whose label is too small to read: fill, outline, accent and a bar for the label, as
/// flat quads in the batch (no anti-aliasing needed at this size).
fn simple_node(batch: &mut Batch, n: &Node, rect: Rect, zoom: f32, colors: &Colors, hl: &Highlights<'_>) {
    let look = node_look(n, colors);
    let (fill, outline) = (look.fill, look.stroke);
    let outline = if hl.missing.contains(&n.id) {
        MISSING
    } else if hl.selected.contains(&n.id) {
        colors.selection
    } else {
        outline
    };
    batch.rect(rect, outline);
    batch.rect(rect.shrink(1.0), fill);
    let pad = (8.0 * zoom).max(1.0);
    let mut text_left = rect.min.x + pad;
    match &n.kind {
        NodeKind::Component(k) => {
            let group = catalogue::kind(k).map_or("", |(g, _)| g.id.as_str());
            let bar = Rect::from_min_size(rect.min, vec2((5.0 * zoom).max(1.0), rect.height()));
            batch.rect(bar, colors.group(group));
            text_left += 3.0 * zoom;
        }
        NodeKind::Stage(s) => {
            let d = 22.0 * zoom;
            let badge = Rect::from_min_size(pos2(rect.min.x + pad, rect.center().y - d / 2.0), vec2(d, d));
            batch.rect(badge, colors.stage(*s));
            text_left = badge.max.x + pad * 0.75;
        }
        NodeKind::Note => {}
    }
    if !n.label.is_empty() {
        let size = theme::LABEL_SIZE * zoom;
        let h = (size * 0.6).max(1.0);
        let w = (n.label.chars().count() as f32 * size * 0.5).min(rect.max.x - pad - text_left).max(0.0);
        let color = look.text;
        let y = if n.kind == NodeKind::Note { rect.min.y + pad + h } else { rect.center().y };
        batch.rect(Rect::from_min_size(pos2(text_left, y - h / 2.0), vec2(w, h)), color.gamma_multiply(0.35));
    }
}

/// Draws every visible edge, then every visible node, back to front, then the edges' labels on
/// top, each placed clear of boxes and of the labels before it where there is room.
pub fn paint_board(
    painter: &Painter,
    board: &Board,
    view: &ViewTransform,
    colors: &Colors,
    hl: &Highlights<'_>,
    preview: &Preview<'_>,
) {
    paint_routed(painter, &Router::new(board, *preview), view, colors, hl);
}

/// Whether boxes at this zoom are drawn in full (their labels as text, and the hover and the
/// highlighted step shown); below it, boxes are flat quads with bars for labels.
pub fn boxes_in_full(zoom: f32) -> bool {
    theme::LABEL_SIZE * zoom >= theme::MIN_READABLE_TEXT
}

/// Whether arrow labels at this zoom are drawn (as text).
pub fn arrow_labels_shown(zoom: f32) -> bool {
    theme::CAPTION_SIZE * 1.15 * zoom >= theme::MIN_READABLE_TEXT
}

/// [`paint_board`] with a router of the caller's (the canvas's, which keeps routes from frame
/// to frame): the board and the preview are the router's.
pub fn paint_routed(
    painter: &Painter,
    router: &Router<'_>,
    view: &ViewTransform,
    colors: &Colors,
    hl: &Highlights<'_>,
) {
    let (board, preview) = (router.board(), *router.preview());
    let clip = painter.clip_rect();
    let mut batch = Batch::default();
    // Arrowheads under 4 points are specks: arrows are drawn as plain lines below that.
    let thin = theme::ARROW_HEAD * view.zoom < 4.0;
    let label_size = theme::CAPTION_SIZE * 1.15 * view.zoom;
    let mut labels = Vec::new();
    let mut placed = RectGrid::new(256.0);
    let mut pts = Vec::new();
    for e in &board.edges {
        let Some((a, b)) = router.end_rects(e) else { continue };
        if !clip.intersects(view.rect_to_screen(reach_of(e, a, b)).expand(40.0)) {
            continue;
        }
        let selected = hl.selected_edge == Some(e.id);
        let color = if hl.missing_edges.contains(&e.id) {
            MISSING
        } else if selected {
            colors.selection
        } else {
            colors.edge
        };
        if thin && !selected {
            // Boxes are blocks at this size: the route ignores what lies between them.
            let Some(path) = router.simple_path_between(e, a, b) else { continue };
            pts.clear();
            pts.extend(path.points().iter().map(|p| view.to_screen(*p)));
            // Shorter than a few pixels, an arrow is a speck between two blocks: left out.
            if path.length() * view.zoom >= 6.0 {
                for w in pts.windows(2) {
                    batch.line(w[0], w[1], 1.0, color.gamma_multiply(0.7));
                }
            }
            continue;
        }
        let Some(path) = router.path_between(e, a, b) else { continue };
        pts.clear();
        pts.extend(path.points().iter().map(|p| view.to_screen(*p)));
        paint_path(painter, &pts, e.style, color, view.zoom, selected);
        if !e.label.is_empty() && arrow_labels_shown(view.zoom) {
            let galley = painter.layout(
                e.label.clone(),
                FontId::proportional(label_size),
                colors.text_weak,
                220.0 * view.zoom,
            );
            let size = (galley.size() + vec2(8.0, 4.0) * view.zoom) / view.zoom;
            let spot = place_label(&path, size, router.obstacles().grid(), &placed);
            placed.insert(spot);
            labels.push((view.rect_to_screen(spot), galley));
        }
    }
    batch.flush(painter);
    for n in &board.nodes {
        let rect = view.rect_to_screen(preview.rect(n));
        if !clip.intersects(rect) {
            continue;
        }
        if rect.width() < LOD_BOX.x || rect.height() < LOD_BOX.y {
            if hl.selected.contains(&n.id) {
                batch.rect(rect.expand(2.0), colors.selection);
            }
            batch.rect(rect, block_color(n, colors));
            continue;
        }
        if !boxes_in_full(view.zoom) {
            // Labels too small to read: the box keeps its look, drawn in flat quads.
            simple_node(&mut batch, n, rect, view.zoom, colors, hl);
            continue;
        }
        batch.flush(painter);
        paint_node(painter, board, n, rect, view.zoom, colors, hl);
    }
    batch.flush(painter);
    let r = CornerRadius::same((4.0 * view.zoom).min(255.0) as u8);
    for (rect, galley) in labels {
        painter.rect_filled(rect, r, colors.label_bg);
        painter.galley(rect.center() - galley.size() / 2.0, galley, colors.text_weak);
    }
}

/// An arrow from `a` to `b` (screen points) with fixed-size heads.
pub fn paint_arrow(
    painter: &Painter,
    a: Pos2,
    b: Pos2,
    style: ArrowStyle,
    color: Color32,
    zoom: f32,
    bold: bool,
) {
    paint_path(painter, &[a, b], style, color, zoom, bold);
}

/// An arrow through `pts` (screen points, at least two) with fixed-size heads at its ends.
pub fn paint_path(painter: &Painter, pts: &[Pos2], style: ArrowStyle, color: Color32, zoom: f32, bold: bool) {
    let n = pts.len();
    if n < 2 {
        return;
    }
    let width = (if bold { 2.5 } else { 1.6 } * zoom).clamp(0.6, 5.0);
    let head = (theme::ARROW_HEAD * zoom).max(3.0);
    let end_dir = (pts[n - 1] - pts[n - 2]).normalized();
    let start_dir = (pts[0] - pts[1]).normalized();
    // The line stops under the heads, never beyond the segment it ends.
    let shorten = |tip: Pos2, prev: Pos2, d: Vec2| tip - d * (head * 0.8).min(tip.distance(prev));
    let mut line = pts.to_vec();
    if matches!(style, ArrowStyle::OneWay | ArrowStyle::TwoWay) {
        line[n - 1] = shorten(pts[n - 1], pts[n - 2], end_dir);
    }
    if style == ArrowStyle::TwoWay {
        line[0] = shorten(pts[0], pts[1], start_dir);
    }
    let stroke = Stroke::new(width, color);
    if n == 2 {
        painter.line_segment([line[0], line[1]], stroke);
    } else {
        painter.add(Shape::line(line, stroke));
    }
    if matches!(style, ArrowStyle::OneWay | ArrowStyle::TwoWay) {
        painter.add(arrow_head(pts[n - 1], end_dir, head, color));
    }
    if style == ArrowStyle::TwoWay {
        painter.add(arrow_head(pts[0], start_dir, head, color));
    }
}

/// A filled triangle with its tip at `tip`, pointing along `dir`.
fn arrow_head(tip: Pos2, dir: Vec2, len: f32, color: Color32) -> Shape {
    let back = tip - dir * len;
    let side = dir.rot90() * len * 0.45;
    Shape::convex_polygon(vec![tip, back + side, back - side], color, Stroke::NONE)
}

fn radius(zoom: f32) -> CornerRadius {
    CornerRadius::same((theme::CORNER * zoom).clamp(0.0, 255.0) as u8)
}

/// Draws one node into its screen rectangle.
pub fn paint_node(
    painter: &Painter,
    board: &Board,
    n: &Node,
    rect: Rect,
    zoom: f32,
    colors: &Colors,
    hl: &Highlights<'_>,
) {
    let selected = hl.selected.contains(&n.id);
    let r = radius(zoom);
    let pad = 8.0 * zoom;
    let look = node_look(n, colors);
    let (fill, text_color, outline) = (look.fill, look.text, look.stroke);
    // A soft shadow lifts notes and stage boxes off the grid.
    if zoom > 0.3 && !matches!(n.kind, NodeKind::Component(_)) {
        let shadow = rect.translate(vec2(0.0, 2.0 * zoom));
        painter.rect_filled(shadow, r, Color32::from_black_alpha(28));
    }
    painter.rect_filled(rect, r, fill);
    let outline_width = match n.kind {
        NodeKind::Stage(s) if hl.step == Some(s) => 3.5,
        NodeKind::Stage(_) => 2.0,
        _ => 1.2,
    };
    painter.rect_stroke(rect, r, Stroke::new((outline_width * zoom).max(0.5), outline), StrokeKind::Inside);

    let mut text_rect = rect.shrink(pad);
    let caption_size = theme::CAPTION_SIZE * zoom;
    match &n.kind {
        NodeKind::Stage(s) => {
            // A round badge with the step number.
            let badge_r = 11.0 * zoom;
            let c = pos2(rect.min.x + pad + badge_r, rect.center().y);
            painter.circle_filled(c, badge_r, colors.stage(*s));
            if caption_size >= theme::MIN_READABLE_TEXT {
                painter.text(
                    c,
                    Align2::CENTER_CENTER,
                    s.to_string(),
                    FontId::proportional(12.0 * zoom),
                    Color32::WHITE,
                );
            }
            text_rect.min.x += 2.0 * badge_r + pad * 0.75;
            if caption_size >= theme::MIN_READABLE_TEXT
                && let Some(title) = frameworks::step_title(&board.framework, *s)
                && title != n.label
            {
                let cap = format!("STEP {s} · {title}");
                painter.with_clip_rect(rect).text(
                    pos2(text_rect.min.x, rect.min.y + 4.0 * zoom),
                    Align2::LEFT_TOP,
                    cap,
                    FontId::proportional(caption_size),
                    if n.color.is_some() { look.caption } else { colors.stage(*s) },
                );
            }
        }
        NodeKind::Component(kind) => {
            let (group, name) = match catalogue::kind(kind) {
                Some((g, k)) => (g.id.as_str(), k.name.as_str()),
                None => ("", kind.as_str()),
            };
            let accent = colors.group(group);
            let caption_color = if n.color.is_some() { look.caption } else { accent };
            let bar = Rect::from_min_size(rect.min, vec2((5.0 * zoom).max(1.0), rect.height()));
            painter.rect_filled(bar, CornerRadius { nw: r.nw, sw: r.sw, ne: 0, se: 0 }, accent);
            text_rect.min.x += 3.0 * zoom;
            if caption_size >= theme::MIN_READABLE_TEXT && name != n.label {
                painter.with_clip_rect(rect).text(
                    pos2(text_rect.min.x, rect.min.y + 4.0 * zoom),
                    Align2::LEFT_TOP,
                    name.to_uppercase(),
                    FontId::proportional(caption_size * 0.9),
                    caption_color,
                );
            }
        }
        NodeKind::Note => {
            // A folded corner.
            let f = 12.0 * zoom;
            let tr = rect.right_top();
            painter.add(Shape::convex_polygon(
                vec![tr + vec2(-f, 0.0), tr + vec2(0.0, f), tr + vec2(-f, f)],
                theme::mix(fill, Color32::BLACK, 0.15),
                Stroke::NONE,
            ));
        }
    }
    paint_label(painter, n, rect, text_rect, zoom, text_color, has_caption(board, n));

    if hl.missing.contains(&n.id) {
        painter.rect_stroke(
            rect.expand(2.0),
            radius(zoom) + 2,
            Stroke::new(2.5, MISSING),
            StrokeKind::Outside,
        );
        if caption_size >= theme::MIN_READABLE_TEXT {
            painter.text(
                rect.right_top() + vec2(-4.0 * zoom, -3.0),
                Align2::RIGHT_BOTTOM,
                "missing",
                FontId::proportional(caption_size * 1.1),
                MISSING,
            );
        }
    }
    if selected {
        painter.rect_stroke(
            rect.expand(3.0),
            radius(zoom) + 3,
            Stroke::new(2.0, colors.selection),
            StrokeKind::Outside,
        );
    } else if hl.hovered == Some(n.id) {
        painter.rect_stroke(
            rect.expand(2.0),
            radius(zoom) + 2,
            Stroke::new(1.5, colors.hover),
            StrokeKind::Outside,
        );
    }
}

/// Whether a node shows a small caption above its label (a stage's step title or a component's
/// kind, when the label says something else).
fn has_caption(board: &Board, n: &Node) -> bool {
    match &n.kind {
        NodeKind::Stage(s) => frameworks::step_title(&board.framework, *s).is_some_and(|t| t != n.label),
        NodeKind::Component(kind) => catalogue::kind_name(kind) != n.label,
        NodeKind::Note => false,
    }
}

fn paint_label(
    painter: &Painter,
    n: &Node,
    rect: Rect,
    text_rect: Rect,
    zoom: f32,
    color: Color32,
    caption: bool,
) {
    if n.label.is_empty() || text_rect.width() <= 1.0 || text_rect.height() <= 1.0 {
        return;
    }
    let size = match n.kind {
        NodeKind::Stage(_) => theme::LABEL_SIZE * 1.1,
        _ => theme::LABEL_SIZE,
    } * zoom;
    if size < theme::MIN_READABLE_TEXT {
        // Too small to read: a bar where the text would be, so the board keeps its look.
        let h = (size * 0.6).max(1.0);
        let w = (n.label.chars().count() as f32 * size * 0.5).min(text_rect.width());
        let bar = Rect::from_center_size(text_rect.center(), vec2(w, h));
        painter.rect_filled(bar, 0, color.gamma_multiply(0.35));
        return;
    }
    let galley = painter.layout(n.label.clone(), FontId::proportional(size), color, text_rect.width());
    let pos = match n.kind {
        NodeKind::Note => text_rect.min + vec2(0.0, 2.0 * zoom),
        _ => {
            let top_caption = if caption { 6.0 * zoom } else { 0.0 };
            let c = text_rect.center() + vec2(0.0, top_caption);
            pos2(text_rect.min.x, c.y - galley.size().y / 2.0).max(pos2(text_rect.min.x, text_rect.min.y))
        }
    };
    painter.with_clip_rect(rect.intersect(painter.clip_rect())).galley(pos, galley, color);
}
