//! File dialogs behind a small trait, so tests can supply paths without a desktop.

use std::path::{Path, PathBuf};

/// Asks the user for file paths.
pub trait FileDialogs {
    /// A board file to open.
    fn open_board(&mut self, dir: Option<&Path>) -> Option<PathBuf>;
    /// Where to save a board, suggesting `name`.
    fn save_board(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf>;
    /// Where to export a PNG image, suggesting `name`.
    fn save_png(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf>;
    /// Where to export a CSV file, suggesting `name`.
    fn save_csv(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf>;
}

/// The desktop's own dialogs, through rfd.
#[derive(Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_board(&mut self, dir: Option<&Path>) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new()
            .add_filter("mlsd-board board", &["ron", "png"])
            .add_filter("All files", &["*"]);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        d.pick_file()
    }

    fn save_board(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().add_filter("mlsd-board board", &["ron"]).set_file_name(name);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        d.save_file().map(|p| if p.extension().is_none() { p.with_extension("ron") } else { p })
    }

    fn save_png(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().add_filter("PNG image", &["png"]).set_file_name(name);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        d.save_file().map(|p| if p.extension().is_none() { p.with_extension("png") } else { p })
    }

    fn save_csv(&mut self, dir: Option<&Path>, name: &str) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().add_filter("CSV", &["csv"]).set_file_name(name);
        if let Some(dir) = dir {
            d = d.set_directory(dir);
        }
        d.save_file().map(|p| if p.extension().is_none() { p.with_extension("csv") } else { p })
    }
}

/// Dialogs that answer from a queue of prepared paths: for tests and scripted runs.
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
}

impl FileDialogs for ScriptedDialogs {
    fn open_board(&mut self, _dir: Option<&Path>) -> Option<PathBuf> {
        self.open.pop_front().flatten()
    }

    fn save_board(&mut self, _dir: Option<&Path>, _name: &str) -> Option<PathBuf> {
        self.save.pop_front().flatten()
    }

    fn save_png(&mut self, _dir: Option<&Path>, _name: &str) -> Option<PathBuf> {
        self.png.pop_front().flatten()
    }

    fn save_csv(&mut self, _dir: Option<&Path>, _name: &str) -> Option<PathBuf> {
        self.csv.pop_front().flatten()
    }
}
