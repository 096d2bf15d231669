//! Find on the board (Ctrl+F): a small bar at the top right of the canvas that searches the
//! labels and kinds of boxes and the labels of arrows. Enter or Next goes to the next match,
//! Shift+Enter or Previous to the one before, Escape or Close hides the bar; each match is
//! selected and zoomed to (by the shell, from the [`Found`] returned).

use crate::board::{Board, EdgeId, Node, NodeId, NodeKind};
use crate::content::{catalogue, frameworks};
use egui::{Id, Key, Modifiers, Rect};

/// Something found on the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A box.
    Node(NodeId),
    /// An arrow.
    Edge(EdgeId),
}

/// The find bar's state.
#[derive(Debug, Default)]
pub struct FindBar {
    /// Whether the bar is shown.
    pub open: bool,
    /// What the user is looking for.
    pub query: String,
    /// The match shown (index into the matches), once one was shown.
    pub current: Option<usize>,
    /// Give the search field the keyboard on the next frame.
    focus: bool,
    /// Whether the search field had the keyboard last frame (egui drops it on Escape before
    /// the bar can see the key).
    had_focus: bool,
}

/// The name of a box's kind as the user sees it ("Feature store", "Stage 2: Frame as ML", "Sticky
/// note").
pub fn kind_text(board: &Board, kind: &NodeKind) -> String {
    match kind {
        NodeKind::Component(id) => catalogue::kind_name(id).to_owned(),
        NodeKind::Stage(n) => {
            let fw = frameworks::get_or_default(&board.framework);
            let title = fw.steps.get(usize::from(*n).saturating_sub(1)).map_or("", |s| s.title.as_str());
            format!("Stage {n}: {title}")
        }
        NodeKind::Note => "Sticky note".to_owned(),
    }
}

/// Whether a box matches the lower-case query, by its label or its kind.
fn node_matches(board: &Board, n: &Node, q: &str) -> bool {
    n.label.to_lowercase().contains(q) || kind_text(board, &n.kind).to_lowercase().contains(q)
}

/// Everything on the board matching `query` (ignoring case; nothing for a blank query): boxes in
/// reading order (top to bottom, then left to right), then arrows in the order of their first box.
pub fn find(board: &Board, query: &str) -> Vec<Found> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut nodes: Vec<&Node> = board.nodes.iter().filter(|n| node_matches(board, n, &q)).collect();
    nodes.sort_by(|a, b| a.pos.y.total_cmp(&b.pos.y).then(a.pos.x.total_cmp(&b.pos.x)));
    let mut out: Vec<Found> = nodes.into_iter().map(|n| Found::Node(n.id)).collect();
    out.extend(board.edges.iter().filter(|e| e.label.to_lowercase().contains(&q)).map(|e| Found::Edge(e.id)));
    out
}

/// The board rectangle to show for a match: the box, or the two boxes an arrow joins.
pub fn found_rect(board: &Board, found: Found) -> Option<Rect> {
    let rect = |id: NodeId| board.node(id).map(crate::render::geometry::node_rect);
    match found {
        Found::Node(id) => rect(id),
        Found::Edge(id) => {
            let e = board.edge(id)?;
            Some(rect(e.from)?.union(rect(e.to)?))
        }
    }
}

impl FindBar {
    /// Opens the bar (or gives its field the keyboard again), keeping the last search selected.
    pub fn show_bar(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Forgets the match shown (another board was opened).
    pub fn forget_board(&mut self) {
        self.current = None;
    }

    fn field_id() -> Id {
        Id::unique("mlsd-find-field")
    }

    /// Whether the search field has the keyboard (or had it last frame: egui drops it on Escape
    /// before the bar sees the key), so the app's single-key shortcuts must leave keys to it.
    pub fn typing(&self, ctx: &egui::Context) -> bool {
        self.open && (self.had_focus || ctx.memory(|m| m.has_focus(Self::field_id())))
    }

    /// Shows the bar at the top right of `canvas` (screen rectangle); returns the match to go to
    /// when the user moved to one.
    pub fn ui(&mut self, ctx: &egui::Context, board: &Board, canvas: Option<Rect>) -> Option<Found> {
        if !self.open {
            return None;
        }
        let found = find(board, &self.query);
        let typing = self.typing(ctx);
        // Enter and Escape in the field: taken before the field would drop the keyboard.
        let (next_key, prev_key, escape) = if typing {
            ctx.input_mut(|i| {
                (
                    i.consume_key(Modifiers::NONE, Key::Enter),
                    i.consume_key(Modifiers::SHIFT, Key::Enter),
                    i.consume_key(Modifiers::NONE, Key::Escape),
                )
            })
        } else {
            (false, false, false)
        };
        let mut step: i64 = i64::from(next_key) - i64::from(prev_key);
        let mut changed = false;
        let screen = canvas.unwrap_or_else(|| ctx.content_rect());
        let width = 380.0_f32.min(screen.width() - 16.0).max(200.0);
        // The popup frame adds its margins around `width`.
        let pos = egui::pos2(screen.right() - width - 32.0, screen.top() + 8.0);
        egui::Area::new(Id::unique("mlsd-find")).fixed_pos(pos).order(egui::Order::Foreground).show(
            ctx,
            |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(width);
                    ui.horizontal(|ui| {
                        let label = ui.label("Find");
                        let edit = ui
                            .add(
                                egui::TextEdit::singleline(&mut self.query)
                                    .id(Self::field_id())
                                    .hint_text("label or kind")
                                    .desired_width(width - 250.0),
                            )
                            .labelled_by(label.id);
                        if std::mem::take(&mut self.focus) {
                            edit.request_focus();
                        }
                        self.had_focus = edit.has_focus();
                        changed = edit.changed();
                        let count = match (self.current, found.len()) {
                            (_, 0) if self.query.trim().is_empty() => String::new(),
                            (_, 0) => "no match".to_owned(),
                            (Some(i), n) if i < n && !changed => format!("{} of {n}", i + 1),
                            (_, n) => crate::practice::steps::count_text(n, "match", "matches"),
                        };
                        ui.weak(count);
                        let any = !found.is_empty();
                        if ui
                            .add_enabled(any, egui::Button::new("Previous"))
                            .on_hover_text("Shift+Enter")
                            .clicked()
                        {
                            step = -1;
                        }
                        if ui.add_enabled(any, egui::Button::new("Next")).on_hover_text("Enter").clicked() {
                            step = 1;
                        }
                        if ui.button("Close").on_hover_text("Escape").clicked() {
                            self.open = false;
                        }
                    });
                });
            },
        );
        if escape {
            self.open = false;
        }
        let found = if changed { find(board, &self.query) } else { found };
        if changed {
            // A new search starts at its first match.
            self.current = None;
            step = i64::from(!found.is_empty());
        }
        if step == 0 || found.is_empty() {
            return None;
        }
        let n = found.len() as i64;
        let next = match self.current {
            None if step > 0 => 0,
            None => n - 1,
            Some(i) => (i as i64 + step).rem_euclid(n),
        };
        let next = usize::try_from(next).unwrap_or(0);
        self.current = Some(next);
        found.get(next).copied()
    }
}
