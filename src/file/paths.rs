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
