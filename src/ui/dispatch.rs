//! Carrying out [`AppCommand`]s: the one place where what the UI asked for becomes a change —
//! to the document (through its commands and named operations), to the interview engine, or to
//! the UI state.

use crate::board::Command;
use crate::content::schema::Template;
use crate::file::prefs::ThemeKind;
use crate::render::formats::Format;
use crate::ui::actions::Action;
use crate::ui::app::MlsdApp;
use crate::ui::app_command::{AppCommand, Pending, Purpose};
use crate::ui::canvas::{Arrange, Edit, LabelTarget};
use crate::ui::file_dialogs::{Request, folder_of};
use crate::ui::find::Found;
use crate::ui::modals::confirm::ConfirmChoice;
use crate::ui::modals::export::ExportDialog;
use crate::ui::modals::overwrite::{OverwriteChoice, ReplaceReason};
use crate::ui::modals::recovery::RecoveryAction;
use crate::ui::panels::chooser::ChooserEvent;
use crate::ui::panels::interview::PanelEvent;
use crate::ui::panels::review::{ReviewEvent, ViewMode};
use std::path::PathBuf;

impl MlsdApp {
    /// Carries out one command.
    pub fn run_command(&mut self, ctx: &egui::Context, cmd: AppCommand) {
        match cmd {
            AppCommand::Action(a) => self.run_action(ctx, a),
            AppCommand::Edit(edit) => self.apply_edit(edit),
            AppCommand::AddItem(item) => {
                if let Some(center) = self.ui.canvas.view.map(|v| v.center) {
                    let edit = self.ui.canvas.new_node_in_room(&self.doc, item.kind, item.label, center);
                    self.apply_edit(edit);
                }
            }
            AppCommand::Panel(e) => self.panel_event(e),
            AppCommand::Chooser(e) => match e {
                ChooserEvent::Start(t) => self.start_from_template(&t),
                ChooserEvent::StartUnder(t, framework) => {
                    match crate::content::templates::new_board_under(&t, &framework) {
                        Ok(board) => {
                            self.replace_doc(crate::board::Document::new(board, None));
                            self.ui.canvas.request_fit_top();
                        }
                        Err(e) => {
                            self.ui.notices.post(format!("That case cannot be practised so: {e}"), true)
                        }
                    }
                }
                ChooserEvent::OpenRecent(p) => self.open_path(&p),
                ChooserEvent::OpenFile => self.run_pending(ctx, Pending::Open),
            },
            AppCommand::Review(e) => self.review_event(e),
            AppCommand::Guarded(p) => {
                if self.doc.is_dirty() {
                    self.ui.confirm = Some(p);
                } else {
                    self.run_pending(ctx, p);
                }
            }
            AppCommand::Confirm(choice) => {
                let Some(pending) = self.ui.confirm.take() else { return };
                match choice {
                    ConfirmChoice::Save => self.save_then(ctx, Some(pending)),
                    ConfirmChoice::Discard => self.run_pending(ctx, pending),
                    ConfirmChoice::Cancel => {}
                }
            }
            AppCommand::Overwrite(choice) => {
                let Some((path, reason)) = self.ui.overwrite.take() else { return };
                match choice {
                    // Past a change on disk the save may still find the file read-only, and ask.
                    OverwriteChoice::Replace => {
                        self.write_board(&path, reason == ReplaceReason::ReadOnly);
                    }
                    OverwriteChoice::SaveAs => self.ask_save_path(None),
                    OverwriteChoice::Cancel => {}
                }
            }
            AppCommand::Recovery(RecoveryAction::Entry(i, choice)) => self.recovery_choice(i, choice),
            AppCommand::Recovery(RecoveryAction::Later) => {
                self.ui.recovered.clear();
                self.ui
                    .notices
                    .post("The recovered boards are offered again the next time mlsd-board starts.", false);
            }
            AppCommand::ExportChosen(chosen) => {
                self.ui.export = None;
                if let Some((format, opts)) = chosen {
                    let stem = crate::ui::files::sanitize(&self.doc.display_name());
                    let name = format!("{stem}.{}", format.extension());
                    let dir = folder_of(self.doc.path());
                    self.dialogs.ask(Request { purpose: Purpose::Export(format, opts), dir, name });
                }
            }
            AppCommand::TemplateNamed(name) => {
                self.ui.template_name = None;
                if let Some(name) = name {
                    self.save_as_template(name.trim());
                }
            }
            AppCommand::Reveal(found) => self.reveal(found),
            AppCommand::CloseError => self.ui.error = None,
            AppCommand::Paste(text) => {
                if let Some(edit) = self.ui.canvas.paste(Some(&text)) {
                    self.apply_edit(edit);
                }
            }
            AppCommand::Answer((purpose, path)) => self.dialog_answer(ctx, purpose, path),
        }
    }

    /// Carries out a menu or shortcut action.
    pub fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        let ui = &mut self.ui;
        match action {
            Action::New => self.run_command(ctx, AppCommand::Guarded(Pending::New)),
            Action::Open => self.run_command(ctx, AppCommand::Guarded(Pending::Open)),
            Action::Save => self.save_then(ctx, None),
            Action::SaveAs => self.ask_save_path(None),
            Action::SaveAsTemplate => ui.template_name = Some(self.doc.display_name()),
            Action::ExportImage => ui.export = Some(ExportDialog::new(Format::Png, self.prefs.theme)),
            Action::Import => {
                let dir = folder_of(self.doc.path());
                self.dialogs.ask(Request { purpose: Purpose::Import, dir, name: String::new() });
            }
            Action::CopyMermaid => {
                ctx.copy_text(crate::file::mermaid::to_mermaid(self.doc.board()));
                ui.notices.post("Copied the board as a Mermaid flowchart", false);
            }
            Action::CopyImage => self.copy_image(ctx),
            Action::Quit => self.run_command(ctx, AppCommand::Guarded(Pending::Quit)),
            Action::Undo => {
                if self.doc.undo().is_none() {
                    ui.notices.post("Nothing to undo", false);
                }
                ui.canvas.prune_selection(&self.doc);
            }
            Action::Redo => {
                if self.doc.redo().is_none() {
                    ui.notices.post("Nothing to redo", false);
                }
                ui.canvas.prune_selection(&self.doc);
            }
            Action::Copy => self.copy(ctx),
            Action::Cut => {
                self.copy(ctx);
                if let Some(cmd) = self.ui.canvas.delete_selection(&self.doc) {
                    self.apply(cmd);
                }
            }
            Action::Paste => {
                if let Some(edit) = ui.canvas.paste(None) {
                    self.apply_edit(edit);
                }
            }
            Action::Duplicate => {
                if let Some(edit) = ui.canvas.duplicate(&self.doc) {
                    self.apply_edit(edit);
                }
            }
            Action::Delete => {
                if let Some(cmd) = ui.canvas.delete_selection(&self.doc) {
                    self.apply(cmd);
                }
            }
            Action::SelectAll => ui.canvas.select_all(&self.doc),
            Action::EditLabel => {
                if let Some(&id) = ui.canvas.selection.iter().next() {
                    ui.canvas.edit_label(&self.doc, LabelTarget::Node(id));
                } else if let Some(e) = ui.canvas.selected_edge {
                    ui.canvas.edit_label(&self.doc, LabelTarget::Edge(e));
                }
            }
            Action::Deselect => ui.canvas.cancel(),
            Action::NudgeLeft
            | Action::NudgeRight
            | Action::NudgeUp
            | Action::NudgeDown
            | Action::NudgeLeftFar
            | Action::NudgeRightFar
            | Action::NudgeUpFar
            | Action::NudgeDownFar => {
                if let Some(cmd) = ui.canvas.nudge(&self.doc, nudge_of(action)) {
                    self.apply(cmd);
                }
            }
            Action::AlignLeft
            | Action::AlignCenter
            | Action::AlignRight
            | Action::AlignTop
            | Action::AlignMiddle
            | Action::AlignBottom
            | Action::DistributeHorizontally
            | Action::DistributeVertically => {
                if let Some(how) = arrangement_of(action)
                    && let Some(cmd) = ui.canvas.arrange(&self.doc, how)
                {
                    self.apply(cmd);
                }
            }
            Action::BringToFront | Action::SendToBack => {
                if let Some(cmd) = ui.canvas.restack(&self.doc, action == Action::BringToFront) {
                    self.apply(cmd);
                }
            }
            Action::ToggleRoute => {
                if let Some(cmd) = ui.canvas.toggle_route(&self.doc) {
                    self.apply(cmd);
                }
            }
            Action::ZoomIn => ui.canvas.zoom_step(true),
            Action::ZoomOut => ui.canvas.zoom_step(false),
            Action::ZoomFit => ui.canvas.request_fit(),
            Action::ActualSize => ui.canvas.actual_size(),
            Action::ToggleGrid => {
                ui.canvas.show_grid = !ui.canvas.show_grid;
                self.prefs.grid = ui.canvas.show_grid;
            }
            Action::ToggleSnap => {
                ui.canvas.snap = !ui.canvas.snap;
                self.prefs.snap = ui.canvas.snap;
            }
            Action::StartPause => self.interview.start_or_pause(&mut self.doc),
            Action::NextStep => self.interview.next_step(&mut self.doc),
            Action::PrevStep => self.interview.previous_step(&mut self.doc),
            Action::Finish => self.finish(),
            Action::TogglePanel => ui.interview.open = !ui.interview.open,
            Action::Review => ui.review.window_open = true,
            Action::Progress => {
                self.load_practice_log();
                self.ui.progress.open = true;
            }
            Action::Find => ui.find.show_bar(),
            Action::CommandPalette => ui.commands.show_palette(),
            Action::KeyboardShortcuts => ui.shortcuts_open = !ui.shortcuts_open,
            Action::ToggleTheme => {
                self.prefs.theme = match self.prefs.theme {
                    ThemeKind::Light => ThemeKind::Dark,
                    ThemeKind::Dark => ThemeKind::Light,
                };
                self.apply_theme(ctx);
            }
        }
    }

    /// Selects what find found and zooms to it (at most 100%, so a single box is not blown up).
    fn reveal(&mut self, found: Found) {
        let board = self.doc.board();
        let Some(rect) = crate::ui::find::found_rect(board, found) else { return };
        let canvas = &mut self.ui.canvas;
        if let Some(view) = &mut canvas.view {
            view.fit(rect, 96.0);
        }
        canvas.selection.clear();
        canvas.selected_edge = None;
        match found {
            Found::Node(id) => {
                canvas.selection.insert(id);
            }
            Found::Edge(id) => canvas.selected_edge = Some(id),
        }
    }

    /// Applies a command to the board as one undo step; a refused one is reported.
    pub fn apply(&mut self, cmd: Command) {
        self.apply_edit(Edit::plain(cmd));
    }

    /// Applies a canvas edit, then lets the canvas select or label what it added.
    fn apply_edit(&mut self, edit: Edit) {
        match self.doc.apply(edit.cmd) {
            Ok(added) => self.ui.canvas.after_edit(&self.doc, &added, edit.then),
            Err(e) => {
                self.ui.notices.post(format!("That change could not be made: {e}"), true);
                self.ui.canvas.prune_selection(&self.doc);
            }
        }
    }

    /// Carries out what the side panel asked for.
    fn panel_event(&mut self, event: PanelEvent) {
        match event {
            PanelEvent::Command(cmd) => self.apply(cmd),
            PanelEvent::Start => self.interview.start(&mut self.doc),
            PanelEvent::Pause => self.interview.pause(&mut self.doc),
            PanelEvent::Switch(i) => self.interview.switch_to(&mut self.doc, i),
            PanelEvent::Reset => self.interview.reset(&mut self.doc),
            PanelEvent::Finish => self.finish(),
            PanelEvent::AddStageBox(i) => self.add_stage_box(i),
            PanelEvent::SetInterviewerMode(on) => self.doc.set_interviewer_mode(on),
            PanelEvent::Peek(step) => {
                self.interview.peek(&mut self.doc, &step);
            }
        }
    }

    /// Adds the stage box of step `i` (0-based): in the column of lanes when there is one, else
    /// in the middle of the view.
    fn add_stage_box(&mut self, i: usize) {
        let Ok(step) = u8::try_from(i + 1) else { return };
        let board = self.doc.board();
        let title = crate::practice::interview::stage_title(board, step);
        let spot = crate::practice::interview::stage_box_spot(board, step).map(|p| egui::pos2(p.x, p.y));
        let Some(at) = spot.or_else(|| self.ui.canvas.view.map(|v| v.center)) else { return };
        let edit = self.ui.canvas.new_node(crate::board::NodeKind::Stage(step), title, at);
        self.apply_edit(edit);
    }

    fn review_event(&mut self, event: ReviewEvent) {
        match event {
            ReviewEvent::Show(mode) => {
                if self.ui.review.reveal(self.doc.board()) {
                    self.ui.review.mode = mode;
                } else {
                    self.ui.notices.post("This board has no reference solution to compare with.", false);
                }
            }
            ReviewEvent::Replay => {
                if !self.ui.review.start_replay(self.doc.board()) {
                    self.ui.notices.post(
                        "There is nothing to replay: the clock was never started on this board.",
                        false,
                    );
                    self.ui.review.mode = ViewMode::Board;
                }
            }
            ReviewEvent::Rate(signal, level) => self.rate(signal, level),
            ReviewEvent::ExportCsv => self.dialogs.ask(Request {
                purpose: Purpose::ExportCsv,
                dir: None,
                name: "practice-log.csv".to_owned(),
            }),
        }
    }

    /// A file dialog answered: carry on with what it was asked for.
    fn dialog_answer(&mut self, ctx: &egui::Context, purpose: Purpose, path: Option<PathBuf>) {
        let Some(path) = path else { return };
        match purpose {
            Purpose::OpenBoard => self.open_path(&path),
            Purpose::SaveBoard { then } => {
                if self.save_to(&path)
                    && let Some(p) = then
                {
                    self.run_pending(ctx, p);
                }
            }
            Purpose::Export(format, opts) => self.export_to(format, &opts, &path),
            Purpose::Import => self.import_from(&path),
            Purpose::ExportCsv => self.export_csv_to(&path),
        }
    }

    /// Runs `pending` now (the user has decided about unsaved changes).
    pub(crate) fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::New => self.open_chooser(),
            Pending::Open => {
                let dir = folder_of(self.doc.path());
                self.dialogs.ask(Request { purpose: Purpose::OpenBoard, dir, name: String::new() });
            }
            Pending::OpenPath(p) => self.open_path(&p),
            Pending::Quit => {
                // The user saved or chose to drop the changes: no recovery copy is needed.
                self.keeper.discard_now();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn copy(&mut self, ctx: &egui::Context) {
        if let Some(text) = self.ui.canvas.copy(&self.doc) {
            ctx.copy_text(text);
        }
    }

    /// Whether an action can run now (for greying out menu entries).
    pub(crate) fn enabled(&self, action: Action) -> bool {
        let canvas = &self.ui.canvas;
        let has_sel = !canvas.selection.is_empty();
        match action {
            Action::Undo => self.doc.history().can_undo(),
            Action::Redo => self.doc.history().can_redo(),
            Action::Cut | Action::Copy | Action::Duplicate | Action::BringToFront | Action::SendToBack => {
                has_sel
            }
            Action::Delete | Action::EditLabel => has_sel || canvas.selected_edge.is_some(),
            Action::AlignLeft
            | Action::AlignCenter
            | Action::AlignRight
            | Action::AlignTop
            | Action::AlignMiddle
            | Action::AlignBottom => canvas.selection.len() >= 2,
            Action::DistributeHorizontally | Action::DistributeVertically => canvas.selection.len() >= 3,
            Action::ToggleRoute => canvas.selected_edge.is_some() || canvas.selection.len() >= 2,
            _ => true,
        }
    }

    /// Starts a new untitled board from a template.
    pub fn start_from_template(&mut self, t: &Template) {
        self.replace_doc(crate::board::Document::new(crate::content::templates::new_board(t), None));
        self.ui.canvas.request_fit_top();
    }
}

/// How far a nudge action moves the selection, in board units: one unit, or a grid step.
fn nudge_of(action: Action) -> egui::Vec2 {
    let g = crate::render::theme::GRID;
    match action {
        Action::NudgeLeft => egui::vec2(-1.0, 0.0),
        Action::NudgeRight => egui::vec2(1.0, 0.0),
        Action::NudgeUp => egui::vec2(0.0, -1.0),
        Action::NudgeDown => egui::vec2(0.0, 1.0),
        Action::NudgeLeftFar => egui::vec2(-g, 0.0),
        Action::NudgeRightFar => egui::vec2(g, 0.0),
        Action::NudgeUpFar => egui::vec2(0.0, -g),
        Action::NudgeDownFar => egui::vec2(0.0, g),
        _ => egui::Vec2::ZERO,
    }
}

/// The arrangement an align or distribute action asks for.
fn arrangement_of(action: Action) -> Option<Arrange> {
    Some(match action {
        Action::AlignLeft => Arrange::Left,
        Action::AlignCenter => Arrange::Center,
        Action::AlignRight => Arrange::Right,
        Action::AlignTop => Arrange::Top,
        Action::AlignMiddle => Arrange::Middle,
        Action::AlignBottom => Arrange::Bottom,
        Action::DistributeHorizontally => Arrange::SpreadX,
        Action::DistributeVertically => Arrange::SpreadY,
        _ => return None,
    })
}
