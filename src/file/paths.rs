//! Where mlsd-board keeps its own files: user templates (config folder) and recovery copies and
//! the practice log (data folder). Found with the `directories` crate; `MLSD_BOARD_HOME`
//! overrides both (for tests and portable installs).

use std::path::PathBuf;

/// The app's folders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// Configuration: user templates live in `templates/` under it.
    pub config_dir: PathBuf,
    /// Data: recovery copies and the practice log.
    pub data_dir: PathBuf,
}

impl Paths {
    /// The folders for this user: `MLSD_BOARD_HOME/{config,data}` when that variable is set,
    /// else the platform's (on Linux `~/.config/mlsd-board` and `~/.local/share/mlsd-board`).
    /// `None` when no home folder can be found.
    pub fn from_env() -> Option<Self> {
        if let Some(home) = std::env::var_os("MLSD_BOARD_HOME").filter(|h| !h.is_empty()) {
            return Some(Self::under(PathBuf::from(home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "mlsd-board")?;
        Some(Self { config_dir: dirs.config_dir().to_owned(), data_dir: dirs.data_dir().to_owned() })
    }

    /// Both folders under one root (`root/config`, `root/data`).
    pub fn under(root: PathBuf) -> Self {
        Self { config_dir: root.join("config"), data_dir: root.join("data") }
    }

    /// The folder of user templates.
    pub fn templates_dir(&self) -> PathBuf {
        self.config_dir.join("templates")
    }
}

/// `path` made absolute and canonical (symbolic links, `.` and `..` resolved), so that it names
/// the same file from any working folder. A file that does not exist (yet, or any more) gets its
/// folder canonicalized and its name kept; when even the folder is gone, the path is only made
/// absolute (joined to the current folder).
pub fn canonical(path: &std::path::Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => match std::fs::canonicalize(dir) {
            Ok(dir) => dir.join(name),
            Err(_) => absolute,
        },
        _ => absolute,
    }
}
