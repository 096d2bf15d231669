//! Pointer and keyboard interaction on the canvas. It reads the document and emits [`Edit`]s
//! (a [`Command`] and what to do with what it adds); it never changes the board itself, and never
//! allocates ids (new boxes and arrows are [`Command::Insert`]s, which the document numbers).
//! Selection, gestures in progress and the label editor are UI state kept here.

use crate::board::{Added, Command, Document, Fragment};
use crate::board::{ArrowStyle, Edge, EdgeId, Node, NodeId, NodeKind, Point, Size};
use crate::render::geometry::{self, Preview, corners, node_at, node_rect, side_middles};
use crate::render::paint::{self, Highlights};
use crate::render::route;
use crate::render::theme::{self, Colors};
use crate::render::view::{self as view_math, ViewTransform, snap};
use crate::ui::actions::Action;
use egui::{
    Color32, CursorIcon, Id, Key, MouseWheelUnit, PointerButton, Pos2, Rect, Sense, Stroke, StrokeKind, Ui,
    Vec2, vec2,
};
use std::collections::HashSet;

mod arrange;
mod menu;

pub use arrange::{Arrange, arrange};

/// A change the canvas asks for: the command, and what the canvas does once the document has
/// applied it (see [`Canvas::after_edit`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// The change.
    pub cmd: Command,
    /// What follows once it is applied.
    pub then: Then,
}

/// What the canvas does with what an [`Edit`] added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Then {
    /// Nothing.
    #[default]
    Nothing,
    /// Select the added nodes, or the added edge when there are none.
    Select,
    /// Select the added node and open its label editor (a new sticky note).
    EditLabel,
}

impl Edit {
    /// An edit that needs nothing afterwards.
    pub fn plain(cmd: Command) -> Self {
        Self { cmd, then: Then::Nothing }
    }
}

/// The local id a new node carries inside its [`Command::Insert`].
const NEW: NodeId = NodeId(1);

/// What the colors hands to the canvas when an item is dragged onto it.
#[derive(Clone, Debug, PartialEq)]
pub struct PaletteItem {
    /// The kind of node to create.
    pub kind: NodeKind,
    /// Its label.
    pub label: String,
}

impl PaletteItem {
    /// The default size of a new node of this kind.
    pub fn size(&self) -> Size {
        default_size(&self.kind)
    }
}

/// The default size of a new node of a kind, in board units.
pub fn default_size(kind: &NodeKind) -> Size {
    match kind {
        NodeKind::Stage(_) => Size::new(220.0, 72.0),
        NodeKind::Component(_) => Size::new(180.0, 64.0),
        NodeKind::Note => Size::new(200.0, 100.0),
    }
}

/// Screen radius within which a handle is grabbed.
const HANDLE_GRAB: f32 = 8.0;
/// A box smaller than this on screen shows no handles: grabbing it moves it.
const MIN_HANDLE_BOX: Vec2 = vec2(48.0, 32.0);

/// Whether a box drawn at `r` on screen is large enough for handles.
fn has_handles(r: Rect) -> bool {
    r.width() >= MIN_HANDLE_BOX.x && r.height() >= MIN_HANDLE_BOX.y
}
/// Smallest node size a resize can make, in board units.
const MIN_SIZE: Vec2 = vec2(40.0, 24.0);
/// How far a paste lands from the original when the pointer is not over the canvas.
const PASTE_OFFSET: f32 = 20.0;

/// How "zoom to fit" places the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitMode {
    /// The whole board, centred.
    Whole,
    /// The board across the width, at the top (new boards from a template).
    Top,
}

/// A gesture in progress.
#[derive(Clone, Debug, Default)]
enum Gesture {
    #[default]
    None,
    Pan,
    Marquee {
        start: Pos2,
        additive: bool,
        base: HashSet<NodeId>,
    },
    Move {
        start: Pos2,
        primary: NodeId,
        delta: Vec2,
    },
    Resize {
        id: NodeId,
        corner: usize,
        rect: Rect,
    },
    Connect {
        from: NodeId,
        to: Pos2,
    },
    /// Dragging one end of the selected arrow onto another box.
    Retarget {
        edge: EdgeId,
        /// The end that moves: the head (`to`) or the tail (`from`).
        head: bool,
        to: Pos2,
    },
}

/// What a right-click landed on, for its menu.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ContextTarget {
    /// A box (now selected, with the rest of the selection if it was part of it).
    Node(NodeId),
    /// An arrow (now selected).
    Edge(EdgeId),
    /// The empty board at this board point.
    Board(Pos2),
}

/// Where nodes are drawn during `gesture`: borrows the selection being moved, copies nothing.
fn preview_of<'a>(gesture: &Gesture, selection: &'a HashSet<NodeId>) -> Preview<'a> {
    match gesture {
        Gesture::Move { delta, .. } => Preview { moved: Some((selection, *delta)), resized: None },
        Gesture::Resize { id, rect, .. } => Preview { moved: None, resized: Some((*id, *rect)) },
        _ => Preview::default(),
    }
}

/// What a label editor is editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelTarget {
    /// A node's label.
    Node(NodeId),
    /// An edge's label.
    Edge(EdgeId),
}

#[derive(Clone, Debug)]
struct LabelEdit {
    target: LabelTarget,
    text: String,
    focus_requested: bool,
}

/// The canvas: view, selection and gestures of one open board.
#[derive(Debug)]
pub struct Canvas {
    /// The view transform; set from the board's saved view on the first frame.
    pub view: Option<ViewTransform>,
    /// Selected nodes.
    pub selection: HashSet<NodeId>,
    /// The selected edge (edges are selected one at a time).
    pub selected_edge: Option<EdgeId>,
    /// Whether the grid is drawn.
    pub show_grid: bool,
    /// Whether moves, resizes and drops snap to the grid.
    pub snap: bool,
    /// The framework step whose stage boxes stand out.
    pub highlight_step: Option<u8>,
    /// Whether the canvas paints its background. The app lets the window's clear colour do it
    /// (one full-canvas layer fewer for software GL to fill every frame).
    pub paint_background: bool,
    /// A view that cannot be edited (a reference solution, a replay): pan, zoom and select only.
    pub read_only: bool,
    /// Nodes and edges drawn as missing (in a reference view).
    pub missing: (HashSet<NodeId>, HashSet<EdgeId>),
    gesture: Gesture,
    editing: Option<LabelEdit>,
    hovered: Option<NodeId>,
    fit_requested: Option<FitMode>,
    /// The last copied fragment, for Edit → Paste (the keyboard uses the system clipboard).
    clipboard: Option<Fragment>,
    pastes: u32,
    pointer_board: Option<Pos2>,
    /// What the open right-click menu is for.
    context: Option<ContextTarget>,
    /// "Add an arrow from here": the box the next click on another box joins.
    linking: Option<NodeId>,
    /// Menu actions chosen on the canvas (in a right-click menu), for the app to run.
    actions: Vec<Action>,
    /// Elbow routes from earlier frames.
    routes: std::cell::RefCell<route::RouteCache>,
    /// Whether frames that only pan reuse the board's shapes from the last frame (the board
    /// cache); on by default. Off, every frame paints the board anew, as benchmarks of
    /// the uncached frame do.
    pub cache_board: bool,
    /// The board's boxes and arrows as last painted, for frames that only pan.
    board_paint: std::cell::RefCell<BoardPaint>,
}

/// Everything the painted board depends on apart from where the view is centred: while it stays
/// the same, a frame shows the same shapes, moved by the pan.
#[derive(Clone, Debug, PartialEq)]
struct PaintKey {
    /// The document and its revision ([`Document::content_stamp`]).
    stamp: (u64, u64),
    /// The level of detail follows the zoom.
    zoom: f32,
    canvas: Rect,
    clip: Rect,
    pixels_per_point: f32,
    colors: Colors,
    selection: HashSet<NodeId>,
    selected_edge: Option<EdgeId>,
    missing: (HashSet<NodeId>, HashSet<EdgeId>),
    // Not the hovered box nor the highlighted step: only a box drawn in full shows them, and
    // boxes are drawn in full only at zooms whose labels are text, where nothing is kept.
}

/// The shapes [`paint::paint_routed`] made for the board, kept when they can be reused: no
/// gesture was previewing a change, nothing was left out as off screen, and there was no text
/// (whose glyphs live in a font atlas egui may rebuild). A frame with the same [`PaintKey`] whose
/// view also leaves nothing out adds these shapes moved by the pan instead of painting the board
/// again, so a pan costs the same at any board size; the shapes are those the painter would
/// make at the new place (the same coordinates up to float rounding).
#[derive(Debug, Default)]
struct BoardPaint {
    key: Option<PaintKey>,
    /// The view centre the shapes were painted at.
    center: Pos2,
    /// The screen area (at that centre) whose boxes and arrows the shapes hold.
    cover: Option<Rect>,
    /// How far the shapes have been moved since they were painted.
    moved: Vec2,
    /// How many times they were moved.
    moves: u32,
    shapes: Vec<egui::Shape>,
    /// How many times the board was painted anew (for tests).
    rebuilds: u64,
}

/// Whether a shape is or holds text or a paint callback (never cached).
fn not_cacheable(shape: &egui::Shape) -> bool {
    match shape {
        egui::Shape::Text(_) | egui::Shape::Callback(_) => true,
        egui::Shape::Vec(v) => v.iter().any(not_cacheable),
        _ => false,
    }
}

/// How many pans move the kept shapes before they are painted anew (see [`BoardPaint`]).
const MAX_MOVES: u32 = 256;

/// How far beyond the clip rectangle the painter draws arrows (see [`paint::paint_routed`]).
const CULL_MARGIN: f32 = 40.0;

impl Default for Canvas {
    fn default() -> Self {
        Self {
            view: None,
            selection: HashSet::new(),
            selected_edge: None,
            show_grid: true,
            snap: true,
            highlight_step: None,
            paint_background: true,
            read_only: false,
            missing: (HashSet::new(), HashSet::new()),
            gesture: Gesture::None,
            editing: None,
            hovered: None,
            fit_requested: None,
            clipboard: None,
            pastes: 0,
            pointer_board: None,
            context: None,
            linking: None,
            actions: Vec::new(),
            routes: Default::default(),
            cache_board: true,
            board_paint: Default::default(),
        }
    }
}

impl Canvas {
    /// A canvas that cannot edit its board (a reference solution, a replay).
    pub fn read_only() -> Self {
        Self { read_only: true, ..Self::default() }
    }

    /// Zooms to show the whole board on the next frame.
    pub fn request_fit(&mut self) {
        self.fit_requested = Some(FitMode::Whole);
    }

    /// Shows the board across the width at the top of the view, on the next frame.
    pub fn request_fit_top(&mut self) {
        self.fit_requested = Some(FitMode::Top);
    }

    /// Forgets the view, selection and gestures (a new board was opened).
    pub fn reset(&mut self) {
        let (grid, snap, background, read_only) =
            (self.show_grid, self.snap, self.paint_background, self.read_only);
        *self = Self {
            show_grid: grid,
            snap,
            paint_background: background,
            read_only,
            clipboard: self.clipboard.take(),
            ..Self::default()
        };
    }

    /// Whether a label is being edited.
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// Starts editing a label in place.
    pub fn edit_label(&mut self, doc: &Document, target: LabelTarget) {
        let text = match target {
            LabelTarget::Node(id) => doc.board().node(id).map(|n| n.label.clone()),
            LabelTarget::Edge(id) => doc.board().edge(id).map(|e| e.label.clone()),
        };
        if let Some(text) = text {
            self.editing = Some(LabelEdit { target, text, focus_requested: false });
        }
    }

    /// Zooms by `factor` around the centre of the canvas.
    pub fn zoom_by(&mut self, factor: f32) {
        if let Some(v) = &mut self.view {
            let c = v.canvas.center();
            v.zoom_around(c, factor);
        }
    }

    /// Zooms in (or out) to the next level of [`view_math::ZOOM_STEPS`], around the centre.
    pub fn zoom_step(&mut self, zoom_in: bool) {
        if let Some(v) = &mut self.view {
            let c = v.canvas.center();
            let to = view_math::next_zoom_step(v.zoom, zoom_in);
            v.zoom_around(c, to / v.zoom);
        }
    }

    /// The menu actions chosen on the canvas since the last call (from a right-click menu).
    pub fn take_actions(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.actions)
    }

    /// Escape: cancels the gesture in progress (a drag, "add an arrow from here"); when there is
    /// none, clears the selection.
    pub fn cancel(&mut self) {
        if !matches!(self.gesture, Gesture::None) || self.linking.is_some() {
            self.gesture = Gesture::None;
            self.linking = None;
        } else {
            self.selection.clear();
            self.selected_edge = None;
        }
    }

    /// Whether "add an arrow from here" waits for a click on the target box.
    pub fn is_linking(&self) -> bool {
        self.linking.is_some()
    }

    /// Sets the zoom to 100% around the centre of the canvas.
    pub fn actual_size(&mut self) {
        if let Some(v) = &mut self.view {
            let c = v.canvas.center();
            v.zoom_around(c, 1.0 / v.zoom);
        }
    }

    /// Drops selected ids that no longer exist (after undo, redo or a delete).
    pub fn prune_selection(&mut self, doc: &Document) {
        let b = doc.board();
        self.selection.retain(|id| b.node(*id).is_some());
        if self.selected_edge.is_some_and(|e| b.edge(e).is_none()) {
            self.selected_edge = None;
        }
        if self.linking.is_some_and(|id| b.node(id).is_none()) {
            self.linking = None;
        }
        if let Some(ed) = &self.editing {
            let alive = match ed.target {
                LabelTarget::Node(id) => b.node(id).is_some(),
                LabelTarget::Edge(id) => b.edge(id).is_some(),
            };
            if !alive {
                self.editing = None;
            }
        }
    }

    /// Selects every node.
    pub fn select_all(&mut self, doc: &Document) {
        self.selection = doc.board().nodes.iter().map(|n| n.id).collect();
        self.selected_edge = None;
    }

    /// The command deleting the selection (nodes with their edges, or the selected edge).
    pub fn delete_selection(&mut self, doc: &Document) -> Option<Command> {
        let nodes = doc.board().in_board_order(&self.selection);
        let edges: Vec<EdgeId> = self.selected_edge.into_iter().collect();
        if nodes.is_empty() && edges.is_empty() {
            return None;
        }
        self.selection.clear();
        self.selected_edge = None;
        Some(Command::Delete { nodes, edges })
    }

    /// Copies the selection; returns it as clipboard text.
    pub fn copy(&mut self, doc: &Document) -> Option<String> {
        let f = Fragment::copy(doc.board(), &self.selection);
        if f.is_empty() {
            return None;
        }
        let text = f.to_text();
        self.clipboard = Some(f);
        self.pastes = 0;
        Some(text)
    }

    /// Pastes a fragment (from clipboard text, or the last copy when `text` is `None`): at the
    /// pointer when it is over the canvas, else offset from the original. The pasted nodes are
    /// selected once applied. Plain text that is not a fragment becomes a note.
    pub fn paste(&mut self, text: Option<&str>) -> Option<Edit> {
        let fragment = match text {
            Some(t) => match Fragment::from_text(t) {
                Some(f) => f,
                None => return self.paste_text_as_note(t),
            },
            None => self.clipboard.clone()?,
        };
        let origin = fragment.origin()?;
        self.pastes += 1;
        let offset = match self.pointer_board {
            Some(p) => {
                let p = self.snapped(p);
                Point::new(p.x - origin.x, p.y - origin.y)
            }
            None => {
                let d = PASTE_OFFSET * self.pastes as f32;
                Point::new(d, d)
            }
        };
        Some(Edit { cmd: fragment.into_paste(offset), then: Then::Select })
    }

    fn paste_text_as_note(&mut self, text: &str) -> Option<Edit> {
        let text: String = text.trim().chars().take(2_000).collect();
        if text.is_empty() {
            return None;
        }
        let at = self.pointer_board.or_else(|| self.view.map(|v| v.center))?;
        Some(self.new_node(NodeKind::Note, text, at))
    }

    /// Duplicates the selection next to itself.
    pub fn duplicate(&mut self, doc: &Document) -> Option<Edit> {
        let f = Fragment::copy(doc.board(), &self.selection);
        if f.is_empty() {
            return None;
        }
        Some(Edit { cmd: f.into_paste(Point::new(theme::GRID * 2.0, theme::GRID * 2.0)), then: Then::Select })
    }

    /// Carries out what an applied [`Edit`] asked for with the ids the document gave what it
    /// added.
    pub fn after_edit(&mut self, doc: &Document, added: &Added, then: Then) {
        self.prune_selection(doc);
        match then {
            Then::Nothing => {}
            Then::Select if added.nodes.is_empty() => {
                if let Some(&e) = added.edges.first() {
                    self.selection.clear();
                    self.selected_edge = Some(e);
                }
            }
            Then::Select => {
                self.selection = added.nodes.iter().copied().collect();
                self.selected_edge = None;
            }
            Then::EditLabel => {
                if let Some(&id) = added.nodes.first() {
                    self.selection = std::iter::once(id).collect();
                    self.selected_edge = None;
                    self.edit_label(doc, LabelTarget::Node(id));
                }
            }
        }
    }

    fn snapped(&self, p: Pos2) -> Pos2 {
        if self.snap { Pos2::new(snap(p.x, theme::GRID), snap(p.y, theme::GRID)) } else { p }
    }

    /// An edit creating a node of `kind` centred at the board point `at`, selected once added.
    pub fn new_node(&self, kind: NodeKind, label: String, at: Pos2) -> Edit {
        let size = default_size(&kind);
        let top_left = self.snapped(at - vec2(size.w, size.h) / 2.0);
        let node = Node::new(NEW, kind, label, Point::new(top_left.x, top_left.y), size);
        Edit { cmd: Command::Insert { nodes: vec![node], edges: Vec::new() }, then: Then::Select }
    }

    /// An edit creating a node of `kind` near the board point `at`, where it covers no other box
    /// (see [`Canvas::free_spot`]): a palette click.
    pub fn new_node_in_room(&self, doc: &Document, kind: NodeKind, label: String, at: Pos2) -> Edit {
        let spot = self.free_spot(doc.board(), &kind, at);
        self.new_node(kind, label, spot)
    }

    /// Shows the canvas in the remaining space of `ui` and returns the edits the user made.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, colors: &Colors) -> Vec<Edit> {
        let mut out = Vec::new();
        let rect = ui.available_rect_before_wrap();
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        if self.view.is_none() {
            let mut v = ViewTransform::from_view(doc.board().view, rect);
            v.zoom = v.zoom.clamp(view_math::ZOOM_MIN, view_math::ZOOM_MAX);
            // A board saved looking at empty space (or on another screen) opens on its content.
            if self.fit_requested.is_none() && !shows_content(doc, &v) {
                self.fit_requested = Some(FitMode::Whole);
            }
            self.view = Some(v);
        }
        let Some(view) = self.view.as_mut() else { return out };
        view.canvas = rect;
        if let Some(mode) = self.fit_requested.take()
            && let Some((min, max)) = doc.board().bounds()
        {
            let bounds = Rect::from_min_max(Pos2::new(min.x, min.y), Pos2::new(max.x, max.y));
            match mode {
                FitMode::Whole => view.fit(bounds, if self.read_only { 16.0 } else { 48.0 }),
                FitMode::Top => view.fit_top(bounds, 32.0),
            }
        }
        let mut view = *view;

        let pointer = ui.input(|i| i.pointer.latest_pos());
        let over = response.contains_pointer();
        self.pointer_board = pointer.filter(|_| over).map(|p| view.to_board(p));

        // Wheel: pan; Ctrl+wheel and pinch: zoom around the pointer, by even steps per notch.
        if over {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta(), wheel_zoom(&i.events)));
            if let Some(p) = pointer
                && zoom != 1.0
            {
                view.zoom_around(p, zoom);
            }
            if scroll != Vec2::ZERO {
                view.pan(scroll);
            }
        }

        let typing = ui.ctx().egui_wants_keyboard_input();
        let space = !typing && ui.input(|i| i.key_down(Key::Space));
        let shift = ui.input(|i| i.modifiers.shift);
        let preview = preview_of(&self.gesture, &self.selection);
        let board = doc.board();

        // Hover.
        self.hovered = match (&self.gesture, self.pointer_board) {
            (Gesture::None, Some(p)) => node_at(board, &preview, p),
            _ => None,
        };

        // Panning: middle button, or space + primary.
        if response.dragged_by(PointerButton::Middle)
            || ((space || self.read_only) && response.dragged_by(PointerButton::Primary))
            || matches!(self.gesture, Gesture::Pan) && response.dragged()
        {
            view.pan(response.drag_delta());
            if response.drag_started() {
                self.gesture = Gesture::Pan;
            }
        } else if response.drag_started_by(PointerButton::Primary) {
            let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
            self.gesture = self.begin_gesture(doc, &view, origin, shift);
        }

        // Follow the pointer while a gesture runs.
        if let (Some(p), true) = (pointer, response.dragged_by(PointerButton::Primary)) {
            let bp = view.to_board(p);
            self.update_gesture(doc, bp, shift);
        }
        if response.drag_stopped() {
            // egui also ends a drag on Escape, with the button still down: that cancels it.
            let cancelled = ui.input(|i| i.pointer.any_down());
            if !cancelled && let Some(edit) = self.finish_gesture(doc) {
                out.push(edit);
            }
            self.gesture = Gesture::None;
        }

        // Clicks.
        if response.clicked()
            && !space
            && let Some(p) = self.pointer_board
        {
            if let Some(from) = self.linking.take() {
                // "Add an arrow from here": this click names the target.
                if let Some(to) = node_at(doc.board(), &Preview::default(), p).filter(|t| *t != from) {
                    let edge = Edge::new(EdgeId(1), from, to);
                    out.push(Edit {
                        cmd: Command::Insert { nodes: Vec::new(), edges: vec![edge] },
                        then: Then::Select,
                    });
                }
            } else {
                self.click(doc, &view, p, shift);
            }
        }

        // Right-click: select what is under the pointer and open its menu.
        if !self.read_only {
            if response.secondary_clicked()
                && let Some(p) = self.pointer_board
            {
                self.linking = None;
                self.context = Some(self.context_target(doc, &view, p));
            }
            response.context_menu(|ui| self.context_menu(ui, doc, colors, &mut out));
        }
        if response.double_clicked()
            && !self.read_only
            && let Some(p) = self.pointer_board
        {
            let preview = preview_of(&self.gesture, &self.selection);
            let board = doc.board();
            if let Some(id) = node_at(board, &preview, p) {
                self.edit_label(doc, LabelTarget::Node(id));
            } else if let Some(e) = route::edge_at(board, &preview, p, 6.0 / view.zoom) {
                self.edit_label(doc, LabelTarget::Edge(e));
            } else {
                // Double-click on empty board: a sticky note, ready for typing.
                let edit = self.new_node(NodeKind::Note, String::new(), p);
                out.push(Edit { then: Then::EditLabel, ..edit });
            }
        }

        // A colors item dropped on the canvas.
        if !self.read_only
            && let Some(item) = response.dnd_release_payload::<PaletteItem>()
            && let Some(p) = pointer
        {
            let at = view.to_board(p);
            out.push(self.new_node(item.kind.clone(), item.label.clone(), at));
        }

        // Cursor.
        if over {
            let icon = match self.gesture {
                Gesture::Pan => CursorIcon::Grabbing,
                Gesture::Move { .. } => CursorIcon::Grabbing,
                Gesture::Resize { .. } => CursorIcon::ResizeNwSe,
                Gesture::Connect { .. } | Gesture::Retarget { .. } => CursorIcon::Crosshair,
                _ if self.linking.is_some() => CursorIcon::Crosshair,
                _ if space => CursorIcon::Grab,
                _ => CursorIcon::Default,
            };
            ui.ctx().set_cursor_icon(icon);
        }

        self.view = Some(view);
        self.paint(ui, doc, &view, colors, rect);
        if let Some(cmd) = self.label_editor(ui, doc, &view) {
            out.push(Edit::plain(cmd));
        }
        out
    }

    /// Decides what a primary drag starting at `origin` (screen) does.
    fn begin_gesture(&mut self, doc: &Document, view: &ViewTransform, origin: Pos2, shift: bool) -> Gesture {
        let board = doc.board();
        let bp = view.to_board(origin);
        // The ends of the selected arrow: drag one onto another box.
        if let Some((edge, ends)) = self.selected_edge_ends(doc, view)
            && let Some(end) = ends.iter().position(|e| e.distance(origin) <= HANDLE_GRAB)
        {
            return Gesture::Retarget { edge, head: end == 1, to: bp };
        }
        // Resize handles of a single selected node.
        if self.selection.len() == 1
            && let Some(&id) = self.selection.iter().next()
            && let Some(n) = board.node(id)
        {
            let r = view.rect_to_screen(node_rect(n));
            if has_handles(r)
                && let Some(corner) = corners(r).iter().position(|c| c.distance(origin) <= HANDLE_GRAB)
            {
                return Gesture::Resize { id, corner, rect: node_rect(n) };
            }
        }
        // Connection handles of the node under (or next to) the pointer.
        for n in board.nodes.iter().rev() {
            let r = view.rect_to_screen(node_rect(n));
            if !has_handles(r) || !r.expand(HANDLE_GRAB * 2.0).contains(origin) {
                continue;
            }
            if side_middles(r).iter().any(|m| m.distance(origin) <= HANDLE_GRAB) {
                return Gesture::Connect { from: n.id, to: bp };
            }
        }
        if let Some(id) = node_at(board, &Preview::default(), bp) {
            if !self.selection.contains(&id) {
                if !shift {
                    self.selection.clear();
                }
                self.selection.insert(id);
                self.selected_edge = None;
            }
            return Gesture::Move { start: bp, primary: id, delta: Vec2::ZERO };
        }
        let base = if shift { self.selection.clone() } else { HashSet::new() };
        if !shift {
            self.selection.clear();
            self.selected_edge = None;
        }
        Gesture::Marquee { start: bp, additive: shift, base }
    }

    fn update_gesture(&mut self, doc: &Document, p: Pos2, _shift: bool) {
        let snap_on = self.snap;
        let board = doc.board();
        match &mut self.gesture {
            Gesture::Move { start, primary, delta } => {
                let raw = p - *start;
                *delta = match board.node(*primary) {
                    Some(n) if snap_on => {
                        let target = Pos2::new(n.pos.x, n.pos.y) + raw;
                        Pos2::new(snap(target.x, theme::GRID), snap(target.y, theme::GRID))
                            - Pos2::new(n.pos.x, n.pos.y)
                    }
                    _ => raw,
                };
            }
            Gesture::Resize { id, corner, rect } => {
                if let Some(n) = board.node(*id) {
                    let orig = node_rect(n);
                    let p =
                        if snap_on { Pos2::new(snap(p.x, theme::GRID), snap(p.y, theme::GRID)) } else { p };
                    let mut r = orig;
                    match corner {
                        0 => r.min = p,
                        1 => {
                            r.max.x = p.x;
                            r.min.y = p.y;
                        }
                        2 => {
                            r.min.x = p.x;
                            r.max.y = p.y;
                        }
                        _ => r.max = p,
                    }
                    // Keep a minimum size by holding the opposite corner still.
                    if r.width() < MIN_SIZE.x {
                        if *corner == 0 || *corner == 2 {
                            r.min.x = r.max.x - MIN_SIZE.x
                        } else {
                            r.max.x = r.min.x + MIN_SIZE.x
                        }
                    }
                    if r.height() < MIN_SIZE.y {
                        if *corner <= 1 {
                            r.min.y = r.max.y - MIN_SIZE.y
                        } else {
                            r.max.y = r.min.y + MIN_SIZE.y
                        }
                    }
                    *rect = r;
                }
            }
            Gesture::Connect { to, .. } | Gesture::Retarget { to, .. } => *to = p,
            Gesture::Marquee { start, additive, base } => {
                let area = Rect::from_two_pos(*start, p);
                let mut sel: HashSet<NodeId> = if *additive { base.clone() } else { HashSet::new() };
                sel.extend(geometry::nodes_in(board, area));
                self.selection = sel;
            }
            Gesture::Pan | Gesture::None => {}
        }
    }

    fn finish_gesture(&mut self, doc: &Document) -> Option<Edit> {
        match std::mem::take(&mut self.gesture) {
            Gesture::Move { delta, .. } if delta != Vec2::ZERO => {
                let ids: Vec<NodeId> =
                    doc.board().nodes.iter().map(|n| n.id).filter(|id| self.selection.contains(id)).collect();
                Some(Edit::plain(Command::Move { ids, delta: Point::new(delta.x, delta.y) }))
            }
            Gesture::Resize { id, rect, .. } => {
                let n = doc.board().node(id)?;
                (node_rect(n) != rect).then(|| {
                    Edit::plain(Command::SetRects {
                        rects: vec![(
                            id,
                            Point::new(rect.min.x, rect.min.y),
                            Size::new(rect.width(), rect.height()),
                        )],
                    })
                })
            }
            Gesture::Retarget { edge, head, to } => {
                let board = doc.board();
                let e = board.edge(edge)?;
                let target = node_at(board, &Preview::default(), to)?;
                let (from, to) = if head { (e.from, target) } else { (target, e.to) };
                // Onto the box it already joins (or onto the other end's box): no change.
                if from == to || (from, to) == (e.from, e.to) {
                    return None;
                }
                Some(Edit::plain(Command::Retarget { id: edge, from, to }))
            }
            Gesture::Connect { from, to } => {
                let target = node_at(doc.board(), &Preview::default(), to)?;
                if target == from {
                    return None;
                }
                let edge = Edge::new(EdgeId(1), from, target);
                Some(Edit {
                    cmd: Command::Insert { nodes: Vec::new(), edges: vec![edge] },
                    then: Then::Select,
                })
            }
            _ => None,
        }
    }

    /// The selected arrow's two ends on screen (tail, head), when it has handles to drag.
    fn selected_edge_ends(&self, doc: &Document, view: &ViewTransform) -> Option<(EdgeId, [Pos2; 2])> {
        if self.read_only {
            return None;
        }
        let id = self.selected_edge?;
        let path = route::edge_path(doc.board(), &Preview::default(), doc.board().edge(id)?)?;
        Some((id, [view.to_screen(path.start()), view.to_screen(path.end())]))
    }

    /// What is under the board point `p` for a right-click menu; selects it (a box already in
    /// the selection keeps the selection, so the menu acts on all of it).
    fn context_target(&mut self, doc: &Document, view: &ViewTransform, p: Pos2) -> ContextTarget {
        let board = doc.board();
        if let Some(id) = node_at(board, &Preview::default(), p) {
            if !self.selection.contains(&id) {
                self.selection = std::iter::once(id).collect();
            }
            self.selected_edge = None;
            ContextTarget::Node(id)
        } else if let Some(e) = route::edge_at(board, &Preview::default(), p, 6.0 / view.zoom) {
            self.selection.clear();
            self.selected_edge = Some(e);
            ContextTarget::Edge(e)
        } else {
            self.selection.clear();
            self.selected_edge = None;
            ContextTarget::Board(p)
        }
    }

    fn click(&mut self, doc: &Document, view: &ViewTransform, p: Pos2, shift: bool) {
        let board = doc.board();
        let preview = Preview::default();
        if let Some(id) = node_at(board, &preview, p) {
            if shift {
                if !self.selection.remove(&id) {
                    self.selection.insert(id);
                }
            } else {
                self.selection = std::iter::once(id).collect();
            }
            self.selected_edge = None;
        } else if let Some(e) = route::edge_at(board, &preview, p, 6.0 / view.zoom) {
            self.selection.clear();
            self.selected_edge = Some(e);
        } else if !shift {
            self.selection.clear();
            self.selected_edge = None;
        }
    }

    /// How many times the board's boxes and arrows were painted anew rather than moved from the
    /// last frame (the board cache): for tests that a pan does not repaint the board and an
    /// edit does.
    pub fn board_rebuilds(&self) -> u64 {
        self.board_paint.borrow().rebuilds
    }

    /// The board's boxes and arrows: the last frame's shapes moved by the pan when nothing else
    /// changed (see [`BoardPaint`]), else painted by [`paint::paint_routed`].
    #[allow(clippy::too_many_arguments)]
    fn paint_board(
        &self,
        ui: &Ui,
        painter: &egui::Painter,
        doc: &Document,
        view: &ViewTransform,
        colors: &Colors,
        preview: Preview<'_>,
        hl: &Highlights<'_>,
    ) {
        let clip = painter.clip_rect();
        // Below these zooms the painter draws no glyph (labels are bars), nor the hover or the
        // highlighted step, which is why the key leaves them out.
        let text_free = !paint::boxes_in_full(view.zoom) && !paint::arrow_labels_shown(view.zoom);
        let reusable = self.cache_board && text_free && preview.moved.is_none() && preview.resized.is_none();
        let key = reusable.then(|| PaintKey {
            stamp: doc.content_stamp(),
            zoom: view.zoom,
            canvas: view.canvas,
            clip,
            pixels_per_point: ui.ctx().pixels_per_point(),
            colors: colors.clone(),
            selection: hl.selected.clone(),
            selected_edge: hl.selected_edge,
            missing: (hl.missing.clone(), hl.missing_edges.clone()),
        });
        let mut cache = self.board_paint.borrow_mut();
        if key.is_some() && cache.key == key {
            let delta = (cache.center - view.center) * view.zoom;
            // What this frame would paint: boxes meeting the clip and arrows meeting it widened
            // by the painter's margin, here in the coordinates the shapes were painted in.
            // Each move in place rounds the coordinates once; painting anew every so many moves
            // keeps the drift far below a pixel (under 0.02 points).
            if cache.moves < MAX_MOVES
                && cache.cover.is_some_and(|c| c.contains_rect(clip.expand(CULL_MARGIN).translate(-delta)))
            {
                // Moved in place: last frame's copies are gone once egui has tessellated them, so
                // the meshes are ours alone again and moving them copies nothing.
                let step = delta - cache.moved;
                if step != Vec2::ZERO {
                    for s in &mut cache.shapes {
                        s.translate(step);
                    }
                    cache.moved = delta;
                    cache.moves += 1;
                }
                painter.extend(cache.shapes.iter().cloned());
                return;
            }
        }
        cache.rebuilds += 1;
        cache.key = None;
        cache.shapes.clear();
        let mut routes = self.routes.borrow_mut();
        let router = route::Router::cached(doc.board(), preview, &mut routes, doc.revision());
        let Some(key) = key else {
            paint::paint_routed(painter, &router, view, colors, hl);
            return;
        };
        // Painted for half a screen beyond each side, so that pans within it reuse the shapes.
        // What lies outside the clip is clipped away when drawn, as always.
        let cover = clip.expand2(clip.size() / 2.0);
        let ctx = ui.ctx();
        // Painted on a layer of its own, taken from it at once (so it never shows), then added.
        let scratch = egui::Painter::new(
            ctx.clone(),
            egui::LayerId::new(painter.layer_id().order, Id::unique("mlsd-board-cache")),
            cover,
        );
        paint::paint_routed(&scratch, &router, view, colors, hl);
        let painted = ctx.graphics_mut(|g| std::mem::take(g.entry(scratch.layer_id())));
        let shapes: Vec<egui::Shape> = painted.all_entries().map(|c| c.shape.clone()).collect();
        painter.extend(shapes.iter().cloned());
        if !shapes.iter().any(not_cacheable) {
            cache.key = Some(key);
            cache.center = view.center;
            cache.cover = Some(cover);
            cache.moved = Vec2::ZERO;
            cache.moves = 0;
            cache.shapes = shapes;
        }
    }

    fn paint(&self, ui: &Ui, doc: &Document, view: &ViewTransform, colors: &Colors, rect: Rect) {
        let painter = ui.painter_at(rect);
        if self.paint_background {
            painter.rect_filled(rect, 0, colors.background);
        }
        if self.show_grid {
            paint::paint_grid(&painter, view, colors);
        }
        let preview = preview_of(&self.gesture, &self.selection);
        let hl = Highlights {
            selected: &self.selection,
            selected_edge: self.selected_edge,
            hovered: self.hovered,
            step: self.highlight_step,
            missing: &self.missing.0,
            missing_edges: &self.missing.1,
        };
        self.paint_board(ui, &painter, doc, view, colors, preview, &hl);

        let board = doc.board();
        // Handles: resize corners on a single selected node; connection dots on the hovered one.
        if self.selection.len() == 1
            && !self.read_only
            && matches!(self.gesture, Gesture::None)
            && let Some(n) = self.selection.iter().next().and_then(|id| board.node(*id))
        {
            let r = view.rect_to_screen(node_rect(n));
            for c in corners(r).into_iter().filter(|_| has_handles(r)) {
                let h = Rect::from_center_size(c, vec2(8.0, 8.0));
                painter.rect_filled(h, 1, colors.background);
                painter.rect_stroke(h, 1, Stroke::new(1.5, colors.selection), StrokeKind::Middle);
            }
        }
        let handle_node = match &self.gesture {
            _ if self.read_only => None,
            Gesture::Connect { from, .. } => Some(*from),
            Gesture::None => self.hovered,
            _ => None,
        };
        if let Some(n) = handle_node.and_then(|id| board.node(id)) {
            let r = view.rect_to_screen(node_rect(n));
            for m in side_middles(r).into_iter().filter(|_| has_handles(r)) {
                painter.circle(m, 5.0, colors.background, Stroke::new(1.5, colors.hover));
            }
        }
        match &self.gesture {
            Gesture::Marquee { start, .. } => {
                if let Some(p) = self.pointer_board {
                    let r = Rect::from_two_pos(view.to_screen(*start), view.to_screen(p));
                    painter.rect_filled(r, 0, colors.selection.gamma_multiply(0.08));
                    painter.rect_stroke(r, 0, Stroke::new(1.0, colors.selection), StrokeKind::Middle);
                }
            }
            Gesture::Connect { from, to } => {
                let pending = Pending { fixed: *from, loose: *to, fixed_is_tail: true, elbow: false };
                paint_pending_arrow(&painter, board, view, colors, pending);
            }
            Gesture::Retarget { edge, head, to } => {
                if let Some(e) = board.edge(*edge) {
                    let fixed = if *head { e.from } else { e.to };
                    let elbow = e.route == crate::board::Route::Elbow;
                    let pending = Pending { fixed, loose: *to, fixed_is_tail: *head, elbow };
                    paint_pending_arrow(&painter, board, view, colors, pending);
                }
            }
            Gesture::None => {
                if let (Some(fixed), Some(loose)) = (self.linking, self.pointer_board) {
                    let pending = Pending { fixed, loose, fixed_is_tail: true, elbow: false };
                    paint_pending_arrow(&painter, board, view, colors, pending);
                }
                // The selected arrow's ends, to drag onto other boxes.
                if let Some((_, ends)) = self.selected_edge_ends(doc, view) {
                    for end in ends {
                        painter.circle(end, 5.0, colors.background, Stroke::new(2.0, colors.selection));
                    }
                }
            }
            _ => {}
        }
    }

    /// The in-place label editor; returns the relabel command when the edit is committed.
    fn label_editor(&mut self, ui: &mut Ui, doc: &Document, view: &ViewTransform) -> Option<Command> {
        let edit = self.editing.as_mut()?;
        let board = doc.board();
        let rect = match edit.target {
            LabelTarget::Node(id) => {
                let r = view.rect_to_screen(node_rect(board.node(id)?));
                Rect::from_center_size(r.center(), vec2(r.width().max(140.0), 28.0))
            }
            LabelTarget::Edge(id) => {
                let path = route::edge_path(board, &Preview::default(), board.edge(id)?)?;
                Rect::from_center_size(view.to_screen(path.midpoint()), vec2(180.0, 28.0))
            }
        };
        let id = Id::unique("mlsd-label-editor");
        let (escape, enter) = ui.input(|i| (i.key_pressed(Key::Escape), i.key_pressed(Key::Enter)));
        let response = ui.put(
            rect,
            egui::TextEdit::singleline(&mut edit.text)
                .id(id)
                .hint_text("Label")
                .text_color(Color32::BLACK)
                .background_color(Color32::WHITE),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::accesskit::Role::TextInput, true, "Label editor")
        });
        if !edit.focus_requested {
            // The text opens selected, so typing replaces it (End or a click keeps it).
            let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
            state.cursor.set_char_range(Some(egui::text::CCursorRange::select_all_str(&edit.text)));
            state.store(ui.ctx(), id);
            response.request_focus();
            edit.focus_requested = true;
            return None;
        }
        if escape {
            self.editing = None;
            return None;
        }
        if response.lost_focus() || enter {
            let edit = self.editing.take()?;
            return match edit.target {
                LabelTarget::Node(id) => {
                    let old = &board.node(id)?.label;
                    (*old != edit.text).then_some(Command::RelabelNode { id, label: edit.text })
                }
                LabelTarget::Edge(id) => {
                    let old = &board.edge(id)?.label;
                    (*old != edit.text).then_some(Command::RelabelEdge { id, label: edit.text })
                }
            };
        }
        None
    }
}

/// Whether the view shows any of the board's boxes (an empty board counts as shown).
fn shows_content(doc: &Document, view: &ViewTransform) -> bool {
    let board = doc.board();
    let area = view.visible_board_rect();
    board.nodes.is_empty() || board.nodes.iter().any(|n| node_rect(n).intersects(area))
}

/// The zoom factor of this frame's zoom input: each notch of Ctrl+wheel (or 50 points of a
/// smooth Ctrl+scroll) is one [`view_math::WHEEL_STEP`]; a pinch gives its own factor.
fn wheel_zoom(events: &[egui::Event]) -> f32 {
    let mut factor = 1.0;
    let mut notches = 0.0;
    for e in events {
        match e {
            egui::Event::Zoom(f) if f.is_finite() && *f > 0.0 => factor *= f,
            egui::Event::MouseWheel { unit, delta, modifiers, .. } if modifiers.command || modifiers.ctrl => {
                let d = delta.y + delta.x;
                notches += match unit {
                    MouseWheelUnit::Line => d,
                    MouseWheelUnit::Point => d / 50.0,
                    MouseWheelUnit::Page => d * 3.0,
                };
            }
            _ => {}
        }
    }
    if notches.is_finite() && notches != 0.0 {
        factor *= view_math::WHEEL_STEP.powf(notches.clamp(-20.0, 20.0));
    }
    factor
}

/// An arrow being drawn or re-targeted: from the box `fixed` to the box under the board point
/// `loose` (outlined), or to `loose` itself when no box is there.
#[derive(Clone, Copy)]
struct Pending {
    fixed: NodeId,
    loose: Pos2,
    /// The arrow points away from `fixed`.
    fixed_is_tail: bool,
    /// Drawn as an elbow route (between two boxes).
    elbow: bool,
}

fn paint_pending_arrow(
    painter: &egui::Painter,
    board: &crate::board::Board,
    view: &ViewTransform,
    colors: &Colors,
    p: Pending,
) {
    let Some(n) = board.node(p.fixed) else { return };
    let target =
        node_at(board, &Preview::default(), p.loose).filter(|t| *t != p.fixed).and_then(|t| board.node(t));
    if let Some(t) = target {
        let tr = view.rect_to_screen(node_rect(t));
        painter.rect_stroke(tr.expand(3.0), 6, Stroke::new(2.0, colors.hover), StrokeKind::Outside);
    }
    let (fixed, other) = (node_rect(n), target.map(node_rect));
    let pts: Vec<Pos2> = match other {
        Some(t) if p.elbow => {
            let (a, b) = if p.fixed_is_tail { (fixed, t) } else { (t, fixed) };
            route::simple_elbow(a, b).unwrap_or_default()
        }
        _ => {
            let end = match other {
                Some(t) => geometry::border_point(t, fixed.center()),
                None => p.loose,
            };
            let start = geometry::border_point(fixed, end);
            if p.fixed_is_tail { vec![start, end] } else { vec![end, start] }
        }
    };
    let pts: Vec<Pos2> = pts.into_iter().map(|q| view.to_screen(q)).collect();
    paint::paint_path(painter, &pts, ArrowStyle::OneWay, colors.hover, view.zoom, true);
}
