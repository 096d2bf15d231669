//! The app's file handling: opening, saving (asking before overwriting a file changed on disk),
//! exports, user templates, the practice log and recovery copies. Every failure is shown to the
//! user, and a failed save leaves the board open and unsaved.

use crate::board::Document;
use crate::content::templates;
use crate::file::format::{self, SaveError};
use crate::file::paths::Paths;
use crate::file::recovery::RecoveryStore;
use crate::practice::log;
use crate::render::export::ExportOptions;
use crate::render::formats::Format;
use crate::ui::app::MlsdApp;
use crate::ui::app_command::Pending;
use crate::ui::app_command::Purpose;
use crate::ui::file_dialogs::{Request, folder_of};
use crate::ui::modals::overwrite::ReplaceReason;
use crate::ui::modals::recovery::{Recovered, RecoveryChoice};
use std::path::Path;

/// "b.ron in /home/me/boards": the file name and the folder it is in, whatever way the path
/// was given (relative paths say nothing about where the file went).
fn where_saved(path: &Path) -> String {
    let name =
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
    format!("{name} in {}", folder.display())
}

/// A board title made safe as a file name.
pub fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == ' ' { c } else { '_' })
        .collect();
    let s = s.trim().to_owned();
    if s.is_empty() { "board".to_owned() } else { s }
}

impl MlsdApp {
    /// Opens the board at `path`, replacing the current one (the caller has asked about unsaved
    /// changes). A bad file leaves the current board as it was and says what is wrong.
    pub fn open_path(&mut self, path: &Path) {
        match format::load(path) {
            Ok(loaded) => {
                // A board read out of an exported PNG opens unsaved: Save asks where to keep it,
                // so the image is never overwritten with board text.
                let from_png = crate::file::png_board::is_png_file(path);
                self.replace_doc(Document::new(loaded.board, (!from_png).then(|| path.to_owned())));
                if from_png {
                    self.doc.mark_dirty();
                }
                self.prefs.add_recent(path);
                let notices = &mut self.ui.notices;
                if let Some(v) = loaded.migrated_from {
                    notices.post(
                        format!(
                            "{} was written in format version {v}; it will be saved in the current version",
                            path.display()
                        ),
                        false,
                    );
                }
                if !loaded.repairs.is_empty() {
                    notices.post(
                        format!("{}: repaired on opening: {}", path.display(), loaded.repairs.join("; ")),
                        true,
                    );
                    self.doc.mark_dirty();
                } else {
                    notices.post(format!("Opened {}", path.display()), false);
                }
            }
            Err(e) => self.ui.error = Some(format!("Could not open the board.\n\n{e}")),
        }
    }

    /// Save: to the board's file, or through the dialog for an untitled board; then go on with
    /// `then` once the board is saved.
    pub(crate) fn save_then(&mut self, ctx: &egui::Context, then: Option<Pending>) {
        match self.doc.path().map(Path::to_owned) {
            Some(p) => {
                if self.save_to(&p)
                    && let Some(then) = then
                {
                    self.run_pending(ctx, then);
                }
            }
            None => self.ask_save_path(then),
        }
    }

    /// Save As: asks for a path; the save happens when the dialog answers.
    pub(crate) fn ask_save_path(&mut self, then: Option<Pending>) {
        let dir = folder_of(self.doc.path());
        let name = format!("{}.ron", sanitize(&self.doc.display_name()));
        self.dialogs.ask(Request { purpose: Purpose::SaveBoard { then }, dir, name });
    }

    /// Saves to `path`; true when saved. A file changed on disk since it was opened here is not
    /// overwritten without asking. On failure the board stays open and unsaved, and the file on
    /// disk is untouched.
    pub fn save_to(&mut self, path: &Path) -> bool {
        if self.doc.path() == Some(path) && self.keeper.changed_on_disk(path) {
            self.ui.overwrite = Some((path.to_owned(), ReplaceReason::ChangedOnDisk));
            return false;
        }
        self.write_board(path, false)
    }

    /// Writes the board to `path`; a read-only file is replaced only when `replace_read_only`
    /// (else the user is asked). Warnings of a successful save (hard links that keep the old
    /// content) are shown.
    pub(crate) fn write_board(&mut self, path: &Path, replace_read_only: bool) -> bool {
        // Count the running step's time up to now, so the file holds it.
        self.interview.tick(&mut self.doc);
        if let Some(v) = self.ui.canvas.view {
            self.doc.set_view(v.to_view());
        }
        match format::save_board(path, self.doc.board(), replace_read_only) {
            Ok(written) => {
                self.doc.mark_saved(path.to_owned());
                self.keeper.saved(&self.doc, path);
                self.prefs.add_recent(path);
                self.ui.notices.post(format!("Saved {}", where_saved(&written.path)), false);
                for w in written.warnings {
                    self.ui.notices.post(w, true);
                }
                true
            }
            Err(SaveError::ReadOnly(_)) => {
                self.ui.overwrite = Some((path.to_owned(), ReplaceReason::ReadOnly));
                false
            }
            Err(e) => {
                self.ui.error =
                    Some(format!("The board was not saved; it is still open here.\n\n{}", e.file_error()));
                false
            }
        }
    }

    /// Exports the board in `format` to `path`, with the one renderer for the drawn formats.
    /// Never over the board's own file or anything but a regular file (the dialog has already
    /// asked about replacing a file).
    pub(crate) fn export_to(&mut self, format: Format, opts: &ExportOptions, path: &Path) {
        let sources: Vec<&Path> = self.doc.path().into_iter().collect();
        if let Err(e) = crate::file::output::check_export_target(path, &sources, format.target(), true) {
            self.ui.error = Some(format!("The board was not exported.\n\n{e}"));
            return;
        }
        match crate::render::formats::export_file(self.doc.board(), format, opts, path) {
            Ok(made) => {
                self.ui.notices.post(format!("Exported {} ({})", where_saved(path), made.what), false)
            }
            Err(e) => self.ui.error = Some(format!("The board was not exported.\n\n{e}")),
        }
    }

    /// Opens an Excalidraw scene as a new, unsaved board; says what could not be brought over.
    pub(crate) fn import_from(&mut self, path: &Path) {
        match crate::render::interop::import_excalidraw(path) {
            Ok(imported) => {
                let mut doc = Document::new(imported.board, None);
                doc.mark_dirty();
                self.replace_doc(doc);
                self.ui.canvas.request_fit();
                self.ui.notices.post(format!("Imported {}", path.display()), false);
                if !imported.skipped.is_empty() {
                    self.ui.notices.post(format!("Not imported: {}", imported.skipped.join(", ")), true);
                }
            }
            Err(e) => self.ui.error = Some(format!("Could not import the drawing.\n\n{e}")),
        }
    }

    /// Puts the board on the clipboard as an image (drawn as a PNG export at 1×).
    pub(crate) fn copy_image(&mut self, ctx: &egui::Context) {
        let opts = ExportOptions { theme: self.prefs.theme, ..Default::default() };
        match crate::render::export::render_board(self.doc.board(), &opts) {
            Ok(img) => {
                let size = [img.width() as usize, img.height() as usize];
                ctx.copy_image(egui::ColorImage::from_rgba_unmultiplied(size, img.as_raw()));
                self.ui
                    .notices
                    .post(format!("Copied the board as an image ({}×{} px)", size[0], size[1]), false);
            }
            Err(e) => self.ui.error = Some(format!("The board could not be copied as an image.\n\n{e}")),
        }
    }

    /// Writes the practice log as CSV to `path`.
    pub(crate) fn export_csv_to(&mut self, path: &Path) {
        let csv = log::to_csv(&self.ui.progress.log);
        match format::write_atomic(path, csv.as_bytes()) {
            Ok(()) => self.ui.notices.post(format!("Exported {}", path.display()), false),
            Err(e) => self.ui.error = Some(format!("The practice log was not exported.\n\n{e}")),
        }
    }

    /// Saves the board as a user template named `name` (File → Save as template, once the name
    /// is given); a template of that name already there is kept, the new one gets a number.
    pub(crate) fn save_as_template(&mut self, name: &str) {
        let Some(dir) = self.paths.as_ref().map(Paths::templates_dir) else {
            self.ui.error =
                Some("There is no folder for user templates (no home folder was found).".to_owned());
            return;
        };
        let base = templates::slug(name);
        let id = (1..1000)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|id| !dir.join(format!("{id}.ron")).exists())
            .unwrap_or(base);
        let mut t = templates::from_board(self.doc.board(), &id);
        t.title = name.to_owned();
        match crate::file::user_templates::save_user_template(&dir, &t) {
            Ok(p) => self.ui.notices.post(format!("Saved as template \"{name}\" ({})", p.display()), false),
            Err(e) => self.ui.error = Some(format!("The template was not saved.\n\n{e}")),
        }
    }

    /// Shows the new-board chooser with the templates as they are on disk now.
    pub fn open_chooser(&mut self) {
        let dir = self.paths.as_ref().map(Paths::templates_dir);
        self.ui.chooser.show_with(crate::file::user_templates::all(dir.as_deref()));
        // The Due list, and "Surprise me" favouring due cases, then cases not practised
        // recently; sessions shorter than a minute are not practice and count for neither.
        self.load_practice_log();
        let now = self.interview.date_secs();
        let practice: Vec<_> = self.ui.progress.log.iter().filter(|r| log::is_practice(r)).cloned().collect();
        self.ui.chooser.due = crate::practice::schedule::due(&practice, now);
        self.ui.chooser.now_secs = now;
        self.ui.chooser.weights =
            crate::practice::schedule::surprise_weights(&practice, &self.ui.chooser.case_ids(), now);
    }

    /// Loads the practice log for the progress window and "Surprise me".
    pub(crate) fn load_practice_log(&mut self) {
        let Some(paths) = &self.paths else { return };
        let loaded = log::load(&log::log_path(paths));
        if let Some(problem) = &loaded.problem {
            self.ui.notices.post(problem.clone(), true);
        }
        self.ui.progress.log = loaded.records;
        self.ui.progress.skipped = loaded.skipped_lines;
    }

    /// Finish: the engine records the summary and the review in the board, the session goes into
    /// the practice log, and the review window opens.
    pub fn finish(&mut self) {
        let record = self.interview.finish(&mut self.doc, self.interview.date_secs());
        if let Some(paths) = &self.paths
            && let Err(e) = log::append(&log::log_path(paths), &record)
        {
            self.ui.notices.post(format!("The session could not be added to the practice log: {e}"), true);
        }
        self.ui.review.window_open = true;
    }

    /// The user rates a signal of the rubric: the rating goes into the session and, once the
    /// session is in the practice log, amends its record there (Progress and the Due list read
    /// it from the log).
    pub fn rate(&mut self, signal: crate::board::record::Signal, level: u8) {
        self.doc.set_rating(signal, level);
        let Some(paths) = &self.paths else { return };
        match log::amend_ratings(&log::log_path(paths), self.doc.board()) {
            Ok(true) => self.load_practice_log(),
            Ok(false) => {}
            Err(e) => {
                self.ui.notices.post(format!("The rating could not be added to the practice log: {e}"), true)
            }
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
        self.interview.leave(&mut self.doc);
        self.keeper.switch_to(&doc, recovery_id, false);
        self.doc = doc;
        self.ui.forget_board();
    }

    /// Starts keeping recovery copies in the data folder, and lists the boards a crash left
    /// there (offered in a dialog).
    pub fn enable_recovery(&mut self) {
        let Some(paths) = &self.paths else { return };
        let store = RecoveryStore::in_data_dir(paths);
        // Leftover temporary files of crashed writers, older than a minute.
        store.tidy(std::time::Duration::from_secs(60));
        self.ui.recovered.clear();
        for entry in store.list() {
            match entry {
                Ok(e) if !e.in_use => {
                    let original = e.original_state();
                    self.ui.recovered.push(Recovered { entry: e, original });
                }
                Ok(_) => {}
                Err(b) => self.ui.notices.post(format!("A recovery copy cannot be used: {b}"), true),
            }
        }
        self.keeper = crate::file::autosave::Keeper::new(Some(store));
        self.keeper.switch_to(&self.doc, None, true);
    }

    /// Restores or discards entry `i` of the recovery dialog.
    pub(crate) fn recovery_choice(&mut self, i: usize, choice: RecoveryChoice) {
        if i >= self.ui.recovered.len() {
            return;
        }
        let entry = self.ui.recovered.remove(i).entry;
        let Some(store) = self.keeper.store().cloned() else { return };
        if choice == RecoveryChoice::Discard {
            if let Err(e) = store.remove(&entry.id) {
                self.ui.error = Some(format!("The recovery copy could not be removed.\n\n{e}"));
            }
            return;
        }
        match store.load(&entry) {
            Ok(board) => {
                let mut doc = Document::new(board, entry.original_path.clone());
                doc.mark_dirty();
                self.ui.chooser.open = false;
                self.replace_doc_keeping(doc, Some(entry.id.clone()));
                // Saving compares the board's file with what it was before the crash, so a file
                // another program changed since is not overwritten without asking.
                self.keeper.restored(&entry);
                self.ui.notices.post("Restored the board from its recovery copy; save it to keep it.", false);
                if !self.ui.recovered.is_empty() {
                    self.ui.notices.post(
                        "The other recovered boards are offered again the next time mlsd-board starts.",
                        false,
                    );
                    self.ui.recovered.clear();
                }
            }
            Err(e) => self.ui.error = Some(format!("The recovery copy could not be opened.\n\n{e}")),
        }
    }
}
