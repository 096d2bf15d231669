//! File dialogs behind a small trait, so tests can supply paths without a desktop.
//!
//! A dialog is asked for with [`FileDialogs::ask`] and answers through [`FileDialogs::poll`],
//! which the app calls every frame: the desktop's own dialog answers at once (it blocks while it
//! is open), a dialog drawn inside the window answers a later frame. Either way the answer comes
//! back with the [`Purpose`] it was asked for, so the app knows what to do with the path.

use crate::render::formats::Format;
use crate::ui::app_command::{Answer, Purpose};
use std::path::{Path, PathBuf};

impl Purpose {
    /// The file kind this purpose asks for.
    pub fn kind(&self) -> FileKind {
        match self {
            Self::OpenBoard => FileKind::OpenBoard,
            Self::SaveBoard { .. } => FileKind::SaveBoard,
            Self::Export(format, _) => FileKind::Export(*format),
            Self::Import => FileKind::OpenExcalidraw,
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
    /// Save an export in this format.
    Export(Format),
    /// Open an Excalidraw scene.
    OpenExcalidraw,
    /// Save a CSV file.
    SaveCsv,
}

impl FileKind {
    /// Whether the dialog picks an existing file (rather than a place to write one).
    pub fn is_open(self) -> bool {
        matches!(self, Self::OpenBoard | Self::OpenExcalidraw)
    }

    /// The dialog's filter name and the file ending it adds to a name typed without one.
    pub fn filter(self) -> (&'static str, &'static str) {
        match self {
            Self::OpenBoard | Self::SaveBoard => ("mlsd-board board", "ron"),
            Self::Export(f) => (f.name(), f.extension()),
            Self::OpenExcalidraw => ("Excalidraw scene", "excalidraw"),
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
    /// Something the user should be told about the dialogs (e.g. that the desktop has none and
    /// the app's own is used), once.
    fn take_notice(&mut self) -> Option<String> {
        None
    }
}

/// Adds the kind's file ending to a path typed without one.
fn with_ending(p: PathBuf, kind: FileKind) -> PathBuf {
    if kind.is_open() || p.extension().is_some() { p } else { p.with_extension(kind.filter().1) }
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
            FileKind::OpenBoard | FileKind::OpenExcalidraw => d.add_filter("All files", &["*"]).pick_file(),
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
    /// Answers to "export" (any format), first first; `None` stands for Cancel.
    pub export: std::collections::VecDeque<Option<PathBuf>>,
    /// Answers to "import", first first; `None` stands for Cancel.
    pub import: std::collections::VecDeque<Option<PathBuf>>,
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
            FileKind::Export(_) => &mut self.export,
            FileKind::OpenExcalidraw => &mut self.import,
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

/// Whether the desktop can show its own file dialog: rfd asks the desktop portal over D-Bus
/// (`org.freedesktop.portal.Desktop`, running or startable) and falls back to `zenity`. Without
/// either (a minimal window manager, a bare X session) its dialogs return "cancelled" at once, so
/// the app must draw its own instead.
pub fn native_dialogs_available() -> bool {
    if cfg!(not(target_os = "linux")) {
        return true;
    }
    zenity_on_path() || portal_on_session_bus()
}

fn zenity_on_path() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("zenity").is_file()))
}

#[cfg(target_os = "linux")]
fn portal_on_session_bus() -> bool {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let Ok(conn) = zbus::blocking::Connection::session() else { return false };
    let Ok(bus) = zbus::blocking::fdo::DBusProxy::new(&conn) else { return false };
    let Ok(name) = zbus::names::BusName::try_from(PORTAL) else { return false };
    if bus.name_has_owner(name).unwrap_or(false) {
        return true;
    }
    bus.list_activatable_names().is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
}

#[cfg(not(target_os = "linux"))]
fn portal_on_session_bus() -> bool {
    true
}

/// A file dialog drawn inside the window (the `egui_file` crate), for desktops without a
/// native one: folders to browse, a file name field, confirmation before replacing a file, and
/// the folders used recently.
#[derive(Default)]
pub struct InAppDialogs {
    /// The question being answered and its dialog.
    open: Option<(Request, egui_file::FileDialog)>,
    /// A chosen file that exists, waiting for "Replace it?".
    confirm: Option<(Request, PathBuf)>,
    /// Folders used recently, newest first.
    recent: Vec<PathBuf>,
}

impl std::fmt::Debug for InAppDialogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppDialogs").field("recent", &self.recent).finish()
    }
}

/// How many recent folders the in-window dialog offers.
const RECENT_FOLDERS: usize = 6;

impl InAppDialogs {
    /// In-window dialogs that offer these folders as recent ones.
    pub fn with_recent(recent: Vec<PathBuf>) -> Self {
        let mut d = Self::default();
        for f in recent.into_iter().rev() {
            d.remember(f);
        }
        d
    }

    fn remember(&mut self, folder: PathBuf) {
        self.recent.retain(|f| *f != folder);
        self.recent.insert(0, folder);
        self.recent.truncate(RECENT_FOLDERS);
    }

    fn dialog(request: &Request, folder: Option<&Path>) -> egui_file::FileDialog {
        let kind = request.purpose.kind();
        let (what, ending) = kind.filter();
        let start = folder
            .map(Path::to_owned)
            .or_else(|| request.dir.clone())
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let mut d = if kind.is_open() {
            let endings: Vec<String> = if kind == FileKind::OpenBoard {
                vec![ending.into(), "png".into()]
            } else {
                vec![ending.into()]
            };
            egui_file::FileDialog::open_file().title(&format!("Open — {what}")).show_files_filter(Box::new(
                move |p: &Path| {
                    p.extension().and_then(|e| e.to_str()).is_some_and(|e| endings.iter().any(|x| x == e))
                },
            ))
        } else {
            egui_file::FileDialog::save_file()
                .title(&format!("Save — {what}"))
                .default_filename(&request.name)
        };
        d = d.initial_path(start).id(egui::Id::unique("mlsd-in-app-file-dialog")).keep_on_top(true);
        d.open();
        d
    }
}

impl FileDialogs for InAppDialogs {
    fn ask(&mut self, request: Request) {
        self.confirm = None;
        let dialog = Self::dialog(&request, None);
        self.open = Some((request, dialog));
    }

    fn poll(&mut self, ctx: &egui::Context) -> Option<Answer> {
        if let Some((request, path)) = self.confirm.take() {
            match crate::ui::modals::overwrite::replace_file(ctx, &path) {
                None => self.confirm = Some((request, path)),
                Some(true) => return Some((request.purpose, Some(path))),
                Some(false) => {
                    // Back to the dialog, in the same folder.
                    let dialog = Self::dialog(&request, path.parent());
                    self.open = Some((request, dialog));
                }
            }
            return None;
        }
        let (request, mut dialog) = self.open.take()?;
        let mut jump = None;
        if !self.recent.is_empty() {
            egui::Window::new("Recent folders")
                .id(egui::Id::unique("mlsd-in-app-recent-folders"))
                .anchor(egui::Align2::LEFT_TOP, egui::vec2(16.0, 48.0))
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    for f in &self.recent {
                        let name = f
                            .file_name()
                            .map_or_else(|| f.display().to_string(), |n| n.to_string_lossy().into_owned());
                        if ui.button(name).on_hover_text(f.display().to_string()).clicked() {
                            jump = Some(f.clone());
                        }
                    }
                });
        }
        if let Some(folder) = jump {
            let dialog = Self::dialog(&request, Some(&folder));
            self.open = Some((request, dialog));
            return None;
        }
        dialog.show(ctx);
        match dialog.state() {
            egui_file::State::Open => {
                self.open = Some((request, dialog));
                None
            }
            egui_file::State::Selected => {
                let kind = request.purpose.kind();
                let Some(path) = dialog.path().map(|p| with_ending(p.to_owned(), kind)) else {
                    return Some((request.purpose, None));
                };
                if let Some(folder) = path.parent() {
                    self.remember(folder.to_owned());
                }
                if !kind.is_open() && path.exists() {
                    self.confirm = Some((request, path));
                    return None;
                }
                Some((request.purpose, Some(path)))
            }
            egui_file::State::Cancelled | egui_file::State::Closed => Some((request.purpose, None)),
        }
    }

    fn is_asking(&self) -> bool {
        self.open.is_some() || self.confirm.is_some()
    }
}

/// The dialogs the app uses: the desktop's own where it has one, else the in-window ones. The
/// choice is made at the first question (asking D-Bus costs a little), and the user is told once
/// when the in-window dialog stands in.
#[derive(Debug, Default)]
pub struct SystemDialogs {
    native: NativeDialogs,
    in_app: InAppDialogs,
    /// Whether the desktop has its own dialogs; `None` until first needed.
    has_native: Option<bool>,
    /// A notice for the user, not yet taken.
    notice: Option<String>,
}

impl SystemDialogs {
    /// Dialogs that offer these folders as recent ones when drawn in the window.
    pub fn with_recent(recent: Vec<PathBuf>) -> Self {
        Self { in_app: InAppDialogs::with_recent(recent), ..Self::default() }
    }
}

impl FileDialogs for SystemDialogs {
    fn ask(&mut self, request: Request) {
        let native = *self.has_native.get_or_insert_with(|| {
            let yes = native_dialogs_available();
            if !yes {
                self.notice = Some(
                    "This desktop has no file dialog service (no desktop portal, no zenity): using mlsd-board's own.".to_owned(),
                );
            }
            yes
        });
        if native { self.native.ask(request) } else { self.in_app.ask(request) }
    }

    fn poll(&mut self, ctx: &egui::Context) -> Option<Answer> {
        self.native.poll(ctx).or_else(|| self.in_app.poll(ctx))
    }

    fn is_asking(&self) -> bool {
        self.native.is_asking() || self.in_app.is_asking()
    }

    fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }
}
