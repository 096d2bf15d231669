//! File dialogs behind a small trait, so tests can supply paths without a desktop.
//!
//! A dialog is asked for with [`FileDialogs::ask`] and answers through [`FileDialogs::poll`],
//! which the app calls every frame: the desktop's own dialog answers at once (it blocks while it
//! is open), a dialog drawn inside the window answers a later frame. Either way the answer comes
//! back with the [`Purpose`] it was asked for, so the app knows what to do with the path.

use crate::ui::app_command::{Answer, Purpose};
use std::path::{Path, PathBuf};

impl Purpose {
    /// The file kind this purpose asks for.
    pub fn kind(&self) -> FileKind {
        match self {
            Self::OpenBoard => FileKind::OpenBoard,
            Self::SaveBoard { .. } => FileKind::SaveBoard,
            Self::ExportImage(_) => FileKind::SavePng,
            Self::ExportCsv => FileKind::SaveCsv,
        }
    }
}

/// The kinds of file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Open a board file.
    OpenBoard,
    /// Save a board file.
    SaveBoard,
    /// Save a PNG image.
    SavePng,
    /// Save a CSV file.
    SaveCsv,
}

impl FileKind {
    /// The dialog's filter name and the file ending it adds to a name typed without one.
    pub fn filter(self) -> (&'static str, &'static str) {
        match self {
            Self::OpenBoard | Self::SaveBoard => ("mlsd-board board", "ron"),
            Self::SavePng => ("PNG image", "png"),
            Self::SaveCsv => ("CSV", "csv"),
        }
    }
}

/// One question to ask.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// What the path is for.
    pub purpose: Purpose,
    /// The folder to start in.
    pub dir: Option<PathBuf>,
    /// The file name to suggest (save dialogs).
    pub name: String,
}

/// Asks the user for file paths.
pub trait FileDialogs {
    /// Asks for a path; the answer comes from [`FileDialogs::poll`]. A new question replaces one
    /// not answered yet.
    fn ask(&mut self, request: Request);
    /// The answer, once there is one. Called every frame; a dialog drawn in the window shows
    /// itself here.
    fn poll(&mut self, ctx: &egui::Context) -> Option<Answer>;
    /// Whether a question waits for its answer.
    fn is_asking(&self) -> bool;
}

/// Adds the kind's file ending to a path typed without one.
fn with_ending(p: PathBuf, kind: FileKind) -> PathBuf {
    if kind == FileKind::OpenBoard || p.extension().is_some() { p } else { p.with_extension(kind.filter().1) }
}

/// The desktop's own dialogs, through rfd.
#[derive(Debug, Default)]
pub struct NativeDialogs {
    pending: Option<Request>,
}

impl NativeDialogs {
    fn run(request: &Request) -> Option<PathBuf> {
        let kind = request.purpose.kind();
        let (filter, ending) = kind.filter();
        // A PNG exported by mlsd-board opens as the board it carries.
        let endings: &[&str] = if kind == FileKind::OpenBoard { &[ending, "png"] } else { &[ending] };
        let mut d = rfd::FileDialog::new().add_filter(filter, endings);
        if let Some(dir) = request.dir.as_deref().filter(|d| d.is_dir()) {
            d = d.set_directory(dir);
        }
        match kind {
            FileKind::OpenBoard => d.add_filter("All files", &["*"]).pick_file(),
            _ => d.set_file_name(request.name.as_str()).save_file().map(|p| with_ending(p, kind)),
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, request: Request) {
        self.pending = Some(request);
    }

    fn poll(&mut self, _ctx: &egui::Context) -> Option<Answer> {
        let request = self.pending.take()?;
        let path = Self::run(&request);
        Some((request.purpose, path))
    }

    fn is_asking(&self) -> bool {
        self.pending.is_some()
    }
}

/// Dialogs that answer from queues of prepared paths, one queue per kind: for tests and scripted
/// runs. An empty queue answers Cancel.
#[derive(Debug, Default)]
pub struct ScriptedDialogs {
    /// Answers to "open", first first; `None` stands for Cancel.
    pub open: std::collections::VecDeque<Option<PathBuf>>,
    /// Answers to "save", first first; `None` stands for Cancel.
    pub save: std::collections::VecDeque<Option<PathBuf>>,
    /// Answers to "export PNG", first first; `None` stands for Cancel.
    pub png: std::collections::VecDeque<Option<PathBuf>>,
    /// Answers to "export CSV", first first; `None` stands for Cancel.
    pub csv: std::collections::VecDeque<Option<PathBuf>>,
    /// The question asked and not answered yet (answered at the next poll).
    pub pending: Option<Request>,
}

impl FileDialogs for ScriptedDialogs {
    fn ask(&mut self, request: Request) {
        self.pending = Some(request);
    }

    fn poll(&mut self, _ctx: &egui::Context) -> Option<Answer> {
        let request = self.pending.take()?;
        let queue = match request.purpose.kind() {
            FileKind::OpenBoard => &mut self.open,
            FileKind::SaveBoard => &mut self.save,
            FileKind::SavePng => &mut self.png,
            FileKind::SaveCsv => &mut self.csv,
        };
        let path = queue.pop_front().flatten();
        Some((request.purpose, path))
    }

    fn is_asking(&self) -> bool {
        self.pending.is_some()
    }
}

/// The folder of `path`, to start a dialog in.
pub fn folder_of(path: Option<&Path>) -> Option<PathBuf> {
    path.and_then(Path::parent).filter(|d| !d.as_os_str().is_empty()).map(Path::to_owned)
}
