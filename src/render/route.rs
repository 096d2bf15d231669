//! Where arrows run: straight between the two borders, or elbow routes of horizontal and
//! vertical segments that go around the other boxes; what is near a point, and where an arrow's
//! label sits clear of boxes and other labels.
//!
//! An elbow route is the cheapest path on a sparse grid (the lines through the two boxes'
//! centres, just outside their sides, and just outside the sides of the boxes nearby), costed by
//! length, bends and how much of it would run through a box. Only boxes near the two ends are
//! looked at, found through a [`RectGrid`], so a route costs about the same on a board of ten
//! boxes and on one of ten thousand.

use crate::board::{Board, Edge, EdgeId, NodeId, Route};
use crate::render::geometry::{Preview, distance_to_segment, edge_ends};
use egui::{Pos2, Rect, Vec2, pos2, vec2};
use std::cell::{OnceCell, RefCell};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::rc::Rc;

/// The room an elbow route keeps from other boxes, in board units.
pub const CLEARANCE: f32 = 16.0;
/// How far around its two boxes a route looks for boxes to avoid, in board units.
pub const REACH: f32 = 160.0;
/// A bend costs as much as this much length: routes prefer few bends.
const BEND: f32 = 28.0;
/// At most this many nearby boxes are avoided (the nearest to the line between the ends).
const MAX_OBSTACLES: usize = 32;
/// Length through a box's clearance costs this many times more…
const MARGIN_FACTOR: f32 = 3.0;
/// …plus this much once.
const MARGIN_COST: f32 = 40.0;
/// Length through a box costs this many times more…
const CROSS_FACTOR: f32 = 30.0;
/// …plus this much once.
const CROSS_COST: f32 = 4000.0;
/// Length along the line half-way between the two boxes costs this fraction: a route's middle
/// segment runs down the middle of the gap rather than hugging one box.
const MIDLINE: f32 = 0.97;

/// A uniform grid of rectangles: which of them meet an area, in time about the size of the
/// answer. Rectangles covering very many cells are kept aside and always checked.
#[derive(Clone, Debug)]
pub struct RectGrid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<u32>>,
    rects: Vec<Rect>,
    big: Vec<u32>,
}

/// A rectangle spanning more cells than this goes to the grid's list of big ones.
const BIG_CELLS: i64 = 64;
/// A query spanning more cells than this scans every rectangle instead.
const SCAN_CELLS: i64 = 4096;

impl RectGrid {
    /// An empty grid of square cells `cell` board units wide.
    pub fn new(cell: f32) -> Self {
        Self { cell: cell.max(1.0), cells: HashMap::new(), rects: Vec::new(), big: Vec::new() }
    }

    fn span(&self, r: Rect) -> (i32, i32, i32, i32) {
        let c = |v: f32| (v / self.cell).floor().clamp(i32::MIN as f32, i32::MAX as f32) as i32;
        (c(r.min.x), c(r.min.y), c(r.max.x), c(r.max.y))
    }

    fn cells_in(x0: i32, y0: i32, x1: i32, y1: i32) -> i64 {
        (i64::from(x1) - i64::from(x0) + 1) * (i64::from(y1) - i64::from(y0) + 1)
    }

    /// Adds a rectangle; returns its index (rectangles that are not finite are kept but never
    /// found).
    pub fn insert(&mut self, r: Rect) -> usize {
        let i = self.rects.len();
        self.rects.push(r);
        if !(r.min.is_finite() && r.max.is_finite()) {
            return i;
        }
        let (x0, y0, x1, y1) = self.span(r);
        if Self::cells_in(x0, y0, x1, y1) > BIG_CELLS {
            self.big.push(i as u32);
        } else {
            for x in x0..=x1 {
                for y in y0..=y1 {
                    self.cells.entry((x, y)).or_default().push(i as u32);
                }
            }
        }
        i
    }

    /// The rectangle with index `i`.
    pub fn rect(&self, i: usize) -> Rect {
        self.rects[i]
    }

    /// How many rectangles the grid holds.
    pub fn len(&self) -> usize {
        self.rects.len()
    }

    /// Whether the grid holds no rectangle.
    pub fn is_empty(&self) -> bool {
        self.rects.is_empty()
    }

    /// The indices of the rectangles that meet `area` (touching counts), ascending.
    pub fn query(&self, area: Rect, out: &mut Vec<usize>) {
        out.clear();
        if !(area.min.is_finite() && area.max.is_finite()) {
            return;
        }
        let (x0, y0, x1, y1) = self.span(area);
        if Self::cells_in(x0, y0, x1, y1) > SCAN_CELLS.min(self.cells.len() as i64 + 1) {
            out.extend((0..self.rects.len()).filter(|&i| self.rects[i].intersects(area)));
            return;
        }
        for x in x0..=x1 {
            for y in y0..=y1 {
                if let Some(v) = self.cells.get(&(x, y)) {
                    out.extend(v.iter().map(|&i| i as usize));
                }
            }
        }
        out.extend(self.big.iter().map(|&i| i as usize));
        out.sort_unstable();
        out.dedup();
        out.retain(|&i| self.rects[i].intersects(area));
    }

    /// The area of `area` that the rectangles cover (overlaps counted once per rectangle).
    pub fn overlap(&self, area: Rect, scratch: &mut Vec<usize>) -> f32 {
        self.query(area, scratch);
        scratch
            .iter()
            .map(|&i| {
                let r = self.rects[i].intersect(area);
                r.width().max(0.0) * r.height().max(0.0)
            })
            .sum()
    }
}

/// The boxes of a board as drawn (a drag's preview included), indexed by place.
#[derive(Clone, Debug)]
pub struct Obstacles {
    grid: RectGrid,
    ids: Vec<NodeId>,
}

/// The grid cell of [`Obstacles`]: about a box and its gap to the next.
const OBSTACLE_CELL: f32 = 256.0;

impl Obstacles {
    /// Every box of `board` at the place `preview` draws it.
    pub fn of(board: &Board, preview: &Preview<'_>) -> Self {
        let mut grid = RectGrid::new(OBSTACLE_CELL);
        let mut ids = Vec::with_capacity(board.nodes.len());
        for n in &board.nodes {
            grid.insert(preview.rect(n));
            ids.push(n.id);
        }
        Self { grid, ids }
    }

    /// The boxes (their rectangles) meeting `area`, leaving out `skip`.
    pub fn near(&self, area: Rect, skip: &[NodeId], out: &mut Vec<Rect>) {
        let mut idx = Vec::new();
        self.grid.query(area, &mut idx);
        out.clear();
        out.extend(idx.into_iter().filter(|&i| !skip.contains(&self.ids[i])).map(|i| self.grid.rect(i)));
    }

    /// The grid of box rectangles.
    pub fn grid(&self) -> &RectGrid {
        &self.grid
    }
}

/// The points an arrow runs through, in board coordinates, from its start to its end.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgePath {
    /// One segment.
    Straight([Pos2; 2]),
    /// Horizontal and vertical segments.
    Elbow(Vec<Pos2>),
}

impl EdgePath {
    /// The points, first to last (at least two).
    pub fn points(&self) -> &[Pos2] {
        match self {
            Self::Straight(p) => p,
            Self::Elbow(p) => p,
        }
    }

    /// The first point (on the start box's border).
    pub fn start(&self) -> Pos2 {
        self.points()[0]
    }

    /// The last point (on the end box's border), where the arrowhead is.
    pub fn end(&self) -> Pos2 {
        let p = self.points();
        p[p.len() - 1]
    }

    /// The total length.
    pub fn length(&self) -> f32 {
        self.points().windows(2).map(|w| w[0].distance(w[1])).sum()
    }

    /// The point at fraction `t` (0 to 1) of the length, and the direction of the segment there.
    pub fn at(&self, t: f32) -> (Pos2, Vec2) {
        let pts = self.points();
        let mut left = self.length() * t.clamp(0.0, 1.0);
        for w in pts.windows(2) {
            let len = w[0].distance(w[1]);
            if left <= len && len > 0.0 {
                return (w[0].lerp(w[1], left / len), (w[1] - w[0]) / len);
            }
            left -= len;
        }
        let n = pts.len();
        (pts[n - 1], (pts[n - 1] - pts[n - 2]).normalized())
    }

    /// The point half-way along.
    pub fn midpoint(&self) -> Pos2 {
        self.at(0.5).0
    }

    /// The distance from `p` to the nearest segment.
    pub fn distance(&self, p: Pos2) -> f32 {
        self.points().windows(2).map(|w| distance_to_segment(p, w[0], w[1])).fold(f32::INFINITY, f32::min)
    }

    /// The smallest rectangle holding every point.
    pub fn bounds(&self) -> Rect {
        Rect::from_points(self.points())
    }
}

/// Elbow routes kept from frame to frame (the canvas keeps one): valid while the board's
/// revision is the same, and, during a drag, for every route whose ends did not move and whose
/// boxes looked at lie away from the moved ones. Panning and zooming route nothing again.
#[derive(Debug, Default)]
pub struct RouteCache {
    revision: Option<u64>,
    paths: HashMap<EdgeId, Cached>,
    /// The elbow edges at each node, for this revision.
    incident: Option<Rc<Incident>>,
}

/// The elbow edges at each node (indices into the board's edges).
type Incident = HashMap<NodeId, Vec<u32>>;

#[derive(Debug)]
struct Cached {
    ends: (Rect, Rect),
    /// The area whose boxes the route went around.
    looked: Rect,
    path: Option<Vec<Pos2>>,
}

impl RouteCache {
    /// How many routes are kept.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no route is kept.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}

/// Works out edge paths on one board as drawn (with a drag's preview). The boxes are indexed
/// the first time an elbow route or a label needs them, so a board of straight, unlabelled
/// arrows never pays for it.
pub struct Router<'a> {
    board: &'a Board,
    preview: Preview<'a>,
    obstacles: OnceCell<Obstacles>,
    cache: Option<RefCell<&'a mut RouteCache>>,
    /// Where boxes moved in the preview (old and new places), for the cache.
    dirty: OnceCell<Option<Rect>>,
    /// Elbow routes worked out this frame, before their ends are spread.
    memo: RefCell<HashMap<EdgeId, Option<Vec<Pos2>>>>,
    /// The elbow edges at each node (indices into the board's edges).
    incident: OnceCell<Rc<Incident>>,
}

impl<'a> Router<'a> {
    /// A router for `board` drawn with `preview`.
    pub fn new(board: &'a Board, preview: Preview<'a>) -> Self {
        Self {
            board,
            preview,
            obstacles: OnceCell::new(),
            cache: None,
            dirty: OnceCell::new(),
            memo: RefCell::new(HashMap::new()),
            incident: OnceCell::new(),
        }
    }

    /// A router that reuses and keeps routes in `cache`; `revision` names the board's content
    /// (see [`crate::board::Document::revision`]): a new one empties the cache.
    pub fn cached(board: &'a Board, preview: Preview<'a>, cache: &'a mut RouteCache, revision: u64) -> Self {
        if cache.revision != Some(revision) {
            cache.paths.clear();
            cache.incident = None;
            cache.revision = Some(revision);
        }
        Self { cache: Some(RefCell::new(cache)), ..Self::new(board, preview) }
    }

    /// The board routed.
    pub fn board(&self) -> &'a Board {
        self.board
    }

    /// The preview drawn.
    pub fn preview(&self) -> &Preview<'a> {
        &self.preview
    }

    fn dirty(&self) -> Option<Rect> {
        *self.dirty.get_or_init(|| {
            let mut out: Option<Rect> = None;
            let mut add = |r: Rect| out = Some(out.map_or(r, |o| o.union(r)));
            if let Some((ids, d)) = self.preview.moved {
                for id in ids {
                    if let Some(n) = self.board.node(*id) {
                        let r = crate::render::geometry::node_rect(n);
                        add(r.union(r.translate(d)));
                    }
                }
            }
            if let Some((id, r)) = self.preview.resized
                && let Some(n) = self.board.node(id)
            {
                add(crate::render::geometry::node_rect(n).union(r));
            }
            out
        })
    }

    fn previewing(&self) -> bool {
        self.preview.moved.is_some() || self.preview.resized.is_some()
    }

    /// The boxes as drawn, indexed (built on first use).
    pub fn obstacles(&self) -> &Obstacles {
        self.obstacles.get_or_init(|| Obstacles::of(self.board, &self.preview))
    }

    /// The rectangles of an edge's two boxes as drawn.
    pub fn end_rects(&self, e: &Edge) -> Option<(Rect, Rect)> {
        let from = self.board.node(e.from)?;
        let to = self.board.node(e.to)?;
        Some((self.preview.rect(from), self.preview.rect(to)))
    }

    /// The area an edge's path keeps to (a route may leave it only to go around a box that
    /// reaches out of it): for culling and for finding edges near a point.
    pub fn reach(&self, e: &Edge) -> Option<Rect> {
        let (a, b) = self.end_rects(e)?;
        Some(reach_of(e, a, b))
    }

    /// The path of an edge as drawn; `None` when its boxes overlap so much that nothing of it
    /// would show.
    pub fn path(&self, e: &Edge) -> Option<EdgePath> {
        let (a, b) = self.end_rects(e)?;
        self.path_between(e, a, b)
    }

    /// [`Router::path`] given the rectangles of the edge's boxes ([`Router::end_rects`]).
    pub fn path_between(&self, e: &Edge, a: Rect, b: Rect) -> Option<EdgePath> {
        if e.route == Route::Elbow
            && let Some(p) = self.base_elbow(e, a, b)
        {
            return Some(EdgePath::Elbow(self.spread(e, p, a, b)));
        }
        edge_ends(a, b).map(|(p, q)| EdgePath::Straight([p, q]))
    }

    /// The path of an edge ignoring the boxes between its ends: what a zoomed-out board draws,
    /// where boxes are blocks and a route around them would not show. Costs nothing.
    pub fn simple_path_between(&self, e: &Edge, a: Rect, b: Rect) -> Option<EdgePath> {
        if e.route == Route::Elbow
            && let Some(p) = simple_elbow(a, b)
        {
            return Some(EdgePath::Elbow(p));
        }
        edge_ends(a, b).map(|(p, q)| EdgePath::Straight([p, q]))
    }

    /// The elbow route of `e` before its ends are spread: worked out once a frame.
    fn base_elbow(&self, e: &Edge, a: Rect, b: Rect) -> Option<Vec<Pos2>> {
        if let Some(p) = self.memo.borrow().get(&e.id) {
            return p.clone();
        }
        let p = self.cached_elbow(e, a, b);
        self.memo.borrow_mut().insert(e.id, p.clone());
        p
    }

    /// The elbow edges at each node, built on first use.
    /// Kept in the cache for the revision (a drag moves boxes, never arrows' ends).
    fn incident(&self) -> &Incident {
        self.incident.get_or_init(|| {
            if let Some(cache) = &self.cache
                && let Some(m) = &cache.borrow().incident
            {
                return Rc::clone(m);
            }
            let mut m: Incident = HashMap::new();
            for (i, e) in self.board.edges.iter().enumerate().filter(|(_, e)| e.route == Route::Elbow) {
                m.entry(e.from).or_default().push(i as u32);
                m.entry(e.to).or_default().push(i as u32);
            }
            let m = Rc::new(m);
            if let Some(cache) = &self.cache {
                cache.borrow_mut().incident = Some(Rc::clone(&m));
            }
            m
        })
    }

    /// Where along its side of `node` (rectangle `r`) the end of edge `e` that leaves or enters
    /// through `side` goes: ends sharing a side are spaced out along it, ordered by where
    /// their other boxes lie, so that two arrows never meet in one point. The offset from the
    /// side's middle, in board units.
    fn port_offset(&self, e: &Edge, node: NodeId, r: Rect, side: usize) -> f32 {
        let Some(list) = self.incident().get(&node) else { return 0.0 };
        if list.len() < 2 {
            return 0.0;
        }
        let along_x = side == TOP || side == BOTTOM;
        let mut group: Vec<(f32, EdgeId)> = Vec::new();
        for &i in list {
            let f = &self.board.edges[i as usize];
            let Some((fa, fb)) = self.end_rects(f) else { continue };
            let Some(p) = self.base_elbow(f, fa, fb) else { continue };
            // Which side of `node` this edge uses, and where its other box is.
            let (s, other) = if f.from == node { (start_side(&p), fb) } else { (end_side(&p), fa) };
            if s == Some(side) {
                let c = other.center();
                group.push((if along_x { c.x } else { c.y }, f.id));
            }
        }
        if group.len() < 2 {
            return 0.0;
        }
        group.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let k = group.len();
        let Some(i) = group.iter().position(|g| g.1 == e.id) else { return 0.0 };
        let len = if along_x { r.width() } else { r.height() };
        let step = PORT_SPACING.min(len / (k as f32 + 1.0));
        (i as f32 - (k as f32 - 1.0) / 2.0) * step
    }

    /// `p` with its ends moved along their sides by [`Router::port_offset`], bends kept square.
    fn spread(&self, e: &Edge, mut p: Vec<Pos2>, a: Rect, b: Rect) -> Vec<Pos2> {
        let n = p.len();
        if n < 2 {
            return p;
        }
        let shift =
            |side: usize, d: f32| if side == TOP || side == BOTTOM { vec2(d, 0.0) } else { vec2(0.0, d) };
        let (sa, sb) = (start_side(&p), end_side(&p));
        let da = sa.map_or(Vec2::ZERO, |s| shift(s, self.port_offset(e, e.from, a, s)));
        let db = sb.map_or(Vec2::ZERO, |s| shift(s, self.port_offset(e, e.to, b, s)));
        if da == Vec2::ZERO && db == Vec2::ZERO {
            return p;
        }
        if n == 2 {
            if da == db {
                return vec![p[0] + da, p[1] + db];
            }
            // A straight run whose ends moved apart: a jog half-way.
            let (p0, p1) = (p[0] + da, p[1] + db);
            let m = p0.lerp(p1, 0.5);
            return if (p[0].y - p[1].y).abs() < 0.01 {
                vec![p0, pos2(m.x, p0.y), pos2(m.x, p1.y), p1]
            } else {
                vec![p0, pos2(p0.x, m.y), pos2(p1.x, m.y), p1]
            };
        }
        p[0] += da;
        p[1] += da;
        p[n - 1] += db;
        p[n - 2] += db;
        simplify(p)
    }

    /// The elbow route of `e`, from the cache when it still holds, else worked out (and kept
    /// when no drag is shown).
    fn cached_elbow(&self, e: &Edge, a: Rect, b: Rect) -> Option<Vec<Pos2>> {
        let Some(cache) = &self.cache else { return self.elbow_between(a, b, &[e.from, e.to]).0 };
        if let Some(c) = cache.borrow().paths.get(&e.id)
            && c.ends == (a, b)
            && !self.dirty().is_some_and(|d| d.intersects(c.looked))
        {
            return c.path.clone();
        }
        let (path, looked) = self.elbow_between(a, b, &[e.from, e.to]);
        if !self.previewing() {
            cache.borrow_mut().paths.insert(e.id, Cached { ends: (a, b), looked, path: path.clone() });
        }
        path
    }

    /// An elbow route from box `a` to box `b` around the boxes near them (leaving out the
    /// nodes in `ends`), and the area whose boxes it looked at.
    fn elbow_between(&self, a: Rect, b: Rect, ends: &[NodeId]) -> (Option<Vec<Pos2>>, Rect) {
        let area = a.union(b).expand(REACH);
        if a.intersects(b) {
            return (None, area);
        }
        let mut near = Vec::new();
        self.obstacles().near(area, ends, &mut near);
        let Some(path) = elbow(a, b, &mut near) else { return (None, area) };
        let bounds = Rect::from_points(&path);
        if area.contains_rect(bounds) {
            return (Some(path), area);
        }
        // The route went round a box reaching out of the area: look again around it, once.
        let wider = area.union(bounds.expand(REACH / 2.0));
        self.obstacles().near(wider, ends, &mut near);
        (elbow(a, b, &mut near), wider)
    }

    /// The topmost edge within `tolerance` board units of `p`.
    pub fn edge_at(&self, p: Pos2, tolerance: f32) -> Option<EdgeId> {
        self.board
            .edges
            .iter()
            .rev()
            .filter(|e| self.reach(e).is_some_and(|r| r.expand(tolerance).contains(p)))
            .find(|e| self.path(e).is_some_and(|path| path.distance(p) <= tolerance))
            .map(|e| e.id)
    }
}

/// The area an edge with boxes `a` and `b` keeps to (see [`Router::reach`]).
pub fn reach_of(e: &Edge, a: Rect, b: Rect) -> Rect {
    match e.route {
        Route::Straight => a.union(b),
        Route::Elbow => a.union(b).expand(REACH),
    }
}

/// The topmost edge within `tolerance` board units of the board point `p`.
pub fn edge_at(board: &Board, preview: &Preview<'_>, p: Pos2, tolerance: f32) -> Option<EdgeId> {
    Router::new(board, *preview).edge_at(p, tolerance)
}

/// The path of one edge as drawn (see [`Router::path`]); for one-off questions such as where
/// to open its label editor.
pub fn edge_path(board: &Board, preview: &Preview<'_>, e: &Edge) -> Option<EdgePath> {
    Router::new(board, *preview).path(e)
}

/// The smallest rectangle holding every box and every elbow route (which may run outside the
/// boxes to go around them); `None` for an empty board.
pub fn content_bounds(board: &Board) -> Option<Rect> {
    let (min, max) = board.bounds()?;
    let mut r = Rect::from_min_max(pos2(min.x, min.y), pos2(max.x, max.y));
    let router = Router::new(board, Preview::default());
    for e in board.edges.iter().filter(|e| e.route == Route::Elbow) {
        if let Some(p) = router.path(e) {
            r = r.union(p.bounds());
        }
    }
    Some(r)
}

// ---------------------------------------------------------------------------------------------
// Elbow routes
// ---------------------------------------------------------------------------------------------

/// The room between the ends of arrows sharing a side of a box, in board units.
const PORT_SPACING: f32 = 14.0;

/// The side of its first box an elbow route leaves by (from its first segment).
fn start_side(p: &[Pos2]) -> Option<usize> {
    side_of(*p.get(1)? - *p.first()?)
}

/// The side of its last box an elbow route enters by.
fn end_side(p: &[Pos2]) -> Option<usize> {
    let n = p.len();
    side_of(p[n.checked_sub(2)?] - p[n - 1])
}

/// The side a segment leaving a box in direction `d` leaves by.
fn side_of(d: Vec2) -> Option<usize> {
    if d.x.abs() > d.y.abs() {
        Some(if d.x > 0.0 { RIGHT } else { LEFT })
    } else if d.y != 0.0 {
        Some(if d.y > 0.0 { BOTTOM } else { TOP })
    } else {
        None
    }
}

/// The four sides of a box, and the four directions of travel, in the same order.
const TOP: usize = 0;
const RIGHT: usize = 1;
const BOTTOM: usize = 2;
const LEFT: usize = 3;

fn normal(side: usize) -> Vec2 {
    match side {
        TOP => vec2(0.0, -1.0),
        RIGHT => vec2(1.0, 0.0),
        BOTTOM => vec2(0.0, 1.0),
        _ => vec2(-1.0, 0.0),
    }
}

fn port(r: Rect, side: usize) -> Pos2 {
    match side {
        TOP => r.center_top(),
        RIGHT => r.right_center(),
        BOTTOM => r.center_bottom(),
        _ => r.left_center(),
    }
}

/// How far a route runs straight out of `r`'s `side` before it may turn: the clearance, or half
/// the gap when the other box is closer than two clearances on that side.
fn stub(r: Rect, side: usize, other: Rect) -> f32 {
    let gap = match side {
        TOP => r.min.y - other.max.y,
        RIGHT => other.min.x - r.max.x,
        BOTTOM => other.min.y - r.max.y,
        _ => r.min.x - other.max.x,
    };
    if gap > 0.0 && gap < 2.0 * CLEARANCE { gap / 2.0 } else { CLEARANCE }
}

/// Sorted coordinates with near-duplicates merged, and a weight per line.
fn lines(mut v: Vec<(f32, bool)>) -> (Vec<f32>, Vec<bool>) {
    v.retain(|(x, _)| x.is_finite());
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut xs: Vec<f32> = Vec::with_capacity(v.len());
    let mut mid: Vec<bool> = Vec::with_capacity(v.len());
    for (x, m) in v {
        match xs.last() {
            Some(&last) if x - last < 0.05 => {
                if let Some(l) = mid.last_mut() {
                    *l |= m;
                }
            }
            _ => {
                xs.push(x);
                mid.push(m);
            }
        }
    }
    (xs, mid)
}

fn index_of(xs: &[f32], x: f32) -> usize {
    let i = xs.partition_point(|&v| v < x);
    if i == 0 {
        0
    } else if i >= xs.len() || (x - xs[i - 1]).abs() <= (xs[i] - x).abs() {
        (i - 1).min(xs.len() - 1)
    } else {
        i
    }
}

/// The segments `i..i+1` of `xs` whose open span meets the open span `lo..hi`.
fn segments_over(xs: &[f32], lo: f32, hi: f32) -> std::ops::Range<usize> {
    let a = xs.partition_point(|&x| x <= lo).max(1) - 1;
    let b = xs.partition_point(|&x| x < hi).min(xs.len().saturating_sub(1));
    a..b.max(a)
}

/// The lines of `xs` strictly inside `lo..hi`.
fn lines_inside(xs: &[f32], lo: f32, hi: f32) -> std::ops::Range<usize> {
    let a = xs.partition_point(|&x| x <= lo);
    let b = xs.partition_point(|&x| x < hi);
    a..b.max(a)
}

#[derive(Clone, Copy, PartialEq)]
struct Open {
    f: f32,
    state: u32,
}

impl Eq for Open {}

impl Ord for Open {
    fn cmp(&self, other: &Self) -> Ordering {
        // A min-heap on f; ties broken by state for a fixed, platform-independent order.
        other.f.total_cmp(&self.f).then_with(|| other.state.cmp(&self.state))
    }
}

impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An elbow route from box `a` to box `b` that avoids `obstacles` where it can: its first point
/// is the middle of a side of `a`, its last the middle of a side of `b`, and every segment is
/// horizontal or vertical. `None` when the boxes overlap. `obstacles` is cut down to the
/// nearest few.
pub fn elbow(a: Rect, b: Rect, obstacles: &mut Vec<Rect>) -> Option<Vec<Pos2>> {
    if a.intersects(b) || !(a.is_finite() && b.is_finite()) {
        return None;
    }
    if obstacles.len() > MAX_OBSTACLES {
        let (ca, cb) = (a.center(), b.center());
        let d = |r: &Rect| distance_to_segment(r.center(), ca, cb);
        obstacles.sort_by(|x, y| d(x).total_cmp(&d(y)));
        obstacles.truncate(MAX_OBSTACLES);
    }
    let stubs = |r: Rect, o: Rect| [TOP, RIGHT, BOTTOM, LEFT].map(|s| stub(r, s, o));
    let (sa, sb) = (stubs(a, b), stubs(b, a));

    // The grid: lines through the centres, just outside each side of the ends, down the middle
    // of the gap between them, and just outside each nearby box.
    let mut vx = Vec::with_capacity(8 + 2 * obstacles.len());
    let mut vy = Vec::with_capacity(8 + 2 * obstacles.len());
    for (r, s) in [(a, sa), (b, sb)] {
        vx.extend([(r.center().x, false), (r.min.x - s[LEFT], false), (r.max.x + s[RIGHT], false)]);
        vy.extend([(r.center().y, false), (r.min.y - s[TOP], false), (r.max.y + s[BOTTOM], false)]);
    }
    if b.min.x > a.max.x {
        vx.push(((a.max.x + b.min.x) / 2.0, true));
    } else if a.min.x > b.max.x {
        vx.push(((b.max.x + a.min.x) / 2.0, true));
    }
    if b.min.y > a.max.y {
        vy.push(((a.max.y + b.min.y) / 2.0, true));
    } else if a.min.y > b.max.y {
        vy.push(((b.max.y + a.min.y) / 2.0, true));
    }
    for o in obstacles.iter() {
        vx.extend([(o.min.x - CLEARANCE, false), (o.max.x + CLEARANCE, false)]);
        vy.extend([(o.min.y - CLEARANCE, false), (o.max.y + CLEARANCE, false)]);
    }
    let (xs, xmid) = lines(vx);
    let (ys, ymid) = lines(vy);
    let (nx, ny) = (xs.len(), ys.len());
    if nx < 2 || ny < 2 {
        return None;
    }

    // What each grid segment runs through: 0 free, 1 a box's clearance, 2 a box.
    let mut hpen = vec![0u8; nx * ny]; // (i, j) → (i + 1, j)
    let mut vpen = vec![0u8; nx * ny]; // (i, j) → (i, j + 1)
    let mut mark = |r: Rect, level: u8| {
        for j in lines_inside(&ys, r.min.y, r.max.y) {
            for i in segments_over(&xs, r.min.x, r.max.x) {
                let p = &mut hpen[j * nx + i];
                *p = (*p).max(level);
            }
        }
        for i in lines_inside(&xs, r.min.x, r.max.x) {
            for j in segments_over(&ys, r.min.y, r.max.y) {
                let p = &mut vpen[j * nx + i];
                *p = (*p).max(level);
            }
        }
    };
    for o in obstacles.iter() {
        mark(o.expand(CLEARANCE), 1);
        mark(*o, 2);
    }
    mark(a, 2);
    mark(b, 2);

    let node = |p: Pos2| index_of(&ys, p.y) * nx + index_of(&xs, p.x);
    let starts: Vec<(usize, usize)> =
        [TOP, RIGHT, BOTTOM, LEFT].iter().map(|&s| (node(port(a, s) + normal(s) * sa[s]), s)).collect();
    // Arriving at b's side `s` means travelling against its normal.
    let goals: Vec<(usize, usize)> = [TOP, RIGHT, BOTTOM, LEFT]
        .iter()
        .map(|&s| (node(port(b, s) + normal(s) * sb[s]), (s + 2) % 4))
        .collect();
    let goal_pts: Vec<Pos2> = goals.iter().map(|&(n, _)| pos2(xs[n % nx], ys[n / nx])).collect();
    let h = |n: usize| {
        let p = pos2(xs[n % nx], ys[n / nx]);
        goal_pts.iter().map(|g| (g.x - p.x).abs() + (g.y - p.y).abs()).fold(f32::INFINITY, f32::min) * MIDLINE
    };
    let turn = |from: usize, to: usize| match (from + 4 - to) % 4 {
        0 => 0.0,
        2 => 2.0 * BEND,
        _ => BEND,
    };

    let states = nx * ny * 4;
    let mut g = vec![f32::INFINITY; states];
    let mut parent = vec![u32::MAX; states];
    let mut open = BinaryHeap::new();
    for &(n, d) in &starts {
        let s = n * 4 + d;
        g[s] = 0.0;
        open.push(Open { f: h(n), state: s as u32 });
    }
    let mut best = (f32::INFINITY, usize::MAX);
    while let Some(Open { f, state }) = open.pop() {
        if f >= best.0 {
            break;
        }
        let state = state as usize;
        let (n, d) = (state / 4, state % 4);
        let here = g[state];
        if f > here + h(n) + 1e-3 {
            continue; // a stale entry
        }
        for &(gn, arrive) in &goals {
            if gn == n {
                let total = here + turn(d, arrive);
                if total < best.0 {
                    best = (total, state);
                }
            }
        }
        let (i, j) = (n % nx, n / nx);
        for nd in 0..4 {
            if nd == (d + 2) % 4 {
                continue;
            }
            let (ni, nj, pen, len, mid) = match nd {
                TOP if j > 0 => (i, j - 1, vpen[(j - 1) * nx + i], ys[j] - ys[j - 1], xmid[i]),
                BOTTOM if j + 1 < ny => (i, j + 1, vpen[j * nx + i], ys[j + 1] - ys[j], xmid[i]),
                LEFT if i > 0 => (i - 1, j, hpen[j * nx + i - 1], xs[i] - xs[i - 1], ymid[j]),
                RIGHT if i + 1 < nx => (i + 1, j, hpen[j * nx + i], xs[i + 1] - xs[i], ymid[j]),
                _ => continue,
            };
            let len = if mid { len * MIDLINE } else { len };
            let cost = match pen {
                0 => len,
                1 => len * MARGIN_FACTOR + MARGIN_COST,
                _ => len * CROSS_FACTOR + CROSS_COST,
            };
            let nn = nj * nx + ni;
            let ns = nn * 4 + nd;
            let ng = here + cost + turn(d, nd);
            if ng < g[ns] {
                g[ns] = ng;
                parent[ns] = state as u32;
                open.push(Open { f: ng + h(nn), state: ns as u32 });
            }
        }
    }
    if best.1 == usize::MAX {
        return None;
    }

    // Walk back from the goal; then the ports on the two borders.
    let mut cells = vec![best.1 / 4];
    let mut s = best.1;
    while parent[s] != u32::MAX {
        s = parent[s] as usize;
        cells.push(s / 4);
    }
    let first_side = s % 4;
    cells.reverse();
    let last = *cells.last()?;
    let last_side = goals.iter().find(|(n, _)| *n == last).map_or(LEFT, |&(_, d)| (d + 2) % 4);
    let mut pts = Vec::with_capacity(cells.len() + 2);
    pts.push(port(a, first_side));
    pts.extend(cells.iter().map(|&n| pos2(xs[n % nx], ys[n / nx])));
    pts.push(port(b, last_side));
    Some(simplify(pts))
}

/// Drops repeated points and the middle of three points in a line.
fn simplify(pts: Vec<Pos2>) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(pts.len());
    for p in pts {
        if out.last().is_some_and(|q| q.distance(p) < 0.01) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.x - b.x).abs() < 0.01 && (b.x - p.x).abs() < 0.01)
                || ((a.y - b.y).abs() < 0.01 && (b.y - p.y).abs() < 0.01);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// An elbow route from `a` to `b` that ignores everything else: out of the facing sides and
/// across the middle of the gap (one or two bends). `None` when the boxes overlap.
pub fn simple_elbow(a: Rect, b: Rect) -> Option<Vec<Pos2>> {
    if a.intersects(b) {
        return None;
    }
    let d = b.center() - a.center();
    let apart_x = b.min.x > a.max.x || a.min.x > b.max.x;
    let apart_y = b.min.y > a.max.y || a.min.y > b.max.y;
    let horizontal = apart_x && (d.x.abs() >= d.y.abs() || !apart_y);
    let pts = if horizontal {
        let (p, q) =
            if d.x > 0.0 { (a.right_center(), b.left_center()) } else { (a.left_center(), b.right_center()) };
        let mx = (p.x + q.x) / 2.0;
        vec![p, pos2(mx, p.y), pos2(mx, q.y), q]
    } else {
        let (p, q) =
            if d.y > 0.0 { (a.center_bottom(), b.center_top()) } else { (a.center_top(), b.center_bottom()) };
        let my = (p.y + q.y) / 2.0;
        vec![p, pos2(p.x, my), pos2(q.x, my), q]
    };
    Some(simplify(pts))
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/// Where along a path its label is tried, in order: the middle first.
const LABEL_SPOTS: [f32; 7] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];

/// Where to put a label of `size` (board units) on `path`: the first spot along it (the middle
/// first, then further out; on the line, then beside it) whose rectangle meets no box and no
/// label already placed; failing that, the spot they cover least, boxes counting more.
pub fn place_label(path: &EdgePath, size: Vec2, boxes: &RectGrid, labels: &RectGrid) -> Rect {
    let mut scratch = Vec::new();
    let mut best = (f32::INFINITY, Rect::from_center_size(path.midpoint(), size));
    let gap = 3.0;
    for (k, &t) in LABEL_SPOTS.iter().enumerate() {
        let (p, dir) = path.at(t);
        // Beside a horizontal segment means above or below it; beside a vertical one, to a side.
        let side = if dir.x.abs() >= dir.y.abs() {
            vec2(0.0, size.y / 2.0 + gap)
        } else {
            vec2(size.x / 2.0 + gap, 0.0)
        };
        for (m, off) in [Vec2::ZERO, -side, side].into_iter().enumerate() {
            let r = Rect::from_center_size(p + off, size);
            let covered = 4.0 * boxes.overlap(r, &mut scratch) + labels.overlap(r, &mut scratch);
            if covered <= 0.0 {
                return r;
            }
            // Later spots are a little worse at equal cover, so ties keep the middle.
            let score = covered * (1.0 + 0.01 * (3 * k + m) as f32);
            if score < best.0 {
                best = (score, r);
            }
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_min_size(pos2(x, y), vec2(w, h))
    }

    fn orthogonal(p: &[Pos2]) -> bool {
        p.windows(2).all(|w| (w[0].x - w[1].x).abs() < 0.01 || (w[0].y - w[1].y).abs() < 0.01)
    }

    /// Whether any segment of `p` runs through the inside of `o`.
    fn crosses(p: &[Pos2], o: Rect) -> bool {
        p.windows(2).any(|w| {
            let seg = Rect::from_two_pos(w[0], w[1]);
            seg.max.x > o.min.x && seg.min.x < o.max.x && seg.max.y > o.min.y && seg.min.y < o.max.y
        })
    }

    #[test]
    fn boxes_side_by_side_get_one_straight_run_between_facing_sides() {
        let (a, b) = (r(0.0, 0.0, 100.0, 50.0), r(300.0, 0.0, 100.0, 50.0));
        let p = elbow(a, b, &mut Vec::new()).expect("a route");
        assert_eq!(p, vec![a.right_center(), b.left_center()]);
    }

    #[test]
    fn offset_boxes_get_a_bend_down_the_middle_of_the_gap() {
        let (a, b) = (r(0.0, 0.0, 100.0, 50.0), r(300.0, 200.0, 100.0, 50.0));
        let p = elbow(a, b, &mut Vec::new()).expect("a route");
        assert!(orthogonal(&p), "{p:?}");
        assert!(p.len() <= 4, "at most two bends: {p:?}");
        assert!(!crosses(&p, a.shrink(0.5)) && !crosses(&p, b.shrink(0.5)), "{p:?}");
        let (first, last) = (p[0], p[p.len() - 1]);
        assert!(a.expand(0.01).contains(first) && b.expand(0.01).contains(last));
    }

    #[test]
    fn a_box_in_the_way_is_gone_around() {
        let (a, b) = (r(0.0, 0.0, 100.0, 50.0), r(400.0, 0.0, 100.0, 50.0));
        let wall = r(180.0, -60.0, 140.0, 170.0);
        let p = elbow(a, b, &mut vec![wall]).expect("a route");
        assert!(orthogonal(&p), "{p:?}");
        assert!(!crosses(&p, wall), "the route runs through the box in the way: {p:?}");
        assert!(!crosses(&p, wall.expand(CLEARANCE - 0.5)), "and keeps its clearance: {p:?}");
        assert!(p.len() <= 6, "with few bends: {p:?}");
    }

    #[test]
    fn a_box_with_no_way_round_is_crossed_rather_than_failing() {
        let (a, b) = (r(0.0, 0.0, 100.0, 50.0), r(400.0, 0.0, 100.0, 50.0));
        // Walls all round b but for nothing: the route must still be found.
        let walls = vec![
            r(360.0, -40.0, 180.0, 10.0),
            r(360.0, 80.0, 180.0, 10.0),
            r(360.0, -40.0, 10.0, 130.0),
            r(530.0, -40.0, 10.0, 130.0),
        ];
        let p = elbow(a, b, &mut walls.clone()).expect("a route");
        assert!(orthogonal(&p));
        assert!(b.expand(0.01).contains(p[p.len() - 1]));
    }

    #[test]
    fn overlapping_boxes_have_no_elbow_route() {
        assert!(elbow(r(0.0, 0.0, 100.0, 50.0), r(50.0, 20.0, 100.0, 50.0), &mut Vec::new()).is_none());
        assert!(simple_elbow(r(0.0, 0.0, 100.0, 50.0), r(50.0, 20.0, 100.0, 50.0)).is_none());
    }

    #[test]
    fn the_simple_route_bends_across_the_middle() {
        let (a, b) = (r(0.0, 0.0, 100.0, 50.0), r(300.0, 200.0, 100.0, 50.0));
        let p = simple_elbow(a, b).expect("a route");
        assert_eq!(p, vec![a.right_center(), pos2(200.0, 25.0), pos2(200.0, 225.0), b.left_center()]);
    }

    #[test]
    fn the_grid_finds_exactly_the_rectangles_that_meet_an_area() {
        let mut g = RectGrid::new(50.0);
        let rects = [
            r(0.0, 0.0, 10.0, 10.0),
            r(100.0, 100.0, 30.0, 30.0),
            r(-500.0, -500.0, 4000.0, 20.0),
            r(60.0, 0.0, 10.0, 300.0),
        ];
        for x in rects {
            g.insert(x);
        }
        let mut out = Vec::new();
        for area in [
            r(5.0, 5.0, 1.0, 1.0),
            r(90.0, 90.0, 200.0, 200.0),
            r(-400.0, -490.0, 5.0, 5.0),
            r(1000.0, 1000.0, 5.0, 5.0),
            r(-1e6, -1e6, 2e6, 2e6),
        ] {
            g.query(area, &mut out);
            let want: Vec<usize> = (0..rects.len()).filter(|&i| rects[i].intersects(area)).collect();
            assert_eq!(out, want, "{area:?}");
        }
    }

    #[test]
    fn a_label_moves_off_a_box_on_its_line() {
        let path = EdgePath::Straight([pos2(0.0, 0.0), pos2(400.0, 0.0)]);
        let mut boxes = RectGrid::new(100.0);
        boxes.insert(r(150.0, -30.0, 100.0, 60.0)); // right over the middle of the line
        let labels = RectGrid::new(100.0);
        let spot = place_label(&path, vec2(60.0, 16.0), &boxes, &labels);
        assert!(!spot.intersects(r(150.0, -30.0, 100.0, 60.0)), "{spot:?}");
        assert!(spot.center().y.abs() < 12.0, "still on or beside the line: {spot:?}");
    }

    #[test]
    fn a_second_label_keeps_clear_of_the_first() {
        let path = EdgePath::Straight([pos2(0.0, 0.0), pos2(400.0, 0.0)]);
        let boxes = RectGrid::new(100.0);
        let mut labels = RectGrid::new(100.0);
        let first = place_label(&path, vec2(60.0, 16.0), &boxes, &labels);
        labels.insert(first);
        let second = place_label(&path, vec2(60.0, 16.0), &boxes, &labels);
        assert!(!second.intersects(first), "{first:?} {second:?}");
    }

    fn board_of(nodes: &[(u64, Rect)], edges: &[(u64, u64, u64)]) -> Board {
        use crate::board::{Node, NodeKind, Point, Size};
        let mut b = Board::new("t");
        for &(id, r) in nodes {
            b.nodes.push(Node::new(
                NodeId(id),
                NodeKind::Note,
                "",
                Point::new(r.min.x, r.min.y),
                Size::new(r.width(), r.height()),
            ));
        }
        for &(id, from, to) in edges {
            let mut e = Edge::new(EdgeId(id), NodeId(from), NodeId(to));
            e.route = Route::Elbow;
            b.edges.push(e);
        }
        b.reindex();
        b
    }

    #[test]
    fn arrows_sharing_a_side_get_their_own_places_on_it() {
        // A tall box at the left; B up right and C down right: both leave A by its right side.
        let a = r(0.0, 0.0, 100.0, 200.0);
        let b = board_of(
            &[(1, a), (2, r(300.0, 0.0, 100.0, 60.0)), (3, r(300.0, 140.0, 100.0, 60.0))],
            &[(10, 1, 2), (11, 1, 3)],
        );
        let router = Router::new(&b, Preview::default());
        let p = router.path(&b.edges[0]).expect("route to B");
        let q = router.path(&b.edges[1]).expect("route to C");
        for path in [&p, &q] {
            assert!(orthogonal(path.points()), "{:?}", path.points());
            let s = path.start();
            assert!(
                (s.x - a.max.x).abs() < 0.01 && s.y > a.min.y && s.y < a.max.y,
                "on A's right side: {s:?}"
            );
        }
        assert!(p.start().distance(q.start()) >= 10.0, "apart: {:?} {:?}", p.start(), q.start());
        assert!(p.start().y < q.start().y, "the one going up leaves higher, so they do not cross");
        // Hit-testing finds each where it is drawn.
        assert_eq!(router.edge_at(p.at(0.1).0, 2.0), Some(EdgeId(10)));
        assert_eq!(router.edge_at(q.at(0.1).0, 2.0), Some(EdgeId(11)));
    }

    #[test]
    fn a_cached_route_is_reused_until_the_board_changes() {
        // B right of A, a box right in between.
        let b = board_of(
            &[
                (1, r(0.0, 0.0, 100.0, 60.0)),
                (2, r(400.0, 0.0, 100.0, 60.0)),
                (3, r(180.0, -20.0, 120.0, 100.0)),
            ],
            &[(10, 1, 2)],
        );
        let mut cache = RouteCache::default();
        let first = Router::cached(&b, Preview::default(), &mut cache, 1).path(&b.edges[0]);
        assert_eq!(cache.len(), 1);
        let again = Router::cached(&b, Preview::default(), &mut cache, 1).path(&b.edges[0]);
        assert_eq!(first, again);
        // Moving the box in the way (a drag preview) routes anew, without keeping the result.
        let moved: std::collections::HashSet<NodeId> = [NodeId(3)].into_iter().collect();
        let preview = Preview { moved: Some((&moved, vec2(0.0, 400.0))), resized: None };
        let dragged = Router::cached(&b, preview, &mut cache, 1).path(&b.edges[0]);
        let fresh = Router::new(&b, preview).path(&b.edges[0]);
        assert_eq!(dragged, fresh, "the cache does not hide a moved box");
        assert_ne!(dragged, first, "with the box out of the way the route changes");
        assert_eq!(dragged.map(|p| p.points().len()), Some(2), "straight across now");
        assert!(first.is_some_and(|p| p.points().len() > 2), "round the box before");
        // A new revision empties the cache.
        let _ = Router::cached(&b, Preview::default(), &mut cache, 2);
        assert!(cache.is_empty());
    }

    #[test]
    fn path_points_along_the_length() {
        let p = EdgePath::Elbow(vec![pos2(0.0, 0.0), pos2(100.0, 0.0), pos2(100.0, 100.0)]);
        assert_eq!(p.length(), 200.0);
        assert_eq!(p.midpoint(), pos2(100.0, 0.0));
        let (q, dir) = p.at(0.75);
        assert_eq!((q, dir), (pos2(100.0, 50.0), vec2(0.0, 1.0)));
        assert_eq!(p.distance(pos2(50.0, 10.0)), 10.0);
    }
}
