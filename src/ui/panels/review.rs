//! After the interview: the review window (pacing, checklist and coverage of the template's
//! reference), the reference shown alone or side by side with the user's board, and the replay
//! of how the board was built.

use crate::board::record::ReviewRecord;
use crate::board::{Board, Document};
use crate::content::catalogue;
use crate::practice::replay::Replay;
use crate::render::theme::Colors;
use crate::ui::canvas::{Canvas, Edit};
use egui::{RichText, Ui};

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewMode {
    /// The user's board, editable.
    #[default]
    Board,
    /// The template's reference solution, read-only, missing items in red.
    Reference,
    /// The user's board and the reference side by side.
    SideBySide,
    /// The construction of the board played back.
    Replay,
}

/// The replay player.
pub struct ReplayPlayer {
    replay: Replay,
    /// Session time shown, in milliseconds.
    pub at_ms: u64,
    /// Playing or paused.
    pub playing: bool,
    /// Playback speed: 1, 2, 4, 8 or 16.
    pub speed: u32,
    doc: Document,
    shown_at: Option<u64>,
    canvas: Canvas,
    /// Everything the replay ever shows (board units), to fit the view to once.
    extent: Option<egui::Rect>,
    /// Whether the view was fitted to `extent`.
    fitted: bool,
}

impl std::fmt::Debug for ReplayPlayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayPlayer").field("at_ms", &self.at_ms).field("playing", &self.playing).finish()
    }
}

/// Everything the review needs between frames.
#[derive(Debug, Default)]
pub struct ReviewUi {
    /// What the central area shows.
    pub mode: ViewMode,
    /// Whether the review window is open.
    pub window_open: bool,
    /// The reference board and its read-only canvas, once revealed.
    reference: Option<(Document, Canvas)>,
    /// The replay player, while replaying.
    pub player: Option<ReplayPlayer>,
    /// The mode shown last frame, to refit the views when it changes.
    last_mode: ViewMode,
    /// Set when the user's board should be fitted to its (new) area; the app clears it.
    pub refit_board: bool,
    /// Whether the review window was open last frame, to open it at its top.
    window_was_open: bool,
}

/// What the user asked the review windows to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewEvent {
    /// Show the user's board, the reference or both.
    Show(ViewMode),
    /// Start the replay.
    Replay,
    /// Export the practice log as CSV.
    ExportCsv,
}

fn kind_name(id: &str) -> String {
    catalogue::kind_name(id).to_owned()
}

impl ReviewUi {
    /// Forgets everything tied to the open board (another board was opened).
    pub fn reset(&mut self) {
        self.mode = ViewMode::Board;
        self.window_open = false;
        self.reference = None;
        self.player = None;
    }

    /// Prepares the reference view of the board's template, highlighting what the review found
    /// missing. Returns false when the board has no reference.
    pub fn reveal(&mut self, board: &Board) -> bool {
        let Some(t) = board.template.as_deref().and_then(crate::content::templates::find) else {
            return false;
        };
        if crate::content::templates::is_blank(t) {
            return false;
        }
        let reference = crate::content::templates::reference_board(t);
        let mut canvas = Canvas::read_only();
        if let Some(rec) = &board.session.review {
            canvas.missing = (
                crate::practice::review::missing_nodes(&t.reference, rec),
                crate::practice::review::missing_edges(&t.reference, rec),
            );
        }
        canvas.request_fit();
        self.reference = Some((Document::new(reference, None), canvas));
        true
    }

    /// Starts the replay of the board's session; false when it has no log.
    pub fn start_replay(&mut self, board: &Board) -> bool {
        let Some(replay) = Replay::new(&board.session) else { return false };
        let mut canvas = Canvas::read_only();
        canvas.request_fit();
        let mut shown = Board::new(&board.title);
        shown.framework = board.framework.clone();
        let extent = replay_extent(&replay);
        self.player = Some(ReplayPlayer {
            extent,
            fitted: false,
            replay,
            at_ms: 0,
            playing: true,
            speed: 4,
            doc: Document::new(shown, None),
            shown_at: None,
            canvas,
        });
        self.mode = ViewMode::Replay;
        true
    }

    /// Shows the central area: the user's board through `mine` (whose content spans
    /// `mine_bounds`), and the reference or the replay as the mode says. Returns the commands the
    /// user made on their own board.
    pub fn central(
        &mut self,
        ui: &mut Ui,
        mine: impl FnOnce(&mut Ui) -> Vec<Edit>,
        mine_bounds: Option<egui::Rect>,
        colors: &Colors,
    ) -> Vec<Edit> {
        let has_reference = self.reference.is_some();
        let mode = match self.mode {
            ViewMode::Reference | ViewMode::SideBySide if !has_reference => ViewMode::Board,
            ViewMode::Replay if self.player.is_none() => ViewMode::Board,
            m => m,
        };
        if mode != self.last_mode {
            // A new layout: fit each board to its new area.
            if let Some((_, canvas)) = &mut self.reference {
                canvas.request_fit();
            }
            self.refit_board = mode != ViewMode::Reference && mode != ViewMode::Replay;
            if let Some(p) = &mut self.player {
                p.fitted = false;
            }
            self.last_mode = mode;
        }
        if has_reference || self.player.is_some() {
            self.toolbar(ui, mode);
        }
        match mode {
            ViewMode::Board => mine(ui),
            ViewMode::Reference => {
                self.reference_ui(ui, colors);
                Vec::new()
            }
            ViewMode::SideBySide => {
                let rect = ui.available_rect_before_wrap();
                let reference = self
                    .reference
                    .as_ref()
                    .and_then(|(d, _)| d.board().bounds())
                    .map(|(a, b)| egui::vec2(b.x - a.x, b.y - a.y));
                let split = split_for(rect.size(), mine_bounds.map(|r| r.size()), reference);
                let (first, second) = if split.rows {
                    rect.split_top_bottom_at_fraction(split.fraction)
                } else {
                    rect.split_left_right_at_fraction(split.fraction)
                };
                let gap = if split.rows { egui::vec2(0.0, 1.0) } else { egui::vec2(1.0, 0.0) };
                let cmds = ui.scope_builder(egui::UiBuilder::new().max_rect(first.shrink2(gap)), mine).inner;
                ui.scope_builder(egui::UiBuilder::new().max_rect(second.shrink2(gap)), |ui| {
                    self.reference_ui(ui, colors);
                });
                let line = egui::Stroke::new(2.0, colors.outline);
                if split.rows {
                    ui.painter().hline(rect.x_range(), first.bottom(), line);
                } else {
                    ui.painter().vline(first.right(), rect.y_range(), line);
                }
                cmds
            }
            ViewMode::Replay => {
                self.replay_ui(ui, colors);
                Vec::new()
            }
        }
    }

    fn toolbar(&mut self, ui: &mut Ui, mode: ViewMode) {
        ui.horizontal(|ui| {
            ui.add_space(6.0);
            ui.label(RichText::new("Show:").strong());
            let mut m = mode;
            ui.selectable_value(&mut m, ViewMode::Board, "My board");
            if self.reference.is_some() {
                ui.selectable_value(&mut m, ViewMode::Reference, "Reference");
                ui.selectable_value(&mut m, ViewMode::SideBySide, "Side by side");
            }
            if self.player.is_some() {
                ui.selectable_value(&mut m, ViewMode::Replay, "Replay");
            }
            if m != mode {
                self.mode = m;
            }
        });
    }

    fn reference_ui(&mut self, ui: &mut Ui, colors: &Colors) {
        if let Some((doc, canvas)) = &mut self.reference {
            ui.label(
                RichText::new("  Reference solution: what a strong answer draws (missing in red)").weak(),
            );
            // Read-only: whatever the canvas would emit is ignored.
            let _ = canvas.show(ui, doc, colors);
        }
    }

    fn replay_ui(&mut self, ui: &mut Ui, colors: &Colors) {
        let Some(p) = &mut self.player else { return };
        let duration = p.replay.duration_ms();
        if p.playing {
            let dt = ui.input(|i| i.stable_dt).min(0.1);
            p.at_ms = (p.at_ms + (f64::from(dt) * 1000.0 * f64::from(p.speed)) as u64).min(duration);
            if p.at_ms >= duration {
                p.playing = false;
            } else {
                ui.ctx().request_repaint();
            }
        }
        ui.horizontal(|ui| {
            ui.add_space(6.0);
            if ui.button(if p.playing { "Pause" } else { "Play" }).clicked() {
                if !p.playing && p.at_ms >= duration {
                    p.at_ms = 0;
                }
                p.playing = !p.playing;
            }
            let label = ui.label("Time");
            ui.add(
                egui::Slider::new(&mut p.at_ms, 0..=duration.max(1))
                    .custom_formatter(|v, _| crate::practice::steps::clock_text(v as u64))
                    .show_value(true),
            )
            .labelled_by(label.id);
            for s in [1, 2, 4, 8, 16] {
                ui.selectable_value(&mut p.speed, s, format!("{s}×"));
            }
            let steps = crate::practice::steps::steps(p.doc.board());
            let step = p.replay.step_at(p.at_ms).and_then(|i| steps.get(i));
            ui.label(match step {
                Some(s) => format!("Step {}: {}", s.index + 1, s.title),
                None => "Before the first change".to_owned(),
            });
        });
        if p.shown_at != Some(p.at_ms) {
            let snap = p.replay.board_at(p.at_ms);
            let mut b = p.doc.board().clone();
            b.nodes = snap.nodes;
            b.edges = snap.edges;
            b.reindex();
            p.doc = Document::new(b, None);
            p.shown_at = Some(p.at_ms);
        }
        let _ = p.canvas.show(ui, &p.doc, colors);
        // Fit once to everything the replay will show, not only to the first moment's boxes, so
        // boxes added later are not off screen under the panel.
        if !p.fitted
            && let (Some(view), Some(extent)) = (&mut p.canvas.view, p.extent)
        {
            view.fit(extent, 24.0);
            p.fitted = true;
            ui.ctx().request_repaint();
        }
    }

    /// The review window; returns what the user asked for.
    pub fn window(&mut self, ctx: &egui::Context, board: &Board) -> Option<ReviewEvent> {
        let opening = self.window_open && !self.window_was_open;
        self.window_was_open = self.window_open;
        if !self.window_open {
            return None;
        }
        let mut event = None;
        let mut open = true;
        let top = ctx.content_rect().center_top() + egui::vec2(0.0, 56.0);
        egui::Window::new("Session summary")
            .open(&mut open)
            .resizable(true)
            .default_width(560.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(top)
            .show(ctx, |ui| {
            // The actions first, so they never scroll out of reach.
            ui.horizontal_wrapped(|ui| {
                if board.session.review.is_some() {
                    if ui.button("Reveal the reference").clicked() {
                        event = Some(ReviewEvent::Show(ViewMode::Reference));
                    }
                    if ui.button("Side by side").clicked() {
                        event = Some(ReviewEvent::Show(ViewMode::SideBySide));
                    }
                }
                if board.session.replay_base.is_some() && ui.button("Replay the session").clicked() {
                    event = Some(ReviewEvent::Replay);
                }
            });
            ui.separator();
            let mut scroll = egui::ScrollArea::vertical().id_salt("mlsd-summary-scroll").max_height(560.0);
            if opening {
                scroll = scroll.vertical_scroll_offset(0.0);
            }
            scroll.show(ui, |ui| {
                if let Some(summary) = &board.session.finished {
                    crate::ui::panels::interview::summary_table(ui, summary);
                } else {
                    crate::ui::panels::interview::summary_table(ui, &crate::practice::steps::summary(board));
                }
                ui.add_space(8.0);
                match &board.session.review {
                    Some(rec) => coverage_ui(ui, rec),
                    None => {
                        ui.weak(
                            "This board was not started from a case study, so there is no reference to compare with.",
                        );
                    }
                }
            });
        });
        // Choosing a view or the replay closes the window, so it does not cover what was chosen
        // (Session → Summary and review opens it again).
        self.window_open = open && event.is_none();
        event
    }
}

/// Coverage: the percentage, then covered and missing components and connections, and the steps
/// without a stage box or without components.
fn coverage_ui(ui: &mut Ui, rec: &ReviewRecord) {
    ui.heading(format!("Coverage of the reference: {:.0}%", rec.coverage_percent));
    let (covered, missing): (Vec<_>, Vec<_>) = rec.components.iter().partition(|c| c.covered);
    let names = |v: &[&crate::board::record::ComponentCheck]| {
        v.iter().map(|c| kind_name(&c.kind)).collect::<Vec<_>>().join(", ")
    };
    ui.label(
        RichText::new(format!("Components you drew ({}/{})", covered.len(), rec.components.len())).strong(),
    );
    ui.label(if covered.is_empty() { "none".to_owned() } else { names(&covered) });
    ui.label(
        RichText::new(format!("Components missing ({})", missing.len()))
            .strong()
            .color(crate::render::paint::MISSING),
    );
    ui.label(if missing.is_empty() { "none".to_owned() } else { names(&missing) });
    let (c_ok, c_missing): (Vec<_>, Vec<_>) = rec.connections.iter().partition(|c| c.covered);
    let arrows = |v: &[&crate::board::record::ConnectionCheck]| {
        v.iter()
            .map(|c| format!("{} → {}", kind_name(&c.from), kind_name(&c.to)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    ui.label(
        RichText::new(format!("Connections you drew ({}/{})", c_ok.len(), rec.connections.len())).strong(),
    );
    ui.label(if c_ok.is_empty() { "none".to_owned() } else { arrows(&c_ok) });
    ui.label(
        RichText::new(format!("Connections missing ({})", c_missing.len()))
            .strong()
            .color(crate::render::paint::MISSING),
    );
    ui.label(if c_missing.is_empty() { "none".to_owned() } else { arrows(&c_missing) });
    let step_names = |v: &[usize]| v.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
    if !rec.steps_without_stage_box.is_empty() {
        ui.label(format!("Steps with no stage box: {}", step_names(&rec.steps_without_stage_box)));
    }
    if !rec.steps_without_components.is_empty() {
        ui.label(format!("Steps with no component attached: {}", step_names(&rec.steps_without_components)));
    }
}

/// The board area (board units) that a replay shows at one time or another: its boxes at the
/// start, at the end and at moments in between.
fn replay_extent(replay: &Replay) -> Option<egui::Rect> {
    let duration = replay.duration_ms();
    let mut extent: Option<egui::Rect> = None;
    for k in 0..=16u64 {
        for n in replay.board_at(duration / 16 * k).nodes {
            let r = crate::render::geometry::node_rect(&n);
            extent = Some(extent.map_or(r, |e| e.union(r)));
        }
    }
    for n in replay.board_at(duration).nodes {
        let r = crate::render::geometry::node_rect(&n);
        extent = Some(extent.map_or(r, |e| e.union(r)));
    }
    extent
}

/// How side by side shares the area between the user's board and the reference.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Split {
    /// One above the other (true) or next to each other (false).
    pub rows: bool,
    /// The user's board's share of the area, from 0.3 to 0.7.
    pub fraction: f32,
}

/// The zoom that fits content of `size` (board units) in a pane of `pane` points, at most 100%;
/// 1 for no content.
fn fit_zoom(pane: egui::Vec2, size: Option<egui::Vec2>) -> f32 {
    let Some(size) = size else { return 1.0 };
    let avail = (pane - egui::vec2(32.0, 56.0)).max(egui::vec2(1.0, 1.0));
    let size = size.max(egui::vec2(1.0, 1.0));
    (avail.x / size.x).min(avail.y / size.y).min(1.0)
}

/// The split of `area` that shows both boards largest: next to each other or one above the
/// other, shared so that the smaller of the two fitted zooms is as large as it can be. A wide,
/// flat reference goes below the user's board instead of being squeezed into half the width.
///
/// ```
/// use egui::vec2;
/// use mlsd_board::ui::panels::review::split_for;
/// // A wide reference on a laptop-sized area: one above the other.
/// assert!(split_for(vec2(1000.0, 700.0), Some(vec2(600.0, 500.0)), Some(vec2(1700.0, 450.0))).rows);
/// // Two tall boards: next to each other.
/// assert!(!split_for(vec2(1000.0, 700.0), Some(vec2(400.0, 900.0)), Some(vec2(400.0, 900.0))).rows);
/// ```
pub fn split_for(area: egui::Vec2, mine: Option<egui::Vec2>, reference: Option<egui::Vec2>) -> Split {
    let mut best = (f32::MIN, Split { rows: false, fraction: 0.5 });
    for rows in [false, true] {
        for step in 0..=8 {
            let fraction = 0.3 + 0.05 * step as f32;
            let (a, b) = if rows {
                (egui::vec2(area.x, area.y * fraction), egui::vec2(area.x, area.y * (1.0 - fraction)))
            } else {
                (egui::vec2(area.x * fraction, area.y), egui::vec2(area.x * (1.0 - fraction), area.y))
            };
            let (za, zb) = (fit_zoom(a, mine), fit_zoom(b, reference));
            // The smaller zoom first; the larger breaks ties; an even split is preferred a little.
            let score = za.min(zb) * 1000.0 + za.max(zb) - (fraction - 0.5).abs() * 0.01;
            if score > best.0 + 1e-4 {
                best = (score, Split { rows, fraction });
            }
        }
    }
    best.1
}
