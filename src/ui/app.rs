//! The eframe app: menus, shortcuts, panels, the canvas, file handling and notices.
//!
//! The app owns the open [`Document`]; the canvas and the panels emit [`Command`]s, which the app
//! applies after the frame's UI code, so nothing changes the board half-way through a frame.

use crate::board::{Board, Command, Document};
use crate::file::format;
use crate::file::paths::Paths;
use crate::file::prefs::{self, Prefs};
use crate::practice::timer::Timer;
use crate::render::theme::{Palette, ThemeKind};
use crate::ui::actions::Action;
use crate::ui::canvas::{Canvas, LabelTarget};
use crate::ui::chooser::{Chooser, ChooserEvent};
use crate::ui::file_dialogs::{FileDialogs, NativeDialogs};
use crate::ui::interview::{PanelEvent, SessionPanel};
use crate::ui::palette::PalettePanel;
use egui::{Align2, Color32, Id, RichText, Ui, ViewportCommand, vec2};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The window's size when the app opens, in points.
pub const WINDOW_SIZE: [f32; 2] = [1360.0, 860.0];

/// How long a notice stays on screen.
const NOTICE_TIME: Duration = Duration::from_secs(5);

/// Something to do once the user has decided about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// A short message shown in the corner for a few seconds.
#[derive(Clone, Debug)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Shown as a warning (amber) rather than as information.
    pub warning: bool,
    /// Seconds since app start when it was posted.
    posted: f64,
}

/// The mlsd-board app.
pub struct MlsdApp {
    /// The open board.
    pub doc: Document,
    /// The canvas state (view, selection, gestures).
    pub canvas: Canvas,
    /// Preferences kept between runs.
    pub prefs: Prefs,
    palette: PalettePanel,
    dialogs: Box<dyn FileDialogs>,
    confirm: Option<Pending>,
    /// Notices on screen, oldest first.
    pub notices: Vec<Notice>,
    /// An error the user must acknowledge.
    pub error: Option<String>,
    allow_close: bool,
    last_title: String,
    now: f64,
    /// The interview clock.
    pub timer: Timer,
    /// The interview side panel.
    pub session_panel: SessionPanel,
    /// Seeds the moments and choices of interviewer follow-ups (new every run).
    pub follow_up_seed: u64,
    /// Budget notices already shown, so each is shown once.
    budget_notices: std::collections::HashSet<String>,
    /// The selection at the end of the last frame, to notice when a stage box gets selected.
    last_selection: std::collections::HashSet<crate::board::NodeId>,
    /// The new-board chooser.
    pub chooser: Chooser,
    /// The app's folders (user templates, recovery, practice log); `None` without a home.
    pub paths: Option<Paths>,
    /// The export dialog's options while it is open.
    pub export_dialog: Option<crate::render::export::ExportOptions>,
    /// Recovery copies and the on-disk stamp of the open board.
    pub keeper: crate::file::autosave::Keeper,
    /// Boards left by a crash, offered for restoring at start-up.
    pub recovered: Vec<crate::file::recovery::RecoveryEntry>,
    /// A save waiting for the user to confirm overwriting a file that changed on disk.
    overwrite_confirm: Option<PathBuf>,
    /// The review, reference views, replay and progress windows.
    pub review_ui: crate::ui::review::ReviewUi,
}

impl MlsdApp {
    /// The app as eframe starts it: preferences from storage, the native dialogs, and the board
    /// at `path` if one was given.
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let prefs: Prefs =
            cc.storage.and_then(|s| eframe::get_value(s, prefs::STORAGE_KEY)).unwrap_or_default();
        let mut app = Self::with_dialogs(&cc.egui_ctx, prefs, Box::new(NativeDialogs));
        app.paths = Paths::from_env();
        app.enable_recovery();
        match path {
            Some(path) => app.open_path(&path),
            None => app.open_chooser(),
        }
        app
    }

    /// Starts keeping recovery copies in the data folder, and lists the boards a crash left
    /// there (offered in a dialog).
    pub fn enable_recovery(&mut self) {
        let Some(paths) = &self.paths else { return };
        let store = crate::file::recovery::RecoveryStore::in_data_dir(paths);
        // Leftover temporary files of crashed writers, older than a minute.
        store.tidy(std::time::Duration::from_secs(60));
        let mut broken = Vec::new();
        self.recovered.clear();
        for entry in store.list() {
            match entry {
                Ok(e) if !e.in_use => self.recovered.push(e),
                Ok(_) => {}
                Err(b) => broken.push(b.to_string()),
            }
        }
        for b in broken {
            self.notify(format!("A recovery copy cannot be used: {b}"), true);
        }
        self.keeper = crate::file::autosave::Keeper::new(Some(store));
        self.keeper.switch_to(&self.doc, None, true);
    }

    /// The app with the given preferences and dialogs, and an empty board (used by tests).
    pub fn with_dialogs(ctx: &egui::Context, prefs: Prefs, dialogs: Box<dyn FileDialogs>) -> Self {
        let mut canvas = Canvas::default();
        canvas.paint_background = false; // the window's clear colour is the canvas background
        canvas.show_grid = prefs.grid;
        canvas.snap = prefs.snap;
        let app = Self {
            doc: Document::new(Board::new("Untitled board"), None),
            canvas,
            prefs,
            palette: PalettePanel::default(),
            dialogs,
            confirm: None,
            notices: Vec::new(),
            error: None,
            allow_close: false,
            last_title: String::new(),
            now: 0.0,
            timer: Timer::default(),
            session_panel: SessionPanel { open: true, ..SessionPanel::default() },
            follow_up_seed: crate::practice::clock::unix_nanos(),
            budget_notices: std::collections::HashSet::new(),
            last_selection: std::collections::HashSet::new(),
            chooser: Chooser::default(),
            paths: None,
            export_dialog: None,
            keeper: crate::file::autosave::Keeper::new(None),
            recovered: Vec::new(),
            overwrite_confirm: None,
            review_ui: crate::ui::review::ReviewUi::default(),
        };
        crate::render::fonts::install(ctx);
        app.apply_theme(ctx);
        app
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            ThemeKind::Light => egui::Theme::Light,
            ThemeKind::Dark => egui::Theme::Dark,
        });
    }

    /// Shows a notice for a few seconds.
    pub fn notify(&mut self, text: impl Into<String>, warning: bool) {
        self.notices.push(Notice { text: text.into(), warning, posted: self.now });
    }

    /// Applies a command to the board as one undo step (and logs it for the replay).
    pub fn apply(&mut self, cmd: Command) {
        let logged = cmd.clone();
        match self.doc.apply(cmd) {
            Ok(()) => self.log_change(logged),
            Err(e) => self.notify(format!("That change could not be made: {e}"), true),
        }
        self.canvas.prune_selection(&self.doc);
    }

    /// Adds an applied change to the session's replay log, once the clock has been started
    /// (changes while it is paused are logged too, at the paused time, so the replay always
    /// ends at the board as it is).
    fn log_change(&mut self, cmd: Command) {
        let s = &self.doc.board().session;
        if s.replay_base.is_none() || cmd.is_empty() {
            return;
        }
        let entry = crate::board::record::LogEntry { at_ms: s.total_used_ms(), step: s.current, cmd };
        crate::practice::replay::compact_push(&mut self.doc.session_mut().log, entry);
    }

    /// Opens the board at `path`, replacing the current one (the caller has asked about unsaved
    /// changes). A bad file leaves the current board as it was and says what is wrong.
    pub fn open_path(&mut self, path: &Path) {
        match format::load(path) {
            Ok(loaded) => {
                // A board read out of an exported PNG opens unsaved: Save asks where to keep it,
                // so the image is never overwritten with board text.
                let from_png = crate::file::png_board::is_png_file(path);
                self.replace_doc(Document::new(loaded.board, (!from_png).then(|| path.to_owned())));
                self.prefs.add_recent(path);
                if let Some(v) = loaded.migrated_from {
                    self.notify(
                        format!(
                            "{} was written in format version {v}; it will be saved in the current version",
                            path.display()
                        ),
                        false,
                    );
                }
                if !loaded.repairs.is_empty() {
                    self.notify(
                        format!("{}: repaired on opening: {}", path.display(), loaded.repairs.join("; ")),
                        true,
                    );
                    self.doc.mark_dirty();
                } else {
                    self.notify(format!("Opened {}", path.display()), false);
                }
            }
            Err(e) => self.error = Some(format!("Could not open the board.\n\n{e}")),
        }
    }

    /// Saves to `path`. On failure the board stays open and unsaved, and the file on disk is
    /// untouched.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if self.doc.path.as_deref() == Some(path) && self.keeper.changed_on_disk(path) {
            self.overwrite_confirm = Some(path.to_owned());
            return false;
        }
        self.save_to_unchecked(path)
    }

    /// Saves to `path` without asking about changes on disk.
    fn save_to_unchecked(&mut self, path: &Path) -> bool {
        // Count the running step's time up to now, so the file holds it.
        self.timer.tick(&mut self.doc);
        if let Some(v) = self.canvas.view {
            self.doc.edit_meta(|view| *view = v.to_view());
        }
        match format::save(path, self.doc.board()) {
            Ok(()) => {
                self.doc.mark_saved(path.to_owned());
                self.keeper.saved(&self.doc, path);
                self.prefs.add_recent(path);
                self.notify(format!("Saved {}", path.display()), false);
                true
            }
            Err(e) => {
                self.error = Some(format!("The board was not saved; it is still open here.\n\n{e}"));
                false
            }
        }
    }

    /// Save: to the board's file, or through the dialog for an untitled board.
    pub fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => self.save_as(),
        }
    }

    /// Save As: asks for a path, then saves.
    pub fn save_as(&mut self) -> bool {
        let dir = self.doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_owned);
        let name = format!("{}.ron", sanitize(&self.doc.display_name()));
        match self.dialogs.save_board(dir.as_deref(), &name) {
            Some(p) => self.save_to(&p),
            None => false,
        }
    }

    /// Shows the new-board chooser with the templates as they are on disk now.
    pub fn open_chooser(&mut self) {
        let dir = self.paths.as_ref().map(Paths::templates_dir);
        self.chooser.show_with(crate::content::templates::all(dir.as_deref()));
        // "Surprise me" favours cases not practised recently.
        self.load_practice_log();
        let cases: Vec<String> = self
            .chooser
            .entries
            .iter()
            .filter_map(|e| e.template.as_ref().ok())
            .filter(|t| !crate::content::templates::is_blank(t))
            .map(|t| t.id.clone())
            .collect();
        let now = crate::practice::clock::unix_secs();
        self.chooser.weights = crate::practice::log::surprise_weights(&self.review_ui.log, &cases, now);
    }

    /// Starts a new untitled board from a template.
    pub fn start_from_template(&mut self, t: &crate::content::schema::Template) {
        self.replace_doc(Document::new(crate::content::templates::new_board(t), None));
        self.canvas.request_fit_top();
    }

    /// Saves the board as a user template (File → Save as template).
    fn save_as_template(&mut self) {
        let Some(dir) = self.paths.as_ref().map(Paths::templates_dir) else {
            self.error = Some("There is no folder for user templates (no home folder was found).".to_owned());
            return;
        };
        let base = crate::content::templates::slug(&self.doc.display_name());
        let id = (1..1000)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|id| !dir.join(format!("{id}.ron")).exists())
            .unwrap_or(base);
        let t = crate::content::templates::from_board(self.doc.board(), &id);
        match crate::content::templates::save_user_template(&dir, &t) {
            Ok(p) => self.notify(format!("Saved as template {}", p.display()), false),
            Err(e) => self.error = Some(format!("The template was not saved.\n\n{e}")),
        }
    }

    /// Exports the board as a PNG: asks where, renders with the one renderer, writes atomically.
    pub fn export_image(&mut self, opts: &crate::render::export::ExportOptions) {
        let dir = self.doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_owned);
        let name = format!("{}.png", sanitize(&self.doc.display_name()));
        let Some(path) = self.dialogs.save_png(dir.as_deref(), &name) else { return };
        match crate::render::export::export_png(self.doc.board(), opts, &path) {
            Ok([w, h]) => self.notify(format!("Exported {} ({w}×{h} px)", path.display()), false),
            Err(e) => self.error = Some(format!("The image was not exported.\n\n{e}")),
        }
    }

    fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut opts) = self.export_dialog.clone() else { return };
        let mut choice = None;
        egui::Modal::new(Id::unique("mlsd-export")).show(ctx, |ui| {
            ui.set_width(340.0);
            ui.heading("Export image");
            egui::Grid::new("export-grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                ui.label("Scale");
                ui.horizontal(|ui| {
                    for s in crate::render::export::SCALES {
                        ui.radio_value(&mut opts.scale, s, format!("{s}×"));
                    }
                });
                ui.end_row();
                let pad = ui.label("Padding");
                ui.add(
                    egui::DragValue::new(&mut opts.padding)
                        .range(0.0..=crate::render::export::MAX_PADDING)
                        .suffix(" px"),
                )
                .labelled_by(pad.id);
                ui.end_row();
                ui.label("Theme");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut opts.theme, ThemeKind::Light, "Light");
                    ui.radio_value(&mut opts.theme, ThemeKind::Dark, "Dark");
                });
                ui.end_row();
                ui.label("Background");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut opts.transparent, false, "Theme colour");
                    ui.radio_value(&mut opts.transparent, true, "Transparent");
                });
                ui.end_row();
            });
            ui.checkbox(&mut opts.summary, "Include session summary");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Export…").clicked() {
                    choice = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(go) => {
                self.export_dialog = None;
                if go {
                    self.export_image(&opts);
                }
            }
            None => self.export_dialog = Some(opts),
        }
    }

    fn chooser_event(&mut self, ctx: &egui::Context, event: ChooserEvent) {
        match event {
            ChooserEvent::Start(t) => self.start_from_template(&t),
            ChooserEvent::OpenRecent(p) => self.open_path(&p),
            ChooserEvent::OpenFile => self.run_pending(ctx, Pending::Open),
        }
    }

    /// Shows another board: the clock is paused (an open board's session resumes paused), the
    /// view comes from the board, and per-board UI state is forgotten.
    pub fn replace_doc(&mut self, doc: Document) {
        self.replace_doc_keeping(doc, None);
    }

    /// [`Self::replace_doc`], with the recovery id to write the new board's copies under (a
    /// restored board keeps its own).
    fn replace_doc_keeping(&mut self, doc: Document, recovery_id: Option<String>) {
        self.timer.pause(&mut self.doc);
        self.keeper.switch_to(&doc, recovery_id, false);
        self.doc = doc;
        self.canvas.reset();
        self.budget_notices.clear();
        self.session_panel.show_summary = false;
        self.session_panel.confirm_reset = false;
        self.review_ui.reset();
    }

    /// Runs `pending` now, or asks first when the board has unsaved changes.
    fn guarded(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.doc.is_dirty() {
            self.confirm = Some(pending);
        } else {
            self.run_pending(ctx, pending);
        }
    }

    fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => self.open_chooser(),
            Pending::Open => {
                let dir = self.doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_owned);
                if let Some(p) = self.dialogs.open_board(dir.as_deref()) {
                    self.open_path(&p);
                }
            }
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::Quit => {
                // The user saved or chose to drop the changes: no recovery copy is needed.
                self.keeper.discard_now();
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Carries out a menu or shortcut action.
    pub fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guarded(ctx, Pending::New),
            Action::Open => self.guarded(ctx, Pending::Open),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.save_as();
            }
            Action::SaveAsTemplate => self.save_as_template(),
            Action::ExportImage => {
                let theme = self.prefs.theme;
                self.export_dialog =
                    Some(crate::render::export::ExportOptions { theme, ..Default::default() });
            }
            Action::Quit => self.guarded(ctx, Pending::Quit),
            Action::Undo => {
                match self.doc.undo() {
                    Some(applied) => self.log_change(applied),
                    None => self.notify("Nothing to undo", false),
                }
                self.canvas.prune_selection(&self.doc);
            }
            Action::Redo => {
                match self.doc.redo() {
                    Some(applied) => self.log_change(applied),
                    None => self.notify("Nothing to redo", false),
                }
                self.canvas.prune_selection(&self.doc);
            }
            Action::Copy => self.copy(ctx),
            Action::Cut => {
                self.copy(ctx);
                if let Some(cmd) = self.canvas.delete_selection(&self.doc) {
                    self.apply(cmd);
                }
            }
            Action::Paste => {
                if let Some(cmd) = self.canvas.paste(&mut self.doc, None) {
                    self.apply(cmd);
                }
            }
            Action::Duplicate => {
                if let Some(cmd) = self.canvas.duplicate(&mut self.doc) {
                    self.apply(cmd);
                }
            }
            Action::Delete => {
                if let Some(cmd) = self.canvas.delete_selection(&self.doc) {
                    self.apply(cmd);
                }
            }
            Action::SelectAll => self.canvas.select_all(&self.doc),
            Action::EditLabel => {
                if let Some(&id) = self.canvas.selection.iter().next() {
                    self.canvas.edit_label(&self.doc, LabelTarget::Node(id));
                } else if let Some(e) = self.canvas.selected_edge {
                    self.canvas.edit_label(&self.doc, LabelTarget::Edge(e));
                }
            }
            Action::ZoomIn => self.canvas.zoom_by(1.25),
            Action::ZoomOut => self.canvas.zoom_by(0.8),
            Action::ZoomFit => self.canvas.request_fit(),
            Action::ActualSize => self.canvas.actual_size(),
            Action::ToggleGrid => {
                self.canvas.show_grid = !self.canvas.show_grid;
                self.prefs.grid = self.canvas.show_grid;
            }
            Action::ToggleSnap => {
                self.canvas.snap = !self.canvas.snap;
                self.prefs.snap = self.canvas.snap;
            }
            Action::StartPause => {
                if self.timer.is_running() {
                    self.timer.pause(&mut self.doc);
                } else {
                    self.start_clock();
                }
            }
            Action::NextStep => {
                let i = self.doc.board().session.current + 1;
                self.timer.switch_to(&mut self.doc, i);
            }
            Action::PrevStep => {
                let i = self.doc.board().session.current.saturating_sub(1);
                self.timer.switch_to(&mut self.doc, i);
            }
            Action::Finish => self.finish(),
            Action::TogglePanel => self.session_panel.open = !self.session_panel.open,
            Action::Review => self.review_ui.window_open = true,
            Action::Progress => {
                self.load_practice_log();
                self.review_ui.progress_open = true;
            }
            Action::ToggleTheme => {
                self.prefs.theme = match self.prefs.theme {
                    ThemeKind::Light => ThemeKind::Dark,
                    ThemeKind::Dark => ThemeKind::Light,
                };
                self.apply_theme(ctx);
            }
        }
    }

    fn start_clock(&mut self) {
        if self.doc.board().session.replay_base.is_none() {
            // The replay starts from the board as it is when the clock first starts.
            let base = crate::practice::replay::snapshot(self.doc.board());
            self.doc.session_mut().replay_base = Some(base);
        }
        if self.doc.board().session.finished.is_some() {
            // Going on after Finish: the summary no longer holds.
            self.doc.session_mut().finished = None;
        }
        self.timer.start();
    }

    /// Stops the clock, records the summary and the review against the template's reference
    /// in the board, appends the session to the practice log, and shows the review.
    pub fn finish(&mut self) {
        self.timer.pause(&mut self.doc);
        let summary = crate::practice::steps::summary(self.doc.board());
        let review = crate::practice::review::review_of(self.doc.board());
        let s = self.doc.session_mut();
        s.finished = Some(summary);
        s.review = review;
        if let Some(paths) = &self.paths {
            let now = crate::practice::clock::unix_secs();
            let record = crate::practice::log::record_of(self.doc.board(), now);
            if let Err(e) = crate::practice::log::append(&crate::practice::log::log_path(paths), &record) {
                self.notify(format!("The session could not be added to the practice log: {e}"), true);
            }
        }
        self.review_ui.window_open = true;
    }

    /// Loads the practice log for the progress window and "Surprise me".
    fn load_practice_log(&mut self) {
        let Some(paths) = &self.paths else { return };
        let loaded = crate::practice::log::load(&crate::practice::log::log_path(paths));
        if let Some(problem) = &loaded.problem {
            self.notify(problem.clone(), true);
        }
        self.review_ui.log = loaded.records;
        self.review_ui.log_skipped = loaded.skipped_lines;
    }

    fn review_event(&mut self, event: crate::ui::review::ReviewEvent) {
        use crate::ui::review::{ReviewEvent, ViewMode};
        match event {
            ReviewEvent::Show(mode) => {
                if self.review_ui.reveal(self.doc.board()) {
                    self.review_ui.mode = mode;
                } else {
                    self.notify("This board has no reference solution to compare with.", false);
                }
            }
            ReviewEvent::Replay => {
                if !self.review_ui.start_replay(self.doc.board()) {
                    self.notify(
                        "There is nothing to replay: the clock was never started on this board.",
                        false,
                    );
                    self.review_ui.mode = ViewMode::Board;
                }
            }
            ReviewEvent::ExportCsv => {
                let Some(path) = self.dialogs.save_csv(None, "practice-log.csv") else { return };
                let csv = crate::practice::log::to_csv(&self.review_ui.log);
                match format::write_atomic(&path, csv.as_bytes()) {
                    Ok(()) => self.notify(format!("Exported {}", path.display()), false),
                    Err(e) => self.error = Some(format!("The practice log was not exported.\n\n{e}")),
                }
            }
        }
    }

    /// Carries out what the side panel asked for.
    fn panel_event(&mut self, event: PanelEvent) {
        match event {
            PanelEvent::Command(cmd) => self.apply(cmd),
            PanelEvent::Start => self.start_clock(),
            PanelEvent::Pause => self.timer.pause(&mut self.doc),
            PanelEvent::Switch(i) => self.timer.switch_to(&mut self.doc, i),
            PanelEvent::Reset => self.timer.reset(&mut self.doc),
            PanelEvent::Finish => self.finish(),
            PanelEvent::AddStageBox(i) => self.add_stage_box(i),
            PanelEvent::SetInterviewerMode(on) => self.doc.session_mut().interviewer_mode = on,
        }
    }

    /// Adds the stage box of step `i` (0-based): below the previous step's box when there is
    /// one (stage boxes form a column of lane headers), else in the middle of the view.
    fn add_stage_box(&mut self, i: usize) {
        let Ok(step) = u8::try_from(i + 1) else { return };
        let board = self.doc.board();
        let title =
            crate::content::frameworks::step_title(&board.framework, step).unwrap_or("Stage").to_owned();
        let beside = board
            .nodes
            .iter()
            .filter_map(|n| match n.kind {
                crate::board::NodeKind::Stage(s) if s < step => Some((s, n)),
                _ => None,
            })
            .max_by_key(|(s, _)| *s)
            .map(|(s, n)| {
                let gap = f32::from(step - s) * (n.size.h + 38.0);
                egui::pos2(n.pos.x + n.size.w / 2.0, n.pos.y + gap + n.size.h / 2.0)
            });
        let Some(at) = beside.or_else(|| self.canvas.view.map(|v| v.center)) else { return };
        let cmd = self.canvas.new_node(&mut self.doc, crate::board::NodeKind::Stage(step), title, at);
        self.apply(cmd);
    }

    /// Interviewer mode: once per step, at a random moment between 30% and 80% of the step's
    /// budget, one of the template's follow-up questions for the step appears.
    fn interviewer(&mut self) {
        let board = self.doc.board();
        if !self.timer.is_running() || !board.session.interviewer_mode {
            return;
        }
        let steps = crate::practice::steps::steps(board);
        let Some(step) = steps.get(board.session.current) else { return };
        if step.follow_ups.is_empty() || board.session.follow_ups.iter().any(|f| f.step == step.id) {
            return;
        }
        let mix = crate::practice::clock::mix64;
        let r = mix(self.follow_up_seed ^ (step.index as u64 + 1));
        let budget_ms = u64::from(step.budget_min) * 60_000;
        let at = budget_ms * (30 + r % 51) / 100;
        let used = board.session.used_ms(&step.id);
        if used < at {
            return;
        }
        let question = step.follow_ups[(mix(r) % step.follow_ups.len() as u64) as usize].clone();
        let total = board.session.total_used_ms();
        let id = step.id.clone();
        self.doc.session_mut().follow_ups.push(crate::board::record::FollowUp {
            step: id,
            question: question.clone(),
            at_ms: total,
            source: crate::board::record::FollowUpSource::Timed,
        });
        self.notify(format!("The interviewer asks: {question}"), false);
    }

    /// Budget notices: a step past its budget, and 5 and 1 minutes before the total runs out.
    fn pacing_notices(&mut self) {
        if !self.timer.is_running() {
            return;
        }
        let board = self.doc.board();
        let steps = crate::practice::steps::steps(board);
        let mut fresh = Vec::new();
        if let Some(step) = steps.get(board.session.current) {
            let used = board.session.used_ms(&step.id);
            if used > u64::from(step.budget_min) * 60_000 {
                fresh.push((
                    format!("over:{}", step.id),
                    format!("Time is up for step {}: {}. Move on when you can.", step.index + 1, step.title),
                ));
            }
        }
        let total_ms = u64::from(steps.iter().map(|s| s.budget_min).sum::<u32>()) * 60_000;
        let used = board.session.total_used_ms();
        for minutes in [5u64, 1] {
            if used + minutes * 60_000 >= total_ms && used < total_ms {
                fresh.push((
                    format!("left:{minutes}"),
                    format!("{minutes} minute{} left in the interview.", if minutes == 1 { "" } else { "s" }),
                ));
            }
        }
        if used >= total_ms && total_ms > 0 {
            fresh.push(("left:0".to_owned(), "The interview time is up.".to_owned()));
        }
        for (key, text) in fresh {
            if self.budget_notices.insert(key) {
                self.notify(text, true);
            }
        }
    }

    fn copy(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.canvas.copy(&self.doc) {
            ctx.copy_text(text);
        }
    }

    /// Whether an action can run now (for greying out menu entries).
    fn enabled(&self, action: Action) -> bool {
        let has_sel = !self.canvas.selection.is_empty();
        match action {
            Action::Undo => self.doc.history().can_undo(),
            Action::Redo => self.doc.history().can_redo(),
            Action::Cut | Action::Copy | Action::Duplicate => has_sel,
            Action::Delete | Action::EditLabel => has_sel || self.canvas.selected_edge.is_some(),
            _ => true,
        }
    }

    /// Keyboard shortcuts and clipboard events.
    fn handle_input(&mut self, ctx: &egui::Context) {
        if self.confirm.is_some() || self.error.is_some() || self.chooser.open || self.export_dialog.is_some()
        {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.is_editing();
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (action, shortcut) in Action::shortcut_table() {
                if (typing && action.is_canvas_edit()) || fired.contains(action) {
                    continue;
                }
                if i.consume_shortcut(shortcut) {
                    fired.push(*action);
                }
            }
        });
        if !typing {
            let events = ctx.input(|i| i.events.clone());
            for e in events {
                match e {
                    egui::Event::Copy if !fired.contains(&Action::Copy) => fired.push(Action::Copy),
                    egui::Event::Cut if !fired.contains(&Action::Cut) => fired.push(Action::Cut),
                    egui::Event::Paste(text) => {
                        if let Some(cmd) = self.canvas.paste(&mut self.doc, Some(&text)) {
                            self.apply(cmd);
                        }
                    }
                    _ => {}
                }
            }
        }
        for action in fired {
            self.run_action(ctx, action);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut chosen = None;
        egui::MenuBar::new().ui(ui, |ui| {
            let mut item = |ui: &mut Ui, action: Action, this: &Self| {
                // Toggles show their state as a selected (highlighted) entry.
                let on = action == Action::ToggleGrid && this.canvas.show_grid
                    || action == Action::ToggleSnap && this.canvas.snap
                    || action == Action::ToggleTheme && this.prefs.theme == ThemeKind::Dark
                    || action == Action::TogglePanel && this.session_panel.open;
                let button =
                    egui::Button::new(action.label()).selected(on).shortcut_text(action.shortcut_text(&ctx));
                if ui.add_enabled(this.enabled(action), button).clicked() {
                    chosen = Some(action);
                    ui.close();
                }
            };
            ui.menu_button("File", |ui| {
                for a in [Action::New, Action::Open] {
                    item(ui, a, self);
                }
                ui.menu_button("Recent boards", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent boards");
                    }
                    for p in self.prefs.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.confirm_or_open(&ctx, p);
                            ui.close();
                        }
                    }
                });
                ui.separator();
                for a in [Action::Save, Action::SaveAs, Action::SaveAsTemplate, Action::ExportImage] {
                    item(ui, a, self);
                }
                ui.separator();
                item(ui, Action::Quit, self);
            });
            ui.menu_button("Edit", |ui| {
                for a in [Action::Undo, Action::Redo] {
                    item(ui, a, self);
                }
                ui.separator();
                for a in [Action::Cut, Action::Copy, Action::Paste, Action::Duplicate, Action::Delete] {
                    item(ui, a, self);
                }
                ui.separator();
                for a in [Action::SelectAll, Action::EditLabel] {
                    item(ui, a, self);
                }
            });
            ui.menu_button("View", |ui| {
                for a in [Action::ZoomIn, Action::ZoomOut, Action::ZoomFit, Action::ActualSize] {
                    item(ui, a, self);
                }
                ui.separator();
                for a in [Action::ToggleGrid, Action::ToggleSnap, Action::ToggleTheme, Action::TogglePanel] {
                    item(ui, a, self);
                }
            });
            ui.menu_button("Session", |ui| {
                for a in [Action::StartPause, Action::PrevStep, Action::NextStep, Action::Finish] {
                    item(ui, a, self);
                }
                ui.separator();
                for a in [Action::Review, Action::Progress] {
                    item(ui, a, self);
                }
            });
        });
        if let Some(a) = chosen {
            self.run_action(&ctx, a);
        }
    }

    /// Selecting a single stage box on the canvas makes its step current.
    fn follow_stage_selection(&mut self) {
        if self.canvas.selection == self.last_selection {
            return;
        }
        self.last_selection = self.canvas.selection.clone();
        if self.canvas.selection.len() != 1 {
            return;
        }
        let stage = self.canvas.selection.iter().next().and_then(|id| self.doc.board().node(*id)).and_then(
            |n| match n.kind {
                crate::board::NodeKind::Stage(s) => Some(usize::from(s)),
                _ => None,
            },
        );
        if let Some(s) = stage
            && s >= 1
        {
            self.timer.switch_to(&mut self.doc, s - 1);
        }
    }

    fn confirm_or_open(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.guarded(ctx, Pending::OpenPath(path));
    }

    fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let zoom = self.canvas.view.map_or(100.0, |v| v.zoom * 100.0);
            let b = self.doc.board();
            ui.label(format!("{} boxes · {} arrows · {zoom:.0}%", b.nodes.len(), b.edges.len()));
            ui.separator();
            ui.weak("Drag from the palette · drag a box's side dot onto another box to connect · double-click to edit a label · middle-drag or Space+drag to pan · Ctrl+wheel to zoom");
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(pending) = self.confirm.clone() {
            let mut choice = None;
            egui::Modal::new(Id::unique("mlsd-confirm")).show(ctx, |ui| {
                ui.set_width(380.0);
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to \"{}\" first?", self.doc.display_name()));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        choice = Some(0);
                    }
                    if ui.button("Discard changes").clicked() {
                        choice = Some(1);
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(2);
                    }
                });
            });
            match choice {
                Some(0) => {
                    self.confirm = None;
                    if self.save() {
                        self.run_pending(ctx, pending);
                    }
                }
                Some(1) => {
                    self.confirm = None;
                    self.run_pending(ctx, pending);
                }
                Some(_) => self.confirm = None,
                None => {}
            }
        }
        if let Some(message) = self.error.clone() {
            let mut close = false;
            egui::Modal::new(Id::unique("mlsd-error")).show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.heading("Something went wrong");
                ui.label(message);
                ui.add_space(8.0);
                close = ui.button("OK").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            if close {
                self.error = None;
            }
        }
    }

    /// Asks before overwriting a board file that another program changed.
    fn overwrite_ui(&mut self, ctx: &egui::Context) {
        let Some(path) = self.overwrite_confirm.clone() else { return };
        let mut choice = None;
        egui::Modal::new(Id::unique("mlsd-overwrite")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.heading("The file changed on disk");
            ui.label(format!(
                "{} was changed by another program (or another window) since you opened it here. Saving now replaces those changes.",
                path.display()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    choice = Some(0);
                }
                if ui.button("Save As…").clicked() {
                    choice = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(2);
                }
            });
        });
        if let Some(c) = choice {
            self.overwrite_confirm = None;
            match c {
                0 => {
                    self.save_to_unchecked(&path);
                }
                1 => {
                    self.save_as();
                }
                _ => {}
            }
        }
    }

    /// Offers the boards a crash left behind: restore or discard each.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        if self.recovered.is_empty() {
            return;
        }
        let now = crate::practice::clock::unix_secs();
        let mut action = None;
        egui::Modal::new(Id::unique("mlsd-recovery")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading("Recover unsaved boards");
            ui.label(
                "mlsd-board did not close cleanly last time. These boards had changes that were not saved:",
            );
            ui.add_space(6.0);
            for (i, e) in self.recovered.iter().enumerate() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    let title = if e.title.trim().is_empty() { "Untitled board" } else { e.title.as_str() };
                    ui.label(RichText::new(title).strong());
                    let mins = now.saturating_sub(e.saved_at) / 60;
                    let when = match mins {
                        0 => "less than a minute ago".to_owned(),
                        1 => "1 minute ago".to_owned(),
                        m if m < 120 => format!("{m} minutes ago"),
                        m => format!("{} hours ago", m / 60),
                    };
                    let from = e
                        .original_path
                        .as_ref()
                        .map_or("never saved".to_owned(), |p| p.display().to_string());
                    ui.weak(format!("copy from {when} · {from}"));
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            action = Some((i, true));
                        }
                        if ui.button("Discard").clicked() {
                            action = Some((i, false));
                        }
                    });
                });
            }
        });
        let Some((i, restore)) = action else { return };
        let entry = self.recovered.remove(i);
        let Some(store) = self.keeper.store().cloned() else { return };
        if !restore {
            if let Err(e) = store.remove(&entry.id) {
                self.error = Some(format!("The recovery copy could not be removed.\n\n{e}"));
            }
            return;
        }
        match store.load(&entry) {
            Ok(board) => {
                let mut doc = Document::new(board, entry.original_path.clone());
                doc.mark_dirty();
                self.chooser.open = false;
                self.replace_doc_keeping(doc, Some(entry.id.clone()));
                self.notify("Restored the board from its recovery copy; save it to keep it.", false);
                if !self.recovered.is_empty() {
                    self.notify(
                        "The other recovered boards are offered again the next time mlsd-board starts.",
                        false,
                    );
                    self.recovered.clear();
                }
            }
            Err(e) => self.error = Some(format!("The recovery copy could not be opened.\n\n{e}")),
        }
    }

    fn notices_ui(&mut self, ctx: &egui::Context) {
        let now = self.now;
        self.notices.retain(|n| now - n.posted < NOTICE_TIME.as_secs_f64());
        if self.notices.is_empty() {
            return;
        }
        egui::Area::new(Id::unique("mlsd-notices"))
            .anchor(Align2::RIGHT_BOTTOM, vec2(-16.0, -36.0))
            .interactable(false)
            .show(ctx, |ui| {
                for n in &self.notices {
                    let fill = if n.warning {
                        Color32::from_rgb(0xfe, 0xf3, 0xc7)
                    } else {
                        Color32::from_rgb(0xe0, 0xf2, 0xfe)
                    };
                    egui::Frame::new().fill(fill).corner_radius(6).inner_margin(8).show(ui, |ui| {
                        ui.set_max_width(460.0);
                        ui.label(RichText::new(&n.text).color(Color32::from_rgb(0x1f, 0x23, 0x28)));
                    });
                    ui.add_space(4.0);
                }
            });
        let oldest = self.notices.iter().map(|n| n.posted).fold(f64::INFINITY, f64::min);
        let left = (NOTICE_TIME.as_secs_f64() - (now - oldest)).max(0.05);
        ctx.request_repaint_after(Duration::from_secs_f64(left));
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        let file = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|f| format!(" ({})", f.to_string_lossy()))
            .unwrap_or_default();
        let title = format!("{marker}{}{file} — mlsd-board", self.doc.display_name());
        if title != self.last_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.last_title
    }

    /// One frame of the whole UI.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.is_dirty() {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm = Some(Pending::Quit);
        }
        self.timer.tick(&mut self.doc);
        self.handle_input(&ctx);
        self.pacing_notices();
        self.interviewer();
        let colors = Palette::of(self.prefs.theme);
        self.canvas.highlight_step = u8::try_from(self.doc.board().session.current + 1).ok();

        egui::Panel::top("mlsd-menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("mlsd-status").show(ui, |ui| self.status_bar(ui));
        let running = self.timer.is_running();
        let mut panel_events = Vec::new();
        if self.session_panel.open {
            panel_events = egui::Panel::right("mlsd-session")
                .default_size(340.0)
                .min_size(260.0)
                .show(ui, |ui| self.session_panel.show(ui, &self.doc, running))
                .inner;
        }
        let framework = self.doc.board().framework.clone();
        // The palette is for editing: the reference, side-by-side and replay views get its room.
        let editing = self.review_ui.mode == crate::ui::review::ViewMode::Board;
        let clicked = if editing {
            egui::Panel::left("mlsd-palette")
                .default_size(220.0)
                .show(ui, |ui| self.palette.show(ui, &framework, &colors))
                .inner
        } else {
            None
        };
        let commands = egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let (canvas, doc) = (&mut self.canvas, &mut self.doc);
                self.review_ui.central(ui, |ui| canvas.show(ui, doc, &colors), &colors)
            })
            .inner;
        if std::mem::take(&mut self.review_ui.refit_board) {
            self.canvas.request_fit();
        }
        if let Some(item) = clicked
            && let Some(center) = self.canvas.view.map(|v| v.center)
        {
            let cmd = self.canvas.new_node(&mut self.doc, item.kind, item.label, center);
            self.apply(cmd);
        }
        for cmd in commands {
            self.apply(cmd);
        }
        panel_events.extend(self.session_panel.windows(&ctx));
        if std::mem::take(&mut self.session_panel.show_summary) {
            self.review_ui.window_open = true;
        }
        let review_events =
            [self.review_ui.window(&ctx, self.doc.board()), self.review_ui.progress_window(&ctx)];
        for e in review_events.into_iter().flatten() {
            self.review_event(e);
        }
        for e in panel_events {
            self.panel_event(e);
        }
        self.follow_stage_selection();
        if let Some(wait) = self.timer.until_next_second(&self.doc) {
            ctx.request_repaint_after(wait);
        }
        if let Some(wait) = self.keeper.tick(&self.doc, std::time::Duration::from_secs_f64(self.now.max(0.0)))
        {
            ctx.request_repaint_after(wait);
        }
        for e in self.keeper.take_errors() {
            self.notify(format!("The recovery copy could not be written: {e}"), true);
        }
        let recent = self.prefs.recent.clone();
        if let Some(e) = self.chooser.ui(&ctx, &recent) {
            self.chooser_event(&ctx, e);
        }
        self.export_dialog_ui(&ctx);
        self.recovery_ui(&ctx);
        self.overwrite_ui(&ctx);
        self.dialogs_ui(&ctx);
        self.notices_ui(&ctx);
        self.update_title(&ctx);
    }
}

impl eframe::App for MlsdApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.doc.is_dirty() {
            // Only when the window goes without asking (e.g. the desktop session ends): leave
            // a current copy, so the next start offers it.
            self.keeper.write_now(&self.doc);
            self.keeper.flush();
        } else {
            self.keeper.discard_now();
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        Palette::of(self.prefs.theme).background.to_normalized_gamma_f32()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::STORAGE_KEY, &self.prefs);
    }
}

/// A board title made safe as a file name.
fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == ' ' { c } else { '_' })
        .collect();
    let s = s.trim().to_owned();
    if s.is_empty() { "board".to_owned() } else { s }
}

/// Starts the app in a window, on the board at `path` if given.
pub fn run(path: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("mlsd-board")
            .with_app_id("mlsd-board")
            .with_inner_size(WINDOW_SIZE)
            .with_min_inner_size([720.0, 480.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native("mlsd-board", options, Box::new(move |cc| Ok(Box::new(MlsdApp::new(cc, path)))))
        .map_err(|e| format!("could not start the window: {e}"))
}
