//! The app shell: it holds the open document, the UI state and the engine objects, and wires
//! them together. It holds no rules of its own: board changes are commands, interview rules are
//! in [`crate::practice`], file rules in [`crate::file`].
//!
//! # One frame ([`MlsdApp::frame_ui`]), in this order
//!
//! 1. **Time and closing**: the frame's time; a close request with unsaved changes asks first.
//! 2. **Engine**: the interview engine counts the running time and asks follow-ups
//!    ([`Interview::tick`]); its notices are posted.
//! 3. **Input**: keyboard shortcuts and clipboard events become [`AppCommand`]s.
//! 4. **Panels**: menu bar, status bar, interview panel, palette, the central canvas (or the
//!    reference and replay views) and the windows draw themselves from the document and return
//!    [`AppCommand`]s; none of them changes anything.
//! 5. **Modals**: chooser, export, recovery, overwrite, unsaved changes, errors — the same.
//! 6. **Apply**: every command collected, in order ([`MlsdApp::run_command`]); a file dialog's
//!    answer is a command too.
//! 7. **After**: the selected stage box picks the current step, the recovery copy is kept up to
//!    date, repaints are scheduled, notices and the window title are drawn.

use crate::board::{Board, Document};
use crate::file::autosave::Keeper;
use crate::file::paths::Paths;
use crate::file::prefs::{self, Prefs, ThemeKind};
use crate::practice::interview::Interview;
use crate::render::theme::Colors;
use crate::ui::app_command::{AppCommand, Pending};
use crate::ui::file_dialogs::{FileDialogs, SystemDialogs};
use crate::ui::panels::review::ViewMode;
use egui::{Ui, ViewportCommand};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;

pub use crate::ui::state::UiState;
pub use crate::ui::window::WINDOW_SIZE;

/// The mlsd-board app.
pub struct MlsdApp {
    /// The open board.
    pub(crate) doc: Document,
    /// What is shown and how.
    pub(crate) ui: UiState,
    /// The interview engine: clock, pacing, follow-ups, Finish.
    pub(crate) interview: Interview,
    /// Recovery copies and the on-disk stamp of the open board.
    pub(crate) keeper: Keeper,
    /// Preferences kept between runs.
    pub(crate) prefs: Prefs,
    /// The app's folders (user templates, recovery, practice log); `None` without a home.
    pub(crate) paths: Option<Paths>,
    /// File dialogs: the desktop's, or scripted ones in tests.
    pub(crate) dialogs: Box<dyn FileDialogs>,
    /// The user decided about unsaved changes; the window may close.
    pub(crate) allow_close: bool,
}

impl MlsdApp {
    /// The app as eframe starts it: preferences from storage, the native dialogs, recovery, and
    /// the board at `path` if one was given (else the chooser).
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let prefs: Prefs =
            cc.storage.and_then(|s| eframe::get_value(s, prefs::STORAGE_KEY)).unwrap_or_default();
        let folders = prefs.recent.iter().filter_map(|p| p.parent().map(std::path::Path::to_owned)).collect();
        let dialogs = Box::new(SystemDialogs::with_recent(folders));
        let mut app = Self::with_dialogs(&cc.egui_ctx, prefs, dialogs);
        app.paths = Paths::from_env();
        app.enable_recovery();
        match path {
            Some(path) => app.open_path(&path),
            None => app.open_chooser(),
        }
        app
    }

    /// The app with the given preferences and dialogs, and an empty board (used by tests).
    pub fn with_dialogs(ctx: &egui::Context, prefs: Prefs, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut ui = UiState::default();
        ui.canvas.paint_background = false; // the window's clear colour is the canvas background
        ui.canvas.show_grid = prefs.grid;
        ui.canvas.snap = prefs.snap;
        ui.interview.open = true;
        let app = Self {
            doc: Document::new(Board::new("Untitled board"), None),
            ui,
            interview: Interview::default(),
            keeper: Keeper::new(None),
            prefs,
            paths: None,
            dialogs,
            allow_close: false,
        };
        crate::render::fonts::install(ctx);
        app.apply_theme(ctx);
        app
    }

    /// Uses this interview engine (tests give one with a fake clock).
    pub fn set_interview(&mut self, interview: Interview) {
        self.interview = interview;
    }

    /// Uses these folders for templates, recovery copies and the practice log.
    pub fn set_paths(&mut self, paths: Option<Paths>) {
        self.paths = paths;
    }

    pub(crate) fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            ThemeKind::Light => egui::Theme::Light,
            ThemeKind::Dark => egui::Theme::Dark,
        });
    }

    /// The open board.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The UI state (canvas, panels, notices, modals).
    pub fn ui_state(&self) -> &UiState {
        &self.ui
    }

    /// The UI state, to drive in tests (e.g. a replay's position).
    pub fn ui_state_mut(&mut self) -> &mut UiState {
        &mut self.ui
    }

    /// The interview engine.
    pub fn interview(&self) -> &Interview {
        &self.interview
    }

    /// The recovery keeper of the open board.
    pub fn keeper(&self) -> &Keeper {
        &self.keeper
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.ui.last_title
    }

    /// Posts a notice for a few seconds.
    pub fn notify(&mut self, text: impl Into<String>, warning: bool) {
        self.ui.notices.post(text, warning);
    }

    /// One frame of the whole UI (see the module documentation for the order).
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut cmds = Vec::new();

        // 1. Time and closing.
        let now = ctx.input(|i| i.time);
        self.ui.notices.set_time(now);
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.ui.confirm = Some(Pending::Quit);
        }
        if !self.ui.window_checked {
            self.ui.window_checked = crate::ui::window::keep_on_screen(&ctx);
        }

        // 2. Engine.
        for n in self.interview.tick(&mut self.doc) {
            self.ui.notices.post(n.text, n.warning);
        }
        self.ui.canvas.highlight_step = u8::try_from(self.doc.board().session.current + 1).ok();

        // 3. Input.
        self.shortcuts(&ctx, &mut cmds);

        // 4. Panels.
        self.panels(ui, &mut cmds);

        // 5. Modals.
        self.modals(&ctx, &mut cmds);

        // 6. Apply.
        self.apply_all(&ctx, cmds);

        // 7. After.
        if self.ui.canvas.selection != self.ui.last_selection {
            self.ui.last_selection = self.ui.canvas.selection.clone();
            self.interview.follow_selection(&mut self.doc, &self.ui.last_selection);
        }
        if let Some(wait) = self.interview.until_next_second(&self.doc) {
            ctx.request_repaint_after(wait);
        }
        if let Some(wait) = self.keeper.tick(&self.doc, Duration::from_secs_f64(now.max(0.0))) {
            ctx.request_repaint_after(wait);
        }
        for e in self.keeper.take_errors() {
            self.ui.notices.post(format!("The recovery copy could not be written: {e}"), true);
        }
        self.ui.notices.ui(&ctx);
        self.update_title(&ctx);
    }

    /// Step 4: the panels around the canvas and the canvas itself.
    fn panels(&mut self, ui: &mut Ui, cmds: &mut Vec<AppCommand>) {
        let ctx = ui.ctx().clone();
        let colors = Colors::of(self.prefs.theme);
        egui::Panel::top("mlsd-menu").show(ui, |ui| self.menu_bar(ui, cmds));
        egui::Panel::bottom("mlsd-status").show(ui, |ui| self.status_bar(ui));
        let running = self.interview.is_running();
        if self.ui.interview.open {
            let (panel, doc) = (&mut self.ui.interview, &self.doc);
            let events = egui::Panel::right("mlsd-session")
                .default_size(340.0)
                .min_size(260.0)
                .show(ui, |ui| panel.show(ui, doc, running));
            cmds.extend(events.inner.into_iter().map(AppCommand::Panel));
        }
        // The palette is for editing: the reference, side-by-side and replay views get its room.
        if self.ui.review.mode == ViewMode::Board {
            let framework = self.doc.board().framework.clone();
            let palette = &mut self.ui.palette;
            let clicked = egui::Panel::left("mlsd-palette")
                .default_size(220.0)
                .size_range(180.0..=420.0)
                .resizable(true)
                .show(ui, |ui| palette.show(ui, &framework, &colors))
                .inner;
            cmds.extend(clicked.map(AppCommand::AddItem));
        }
        let edits = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let (canvas, doc) = (&mut self.ui.canvas, &self.doc);
                let bounds = doc
                    .board()
                    .bounds()
                    .map(|(a, b)| egui::Rect::from_min_max(egui::pos2(a.x, a.y), egui::pos2(b.x, b.y)));
                self.ui.review.central(ui, |ui| canvas.show(ui, doc, &colors), bounds, &colors)
            })
            .inner;
        if std::mem::take(&mut self.ui.review.refit_board) {
            self.ui.canvas.request_fit();
        }
        cmds.extend(edits.into_iter().map(AppCommand::Edit));
        cmds.extend(self.ui.canvas.take_actions().into_iter().map(AppCommand::Action));
        cmds.extend(self.ui.interview.windows(&ctx).into_iter().map(AppCommand::Panel));
        if std::mem::take(&mut self.ui.interview.show_summary) {
            self.ui.review.window_open = true;
        }
        cmds.extend(self.ui.review.window(&ctx, self.doc.board()).map(AppCommand::Review));
        cmds.extend(self.ui.progress.window(&ctx).map(AppCommand::Review));
    }

    /// Step 6: runs the frame's commands in order. A command may ask a file dialog; its answer
    /// (at once for the desktop's dialog, a later frame for one drawn in the window) is run as
    /// a command too.
    fn apply_all(&mut self, ctx: &egui::Context, cmds: Vec<AppCommand>) {
        let mut queue: VecDeque<AppCommand> = cmds.into();
        loop {
            while let Some(cmd) = queue.pop_front() {
                self.run_command(ctx, cmd);
            }
            match self.dialogs.poll(ctx) {
                Some(answer) => queue.push_back(AppCommand::Answer(answer)),
                None => break,
            }
        }
        if self.dialogs.is_asking() {
            ctx.request_repaint();
        }
        if let Some(n) = self.dialogs.take_notice() {
            self.ui.notices.post(n, true);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        let file = self
            .doc
            .path()
            .and_then(|p| p.file_name())
            .map(|f| format!(" ({})", f.to_string_lossy()))
            .unwrap_or_default();
        // A title or file name from a file may hold control characters the window refuses.
        let title = crate::board::validate::window_title(&format!(
            "{marker}{}{file} — mlsd-board",
            self.doc.display_name()
        ));
        if title != self.ui.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.ui.last_title = title;
        }
    }
}

impl eframe::App for MlsdApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.allow_close && self.doc.is_dirty() {
            // Only when the window goes without asking (e.g. the desktop session ends): leave
            // a current copy, so the next start offers it. When the user chose Quit and saved or
            // discarded, the copy goes: a discarded board is not offered back.
            self.keeper.write_now(&self.doc);
            self.keeper.flush();
        } else {
            self.keeper.discard_now();
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        Colors::of(self.prefs.theme).background.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::STORAGE_KEY, &self.prefs);
    }
}

/// Starts the app in a window, on the board at `path` if given.
pub fn run(path: Option<PathBuf>) -> Result<(), String> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("mlsd-board")
        .with_app_id("mlsd-board")
        .with_inner_size(WINDOW_SIZE)
        .with_min_inner_size(crate::ui::window::MIN_WINDOW_SIZE);
    if let Some(icon) = crate::ui::window::icon() {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // The app installs its own system-font fallback (`render::fonts`), shared with exports.
        system_font_fallback: false,
        ..Default::default()
    };
    eframe::run_native("mlsd-board", options, Box::new(move |cc| Ok(Box::new(MlsdApp::new(cc, path)))))
        .map_err(|e| format!("could not start the window: {e}"))
}
